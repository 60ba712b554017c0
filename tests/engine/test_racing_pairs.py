"""Two different calls on the same instance, task, job or incident, sent at the same instant,
answer as the two calls one after the other would (in one order or the other), and leave what
that order leaves. Each pair runs first in both orders, one call after the other, each on a
fresh subject (that gives the answers and the end states allowed), then a few times at once.

The end state is read from the database, without ids: the instance's state, its executions,
user tasks, external tasks, jobs, event subscriptions, incidents, process steps and variables.
An ended instance must have left no execution, task, job, wait or open incident behind.
(The same call racing with itself: tests/engine/test_racing_work.py and
tests/platform/test_racing_calls.py.)"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable

import pytest
from sqlalchemy import func, select

from flowkeeper.engine.v1 import deployment_pb2, execution_pb2, incident_pb2, job_pb2, process_instance_pb2, task_pb2
from flowkeeper.engine.v1 import external_task_pb2 as et
from server.engine.failure_models import Incident, IncidentDeskLink
from server.engine.models import (
    Deployment,
    EventSubscription,
    Execution,
    Job,
    ProcessDefinition,
    ProcessInstance,
    Task,
)
from tests.engine.failure_support import long, one_task, string
from tests.engine.racing import Call, Engine, check_race, instance_state, versions_by_deployment
from tests.engine.resources.modeler import render
from tests.engine.scenario import renamed, rows
from tests.engine.support import typed_map
from tests.engine.work_support import key, seconds, with_boundary
from tests.support import unique

pytestmark = pytest.mark.usefixtures("no_deadlock")


@pytest.fixture
def engine(api) -> Engine:  # type: ignore[no-untyped-def]
    return Engine(api)


# -- user tasks ---------------------------------------------------------------------------------

DUE = "2030-01-01T00:00:00.000+0000"


def _invoice(engine: Engine, definition: str, at: str) -> Callable[[], tuple[str, str]]:
    """Instances of user_tasks.bpmn waiting at ``at`` (ApproveInvoice, or ArchiveInvoice after
    it): (instance id, task id)."""

    def make() -> tuple[str, str]:
        instance = engine.run(definition, {"approver": "carol", "dueDate": DUE})
        if at == "ArchiveInvoice":
            engine.complete(engine.task_at(instance, "ApproveInvoice").id)
        return instance, engine.task_at(instance, at).id

    return make


@pytest.mark.parametrize("at", ["ApproveInvoice", "ArchiveInvoice"])
def test_complete_task_against_delete_and_suspend_instance(engine, server, at):  # type: ignore[no-untyped-def]
    """ArchiveInvoice is the last task: completing it ends the instance, and a suspend or delete
    that comes after finds it ended."""
    definition = engine.deploy_one("user_tasks.bpmn")
    make = _invoice(engine, definition, at)

    def complete(s: tuple[str, str]) -> object:
        return engine.complete(s[1], {"approved": True})

    def state(s: tuple[str, str]) -> Any:
        return instance_state(server, s[0])

    check_race(make, [complete, lambda s: engine.delete(s[0])], state)
    check_race(make, [complete, lambda s: engine.suspend(s[0])], state)


@pytest.mark.parametrize("at", ["ApproveInvoice", "ArchiveInvoice"])
def test_modify_variables_against_modify_variables_and_complete_task(engine, server, at):  # type: ignore[no-untyped-def]
    definition = engine.deploy_one("user_tasks.bpmn")
    make = _invoice(engine, definition, at)

    def state(s: tuple[str, str]) -> Any:
        return instance_state(server, s[0])

    check_race(make, [lambda s: engine.set_variables(s[0], {"a": 1}), lambda s: engine.set_variables(s[0], {"b": 2})],
               state)
    check_race(make, [lambda s: engine.set_variables(s[0], {"a": 1}, deletions=("approver",)),
                      lambda s: engine.complete(s[1], {"b": 2, "approver": "dave"})], state)


# -- external tasks -----------------------------------------------------------------------------


def _locked_external_task(engine: Engine, definition: str, topic: str) -> Callable[[], tuple[str, str]]:
    """Instances of failure_support.one_task whose external task worker "w" holds:
    (instance id, external task id)."""

    def make() -> tuple[str, str]:
        business_key = unique("order")
        instance = engine.start_id(definition, business_key=business_key)
        [locked] = engine.fetch("w", engine.topic(topic, business_key=business_key))
        return instance, locked.external_task.id

    return make


def test_complete_external_task_against_unlock_failure_extension_and_delete(engine, server):  # type: ignore[no-untyped-def]
    process_key, topic = key("pairs"), unique("topic")
    make = _locked_external_task(engine, engine.deploy_inline(process_key, one_task(process_key, topic)), topic)

    def state(s: tuple[str, str]) -> Any:
        return instance_state(server, s[0])

    def complete(s: tuple[str, str]) -> object:
        return engine.complete_external(s[1], "w", {"charged": True})

    check_race(make, [complete, lambda s: engine.external.UnlockExternalTask(et.UnlockExternalTaskRequest(id=s[1]))],
               state)
    check_race(make, [complete, lambda s: engine.fail(s[1], "w", retries=1, message="bank away")], state)
    check_race(make, [complete, lambda s: engine.fail(s[1], "w", retries=0, message="bank gone")], state)
    check_race(make, [complete, lambda s: engine.external.ExtendExternalTaskLock(et.ExtendExternalTaskLockRequest(
        id=s[1], worker_id="w", new_duration=seconds(600)))], state)
    check_race(make, [complete, lambda s: engine.delete(s[0])], state)


def test_a_last_failure_against_set_retries(engine, server):  # type: ignore[no-untyped-def]
    """A failure with retries 0 opens an incident; retries raised after it resolve it."""
    process_key, topic = key("pairs"), unique("topic")
    make = _locked_external_task(engine, engine.deploy_inline(process_key, one_task(process_key, topic)), topic)
    check_race(make, [
        lambda s: engine.fail(s[1], "w", retries=0, message="bank gone"),
        lambda s: engine.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[s[1]], retries=2)),
    ], lambda s: instance_state(server, s[0]))


def test_two_fetches_against_suspend_instance(engine, server):  # type: ignore[no-untyped-def]
    """A suspended instance's task is not fetched; one fetched before the suspension stays
    locked (as in the document's engine), and a second worker finds it taken."""
    process_key, topic = key("pairs"), unique("topic")
    definition = engine.deploy_inline(process_key, one_task(process_key, topic))

    def make() -> tuple[str, str]:
        business_key = unique("order")
        return engine.start_id(definition, business_key=business_key), business_key

    def fetch(worker: str) -> Call:
        def call(s: tuple[str, str]) -> object:
            assert len(engine.fetch(worker, engine.topic(topic, business_key=s[1]))) <= 1
            return None
        return call

    def state(s: tuple[str, str]) -> Any:
        # The worker holding the task is either; which one is no matter.
        found = instance_state(server, s[0])
        tasks = [(t[0], t[1] is not None, *t[2:]) for t in found[3]]
        return (*found[:3], tasks, *found[4:])

    check_race(make, [fetch("w1"), fetch("w2"), lambda s: engine.suspend(s[0])], state)


# -- failed steps and incidents ---------------------------------------------------------------


def test_resolve_incident_and_restarts_against_each_other(engine, server):  # type: ignore[no-untyped-def]
    """A step failed for good (failedExternalTask incident): ResolveIncident refuses it either way
    (before: the incident is resolved by retries; after: it is no longer open); of two restarts
    with different params, the first wins and its params are the step's."""
    process_key, topic = key("pairs"), unique("topic")
    locked = _locked_external_task(engine, engine.deploy_inline(process_key, one_task(process_key, topic)), topic)

    def make() -> tuple[str, str, str]:
        instance, task = locked()
        engine.fail(task, "w", retries=0, message="bank gone")
        [step] = engine.steps_of(instance)
        return instance, step.id, engine.step(step.id).incident_id

    def state(s: tuple[str, str, str]) -> Any:
        return instance_state(server, s[0])

    check_race(make, [lambda s: engine.resolve(s[2]), lambda s: engine.restart(s[1], {"amount": long(5)})], state)
    check_race(make, [lambda s: engine.restart(s[1], {"amount": long(5)}),
                      lambda s: engine.restart(s[1], {"amount": long(7), "note": string("again")})], state)


def test_create_incident_against_delete_and_moving_on(engine, server):  # type: ignore[no-untyped-def]
    """A custom incident on an execution that goes (its instance deleted, its scope left by the
    task's completion, its instance ended by a signal) ends as DELETED; after the execution is
    gone, the incident cannot be made."""
    invoice = engine.deploy_one("user_tasks.bpmn")

    def at_approval() -> tuple[str, str]:
        instance = engine.run(invoice, {"approver": "carol", "dueDate": DUE})
        return instance, instance

    def create(s: tuple[str, ...]) -> object:
        return engine.create_incident(s[1], "customFailure", "cfg", "it broke")

    def state(s: tuple[str, ...]) -> Any:
        return instance_state(server, s[0])

    check_race(at_approval, [create, lambda s: engine.delete(s[0])], state)

    # Review has a boundary event: its task waits in a scope execution of its own, which
    # completing the task removes (the instance goes on to Archive).
    process_key = key("pairs")
    review = engine.deploy_inline(process_key, reviewed(process_key))

    def at_review() -> tuple[str, str, str]:
        instance = engine.run(review)
        task = engine.task_at(instance, "Review")
        return instance, task.execution_id, task.id

    check_race(at_review, [create, lambda s: engine.complete(s[2])], state)

    order = unique("order")
    signalled = engine.deploy_one("receive_task.bpmn")

    def at_signal() -> tuple[str, str]:
        instance = engine.run(signalled, {"orderId": order})
        engine.correlate(f"Confirmation-{order}", process_instance_id=instance)
        return instance, engine.at_activity(instance, "WaitForSignal")

    check_race(at_signal, [create, lambda s: engine.signal_execution(s[1])], state)


def reviewed(process_key: str) -> str:
    """A user task Review with a timer boundary event (so its task waits in a scope execution of
    its own), then a user task Archive."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:boundaryEvent id="Late" attachedToRef="Review">
    <bpmn:timerEventDefinition id="Timer_1">
      <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P1D</bpmn:timeDuration>
    </bpmn:timerEventDefinition>
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="Archive" />
  <bpmn:userTask id="Archive" />
  <bpmn:sequenceFlow id="Flow_3" sourceRef="Archive" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="Flow_4" sourceRef="Late" targetRef="TooLate" />
  <bpmn:endEvent id="TooLate" />
</bpmn:process>
"""


# -- jobs -----------------------------------------------------------------------------------------


def test_execute_job_against_retries_suspension_and_delete(engine, server):  # type: ignore[no-untyped-def]
    """timers.bpmn waits five minutes (the job executor leaves the timer alone: the test clock
    does not move); ExecuteJob fires it at once."""
    definition = engine.deploy_one("timers.bpmn")

    def make() -> tuple[str, str]:
        instance = engine.run(definition)
        [job] = engine.jobs_of(instance)
        return instance, job.id

    def execute(s: tuple[str, str]) -> object:
        return engine.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=s[1]))

    def state(s: tuple[str, str]) -> Any:
        return instance_state(server, s[0])

    for retries in (0, 5):
        check_race(make, [execute, lambda s, r=retries: engine.jobs.SetJobRetries(
            job_pb2.SetJobRetriesRequest(ids=[s[1]], retries=r))], state)
    check_race(make, [execute, lambda s: engine.jobs.SetJobSuspensionState(
        job_pb2.SetJobSuspensionStateRequest(id=s[1], suspended=True))], state)
    check_race(make, [execute, lambda s: engine.delete(s[0])], state)


