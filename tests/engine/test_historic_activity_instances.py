"""The activity instances the engine records as paths move (HistoryService's historic activity
instances): a pass starts when a path enters an activity and ends when it leaves (completed) or
is removed (canceled); what each kind of activity, event and gateway leaves behind."""

from __future__ import annotations

from flowkeeper.engine.v1 import (
    external_task_pb2 as et,
    history_pb2,
    history_pb2_grpc,
    job_pb2,
    message_pb2,
    process_instance_pb2 as pi,
    signal_pb2,
    task_pb2,
)
from tests.engine.scenario import renamed
from tests.engine.work_support import Work, calling, key, waiting
from tests.support import unique

RUNNING, COMPLETED, CANCELED = "running", "completed", "canceled"
I = pi.ModificationInstruction


class Passes(Work):
    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def of(self, instance_id: str) -> list[history_pb2.HistoricActivityInstance]:
        """The instance's activity instances, as they occurred."""
        return list(self.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
            process_instance_id=instance_id)).historic_activity_instances)

    def states(self, instance_id: str) -> list[tuple[str, str]]:
        return [(p.activity_id, state(p)) for p in self.of(instance_id)]

    def one(self, instance_id: str, activity_id: str) -> history_pb2.HistoricActivityInstance:
        [found] = [p for p in self.of(instance_id) if p.activity_id == activity_id]
        return found

    def tree(self, instance_id: str) -> pi.ActivityInstance:  # type: ignore[override]
        return self.instances.GetActivityInstanceTree(
            pi.GetActivityInstanceTreeRequest(process_instance_id=instance_id)).root

    def task_at_key(self, instance_id: str, activity_id: str) -> str:
        [found] = [t.id for t in self.tasks_of(instance_id) if t.task_definition_key == activity_id]
        return found

    def broadcast_signal(self, name: str) -> int:
        return self.signals.BroadcastSignal(signal_pb2.BroadcastSignalRequest(name=name)).delivered

    def correlate_to(self, message: str, instance_id: str) -> None:
        self.messages.CorrelateMessage(message_pb2.CorrelateMessageRequest(message_name=message,
                                                                           process_instance_id=instance_id))

    def throw_bpmn_error(self, task_id: str, worker: str, code: str) -> None:
        self.external.HandleExternalTaskBpmnError(et.HandleExternalTaskBpmnErrorRequest(
            id=task_id, worker_id=worker, error_code=code))

    def modify(self, instance_id: str, *instructions: I) -> None:
        self.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
            process_instance_id=instance_id, instructions=list(instructions)))


def state(p: history_pb2.HistoricActivityInstance) -> str:
    if p.canceled:
        assert p.HasField("end_time")
        return CANCELED
    return COMPLETED if p.HasField("end_time") else RUNNING


def walk(node: pi.ActivityInstance) -> list[pi.ActivityInstance]:
    return [node] + [n for c in node.child_activity_instances for n in walk(c)]


