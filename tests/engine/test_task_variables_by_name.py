"""One variable of a task, by name (the document's engine's `/task/{id}/variables/{varName}` and
`/task/{id}/localVariables/{varName}`): GetTaskVariable (local_only, or the nearest visible from
the task), SetTaskVariable and DeleteTaskVariable (local, or where the name lives). Each set or
deletion is ModifyTaskVariables with one modification or one deletion: its operation log entry
(entity Variable, logged SetVariable or RemoveVariable where ModifyTaskVariables logs
ModifyVariable, as the document's engine does), its variable history, its conditional events and
a case's sentries, its refusals (a suspended instance, tenants); tasks of processes, of cases,
standalone tasks; every error.

The tests share the session's server: each works on process instances, cases and tasks of its
own."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import case_instance_pb2
from server.engine import conditions
from tests.engine.case_support import Cases
from tests.engine.variables_by_name_support import ByName, nested, watching_x
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error, unique


@pytest.fixture
def engine(api) -> ByName:  # type: ignore[no-untyped-def]
    return ByName(api)


def _nested(engine: ByName, variables: dict | None = None, tenant: str = "") -> tuple[str, str]:  # type: ignore[type-arg]
    """An instance of the nested process and its task Work (inside the subprocess Sub)."""
    process_key = key("task_by_name")
    instance = engine.start_id(engine.deploy_inline(process_key, nested(process_key), tenant=tenant), variables)
    return instance, engine.task_at(instance, "Work").id


def _watching(engine: ByName, y: object = 0) -> tuple[str, str]:
    """An instance of the process watching x (x and y 0, then y set by ModifyVariables, which no
    event listens to) and its task Work."""
    process_key = key("task_by_name_watch")
    instance = engine.start_id(engine.deploy_inline(process_key, watching_x(process_key)), {"x": 0, "y": 0})
    if y != 0:
        engine.modify_variables(instance, {"y": y})
    return instance, engine.task_at(instance, "Work").id


def test_get_set_and_delete_one_variable_of_a_task(engine: ByName) -> None:
    instance, task = _nested(engine, {"who": "instance", "order": 17})
    sub = engine.task_at(instance, "Work").execution_id
    engine.set_local(sub, "who", "subprocess")
    # Get: the nearest visible, or (local_only) the task's own.
    assert engine.get_task(task, "who") == ("subprocess", "String")
    assert engine.get_task(task, "order") == (17, "Integer")
    failed = expect_error(lambda: engine.get_task(task, "order", local_only=True), grpc.StatusCode.NOT_FOUND,
                          "VARIABLE_NOT_FOUND")
    assert (failed.info.metadata["id"], failed.info.metadata["name"]) == (task, "order")
    assert "local variable" in failed.message
    expect_error(lambda: engine.get_task(task, "nobody"), grpc.StatusCode.NOT_FOUND, "VARIABLE_NOT_FOUND")
    # Set with local: the task's own, which hides the others from the task.
    engine.set_task(task, "who", "task", local=True)
    assert (engine.get_task(task, "who"), engine.get_task(task, "who", local_only=True)) == (
        ("task", "String"), ("task", "String"))
    assert engine.locals_of(sub)["who"] == ("subprocess", "String")
    # Without local: where the name lives (the task's own first), else on the instance.
    engine.set_task(task, "who", "task again")
    engine.set_task(task, "order", 18)
    engine.set_task(task, "fresh", True)
    assert engine.task_vars(task, local_only=True) == {"who": ("task again", "String")}
    assert engine.variables(instance) == {"who": ("instance", "String"), "order": (18, "Integer"),
                                          "fresh": (True, "Boolean")}
    # Delete with local: the task's own only; a name the task lacks changes nothing.
    engine.delete_task(task, "who", local=True)
    engine.delete_task(task, "order", local=True)
    assert engine.get_task(task, "who") == ("subprocess", "String")
    assert engine.get_task(task, "order") == (18, "Integer")
    # Without local: the nearest one; a name no scope has changes nothing.
    engine.delete_task(task, "who")
    assert engine.locals_of(sub) == {} and engine.get_task(task, "who") == ("instance", "String")
    engine.delete_task(task, "nobody")
    engine.delete_task(task, "who")
    assert engine.variables(instance) == {"order": (18, "Integer"), "fresh": (True, "Boolean")}


def test_a_standalone_task_s_variables_are_its_own_either_way(engine: ByName, server: ServerHandle) -> None:
    tenant = unique("tenant")
    task = engine.standalone_task(tenant)
    engine.set_task(task, "reason", "callback")  # without local: its own scope is its only one
    engine.set_task(task, "tries", 1, local=True)
    assert engine.get_task(task, "reason", local_only=True) == ("callback", "String")
    assert engine.get_task(task, "tries") == (1, "Integer")
    engine.delete_task(task, "reason")
    engine.delete_task(task, "tries", local=True)
    engine.delete_task(task, "never-set")
    assert engine.task_vars(task) == {}
    [entry] = engine.logged(task_id=task, operation_type="SetVariable")[:1]
    assert (entry.entity_type, entry.category, entry.tenant_id, entry.process_instance_id, entry.deployment_id) == (
        "Variable", "TaskWorker", tenant, "", "")
    assert (engine.count(task_id=task, operation_type="SetVariable"),
            engine.count(task_id=task, operation_type="RemoveVariable"),
            engine.count(task_id=task, entity_type="Variable")) == (2, 3, 5)
    stranger = ByName(server.api(server.token(tenants=(unique("tenant"),))))
    for call in (lambda: stranger.get_task(task, "x"), lambda: stranger.set_task(task, "x", 1),
                 lambda: stranger.delete_task(task, "x")):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")


def test_a_task_variable_by_name_behaves_as_modify_task_variables(engine: ByName) -> None:
    """The operation log: each call writes one entry as ModifyTaskVariables does (a deletion of a
    name no scope has too), typed SetVariable / RemoveVariable where ModifyTaskVariables' is
    ModifyVariable; the variable history: the same details, naming the call's entry."""
    instance, task = _nested(engine)
    for local in (False, True):
        mine, theirs = f"mine_{local}", f"theirs_{local}"
        engine.set_task(task, mine, 1, local=local)
        engine.modify_task(task, {theirs: 1}, local=local)
        engine.set_task(task, mine, "two", local=local)
        engine.modify_task(task, {theirs: "two"}, local=local)
        engine.delete_task(task, mine, local=local)
        engine.modify_task(task, deletions=(theirs,), local=local)
        engine.delete_task(task, "never-set", local=local)
        engine.modify_task(task, deletions=("never-set",), local=local)
        assert engine.history_of(instance, mine) == engine.history_of(instance, theirs) == [
            ("create", 0, 1, "Integer"), ("update", 1, "two", "String"), ("delete", 1, "two", "String")]
        ours, sibling = (engine.named(n, process_instance_id=instance) for n in (mine, theirs))
        assert (ours.task_id, ours.execution_id) == (sibling.task_id, sibling.execution_id)
        assert ours.task_id == (task if local else "")
    entries = engine.entries(task_id=task)
    assert len(entries) == 16 and len({e.operation_id for e in entries}) == 16
    assert [e.operation_type for e in entries] == [
        "SetVariable", "ModifyVariable", "SetVariable", "ModifyVariable", "RemoveVariable", "ModifyVariable",
        "RemoveVariable", "ModifyVariable"] * 2
    first, *others = engine.logged(task_id=task)
    for entry in (first, *others):
        entry.ClearField("operation_type")
    assert all(other == first for other in others)
    assert (first.entity_type, first.property, first.category, first.process_instance_id, first.task_id) == (
        "Variable", "", "TaskWorker", instance, task)
    # Each change's detail names the entry of the call that made it, as ModifyTaskVariables' do.
    details = engine.historic_details(process_instance_id=instance)
    assert len(details) == 12
    assert {d.user_operation_id for d in details} <= {e.operation_id for e in entries}
    assert len({d.user_operation_id for d in details}) == 12


