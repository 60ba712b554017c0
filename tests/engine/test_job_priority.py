"""camunda:jobPriority: the priority of an element's jobs (asynchronous continuations and
timers), its own or else its process's, 0 when neither says; a constant or an expression
evaluated at the path (a start timer's, which has none, without variables). The job executor
takes higher priorities first (server.engine.jobs: acquisition orders by priority)."""

from __future__ import annotations

import grpc

from tests.engine.history_support import JobLogs
from tests.engine.job_support import timer
from tests.engine.work_support import key
from tests.support import expect_error


def prioritised(process_key: str, process_priority: str = 'camunda:jobPriority="7"') -> str:
    """Prepare (async, the process's priority), Check (async, ${prio}), then Review with a
    boundary timer of priority 3."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180" {process_priority}>
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Prepare" />
  <bpmn:task id="Prepare" camunda:asyncBefore="true" />
  <bpmn:sequenceFlow id="f2" sourceRef="Prepare" targetRef="Check" />
  <bpmn:task id="Check" camunda:asyncBefore="true" camunda:jobPriority="${{prio}}" />
  <bpmn:sequenceFlow id="f3" sourceRef="Check" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:boundaryEvent id="Late" attachedToRef="Review" camunda:jobPriority="3">
    {timer("timeDuration", "PT1H", "Late")}
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f4" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f5" sourceRef="Late" targetRef="Escalated" />
  <bpmn:endEvent id="Escalated" />
</bpmn:process>
"""


def priorities(h: JobLogs, instance: str) -> dict[str, int]:
    return {job.activity_id: job.priority for job in h.jobs_of(instance)}


def test_an_element_s_own_priority_else_its_process_s(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    h = JobLogs(fresh_server(server.backend, background=False).api())
    process_key = key("prioritised")
    instance = h.start_id(h.deploy_inline(process_key, prioritised(process_key)), {"prio": 20})
    assert priorities(h, instance) == {"Prepare": 7}
    h.execute(h.the_job(instance).id)
    assert priorities(h, instance) == {"Check": 20}
    h.execute(h.the_job(instance).id)
    assert priorities(h, instance) == {"Late": 3}
    # The job log carries it too.
    assert [(e.activity_id, e.job_priority) for e in h.job_logs(process_instance_id=instance, creation_log=True)] == [
        ("Prepare", 7), ("Check", 20), ("Late", 3)]
    # Without a process priority, an element without its own has 0.
    plain_key = key("plain")
    plain = h.start_id(h.deploy_inline(plain_key, prioritised(plain_key, "")), {"prio": 1})
    assert priorities(h, plain) == {"Prepare": 0}


def test_a_start_timer_s_priority(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    h = JobLogs(fresh_server(server.backend, background=False).api())
    process_key = key("started")
    definition = h.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180" camunda:jobPriority="2">
  <bpmn:startEvent id="Hourly" camunda:jobPriority="${{4 + 5}}">{timer("timeCycle", "R2/PT1H", "Hourly")}</bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="Hourly" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
""")
    [job] = h.jobs_of(process_definition_id=definition)
    assert job.priority == 9
    h.execute(job.id)
    [following] = h.jobs_of(process_definition_id=definition)
    assert following.priority == 9  # the cycle's next job keeps it


def test_a_priority_that_is_no_integer(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    h = JobLogs(fresh_server(server.backend, background=False).api())
    process_key = key("refused")
    for placed in ('camunda:jobPriority="high"', 'camunda:jobPriority="1.5"'):
        body = prioritised(process_key, placed)
        failed = expect_error(lambda: h.deploy_inline(process_key, body), grpc.StatusCode.INVALID_ARGUMENT,
                              "INVALID_BPMN")
        assert "camunda:jobPriority" in failed.message
    # An expression that yields no integer fails the run that would schedule the job: the run
    # is the job's failure (its retries go down), and nothing it did is kept.
    definition = h.deploy_inline(process_key, prioritised(process_key))
    instance = h.start_id(definition, {"prio": "soon"})
    failed = expect_error(lambda: h.execute(h.the_job(instance).id), grpc.StatusCode.FAILED_PRECONDITION,
                          "EXPRESSION_EVALUATION_FAILED")
    assert "Check" in failed.message
    assert priorities(h, instance) == {"Prepare": 7}
    job = h.the_job(instance)
    assert (job.retries, "is not an integer" in job.exception_message) == (2, True)
    # Nor one beyond the 64 bits a priority holds: a failure, not an error of the database.
    beyond = h.start_id(definition, {"prio": str(2**63)})
    expect_error(lambda: h.execute(h.the_job(beyond).id), grpc.StatusCode.FAILED_PRECONDITION,
                 "EXPRESSION_EVALUATION_FAILED")
    assert "beyond a 64-bit priority" in h.the_job(beyond).exception_message
