"""CMMN repetition rules through the API: a plan item repeated each time one of its entry
criteria is satisfied again (the new instance waits for later occurrences of the sentry's
on-parts), or, without entry criteria, when an instance completes or is terminated (or on the
transition camunda:repeatOnStandardEvent names); the rule's condition stopping repetition;
manual activation and required rules per instance; stages and case plan models that wait for
repeated instances; repeated stages; the history and the case execution query of every
instance; a model that would repeat without end."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import case_execution_pb2, types_pb2
from tests.engine.case_support import CASE_STATE, STATE, Cases, state_name
from tests.engine.history_support import CaseActivityHistory, case_activity_state
from tests.engine.resources.cmmn_modeler import render
from tests.engine.support import typed_map
from tests.support import expect_error, unique

REFUSED = grpc.StatusCode.FAILED_PRECONDITION


@pytest.fixture
def cases(api):  # type: ignore[no-untyped-def]
    return CaseActivityHistory(api)


def _deploy(cases: Cases, plan: str) -> str:
    """Deploys a case of the given plan model body under a unique key; returns the key."""
    key = unique("case_repeat")
    body = f'<cmmn:case id="{key}"><cmmn:casePlanModel id="CasePlanModel_1">{plan}</cmmn:casePlanModel></cmmn:case>'
    cases.deploy_files({"repeat.cmmn": render(body, key).encode()})
    return key


def _instances(cases: Cases, case_id: str) -> dict[str, list[str]]:
    """Activity id -> the states of its case executions, as the query lists them (creation order)."""
    out: dict[str, list[str]] = {}
    for execution in cases.executions_of(case_id):
        out.setdefault(execution.activity_id, []).append(state_name(execution.state))
    return out


def _of(cases: Cases, case_id: str, activity_id: str) -> list[case_execution_pb2.CaseExecution]:
    return [e for e in cases.executions_of(case_id) if e.activity_id == activity_id]


def _tasks(cases: Cases, case_id: str) -> dict[str, list[str]]:
    """Task definition key -> the ids of the case's open tasks."""
    out: dict[str, list[str]] = {}
    for task in cases.case_tasks(case_id):
        out.setdefault(task.task_definition_key, []).append(task.id)
    return out


_ENTRY = """
<cmmn:planItem id="PI_Submit" definitionRef="HumanTask_Submit" />
<cmmn:planItem id="PI_Review" definitionRef="HumanTask_Review">
  <cmmn:entryCriterion id="EntryCriterion_1" sentryRef="Sentry_Submitted" />
</cmmn:planItem>
<cmmn:sentry id="Sentry_Submitted">
  <cmmn:planItemOnPart id="PlanItemOnPart_1" sourceRef="PI_Submit">
    <cmmn:standardEvent>complete</cmmn:standardEvent>
  </cmmn:planItemOnPart>
  <cmmn:ifPart id="IfPart_1">
    <cmmn:condition id="Expression_1">${needsReview}</cmmn:condition>
  </cmmn:ifPart>
</cmmn:sentry>
<cmmn:humanTask id="HumanTask_Submit" name="Submit">
  <cmmn:defaultControl id="PlanItemControl_1">
    <cmmn:repetitionRule id="RepetitionRule_1">
      <cmmn:condition id="Expression_2"><![CDATA[${score < 50}]]></cmmn:condition>
    </cmmn:repetitionRule>
  </cmmn:defaultControl>
</cmmn:humanTask>
<cmmn:humanTask id="HumanTask_Review" name="Review">
  <cmmn:defaultControl id="PlanItemControl_2">
    <cmmn:repetitionRule id="RepetitionRule_2">
      <cmmn:condition id="Expression_3"><![CDATA[${score < 50}]]></cmmn:condition>
    </cmmn:repetitionRule>
  </cmmn:defaultControl>
</cmmn:humanTask>
"""


