"""The variable history HistoryService keeps (HistoricVariableInstance, and HistoricDetail of
type variableUpdate): what each call that sets or deletes variables records, for a process
instance's own variables, a subprocess's, a concurrent path's, a user task's, an external task's
and a case's; what stays when the scope ends; and when the history goes (with its instance, its
deployment, the cleanup, or one of the two deletions of the variable history)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import grpc
import pytest
from sqlalchemy import select

from flowkeeper.engine.v1 import deployment_pb2, history_pb2, process_definition_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from server.engine.models import Variable
from tests.engine.case_support import Cases
from tests.engine.failure_support import one_task, string
from tests.engine.history_support import VariableHistory, pair, ts
from tests.engine.scenario import rows as rows_of
from tests.engine.support import typed_map
from tests.engine.work_support import REVIEW_SUBPROCESS, key, waiting, with_boundary
from tests.support import expect_error, unique

MINUTE = timedelta(minutes=1)
CREATED, DELETED = "CREATED", "DELETED"
Instruction = pi.ModificationInstruction
# The fields that say whose a variable is, in HistoricVariableInstance and HistoricDetail alike.
OWNER_FIELDS = ("process_definition_key", "process_definition_id", "process_instance_id", "execution_id",
                "activity_instance_id", "task_id", "case_definition_key", "case_definition_id", "case_instance_id",
                "case_execution_id", "case_activity_id", "tenant_id")


def owner(row: Any) -> dict[str, str]:
    """The owner fields the row has set (the others are empty)."""
    return {name: getattr(row, name) for name in OWNER_FIELDS if getattr(row, name)}


def of_process(definition: str, process_key: str, instance: str, **more: str) -> dict[str, str]:
    """The owner fields of a process instance's own variable (``more`` adds or replaces)."""
    return {"process_definition_key": process_key, "process_definition_id": definition,
            "process_instance_id": instance, "execution_id": instance, "activity_instance_id": instance, **more}


def values(rows: list[history_pb2.HistoricVariableInstance]) -> dict[str, tuple[Any, str]]:
    return {row.name: pair(row.value) for row in rows}


def passes(h: VariableHistory, instance: str) -> dict[str, history_pb2.HistoricActivityInstance]:
    """The instance's activity instances by activity id (each activity passed once)."""
    return {p.activity_id: p for p in h.history.QueryHistoricActivityInstances(
        history_pb2.QueryHistoricActivityInstancesRequest(process_instance_id=instance)).historic_activity_instances}


def operation_ids(h: VariableHistory, **filters: Any) -> list[str]:
    """The operation ids of the log entries found, in the order written (one per call here)."""
    return [e.operation_id for e in h.entries(**filters)]


