"""The decision history (HistoryService.QueryHistoricDecisionInstances, CountHistoricDecisionInstances,
GetHistoricDecisionInstance): what EvaluateDecision and a business rule task write — a row per
decision evaluated, required decisions linked to the one asked for, inputs and outputs as typed
values, the COLLECT aggregate, the process's fields —, every filter, both sort keys both ways,
the default order and offset paging, what a tenant's token sees, and the errors.

The world is a server of its own per backend (module-scoped): every row of its decision history
is the world's, so a filter's answer is exact, and its clock moves a minute between evaluations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Iterator

import grpc
import pytest

from flowkeeper.engine.v1 import history_pb2 as hi
from flowkeeper.engine.v1 import history_pb2_grpc
from tests.conftest import BACKENDS, own_server
from tests.engine.bpmn.snippets import definitions
from tests.engine.dmn_support import Decisions, dmn, literal, table, value_of
from tests.engine.history_support import every_page, expect_refused_log_requests, sorted_by, ts
from tests.engine.resources import bpmn as resource
from tests.support import Api, ServerHandle, expect_error

MINUTE = timedelta(minutes=1)
TENANT = "tenant-a"
NOT_FOUND = "DECISION_INSTANCE_NOT_FOUND"

DINNER = definitions("""
<bpmn:process id="dinner" isExecutable="true" camunda:historyTimeToLive="30">
  <bpmn:startEvent id="Hungry" />
  <bpmn:sequenceFlow id="f1" sourceRef="Hungry" targetRef="ChooseDish" />
  <bpmn:businessRuleTask id="ChooseDish" camunda:decisionRef="dish" camunda:resultVariable="dish"
      camunda:mapDecisionResult="singleEntry" />
  <bpmn:sequenceFlow id="f2" sourceRef="ChooseDish" targetRef="Cook" />
  <bpmn:userTask id="Cook" />
  <bpmn:sequenceFlow id="f3" sourceRef="Cook" targetRef="Eaten" />
  <bpmn:endEvent id="Eaten" />
</bpmn:process>""")

# amount -> points: every rule whose bound the amount reaches, summed (COLLECT SUM).
TOTAL = table("total", [("amount", "double")], [("points", "integer")],
              [([">= 0"], ["1"]), ([">= 10"], ["2"]), ([">= 100"], ["5"])], hit_policy="COLLECT", aggregation="SUM",
              name="Total")


class DecisionHistory(Decisions):
    """The decision helpers plus the decision history's queries."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def decision_instances(self, **filters: Any) -> list[hi.HistoricDecisionInstance]:
        return list(self.history.QueryHistoricDecisionInstances(
            hi.QueryHistoricDecisionInstancesRequest(**filters)).historic_decision_instances)

    def count_decision_instances(self, **filters: Any) -> int:
        return self.history.CountHistoricDecisionInstances(hi.CountHistoricDecisionInstancesRequest(**filters)).count

    def decision_instance(self, instance_id: str, **include: bool) -> hi.HistoricDecisionInstance:
        return self.history.GetHistoricDecisionInstance(hi.GetHistoricDecisionInstanceRequest(
            id=instance_id, **include)).historic_decision_instance


def inputs(row: hi.HistoricDecisionInstance) -> list[tuple[Any, ...]]:
    return [(i.clause_id, i.clause_name, value_of(i.value)) for i in row.inputs]


def outputs(row: hi.HistoricDecisionInstance) -> list[tuple[Any, ...]]:
    return [(o.clause_id, o.clause_name, o.rule_id, o.rule_order, o.variable_name, value_of(o.value))
            for o in row.outputs]


