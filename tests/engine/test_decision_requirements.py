"""Decision requirements definitions (DecisionRequirementsDefinitionService): a DMN file of more
than one decision deploys as one (key the <definitions> id, name, category its namespace,
versions per key and tenant), a file of one decision as none; duplicate filtering, the
deployment's deletion, tenants; GetDecisionRequirementsDefinition by id, key and key and tenant,
the XML, every query filter and sort key, the statistics of its decisions' history; the
decision definitions and historic decision instances that name it, with their new filters; the
files refused; and the migration that gives files deployed before their definitions.

The first tests share the session's server (unique keys); the world below is a server of its
own per backend, so a filter's answer is exact."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Iterator
from xml.sax.saxutils import quoteattr

import grpc
import pytest
from sqlalchemy import text

from flowkeeper.engine.v1 import decision_requirements_definition_pb2 as drd
from flowkeeper.engine.v1 import decision_requirements_definition_pb2_grpc, deployment_pb2
from flowkeeper.engine.v1 import history_pb2 as hi
from flowkeeper.engine.v1 import history_pb2_grpc
from server.db import Database
from server.migrate import upgrade
from tests.conftest import BACKENDS, database_url, own_server
from tests.engine.bpmn.snippets import definitions as bpmn_definitions
from tests.engine.dmn_support import DMN13, Decisions, KeyAndTenant, Ref, literal, table
from tests.engine.history_support import every_page, sorted_by
from tests.engine.resources import bpmn as resource
from tests.support import Api, ServerHandle, expect_error, unique

NOT_FOUND = "DECISION_REQUIREMENTS_DEFINITION_NOT_FOUND"
MINUTE = timedelta(minutes=1)
KIND = "decisionRequirements"


def drd_file(key: str | None, *decisions: str, name: str | None = "Rules", namespace: str | None = "http://x",
             ns: str = DMN13) -> bytes:
    """A DMN file whose <definitions> has id ``key``, ``name`` and ``namespace`` (None: left out)."""
    attributes = "".join(f" {a}={quoteattr(v)}" for a, v in (("id", key), ("name", name), ("namespace", namespace))
                         if v is not None)
    body = "\n".join(decisions)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="{ns}" '
            f'xmlns:camunda="http://camunda.org/schema/1.0/dmn"{attributes}>\n{body}\n</definitions>\n').encode()


def score(key: str = "score") -> str:
    return literal(key, "score", "amount / 10", "double")


def risk(key: str = "risk", requires: str = "score") -> str:
    return table(key, [("score", "double")], [("level", "string")], [(["< 5"], ['"low"']), ([">= 5"], ['"high"'])],
                 name="Risk", requires=[requires])


def pair(prefix: str) -> tuple[str, str, str]:
    """Two decisions of unique keys (the second requires the first): (score key, risk key, body)."""
    s, r = unique(f"{prefix}-score"), unique(f"{prefix}-risk")
    return s, r, f"{score(s)}\n{risk(r, s)}"


class Requirements(Decisions):
    """The decision helpers plus the decision requirements definition service and the history."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)
        self.drds = api.stub(decision_requirements_definition_pb2_grpc.DecisionRequirementsDefinitionServiceStub)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def drd(self, ref: Ref) -> drd.DecisionRequirementsDefinition:
        return self.drds.GetDecisionRequirementsDefinition(
            drd.GetDecisionRequirementsDefinitionRequest(definition=ref)).decision_requirements_definition

    def drd_query(self, **filters: Any) -> list[drd.DecisionRequirementsDefinition]:
        return list(self.drds.QueryDecisionRequirementsDefinitions(
            drd.QueryDecisionRequirementsDefinitionsRequest(**filters)).decision_requirements_definitions)

    def drd_count(self, **filters: Any) -> int:
        return self.drds.CountDecisionRequirementsDefinitions(
            drd.CountDecisionRequirementsDefinitionsRequest(**filters)).count

    def xml(self, ref: Ref) -> drd.GetDecisionRequirementsDefinitionXmlResponse:
        return self.drds.GetDecisionRequirementsDefinitionXml(drd.GetDecisionRequirementsDefinitionXmlRequest(
            definition=ref))

    def statistics(self, definition_id: str, decision_instance_id: str = "") -> list[tuple[str, int]]:
        return [(s.decision_definition_key, s.evaluations) for s in self.drds.GetDecisionRequirementsDefinitionStatistics(
            drd.GetDecisionRequirementsDefinitionStatisticsRequest(
                id=definition_id, decision_instance_id=decision_instance_id)).statistics]

    def decision_instances(self, **filters: Any) -> list[hi.HistoricDecisionInstance]:
        return list(self.history.QueryHistoricDecisionInstances(
            hi.QueryHistoricDecisionInstancesRequest(**filters)).historic_decision_instances)

    def count_decision_instances(self, **filters: Any) -> int:
        return self.history.CountHistoricDecisionInstances(hi.CountHistoricDecisionInstancesRequest(**filters)).count


