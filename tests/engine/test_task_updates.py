"""TaskService.SetTaskAssignee (whoever holds the task; empty removes the assignee) and
UpdateTask (the fields a FieldMask names: name, description, priority, due, follow_up): what
they change, every error of their Errors blocks, tenants, suspended instances, and failed calls
that leave the task as it was."""

from __future__ import annotations

from datetime import datetime, timezone

import grpc
from google.protobuf import field_mask_pb2, json_format, timestamp_pb2

from flowkeeper.engine.v1 import task_pb2
from tests.engine.scenario import Scenario
from tests.support import expect_error, unique

DUE = "2030-01-01T00:00:00.000+0000"


def at(text: str) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(datetime.fromisoformat(text).replace(tzinfo=timezone.utc))
    return stamp


def start(engine: Scenario, tenant: str = "", approver: str = "") -> tuple[str, task_pb2.Task]:
    definition = engine.deploy_one("user_tasks.bpmn", tenant=tenant)
    instance = engine.run(definition, {"approver": approver, "dueDate": DUE})
    [task] = engine.tasks_of(instance)
    return instance, task


def get(engine: Scenario, task_id: str) -> task_pb2.Task:
    return engine.tasks.GetTask(task_pb2.GetTaskRequest(id=task_id)).task


def assign(engine: Scenario, task_id: str, user: str) -> task_pb2.Task:
    return engine.tasks.SetTaskAssignee(task_pb2.SetTaskAssigneeRequest(task_id=task_id, user_id=user)).task


def update(engine: Scenario, task: task_pb2.Task, *paths: str) -> task_pb2.Task:
    return engine.tasks.UpdateTask(task_pb2.UpdateTaskRequest(
        task=task, update_mask=field_mask_pb2.FieldMask(paths=list(paths)))).task


def test_set_assignee_takes_the_task_from_whoever_holds_it(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance, task = start(engine, approver="carol")
    expect_error(lambda: engine.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id="bob")),
                 grpc.StatusCode.FAILED_PRECONDITION, "TASK_ALREADY_CLAIMED")
    assigned = assign(engine, task.id, "bob")
    assert assigned.assignee == "bob" and assigned == get(engine, task.id)
    assert assign(engine, task.id, "bob").assignee == "bob"  # the same user again: no change
    # Empty: no assignee, so the candidates see the task again.
    assert assign(engine, task.id, "").assignee == ""
    found = engine.tasks.QueryTasks(task_pb2.QueryTasksRequest(process_instance_id=instance, candidate_user="alice"))
    assert [t.id for t in found.tasks] == [task.id]
    assert assign(engine, task.id, "x" * 255).assignee == "x" * 255


