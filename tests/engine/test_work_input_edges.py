"""Edges of the input of the engine's work and failure RPCs: multi-byte incident configurations
at the index's byte limit, Durations too long for a deadline, empty and unknown ids naming their
request field, and RPC names in messages and proto comments that exist."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import grpc
import pytest
from google.protobuf import descriptor_pool, duration_pb2, timestamp_pb2

from flowkeeper.engine.v1 import execution_pb2
from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.engine.v1 import incident_pb2, job_pb2, job_pb2_grpc, process_step_pb2
from tests.engine.failure_support import Failures, Inc, key, one_task
from tests.support import expect_error, unique

# 100 years of 365 days: the longest lock_duration, retry_timeout and new_duration.
MAX_DAYS = 36500
# google.protobuf.Duration's largest valid value (10,000 years), which ends after the year 9999.
TEN_THOUSAND_YEARS = duration_pb2.Duration(seconds=315_576_000_000)
CJK = "界"  # 3 bytes in UTF-8
EMOJI = "🚀"  # 4 bytes in UTF-8


def days(n: float) -> duration_pb2.Duration:
    out = duration_pb2.Duration()
    out.FromTimedelta(timedelta(days=n))
    return out


@pytest.fixture
def engine(api) -> Failures:  # type: ignore[no-untyped-def]
    return Failures(api)


def _started(engine: Failures) -> tuple[str, str]:
    """An instance waiting at one external task: (instance id, topic)."""
    process_key, topic = key("edge"), unique("topic")
    definition_id = engine.deploy_inline(process_key, one_task(process_key, topic))
    return engine.start_id(definition_id), topic


def _locked(engine: Failures, worker: str = "w") -> tuple[str, str, str]:
    """An instance whose external task the worker holds: (instance id, topic, task id)."""
    instance_id, topic = _started(engine)
    [locked] = engine.fetch(worker, engine.topic(topic))
    return instance_id, topic, locked.external_task.id


def _failed_incident(engine: Failures) -> tuple[str, str]:
    """A failedExternalTask incident: (incident id, task id)."""
    instance_id, _, task_id = _locked(engine)
    engine.fail(task_id, "w", retries=0, message="down")
    [incident] = engine.incident_ids(process_instance_id=instance_id)
    return incident, task_id


# -- CreateIncident's configuration: 1000 bytes of UTF-8 ----------------------------------------


def test_a_multi_byte_configuration_up_to_1000_bytes_is_accepted(engine: Failures) -> None:
    instance_id, _ = _started(engine)
    execution_id = engine.at(instance_id, "Work")
    # The widest entry the index can get: 255 four-byte characters of type, 1000 bytes of
    # configuration. PostgreSQL refused 950 CJK characters (2850 bytes) with INTERNAL before.
    cases = [CJK * 333 + "x", EMOJI * 250, "c" * 1000]
    incident_type = EMOJI * 255
    for configuration in cases:
        assert len(configuration.encode()) == 1000
        created = engine.create_incident(execution_id, incident_type, configuration=configuration)
        assert created.configuration == configuration and created.incident_type == incident_type
        assert engine.incident_ids(configuration=configuration) == {created.id}
        assert engine.incident(created.id).configuration == configuration


def test_a_configuration_over_1000_bytes_is_refused_naming_the_field(engine: Failures) -> None:
    instance_id, _ = _started(engine)
    execution_id = engine.at(instance_id, "Work")
    for configuration, size in ((CJK * 950, 2850), (CJK * 334, 1002), (EMOJI * 250 + "x", 1001)):
        refused = expect_error(lambda: engine.create_incident(execution_id, "aType", configuration=configuration),
                               grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert refused.fields == ["configuration"]
        assert refused.info.metadata["field_name"] == "configuration"
        assert (refused.info.metadata["max_bytes"], refused.info.metadata["bytes"]) == ("1000", str(size))
        assert "1000 bytes" in refused.message
    assert engine.incident_ids(execution_id=execution_id) == set()


def test_create_incident_without_execution_id_is_a_missing_field(engine: Failures) -> None:
    missing = expect_error(lambda: engine.create_incident("", "aType"), grpc.StatusCode.INVALID_ARGUMENT,
                           "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["execution_id"]
    # Also when the type is missing too: the execution comes first.
    missing = expect_error(lambda: engine.create_incident("", ""), grpc.StatusCode.INVALID_ARGUMENT,
                           "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["execution_id"]


# -- Durations ----------------------------------------------------------------------------------


def test_a_lock_duration_over_36500_days_is_refused_naming_the_topic(engine: Failures) -> None:
    _, topic = _started(engine)
    for too_long in (TEN_THOUSAND_YEARS, days(MAX_DAYS + 1)):
        request = et.FetchAndLockRequest(worker_id="w", max_tasks=1, topics=[
            engine.topic(topic), et.FetchTopic(topic_name=topic, lock_duration=too_long)])
        refused = expect_error(lambda: engine.external.FetchAndLock(request), grpc.StatusCode.INVALID_ARGUMENT,
                               "INVALID_FIELD")
        assert refused.fields == ["topics[1].lock_duration"]
        assert f"at most {MAX_DAYS} days" in refused.message

        stream = engine.external.StreamTasks(et.StreamTasksRequest(worker_id="w", max_tasks=1,
                                                                   topics=list(request.topics)))
        refused = expect_error(lambda: next(stream), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert refused.fields == ["topics[1].lock_duration"]
    # Nothing was locked; exactly 36500 days is accepted.
    [locked] = engine.fetch("w", et.FetchTopic(topic_name=topic, lock_duration=days(MAX_DAYS)))
    expires = locked.external_task.lock_expiration_time.ToDatetime(tzinfo=timezone.utc)
    assert expires - datetime.now(timezone.utc) > timedelta(days=MAX_DAYS - 1)


def test_a_retry_timeout_over_36500_days_is_refused(engine: Failures) -> None:
    _, topic, task_id = _locked(engine)

    def fail(timeout: duration_pb2.Duration) -> et.ExternalTask:
        return engine.external.HandleExternalTaskFailure(et.HandleExternalTaskFailureRequest(
            id=task_id, worker_id="w", retries=1, retry_timeout=timeout)).external_task

    for too_long in (TEN_THOUSAND_YEARS, days(MAX_DAYS + 1)):
        refused = expect_error(lambda: fail(too_long), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert refused.fields == ["retry_timeout"]
    # Nothing changed: the worker still holds the task.
    task = engine.external_task(task_id)
    assert task.locked and task.worker_id == "w" and not task.HasField("retries")
    failed = fail(days(MAX_DAYS))
    assert failed.retries == 1 and not failed.locked
    assert engine.fetch("w", engine.topic(topic)) == []


def test_a_new_lock_duration_over_36500_days_is_refused(engine: Failures) -> None:
    _, _, task_id = _locked(engine)

    def extend(duration: duration_pb2.Duration) -> et.ExternalTask:
        return engine.external.ExtendExternalTaskLock(et.ExtendExternalTaskLockRequest(
            id=task_id, worker_id="w", new_duration=duration)).external_task

    before = engine.external_task(task_id).lock_expiration_time
    for too_long in (TEN_THOUSAND_YEARS, days(MAX_DAYS + 1)):
        refused = expect_error(lambda: extend(too_long), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert refused.fields == ["new_duration"]
    assert engine.external_task(task_id).lock_expiration_time == before
    assert extend(days(MAX_DAYS)).locked


def test_a_duration_outside_its_own_range_is_refused_naming_the_field(engine: Failures) -> None:
    """protoc's Python runtime sends such Durations (grpcurl refuses to)."""
    instance_id, topic, task_id = _locked(engine)
    invalid = [duration_pb2.Duration(seconds=10**15), duration_pb2.Duration(seconds=315_576_000_001),
               duration_pb2.Duration(seconds=1, nanos=-1), duration_pb2.Duration(nanos=1_000_000_000)]
    for bad in invalid:
        request = et.FetchAndLockRequest(worker_id="w", max_tasks=1,
                                         topics=[et.FetchTopic(topic_name=topic, lock_duration=bad)])
        refused = expect_error(lambda: engine.external.FetchAndLock(request), grpc.StatusCode.INVALID_ARGUMENT,
                               "INVALID_FIELD")
        assert refused.fields == ["topics[0].lock_duration"]

        request = et.FetchAndLockRequest(worker_id="w", max_tasks=1, topics=[engine.topic(topic)],
                                         async_response_timeout=bad)
        refused = expect_error(lambda: engine.external.FetchAndLock(request), grpc.StatusCode.INVALID_ARGUMENT,
                               "INVALID_FIELD")
        assert refused.fields == ["async_response_timeout"]

        refused = expect_error(lambda: engine.external.HandleExternalTaskFailure(
            et.HandleExternalTaskFailureRequest(id=task_id, worker_id="w", retries=1, retry_timeout=bad)),
            grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert refused.fields == ["retry_timeout"]

        refused = expect_error(lambda: engine.external.ExtendExternalTaskLock(
            et.ExtendExternalTaskLockRequest(id=task_id, worker_id="w", new_duration=bad)),
            grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert refused.fields == ["new_duration"]
    assert engine.external_task(task_id).worker_id == "w"


def test_a_long_async_response_timeout_is_capped_not_refused(engine: Failures) -> None:
    _, topic = _started(engine)
    request = et.FetchAndLockRequest(worker_id="w", max_tasks=1, topics=[engine.topic(topic)],
                                     async_response_timeout=TEN_THOUSAND_YEARS)
    [locked] = engine.external.FetchAndLock(request, timeout=10).external_tasks
    # Nothing left: the wait ends a little before the call's deadline, with no tasks.
    assert list(engine.external.FetchAndLock(request, timeout=1.5).external_tasks) == []
    assert locked.external_task.topic_name == topic


def test_a_deadline_after_the_year_9999_is_refused(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    """A clock near the end of what a datetime holds: an allowed Duration still cannot end."""
    near_the_end = fresh_server(server.backend)
    near_the_end.clock.set(datetime(9950, 1, 1, tzinfo=timezone.utc))
    engine = Failures(near_the_end.api())
    _, topic = _started(engine)
    refused = expect_error(lambda: engine.fetch("w", et.FetchTopic(topic_name=topic, lock_duration=days(MAX_DAYS))),
                           grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert refused.fields == ["topics[0].lock_duration"]
    [locked] = engine.fetch("w", engine.topic(topic))
    task_id = locked.external_task.id
    for call, field in (
        (lambda: engine.external.ExtendExternalTaskLock(et.ExtendExternalTaskLockRequest(
            id=task_id, worker_id="w", new_duration=days(MAX_DAYS))), "new_duration"),
        (lambda: engine.external.HandleExternalTaskFailure(et.HandleExternalTaskFailureRequest(
            id=task_id, worker_id="w", retries=1, retry_timeout=days(MAX_DAYS))), "retry_timeout"),
    ):
        refused = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert refused.fields == [field]
    assert engine.external_task(task_id).locked


# -- empty and unknown ids ----------------------------------------------------------------------


def test_external_task_calls_without_an_id_name_the_field(engine: Failures) -> None:
    calls = {
        "CompleteExternalTask": lambda: engine.external.CompleteExternalTask(
            et.CompleteExternalTaskRequest(worker_id="w")),
        "HandleExternalTaskFailure": lambda: engine.external.HandleExternalTaskFailure(
            et.HandleExternalTaskFailureRequest(worker_id="w", retries=1)),
        "HandleExternalTaskBpmnError": lambda: engine.external.HandleExternalTaskBpmnError(
            et.HandleExternalTaskBpmnErrorRequest(worker_id="w", error_code="E")),
        "ExtendExternalTaskLock": lambda: engine.external.ExtendExternalTaskLock(
            et.ExtendExternalTaskLockRequest(worker_id="w", new_duration=days(1))),
        "UnlockExternalTask": lambda: engine.external.UnlockExternalTask(et.UnlockExternalTaskRequest()),
        "GetExternalTask": lambda: engine.external.GetExternalTask(et.GetExternalTaskRequest()),
    }
    for name, call in calls.items():
        missing = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
        assert missing.fields == ["id"], name
        assert missing.info.metadata["field_name"] == "id", name
    # Without worker_id either, both are named.
    missing = expect_error(lambda: engine.external.CompleteExternalTask(et.CompleteExternalTaskRequest()),
                           grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["id", "worker_id"]


def test_unknown_external_task_names_the_field(engine: Failures) -> None:
    unknown = expect_error(lambda: engine.external_task("no-such-task"), grpc.StatusCode.NOT_FOUND,
                           "EXTERNAL_TASK_NOT_FOUND")
    assert (unknown.info.metadata["id"], unknown.info.metadata["field_name"]) == ("no-such-task", "id")
    unknown = expect_error(lambda: engine.complete_external("no-such-task", "w"), grpc.StatusCode.NOT_FOUND,
                           "EXTERNAL_TASK_NOT_FOUND")
    assert unknown.info.metadata["field_name"] == "id"


def test_set_external_task_retries_names_the_id_at_fault(engine: Failures) -> None:
    _, _, task_id = _locked(engine)

    def set_retries(*ids: str) -> object:
        return engine.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=list(ids), retries=2))

    missing = expect_error(lambda: set_retries(task_id, ""), grpc.StatusCode.INVALID_ARGUMENT,
                           "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["ids[1]"]
    unknown = expect_error(lambda: set_retries(task_id, task_id, "no-such-task"), grpc.StatusCode.NOT_FOUND,
                           "EXTERNAL_TASK_NOT_FOUND")
    assert (unknown.info.metadata["id"], unknown.info.metadata["field_name"]) == ("no-such-task", "ids[2]")
    assert not engine.external_task(task_id).HasField("retries")  # all or none


def test_incident_calls_name_their_id_field(engine: Failures) -> None:
    missing = expect_error(lambda: engine.incident(""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["id"]
    unknown = expect_error(lambda: engine.incident("nope"), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    assert unknown.info.metadata["field_name"] == "id"

    unknown = expect_error(lambda: engine.resolve("nope"), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    assert (unknown.info.metadata["id"], unknown.info.metadata["field_name"]) == ("nope", "incident_id")
    for call in (
        lambda: engine.incidents.SetIncidentAnnotation(incident_pb2.SetIncidentAnnotationRequest(
            incident_id="nope", annotation="x")),
        lambda: engine.incidents.ClearIncidentAnnotation(incident_pb2.ClearIncidentAnnotationRequest(
            incident_id="nope")),
    ):
        unknown = expect_error(call, grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
        assert unknown.info.metadata["field_name"] == "incident_id"
    for call in (
        lambda: engine.resolve(""),
        lambda: engine.incidents.SetIncidentAnnotation(incident_pb2.SetIncidentAnnotationRequest(annotation="x")),
        lambda: engine.incidents.ClearIncidentAnnotation(incident_pb2.ClearIncidentAnnotationRequest()),
    ):
        missing = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
        assert missing.fields == ["incident_id"]


def test_process_step_calls_name_their_id_field(engine: Failures) -> None:
    for call in (
        lambda: engine.step(""),
        lambda: engine.restart(""),
        lambda: engine.complete_step(""),
    ):
        missing = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
        assert missing.fields == ["process_step_id"]
    for call in (lambda: engine.step("nope"), lambda: engine.restart("nope"), lambda: engine.complete_step("nope")):
        unknown = expect_error(call, grpc.StatusCode.NOT_FOUND, "PROCESS_STEP_NOT_FOUND")
        assert (unknown.info.metadata["id"], unknown.info.metadata["field_name"]) == ("nope", "process_step_id")


# -- RPC names in messages and comments ---------------------------------------------------------

_RPC_REFERENCE = re.compile(r"\b([A-Z]\w*Service)\.([A-Z]\w*)\b")


def _rpc_exists(service: str, method: str) -> bool:
    pool = descriptor_pool.Default()
    for package in ("flowkeeper.engine.v1", "flowkeeper.ops.v1"):
        try:
            found = pool.FindServiceByName(f"{package}.{service}")
        except KeyError:
            continue
        if method in found.methods_by_name:
            return True
    return False


def test_resolving_a_failed_external_task_incident_names_the_rpc_that_raises_retries(engine: Failures) -> None:
    incident_id, task_id = _failed_incident(engine)
    refused = expect_error(lambda: engine.resolve(incident_id), grpc.StatusCode.FAILED_PRECONDITION,
                           "INCIDENT_RESOLVED_BY_RETRIES")
    assert "ExternalTaskService.SetExternalTaskRetries" in refused.message
    named = _RPC_REFERENCE.findall(refused.message)
    assert named and all(_rpc_exists(service, method) for service, method in named), named
    # And that call does resolve it.
    engine.external.SetExternalTaskRetries(et.SetExternalTaskRetriesRequest(ids=[task_id], retries=1))
    assert engine.incident(incident_id).state == Inc.STATE_RESOLVED


def test_every_rpc_named_in_the_engine_protos_exists() -> None:
    # Load every engine service into the default pool.
    from flowkeeper.engine.v1 import (  # noqa: F401
        case_definition_pb2, case_execution_pb2, case_instance_pb2, deployment_pb2, job_pb2, message_pb2,
        process_definition_pb2, process_instance_pb2, signal_pb2, task_pb2,
    )

    assert execution_pb2 and process_step_pb2
    protos = Path(__file__).resolve().parents[2] / "protos" / "flowkeeper" / "engine" / "v1"
    wrong = [
        f"{path.name}: {service}.{method}"
        for path in sorted(protos.glob("*.proto"))
        for service, method in _RPC_REFERENCE.findall(path.read_text())
        if not _rpc_exists(service, method)
    ]
    assert wrong == []


def test_query_jobs_refuses_a_timestamp_outside_its_range(api) -> None:  # type: ignore[no-untyped-def]
    jobs = api.stub(job_pb2_grpc.JobServiceStub)
    for field, stamp in [("due_before", timestamp_pb2.Timestamp(seconds=10**12)),
                         ("due_after", timestamp_pb2.Timestamp(seconds=0, nanos=-1))]:
        failed = expect_error(lambda: jobs.QueryJobs(job_pb2.QueryJobsRequest(**{field: stamp})),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == [field]
    edge = timestamp_pb2.Timestamp(seconds=253_402_300_799, nanos=999_999_999)  # 9999-12-31T23:59:59.999999999Z
    assert list(jobs.QueryJobs(job_pb2.QueryJobsRequest(due_after=edge)).jobs) == []
