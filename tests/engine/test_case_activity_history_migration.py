"""history_0013 gives the plan items of case instances that are not closed yet the rows the case
runtime would have written: its backfill, run on a database whose rows were removed, makes the
same rows (states, times, tasks, called instances) on both databases."""

from __future__ import annotations

from sqlalchemy import delete, select, text

from flowkeeper.engine.v1 import task_pb2
from server.engine.cases.models import HistoricCaseActivityInstance
from server.migrations.versions.history_0013_case_activity_history import _BACKFILL
from tests.engine.case_support import Cases
from tests.support import unique

PROCESSES = ("case_review_process.bpmn", "case_instant_process.bpmn")


def _rows(tx):  # type: ignore[no-untyped-def]
    table = HistoricCaseActivityInstance.__table__
    return [tuple(row) for row in tx.execute(select(table).order_by(table.c.id))]


def test_the_backfill_makes_the_rows_the_runtime_writes(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    own = fresh_server(server.backend, background=False)
    cases = Cases(own.api())
    key = unique("case_process_task")
    cases.deploy_case("case_process_task.cmmn", key=key, extra=PROCESSES)
    reviewed = cases.create(key=key, variables={"documentId": unique("doc"), "document": "text", "other": 1})
    cases.create(key=key, variables={"documentId": unique("doc"), "document": "text", "other": 2})
    deployment = cases.deploy_case("case_case_task.cmmn")
    caller = cases.create(id=cases.case_definition_id(deployment, "case_caller"), variables={"follower": "fred"})
    cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False})
    cases.deploy_and_create("case_manual.cmmn", {"needsApproval": True, "checker": "carol"})
    # Some plan items end, one with a human task completed, and one case is terminated.
    review = cases.tasks.QueryTasks(task_pb2.QueryTasksRequest(task_definition_key="ReviewDocument")).tasks[0]
    cases.complete(review.id, {"verdict": "approved"})
    cases.terminate_case(caller.id)

    recorded = own.db.run(_rows, write=False)
    assert {row[2] for row in recorded} >= {reviewed.id, caller.id}
    assert any(row[10] for row in recorded) and any(row[11] for row in recorded) and any(row[12] for row in recorded)

    def backfill(tx):  # type: ignore[no-untyped-def]
        tx.execute(delete(HistoricCaseActivityInstance))
        tx.execute(text(_BACKFILL))

    own.db.run(backfill, write=True)
    assert own.db.run(_rows, write=False) == recorded