def user_tasks_then_end(process_key: str, *tasks: str) -> str:
    """Start, the user tasks in a row, end."""
    chain = ["Start", *tasks, "End"]
    flows = "\n".join(f'  <bpmn:sequenceFlow id="f{i}" sourceRef="{a}" targetRef="{b}" />'
                      for i, (a, b) in enumerate(zip(chain, chain[1:])))
    nodes = "\n".join(f'  <bpmn:userTask id="{t}" name="{t} it" />' for t in tasks)
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
{nodes}
  <bpmn:endEvent id="End" />
{flows}
</bpmn:process>
"""


def test_a_pass_starts_when_a_path_enters_and_completes_when_it_leaves(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    process_key = key("review")
    definition = passes.deploy_inline(process_key, waiting(process_key))
    instance = passes.start_id(definition)
    assert passes.states(instance) == [("Start", COMPLETED), ("Review", RUNNING)]
    start, review = passes.of(instance)
    [task] = passes.tasks_of(instance)
    assert (review.activity_type, review.task_id, review.execution_id, review.parent_activity_instance_id) == (
        "userTask", task.id, instance, instance)
    assert (review.process_definition_id, review.process_definition_key, review.process_instance_id) == (
        definition, process_key, instance)
    assert review.HasField("start_time") and not review.HasField("end_time") and not review.HasField("duration")
    assert start.activity_type == "startEvent" and not start.complete_scope and start.id != review.id

    passes.complete(task.id)
    assert passes.states(instance) == [("Start", COMPLETED), ("Review", COMPLETED), ("End", COMPLETED)]
    _, review, end = passes.of(instance)
    assert end.complete_scope and not review.complete_scope
    ended = review.end_time.ToDatetime() - review.start_time.ToDatetime()
    assert review.duration.ToTimedelta() == ended


def test_parallel_paths_and_a_join_that_waits(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    instance = passes.deploy_and_start("parallel_join.bpmn").id
    assert passes.states(instance) == [("StartEvent_1", COMPLETED), ("Fork", COMPLETED),
                                       ("PickItems", RUNNING), ("PrintLabel", RUNNING)]
    passes.complete(passes.task_at_key(instance, "PickItems"))
    # Passes keep the order in which they started.
    assert passes.states(instance)[2:] == [("PickItems", COMPLETED), ("PrintLabel", RUNNING), ("Join", RUNNING)]
    passes.complete(passes.task_at_key(instance, "PrintLabel"))
    # Each path that arrived has its pass through the join; both end when the join fires.
    assert passes.states(instance)[2:] == [("PickItems", COMPLETED), ("PrintLabel", COMPLETED), ("Join", COMPLETED),
                                           ("Join", COMPLETED), ("HandOver", RUNNING)]
    passes.complete(passes.task_at_key(instance, "HandOver"))
    last = passes.of(instance)[-1]
    assert (last.activity_id, last.complete_scope) == ("EndEvent_1", True)
    assert all(state(p) == COMPLETED for p in passes.of(instance))


def test_subprocess_passes_nest_under_the_ids_of_the_activity_instance_tree(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    instance = passes.deploy_and_start("embedded_subprocess.bpmn").id
    by_activity = {p.activity_id: p for p in passes.of(instance)}
    assert [a for a, s in passes.states(instance) if s == RUNNING] == ["PackOrder", "CheckItems", "CheckItem"]
    tree = {n.activity_id: n for n in walk(passes.tree(instance))}
    for subprocess in ("PackOrder", "CheckItems"):
        assert by_activity[subprocess].id == tree[subprocess].id
        assert by_activity[subprocess].activity_type == "subProcess"
    assert by_activity["PackOrder"].parent_activity_instance_id == instance
    assert by_activity["PackStart"].parent_activity_instance_id == by_activity["PackOrder"].id
    assert by_activity["CheckItems"].parent_activity_instance_id == by_activity["PackOrder"].id
    assert by_activity["CheckItem"].parent_activity_instance_id == by_activity["CheckItems"].id

    passes.complete(passes.task_at_key(instance, "CheckItem"))
    by_activity = {p.activity_id: p for p in passes.of(instance)}
    assert state(by_activity["CheckItems"]) == COMPLETED and by_activity["CheckEnd"].complete_scope
    assert state(by_activity["PackItems"]) == RUNNING and state(by_activity["PackOrder"]) == RUNNING


def test_boundary_events_have_passes_and_an_interrupting_one_cancels_the_activity(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    message, signal = unique("withdrawn"), unique("reminder")
    deployment = passes.deploy(contents={"boundary_events.bpmn": renamed(
        "boundary_events.bpmn", ClaimWithdrawn=message, ClaimReminder=signal)})
    instance = passes.start_id(passes.definition_id(deployment, "boundary_events"))
    review = passes.one(instance, "ReviewClaim")
    # An activity with boundary events is a scope: its pass is named as the tree names it.
    assert review.id == next(n.id for n in walk(passes.tree(instance)) if n.activity_id == "ReviewClaim")

    assert passes.broadcast_signal(signal) == 1
    assert passes.states(instance)[2:] == [("ReminderDue", COMPLETED), ("RemindReviewer", RUNNING)]
    assert passes.one(instance, "ReminderDue").activity_type == "boundarySignal"
    passes.correlate_to(message, instance)
    assert passes.states(instance) == [
        ("StartEvent_1", COMPLETED), ("ReviewClaim", CANCELED), ("ReminderDue", COMPLETED),
        ("RemindReviewer", RUNNING), ("ClaimWithdrawn", COMPLETED), ("Withdrawn", COMPLETED)]
    assert not passes.one(instance, "Withdrawn").complete_scope  # the reminder's path still runs
    passes.complete(passes.task_at_key(instance, "RemindReviewer"))
    assert passes.one(instance, "Reminded").complete_scope


def test_an_event_based_gateway_ends_when_one_of_its_events_fires(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    message, signal = unique("answered"), unique("cancelled")
    deployment = passes.deploy(contents={"event_based_gateway.bpmn": renamed(
        "event_based_gateway.bpmn", CustomerAnswered=message, OrderCancelled=signal)})
    instance = passes.start_id(passes.definition_id(deployment, "event_based_gateway"))
    assert passes.states(instance) == [("StartEvent_1", COMPLETED), ("WaitForAnswer", RUNNING)]
    passes.correlate_to(message, instance)
    assert passes.states(instance) == [("StartEvent_1", COMPLETED), ("WaitForAnswer", COMPLETED),
                                       ("AnswerReceived", COMPLETED), ("Answered", COMPLETED)]
    assert passes.one(instance, "AnswerReceived").activity_type == "intermediateMessageCatch"


def test_a_terminate_end_event_cancels_the_other_paths(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    process_key = key("terminate")
    instance = passes.start_id(passes.deploy_inline(process_key, f"""
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
    passes.complete(passes.task_at_key(instance, "Quick"))
    assert passes.states(instance) == [("Start", COMPLETED), ("Fork", COMPLETED), ("Long", CANCELED),
                                       ("Quick", COMPLETED), ("Stop", COMPLETED)]
    assert passes.one(instance, "Stop").complete_scope and passes.instance(instance).ended