def sub_process(process_key: str) -> str:
    """Start, the embedded subprocess Sub (user tasks Legal and Finance on paths of their own),
    end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Sub" />
{REVIEW_SUBPROCESS}  <bpmn:sequenceFlow id="f2" sourceRef="Sub" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def test_the_variables_an_instance_starts_with_are_created_and_initial(server, api) -> None:  # type: ignore[no-untyped-def]
    h = VariableHistory(api)
    process_key, tenant = key("started"), unique("tenant")
    definition = h.deploy_inline(process_key, waiting(process_key), tenant)
    started = server.clock.now()
    instance = h.start_id(definition, {
        "amount": (1150, "Long"), "customer": "Ada", "vip": True, "due": ("2024-06-15T14:00:00.000+0200", "Date"),
        "ratio": 0.25, "nothing": None, "order": ({"lines": [1, 2]}, "Json"), "big": ("9007199254740993", "Long")})
    expected = {"amount": (1150, "Long"), "customer": ("Ada", "String"), "vip": (True, "Boolean"),
                "due": ("2024-06-15T12:00:00.000+0000", "Date"), "ratio": (0.25, "Double"), "nothing": (None, "Null"),
                "order": ({"lines": [1, 2]}, "Json"), "big": ("9007199254740993", "Long")}
    assert h.variables(instance) == expected  # the runtime's, for comparison

    rows = h.historic_variables(process_instance_id=instance)
    assert values(rows) == expected
    assert [r.id for r in rows] == sorted(r.id for r in rows)  # without sorting: by id
    where = of_process(definition, process_key, instance, tenant_id=tenant)
    for row in rows:
        assert (row.state, owner(row), row.create_time) == (CREATED, where, ts(started)), row.name
        assert h.historic_variable(row.id) == row
    assert h.count_historic_variables(process_instance_id=instance) == 8

    by_name = {r.name: r for r in rows}
    # A historic variable instance has its variable's id.
    runtime = rows_of(server, lambda: select(Variable.name, Variable.id).where(
        Variable.process_instance_id == instance))
    assert dict(runtime) == {name: row.id for name, row in by_name.items()}
    details = h.historic_details(process_instance_id=instance)
    assert sorted(d.variable_name for d in details) == sorted(expected)
    for detail in details:
        assert (detail.type, detail.event, detail.revision, detail.initial) == ("variableUpdate", "create", 0, True)
        assert detail.variable_instance_id == by_name[detail.variable_name].id
        assert pair(detail.value) == expected[detail.variable_name]
        assert (owner(detail), detail.time, detail.user_operation_id) == (where, ts(started), "")
        assert h.historic_detail(detail.id) == detail
    assert h.count_historic_details(process_instance_id=instance) == 8


def test_modify_variables_updates_follow_and_a_deletion_marks_the_instance_deleted(server, api) -> None:  # type: ignore[no-untyped-def]
    h = VariableHistory(api)
    process_key = key("modified")
    definition = h.deploy_inline(process_key, waiting(process_key))
    t0 = server.clock.now()
    instance = h.start_id(definition, {"amount": 100, "note": "first"})
    t1 = server.clock.advance(MINUTE)
    h.modify_variables(instance, {"amount": 200, "added": "new"}, deletions=("note",))

    amount, note = h.named("amount", process_instance_id=instance), h.named("note", process_instance_id=instance)
    assert (amount.state, pair(amount.value), amount.create_time) == (CREATED, (200, "Integer"), ts(t0))
    assert (note.state, pair(note.value)) == (DELETED, ("first", "String"))
    # Without include_deleted, only what still exists.
    assert values(h.historic_variables(process_instance_id=instance)) == {
        "amount": (200, "Integer"), "added": ("new", "String")}
    assert h.count_historic_variables(process_instance_id=instance, include_deleted=True) == 3
    assert h.changes(note.id) == [("create", 0, "first", "String"), ("delete", 0, "first", "String")]

    t2 = server.clock.advance(MINUTE)
    h.modify_variables(instance, {"amount": ("lots", "String")})
    assert pair(h.historic_variable(amount.id).value) == ("lots", "String")  # its type follows too
    t3 = server.clock.advance(MINUTE)
    h.modify_variables(instance, deletions=("amount",))
    amount = h.historic_variable(amount.id)
    assert (amount.state, pair(amount.value)) == (DELETED, ("lots", "String"))
    # Each update counts the revision up; the deletion carries the last value and revision.
    assert h.changes(amount.id) == [("create", 0, 100, "Integer"), ("update", 1, 200, "Integer"),
                                    ("update", 2, "lots", "String"), ("delete", 2, "lots", "String")]
    details = h.historic_details(variable_instance_id=amount.id)
    assert [d.time for d in details] == [ts(t0), ts(t1), ts(t2), ts(t3)]
    assert [d.initial for d in details] == [True, False, False, False]
    # Each ModifyVariables call writes its ModifyVariable entry: the details of its changes name it
    # (the start's, none).
    ops = operation_ids(h, process_instance_id=instance, operation_type="ModifyVariable")
    assert len(set(ops)) == 3 and len(h.entries(process_instance_id=instance)) == 3
    assert [d.user_operation_id for d in details] == ["", ops[0], ops[1], ops[2]]
    assert {d.variable_name for d in h.historic_details(user_operation_id=ops[0])} == {"amount", "added", "note"}
    where = of_process(definition, process_key, instance)
    assert all(owner(d) == where for d in h.historic_details(process_instance_id=instance))
    [added] = h.historic_details(variable_instance_id=h.named("added", process_instance_id=instance).id)
    assert (added.event, added.revision, added.initial, added.time) == ("create", 0, False, ts(t1))
    assert h.variables(instance) == {"added": ("new", "String")}


def test_a_task_s_own_variables_and_the_operations_that_changed_them(server, api) -> None:  # type: ignore[no-untyped-def]
    h = VariableHistory(api)
    process_key = key("task")
    definition = h.deploy_inline(process_key, waiting(process_key))
    instance = h.start_id(definition, {"amount": 100})
    [task] = h.tasks_of(instance)
    review = passes(h, instance)["Review"]
    h.modify_task(task.id, {"comment": "looks fine", "kept": 1}, local=True)
    h.modify_task(task.id, {"amount": 300, "comment": "changed"})  # comment lives on the task, amount on the instance
    h.modify_task(task.id, deletions=("comment",), local=True)
    ops = operation_ids(h, task_id=task.id, operation_type="ModifyVariable")
    assert len(set(ops)) == 3
    assert {(e.entity_type, e.process_instance_id) for e in h.entries(task_id=task.id)} == {("Variable", instance)}

    on_task = of_process(definition, process_key, instance, execution_id=task.execution_id,
                         activity_instance_id=review.id, task_id=task.id)
    comment = h.named("comment", process_instance_id=instance)
    assert (comment.state, pair(comment.value), owner(comment)) == (DELETED, ("changed", "String"), on_task)
    details = h.historic_details(variable_instance_id=comment.id)
    assert [(d.event, d.revision, d.initial, d.user_operation_id) for d in details] == [
        ("create", 0, False, ops[0]), ("update", 1, False, ops[1]), ("delete", 1, False, ops[2])]
    assert all(owner(d) == on_task for d in details)
    kept = h.named("kept", process_instance_id=instance)
    assert (kept.state, pair(kept.value), owner(kept)) == (CREATED, (1, "Integer"), on_task)
    assert [r.name for r in h.historic_variables(task_id_in=[task.id])] == ["kept"]
    assert sorted(r.name for r in h.historic_variables(task_id_in=[task.id], include_deleted=True)) == [
        "comment", "kept"]

    amount = h.named("amount", process_instance_id=instance)
    assert owner(amount) == of_process(definition, process_key, instance)
    assert [(d.event, d.user_operation_id) for d in h.historic_details(variable_instance_id=amount.id)] == [
        ("create", ""), ("update", ops[1])]

    # CompleteTask logs Complete: the variables it sets name that entry.
    h.complete(task.id, {"approved": True})
    [complete] = operation_ids(h, task_id=task.id, operation_type="Complete")
    approved = h.named("approved", process_instance_id=instance)
    assert (approved.state, owner(approved)) == (CREATED, of_process(definition, process_key, instance))
    [created] = h.historic_details(variable_instance_id=approved.id)
    assert (created.event, created.initial, created.user_operation_id) == ("create", False, complete)
    assert h.count_historic_details(user_operation_id=complete) == 1
    assert [d.variable_name for d in h.historic_details(user_operation_id=ops[1])] == ["comment", "amount"]


def test_an_ended_scope_keeps_its_variables_created_with_their_last_value(server, api) -> None:  # type: ignore[no-untyped-def]
    h = VariableHistory(api)
    process_key = key("ended")
    definition = h.deploy_inline(process_key, waiting(process_key))
    completed, deleted = (h.start_id(definition, {"amount": 100, "region": "north"}) for _ in range(2))
    for instance in (completed, deleted):
        [task] = h.tasks_of(instance)
        h.modify_task(task.id, {"comment": f"on {instance}"}, local=True)
        h.modify_variables(instance, {"amount": 250})
    h.complete(h.tasks_of(completed)[0].id)
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=deleted, reason="not needed"))

    for instance in (completed, deleted):
        assert h.instance(instance).ended
        rows = h.historic_variables(process_instance_id=instance, include_deleted=True)
        assert values(rows) == {"amount": (250, "Integer"), "region": ("north", "String"),
                                "comment": (f"on {instance}", "String")}
        assert {r.state for r in rows} == {CREATED}
        for row in rows:
            assert h.historic_variable(row.id) == row
        # The end of a scope is no deletion: no detail says delete.
        assert sorted(d.event for d in h.historic_details(process_instance_id=instance)) == [
            "create", "create", "create", "update"]
        expect_error(lambda: h.variables(instance), grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_ENDED")


def test_local_variables_of_a_subprocess_and_of_a_concurrent_path(server, api) -> None:  # type: ignore[no-untyped-def]
    h = VariableHistory(api)
    process_key = key("scoped")
    definition = h.deploy_inline(process_key, sub_process(process_key))
    instance = h.start_id(definition)
    tasks = {t.task_definition_key: t for t in h.tasks_of(instance)}
    by_activity = passes(h, instance)
    sub, legal = by_activity["Sub"], by_activity["Legal"]
    path = tasks["Legal"].execution_id
    assert sub.execution_id != instance and path not in (instance, sub.execution_id) and legal.execution_id == path

    h.modify_local(sub.execution_id, {"stage": "review", "temp": 1})
    h.modify_local(path, {"verdict": "pending"})
    h.modify_local(path, {"verdict": "ok"})
    h.modify_local(sub.execution_id, deletions=("temp",))
    h.modify_task(tasks["Legal"].id, {"note": "signed"}, local=True)

    in_sub = of_process(definition, process_key, instance, execution_id=sub.execution_id,
                        activity_instance_id=f"Sub:{sub.execution_id}")
    assert in_sub["activity_instance_id"] == sub.id  # the subprocess's activity instance
    on_path = of_process(definition, process_key, instance, execution_id=path, activity_instance_id=legal.id)
    stage, temp = h.named("stage", process_instance_id=instance), h.named("temp", process_instance_id=instance)
    verdict, note = h.named("verdict", process_instance_id=instance), h.named("note", process_instance_id=instance)
    assert (owner(stage), owner(temp), temp.state) == (in_sub, in_sub, DELETED)
    assert (owner(verdict), pair(verdict.value)) == (on_path, ("ok", "String"))
    assert owner(note) == {**on_path, "task_id": tasks["Legal"].id}
    assert [(d.event, d.revision, d.activity_instance_id) for d in h.historic_details(
        variable_instance_id=verdict.id)] == [("create", 0, legal.id), ("update", 1, legal.id)]
    assert [(d.event, owner(d)) for d in h.historic_details(variable_instance_id=temp.id)] == [
        ("create", in_sub), ("delete", in_sub)]
    assert [r.name for r in h.historic_variables(activity_instance_id_in=[sub.id])] == ["stage"]
    assert sorted(r.name for r in h.historic_variables(execution_id_in=[path])) == ["note", "verdict"]

    # The paths and the subprocess end; their variables stay as they were.
    h.complete(tasks["Legal"].id)
    h.complete(tasks["Finance"].id)
    assert h.instance(instance).ended
    assert values(h.historic_variables(process_instance_id=instance)) == {
        "stage": ("review", "String"), "verdict": ("ok", "String"), "note": ("signed", "String")}
    assert h.historic_variable(verdict.id) == verdict


def test_an_external_task_s_variables_and_local_variables(server, api) -> None:  # type: ignore[no-untyped-def]
    h = VariableHistory(api)
    process_key, topic = key("worked"), key("topic")
    definition = h.deploy_inline(process_key, with_boundary(process_key, topic))
    instance = h.start_id(definition, {"order": "A-1"})
    [locked] = h.fetch("worker", h.topic(topic))
    scope = locked.external_task.execution_id
    work = passes(h, instance)["Work"]
    assert work.id == f"Work:{scope}"  # an activity with a boundary event is a scope
    h.complete_external(locked.external_task.id, "worker", variables={"result": "charged", "order": "A-2"},
                        local_variables={"attempt": 2})

    where = of_process(definition, process_key, instance)
    result, order = h.named("result", process_instance_id=instance), h.named("order", process_instance_id=instance)
    assert (owner(result), pair(result.value), result.state) == (where, ("charged", "String"), CREATED)
    assert h.changes(order.id) == [("create", 0, "A-1", "String"), ("update", 1, "A-2", "String")]
    attempt = h.named("attempt", process_instance_id=instance)
    assert owner(attempt) == {**where, "execution_id": scope, "activity_instance_id": work.id}
    # The task's scope has ended (the path waits at After); the variable stays.
    assert (attempt.state, pair(attempt.value)) == (CREATED, (2, "Integer"))
    [created] = h.historic_details(variable_instance_id=attempt.id)
    assert (created.event, created.initial, created.user_operation_id, owner(created)) == (
        "create", False, "", owner(attempt))


def test_a_case_s_variables_and_its_human_task_s(server, api) -> None:  # type: ignore[no-untyped-def]
    h, cases = VariableHistory(api), Cases(api)
    case_key, tenant = key("case"), unique("tenant")
    definition = cases.case_definition_id(cases.deploy_case("case_three_items.cmmn", key=case_key, tenant=tenant),
                                          case_key)
    created_at = server.clock.now()
    case = cases.create(id=definition, variables={"applicant": "Ada", "score": 7}).id
    of_case = {"case_definition_key": case_key, "case_definition_id": definition, "case_instance_id": case,
               "case_execution_id": case, "case_activity_id": "CasePlanModel_1", "activity_instance_id": case,
               "tenant_id": tenant}
    rows = h.historic_variables(case_instance_id=case)
    assert values(rows) == {"applicant": ("Ada", "String"), "score": (7, "Integer")}
    assert all((r.state, owner(r), r.create_time) == (CREATED, of_case, ts(created_at)) for r in rows)
    details = h.historic_details(case_instance_id=case)
    assert sorted((d.variable_name, d.event, d.revision, d.initial) for d in details) == [
        ("applicant", "create", 0, True), ("score", "create", 0, True)]
    assert all(owner(d) == of_case and d.user_operation_id == "" for d in details)

    server.clock.advance(MINUTE)
    cases.modify(case, {"score": 9}, deletions=("applicant",))
    score, applicant = h.named("score", case_instance_id=case), h.named("applicant", case_instance_id=case)
    assert (score.state, pair(score.value), applicant.state, pair(applicant.value)) == (
        CREATED, (9, "Integer"), DELETED, ("Ada", "String"))
    assert h.changes(score.id) == [("create", 0, 7, "Integer"), ("update", 1, 9, "Integer")]
    assert h.changes(applicant.id) == [("create", 0, "Ada", "String"), ("delete", 0, "Ada", "String")]
    # The case verbs write no operation log entry.
    assert {d.user_operation_id for d in h.historic_details(case_instance_id=case)} == {""}

    [task] = cases.case_tasks(case)
    check = cases.execution(case, "PI_CheckApplication")
    h.modify_task(task.id, {"remark": "complete"}, local=True)
    [op] = operation_ids(h, task_id=task.id, operation_type="ModifyVariable")
    remark = h.named("remark", case_instance_id=case)
    on_task = {**of_case, "case_execution_id": check.id, "case_activity_id": "PI_CheckApplication",
               "activity_instance_id": check.id, "task_id": task.id}
    assert (owner(remark), pair(remark.value)) == (on_task, ("complete", "String"))
    [detail] = h.historic_details(variable_instance_id=remark.id)
    assert (detail.event, detail.initial, detail.user_operation_id, owner(detail)) == ("create", False, op, on_task)
    assert [r.name for r in h.historic_variables(case_execution_id_in=[check.id])] == ["remark"]
    assert [r.name for r in h.historic_variables(case_activity_id_in=["PI_CheckApplication"],
                                                 case_instance_id=case)] == ["remark"]  # (other cases share the item)
    assert h.count_historic_details(case_execution_id=check.id) == 1

    # The case ends and closes: its variables stay as they were.
    cases.terminate_case(case)
    cases.close_case(case)
    assert values(h.historic_variables(case_instance_id=case)) == {"score": (9, "Integer"),
                                                                   "remark": ("complete", "String")}


def test_a_refused_call_leaves_no_history(server, api) -> None:  # type: ignore[no-untyped-def]
    h, cases = VariableHistory(api), Cases(api)
    process_key = key("refused")
    instance = h.start_id(h.deploy_inline(process_key, waiting(process_key)), {"amount": 1})
    expect_error(lambda: h.modify_variables(instance, {"fine": 2, "amount": ("x", "Integer")}),
                 grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
    [task] = h.tasks_of(instance)
    h.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    expect_error(lambda: h.modify_task(task.id, {"fine": 2}, local=True), grpc.StatusCode.FAILED_PRECONDITION,
                 "SUSPENDED")
    assert values(h.historic_variables(process_instance_id=instance, include_deleted=True)) == {
        "amount": (1, "Integer")}
    assert h.count_historic_details(process_instance_id=instance) == 1

    # A case's sentry fails once the variables are written: the call is undone, history included.
    case = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False, "claim": "C-1"}, key=key("claims")).id
    expect_error(lambda: cases.modify(case, {"withdrawn": "soon", "extra": 1}, deletions=("claim",)),
                 grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    rows = h.historic_variables(case_instance_id=case, include_deleted=True)
    assert values(rows) == {"withdrawn": (False, "Boolean"), "claim": ("C-1", "String")}
    assert {r.state for r in rows} == {CREATED}
    assert sorted(d.event for d in h.historic_details(case_instance_id=case)) == ["create", "create"]


# -- when the history goes ----------------------------------------------------------------------


def _ended_with_history(h: VariableHistory, definition: str) -> tuple[str, list[str], list[str]]:
    """An instance with an updated variable, a deleted one and a task's own, then completed: its
    id, its historic variable instances' ids and its details' ids."""
    instance = h.start_id(definition, {"amount": 1, "gone": "soon"})
    [task] = h.tasks_of(instance)
    h.modify_task(task.id, {"comment": "ok"}, local=True)
    h.modify_variables(instance, {"amount": 2}, deletions=("gone",))
    h.complete(task.id)
    variables = [r.id for r in h.historic_variables(process_instance_id=instance, include_deleted=True)]
    details = [d.id for d in h.historic_details(process_instance_id=instance)]
    assert (len(variables), len(details)) == (3, 5)
    return instance, variables, details


def _gone(h: VariableHistory, instance: str, variables: list[str], details: list[str]) -> None:
    assert h.count_historic_variables(process_instance_id=instance, include_deleted=True) == 0
    assert h.count_historic_details(process_instance_id=instance) == 0
    for variable in variables:
        expect_error(lambda: h.historic_variable(variable), grpc.StatusCode.NOT_FOUND, "VARIABLE_INSTANCE_NOT_FOUND")
    for detail in details:
        expect_error(lambda: h.historic_detail(detail), grpc.StatusCode.NOT_FOUND, "HISTORIC_DETAIL_NOT_FOUND")


def test_deleting_an_instance_s_history_deletes_its_variable_history(server, api) -> None:  # type: ignore[no-untyped-def]
    h = VariableHistory(api)
    process_key = key("purged")
    definition = h.deploy_inline(process_key, waiting(process_key))
    instance, variables, details = _ended_with_history(h, definition)
    other = h.start_id(definition, {"amount": 5})
    h.history.DeleteHistoricProcessInstance(history_pb2.DeleteHistoricProcessInstanceRequest(id=instance))
    _gone(h, instance, variables, details)
    assert values(h.historic_variables(process_instance_id=other)) == {"amount": (5, "Integer")}
    assert h.count_historic_details(process_instance_id=other) == 1


def test_the_cleanup_and_a_deployment_s_deletion_remove_the_variable_history(server, api) -> None:  # type: ignore[no-untyped-def]
    h, cases = VariableHistory(api), Cases(api)
    short_key, long_key = key("short"), key("long")
    short = h.deploy_inline(short_key, waiting(short_key).replace('historyTimeToLive="180"', 'historyTimeToLive="0"'))
    long = h.deploy_inline(long_key, waiting(long_key))
    due, due_variables, due_details = _ended_with_history(h, short)
    kept, _, _ = _ended_with_history(h, long)
    case_key = key("case")
    case_definition = cases.case_definition_id(cases.deploy_case(
        "case_three_items.cmmn", key=case_key,
        replace={'camunda:historyTimeToLive="P180D"': 'camunda:historyTimeToLive="P0D"'}), case_key)
    case = cases.create(id=case_definition, variables={"applicant": "Ada"}).id
    [case_task] = cases.case_tasks(case)
    h.modify_task(case_task.id, {"remark": "fine"}, local=True)
    cases.terminate_case(case)
    cases.close_case(case)
    assert h.count_historic_variables(case_instance_id=case) == 2

    server.clock.advance(timedelta(seconds=1))
    removed = h.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest(batch_size=10_000))
    assert removed.removed_process_instances >= 1 and removed.removed_case_instances >= 1
    _gone(h, due, due_variables, due_details)
    assert h.count_historic_variables(case_instance_id=case) == 0
    assert h.count_historic_details(case_instance_id=case) == 0
    assert h.count_historic_variables(process_instance_id=kept, include_deleted=True) == 3

    # DeleteDeployment with cascade: the ended instance's history and the running one's go.
    cascade_key = key("cascade")
    cascade = h.deploy_inline(cascade_key, waiting(cascade_key))
    ended, ended_variables, ended_details = _ended_with_history(h, cascade)
    running = h.start_id(cascade, {"amount": 3})
    h.modify_task(h.tasks_of(running)[0].id, {"comment": "pending"}, local=True)
    running_variables = [r.id for r in h.historic_variables(process_instance_id=running)]
    running_details = [d.id for d in h.historic_details(process_instance_id=running)]
    case_deployment = cases.deploy_case("case_three_items.cmmn", key=key("case"))
    deployed_case = cases.create(id=case_deployment.definitions[0].id, variables={"applicant": "Bo"}).id
    process_deployment = h.definitions.GetProcessDefinition(
        process_definition_pb2.GetProcessDefinitionRequest(id=cascade)).process_definition.deployment_id
    for deployment_id in (process_deployment, case_deployment.id):
        h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment_id, cascade=True))
    _gone(h, ended, ended_variables, ended_details)
    _gone(h, running, running_variables, running_details)
    assert h.count_historic_variables(case_instance_id=deployed_case, include_deleted=True) == 0
    assert h.count_historic_variables(process_instance_id=kept, include_deleted=True) == 3


def test_deleting_a_closed_case_s_history_deletes_its_variable_history(server, api) -> None:  # type: ignore[no-untyped-def]
    h, cases = VariableHistory(api), Cases(api)
    case_key = key("case")
    definition = cases.case_definition_id(cases.deploy_case("case_three_items.cmmn", key=case_key), case_key)
    closed, other = (cases.create(id=definition, variables={"applicant": "Ada"}).id for _ in range(2))
    [task] = cases.case_tasks(closed)
    h.modify_task(task.id, {"remark": "fine"}, local=True)
    cases.modify(closed, {"applicant": "Bo"})
    variables = [r.id for r in h.historic_variables(case_instance_id=closed)]
    details = [d.id for d in h.historic_details(case_instance_id=closed)]
    assert (len(variables), len(details)) == (2, 3)
    cases.terminate_case(closed)
    cases.close_case(closed)
    h.history.DeleteHistoricCaseInstance(history_pb2.DeleteHistoricCaseInstanceRequest(id=closed))
    assert h.count_historic_variables(case_instance_id=closed, include_deleted=True) == 0
    assert h.count_historic_details(case_instance_id=closed) == 0
    for variable in variables:
        expect_error(lambda: h.historic_variable(variable), grpc.StatusCode.NOT_FOUND, "VARIABLE_INSTANCE_NOT_FOUND")
    for detail in details:
        expect_error(lambda: h.historic_detail(detail), grpc.StatusCode.NOT_FOUND, "HISTORIC_DETAIL_NOT_FOUND")
    assert values(h.historic_variables(case_instance_id=other)) == {"applicant": ("Ada", "String")}


def test_delete_one_historic_variable_instance(server, api) -> None:  # type: ignore[no-untyped-def]
    h = VariableHistory(api)
    operator = unique("operator")
    admin = VariableHistory(server.api(server.token(operator, admin=True)))
    process_key = key("one")
    definition = h.deploy_inline(process_key, waiting(process_key))
    instance = h.start_id(definition, {"amount": 1, "region": "north"})
    h.modify_variables(instance, {"amount": 2})
    amount, region = h.named("amount", process_instance_id=instance), h.named("region", process_instance_id=instance)
    details = [d.id for d in h.historic_details(variable_instance_id=amount.id)]
    assert len(details) == 2

    admin.delete_variable(amount.id)
    expect_error(lambda: h.historic_variable(amount.id), grpc.StatusCode.NOT_FOUND, "VARIABLE_INSTANCE_NOT_FOUND")
    for detail in details:
        expect_error(lambda: h.historic_detail(detail), grpc.StatusCode.NOT_FOUND, "HISTORIC_DETAIL_NOT_FOUND")
    assert [r.name for r in h.historic_variables(process_instance_id=instance, include_deleted=True)] == ["region"]
    assert h.historic_variable(region.id) == region
    [entry] = h.entries(user_id=operator)
    assert (entry.operation_type, entry.entity_type, entry.category) == ("DeleteHistory", "Variable", "Operator")
    assert (entry.property, entry.org_value, entry.new_value) == ("name", "", "amount")
    assert (entry.process_instance_id, entry.process_definition_id) == (instance, definition)
    expect_error(lambda: admin.delete_variable(amount.id), grpc.StatusCode.NOT_FOUND, "VARIABLE_INSTANCE_NOT_FOUND")

    # The running variable is left as it is; its later changes write details without a
    # historic instance.
    assert h.variables(instance) == {"amount": (2, "Integer"), "region": ("north", "String")}
    h.modify_variables(instance, {"amount": 3})
    assert h.changes(amount.id) == [("update", 2, 3, "Integer")]
    expect_error(lambda: h.historic_variable(amount.id), grpc.StatusCode.NOT_FOUND, "VARIABLE_INSTANCE_NOT_FOUND")


def test_delete_the_variable_history_of_a_process_instance(server, api) -> None:  # type: ignore[no-untyped-def]
    h = VariableHistory(api)
    process_key = key("all")
    definition = h.deploy_inline(process_key, waiting(process_key))
    running, other = h.start_id(definition, {"amount": 1, "gone": "x"}), h.start_id(definition, {"amount": 9})
    [task] = h.tasks_of(running)
    h.modify_task(task.id, {"comment": "ok"}, local=True)
    h.modify_variables(running, {"amount": 2}, deletions=("gone",))
    variables = [r.id for r in h.historic_variables(process_instance_id=running, include_deleted=True)]
    details = [d.id for d in h.historic_details(process_instance_id=running)]
    assert (len(variables), len(details)) == (3, 5)

    # Running or ended: every historic variable instance of it goes, the DELETED ones too.
    assert h.delete_variables_of(running) == 3
    _gone(h, running, variables, details)
    assert h.variables(running) == {"amount": (2, "Integer")}  # the runtime's stay
    assert h.of(process_instance_id=running, operation_type="DeleteHistory") == [
        ("DeleteHistory", "ProcessInstance", "nrOfVariableInstances", "", "3")]
    assert values(h.historic_variables(process_instance_id=other)) == {"amount": (9, "Integer")}
    assert h.delete_variables_of(running) == 0  # nothing left to delete

    h.modify_variables(running, {"later": True})
    h.complete(task.id)
    assert h.delete_variables_of(running) == 1
    assert h.count_historic_variables(process_instance_id=running, include_deleted=True) == 0
    assert [e.new_value for e in h.entries(process_instance_id=running, operation_type="DeleteHistory")] == [
        "3", "0", "1"]


# -- the call's operation, and the activity instance of a path the call starts --------------------


@pytest.mark.parametrize("verb", ["RestartFailedStep", "CompleteStep"])
def test_a_step_s_params_name_the_operation(api, verb: str) -> None:  # type: ignore[no-untyped-def]
    """The params become variables before the call's entries are written: they name them."""
    h = VariableHistory(api)
    process_key, topic = key("step"), key("topic")
    instance = h.start_id(h.deploy_inline(process_key, one_task(process_key, topic)))
    if verb == "RestartFailedStep":
        [locked] = h.fetch("worker", h.topic(topic))
        h.fail(locked.external_task.id, "worker", retries=0)
        [step] = h.steps_of(instance)
        h.restart(step.id, {"region": string("eu")})
    else:
        [step] = h.steps_of(instance)
        h.complete_step(step.id, {"region": string("eu")})
    [entry] = h.entries(process_instance_id=instance, operation_type=verb)
    [detail] = h.historic_details(process_instance_id=instance)
    assert (detail.variable_name, detail.user_operation_id) == ("region", entry.operation_id)