def test_set_assignee_errors_change_nothing(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance, task = start(engine, approver="carol")
    expect_error(lambda: assign(engine, unique("task"), "bob"), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    expect_error(lambda: assign(engine, "", "bob"), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    failed = expect_error(lambda: assign(engine, task.id, "x" * 256), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_FIELD")
    assert failed.fields == ["user_id"] and failed.info.metadata["max_length"] == "255"
    engine.suspend(instance)
    failed = expect_error(lambda: assign(engine, task.id, "bob"), grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    assert failed.precondition.violations[0].subject == task.id
    expect_error(lambda: assign(engine, task.id, ""), grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    assert get(engine, task.id).assignee == "carol"
    engine.activate(instance)
    assert assign(engine, task.id, "bob").assignee == "bob"


def test_update_changes_the_fields_of_the_mask_and_no_others(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    _, task = start(engine, approver="carol")
    before = get(engine, task.id)
    changes = task_pb2.Task(id=task.id, name="Check the invoice", description="Compare with the order",
                            priority=90, due=at("2031-02-03T04:05:06"), follow_up=at("2031-01-31T08:00:00"),
                            assignee="ignored", form_key="ignored")
    updated = update(engine, changes, "name", "description", "priority", "due", "follow_up")
    assert updated == get(engine, task.id)
    assert (updated.name, updated.description, updated.priority) == ("Check the invoice", "Compare with the order", 90)
    assert (updated.due.ToJsonString(), updated.follow_up.ToJsonString()) == (
        "2031-02-03T04:05:06Z", "2031-01-31T08:00:00Z")
    # Fields outside the mask stay as they were, those of `changes` included.
    for kept in ("assignee", "form_key", "candidate_users", "candidate_groups", "created", "execution_id",
                 "task_definition_key"):
        assert getattr(updated, kept) == getattr(before, kept), kept

    # One field at a time; a repeated path counts once.
    assert update(engine, task_pb2.Task(id=task.id, priority=7), "priority", "priority").priority == 7
    assert get(engine, task.id).name == "Check the invoice"


def test_update_clears_the_fields_of_the_mask_it_leaves_unset(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    _, task = start(engine)
    update(engine, task_pb2.Task(id=task.id, description="d", follow_up=at("2031-01-01T00:00:00")),
           "description", "follow_up")
    cleared = update(engine, task_pb2.Task(id=task.id), "name", "description", "due", "follow_up", "priority")
    assert (cleared.name, cleared.description) == ("", "")
    assert not cleared.HasField("due") and not cleared.HasField("follow_up")
    assert cleared.priority == 0  # the value given: 0 is a priority like any other
    assert cleared == get(engine, task.id)


def test_update_mask_from_json_names_fields_in_camel_case(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    _, task = start(engine)
    request = json_format.Parse(
        f'{{"task": {{"id": "{task.id}", "followUp": "2031-05-06T07:08:09Z"}}, "updateMask": "followUp"}}',
        task_pb2.UpdateTaskRequest())
    assert list(request.update_mask.paths) == ["follow_up"]
    assert engine.tasks.UpdateTask(request).task.follow_up.ToJsonString() == "2031-05-06T07:08:09Z"


def test_update_errors_change_nothing(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance, task = start(engine, approver="carol")
    before = get(engine, task.id)
    wanted = task_pb2.Task(id=task.id, name="new", description="new")

    failed = expect_error(lambda: update(engine, wanted), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["update_mask"]
    failed = expect_error(lambda: update(engine, wanted, "description", "assignee", "nope"),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["update_mask", "update_mask"] and failed.info.metadata["path"] == "assignee"
    assert "'nope'" in failed.bad_request.field_violations[1].description
    failed = expect_error(lambda: update(engine, task_pb2.Task(id=task.id, name="x" * 256, description="new"),
                                         "description", "name"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["task.name"] and failed.info.metadata["max_length"] == "255"
    beyond = timestamp_pb2.Timestamp(seconds=10**15)
    failed = expect_error(lambda: update(engine, task_pb2.Task(id=task.id, due=beyond), "due"),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["task.due"]
    failed = expect_error(lambda: update(engine, task_pb2.Task(id=task.id, follow_up=timestamp_pb2.Timestamp(
        nanos=-1)), "follow_up", "name"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["task.follow_up"]
    failed = expect_error(lambda: update(engine, task_pb2.Task(id=unique("task"), name="new"), "name"),
                          grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    assert failed.info.metadata["field_name"] == "task.id"
    engine.suspend(instance)
    failed = expect_error(lambda: update(engine, wanted, "name"), grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    assert failed.precondition.violations[0].subject == task.id
    now = get(engine, task.id)
    assert now.suspended
    now.suspended = False
    assert now == before
    engine.activate(instance)
    assert update(engine, wanted, "name").name == "new"


def test_tasks_of_a_tenant_the_token_is_not_granted_do_not_exist(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    tenant = unique("tenant")
    _, task = start(engine, tenant=tenant, approver="carol")
    stranger = Scenario(server.api(server.token(tenants=(unique("other"),))))
    expect_error(lambda: assign(stranger, task.id, "mallory"), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    expect_error(lambda: update(stranger, task_pb2.Task(id=task.id, name="mine"), "name"),
                 grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    assert (get(engine, task.id).assignee, get(engine, task.id).name) == ("carol", "Approve invoice")
    member = Scenario(server.api(server.token(tenants=(tenant,))))
    assert assign(member, task.id, "dave").assignee == "dave"
    assert update(member, task_pb2.Task(id=task.id, name="ours"), "name").name == "ours"
