"""Input the tables cannot hold is INVALID_ARGUMENT naming its field, alike on SQLite (which would
keep it) and PostgreSQL (which would refuse it): text longer than its String(n) column, and
NaN or Infinity, which no JSON number holds. Also the NOT_FOUND of a definition by key."""

from __future__ import annotations

import math
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2

from flowkeeper.engine.v1 import (
    case_definition_pb2,
    case_instance_pb2,
    execution_pb2,
    message_pb2,
    process_definition_pb2,
    process_instance_pb2,
    task_pb2,
    types_pb2,
)
from tests.engine.case_support import Cases
from tests.engine.resources import bpmn
from tests.engine.support import typed, typed_map, value
from tests.support import expect_error, unique

LIMIT = 255
BAD = grpc.StatusCode.INVALID_ARGUMENT


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return Cases(api)


def _long(length: int, prefix: str = "k") -> str:
    return (prefix + "x" * length)[:length]


def _process(cases: Cases) -> str:
    return cases.definition_id(cases.deploy("case_review_process.bpmn"), "case_review_process")


def _case(cases: Cases) -> str:
    key = unique("case_three_items")
    return cases.case_definition_id(cases.deploy_case("case_three_items.cmmn", key=key), key)


def _start(cases: Cases, definition_id: str, variables: dict[str, types_pb2.TypedValue] | None = None,
           business_key: str = "") -> process_definition_pb2.StartProcessInstanceResponse:
    return cases.definitions.StartProcessInstance(process_definition_pb2.StartProcessInstanceRequest(
        definition=process_definition_pb2.DefinitionRef(id=definition_id), variables=variables or {},
        business_key=business_key))


def _create_case(cases: Cases, definition_id: str, variables: dict[str, types_pb2.TypedValue]) -> Any:
    return cases.case_definitions.CreateCaseInstance(case_definition_pb2.CreateCaseInstanceRequest(
        definition=process_definition_pb2.DefinitionRef(id=definition_id), variables=variables))


def _too_long(failed: Any, field: str, length: int) -> None:
    assert failed.fields == [field]
    assert failed.bad_request.field_violations[0].reason == "INVALID_FIELD"
    assert failed.info.metadata["field_name"] == field and failed.info.metadata["max_length"] == str(LIMIT)
    assert f"at most {LIMIT} characters (got {length})" in failed.message


def _number(raw: float, type_name: str = "") -> types_pb2.TypedValue:
    return types_pb2.TypedValue(value=struct_pb2.Value(number_value=raw), type=type_name)


# -- text longer than its column ------------------------------------------------------------


def test_a_business_key_longer_than_its_column_is_refused(cases: Cases) -> None:
    definition_id = _process(cases)
    failed = expect_error(lambda: _start(cases, definition_id, business_key=_long(LIMIT + 45)), BAD, "INVALID_FIELD")
    _too_long(failed, "business_key", LIMIT + 45)
    case_id = _case(cases)
    failed = expect_error(lambda: cases.create(id=case_id, business_key=_long(LIMIT + 1)), BAD, "INVALID_FIELD")
    _too_long(failed, "business_key", LIMIT + 1)
    # Nothing was written; a key of exactly the limit is kept whole.
    key = _long(LIMIT, unique("bk"))
    assert _start(cases, definition_id, business_key=key).process_instance.business_key == key
    assert cases.create(id=case_id, business_key=key).business_key == key
    assert not cases.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        business_key=_long(LIMIT + 45))).process_instances


def test_a_message_start_with_a_long_business_key_is_refused(cases: Cases) -> None:
    message = unique("StartOrder")
    content = bpmn("message_start.bpmn").replace(b'name="StartOrder"', f'name="{message}"'.encode())
    cases.deploy(contents={"message_start.bpmn": content})
    failed = expect_error(lambda: cases.messages.CorrelateMessage(message_pb2.CorrelateMessageRequest(
        message_name=message, business_key=_long(LIMIT + 1))), BAD, "INVALID_FIELD")
    _too_long(failed, "business_key", LIMIT + 1)


def test_a_variable_name_longer_than_its_column_is_refused(cases: Cases) -> None:
    name = _long(LIMIT + 45, "v")
    definition_id = _process(cases)
    failed = expect_error(lambda: _start(cases, definition_id, typed_map({name: 1})), BAD, "INVALID_FIELD")
    _too_long(failed, f"variables[{name}]", LIMIT + 45)
    assert "a variable name has at most" in failed.message
    failed = expect_error(lambda: cases.create(id=_case(cases), variables={name: ("text", "String")}), BAD,
                          "INVALID_FIELD")
    _too_long(failed, f"variables[{name}]", LIMIT + 45)
    instance = _start(cases, definition_id).process_instance
    failed = expect_error(lambda: cases.instances.ModifyVariables(process_instance_pb2.ModifyVariablesRequest(
        process_instance_id=instance.id, modifications=typed_map({name: True}))), BAD, "INVALID_FIELD")
    _too_long(failed, f"modifications[{name}]", LIMIT + 45)
    # A name of exactly the limit is kept.
    longest = _long(LIMIT, "w")
    cases.instances.ModifyVariables(process_instance_pb2.ModifyVariablesRequest(
        process_instance_id=instance.id, modifications=typed_map({longest: True})))
    assert cases.variables(instance.id) == {longest: (True, "Boolean")}


