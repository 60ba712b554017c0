"""The external task log HistoryService keeps (HistoricExternalTaskLog): the entry written when an
external task is created, each failure a worker reports (and a BPMN error nothing caught), its
success (a completion, or a BPMN error that was caught), its deletion with its path (the deletion
of its instance, a modification, an interrupting event, a terminate end event); the entries of
one task in the order they occurred, the task's execution as it was then; a task older than the
log; that a refused call writes nothing; and when the entries go (with their instance:
DeleteHistoricProcessInstance, the cleanup, a deployment's deletion)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import grpc
from sqlalchemy import delete, update

from flowkeeper.engine.v1 import deployment_pb2, execution_pb2
from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.engine.v1 import history_pb2, job_pb2, message_pb2, process_definition_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import signal_pb2
from server.engine.models import ExternalTask, HistoricExternalTaskLog
from tests.engine.failure_support import incidents_of
from tests.engine.history_support import ExternalTaskLogs, log_kind, retries_of, ts
from tests.engine.support import typed
from tests.engine.work_support import calling, eventually, key, one_task, seconds, with_boundary
from tests.support import expect_error, unique

MINUTE = timedelta(minutes=1)
Instruction = pi.ModificationInstruction
CREATED = ("created", "", None, "")


def cancel(activity_id: str) -> Instruction:
    return Instruction(type=Instruction.TYPE_CANCEL, activity_id=activity_id)


def start_before(activity_id: str) -> Instruction:
    return Instruction(type=Instruction.TYPE_START_BEFORE_ACTIVITY, activity_id=activity_id)


def deploy(h: ExternalTaskLogs, body: Any = one_task, tenant: str = "", **options: Any) -> tuple[str, str, str]:
    """A process ``body(process_key, topic, **options)`` on a topic of its own: (definition id,
    process key, topic)."""
    process_key, topic = key("logged"), unique("topic")
    return h.deploy_inline(process_key, body(process_key, topic, **options), tenant), process_key, topic


def the_task(h: ExternalTaskLogs, instance_id: str, activity_id: str = "Work") -> et.ExternalTask:
    [task] = [t for t in h.external_tasks(process_instance_id=instance_id) if t.activity_id == activity_id]
    return task


def guarded(process_key: str, topic: str) -> str:
    """Start, the external task Work with an interrupting message boundary event (Withdrawn, to
    the end WithdrawnEnd) and a non-interrupting signal one (Remind, to the user task Chase),
    the user task After, end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:boundaryEvent id="Withdrawn" attachedToRef="Work">
    <bpmn:messageEventDefinition id="m1" messageRef="Msg" />
  </bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="Remind" cancelActivity="false" attachedToRef="Work">
    <bpmn:signalEventDefinition id="s1" signalRef="Sig" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="After" />
  <bpmn:userTask id="After" />
  <bpmn:sequenceFlow id="f3" sourceRef="After" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f4" sourceRef="Withdrawn" targetRef="WithdrawnEnd" />
  <bpmn:endEvent id="WithdrawnEnd" />
  <bpmn:sequenceFlow id="f5" sourceRef="Remind" targetRef="Chase" />
  <bpmn:userTask id="Chase" />
  <bpmn:sequenceFlow id="f6" sourceRef="Chase" targetRef="ChaseEnd" />
  <bpmn:endEvent id="ChaseEnd" />
</bpmn:process>
<bpmn:message id="Msg" name="{process_key}-withdrawn" />
<bpmn:signal id="Sig" name="{process_key}-remind" />
"""


def payment(process_key: str, topic: str) -> str:
    """Start, the external task Work with an error boundary event for PAYMENT_DECLINED (to the
    user task HandleDeclined), the user task After, end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:boundaryEvent id="Declined" attachedToRef="Work">
    <bpmn:errorEventDefinition id="e1" errorRef="Error_1" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="After" />
  <bpmn:userTask id="After" />
  <bpmn:sequenceFlow id="f3" sourceRef="After" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f4" sourceRef="Declined" targetRef="HandleDeclined" />
  <bpmn:userTask id="HandleDeclined" />
  <bpmn:sequenceFlow id="f5" sourceRef="HandleDeclined" targetRef="DeclinedEnd" />
  <bpmn:endEvent id="DeclinedEnd" />
</bpmn:process>
<bpmn:error id="Error_1" name="Payment declined" errorCode="PAYMENT_DECLINED" />
"""


def two_steps(process_key: str, topic: str) -> str:
    """Start, the external task First (an error boundary event for any code leads on too), the
    external task Second, the user task After, end; both tasks on ``topic``."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="First" />
  <bpmn:serviceTask id="First" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:boundaryEvent id="AnyError" attachedToRef="First">
    <bpmn:errorEventDefinition id="e1" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="First" targetRef="Second" />
  <bpmn:sequenceFlow id="f3" sourceRef="AnyError" targetRef="Second" />
  <bpmn:serviceTask id="Second" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:sequenceFlow id="f4" sourceRef="Second" targetRef="After" />
  <bpmn:userTask id="After" />
  <bpmn:sequenceFlow id="f5" sourceRef="After" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


