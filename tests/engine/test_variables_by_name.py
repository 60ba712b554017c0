"""One process variable or one local variable of an execution, by name (the document's engine's
`/process-instance/{id}/variables/{varName}` and `/execution/{id}/localVariables/{varName}`):
GetProcessInstanceVariable, SetProcessInstanceVariable, DeleteProcessInstanceVariable,
GetExecutionLocalVariable, SetExecutionLocalVariable, DeleteExecutionLocalVariable. Each set or
deletion is ModifyVariables / ModifyLocalVariables with one modification or one deletion: the
same variable history, the same operation log entry (SetVariable or RemoveVariable where the
sibling writes ModifyVariable, as in the document's engine), the same conditional events and their
errors; a get answers the typed value the many-variables get lists. Tenants, suspended and ended
instances, and every error.

The tests share the session's server: each works on process instances of its own."""

from __future__ import annotations

import base64

import grpc
import pytest
from google.protobuf import json_format, struct_pb2

from flowkeeper.engine.v1 import types_pb2
from server.engine import conditions
from tests.engine.conditional_support import conditional, on_task
from tests.engine.variables_by_name_support import ByName, nested, watching_x
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error, unique

DATE = "2025-06-03T10:00:00.000+0000"


@pytest.fixture
def engine(api) -> ByName:  # type: ignore[no-untyped-def]
    return ByName(api)


def _nested(engine: ByName, variables: dict | None = None, tenant: str = "") -> str:  # type: ignore[type-arg]
    """An instance of the nested process (waiting at Work inside Sub) of a key of its own."""
    process_key = key("by_name_nested")
    return engine.start_id(engine.deploy_inline(process_key, nested(process_key), tenant=tenant), variables)


def _inner(engine: ByName, instance_id: str) -> str:
    """The execution of the nested process's subprocess Sub (its task Work's, below the
    instance)."""
    found = engine.task_at(instance_id, "Work").execution_id
    assert found != instance_id
    return found


def _watching(engine: ByName, y: object = 0) -> str:
    """An instance of the process watching x, started with x and y 0 (no condition holds as it
    begins), then y set by ModifyVariables (which no event listens to)."""
    process_key = key("by_name_watch")
    instance = engine.start_id(engine.deploy_inline(process_key, watching_x(process_key)), {"x": 0, "y": 0})
    if y != 0:
        engine.modify_variables(instance, {"y": y})
    assert engine.open_tasks(instance) == ["Work"]
    return instance


def _values() -> dict[str, types_pb2.TypedValue]:
    """A value of each kind a variable may hold, some with value_info."""
    info = struct_pb2.Struct()
    info.update({"serializationDataFormat": "application/json", "note": ["kept", "as given"]})
    document = json_format.ParseDict({"order": {"lines": [1, 2.5, "three"], "paid": None}}, struct_pb2.Value())
    text = struct_pb2.Value(string_value="plain")

    def of(raw: struct_pb2.Value, type_name: str, value_info: struct_pb2.Struct | None = None) -> types_pb2.TypedValue:
        return types_pb2.TypedValue(value=raw, type=type_name, value_info=value_info)

    return {
        "json": of(document, "Json", info),
        "bytes": of(struct_pb2.Value(string_value=base64.b64encode(b"\x00\x01binary").decode()), "Bytes"),
        "date": of(struct_pb2.Value(string_value=DATE), "Date"),
        "long": of(struct_pb2.Value(string_value="9007199254740993"), "Long"),
        "double": of(struct_pb2.Value(number_value=2.5), "Double"),
        "short": of(struct_pb2.Value(number_value=7), "Short"),
        "null": of(struct_pb2.Value(null_value=struct_pb2.NULL_VALUE), "Null"),
        "typed_null": of(struct_pb2.Value(null_value=struct_pb2.NULL_VALUE), "Integer"),
        "text": of(text, "String", info),
        "flag": of(struct_pb2.Value(bool_value=True), ""),  # inferred: Boolean
    }


# -- process instances ------------------------------------------------------------------------------