# -- messages -------------------------------------------------------------------------------------


def test_correlate_message_against_delete_and_suspend(engine, server):  # type: ignore[no-untyped-def]
    message = unique("Payment")
    definition = engine.deploy_one("message_catch.bpmn", PaymentReceived=message)

    def make() -> str:
        return engine.run(definition)

    def correlate(instance: str) -> object:
        return engine.correlate(message, process_instance_id=instance, process_variables={"paid": 10})

    def state(instance: str) -> Any:
        return instance_state(server, instance)

    check_race(make, [correlate, lambda instance: engine.delete(instance)], state)
    check_race(make, [correlate, lambda instance: engine.suspend(instance)], state)


# -- deployments ------------------------------------------------------------------------------


@pytest.mark.parametrize("cascade", [True, False])
def test_delete_deployment_against_start_instance(engine, server, cascade):  # type: ignore[no-untyped-def]
    """No instance survives its deleted definition: a start that comes first is deleted with it
    (cascade) or keeps the deployment (no cascade); a start that comes after finds no definition."""

    def make() -> tuple[str, str]:
        deployment = engine.deploy(contents={"user_tasks.bpmn": renamed("user_tasks.bpmn")})
        return deployment.id, engine.definition_id(deployment, "user_tasks")

    def state(s: tuple[str, str]) -> Any:
        deployment_id, definition_id = s

        def read(tx: Any) -> tuple[Any, ...]:
            counts = tuple(
                tx.scalar(select(func.count()).select_from(model).where(model.process_definition_id == definition_id))
                for model in (Execution, Task, Job, EventSubscription))
            instances = sorted(tx.scalars(select(ProcessInstance.state).where(
                ProcessInstance.process_definition_id == definition_id)))
            return tx.get(Deployment, deployment_id) is not None, instances, counts

        return server.db.run(read, write=False)

    check_race(make, [
        lambda s: engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=s[0],
                                                                                             cascade=cascade)),
        lambda s: engine.start(s[1], {"approver": "carol", "dueDate": DUE}),
    ], state)