def test_a_variable_without_a_name_is_refused_on_every_path(cases: Cases) -> None:
    """No expression, filter or mapping can name a variable called "" (or only blanks), so every
    call that writes variables refuses one, as RestartFailedStep refuses a nameless param."""
    definition_id = _process(cases)
    instance = _start(cases, definition_id, typed_map({"kept": 1})).process_instance
    [task] = cases.tasks_of(instance.id)
    case_id = cases.create(id=_case(cases), variables={"kept": (1, "Integer")}).id
    modify_variables = cases.instances.ModifyVariables
    modify_local = cases.executions.ModifyLocalVariables
    modify_case = cases.case_instances.ModifyCaseInstanceVariables
    calls: list[tuple[str, str, Any]] = [  # (the map, the blank name, the call given the map)
        ("variables", "", lambda m: _start(cases, definition_id, m)),
        ("variables", " ", lambda m: _create_case(cases, _case(cases), m)),
        ("modifications", "", lambda m: modify_variables(process_instance_pb2.ModifyVariablesRequest(
            process_instance_id=instance.id, modifications=m))),
        ("modifications", "\t", lambda m: modify_local(execution_pb2.ModifyLocalVariablesRequest(
            execution_id=task.execution_id, modifications=m))),
        ("variables", "  ", lambda m: cases.tasks.CompleteTask(task_pb2.CompleteTaskRequest(task_id=task.id, variables=m))),
        ("process_variables", "", lambda m: cases.messages.CorrelateMessage(message_pb2.CorrelateMessageRequest(
            message_name=unique("Nobody"), process_variables=m))),
        ("correlation_keys", "", lambda m: cases.messages.CorrelateMessage(message_pb2.CorrelateMessageRequest(
            message_name=unique("Nobody"), correlation_keys=m))),
        ("modifications", " ", lambda m: modify_case(case_instance_pb2.ModifyCaseInstanceVariablesRequest(
            case_instance_id=case_id, modifications=m))),
    ]
    for map_name, name, call in calls:
        failed = expect_error(lambda: call(typed_map({name: 1})), BAD, "INVALID_VARIABLE_NAME")
        assert failed.fields == [f"{map_name}[{name}]"], (map_name, name)
        assert failed.info.metadata["variable"] == name
        assert "must not be empty or blank" in failed.message
    # Nothing was written, and the task still waits.
    assert cases.variables(instance.id) == {"kept": (1, "Integer")}
    assert cases.case_variables(case_id) == {"kept": (1, "Integer")}
    assert [t.id for t in cases.tasks_of(instance.id)] == [task.id]
    # A blank name is reported with the other bad variables of the same map.
    failed = expect_error(lambda: _start(cases, definition_id, {"": typed(1), "i": typed("x", "Integer")}), BAD)
    assert sorted(failed.fields) == ["variables[]", "variables[i].value"]


def test_a_long_name_is_reported_with_the_other_bad_variables(cases: Cases) -> None:
    name = _long(LIMIT + 1, "v")
    failed = expect_error(lambda: _start(cases, _process(cases), {
        name: typed(1), "n": _number(math.nan), "i": typed("x", "Integer")}), BAD)
    assert sorted(failed.fields) == sorted([f"variables[{name}]", "variables[n].value", "variables[i].value"])


