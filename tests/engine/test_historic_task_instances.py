"""The task history HistoryService keeps (HistoricTaskInstance): what is recorded when a user task
of a process or a human task of a case is created, how the row follows the calls that change the
task (its assignee, the fields UpdateTask sets), how it ends (completed, or deleted with its path
or case execution), that a refused call changes nothing, and when the rows go (with their
instance: DeleteHistoric*Instance, the cleanup, a deployment's deletion)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import grpc
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import deployment_pb2, history_pb2, job_pb2, message_pb2, process_definition_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import signal_pb2, task_pb2
from tests.engine.case_support import CASE_STATE, Cases
from tests.engine.history_support import TaskHistory, as_task, ending, task_fields, ts
from tests.engine.work_support import REVIEW_SUBPROCESS, calling, eventually, key, waiting
from tests.support import expect_error, unique

MINUTE = timedelta(minutes=1)
COMPLETED, DELETED = "completed", "deleted"
RUNNING = ("", None, None)
Instruction = pi.ModificationInstruction


def at(text: str) -> timestamp_pb2.Timestamp:
    return ts(datetime.fromisoformat(text).astimezone(timezone.utc))


def approval(process_key: str) -> str:
    """Start, the user task Approve (assignee, priority and dates from the model), the user task
    Archive, end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Approve" />
  <bpmn:userTask id="Approve" name="Approve the order" camunda:assignee="${{approver}}" camunda:priority="70"
      camunda:dueDate="${{due}}" camunda:followUpDate="2030-01-01T09:00:00Z" camunda:candidateUsers="carol" />
  <bpmn:sequenceFlow id="f2" sourceRef="Approve" targetRef="Archive" />
  <bpmn:userTask id="Archive" name="Archive the order" />
  <bpmn:sequenceFlow id="f3" sourceRef="Archive" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def guarded(process_key: str) -> str:
    """Start, the user task Review with an interrupting message boundary event (Withdrawn, to the
    user task Explain) and a non-interrupting signal one (Remind, to the user task Chase), end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" name="Review" />
  <bpmn:boundaryEvent id="Withdrawn" attachedToRef="Review">
    <bpmn:messageEventDefinition id="m1" messageRef="Msg" />
  </bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="Remind" cancelActivity="false" attachedToRef="Review">
    <bpmn:signalEventDefinition id="s1" signalRef="Sig" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f3" sourceRef="Withdrawn" targetRef="Explain" />
  <bpmn:userTask id="Explain" />
  <bpmn:sequenceFlow id="f4" sourceRef="Explain" targetRef="ExplainEnd" />
  <bpmn:endEvent id="ExplainEnd" />
  <bpmn:sequenceFlow id="f5" sourceRef="Remind" targetRef="Chase" />
  <bpmn:userTask id="Chase" />
  <bpmn:sequenceFlow id="f6" sourceRef="Chase" targetRef="ChaseEnd" />
  <bpmn:endEvent id="ChaseEnd" />
</bpmn:process>
<bpmn:message id="Msg" name="{process_key}-withdrawn" />
<bpmn:signal id="Sig" name="{process_key}-remind" />
"""


def two_in_a_row(process_key: str) -> str:
    """Start, the user tasks Draft and Sign, end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Draft" />
  <bpmn:userTask id="Draft" />
  <bpmn:sequenceFlow id="f2" sourceRef="Draft" targetRef="Sign" />
  <bpmn:userTask id="Sign" />
  <bpmn:sequenceFlow id="f3" sourceRef="Sign" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def only(h: TaskHistory, **filters: Any) -> history_pb2.HistoricTaskInstance:
    """The one historic task instance the filters find."""
    [found] = h.historic_tasks(**filters)
    return found


def of_instance(h: TaskHistory, instance_id: str) -> dict[str, history_pb2.HistoricTaskInstance]:
    """The instance's historic task instances by task definition key (each created once)."""
    rows = h.historic_tasks(process_instance_id=instance_id)
    assert len({r.task_definition_key for r in rows}) == len(rows)
    return {r.task_definition_key: r for r in rows}


def reasons(h: TaskHistory, **filters: Any) -> dict[str, str]:
    """Task definition key -> delete reason ('' while running) of the tasks found."""
    return {r.task_definition_key: r.delete_reason for r in h.historic_tasks(**filters)}


def task_at(h: TaskHistory, instance_id: str, activity_id: str) -> task_pb2.Task:
    [found] = [t for t in h.tasks_of(instance_id) if t.task_definition_key == activity_id]
    return found


# -- what a process's user task records ---------------------------------------------------------