def _processes(*process_keys: str) -> bytes:
    """One BPMN resource with a start-to-end process per key, in the order given."""
    body = "".join(f'''
<bpmn:process id="{k}" isExecutable="true">
  <bpmn:startEvent id="{k}_start" />
  <bpmn:sequenceFlow id="{k}_flow" sourceRef="{k}_start" targetRef="{k}_end" />
  <bpmn:endEvent id="{k}_end" />
</bpmn:process>''' for k in process_keys)
    return ('<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            f'targetNamespace="http://bpmn.io/schema/bpmn">{body}</bpmn:definitions>').encode()


@pytest.mark.parametrize("versions_before", [0, 1])
def test_deployments_listing_the_same_processes_in_other_orders(engine, server, versions_before):  # type: ignore[no-untyped-def]
    """Each deployment creates the next version of both processes; whichever comes second has
    the higher version of both. Deployments take turns (the deployment lock), so they do not
    deadlock on the keys' versions."""

    def make() -> tuple[str, str]:
        keys = unique("first"), unique("second")
        for _ in range(versions_before):
            deploy(*keys)
        return keys

    def deploy(*process_keys: str) -> object:
        return engine.deploy(contents={"two.bpmn": _processes(*process_keys)})

    check_race(make, [lambda k: deploy(k[0], k[1]), lambda k: deploy(k[1], k[0])],
               lambda k: versions_by_deployment(server, ProcessDefinition, k))


def test_a_deployment_against_deleting_one_with_the_same_keys_in_other_resources(engine, server):  # type: ignore[no-untyped-def]
    """The deletion removes the first versions; the new deployment numbers its versions after
    whatever is left. A deployment locks its keys resource by resource, the deletion in key
    order: both take the deployment lock first, so they take turns instead of deadlocking."""

    def make() -> tuple[tuple[str, str], str]:
        keys = unique("first"), unique("second")
        deployment = engine.deploy(contents={"r1.bpmn": _processes(keys[0]), "r2.bpmn": _processes(keys[1])})
        return keys, deployment.id

    check_race(make, [
        lambda s: engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=s[1], cascade=True)),
        lambda s: engine.deploy(contents={"r1.bpmn": _processes(s[0][1]), "r2.bpmn": _processes(s[0][0])}),
    ], lambda s: versions_by_deployment(server, ProcessDefinition, s[0]))