@dataclass
class World:
    """Six historic decision instances, labelled; evaluations a minute apart (t0..t3):

    t0  A: alice evaluates dish (month 1, 4 guests: Roastbeef); a: season, which dish requires
    t1  B: the admin evaluates total (amount 50: rules 1 and 2, SUM 3)
    t2  C: the process dinner's business rule task ChooseDish evaluates dish (month 7, 2 guests:
        the salad); c: its season
    t3  D: the admin evaluates double, a literal expression of TENANT (amount 4: 8.0)"""

    server: ServerHandle
    h: DecisionHistory
    times: tuple[datetime, ...]
    rows: dict[str, hi.HistoricDecisionInstance]  # label -> row (as the query gives it)
    definitions: dict[str, str]  # decision key -> definition id
    process_definition_id: str
    process_instance_id: str
    pass_id: str  # ChooseDish's activity instance

    def label(self, row: hi.HistoricDecisionInstance) -> str:
        return next(label for label, known in self.rows.items() if known.id == row.id)

    def found(self, **filters: Any) -> list[hi.HistoricDecisionInstance]:
        """What the query finds (every page of 2), checked against the count; without sorting,
        checked to be in the default order (evaluation time, then id)."""
        rows = every_page(self.h.decision_instances, self.h.count_decision_instances, 2, **filters)
        if "sorting" not in filters:
            assert [r.id for r in rows] == [r.id for r in sorted(rows, key=lambda r: (
                r.evaluation_time.seconds, r.evaluation_time.nanos, r.id))], filters
        return rows

    def which(self, **filters: Any) -> str:
        return "".join(sorted(self.label(r) for r in self.found(**filters)))

    def order(self, *pairs: tuple[str, str]) -> str:
        return "".join(self.label(r) for r in self.found(sorting=sorted_by(*pairs)))

    def expected(self, key: Any) -> str:
        return "".join(sorted(self.rows, key=lambda label: (key(self.rows[label]), self.rows[label].id)))


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with own_server(request, tmp_path_factory, history_cleanup=False) as handle:
        yield _world(handle)


def _world(server: ServerHandle) -> World:
    h = DecisionHistory(server.api())
    alice = DecisionHistory(server.api(server.token("alice")))
    deployment = h.deploy_files({"dinner.dmn": resource("dinner.dmn"), "total.dmn": dmn(TOTAL),
                                 "dinner.bpmn": DINNER})
    tenant = h.deploy_decisions(literal("double", "doubled", "amount * 2", "double"), tenant=TENANT)
    ids = {d.key: d.id for d in [*deployment.definitions, *tenant.definitions]}
    t0 = server.clock.now()
    alice.evaluate("dish", {"month": 1, "guestCount": 4})
    t1 = server.clock.advance(MINUTE)
    h.evaluate("total", {"amount": 50})
    t2 = server.clock.advance(MINUTE)
    instance = h.start(ids["dinner"], {"month": 7, "guestCount": 2}).process_instance
    t3 = server.clock.advance(MINUTE)
    h.evaluate("double", {"amount": 4}, tenant=TENANT)
    [found_pass] = h.history.QueryHistoricActivityInstances(hi.QueryHistoricActivityInstancesRequest(
        process_instance_id=instance.id, activity_id="ChooseDish")).historic_activity_instances
    everything = h.decision_instances()
    assert len(everything) == 6

    def one(key: str, at: datetime) -> hi.HistoricDecisionInstance:
        [row] = [r for r in everything if r.decision_definition_key == key and r.evaluation_time == ts(at)]
        return row

    rows = {"A": one("dish", t0), "a": one("season", t0), "B": one("total", t1), "C": one("dish", t2),
            "c": one("season", t2), "D": one("double", t3)}
    return World(server, h, (t0, t1, t2, t3), rows, ids, ids["dinner"], instance.id, found_pass.id)


# -- what an evaluation writes --------------------------------------------------------------------


def test_evaluate_decision_writes_the_decision_asked_for_and_each_it_required(world: World) -> None:
    h, rows = world.h, world.rows
    dish = h.decision_instance(rows["A"].id, include_inputs=True, include_outputs=True)
    assert (dish.decision_definition_id, dish.decision_definition_key, dish.decision_definition_name) == (
        world.definitions["dish"], "dish", "Dish")
    assert (dish.evaluation_time, dish.user_id, dish.tenant_id, dish.root_decision_instance_id) == (
        ts(world.times[0]), "alice", "", "")
    assert (dish.process_instance_id, dish.process_definition_id, dish.activity_id, dish.activity_instance_id,
            dish.case_instance_id, dish.root_process_instance_id) == ("", "", "", "", "", "")
    assert not dish.HasField("collect_result_value")
    assert inputs(dish) == [("Input_season", "Season", ("Winter", "String")),
                            ("Input_guests", "How many guests", (4, "Integer"))]
    assert outputs(dish) == [("Output_dish", "Dish", "Rule_winter", 1, "desiredDish", ("Roastbeef", "String"))]
    assert {i.decision_instance_id for i in dish.inputs} | {o.decision_instance_id for o in dish.outputs} == {
        dish.id}
    assert all(i.create_time == ts(world.times[0]) for i in dish.inputs)
    assert len({i.id for i in dish.inputs} | {o.id for o in dish.outputs}) == 3
    # The required decision, a literal expression: its own row, its root the row asked for.
    season = h.decision_instance(rows["a"].id, include_inputs=True, include_outputs=True)
    assert (season.decision_definition_id, season.decision_definition_name, season.root_decision_instance_id,
            season.user_id, season.evaluation_time) == (world.definitions["season"], "Season", dish.id, "alice",
                                                        ts(world.times[0]))
    assert inputs(season) == []
    assert outputs(season) == [("", "", "", 0, "season", ("Winter", "String"))]