def drd_of(deployment: deployment_pb2.Deployment) -> deployment_pb2.DeployedDefinition:
    [found] = [d for d in deployment.definitions if d.kind == KIND]
    return found


@pytest.fixture
def engine(api) -> Requirements:  # type: ignore[no-untyped-def]
    return Requirements(api)


# -- deployment -----------------------------------------------------------------------------------


def test_a_file_of_several_decisions_deploys_as_a_decision_requirements_definition(engine: Requirements) -> None:
    key = unique("loans")
    s, r, body = pair("drd")
    deployment = engine.deploy_files({"rules/loans.dmn": drd_file(key, body, name="Loan Rules",
                                                                  namespace="http://example.com/loans")})
    view = drd_of(deployment)
    assert (view.key, view.version, view.name, view.resource_name) == (key, 1, "Loan Rules", "rules/loans.dmn")
    assert view.id.startswith(f"{key}:1:")
    got = engine.drd(Ref(id=view.id))
    assert (got.id, got.key, got.name, got.category, got.version, got.resource_name, got.deployment_id,
            got.tenant_id) == (view.id, key, "Loan Rules", "http://example.com/loans", 1, "rules/loans.dmn",
                               deployment.id, "")
    # Each decision of the file names it.
    for decision in (engine.get(Ref(key=s)), engine.get(Ref(key=r))):
        assert (decision.decision_requirements_definition_id, decision.decision_requirements_definition_key) == (
            view.id, key)
    fetched = engine.deployments.GetDeployment(deployment_pb2.GetDeploymentRequest(id=deployment.id)).deployment
    assert sorted((d.kind, d.key) for d in fetched.definitions) == sorted(
        [("decision", s), ("decision", r), (KIND, key)])


def test_a_file_of_one_decision_has_none(engine: Requirements) -> None:
    key, decision = unique("alone"), unique("alone-score")
    deployment = engine.deploy_files({"alone.dmn": drd_file(key, score(decision))})
    assert [d.kind for d in deployment.definitions] == ["decision"]
    assert engine.drd_query(key=key) == [] and engine.drd_count(key=key) == 0
    got = engine.get(Ref(key=decision))
    assert (got.decision_requirements_definition_id, got.decision_requirements_definition_key) == ("", "")
    # Nor does a file of one decision need an id on <definitions>.
    engine.deploy_files({"anonymous.dmn": drd_file(None, score(unique("anonymous")))})


def test_versions_count_per_key_and_tenant_apart_from_the_decisions(engine: Requirements) -> None:
    key = unique("versions")
    s, r, body = pair("v")
    first = drd_of(engine.deploy_files({"a.dmn": drd_file(key, body)}))
    second = drd_of(engine.deploy_files({"b.dmn": drd_file(key, body, name="Renamed")}))
    # Other decisions under the same <definitions> id: the graph's version counts on, theirs start.
    other_s, other_r, other_body = pair("other")
    third_deployment = engine.deploy_files({"c.dmn": drd_file(key, other_body)})
    third = drd_of(third_deployment)
    tenant_first = drd_of(engine.deploy_files({"a.dmn": drd_file(key, body)}, tenant="tenant-drd"))
    assert [d.version for d in (first, second, third, tenant_first)] == [1, 2, 3, 1]
    assert [engine.get(Ref(key=k)).version for k in (s, r, other_s, other_r)] == [2, 2, 1, 1]
    assert engine.get(Ref(key=other_s)).decision_requirements_definition_id == third.id
    assert engine.drd(Ref(key=key)).id == third.id  # the latest of no tenant
    assert engine.drd(Ref(key_and_tenant=KeyAndTenant(key=key, tenant_id="tenant-drd"))).id == tenant_first.id
    assert engine.drd(Ref(id=second.id)).name == "Renamed"
    assert [d.tenant_id for d in engine.drd_query(key=key, tenant_id_in=["tenant-drd"])] == ["tenant-drd"]


