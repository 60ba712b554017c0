"""The case activity history HistoryService keeps (HistoricCaseActivityInstance): a row for each
plan item of a case instance (never for its case plan model), created when its stage becomes
active, with its case execution's id; how the row follows its case execution through every
transition to its end (completed, or terminated by a verb, an exit criterion, or the end of its
stage or case); the work it names (a human task's task, the process or case instance a process or
case task started); that a refused call changes no row; and when the rows go (not when the case is
closed; with their case instance: DeleteHistoricCaseInstance, the cleanup, a deployment's
deletion)."""

from __future__ import annotations

from datetime import timedelta

import grpc

from flowkeeper.engine.v1 import case_execution_pb2, case_instance_pb2, deployment_pb2, history_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.case_support import CASE_STATE
from tests.engine.history_support import CaseActivityHistory, case_activity_state, ts
from tests.engine.resources.cmmn_modeler import render
from tests.engine.support import typed_map
from tests.engine.work_support import key
from tests.support import expect_error, unique

MINUTE = timedelta(minutes=1)
PLAN_MODEL = "casePlanModel"
NOT_FOUND = grpc.StatusCode.NOT_FOUND
REFUSED = grpc.StatusCode.FAILED_PRECONDITION
PROCESSES = ("case_review_process.bpmn", "case_instant_process.bpmn")
ENDED = ("COMPLETED", "TERMINATED")
Row = history_pb2.HistoricCaseActivityInstance


def follows(h: CaseActivityHistory, case_id: str) -> dict[str, Row]:
    """The case instance's rows by case activity id, each checked against its case execution
    (while the case is not closed): one row per plan item, none for the case plan model, with the
    execution's id, parent, activity, definition, tenant, creation time, required flag, state and
    end; the six flags as the state says; a duration once ended; Get finds the same row."""
    rows = h.activities_of(case_id)
    executions = {e.activity_id: e for e in h.executions_of(case_id) if e.activity_type != PLAN_MODEL}
    assert sorted(rows) == sorted(executions)
    for activity, execution in executions.items():
        row = rows[activity]
        assert (row.id, row.case_execution_id, row.parent_case_activity_instance_id, row.case_activity_id,
                row.case_activity_name, row.case_activity_type, row.case_definition_id, row.case_instance_id,
                row.tenant_id, row.create_time, row.required, row.state) == (
            execution.id, execution.id, execution.parent_id, execution.activity_id, execution.activity_name,
            execution.activity_type, execution.case_definition_id, execution.case_instance_id, execution.tenant_id,
            execution.create_time, execution.required, execution.state), activity
        state = case_activity_state(row)
        if state in ENDED:
            assert row.end_time == execution.end_time, activity
            assert row.duration.ToTimedelta() == row.end_time.ToDatetime() - row.create_time.ToDatetime(), activity
        else:
            assert not row.HasField("end_time") and not row.HasField("duration"), activity
        assert h.case_activity(row.id) == row, activity
    assert h.count_case_activities(case_instance_id=case_id) == len(rows)
    return rows


def ending(row: Row) -> tuple[str, object, object]:
    """(state, end_time, duration) of a row; None for what is unset."""
    return (case_activity_state(row), row.end_time if row.HasField("end_time") else None,
            row.duration.ToTimedelta() if row.HasField("duration") else None)


def running(row: Row) -> tuple[str, None, None]:
    return (case_activity_state(row), None, None)


def staged(case_key: str) -> str:
    """The task Intake, and the stage Later under a manual activation rule: the human task Work
    (assignee ${worker}) and the stage Inner with the task Deep. Both stages complete by
    themselves."""
    return render(f"""
<cmmn:case id="{case_key}" camunda:historyTimeToLive="P180D">
  <cmmn:casePlanModel id="CasePlanModel_1" name="Staged">
    <cmmn:planItem id="PI_Intake" definitionRef="Task_Intake" />
    <cmmn:planItem id="PI_Later" definitionRef="Stage_Later">
      <cmmn:itemControl id="PlanItemControl_Later">
        <cmmn:manualActivationRule id="ManualActivationRule_Later" />
      </cmmn:itemControl>
    </cmmn:planItem>
    <cmmn:task id="Task_Intake" name="Intake" />
    <cmmn:stage id="Stage_Later" name="Later" autoComplete="true">
      <cmmn:planItem id="PI_Work" definitionRef="HumanTask_Work" />
      <cmmn:planItem id="PI_Inner" definitionRef="Stage_Inner" />
      <cmmn:humanTask id="HumanTask_Work" name="Work" camunda:assignee="${{worker}}" />
      <cmmn:stage id="Stage_Inner" name="Inner" autoComplete="true">
        <cmmn:planItem id="PI_Deep" definitionRef="Task_Deep" />
        <cmmn:task id="Task_Deep" name="Deep" />
      </cmmn:stage>
    </cmmn:stage>
  </cmmn:casePlanModel>
</cmmn:case>""", case_key)


