"""The job executor running a due job while an API call acts on the same job or instance: each
pair answers and ends as the two, one after the other, would (in one order or the other).

The session server's executor works in the background and its timing is not the test's to
choose. The serial orders therefore run on a second server of the same backend whose executor
is off, driven round by round by the executor's own code (JobExecutor.run_once): the clock moves
until the job is due, then the call and then the executor, or the executor and then the call.
That gives the answers and the end states allowed. On the session server the clock then moves
for many subjects at once, and while its executor works through their jobs the call is sent to
each, spread over the time that takes; once every subject is settled (no job due and free, none
held by an executor) each must have answered and ended as one of the serial orders. Only
outcomes are compared, never timing.

ExecuteJob may also answer FAILED_PRECONDITION (JOB_LOCKED) while an executor holds the job (as
documented): the executor's acquisition is a transaction of its own, and the end state must then
be the executor's. The end state is tests.engine.racing.instance_state, with due
dates read as "due" or "later"; an ended instance must have left nothing behind."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta, timezone
from typing import Any, Callable, Iterator

import pytest

from flowkeeper.engine.v1 import job_pb2
from server.engine.jobs import JobExecutor
from tests.conftest import database_url, start_server
from tests.engine.job_support import catch_timer, failing_gateway, set_amount
from tests.engine.racing import Engine, instance_state
from tests.engine.work_support import eventually, key
from tests.support import ServerHandle, at_once, status_of, unique

pytestmark = pytest.mark.usefixtures("no_deadlock")

SUBJECTS = 16
SPREAD = 0.01  # seconds between the calls of the race, so they meet the executor at every stage
DUE = timedelta(minutes=5)

Subject = dict[str, str]  # instance, job and (where there is one) task ids
Call = Callable[[Subject], object]


@dataclass
class Side:
    """A server, its stubs, and how to let its executor finish what is due."""

    server: ServerHandle
    engine: Engine
    background: bool

    def settle(self, instances: list[str]) -> None:
        """Returns once no job of ``instances`` is due and free and no executor holds one:
        waits for the background executor, or runs the executor's rounds here."""
        if self.background:
            eventually(lambda: all(self._settled(i) for i in instances), timeout=30,
                       what="the executor to finish the due jobs")
            return
        executor = JobExecutor(self.server.running.app)
        while executor.run_once():
            pass
        assert all(self._settled(i) for i in instances)

    def _settled(self, instance: str) -> bool:
        now = self.server.clock.now()
        for job in self.engine.jobs_of(instance):
            if job.lock_owner:
                return False
            due = job.due_date.ToDatetime(tzinfo=timezone.utc) <= now if job.HasField("due_date") else True
            if due and job.retries > 0 and not job.suspended:
                return False
        return True

    def state(self, instance: str) -> tuple[Any, ...]:
        """instance_state, with each job's due date as "due" or "later"."""
        found = instance_state(self.server, instance)
        now = self.server.clock.now()
        jobs = sorted((*row[:4], "later" if row[4] is not None and row[4] > now else "due") for row in found[4])
        return (*found[:4], jobs, *found[5:])


@pytest.fixture(scope="module")
def quiet(server, request, tmp_path_factory) -> Iterator[ServerHandle]:  # type: ignore[no-untyped-def]
    """A server of the session server's backend whose job executor is off."""
    handle = start_server(database_url(server.backend, request, tmp_path_factory), server.backend, background=False)
    yield handle
    handle.close()
    handle.running.stop(None)


@pytest.fixture
def sides(server, quiet) -> tuple[Side, Side]:  # type: ignore[no-untyped-def]
    """(the session server with its executor, the quiet one)."""
    return Side(server, Engine(server.api()), True), Side(quiet, Engine(quiet.api()), False)


Make = Callable[[int], list[Subject]]


