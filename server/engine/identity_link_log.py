"""The identity link log (the document's engine's HistoricIdentityLinkLog): each user or group
added to or deleted from a task as its assignee, owner or candidate, with who did it.

- A task's creation adds its assignee and candidates (no assigner: the engine did it).
- ClaimTask, UnclaimTask, SetTaskAssignee, DelegateTask, ResolveTask, UpdateTask's owner and
  Add/DeleteTaskIdentityLink log what they change: a user replaced is a ``delete`` of the old one
  and an ``add`` of the new one; setting what is already there logs nothing.
- A task's end (completed, or deleted with its path) logs nothing: its links end with it.
- CreateTask (a standalone task) adds the assignee and owner it gives, the caller the assigner.

Entries a transaction writes are gathered (server.db.GatheredRows) and inserted in one
statement before it commits; they go with their process or case instance, a standalone task's
with its history (DeleteTask with cascade)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from server.db import GatheredRows
from server.engine.models import HistoricIdentityLinkLog, ProcessDefinition, Task
from server.fastsql import Prepared

ADD, DELETE = "add", "delete"
ASSIGNEE, OWNER, CANDIDATE = "assignee", "owner", "candidate"
TYPES = (ASSIGNEE, OWNER, CANDIDATE)
OPERATION_TYPES = (ADD, DELETE)


class _Pending(GatheredRows):
    """The entries a transaction wrote, unwritten."""

    insert = Prepared(insert(HistoricIdentityLinkLog.__table__))


def _entry(task: Task, definition_key: str | None, link_type: str, operation: str, now: datetime,
           assigner: str | None, user_id: str | None = None, group_id: str | None = None) -> dict[str, Any]:
    return {
        "timestamp": now, "type": link_type, "operation_type": operation, "user_id": user_id, "group_id": group_id,
        "assigner_id": assigner, "task_id": task.id, "process_instance_id": task.process_instance_id,
        "process_definition_id": task.process_definition_id, "process_definition_key": definition_key,
        "case_instance_id": task.case_instance_id, "tenant_id": task.tenant_id,
    }


def definition_key(tx: Session, task: Task) -> str | None:
    """The key of the task's process definition (None for a case's task or a standalone one)."""
    definition = tx.get(ProcessDefinition, task.process_definition_id) if task.process_definition_id else None
    return definition.key if definition is not None else None


def task_created(tx: Session, task: Task, candidates: Iterable[tuple[str, str]],
                 process_definition_key: str | None = None) -> None:
    """``task`` was just created with its assignee and ``candidates`` ((user or group, value))."""
    rows = _Pending.of(tx).rows
    if task.assignee:
        rows.append(_entry(task, process_definition_key, ASSIGNEE, ADD, task.created, None, user_id=task.assignee))
    for kind, value in candidates:
        rows.append(_entry(task, process_definition_key, CANDIDATE, ADD, task.created, None,
                           **{"user_id" if kind == "user" else "group_id": value}))


def user_changed(tx: Session, task: Task, link_type: str, before: str | None, after: str | None, now: datetime,
                 assigner: str) -> None:
    """The task's ASSIGNEE or OWNER goes from ``before`` to ``after`` (either may be None)."""
    if before == after:
        return
    key = definition_key(tx, task)
    rows = _Pending.of(tx).rows
    if before:
        rows.append(_entry(task, key, link_type, DELETE, now, assigner, user_id=before))
    if after:
        rows.append(_entry(task, key, link_type, ADD, now, assigner, user_id=after))


def candidate_changed(tx: Session, task: Task, operation: str, kind: str, value: str, now: datetime,
                      assigner: str) -> None:
    """A candidate user or group (``kind``) was added to or deleted from the task."""
    _Pending.of(tx).rows.append(_entry(task, definition_key(tx, task), CANDIDATE, operation, now, assigner,
                                       **{"user_id" if kind == "user" else "group_id": value}))


def write_pending(tx: Session) -> None:
    """Writes the entries this transaction made so far (before statements that must see them)."""
    _Pending.write_now(tx)


def delete_of_instances(tx: Session, instance_ids: object) -> None:
    """Removes the entries of ended process instances' tasks, before the instances go."""
    write_pending(tx)
    tx.execute(delete(HistoricIdentityLinkLog).where(
        HistoricIdentityLinkLog.process_instance_id.in_(instance_ids)))  # type: ignore[arg-type]


def delete_of_case_instances(tx: Session, case_ids: list[str]) -> None:
    """Removes the entries of closed case instances' tasks, before the cases go."""
    write_pending(tx)
    tx.execute(delete(HistoricIdentityLinkLog).where(HistoricIdentityLinkLog.case_instance_id.in_(case_ids)))


def delete_of_task(tx: Session, task_id: str) -> None:
    """Removes the entries of a standalone task, with its history (DeleteTask with cascade)."""
    write_pending(tx)
    tx.execute(delete(HistoricIdentityLinkLog).where(HistoricIdentityLinkLog.task_id == task_id))