def test_an_entry_criterion_satisfied_again_enters_the_next_instance(cases: Cases) -> None:
    """The document's engine's example: Review enters when a Submit completes and its if-part
    holds; entering creates the next Review instance, which waits for a later completion."""
    key = _deploy(cases, _ENTRY)
    created = cases.create(key=key, variables={"score": 10, "needsReview": True})
    assert _instances(cases, created.id) == {
        "CasePlanModel_1": ["ACTIVE"], "PI_Submit": ["ACTIVE"], "PI_Review": ["AVAILABLE"]}
    [submit] = _tasks(cases, created.id)["HumanTask_Submit"]
    cases.complete(submit)
    # Submit repeats on completion (no entry criteria) and its new instance starts at once;
    # Review enters and leaves its next instance AVAILABLE.
    assert _instances(cases, created.id) == {
        "CasePlanModel_1": ["ACTIVE"], "PI_Submit": ["COMPLETED", "ACTIVE"], "PI_Review": ["ACTIVE", "AVAILABLE"]}
    assert len(_tasks(cases, created.id)["HumanTask_Review"]) == 1
    cases.modify(created.id, {"needsReview": False})
    [submit] = _tasks(cases, created.id)["HumanTask_Submit"]
    cases.complete(submit)
    # The on-part occurred again, but the if-part does not hold.
    assert _instances(cases, created.id)["PI_Review"] == ["ACTIVE", "AVAILABLE"]
    cases.modify(created.id, {"needsReview": True})
    assert _instances(cases, created.id)["PI_Review"] == ["ACTIVE", "ACTIVE", "AVAILABLE"]
    # The new instance waits for a later completion: setting variables again enters nothing.
    cases.modify(created.id, {"needsReview": True, "other": 1})
    assert _instances(cases, created.id)["PI_Review"] == ["ACTIVE", "ACTIVE", "AVAILABLE"]
    cases.modify(created.id, {"score": 60})
    [submit] = _tasks(cases, created.id)["HumanTask_Submit"]
    cases.complete(submit)
    # The rule no longer holds: neither item repeats.
    assert _instances(cases, created.id) == {
        "CasePlanModel_1": ["ACTIVE"], "PI_Submit": ["COMPLETED"] * 3, "PI_Review": ["ACTIVE"] * 3}
    reviews = _tasks(cases, created.id)["HumanTask_Review"]
    tasks = {t.id: t for t in cases.case_tasks(created.id)}
    assert sorted(tasks[t].case_execution_id for t in reviews) == sorted(
        e.id for e in _of(cases, created.id, "PI_Review"))
    for task_id in reviews[:-1]:
        cases.complete(task_id)
        assert cases.case(created.id).state == CASE_STATE.STATE_ACTIVE
    cases.complete(reviews[-1])
    assert cases.case(created.id).state == CASE_STATE.STATE_COMPLETED


_ON_COMPLETION = """
<cmmn:planItem id="PI_Call" definitionRef="Task_Call" />
<cmmn:task id="Task_Call" name="Call the customer">
  <cmmn:defaultControl id="PlanItemControl_1">
    <cmmn:manualActivationRule id="ManualActivationRule_1" />
    <cmmn:repetitionRule id="RepetitionRule_1">
      <cmmn:condition id="Expression_1"><![CDATA[${attempts < 3}]]></cmmn:condition>
    </cmmn:repetitionRule>
  </cmmn:defaultControl>
</cmmn:task>
"""


