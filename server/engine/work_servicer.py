"""gRPC servicers of the engine's work: ExternalTaskService, JobService and JobDefinitionService,
and the job executor each server process runs.

Most calls are one transaction (``@transactional``). Three are not, on purpose:
- FetchAndLock with long polling and StreamTasks wait between short transactions; the wait holds
  no transaction and blocks on this process's wake-up signal (tasks created, unlocked, failed
  here) with a short poll of the database for what other processes did. Both run on the wait
  pool (``WAITING_METHODS``, ``--wait-threads``), of which all threads but one may wait at once:
  the last answers fetches that find work at once.
- ExecuteJob records a failed attempt in a second transaction after the job's own rolled back."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from datetime import timedelta
from typing import Any, Callable, Iterable, Iterator

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import (
    external_task_pb2,
    external_task_pb2_grpc,
    job_definition_pb2,
    job_definition_pb2_grpc,
    job_pb2,
    job_pb2_grpc,
)
from server.context import AppContext
from server.engine import batch_mapping, batches, external_tasks, job_definitions, jobs, mapping, work_mapping
from server.engine import incidents as _incidents  # noqa: F401  (failedJob / failedExternalTask)
from server.engine.mapping import optional, page_window, variables_in
from server.errors import DomainError, ResourceExhausted, invalid_field
from server.identity.service import Caller
from server.rpc.interceptor import current_caller
from server.rpc.servicer import Servicer, transactional, writes
from server.rpc.timestamps import datetime_of, timedelta_of

log = logging.getLogger("flowkeeper.work")

# Polls of the database while waiting: from the first delay, doubling to the last. Wake-ups
# from this process end a wait at once.
FIRST_POLL_SECONDS = 0.02
LAST_POLL_SECONDS = 0.25
# A long poll answers this long before the call's deadline.
DEADLINE_MARGIN_SECONDS = 0.5


_SERVICE = external_task_pb2.DESCRIPTOR.services_by_name["ExternalTaskService"]
# The calls that may wait for work: they run on a thread pool of their own (server.app).
WAITING_METHODS = frozenset(f"/{_SERVICE.full_name}/{name}" for name in ("FetchAndLock", "StreamTasks"))

_waiting_lock = threading.Lock()
_waiting_now = 0


def waiting_calls() -> int:
    """Calls of every server in this process that are waiting right now (observability)."""
    with _waiting_lock:
        return _waiting_now


class _WaitingCalls:
    """How many threads of this server's wait pool may sit in a wait at once."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._slots = threading.BoundedSemaphore(capacity)

    def try_enter(self) -> bool:
        global _waiting_now
        if not self._slots.acquire(blocking=False):
            return False
        with _waiting_lock:
            _waiting_now += 1
        return True

    def leave(self) -> None:
        global _waiting_now
        with _waiting_lock:
            _waiting_now -= 1
        self._slots.release()


