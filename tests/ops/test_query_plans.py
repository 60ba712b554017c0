"""ListIncidents stays indexed on SQLite once statistics exist, also for the dates most incidents
leave unset, whose indexes hold the set values only (ops_0002). Plans, not timings: every
statement a call runs is explained: none sorts, the set values are read through their index and
the unset rows in id order (most rows are unset, so a page of them is found after a few)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import event, insert, select

from server.clock import SystemClock
from server.db import Database
from server.identity.service import get_or_create_user
from server.migrate import upgrade
from server.ops import query
from server.ops.models import CustomStage, Incident


def _seed(db: Database) -> None:
    now = datetime.now(timezone.utc)

    def seed(tx) -> None:  # type: ignore[no-untyped-def]
        user = get_or_create_user(tx, SystemClock(), "planner").id
        stage = tx.scalar(select(CustomStage.id).where(CustomStage.name == "triage"))
        tx.execute(insert(Incident), [
            {"title": f"incident {n}", "body": "", "stage_id": stage, "created_by_id": user, "created_date": now,
             "modified_by_id": user, "modified_date": now, "version": 1,
             "target_close_date": now + timedelta(hours=n) if n % 50 == 0 else None}
            for n in range(3000)])

    db.run(seed, write=True)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def test_date_sorts_and_filters_use_the_set_value_indexes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path}/plans.db")
    statements: list[str] = []

    @event.listens_for(db.engine, "connect")
    def trace(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.set_trace_callback(statements.append)

    try:
        upgrade(db)
        db.engine.dispose()  # connections opened from here on are traced
        _seed(db)
        requests = [
            {"sort_by": ["target_close_date:asc"]},
            {"sort_by": ["target_close_date:desc"]},
            {"sort_by": ["target_close_date:asc"], "limit": 100},  # runs into the unset rows
            {"filt": query.IncidentFilter(dates={"target_close_date": query.DateFilter(
                after=datetime.now(timezone.utc) + timedelta(days=30))}), "sort_by": ["target_close_date:desc"]},
        ]
        for request in requests:
            statements.clear()
            page = db.run(lambda tx: query.list_incidents(
                tx, SystemClock(), request.pop("filt", query.IncidentFilter()), **request), write=False)
            assert page.views, request
            selects = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "FROM incidents" in s]
            assert selects, statements
            with db.engine.connect() as connection:
                for sql in selects:
                    plan = " | ".join(str(r[-1]) for r in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
                    assert "TEMP B-TREE" not in plan, (sql, plan)
                    if "target_close_date IS NULL" in sql:  # the unset rows: in id order, until the page is full
                        assert plan == "SCAN incidents" or "USING INDEX" in plan, (sql, plan)
                    elif "ORDER BY incidents.target_close_date" in sql or "target_close_date >=" in sql:
                        assert "INDEX ix_incidents_target_close_date_id" in plan, (sql, plan)
                    else:  # the page's incidents, by id
                        assert plan.startswith("SEARCH incidents"), (sql, plan)
    finally:
        db.dispose()