def test_deleting_an_instance_cancels_what_runs(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    process_key = key("deleted")
    instance = passes.start_id(passes.deploy_inline(process_key, waiting(process_key)))
    passes.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance, reason="no longer needed"))
    assert passes.states(instance) == [("Start", COMPLETED), ("Review", CANCELED)]


def test_async_before_starts_the_pass_when_the_job_runs(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    quiet = fresh_server(server.backend, background=False)
    passes = Passes(quiet.api())
    process_key = key("async")
    instance = passes.start_id(passes.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Prepare" />
  <bpmn:task id="Prepare" camunda:asyncBefore="true" camunda:asyncAfter="true" />
  <bpmn:sequenceFlow id="f2" sourceRef="Prepare" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""))
    assert passes.states(instance) == [("Start", COMPLETED)]  # the path waits before Prepare: no pass yet
    [before] = passes.jobs_of(instance)
    passes.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=before.id))
    # Prepare ran and completed; the path waits after it, outside it.
    assert passes.states(instance) == [("Start", COMPLETED), ("Prepare", COMPLETED)]
    [after] = passes.jobs_of(instance)
    passes.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=after.id))
    assert passes.states(instance) == [("Start", COMPLETED), ("Prepare", COMPLETED), ("End", COMPLETED)]


def test_a_call_activity_names_the_instance_it_called_and_ends_with_it(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    child_key, parent_key = key("child"), key("parent")
    passes.deploy_inline(child_key, waiting(child_key))
    instance = passes.start_id(passes.deploy_inline(parent_key, calling(parent_key, child_key)))
    call = passes.one(instance, "Call")
    [child] = passes.instances.QueryProcessInstances(
        pi.QueryProcessInstancesRequest(super_process_instance_id=instance)).process_instances
    assert (call.activity_type, call.called_process_instance_id, state(call)) == ("callActivity", child.id, RUNNING)
    assert passes.states(child.id) == [("Start", COMPLETED), ("Review", RUNNING)]

    passes.complete(passes.task_at_key(child.id, "Review"))
    assert passes.states(instance) == [("Start", COMPLETED), ("Call", COMPLETED), ("End", COMPLETED)]


def test_a_cancelled_call_activity_cancels_the_called_instances_passes(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    child_key, parent_key = key("child"), key("parent")
    passes.deploy_inline(child_key, waiting(child_key))
    instance = passes.start_id(passes.deploy_inline(parent_key, calling(parent_key, child_key)))
    child = passes.one(instance, "Call").called_process_instance_id
    passes.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    assert passes.states(instance) == [("Start", COMPLETED), ("Call", CANCELED)]
    assert passes.states(child) == [("Start", COMPLETED), ("Review", CANCELED)]


def test_a_pass_follows_its_path_to_a_new_execution(api) -> None:  # type: ignore[no-untyped-def]
    """A second path started beside a scope's only path moves that path to a new execution; the
    running pass moves with it, and still ends when the path leaves."""
    passes = Passes(api)
    process_key = key("moved")
    instance = passes.start_id(passes.deploy_inline(process_key, user_tasks_then_end(process_key, "Draft", "Sign")))
    assert passes.one(instance, "Draft").execution_id == instance
    passes.modify(instance, I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Sign"))
    draft = passes.one(instance, "Draft")
    [task] = [t for t in passes.tasks_of(instance) if t.task_definition_key == "Draft"]
    assert draft.execution_id == task.execution_id != instance and state(draft) == RUNNING

    passes.complete(task.id)
    assert passes.states(instance) == [("Start", COMPLETED), ("Draft", COMPLETED), ("Sign", RUNNING),
                                       ("Sign", RUNNING)]
    assert passes.one(instance, "Draft").execution_id == task.execution_id


def test_modification_cancels_and_starts_passes(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    process_key = key("modified")
    instance = passes.start_id(passes.deploy_inline(process_key, user_tasks_then_end(process_key, "Draft", "Sign")))
    passes.modify(instance, I(type=I.TYPE_CANCEL, activity_id="Draft"),
                  I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Sign"))
    assert passes.states(instance) == [("Start", COMPLETED), ("Draft", CANCELED), ("Sign", RUNNING)]
    sign = passes.one(instance, "Sign")
    assert sign.parent_activity_instance_id == instance
    assert sign.task_id == passes.task_at_key(instance, "Sign")


def test_an_error_caught_at_a_boundary_cancels_the_activity_it_interrupts(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    process_key, topic = key("caught"), key("topic")
    instance = passes.start_id(passes.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Charge" />
  <bpmn:serviceTask id="Charge" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:boundaryEvent id="Declined" attachedToRef="Charge"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Charge" targetRef="Done" />
  <bpmn:sequenceFlow id="f3" sourceRef="Declined" targetRef="Refused" />
  <bpmn:endEvent id="Done" />
  <bpmn:endEvent id="Refused" />
</bpmn:process>
"""))
    [locked] = passes.fetch("worker", passes.topic(topic))
    passes.throw_bpmn_error(locked.external_task.id, "worker", "card-declined")
    assert passes.states(instance) == [("Start", COMPLETED), ("Charge", CANCELED), ("Declined", COMPLETED),
                                       ("Refused", COMPLETED)]
    assert passes.one(instance, "Charge").activity_type == "serviceTask"
    assert passes.one(instance, "Refused").complete_scope


def test_a_user_task_pass_follows_its_assignee(api) -> None:  # type: ignore[no-untyped-def]
    passes = Passes(api)
    process_key, first, second = key("assigned"), unique("alice"), unique("bob")
    instance = passes.start_id(passes.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" camunda:assignee="{first}" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""))
    task = passes.task_at_key(instance, "Review")

    def assignee() -> str:
        return passes.one(instance, "Review").assignee

    def assigned_to(user: str) -> list[str]:
        return [p.activity_id for p in passes.history.QueryHistoricActivityInstances(
            history_pb2.QueryHistoricActivityInstancesRequest(task_assignee=user)).historic_activity_instances]

    assert assignee() == first and passes.one(instance, "Start").assignee == ""
    assert assigned_to(first) == ["Review"]
    passes.tasks.UnclaimTask(task_pb2.UnclaimTaskRequest(task_id=task))
    assert assignee() == "" and assigned_to(first) == []
    passes.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task, user_id=second))
    assert assignee() == second
    passes.tasks.SetTaskAssignee(task_pb2.SetTaskAssigneeRequest(task_id=task, user_id=first))
    assert assignee() == first
    passes.complete(task)
    # The ended pass keeps the assignee it had.
    assert assignee() == first and assigned_to(first) == ["Review"] and assigned_to(second) == []
    assert passes.history.CountHistoricActivityInstances(history_pb2.CountHistoricActivityInstancesRequest(
        task_assignee=first, process_instance_id=instance)).count == 1
