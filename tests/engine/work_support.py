"""Helpers for the tests of external tasks and jobs: a worker over the real API, processes
written inline (each test its own process key, so timers and topics of other tests never
interfere), and waiting for the job executor."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any, Callable, Sequence, TypeVar

from google.protobuf import duration_pb2

from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.engine.v1 import external_task_pb2_grpc, job_pb2, job_pb2_grpc
from tests.engine.resources.modeler import render
from tests.engine.support import Engine, typed_map
from tests.support import Api, unique

T = TypeVar("T")


def seconds(value: float) -> duration_pb2.Duration:
    out = duration_pb2.Duration()
    out.FromTimedelta(timedelta(seconds=value))
    return out


def eventually(probe: Callable[[], T], timeout: float = 10.0, what: str = "the condition") -> T:
    """Polls ``probe`` until it returns something truthy (the job executor works in the
    background); fails after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; last: {result!r}")
        time.sleep(0.02)


class Work(Engine):
    """The engine's stubs plus ExternalTaskService and JobService."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)
        self.external = api.stub(external_task_pb2_grpc.ExternalTaskServiceStub)
        self.jobs = api.stub(job_pb2_grpc.JobServiceStub)

    def deploy_inline(self, key: str, body: str) -> str:
        """Deploys a process written as the semantic BPMN of one ``bpmn:process``; its definition id."""
        deployment = self.deploy(contents={f"{key}.bpmn": render(body, key).encode()})
        return self.definition_id(deployment, key)

    def start_id(self, definition_id: str, variables: dict[str, Any] | None = None, business_key: str = "") -> str:
        return self.start(definition_id, variables, business_key).process_instance.id

    # -- workers ----------------------------------------------------------------------------------

    def topic(self, name: str, lock: float = 60, **options: Any) -> et.FetchTopic:
        return et.FetchTopic(topic_name=name, lock_duration=seconds(lock), **options)

    def fetch(self, worker: str, *topics: et.FetchTopic, max_tasks: int = 10, use_priority: bool = False,
              wait: float = 0, timeout: float | None = None,
              sorting: Sequence[tuple[str, str]] = ()) -> list[et.LockedExternalTask]:
        request = et.FetchAndLockRequest(worker_id=worker, max_tasks=max_tasks, use_priority=use_priority,
                                         topics=list(topics),
                                         sorting=[{"sort_by": by, "sort_order": order} for by, order in sorting])
        if wait:
            request.async_response_timeout.CopyFrom(seconds(wait))
        return list(self.external.FetchAndLock(request, timeout=timeout).external_tasks)

    def complete_external(self, task_id: str, worker: str, variables: dict[str, Any] | None = None,
                          local_variables: dict[str, Any] | None = None) -> None:
        self.external.CompleteExternalTask(et.CompleteExternalTaskRequest(
            id=task_id, worker_id=worker, variables=typed_map(variables or {}),
            local_variables=typed_map(local_variables or {})))

    def fail(self, task_id: str, worker: str, retries: int, timeout: float = 0, message: str = "boom",
             details: str = "") -> et.ExternalTask:
        request = et.HandleExternalTaskFailureRequest(id=task_id, worker_id=worker, error_message=message,
                                                      error_details=details, retries=retries)
        if timeout:
            request.retry_timeout.CopyFrom(seconds(timeout))
        return self.external.HandleExternalTaskFailure(request).external_task

    def external_task(self, task_id: str) -> et.ExternalTask:
        return self.external.GetExternalTask(et.GetExternalTaskRequest(id=task_id)).external_task

    def external_tasks(self, **filters: Any) -> list[et.ExternalTask]:
        return list(self.external.QueryExternalTasks(et.QueryExternalTasksRequest(**filters)).external_tasks)

    # -- jobs -----------------------------------------------------------------------------------

    def jobs_of(self, instance_id: str = "", **filters: Any) -> list[job_pb2.Job]:
        return list(self.jobs.QueryJobs(job_pb2.QueryJobsRequest(process_instance_id=instance_id, **filters)).jobs)

    def activities(self, instance_id: str) -> list[str]:
        """Sorted activity ids of the instance's executions (empty ids left out)."""
        return sorted(e.activity_id for e in self.tree(instance_id) if e.activity_id)

    def ended(self, instance_id: str) -> bool:
        return self.instance(instance_id).ended