def strict(case_key: str) -> str:
    """The task Strict, required when ${strict} held at creation, waiting for a manual start; the
    task Free, neither required nor manual."""
    return render(f"""
<cmmn:case id="{case_key}">
  <cmmn:casePlanModel id="CasePlanModel_1">
    <cmmn:planItem id="PI_Strict" definitionRef="Task_Strict">
      <cmmn:itemControl id="PlanItemControl_1">
        <cmmn:requiredRule id="RequiredRule_1">
          <cmmn:condition id="Expression_1">${{strict}}</cmmn:condition>
        </cmmn:requiredRule>
        <cmmn:manualActivationRule id="ManualActivationRule_1" />
      </cmmn:itemControl>
    </cmmn:planItem>
    <cmmn:planItem id="PI_Free" definitionRef="Task_Free" />
    <cmmn:task id="Task_Strict" name="Strict" />
    <cmmn:task id="Task_Free" name="Free" />
  </cmmn:casePlanModel>
</cmmn:case>""", case_key)


def enabled_later(case_key: str) -> str:
    """The task First; the human task Second, under a manual activation rule, entered when First
    completes."""
    return render(f"""
<cmmn:case id="{case_key}">
  <cmmn:casePlanModel id="CasePlanModel_1">
    <cmmn:planItem id="PI_First" definitionRef="Task_First" />
    <cmmn:planItem id="PI_Second" definitionRef="HumanTask_Second">
      <cmmn:entryCriterion id="EntryCriterion_1" sentryRef="Sentry_1" />
    </cmmn:planItem>
    <cmmn:sentry id="Sentry_1">
      <cmmn:planItemOnPart id="PlanItemOnPart_1" sourceRef="PI_First">
        <cmmn:standardEvent>complete</cmmn:standardEvent>
      </cmmn:planItemOnPart>
    </cmmn:sentry>
    <cmmn:task id="Task_First" name="First" />
    <cmmn:humanTask id="HumanTask_Second" name="Second" camunda:assignee="sam">
      <cmmn:defaultControl id="PlanItemControl_1">
        <cmmn:manualActivationRule id="ManualActivationRule_1" />
      </cmmn:defaultControl>
    </cmmn:humanTask>
  </cmmn:casePlanModel>
</cmmn:case>""", case_key)


def deploy_staged(h: CaseActivityHistory) -> str:
    case_key = key("staged")
    return h.case_definition_id(h.deploy_files({f"{case_key}.cmmn": staged(case_key).encode()}), case_key)


# -- what is recorded, and when ------------------------------------------------------------------