def test_a_user_task_is_recorded_with_its_task_s_fields_when_it_is_created(server, api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key, tenant, approver = key("approval"), unique("tenant"), unique("alice")
    definition = h.deploy_inline(process_key, approval(process_key), tenant)
    started = server.clock.now()
    instance = h.start_id(definition, {"approver": approver, "due": "2031-02-03T04:05:06.000+0200"})
    [task] = h.tasks_of(instance)
    [approve] = h.passes_at(instance, "Approve")

    row = only(h, process_instance_id=instance)
    assert as_task(row) == task_fields(task) == task_fields(h.task(task.id))
    assert (row.id, row.name, row.description, row.task_definition_key, row.priority) == (
        task.id, "Approve the order", "", "Approve", 70)
    assert (row.assignee, row.due, row.follow_up) == (approver, at("2031-02-03T02:05:06+00:00"),
                                                      at("2030-01-01T09:00:00+00:00"))
    assert (row.start_time, row.tenant_id) == (ts(started), tenant)
    assert (row.process_definition_key, row.process_definition_id, row.process_instance_id) == (
        process_key, definition, instance)
    assert (row.execution_id, row.activity_instance_id) == (task.execution_id, approve.id)
    assert approve.task_id == task.id
    assert (row.case_definition_key, row.case_definition_id, row.case_instance_id, row.case_execution_id) == (
        "", "", "", "")
    # Running: no end, no duration, no delete reason.
    assert ending(row) == RUNNING
    assert h.historic_task(task.id) == row
    assert h.count_historic_tasks(process_instance_id=instance) == 1


def test_a_task_without_name_assignee_or_dates_is_recorded_with_none(api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key = key("plain")
    instance = h.start_id(h.deploy_inline(process_key, waiting(process_key)))
    [task] = h.tasks_of(instance)
    row = h.historic_task(task.id)
    assert (row.name, row.description, row.assignee, row.priority, row.tenant_id) == ("", "", "", 50, "")
    assert not row.HasField("due") and not row.HasField("follow_up")
    assert as_task(row) == task_fields(task)


def test_the_row_follows_the_assignee_and_the_fields_update_task_sets(server, api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key, approver = key("followed"), unique("alice")
    instance = h.start_id(h.deploy_inline(process_key, approval(process_key)),
                          {"approver": approver, "due": "2031-02-03T04:05:06Z"})
    [task] = h.tasks_of(instance)
    started = h.historic_task(task.id).start_time

    def row() -> history_pb2.HistoricTaskInstance:
        found = h.historic_task(task.id)
        assert as_task(found) == task_fields(h.task(task.id))  # always what the task has now
        assert (found.start_time, ending(found)) == (started, RUNNING)
        return found

    server.clock.advance(MINUTE)
    h.unclaim(task.id)
    assert row().assignee == ""
    assert h.count_historic_tasks(process_instance_id=instance, unassigned=True) == 1
    h.claim(task.id, "bob")
    assert row().assignee == "bob"
    h.claim(task.id, "bob")  # claiming one's own task again: no change
    assert row().assignee == "bob"
    h.set_assignee(task.id, "carol")
    assert row().assignee == "carol"
    h.set_assignee(task.id, "")
    assert row().assignee == ""
    assert h.count_historic_tasks(task_id=task.id, unassigned=True) == 1
    assert h.count_historic_tasks(task_id=task.id, assigned=True) == 0
    h.set_assignee(task.id, "dave")
    assert h.count_historic_tasks(task_id=task.id, task_assignee="dave", assigned=True) == 1

    h.update_task(task_pb2.Task(id=task.id, name="Check the invoice", description="Compare with the order",
                                priority=90, due=at("2032-02-03T04:05:06+00:00"),
                                follow_up=at("2032-01-31T08:00:00+00:00"), assignee="ignored"),
                  "name", "description", "priority", "due", "follow_up")
    updated = row()
    assert (updated.name, updated.description, updated.priority, updated.assignee) == (
        "Check the invoice", "Compare with the order", 90, "dave")
    assert (updated.due, updated.follow_up) == (at("2032-02-03T04:05:06+00:00"), at("2032-01-31T08:00:00+00:00"))
    h.update_task(task_pb2.Task(id=task.id, priority=7), "priority")
    assert (row().priority, row().name) == (7, "Check the invoice")  # the other fields stay
    # A named field left unset is cleared; priority takes the 0 given.
    h.update_task(task_pb2.Task(id=task.id), "name", "description", "due", "follow_up", "priority")
    cleared = row()
    assert (cleared.name, cleared.description, cleared.priority, cleared.assignee) == ("", "", 0, "dave")
    assert not cleared.HasField("due") and not cleared.HasField("follow_up")
    assert (cleared.task_definition_key, cleared.execution_id) == ("Approve", task.execution_id)
    # Cleared is none, as a task that never had one: no like pattern matches it.
    for like in ("task_name_like", "task_description_like"):
        assert h.count_historic_tasks(task_id=task.id, **{like: "%"}) == 0, like
    assert h.count_historic_tasks(task_id=task.id, without_task_due_date=True) == 1


def test_complete_task_ends_the_row_completed_with_its_last_assignee(server, api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key, approver = key("completed"), unique("alice")
    instance = h.start_id(h.deploy_inline(process_key, approval(process_key)),
                          {"approver": approver, "due": "2031-02-03T04:05:06Z"})
    [task] = h.tasks_of(instance)
    created = server.clock.now()
    server.clock.advance(MINUTE)
    h.set_assignee(task.id, "bob")
    h.update_task(task_pb2.Task(id=task.id, description="done soon"), "description")
    done = server.clock.advance(2 * MINUTE)
    h.complete(task.id, {"approved": True})

    row = h.historic_task(task.id)
    assert ending(row) == (COMPLETED, ts(done), done - created)
    assert row.duration.ToTimedelta() == row.end_time.ToDatetime() - row.start_time.ToDatetime()
    assert (row.assignee, row.description, row.start_time, row.priority) == ("bob", "done soon", ts(created), 70)
    expect_error(lambda: h.task(task.id), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")  # the task is gone

    # The next task has a row of its own, running, created by the same call.
    archive = task_at(h, instance, "Archive")
    nxt = h.historic_task(archive.id)
    assert (as_task(nxt), nxt.start_time, ending(nxt)) == (task_fields(archive), ts(done), RUNNING)
    assert nxt.activity_instance_id == h.passes_at(instance, "Archive")[0].id
    finished = server.clock.advance(MINUTE)
    h.complete(archive.id)
    assert h.instance(instance).ended
    assert reasons(h, process_instance_id=instance) == {"Approve": COMPLETED, "Archive": COMPLETED}
    assert ending(h.historic_task(archive.id)) == (COMPLETED, ts(finished), MINUTE)
    # An ended row changes no more.
    assert h.historic_task(task.id) == row


def test_a_task_created_and_cancelled_by_one_call_is_one_deleted_row(server, api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key = key("oneshot")
    instance = h.start_id(h.deploy_inline(process_key, two_in_a_row(process_key)))
    now = server.clock.advance(MINUTE)
    h.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(process_instance_id=instance, instructions=[
        Instruction(type=Instruction.TYPE_START_BEFORE_ACTIVITY, activity_id="Sign"),
        Instruction(type=Instruction.TYPE_CANCEL, activity_id="Sign"),
    ]))
    [sign_pass] = h.passes_at(instance, "Sign")
    assert sign_pass.canceled and sign_pass.task_id
    sign = h.historic_task(sign_pass.task_id)
    assert (sign.task_definition_key, sign.activity_instance_id, sign.start_time) == ("Sign", sign_pass.id, ts(now))
    assert ending(sign) == (DELETED, ts(now), timedelta(0))
    assert reasons(h, process_instance_id=instance) == {"Draft": "", "Sign": DELETED}


def test_the_row_follows_its_task_to_a_new_execution(api) -> None:  # type: ignore[no-untyped-def]
    """A second path started beside a scope's only path moves that path, its task with it, to a
    new execution: the row's execution_id follows, also for a task the same call created."""
    h = TaskHistory(api)
    process_key = key("moved")
    definition = h.deploy_inline(process_key, two_in_a_row(process_key))
    instance = h.start_id(definition)
    draft = task_at(h, instance, "Draft")
    assert h.historic_task(draft.id).execution_id == instance
    h.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(process_instance_id=instance, instructions=[
        Instruction(type=Instruction.TYPE_START_BEFORE_ACTIVITY, activity_id="Sign")]))
    moved = task_at(h, instance, "Draft")
    assert moved.id == draft.id and moved.execution_id != instance
    for task in h.tasks_of(instance):
        assert h.historic_task(task.id).execution_id == task.execution_id, task.task_definition_key

    # Sign is created on the instance's execution, then moved by the next instruction.
    other = h.start_id(definition)
    h.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(process_instance_id=other, instructions=[
        Instruction(type=Instruction.TYPE_CANCEL, activity_id="Draft"),
        Instruction(type=Instruction.TYPE_START_BEFORE_ACTIVITY, activity_id="Sign"),
        Instruction(type=Instruction.TYPE_START_BEFORE_ACTIVITY, activity_id="Draft"),
    ]))
    running = {t.task_definition_key: t for t in h.tasks_of(other)}
    assert sorted(running) == ["Draft", "Sign"] and running["Sign"].execution_id != other
    for task in running.values():
        row = h.historic_task(task.id)
        assert (row.execution_id, ending(row)) == (task.execution_id, RUNNING), task.task_definition_key
    assert h.count_historic_tasks(process_instance_id=other) == 3


def test_a_task_the_job_executor_creates_is_recorded(api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key = key("async")
    instance = h.start_id(h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" name="Review later" camunda:asyncBefore="true" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""))
    [task] = eventually(lambda: h.tasks_of(instance), what="the job executor to create the task")
    row = h.historic_task(task.id)
    assert (as_task(row), ending(row)) == (task_fields(task), RUNNING)
    assert row.activity_instance_id == h.passes_at(instance, "Review")[0].id


# -- removals: the row ends deleted -------------------------------------------------------------


def test_an_interrupting_boundary_event_deletes_the_task(server, api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key = key("guarded")
    instance = h.start_id(h.deploy_inline(process_key, guarded(process_key)))
    review = task_at(h, instance, "Review")
    [review_pass] = h.passes_at(instance, "Review")
    # An activity with boundary events is a scope: its activity instance is named after it.
    row = h.historic_task(review.id)
    assert row.activity_instance_id == review_pass.id == f"Review:{review.execution_id}"

    # The non-interrupting one leaves the task running (and makes one of its own).
    h.signals.BroadcastSignal(signal_pb2.BroadcastSignalRequest(name=f"{process_key}-remind"))
    assert reasons(h, process_instance_id=instance) == {"Review": "", "Chase": ""}
    withdrawn = server.clock.advance(MINUTE)
    h.messages.CorrelateMessage(message_pb2.CorrelateMessageRequest(
        message_name=f"{process_key}-withdrawn", process_instance_id=instance))
    assert reasons(h, process_instance_id=instance) == {"Review": DELETED, "Chase": "", "Explain": ""}
    row = h.historic_task(review.id)
    assert ending(row)[:2] == (DELETED, ts(withdrawn)) and row.assignee == ""
    assert not h.instance(instance).ended  # the instance goes on


def test_a_timer_boundary_event_run_by_its_job_deletes_the_task(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    quiet = fresh_server(server.backend, background=False)
    h = TaskHistory(quiet.api())
    process_key = key("timed")
    instance = h.start_id(h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" camunda:assignee="ann" />
  <bpmn:boundaryEvent id="Late" attachedToRef="Review">
    <bpmn:timerEventDefinition id="t1"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f3" sourceRef="Late" targetRef="Escalate" />
  <bpmn:userTask id="Escalate" />
  <bpmn:sequenceFlow id="f4" sourceRef="Escalate" targetRef="Escalated" />
  <bpmn:endEvent id="Escalated" />
</bpmn:process>
"""))
    review = task_at(h, instance, "Review")
    [timer] = h.jobs_of(instance)
    fired = quiet.clock.advance(timedelta(hours=1))
    h.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=timer.id))
    rows = of_instance(h, instance)
    assert rows["Review"].id == review.id
    assert ending(rows["Review"]) == (DELETED, ts(fired), timedelta(hours=1))
    assert rows["Review"].assignee == "ann"
    escalate = task_at(h, instance, "Escalate")
    assert (rows["Escalate"].id, rows["Escalate"].start_time, ending(rows["Escalate"])) == (
        escalate.id, ts(fired), RUNNING)


def test_modify_process_instance_cancel_deletes_the_task(server, api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key = key("modified")
    instance = h.start_id(h.deploy_inline(process_key, two_in_a_row(process_key)))
    draft = task_at(h, instance, "Draft")
    h.claim(draft.id, "ann")
    cancelled = server.clock.advance(MINUTE)
    h.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(process_instance_id=instance, instructions=[
        Instruction(type=Instruction.TYPE_CANCEL, activity_id="Draft"),
        Instruction(type=Instruction.TYPE_START_BEFORE_ACTIVITY, activity_id="Sign"),
    ]))
    rows = of_instance(h, instance)
    assert (ending(rows["Draft"])[:2], rows["Draft"].assignee) == ((DELETED, ts(cancelled)), "ann")
    assert (rows["Sign"].id, ending(rows["Sign"])) == (task_at(h, instance, "Sign").id, RUNNING)
    [sign_pass] = h.passes_at(instance, "Sign")
    assert rows["Sign"].activity_instance_id == sign_pass.id

    # Cancelling the last path cancels the instance: its task goes deleted too.
    h.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=instance, instructions=[Instruction(type=Instruction.TYPE_CANCEL, activity_id="Sign")]))
    assert h.instance(instance).ended
    assert reasons(h, process_instance_id=instance) == {"Draft": DELETED, "Sign": DELETED}


def test_deleting_the_instance_deletes_its_tasks_and_the_rows_stay(server, api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key = key("deleted")
    instance = h.start_id(h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Sub" />
{REVIEW_SUBPROCESS}  <bpmn:sequenceFlow id="f2" sourceRef="Sub" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""))
    legal, finance = task_at(h, instance, "Legal"), task_at(h, instance, "Finance")
    h.complete(finance.id)
    deleted = server.clock.advance(MINUTE)
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance, reason="not needed"))
    assert h.instance(instance).ended
    rows = of_instance(h, instance)
    # The delete reason is the task's, not the instance's.
    assert ending(rows["Legal"])[:2] == (DELETED, ts(deleted))
    assert rows["Finance"].delete_reason == COMPLETED
    assert (rows["Legal"].execution_id, rows["Legal"].activity_instance_id) == (
        legal.execution_id, h.passes_at(instance, "Legal")[0].id)
    assert h.historic_task(legal.id) == rows["Legal"]
    assert h.count_historic_tasks(process_instance_id=instance, finished=True) == 2


def test_a_terminate_end_event_and_a_cancelled_call_delete_the_tasks_they_remove(api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key = key("terminate")
    instance = h.start_id(h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Long" />
  <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="Quick" />
  <bpmn:userTask id="Long" />
  <bpmn:userTask id="Quick" />
  <bpmn:sequenceFlow id="f4" sourceRef="Long" targetRef="End" />
  <bpmn:sequenceFlow id="f5" sourceRef="Quick" targetRef="Stop" />
  <bpmn:endEvent id="End" />
  <bpmn:endEvent id="Stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
</bpmn:process>
"""))
    h.complete(task_at(h, instance, "Quick").id)
    assert h.instance(instance).ended
    assert reasons(h, process_instance_id=instance) == {"Long": DELETED, "Quick": COMPLETED}

    # The instance a call activity started ends with the caller: its task is deleted.
    child_key, parent_key = key("child"), key("parent")
    h.deploy_inline(child_key, waiting(child_key))
    parent = h.start_id(h.deploy_inline(parent_key, calling(parent_key, child_key)))
    [child] = h.instances.QueryProcessInstances(
        pi.QueryProcessInstancesRequest(super_process_instance_id=parent)).process_instances
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=parent))
    row = only(h, process_instance_id=child.id)
    assert (row.task_definition_key, row.delete_reason, row.process_definition_key) == ("Review", DELETED, child_key)
    assert h.count_historic_tasks(process_instance_id=parent) == 0


# -- a case's human task ------------------------------------------------------------------------


def test_a_case_s_human_task_is_recorded_follows_and_completes(server, api) -> None:  # type: ignore[no-untyped-def]
    h, cases = TaskHistory(api), Cases(api)
    case_key, tenant = key("case"), unique("tenant")
    definition = cases.case_definition_id(cases.deploy_case("case_three_items.cmmn", key=case_key, tenant=tenant),
                                          case_key)
    created = server.clock.now()
    case = cases.create(id=definition).id
    [task] = cases.case_tasks(case)
    check = cases.execution(case, "PI_CheckApplication")
    row = only(h, case_instance_id=case)
    assert as_task(row) == task_fields(task)
    assert (row.id, row.name, row.assignee, row.priority, row.task_definition_key) == (
        task.id, "Check application", "demo", 70, task.task_definition_key)
    assert (row.case_definition_key, row.case_definition_id, row.case_instance_id) == (case_key, definition, case)
    # A human task's activity instance is its case execution.
    assert (row.case_execution_id, row.activity_instance_id) == (check.id, check.id)
    assert (row.process_definition_key, row.process_definition_id, row.process_instance_id, row.execution_id) == (
        "", "", "", "")
    assert (row.start_time, row.tenant_id, ending(row)) == (ts(created), tenant, RUNNING)

    server.clock.advance(MINUTE)
    h.claim(task.id, "demo")
    h.set_assignee(task.id, "erin")
    h.update_task(task_pb2.Task(id=task.id, description="with care", priority=12), "description", "priority")
    row = h.historic_task(task.id)
    assert (row.assignee, row.description, row.priority) == ("erin", "with care", 12)
    assert as_task(row) == task_fields(h.task(task.id))
    done = server.clock.advance(MINUTE)
    h.complete(task.id)
    row = h.historic_task(task.id)
    assert ending(row) == (COMPLETED, ts(done), 2 * MINUTE) and row.assignee == "erin"

    # The next human task (entered by the sentry) completes through its case execution.
    [decide] = cases.case_tasks(case)
    assert (h.historic_task(decide.id).start_time, ending(h.historic_task(decide.id))) == (ts(done), RUNNING)
    decided = server.clock.advance(MINUTE)
    cases.complete_execution(cases.execution(case, "PI_Decide").id)
    assert ending(h.historic_task(decide.id)) == (COMPLETED, ts(decided), MINUTE)
    assert h.count_historic_tasks(case_instance_id=case, finished=True) == 2
    # Closing the case keeps its task history.
    if cases.case(case).state == CASE_STATE.STATE_ACTIVE:
        cases.complete_case(case)
    cases.close_case(case)
    assert {r.id: r.delete_reason for r in h.historic_tasks(case_instance_id=case)} == {
        task.id: COMPLETED, decide.id: COMPLETED}


def test_terminating_a_human_task_s_execution_or_its_case_deletes_the_task(server, api) -> None:  # type: ignore[no-untyped-def]
    h, cases = TaskHistory(api), Cases(api)
    case_key = key("case")
    definition = cases.case_definition_id(cases.deploy_case("case_three_items.cmmn", key=case_key), case_key)

    # The human task's case execution is terminated.
    first = cases.create(id=definition).id
    [task] = cases.case_tasks(first)
    terminated = server.clock.advance(MINUTE)
    cases.terminate_execution(cases.execution(first, "PI_CheckApplication").id)
    assert ending(h.historic_task(task.id))[:2] == (DELETED, ts(terminated))
    assert cases.case_tasks(first) == []  # and Decide never entered: no row
    assert h.count_historic_tasks(case_instance_id=first) == 1

    # The case instance is terminated.
    second = cases.create(id=definition).id
    [task] = cases.case_tasks(second)
    cases.terminate_case(second)
    assert reasons(h, case_instance_id=second) == {task.task_definition_key: DELETED}

    # The case plan model's exit criterion exits the case (withdrawn): its task goes deleted.
    claims = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False}, key=key("claims")).id
    [inspect] = cases.case_tasks(claims)
    assert (inspect.name, h.historic_task(inspect.id).assignee) == ("Inspect damage", "inspector")
    exited = server.clock.advance(MINUTE)
    cases.modify(claims, {"withdrawn": True})
    assert ending(h.historic_task(inspect.id))[:2] == (DELETED, ts(exited))
    assert h.historic_task(inspect.id).activity_instance_id == h.historic_task(inspect.id).case_execution_id

    # A terminated stage ends the human tasks in it.
    staged = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False}, key=key("claims")).id
    [inspect] = cases.case_tasks(staged)
    cases.terminate_execution(cases.execution(staged, "PI_Assess").id)
    assert (cases.states(staged)["PI_Inspect"], h.historic_task(inspect.id).delete_reason) == ("TERMINATED", DELETED)