def test_without_entry_criteria_an_instance_repeats_when_it_completes_or_is_terminated(cases: Cases) -> None:
    key = _deploy(cases, _ON_COMPLETION)
    created = cases.create(key=key, variables={"attempts": 0})
    [first] = _of(cases, created.id, "PI_Call")
    assert first.state == STATE.STATE_ENABLED
    cases.manual_start(first.id)
    cases.complete_execution(first.id, variables=typed_map({"attempts": 1}))
    done, second = _of(cases, created.id, "PI_Call")
    # A new instance, manually activated like the first; the completed one stays completed.
    assert done.id == first.id and (done.state, second.state) == (STATE.STATE_COMPLETED, STATE.STATE_ENABLED)
    assert second.id != first.id and second.parent_id == first.parent_id
    expect_error(lambda: cases.manual_start(first.id), REFUSED, "ILLEGAL_CASE_TRANSITION")
    # The ENABLED instance keeps the case plan model (no autoComplete) from completing.
    assert cases.case(created.id).state == CASE_STATE.STATE_ACTIVE
    cases.manual_start(second.id)
    cases.terminate_execution(second.id)  # terminate repeats too, as in the document's engine
    assert _instances(cases, created.id)["PI_Call"] == ["COMPLETED", "TERMINATED", "ENABLED"]
    third = _of(cases, created.id, "PI_Call")[2]
    cases.manual_start(third.id)
    cases.complete_execution(third.id, variables=typed_map({"attempts": 3}))
    # The rule's condition stops the repetition; with every instance done the case completes.
    assert _instances(cases, created.id)["PI_Call"] == ["COMPLETED", "TERMINATED", "COMPLETED"]
    assert cases.case(created.id).state == CASE_STATE.STATE_COMPLETED


def test_repeat_on_the_transition_camunda_repeat_on_standard_event_names(cases: Cases) -> None:
    key = _deploy(cases, """
<cmmn:planItem id="PI_Check" definitionRef="HumanTask_Check" />
<cmmn:humanTask id="HumanTask_Check" name="Check">
  <cmmn:defaultControl id="PlanItemControl_1">
    <cmmn:manualActivationRule id="ManualActivationRule_1" />
    <cmmn:repetitionRule id="RepetitionRule_1" camunda:repeatOnStandardEvent="disable" />
  </cmmn:defaultControl>
</cmmn:humanTask>""")
    created = cases.create(key=key)
    [first] = _of(cases, created.id, "PI_Check")
    cases.disable(first.id)
    assert _instances(cases, created.id)["PI_Check"] == ["DISABLED", "ENABLED"]
    second = _of(cases, created.id, "PI_Check")[1]
    cases.manual_start(second.id)
    [task] = cases.case_tasks(created.id)
    cases.complete(task.id)  # completing is not the named transition: no new instance
    # The case completes; the disabled instance ends with it.
    assert _instances(cases, created.id)["PI_Check"] == ["TERMINATED", "COMPLETED"]
    assert cases.case(created.id).state == CASE_STATE.STATE_COMPLETED


def test_a_repeatable_milestone_occurs_each_time_its_sentry_is_satisfied(cases: Cases) -> None:
    key = _deploy(cases, """
<cmmn:planItem id="PI_Step" definitionRef="Task_Step" />
<cmmn:planItem id="PI_Done" definitionRef="Milestone_Done">
  <cmmn:entryCriterion id="EntryCriterion_1" sentryRef="Sentry_StepDone" />
</cmmn:planItem>
<cmmn:sentry id="Sentry_StepDone">
  <cmmn:planItemOnPart id="PlanItemOnPart_1" sourceRef="PI_Step">
    <cmmn:standardEvent>complete</cmmn:standardEvent>
  </cmmn:planItemOnPart>
</cmmn:sentry>
<cmmn:task id="Task_Step">
  <cmmn:defaultControl id="PlanItemControl_1">
    <cmmn:repetitionRule id="RepetitionRule_1"><cmmn:condition>${round &lt; 2}</cmmn:condition></cmmn:repetitionRule>
  </cmmn:defaultControl>
</cmmn:task>
<cmmn:milestone id="Milestone_Done" name="Step done">
  <cmmn:defaultControl id="PlanItemControl_2"><cmmn:repetitionRule id="RepetitionRule_2" /></cmmn:defaultControl>
</cmmn:milestone>""")
    created = cases.create(key=key, variables={"round": 0})
    step = _of(cases, created.id, "PI_Step")[0]
    cases.complete_execution(step.id, variables=typed_map({"round": 1}))
    assert _instances(cases, created.id) == {
        "CasePlanModel_1": ["ACTIVE"], "PI_Step": ["COMPLETED", "ACTIVE"], "PI_Done": ["COMPLETED", "AVAILABLE"]}
    step = _of(cases, created.id, "PI_Step")[1]
    cases.complete_execution(step.id, variables=typed_map({"round": 2}))
    assert _instances(cases, created.id) == {
        "CasePlanModel_1": ["ACTIVE"], "PI_Step": ["COMPLETED"] * 2,
        "PI_Done": ["COMPLETED", "COMPLETED", "AVAILABLE"]}
    # The waiting milestone keeps the case plan model from completing until it is terminated.
    waiting = _of(cases, created.id, "PI_Done")[2]
    cases.terminate_execution(waiting.id)
    assert _instances(cases, created.id)["PI_Done"] == ["COMPLETED", "COMPLETED", "TERMINATED"]
    assert cases.case(created.id).state == CASE_STATE.STATE_COMPLETED