@pytest.mark.parametrize("versions_before", [0, 1])
def test_deployments_of_the_same_resources_with_duplicate_filtering(engine, server,  # type: ignore[no-untyped-def]
                                                                    versions_before):
    """Whichever comes second finds the first's resources and answers that deployment as a
    duplicate: deployments take turns (the deployment lock), so the two never both deploy.
    (Before, the second could decide to deploy, then wait for the first's lock on the version
    before theirs, and deploy the same resources as the next version.)"""

    def deploy(s: tuple[str, str], suffix: bytes = b"") -> object:
        return engine.create_deployment(name=s[0], enable_duplicate_filtering=True, resources=[
            deployment_pb2.Resource(name="filtered.bpmn", content=_processes(s[1]) + suffix)])

    def make() -> tuple[str, str]:
        s = unique("series"), unique("filtered")
        for _ in range(versions_before):
            deploy(s, b"\n")  # another content under the same name: not a duplicate
            # The latest deployment of a name is the one with the latest deployment time.
            server.clock.advance(timedelta(seconds=1))
        return s

    def state(s: tuple[str, str]) -> Any:
        return (len(rows(server, lambda: select(Deployment.id).where(Deployment.name == s[0]))),
                versions_by_deployment(server, ProcessDefinition, (s[1],)))

    check_race(make, [deploy, deploy], state)


