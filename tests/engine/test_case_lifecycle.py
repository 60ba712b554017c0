"""The CMMN lifecycle through the API: sentries, milestones, manual activation, required rules,
stages, if-parts, case plan model exit criteria, completing, terminating and closing cases."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import case_execution_pb2, case_instance_pb2
from tests.engine.case_support import CASE_STATE, STATE, Cases
from tests.engine.resources.cmmn_modeler import render
from tests.engine.support import typed_map
from tests.support import expect_error, unique


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return Cases(api)


def test_a_sentry_starts_a_task_when_another_completes_and_a_milestone_occurs(cases: Cases) -> None:
    created = cases.deploy_and_create("case_three_items.cmmn")
    [check] = cases.case_tasks(created.id)
    cases.complete(check.id, {"approved": True})
    assert cases.states(created.id) == {
        "CasePlanModel_1": "ACTIVE", "PI_CheckApplication": "COMPLETED", "PI_Decide": "ACTIVE",
        "PI_Decided": "AVAILABLE",
    }
    [decide] = cases.case_tasks(created.id)
    assert decide.task_definition_key == "HumanTask_Decide" and list(decide.candidate_users) == ["alice", "bob"]
    assert decide.assignee == ""
    assert cases.case_variables(created.id)["approved"] == (True, "Boolean")  # task variables go to the case
    cases.complete(decide.id)
    # The milestone occurs when Decide completes; with every plan item done the case completes.
    assert cases.states(created.id) == {
        "CasePlanModel_1": "COMPLETED", "PI_CheckApplication": "COMPLETED", "PI_Decide": "COMPLETED",
        "PI_Decided": "COMPLETED",
    }
    case = cases.case(created.id)
    assert (case.state, case.active, case.completed) == (CASE_STATE.STATE_COMPLETED, False, True)
    assert case.HasField("end_time") and cases.case_tasks(created.id) == []
    # Ended executions are only listed on request.
    assert cases.executions_of(created.id, include_ended=False) == []


def test_a_sentry_enables_a_manually_activated_task(cases: Cases) -> None:
    key = unique("case_enable")
    body = f"""
<cmmn:case id="{key}">
  <cmmn:casePlanModel id="CasePlanModel_1">
    <cmmn:planItem id="PI_First" definitionRef="Task_First" />
    <cmmn:planItem id="PI_Second" definitionRef="Task_Second">
      <cmmn:entryCriterion id="EntryCriterion_1" sentryRef="Sentry_1" />
    </cmmn:planItem>
    <cmmn:sentry id="Sentry_1">
      <cmmn:planItemOnPart id="PlanItemOnPart_1" sourceRef="PI_First">
        <cmmn:standardEvent>complete</cmmn:standardEvent>
      </cmmn:planItemOnPart>
    </cmmn:sentry>
    <cmmn:task id="Task_First" />
    <cmmn:task id="Task_Second">
      <cmmn:defaultControl id="PlanItemControl_1">
        <cmmn:manualActivationRule id="ManualActivationRule_1" />
      </cmmn:defaultControl>
    </cmmn:task>
  </cmmn:casePlanModel>