# -- creation ---------------------------------------------------------------------------------------


def test_a_created_task_is_logged_with_its_fields(server, api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    tenant = unique("tenant")
    definition, process_key, topic = deploy(h, tenant=tenant, priority="${prio}")
    created = server.clock.advance(MINUTE)
    instance = h.start_id(definition, {"prio": 7})
    task = the_task(h, instance)
    [work_pass] = h.passes_at(instance, "Work")

    [entry] = h.task_logs(process_instance_id=instance)
    assert log_kind(entry) == "created" and entry.id != ""
    assert (entry.timestamp, entry.external_task_id, entry.topic_name, entry.priority) == (
        ts(created), task.id, topic, 7)
    # No worker has held it, none has failed it.
    assert (entry.worker_id, retries_of(entry), entry.error_message, entry.error_details) == ("", None, "", "")
    assert (entry.activity_id, entry.activity_instance_id, entry.execution_id) == ("Work", work_pass.id, instance)
    assert (entry.process_instance_id, entry.process_definition_id, entry.process_definition_key) == (
        instance, definition, process_key)
    assert entry.tenant_id == tenant
    assert h.task_log(entry.id) == entry
    assert h.count_task_logs(process_instance_id=instance) == 1

    # An activity with a boundary event is a scope: the task's execution and its activity
    # instance are the scope's.
    scoped, _, scoped_topic = deploy(h, with_boundary)
    other = h.start_id(scoped)
    task = the_task(h, other)
    [work_pass] = h.passes_at(other, "Work")
    [entry] = h.task_logs(process_instance_id=other)
    assert task.execution_id != other
    assert (entry.execution_id, entry.activity_instance_id, entry.topic_name, entry.priority, entry.tenant_id) == (
        task.execution_id, work_pass.id, scoped_topic, 0, "")
    assert work_pass.id == f"Work:{task.execution_id}"


def test_a_task_the_job_executor_creates_is_logged(api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    process_key, topic = key("async"), unique("topic")
    definition = h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" camunda:asyncBefore="true" />
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
""")
    instance = h.start_id(definition)
    [entry] = eventually(lambda: h.task_logs(process_instance_id=instance), what="the job executor to create the task")
    task = the_task(h, instance)
    [work_pass] = h.passes_at(instance, "Work")
    assert (log_kind(entry), entry.external_task_id, entry.topic_name, entry.process_definition_id) == (
        "created", task.id, topic, definition)
    assert (entry.activity_instance_id, entry.execution_id) == (work_pass.id, task.execution_id)


def test_locking_unlocking_and_setting_retries_write_nothing(server, api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h)
    instance = h.start_id(definition)
    [before] = h.task_logs(process_instance_id=instance)
    task_id = h.lock("w1", topic)
    h.external.ExtendExternalTaskLock(et.ExtendExternalTaskLockRequest(id=task_id, worker_id="w1",
                                                                       new_duration=seconds(120)))
    h.external.UnlockExternalTask(et.UnlockExternalTaskRequest(id=task_id))
    h.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[task_id], retries=3))
    server.clock.advance(MINUTE)
    assert h.lock("w2", topic, lock=1) == task_id
    server.clock.advance(MINUTE)  # the lock expires
    assert h.task_logs(process_instance_id=instance) == [before]


# -- failures -------------------------------------------------------------------------------------


def test_each_failure_is_logged_with_its_message_details_and_the_retries_left(server, api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    definition, process_key, topic = deploy(h)
    created = server.clock.now()
    instance = h.start_id(definition)
    task_id = h.lock("w1", topic)
    first = server.clock.advance(MINUTE)
    h.fail(task_id, "w1", retries=2, message="service down", details="Traceback 1")
    assert h.lock("w2", topic) == task_id
    second = server.clock.advance(MINUTE)
    h.fail(task_id, "w2", retries=1, message="", details="")
    assert h.lock("w3", topic) == task_id
    third = server.clock.advance(MINUTE)
    h.fail(task_id, "w3", retries=0, message="card declined", details="Traceback 3")

    entries = h.task_logs(external_task_id=task_id)
    assert [(log_kind(e), retries_of(e), e.error_message) for e in entries] == [
        ("created", None, ""), ("failed", 2, "service down"), ("failed", 1, ""), ("failed", 0, "card declined")]
    assert [e.timestamp for e in entries] == [ts(created), ts(first), ts(second), ts(third)]
    # The details only through GetHistoricExternalTaskLog.
    assert [e.error_details for e in entries] == ["", "", "", ""]
    assert [h.task_log(e.id).error_details for e in entries] == ["", "Traceback 1", "", "Traceback 3"]
    for entry in entries:
        got = h.task_log(entry.id)
        got.ClearField("error_details")
        assert got == entry
        assert (entry.topic_name, entry.activity_id, entry.activity_instance_id, entry.execution_id) == (
            topic, "Work", entries[0].activity_instance_id, instance)
        assert (entry.process_instance_id, entry.process_definition_id, entry.process_definition_key) == (
            instance, definition, process_key)
    assert h.count_task_logs(external_task_id=task_id, failure_log=True) == 3
    # Retries 0: an incident, and the task stays.
    assert incidents_of(server, instance) == [("failedExternalTask", "card declined", task_id, "Work", "OPEN")]
    assert h.external_task(task_id).retries == 0
    # The worker that reported each failure.
    assert [e.worker_id for e in entries] == ["", "w1", "w2", "w3"]


# -- success -------------------------------------------------------------------------------------


def test_a_completion_is_a_success_and_the_removal_of_the_completed_task_no_deletion(server, api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h)
    instance = h.start_id(definition, business_key="first")
    task_id = h.lock("w1", topic, business_key="first")
    done = server.clock.advance(MINUTE)
    h.complete_external(task_id, "w1", {"charged": True})
    assert h.activities(instance) == ["After"]
    entries = h.task_logs(external_task_id=task_id)
    assert [(log_kind(e), e.worker_id, retries_of(e), e.error_message) for e in entries] == [
        CREATED, ("succeeded", "w1", None, "")]
    assert entries[1].timestamp == ts(done)
    assert (entries[1].activity_instance_id, entries[1].execution_id) == (
        entries[0].activity_instance_id, instance)
    assert h.task_log(entries[1].id) == entries[1]

    # A task that failed before succeeds as it is then: its retries left, its last message.
    other = h.start_id(definition, business_key="second")
    retried = h.lock("w1", topic, business_key="second")
    h.fail(retried, "w1", retries=1, message="flaky")
    assert h.lock("w2", topic, business_key="second") == retried
    h.complete_external(retried, "w2")
    assert [(log_kind(e), retries_of(e), e.error_message) for e in h.task_logs(external_task_id=retried)] == [
        ("created", None, ""), ("failed", 1, "flaky"), ("succeeded", 1, "flaky")]
    assert h.task_logs(external_task_id=retried)[2].worker_id == "w2"

    # Deleting the instances later deletes no completed task.
    for gone in (instance, other):
        h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=gone))
    assert h.count_task_logs(process_instance_id=instance) == 2
    assert h.count_task_logs(process_instance_id=other) == 3
    assert h.count_task_logs(process_instance_id=instance, deletion_log=True) == 0
    assert h.count_task_logs(process_instance_id=other, deletion_log=True) == 0


# -- BPMN errors ---------------------------------------------------------------------------------


def test_a_caught_bpmn_error_is_a_success_and_no_deletion(server, api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h, payment)
    instance = h.start_id(definition)
    task_id = h.lock("w1", topic)
    thrown = server.clock.advance(MINUTE)
    assert h.bpmn_error(task_id, "w1", "PAYMENT_DECLINED", "card expired", {"reason": "expired"})
    assert h.activities(instance) == ["HandleDeclined"]
    entries = h.task_logs(process_instance_id=instance)
    assert [(log_kind(e), retries_of(e), e.error_message) for e in entries] == [
        ("created", None, ""), ("succeeded", None, "")]
    assert [e.external_task_id for e in entries] == [task_id, task_id]
    assert entries[1].timestamp == ts(thrown)
    assert h.task_log(entries[1].id).error_details == ""
    assert h.count_task_logs(process_instance_id=instance, deletion_log=True) == 0
    assert entries[1].worker_id == "w1"


def test_an_uncaught_bpmn_error_is_a_failure_with_retries_0(server, api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h)
    instance = h.start_id(definition)
    task_id = h.lock("w1", topic)
    thrown = server.clock.advance(MINUTE)
    assert not h.bpmn_error(task_id, "w1", "NOT_MODELLED", "nobody listens")
    message = h.external_task(task_id).error_message
    assert message == "BPMN error 'NOT_MODELLED' was not caught: nobody listens"
    entries = h.task_logs(external_task_id=task_id)
    assert [(log_kind(e), retries_of(e), e.error_message) for e in entries] == [
        ("created", None, ""), ("failed", 0, message)]
    assert entries[1].timestamp == ts(thrown)
    assert h.task_log(entries[1].id).error_details == ""
    assert [i[0] for i in incidents_of(server, instance)] == ["failedExternalTask"]

    # Raised retries write nothing; the next worker completes it.
    h.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[task_id], retries=1))
    assert h.count_task_logs(external_task_id=task_id) == 2
    assert h.lock("w2", topic) == task_id
    h.complete_external(task_id, "w2")
    entries = h.task_logs(external_task_id=task_id)
    assert [(log_kind(e), retries_of(e), e.error_message) for e in entries][2:] == [("succeeded", 1, message)]
    assert [e.worker_id for e in entries] == ["", "w1", "w2"]


# -- deletion ------------------------------------------------------------------------------------


def test_deleting_the_instance_logs_the_deletion_of_its_waiting_tasks(server, api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h)
    waiting = h.start_id(definition, business_key="waiting")
    locked = h.start_id(definition, business_key="locked")
    failed = h.start_id(definition, business_key="failed")
    locked_task = h.lock("w1", topic, business_key="locked")
    failed_task = h.lock("w1", topic, business_key="failed")
    h.fail(failed_task, "w1", retries=2, timeout=600, message="later")
    deleted = server.clock.advance(MINUTE)
    for instance in (waiting, locked, failed):
        h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance, reason="not needed"))

    # Each as it was then: the worker that held it, the retries and message a failure left.
    assert h.events(process_instance_id=waiting) == [CREATED, ("deleted", "", None, "")]
    assert h.events(process_instance_id=locked) == [CREATED, ("deleted", "w1", None, "")]
    assert h.events(process_instance_id=failed)[-1] == ("deleted", "", 2, "later")
    for instance in (waiting, locked, failed):
        entries = h.task_logs(process_instance_id=instance)
        assert entries[-1].timestamp == ts(deleted)
        assert entries[-1].external_task_id == entries[0].external_task_id
        assert (entries[-1].activity_instance_id, entries[-1].execution_id) == (
            entries[0].activity_instance_id, instance)
    assert h.task_logs(process_instance_id=locked)[-1].external_task_id == locked_task

    # The instance a call activity started ends with its caller: its task is deleted too.
    child_key, parent_key, child_topic = key("child"), key("parent"), unique("topic")
    h.deploy_inline(child_key, one_task(child_key, child_topic))
    parent = h.start_id(h.deploy_inline(parent_key, calling(parent_key, child_key)))
    [child] = h.instances.QueryProcessInstances(
        pi.QueryProcessInstancesRequest(super_process_instance_id=parent)).process_instances
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=parent))
    assert h.events(process_instance_id=child.id) == [CREATED, ("deleted", "", None, "")]
    assert h.task_logs(process_instance_id=child.id)[1].process_definition_key == child_key
    assert h.count_task_logs(process_instance_id=parent) == 0


def test_modify_process_instance_cancel_logs_a_deletion(server, api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h)
    instance = h.start_id(definition)
    old = h.lock("w1", topic)
    cancelled = server.clock.advance(MINUTE)
    # The task is cancelled and the activity entered again: a new task, logged after.
    h.modify(instance, cancel("Work"), start_before("Work"))
    new = the_task(h, instance)
    assert new.id != old
    entries = h.task_logs(process_instance_id=instance)
    assert [(e.external_task_id, log_kind(e)) for e in entries] == [
        (old, "created"), (old, "deleted"), (new.id, "created")]
    assert [e.timestamp for e in entries[1:]] == [ts(cancelled)] * 2
    old_pass, new_pass = h.passes_at(instance, "Work")
    assert [e.activity_instance_id for e in entries] == [old_pass.id, old_pass.id, new_pass.id]
    assert entries[1].worker_id == "w1"

    # Cancelling the last path cancels the instance: its task is deleted.
    h.modify(instance, cancel("Work"))
    assert h.ended(instance)
    assert [(e.external_task_id, log_kind(e)) for e in h.task_logs(process_instance_id=instance)][3:] == [
        (new.id, "deleted")]


def test_an_interrupting_boundary_event_logs_the_deletion_a_non_interrupting_one_nothing(server, api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    definition, process_key, topic = deploy(h, guarded)
    instance = h.start_id(definition)
    task = the_task(h, instance)
    h.signals.BroadcastSignal(signal_pb2.BroadcastSignalRequest(name=f"{process_key}-remind"))
    assert h.activities(instance) == ["Chase", "Work"]
    assert h.events(process_instance_id=instance) == [CREATED]
    withdrawn = server.clock.advance(MINUTE)
    h.messages.CorrelateMessage(message_pb2.CorrelateMessageRequest(
        message_name=f"{process_key}-withdrawn", process_instance_id=instance))
    assert h.activities(instance) == ["Chase"]
    entries = h.task_logs(process_instance_id=instance)
    assert h.events(process_instance_id=instance) == [CREATED, ("deleted", "", None, "")]
    assert (entries[1].external_task_id, entries[1].timestamp, entries[1].execution_id) == (
        task.id, ts(withdrawn), task.execution_id)
    assert entries[1].activity_instance_id == f"Work:{task.execution_id}"


def test_a_timer_boundary_event_run_by_its_job_logs_the_deletion(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    quiet = fresh_server(server.backend, background=False)
    h = ExternalTaskLogs(quiet.api())
    process_key, topic = key("timed"), unique("topic")
    instance = h.start_id(h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" camunda:taskPriority="3" />
  <bpmn:boundaryEvent id="Late" attachedToRef="Work">
    <bpmn:timerEventDefinition id="t1"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f3" sourceRef="Late" targetRef="Escalate" />
  <bpmn:serviceTask id="Escalate" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:sequenceFlow id="f4" sourceRef="Escalate" targetRef="Escalated" />
  <bpmn:endEvent id="Escalated" />
</bpmn:process>
"""))
    work = the_task(h, instance)
    h.lock("w1", topic, lock=7200)
    [timer] = h.jobs_of(instance)
    fired = quiet.clock.advance(timedelta(hours=1))
    h.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=timer.id))
    escalate = the_task(h, instance, "Escalate")
    entries = h.task_logs(process_instance_id=instance)
    assert [(e.external_task_id, log_kind(e), e.activity_id) for e in entries] == [
        (work.id, "created", "Work"), (work.id, "deleted", "Work"), (escalate.id, "created", "Escalate")]
    assert [e.timestamp for e in entries[1:]] == [ts(fired)] * 2
    assert (entries[1].worker_id, entries[1].priority, entries[1].execution_id) == ("w1", 3, work.execution_id)