# -- steps and incidents against deletions ----------------------------------------------------------


def _failed_steps(engine: Engine, process_key: str, topic: str, *,
                  own_deployment: bool) -> Callable[[], tuple[str, ...]]:
    """Instances of failure_support.one_task whose external task failed for good, with a custom
    incident at the same execution: (instance id, step id, custom incident id, deployment id);
    with ``own_deployment`` each in a deployment of its own."""
    shared = None if own_deployment else engine.deploy(contents={
        f"{process_key}.bpmn": render(one_task(process_key, topic), process_key).encode()})

    def make() -> tuple[str, ...]:
        deployment = shared or engine.deploy(contents={
            f"{process_key}.bpmn": render(one_task(process_key, topic), process_key).encode()})
        business_key = unique("order")
        instance = engine.start_id(engine.definition_id(deployment, process_key), business_key=business_key)
        [locked] = engine.fetch("w", engine.topic(topic, business_key=business_key))
        engine.fail(locked.external_task.id, "w", retries=0, message="bank gone")
        [step] = engine.steps_of(instance)
        custom = engine.create_incident(engine.at(instance, "Work"), "customFailure", "cfg", "it broke")
        return instance, step.id, custom.id, deployment.id

    return make


@pytest.mark.parametrize("deletion", ["instance", "deployment"])
def test_failed_step_and_its_incidents_against_deletions(engine, server, deletion):  # type: ignore[no-untyped-def]
    """After DeleteProcessInstance the step's instance has ended and its incidents are deleted
    (a restart is PROCESS_INSTANCE_ENDED, a resolve INCIDENT_NOT_OPEN); after DeleteDeployment
    with cascade the instance, its steps and incidents are gone (NOT_FOUND)."""
    process_key = key("pairs")
    make = _failed_steps(engine, process_key, unique("topic"), own_deployment=deletion == "deployment")

    def delete(s: tuple[str, ...]) -> object:
        if deletion == "instance":
            return engine.delete(s[0])
        return engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=s[3], cascade=True))

    def state(s: tuple[str, ...]) -> Any:
        return instance_state(server, s[0])

    check_race(make, [lambda s: engine.resolve(s[2]), delete], state)
    check_race(make, [lambda s: engine.restart(s[1], {"amount": long(5)}), delete], state)