def test_collect_with_an_aggregator_keeps_the_aggregate_and_every_matching_rule(world: World) -> None:
    total = world.h.decision_instance(world.rows["B"].id, include_inputs=True, include_outputs=True)
    assert total.HasField("collect_result_value") and total.collect_result_value == 3.0
    assert inputs(total) == [("in1", "", (50.0, "Double"))]
    assert outputs(total) == [("out1", "", "r1", 1, "points", (1, "Integer")),
                              ("out1", "", "r2", 2, "points", (2, "Integer"))]
    assert total.user_id != "" and total.user_id != "alice"  # the admin token's user


def test_a_business_rule_task_writes_its_process_and_activity(world: World) -> None:
    dish, season = (world.h.decision_instance(world.rows[label].id, include_outputs=True) for label in "Cc")
    for row in (dish, season):
        assert (row.process_definition_id, row.process_definition_key, row.process_instance_id,
                row.root_process_instance_id, row.activity_id, row.activity_instance_id, row.user_id,
                row.tenant_id) == (world.process_definition_id, "dinner", world.process_instance_id,
                                   world.process_instance_id, "ChooseDish", world.pass_id, "", "")
    assert season.root_decision_instance_id == dish.id and dish.root_decision_instance_id == ""
    assert outputs(dish)[0][4:] == ("desiredDish", ("Light Salad and a nice Steak", "String"))
    assert outputs(season)[0][4:] == ("season", ("Summer", "String"))


def test_a_tenants_decision_keeps_its_tenant(world: World) -> None:
    doubled = world.h.decision_instance(world.rows["D"].id, include_outputs=True)
    assert (doubled.tenant_id, doubled.decision_definition_id) == (TENANT, world.definitions["double"])
    assert outputs(doubled) == [("", "", "", 0, "doubled", (8.0, "Double"))]


def test_inputs_and_outputs_only_when_asked_for(world: World) -> None:
    h, dish = world.h, world.rows["A"].id
    assert not world.rows["A"].inputs and not world.rows["A"].outputs  # the world's rows: a plain query
    plain = h.decision_instance(dish)
    assert (len(plain.inputs), len(plain.outputs)) == (0, 0)
    assert (len(h.decision_instance(dish, include_inputs=True).inputs),
            len(h.decision_instance(dish, include_inputs=True).outputs)) == (2, 0)
    assert (len(h.decision_instance(dish, include_outputs=True).inputs),
            len(h.decision_instance(dish, include_outputs=True).outputs)) == (0, 1)
    found = {r.id: r for r in h.decision_instances(include_inputs=True, include_outputs=True)}
    assert {world.label(r): (len(r.inputs), len(r.outputs)) for r in found.values()} == {
        "A": (2, 1), "a": (0, 1), "B": (1, 2), "C": (2, 1), "c": (0, 1), "D": (0, 1)}
    assert {world.label(r): len(r.inputs) for r in h.decision_instances(include_inputs=True)} == {
        "A": 2, "a": 0, "B": 1, "C": 2, "c": 0, "D": 0}
    assert all(not r.outputs for r in h.decision_instances(include_inputs=True))


def test_a_failed_evaluation_writes_nothing(world: World) -> None:
    h = world.h
    expect_error(lambda: h.evaluate("dish", {"guestCount": 4}), grpc.StatusCode.FAILED_PRECONDITION,
                 "DECISION_EVALUATION_FAILED")  # month is unknown: season fails
    assert h.count_decision_instances() == 6


# -- filters, sorting, paging ---------------------------------------------------------------------