def check_executor_race(sides: tuple[Side, Side], subjects_of: Callable[[Side], Make],
                        call_of: Callable[[Engine], Call], locked_answers: tuple[str, ...] = ()) -> None:
    """``subjects_of(side)`` gives a maker of n subjects whose job falls due when the clock moves
    by DUE; ``call_of(engine)`` the call on one. ``locked_answers``: answers the call may also
    give while the executor holds the job, the end state then being the executor's."""
    racing, serial = sides

    def answer(side: Side, call: Call, subject: Subject) -> str:
        return status_of(lambda: call(subject), reason=True)

    make, call = subjects_of(serial), call_of(serial.engine)
    allowed = []
    for call_first in (True, False):
        [subject] = make(1)
        serial.server.clock.advance(DUE)
        got = answer(serial, call, subject) if call_first else ""
        serial.settle([subject["instance"]])
        if not call_first:
            executor_state = serial.state(subject["instance"])
            allowed += [(locked, executor_state) for locked in locked_answers]
            got = answer(serial, call, subject)
            serial.settle([subject["instance"]])
        allowed.append((got, serial.state(subject["instance"])))

    make, call = subjects_of(racing), call_of(racing.engine)
    subjects = make(SUBJECTS)
    racing.server.clock.advance(DUE)

    def spread(index: int, subject: Subject) -> str:
        time.sleep(index * SPREAD)
        return answer(racing, call, subject)

    answers = at_once([lambda i=i, s=s: spread(i, s) for i, s in enumerate(subjects)])  # type: ignore[misc]
    racing.settle([s["instance"] for s in subjects])
    for subject, got in zip(subjects, answers):
        outcome = (got, racing.state(subject["instance"]))
        assert outcome in allowed, (
            f"the call racing the executor answered {got} and left\n  {outcome[1]}\n"
            "the two one after the other give one of:\n" + "\n".join(f"  {a}: {s}" for a, s in allowed))


# -- the subjects ---------------------------------------------------------------------------------


def _one_job_each(engine: Engine, definition: str) -> Make:
    """Instances of ``definition`` that each wait on one job."""

    def make(n: int) -> list[Subject]:
        subjects = []
        for _ in range(n):
            instance = engine.run(definition)
            [job] = engine.jobs_of(instance)
            subjects.append({"instance": instance, "job": job.id})
        return subjects

    return make


def _timers(side: Side) -> Make:
    """Instances waiting at an intermediate timer (five minutes), then a user task."""
    engine = side.engine
    process_key = key("timer_race")
    definition = engine.deploy_inline(process_key, catch_timer(process_key, "PT5M"))

    return _one_job_each(engine, definition)


def _continuations(side: Side, *, fixed: bool = True) -> Make:
    """Instances whose asynchronous continuation (before a gateway) failed once and is retried
    in five minutes (failedJobRetryTimeCycle R3/PT5M). ``fixed``: the variable it lacked is
    set, so the retry succeeds; else it fails again."""
    engine = side.engine
    process_key = key("async_race")
    definition = engine.deploy_inline(process_key, failing_gateway(process_key, retry_cycle="R3/PT5M"))

    def make(n: int) -> list[Subject]:
        instances = [engine.run(definition) for _ in range(n)]
        side.settle(instances)
        jobs = [engine.jobs_of(i, with_exception=True) for i in instances]
        assert all(len(j) == 1 and j[0].retries == 2 for j in jobs), jobs
        for instance in instances if fixed else ():
            set_amount(engine, instance, 1)
        return [{"instance": i, "job": j[0].id} for i, j in zip(instances, jobs)]

    return make


def _boundary_timers(side: Side, *, interrupting: bool) -> Make:
    """Instances at a user task Review whose timer (five minutes; not interrupting, a cycle of
    two) leads to a user task Escalated; Review completed ends the instance (not interrupting:
    once Escalated is done too)."""
    engine = side.engine
    process_key = key("boundary_race")
    timer = ("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">PT5M</bpmn:timeDuration>" if interrupting
             else "<bpmn:timeCycle xsi:type=\"bpmn:tFormalExpression\">R2/PT5M</bpmn:timeCycle>")
    definition = engine.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:boundaryEvent id="Late" attachedToRef="Review" cancelActivity="{str(interrupting).lower()}">
    <bpmn:timerEventDefinition id="t1">{timer}</bpmn:timerEventDefinition>
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="Reviewed" />
  <bpmn:endEvent id="Reviewed" />
  <bpmn:sequenceFlow id="f3" sourceRef="Late" targetRef="Escalated" />
  <bpmn:userTask id="Escalated" />
  <bpmn:sequenceFlow id="f4" sourceRef="Escalated" targetRef="Done" />
  <bpmn:endEvent id="Done" />