class ExternalTaskServicer(Servicer, external_task_pb2_grpc.ExternalTaskServiceServicer):
    def __init__(self, app: AppContext) -> None:
        super().__init__(app)
        self._waiting = _WaitingCalls(max(1, app.config.wait_threads - 1))
        self._max_wait = app.config.long_poll_max_seconds

    # -- fetching ------------------------------------------------------------------------------

    def _fetch_request(self, request: Any) -> external_tasks.FetchRequest:
        max_tasks = request.max_tasks
        if max_tasks > self.app.config.max_page_size:
            max_tasks = self.app.config.max_page_size
        fetch = work_mapping.fetch_request(request, max_tasks)
        external_tasks.validate_fetch(fetch)
        return fetch

    def _lock(self, caller: Caller, fetch: external_tasks.FetchRequest,
              limit: Callable[[Session], int] | None = None) -> list[external_task_pb2.LockedExternalTask]:
        clock = self.app.clock

        def unit(tx: Session) -> list[external_task_pb2.LockedExternalTask]:
            count = fetch.max_tasks if limit is None else limit(tx)
            locked = external_tasks.fetch_and_lock(tx, clock, caller, fetch, count)
            now = clock.now()
            return [work_mapping.locked_task(item, now) for item in locked]

        return self.app.db.run(unit, write=True)

    def _worth_fetching(self, caller: Caller, fetch: external_tasks.FetchRequest) -> bool:
        """A cheap read: could a locking fetch find anything now?"""
        clock = self.app.clock
        return self.app.db.run(lambda tx: external_tasks.has_fetchable(tx, clock, caller, fetch), write=False)

    def _waits_over(self, context: grpc.ServicerContext) -> bool:
        return self.app.stopping.is_set() or not context.is_active()

    def FetchAndLock(self, request, context):  # type: ignore[no-untyped-def]
        caller = current_caller()
        fetch = self._fetch_request(request)
        timeout = timedelta_of(request, "async_response_timeout") or timedelta(0)
        if timeout < timedelta(0):
            raise invalid_field("async_response_timeout", "must not be negative")
        wait = min(timeout.total_seconds(), self._max_wait)
        remaining = context.time_remaining()
        if remaining is not None:  # answer (empty) a little before the client gives up
            wait = min(wait, remaining - DEADLINE_MARGIN_SECONDS)
        seen = external_tasks.WAKEUP.generation()
        # On SQLite a locking fetch takes the database's one writer: look before taking it.
        found = self._lock(caller, fetch) if not self.app.db.is_sqlite or self._worth_fetching(caller, fetch) else []
        if found or wait <= 0 or not self._waiting.try_enter():
            return external_task_pb2.FetchAndLockResponse(external_tasks=found)
        try:
            deadline = time.monotonic() + wait
            delay = FIRST_POLL_SECONDS
            while not self._waits_over(context):
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                generation = external_tasks.WAKEUP.wait(seen, min(delay, left))
                delay = FIRST_POLL_SECONDS if generation != seen else min(delay * 2, LAST_POLL_SECONDS)
                seen = generation
                if self._worth_fetching(caller, fetch):
                    found = self._lock(caller, fetch)
                    if found:
                        break
        finally:
            self._waiting.leave()
        return external_task_pb2.FetchAndLockResponse(external_tasks=found)

    def StreamTasks(self, request, context) -> Iterator[external_task_pb2.StreamTasksResponse]:  # type: ignore[no-untyped-def]
        caller = current_caller()
        fetch = self._fetch_request(request)
        if not self._waiting.try_enter():
            raise ResourceExhausted(
                "TOO_MANY_WAITING_CALLS",
                f"this server process already holds {self._waiting.capacity} waiting calls "
                "(task streams and long polls); retry shortly or use FetchAndLock",
                metadata={"type": "resource_exhausted", "limit": self._waiting.capacity},
                retry_after_seconds=1.0,
            )
        context.add_callback(external_tasks.WAKEUP.notify)  # a cancelled stream wakes its loop
        clock = self.app.clock

        def free_slots(tx: Session) -> int:
            return fetch.max_tasks - external_tasks.in_flight(tx, clock, fetch.worker_id)

        try:
            delay = FIRST_POLL_SECONDS
            seen = external_tasks.WAKEUP.generation()
            check_first = False
            while not self._waits_over(context):
                batch: list[external_task_pb2.LockedExternalTask] = []
                if not check_first or self._worth_fetching(caller, fetch):
                    batch = self._lock(caller, fetch, free_slots)
                for item in batch:
                    yield external_task_pb2.StreamTasksResponse(external_task=item)
                if batch:
                    delay = FIRST_POLL_SECONDS
                    check_first = False
                    continue
                generation = external_tasks.WAKEUP.wait(seen, delay)
                delay = FIRST_POLL_SECONDS if generation != seen else min(delay * 2, LAST_POLL_SECONDS)
                # After a wake-up (a task appeared or a slot freed) go straight to the locking
                # fetch; after a plain timeout read first.
                check_first = generation == seen
                seen = generation
        finally:
            self._waiting.leave()

    # -- reporting -----------------------------------------------------------------------------

    @transactional(write=True)
    def CompleteExternalTask(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        external_tasks.complete(
            tx, self.app.clock, caller, request.id, request.worker_id,
            variables_in(request.variables), variables_in(request.local_variables, "local_variables"),
        )
        return external_task_pb2.CompleteExternalTaskResponse()

    @transactional(write=True)
    def HandleExternalTaskFailure(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = external_tasks.handle_failure(
            tx, self.app.clock, caller, request.id, request.worker_id,
            error_message=request.error_message, error_details=request.error_details,
            retries=optional(request, "retries"),
            retry_timeout=timedelta_of(request, "retry_timeout") or timedelta(0),
        )
        return external_task_pb2.HandleExternalTaskFailureResponse(
            external_task=work_mapping.external_task(row, self.app.clock.now())
        )

    @transactional(write=True)
    def HandleExternalTaskBpmnError(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        caught = external_tasks.handle_bpmn_error(
            tx, self.app.clock, caller, request.id, request.worker_id, error_code=request.error_code,
            error_message=request.error_message, variables=variables_in(request.variables),
        )
        return external_task_pb2.HandleExternalTaskBpmnErrorResponse(caught=caught)

    @transactional(write=True)
    def ExtendExternalTaskLock(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = external_tasks.extend_lock(
            tx, self.app.clock, caller, request.id, request.worker_id,
            timedelta_of(request, "new_duration"),
        )
        return external_task_pb2.ExtendExternalTaskLockResponse(
            external_task=work_mapping.external_task(row, self.app.clock.now())
        )

    @transactional(write=True)
    def UnlockExternalTask(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = external_tasks.unlock(tx, self.app.clock, caller, request.id)
        return external_task_pb2.UnlockExternalTaskResponse(
            external_task=work_mapping.external_task(row, self.app.clock.now())
        )

    @transactional(write=True)
    def SetExternalTaskRetries(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        rows = batches.set_external_task_retries(
            tx, self.app.clock, caller, list(request.ids),
            batch_mapping.query_of(request, "external_task_query", work_mapping.external_task_query),
            optional(request, "retries"), list(request.process_instance_ids),
            batch_mapping.query_of(request, "process_instance_query", mapping.instance_query),
        )
        now = self.app.clock.now()
        return external_task_pb2.SetExternalTaskRetriesResponse(
            external_tasks=[work_mapping.external_task(r, now) for r in rows]
        )

    @transactional(write=True)
    def SetExternalTaskRetriesAsync(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        query = batch_mapping.query_of(request, "external_task_query", work_mapping.external_task_query)
        instance_query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        row = batches.set_external_task_retries_async(tx, self.app.clock, caller, list(request.external_task_ids),
                                                      query, optional(request, "retries"),
                                                      list(request.process_instance_ids), instance_query)
        return external_task_pb2.SetExternalTaskRetriesAsyncResponse(batch=batch_mapping.batch(row))

    @transactional(write=True)
    def SetExternalTaskPriority(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = external_tasks.set_priority(tx, self.app.clock, caller, request.id, optional(request, "priority"))
        return external_task_pb2.SetExternalTaskPriorityResponse(
            external_task=work_mapping.external_task(row, self.app.clock.now()))

    @transactional(write=False)
    def GetExternalTask(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = external_tasks.get_task(tx, caller, request.id)
        return external_task_pb2.GetExternalTaskResponse(
            external_task=work_mapping.external_task(row, self.app.clock.now())
        )

    @transactional(write=False)
    def QueryExternalTasks(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = page_window(request.page, self.app.config.max_page_size)
        rows = external_tasks.query_tasks(
            tx, self.app.clock, caller, work_mapping.external_task_query(request), offset, limit
        )
        now = self.app.clock.now()
        return external_task_pb2.QueryExternalTasksResponse(
            external_tasks=[work_mapping.external_task(r, now) for r in rows]
        )

    @transactional(write=False)
    def CountExternalTasks(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        count = external_tasks.count_tasks(tx, self.app.clock, caller, work_mapping.external_task_query(request))
        return external_task_pb2.CountExternalTasksResponse(count=count)

    @transactional(write=False)
    def GetTopicNames(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        names = external_tasks.topic_names(
            tx, self.app.clock, caller, locked=request.with_locked_tasks, unlocked=request.with_unlocked_tasks,
            with_retries_left=request.with_retries_left,
        )
        return external_task_pb2.GetTopicNamesResponse(topic_names=names)


class JobServicer(Servicer, job_pb2_grpc.JobServiceServicer):
    @transactional(write=False)
    def QueryJobs(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = page_window(request.page, self.app.config.max_page_size)
        rows = jobs.query_jobs(tx, self.app.clock, caller, work_mapping.job_query(request), offset, limit)
        return job_pb2.QueryJobsResponse(jobs=[work_mapping.job(r) for r in rows])

    @transactional(write=False)
    def CountJobs(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return job_pb2.CountJobsResponse(count=jobs.count_jobs(tx, self.app.clock, caller,
                                                               work_mapping.job_query(request)))

    @transactional(write=False)
    def GetJob(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return job_pb2.GetJobResponse(job=work_mapping.job(jobs.get_job(tx, caller, request.id)))

    @transactional(write=True)
    def SetJobRetries(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        rows = jobs.set_retries(tx, self.app.clock, caller, list(request.ids),
                                optional(request, "retries"))
        return job_pb2.SetJobRetriesResponse(jobs=[work_mapping.job(r) for r in rows])

    @transactional(write=True)
    def SetJobSuspensionState(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = jobs.set_suspended(tx, self.app.clock, caller, request.id, request.suspended)
        return job_pb2.SetJobSuspensionStateResponse(job=work_mapping.job(row))

    @transactional(write=True)
    def SetJobPriority(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = jobs.set_priority(tx, self.app.clock, caller, request.id, optional(request, "priority"))
        return job_pb2.SetJobPriorityResponse(job=work_mapping.job(row))

    @transactional(write=True)
    def SetJobDueDate(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = jobs.set_due_date(tx, self.app.clock, caller, request.id, datetime_of(request, "due_date"),
                                request.cascade)
        return job_pb2.SetJobDueDateResponse(job=work_mapping.job(row))

    @transactional(write=True)
    def RecalculateJobDueDate(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = jobs.recalculate_due_date(tx, self.app.clock, caller, request.id,
                                        work_mapping.optional_bool(request, "creation_date_based", True))
        return job_pb2.RecalculateJobDueDateResponse(job=work_mapping.job(row))

    @transactional(write=True)
    def DeleteJob(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        jobs.delete_job(tx, self.app.clock, caller, request.id)
        return job_pb2.DeleteJobResponse()

    @transactional(write=True)
    def SetJobRetriesAsync(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        query = batch_mapping.query_of(request, "job_query", work_mapping.job_query)
        instance_query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        row = batches.set_job_retries_async(tx, self.app.clock, caller, list(request.job_ids), query,
                                            optional(request, "retries"), list(request.process_instance_ids),
                                            instance_query)
        return job_pb2.SetJobRetriesAsyncResponse(batch=batch_mapping.batch(row))

    @writes
    def ExecuteJob(self, request, context):  # type: ignore[no-untyped-def]
        caller = current_caller()
        db, clock = self.app.db, self.app.clock
        try:
            db.run(lambda tx: jobs.execute_now(tx, clock, caller, request.id), write=True)
        except jobs.JobFailed as failed:
            reference = uuid.uuid4().hex
            if not isinstance(failed.error, DomainError):
                log.error("job %s failed in ExecuteJob; reference_id=%s", failed.job_id, reference,
                          exc_info=failed.error)
            job_id, failure = failed.job_id, jobs.Failure.of(failed.error, reference)
            db.run(lambda tx: jobs.record_failure(tx, clock, job_id, None, failure), write=True)
            raise failed.error from None
        return job_pb2.ExecuteJobResponse()


class JobDefinitionServicer(Servicer, job_definition_pb2_grpc.JobDefinitionServiceServicer):
    @transactional(write=False)
    def QueryJobDefinitions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = page_window(request.page, self.app.config.max_page_size)
        rows = job_definitions.query_job_definitions(tx, caller, work_mapping.job_definition_query(request),
                                                     offset, limit)
        return job_definition_pb2.QueryJobDefinitionsResponse(
            job_definitions=[work_mapping.job_definition(r) for r in rows])

    @transactional(write=False)
    def CountJobDefinitions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        count = job_definitions.count_job_definitions(tx, caller, work_mapping.job_definition_query(request))
        return job_definition_pb2.CountJobDefinitionsResponse(count=count)

    @transactional(write=False)
    def GetJobDefinition(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = job_definitions.get_job_definition(tx, caller, request.id)
        return job_definition_pb2.GetJobDefinitionResponse(job_definition=work_mapping.job_definition(row))

    @transactional(write=True)
    def SetJobDefinitionSuspensionState(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        switched = job_definitions.set_suspended(tx, self.app.clock, caller, request.id, request.suspended,
                                                 include_jobs=request.include_jobs,
                                                 execution_date=datetime_of(request, "execution_date"))
        [row] = switched.job_definitions
        return job_definition_pb2.SetJobDefinitionSuspensionStateResponse(
            job_definition=work_mapping.job_definition(row), jobs_changed=switched.jobs_changed,
            scheduled_job_id=switched.job.id if switched.job else "")

    @transactional(write=True)
    def SetJobDefinitionsSuspensionState(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        switched = job_definitions.set_suspended_of_definitions(
            tx, self.app.clock, caller, process_definition_id=request.process_definition_id,
            key=request.process_definition_key, tenant_id=request.process_definition_tenant_id,
            without_tenant=request.process_definition_without_tenant_id, suspended=request.suspended,
            include_jobs=request.include_jobs, execution_date=datetime_of(request, "execution_date"))
        return job_definition_pb2.SetJobDefinitionsSuspensionStateResponse(
            job_definitions=[work_mapping.job_definition(r) for r in switched.job_definitions],
            jobs_changed=switched.jobs_changed, scheduled_job_id=switched.job.id if switched.job else "")

    @transactional(write=True)
    def SetJobDefinitionRetries(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        rows = job_definitions.set_retries(tx, self.app.clock, caller, request.id, optional(request, "retries"))
        return job_definition_pb2.SetJobDefinitionRetriesResponse(jobs=[work_mapping.job(r) for r in rows])

    @transactional(write=True)
    def SetJobDefinitionPriority(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row, changed = job_definitions.set_priority(tx, self.app.clock, caller, request.id,
                                                    optional(request, "priority"), request.include_jobs)
        return job_definition_pb2.SetJobDefinitionPriorityResponse(
            job_definition=work_mapping.job_definition(row), jobs_changed=changed)


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    external_task_pb2_grpc.add_ExternalTaskServiceServicer_to_server(ExternalTaskServicer(app), server)
    job_pb2_grpc.add_JobServiceServicer_to_server(JobServicer(app), server)
    job_definition_pb2_grpc.add_JobDefinitionServiceServicer_to_server(JobDefinitionServicer(app), server)
    app.background.append(jobs.JobExecutor(app))
    return [
        external_task_pb2.DESCRIPTOR.services_by_name["ExternalTaskService"].full_name,
        job_pb2.DESCRIPTOR.services_by_name["JobService"].full_name,
        job_definition_pb2.DESCRIPTOR.services_by_name["JobDefinitionService"].full_name,
    ]