def test_a_terminate_end_event_logs_the_deletion_of_the_other_paths_tasks(api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    process_key, topic = key("terminate"), unique("topic")
    instance = h.start_id(h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Long" />
  <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="Quick" />
  <bpmn:serviceTask id="Long" camunda:type="external" camunda:topic="{topic}-long" />
  <bpmn:serviceTask id="Quick" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:sequenceFlow id="f4" sourceRef="Long" targetRef="End" />
  <bpmn:sequenceFlow id="f5" sourceRef="Quick" targetRef="Stop" />
  <bpmn:endEvent id="End" />
  <bpmn:endEvent id="Stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
</bpmn:process>
"""))
    long, quick = the_task(h, instance, "Long"), the_task(h, instance, "Quick")
    h.complete_external(h.lock("w1", topic), "w1")
    assert h.ended(instance)
    assert {(e.activity_id, log_kind(e)) for e in h.task_logs(process_instance_id=instance)} == {
        ("Long", "created"), ("Quick", "created"), ("Quick", "succeeded"), ("Long", "deleted")}
    [deletion] = h.task_logs(process_instance_id=instance, deletion_log=True)
    assert (deletion.external_task_id, deletion.execution_id) == (long.id, long.execution_id)
    assert h.count_task_logs(external_task_id=quick.id, deletion_log=True) == 0


# -- the execution follows the task; order ------------------------------------------------------


def test_the_execution_id_follows_the_task_to_a_new_execution(api) -> None:  # type: ignore[no-untyped-def]
    """A second path started beside the instance's only path moves that path, its task with it,
    to a new execution: the entries written after name it; those written before keep theirs."""
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h)
    instance = h.start_id(definition)
    task_id = h.lock("w1", topic)
    h.fail(task_id, "w1", retries=2, message="once")
    h.modify(instance, start_before("After"))
    moved = h.external_task(task_id)
    assert moved.execution_id != instance
    assert h.lock("w2", topic) == task_id
    h.fail(task_id, "w2", retries=1, message="twice")
    assert h.lock("w3", topic) == task_id
    h.complete_external(task_id, "w3")
    entries = h.task_logs(external_task_id=task_id)
    assert [(log_kind(e), e.execution_id) for e in entries] == [
        ("created", instance), ("failed", instance), ("failed", moved.execution_id),
        ("succeeded", moved.execution_id)]
    # The pass moved with its path: one activity instance throughout.
    [work_pass] = h.passes_at(instance, "Work")
    assert {e.activity_instance_id for e in entries} == {work_pass.id}
    assert h.count_task_logs(execution_id_in=[moved.execution_id]) == 2

    # A task deleted on its new execution names that one.
    other = h.start_id(definition)
    h.modify(other, start_before("After"))
    task = the_task(h, other)
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=other))
    assert [(log_kind(e), e.execution_id) for e in h.task_logs(process_instance_id=other)] == [
        ("created", other), ("deleted", task.execution_id)]
    assert task.execution_id != other


def test_entries_in_the_order_they_occurred_with_increasing_ids(server, api) -> None:  # type: ignore[no-untyped-def]
    """A completion that creates the next task, and a caught BPMN error that leads to it: the
    success comes first, then the creation it caused."""
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h, two_steps)
    completed = h.start_id(definition, business_key="completed")
    caught = h.start_id(definition, business_key="caught")
    first = h.lock("w1", topic, business_key="completed")
    h.fail(first, "w1", retries=1, message="retry me")
    assert h.lock("w1", topic, business_key="completed") == first
    server.clock.advance(MINUTE)
    h.complete_external(first, "w1")
    second = the_task(h, completed, "Second")
    h.complete_external(h.lock("w2", topic, business_key="completed"), "w2")
    thrown = h.lock("w1", topic, business_key="caught")
    assert h.bpmn_error(thrown, "w1", "ANY")
    caught_second = the_task(h, caught, "Second")

    entries = h.task_logs(process_instance_id=completed)
    assert [(e.activity_id, log_kind(e)) for e in entries] == [
        ("First", "created"), ("First", "failed"), ("First", "succeeded"), ("Second", "created"),
        ("Second", "succeeded")]
    assert [e.external_task_id for e in entries][3:] == [second.id] * 2
    ids = [int(e.id) for e in entries]
    assert ids == sorted(ids) and len(set(ids)) == 5
    assert [e.timestamp.ToDatetime() for e in entries] == sorted(e.timestamp.ToDatetime() for e in entries)
    assert entries[2].timestamp == entries[3].timestamp  # one call
    # occurrence orders them as the default does.
    def by_occurrence(order: str) -> list[str]:
        return [e.id for e in h.task_logs(process_instance_id=completed,
                                          sorting=[execution_pb2.Sorting(sort_by="occurrence", sort_order=order)])]

    assert by_occurrence("asc") == [e.id for e in entries]
    assert by_occurrence("desc") == [e.id for e in reversed(entries)]

    assert [(e.activity_id, log_kind(e)) for e in h.task_logs(process_instance_id=caught)] == [
        ("First", "created"), ("First", "succeeded"), ("Second", "created")]
    assert h.task_logs(process_instance_id=caught)[2].external_task_id == caught_second.id
    # Both instances' entries together: the second instance's, written later, come after.
    together = h.task_logs(process_definition_id=definition)
    assert [int(e.id) for e in together] == sorted(int(e.id) for e in together)


def test_a_task_created_before_the_log_was_kept_is_logged_from_then_on(server, api) -> None:  # type: ignore[no-untyped-def]
    """A task of an older server (made so here: its creation entry and its activity instance
    removed by hand) has no creation entry; its later events are logged without an activity
    instance."""
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h)
    instance = h.start_id(definition)
    task_id = h.lock("w1", topic)

    def forget(tx) -> None:  # type: ignore[no-untyped-def]
        tx.execute(delete(HistoricExternalTaskLog).where(HistoricExternalTaskLog.external_task_id == task_id))
        tx.execute(update(ExternalTask).where(ExternalTask.id == task_id).values(activity_instance_id=None))

    server.db.run(forget, write=True)
    h.fail(task_id, "w1", retries=1, message="old")
    h.complete_external(h.lock("w2", topic), "w2")
    entries = h.task_logs(process_instance_id=instance)
    assert [(log_kind(e), e.worker_id, e.activity_instance_id) for e in entries] == [
        ("failed", "w1", ""), ("succeeded", "w2", "")]
    assert [(e.activity_id, e.execution_id, e.external_task_id) for e in entries] == [("Work", instance, task_id)] * 2
    assert h.count_task_logs(process_instance_id=instance, creation_log=True) == 0


# -- a refused call writes nothing ---------------------------------------------------------------


def test_a_refused_call_writes_nothing(server, api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h)
    instance = h.start_id(definition)
    task_id = h.lock("owner", topic, lock=30)
    before = h.task_logs(process_instance_id=instance)
    assert [log_kind(e) for e in before] == ["created"]
    # Reports by a worker that does not hold the lock.
    for call in (lambda: h.fail(task_id, "intruder", retries=1),
                 lambda: h.complete_external(task_id, "intruder"),
                 lambda: h.bpmn_error(task_id, "intruder", "X")):
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "EXTERNAL_TASK_LOCKED_BY_OTHER_WORKER")
    # Requests the server refuses as they are.
    expect_error(lambda: h.fail(task_id, "owner", retries=-1), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    expect_error(lambda: h.bpmn_error(task_id, "owner", ""), grpc.StatusCode.INVALID_ARGUMENT,
                 "MISSING_REQUIRED_FIELD")
    expect_error(lambda: h.external.CompleteExternalTask(et.CompleteExternalTaskRequest(
        id=task_id, worker_id="owner", variables={"x": typed("ten", "Integer")})),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
    # The lock expired and another worker holds the task; then its lock expires too.
    server.clock.advance(timedelta(seconds=31))
    assert h.lock("fast", topic, lock=30) == task_id
    for call in (lambda: h.complete_external(task_id, "owner"), lambda: h.fail(task_id, "owner", retries=0)):
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "EXTERNAL_TASK_LOCKED_BY_OTHER_WORKER")
    server.clock.advance(timedelta(seconds=31))
    for call in (lambda: h.complete_external(task_id, "fast"), lambda: h.fail(task_id, "fast", retries=0),
                 lambda: h.bpmn_error(task_id, "fast", "X")):
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "EXTERNAL_TASK_NOT_LOCKED")
    # A suspended instance's task.
    assert h.lock("owner", topic) == task_id
    h.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    for call in (lambda: h.complete_external(task_id, "owner"), lambda: h.fail(task_id, "owner", retries=0)):
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    assert h.task_logs(process_instance_id=instance) == before
    h.instances.ActivateProcessInstance(pi.ActivateProcessInstanceRequest(id=instance))


def test_a_completion_that_fails_on_the_way_on_logs_nothing(api) -> None:  # type: ignore[no-untyped-def]
    """The path after the task forks: one branch reaches the external task Side, the other a
    condition that cannot be evaluated. The call is undone, the log with it."""
    h = ExternalTaskLogs(api)
    process_key, topic = key("undone"), unique("topic")
    instance = h.start_id(h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="Side" />
  <bpmn:serviceTask id="Side" camunda:type="external" camunda:topic="{topic}-side" />
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
    task_id = h.lock("w1", topic)
    before = h.task_logs(process_instance_id=instance)
    expect_error(lambda: h.complete_external(task_id, "w1"), grpc.StatusCode.FAILED_PRECONDITION,
                 "EXPRESSION_EVALUATION_FAILED")
    assert h.task_logs(process_instance_id=instance) == before
    assert [log_kind(e) for e in before] == ["created"]
    assert h.count_task_logs(activity_id_in=["Side"], process_instance_id=instance) == 0


# -- when the entries go -------------------------------------------------------------------------


def _ended_with_log(h: ExternalTaskLogs, definition: str, topic: str) -> tuple[str, list[str]]:
    """An instance whose task failed once and was completed, and which was then deleted at After:
    its id and its entries' ids."""
    marker = unique("bk")
    instance = h.start_id(definition, business_key=marker)
    task_id = h.lock("w1", topic, business_key=marker)
    h.fail(task_id, "w1", retries=1, message="once", details="the details")
    h.complete_external(h.lock("w1", topic, business_key=marker), "w1")
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    entries = h.task_logs(process_instance_id=instance)
    assert [log_kind(e) for e in entries] == ["created", "failed", "succeeded"]
    return instance, [e.id for e in entries]


def _deleted_while_waiting(h: ExternalTaskLogs, definition: str) -> tuple[str, list[str]]:
    """An instance deleted while its task waited: its id and its entries' ids."""
    instance = h.start_id(definition)
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    entries = h.task_logs(process_instance_id=instance)
    assert [log_kind(e) for e in entries] == ["created", "deleted"]
    return instance, [e.id for e in entries]


def _gone(h: ExternalTaskLogs, instance: str, log_ids: list[str]) -> None:
    assert h.count_task_logs(process_instance_id=instance) == 0
    for log_id in log_ids:
        assert h.count_task_logs(log_id=log_id) == 0
        failed = expect_error(lambda: h.task_log(log_id), grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_LOG_NOT_FOUND")
        assert failed.info.metadata["id"] == log_id


def test_deleting_a_process_instance_s_history_deletes_its_log(api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h)
    ended, ended_log = _ended_with_log(h, definition, topic)
    deleted, deleted_log = _deleted_while_waiting(h, definition)
    running = h.start_id(definition)
    [running_entry] = h.task_logs(process_instance_id=running)
    expect_error(lambda: h.history.DeleteHistoricProcessInstance(
        history_pb2.DeleteHistoricProcessInstanceRequest(id=running)), grpc.StatusCode.FAILED_PRECONDITION,
        "INSTANCE_RUNNING")
    for instance in (ended, deleted):
        h.history.DeleteHistoricProcessInstance(history_pb2.DeleteHistoricProcessInstanceRequest(id=instance))
    _gone(h, ended, ended_log)
    _gone(h, deleted, deleted_log)
    assert h.task_logs(process_instance_id=running) == [running_entry]


def test_the_cleanup_removes_the_log_of_what_is_due(server, api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    short_key, long_key, topic = key("short"), key("long"), unique("topic")
    short = h.deploy_inline(short_key, one_task(short_key, topic).replace('historyTimeToLive="180"',
                                                                          'historyTimeToLive="0"'))
    long = h.deploy_inline(long_key, one_task(long_key, topic))
    due, due_log = _ended_with_log(h, short, topic)
    deleted, deleted_log = _deleted_while_waiting(h, short)
    kept, kept_log = _ended_with_log(h, long, topic)
    running = h.start_id(short, business_key=unique("running"))  # due by its definition, but running

    server.clock.advance(timedelta(seconds=1))
    removed = h.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest(batch_size=10_000))
    assert removed.removed_process_instances >= 2
    _gone(h, due, due_log)
    _gone(h, deleted, deleted_log)
    assert [e.id for e in h.task_logs(process_instance_id=kept)] == kept_log
    assert h.count_task_logs(process_instance_id=running) == 1


def test_deleting_a_deployment_removes_the_log_of_its_instances(api) -> None:  # type: ignore[no-untyped-def]
    h = ExternalTaskLogs(api)
    definition, _, topic = deploy(h)
    ended, ended_log = _ended_with_log(h, definition, topic)
    running = h.start_id(definition, business_key=unique("running"))
    running_log = [e.id for e in h.task_logs(process_instance_id=running)]
    other_definition, _, _ = deploy(h)
    other = h.start_id(other_definition)

    def deployment_of(definition_id: str) -> str:
        return h.definitions.GetProcessDefinition(
            process_definition_pb2.GetProcessDefinitionRequest(id=definition_id)).process_definition.deployment_id

    h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment_of(definition), cascade=True))
    _gone(h, ended, ended_log)
    _gone(h, running, running_log)  # the running instance is deleted, then its history goes
    assert h.count_task_logs(process_instance_id=other) == 1

    # Without cascade (nothing runs): the ended instances' log goes.
    quiet, _, quiet_topic = deploy(h)
    done, done_log = _ended_with_log(h, quiet, quiet_topic)
    h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment_of(quiet)))
    _gone(h, done, done_log)
    assert h.count_task_logs(process_instance_id=other) == 1