def test_a_process_a_case_started_keeps_its_own_task_history(api) -> None:  # type: ignore[no-untyped-def]
    """A process task's process instance has user tasks of a process: process fields, no case
    fields; the case's termination deletes the instance, and its task."""
    h, cases = TaskHistory(api), Cases(api)
    deployment = cases.deploy_case("case_process_task.cmmn", key=key("publish"),
                                   extra=("case_review_process.bpmn", "case_instant_process.bpmn"))
    business_key = unique("document")
    case = cases.create(id=next(d.id for d in deployment.definitions if d.kind == "case"),
                        variables={"documentId": business_key, "document": "draft"}).id
    [child] = h.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        business_key=business_key, process_definition_key="case_review_process")).process_instances
    [task] = h.tasks_of(child.id)
    row = h.historic_task(task.id)
    assert (row.process_instance_id, row.process_definition_key, row.assignee) == (
        child.id, "case_review_process", "reviewer")
    assert (row.case_instance_id, row.case_execution_id, row.case_definition_id) == ("", "", "")
    assert h.count_historic_tasks(case_instance_id=case) == 0  # the case's own human task is not entered yet
    cases.terminate_case(case)
    assert h.historic_task(task.id).delete_reason == DELETED


# -- a refused call changes nothing --------------------------------------------------------------