_STAGE = """
<cmmn:planItem id="PI_Stage" definitionRef="Stage_1" />
<cmmn:stage id="Stage_1" autoComplete="true">
  <cmmn:planItem id="PI_Step" definitionRef="Task_Step" />
  <cmmn:task id="Task_Step">
    <cmmn:defaultControl id="PlanItemControl_1">
      <cmmn:manualActivationRule id="ManualActivationRule_1" />
      <cmmn:requiredRule id="RequiredRule_1"><cmmn:condition>${more}</cmmn:condition></cmmn:requiredRule>
      <cmmn:repetitionRule id="RepetitionRule_1"><cmmn:condition>${again}</cmmn:condition></cmmn:repetitionRule>
    </cmmn:defaultControl>
  </cmmn:task>
</cmmn:stage>
"""


def test_an_auto_completing_stage_waits_for_required_repeated_instances(cases: Cases) -> None:
    """The required rule is evaluated for each new instance as it is created."""
    key = _deploy(cases, _STAGE)
    created = cases.create(key=key, variables={"more": True, "again": True})
    stage = cases.execution(created.id, "PI_Stage")
    [first] = _of(cases, created.id, "PI_Step")
    assert (first.state, first.required) == (STATE.STATE_ENABLED, True)
    cases.manual_start(first.id)
    cases.complete_execution(first.id)
    second = _of(cases, created.id, "PI_Step")[1]
    assert (second.state, second.required, second.parent_id) == (STATE.STATE_ENABLED, True, stage.id)
    error = expect_error(lambda: cases.complete_execution(stage.id), REFUSED, "STAGE_NOT_COMPLETABLE")
    assert error.info.metadata["required_pending"] == "PI_Step"  # type: ignore[union-attr]
    # Required when it was created; the rule changing later does not change that.
    cases.modify(created.id, {"more": False})
    assert _of(cases, created.id, "PI_Step")[1].required
    assert _instances(cases, created.id)["PI_Stage"] == ["ACTIVE"]
    cases.manual_start(second.id)
    # Not repeated: the stage and the case complete.
    cases.complete_execution(second.id, variables=typed_map({"again": False}))
    assert _instances(cases, created.id) == {
        "CasePlanModel_1": ["COMPLETED"], "PI_Stage": ["COMPLETED"], "PI_Step": ["COMPLETED"] * 2}


def test_a_repeated_instance_that_is_not_required_exits_with_its_auto_completing_stage(cases: Cases) -> None:
    key = _deploy(cases, _STAGE)
    created = cases.create(key=key, variables={"more": True, "again": True})
    first = _of(cases, created.id, "PI_Step")[0]
    cases.manual_start(first.id)
    cases.complete_execution(first.id, variables=typed_map({"more": False}))
    # Repeated, but not required: nothing keeps the stage, which completes; the new instance exits.
    second = _of(cases, created.id, "PI_Step")[1]
    assert not second.required and second.state == STATE.STATE_TERMINATED
    assert _instances(cases, created.id) == {
        "CasePlanModel_1": ["COMPLETED"], "PI_Stage": ["COMPLETED"], "PI_Step": ["COMPLETED", "TERMINATED"]}