@pytest.mark.parametrize("deletion", ["instance", "deployment"])
def test_complete_step_against_deletions(engine, server, deletion):  # type: ignore[no-untyped-def]
    process_key, topic = key("pairs"), unique("topic")
    body = render(one_task(process_key, topic), process_key).encode()
    shared = engine.deploy(contents={f"{process_key}.bpmn": body})

    def make() -> tuple[str, ...]:
        deployment = shared if deletion == "instance" else engine.deploy(contents={f"{process_key}.bpmn": body})
        business_key = unique("order")
        instance = engine.start_id(engine.definition_id(deployment, process_key), business_key=business_key)
        engine.fetch("w", engine.topic(topic, business_key=business_key))
        [step] = engine.steps_of(instance)
        return instance, step.id, deployment.id

    def delete(s: tuple[str, ...]) -> object:
        if deletion == "instance":
            return engine.delete(s[0])
        return engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=s[2], cascade=True))

    check_race(make, [lambda s: engine.complete_step(s[1], {"amount": long(5)}), delete],
               lambda s: instance_state(server, s[0]))


# -- signals and messages against suspension and deletion -----------------------------------------


def test_broadcast_signal_against_suspend_and_delete(engine, server):  # type: ignore[no-untyped-def]
    """A suspended instance's execution does not receive a broadcast signal: named, it is
    skipped; by execution_id, it is SIGNAL_SUBSCRIPTION_NOT_FOUND."""
    signal = unique("GoLive")
    definition = engine.deploy_one("signal_catch.bpmn", GoLive=signal)

    def make() -> tuple[str, str]:
        instance = engine.run(definition)
        return instance, engine.at_activity(instance, "WaitForGoLive")

    def named(s: tuple[str, str]) -> object:
        return engine.broadcast(signal, {"live": True})

    def targeted(s: tuple[str, str]) -> object:
        return engine.broadcast(signal, {"live": True}, execution_id=s[1])

    def state(s: tuple[str, str]) -> Any:
        return instance_state(server, s[0])

    for broadcast in (named, targeted):
        check_race(make, [broadcast, lambda s: engine.suspend(s[0])], state)
        check_race(make, [broadcast, lambda s: engine.delete(s[0])], state)


def test_signal_execution_against_suspend_and_delete(engine, server):  # type: ignore[no-untyped-def]
    order = unique("order")
    definition = engine.deploy_one("receive_task.bpmn")

    def make() -> tuple[str, str]:
        instance = engine.run(definition, {"orderId": order})
        return instance, engine.at_activity(instance, "WaitForConfirmation")

    def state(s: tuple[str, str]) -> Any:
        return instance_state(server, s[0])

    signal = lambda s: engine.signal_execution(s[1], {"signalled": True})  # noqa: E731
    check_race(make, [signal, lambda s: engine.suspend(s[0])], state)
    check_race(make, [signal, lambda s: engine.delete(s[0])], state)


def test_trigger_message_subscription_against_suspend_delete_and_correlate(engine, server):  # type: ignore[no-untyped-def]
    """Of a trigger and a correlation of the same subscription, the first ends the instance and
    the second finds nothing waiting (NOT_FOUND: EXECUTION_NOT_FOUND, MESSAGE_NOT_CORRELATED)."""
    message = unique("Payment")
    definition = engine.deploy_one("message_catch.bpmn", PaymentReceived=message)

    def make() -> tuple[str, str]:
        instance = engine.run(definition)
        return instance, engine.at_activity(instance, "WaitForPayment")

    def trigger(s: tuple[str, str]) -> object:
        return engine.executions.TriggerMessageSubscription(execution_pb2.TriggerMessageSubscriptionRequest(
            execution_id=s[1], message_name=message, variables=typed_map({"paid": 10})))

    def state(s: tuple[str, str]) -> Any:
        return instance_state(server, s[0])

    check_race(make, [trigger, lambda s: engine.suspend(s[0])], state)
    check_race(make, [trigger, lambda s: engine.delete(s[0])], state)
    check_race(make, [trigger, lambda s: engine.correlate(message, process_instance_id=s[0],
                                                          process_variables={"paid": 20})], state)


# -- claims ---------------------------------------------------------------------------------------


