"""DMN deployments: decision definitions (versions per key and tenant, resource names, the
deployment's view, deletion with it), GetDecisionDefinition by id, key and key and tenant, the
DMN XML, QueryDecisionDefinitions and CountDecisionDefinitions, and the files refused at
deployment (naming element, id and line)."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import decision_definition_pb2 as dd
from flowkeeper.engine.v1 import deployment_pb2
from flowkeeper.engine.v1.execution_pb2 import Sorting
from flowkeeper.engine.v1.types_pb2 import OffsetPage
from tests.engine.dmn_support import DMN11, DMN12, DMN13, Decisions, KeyAndTenant, Ref, dmn, literal, table
from tests.engine.resources import bpmn as resource
from tests.support import expect_error, unique


@pytest.fixture
def engine(api) -> Decisions:  # type: ignore[no-untyped-def]
    return Decisions(api)


def simple(key: str, **options: str) -> str:
    return table(key, [("x", "integer")], [("y", "string")], [(["< 10"], ['"small"']), ([">= 10"], ['"big"'])],
                 **options)  # type: ignore[arg-type]


def test_each_decision_of_a_dmn_file_becomes_a_decision_definition(engine: Decisions) -> None:
    dish, season = unique("dish"), unique("season")
    deployment = engine.deploy_dinner(dish=dish, season=season)
    decisions = [d for d in deployment.definitions if d.kind == "decision"]
    assert {(d.key, d.kind, d.resource_name, d.version) for d in decisions} == {
        (dish, "decision", "dinner.dmn", 1), (season, "decision", "dinner.dmn", 1)}
    # The file of two decisions is a decision requirements definition too (its own tests:
    # test_decision_requirements.py).
    assert [(d.key, d.resource_name) for d in deployment.definitions if d.kind != "decision"] == [
        ("dinnerDecisions", "dinner.dmn")]
    definition_id = next(d.id for d in deployment.definitions if d.key == dish)
    assert definition_id.startswith(f"{dish}:1:")
    got = engine.get(Ref(id=definition_id))
    assert (got.id, got.key, got.name, got.version, got.version_tag, got.tenant_id, got.deployment_id,
            got.resource_name, got.history_time_to_live) == (
        definition_id, dish, "Dish", 1, "v1", "", deployment.id, "dinner.dmn", 30)
    seasons = engine.get(Ref(key=season))
    assert (seasons.name, seasons.version_tag, seasons.HasField("history_time_to_live")) == ("Season", "", False)
    fetched = engine.deployments.GetDeployment(deployment_pb2.GetDeploymentRequest(id=deployment.id)).deployment
    assert {(d.id, d.kind) for d in fetched.definitions} == {(d.id, d.kind) for d in deployment.definitions}
    assert list(fetched.resource_names) == ["dinner.dmn"]


def test_versions_count_per_key_and_tenant(engine: Decisions) -> None:
    key = unique("versions")
    first, second = (engine.deploy_decisions(simple(key)) for _ in range(2))
    tenant_first = engine.deploy_decisions(simple(key), tenant="tenant-dmn")
    assert [d.definitions[0].version for d in (first, second, tenant_first)] == [1, 2, 1]
    assert engine.get(Ref(key=key)).id == second.definitions[0].id  # the latest of no tenant
    assert engine.get(Ref(key_and_tenant=KeyAndTenant(key=key, tenant_id="tenant-dmn"))).id == \
        tenant_first.definitions[0].id


@pytest.mark.parametrize("resource_name", ["rules.dmn", "rules.dmn11.xml", "RULES.DMN"])
@pytest.mark.parametrize("ns", [DMN11, DMN12, DMN13])
def test_dmn_1_1_1_2_and_1_3_files_deploy(engine: Decisions, ns: str, resource_name: str) -> None:
    key = unique("ns")
    deployment = engine.deploy_decisions(simple(key), ns=ns, resource_name=resource_name)
    assert [(d.key, d.kind, d.resource_name) for d in deployment.definitions] == [(key, "decision", resource_name)]
    assert engine.values(key, {"x": 3}) == [{"y": "small"}]


def test_a_deployment_may_hold_processes_and_decisions(engine: Decisions) -> None:
    key = unique("mixed")
    deployment = engine.deploy_files({"order.bpmn": resource("one_external_task.bpmn"), "rules.dmn": dmn(simple(key))})
    assert {d.kind for d in deployment.definitions} == {"process", "decision"}


def test_two_resources_of_a_deployment_may_not_define_the_same_decision(engine: Decisions) -> None:
    key = unique("twice")
    failure = expect_error(lambda: engine.deploy_files({"a.dmn": dmn(simple(key)), "b.dmn": dmn(simple(key))}),
                           grpc.StatusCode.INVALID_ARGUMENT, "DUPLICATE_DECISION_KEY")
    assert failure.info.metadata["key"] == key
    assert engine.query(key=key) == []


def test_duplicate_filtering_keeps_an_unchanged_dmn_file(engine: Decisions) -> None:
    key, name = unique("dup"), unique("dup-deployment")
    request = deployment_pb2.CreateDeploymentRequest(
        name=name, enable_duplicate_filtering=True,
        resources=[deployment_pb2.Resource(name="rules.dmn", content=dmn(simple(key)))])
    first = engine.deployments.CreateDeployment(request)
    again = engine.deployments.CreateDeployment(request)
    assert again.duplicate and again.deployment.id == first.deployment.id
    assert [d.version for d in engine.query(key=key)] == [1]


def test_deleting_the_deployment_deletes_its_decisions(engine: Decisions) -> None:
    key = unique("deleted")
    first = engine.deploy_decisions(simple(key))
    second = engine.deploy_decisions(simple(key))
    engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=second.id))
    assert [d.id for d in engine.query(key=key)] == [first.definitions[0].id]
    assert engine.get(Ref(key=key)).version == 1  # the version before is the latest again
    expect_error(lambda: engine.get(Ref(id=second.definitions[0].id)), grpc.StatusCode.NOT_FOUND,
                 "DECISION_DEFINITION_NOT_FOUND")


def test_get_decision_definition_errors(server, engine: Decisions) -> None:  # type: ignore[no-untyped-def]
    key = unique("hidden")
    deployment = engine.deploy_decisions(simple(key), tenant="tenant-hidden")
    expect_error(lambda: engine.get(Ref()), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    expect_error(lambda: engine.get(Ref(key_and_tenant=KeyAndTenant(key=key))), grpc.StatusCode.INVALID_ARGUMENT,
                 "MISSING_REQUIRED_FIELD")
    expect_error(lambda: engine.get(Ref(id="nope")), grpc.StatusCode.NOT_FOUND, "DECISION_DEFINITION_NOT_FOUND")
    failure = expect_error(lambda: engine.get(Ref(key=key)), grpc.StatusCode.NOT_FOUND,
                           "DECISION_DEFINITION_NOT_FOUND")  # only a tenant's version exists
    assert failure.info.metadata["id"] == key
    outsider = Decisions(server.api(server.token(tenants=("tenant-else",))))
    expect_error(lambda: outsider.get(Ref(id=deployment.definitions[0].id)), grpc.StatusCode.NOT_FOUND,
                 "DECISION_DEFINITION_NOT_FOUND")
    expect_error(lambda: outsider.get(Ref(key_and_tenant=KeyAndTenant(key=key, tenant_id="tenant-hidden"))),
                 grpc.StatusCode.PERMISSION_DENIED, "TENANT_NOT_GRANTED")
    assert outsider.query(key=key) == [] and outsider.count(key=key) == 0
    insider = Decisions(server.api(server.token(tenants=("tenant-hidden",))))
    assert insider.get(Ref(id=deployment.definitions[0].id)).tenant_id == "tenant-hidden"


def test_the_dmn_xml_is_the_deployed_file(engine: Decisions) -> None:
    dish, season = unique("dish"), unique("season")
    deployment = engine.deploy_dinner(dish=dish, season=season, tenant="tenant-xml")
    dish_id = next(d.id for d in deployment.definitions if d.key == dish)
    for ref in (Ref(id=dish_id), Ref(key_and_tenant=KeyAndTenant(key=dish, tenant_id="tenant-xml"))):
        answer = engine.decisions.GetDecisionDefinitionXml(dd.GetDecisionDefinitionXmlRequest(definition=ref))
        assert answer.id == dish_id
        assert f'<decision id="{dish}" name="Dish"' in answer.dmn_xml and "<dmndi:DMNDI>" in answer.dmn_xml
    expect_error(lambda: engine.decisions.GetDecisionDefinitionXml(dd.GetDecisionDefinitionXmlRequest(
        definition=Ref(key=dish))), grpc.StatusCode.NOT_FOUND, "DECISION_DEFINITION_NOT_FOUND")
    expect_error(lambda: engine.decisions.GetDecisionDefinitionXml(dd.GetDecisionDefinitionXmlRequest()),
                 grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")


# -- queries ---------------------------------------------------------------------------------


@pytest.fixture
def world(engine: Decisions) -> dict[str, dd.DecisionDefinition]:
    """One prefix; keys a (v1 tag 1.0, v2 tag 2.0, tenant t1 v1), b (v1 named "Bee"), c (tenant t2)."""
    prefix = unique("q")
    made: dict[str, dd.DecisionDefinition] = {}
    for label, key, tenant, tag, name in (("a1", "a", "", "1.0", "Alpha"), ("a2", "a", "", "2.0", "Alpha"),
                                           ("a_t1", "a", "t1", "1.0", "Alpha"), ("b1", "b", "", "", "Bee"),
                                           ("c_t2", "c", "t2", "", "Sea")):
        attributes = f' camunda:versionTag="{tag}"' if tag else ""
        deployment = engine.deploy_files({f"{label}.dmn": dmn(simple(f"{prefix}-{key}", attributes=attributes,
                                                                     name=name))}, tenant=tenant)
        made[label] = engine.get(Ref(id=deployment.definitions[0].id))
    made["prefix"] = dd.DecisionDefinition(key=prefix)
    return made


def _ids(found: list[dd.DecisionDefinition]) -> set[str]:
    return {d.id for d in found}


def test_query_filters(engine: Decisions, world: dict[str, dd.DecisionDefinition]) -> None:
    prefix = world["prefix"].key
    like = f"{prefix}-%"
    mine = {"key_like": like}
    every = {world[k].id for k in ("a1", "a2", "a_t1", "b1", "c_t2")}
    assert _ids(engine.query(**mine)) == every and engine.count(**mine) == 5
    cases = [
        ({"decision_definition_id": world["a2"].id}, {"a2"}),
        ({"decision_definition_id_in": [world["a1"].id, world["b1"].id]}, {"a1", "b1"}),
        ({"key": f"{prefix}-a"}, {"a1", "a2", "a_t1"}),
        ({"name": "Bee"}, {"b1"}),
        ({"name_like": "Al%"}, {"a1", "a2", "a_t1"}),
        ({"deployment_id": world["b1"].deployment_id}, {"b1"}),
        ({"version": 2}, {"a2"}),
        ({"latest_version": True}, {"a2", "a_t1", "b1", "c_t2"}),
        ({"version_tag": "1.0"}, {"a1", "a_t1"}),
        ({"version_tag_like": "%.0"}, {"a1", "a2", "a_t1"}),
        ({"tenant_id_in": ["t1", "t2"]}, {"a_t1", "c_t2"}),
        ({"without_tenant_id": True}, {"a1", "a2", "b1"}),
        ({"tenant_id_in": ["t2"], "include_decision_definitions_without_tenant_id": True}, {"a1", "a2", "b1", "c_t2"}),
        ({"resource_name": "b1.dmn"}, {"b1"}),
        ({"resource_name_like": "a%"}, {"a1", "a2", "a_t1"}),
        ({"key": f"{prefix}-a", "latest_version": True, "without_tenant_id": True}, {"a2"}),
    ]
    for filters, expected in cases:
        wanted = {world[k].id for k in expected}
        assert _ids(engine.query(**mine, **filters)) == wanted, filters
        assert engine.count(**mine, **filters) == len(wanted), filters


def test_query_sorting_and_paging(engine: Decisions, world: dict[str, dd.DecisionDefinition]) -> None:
    mine = {"key_like": f"{world['prefix'].key}-%"}
    by_version = engine.query(**mine, sorting=[Sorting(sort_by="version", sort_order="desc"),
                                               Sorting(sort_by="tenantId", sort_order="asc")])
    assert by_version[0].id == world["a2"].id
    assert [d.version for d in by_version] == [2, 1, 1, 1, 1]
    assert [d.tenant_id for d in by_version[1:]][:2] == ["", ""]  # no tenant first in ascending order
    by_name = engine.query(**mine, sorting=[Sorting(sort_by="name", sort_order="asc")])
    assert [d.name for d in by_name] == ["Alpha", "Alpha", "Alpha", "Bee", "Sea"]
    assert [d.key for d in engine.query(**mine, sorting=[Sorting(sort_by="key", sort_order="desc")])][0].endswith("-c")
    tags = [d.version_tag for d in engine.query(**mine, sorting=[Sorting(sort_by="versionTag", sort_order="desc")])]
    assert tags[:3] == ["2.0", "1.0", "1.0"]
    for sort_by in ("id", "deploymentId"):
        assert len(engine.query(**mine, sorting=[Sorting(sort_by=sort_by, sort_order="asc")])) == 5
    everything = engine.query(**mine, sorting=[Sorting(sort_by="id", sort_order="asc")])
    page = engine.query(**mine, sorting=[Sorting(sort_by="id", sort_order="asc")],
                        page=OffsetPage(first_result=1, max_results=2))
    assert [d.id for d in page] == [d.id for d in everything[1:3]]


def test_query_errors(engine: Decisions) -> None:
    bad = [
        ({"sorting": [Sorting(sort_by="category", sort_order="asc")]}, "INVALID_SORTING", "sorting[0].sort_by"),
        ({"sorting": [Sorting(sort_by="key")]}, "INVALID_SORTING", "sorting[0].sort_order"),
        ({"sorting": [Sorting(sort_order="asc")]}, "INVALID_SORTING", "sorting[0].sort_by"),
        ({"page": OffsetPage(first_result=-1)}, "INVALID_FIELD", "first_result"),
        ({"page": OffsetPage(max_results=-1)}, "INVALID_FIELD", "max_results"),
        ({"version": 0}, "INVALID_FIELD", "version"),
        ({"tenant_id_in": ["t"], "without_tenant_id": True}, "INVALID_FIELD", "without_tenant_id"),
        ({"tenant_id_in": ["t"], "without_tenant_id": True, "include_decision_definitions_without_tenant_id": True},
         "INVALID_FIELD", "without_tenant_id"),
        ({"key_like": "a\\"}, "INVALID_FIELD", "key_like"),
    ]
    for filters, reason, field in bad:
        failure = expect_error(lambda: engine.query(**filters), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert failure.fields == [field], filters
    failure = expect_error(lambda: engine.count(version=-3), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failure.fields == ["version"]


# -- refused at deployment -------------------------------------------------------------------


def _line(content: bytes, marker: str) -> int:
    return next(n for n, line in enumerate(content.decode().splitlines(), start=1) if marker in line)


REFUSED = [
    # (what, decisions, reason, element, element_id, marker on the line, text in the message)
    ("priority", table("d", [("x", None)], [("y", None)], [(["1"], ["1"])], hit_policy="PRIORITY"),
     "UNSUPPORTED_DMN_ELEMENT", "decisionTable", "d", 'hitPolicy="PRIORITY"', "hit policy PRIORITY is not supported"),
    ("output order", table("d", [("x", None)], [("y", None)], [(["1"], ["1"])], hit_policy="OUTPUT ORDER"),
     "UNSUPPORTED_DMN_ELEMENT", "decisionTable", "d", "OUTPUT ORDER", "hit policy OUTPUT ORDER is not supported"),
    ("unknown hit policy", table("d", [("x", None)], [("y", None)], [(["1"], ["1"])], hit_policy="LAST"),
     "INVALID_DMN", "decisionTable", "d", 'hitPolicy="LAST"', "unknown hit policy 'LAST'"),
    ("aggregation without collect", table("d", [("x", None)], [("y", None)], [(["1"], ["1"])], hit_policy="FIRST",
                                          aggregation="SUM"),
     "INVALID_DMN", "decisionTable", "d", 'aggregation="SUM"', "an aggregation belongs to the COLLECT hit policy"),
    ("unknown aggregation", table("d", [("x", None)], [("y", None)], [(["1"], ["1"])], hit_policy="COLLECT",
                                  aggregation="AVG"),
     "INVALID_DMN", "decisionTable", "d", 'aggregation="AVG"', "unknown aggregation 'AVG'"),
    ("aggregation of two outputs", table("d", [("x", None)], [("y", None), ("z", None)], [(["1"], ["1", "2"])],
                                         hit_policy="COLLECT", aggregation="SUM"),
     "INVALID_DMN", "decisionTable", "d", 'aggregation="SUM"', "needs exactly one output, not 2"),
    ("malformed unary test", table("d", [("x", None)], [("y", None)], [(["[1..5"], ["1"])]),
     "INVALID_EXPRESSION", "inputEntry", "d", "[1..5", "invalid unary tests '[1..5'"),
    ("malformed output entry", table("d", [("x", None)], [("y", None)], [(["1"], ['"open'])]),
     "INVALID_EXPRESSION", "outputEntry", "d", '"open', "unterminated string"),
    ("malformed input expression", table("d", [("x +", None)], [("y", None)], [(["1"], ["1"])]),
     "INVALID_EXPRESSION", "inputExpression", "d", "x +", "invalid FEEL expression 'x +'"),
    ("malformed juel", table("d", [("${x +}", None)], [("y", None)], [(["1"], ["1"])]),
     "INVALID_EXPRESSION", "inputExpression", "d", "${x +}", "invalid expression '${x +}'"),
    ("unknown function", table("d", [("x", None)], [("y", None)], [(["1"], ["upper(x)"])]),
     "INVALID_EXPRESSION", "outputEntry", "d", "upper(x)", "unknown function upper()"),
    ("other expression language",
     table("d", [("x", None)], [("y", None)], [(["1"], ["1"])]).replace("<inputExpression>",
                                                                         '<inputExpression expressionLanguage="javascript">'),
     "UNSUPPORTED_DMN_ELEMENT", "inputExpression", "d", "javascript", "expression language 'javascript' is not supported"),
    ("unsupported typeRef", table("d", [("x", "number")], [("y", None)], [(["1"], ["1"])]),
     "UNSUPPORTED_DMN_ELEMENT", "inputExpression", "d", 'typeRef="number"', "typeRef 'number' is not supported"),
    ("entries do not fit", table("d", [("x", None), ("z", None)], [("y", None)], [(["1"], ["1"])]),
     "INVALID_DMN", "rule", "d", '<rule id="r1">', "rule 'r1' has 1 input and 1 output entries; the table has 2 inputs"),
    ("output without name", table("d", [("x", None)], [("", None)], [(["1"], ["1"])]).replace('name=""', ""),
     "INVALID_DMN", "output", "d", '<output id="out1"', "output 'out1' needs a name"),
    ("two outputs of a name", table("d", [("x", None)], [("y", None), ("y", None)], [(["1"], ["1", "2"])]),
     "INVALID_DMN", "output", "d", '<output id="out2"', "two outputs are named 'y'"),
    ("missing required decision", literal("d", "v", "1", requires=["nowhere"]),
     "INVALID_DMN", "requiredDecision", "d", 'href="#nowhere"', "requires decision '#nowhere', which is not in this file"),
    ("cycle", literal("d", "v", "1", requires=["e"]) + "\n" + literal("e", "w", "1", requires=["d"]),
     "INVALID_DMN", "decision", "d", '<decision id="d"', "decision 'd' requires itself: d -> e -> d"),
    ("duplicate decision id", literal("d", "v", "1") + "\n" + literal("d", "w", "2"),
     "INVALID_DMN", "decision", "d", 'variable name="w"', "duplicate decision id 'd'"),
    ("no logic", '<decision id="d" name="D" />', "INVALID_DMN", "decision", "d", '<decision id="d"',
     "neither a decision table nor a literal expression"),
    ("other logic", '<decision id="d"><context /></decision>', "UNSUPPORTED_DMN_ELEMENT", "context", "d",
     "<context", "a context is not evaluated"),
    ("literal without variable", '<decision id="d"><literalExpression><text>1</text></literalExpression></decision>',
     "INVALID_DMN", "decision", "d", '<decision id="d"', 'a literal expression needs a <variable name="…">'),
    ("business knowledge model", '<businessKnowledgeModel id="bkm" />', "UNSUPPORTED_DMN_ELEMENT",
     "businessKnowledgeModel", "bkm", "bkm", "business knowledge models are not evaluated"),
    ("item definition", '<itemDefinition id="item" />' + literal("d", "v", "1"), "UNSUPPORTED_DMN_ELEMENT",
     "itemDefinition", "item", 'id="item"', "item definitions are not supported"),
    ("invalid history time to live", literal("d", "v", "1", attributes=' camunda:historyTimeToLive="soon"'),
     "INVALID_DMN", "decision", "d", "soon", "camunda:historyTimeToLive 'soon' is not a number of days"),
    ("unknown camunda attribute", literal("d", "v", "1", attributes=' camunda:candidateStarter="x"'),
     "UNSUPPORTED_DMN_ELEMENT", "decision", "d", "candidateStarter", "camunda:candidateStarter is not supported"),
    ("no decision", '<inputData id="i" />', "INVALID_DMN", "definitions", None, "<definitions",
     "the file has no decision"),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def test_files_the_engine_would_not_evaluate_are_refused(engine: Decisions, case: tuple) -> None:  # type: ignore[type-arg]
    _, body, reason, element, element_id, marker, text = case
    content = dmn(body)
    failure = expect_error(lambda: engine.deploy_files({"bad.dmn": content}), grpc.StatusCode.INVALID_ARGUMENT,
                           reason)
    metadata = failure.info.metadata
    assert (metadata["resource"], metadata["element"]) == ("bad.dmn", element)
    if element_id is None:  # the file's own id (the definitions element's)
        assert metadata["element_id"].startswith("drd-")
    else:
        assert metadata["element_id"] == element_id
    assert metadata["line"] == str(_line(content, marker)), (failure.message, metadata)
    assert text in failure.message, failure.message
    assert failure.fields == ["resources[bad.dmn]"]


def test_not_xml_and_not_dmn_are_refused(engine: Decisions) -> None:
    failure = expect_error(lambda: engine.deploy_files({"bad.dmn": b"<definitions"}), grpc.StatusCode.INVALID_ARGUMENT,
                           "DMN_PARSE_ERROR")
    assert failure.info.metadata["line"] == "1"
    failure = expect_error(lambda: engine.deploy_files({"bad.dmn": resource("one_external_task.bpmn")}),
                           grpc.StatusCode.INVALID_ARGUMENT, "INVALID_DMN")
    assert "not a DMN 1.1, 1.2 or 1.3 file" in failure.message
