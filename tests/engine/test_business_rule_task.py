"""Business rule tasks (camunda:decisionRef): the decision is evaluated when a path reaches the task,
its result mapped into the result variable, and the path goes on; the bindings, tenants, the
result mappings, failures inside a process (synchronous and in a job), and the deployment's
refusals."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import (
    history_pb2,
    history_pb2_grpc,
    job_pb2,
    job_pb2_grpc,
    process_definition_pb2,
    process_instance_pb2,
)
from tests.engine.bpmn.snippets import definitions
from tests.engine.dmn_support import Decisions, Ref, dmn, literal, table, value_of
from tests.engine.failure_support import incidents_of
from tests.engine.support import typed_map
from tests.support import expect_error, unique


@pytest.fixture
def engine(api) -> Decisions:  # type: ignore[no-untyped-def]
    return Decisions(api)


def rule_process(process_key: str, attributes: str, *, task: str = "", after: str = "") -> bytes:
    """start -> business rule task Decide (its camunda: attributes) -> [after] -> end."""
    target = "After" if after else "End"
    return definitions(f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="30">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Decide" />
  <bpmn:businessRuleTask id="Decide" name="Decide" {attributes}{task} />
  <bpmn:sequenceFlow id="f2" sourceRef="Decide" targetRef="{target}" />
  {after}
  <bpmn:endEvent id="End" />
</bpmn:process>""")


def discount_table(key: str, *, hit_policy: str | None = None, attributes: str = "") -> str:
    """amount -> discount (and a label): < 100 none, [100..500] 5, > 500 10 (and 'big'; with a
    second rule for >= 1000 under COLLECT-like policies)."""
    return table(key, [("amount", "double")], [("discount", "integer"), ("label", "string")], [
        (["< 100"], ["0", '"small"']), (["[100..500]"], ["5", '"medium"']), (["> 500"], ["10", '"big"']),
        ([">= 1000"], ["15", '"huge"'])], hit_policy=hit_policy or "FIRST", attributes=attributes)


def start(engine: Decisions, process_key: str, variables: dict[str, Any] | None = None, *, tenant: str | None = None):  # type: ignore[no-untyped-def]
    ref = (process_definition_pb2.DefinitionRef(key=process_key) if tenant is None else
           process_definition_pb2.DefinitionRef(key_and_tenant=process_definition_pb2.KeyAndTenant(
               key=process_key, tenant_id=tenant)))
    return engine.definitions.StartProcessInstance(process_definition_pb2.StartProcessInstanceRequest(
        definition=ref, variables=typed_map(variables or {}))).process_instance


def ended_variables(server, instance_id: str) -> dict[str, tuple[Any, str]]:  # type: ignore[no-untyped-def]
    """The last values of an instance's variables (it may have ended): the variable history."""
    stub = server.api().stub(history_pb2_grpc.HistoryServiceStub)
    found = stub.QueryHistoricVariableInstances(history_pb2.QueryHistoricVariableInstancesRequest(
        process_instance_id=instance_id)).historic_variable_instances
    return {v.name: value_of(v.value) for v in found}