def test_duplicate_filtering_deploys_no_new_version(engine: Requirements) -> None:
    key, other = unique("dup"), unique("dup-other")
    _, _, body = pair("dup")
    _, _, other_body = pair("dup2")
    name = unique("dup-deployment")

    def deploy(files: dict[str, bytes], **flags: bool) -> deployment_pb2.CreateDeploymentResponse:
        return engine.deployments.CreateDeployment(deployment_pb2.CreateDeploymentRequest(
            name=name, resources=[deployment_pb2.Resource(name=n, content=c) for n, c in files.items()], **flags))

    files = {"a.dmn": drd_file(key, body), "b.dmn": drd_file(other, other_body)}
    first = deploy(files, enable_duplicate_filtering=True)
    again = deploy(files, enable_duplicate_filtering=True)
    assert again.duplicate and again.deployment.id == first.deployment.id
    assert sorted(d.key for d in again.deployment.definitions if d.kind == KIND) == sorted([key, other])
    assert [d.version for d in engine.drd_query(key=key)] == [1]
    # Only the changed file deploys again.
    changed = deploy({**files, "b.dmn": drd_file(other, other_body, name="Changed")}, deploy_changed_only=True)
    assert [(d.key, d.version) for d in changed.deployment.definitions if d.kind == KIND] == [(other, 2)]
    assert [d.version for d in engine.drd_query(key=key)] == [1]
    assert [d.version for d in engine.drd_query(key=other, sorting=sorted_by(("version", "asc")))] == [1, 2]


def test_deleting_the_deployment_deletes_its_decision_requirements_definitions(engine: Requirements) -> None:
    key = unique("deleted")
    s, _, body = pair("del")
    first = drd_of(engine.deploy_files({"a.dmn": drd_file(key, body)}))
    second_deployment = engine.deploy_files({"a.dmn": drd_file(key, body)})
    second = drd_of(second_deployment)
    engine.evaluate(s, {"amount": 30})
    assert engine.count_decision_instances(decision_requirements_definition_id=second.id) == 1
    engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=second_deployment.id))
    assert [d.id for d in engine.drd_query(key=key)] == [first.id]
    assert engine.drd(Ref(key=key)).version == 1  # the version before is the latest again
    expect_error(lambda: engine.drd(Ref(id=second.id)), grpc.StatusCode.NOT_FOUND, NOT_FOUND)
    assert engine.count_decision_instances(decision_requirements_definition_id=second.id) == 0
    assert engine.get(Ref(key=s)).decision_requirements_definition_id == first.id


def test_two_resources_of_a_deployment_may_not_share_a_definitions_id(engine: Requirements) -> None:
    key = unique("twice")
    _, _, one = pair("t1")
    _, _, two = pair("t2")
    failure = expect_error(lambda: engine.deploy_files({"a.dmn": drd_file(key, one), "b.dmn": drd_file(key, two)}),
                           grpc.StatusCode.INVALID_ARGUMENT, "DUPLICATE_DECISION_REQUIREMENTS_KEY")
    assert (failure.info.metadata["key"], failure.info.metadata["resource"]) == (key, "b.dmn")
    assert engine.drd_count(key=key) == 0


@pytest.mark.parametrize("attributes, detail", [
    ({"key": None}, "a DMN file of more than one decision needs an id on <definitions>"),
    ({"key": "k" * 256}, "is longer than 255 characters"),
    ({"name": "n" * 256}, "its name is longer than 255 characters"),
    ({"namespace": "http://" + "n" * 250}, "its namespace is longer than 255 characters"),
])
def test_a_file_of_several_decisions_needs_a_definitions_id_and_short_texts(
        engine: Requirements, attributes: dict[str, Any], detail: str) -> None:
    _, risk_key, body = pair("refused")
    texts = {"key": unique("refused"), "name": "Rules", "namespace": "http://x", **attributes}
    content = drd_file(texts["key"], body, name=texts["name"], namespace=texts["namespace"])
    failure = expect_error(lambda: engine.deploy_files({"refused.dmn": content}), grpc.StatusCode.INVALID_ARGUMENT,
                           "INVALID_DMN")
    assert detail in failure.message
    assert (failure.info.metadata["element"], failure.info.metadata["resource"], failure.info.metadata["line"]) == (
        "definitions", "refused.dmn", "2")
    expect_error(lambda: engine.get(Ref(key=risk_key)), grpc.StatusCode.NOT_FOUND, "DECISION_DEFINITION_NOT_FOUND")