def key(prefix: str) -> str:
    """A unique process key (an XML NCName)."""
    return unique(prefix).replace("-", "_")


# -- small processes ----------------------------------------------------------------------------


def waiting(process_key: str) -> str:
    """Start, a user task Review, end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def calling(process_key: str, called_key: str) -> str:
    """Start, a call activity Call of ``called_key`` (its latest version), end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Call" />
  <bpmn:callActivity id="Call" calledElement="{called_key}" />
  <bpmn:sequenceFlow id="f2" sourceRef="Call" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


# An embedded subprocess Sub ("Review") that forks into user tasks Legal and Finance and joins
# them at SubJoin before its end.
REVIEW_SUBPROCESS = """  <bpmn:subProcess id="Sub" name="Review">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s0" sourceRef="SubStart" targetRef="SubFork" />
    <bpmn:parallelGateway id="SubFork" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubFork" targetRef="Legal" />
    <bpmn:sequenceFlow id="s2" sourceRef="SubFork" targetRef="Finance" />
    <bpmn:userTask id="Legal" />
    <bpmn:userTask id="Finance" />
    <bpmn:sequenceFlow id="s3" sourceRef="Legal" targetRef="SubJoin" />
    <bpmn:sequenceFlow id="s4" sourceRef="Finance" targetRef="SubJoin" />
    <bpmn:parallelGateway id="SubJoin" />
    <bpmn:sequenceFlow id="s5" sourceRef="SubJoin" targetRef="SubEnd" />
    <bpmn:endEvent id="SubEnd" />
  </bpmn:subProcess>
"""


def spread(process_key: str, topic: str) -> str:
    """A fork into: an external task with a boundary event, an embedded subprocess that forks
    again into two user tasks, and a path straight to the joining gateway."""
    return f"""
<bpmn:process id="{process_key}" name="Spread" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="fa" sourceRef="Fork" targetRef="Work" />
  <bpmn:sequenceFlow id="fs" sourceRef="Fork" targetRef="Sub" />
  <bpmn:sequenceFlow id="fj" sourceRef="Fork" targetRef="Join" />
  <bpmn:serviceTask id="Work" name="Do the work" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:boundaryEvent id="Cancelled" attachedToRef="Work">
    <bpmn:messageEventDefinition id="m1" messageRef="Msg" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="fc" sourceRef="Cancelled" targetRef="CancelEnd" />
  <bpmn:endEvent id="CancelEnd" />
{REVIEW_SUBPROCESS}  <bpmn:sequenceFlow id="fa2" sourceRef="Work" targetRef="Join" />
  <bpmn:sequenceFlow id="fs2" sourceRef="Sub" targetRef="Join" />
  <bpmn:parallelGateway id="Join" />
  <bpmn:sequenceFlow id="fe" sourceRef="Join" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
<bpmn:message id="Msg" name="{process_key}-cancel" />
"""


# -- processes with external tasks ------------------------------------------------------------


def one_task(process_key: str, topic: str, priority: str = "") -> str:
    prio = f' camunda:taskPriority="{priority}"' if priority else ""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}"{prio} />
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="After" />
  <bpmn:userTask id="After" />
  <bpmn:sequenceFlow id="f3" sourceRef="After" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def with_boundary(process_key: str, topic: str) -> str:
    """The task has a message boundary event: its execution is a scope of its own."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:boundaryEvent id="Cancelled" attachedToRef="Work">
    <bpmn:messageEventDefinition id="m1" messageRef="Msg" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="After" />
  <bpmn:userTask id="After" />
  <bpmn:sequenceFlow id="f3" sourceRef="After" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f4" sourceRef="Cancelled" targetRef="CancelEnd" />
  <bpmn:endEvent id="CancelEnd" />
</bpmn:process>
<bpmn:message id="Msg" name="{process_key}-cancel" />
"""


def deploy_one_task(work: Work, priority: str = "") -> tuple[str, str]:
    """A fresh one-task process on a topic of its own: (definition id, topic)."""
    topic = unique("topic")
    process_key = key("one_task")
    return work.deploy_inline(process_key, one_task(process_key, topic, priority)), topic