def test_a_business_rule_task_evaluates_and_the_process_branches_on_its_result(engine: Decisions) -> None:
    decision, process_key = unique("discount"), unique("order")
    after = """
  <bpmn:exclusiveGateway id="After" default="toStandard" />
  <bpmn:sequenceFlow id="toReview" sourceRef="After" targetRef="Review">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${discount &gt;= 10}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="toStandard" sourceRef="After" targetRef="Standard" />
  <bpmn:userTask id="Review" />
  <bpmn:userTask id="Standard" />
  <bpmn:sequenceFlow id="r" sourceRef="Review" targetRef="End" />
  <bpmn:sequenceFlow id="s" sourceRef="Standard" targetRef="End" />"""
    engine.deploy_files({
        "order.bpmn": rule_process(process_key, f'camunda:decisionRef="{decision}" camunda:resultVariable="discount" '
                                                'camunda:mapDecisionResult="singleEntry"', after=after),
        "discount.dmn": dmn(table(decision, [("amount", "double")], [("discount", "integer")], [
            (["< 100"], ["0"]), (["[100..500]"], ["5"]), (["> 500"], ["10"])])),
    })
    big = start(engine, process_key, {"amount": 800})
    assert [t.task_definition_key for t in engine.tasks_of(big.id)] == ["Review"]
    assert engine.variables(big.id)["discount"] == (10, "Integer")
    small = start(engine, process_key, {"amount": 150})
    assert [t.task_definition_key for t in engine.tasks_of(small.id)] == ["Standard"]
    assert engine.variables(small.id)["discount"] == (5, "Integer")
    history = engine.api.stub(history_pb2_grpc.HistoryServiceStub).QueryHistoricActivityInstances(
        history_pb2.QueryHistoricActivityInstancesRequest(process_instance_id=small.id, activity_id="Decide"))
    [decide] = history.historic_activity_instances
    assert decide.activity_type == "businessRuleTask" and decide.HasField("end_time")


@pytest.mark.parametrize("mapping, policy, amount, expected", [
    ("", "FIRST", 800, ([{"discount": 10, "label": "big"}], "Json")),
    ("resultList", "COLLECT", 1200, ([{"discount": 10, "label": "big"}, {"discount": 15, "label": "huge"}], "Json")),
    ("resultList", "FIRST", 50, ([{"discount": 0, "label": "small"}], "Json")),
    ("singleResult", "FIRST", 300, ({"discount": 5, "label": "medium"}, "Json")),
    ("singleResult", "UNIQUE", -1000, (None, "Null")),
    ("resultList", "UNIQUE", -1000, ([], "Json")),
])
def test_map_decision_result(server, engine: Decisions, mapping: str, policy: str, amount: int,  # type: ignore[no-untyped-def]
                             expected: tuple[Any, str]) -> None:
    decision, process_key = unique("discount"), unique("mapped")
    body = (table(decision, [("amount", "double")], [("discount", "integer"), ("label", "string")],
                  [(["[0..100["], ["0", '"small"'])], hit_policy="UNIQUE") if policy == "UNIQUE"
            else discount_table(decision, hit_policy=policy))
    how = f' camunda:mapDecisionResult="{mapping}"' if mapping else ""
    engine.deploy_files({"p.bpmn": rule_process(process_key, f'camunda:decisionRef="{decision}" '
                                                             f'camunda:resultVariable="result"{how}'),
                         "d.dmn": dmn(body)})
    instance = start(engine, process_key, {"amount": amount})
    assert ended_variables(server, instance.id)["result"] == expected


