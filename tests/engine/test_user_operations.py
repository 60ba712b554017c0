"""The operation log (HistoryService.QueryUserOperations): the calls that act on failures and
running instances leave who did what, when, with the values before and after; the entries of
one call share an operation id; a failed call leaves none; tenants see their own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import grpc

from flowkeeper.engine.v1 import (
    execution_pb2,
    external_task_pb2 as et,
    job_pb2,
    process_instance_pb2 as pi,
    types_pb2,
)
from tests.engine.failure_support import key, long, one_task, string
from tests.engine.history_support import OperationLog
from tests.engine.work_support import waiting
from tests.support import expect_error, unique


class Log(OperationLog):
    def failed_task(self, tenant: str = "") -> tuple[str, str]:
        """An instance whose one external task failed for good: (instance id, task id)."""
        process_key, topic = key("logged"), key("topic")
        instance = self.start_id(self.deploy_inline(process_key, one_task(process_key, topic), tenant))
        [locked] = self.fetch("worker", self.topic(topic))
        self.fail(locked.external_task.id, "worker", retries=0)
        return instance, locked.external_task.id


def test_retries_raised_by_an_operator_are_logged_with_before_and_after(server, api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    instance, task = log.failed_task()
    assert log.of(process_instance_id=instance) == []  # a worker's failure is not an operator's operation
    operator = unique("operator")
    as_operator = Log(server.api(server.token(operator, admin=True)))
    before = server.clock.now()
    as_operator.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[task], retries=3))
    [entry] = log.entries(process_instance_id=instance)
    assert (entry.operation_type, entry.entity_type, entry.category, entry.user_id) == (
        "SetExternalTaskRetries", "ExternalTask", "Operator", operator)
    assert (entry.property, entry.org_value, entry.new_value, entry.external_task_id) == ("retries", "0", "3", task)
    assert entry.timestamp.ToDatetime().replace(tzinfo=before.tzinfo) == before
    assert entry.process_definition_key.startswith("logged") and entry.execution_id and entry.operation_id


def test_incident_operations(api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    process_key = key("custom")
    instance = log.start_id(log.deploy_inline(process_key, waiting(process_key)))
    incident = log.create_incident(log.at(instance, "Review"), "manual-check").id
    log.incidents.SetIncidentAnnotation(_annotation(incident, "looking into it"))
    log.incidents.SetIncidentAnnotation(_annotation(incident, "the vendor is down"))
    log.resolve(incident)
    assert log.of(process_instance_id=instance) == [
        ("CreateIncident", "Incident", "incidentType", "", "manual-check"),
        ("SetAnnotation", "Incident", "annotation", "", "looking into it"),
        ("SetAnnotation", "Incident", "annotation", "looking into it", "the vendor is down"),
        ("Resolve", "Incident", "", "", ""),
    ]
    assert {e.incident_id for e in log.entries(process_instance_id=instance)} == {incident}
    assert log.count(incident_id=incident, operation_type="SetAnnotation") == 2


def _annotation(incident_id: str, text: str) -> Any:
    from flowkeeper.engine.v1 import incident_pb2

    return incident_pb2.SetIncidentAnnotationRequest(incident_id=incident_id, annotation=text)


def test_a_restarted_step_logs_its_parameters_and_the_instance_operations_follow(api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    instance, _ = log.failed_task()
    [step] = log.steps_of(instance)
    log.restart(step.id, {"region": string("eu"), "attempt": long(2)})
    log.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    log.instances.ActivateProcessInstance(pi.ActivateProcessInstanceRequest(id=instance))
    log.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=instance, annotation="retry from the start",
        instructions=[pi.ModificationInstruction(type=pi.ModificationInstruction.TYPE_START_BEFORE_ACTIVITY,
                                                 activity_id="Wait")]))
    log.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance, reason="duplicate order"))
    assert log.of(process_instance_id=instance) == [
        ("RestartFailedStep", "ProcessStep", "attempt", "", "2"),
        ("RestartFailedStep", "ProcessStep", "region", "", "eu"),
        ("Suspend", "ProcessInstance", "suspended", "false", "true"),
        ("Activate", "ProcessInstance", "suspended", "true", "false"),
        ("ModifyProcessInstance", "ProcessInstance", "", "", ""),
        ("Delete", "ProcessInstance", "deleteReason", "", "duplicate order"),
    ]
    # The modification's annotation is its entry's, as the document's engine keeps it (not a property).
    assert [(e.operation_type, e.annotation) for e in log.entries(process_instance_id=instance) if e.annotation] == [
        ("ModifyProcessInstance", "retry from the start")]
    restart = log.entries(process_instance_id=instance, operation_type="RestartFailedStep")
    assert restart[0].operation_id == restart[1].operation_id and restart[0].process_step_id == step.id
    others = {e.operation_id for e in log.entries(process_instance_id=instance)} - {restart[0].operation_id}
    assert len(others) == 4


def test_a_step_completed_by_an_admin_logs_its_parameters(api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    process_key, topic = key("completed"), key("topic")
    instance = log.start_id(log.deploy_inline(process_key, one_task(process_key, topic)))
    [step] = log.steps_of(instance)
    log.complete_step(step.id, {"approved": string("yes")})
    assert log.of(process_instance_id=instance) == [("CompleteStep", "ProcessStep", "approved", "", "yes")]


def test_job_operations(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    quiet = fresh_server(server.backend, background=False)
    log = Log(quiet.api())
    process_key = key("timed")
    instance = log.start_id(log.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Later" />
  <bpmn:task id="Later" camunda:asyncBefore="true" />
  <bpmn:sequenceFlow id="f2" sourceRef="Later" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""))
    [job] = log.jobs_of(instance)
    log.jobs.SetJobRetries(job_pb2.SetJobRetriesRequest(ids=[job.id], retries=5))
    log.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(id=job.id, suspended=True))
    log.jobs.SetJobSuspensionState(job_pb2.SetJobSuspensionStateRequest(id=job.id, suspended=False))
    log.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job.id))
    assert log.of(process_instance_id=instance) == [
        ("SetJobRetries", "Job", "retries", "3", "5"),
        ("Suspend", "Job", "suspended", "false", "true"),
        ("Activate", "Job", "suspended", "true", "false"),
        ("Execute", "Job", "", "", ""),
    ]
    assert {e.job_id for e in log.entries(process_instance_id=instance)} == {job.id}
    assert log.count(job_id=job.id, entity_type="Job") == 4


def test_a_refused_call_leaves_no_entry(api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    instance, task = log.failed_task()
    expect_error(lambda: log.external.SetExternalTaskRetries(
        et.SetExternalTaskRetriesRequest(ids=[task, "no-such-task"], retries=3)),
        grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_NOT_FOUND")
    assert log.of(process_instance_id=instance) == []


def test_filters_sorting_and_paging(server, api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    instance, task = log.failed_task()
    start = server.clock.now()
    for retries in (1, 2, 3):
        server.clock.advance(timedelta(minutes=1))
        log.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[task], retries=retries))
    server.clock.advance(timedelta(minutes=1))
    log.external.UnlockExternalTask(et.UnlockExternalTaskRequest(id=task))
    mine: dict[str, Any] = {"process_instance_id": instance}
    assert [e.new_value for e in log.entries(**mine)] == ["1", "2", "3", ""]
    newest_first = [execution_pb2.Sorting(sort_by="timestamp", sort_order="desc")]
    assert [e.operation_type for e in log.entries(**mine, sorting=newest_first)][0] == "Unlock"
    assert log.count(**mine, operation_type="SetExternalTaskRetries") == 3
    assert log.count(**mine, property="retries", entity_type="ExternalTask", external_task_id=task) == 3
    assert log.count(**mine, user_id="admin") == 4 and log.count(**mine, user_id="someone-else") == 0
    after = log.entries(**mine, after_timestamp=_ts(start + timedelta(minutes=2)))
    assert [e.new_value for e in after] == ["2", "3", ""]
    before = log.entries(**mine, before_timestamp=_ts(start + timedelta(minutes=2)))
    assert [e.new_value for e in before] == ["1", "2"]
    page = log.entries(**mine, page=types_pb2.OffsetPage(first_result=1, max_results=2))
    assert [e.new_value for e in page] == ["2", "3"]
    entry = log.entries(**mine)[0]
    for name in ("operation_id", "process_definition_id", "process_definition_key", "execution_id"):
        assert log.count(**mine, **{name: getattr(entry, name)}) >= 1
    assert log.count(**mine, category="Operator") == 4 and log.count(**mine, category="TaskWorker") == 0

    for bad, field in ((dict(sorting=[execution_pb2.Sorting(sort_by="operationType", sort_order="asc")]),
                        "sorting[0].sort_by"),
                       (dict(tenant_id_in=["t"], without_tenant_id=True), "without_tenant_id")):
        failed = expect_error(lambda: log.entries(**bad), grpc.StatusCode.INVALID_ARGUMENT)
        assert failed.fields == [field]


def _ts(moment):  # type: ignore[no-untyped-def]
    from google.protobuf import timestamp_pb2

    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def test_tenants_see_their_own_entries(server, api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    tenant = unique("tenant")
    instance, task = log.failed_task(tenant)
    log.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[task], retries=1))
    other = Log(server.api(server.token(tenants=(unique("other"),))))
    own = Log(server.api(server.token(tenants=(tenant,))))
    assert other.count(process_instance_id=instance) == 0 and other.entries(external_task_id=task) == []
    assert own.count(process_instance_id=instance) == 1
    assert [e.tenant_id for e in own.entries(process_instance_id=instance)] == [tenant]
    assert log.count(process_instance_id=instance, tenant_id_in=[tenant]) == 1
    assert log.count(process_instance_id=instance, without_tenant_id=True) == 0
