"""CMMN decision tasks: the decision is evaluated as the task becomes ACTIVE (at once, or by
ManualStartCaseExecution) and the task completes; the bindings and tenants, the result mappings
into the result variable, the decision history with the case's fields, failures that fail the
call and keep nothing, and what the deployment refuses."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import case_instance_pb2, history_pb2, history_pb2_grpc
from tests.engine.case_support import Cases
from tests.engine.dmn_support import dmn, literal, table, value_of
from tests.engine.resources.cmmn_modeler import render
from tests.support import expect_error, unique

TENANT = "tenant-dt"


class Engine(Cases):
    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def decision_instances(self, **filters: Any) -> list[history_pb2.HistoricDecisionInstance]:
        return list(self.history.QueryHistoricDecisionInstances(
            history_pb2.QueryHistoricDecisionInstancesRequest(**filters)).historic_decision_instances)

    def case_count(self, case_key: str) -> int:
        return len(self.case_instances.QueryCaseInstances(case_instance_pb2.QueryCaseInstancesRequest(
            case_definition_key=case_key, include_closed=True)).case_instances)


@pytest.fixture
def engine(api) -> Engine:  # type: ignore[no-untyped-def]
    return Engine(api)


def case(case_key: str, attributes: str, *, manual: bool = False, then: bool = True) -> bytes:
    """A case: the decision task Decide (its attributes), then (on its completion) the human
    task Act; ``manual``: Decide waits ENABLED for a manual start."""
    control = ('<cmmn:itemControl id="C_1"><cmmn:manualActivationRule id="M_1" /></cmmn:itemControl>'
               if manual else "")
    act = ('<cmmn:planItem id="PI_Act" definitionRef="Act"><cmmn:entryCriterion id="E_1" sentryRef="S_1" />'
           '</cmmn:planItem><cmmn:sentry id="S_1"><cmmn:planItemOnPart id="O_1" sourceRef="PI_Decide">'
           '<cmmn:standardEvent>complete</cmmn:standardEvent></cmmn:planItemOnPart></cmmn:sentry>'
           '<cmmn:humanTask id="Act" name="Act" />' if then else "")
    return render(
        f'<cmmn:case id="{case_key}"><cmmn:casePlanModel id="Plan_{case_key}">'
        f'<cmmn:planItem id="PI_Decide" definitionRef="Decide">{control}</cmmn:planItem>{act}'
        f'<cmmn:decisionTask id="Decide" name="Decide" {attributes} />'
        "</cmmn:casePlanModel></cmmn:case>", case_key).encode()


def discount(key: str, rate: str = "5", *, attributes: str = "") -> str:
    """amount -> rate when the amount is 100 or more, 0 below (and a label)."""
    return table(key, [("amount", "integer")], [("rate", "integer"), ("label", "string")],
                 [([">= 100"], [rate, '"big"']), (["< 100"], ["0", '"small"'])], attributes=attributes)


def test_a_decision_task_evaluates_as_it_becomes_active_and_completes(engine: Engine) -> None:
    decision, case_key = unique("discount"), unique("order")
    deployment = engine.deploy_files({
        "d.dmn": dmn(discount(decision)),
        "c.cmmn": case(case_key, f'decisionRef="{decision}" camunda:resultVariable="rate" '
                                 'camunda:mapDecisionResult="singleResult"'),
    })
    definition_id = engine.case_definition_id(deployment, case_key)
    created = engine.create(id=definition_id, variables={"amount": 150})
    assert engine.states(created.id)["PI_Decide"] == "COMPLETED"
    assert engine.states(created.id)["PI_Act"] == "ACTIVE"  # its entry criterion: Decide completed
    assert engine.case_variables(created.id)["rate"] == ({"rate": 5, "label": "big"}, "Json")
    decide = engine.execution(created.id, "PI_Decide")
    [activity] = engine.history.QueryHistoricCaseActivityInstances(history_pb2.QueryHistoricCaseActivityInstancesRequest(
        case_instance_id=created.id, case_activity_id="PI_Decide")).historic_case_activity_instances
    assert (activity.case_activity_type, activity.completed) == ("decisionTask", True)
    [row] = engine.decision_instances(case_instance_id=created.id, include_inputs=True, include_outputs=True)
    assert (row.case_definition_id, row.case_definition_key, row.case_instance_id, row.activity_id,
            row.activity_instance_id, row.process_instance_id, row.user_id, row.tenant_id) == (
        definition_id, case_key, created.id, "PI_Decide", decide.id, "", "", "")
    assert [value_of(i.value) for i in row.inputs] == [(150, "Integer")]
    assert [(o.rule_id, o.variable_name, value_of(o.value)) for o in row.outputs] == [
        ("r1", "rate", (5, "Integer")), ("r1", "label", ("big", "String"))]
    assert [r.id for r in engine.decision_instances(case_definition_key=case_key)] == [row.id]
    assert [r.id for r in engine.decision_instances(case_definition_id=definition_id,
                                                    activity_instance_id_in=[decide.id])] == [row.id]


def test_a_decision_task_with_manual_activation_evaluates_when_started(engine: Engine) -> None:
    decision, case_key = unique("discount"), unique("manual")
    engine.deploy_files({"d.dmn": dmn(discount(decision)),
                         "c.cmmn": case(case_key, f'decisionRef="{decision}" camunda:resultVariable="r" '
                                                  'camunda:mapDecisionResult="singleResult"', manual=True)})
    created = engine.create(key=case_key, variables={"amount": 20})
    assert engine.states(created.id)["PI_Decide"] == "ENABLED"
    assert engine.decision_instances(case_instance_id=created.id) == []
    engine.modify(created.id, {"amount": 500})  # evaluated with the variables as they are at the start
    engine.manual_start(engine.execution(created.id, "PI_Decide").id)
    assert (engine.states(created.id)["PI_Decide"], engine.states(created.id)["PI_Act"]) == ("COMPLETED", "ACTIVE")
    assert engine.case_variables(created.id)["r"] == ({"rate": 5, "label": "big"}, "Json")
    assert len(engine.decision_instances(case_instance_id=created.id)) == 1


@pytest.mark.parametrize("mapping, expected", [
    ("", ([{"rate": 5}, {"rate": 7}], "Json")),
    ('camunda:mapDecisionResult="resultList"', ([{"rate": 5}, {"rate": 7}], "Json")),
    ('camunda:mapDecisionResult="collectEntries"', ([5, 7], "Json")),
])
def test_result_mappings(engine: Engine, mapping: str, expected: tuple[Any, str]) -> None:
    decision, case_key = unique("rates"), unique("mapped")
    engine.deploy_files({
        "d.dmn": dmn(table(decision, [("amount", "integer")], [("rate", "integer")],
                           [([">= 0"], ["5"]), ([">= 10"], ["7"])], hit_policy="RULE ORDER")),
        "c.cmmn": case(case_key, f'decisionRef="{decision}" camunda:resultVariable="r" {mapping}', then=False),
    })
    created = engine.create(key=case_key, variables={"amount": 50})
    assert engine.case_variables(created.id)["r"] == expected


def test_without_a_result_variable_the_result_is_not_kept(engine: Engine) -> None:
    decision, case_key = unique("discount"), unique("unkept")
    engine.deploy_files({"d.dmn": dmn(discount(decision)), "c.cmmn": case(case_key, f'decisionRef="{decision}"')})
    created = engine.create(key=case_key, variables={"amount": 50})
    assert set(engine.case_variables(created.id)) == {"amount"}
    assert len(engine.decision_instances(case_instance_id=created.id)) == 1


def test_bindings_versions_tags_deployments_and_tenants(engine: Engine) -> None:
    decision, case_key = unique("rate"), unique("bound")

    def rate(value: str, tag: str = "") -> bytes:
        attributes = f' camunda:versionTag="{tag}"' if tag else ""
        return dmn(literal(decision, "rate", value, "integer", attributes=attributes))

    engine.deploy_files({"d.dmn": rate("1", "gold")})  # version 1
    engine.deploy_files({"d.dmn": rate("2"), "c.cmmn": case(
        case_key, f'decisionRef="{decision}" camunda:resultVariable="r" camunda:mapDecisionResult="singleEntry"',
        then=False)})  # version 2, deployed with the latest-binding case
    engine.deploy_files({"d.dmn": rate("3")})  # version 3
    engine.deploy_files({"d.dmn": rate("40")}, tenant=TENANT)

    def evaluated(attributes: str, tenant: str = "") -> Any:
        key = unique("bound")
        engine.deploy_files({"c.cmmn": case(key, f'decisionRef="${{name}}" camunda:resultVariable="r" '
                                                 f'camunda:mapDecisionResult="singleEntry" {attributes}', then=False)},
                            tenant=tenant)
        created = engine.create(key=key, tenant=tenant or None, variables={"name": decision})
        return engine.case_variables(created.id)["r"][0]

    assert engine.case_variables(engine.create(key=case_key).id)["r"] == (3, "Integer")  # latest
    assert evaluated('camunda:decisionBinding="version" camunda:decisionVersion="1"') == 1
    assert evaluated('camunda:decisionBinding="versionTag" camunda:decisionVersionTag="gold"') == 1
    assert evaluated(f'camunda:decisionTenantId="{TENANT}"') == 40
    assert evaluated("", tenant=TENANT) == 40  # a tenant's case: its tenant's decision
    deployment_bound = unique("deployed")
    deployment = engine.deploy_files({"d.dmn": rate("5"), "c.cmmn": case(
        deployment_bound, f'decisionRef="{decision}" camunda:decisionBinding="deployment" '
                          'camunda:resultVariable="r" camunda:mapDecisionResult="singleEntry"', then=False)})
    engine.deploy_files({"d.dmn": rate("6")})
    created = engine.create(id=engine.case_definition_id(deployment, deployment_bound))
    assert engine.case_variables(created.id)["r"] == (5, "Integer")
    [row] = engine.decision_instances(case_instance_id=created.id)
    assert row.decision_definition_id == next(d.id for d in deployment.definitions if d.key == decision)


def test_a_decision_that_is_not_deployed_fails_the_call_and_keeps_nothing(engine: Engine) -> None:
    case_key = unique("missing")
    engine.deploy_files({"c.cmmn": case(case_key, 'decisionRef="no-such-decision" camunda:decisionBinding="version" '
                                                  'camunda:decisionVersion="2"')})
    failed = expect_error(lambda: engine.create(key=case_key), grpc.StatusCode.FAILED_PRECONDITION,
                          "CALLED_DEFINITION_NOT_FOUND")
    assert failed.info is not None
    assert (failed.info.metadata["decision_ref"], failed.info.metadata["binding"],
            failed.info.metadata["activity_id"]) == ("no-such-decision", "version", "PI_Decide")
    assert engine.case_count(case_key) == 0
    assert engine.decision_instances(decision_definition_key="no-such-decision") == []


def test_a_failing_evaluation_or_mapping_fails_the_call_and_keeps_nothing(engine: Engine) -> None:
    decision, case_key, mapped = unique("discount"), unique("failing"), unique("unmappable")
    engine.deploy_files({
        "d.dmn": dmn(discount(decision)),
        "c.cmmn": case(case_key, f'decisionRef="{decision}"'),
        "m.cmmn": case(mapped, f'decisionRef="{decision}" camunda:resultVariable="r" '
                               'camunda:mapDecisionResult="singleEntry"'),
    })
    failed = expect_error(lambda: engine.create(key=case_key), grpc.StatusCode.FAILED_PRECONDITION,
                          "DECISION_EVALUATION_FAILED")  # amount is unknown
    assert failed.info is not None and failed.info.metadata["activity_id"] == "PI_Decide"
    assert failed.info.metadata["decision_key"] == decision
    failed = expect_error(lambda: engine.create(key=mapped, variables={"amount": 1}),
                          grpc.StatusCode.FAILED_PRECONDITION, "DECISION_EVALUATION_FAILED")
    assert "singleEntry" in failed.message  # two outputs: rate and label
    assert engine.case_count(case_key) == engine.case_count(mapped) == 0
    assert engine.decision_instances(decision_definition_key=decision) == []


def test_a_failing_manual_start_changes_nothing(engine: Engine) -> None:
    decision, case_key = unique("discount"), unique("manual")
    engine.deploy_files({"d.dmn": dmn(discount(decision)),
                         "c.cmmn": case(case_key, f'decisionRef="{decision}"', manual=True)})
    created = engine.create(key=case_key)
    execution = engine.execution(created.id, "PI_Decide")
    expect_error(lambda: engine.manual_start(execution.id), grpc.StatusCode.FAILED_PRECONDITION,
                 "DECISION_EVALUATION_FAILED")
    assert engine.states(created.id)["PI_Decide"] == "ENABLED"
    assert engine.decision_instances(case_instance_id=created.id) == []


def test_a_closed_case_instances_decision_history_goes_with_its_history(engine: Engine) -> None:
    decision, case_key = unique("discount"), unique("closing")
    engine.deploy_files({"d.dmn": dmn(discount(decision)), "c.cmmn": case(case_key, f'decisionRef="{decision}"',
                                                                          then=False)})
    done, other = (engine.create(key=case_key, variables={"amount": 5}) for _ in range(2))
    assert engine.case(done.id).state == case_instance_pb2.CaseInstance.STATE_COMPLETED
    engine.close_case(done.id)
    engine.history.DeleteHistoricCaseInstance(history_pb2.DeleteHistoricCaseInstanceRequest(id=done.id))
    assert engine.decision_instances(case_instance_id=done.id) == []
    assert len(engine.decision_instances(case_instance_id=other.id)) == 1


@pytest.mark.parametrize("attributes, reason, needle", [
    ("", "INVALID_CMMN", "needs a decisionRef"),
    ('decisionRef="d" camunda:decisionBinding="newest"', "INVALID_CMMN", "camunda:decisionBinding"),
    ('decisionRef="d" camunda:decisionBinding="version"', "INVALID_CMMN", "camunda:decisionVersion"),
    ('decisionRef="d" camunda:decisionBinding="version" camunda:decisionVersion="0"', "INVALID_CMMN",
     "positive integer"),
    ('decisionRef="d" camunda:decisionVersion="2"', "INVALID_CMMN", "only allowed with"),
    ('decisionRef="d" camunda:decisionBinding="versionTag"', "INVALID_CMMN", "camunda:decisionVersionTag"),
    ('decisionRef="d" camunda:decisionVersionTag="v"', "INVALID_CMMN", "only allowed with"),
    ('decisionRef="d" camunda:mapDecisionResult="everything"', "INVALID_CMMN", "camunda:mapDecisionResult"),
    (f'decisionRef="d" camunda:resultVariable="{"v" * 256}"', "INVALID_CMMN", "longer than 255"),
    ('decisionRef="${d"', "INVALID_EXPRESSION", "decisionRef"),
    ('decisionRef="d" camunda:decisionTenantId="${"', "INVALID_EXPRESSION", "camunda:decisionTenantId"),
    ('decisionRef="d" camunda:class="x"', "UNSUPPORTED_CMMN_ELEMENT", "camunda:class"),
])
def test_the_deployment_refuses_bad_decision_tasks(engine: Engine, attributes: str, reason: str, needle: str) -> None:
    failed = expect_error(lambda: engine.deploy_files({"c.cmmn": case(unique("bad"), attributes)}),
                          grpc.StatusCode.INVALID_ARGUMENT, reason)
    assert needle in failed.message
    assert failed.info is not None and failed.info.metadata["element"] == "decisionTask"
