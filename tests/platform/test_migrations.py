"""The migrations make the schema the models declare: every table, column, index and constraint
of ``server`` models, on both databases (a model changed without its migration fails here)."""

from __future__ import annotations

import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from server.db import Base


def test_the_migrations_make_the_schema_the_models_declare(server) -> None:  # type: ignore[no-untyped-def]
    def differences(tx):  # type: ignore[no-untyped-def]
        with warnings.catch_warnings():
            # Expression indexes (variables' text prefix) cannot be reflected: alembic skips them.
            warnings.simplefilter("ignore")
            return compare_metadata(MigrationContext.configure(tx.connection()), Base.metadata)

    assert server.db.run(differences, write=False) == []


def test_the_migrations_make_every_index_the_models_declare(server) -> None:  # type: ignore[no-untyped-def]
    """By name, expression indexes included (the comparison above skips those): a migration
    that copies a table on SQLite (batch mode) would drop them."""
    def names(tx):  # type: ignore[no-untyped-def]
        if tx.get_bind().dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'index'"
        else:
            query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
        return {name for (name,) in tx.execute(text(query))}

    declared = {index.name for table in Base.metadata.tables.values() for index in table.indexes}
    made = server.db.run(names, write=False)
    assert declared - made == set()
    assert {name for name in made if name.startswith("ix_")} - declared == set()