def test_the_success_comes_before_the_deletion_of_the_interrupted_siblings(api) -> None:  # type: ignore[no-untyped-def]
    """A BPMN error caught on the subprocess around the task: the thrower succeeded, then the
    subprocess's other task was deleted."""
    h = ExternalTaskLogs(api)
    process_key, topic = key("sub"), unique("topic")
    instance = h.start_id(h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Sub" />
  <bpmn:subProcess id="Sub">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="Fork" />
    <bpmn:parallelGateway id="Fork" />
    <bpmn:sequenceFlow id="s2" sourceRef="Fork" targetRef="Work" />
    <bpmn:sequenceFlow id="s3" sourceRef="Fork" targetRef="Other" />
    <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" />
    <bpmn:serviceTask id="Other" camunda:type="external" camunda:topic="{topic}-other" />
    <bpmn:sequenceFlow id="s4" sourceRef="Work" targetRef="SubEnd" />
    <bpmn:sequenceFlow id="s5" sourceRef="Other" targetRef="SubEnd2" />
    <bpmn:endEvent id="SubEnd" />
    <bpmn:endEvent id="SubEnd2" />
  </bpmn:subProcess>
  <bpmn:boundaryEvent id="Caught" attachedToRef="Sub"><bpmn:errorEventDefinition id="e1" /></bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Sub" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f3" sourceRef="Caught" targetRef="Handle" />
  <bpmn:userTask id="Handle" />
  <bpmn:sequenceFlow id="f4" sourceRef="Handle" targetRef="End2" />
  <bpmn:endEvent id="End2" />
</bpmn:process>
"""))
    assert h.bpmn_error(h.lock("w1", topic), "w1", "ANY")
    got = [(e.activity_id, log_kind(e)) for e in h.task_logs(process_instance_id=instance)][2:]
    assert got == [("Work", "succeeded"), ("Other", "deleted")]


def test_completing_the_step_or_signalling_the_path_is_the_task_s_success(api) -> None:  # type: ignore[no-untyped-def]
    """CompleteStep completes the task as its worker would, and SignalExecution moves its path on
    as if the work were done: a success, not a deletion (no worker held the task)."""
    h = ExternalTaskLogs(api)
    process_key, topic = key("stepped"), unique("topic")
    definition = h.deploy_inline(process_key, one_task(process_key, topic))
    stepped, signalled = h.start_id(definition), h.start_id(definition)
    [step] = h.steps_of(stepped)
    h.complete_step(step.id)
    h.executions.SignalExecution(execution_pb2.SignalExecutionRequest(execution_id=signalled))
    for instance in (stepped, signalled):
        assert [(log_kind(e), e.worker_id) for e in h.task_logs(process_instance_id=instance)] == [
            ("created", ""), ("succeeded", "")]