def test_claim_against_complete_unclaim_and_delete(engine, server):  # type: ignore[no-untyped-def]
    definition = engine.deploy_one("user_tasks.bpmn")
    make = _invoice(engine, definition, "ArchiveInvoice")

    def claim(user: str) -> Call:
        return lambda s: engine.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=s[1], user_id=user))

    def state(s: tuple[str, str]) -> Any:
        return instance_state(server, s[0])

    check_race(make, [claim("dave"), lambda s: engine.complete(s[1])], state)
    check_race(make, [claim("dave"), lambda s: engine.delete(s[0])], state)
    check_race(make, [claim("dave"), lambda s: engine.suspend(s[0])], state)
    # A modification that cancels the task's activity takes the task before its history pass, as
    # ClaimTask does (the claim changes the pass's assignee): they queue, never deadlock.
    cancel = process_instance_pb2.ModificationInstruction(
        type=process_instance_pb2.ModificationInstruction.TYPE_CANCEL, activity_id="ArchiveInvoice")
    start = process_instance_pb2.ModificationInstruction(
        type=process_instance_pb2.ModificationInstruction.TYPE_START_BEFORE_ACTIVITY, activity_id="ArchiveInvoice")
    check_race(make, [claim("dave"), lambda s: engine.instances.ModifyProcessInstance(
        process_instance_pb2.ModifyProcessInstanceRequest(process_instance_id=s[0], instructions=[start, cancel]))],
        state)

    def claimed() -> tuple[str, str]:
        s = make()
        claim("carol")(s)
        return s

    check_race(claimed, [lambda s: engine.tasks.UnclaimTask(task_pb2.UnclaimTaskRequest(task_id=s[1])),
                         claim("dave")], state)


# -- incidents: annotations and desk links ---------------------------------------------------------


def test_annotations_against_resolve_incident(engine, server):  # type: ignore[no-untyped-def]
    """An annotation is set or cleared whatever the incident's state."""
    invoice = engine.deploy_one("user_tasks.bpmn")

    def make() -> tuple[str, str]:
        instance = engine.run(invoice, {"approver": "carol", "dueDate": DUE})
        incident = engine.create_incident(instance, "customFailure", "cfg", "it broke")
        engine.incidents.SetIncidentAnnotation(incident_pb2.SetIncidentAnnotationRequest(
            incident_id=incident.id, annotation="first look"))
        return instance, incident.id

    def state(s: tuple[str, str]) -> Any:
        annotation = server.db.run(lambda tx: tx.get(Incident, s[1]).annotation, write=False)
        return instance_state(server, s[0]), annotation

    resolve = lambda s: engine.resolve(s[1])  # noqa: E731
    check_race(make, [lambda s: engine.incidents.SetIncidentAnnotation(incident_pb2.SetIncidentAnnotationRequest(
        incident_id=s[1], annotation="bank is down")), resolve], state)
    check_race(make, [lambda s: engine.incidents.ClearIncidentAnnotation(
        incident_pb2.ClearIncidentAnnotationRequest(incident_id=s[1])), resolve], state)


def test_set_desk_link_against_itself(engine, server):  # type: ignore[no-untyped-def]
    """Two links of one process saved at once: the one saved last is the link (as one after
    the other); saving and removing: either no link, or the one saved."""

    def make() -> str:
        return key("linked")

    def link(incident_types: tuple[str, ...], enabled: bool = True) -> Call:
        return lambda process_key: engine.incidents.SetIncidentDeskLink(incident_pb2.SetIncidentDeskLinkRequest(
            process_definition_key=process_key, enabled=enabled, severity=2 if enabled else 0,
            incident_types=list(incident_types)))

    def state(process_key: str) -> Any:
        found = server.db.run(lambda tx: tx.get(IncidentDeskLink, (process_key, "")), write=False)
        return None if found is None else (found.severity, found.incident_types)

    check_race(make, [link(("customFailure",)), link(("failedJob", "failedExternalTask"))], state)
    check_race(make, [link(("customFailure",)), link((), enabled=False)], state)

    def linked() -> str:
        process_key = make()
        link(("failedJob",))(process_key)
        return process_key

    check_race(linked, [link(("customFailure",)), link(("failedExternalTask",))], state)
    check_race(linked, [link(("customFailure",)), link((), enabled=False)], state)


