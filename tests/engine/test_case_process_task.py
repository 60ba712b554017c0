"""Process tasks and case tasks: the called process instance (or case instance) runs, and its
end completes (or terminates) the plan item; variables flow in and out through camunda:in/out."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import case_instance_pb2, process_instance_pb2
from tests.engine.case_support import CASE_STATE, STATE, Cases
from tests.support import expect_error, unique

PROCESSES = ("case_review_process.bpmn", "case_instant_process.bpmn")


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return Cases(api)


def _review_instance(cases: Cases, business_key: str) -> process_instance_pb2.ProcessInstance:
    [instance] = cases.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        process_definition_key="case_review_process", business_key=business_key, include_ended=True)).process_instances
    return instance


def _create(cases: Cases, document_id: str, tenant: str = "") -> case_instance_pb2.CaseInstance:
    key = unique("case_process_task")
    cases.deploy_case("case_process_task.cmmn", key=key, extra=PROCESSES, tenant=tenant)
    return cases.create(key=key, tenant=tenant or None,
                        variables={"documentId": document_id, "document": "the text", "other": 1})


def test_a_process_task_runs_its_process_and_completes_when_it_ends(cases: Cases) -> None:
    document_id = unique("doc")
    created = _create(cases, document_id)
    assert cases.states(created.id) == {
        "CasePlanModel_1": "ACTIVE", "PI_Review": "ACTIVE", "PI_Prepare": "COMPLETED", "PI_Publish": "AVAILABLE",
    }
    instance = _review_instance(cases, document_id)
    assert instance.state == process_instance_pb2.ProcessInstance.STATE_ACTIVE
    # camunda:in: only the mapped variable and the business key reach the process.
    assert cases.variables(instance.id) == {"document": ("the text", "String")}
    [review] = cases.tasks_of(instance.id)
    assert (review.task_definition_key, review.assignee) == ("ReviewDocument", "reviewer")
    cases.complete(review.id, {"verdict": "approved", "remark": "fine"})
    assert cases.instance(instance.id).state == process_instance_pb2.ProcessInstance.STATE_COMPLETED
    # camunda:out maps the verdict back; the sentry's if-part holds, so Publish starts.
    assert cases.states(created.id) == {
        "CasePlanModel_1": "ACTIVE", "PI_Review": "COMPLETED", "PI_Prepare": "COMPLETED", "PI_Publish": "ACTIVE",
    }
    variables = cases.case_variables(created.id)
    assert variables["verdict"] == ("approved", "String") and "remark" not in variables
    [publish] = cases.case_tasks(created.id)
    assert publish.assignee == "publisher"
    cases.complete(publish.id)
    assert cases.case(created.id).state == CASE_STATE.STATE_COMPLETED


def test_an_if_part_that_fails_after_the_on_part_can_hold_later(cases: Cases) -> None:
    document_id = unique("doc")
    created = _create(cases, document_id)
    [review] = cases.tasks_of(_review_instance(cases, document_id).id)
    cases.complete(review.id, {"verdict": "rejected"})
    assert cases.states(created.id)["PI_Publish"] == "AVAILABLE"
    assert cases.case(created.id).state == CASE_STATE.STATE_ACTIVE  # Publish is still to do
    cases.modify(created.id, {"verdict": "approved"})  # the on-part occurred before; the if-part holds now
    assert cases.states(created.id)["PI_Publish"] == "ACTIVE"


def test_a_blocking_process_task_is_not_completed_by_hand(cases: Cases) -> None:
    created = _create(cases, unique("doc"))
    review = cases.execution(created.id, "PI_Review")
    failed = expect_error(lambda: cases.complete_execution(review.id), grpc.StatusCode.FAILED_PRECONDITION,
                          "BLOCKING_TASK_NOT_COMPLETABLE")
    assert (failed.info.metadata["current_state"], failed.info.metadata["requested_state"]) == ("ACTIVE", "COMPLETED")


def test_terminating_the_process_task_deletes_its_process_instance(cases: Cases) -> None:
    document_id = unique("doc")
    created = _create(cases, document_id)
    cases.terminate_execution(cases.execution(created.id, "PI_Review").id)
    instance = _review_instance(cases, document_id)
    assert instance.state == process_instance_pb2.ProcessInstance.STATE_EXTERNALLY_TERMINATED
    assert cases.tasks_of(instance.id) == []
    # Review was terminated, not completed: Publish can never enter; nothing is required.
    assert cases.states(created.id)["PI_Publish"] == "AVAILABLE"
    assert cases.complete_case(created.id).state == CASE_STATE.STATE_COMPLETED


def test_terminating_the_case_deletes_the_running_process(cases: Cases) -> None:
    document_id = unique("doc")
    created = _create(cases, document_id)
    cases.terminate_case(created.id)
    assert _review_instance(cases, document_id).state == process_instance_pb2.ProcessInstance.STATE_EXTERNALLY_TERMINATED


def test_deleting_the_process_instance_terminates_the_process_task(cases: Cases) -> None:
    document_id = unique("doc")
    created = _create(cases, document_id)
    cases.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(
        id=_review_instance(cases, document_id).id, reason="not needed"))
    assert cases.states(created.id)["PI_Review"] == "TERMINATED"
    assert cases.case(created.id).state == CASE_STATE.STATE_ACTIVE


def test_a_process_task_starts_the_process_of_the_cases_tenant(cases: Cases) -> None:
    document_id = unique("doc")
    created = _create(cases, document_id, tenant="tenant-docs")
    instance = _review_instance(cases, document_id)
    assert (created.tenant_id, instance.tenant_id) == ("tenant-docs", "tenant-docs")


def test_a_case_task_creates_a_case_and_completes_when_it_completes(cases: Cases) -> None:
    deployment = cases.deploy_case("case_case_task.cmmn")
    caller_id = cases.case_definition_id(deployment, "case_caller")
    caller = cases.create(id=caller_id, variables={"request": "why?", "follower": "fred", "private": True})
    assert cases.states(caller.id) == {"CasePlanModel_1": "ACTIVE", "PI_CallCallee": "ACTIVE", "PI_Follow": "AVAILABLE"}
    [callee] = cases.case_instances.QueryCaseInstances(
        case_instance_pb2.QueryCaseInstancesRequest(super_case_instance_id=caller.id)).case_instances
    assert callee.case_definition_id == cases.case_definition_id(deployment, "case_callee")  # binding deployment
    assert callee.super_case_instance_id == caller.id
    assert cases.case_variables(callee.id) == {"request": ("why?", "String")}
    answer = cases.execution(callee.id, "PI_Answer")
    assert answer.state == STATE.STATE_ACTIVE
    cases.complete_execution(answer.id, variables=_typed({"answer": "because", "scratch": 2}))
    assert cases.case(callee.id).state == CASE_STATE.STATE_COMPLETED
    assert cases.states(caller.id) == {"CasePlanModel_1": "ACTIVE", "PI_CallCallee": "COMPLETED", "PI_Follow": "ACTIVE"}
    variables = cases.case_variables(caller.id)
    assert variables["answer"] == ("because", "String") and "scratch" not in variables
    [follow] = cases.case_tasks(caller.id)
    assert follow.assignee == "fred"
    failed = expect_error(lambda: cases.complete_execution(cases.execution(caller.id, "PI_CallCallee").id),
                          grpc.StatusCode.FAILED_PRECONDITION, "ILLEGAL_CASE_TRANSITION")
    assert failed.info.metadata["current_state"] == "COMPLETED"


def test_terminating_the_calling_case_terminates_the_called_case(cases: Cases) -> None:
    deployment = cases.deploy_case("case_case_task.cmmn")
    caller = cases.create(id=cases.case_definition_id(deployment, "case_caller"), variables={"follower": "fred"})
    callee_execution = cases.execution(caller.id, "PI_CallCallee")
    expect_error(lambda: cases.complete_execution(callee_execution.id), grpc.StatusCode.FAILED_PRECONDITION,
                 "BLOCKING_TASK_NOT_COMPLETABLE")
    [callee] = cases.case_instances.QueryCaseInstances(
        case_instance_pb2.QueryCaseInstancesRequest(super_case_instance_id=caller.id)).case_instances
    cases.terminate_case(caller.id)
    assert cases.case(callee.id).state == CASE_STATE.STATE_TERMINATED
    assert cases.states(callee.id) == {"CasePlanModel_2": "TERMINATED", "PI_Answer": "TERMINATED"}


def test_terminating_the_called_case_terminates_the_case_task(cases: Cases) -> None:
    deployment = cases.deploy_case("case_case_task.cmmn")
    caller = cases.create(id=cases.case_definition_id(deployment, "case_caller"), variables={"follower": "fred"})
    [callee] = cases.case_instances.QueryCaseInstances(
        case_instance_pb2.QueryCaseInstancesRequest(super_case_instance_id=caller.id)).case_instances
    cases.terminate_case(callee.id)
    assert cases.states(caller.id) == {"CasePlanModel_1": "ACTIVE", "PI_CallCallee": "TERMINATED",
                                       "PI_Follow": "AVAILABLE"}


def _typed(values):  # type: ignore[no-untyped-def]
    from tests.engine.support import typed_map

    return typed_map(values)