def test_single_entry_and_collect_entries(server, engine: Decisions) -> None:  # type: ignore[no-untyped-def]
    one, two = unique("one-output"), unique("two-outputs")
    single, collect, both = unique("single"), unique("collect"), unique("both")
    engine.deploy_files({
        "d.dmn": dmn(table(one, [("amount", None)], [("discount", "long")],
                           [(["> 0"], ["1"]), (["> 10"], ["2"])], hit_policy="COLLECT")
                     + "\n" + discount_table(two, hit_policy="COLLECT")),
        "single.bpmn": rule_process(single, f'camunda:decisionRef="{one}" camunda:resultVariable="v" '
                                            'camunda:mapDecisionResult="singleEntry"'),
        "collect.bpmn": rule_process(collect, f'camunda:decisionRef="{one}" camunda:resultVariable="v" '
                                              'camunda:mapDecisionResult="collectEntries"'),
        "both.bpmn": rule_process(both, f'camunda:decisionRef="{two}" camunda:resultVariable="v" '
                                        'camunda:mapDecisionResult="collectEntries"'),
    })
    assert ended_variables(server, start(engine, single, {"amount": 5}).id)["v"] == (1, "Long")
    assert ended_variables(server, start(engine, single, {"amount": -5}).id)["v"] == (None, "Null")
    assert ended_variables(server, start(engine, collect, {"amount": 50}).id)["v"] == ([1, 2], "Json")
    assert ended_variables(server, start(engine, collect, {"amount": -5}).id)["v"] == ([], "Json")
    failure = expect_error(lambda: start(engine, single, {"amount": 50}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    assert failure.info.metadata["activity_id"] == "Decide"
    assert "mapDecisionResult singleEntry needs at most one rule result, but there are 2" in failure.message
    failure = expect_error(lambda: start(engine, both, {"amount": 50}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    assert "collectEntries needs one output, but the result has 2: discount, label" in failure.message


def test_without_a_result_variable_nothing_is_kept(server, engine: Decisions) -> None:  # type: ignore[no-untyped-def]
    decision, process_key = unique("silent"), unique("silent-process")
    engine.deploy_files({"p.bpmn": rule_process(process_key, f'camunda:decisionRef="{decision}"'),
                         "d.dmn": dmn(discount_table(decision))})
    instance = start(engine, process_key, {"amount": 10})
    assert set(ended_variables(server, instance.id)) == {"amount"}
    assert engine.instance(instance.id).state == process_instance_pb2.ProcessInstance.STATE_COMPLETED


def _versions(engine: Decisions, key: str, labels: list[str], *, tenant: str = "", with_process: str = "",
              process: bytes = b"") -> None:
    for label in labels:
        files = {"d.dmn": dmn(literal(key, "v", f'"{label}"', attributes=f' camunda:versionTag="{label}"'))}
        if with_process == label:
            files["p.bpmn"] = process
        engine.deploy_files(files, tenant=tenant)


@pytest.mark.parametrize("binding, expected", [
    ("", "third"),
    ('camunda:decisionRefBinding="latest"', "third"),
    ('camunda:decisionRefBinding="deployment"', "second"),
    ('camunda:decisionRefBinding="version" camunda:decisionRefVersion="1"', "first"),
    ('camunda:decisionRefBinding="versionTag" camunda:decisionRefVersionTag="second"', "second"),
])
def test_decision_ref_bindings(server, engine: Decisions, binding: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    decision, process_key = unique("bound"), unique("binding")
    process = rule_process(process_key, f'camunda:decisionRef="{decision}" camunda:resultVariable="v" '
                                        f'camunda:mapDecisionResult="singleEntry" {binding}')
    _versions(engine, decision, ["first", "second", "third"], with_process="second", process=process)
    assert ended_variables(server, start(engine, process_key).id)["v"] == (expected, "String")


def test_a_binding_that_finds_nothing_fails_the_start(engine: Decisions) -> None:
    decision, process_key = unique("unbound"), unique("binding")
    engine.deploy_files({"d.dmn": dmn(literal(decision, "v", "1")),
                         "p.bpmn": rule_process(process_key, f'camunda:decisionRef="{decision}" '
                                                'camunda:decisionRefBinding="version" camunda:decisionRefVersion="2"')})
    failure = expect_error(lambda: start(engine, process_key), grpc.StatusCode.FAILED_PRECONDITION,
                           "CALLED_DEFINITION_NOT_FOUND")
    metadata = failure.info.metadata
    assert (metadata["activity_id"], metadata["decision_ref"], metadata["binding"]) == ("Decide", decision, "version")
    missing = unique("missing")
    engine.deploy_files({"p.bpmn": rule_process(missing, 'camunda:decisionRef="no-such-decision"')})
    expect_error(lambda: start(engine, missing), grpc.StatusCode.FAILED_PRECONDITION, "CALLED_DEFINITION_NOT_FOUND")


def test_the_decision_ref_may_be_an_expression(server, engine: Decisions) -> None:  # type: ignore[no-untyped-def]
    first, second, process_key = unique("first"), unique("second"), unique("chooser")
    engine.deploy_files({"d.dmn": dmn(literal(first, "v", '"one"') + "\n" + literal(second, "v", '"two"')),
                         "p.bpmn": rule_process(process_key, 'camunda:decisionRef="${which}" camunda:resultVariable="v" '
                                                'camunda:mapDecisionResult="singleEntry"')})
    assert ended_variables(server, start(engine, process_key, {"which": second}).id)["v"] == ("two", "String")
    failure = expect_error(lambda: start(engine, process_key), grpc.StatusCode.FAILED_PRECONDITION,
                           "EXPRESSION_EVALUATION_FAILED")
    assert failure.info.metadata["activity_id"] == "Decide"


def test_a_process_of_a_tenant_evaluates_its_tenants_decision(server, engine: Decisions) -> None:  # type: ignore[no-untyped-def]
    decision, process_key = unique("tenanted"), unique("tenant-process")
    attributes = (f'camunda:decisionRef="{decision}" camunda:resultVariable="v" '
                  'camunda:mapDecisionResult="singleEntry"')
    engine.deploy_files({"d.dmn": dmn(literal(decision, "v", '"shared"'))})
    engine.deploy_files({"d.dmn": dmn(literal(decision, "v", '"tenant one"'))}, tenant="tenant-one")
    engine.deploy_files({"p.bpmn": rule_process(process_key, attributes)}, tenant="tenant-one")
    engine.deploy_files({"p.bpmn": rule_process(process_key, attributes)})
    assert ended_variables(server, start(engine, process_key, tenant="tenant-one").id)["v"] == ("tenant one", "String")
    assert ended_variables(server, start(engine, process_key).id)["v"] == ("shared", "String")
    # A tenant without the decision: not found (the decision of no tenant is not taken instead).
    engine.deploy_files({"p.bpmn": rule_process(process_key, attributes)}, tenant="tenant-two")
    expect_error(lambda: start(engine, process_key, tenant="tenant-two"), grpc.StatusCode.FAILED_PRECONDITION,
                 "CALLED_DEFINITION_NOT_FOUND")
    # camunda:decisionRefTenantId names the tenant (an expression: here the decision of tenant-one).
    other = unique("other-tenant")
    engine.deploy_files({"p.bpmn": rule_process(other, attributes + ' camunda:decisionRefTenantId="${owner}"')},
                        tenant="tenant-two")
    instance = start(engine, other, {"owner": "tenant-one"}, tenant="tenant-two")
    assert ended_variables(server, instance.id)["v"] == ("tenant one", "String")


def test_a_failing_evaluation_fails_the_call_and_keeps_nothing(engine: Decisions) -> None:
    decision, process_key = unique("failing"), unique("failing-process")
    engine.deploy_files({"p.bpmn": rule_process(process_key, f'camunda:decisionRef="{decision}" '
                                                             'camunda:resultVariable="v"'),
                         "d.dmn": dmn(discount_table(decision, hit_policy="UNIQUE"))})
    failure = expect_error(lambda: start(engine, process_key, {"amount": 1200}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    metadata = failure.info.metadata
    assert (metadata["activity_id"], metadata["decision_key"], metadata["rule_id"]) == ("Decide", decision, "r3,r4")
    assert metadata["decision_definition_id"] == engine.get(Ref(key=decision)).id
    found = engine.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        process_definition_key=process_key)).process_instances
    assert list(found) == []  # nothing was started
    failure = expect_error(lambda: start(engine, process_key, {}), grpc.StatusCode.FAILED_PRECONDITION,
                           "DECISION_EVALUATION_FAILED")
    assert "no variable named 'amount'" in failure.message


def test_a_failing_evaluation_in_a_job_fails_the_job_then_opens_an_incident(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    own = fresh_server(server.backend, background=False)
    engine = Decisions(own.api())
    decision, process_key = unique("async"), unique("async-process")
    engine.deploy_files({"p.bpmn": rule_process(process_key, f'camunda:decisionRef="{decision}" '
                                                'camunda:resultVariable="v" camunda:asyncBefore="true"'),
                         "d.dmn": dmn(discount_table(decision, hit_policy="UNIQUE"))})
    instance = start(engine, process_key, {"amount": 1200})
    jobs = engine.api.stub(job_pb2_grpc.JobServiceStub)
    [job] = jobs.QueryJobs(job_pb2.QueryJobsRequest(process_instance_id=instance.id)).jobs
    for left in (2, 1, 0):
        failure = expect_error(lambda: jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id)),
                               grpc.StatusCode.FAILED_PRECONDITION, "DECISION_EVALUATION_FAILED")
        got = jobs.GetJob(job_pb2.GetJobRequest(id=job.id)).job
        assert got.retries == left and got.exception_message == failure.message
    assert [(i[0], i[3]) for i in incidents_of(own, instance.id)] == [("failedJob", "Decide")]
    engine.instances.ModifyVariables(process_instance_pb2.ModifyVariablesRequest(
        process_instance_id=instance.id, modifications=typed_map({"amount": 600})))
    jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id))
    assert ended_variables(own, instance.id)["v"] == ([{"discount": 10, "label": "big"}], "Json")


# -- refused at deployment -------------------------------------------------------------------

REFUSED = [
    ('camunda:decisionRef="d" camunda:type="external" camunda:topic="t"', "INVALID_BPMN",
     "camunda:type and camunda:decisionRef exclude each other"),
    ('camunda:decisionRef=" "', "INVALID_BPMN", "camunda:decisionRef is empty"),
    ('camunda:decisionRef="d" camunda:decisionRefBinding="newest"', "INVALID_BPMN",
     "camunda:decisionRefBinding must be latest, deployment, version or versionTag, not 'newest'"),
    ('camunda:decisionRef="d" camunda:decisionRefBinding="version"', "INVALID_BPMN",
     "needs a camunda:decisionRefVersion that is a positive integer, not ''"),
    ('camunda:decisionRef="d" camunda:decisionRefBinding="version" camunda:decisionRefVersion="0"', "INVALID_BPMN",
     "positive integer, not '0'"),
    ('camunda:decisionRef="d" camunda:decisionRefBinding="versionTag"', "INVALID_BPMN",
     "needs a camunda:decisionRefVersionTag"),
    ('camunda:decisionRef="d" camunda:mapDecisionResult="firstEntry"', "INVALID_BPMN",
     "camunda:mapDecisionResult must be resultList, singleEntry, singleResult or collectEntries, not 'firstEntry'"),
    ('camunda:decisionRef="${a +}"', "INVALID_EXPRESSION", "invalid expression in camunda:decisionRef"),
    ('camunda:type="external" camunda:topic="t" camunda:resultVariable="r"', "INVALID_BPMN",
     "camunda:resultVariable belongs to a business rule task that evaluates a decision"),
    ('camunda:decisionRef="d" camunda:resultVariable="' + "r" * 256 + '"', "INVALID_BPMN",
     "camunda:resultVariable is longer than 255 characters"),
]


@pytest.mark.parametrize("attributes, reason, text", REFUSED, ids=[str(i) for i in range(len(REFUSED))])
def test_business_rule_tasks_the_engine_would_not_run_are_refused(engine: Decisions, attributes: str, reason: str,
                                                                 text: str) -> None:
    content = rule_process(unique("refused"), attributes)
    failure = expect_error(lambda: engine.deploy_files({"p.bpmn": content}), grpc.StatusCode.INVALID_ARGUMENT, reason)
    metadata = failure.info.metadata
    assert (metadata["element"], metadata["element_id"]) == ("businessRuleTask", "Decide")
    assert metadata["line"] == str(next(n for n, line in enumerate(content.decode().splitlines(), start=1)
                                        if 'id="Decide"' in line))
    assert text in failure.message, failure.message


def test_a_decision_ref_elsewhere_is_refused(engine: Decisions) -> None:
    content = definitions("""
<bpmn:process id="p" isExecutable="true">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Send" />
  <bpmn:serviceTask id="Send" camunda:decisionRef="d" />
</bpmn:process>""")
    failure = expect_error(lambda: engine.deploy_files({"p.bpmn": content}), grpc.StatusCode.INVALID_ARGUMENT,
                           "UNSUPPORTED_BPMN_ELEMENT")
    assert "DMN decisions are evaluated by business rule tasks" in failure.message