_ROUNDS = """
<cmmn:planItem id="PI_Round" definitionRef="Stage_Round" />
<cmmn:stage id="Stage_Round" name="Round" autoComplete="true">
  <cmmn:defaultControl id="PlanItemControl_1">
    <cmmn:repetitionRule id="RepetitionRule_1"><cmmn:condition>${rounds &lt; 2}</cmmn:condition></cmmn:repetitionRule>
  </cmmn:defaultControl>
  <cmmn:planItem id="PI_Work" definitionRef="HumanTask_Work" />
  <cmmn:humanTask id="HumanTask_Work" name="Work" />
</cmmn:stage>
"""


def test_a_repeated_stage_plans_its_children_again_and_history_keeps_every_instance(
        cases: CaseActivityHistory) -> None:
    key = _deploy(cases, _ROUNDS)
    created = cases.create(key=key, variables={"rounds": 0})
    [task] = cases.case_tasks(created.id)
    cases.complete(task.id, {"rounds": 1})
    assert _instances(cases, created.id) == {
        "CasePlanModel_1": ["ACTIVE"], "PI_Round": ["COMPLETED", "ACTIVE"], "PI_Work": ["COMPLETED", "ACTIVE"]}
    [second_task] = cases.case_tasks(created.id)
    cases.complete(second_task.id, {"rounds": 2})
    assert cases.case(created.id).state == CASE_STATE.STATE_COMPLETED
    rounds = _of(cases, created.id, "PI_Round")
    works = _of(cases, created.id, "PI_Work")
    assert [w.parent_id for w in works] == [r.id for r in rounds]
    # One historic case activity instance per instance, with its own case execution's id.
    rows = cases.case_activities(case_instance_id=created.id)
    assert sorted(r.id for r in rows) == sorted(e.id for e in rounds + works)
    by_id = {r.id: r for r in rows}
    for execution in rounds + works:
        row = by_id[execution.id]
        assert (row.case_execution_id, row.case_activity_id, row.parent_case_activity_instance_id,
                case_activity_state(row)) == (execution.id, execution.activity_id, execution.parent_id, "COMPLETED")
        assert row.create_time == execution.create_time and row.end_time == execution.end_time
    assert [by_id[w.id].task_id for w in works] == [task.id, second_task.id]
    assert cases.count_case_activities(case_instance_id=created.id, case_activity_id="PI_Work") == 2
    # The case execution query lists the instances in the order they were created, page by page.
    query = case_execution_pb2.QueryCaseExecutionsRequest(
        case_instance_id=created.id, activity_id="PI_Work", include_ended=True)
    assert [e.id for e in cases.case_executions.QueryCaseExecutions(query).case_executions] == [w.id for w in works]
    query.page.CopyFrom(types_pb2.OffsetPage(first_result=1, max_results=1))
    assert [e.id for e in cases.case_executions.QueryCaseExecutions(query).case_executions] == [works[1].id]
    # Closing the case keeps every row.
    cases.close_case(created.id)
    assert cases.count_case_activities(case_instance_id=created.id) == 4