def test_get_set_and_delete_one_process_variable(engine: ByName) -> None:
    instance = _nested(engine, {"a": 1, "keep": "k"})
    assert engine.get_pi(instance, "a") == (1, "Integer")
    engine.set_pi(instance, "a", "two")  # without a type: inferred
    engine.set_pi(instance, "when", DATE, "Date")
    assert (engine.get_pi(instance, "a"), engine.get_pi(instance, "when")) == (("two", "String"), (DATE, "Date"))
    engine.delete_pi(instance, "a")
    engine.delete_pi(instance, "never-set")  # as the document's engine: no variable, no change, no error
    assert engine.variables(instance) == {"keep": ("k", "String"), "when": (DATE, "Date")}
    failed = expect_error(lambda: engine.get_pi(instance, "a"), grpc.StatusCode.NOT_FOUND, "VARIABLE_NOT_FOUND")
    assert (failed.info.metadata["id"], failed.info.metadata["name"]) == (instance, "a")
    # Only the instance's own scope holds process variables: the subprocess's local one is none.
    sub = _inner(engine, instance)
    engine.set_local(sub, "inner", 1)
    expect_error(lambda: engine.get_pi(instance, "inner"), grpc.StatusCode.NOT_FOUND, "VARIABLE_NOT_FOUND")
    engine.delete_pi(instance, "inner")  # nothing of the instance's: the subprocess keeps its own
    assert engine.locals_of(sub) == {"inner": (1, "Integer")}


def test_one_variable_is_the_value_the_many_variables_gets_list(engine: ByName) -> None:
    """The same mapping: a get by name answers exactly what GetVariables, GetLocalVariables and
    GetTaskVariables answer for that name, value_info included."""
    instance = _nested(engine)
    sub, task = _inner(engine, instance), engine.task_at(instance, "Work").id
    values = _values()
    for name, value in values.items():
        engine.set_pi(instance, name, value)
        engine.set_local(sub, name, value)
        engine.set_task(task, name, value, local=True)
    listed, local, own = engine.all_of_instance(instance), engine.all_local(sub), engine.all_of_task(task, True)
    assert set(listed) == set(local) == set(own) == set(values)
    for name in values:
        assert engine.instance_variable(instance, name) == listed[name], name
        assert engine.local_variable(sub, name) == local[name], name
        assert engine.task_variable(task, name, local_only=True) == own[name], name
        assert engine.task_variable(task, name) == own[name], name  # the task's own hides the others
    assert engine.get_pi(instance, "json") == ({"order": {"lines": [1, 2.5, "three"], "paid": None}}, "Json")
    assert json_format.MessageToDict(engine.instance_variable(instance, "json").value_info) == {
        "serializationDataFormat": "application/json", "note": ["kept", "as given"]}
    assert engine.get_pi(instance, "long") == ("9007199254740993", "Long")
    assert engine.get_pi(instance, "typed_null") == (None, "Integer")


def test_a_process_variable_by_name_behaves_as_modify_variables(engine: ByName) -> None:
    """The variable history: the same details as ModifyVariables writes for the same changes;
    the operation log: one entry per call as ModifyVariables writes, typed SetVariable or
    RemoveVariable, which the call's details name."""
    instance = _nested(engine)
    logged = engine.count(process_instance_id=instance)
    engine.set_pi(instance, "mine", 1)
    engine.set_pi(instance, "mine", "two")
    engine.delete_pi(instance, "mine")
    engine.modify_variables(instance, {"theirs": 1})
    engine.modify_variables(instance, {"theirs": "two"})
    engine.modify_variables(instance, deletions=("theirs",))
    assert engine.history_of(instance, "mine") == engine.history_of(instance, "theirs") == [
        ("create", 0, 1, "Integer"), ("update", 1, "two", "String"), ("delete", 1, "two", "String")]
    mine, theirs = (engine.named(n, process_instance_id=instance) for n in ("mine", "theirs"))
    assert (mine.state, mine.execution_id, mine.activity_instance_id, mine.task_id) == (
        theirs.state, theirs.execution_id, theirs.activity_instance_id, theirs.task_id)
    assert (mine.state, mine.execution_id) == ("DELETED", instance)
    entries = engine.entries(process_instance_id=instance, entity_type="Variable")
    assert [e.operation_type for e in entries] == [
        "SetVariable", "SetVariable", "RemoveVariable", "ModifyVariable", "ModifyVariable", "ModifyVariable"]
    assert engine.count(process_instance_id=instance) == logged + 6
    assert [d.user_operation_id for d in engine.historic_details(process_instance_id=instance)] == [
        e.operation_id for e in entries]


