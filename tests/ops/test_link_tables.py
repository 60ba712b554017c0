"""On SQLite an incident's link tables are WITHOUT ROWID tables (migration ops_0003), their rows
kept through the rebuild, both ways."""

from __future__ import annotations

from alembic import command

from server.clock import SystemClock
from server.db import Database
from server.identity.service import get_or_create_user
from server.ids import USER
from server.migrate import alembic_config, upgrade
from server.migrations.versions.ops_0003_link_tables_without_rowid import TABLES
from server.ops import incidents


def _without_rowid(db: Database) -> dict[str, bool]:
    with db.engine.connect() as connection:
        return {table: connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar_one()
            .rstrip().endswith("WITHOUT ROWID") for table in TABLES}


def _owners(db: Database) -> list[tuple[int, int, int]]:
    with db.engine.connect() as connection:
        return [tuple(r) for r in connection.exec_driver_sql(
            "SELECT incident_id, user_id, position FROM incident_owners ORDER BY incident_id, position")]


def _migrate(db: Database, action, revision: str) -> None:  # type: ignore[no-untyped-def]
    with db.engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        action(config, revision)
        connection.commit()


def test_link_tables_are_rebuilt_without_rowid_and_back_keeping_their_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path}/links.db")
    try:
        upgrade(db)
        assert _without_rowid(db) == {table: True for table in TABLES}
        clock = SystemClock()

        def create(tx):  # type: ignore[no-untyped-def]
            owners = [USER.don(get_or_create_user(tx, clock, name).id) for name in ("ann", "bob")]
            for title in ("one", "two"):
                incidents.create_incident(tx, clock, 1, incidents.NewIncident(title=title, owned_by=owners))

        db.run(create, write=True)
        rows = _owners(db)
        assert len(rows) == 4

        _migrate(db, command.downgrade, "ops_0002")
        assert _without_rowid(db) == {table: False for table in TABLES}
        assert _owners(db) == rows
        _migrate(db, command.upgrade, "heads")
        assert _without_rowid(db) == {table: True for table in TABLES}
        assert _owners(db) == rows
        with db.engine.connect() as connection:  # the secondary index came back with the table
            assert connection.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE name = 'ix_incident_owners_user_id_incident_id'").scalar_one()
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    finally:
        db.dispose()
