"""Two replicas' job executors on one PostgreSQL database do each piece of background work once.

Two `flowkeeper serve` processes (each with its job executor, polling often so that both compete
for every job) share one database; the test talks to each on a channel of its own. Real time
passes (timers of one second), so each check waits, with a generous deadline, for the work to be
over (no job left, or every job stopped) and then counts exactly: a timer start cycle starts one
instance per firing, and a new version deployed on the other replica stops it at once; a short
timer and the cycle of a boundary timer each fire once per instance; and a failing job loses one
retry per attempt and opens one incident when none are left."""

from __future__ import annotations

from typing import Iterator

import grpc
import pytest

from flowkeeper.engine.v1 import incident_pb2, process_instance_pb2
from tests.conftest import database_url
from tests.engine.failure_support import Failures, Step
from tests.engine.job_support import failing_gateway
from tests.engine.replica_support import DEADLINE, EVERYTHING, task_keys
from tests.engine.work_support import eventually, key
from tests.platform.served import ServedProcess, separate_channel
from tests.support import Api


@pytest.fixture(scope="module")
def replicas(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Failures]]:
    """Stubs on each of two server processes sharing one PostgreSQL database."""
    url = database_url("postgresql", request, tmp_path_factory)
    args = ["--listen", "127.0.0.1:0", "--database-url", url, "--rate-limit", "0", "--log-level", "WARNING",
            "--job-poll-seconds", "0.1"]
    served = [ServedProcess(args), ServedProcess(args)]
    channels: list[grpc.Channel] = []
    try:
        served[0].start()
        token = served[0].first_token
        assert token, served[0].output()
        served[1].start()
        for process in served:
            channels.append(separate_channel(process.address))
        yield [Failures(Api(channel, token)) for channel in channels]
        for channel in channels:
            channel.close()
        for process in served:
            assert process.terminate() == 0, process.output()
    finally:
        for process in served:
            process.close()


def _instances(engine: Failures, definition: str, *, include_ended: bool = False) -> list[str]:
    return [i.id for i in engine.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        process_definition_id=definition, include_ended=include_ended, page=EVERYTHING)).process_instances]


def _every_second(process_key: str, firings: int) -> str:
    """A timer start cycle of ``firings`` firings a second apart, each instance waiting at Report."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="EverySecond">
    <bpmn:timerEventDefinition id="t0">
      <bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R{firings}/PT1S</bpmn:timeCycle>
    </bpmn:timerEventDefinition>
  </bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="EverySecond" targetRef="Report" />
  <bpmn:userTask id="Report" />
  <bpmn:sequenceFlow id="f2" sourceRef="Report" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


@pytest.mark.slow
def test_a_timer_start_cycle_starts_one_instance_per_firing(replicas: list[Failures]) -> None:
    one, other = replicas
    process_key = key("every_second")
    definition = one.deploy_inline(process_key, _every_second(process_key, 3))
    eventually(lambda: not other.jobs_of(process_definition_id=definition), DEADLINE, "the cycle to end")
    started = _instances(one, definition)
    assert len(started) == 3
    assert all(task_keys(other, instance) == ["Report"] for instance in started)


@pytest.mark.slow
def test_a_new_version_deployed_on_one_replica_stops_the_old_cycle_on_both(replicas: list[Failures]) -> None:
    """The old version's cycle has fired at least once when the other replica deploys a new
    version: from the moment that deployment answers, the old version starts nothing more (a
    firing under way finished before it), and the new version's cycle starts afresh, three
    firings, whichever replica's executor runs them."""
    one, other = replicas
    process_key = key("redeployed_every_second")
    old = one.deploy_inline(process_key, _every_second(process_key, 30))
    eventually(lambda: len(_instances(other, old)) >= 1, DEADLINE, "the old cycle's first firing")
    new = other.deploy_inline(process_key, _every_second(process_key, 3))
    fired_before = len(_instances(one, old))
    assert other.jobs_of(process_definition_id=old) == []
    eventually(lambda: not one.jobs_of(process_definition_id=new), DEADLINE, "the new cycle to end")
    assert len(_instances(other, new)) == 3
    assert len(_instances(one, old)) == fired_before
    assert one.jobs_of(process_definition_id=old) == []