def test_modification_variables_name_the_operation_and_the_new_path_s_activity_instance(api) -> None:  # type: ignore[no-untyped-def]
    """The local variables of a path a start-before instruction makes are set before the path
    enters the activity: they name the pass it then starts."""
    h = VariableHistory(api)
    process_key = key("modified")
    instance = h.start_id(h.deploy_inline(process_key, waiting(process_key)))
    h.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(process_instance_id=instance, instructions=[
        Instruction(type=Instruction.TYPE_START_BEFORE_ACTIVITY, activity_id="Review",
                    variables=typed_map({"shared": 1}), local_variables=typed_map({"own": 2}))]))
    [entry] = h.entries(process_instance_id=instance, operation_type="ModifyProcessInstance")
    assert {d.variable_name: d.user_operation_id for d in h.historic_details(process_instance_id=instance)} == {
        "shared": entry.operation_id, "own": entry.operation_id}
    own = h.named("own", process_instance_id=instance)
    [new_pass] = [p for p in passes_at(h, instance, "Review") if p.execution_id == own.execution_id]
    assert own.activity_instance_id == new_pass.id
    assert h.named("shared", process_instance_id=instance).activity_instance_id == instance


def test_a_path_outside_any_activity_names_the_activity_instance_around_it(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    """A concurrent path waiting after an async-after activity has left it: its variables name
    the process instance the path runs in."""
    h = VariableHistory(fresh_server(server.backend, background=False).api())
    process_key = key("after")
    instance = h.start_id(h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="Reviewed" />
  <bpmn:endEvent id="Reviewed" />
  <bpmn:sequenceFlow id="f4" sourceRef="Fork" targetRef="Prepare" />
  <bpmn:task id="Prepare" camunda:asyncAfter="true" />
  <bpmn:sequenceFlow id="f5" sourceRef="Prepare" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""))
    [prepare] = passes_at(h, instance, "Prepare")
    assert prepare.HasField("end_time") and prepare.execution_id != instance
    h.modify_local(prepare.execution_id, {"checked": True})
    checked = h.named("checked", process_instance_id=instance)
    assert (checked.execution_id, checked.activity_instance_id) == (prepare.execution_id, instance)


def passes_at(h: VariableHistory, instance: str, activity_id: str) -> list[history_pb2.HistoricActivityInstance]:
    return list(h.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
        process_instance_id=instance, activity_id=activity_id)).historic_activity_instances)
