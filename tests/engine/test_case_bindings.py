"""Process and case task details: bindings (latest, deployment, version), camunda tenant ids,
non-blocking tasks, manually activated and nested stages, and runaway case nesting."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import case_instance_pb2, process_instance_pb2
from tests.engine.case_support import CASE_STATE, Cases
from tests.engine.resources import modeler
from tests.engine.resources.cmmn_modeler import render
from tests.support import expect_error, unique


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return Cases(api)


def _process(key: str, task_name: str) -> bytes:
    return modeler.render(
        f'<bpmn:process id="{key}" isExecutable="true"><bpmn:startEvent id="StartEvent_1" />'
        '<bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Work" />'
        f'<bpmn:userTask id="Work" name="{task_name}" />'
        '<bpmn:sequenceFlow id="Flow_2" sourceRef="Work" targetRef="EndEvent_1" />'
        '<bpmn:endEvent id="EndEvent_1" /></bpmn:process>', key,
    ).encode()


def _case(key: str, plan: str) -> bytes:
    return render(f'<cmmn:case id="{key}"><cmmn:casePlanModel id="CasePlanModel_1">{plan}'
                  "</cmmn:casePlanModel></cmmn:case>", key).encode()


def _started(cases: Cases, process_key: str) -> list[process_instance_pb2.ProcessInstance]:
    return list(cases.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        process_definition_key=process_key, include_ended=True)).process_instances)


def test_a_non_blocking_process_task_completes_at_once(cases: Cases) -> None:
    key, process_key = unique("case_nonblocking"), unique("proc")
    cases.deploy_files({
        "p.bpmn": _process(process_key, "Work"),
        "c.cmmn": _case(key, f'<cmmn:planItem id="PI_Fire" definitionRef="P_1" />'
                             f'<cmmn:processTask id="P_1" processRef="{process_key}" isBlocking="false" />'),
    })
    created = cases.create(key=key)
    assert cases.states(created.id) == {"CasePlanModel_1": "COMPLETED", "PI_Fire": "COMPLETED"}
    [instance] = _started(cases, process_key)
    assert instance.state == process_instance_pb2.ProcessInstance.STATE_ACTIVE  # it runs on by itself
    [task] = cases.tasks_of(instance.id)
    cases.complete(task.id)
    assert cases.instance(instance.id).state == process_instance_pb2.ProcessInstance.STATE_COMPLETED


def test_process_bindings_version_deployment_and_tenant(cases: Cases) -> None:
    process_key = unique("proc")
    first = cases.deploy_files({"p.bpmn": _process(process_key, "First")})
    cases.deploy_files({"p.bpmn": _process(process_key, "Second")})
    tenant_version = cases.deploy_files({"p.bpmn": _process(process_key, "Tenant")}, tenant="tenant-bind")
    key = unique("case_bindings")
    cases.deploy_files({
        "c.cmmn": _case(key, (
            '<cmmn:planItem id="PI_Version" definitionRef="P_Version" />'
            '<cmmn:planItem id="PI_Latest" definitionRef="P_Latest" />'
            '<cmmn:planItem id="PI_Tenant" definitionRef="P_Tenant" />'
            f'<cmmn:processTask id="P_Version" processRef="{process_key}" camunda:processBinding="version" '
            'camunda:processVersion="${wanted}" />'
            f'<cmmn:processTask id="P_Latest" processRef="{process_key}" />'
            f'<cmmn:processTask id="P_Tenant" processRef="{process_key}" camunda:processTenantId="tenant-bind" />'
        )),
    })
    created = cases.create(key=key, variables={"wanted": 1})
    started = {i.definition_id: i for i in _started(cases, process_key)}
    names = {}
    for definition_id, instance in started.items():
        [task] = cases.tasks_of(instance.id)
        names[definition_id] = task.name
    assert sorted(names.values()) == ["First", "Second", "Tenant"]
    assert names[first.definitions[0].id] == "First" and names[tenant_version.definitions[0].id] == "Tenant"
    assert cases.case(created.id).state == CASE_STATE.STATE_ACTIVE

    # The deployment binding finds only a process deployed with the case.
    key = unique("case_deployment_binding")
    plan = (f'<cmmn:planItem id="PI_1" definitionRef="P_1" /><cmmn:processTask id="P_1" processRef="{process_key}" '
            'camunda:processBinding="deployment" />')
    cases.deploy_files({"c.cmmn": _case(key, plan)})
    failed = expect_error(lambda: cases.create(key=key), grpc.StatusCode.FAILED_PRECONDITION,
                          "CALLED_DEFINITION_NOT_FOUND")
    assert failed.info.metadata["binding"] == "deployment"
    together = cases.deploy_files({"c.cmmn": _case(key, plan), "p.bpmn": _process(process_key, "Together")})
    cases.create(key=key)
    together_id = next(d.id for d in together.definitions if d.kind == "process")
    assert [cases.tasks_of(i.id)[0].name for i in _started(cases, process_key) if i.definition_id == together_id] == [
        "Together"]


def test_a_manually_activated_stage_with_a_nested_stage(cases: Cases) -> None:
    key = unique("case_stages")
    plan = """
      <cmmn:planItem id="PI_Outer" definitionRef="Stage_Outer">
        <cmmn:itemControl id="C_1"><cmmn:manualActivationRule id="R_1" /></cmmn:itemControl>
      </cmmn:planItem>
      <cmmn:stage id="Stage_Outer">
        <cmmn:planItem id="PI_Inner" definitionRef="Stage_Inner" />
        <cmmn:planItem id="PI_Optional" definitionRef="Task_1">
          <cmmn:itemControl id="C_2">
            <cmmn:requiredRule id="R_2"><cmmn:condition>${strict}</cmmn:condition></cmmn:requiredRule>
            <cmmn:manualActivationRule id="R_3" />
          </cmmn:itemControl>
        </cmmn:planItem>
        <cmmn:stage id="Stage_Inner" autoComplete="true">
          <cmmn:planItem id="PI_Deep" definitionRef="Task_1" />
        </cmmn:stage>
      </cmmn:stage>
      <cmmn:task id="Task_1" name="Work" />"""
    cases.deploy_files({"c.cmmn": _case(key, plan)})
    created = cases.create(key=key, variables={"strict": False})
    assert cases.states(created.id) == {"CasePlanModel_1": "ACTIVE", "PI_Outer": "ENABLED"}
    cases.manual_start(cases.execution(created.id, "PI_Outer").id)
    assert cases.states(created.id) == {"CasePlanModel_1": "ACTIVE", "PI_Outer": "ACTIVE", "PI_Inner": "ACTIVE",
                                        "PI_Optional": "ENABLED", "PI_Deep": "ACTIVE"}
    outer = cases.execution(created.id, "PI_Outer")
    inner = cases.execution(created.id, "PI_Inner")
    assert cases.execution(created.id, "PI_Deep").parent_id == inner.id and inner.parent_id == outer.id
    assert not cases.execution(created.id, "PI_Optional").required  # ${strict} was false
    cases.complete_execution(cases.execution(created.id, "PI_Deep").id)
    # The inner stage completes; the outer one waits for its optional task (no autoComplete)…
    assert cases.states(created.id)["PI_Inner"] == "COMPLETED"
    assert cases.states(created.id)["PI_Outer"] == "ACTIVE"
    # …until it is completed by hand (nothing required, nothing active).
    cases.complete_execution(outer.id)
    assert cases.states(created.id) == {"CasePlanModel_1": "COMPLETED", "PI_Outer": "COMPLETED",
                                        "PI_Inner": "COMPLETED", "PI_Optional": "TERMINATED", "PI_Deep": "COMPLETED"}


def test_a_case_that_calls_itself_stops_at_the_nesting_limit(cases: Cases) -> None:
    key = unique("case_recursive")
    cases.deploy_files({"c.cmmn": _case(key, f'<cmmn:planItem id="PI_Self" definitionRef="C_1" />'
                                             f'<cmmn:caseTask id="C_1" caseRef="{key}" />')})
    failed = expect_error(lambda: cases.create(key=key), grpc.StatusCode.FAILED_PRECONDITION, "CASE_NESTING_TOO_DEEP")
    assert failed.info.metadata["limit"] == "32"
    assert list(cases.case_instances.QueryCaseInstances(
        case_instance_pb2.QueryCaseInstancesRequest(case_definition_key=key)).case_instances) == []