def test_each_plan_item_is_recorded_with_its_case_execution_when_the_case_is_created(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    case_key, tenant = key("case"), unique("tenant")
    definition = h.case_definition_id(h.deploy_case("case_three_items.cmmn", key=case_key, tenant=tenant), case_key)
    created = server.clock.now()
    case = h.create(id=definition).id
    rows = follows(h, case)
    # The case plan model is the case instance: no row of its own.
    assert sorted(rows) == ["PI_CheckApplication", "PI_Decide", "PI_Decided"]
    check, decide, decided = rows["PI_CheckApplication"], rows["PI_Decide"], rows["PI_Decided"]
    assert [(r.case_activity_name, r.case_activity_type, case_activity_state(r)) for r in (check, decide, decided)] == [
        ("Check application", "humanTask", "ACTIVE"), ("Decide", "humanTask", "AVAILABLE"),
        ("Decided", "milestone", "AVAILABLE")]
    for row in rows.values():
        assert (row.case_instance_id, row.parent_case_activity_instance_id, row.case_definition_id) == (
            case, case, definition)
        assert (row.tenant_id, row.create_time, row.required) == (tenant, ts(created), False)
        assert row.id == row.case_execution_id == h.execution(case, row.case_activity_id).id
        assert (row.called_process_instance_id, row.called_case_instance_id) == ("", "")
        assert running(row) == ending(row)
    # The active human task names its task, the same the task history has; the others none.
    [task] = h.case_tasks(case)
    assert (check.task_id, decide.task_id, decided.task_id) == (task.id, "", "")
    historic = h.historic_task(task.id)
    assert (historic.case_execution_id, historic.activity_instance_id) == (check.id, check.id)
    failed = expect_error(lambda: h.case_activity(case), NOT_FOUND, "CASE_ACTIVITY_INSTANCE_NOT_FOUND")
    assert failed.info.metadata["id"] == case
    assert h.count_case_activities(case_instance_id=case, case_activity_id="CasePlanModel_1") == 0
    assert h.count_case_activities(case_instance_id=case, case_activity_type=PLAN_MODEL) == 0


def test_a_stage_s_children_are_recorded_when_the_stage_is_activated(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    t0 = server.clock.now()
    case = h.create(id=deploy_staged(h), variables={"worker": "wendy"}).id
    rows = follows(h, case)
    assert {a: case_activity_state(r) for a, r in rows.items()} == {"PI_Intake": "ACTIVE", "PI_Later": "ENABLED"}
    assert (rows["PI_Later"].case_activity_type, rows["PI_Intake"].case_activity_type) == ("stage", "task")
    assert h.count_case_activities(case_instance_id=case, case_activity_id_in=["PI_Work", "PI_Inner", "PI_Deep"]) == 0

    t1 = server.clock.advance(MINUTE)
    later = rows["PI_Later"].id
    h.manual_start(later)
    rows = follows(h, case)
    assert {a: case_activity_state(r) for a, r in rows.items()} == {
        "PI_Intake": "ACTIVE", "PI_Later": "ACTIVE", "PI_Work": "ACTIVE", "PI_Inner": "ACTIVE", "PI_Deep": "ACTIVE"}
    inner = rows["PI_Inner"].id
    assert {a: (r.parent_case_activity_instance_id, r.create_time) for a, r in rows.items()} == {
        "PI_Intake": (case, ts(t0)), "PI_Later": (case, ts(t0)), "PI_Work": (later, ts(t1)),
        "PI_Inner": (later, ts(t1)), "PI_Deep": (inner, ts(t1))}
    [task] = h.case_tasks(case)
    assert (rows["PI_Work"].task_id, task.assignee) == (task.id, "wendy")

    # The inner stage completes with its task, the outer one with its human task; the case
    # with the last task.
    t2 = server.clock.advance(MINUTE)
    h.complete_execution(rows["PI_Deep"].id)
    h.complete(task.id)
    t3 = server.clock.advance(MINUTE)
    h.complete_execution(rows["PI_Intake"].id)
    assert h.case(case).state == CASE_STATE.STATE_COMPLETED
    rows = follows(h, case)
    assert {a: ending(r) for a, r in rows.items()} == {
        "PI_Intake": ("COMPLETED", ts(t3), 3 * MINUTE), "PI_Later": ("COMPLETED", ts(t2), 2 * MINUTE),
        "PI_Work": ("COMPLETED", ts(t2), MINUTE), "PI_Inner": ("COMPLETED", ts(t2), MINUTE),
        "PI_Deep": ("COMPLETED", ts(t2), MINUTE)}
    assert rows["PI_Work"].task_id == task.id  # the task is gone; its row keeps its id


# -- every transition ----------------------------------------------------------------------------


def test_the_rows_follow_enable_disable_reenable_start_complete_and_terminate(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    t0 = server.clock.now()
    case = h.deploy_and_create("case_manual.cmmn", {"needsApproval": True, "checker": "carol"},
                               key=key("manual")).id
    rows = follows(h, case)
    # The manual activation rules enable the three tasks; the milestone waits.
    assert {a: case_activity_state(r) for a, r in rows.items()} == {
        "PI_Optional": "ENABLED", "PI_Conditional": "ENABLED", "PI_Required": "ENABLED", "PI_Done": "AVAILABLE"}
    assert {a: r.required for a, r in rows.items()} == {
        "PI_Optional": False, "PI_Conditional": False, "PI_Required": True, "PI_Done": False}
    assert rows["PI_Optional"].task_id == ""  # enabled: no task yet
    required, optional, conditional = (rows[a].id for a in ("PI_Required", "PI_Optional", "PI_Conditional"))

    server.clock.advance(MINUTE)
    h.disable(required)
    assert running(follows(h, case)["PI_Required"]) == ("DISABLED", None, None)
    h.reenable(required)
    assert running(follows(h, case)["PI_Required"]) == ("ENABLED", None, None)
    h.disable(required)
    h.reenable(required)
    t2 = server.clock.advance(MINUTE)
    h.manual_start(required)
    h.manual_start(optional)
    rows = follows(h, case)
    assert (running(rows["PI_Required"]), running(rows["PI_Optional"])) == (
        ("ACTIVE", None, None), ("ACTIVE", None, None))
    [task] = h.case_tasks(case)
    assert rows["PI_Optional"].task_id == task.id and task.assignee == "carol"
    assert rows["PI_Required"].create_time == ts(t0) != ts(t2)  # the creation time stays

    # Completing the required task lets the milestone occur: COMPLETED, in the same call.
    t3 = server.clock.advance(MINUTE)
    h.complete_execution(required)
    rows = follows(h, case)
    assert ending(rows["PI_Required"]) == ("COMPLETED", ts(t3), t3 - t0)
    assert ending(rows["PI_Done"]) == ("COMPLETED", ts(t3), t3 - t0)
    t4 = server.clock.advance(MINUTE)
    h.complete(task.id)
    h.manual_start(conditional)
    t5 = server.clock.advance(MINUTE)
    h.terminate_execution(conditional)
    assert h.case(case).state == CASE_STATE.STATE_COMPLETED  # nothing is left to do
    rows = follows(h, case)
    assert {a: ending(r) for a, r in rows.items()} == {
        "PI_Optional": ("COMPLETED", ts(t4), t4 - t0), "PI_Conditional": ("TERMINATED", ts(t5), t5 - t0),
        "PI_Required": ("COMPLETED", ts(t3), t3 - t0), "PI_Done": ("COMPLETED", ts(t3), t3 - t0)}
    assert rows["PI_Optional"].task_id == task.id
    assert h.historic_task(task.id).case_execution_id == optional


def test_a_sentry_enables_a_manually_activated_item_and_disabling_the_last_one_ends_the_case(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    case_key = key("later")
    definition = h.case_definition_id(h.deploy_files({f"{case_key}.cmmn": enabled_later(case_key).encode()}),
                                      case_key)
    t0 = server.clock.now()
    case = h.create(id=definition).id
    rows = follows(h, case)
    assert {a: running(r) for a, r in rows.items()} == {
        "PI_First": ("ACTIVE", None, None), "PI_Second": ("AVAILABLE", None, None)}
    t1 = server.clock.advance(MINUTE)
    h.complete_execution(rows["PI_First"].id)
    rows = follows(h, case)
    # AVAILABLE -> ENABLED: entered under its manual activation rule, no task yet.
    assert (ending(rows["PI_First"]), running(rows["PI_Second"]), rows["PI_Second"].task_id) == (
        ("COMPLETED", ts(t1), MINUTE), ("ENABLED", None, None), "")
    server.clock.advance(MINUTE)
    h.manual_start(rows["PI_Second"].id)
    [task] = h.case_tasks(case)
    second = follows(h, case)["PI_Second"]
    assert (running(second), second.task_id, second.create_time) == (("ACTIVE", None, None), task.id, ts(t0))
    t3 = server.clock.advance(MINUTE)
    h.complete(task.id)
    assert h.case(case).state == CASE_STATE.STATE_COMPLETED
    assert ending(follows(h, case)["PI_Second"]) == ("COMPLETED", ts(t3), 3 * MINUTE)

    # Disabling the last item left lets the case complete: the disabled item ends TERMINATED.
    other = h.create(id=definition).id
    h.complete_execution(h.execution(other, "PI_First").id)
    t4 = server.clock.advance(MINUTE)
    h.disable(h.execution(other, "PI_Second").id)
    assert h.case(other).state == CASE_STATE.STATE_COMPLETED
    assert {a: ending(r) for a, r in follows(h, other).items()} == {
        "PI_First": ("COMPLETED", ts(t3), timedelta(0)), "PI_Second": ("TERMINATED", ts(t4), MINUTE)}


def test_required_is_what_the_required_rule_said_at_creation(api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    case_key = key("strict")
    definition = h.case_definition_id(h.deploy_files({f"{case_key}.cmmn": strict(case_key).encode()}), case_key)
    held, not_held = h.create(id=definition, variables={"strict": True}).id, h.create(
        id=definition, variables={"strict": False}).id
    assert {a: r.required for a, r in follows(h, held).items()} == {"PI_Strict": True, "PI_Free": False}
    assert {a: r.required for a, r in follows(h, not_held).items()} == {"PI_Strict": False, "PI_Free": False}
    # A later change of the variable changes nothing.
    h.modify(not_held, {"strict": True})
    h.modify(held, {"strict": False})
    assert follows(h, held)["PI_Strict"].required and not follows(h, not_held)["PI_Strict"].required
    assert [r.case_instance_id for r in h.case_activities(case_definition_id=definition, required=True)] == [held]


def test_a_milestone_occurs_completed_and_the_case_completes_with_its_last_item(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    t0 = server.clock.now()
    case = h.deploy_and_create("case_three_items.cmmn", key=key("case")).id
    [check] = h.case_tasks(case)
    t1 = server.clock.advance(MINUTE)
    h.complete(check.id)
    rows = follows(h, case)
    [decide] = h.case_tasks(case)
    assert (ending(rows["PI_CheckApplication"]), running(rows["PI_Decide"]), running(rows["PI_Decided"])) == (
        ("COMPLETED", ts(t1), MINUTE), ("ACTIVE", None, None), ("AVAILABLE", None, None))
    assert rows["PI_Decide"].create_time == ts(t0)  # planned with the case, entered now
    assert (rows["PI_CheckApplication"].task_id, rows["PI_Decide"].task_id) == (check.id, decide.id)
    t2 = server.clock.advance(MINUTE)
    h.complete_execution(rows["PI_Decide"].id)  # a human task completes through its case execution too
    assert h.case(case).state == CASE_STATE.STATE_COMPLETED and h.case_tasks(case) == []
    assert h.historic_task(decide.id).delete_reason == "completed"
    rows = follows(h, case)
    assert {a: ending(r) for a, r in rows.items()} == {
        "PI_CheckApplication": ("COMPLETED", ts(t1), MINUTE), "PI_Decide": ("COMPLETED", ts(t2), 2 * MINUTE),
        "PI_Decided": ("COMPLETED", ts(t2), 2 * MINUTE)}
    assert rows["PI_Decided"].task_id == ""
    assert h.count_case_activities(case_instance_id=case, finished=True) == 3


def test_completing_a_case_by_hand_terminates_what_waits(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    t0 = server.clock.now()
    case = h.deploy_and_create("case_manual.cmmn", {"needsApproval": True, "checker": "carol"},
                               key=key("manual")).id
    h.disable(h.execution(case, "PI_Required").id)  # a disabled required item counts as done
    done = server.clock.advance(MINUTE)
    h.complete_case(case)
    # Every plan item still waiting ends TERMINATED with the case, the disabled one too.
    assert {a: ending(r) for a, r in follows(h, case).items()} == {
        activity: ("TERMINATED", ts(done), done - t0)
        for activity in ("PI_Optional", "PI_Conditional", "PI_Required", "PI_Done")}


def test_terminating_a_task_a_milestone_or_the_case(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    case_key = key("case")
    definition = h.case_definition_id(h.deploy_case("case_three_items.cmmn", key=case_key), case_key)
    t0 = server.clock.now()
    first = h.create(id=definition).id
    [task] = h.case_tasks(first)
    t1 = server.clock.advance(MINUTE)
    h.terminate_execution(h.execution(first, "PI_CheckApplication").id)
    rows = follows(h, first)
    assert ending(rows["PI_CheckApplication"]) == ("TERMINATED", ts(t1), MINUTE)
    assert rows["PI_CheckApplication"].task_id == task.id  # its task was deleted; the row names it still
    assert h.historic_task(task.id).delete_reason == "deleted"
    # Terminated is not completed: Decide stays available.
    assert running(rows["PI_Decide"]) == ("AVAILABLE", None, None)
    t2 = server.clock.advance(MINUTE)
    h.terminate_execution(rows["PI_Decided"].id)
    assert ending(follows(h, first)["PI_Decided"]) == ("TERMINATED", ts(t2), t2 - t0)
    t3 = server.clock.advance(MINUTE)
    h.complete_case(first)
    assert {a: ending(r) for a, r in follows(h, first).items()} == {
        "PI_CheckApplication": ("TERMINATED", ts(t1), MINUTE), "PI_Decide": ("TERMINATED", ts(t3), t3 - t0),
        "PI_Decided": ("TERMINATED", ts(t2), t2 - t0)}

    # Terminating the case ends what has not ended; what ended keeps its end.
    second = h.create(id=definition).id
    h.complete(h.case_tasks(second)[0].id)  # created and completed at t3
    t4 = server.clock.advance(MINUTE)
    h.terminate_case(second)
    assert {a: ending(r) for a, r in follows(h, second).items()} == {
        "PI_CheckApplication": ("COMPLETED", ts(t3), timedelta(0)), "PI_Decide": ("TERMINATED", ts(t4), MINUTE),
        "PI_Decided": ("TERMINATED", ts(t4), MINUTE)}


def test_entry_and_exit_criteria_with_if_parts(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    t0 = server.clock.now()
    case = h.deploy_and_create("case_if_part.cmmn", {"amount": 50}, key=key("watch")).id
    assert {a: running(r) for a, r in follows(h, case).items()} == {
        "PI_Escalate": ("AVAILABLE", None, None), "PI_Monitor": ("ACTIVE", None, None)}
    server.clock.advance(MINUTE)
    h.modify(case, {"amount": 500})  # the entry criterion holds now
    rows = follows(h, case)
    [task] = h.case_tasks(case)
    assert (running(rows["PI_Escalate"]), rows["PI_Escalate"].task_id) == (("ACTIVE", None, None), task.id)
    assert rows["PI_Escalate"].create_time == ts(t0)
    t2 = server.clock.advance(MINUTE)
    h.modify(case, {"amount": 5000})  # the exit criterion holds now
    assert ending(follows(h, case)["PI_Monitor"]) == ("TERMINATED", ts(t2), 2 * MINUTE)
    t3 = server.clock.advance(MINUTE)
    h.complete(task.id, {"amount": 1})
    assert h.case(case).state == CASE_STATE.STATE_COMPLETED
    assert ending(follows(h, case)["PI_Escalate"]) == ("COMPLETED", ts(t3), 3 * MINUTE)


def test_a_stage_completes_by_itself_and_terminates_its_waiting_children(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    t0 = server.clock.now()
    case = h.deploy_and_create("case_stage.cmmn", {"withdrawn": False}, key=key("claims")).id
    rows = follows(h, case)
    stage = rows["PI_Assess"].id
    assert {a: (case_activity_state(r), r.case_activity_type, r.parent_case_activity_instance_id)
            for a, r in rows.items()} == {
        "PI_Assess": ("ACTIVE", "stage", case), "PI_Pay": ("AVAILABLE", "humanTask", case),
        "PI_Inspect": ("ACTIVE", "humanTask", stage), "PI_SecondOpinion": ("ENABLED", "task", stage),
        "PI_Inspected": ("AVAILABLE", "milestone", stage)}
    assert all(r.create_time == ts(t0) for r in rows.values())
    [inspect] = h.case_tasks(case)
    t1 = server.clock.advance(MINUTE)
    h.complete(inspect.id)
    rows = follows(h, case)
    [pay] = h.case_tasks(case)
    assert {a: ending(r) for a, r in rows.items()} == {
        "PI_Assess": ("COMPLETED", ts(t1), MINUTE), "PI_Pay": ("ACTIVE", None, None),
        "PI_Inspect": ("COMPLETED", ts(t1), MINUTE), "PI_SecondOpinion": ("TERMINATED", ts(t1), MINUTE),
        "PI_Inspected": ("COMPLETED", ts(t1), MINUTE)}
    assert (rows["PI_Inspect"].task_id, rows["PI_Pay"].task_id) == (inspect.id, pay.id)


def test_terminating_a_stage_or_the_case_plan_model_s_exit_terminates_the_children(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    case_key = key("claims")
    definition = h.case_definition_id(h.deploy_case("case_stage.cmmn", key=case_key), case_key)
    staged_case = h.create(id=definition, variables={"withdrawn": False}).id
    t1 = server.clock.advance(MINUTE)
    h.terminate_execution(h.execution(staged_case, "PI_Assess").id)
    assert {a: ending(r) for a, r in follows(h, staged_case).items()} == {
        "PI_Assess": ("TERMINATED", ts(t1), MINUTE), "PI_Pay": ("AVAILABLE", None, None),
        "PI_Inspect": ("TERMINATED", ts(t1), MINUTE), "PI_SecondOpinion": ("TERMINATED", ts(t1), MINUTE),
        "PI_Inspected": ("TERMINATED", ts(t1), MINUTE)}

    # The case plan model's exit criterion exits the case: every row ends TERMINATED.
    withdrawn_case = h.create(id=definition, variables={"withdrawn": False}).id
    t2 = server.clock.advance(MINUTE)
    h.modify(withdrawn_case, {"withdrawn": True})
    assert h.case(withdrawn_case).state == CASE_STATE.STATE_TERMINATED
    assert {a: ending(r) for a, r in follows(h, withdrawn_case).items()} == {
        a: ("TERMINATED", ts(t2), MINUTE) for a in ("PI_Assess", "PI_Pay", "PI_Inspect", "PI_SecondOpinion",
                                                    "PI_Inspected")}


# -- the work a row names ------------------------------------------------------------------------


def _process_case(h: CaseActivityHistory, document_id: str) -> tuple[str, str]:
    """A case of case_process_task (a key of its own) and the review process instance its
    process task started."""
    case_key = key("publish")
    h.deploy_case("case_process_task.cmmn", key=case_key, extra=PROCESSES)
    case = h.create(key=case_key, variables={"documentId": document_id, "document": "the text"}).id
    [review] = h.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        process_definition_key="case_review_process", business_key=document_id, include_ended=True)).process_instances
    return case, review.id


def test_a_process_task_names_the_process_instance_it_started(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    t0 = server.clock.now()
    case, review = _process_case(h, unique("doc"))
    rows = follows(h, case)
    assert {a: (r.case_activity_type, case_activity_state(r)) for a, r in rows.items()} == {
        "PI_Review": ("processTask", "ACTIVE"), "PI_Prepare": ("processTask", "COMPLETED"),
        "PI_Publish": ("humanTask", "AVAILABLE")}
    assert rows["PI_Review"].called_process_instance_id == review
    # Prepare's process ended at once, and the process task with it.
    prepared = h.instance(rows["PI_Prepare"].called_process_instance_id)
    assert (prepared.definition_key, prepared.ended, prepared.start_time) == ("case_instant_process", True, ts(t0))
    assert ending(rows["PI_Prepare"]) == ("COMPLETED", ts(t0), timedelta(0))
    for row in rows.values():
        assert (row.called_case_instance_id, row.task_id) == ("", "")
    assert rows["PI_Publish"].called_process_instance_id == ""

    # The process's end completes the process task; the sentry enters the human task.
    t1 = server.clock.advance(MINUTE)
    [review_task] = h.tasks_of(review)
    h.complete(review_task.id, {"verdict": "approved"})
    rows = follows(h, case)
    [publish] = h.case_tasks(case)
    assert ending(rows["PI_Review"]) == ("COMPLETED", ts(t1), MINUTE)
    assert (rows["PI_Review"].called_process_instance_id, rows["PI_Review"].task_id) == (review, "")
    assert (running(rows["PI_Publish"]), rows["PI_Publish"].task_id) == (("ACTIVE", None, None), publish.id)


def test_a_process_task_ends_terminated_with_its_process_or_by_its_termination(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    deleted_case, deleted_review = _process_case(h, unique("doc"))
    t1 = server.clock.advance(MINUTE)
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=deleted_review, reason="not needed"))
    row = follows(h, deleted_case)["PI_Review"]
    assert (ending(row), row.called_process_instance_id) == (("TERMINATED", ts(t1), MINUTE), deleted_review)

    terminated_case, terminated_review = _process_case(h, unique("doc"))
    t2 = server.clock.advance(MINUTE)
    h.terminate_execution(h.execution(terminated_case, "PI_Review").id)
    assert h.instance(terminated_review).state == pi.ProcessInstance.STATE_EXTERNALLY_TERMINATED
    row = follows(h, terminated_case)["PI_Review"]
    assert (ending(row), row.called_process_instance_id) == (("TERMINATED", ts(t2), MINUTE), terminated_review)


def test_a_case_task_names_the_case_instance_it_created(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    tenant = unique("tenant")
    deployment = h.deploy_case("case_case_task.cmmn", tenant=tenant)
    caller_definition = h.case_definition_id(deployment, "case_caller")
    callee_definition = h.case_definition_id(deployment, "case_callee")
    t0 = server.clock.now()
    caller = h.create(id=caller_definition, variables={"follower": "fred"}).id
    [callee] = h.case_instances.QueryCaseInstances(
        case_instance_pb2.QueryCaseInstancesRequest(super_case_instance_id=caller)).case_instances
    rows = follows(h, caller)
    assert {a: (r.case_activity_type, case_activity_state(r)) for a, r in rows.items()} == {
        "PI_CallCallee": ("caseTask", "ACTIVE"), "PI_Follow": ("humanTask", "AVAILABLE")}
    call = rows["PI_CallCallee"]
    assert (call.called_case_instance_id, call.called_process_instance_id, call.task_id) == (callee.id, "", "")
    assert rows["PI_Follow"].called_case_instance_id == ""
    # The called case has rows of its own, in its case instance, of its definition and tenant.
    called = follows(h, callee.id)
    assert list(called) == ["PI_Answer"]
    answer = called["PI_Answer"]
    assert (answer.parent_case_activity_instance_id, answer.case_definition_id, answer.tenant_id,
            answer.create_time) == (callee.id, callee_definition, tenant, ts(t0))
    assert {r.tenant_id for r in rows.values()} == {tenant}

    t1 = server.clock.advance(MINUTE)
    h.complete_execution(answer.id)
    assert h.case(callee.id).state == CASE_STATE.STATE_COMPLETED
    rows = follows(h, caller)
    [follow] = h.case_tasks(caller)
    assert (ending(rows["PI_CallCallee"]), rows["PI_CallCallee"].called_case_instance_id) == (
        ("COMPLETED", ts(t1), MINUTE), callee.id)
    assert (running(rows["PI_Follow"]), rows["PI_Follow"].task_id) == (("ACTIVE", None, None), follow.id)
    assert ending(follows(h, callee.id)["PI_Answer"]) == ("COMPLETED", ts(t1), MINUTE)

    # Terminating the called case terminates the case task.
    other = h.create(id=caller_definition, variables={"follower": "fred"}).id
    [other_callee] = h.case_instances.QueryCaseInstances(
        case_instance_pb2.QueryCaseInstancesRequest(super_case_instance_id=other)).case_instances
    t2 = server.clock.advance(MINUTE)
    h.terminate_case(other_callee.id)
    row = follows(h, other)["PI_CallCallee"]
    assert (ending(row), row.called_case_instance_id) == (("TERMINATED", ts(t2), MINUTE), other_callee.id)
    assert ending(follows(h, other_callee.id)["PI_Answer"]) == ("TERMINATED", ts(t2), MINUTE)

    # Terminating the calling case terminates the called case, and its rows.
    third = h.create(id=caller_definition, variables={"follower": "fred"}).id
    [third_callee] = h.case_instances.QueryCaseInstances(
        case_instance_pb2.QueryCaseInstancesRequest(super_case_instance_id=third)).case_instances
    t3 = server.clock.advance(MINUTE)
    h.terminate_case(third)
    assert {a: ending(r) for a, r in follows(h, third).items()} == {
        "PI_CallCallee": ("TERMINATED", ts(t3), MINUTE), "PI_Follow": ("TERMINATED", ts(t3), MINUTE)}
    assert ending(follows(h, third_callee.id)["PI_Answer"]) == ("TERMINATED", ts(t3), MINUTE)


# -- a refused call changes nothing --------------------------------------------------------------


def test_a_refused_transition_changes_no_row(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    case = h.deploy_and_create("case_manual.cmmn", {"needsApproval": True, "checker": "carol"},
                               key=key("refused")).id
    before = follows(h, case)
    optional, milestone = before["PI_Optional"].id, before["PI_Done"].id
    server.clock.advance(MINUTE)
    for call in (lambda: h.reenable(optional), lambda: h.complete_execution(optional),
                 lambda: h.terminate_execution(optional), lambda: h.manual_start(milestone),
                 lambda: h.disable(milestone), lambda: h.complete_execution(milestone),
                 lambda: h.close_case(case)):
        expect_error(call, REFUSED, "ILLEGAL_CASE_TRANSITION")
    expect_error(lambda: h.complete_case(case), REFUSED, "CASE_INSTANCE_NOT_COMPLETABLE")
    expect_error(lambda: h.case_executions.DisableCaseExecution(case_execution_pb2.DisableCaseExecutionRequest(
        id=optional, variables=typed_map({"n": ("x", "Integer")}))), grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_VARIABLE_VALUE")
    assert follows(h, case) == before

    # A stage that cannot complete yet.
    staged_case = h.deploy_and_create("case_stage.cmmn", {"withdrawn": False}, key=key("claims")).id
    before = follows(h, staged_case)
    expect_error(lambda: h.complete_execution(before["PI_Assess"].id), REFUSED, "STAGE_NOT_COMPLETABLE")
    expect_error(lambda: h.terminate_execution(before["PI_SecondOpinion"].id), REFUSED, "ILLEGAL_CASE_TRANSITION")
    assert follows(h, staged_case) == before


def test_a_call_that_fails_on_the_way_leaves_the_rows_as_they_were(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    # An if-part that cannot be evaluated: the variable change is undone, the rows with it.
    watched = h.deploy_and_create("case_if_part.cmmn", {"amount": 50}, key=key("watch")).id
    before = follows(h, watched)
    server.clock.advance(MINUTE)
    expect_error(lambda: h.modify(watched, {"amount": "many"}), REFUSED, "EXPRESSION_EVALUATION_FAILED")
    assert follows(h, watched) == before

    # A stage whose human task cannot be created: the stage stays enabled, no child is recorded.
    definition = deploy_staged(h)
    case = h.create(id=definition).id  # no worker: Work's assignee cannot be evaluated
    before = follows(h, case)
    expect_error(lambda: h.manual_start(before["PI_Later"].id), REFUSED, "EXPRESSION_EVALUATION_FAILED")
    assert follows(h, case) == before and sorted(before) == ["PI_Intake", "PI_Later"]

    # A case instance that cannot be created leaves no row.
    if_part_definition = h.case(watched).case_definition_id
    expect_error(lambda: h.create(id=if_part_definition, variables={"amount": "many"}), REFUSED,
                 "EXPRESSION_EVALUATION_FAILED")
    assert [r.case_instance_id for r in h.case_activities(case_definition_id=if_part_definition)] == [watched] * 2


# -- when the rows go ----------------------------------------------------------------------------


def _gone(h: CaseActivityHistory, case_id: str, row_ids: list[str]) -> None:
    assert h.count_case_activities(case_instance_id=case_id) == 0
    assert h.count_case_activities(case_activity_instance_id_in=row_ids) == 0
    for row_id in row_ids:
        failed = expect_error(lambda: h.case_activity(row_id), NOT_FOUND, "CASE_ACTIVITY_INSTANCE_NOT_FOUND")
        assert failed.info.metadata["id"] == row_id


def _closed(h: CaseActivityHistory, definition: str) -> tuple[str, list[str]]:
    """A case of case_three_items whose first task completed, then terminated and closed: its id
    and its rows' ids."""
    case = h.create(id=definition).id
    h.complete(h.case_tasks(case)[0].id)
    h.terminate_case(case)
    h.close_case(case)
    ids = [r.id for r in h.case_activities(case_instance_id=case)]
    assert len(ids) == 3
    return case, ids


def test_the_rows_stay_when_the_case_is_closed(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    case = h.deploy_and_create("case_stage.cmmn", {"withdrawn": False}, key=key("claims")).id
    h.complete(h.case_tasks(case)[0].id)
    h.complete(h.case_tasks(case)[0].id)  # Pay: the case completes
    assert h.case(case).state == CASE_STATE.STATE_COMPLETED
    before = follows(h, case)
    server.clock.advance(MINUTE)
    h.close_case(case)
    assert h.executions_of(case) == []  # the case executions are gone
    after = h.activities_of(case)
    assert after == before
    for row in after.values():
        assert h.case_activity(row.id) == row
    assert {a: case_activity_state(r) for a, r in after.items()} == {
        "PI_Assess": "COMPLETED", "PI_Pay": "COMPLETED", "PI_Inspect": "COMPLETED", "PI_SecondOpinion": "TERMINATED",
        "PI_Inspected": "COMPLETED"}


def test_deleting_a_closed_case_s_history_deletes_its_rows(api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    case_key = key("case")
    definition = h.case_definition_id(h.deploy_case("case_three_items.cmmn", key=case_key), case_key)
    ended, other = h.create(id=definition).id, h.create(id=definition).id
    h.terminate_case(ended)
    rows = follows(h, ended)
    # Not closed yet: refused, the rows stay.
    expect_error(lambda: h.history.DeleteHistoricCaseInstance(history_pb2.DeleteHistoricCaseInstanceRequest(
        id=ended)), REFUSED, "CASE_INSTANCE_NOT_CLOSED")
    assert follows(h, ended) == rows
    h.close_case(ended)
    h.history.DeleteHistoricCaseInstance(history_pb2.DeleteHistoricCaseInstanceRequest(id=ended))
    _gone(h, ended, [r.id for r in rows.values()])
    assert h.count_case_activities(case_instance_id=other) == 3


def test_the_cleanup_removes_the_rows_of_what_is_due(server, api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    due_key, kept_key = key("due"), key("kept")
    due_definition = h.case_definition_id(h.deploy_case(
        "case_three_items.cmmn", key=due_key,
        replace={'camunda:historyTimeToLive="P180D"': 'camunda:historyTimeToLive="P0D"'}), due_key)
    kept_definition = h.case_definition_id(h.deploy_case("case_three_items.cmmn", key=kept_key), kept_key)
    due, due_rows = _closed(h, due_definition)
    kept, kept_rows = _closed(h, kept_definition)
    terminated = h.create(id=due_definition).id
    h.terminate_case(terminated)  # due by its definition, but not closed: kept
    running_case = h.create(id=due_definition).id

    server.clock.advance(timedelta(seconds=1))
    h.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest(batch_size=10_000))
    _gone(h, due, due_rows)
    assert sorted(r.id for r in h.case_activities(case_instance_id=kept)) == sorted(kept_rows)
    assert h.count_case_activities(case_instance_id=terminated) == 3
    assert h.count_case_activities(case_instance_id=running_case) == 3


def test_deleting_a_deployment_removes_the_rows_of_its_cases(api) -> None:  # type: ignore[no-untyped-def]
    h = CaseActivityHistory(api)
    # With cascade: the running cases' and the closed cases' rows go.
    deployment = h.deploy_case("case_stage.cmmn", key=key("claims"))
    definition = deployment.definitions[0].id
    running_case = h.create(id=definition, variables={"withdrawn": False}).id
    running_rows = [r.id for r in h.case_activities(case_instance_id=running_case)]
    # Exits at once: terminated before its stage was activated, so without the stage's children.
    closed = h.create(id=definition, variables={"withdrawn": True}).id
    closed_rows = [r.id for r in follows(h, closed).values()]
    assert {a: case_activity_state(r) for a, r in h.activities_of(closed).items()} == {
        "PI_Assess": "TERMINATED", "PI_Pay": "TERMINATED"}
    h.close_case(closed)
    assert len(running_rows) == 5
    other_key = key("other")
    other = h.create(id=h.case_definition_id(h.deploy_case("case_three_items.cmmn", key=other_key), other_key)).id
    h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment.id, cascade=True))
    _gone(h, running_case, running_rows)
    _gone(h, closed, closed_rows)
    assert h.count_case_activities(case_instance_id=other) == 3

    # Without cascade (nothing runs): the closed cases' rows go.
    quiet_key = key("quiet")
    quiet = h.deploy_case("case_three_items.cmmn", key=quiet_key)
    done, done_rows = _closed(h, h.case_definition_id(quiet, quiet_key))
    h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=quiet.id))
    _gone(h, done, done_rows)
    assert h.count_case_activities(case_instance_id=other) == 3