@pytest.mark.slow
def test_each_short_timer_and_each_cycle_firing_happens_once(replicas: list[Failures]) -> None:
    """Each instance waits one second at a timer, then at a user task Review whose
    non-interrupting boundary timer fires twice, a second apart (R2/PT1S), each firing making a
    Remind task: a firing run twice would make a task more (and schedule its cycle twice)."""
    one, other = replicas
    process_key = key("short_timers")
    definition = one.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
  <bpmn:intermediateCatchEvent id="Wait">
    <bpmn:timerEventDefinition id="t1">
      <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1S</bpmn:timeDuration>
    </bpmn:timerEventDefinition>
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:boundaryEvent id="Remind" cancelActivity="false" attachedToRef="Review">
    <bpmn:timerEventDefinition id="t2">
      <bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R2/PT1S</bpmn:timeCycle>
    </bpmn:timerEventDefinition>
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f4" sourceRef="Remind" targetRef="Reminder" />
  <bpmn:userTask id="Reminder" />
  <bpmn:sequenceFlow id="f5" sourceRef="Reminder" targetRef="Reminded" />
  <bpmn:endEvent id="Reminded" />
</bpmn:process>
""")
    instances = [(one if i % 2 else other).start_id(definition) for i in range(60)]
    eventually(lambda: not one.jobs_of(process_definition_id=definition), DEADLINE, "every timer to fire")
    for instance in instances:
        assert task_keys(other, instance) == ["Reminder", "Reminder", "Review"]
        assert one.activities(instance) == ["Reminder", "Reminder", "Review"]
    assert sorted(_instances(other, definition)) == sorted(instances)


@pytest.mark.slow
def test_a_failing_job_loses_one_retry_per_attempt_and_opens_one_incident(replicas: list[Failures]) -> None:
    """An asynchronous gateway whose condition cannot be evaluated: three attempts, each
    counted once (the step's attempts, the job's retries), then one failedJob incident."""
    one, other = replicas
    process_key = key("failing")
    definition = one.deploy_inline(process_key, failing_gateway(process_key))
    instances = [(one if i % 2 else other).start_id(definition) for i in range(40)]

    def stopped() -> bool:
        jobs = one.jobs_of(process_definition_id=definition, page=EVERYTHING)
        return len(jobs) == len(instances) and all(j.retries == 0 and not j.lock_owner for j in jobs)

    eventually(stopped, DEADLINE, "every job to run out of retries")
    for instance in instances:
        [job] = other.jobs_of(instance)
        assert (job.retries, job.activity_id) == (0, "Gate") and "amount" in job.exception_message
        [step] = one.steps_of(instance)
        assert (step.state, step.attempts, step.job_id) == (Step.STATE_FAILED, 3, job.id)
        incidents = list(other.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(
            process_instance_id=instance)).incidents)
        assert [(i.incident_type, i.configuration, i.state) for i in incidents] == [
            ("failedJob", job.id, incident_pb2.Incident.STATE_OPEN)]
        assert step.incident_id == incidents[0].id


@pytest.mark.slow
def test_a_failing_timer_start_opens_one_incident_on_its_definition(replicas: list[Failures]) -> None:
    """A timer start event whose every start fails at the gateway: no instance, three attempts
    and then one failedJob incident on the definition."""
    one, other = replicas
    process_key = key("failing_start")
    definition = one.deploy_inline(process_key, failing_gateway(process_key, start_cycle="R2/PT1S"))

    def stopped() -> bool:
        jobs = other.jobs_of(process_definition_id=definition)
        return len(jobs) == 1 and jobs[0].retries == 0 and not jobs[0].lock_owner

    eventually(stopped, DEADLINE, "the start job to run out of retries")
    [job] = one.jobs_of(process_definition_id=definition)
    incidents = list(other.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(
        process_definition_id=definition)).incidents)
    assert [(i.incident_type, i.configuration, i.activity_id, i.state) for i in incidents] == [
        ("failedJob", job.id, "Start", incident_pb2.Incident.STATE_OPEN)]
    assert _instances(one, definition, include_ended=True) == []