</bpmn:process>
""")

    def make(n: int) -> list[Subject]:
        subjects = []
        for _ in range(n):
            instance = engine.run(definition)
            [job] = engine.jobs_of(instance)
            subjects.append({"instance": instance, "job": job.id, "task": engine.task_at(instance, "Review").id})
        return subjects

    return make


def _gateways(side: Side, message: str) -> Make:
    """Instances at an event-based gateway: the message ``message`` leads to a user task Paid,
    a timer (five minutes) to a user task Chase."""
    engine = side.engine
    process_key = key("gateway_race")
    definition = engine.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Gate" />
  <bpmn:eventBasedGateway id="Gate" />
  <bpmn:sequenceFlow id="f2" sourceRef="Gate" targetRef="Payment" />
  <bpmn:intermediateCatchEvent id="Payment">
    <bpmn:messageEventDefinition id="m1" messageRef="PaymentMessage" />
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="Gate" targetRef="Timeout" />
  <bpmn:intermediateCatchEvent id="Timeout">
    <bpmn:timerEventDefinition id="t1">
      <bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT5M</bpmn:timeDuration>
    </bpmn:timerEventDefinition>
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f4" sourceRef="Payment" targetRef="Paid" />
  <bpmn:userTask id="Paid" />
  <bpmn:sequenceFlow id="f5" sourceRef="Paid" targetRef="End1" />
  <bpmn:endEvent id="End1" />
  <bpmn:sequenceFlow id="f6" sourceRef="Timeout" targetRef="Chase" />
  <bpmn:userTask id="Chase" />
  <bpmn:sequenceFlow id="f7" sourceRef="Chase" targetRef="End2" />
  <bpmn:endEvent id="End2" />
</bpmn:process>
<bpmn:message id="PaymentMessage" name="{message}" />
""")

    return _one_job_each(engine, definition)


# -- the calls ------------------------------------------------------------------------------------


def _execute(engine: Engine) -> Call:
    return lambda s: engine.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=s["job"]))


def _set_retries(engine: Engine, retries: int) -> Call:
    return lambda s: engine.jobs.SetJobRetries(job_pb2.SetJobRetriesRequest(ids=[s["job"]], retries=retries))


def _suspend_job(engine: Engine) -> Call:
    return lambda s: engine.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(id=s["job"],
                                                                                            suspended=True))


JOB_CALLS: dict[str, Callable[[Engine], Call]] = {
    "ExecuteJob": _execute,
    "SetJobRetries(0)": lambda engine: _set_retries(engine, 0),
    "SetJobRetries(5)": lambda engine: _set_retries(engine, 5),
    "SetJobSuspensionState": _suspend_job,
    "SuspendProcessInstance": lambda engine: lambda s: engine.suspend(s["instance"]),
    "DeleteProcessInstance": lambda engine: lambda s: engine.delete(s["instance"]),
}
LOCKED = ("FAILED_PRECONDITION JOB_LOCKED",)


@pytest.mark.parametrize("name", list(JOB_CALLS))
def test_a_due_timer_against_job_and_instance_calls(sides, name):  # type: ignore[no-untyped-def]
    check_executor_race(sides, _timers, JOB_CALLS[name], LOCKED if name == "ExecuteJob" else ())


@pytest.mark.parametrize("name", list(JOB_CALLS))
def test_a_due_continuation_against_job_and_instance_calls(sides, name):  # type: ignore[no-untyped-def]
    check_executor_race(sides, _continuations, JOB_CALLS[name], LOCKED if name == "ExecuteJob" else ())


@pytest.mark.parametrize("name", list(JOB_CALLS))
def test_a_failing_continuation_against_job_and_instance_calls(sides, name):  # type: ignore[no-untyped-def]
    """The retry fails again: its failure is recorded once, whatever the call did meanwhile."""
    check_executor_race(sides, lambda side: _continuations(side, fixed=False), JOB_CALLS[name],
                        LOCKED if name == "ExecuteJob" else ())


@pytest.mark.parametrize("interrupting", [True, False])
def test_a_firing_boundary_timer_against_complete_task(sides, interrupting):  # type: ignore[no-untyped-def]
    check_executor_race(sides, lambda side: _boundary_timers(side, interrupting=interrupting),
                        lambda engine: lambda s: engine.complete(s["task"]))


def test_a_firing_gateway_timer_against_correlate_message(sides):  # type: ignore[no-untyped-def]
    message = unique("Payment")
    check_executor_race(sides, lambda side: _gateways(side, message),
                        lambda engine: lambda s: engine.correlate(message, process_instance_id=s["instance"]))
