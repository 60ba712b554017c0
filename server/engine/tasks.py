"""User tasks: query, claim, complete."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine.errors import not_found, precondition
from server.engine.models import Execution, Task, TaskCandidate
from server.engine.runtime import Runtime
from server.engine.variables import TypedValue
from server.errors import check_length, missing_required_field
from server.identity.service import Caller


@dataclass(frozen=True)
class TaskQuery:
    process_instance_id: str = ""
    process_definition_key: str = ""
    case_instance_id: str = ""
    task_definition_key: str = ""
    assignee: str = ""
    candidate_user: str = ""
    candidate_group: str = ""
    unassigned: bool = False
    tenant_id_in: tuple[str, ...] = ()
    business_key: str = ""


def candidates(tx: Session, task_ids: list[str]) -> dict[str, tuple[list[str], list[str]]]:
    """Task id -> (candidate users, candidate groups)."""
    out: dict[str, tuple[list[str], list[str]]] = {t: ([], []) for t in task_ids}
    if task_ids:
        for row in tx.scalars(select(TaskCandidate).where(TaskCandidate.task_id.in_(task_ids)).order_by(TaskCandidate.id)):
            out[row.task_id][0 if row.kind == "user" else 1].append(row.value)
    return out


def query_tasks(tx: Session, caller: Caller, q: TaskQuery, offset: int, limit: int) -> list[Task]:
    stmt = select(Task)
    if q.process_instance_id:
        stmt = stmt.where(Task.process_instance_id == q.process_instance_id)
    if q.case_instance_id:
        stmt = stmt.where(Task.case_instance_id == q.case_instance_id)
    if q.task_definition_key:
        stmt = stmt.where(Task.task_definition_key == q.task_definition_key)
    if q.assignee:
        stmt = stmt.where(Task.assignee == q.assignee)
    if q.unassigned:
        stmt = stmt.where(Task.assignee.is_(None))
    for kind, value in (("user", q.candidate_user), ("group", q.candidate_group)):
        if value:
            stmt = stmt.where(
                Task.assignee.is_(None),
                exists().where(TaskCandidate.task_id == Task.id, TaskCandidate.kind == kind, TaskCandidate.value == value),
            )
    if q.process_definition_key or q.business_key:
        stmt = stmt.join(Execution, Execution.id == Task.execution_id)
        if q.process_definition_key:
            stmt = stmt.where(Execution.process_definition_key == q.process_definition_key)
        if q.business_key:
            stmt = stmt.where(Execution.business_key == q.business_key)
    if q.tenant_id_in:
        stmt = stmt.where(Task.tenant_id.in_(q.tenant_id_in))
    visible = caller.visible_tenants()
    if visible is not None:
        stmt = stmt.where(Task.tenant_id.is_(None) | Task.tenant_id.in_(visible))
    return list(tx.scalars(stmt.order_by(Task.created, Task.id).offset(offset).limit(limit)))


def get_task(tx: Session, caller: Caller, task_id: str, *, lock: bool = False) -> Task:
    """The task, if the caller sees its tenant; with ``lock``, its row locked for this
    transaction and read as the last call that held it left it."""
    task = tx.get(Task, task_id, with_for_update=lock, populate_existing=lock) if task_id else None
    if task is None or not caller.sees_tenant(task.tenant_id):
        raise not_found("task", "TASK_NOT_FOUND", task_id)
    return task


def _require_active(task: Task) -> None:
    if task.suspended:
        raise precondition("SUSPENDED", f"task {task.id} is suspended; activate its instance first", task.id)


def claim(tx: Session, caller: Caller, task_id: str, user_id: str) -> Task:
    if not user_id:
        raise missing_required_field("user_id")
    check_length("user_id", user_id, Task.assignee)
    task = get_task(tx, caller, task_id, lock=True)
    _require_active(task)
    if task.assignee and task.assignee != user_id:
        raise precondition(
            "TASK_ALREADY_CLAIMED",
            f"task {task.id} is already claimed by {task.assignee}",
            task.id,
            assignee=task.assignee,
        )
    task.assignee = user_id
    return task


def unclaim(tx: Session, caller: Caller, task_id: str) -> Task:
    task = get_task(tx, caller, task_id, lock=True)
    _require_active(task)
    task.assignee = None
    return task


# Case tasks complete through the case runtime: fn(tx, clock, task, variables) -> handled.
CASE_TASK_COMPLETERS: list = []


def complete(tx: Session, clock: Clock, caller: Caller, task_id: str, variables: Mapping[str, TypedValue],
             ended_variables: dict[str, dict[str, TypedValue]] | None = None) -> Task:
    """Completes a task; ``ended_variables`` (when given) receives the variables of process
    instances that ended on the way."""
    task = get_task(tx, caller, task_id)
    if task.case_execution_id and not task.execution_id:
        _require_active(task)
        for completer in CASE_TASK_COMPLETERS:
            completer(tx, clock, task, variables)
        return task
    runtime = Runtime(tx, clock)
    # The task as the calls that held its instance before this one left it: one that suspended
    # the instance, or completed the task, or deleted the instance, came first.
    if task.process_instance_id:
        runtime.lock_instance(task.process_instance_id)
        task = get_task(tx, caller, task_id, lock=True)
    _require_active(task)
    runtime.ended_variables = ended_variables
    runtime.complete_user_task(task, variables)
    return task