def test_a_refused_call_changes_nothing(server, api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key = key("refused")
    instance = h.start_id(h.deploy_inline(process_key, approval(process_key)),
                          {"approver": "carol", "due": "2031-02-03T04:05:06Z"})
    [task] = h.tasks_of(instance)
    before = h.historic_task(task.id)
    server.clock.advance(MINUTE)
    failed = expect_error(lambda: h.claim(task.id, "bob"), grpc.StatusCode.FAILED_PRECONDITION,
                          "TASK_ALREADY_CLAIMED")
    assert failed.info.metadata["assignee"] == "carol"  # names the holder
    expect_error(lambda: h.update_task(task_pb2.Task(id=task.id, name="x", priority=1), "name", "priority",
                                       "assignee"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    expect_error(lambda: h.update_task(task_pb2.Task(id=task.id, name="x" * 256), "name"),
                 grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    expect_error(lambda: h.set_assignee(task.id, "x" * 256), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    expect_error(lambda: h.complete(task.id, {"bad": ("x", "Integer")}), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_VARIABLE_VALUE")
    h.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    for call in (lambda: h.set_assignee(task.id, "bob"), lambda: h.unclaim(task.id), lambda: h.complete(task.id),
                 lambda: h.update_task(task_pb2.Task(id=task.id, priority=1), "priority")):
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    assert h.historic_task(task.id) == before
    assert h.count_historic_tasks(process_instance_id=instance) == 1
    h.instances.ActivateProcessInstance(pi.ActivateProcessInstanceRequest(id=instance))


def test_a_completion_that_fails_on_the_way_on_leaves_the_task_running(api) -> None:  # type: ignore[no-untyped-def]
    """The paths after the task fork: one reaches the user task Side, the other a condition that
    cannot be evaluated. The call is undone, the history with it: the row runs on, and Side has
    none."""
    h = TaskHistory(api)
    process_key = key("undone")
    instance = h.start_id(h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="Side" />
  <bpmn:userTask id="Side" />
  <bpmn:sequenceFlow id="f4" sourceRef="Side" targetRef="SideEnd" />
  <bpmn:endEvent id="SideEnd" />
  <bpmn:sequenceFlow id="f5" sourceRef="Fork" targetRef="Decide" />
  <bpmn:exclusiveGateway id="Decide" />
  <bpmn:sequenceFlow id="f6" sourceRef="Decide" targetRef="End">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{missing &gt; 1}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:endEvent id="End" />
</bpmn:process>
"""))
    review = task_at(h, instance, "Review")
    h.set_assignee(review.id, "ann")
    before = h.historic_task(review.id)
    expect_error(lambda: h.complete(review.id), grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert h.historic_task(review.id) == before and ending(before) == RUNNING
    assert reasons(h, process_instance_id=instance) == {"Review": ""}
    assert [t.task_definition_key for t in h.tasks_of(instance)] == ["Review"]


# -- when the rows go ---------------------------------------------------------------------------


def _gone(h: TaskHistory, task_ids: list[str], **filters: Any) -> None:
    assert h.count_historic_tasks(**filters) == 0
    for task_id in task_ids:
        failed = expect_error(lambda: h.historic_task(task_id), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
        assert failed.info.metadata["id"] == task_id


def _ended(h: TaskHistory, definition: str) -> tuple[str, list[str]]:
    """An instance of ``two_in_a_row`` whose Draft was completed and Sign deleted: its id and its
    tasks' ids."""
    instance = h.start_id(definition)
    draft = task_at(h, instance, "Draft")
    h.complete(draft.id)
    sign = task_at(h, instance, "Sign")
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    assert reasons(h, process_instance_id=instance) == {"Draft": COMPLETED, "Sign": DELETED}
    return instance, [draft.id, sign.id]


def test_deleting_a_process_instance_s_history_deletes_its_task_history(api) -> None:  # type: ignore[no-untyped-def]
    h = TaskHistory(api)
    process_key = key("purged")
    definition = h.deploy_inline(process_key, two_in_a_row(process_key))
    instance, tasks = _ended(h, definition)
    running = h.start_id(definition)
    [waiting_task] = h.tasks_of(running)
    # A running instance's history cannot be deleted: its rows stay.
    expect_error(lambda: h.history.DeleteHistoricProcessInstance(
        history_pb2.DeleteHistoricProcessInstanceRequest(id=running)), grpc.StatusCode.FAILED_PRECONDITION,
        "INSTANCE_RUNNING")
    h.history.DeleteHistoricProcessInstance(history_pb2.DeleteHistoricProcessInstanceRequest(id=instance))
    _gone(h, tasks, process_instance_id=instance)
    assert [r.id for r in h.historic_tasks(process_instance_id=running)] == [waiting_task.id]


def test_deleting_a_closed_case_s_history_deletes_its_task_history(api) -> None:  # type: ignore[no-untyped-def]
    h, cases = TaskHistory(api), Cases(api)
    case_key = key("case")
    definition = cases.case_definition_id(cases.deploy_case("case_three_items.cmmn", key=case_key), case_key)
    closed, other = cases.create(id=definition).id, cases.create(id=definition).id
    [task] = cases.case_tasks(closed)
    h.complete(task.id)
    [decide] = cases.case_tasks(closed)
    cases.terminate_case(closed)
    assert h.count_historic_tasks(case_instance_id=closed) == 2
    # Not closed yet: refused, the rows stay.
    expect_error(lambda: h.history.DeleteHistoricCaseInstance(history_pb2.DeleteHistoricCaseInstanceRequest(
        id=closed)), grpc.StatusCode.FAILED_PRECONDITION, "CASE_INSTANCE_NOT_CLOSED")
    assert reasons(h, case_instance_id=closed) == {task.task_definition_key: COMPLETED,
                                                    decide.task_definition_key: DELETED}
    cases.close_case(closed)
    h.history.DeleteHistoricCaseInstance(history_pb2.DeleteHistoricCaseInstanceRequest(id=closed))
    _gone(h, [task.id, decide.id], case_instance_id=closed)
    assert h.count_historic_tasks(case_instance_id=other) == 1


def test_the_cleanup_removes_the_task_history_of_what_is_due(server, api) -> None:  # type: ignore[no-untyped-def]
    h, cases = TaskHistory(api), Cases(api)
    short_key, long_key = key("short"), key("long")
    short = h.deploy_inline(short_key, two_in_a_row(short_key).replace('historyTimeToLive="180"',
                                                                       'historyTimeToLive="0"'))
    long = h.deploy_inline(long_key, two_in_a_row(long_key))
    due, due_tasks = _ended(h, short)
    kept, kept_tasks = _ended(h, long)
    running = h.start_id(short)  # due by its definition, but running: not the cleanup's
    case_key = key("case")
    case_definition = cases.case_definition_id(cases.deploy_case(
        "case_three_items.cmmn", key=case_key,
        replace={'camunda:historyTimeToLive="P180D"': 'camunda:historyTimeToLive="P0D"'}), case_key)
    closed, open_case = cases.create(id=case_definition).id, cases.create(id=case_definition).id
    [case_task] = cases.case_tasks(closed)
    cases.terminate_case(closed)
    cases.close_case(closed)
    cases.terminate_case(open_case)  # terminated, not closed: kept

    server.clock.advance(timedelta(seconds=1))
    h.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest(batch_size=10_000))
    _gone(h, due_tasks, process_instance_id=due)
    _gone(h, [case_task.id], case_instance_id=closed)
    assert sorted(r.id for r in h.historic_tasks(process_instance_id=kept)) == sorted(kept_tasks)
    assert h.count_historic_tasks(process_instance_id=running) == 1
    assert h.count_historic_tasks(case_instance_id=open_case) == 1


def test_deleting_a_deployment_with_cascade_removes_its_task_history(api) -> None:  # type: ignore[no-untyped-def]
    h, cases = TaskHistory(api), Cases(api)
    process_key = key("cascade")
    definition = h.deploy_inline(process_key, two_in_a_row(process_key))
    ended, ended_tasks = _ended(h, definition)
    running = h.start_id(definition)
    [running_task] = h.tasks_of(running)
    other_key = key("other")
    other = h.start_id(h.deploy_inline(other_key, two_in_a_row(other_key)))
    case_deployment = cases.deploy_case("case_three_items.cmmn", key=key("case"))
    case = cases.create(id=case_deployment.definitions[0].id).id
    [case_task] = cases.case_tasks(case)
    process_deployment = h.definitions.GetProcessDefinition(
        process_definition_pb2.GetProcessDefinitionRequest(id=definition)).process_definition.deployment_id
    for deployment_id in (process_deployment, case_deployment.id):
        h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment_id, cascade=True))
    _gone(h, ended_tasks, process_instance_id=ended)
    _gone(h, [running_task.id], process_instance_id=running)
    _gone(h, [case_task.id], case_instance_id=case)
    assert h.count_historic_tasks(process_instance_id=other) == 1

    # Without cascade (nothing runs): the ended instances' and the closed cases' task history goes.
    quiet_key = key("quiet")
    quiet = h.deploy_inline(quiet_key, two_in_a_row(quiet_key))
    done, done_tasks = _ended(h, quiet)
    closed_deployment = cases.deploy_case("case_three_items.cmmn", key=key("case"))
    closed = cases.create(id=closed_deployment.definitions[0].id).id
    [closed_task] = cases.case_tasks(closed)
    cases.terminate_case(closed)
    cases.close_case(closed)
    quiet_deployment = h.definitions.GetProcessDefinition(
        process_definition_pb2.GetProcessDefinitionRequest(id=quiet)).process_definition.deployment_id
    for deployment_id in (quiet_deployment, closed_deployment.id):
        h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment_id))
    _gone(h, done_tasks, process_instance_id=done)
    _gone(h, [closed_task.id], case_instance_id=closed)
