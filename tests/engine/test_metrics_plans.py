"""MetricsService reads each metric through an index on its time column (migration metrics_0001;
the decision history's evaluation time has its own since decisions_0002): a window of an hour
reads that hour's rows, not the table. Plans, not timings: on SQLite once statistics exist
(ANALYZE), on PostgreSQL with sequential scans priced out (the planner must find an index that
serves the query, or it scans anyway)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import pytest
from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from server.db import Database
from server.engine import metrics
from server.engine.dmn.models import HistoricDecisionInstance
from server.engine.models import (
    Deployment,
    HistoricActivityInstance,
    HistoricIdentityLinkLog,
    HistoricJobLog,
    ProcessDefinition,
    ProcessInstance,
)
from server.identity.service import Caller
from server.migrate import upgrade
from tests.conftest import BACKENDS, database_url

ADMIN = Caller(user_id=1, user_name="admin", token_id=1, tenants=frozenset(), is_admin=True)
TENANT = Caller(user_id=2, user_name="acme", token_id=2, tenants=frozenset({"acme"}), is_admin=False)
ROWS = 2000

# Each metric: its table, and the index its window is read through.
INDEXES = {
    metrics.ACTIVITY_INSTANCE_START: ("historic_activity_instances", "ix_historic_activity_instances_start_time"),
    metrics.ACTIVITY_INSTANCE_END: ("historic_activity_instances", "ix_historic_activity_instances_end_time"),
    metrics.ROOT_PROCESS_INSTANCE_START: ("process_instances", "ix_process_instances_start_time"),
    metrics.EXECUTED_DECISION_INSTANCES: ("historic_decision_instances",
                                          "ix_historic_decision_instances_evaluation_time"),
    metrics.EXECUTED_DECISION_ELEMENTS: ("historic_decision_instances",
                                         "ix_historic_decision_instances_evaluation_time"),
    metrics.JOB_SUCCESSFUL: ("historic_job_logs", "ix_historic_job_logs_state_timestamp"),
    metrics.JOB_FAILED: ("historic_job_logs", "ix_historic_job_logs_state_timestamp"),
    metrics.UNIQUE_TASK_WORKERS: ("historic_identity_link_logs", "ix_historic_identity_link_logs_type_timestamp"),
}


def _seed(db: Database, start: datetime) -> None:
    """ROWS of each table a metric reads, an hour apart, a third of them of the tenant acme."""
    ids = [str(uuid.uuid4()) for _ in range(ROWS)]
    at = [start + timedelta(hours=n) for n in range(ROWS)]
    tenant = ["acme" if n % 3 == 0 else None for n in range(ROWS)]

    def seed(tx: Session) -> None:
        tx.add(Deployment(id="d", name="d", deployment_time=start))
        tx.flush()
        tx.add(ProcessDefinition(id="k:1:x", key="k", version=1, tenant_key="", deployment_id="d",
                                 resource_name="k.bpmn", suspended=False))
        tx.flush()
        tx.execute(insert(ProcessInstance), [
            {"id": i, "process_definition_id": "k:1:x", "process_definition_key": "k", "state": "COMPLETED",
             "start_time": at[n], "end_time": at[n], "tenant_id": tenant[n],
             "super_process_instance_id": ids[n - 1] if n % 2 else None} for n, i in enumerate(ids)])
        tx.execute(insert(HistoricActivityInstance), [
            {"id": f"{activity}:{i}", "parent_activity_instance_id": i, "process_instance_id": i, "execution_id": i,
             "activity_id": activity, "activity_type": "userTask", "process_definition_id": "k:1:x",
             "process_definition_key": "k", "start_time": at[n], "end_time": None if activity == "Task" else at[n],
             "canceled": False, "complete_scope": False, "tenant_id": tenant[n]}
            for n, i in enumerate(ids) for activity in ("Start", "Task")])
        tx.execute(insert(HistoricDecisionInstance), [
            {"id": i, "decision_definition_id": f"d:{n % 20}:x", "decision_definition_key": "d",
             "evaluation_time": at[n], "tenant_id": tenant[n]} for n, i in enumerate(ids)])
        tx.execute(insert(HistoricJobLog), [
            {"timestamp": at[n], "state": state, "job_id": f"{i}-job", "job_type": "async-before", "job_retries": 3,
             "job_priority": 0, "process_instance_id": i, "tenant_id": tenant[n]}
            for n, i in enumerate(ids) for state in ("created", "failed", "succeeded")])
        tx.execute(insert(HistoricIdentityLinkLog), [
            {"timestamp": at[n], "type": kind, "operation_type": "add", "user_id": f"user-{n % 50}",
             "task_id": f"{i}-task", "process_instance_id": i, "tenant_id": tenant[n]}
            for n, i in enumerate(ids) for kind in ("assignee", "candidate")])

    db.run(seed, write=True)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def _plans_of(db: Database, read: Callable[[Session], Any]) -> list[str]:
    """The plans of the SELECTs ``read(tx)`` runs, as it runs them (statement and parameters); on
    PostgreSQL with sequential scans priced out."""
    ran: list[tuple[str, Any]] = []

    def remember(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            ran.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        db.run(read, write=False)
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    plans = []
    with db.engine.connect() as connection:
        if db.is_sqlite:
            explain = "EXPLAIN QUERY PLAN "
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            explain = "EXPLAIN "
        for statement, parameters in ran:
            rows = connection.exec_driver_sql(explain + statement, parameters).all()
            plans.append(" | ".join(str(row[-1]) for row in rows))
        connection.rollback()
    return plans


def _scans(plan: str, table: str) -> bool:
    return f"SCAN {table}" in plan or f"Seq Scan on {table}" in plan


@pytest.mark.parametrize("backend", BACKENDS)
def test_each_metric_reads_its_window_through_an_index(backend: str, request: pytest.FixtureRequest,
                                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    db = Database(database_url(backend, request, tmp_path_factory))
    try:
        upgrade(db)
        start = datetime(2030, 1, 1, tzinfo=timezone.utc)
        _seed(db, start)
        hour = metrics.Window(start + timedelta(hours=700), start + timedelta(hours=701))
        for caller in (ADMIN, TENANT):
            for metric, (table, index) in INDEXES.items():
                plans = _plans_of(db, lambda tx: metrics.metric_sum(tx, caller, metrics.SumQuery(metric, hour)))
                mine = [p for p in plans if table in p]
                assert mine and all(index in p and not _scans(p, table) for p in mine), (metric, plans)
            q = metrics.IntervalQuery(metrics.INTERVAL_METRICS, None, hour, 900, 0, 200)
            plans = _plans_of(db, lambda tx: metrics.metric_intervals(tx, caller, q))
            for metric in metrics.INTERVAL_METRICS:
                table, index = INDEXES[metric]
                assert any(index in p for p in plans), (metric, plans)
                assert not any(_scans(p, table) for p in plans), (metric, plans)
        # What the hour holds: one row of each table, the tenant's included (row 700: 700 % 3 != 0).
        q = metrics.IntervalQuery(metrics.INTERVAL_METRICS, None, hour, 900, 0, 200)
        found = db.run(lambda tx: metrics.metric_intervals(tx, ADMIN, q), write=False)
        assert {(v.name, v.value) for v in found} == {
            (metrics.ACTIVITY_INSTANCE_START, 2), (metrics.ACTIVITY_INSTANCE_END, 1),
            (metrics.ROOT_PROCESS_INSTANCE_START, 1), (metrics.EXECUTED_DECISION_INSTANCES, 1),
            (metrics.JOB_SUCCESSFUL, 1), (metrics.JOB_FAILED, 1)}
        assert {v.bucket for v in found} == {int((start + timedelta(hours=700)).timestamp())}
    finally:
        db.dispose()