def test_setting_a_process_variable_fires_conditional_events(engine: ByName) -> None:
    instance = _watching(engine)
    engine.set_pi(instance, "x", 1)
    assert engine.open_tasks(instance) == ["Work"]
    engine.set_pi(instance, "x", 5)
    assert engine.open_tasks(instance) == ["UpTask1", "UpTask2", "Work"]


def test_deleting_a_process_variable_fires_conditional_events(engine: ByName) -> None:
    instance = _watching(engine, y=5)  # Gone1 and Gone2 listen to deletions of x only
    engine.delete_pi(instance, "x")
    assert engine.open_tasks(instance) == ["GoneTask1", "GoneTask2", "Work"]


def test_process_variable_conditional_event_errors_keep_nothing(engine: ByName, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A condition that fails.
    instance = _watching(engine, y="many")
    failed = expect_error(lambda: engine.set_pi(instance, "x", "many"), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXPRESSION_EVALUATION_FAILED")
    assert failed.info.metadata["expression"] == "${x > 1}"
    failed = expect_error(lambda: engine.delete_pi(instance, "x"), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXPRESSION_EVALUATION_FAILED")
    assert failed.info.metadata["expression"] == "${y > 1}"
    assert engine.variables(instance) == {"x": (0, "Integer"), "y": ("many", "String")}
    # A condition that holds on a suspended instance; a change that makes none hold is kept.
    suspended = _watching(engine, y=5)
    engine.suspend(suspended)
    engine.set_pi(suspended, "x", 1)
    for call in (lambda: engine.set_pi(suspended, "x", 2), lambda: engine.delete_pi(suspended, "x")):
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    assert engine.variables(suspended) == {"x": (1, "Integer"), "y": (5, "Integer")}
    assert [event for event, *_ in engine.history_of(suspended, "x")] == ["create", "update"]
    # More conditional events fired in one call than allowed (lowered to 1 here: each change of
    # x fires two).
    looping = _watching(engine, y=5)
    monkeypatch.setattr(conditions, "MAX_TRIGGERS", 1)
    for call in (lambda: engine.set_pi(looping, "x", 2), lambda: engine.delete_pi(looping, "x")):
        failed = expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "CONDITIONAL_EVENT_LIMIT_EXCEEDED")
        assert failed.info.metadata["limit"] == "1"
    assert engine.variables(looping) == {"x": (0, "Integer"), "y": (5, "Integer")}
    assert engine.open_tasks(looping) == ["Work"]


def test_a_suspended_instance_takes_variables_and_an_ended_one_none(engine: ByName) -> None:
    instance = _nested(engine, {"a": 1})
    engine.suspend(instance)
    engine.set_pi(instance, "b", 2)
    engine.delete_pi(instance, "a")
    assert engine.get_pi(instance, "b") == (2, "Integer")
    engine.activate(instance)
    engine.end(instance)
    for call in (lambda: engine.get_pi(instance, "b"), lambda: engine.set_pi(instance, "b", 3),
                 lambda: engine.delete_pi(instance, "b")):
        failed = expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_ENDED")
        assert failed.info.metadata["state"] == "EXTERNALLY_TERMINATED"
    assert engine.history_of(instance, "b") == [("create", 0, 2, "Integer")]


def test_process_instance_variable_errors(engine: ByName, server: ServerHandle) -> None:
    tenant = unique("tenant")
    instance = _nested(engine, {"a": 1}, tenant=tenant)
    for call in (lambda: engine.get_pi(instance, ""), lambda: engine.set_pi(instance, "", 1),
                 lambda: engine.delete_pi(instance, "")):
        assert expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD").fields == ["name"]
    assert expect_error(lambda: engine.set_pi(instance, "  ", 1), grpc.StatusCode.INVALID_ARGUMENT,
                        "INVALID_VARIABLE_NAME").fields == ["name"]
    failed = expect_error(lambda: engine.set_pi(instance, "n" * 256, 1), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_FIELD")
    assert (failed.fields, failed.info.metadata["max_length"]) == (["name"], "255")
    assert expect_error(lambda: engine.set_pi(instance, "a", "many", "Integer"), grpc.StatusCode.INVALID_ARGUMENT,
                        "INVALID_VARIABLE_VALUE").fields == ["value.value"]
    assert expect_error(lambda: engine.set_pi(instance, "a", 1, "Money"), grpc.StatusCode.INVALID_ARGUMENT,
                        "UNSUPPORTED_VARIABLE_TYPE").fields == ["value.type"]
    assert engine.variables(instance) == {"a": (1, "Integer")}
    for missing in ("no-such-instance", ""):
        for call in (lambda: engine.get_pi(missing, "a"), lambda: engine.set_pi(missing, "a", 1),
                     lambda: engine.delete_pi(missing, "a")):
            expect_error(call, grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    # Another tenant's instance does not exist for a token; its own tenant's does.
    stranger = ByName(server.api(server.token(tenants=(unique("tenant"),))))
    for call in (lambda: stranger.get_pi(instance, "a"), lambda: stranger.set_pi(instance, "a", 2),
                 lambda: stranger.delete_pi(instance, "a")):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    member = ByName(server.api(server.token(tenants=(tenant,))))
    member.set_pi(instance, "a", 2)
    assert member.get_pi(instance, "a") == (2, "Integer")
    member.delete_pi(instance, "a")
    assert engine.variables(instance) == {}


# -- executions ---------------------------------------------------------------------------------------


def test_get_set_and_delete_one_local_variable_of_an_execution(engine: ByName) -> None:
    instance = _nested(engine, {"shared": "instance", "above": True})
    sub = _inner(engine, instance)
    engine.set_local(sub, "shared", "sub")  # the subprocess's own: the instance's is untouched
    engine.set_local(sub, "step", 1)
    engine.set_local(sub, "step", "packing")
    assert engine.locals_of(sub) == {"shared": ("sub", "String"), "step": ("packing", "String")}
    assert engine.variables(instance) == {"shared": ("instance", "String"), "above": (True, "Boolean")}
    assert engine.get_local(sub, "step") == ("packing", "String")
    assert engine.get_local(instance, "shared") == ("instance", "String")  # the instance is its root execution
    # Neither the get nor the deletion reaches the scopes above the execution.
    failed = expect_error(lambda: engine.get_local(sub, "above"), grpc.StatusCode.NOT_FOUND, "VARIABLE_NOT_FOUND")
    assert (failed.info.metadata["id"], failed.info.metadata["name"]) == (sub, "above")
    engine.delete_local(sub, "above")
    engine.delete_local(sub, "never-set")
    engine.delete_local(sub, "shared")
    assert engine.locals_of(sub) == {"step": ("packing", "String")}
    assert engine.variables(instance) == {"shared": ("instance", "String"), "above": (True, "Boolean")}


def test_a_local_variable_by_name_behaves_as_modify_local_variables(engine: ByName) -> None:
    instance = _nested(engine)
    sub = _inner(engine, instance)
    logged = engine.count(process_instance_id=instance)
    engine.set_local(sub, "mine", 1)
    engine.set_local(sub, "mine", "two")
    engine.delete_local(sub, "mine")
    engine.modify_local(sub, {"theirs": 1})
    engine.modify_local(sub, {"theirs": "two"})
    engine.modify_local(sub, deletions=("theirs",))
    assert engine.history_of(instance, "mine") == engine.history_of(instance, "theirs") == [
        ("create", 0, 1, "Integer"), ("update", 1, "two", "String"), ("delete", 1, "two", "String")]
    mine, theirs = (engine.named(n, process_instance_id=instance) for n in ("mine", "theirs"))
    assert (mine.execution_id, mine.activity_instance_id) == (theirs.execution_id, theirs.activity_instance_id)
    assert mine.execution_id == sub and mine.activity_instance_id
    entries = engine.entries(execution_id=sub)
    assert [e.operation_type for e in entries] == [
        "SetVariable", "SetVariable", "RemoveVariable", "ModifyVariable", "ModifyVariable", "ModifyVariable"]
    assert engine.count(process_instance_id=instance) == logged + 6
    assert [d.user_operation_id for d in engine.historic_details(process_instance_id=instance)] == [
        e.operation_id for e in entries]


def test_a_local_variable_fires_the_conditional_events_of_its_scope(engine: ByName) -> None:
    process_key = key("by_name_local_cond")
    instance = engine.start_id(engine.deploy_inline(process_key, on_task(process_key, conditional("${x > 1}"))))
    work = engine.task_at(instance, "Work").execution_id
    engine.set_local(work, "x", 5)  # the scope of Work and its boundary event Changed
    assert engine.open_tasks(instance) == ["Rework"]
    # A deletion reaches the events of the execution whose variable it deletes.
    watched = _watching(engine, y=5)
    engine.delete_local(watched, "x")
    assert engine.open_tasks(watched) == ["GoneTask1", "GoneTask2", "Work"]


def test_local_variable_conditional_event_errors_keep_nothing(engine: ByName, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    instance = _watching(engine, y="many")  # its root execution's local variables are its process variables
    expect_error(lambda: engine.set_local(instance, "x", "many"), grpc.StatusCode.FAILED_PRECONDITION,
                 "EXPRESSION_EVALUATION_FAILED")
    expect_error(lambda: engine.delete_local(instance, "x"), grpc.StatusCode.FAILED_PRECONDITION,
                 "EXPRESSION_EVALUATION_FAILED")
    assert engine.locals_of(instance) == {"x": (0, "Integer"), "y": ("many", "String")}
    suspended = _watching(engine, y=5)
    engine.suspend(suspended)
    engine.set_local(suspended, "x", 1)
    for call in (lambda: engine.set_local(suspended, "x", 2), lambda: engine.delete_local(suspended, "x")):
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    assert engine.locals_of(suspended) == {"x": (1, "Integer"), "y": (5, "Integer")}
    looping = _watching(engine, y=5)
    monkeypatch.setattr(conditions, "MAX_TRIGGERS", 1)
    for call in (lambda: engine.set_local(looping, "x", 2), lambda: engine.delete_local(looping, "x")):
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "CONDITIONAL_EVENT_LIMIT_EXCEEDED")
    assert engine.locals_of(looping) == {"x": (0, "Integer"), "y": (5, "Integer")}


def test_execution_local_variable_errors(engine: ByName, server: ServerHandle) -> None:
    tenant = unique("tenant")
    instance = _nested(engine, tenant=tenant)
    sub = _inner(engine, instance)
    engine.set_local(sub, "a", 1)
    for call in (lambda: engine.get_local(sub, ""), lambda: engine.set_local(sub, "", 1),
                 lambda: engine.delete_local(sub, "")):
        assert expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD").fields == ["name"]
    assert expect_error(lambda: engine.set_local(sub, " ", 1), grpc.StatusCode.INVALID_ARGUMENT,
                        "INVALID_VARIABLE_NAME").fields == ["name"]
    failed = expect_error(lambda: engine.set_local(sub, "v" * 256, 1), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_FIELD")
    assert (failed.fields, failed.info.metadata["max_length"]) == (["name"], "255")
    assert expect_error(lambda: engine.set_local(sub, "a", "many", "Integer"), grpc.StatusCode.INVALID_ARGUMENT,
                        "INVALID_VARIABLE_VALUE").fields == ["value.value"]
    assert expect_error(lambda: engine.set_local(sub, "a", 1, "Money"), grpc.StatusCode.INVALID_ARGUMENT,
                        "UNSUPPORTED_VARIABLE_TYPE").fields == ["value.type"]
    assert engine.locals_of(sub) == {"a": (1, "Integer")}
    for missing in ("no-such-execution", ""):
        for call in (lambda: engine.get_local(missing, "a"), lambda: engine.set_local(missing, "a", 1),
                     lambda: engine.delete_local(missing, "a")):
            failed = expect_error(call, grpc.StatusCode.NOT_FOUND, "EXECUTION_NOT_FOUND")
            assert failed.info.metadata["field_name"] == "execution_id"
    stranger = ByName(server.api(server.token(tenants=(unique("tenant"),))))
    for call in (lambda: stranger.get_local(sub, "a"), lambda: stranger.set_local(sub, "a", 2),
                 lambda: stranger.delete_local(sub, "a")):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "EXECUTION_NOT_FOUND")
    member = ByName(server.api(server.token(tenants=(tenant,))))
    member.set_local(sub, "a", 2)
    assert member.get_local(sub, "a") == (2, "Integer")
    # An execution that has gone (its subprocess ended) has no variables left to name.
    engine.complete(engine.task_at(instance, "Work").id)
    for call in (lambda: engine.get_local(sub, "a"), lambda: engine.set_local(sub, "a", 3),
                 lambda: engine.delete_local(sub, "a")):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "EXECUTION_NOT_FOUND")