def test_get_errors_and_tenants(server, engine: Requirements) -> None:  # type: ignore[no-untyped-def]
    key = unique("hidden")
    _, _, body = pair("hidden")
    hidden = drd_of(engine.deploy_files({"a.dmn": drd_file(key, body)}, tenant="tenant-hidden"))
    expect_error(lambda: engine.drd(Ref()), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    expect_error(lambda: engine.drd(Ref(key_and_tenant=KeyAndTenant(key=key))), grpc.StatusCode.INVALID_ARGUMENT,
                 "MISSING_REQUIRED_FIELD")
    failure = expect_error(lambda: engine.drd(Ref(id="nope")), grpc.StatusCode.NOT_FOUND, NOT_FOUND)
    assert failure.info.metadata["id"] == "nope"
    failure = expect_error(lambda: engine.drd(Ref(key=key)), grpc.StatusCode.NOT_FOUND, NOT_FOUND)  # a tenant's only
    assert (failure.info.metadata["id"], failure.info.metadata["field_name"]) == (key, "key")
    outsider = Requirements(server.api(server.token(tenants=("tenant-else",))))
    for call in (lambda: outsider.drd(Ref(id=hidden.id)), lambda: outsider.xml(Ref(id=hidden.id)),
                 lambda: outsider.statistics(hidden.id)):
        expect_error(call, grpc.StatusCode.NOT_FOUND, NOT_FOUND)
    expect_error(lambda: outsider.drd(Ref(key_and_tenant=KeyAndTenant(key=key, tenant_id="tenant-hidden"))),
                 grpc.StatusCode.PERMISSION_DENIED, "TENANT_NOT_GRANTED")
    assert outsider.drd_query(key=key) == [] and outsider.drd_count(key=key) == 0
    insider = Requirements(server.api(server.token(tenants=("tenant-hidden",))))
    assert insider.drd(Ref(key_and_tenant=KeyAndTenant(key=key, tenant_id="tenant-hidden"))).id == hidden.id
    assert [d.id for d in insider.drd_query(key=key)] == [hidden.id]


def test_the_xml_is_the_deployed_file(engine: Requirements) -> None:
    tenant = unique("tenant-xml")
    deployment = engine.deploy_files({"dinner.dmn": resource("dinner.dmn")}, tenant=tenant)
    view = drd_of(deployment)
    assert (view.key, view.name) == ("dinnerDecisions", "Dinner Decisions")
    for ref in (Ref(id=view.id), Ref(key_and_tenant=KeyAndTenant(key="dinnerDecisions", tenant_id=tenant))):
        answer = engine.xml(ref)
        assert answer.id == view.id
        assert answer.dmn_xml == resource("dinner.dmn").decode()
    expect_error(lambda: engine.xml(Ref()), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    expect_error(lambda: engine.xml(Ref(id="nope")), grpc.StatusCode.NOT_FOUND, NOT_FOUND)


def test_statistics_errors(engine: Requirements) -> None:
    expect_error(lambda: engine.statistics(""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    expect_error(lambda: engine.statistics("nope"), grpc.StatusCode.NOT_FOUND, NOT_FOUND)


# -- the world: exact filters, sorting, the decisions' and the history's fields --------------------

TENANT = "tenant-a"
LOANS_NS = "http://example.com/loans"
DINNER_NS = "http://camunda.org/schema/1.0/dmn"
LONELY = literal("lonely", "doubled", "amount * 2", "double")
DINNER = bpmn_definitions("""
<bpmn:process id="dinner" isExecutable="true">
  <bpmn:startEvent id="Hungry" />
  <bpmn:sequenceFlow id="f1" sourceRef="Hungry" targetRef="ChooseDish" />
  <bpmn:businessRuleTask id="ChooseDish" camunda:decisionRef="dish" camunda:resultVariable="dish"
      camunda:mapDecisionResult="singleEntry" />
  <bpmn:sequenceFlow id="f2" sourceRef="ChooseDish" targetRef="Cook" />
  <bpmn:userTask id="Cook" />
  <bpmn:sequenceFlow id="f3" sourceRef="Cook" targetRef="Eaten" />
  <bpmn:endEvent id="Eaten" />
</bpmn:process>""")


@dataclass
class World:
    """Four decision requirements definitions, labelled:

    A  dinnerDecisions v1 (dinner.dmn: dish requires season), deployment one
    B  loans v1 "Loan Rules" (loans.dmn: score, risk), deployment one, beside dinner.bpmn and
       lonely.dmn (one decision, no graph)
    C  loans v2 "Loan Rules 2" (credit/loans.dmn), deployment two
    E  loans v1 of TENANT (loans.dmn), deployment three

    History: dish evaluated twice by EvaluateDecision (rows dish, season each), the process
    dinner's business rule task once (dish, season), risk of C once (risk, score), lonely once,
    risk of E once."""

    server: ServerHandle
    e: Requirements
    drds: dict[str, drd.DecisionRequirementsDefinition]
    deployments: list[str]
    decisions: dict[tuple[str, str], str]  # (label, decision key) -> decision definition id
    lonely_id: str
    roots: dict[str, str]  # the evaluations' root rows: dish1, dish2, process, risk_c, lonely, risk_e
    process_instance_id: str

    def label(self, definition_id: str) -> str:
        return next(label for label, d in self.drds.items() if d.id == definition_id)

    def which(self, **filters: Any) -> str:
        rows = every_page(self.e.drd_query, self.e.drd_count, 2, **filters)
        if "sorting" not in filters:
            assert [r.id for r in rows] == sorted(r.id for r in rows), filters  # by id
        return "".join(sorted(self.label(r.id) for r in rows))

    def order(self, *pairs: tuple[str, str]) -> str:
        return "".join(self.label(r.id) for r in self.e.drd_query(sorting=sorted_by(*pairs)))


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with own_server(request, tmp_path_factory, history_cleanup=False) as handle:
        yield _world(handle)


def _world(server: ServerHandle) -> World:
    e = Requirements(server.api())
    loans = f"{score()}\n{risk()}"
    one = e.deploy_files({"dinner.dmn": resource("dinner.dmn"), "dinner.bpmn": DINNER,
                          "loans.dmn": drd_file("loans", loans, name="Loan Rules", namespace=LOANS_NS),
                          "lonely.dmn": drd_file("lonelyFile", LONELY)})
    two = e.deploy_files({"credit/loans.dmn": drd_file("loans", loans, name="Loan Rules 2", namespace=LOANS_NS)})
    three = e.deploy_files({"loans.dmn": drd_file("loans", loans, name="Loan Rules", namespace=LOANS_NS)},
                           tenant=TENANT)
    by_key = {(d.key, d.resource_name): d.id for d in one.definitions if d.kind == KIND}
    drds = {"A": e.drd(Ref(id=by_key[("dinnerDecisions", "dinner.dmn")])),
            "B": e.drd(Ref(id=by_key[("loans", "loans.dmn")])),
            "C": e.drd(Ref(id=drd_of(two).id)), "E": e.drd(Ref(id=drd_of(three).id))}
    decisions: dict[tuple[str, str], str] = {}
    for deployment, labels in ((one, {"dish": "A", "season": "A", "score": "B", "risk": "B"}),
                               (two, {"score": "C", "risk": "C"}), (three, {"score": "E", "risk": "E"})):
        decisions.update(((labels[d.key], d.key), d.id) for d in deployment.definitions if d.key in labels
                         and d.kind == "decision")
    lonely_id = next(d.id for d in one.definitions if d.key == "lonely")
    process_id = next(d.id for d in one.definitions if d.kind == "process")

    def evaluated(**filters: Any) -> str:
        """The root row of the evaluation just made (the clock moves a minute after each)."""
        [row] = e.decision_instances(root_decision_instances_only=True, evaluated_after=server.clock.now(),
                                     **filters)
        server.clock.advance(MINUTE)
        return row.id

    e.evaluate("dish", {"month": 1, "guestCount": 4})
    dish1 = evaluated()
    e.evaluate("dish", {"month": 7, "guestCount": 2})
    dish2 = evaluated()
    instance = e.start(process_id, {"month": 4, "guestCount": 3}).process_instance
    process_root = evaluated(process_instance_id=instance.id)
    e.evaluate("risk", {"amount": 30})
    risk_c = evaluated()
    e.evaluate("lonely", {"amount": 2})
    lonely = evaluated()
    e.evaluate("risk", {"amount": 80}, tenant=TENANT)
    risk_e = evaluated()
    roots = {"dish1": dish1, "dish2": dish2, "process": process_root, "risk_c": risk_c, "lonely": lonely,
             "risk_e": risk_e}
    return World(server, e, drds, [one.id, two.id, three.id], decisions, lonely_id, roots, instance.id)


def test_the_worlds_definitions(world: World) -> None:
    d = world.drds
    assert {label: (x.key, x.name, x.category, x.version, x.resource_name, x.tenant_id) for label, x in d.items()} == {
        "A": ("dinnerDecisions", "Dinner Decisions", DINNER_NS, 1, "dinner.dmn", ""),
        "B": ("loans", "Loan Rules", LOANS_NS, 1, "loans.dmn", ""),
        "C": ("loans", "Loan Rules 2", LOANS_NS, 2, "credit/loans.dmn", ""),
        "E": ("loans", "Loan Rules", LOANS_NS, 1, "loans.dmn", TENANT)}
    assert [d[label].deployment_id for label in "ABCE"] == [world.deployments[i] for i in (0, 0, 1, 2)]
    assert world.e.drd(Ref(key="loans")).id == d["C"].id


def test_each_filter(world: World) -> None:
    d, deployments = world.drds, world.deployments
    cases: list[tuple[dict[str, Any], str]] = [
        ({}, "ABCE"),
        ({"decision_requirements_definition_id": d["A"].id}, "A"),
        ({"decision_requirements_definition_id_in": [d["A"].id, d["C"].id, "nope"]}, "AC"),
        ({"key": "loans"}, "BCE"),
        ({"key": "nope"}, ""),
        ({"key_like": "loa%"}, "BCE"),
        ({"key_like": "%Decision_"}, "A"),
        ({"name": "Loan Rules"}, "BE"),
        ({"name_like": "Loan%"}, "BCE"),
        ({"name_like": "%2"}, "C"),
        ({"category": LOANS_NS}, "BCE"),
        ({"category_like": "%camunda%"}, "A"),
        ({"deployment_id": deployments[0]}, "AB"),
        ({"resource_name": "loans.dmn"}, "BE"),
        ({"resource_name_like": "%/%"}, "C"),
        ({"version": 1}, "ABE"),
        ({"version": 2}, "C"),
        ({"latest_version": True}, "ACE"),
        ({"key": "loans", "latest_version": True}, "CE"),
        ({"tenant_id_in": [TENANT]}, "E"),
        ({"tenant_id_in": ["other"]}, ""),
        ({"without_tenant_id": True}, "ABC"),
        ({"tenant_id_in": [TENANT], "include_decision_requirements_definitions_without_tenant_id": True}, "ABCE"),
        ({"key": "loans", "version": 1, "without_tenant_id": True}, "B"),
    ]
    for filters, expected in cases:
        assert world.which(**filters) == expected, filters


def test_each_sort_key_both_ways(world: World) -> None:
    d = world.drds
    columns = {"id": lambda x: x.id, "key": lambda x: x.key, "name": lambda x: x.name, "version": lambda x: x.version,
               "category": lambda x: x.category, "deploymentId": lambda x: x.deployment_id,
               "tenantId": lambda x: x.tenant_id}
    for by, column in columns.items():
        ascending = "".join(sorted(d, key=lambda label: (column(d[label]), d[label].id)))
        assert world.order((by, "asc")) == ascending, by
        descending = "".join(sorted(d, key=lambda label: (column(d[label]), d[label].id), reverse=True))
        # Ties keep the id ascending after the key descends.
        groups: dict[Any, list[str]] = {}
        for label in descending:
            groups.setdefault(column(d[label]), []).append(label)
        expected = "".join("".join(sorted(labels, key=lambda label: d[label].id)) for labels in groups.values())
        assert world.order((by, "desc")) == expected, by
    assert world.order(("key", "asc"), ("version", "desc")) == "A" + "".join(
        sorted("BCE", key=lambda label: (-d[label].version, d[label].id)))


def test_paging(world: World) -> None:
    everything = [r.id for r in world.e.drd_query()]
    assert [r.id for r in world.e.drd_query(page={"first_result": 1, "max_results": 2})] == everything[1:3]
    assert world.e.drd_query(page={"first_result": 4}) == []


def test_refused_queries(world: World) -> None:
    e = world.e
    refused: list[tuple[dict[str, Any], str, str]] = [
        ({"version": 0}, "INVALID_FIELD", "version"),
        ({"tenant_id_in": [TENANT], "without_tenant_id": True}, "INVALID_FIELD", "without_tenant_id"),
        ({"key_like": "loans\\"}, "INVALID_FIELD", "key_like"),
        ({"name_like": "x\\"}, "INVALID_FIELD", "name_like"),
        ({"category_like": "x\\"}, "INVALID_FIELD", "category_like"),
        ({"resource_name_like": "x\\"}, "INVALID_FIELD", "resource_name_like"),
    ]
    for filters, reason, field in refused:
        for call in (lambda: e.drd_query(**filters), lambda: e.drd_count(**filters)):
            failure = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, reason)
            assert failure.fields == [field], filters
    failure = expect_error(lambda: e.drd_query(page={"first_result": -1}), grpc.StatusCode.INVALID_ARGUMENT,
                           "INVALID_FIELD")
    for sorting, field in ((sorted_by(("versionTag", "asc")), "sorting[0].sort_by"),
                           (sorted_by(("key", "up")), "sorting[0].sort_order"),
                           (sorted_by(("", "asc")), "sorting[0].sort_by")):
        failure = expect_error(lambda: e.drd_query(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT,
                               "INVALID_SORTING")
        assert failure.fields == [field]


def test_decision_definitions_name_theirs_and_filter_by_it(world: World) -> None:
    e, d = world.e, world.drds

    def found(**filters: Any) -> set[str]:
        rows = e.query(**filters)
        assert e.count(**filters) == len(rows), filters
        return {r.id for r in rows}

    for label, key in world.decisions:
        got = e.get(Ref(id=world.decisions[(label, key)]))
        assert (got.decision_requirements_definition_id, got.decision_requirements_definition_key) == (
            d[label].id, d[label].key)
    lonely = e.get(Ref(id=world.lonely_id))
    assert (lonely.decision_requirements_definition_id, lonely.decision_requirements_definition_key) == ("", "")
    assert found(decision_requirements_definition_id=d["B"].id) == {
        world.decisions[("B", "score")], world.decisions[("B", "risk")]}
    assert found(decision_requirements_definition_key="loans") == {
        i for (label, _), i in world.decisions.items() if label in "BCE"}
    assert found(decision_requirements_definition_key="loans", tenant_id_in=[TENANT]) == {
        world.decisions[("E", "score")], world.decisions[("E", "risk")]}
    assert found(without_decision_requirements_definition=True) == {world.lonely_id}
    assert found(decision_requirements_definition_id=d["A"].id, without_decision_requirements_definition=True) == set()
    ordered = e.query(sorting=sorted_by(("decisionRequirementsDefinitionKey", "asc")))
    assert [r.decision_requirements_definition_key for r in ordered] == ["", "dinnerDecisions", "dinnerDecisions",
                                                                        *["loans"] * 6]
    ordered = e.query(sorting=sorted_by(("decisionRequirementsDefinitionKey", "desc")))
    assert ordered[-1].id == world.lonely_id


def test_historic_decision_instances_name_it_and_filter_by_it(world: World) -> None:
    e, d, roots = world.e, world.drds, world.roots

    def found(**filters: Any) -> list[hi.HistoricDecisionInstance]:
        return every_page(e.decision_instances, e.count_decision_instances, 3, **filters)

    for row in found():
        if row.decision_definition_key in ("dish", "season"):
            expected = (d["A"].id, "dinnerDecisions")
        elif row.decision_definition_key == "lonely":
            expected = ("", "")
        else:
            label = "E" if row.tenant_id == TENANT else "C"
            expected = (d[label].id, "loans")
        assert (row.decision_requirements_definition_id, row.decision_requirements_definition_key) == expected
    process_rows = found(process_instance_id=world.process_instance_id)
    assert {r.decision_requirements_definition_id for r in process_rows} == {d["A"].id} and len(process_rows) == 2
    assert len(found(decision_requirements_definition_id=d["A"].id)) == 6
    assert {r.decision_definition_key for r in found(decision_requirements_definition_key="loans")} == {"risk", "score"}
    assert len(found(decision_requirements_definition_key="loans")) == 4
    assert {r.id for r in found(decision_requirements_definition_key="loans", root_decision_instances_only=True)} == {
        roots["risk_c"], roots["risk_e"]}
    assert found(decision_requirements_definition_id=d["B"].id) == []
    assert found(decision_requirements_definition_id=d["C"].id, tenant_id_in=[TENANT]) == []
    assert e.history.GetHistoricDecisionInstance(hi.GetHistoricDecisionInstanceRequest(
        id=roots["risk_e"])).historic_decision_instance.decision_requirements_definition_id == d["E"].id


def test_statistics_count_each_decisions_rows(world: World) -> None:
    e, d, roots = world.e, world.drds, world.roots
    assert e.statistics(d["A"].id) == [("dish", 3), ("season", 3)]  # two EvaluateDecision, one task
    assert e.statistics(d["A"].id, roots["dish1"]) == [("dish", 1), ("season", 1)]
    assert e.statistics(d["A"].id, roots["process"]) == [("dish", 1), ("season", 1)]
    season_row = e.decision_instances(root_decision_instance_id=roots["dish2"])[0].id
    assert e.statistics(d["A"].id, season_row) == [("season", 1)]  # that row alone: it is no root
    assert e.statistics(d["A"].id, roots["risk_c"]) == []  # an evaluation of another graph
    assert e.statistics(d["C"].id) == [("risk", 1), ("score", 1)]
    assert e.statistics(d["B"].id) == []  # never evaluated: no decision listed
    assert e.statistics(d["E"].id) == [("risk", 1), ("score", 1)]
    insider = Requirements(world.server.api(world.server.token(tenants=(TENANT,))))
    assert insider.statistics(d["E"].id) == [("risk", 1), ("score", 1)]
    outsider = Requirements(world.server.api(world.server.token(tenants=("other",))))
    expect_error(lambda: outsider.statistics(d["E"].id), grpc.StatusCode.NOT_FOUND, NOT_FOUND)
    assert outsider.statistics(d["C"].id) == [("risk", 1), ("score", 1)]


# -- the migration ---------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migration_gives_files_deployed_before_their_definitions(
        backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Files of several decisions deployed before decisions_0003 get a decision requirements
    definition each (versions per key and tenant in deployment order); their decisions and
    historic decision instances name it. A file of one decision, and one of several whose
    <definitions> has no id, get none."""
    db = Database(database_url(backend, request, tmp_path_factory))
    try:
        upgrade(db, "decisions_0002")
        loans = drd_file("loans", f"{score()}\n{risk()}", name="Loan Rules", namespace=LOANS_NS)
        seeded = [  # deployment, tenant, minute, resource, content, decision keys
            ("d1", None, 1, "loans.dmn", loans, ("score", "risk")),
            ("d2", None, 2, "credit/loans.dmn", loans, ("score", "risk")),
            ("d3", TENANT, 3, "loans.dmn", loans, ("score", "risk")),
            ("d4", None, 4, "lonely.dmn", drd_file("lonelyFile", LONELY), ("lonely",)),
            ("d5", None, 5, "anonymous.dmn", drd_file(None, f"{score('s2')}\n{risk('r2', 's2')}"), ("s2", "r2")),
        ]

        def seed(tx) -> None:  # type: ignore[no-untyped-def]
            for deployment_id, tenant, minute, name, content, keys in seeded:
                tx.execute(text("INSERT INTO deployments (id, tenant_id, deployment_time) VALUES (:id, :t, :at)"),
                           {"id": deployment_id, "t": tenant, "at": f"2026-01-01 00:0{minute}:00.000000"})
                tx.execute(text("INSERT INTO deployment_resources (id, deployment_id, name, content, content_hash)"
                                " VALUES (:id, :d, :n, :c, 'x')"),
                           {"id": str(uuid.uuid4()), "d": deployment_id, "n": name, "c": content})
                for key in keys:
                    tx.execute(text(
                        "INSERT INTO decision_definitions (id, key, version, tenant_id, tenant_key, deployment_id,"
                        " resource_name) VALUES (:id, :k, :v, :t, :tk, :d, :n)"),
                        {"id": f"{key}:{deployment_id}", "k": key, "v": minute, "t": tenant, "tk": tenant or "",
                         "d": deployment_id, "n": name})
                    tx.execute(text(
                        "INSERT INTO historic_decision_instances (id, decision_definition_id, decision_definition_key,"
                        " evaluation_time, tenant_id) VALUES (:id, :dd, :k, :at, :t)"),
                        {"id": str(uuid.uuid4()), "dd": f"{key}:{deployment_id}", "k": key, "t": tenant,
                         "at": "2026-01-02 00:00:00.000000"})

        db.run(seed, write=True)
        upgrade(db)

        def read(tx):  # type: ignore[no-untyped-def]
            drds = tx.execute(text("SELECT id, key, version, name, category, tenant_id, deployment_id, resource_name"
                                   " FROM decision_requirements_definitions ORDER BY deployment_id")).all()
            decisions = dict(tx.execute(text(
                "SELECT id, decision_requirements_definition_id FROM decision_definitions")).all())
            keys = set(tx.execute(text("SELECT DISTINCT decision_requirements_definition_key FROM decision_definitions"
                                       )).scalars())
            history = dict(tx.execute(text(
                "SELECT decision_definition_id, decision_requirements_definition_id FROM historic_decision_instances"
            )).all())
            return drds, decisions, keys, history

        drds, decisions, keys, history = db.run(read, write=False)
        assert [tuple(r[1:]) for r in drds] == [
            ("loans", 1, "Loan Rules", LOANS_NS, None, "d1", "loans.dmn"),
            ("loans", 2, "Loan Rules", LOANS_NS, None, "d2", "credit/loans.dmn"),
            ("loans", 1, "Loan Rules", LOANS_NS, TENANT, "d3", "loans.dmn")]
        by_deployment = {r[6]: r[0] for r in drds}
        assert all(r[0].startswith(f"loans:{r[2]}:") for r in drds)
        for deployment_id, *_ in seeded[:3]:
            for key in ("score", "risk"):
                assert decisions[f"{key}:{deployment_id}"] == by_deployment[deployment_id]
                assert history[f"{key}:{deployment_id}"] == by_deployment[deployment_id]
        assert [decisions[i] for i in ("lonely:d4", "s2:d5", "r2:d5")] == [None, None, None]
        assert [history[i] for i in ("lonely:d4", "s2:d5", "r2:d5")] == [None, None, None]
        assert keys == {"loans", None}
    finally:
        db.dispose()
