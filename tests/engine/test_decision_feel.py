"""FEEL beyond the simple subset, through the server: decision tables and literal expressions
whose inputs, input entries and outputs use lists, contexts, ranges, built-in functions and
durations, evaluated by EvaluateDecision and by a business rule task; what their results become
(Json, Date, String) in the result, the process's variables and the decision history; the
deployment's refusals (with the position) and the evaluation errors (naming rule, input, output
and expression)."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import history_pb2, history_pb2_grpc
from tests.engine.dmn_support import Decisions, dmn, literal, table, value_of
from tests.engine.test_business_rule_task import ended_variables, rule_process, start
from tests.support import expect_error, unique


@pytest.fixture
def engine(api) -> Decisions:  # type: ignore[no-untyped-def]
    return Decisions(api)


ORDER = {"order": ({"items": [{"sku": "a", "price": 10, "tags": ["fragile"]},
                              {"sku": "b", "price": 25, "tags": []}],
                    "customer": {"name": "Ada Lovelace", "since": "2015-06-01"}}, "Json")}


def _shipping_table(key: str) -> str:
    """Inputs: the order's total (sum of a path into a list), its tags (flatten), the customer's
    years (a years and months duration from a date); entries with ranges, `?` expressions and
    list tests; outputs: a list, a context, a duration, a date and a number."""
    return table(key, [
        ("sum(order.items.price)", None),
        ("flatten(order.items.tags)", None),
        ('years and months duration(date(order.customer.since), date("2024-01-01")).years', None),
    ], [("codes", None), ("summary", None), ("delay", None), ("due", None), ("count", "integer")], [
        (["[0..20]", "-", "-"], ['["small"]', "{size: \"small\"}", 'duration("P1D")', 'date("2024-01-02")', "1"]),
        (["> 20", 'list contains(?, "fragile")', ">= 5"],
         ['for i in order.items return upper case(i.sku)',
          '{size: "large", first: order.items[1].sku, names: split(order.customer.name, " ")}',
          'duration("P2DT4H")', 'date("2024-01-01") + duration("P1M")',
          "count(order.items[price > 5])"]),
        (["> 20", "count(?) = 0", "-"], ["[]", "{}", 'duration("P1Y")', "null", "0"]),
    ], hit_policy="FIRST")


def test_lists_contexts_functions_and_durations_in_a_decision_table(server, engine: Decisions) -> None:  # type: ignore[no-untyped-def]
    key = unique("shipping")
    engine.deploy_decisions(_shipping_table(key))
    assert engine.evaluate(key, ORDER) == [[
        ("codes", ["A", "B"], "Json"),
        ("summary", {"size": "large", "first": "a", "names": ["Ada", "Lovelace"]}, "Json"),
        ("delay", "P2DT4H", "String"),
        ("due", "2024-02-01T00:00:00.000+0000", "Date"),
        ("count", 2.0, "Integer"),
    ]]
    small = {"order": ({"items": [{"sku": "a", "price": 10, "tags": []}],
                        "customer": {"name": "B", "since": "2023-06-01"}}, "Json")}
    assert engine.values(key, small) == [{"codes": ["small"], "summary": {"size": "small"}, "delay": "P1D",
                                          "due": "2024-01-02T00:00:00.000+0000", "count": 1}]
    untagged = {"order": ({"items": [{"sku": "a", "price": 30, "tags": []}],
                           "customer": {"name": "B", "since": "2023-06-01"}}, "Json")}
    assert engine.evaluate(key, untagged) == [[
        ("codes", [], "Json"), ("summary", {}, "Json"), ("delay", "P1Y", "String"), ("due", None, "Null"),
        ("count", 0.0, "Integer")]]
    # The decision history keeps the inputs as FEEL gave them (a list as Json) and the outputs as the result has them.
    history = engine.api.stub(history_pb2_grpc.HistoryServiceStub)
    rows = history.QueryHistoricDecisionInstances(history_pb2.QueryHistoricDecisionInstancesRequest(
        decision_definition_key=key, include_inputs=True, include_outputs=True)).historic_decision_instances
    # (the sum of the Json's prices 10.0 and 25.0 is whole: an Integer)
    [row] = [r for r in rows if value_of(r.inputs[0].value) == (35.0, "Integer")]  # ORDER's evaluation
    assert [value_of(i.value) for i in row.inputs] == [(35.0, "Integer"), (["fragile"], "Json"), (8.0, "Integer")]
    assert [(o.variable_name, value_of(o.value)) for o in row.outputs][:3] == [
        ("codes", (["A", "B"], "Json")),
        ("summary", ({"size": "large", "first": "a", "names": ["Ada", "Lovelace"]}, "Json")),
        ("delay", ("P2DT4H", "String"))]


UNARY = [
    # (input expression, input entry, matching values of x, other values)
    ("x", "? > 5 and ? < 10", [6, 9], [5, 10]),
    ("x", 'contains(?, "gold")', ["gold member", "gold"], ["silver"]),
    ("x", 'starts with(?, "A"), ends with(?, "z")', ["Abc", "xyz"], ["bcd"]),
    ("x", "not(? > 3)", [1, 3], [4]),
    ("x", "cellInput in [1..3]", [1, 3], [0]),
    ("x", "allowed", ["b"], ["z"]),
    ("x", '["a", "b"]', ["a"], ["z"]),
    ("x", "count(?) > 1", [([1, 2], "Json")], [([1], "Json")]),
    ("x", '> date and time("2020-01-01T00:00:00") and ? < date and time("2021-01-01T00:00:00")'
          .replace("> ", "? > ", 1), [("2020-06-01T00:00:00", "Date")], [("2019-06-01T00:00:00", "Date")]),
    ('duration(x)', '> duration("PT12H")', ["P1D", "PT13H"], ["PT1H"]),
    ('duration(x)', '[duration("P1D")..duration("P2D")]', ["P1D", "PT36H"], ["PT1H", "P3D"]),
    ('date(x).weekday', "[6..7]", ["2024-06-01", "2024-06-02"], ["2024-06-03"]),
    ("x.level", '"gold"', [({"level": "gold"}, "Json")], [({"level": "blue"}, "Json")]),
    ("x", "? instance of string", ["a"], [1]),
]


@pytest.mark.parametrize("expression, entry, matching, other", UNARY, ids=[u[1][:40] for u in UNARY])
def test_input_entries_with_the_input_as_question_mark(engine: Decisions, expression: str, entry: str,
                                                       matching: list[Any], other: list[Any]) -> None:
    key = unique("entries")
    engine.deploy_decisions(table(key, [(expression, None)], [("hit", None)], [([entry], ["true"])]))
    for value in matching:
        assert engine.values(key, {"x": value, "allowed": (["a", "b"], "Json")}) == [{"hit": True}], (entry, value)
    for value in other:
        assert engine.values(key, {"x": value, "allowed": (["a", "b"], "Json")}) == [], (entry, value)


LITERALS = [
    ('{total: sum(prices), top: max(prices), n: count(prices)}', {"total": 60, "top": 30, "n": 3}, "Json"),
    ("sort(prices, function(a, b) a > b)", [30, 20, 10], "Json"),
    ("prices[item >= 20]", [20, 30], "Json"),
    ("prices[-1]", 30.0, "Integer"),  # (a Json variable's numbers arrive as doubles; a whole one is an Integer)
    ('string join(for p in prices return string(p), "/")', "10/20/30", "String"),
    ('duration("PT36H")', "P1DT12H", "String"),
    ('years and months duration(date("2020-01-01"), date("2021-03-01"))', "P1Y2M", "String"),
    ('time("10:30:00") + duration("PT45M")', "11:15:00", "String"),
    ('date("2024-01-31") + duration("P1M")', "2024-02-29T00:00:00.000+0000", "Date"),
    ('date and time("2024-01-01T10:00:00") - date and time("2023-12-31T09:00:00")', "P1DT1H", "String"),
    ('[date("2024-01-01"), duration("P1D"), time("10:00:00")]',
     ["2024-01-01T00:00:00.000+0000", "P1D", "10:00:00"], "Json"),
    ("decimal(mean(prices) / 3, 2)", 6.67, "Double"),
    ('get entries({a: 1})', [{"key": "a", "value": 1}], "Json"),
    ("5 between 1 and 10", True, "Boolean"),
    ("prices instance of list", True, "Boolean"),
    ('substring(string: "foobar", start position: 4)', "bar", "String"),
]


@pytest.mark.parametrize("text, value, type_name", LITERALS, ids=[lit[0][:40] for lit in LITERALS])
def test_literal_expressions_and_their_result_types(engine: Decisions, text: str, value: Any, type_name: str) -> None:
    key = unique("literal")
    engine.deploy_decisions(literal(key, "result", text))
    assert engine.evaluate(key, {"prices": ([10, 20, 30], "Json")}) == [[("result", value, type_name)]]


def test_a_typed_output_reads_durations_and_times_as_strings(engine: Decisions) -> None:
    key = unique("typed")
    engine.deploy_decisions(table(key, [("x", None)], [("d", "string"), ("when", "date")],
                                  [(["-"], ['duration("P1D")', 'date("2024-05-01")'])]))
    assert engine.evaluate(key, {"x": 1}) == [[("d", "P1D", "String"), ("when", "2024-05-01T00:00:00.000+0000",
                                                                          "Date")]]


def test_a_required_decisions_list_output_is_a_list_to_the_decision_requiring_it(engine: Decisions) -> None:
    base, top = unique("base"), unique("top")
    engine.deploy_decisions(literal(base, "tiers", '[{name: "a", min: 0}, {name: "b", min: 100}]'),
                            literal(top, "tier", "tiers[min <= amount][-1].name", requires=[base]))
    assert engine.values(top, {"amount": 150}) == [{"tier": "b"}]
    assert engine.values(top, {"amount": 50}) == [{"tier": "a"}]


def test_a_business_rule_task_with_feel_functions(server, engine: Decisions) -> None:  # type: ignore[no-untyped-def]
    decision, process_key = unique("shipping"), unique("ship")
    engine.deploy_files({
        "ship.bpmn": rule_process(process_key, f'camunda:decisionRef="{decision}" camunda:resultVariable="result" '
                                               'camunda:mapDecisionResult="singleResult"'),
        "ship.dmn": dmn(_shipping_table(decision)),
    })
    instance = start(engine, process_key, ORDER)
    result, type_name = ended_variables(server, instance.id)["result"]
    assert type_name == "Json"
    assert result == {"codes": ["A", "B"], "summary": {"size": "large", "first": "a", "names": ["Ada", "Lovelace"]},
                      "delay": "P2DT4H", "due": "2024-02-01T00:00:00.000+0000", "count": 2}
    entries = unique("entries")
    engine.deploy_files({
        "entries.bpmn": rule_process(entries, f'camunda:decisionRef="{decision}-codes" camunda:resultVariable="codes" '
                                              'camunda:mapDecisionResult="singleEntry"'),
        "codes.dmn": dmn(table(f"{decision}-codes", [("order.items", None)], [("codes", None)],
                               [(["count(?) > 1"], ["order.items.sku"]), (["-"], ['["none"]'])], hit_policy="FIRST")),
    })
    assert ended_variables(server, start(engine, entries, ORDER).id)["codes"] == (["a", "b"], "Json")


DEPLOYMENT_ERRORS = [
    # (where: input expression / entry / output, text, position, detail)
    ("input", "sum(order.items.price", 22, "expected ',' or ')'"),
    ("entry", "? > 5 and", 10, "unexpected end of expression"),
    ("entry", 'contains(?, "x"', 16, "expected ',' or ')'"),
    ("output", "{a: 1, a: 2}", 8, "the context has two entries named 'a'"),
    ("output", "string length()", 1, "string length() takes 1 argument, not 0"),
    ("output", 'substring(text: "a")', 1, "substring() has no parameters (text)"),
    ("output", "x instance of money", 15, "expected a type"),
    ("output", '@"soon"', 1, "invalid temporal literal"),
    ("output", "shout(x)", 1, "unknown function shout()"),
]


@pytest.mark.parametrize("where, text, position, detail", DEPLOYMENT_ERRORS, ids=[d[1] for d in DEPLOYMENT_ERRORS])
def test_the_deployment_refuses_malformed_feel_with_its_position(engine: Decisions, where: str, text: str,
                                                                 position: int, detail: str) -> None:
    key = unique("bad")
    body = table(key, [(text if where == "input" else "x", None)], [("y", None)],
                 [([text if where == "entry" else "-"], [text if where == "output" else "1"])])
    failure = expect_error(lambda: engine.deploy_decisions(body), grpc.StatusCode.INVALID_ARGUMENT,
                           "INVALID_EXPRESSION")
    metadata = failure.info.metadata
    assert metadata["element"] == {"input": "inputExpression", "entry": "inputEntry", "output": "outputEntry"}[where]
    assert (metadata["expression"], metadata["position"]) == (text, str(position)), metadata
    assert detail in failure.message, failure.message


EVALUATION_ERRORS = [
    # (input expression, entry, output, variables, metadata, cause)
    ("upper case(x)", "-", "1", {"x": 5}, {"input_id": "in1", "expression": "upper case(x)"},
     "upper case(): argument 1 must be a string, not number 5"),
    ("x", "contains(?, 1)", "1", {"x": "a"}, {"rule_id": "r1", "input_id": "in1", "expression": "contains(?, 1)"},
     "contains(): argument 2 must be a string, not number 1"),
    ("x", "-", 'duration(x) + 1', {"x": "P1D"}, {"rule_id": "r1", "output_id": "out1"},
     "'+' needs numbers or two strings (or dates, times and durations that go together)"),
    ("x", "-", "[1..x]", {"x": 2}, {"rule_id": "r1", "output_id": "out1"},
     "the output entry gave a value of range, which no variable holds"),
    ("x", "-", 'sublist([1], x)', {"x": 3}, {"rule_id": "r1", "output_id": "out1"},
     "sublist(): start position 3 is outside the list of 1 items"),
    ("x", '> duration("P1D")', "1", {"x": 5}, {"rule_id": "r1", "input_id": "in1"},
     "cannot compare number 5 with days and time duration P1D using '>'"),
]


@pytest.mark.parametrize("expression, entry, output, variables, metadata, cause", EVALUATION_ERRORS,
                         ids=[str(i) for i in range(len(EVALUATION_ERRORS))])
def test_evaluation_errors_name_where_they_happen(engine: Decisions, expression: str, entry: str, output: str,
                                                  variables: dict[str, Any], metadata: dict[str, str],
                                                  cause: str) -> None:
    key = unique("failing")
    engine.deploy_decisions(table(key, [(expression, None)], [("y", None)], [([entry], [output])]))
    failure = expect_error(lambda: engine.evaluate(key, variables), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    got = failure.info.metadata
    assert got["decision_key"] == key
    assert {k: got.get(k) for k in metadata} == metadata, got
    assert cause in got["cause"], got["cause"]
