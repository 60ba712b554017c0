"""TaskService: QueryTasks filters and paging, GetTask, ClaimTask (already claimed is
FAILED_PRECONDITION), UnclaimTask, CompleteTask with variables."""

from __future__ import annotations

from datetime import timedelta

import grpc

from flowkeeper.engine.v1 import task_pb2
from flowkeeper.engine.v1.types_pb2 import OffsetPage
from tests.engine.scenario import Scenario
from tests.engine.support import plain, typed_map
from tests.support import expect_error, unique

DUE = "2030-01-01T00:00:00.000+0000"


def start(engine: Scenario, definition: str, approver: str = "", business_key: str = "") -> str:
    return engine.run(definition, {"approver": approver, "dueDate": DUE}, business_key=business_key)


def query(engine: Scenario, **fields) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.id for t in engine.tasks.QueryTasks(task_pb2.QueryTasksRequest(**fields)).tasks]


def test_task_fields_from_the_model(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("user_tasks.bpmn")
    instance = start(engine, definition, approver="carol")
    [task] = engine.tasks_of(instance)
    got = engine.tasks.GetTask(task_pb2.GetTaskRequest(id=task.id)).task
    assert got == task
    assert (got.name, got.task_definition_key, got.assignee, got.priority, got.form_key) == (
        "Approve invoice", "ApproveInvoice", "carol", 60, "embedded:app:forms/approve.html")
    assert (list(got.candidate_users), list(got.candidate_groups)) == (["alice", "bob"], ["accounting", "management"])
    assert got.due.ToJsonString() == "2030-01-01T00:00:00Z"
    assert got.follow_up.ToJsonString() == "2030-01-01T09:00:00Z"
    assert (got.execution_id, got.process_instance_id, got.process_definition_id) == (instance, instance, definition)
    assert got.created.ToDatetime() is not None and not got.suspended
    expect_error(lambda: engine.tasks.GetTask(task_pb2.GetTaskRequest(id=unique("task"))), grpc.StatusCode.NOT_FOUND,
                 "TASK_NOT_FOUND")


def test_query_filters_and_paging(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    tenant = unique("tenant")
    definition = engine.deploy_one("user_tasks.bpmn")
    tenant_definition = engine.deploy_one("user_tasks.bpmn", tenant=tenant)
    key = unique("bk")
    assigned = start(engine, definition, approver="carol", business_key=key)
    server.clock.advance(timedelta(seconds=1))
    free = start(engine, definition, business_key=key)
    server.clock.advance(timedelta(seconds=1))
    tenant_instance = start(engine, tenant_definition, business_key=key)
    t_assigned, t_free, t_tenant = (engine.tasks_of(i)[0].id for i in (assigned, free, tenant_instance))

    assert query(engine, business_key=key) == [t_assigned, t_free, t_tenant]  # by creation
    assert query(engine, process_instance_id=free) == [t_free]
    assert query(engine, business_key=key, process_definition_key="user_tasks") == [t_assigned, t_free, t_tenant]
    assert query(engine, business_key=key, task_definition_key="ArchiveInvoice") == []
    assert query(engine, business_key=key, assignee="carol") == [t_assigned]
    assert query(engine, business_key=key, unassigned=True) == [t_free, t_tenant]
    # Candidates see only unassigned tasks naming them.
    assert query(engine, business_key=key, candidate_user="alice") == [t_free, t_tenant]
    assert query(engine, business_key=key, candidate_group="management") == [t_free, t_tenant]
    assert query(engine, business_key=key, candidate_group="sales") == []
    assert query(engine, business_key=key, tenant_id_in=[tenant]) == [t_tenant]
    assert query(engine, business_key=key, page=OffsetPage(first_result=1, max_results=1)) == [t_free]
    expect_error(lambda: query(engine, page=OffsetPage(first_result=-1)), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_FIELD")


def test_claim_unclaim_and_complete(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("user_tasks.bpmn")
    instance = start(engine, definition)
    [task] = engine.tasks_of(instance)
    assert task.assignee == ""

    def claim(user: str) -> task_pb2.Task:
        return engine.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id=user)).task

    assert claim("alice").assignee == "alice"
    assert claim("alice").assignee == "alice"  # claiming again as the assignee is a no-op
    failed = expect_error(lambda: claim("bob"), grpc.StatusCode.FAILED_PRECONDITION, "TASK_ALREADY_CLAIMED")
    assert failed.info.metadata["assignee"] == "alice"
    assert failed.precondition.violations[0].subject == task.id
    failed = expect_error(lambda: claim(""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["user_id"]
    expect_error(lambda: engine.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id="nope", user_id="x")),
                 grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    assert query(engine, process_instance_id=instance, candidate_user="bob") == []
    unclaimed = engine.tasks.UnclaimTask(task_pb2.UnclaimTaskRequest(task_id=task.id)).task
    assert unclaimed.assignee == ""
    assert query(engine, process_instance_id=instance, candidate_user="bob") == [task.id]
    assert claim("bob").assignee == "bob"

    done = engine.tasks.CompleteTask(task_pb2.CompleteTaskRequest(
        task_id=task.id, variables=typed_map({"approved": True}), with_variables_in_return=True))
    assert plain(done.variables) == {"approver": ("", "String"), "dueDate": (DUE, "String"),
                                     "approved": (True, "Boolean")}
    expect_error(lambda: engine.complete(task.id), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    [archive] = engine.tasks_of(instance)
    assert archive.task_definition_key == "ArchiveInvoice"
    # The last task: the instance ends, and the variables it ended with come back.
    last = engine.tasks.CompleteTask(task_pb2.CompleteTaskRequest(
        task_id=archive.id, variables=typed_map({"archived": "box 3"}), with_variables_in_return=True))
    assert plain(last.variables)["archived"] == ("box 3", "String")
    assert engine.instance(instance).ended
    expect_error(lambda: engine.complete(archive.id, {"bad": ("x", "Integer")}), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_VARIABLE_VALUE")