def test_a_task_variable_fires_conditional_events(engine: ByName) -> None:
    instance, task = _watching(engine)
    engine.set_task(task, "x", 5)  # the instance's x: Up1 and Up2 fire
    assert engine.open_tasks(instance) == ["UpTask1", "UpTask2", "Work"]
    quiet, task = _watching(engine)
    engine.set_task(task, "x", 5, local=True)  # a task's own variable is no process variable
    engine.delete_task(task, "x", local=True)
    assert engine.open_tasks(quiet) == ["Work"]
    deleting, task = _watching(engine, y=5)
    engine.delete_task(task, "x")
    assert engine.open_tasks(deleting) == ["GoneTask1", "GoneTask2", "Work"]


def test_task_variable_conditional_event_errors_keep_nothing(engine: ByName, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    instance, task = _watching(engine, y="many")
    failed = expect_error(lambda: engine.set_task(task, "x", "many"), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXPRESSION_EVALUATION_FAILED")
    assert failed.info.metadata["expression"] == "${x > 1}"
    failed = expect_error(lambda: engine.delete_task(task, "x"), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXPRESSION_EVALUATION_FAILED")
    assert failed.info.metadata["expression"] == "${y > 1}"
    assert engine.variables(instance) == {"x": (0, "Integer"), "y": ("many", "String")}
    looping, task = _watching(engine, y=5)
    monkeypatch.setattr(conditions, "MAX_TRIGGERS", 1)
    for call in (lambda: engine.set_task(task, "x", 2), lambda: engine.delete_task(task, "x")):
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "CONDITIONAL_EVENT_LIMIT_EXCEEDED")
    assert engine.variables(looping) == {"x": (0, "Integer"), "y": (5, "Integer")}
    assert engine.open_tasks(looping) == ["Work"]
    assert engine.count(task_id=task) == 0  # a refused call logs nothing


def test_a_suspended_instance_s_task_refuses_changes(engine: ByName) -> None:
    instance, task = _nested(engine, {"kept": 1})
    engine.set_task(task, "own", "o", local=True)
    engine.suspend(instance)
    for local in (False, True):
        for call in (lambda: engine.set_task(task, "late", 1, local=local),
                     lambda: engine.delete_task(task, "own", local=local),
                     lambda: engine.delete_task(task, "kept", local=local)):
            failed = expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
            assert failed.precondition.violations[0].subject == task
    assert (engine.get_task(task, "own"), engine.get_task(task, "kept")) == (("o", "String"), (1, "Integer"))
    engine.activate(instance)
    engine.set_task(task, "late", 1)
    assert engine.variables(instance)["late"] == (1, "Integer")


def test_a_case_s_task_sets_case_variables_and_runs_its_sentries(engine: ByName, api) -> None:  # type: ignore[no-untyped-def]
    cases = Cases(api)
    created = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False, "claim": "C-1"},
                                      key=unique("task_by_name_case"))
    [task] = cases.case_tasks(created.id)
    assert engine.get_task(task.id, "claim") == ("C-1", "String")
    engine.set_task(task.id, "claim", "mine", local=True)
    assert (engine.get_task(task.id, "claim"), cases.case_variables(created.id)["claim"]) == (
        ("mine", "String"), ("C-1", "String"))
    engine.set_task(task.id, "damage", 300)
    engine.delete_task(task.id, "claim", local=True)
    engine.delete_task(task.id, "claim")
    assert cases.case_variables(created.id) == {"withdrawn": (False, "Boolean"), "damage": (300, "Integer")}
    assert [e.operation_type for e in engine.entries(task_id=task.id)] == [
        "SetVariable", "SetVariable", "RemoveVariable", "RemoveVariable"]
    # A sentry that fails refuses the change whole; one that holds exits the case, the task with it.
    failed = expect_error(lambda: engine.set_task(task.id, "withdrawn", "soon"), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXPRESSION_EVALUATION_FAILED")
    assert failed.info.metadata["activity_id"]
    assert cases.case_variables(created.id)["withdrawn"] == (False, "Boolean")
    engine.set_task(task.id, "withdrawn", True)
    assert cases.case(created.id).state == case_instance_pb2.CaseInstance.STATE_TERMINATED
    expect_error(lambda: engine.get_task(task.id, "damage"), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")


def test_task_variable_errors(engine: ByName, server: ServerHandle) -> None:
    tenant = unique("tenant")
    instance, task = _nested(engine, {"a": 1}, tenant=tenant)
    for local in (False, True):
        for call in (lambda: engine.get_task(task, "", local_only=local), lambda: engine.set_task(task, "", 1, local=local),
                     lambda: engine.delete_task(task, "", local=local)):
            assert expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD").fields == ["name"]
        assert expect_error(lambda: engine.set_task(task, " ", 1, local=local), grpc.StatusCode.INVALID_ARGUMENT,
                            "INVALID_VARIABLE_NAME").fields == ["name"]
        failed = expect_error(lambda: engine.set_task(task, "n" * 256, 1, local=local),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert (failed.fields, failed.info.metadata["max_length"]) == (["name"], "255")
        assert expect_error(lambda: engine.set_task(task, "a", "many", "Integer", local=local),
                            grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE").fields == ["value.value"]
        assert expect_error(lambda: engine.set_task(task, "a", 1, "Money", local=local),
                            grpc.StatusCode.INVALID_ARGUMENT, "UNSUPPORTED_VARIABLE_TYPE").fields == ["value.type"]
    assert (engine.task_vars(task), engine.count(task_id=task)) == ({"a": (1, "Integer")}, 0)
    for missing in ("no-such-task", ""):
        for call in (lambda: engine.get_task(missing, "a"), lambda: engine.set_task(missing, "a", 1),
                     lambda: engine.delete_task(missing, "a", local=True)):
            expect_error(call, grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    stranger = ByName(server.api(server.token(tenants=(unique("tenant"),))))
    for call in (lambda: stranger.get_task(task, "a"), lambda: stranger.set_task(task, "a", 2),
                 lambda: stranger.delete_task(task, "a")):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    member = ByName(server.api(server.token(tenants=(tenant,))))
    member.set_task(task, "a", 2)
    assert member.get_task(task, "a") == (2, "Integer")
    # A task that was completed is gone, with its variables.
    engine.complete(task)
    for call in (lambda: engine.get_task(task, "a"), lambda: engine.set_task(task, "a", 3),
                 lambda: engine.delete_task(task, "a")):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    assert engine.variables(instance) == {"a": (2, "Integer")}
