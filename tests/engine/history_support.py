"""The HistoryService's operation log and variable history, as the history tests read them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Sequence

from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import (
    execution_pb2,
    history_pb2,
    history_pb2_grpc,
    process_instance_pb2,
    task_pb2,
    types_pb2,
)
from tests.engine.case_support import Cases
from tests.engine.failure_support import Failures
from tests.engine.support import plain, typed_map

# (operation_type, entity_type, property, org_value, new_value) of an entry.
Entry = tuple[str, str, str, str, str]


class OperationLog(Failures):
    """The engine's stubs (with failures' verbs) plus the operation log's query and count."""

    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def entries(self, **filters: Any) -> list[history_pb2.UserOperation]:
        return list(self.history.QueryUserOperations(
            history_pb2.QueryUserOperationsRequest(**filters)).user_operations)

    def count(self, **filters: Any) -> int:
        return self.history.CountUserOperations(history_pb2.CountUserOperationsRequest(**filters)).count

    def of(self, **filters: Any) -> list[Entry]:
        """The entries found, as Entry tuples, in the order written."""
        return [(e.operation_type, e.entity_type, e.property, e.org_value, e.new_value)
                for e in self.entries(**filters)]


class LabelledRows:
    """A module world's rows by label (``self.rows``: label -> row), for a world whose
    ``found(**filters)`` runs its query: the label of a row found, and the labels found with a
    sorting, in order."""

    rows: dict[str, Any]

    def found(self, **filters: Any) -> Sequence[Any]:
        raise NotImplementedError

    def label(self, row: Any) -> str:
        return next(label for label, known in self.rows.items() if known.id == row.id)

    def order(self, *pairs: tuple[str, str], **filters: Any) -> str:
        """The labels of the rows found with ``sorting`` (sort_by, sort_order) pairs, in order."""
        return "".join(self.label(r) for r in self.found(sorting=sorted_by(*pairs), **filters))


def sorted_by(*pairs: tuple[str, str]) -> list[execution_pb2.Sorting]:
    """A request's ``sorting`` of (sort_by, sort_order) pairs."""
    return [execution_pb2.Sorting(sort_by=by, sort_order=order) for by, order in pairs]