# -- variables ------------------------------------------------------------------------------------


def test_modify_local_variables_against_complete_task_and_delete(engine, server):  # type: ignore[no-untyped-def]
    """Review's task waits in a scope execution of its own: completing the task removes it, and
    its local variables with it; a later ModifyLocalVariables finds no execution."""
    process_key = key("pairs")
    review = engine.deploy_inline(process_key, reviewed(process_key))

    def make() -> tuple[str, str, str]:
        instance = engine.run(review)
        task = engine.task_at(instance, "Review")
        return instance, task.execution_id, task.id

    def state(s: tuple[str, str, str]) -> Any:
        return instance_state(server, s[0])

    set_local = lambda s: engine.set_local(s[1], {"note": "urgent"})  # noqa: E731
    check_race(make, [set_local, lambda s: engine.complete(s[2])], state)
    check_race(make, [set_local, lambda s: engine.delete(s[0])], state)
    check_race(make, [lambda s: engine.set_variables(s[0], {"a": 1}), lambda s: engine.delete(s[0])], state)


# -- external tasks: deletion, fetching and BPMN errors --------------------------------------------


def test_external_task_calls_against_delete_and_each_other(engine, server):  # type: ignore[no-untyped-def]
    process_key, topic = key("pairs"), unique("topic")
    definition = engine.deploy_inline(process_key, one_task(process_key, topic))
    make = _locked_external_task(engine, definition, topic)

    def state(s: tuple[str, ...]) -> Any:
        return instance_state(server, s[0])

    delete = lambda s: engine.delete(s[0])  # noqa: E731
    check_race(make, [lambda s: engine.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(
        ids=[s[1]], retries=0)), delete], state)
    check_race(make, [lambda s: engine.external.HandleExternalTaskBpmnError(et.HandleExternalTaskBpmnErrorRequest(
        id=s[1], worker_id="w", error_code="DECLINED", error_message="no")),
        lambda s: engine.complete_external(s[1], "w", {"charged": True})], state)

    def started() -> tuple[str, str]:
        business_key = unique("order")
        return engine.start_id(definition, business_key=business_key), business_key

    def fetch(s: tuple[str, str]) -> object:
        return len(engine.fetch("w", engine.topic(topic, business_key=s[1])))

    check_race(started, [fetch, delete], state)


def test_fetch_against_the_boundary_message_that_cancels_the_task(engine, server):  # type: ignore[no-untyped-def]
    """A fetch locks the task, then marks its step started; the message's boundary event removes
    the task and ends its step. Whichever comes first, the other waits: the fetch either gets
    the task (the message then cancels it) or finds none."""
    process_key, topic = key("pairs"), unique("topic")
    definition = engine.deploy_inline(process_key, with_boundary(process_key, topic))

    def started() -> tuple[str, str]:
        business_key = unique("order")
        return engine.start_id(definition, business_key=business_key), business_key

    def fetch(s: tuple[str, str]) -> object:
        return len(engine.fetch("w", engine.topic(topic, business_key=s[1])))

    check_race(started, [fetch, lambda s: engine.correlate(f"{process_key}-cancel", process_instance_id=s[0])],
               lambda s: instance_state(server, s[0]))


# -- three calls ------------------------------------------------------------------------------------


def test_activate_suspend_and_complete_task(engine, server):  # type: ignore[no-untyped-def]
    definition = engine.deploy_one("user_tasks.bpmn")
    make = _invoice(engine, definition, "ApproveInvoice")

    def suspended() -> tuple[str, str]:
        s = make()
        engine.suspend(s[0])
        return s

    def state(s: tuple[str, str]) -> Any:
        return instance_state(server, s[0])

    calls: list[Call] = [lambda s: engine.activate(s[0]), lambda s: engine.suspend(s[0]),
                         lambda s: engine.complete(s[1], {"approved": True})]
    check_race(make, calls, state)
    check_race(suspended, calls, state)