</cmmn:case>"""
    cases.deploy_files({"enable.cmmn": render(body, key).encode()})
    created = cases.create(key=key)
    assert cases.states(created.id) == {"CasePlanModel_1": "ACTIVE", "PI_First": "ACTIVE", "PI_Second": "AVAILABLE"}
    cases.complete_execution(cases.execution(created.id, "PI_First").id)
    second = cases.execution(created.id, "PI_Second")
    assert (second.state, second.enabled, second.active) == (STATE.STATE_ENABLED, True, False)
    started = cases.manual_start(second.id)
    assert started.state == STATE.STATE_ACTIVE and started.active
    cases.complete_execution(second.id)
    assert cases.case(created.id).state == CASE_STATE.STATE_COMPLETED


def test_manual_start_disable_reenable_and_required_items(cases: Cases) -> None:
    created = cases.deploy_and_create("case_manual.cmmn", {"needsApproval": False, "checker": "carol"})
    assert cases.states(created.id) == {
        "CasePlanModel_1": "ACTIVE", "PI_Optional": "ENABLED", "PI_Conditional": "ACTIVE", "PI_Required": "ENABLED",
        "PI_Done": "AVAILABLE",
    }
    required = cases.execution(created.id, "PI_Required")
    assert required.required and not cases.execution(created.id, "PI_Optional").required
    assert [e.activity_id for e in cases.case_executions.QueryCaseExecutions(
        case_execution_pb2.QueryCaseExecutionsRequest(case_instance_id=created.id, required=True)).case_executions
    ] == ["PI_Required"]
    assert cases.case_tasks(created.id) == []  # the human task waits for a manual start

    optional = cases.execution(created.id, "PI_Optional")
    started = cases.manual_start(optional.id, variables=typed_map({"note": "go"}),
                                 local_variables=typed_map({"mine": 1}))
    assert started.state == STATE.STATE_ACTIVE
    [task] = cases.case_tasks(created.id)
    assert (task.assignee, task.case_execution_id) == ("carol", optional.id)
    assert cases.case_variables(created.id)["note"] == ("go", "String")
    assert "mine" not in cases.case_variables(created.id)  # local to the case execution

    # A plain task completes through the case execution service.
    assert cases.complete_execution(cases.execution(created.id, "PI_Conditional").id).state == STATE.STATE_COMPLETED

    # Disable and re-enable.
    assert cases.disable(required.id).state == STATE.STATE_DISABLED
    assert cases.execution(created.id, "PI_Required").disabled
    assert cases.reenable(required.id).state == STATE.STATE_ENABLED

    # The human task completes through the task service.
    cases.complete(task.id)
    assert cases.states(created.id)["PI_Optional"] == "COMPLETED"

    # A required item keeps the case from completing; a milestone waits for it.
    failed = expect_error(lambda: cases.complete_case(created.id), grpc.StatusCode.FAILED_PRECONDITION,
                          "CASE_INSTANCE_NOT_COMPLETABLE")
    assert failed.info.metadata["required_pending"] == "PI_Required"
    cases.manual_start(required.id)
    failed = expect_error(lambda: cases.complete_case(created.id), grpc.StatusCode.FAILED_PRECONDITION,
                          "CASE_INSTANCE_NOT_COMPLETABLE")
    assert failed.info.metadata["active"] == "PI_Required"
    cases.complete_execution(required.id)
    assert cases.states(created.id) == {
        "CasePlanModel_1": "COMPLETED", "PI_Optional": "COMPLETED", "PI_Conditional": "COMPLETED",
        "PI_Required": "COMPLETED", "PI_Done": "COMPLETED",
    }


def test_complete_by_hand_then_close(cases: Cases) -> None:
    created = cases.deploy_and_create("case_manual.cmmn", {"needsApproval": True, "checker": "carol"})
    required = cases.execution(created.id, "PI_Required")
    cases.disable(required.id)  # a disabled required item counts as done
    completed = cases.complete_case(created.id)
    assert (completed.state, completed.completed, completed.active) == (CASE_STATE.STATE_COMPLETED, True, False)
    # Plan items still waiting end with the case; the disabled one too.
    assert cases.states(created.id) == {
        "CasePlanModel_1": "COMPLETED", "PI_Optional": "TERMINATED", "PI_Conditional": "TERMINATED",
        "PI_Required": "TERMINATED", "PI_Done": "TERMINATED",
    }
    assert cases.case_variables(created.id)["checker"] == ("carol", "String")  # still there until closed
    closed = cases.close_case(created.id)
    assert closed.state == CASE_STATE.STATE_CLOSED and closed.HasField("close_time")
    assert cases.case(created.id).state == CASE_STATE.STATE_CLOSED
    assert cases.executions_of(created.id) == []
    failed = expect_error(lambda: cases.case_variables(created.id), grpc.StatusCode.FAILED_PRECONDITION,
                          "CASE_INSTANCE_CLOSED")
    assert failed.info.metadata["current_state"] == "CLOSED"
    expect_error(lambda: cases.modify(created.id, {"x": 1}), grpc.StatusCode.FAILED_PRECONDITION,
                 "CASE_INSTANCE_CLOSED")
    query = case_instance_pb2.QueryCaseInstancesRequest(case_instance_id=created.id)
    assert list(cases.case_instances.QueryCaseInstances(query).case_instances) == []
    query.include_closed = True
    assert [c.id for c in cases.case_instances.QueryCaseInstances(query).case_instances] == [created.id]


def test_terminate_a_case_removes_its_tasks(cases: Cases) -> None:
    created = cases.deploy_and_create("case_three_items.cmmn")
    [task] = cases.case_tasks(created.id)
    terminated = cases.terminate_case(created.id)
    assert (terminated.state, terminated.terminated) == (CASE_STATE.STATE_TERMINATED, True)
    assert cases.states(created.id) == {
        "CasePlanModel_1": "TERMINATED", "PI_CheckApplication": "TERMINATED", "PI_Decide": "TERMINATED",
        "PI_Decided": "TERMINATED",
    }
    assert cases.case_tasks(created.id) == []
    expect_error(lambda: cases.complete(task.id), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    assert cases.close_case(created.id).state == CASE_STATE.STATE_CLOSED


def test_terminate_a_task_or_a_milestone(cases: Cases) -> None:
    created = cases.deploy_and_create("case_three_items.cmmn")
    check = cases.execution(created.id, "PI_CheckApplication")
    assert cases.terminate_execution(check.id).state == STATE.STATE_TERMINATED
    assert cases.case_tasks(created.id) == []
    # "terminate" is not "complete": Decide stays available; the milestone can be terminated.
    assert cases.states(created.id)["PI_Decide"] == "AVAILABLE"
    assert cases.terminate_execution(cases.execution(created.id, "PI_Decided").id).state == STATE.STATE_TERMINATED
    # Decide can never enter now; the case can be completed by hand (nothing is required).
    assert cases.complete_case(created.id).state == CASE_STATE.STATE_COMPLETED


def test_the_case_plan_model_execution_completes_and_terminates_the_case(cases: Cases) -> None:
    created = cases.deploy_and_create("case_three_items.cmmn")
    expect_error(lambda: cases.complete_execution(created.id), grpc.StatusCode.FAILED_PRECONDITION,
                 "CASE_INSTANCE_NOT_COMPLETABLE")
    cases.terminate_execution(created.id)
    assert cases.case(created.id).state == CASE_STATE.STATE_TERMINATED


def test_a_stage_plans_its_children_and_completes_by_itself(cases: Cases) -> None:
    created = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False})
    assert cases.states(created.id) == {
        "CasePlanModel_1": "ACTIVE", "PI_Assess": "ACTIVE", "PI_Inspect": "ACTIVE", "PI_SecondOpinion": "ENABLED",
        "PI_Inspected": "AVAILABLE", "PI_Pay": "AVAILABLE",
    }
    stage = cases.execution(created.id, "PI_Assess")
    inspect = cases.execution(created.id, "PI_Inspect")
    assert stage.activity_type == "stage" and inspect.parent_id == stage.id
    failed = expect_error(lambda: cases.complete_execution(stage.id), grpc.StatusCode.FAILED_PRECONDITION,
                          "STAGE_NOT_COMPLETABLE")
    assert failed.info.metadata["active"] == "PI_Inspect"
    [task] = cases.case_tasks(created.id)
    cases.complete(task.id)
    # The milestone occurs; the stage (autoComplete) completes, the optional task ends with it,
    # and the sentry on the stage's completion starts the payment.
    assert cases.states(created.id) == {
        "CasePlanModel_1": "ACTIVE", "PI_Assess": "COMPLETED", "PI_Inspect": "COMPLETED",
        "PI_SecondOpinion": "TERMINATED", "PI_Inspected": "COMPLETED", "PI_Pay": "ACTIVE",
    }
    [pay] = cases.case_tasks(created.id)
    assert pay.assignee == "cashier"


def test_a_case_plan_model_exit_criterion_terminates_the_case(cases: Cases) -> None:
    created = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False})
    cases.modify(created.id, {"withdrawn": True})
    assert cases.case(created.id).state == CASE_STATE.STATE_TERMINATED
    assert cases.states(created.id) == {
        "CasePlanModel_1": "TERMINATED", "PI_Assess": "TERMINATED", "PI_Inspect": "TERMINATED",
        "PI_SecondOpinion": "TERMINATED", "PI_Inspected": "TERMINATED", "PI_Pay": "TERMINATED",
    }
    assert cases.case_tasks(created.id) == []


def test_if_parts_enter_and_exit_plan_items_when_variables_change(cases: Cases) -> None:
    created = cases.deploy_and_create("case_if_part.cmmn", {"amount": 50})
    assert cases.states(created.id) == {"CasePlanModel_1": "ACTIVE", "PI_Escalate": "AVAILABLE", "PI_Monitor": "ACTIVE"}
    cases.modify(created.id, {"amount": 500})
    assert cases.states(created.id)["PI_Escalate"] == "ACTIVE"
    [task] = cases.case_tasks(created.id)
    assert list(task.candidate_groups) == ["managers"]
    cases.modify(created.id, {"amount": 5000})
    assert cases.states(created.id)["PI_Monitor"] == "TERMINATED"
    # Variables given with a transition count too: completing the escalation ends the case.
    cases.complete(task.id, {"amount": 1})
    assert cases.case(created.id).state == CASE_STATE.STATE_COMPLETED
    # An if-part that holds at creation enters at once.
    large = cases.create(id=created.case_definition_id, variables={"amount": 101})
    assert cases.states(large.id)["PI_Escalate"] == "ACTIVE"


def test_a_failing_if_part_rolls_the_call_back(cases: Cases) -> None:
    created = cases.deploy_and_create("case_if_part.cmmn", {"amount": 50})
    failed = expect_error(lambda: cases.modify(created.id, {"amount": "many"}), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXPRESSION_EVALUATION_FAILED")
    assert failed.info.metadata["activity_id"] in ("Sentry_Large", "Sentry_Huge")
    assert cases.case_variables(created.id)["amount"] == (50, "Integer")


# -- every illegal transition ------------------------------------------------------------------


def _illegal(call, current: str, requested: str, allowed: str):  # type: ignore[no-untyped-def]
    failed = expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "ILLEGAL_CASE_TRANSITION")
    metadata = failed.info.metadata
    assert (metadata["current_state"], metadata["requested_state"], metadata["allowed_states"]) == (
        current, requested, allowed), failed.message
    assert failed.precondition is not None and failed.precondition.violations[0].type == "ILLEGAL_CASE_TRANSITION"
    assert failed.precondition.violations[0].subject == metadata["subject"]
    assert current in failed.message and requested in failed.message
    return failed


def test_every_illegal_transition_of_a_task(cases: Cases) -> None:
    created = cases.deploy_and_create("case_manual.cmmn", {"needsApproval": True, "checker": "carol"})
    enabled = cases.execution(created.id, "PI_Optional").id
    _illegal(lambda: cases.reenable(enabled), "ENABLED", "ENABLED", "DISABLED")
    _illegal(lambda: cases.complete_execution(enabled), "ENABLED", "COMPLETED", "ACTIVE")
    _illegal(lambda: cases.terminate_execution(enabled), "ENABLED", "TERMINATED", "ACTIVE")
    cases.disable(enabled)
    _illegal(lambda: cases.disable(enabled), "DISABLED", "DISABLED", "ENABLED")
    _illegal(lambda: cases.manual_start(enabled), "DISABLED", "ACTIVE", "ENABLED")
    _illegal(lambda: cases.complete_execution(enabled), "DISABLED", "COMPLETED", "ACTIVE")
    _illegal(lambda: cases.terminate_execution(enabled), "DISABLED", "TERMINATED", "ACTIVE")
    cases.reenable(enabled)
    cases.manual_start(enabled)
    _illegal(lambda: cases.manual_start(enabled), "ACTIVE", "ACTIVE", "ENABLED")
    _illegal(lambda: cases.disable(enabled), "ACTIVE", "DISABLED", "ENABLED")
    _illegal(lambda: cases.reenable(enabled), "ACTIVE", "ENABLED", "DISABLED")
    cases.complete_execution(enabled)
    for call, requested, allowed in (
        (cases.manual_start, "ACTIVE", "ENABLED"), (cases.disable, "DISABLED", "ENABLED"),
        (cases.reenable, "ENABLED", "DISABLED"), (cases.complete_execution, "COMPLETED", "ACTIVE"),
        (cases.terminate_execution, "TERMINATED", "ACTIVE"),
    ):
        _illegal(lambda: call(enabled), "COMPLETED", requested, allowed)
    conditional = cases.execution(created.id, "PI_Conditional").id
    cases.manual_start(conditional)
    cases.terminate_execution(conditional)
    _illegal(lambda: cases.terminate_execution(conditional), "TERMINATED", "TERMINATED", "ACTIVE")
    _illegal(lambda: cases.manual_start(conditional), "TERMINATED", "ACTIVE", "ENABLED")


def test_every_illegal_transition_of_a_milestone_and_the_case_plan_model(cases: Cases) -> None:
    created = cases.deploy_and_create("case_three_items.cmmn")
    milestone = cases.execution(created.id, "PI_Decided").id
    for call, requested in ((cases.manual_start, "ACTIVE"), (cases.disable, "DISABLED"),
                            (cases.reenable, "ENABLED"), (cases.complete_execution, "COMPLETED")):
        failed = _illegal(lambda: call(milestone), "AVAILABLE", requested, "")
        assert "milestone" in failed.message
    cases.terminate_execution(milestone)
    _illegal(lambda: cases.terminate_execution(milestone), "TERMINATED", "TERMINATED", "AVAILABLE")
    for call, requested in ((cases.manual_start, "ACTIVE"), (cases.disable, "DISABLED"),
                            (cases.reenable, "ENABLED")):
        failed = _illegal(lambda: call(created.id), "ACTIVE", requested, "")
        assert "case plan model" in failed.message


def test_every_illegal_transition_of_a_case_instance(cases: Cases) -> None:
    created = cases.deploy_and_create("case_three_items.cmmn")
    failed = _illegal(lambda: cases.close_case(created.id), "ACTIVE", "CLOSED", "COMPLETED,TERMINATED")
    assert (failed.info.metadata["subject"], failed.info.metadata["case_definition_key"]) == (
        created.id, "case_three_items")
    cases.terminate_case(created.id)
    _illegal(lambda: cases.terminate_case(created.id), "TERMINATED", "TERMINATED", "ACTIVE")
    _illegal(lambda: cases.complete_case(created.id), "TERMINATED", "COMPLETED", "ACTIVE")
    cases.close_case(created.id)
    _illegal(lambda: cases.close_case(created.id), "CLOSED", "CLOSED", "COMPLETED,TERMINATED")
    _illegal(lambda: cases.complete_case(created.id), "CLOSED", "COMPLETED", "ACTIVE")
    _illegal(lambda: cases.terminate_case(created.id), "CLOSED", "TERMINATED", "ACTIVE")

    done = cases.create(id=created.case_definition_id)
    for _ in range(2):
        cases.complete(cases.case_tasks(done.id)[0].id)
    assert cases.case(done.id).state == CASE_STATE.STATE_COMPLETED
    _illegal(lambda: cases.complete_case(done.id), "COMPLETED", "COMPLETED", "ACTIVE")
    _illegal(lambda: cases.terminate_case(done.id), "COMPLETED", "TERMINATED", "ACTIVE")


def test_unknown_case_executions_and_instances_are_not_found(cases: Cases) -> None:
    for call in (cases.manual_start, cases.disable, cases.reenable, cases.complete_execution,
                 cases.terminate_execution):
        expect_error(lambda: call("no-such-execution"), grpc.StatusCode.NOT_FOUND, "CASE_EXECUTION_NOT_FOUND")
    for call in (cases.complete_case, cases.terminate_case, cases.close_case, cases.case, cases.case_variables):
        expect_error(lambda: call("no-such-case"), grpc.StatusCode.NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")
    expect_error(lambda: cases.case_executions.GetCaseExecution(case_execution_pb2.GetCaseExecutionRequest(id="x")),
                 grpc.StatusCode.NOT_FOUND, "CASE_EXECUTION_NOT_FOUND")


def test_transitions_take_variables_and_deletions(cases: Cases) -> None:
    created = cases.deploy_and_create("case_manual.cmmn", {"needsApproval": True, "checker": "carol", "old": 1})
    conditional = cases.execution(created.id, "PI_Conditional").id
    cases.case_executions.ManualStartCaseExecution(case_execution_pb2.ManualStartCaseExecutionRequest(
        id=conditional, variables=typed_map({"started": True}), deletions=["old"]))
    assert set(cases.case_variables(created.id)) == {"needsApproval", "checker", "started"}
    cases.case_executions.CompleteCaseExecution(case_execution_pb2.CompleteCaseExecutionRequest(
        id=conditional, variables=typed_map({"result": "fine"})))
    assert cases.case_variables(created.id)["result"] == ("fine", "String")
    expect_error(lambda: cases.case_executions.DisableCaseExecution(case_execution_pb2.DisableCaseExecutionRequest(
        id=cases.execution(created.id, "PI_Required").id, variables=typed_map({"n": ("x", "Integer")}))),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
    assert cases.execution(created.id, "PI_Required").state == STATE.STATE_ENABLED  # nothing happened
    cases.case_instances.TerminateCaseInstance(case_instance_pb2.TerminateCaseInstanceRequest(
        id=created.id, variables=typed_map({"why": "done"}), deletions=["result"]))
    assert cases.case_variables(created.id) == {
        "needsApproval": (True, "Boolean"), "checker": ("carol", "String"), "started": (True, "Boolean"),
        "why": ("done", "String"),
    }


_BOTH = """
<cmmn:case id="{key}">
  <cmmn:casePlanModel id="CasePlanModel_1">
    <cmmn:planItem id="PI_A" definitionRef="HumanTask_A" />
    <cmmn:planItem id="PI_B" definitionRef="HumanTask_B" />
    <cmmn:planItem id="PI_Both" definitionRef="Milestone_Both">
      <cmmn:entryCriterion id="EntryCriterion_1" sentryRef="Sentry_Both" />
    </cmmn:planItem>
    <cmmn:sentry id="Sentry_Both">
      <cmmn:planItemOnPart id="PlanItemOnPart_A" sourceRef="PI_A">
        <cmmn:standardEvent>complete</cmmn:standardEvent>
      </cmmn:planItemOnPart>
      <cmmn:planItemOnPart id="PlanItemOnPart_B" sourceRef="PI_B">
        <cmmn:standardEvent>complete</cmmn:standardEvent>
      </cmmn:planItemOnPart>
    </cmmn:sentry>
    <cmmn:humanTask id="HumanTask_A" name="A" />
    <cmmn:humanTask id="HumanTask_B" name="B" />
    <cmmn:milestone id="Milestone_Both" name="Both done" />
  </cmmn:casePlanModel>