def test_a_called_business_key_longer_than_its_column_fails_the_call(cases: Cases) -> None:
    deployment = cases.deploy("call_parent.bpmn", "call_child.bpmn", "call_grandchild.bpmn")
    failed = expect_error(lambda: _start(cases, cases.definition_id(deployment, "call_parent"),
                                         typed_map({"orderId": _long(LIMIT + 1), "amount": 1})),
                          grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert failed.info.metadata["activity_id"] == "CallChild"
    assert f"at most {LIMIT} are allowed" in failed.message
    key = unique("case_process_task")
    cases.deploy_case("case_process_task.cmmn", key=key,
                      extra=("case_review_process.bpmn", "case_instant_process.bpmn"))
    failed = expect_error(lambda: cases.create(key=key, variables={"documentId": _long(LIMIT + 1)}),
                          grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert f"at most {LIMIT} are allowed" in failed.message


def test_a_mapping_target_longer_than_a_variable_name_is_not_deployed(cases: Cases) -> None:
    target = _long(LIMIT + 1, "t")
    content = bpmn("call_parent.bpmn").replace(b'target="doubledAmount"', f'target="{target}"'.encode())
    failed = expect_error(lambda: cases.deploy(contents={"call_parent.bpmn": content}), BAD)
    assert f"at most {LIMIT} characters (got {LIMIT + 1})" in failed.message


# -- NaN and Infinity ------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("type_name", ["", "Double"])
def test_nan_and_infinity_are_not_variable_values(cases: Cases, raw: float, type_name: str) -> None:
    variables = {"x": _number(raw, type_name)}
    failed = expect_error(lambda: _create_case(cases, _case(cases), variables), BAD, "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["variables[x].value"]
    assert "NaN and Infinity" in failed.message
    definition_id = _process(cases)
    failed = expect_error(lambda: _start(cases, definition_id, variables), BAD, "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["variables[x].value"]
    instance = _start(cases, definition_id).process_instance
    failed = expect_error(lambda: cases.instances.ModifyVariables(process_instance_pb2.ModifyVariablesRequest(
        process_instance_id=instance.id, modifications=variables)), BAD, "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["modifications[x].value"]
    [task] = cases.tasks_of(instance.id)
    failed = expect_error(lambda: cases.tasks.CompleteTask(task_pb2.CompleteTaskRequest(
        task_id=task.id, variables=variables)), BAD, "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["variables[x].value"]
    assert cases.variables(instance.id) == {}


def test_nan_inside_a_json_value_or_its_value_info(cases: Cases) -> None:
    nested = struct_pb2.Value()
    nested.struct_value.update({"a": [1, math.nan]})
    failed = expect_error(lambda: _start(cases, _process(cases), {"doc": types_pb2.TypedValue(
        value=nested, type="Json")}), BAD, "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["variables[doc].value"]
    with_info = typed("text", "String")
    with_info.value_info.update({"weight": math.inf})
    failed = expect_error(lambda: _start(cases, _process(cases), {"s": with_info}), BAD,
                          "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["variables[s].value_info"]


@pytest.mark.parametrize("raw", [math.nan, math.inf])
def test_nan_and_infinity_are_not_filter_values(cases: Cases, raw: float) -> None:
    number = struct_pb2.Value(number_value=raw)
    for field in ("variables", "process_variables"):
        filters = [execution_pb2.VariableQueryParameter(name="a", operator="eq", value=value(1)),
                   execution_pb2.VariableQueryParameter(name="x", operator="eq", value=number)]
        for call in (cases.executions.QueryExecutions, cases.executions.CountExecutions):
            request = (execution_pb2.QueryExecutionsRequest if call == cases.executions.QueryExecutions
                       else execution_pb2.CountExecutionsRequest)(**{field: filters})
            failed = expect_error(lambda: call(request), BAD, "INVALID_VARIABLE_VALUE")
            assert failed.fields == [f"{field}[1].value"]
    failed = expect_error(lambda: cases.case_instances.QueryCaseInstances(case_instance_pb2.QueryCaseInstancesRequest(
        variables=[case_instance_pb2.CaseVariableFilter(name="x", operator="gt", value=number)])), BAD,
        "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["variables[0].value"]


# -- NOT_FOUND by key ------------------------------------------------------------------------


def test_a_definition_missing_by_key_names_the_key_and_the_tenant(cases: Cases) -> None:
    key = unique("case_manual")
    failed = expect_error(lambda: cases.create(key=key, tenant="tA"), grpc.StatusCode.NOT_FOUND,
                          "CASE_DEFINITION_NOT_FOUND")
    assert failed.message == f"case definition with key {key!r} of tenant 'tA' does not exist"
    assert (failed.info.metadata["id"], failed.info.metadata["tenant_id"]) == (key, "tA")
    failed = expect_error(lambda: cases.create(key=key), grpc.StatusCode.NOT_FOUND, "CASE_DEFINITION_NOT_FOUND")
    assert failed.message == f"case definition with key {key!r} without tenant does not exist"
    assert "tenant_id" not in failed.info.metadata

    def start(**ref: Any) -> Any:
        return cases.definitions.StartProcessInstance(process_definition_pb2.StartProcessInstanceRequest(
            definition=process_definition_pb2.DefinitionRef(**ref)))

    failed = expect_error(lambda: start(key_and_tenant=process_definition_pb2.KeyAndTenant(key=key, tenant_id="tA")),
                          grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    assert failed.message == f"process definition with key {key!r} of tenant 'tA' does not exist"
    assert (failed.info.metadata["id"], failed.info.metadata["field_name"]) == (key, "key")
    failed = expect_error(lambda: start(key=key), grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    assert failed.message == f"process definition with key {key!r} without tenant does not exist"
