"""Every bad QueryExecutions / CountExecutions request is INVALID_ARGUMENT with its ErrorInfo
reason and a field violation naming the field at fault."""

from __future__ import annotations

from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2

from flowkeeper.engine.v1 import execution_pb2
from flowkeeper.engine.v1.execution_pb2 import Sorting, VariableQueryParameter
from tests.engine.scenario import Scenario
from tests.engine.support import value
from tests.support import expect_error


def v(name: str, operator: str, raw: Any = "x", *, no_value: bool = False) -> VariableQueryParameter:
    if no_value:
        return VariableQueryParameter(name=name, operator=operator)
    return VariableQueryParameter(name=name, operator=operator, value=value(raw))


CASES = [
    # (request fields, reason, field)
    ({"sorting": [Sorting(sort_order="asc")]}, "INVALID_SORTING", "sorting[0].sort_by"),
    ({"sorting": [Sorting(sort_by="instanceId", sort_order="asc"), Sorting(sort_order="desc")]},
     "INVALID_SORTING", "sorting[1].sort_by"),
    ({"sorting": [Sorting(sort_by="activityId", sort_order="asc")]}, "INVALID_SORTING", "sorting[0].sort_by"),
    ({"sorting": [Sorting(sort_by="instanceId")]}, "INVALID_SORTING", "sorting[0].sort_order"),
    ({"sorting": [Sorting(sort_by="instanceId", sort_order="ascending")]}, "INVALID_SORTING",
     "sorting[0].sort_order"),
    ({"variables": [v("a", "eq"), v("b", "contains")]}, "INVALID_VARIABLE_OPERATOR", "variables[1].operator"),
    ({"variables": [v("a", "")]}, "INVALID_VARIABLE_OPERATOR", "variables[0].operator"),
    ({"variables": [v("a", "gt", True)]}, "INVALID_VARIABLE_OPERATOR", "variables[0].operator"),
    ({"variables": [v("a", "lteq", False)]}, "INVALID_VARIABLE_OPERATOR", "variables[0].operator"),
    ({"variables": [v("a", "like", 12)]}, "INVALID_VARIABLE_OPERATOR", "variables[0].operator"),
    ({"variables": [v("a", "like", True)]}, "INVALID_VARIABLE_OPERATOR", "variables[0].operator"),
    ({"variables": [v("a", "gt", None)]}, "INVALID_VARIABLE_OPERATOR", "variables[0].operator"),
    ({"process_variables": [v("a", "gt", 1)]}, "INVALID_VARIABLE_OPERATOR", "process_variables[0].operator"),
    ({"process_variables": [v("a", "eq"), v("a", "like", "x%")]}, "INVALID_VARIABLE_OPERATOR",
     "process_variables[1].operator"),
    ({"process_variables": [v("a", "between")]}, "INVALID_VARIABLE_OPERATOR", "process_variables[0].operator"),
    ({"variables": [v("", "eq")]}, "INVALID_VARIABLE_VALUE", "variables[0].name"),
    ({"process_variables": [v("", "eq")]}, "INVALID_VARIABLE_VALUE", "process_variables[0].name"),
    ({"variables": [v("a", "eq", no_value=True)]}, "INVALID_VARIABLE_VALUE", "variables[0].value"),
    ({"variables": [v("a", "eq", {"nested": 1})]}, "INVALID_VARIABLE_VALUE", "variables[0].value"),
    ({"process_variables": [v("a", "neq", [1, 2])]}, "INVALID_VARIABLE_VALUE", "process_variables[0].value"),
    ({"first_result": -1}, "INVALID_FIELD", "first_result"),
    ({"max_results": -5}, "INVALID_FIELD", "max_results"),
    ({"active": True, "suspended": True}, "INVALID_FIELD", "suspended"),
]


@pytest.mark.parametrize("fields,reason,field", CASES, ids=[c[2] + ":" + c[1] for c in CASES])
def test_query_rejects(api, fields: dict[str, Any], reason: str, field: str) -> None:  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    failed = expect_error(lambda: engine.executions.QueryExecutions(execution_pb2.QueryExecutionsRequest(**fields)),
                          grpc.StatusCode.INVALID_ARGUMENT, reason)
    assert failed.fields == [field]
    assert failed.info.metadata["field_name"] == field
    assert failed.info.metadata["type"] == "bad_request"
    if "sorting" in fields or "first_result" in fields or "max_results" in fields:
        return
    failed = expect_error(lambda: engine.executions.CountExecutions(execution_pb2.CountExecutionsRequest(**fields)),
                          grpc.StatusCode.INVALID_ARGUMENT, reason)
    assert failed.fields == [field]


def test_a_null_value_with_eq_is_not_an_error(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    null = VariableQueryParameter(name="nothing-here", operator="eq",
                                  value=struct_pb2.Value(null_value=struct_pb2.NULL_VALUE))
    engine.executions.QueryExecutions(execution_pb2.QueryExecutionsRequest(variables=[null], max_results=1))