def test_each_filter(world: World) -> None:
    rows, t = world.rows, world.times
    cases: list[tuple[dict[str, Any], str]] = [
        ({}, "ABCDac"),
        ({"decision_instance_id": rows["A"].id}, "A"),
        ({"decision_instance_id_in": [rows["A"].id, rows["c"].id]}, "Ac"),
        ({"decision_definition_id": world.definitions["dish"]}, "AC"),
        ({"decision_definition_id_in": [world.definitions["dish"], world.definitions["total"]]}, "ABC"),
        ({"decision_definition_key": "season"}, "ac"),
        ({"decision_definition_key_in": ["season", "double"]}, "Dac"),
        ({"decision_definition_name": "Dish"}, "AC"),
        ({"decision_definition_name_like": "%eas%"}, "ac"),
        ({"decision_definition_name_like": "T_tal"}, "B"),
        ({"process_definition_id": world.process_definition_id}, "Cc"),
        ({"process_definition_key": "dinner"}, "Cc"),
        ({"process_instance_id": world.process_instance_id}, "Cc"),
        ({"case_definition_id": "nope"}, ""),
        ({"case_definition_key": "nope"}, ""),
        ({"case_instance_id": "nope"}, ""),
        ({"activity_id_in": ["ChooseDish", "Other"]}, "Cc"),
        ({"activity_instance_id_in": [world.pass_id]}, "Cc"),
        ({"tenant_id_in": [TENANT]}, "D"),
        ({"tenant_id_in": ["other"]}, ""),
        ({"without_tenant_id": True}, "ABCac"),
        ({"evaluated_before": ts(t[1])}, "ABa"),
        ({"evaluated_after": ts(t[2])}, "CDc"),
        ({"evaluated_after": ts(t[1]), "evaluated_before": ts(t[2])}, "BCc"),
        ({"user_id": "alice"}, "Aa"),
        ({"root_decision_instance_id": rows["A"].id}, "a"),
        ({"root_decision_instance_id": rows["C"].id}, "c"),
        ({"root_decision_instances_only": True}, "ABCD"),
        ({"root_decision_instances_only": True, "decision_definition_key": "season"}, ""),
        ({"decision_definition_key": "dish", "evaluated_after": ts(t[1])}, "C"),
    ]
    for filters, expected in cases:
        assert world.which(**filters) == expected, filters


def test_sorting_both_ways(world: World) -> None:
    def time(row: hi.HistoricDecisionInstance) -> tuple[int, int]:
        return row.evaluation_time.seconds, row.evaluation_time.nanos

    assert world.order(("evaluationTime", "asc")) == world.expected(time)
    assert world.order(("evaluationTime", "desc")) == world.expected(lambda r: tuple(-x for x in time(r)))
    assert world.order(("tenantId", "asc"), ("evaluationTime", "asc")) == world.expected(
        lambda r: (r.tenant_id != "", time(r)))
    assert world.order(("tenantId", "desc"), ("evaluationTime", "asc")) == world.expected(
        lambda r: (r.tenant_id == "", time(r)))
    assert world.order(("tenantId", "desc"))[0] == "D"
    # Without sorting: as evaluated (World.found checks it on every query).
    assert world.found()[-1].id == world.rows["D"].id


def test_what_a_tenants_token_sees(world: World) -> None:
    server, rows = world.server, world.rows
    alice = DecisionHistory(server.api(server.token("alice")))
    assert {world.label(r) for r in alice.decision_instances()} == set("ABCac")
    assert alice.count_decision_instances() == 5
    expect_error(lambda: alice.decision_instance(rows["D"].id), grpc.StatusCode.NOT_FOUND, NOT_FOUND)
    granted = DecisionHistory(server.api(server.token(tenants=(TENANT,))))
    assert granted.count_decision_instances() == 6
    assert granted.decision_instance(rows["D"].id).id == rows["D"].id
    assert granted.count_decision_instances(tenant_id_in=[TENANT]) == 1


def test_errors(world: World) -> None:
    h = world.h
    for unknown in ("", "nope", world.rows["A"].id + "x"):
        failed = expect_error(lambda: h.decision_instance(unknown), grpc.StatusCode.NOT_FOUND, NOT_FOUND)
        assert failed.info is not None
    expect_refused_log_requests(h.decision_instances, h.count_decision_instances,
                                ("evaluated_before", "evaluated_after"), [
                                    (sorted_by(("evaluationTime", "up")), "sorting[0].sort_order"),
                                    (sorted_by(("decisionDefinitionKey", "asc")), "sorting[0].sort_by"),
                                    (sorted_by(("", "asc")), "sorting[0].sort_by")])
    for call in (h.decision_instances, h.count_decision_instances):
        failed = expect_error(lambda: call(decision_definition_name_like="Di\\"), grpc.StatusCode.INVALID_ARGUMENT,
                              "INVALID_FIELD")
        assert failed.fields == ["decision_definition_name_like"]
    unauthenticated = DecisionHistory(world.server.api(None))
    for call in (unauthenticated.decision_instances, unauthenticated.count_decision_instances,
                 lambda: unauthenticated.decision_instance(world.rows["A"].id)):
        expect_error(call, grpc.StatusCode.UNAUTHENTICATED)