</cmmn:case>"""


def test_a_sentry_with_two_on_parts_waits_for_both(cases: Cases) -> None:
    key = unique("case_both")
    cases.deploy_files({"both.cmmn": render(_BOTH.format(key=key), key).encode()})
    created = cases.create(key=key)
    tasks = {t.task_definition_key: t.id for t in cases.case_tasks(created.id)}
    cases.complete(tasks["HumanTask_A"])
    assert cases.states(created.id)["PI_Both"] == "AVAILABLE"
    cases.complete(tasks["HumanTask_B"])
    assert cases.states(created.id)["PI_Both"] == "COMPLETED"
    assert cases.case(created.id).state == CASE_STATE.STATE_COMPLETED


def test_concurrent_completions_in_one_case_see_each_other(cases: Cases) -> None:
    """Each call locks its case instance: two tasks completed at the same moment still fulfil
    the sentry that needs both, on either backend."""
    from concurrent.futures import ThreadPoolExecutor

    key = unique("case_both")
    cases.deploy_files({"both.cmmn": render(_BOTH.format(key=key), key).encode()})
    created = [cases.create(key=key) for _ in range(6)]
    task_ids = [t.id for case in created for t in cases.case_tasks(case.id)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(cases.complete, task_ids))
    for case in created:
        assert cases.states(case.id) == {"CasePlanModel_1": "COMPLETED", "PI_A": "COMPLETED", "PI_B": "COMPLETED",
                                         "PI_Both": "COMPLETED"}


def test_a_human_task_takes_its_due_and_follow_up_dates_from_the_model(cases: Cases) -> None:
    dated = {'camunda:assignee="${checker}" />':
             'camunda:assignee="${checker}" camunda:dueDate="${due}" camunda:followUpDate="2030-01-01T09:00:00Z" />'}
    case_key = unique("dated").replace("-", "_")
    created = cases.deploy_and_create("case_manual.cmmn", {"needsApproval": False, "checker": "carol",
                                                           "due": "2030-02-01T00:00:00Z"}, key=case_key, replace=dated)
    cases.manual_start(cases.execution(created.id, "PI_Optional").id)
    [task] = cases.case_tasks(created.id)
    assert (task.due.ToJsonString(), task.follow_up.ToJsonString()) == ("2030-02-01T00:00:00Z", "2030-01-01T09:00:00Z")

    # Text that is no date starts nothing.
    created = cases.create(id=created.case_definition_id, variables={"needsApproval": False, "checker": "carol",
                                                                     "due": "next week"})
    failed = expect_error(lambda: cases.manual_start(cases.execution(created.id, "PI_Optional").id),
                          grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert "next week" in failed.message
    assert cases.case_tasks(created.id) == []