def test_a_model_that_repeats_without_end_is_refused_and_changes_nothing(cases: Cases) -> None:
    """A and B enter on each other's start: every entry satisfies the other's sentry again."""
    key = _deploy(cases, """
<cmmn:planItem id="PI_Kick" definitionRef="HumanTask_Kick" />
<cmmn:planItem id="PI_A" definitionRef="Task_A">
  <cmmn:entryCriterion id="EntryCriterion_1" sentryRef="Sentry_Kicked" />
  <cmmn:entryCriterion id="EntryCriterion_2" sentryRef="Sentry_BStarted" />
</cmmn:planItem>
<cmmn:planItem id="PI_B" definitionRef="Task_B">
  <cmmn:entryCriterion id="EntryCriterion_3" sentryRef="Sentry_AStarted" />
</cmmn:planItem>
<cmmn:sentry id="Sentry_Kicked">
  <cmmn:planItemOnPart id="PlanItemOnPart_1" sourceRef="PI_Kick"><cmmn:standardEvent>complete</cmmn:standardEvent>
  </cmmn:planItemOnPart>
</cmmn:sentry>
<cmmn:sentry id="Sentry_BStarted">
  <cmmn:planItemOnPart id="PlanItemOnPart_2" sourceRef="PI_B"><cmmn:standardEvent>start</cmmn:standardEvent>
  </cmmn:planItemOnPart>
</cmmn:sentry>
<cmmn:sentry id="Sentry_AStarted">
  <cmmn:planItemOnPart id="PlanItemOnPart_3" sourceRef="PI_A"><cmmn:standardEvent>start</cmmn:standardEvent>
  </cmmn:planItemOnPart>
</cmmn:sentry>
<cmmn:humanTask id="HumanTask_Kick" />
<cmmn:task id="Task_A">
  <cmmn:defaultControl id="PlanItemControl_1"><cmmn:repetitionRule id="RepetitionRule_1" /></cmmn:defaultControl>
</cmmn:task>
<cmmn:task id="Task_B">
  <cmmn:defaultControl id="PlanItemControl_2"><cmmn:repetitionRule id="RepetitionRule_2" /></cmmn:defaultControl>
</cmmn:task>""")
    created = cases.create(key=key)
    before = _instances(cases, created.id)
    [kick] = cases.case_tasks(created.id)
    error = expect_error(lambda: cases.complete(kick.id), REFUSED, "REPETITION_LIMIT_EXCEEDED")
    assert error.info.metadata["limit"] == "200"  # type: ignore[union-attr]
    assert _instances(cases, created.id) == before and [t.id for t in cases.case_tasks(created.id)] == [kick.id]
    assert cases.count_case_activities(case_instance_id=created.id) == 3


def test_each_entry_criterion_starts_again_only_when_it_fired(cases: Cases) -> None:
    """Two entry criteria: the one that entered an instance counts later occurrences for the next;
    the other keeps what happened before, as the document's engine keeps a sentry's parts until it
    fires."""
    key = _deploy(cases, """
<cmmn:planItem id="PI_A" definitionRef="Task_A" />
<cmmn:planItem id="PI_B" definitionRef="Task_B" />
<cmmn:planItem id="PI_Follow" definitionRef="Task_Follow">
  <cmmn:entryCriterion id="EntryCriterion_1" sentryRef="Sentry_A" />
  <cmmn:entryCriterion id="EntryCriterion_2" sentryRef="Sentry_B" />
</cmmn:planItem>
<cmmn:sentry id="Sentry_A">
  <cmmn:planItemOnPart id="PlanItemOnPart_1" sourceRef="PI_A"><cmmn:standardEvent>complete</cmmn:standardEvent>
  </cmmn:planItemOnPart>
</cmmn:sentry>
<cmmn:sentry id="Sentry_B">
  <cmmn:planItemOnPart id="PlanItemOnPart_2" sourceRef="PI_B"><cmmn:standardEvent>complete</cmmn:standardEvent>
  </cmmn:planItemOnPart>
</cmmn:sentry>
<cmmn:task id="Task_A" />
<cmmn:task id="Task_B" />
<cmmn:task id="Task_Follow">
  <cmmn:defaultControl id="PlanItemControl_1"><cmmn:repetitionRule id="RepetitionRule_1" /></cmmn:defaultControl>
</cmmn:task>""")
    created = cases.create(key=key)
    cases.complete_execution(cases.execution(created.id, "PI_B").id)
    assert _instances(cases, created.id)["PI_Follow"] == ["ACTIVE", "AVAILABLE"]
    cases.complete_execution(cases.execution(created.id, "PI_A").id)  # Sentry_A fires for the first time
    assert _instances(cases, created.id)["PI_Follow"] == ["ACTIVE", "ACTIVE", "AVAILABLE"]
    # Both sentries have fired since: the third instance waits for a later completion of either.
    for execution in _of(cases, created.id, "PI_Follow")[:2]:
        cases.complete_execution(execution.id)
    assert _instances(cases, created.id)["PI_Follow"] == ["COMPLETED", "COMPLETED", "AVAILABLE"]
    assert cases.case(created.id).state == CASE_STATE.STATE_ACTIVE
