"""An activity with boundary events gets a scope execution that holds the boundary waits; an
interrupting boundary event ends the activity, a non-interrupting one adds a concurrent path."""

from __future__ import annotations

from flowkeeper.engine.v1 import execution_pb2, process_instance_pb2
from tests.engine.scenario import Scenario, jobs_of, name

COMPLETED = process_instance_pb2.ProcessInstance.STATE_COMPLETED


def start(engine: Scenario) -> tuple[str, str, str, str]:
    message, signal = name("withdrawn"), name("reminder")
    definition = engine.deploy_one("boundary_events.bpmn", ClaimWithdrawn=message, ClaimReminder=signal)
    return engine.run(definition), definition, message, signal


def test_activity_with_boundary_events_is_a_scope_holding_the_waits(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance, definition, message, signal = start(engine)
    tree = {e.id: e for e in engine.tree(instance)}
    [scope] = [e for e in tree.values() if e.id != instance]
    assert tree[instance].activity_id == "" and tree[instance].scope
    assert (scope.parent_id, scope.activity_id, scope.scope, scope.concurrent) == (instance, "ReviewClaim", True, False)
    assert engine.ids(message_event_subscription_name=message) == {scope.id}
    assert engine.ids(signal_event_subscription_name=signal) == {scope.id}
    assert engine.ids(process_definition_id=definition, signal_event_subscription_name=message) == set()
    assert engine.task_at(instance, "ReviewClaim").execution_id == scope.id

    engine.complete(engine.task_at(instance, "ReviewClaim").id)
    assert engine.tree(instance) == []
    assert engine.ids(message_event_subscription_name=message) == set()
    assert engine.instance(instance).state == COMPLETED


def test_non_interrupting_boundary_adds_a_concurrent_path(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance, _, message, signal = start(engine)
    scope = engine.at_activity(instance, "ReviewClaim")
    assert engine.broadcast(signal) == 1

    tree = {e.id: e for e in engine.tree(instance)}
    remind = engine.at_activity(instance, "RemindReviewer")
    [holder] = [e for e in tree.values() if e.id not in (instance, scope, remind)]
    # The root only holds concurrent paths: one holds the activity's scope, one does the reminder.
    assert tree[instance].activity_id == ""
    assert (holder.parent_id, holder.activity_id, holder.concurrent) == (instance, "", True)
    assert (tree[scope].parent_id, tree[scope].activity_id) == (holder.id, "ReviewClaim")
    assert (tree[remind].parent_id, tree[remind].concurrent) == (instance, True)
    # The activity keeps listening: the signal can fire again, the message is still awaited.
    assert engine.ids(signal_event_subscription_name=signal) == {scope}
    assert engine.ids(message_event_subscription_name=message) == {scope}
    assert engine.broadcast(signal) == 1
    assert len([t for t in engine.tasks_of(instance) if t.task_definition_key == "RemindReviewer"]) == 2


def test_interrupting_message_boundary_cancels_the_activity(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance, _, message, signal = start(engine)
    engine.broadcast(signal)
    [result] = engine.correlate(message, process_instance_id=instance)
    scope_gone = engine.ids(message_event_subscription_name=message) == set()
    assert scope_gone and result.execution_id not in {e.id for e in engine.tree(instance)}
    # The reviewing path ended at Withdrawn; only the reminder path is left.
    assert [t.task_definition_key for t in engine.tasks_of(instance)] == ["RemindReviewer"]
    assert engine.ids(signal_event_subscription_name=signal) == set()
    assert {e.activity_id for e in engine.tree(instance)} == {"", "RemindReviewer"}
    engine.complete(engine.task_at(instance, "RemindReviewer").id)
    assert engine.instance(instance).state == COMPLETED


def test_timer_boundary_events_are_jobs_of_the_scope_execution(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.run(engine.deploy_one("timers.bpmn"))
    # The instance first waits at the intermediate timer: the root holds that job.
    assert jobs_of(server, instance) == [("timer-intermediate", "Wait5Minutes", instance)]
    assert engine.ids(process_instance_id=instance, activity_id="Wait5Minutes") == {instance}


def test_trigger_message_subscription_fires_the_boundary_event(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance, _, message, _ = start(engine)
    scope = engine.at_activity(instance, "ReviewClaim")
    engine.executions.TriggerMessageSubscription(execution_pb2.TriggerMessageSubscriptionRequest(
        execution_id=scope, message_name=message))
    # Interrupting: the task and its scope are gone, the instance ended at Withdrawn.
    assert engine.tree(instance) == [] and engine.tasks_of(instance) == []
    assert engine.instance(instance).state == COMPLETED