def expect_refused_log_requests(query: Callable[..., Any], count: Callable[..., Any], times: tuple[str, str],
                                sortings: Sequence[tuple[list[execution_pb2.Sorting], str]]) -> None:
    """A log's query and count (``query(**filters)``, ``count(**filters)``) refuse, as
    INVALID_FIELD naming the field: both tenant filters, each of the ``times`` fields outside
    Timestamp's range, negative paging (the query); and each of ``sortings`` ((sorting, the field
    named)) as INVALID_SORTING."""
    import grpc

    from tests.support import expect_error

    refused: list[tuple[dict[str, Any], str]] = [
        ({"tenant_id_in": ["t"], "without_tenant_id": True}, "without_tenant_id"),
    ]
    for field in times:
        refused += [({field: timestamp_pb2.Timestamp(seconds=10**12)}, field),
                    ({field: timestamp_pb2.Timestamp(seconds=-10**12)}, field),
                    ({field: timestamp_pb2.Timestamp(seconds=0, nanos=-1)}, field),
                    ({field: timestamp_pb2.Timestamp(seconds=0, nanos=10**9)}, field)]
    for call in (query, count):
        for filters, field in refused:
            failed = expect_error(lambda: call(**filters), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
            assert failed.fields == [field], filters
    for page, field in (({"first_result": -1}, "first_result"), ({"max_results": -1}, "max_results")):
        failed = expect_error(lambda: query(page=page), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == [field]
    for sorting, field in sortings:
        failed = expect_error(lambda: query(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
        assert failed.fields == [field], sorting


def every_page(query: Callable[..., Sequence[Any]], count: Callable[..., int], size: int,
               **filters: Any) -> list[Any]:
    """What ``query`` finds with ``filters``, a page of ``size`` at a time, checked against what
    ``count`` counts with the same filters (but the sorting)."""
    rows: list[Any] = []
    while True:
        page = query(page={"first_result": len(rows), "max_results": size}, **filters)
        rows += page
        if len(page) < size:
            break
    assert count(**{k: v for k, v in filters.items() if k != "sorting"}) == len(rows), filters
    return rows


def ts(when: datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(when)
    return stamp


def pair(value: types_pb2.TypedValue) -> tuple[Any, str]:
    """A typed value as (its JSON-like value, its type name), as ``tests.engine.support.plain``."""
    return plain({"value": value})["value"]


class VariableHistory(OperationLog):
    """The operation log's stubs, the variable history's queries (HistoricVariableInstance and
    HistoricDetail) and the calls that change variables."""

    def historic_variables(self, **filters: Any) -> list[history_pb2.HistoricVariableInstance]:
        return list(self.history.QueryHistoricVariableInstances(
            history_pb2.QueryHistoricVariableInstancesRequest(**filters)).historic_variable_instances)

    def count_historic_variables(self, **filters: Any) -> int:
        return self.history.CountHistoricVariableInstances(
            history_pb2.CountHistoricVariableInstancesRequest(**filters)).count

    def historic_variable(self, variable_id: str) -> history_pb2.HistoricVariableInstance:
        return self.history.GetHistoricVariableInstance(
            history_pb2.GetHistoricVariableInstanceRequest(id=variable_id)).historic_variable_instance

    def named(self, name: str, **filters: Any) -> history_pb2.HistoricVariableInstance:
        """The one historic variable instance of that name (the DELETED ones included)."""
        [found] = self.historic_variables(variable_name=name, include_deleted=True, **filters)
        return found

    def historic_details(self, **filters: Any) -> list[history_pb2.HistoricDetail]:
        return list(self.history.QueryHistoricDetails(
            history_pb2.QueryHistoricDetailsRequest(**filters)).historic_details)

    def count_historic_details(self, **filters: Any) -> int:
        return self.history.CountHistoricDetails(history_pb2.CountHistoricDetailsRequest(**filters)).count

    def historic_detail(self, detail_id: str) -> history_pb2.HistoricDetail:
        return self.history.GetHistoricDetail(history_pb2.GetHistoricDetailRequest(id=detail_id)).historic_detail

    def changes(self, variable_id: str) -> list[tuple[str, int, Any, str]]:
        """The variable's details as they occurred: (event, revision, value, type)."""
        return [(d.event, d.revision, *pair(d.value)) for d in self.historic_details(variable_instance_id=variable_id)]

    def delete_variable(self, variable_id: str) -> None:
        self.history.DeleteHistoricVariableInstance(history_pb2.DeleteHistoricVariableInstanceRequest(id=variable_id))

    def delete_variables_of(self, instance_id: str) -> int:
        return self.history.DeleteHistoricVariableInstancesOfProcessInstance(
            history_pb2.DeleteHistoricVariableInstancesOfProcessInstanceRequest(process_instance_id=instance_id)
        ).deleted_variable_instances

    def modify_variables(self, instance_id: str, values: dict[str, Any] | None = None,
                         deletions: tuple[str, ...] = ()) -> None:
        self.instances.ModifyVariables(process_instance_pb2.ModifyVariablesRequest(
            process_instance_id=instance_id, modifications=typed_map(values or {}), deletions=list(deletions)))

    def modify_local(self, execution_id: str, values: dict[str, Any] | None = None,
                     deletions: tuple[str, ...] = ()) -> None:
        self.executions.ModifyLocalVariables(execution_pb2.ModifyLocalVariablesRequest(
            execution_id=execution_id, modifications=typed_map(values or {}), deletions=list(deletions)))

    def modify_task(self, task_id: str, values: dict[str, Any] | None = None, deletions: tuple[str, ...] = (),
                    local: bool = False) -> None:
        self.tasks.ModifyTaskVariables(task_pb2.ModifyTaskVariablesRequest(
            task_id=task_id, modifications=typed_map(values or {}), deletions=list(deletions), local=local))


class TaskHistory(VariableHistory):
    """The variable history's stubs plus the task history's queries (HistoricTaskInstance) and
    the TaskService verbs that change what it records."""

    def historic_tasks(self, **filters: Any) -> list[history_pb2.HistoricTaskInstance]:
        return list(self.history.QueryHistoricTaskInstances(
            history_pb2.QueryHistoricTaskInstancesRequest(**filters)).historic_task_instances)

    def count_historic_tasks(self, **filters: Any) -> int:
        return self.history.CountHistoricTaskInstances(history_pb2.CountHistoricTaskInstancesRequest(**filters)).count

    def historic_task(self, task_id: str) -> history_pb2.HistoricTaskInstance:
        return self.history.GetHistoricTaskInstance(
            history_pb2.GetHistoricTaskInstanceRequest(id=task_id)).historic_task_instance

    def task(self, task_id: str) -> task_pb2.Task:
        return self.tasks.GetTask(task_pb2.GetTaskRequest(id=task_id)).task

    def claim(self, task_id: str, user: str) -> task_pb2.Task:
        return self.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task_id, user_id=user)).task

    def unclaim(self, task_id: str) -> task_pb2.Task:
        return self.tasks.UnclaimTask(task_pb2.UnclaimTaskRequest(task_id=task_id)).task

    def set_assignee(self, task_id: str, user: str) -> task_pb2.Task:
        return self.tasks.SetTaskAssignee(task_pb2.SetTaskAssigneeRequest(task_id=task_id, user_id=user)).task

    def update_task(self, changes: task_pb2.Task, *paths: str) -> task_pb2.Task:
        """UpdateTask of ``changes.id``: the fields ``paths`` name, as ``changes`` gives them."""
        from google.protobuf import field_mask_pb2

        return self.tasks.UpdateTask(task_pb2.UpdateTaskRequest(
            task=changes, update_mask=field_mask_pb2.FieldMask(paths=list(paths)))).task

    def passes_at(self, instance_id: str, activity_id: str) -> list[history_pb2.HistoricActivityInstance]:
        """The instance's activity instances of ``activity_id``, as they occurred."""
        return list(self.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
            process_instance_id=instance_id, activity_id=activity_id)).historic_activity_instances)


# The fields a historic task instance copies from its task (as TaskService gives the task).
TASK_FIELDS = ("name", "description", "assignee", "priority", "due", "follow_up", "task_definition_key",
               "execution_id", "process_instance_id", "process_definition_id", "case_instance_id",
               "case_execution_id", "case_definition_id", "tenant_id")


def as_task(row: history_pb2.HistoricTaskInstance) -> dict[str, Any]:
    """The historic task instance's fields that its task has too, named as the task names them
    (start_time as created)."""
    return {"id": row.id, **{name: getattr(row, name) for name in TASK_FIELDS}, "created": row.start_time}


def task_fields(task: task_pb2.Task) -> dict[str, Any]:
    """The runtime task's fields a historic task instance copies (see ``as_task``)."""
    return {"id": task.id, **{name: getattr(task, name) for name in TASK_FIELDS}, "created": task.created}


def ending(row: history_pb2.HistoricTaskInstance) -> tuple[str, Any, Any]:
    """(delete_reason, end_time, duration) of a historic task instance; None for what is unset."""
    return (row.delete_reason, row.end_time if row.HasField("end_time") else None,
            row.duration.ToTimedelta() if row.HasField("duration") else None)


# -- the external task log (HistoricExternalTaskLog) ----------------------------------------------

# The four kinds of entry: (the flag the entry sets, the kind's short name in the tests).
LOG_KINDS = (("creation_log", "created"), ("failure_log", "failed"), ("success_log", "succeeded"),
             ("deletion_log", "deleted"))


def log_kind(entry: history_pb2.HistoricExternalTaskLog) -> str:
    """created, failed, succeeded or deleted: the one of the four flags the entry sets."""
    kinds = [kind for flag, kind in LOG_KINDS if getattr(entry, flag)]
    assert len(kinds) == 1, f"exactly one kind expected: {entry}"
    return kinds[0]


def retries_of(entry: history_pb2.HistoricExternalTaskLog) -> int | None:
    return entry.retries if entry.HasField("retries") else None


def event(entry: history_pb2.HistoricExternalTaskLog) -> tuple[str, str, int | None, str]:
    """(kind, worker_id, retries or None, error_message) of an entry."""
    return (log_kind(entry), entry.worker_id, retries_of(entry), entry.error_message)


class ExternalTaskLogs(TaskHistory):
    """The task history's stubs plus the external task log's query, count and get, and the
    calls that write it (a worker's BPMN error, a modification)."""

    def task_logs(self, **filters: Any) -> list[history_pb2.HistoricExternalTaskLog]:
        return list(self.history.QueryHistoricExternalTaskLogs(
            history_pb2.QueryHistoricExternalTaskLogsRequest(**filters)).historic_external_task_logs)

    def count_task_logs(self, **filters: Any) -> int:
        return self.history.CountHistoricExternalTaskLogs(
            history_pb2.CountHistoricExternalTaskLogsRequest(**filters)).count

    def task_log(self, log_id: str) -> history_pb2.HistoricExternalTaskLog:
        return self.history.GetHistoricExternalTaskLog(
            history_pb2.GetHistoricExternalTaskLogRequest(id=log_id)).historic_external_task_log

    def events(self, **filters: Any) -> list[tuple[str, str, int | None, str]]:
        """``event`` of each entry found, as they occurred."""
        return [event(entry) for entry in self.task_logs(**filters)]

    def bpmn_error(self, task_id: str, worker: str, code: str, message: str = "",
                   variables: dict[str, Any] | None = None) -> bool:
        """HandleExternalTaskBpmnError; whether something caught the error."""
        from flowkeeper.engine.v1 import external_task_pb2
        from tests.engine.support import typed_map

        return self.external.HandleExternalTaskBpmnError(external_task_pb2.HandleExternalTaskBpmnErrorRequest(
            id=task_id, worker_id=worker, error_code=code, error_message=message,
            variables=typed_map(variables or {}))).caught

    def modify(self, instance_id: str, *instructions: process_instance_pb2.ModificationInstruction) -> None:
        self.instances.ModifyProcessInstance(process_instance_pb2.ModifyProcessInstanceRequest(
            process_instance_id=instance_id, instructions=list(instructions)))

    def lock(self, worker: str, topic: str, business_key: str = "", lock: float = 3600) -> str:
        """Fetches the one task of ``topic`` (of the instance with ``business_key``, when given)
        for ``worker``; its id."""
        [locked] = self.fetch(worker, self.topic(topic, lock=lock, business_key=business_key))
        return locked.external_task.id


# -- the job log (HistoricJobLog) ------------------------------------------------------------------


def due_of(entry: history_pb2.HistoricJobLog) -> datetime | None:
    """The entry's job_due_date as an aware datetime; None when unset (due at once)."""
    from datetime import timezone

    return entry.job_due_date.ToDatetime(tzinfo=timezone.utc) if entry.HasField("job_due_date") else None


def job_event(entry: history_pb2.HistoricJobLog) -> tuple[str, str, int, str]:
    """(kind, job type, retries, exception message) of a job log entry."""
    return (log_kind(entry), entry.job_definition_type, entry.job_retries, entry.job_exception_message)  # type: ignore[arg-type]


class JobLogs(ExternalTaskLogs):
    """The external task log's stubs plus the job log's query, count and get, and ExecuteJob."""

    def job_logs(self, **filters: Any) -> list[history_pb2.HistoricJobLog]:
        return list(self.history.QueryHistoricJobLogs(
            history_pb2.QueryHistoricJobLogsRequest(**filters)).historic_job_logs)

    def count_job_logs(self, **filters: Any) -> int:
        return self.history.CountHistoricJobLogs(history_pb2.CountHistoricJobLogsRequest(**filters)).count

    def job_log(self, log_id: str) -> history_pb2.HistoricJobLog:
        return self.history.GetHistoricJobLog(history_pb2.GetHistoricJobLogRequest(id=log_id)).historic_job_log

    def job_events(self, **filters: Any) -> list[tuple[str, str, int, str]]:
        """``job_event`` of each entry found, as they occurred."""
        return [job_event(entry) for entry in self.job_logs(**filters)]

    def execute(self, job_id: str) -> None:
        """ExecuteJob: runs the job now, whatever its due date."""
        from flowkeeper.engine.v1 import job_pb2

        self.jobs.ExecuteJob(job_pb2.ExecuteJobRequest(id=job_id))

    def the_job(self, instance_id: str = "", **filters: Any) -> Any:
        """The one job QueryJobs finds (of the instance, with the filters)."""
        [job] = self.jobs_of(instance_id, **filters)
        return job


# -- the case activity history (HistoricCaseActivityInstance) --------------------------------------

# A historic case activity instance's six state flags, in the order of CaseExecution.State.
CASE_ACTIVITY_FLAGS = ("available", "enabled", "disabled", "active", "completed", "terminated")


def case_activity_state(row: history_pb2.HistoricCaseActivityInstance) -> str:
    """The row's state without its prefix (ACTIVE, COMPLETED, ...), checked against its flags:
    exactly the flag of that state is set."""
    from flowkeeper.engine.v1 import case_execution_pb2

    name = case_execution_pb2.CaseExecution.State.Name(row.state).removeprefix("STATE_")
    assert [flag for flag in CASE_ACTIVITY_FLAGS if getattr(row, flag)] == [name.lower()], row
    return name


class CaseActivityHistory(Cases):
    """The case helpers plus the case activity history's query, count and get (and the task
    history's get, which a human task's row names)."""

    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def case_activities(self, **filters: Any) -> list[history_pb2.HistoricCaseActivityInstance]:
        return list(self.history.QueryHistoricCaseActivityInstances(
            history_pb2.QueryHistoricCaseActivityInstancesRequest(**filters)).historic_case_activity_instances)

    def count_case_activities(self, **filters: Any) -> int:
        return self.history.CountHistoricCaseActivityInstances(
            history_pb2.CountHistoricCaseActivityInstancesRequest(**filters)).count

    def case_activity(self, activity_instance_id: str) -> history_pb2.HistoricCaseActivityInstance:
        return self.history.GetHistoricCaseActivityInstance(history_pb2.GetHistoricCaseActivityInstanceRequest(
            id=activity_instance_id)).historic_case_activity_instance

    def activities_of(self, case_id: str) -> dict[str, history_pb2.HistoricCaseActivityInstance]:
        """The case instance's rows by case activity id (each plan item planned once)."""
        rows = self.case_activities(case_instance_id=case_id)
        assert len({r.case_activity_id for r in rows}) == len(rows), rows
        return {r.case_activity_id: r for r in rows}

    def activity_states(self, case_id: str) -> dict[str, str]:
        """Case activity id -> state of the case instance's rows (see ``case_activity_state``)."""
        return {activity: case_activity_state(row) for activity, row in self.activities_of(case_id).items()}

    def historic_task(self, task_id: str) -> history_pb2.HistoricTaskInstance:
        return self.history.GetHistoricTaskInstance(
            history_pb2.GetHistoricTaskInstanceRequest(id=task_id)).historic_task_instance
