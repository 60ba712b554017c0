"""External tasks and jobs to and from flowkeeper.engine.v1 messages (the work half of the
engine's mapping; variables and timestamps as in ``mapping``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flowkeeper.engine.v1 import external_task_pb2, job_definition_pb2, job_pb2
from server.engine import external_tasks, job_definitions, jobs
from server.engine.mapping import optional, sorting_of, timestamp, variables_in, variables_out
from server.engine.models import ExternalTask, Job, JobDefinition
from server.rpc.timestamps import datetime_of, timedelta_of


def optional_bool(message: Any, field: str, default: bool) -> bool:
    """An optional bool field, ``default`` when unset."""
    return bool(getattr(message, field)) if message.HasField(field) else default


def topics_in(topics: Any) -> tuple[external_tasks.TopicRequest, ...]:
    return tuple(
        external_tasks.TopicRequest(
            topic_name=t.topic_name,
            lock_duration=timedelta_of(t, "lock_duration", f"topics[{i}].lock_duration"),
            variables=tuple(t.variables),
            local_variables=t.local_variables,
            business_key=t.business_key,
            process_definition_id=t.process_definition_id,
            process_definition_key=t.process_definition_key,
            process_definition_key_in=tuple(t.process_definition_key_in),
            tenant_id_in=tuple(t.tenant_id_in),
            without_tenant_id=t.without_tenant_id,
            process_variables=variables_in(t.process_variables, f"topics[{i}].process_variables"),
            process_definition_id_in=tuple(t.process_definition_id_in),
            process_definition_version_tag=t.process_definition_version_tag,
            include_extension_properties=t.include_extension_properties,
        )
        for i, t in enumerate(topics)
    )


def fetch_request(request: Any, max_tasks: int) -> external_tasks.FetchRequest:
    """FetchAndLockRequest or StreamTasksRequest, with max_tasks already capped."""
    return external_tasks.FetchRequest(
        worker_id=request.worker_id,
        max_tasks=max_tasks,
        use_priority=request.use_priority,
        topics=topics_in(request.topics),
        sorting=tuple(sorting_of(request)),
    )


def external_task(row: ExternalTask, now: datetime) -> external_task_pb2.ExternalTask:
    out = external_task_pb2.ExternalTask(
        id=row.id,
        topic_name=row.topic,
        worker_id=row.worker_id or "",
        lock_expiration_time=timestamp(row.lock_expiration),
        error_message=row.error_message or "",
        error_details=row.error_details or "",
        priority=row.priority,
        activity_id=row.activity_id,
        execution_id=row.execution_id,
        process_instance_id=row.process_instance_id,
        process_definition_id=row.process_definition_id,
        process_definition_key=row.process_definition_key,
        business_key=row.business_key or "",
        tenant_id=row.tenant_id or "",
        suspended=row.suspended,
        create_time=timestamp(row.created),
        locked=external_tasks.is_locked(row, now),
        activity_instance_id=row.activity_instance_id or "",
        process_definition_version_tag=row.process_definition_version_tag or "",
    )
    if row.retries is not None:
        out.retries = row.retries
    return out


def locked_task(locked: external_tasks.LockedTask, now: datetime) -> external_task_pb2.LockedExternalTask:
    return external_task_pb2.LockedExternalTask(
        external_task=external_task(locked.task, now), variables=variables_out(locked.variables),
        extension_properties=locked.extension_properties,
    )


def external_task_query(request: Any) -> external_tasks.ExternalTaskQuery:
    return external_tasks.ExternalTaskQuery(
        external_task_id=request.external_task_id,
        topic_name=request.topic_name,
        worker_id=request.worker_id,
        locked=request.locked,
        not_locked=request.not_locked,
        with_retries_left=request.with_retries_left,
        no_retries_left=request.no_retries_left,
        process_instance_id=request.process_instance_id,
        process_definition_id=request.process_definition_id,
        process_definition_key=request.process_definition_key,
        activity_id=request.activity_id,
        execution_id=request.execution_id,
        tenant_id_in=tuple(request.tenant_id_in),
        active=request.active,
        suspended=request.suspended,
        business_key=request.business_key,
        external_task_id_in=tuple(request.external_task_id_in),
        activity_id_in=tuple(request.activity_id_in),
        process_instance_id_in=tuple(request.process_instance_id_in),
        lock_expiration_before=datetime_of(request, "lock_expiration_before"),
        lock_expiration_after=datetime_of(request, "lock_expiration_after"),
        priority_at_least=optional(request, "priority_higher_than_or_equals"),
        priority_at_most=optional(request, "priority_lower_than_or_equals"),
        without_tenant_id=request.without_tenant_id,
        sorting=tuple(sorting_of(request)),
    )


def job(row: Job) -> job_pb2.Job:
    return job_pb2.Job(
        id=row.id,
        handler_type=row.handler_type,
        due_date=timestamp(row.due_date),
        repeat=row.repeat or "",
        retries=row.retries,
        exception_message=row.exception_message or "",
        exception_details=row.exception_details or "",
        lock_owner=row.lock_owner or "",
        lock_expiration_time=timestamp(row.lock_expiration),
        execution_id=row.execution_id or "",
        process_instance_id=row.process_instance_id or "",
        process_definition_id=row.process_definition_id or "",
        process_definition_key=row.process_definition_key or "",
        activity_id=row.activity_id or "",
        job_definition_id=row.job_definition_id or "",
        tenant_id=row.tenant_id or "",
        suspended=row.suspended,
        priority=row.priority,
        create_time=timestamp(row.created),
    )


def job_query(request: Any) -> jobs.JobQuery:
    """The filters of a QueryJobsRequest or a CountJobsRequest (which has no sorting)."""
    return jobs.JobQuery(
        job_id=request.job_id,
        process_instance_id=request.process_instance_id,
        execution_id=request.execution_id,
        process_definition_id=request.process_definition_id,
        process_definition_key=request.process_definition_key,
        activity_id=request.activity_id,
        job_definition_id=request.job_definition_id,
        timers=request.timers,
        messages=request.messages,
        with_retries_left=request.with_retries_left,
        no_retries_left=request.no_retries_left,
        executable=request.executable,
        with_exception=request.with_exception,
        due_before=datetime_of(request, "due_before"),
        due_after=datetime_of(request, "due_after"),
        active=request.active,
        suspended=request.suspended,
        tenant_id_in=tuple(request.tenant_id_in),
        job_id_in=tuple(request.job_id_in),
        process_instance_id_in=tuple(request.process_instance_id_in),
        priority_at_most=optional(request, "priority_lower_than_or_equals"),
        priority_at_least=optional(request, "priority_higher_than_or_equals"),
        without_tenant_id=request.without_tenant_id,
        include_jobs_without_tenant_id=request.include_jobs_without_tenant_id,
        exception_message=request.exception_message,
        created_before=datetime_of(request, "created_before"),
        created_after=datetime_of(request, "created_after"),
        sorting=tuple(sorting_of(request)),
    )


def job_definition(row: JobDefinition) -> job_definition_pb2.JobDefinition:
    out = job_definition_pb2.JobDefinition(
        id=row.id, process_definition_id=row.process_definition_id, process_definition_key=row.process_definition_key,
        activity_id=row.activity_id, job_type=row.job_type, job_configuration=row.configuration or "",
        suspended=row.suspended, tenant_id=row.tenant_id or "", deployment_id=row.deployment_id,
    )
    if row.overriding_job_priority is not None:
        out.overriding_job_priority = row.overriding_job_priority
    return out


def job_definition_query(request: Any) -> job_definitions.JobDefinitionQuery:
    """The filters of a QueryJobDefinitionsRequest or a CountJobDefinitionsRequest."""
    return job_definitions.JobDefinitionQuery(
        job_definition_id=request.job_definition_id, activity_id_in=tuple(request.activity_id_in),
        process_definition_id=request.process_definition_id, process_definition_key=request.process_definition_key,
        job_type=request.job_type, job_configuration=request.job_configuration, active=request.active,
        suspended=request.suspended, with_overriding_job_priority=request.with_overriding_job_priority,
        tenant_id_in=tuple(request.tenant_id_in), without_tenant_id=request.without_tenant_id,
        include_without_tenant_id=request.include_job_definitions_without_tenant_id,
        sorting=tuple(sorting_of(request)),
    )
