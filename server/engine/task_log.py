"""The task history (the document's engine's HistoricTaskInstance): each user task of a process,
human task of a case and standalone task (CreateTask's, of no process and no case), from its
creation to its end.

The runtimes (and CreateTask) tell this log when a task is created (``created``), when a call
changes its assignee or the fields UpdateTask sets (``changed``), and when it ends (``ended``:
completed, or deleted with its path or case execution, or by DeleteTask). Rows a transaction
creates are gathered in its ``info`` and written in one statement just before it commits
(``server.db.before_commit``), as the activity log does: a task created and completed in one
call is one row. A task of an earlier call changes by an UPDATE of its row. A standalone task's
history belongs to no instance, which the history cleanup removes history with: it stays until
DeleteTask with cascade removes it (``delete_of_task``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from server.db import Gathered
from server.engine.models import HistoricTaskInstance, Task
from server.fastsql import Prepared

COMPLETED = "completed"
DELETED = "deleted"

_T = HistoricTaskInstance.__table__
_INSERT = Prepared(insert(_T))
_END = Prepared(update(_T).where(_T.c.id.in_(bindparam("tasks", expanding=True)), _T.c.end_time.is_(None))
                .values(end_time=bindparam("now"), delete_reason=bindparam("reason")))
# The task's columns a historic task instance copies, and follows while the task runs.
FOLLOWED = ("name", "description", "assignee", "owner", "priority", "due_date", "follow_up_date")


class _Pending(Gathered):
    """The historic task instances a transaction created, unwritten, by id."""

    def __init__(self, tx: Session) -> None:
        super().__init__(tx)
        self.rows: dict[str, dict[str, Any]] = {}

    def write(self) -> None:
        if self.rows:
            _INSERT.execute(self.tx, list(self.rows.values()))
            self.rows = {}


def write_pending(tx: Session) -> None:
    """Writes the rows this transaction created so far (before statements that must see them)."""
    _Pending.write_now(tx)


def created(tx: Session, task: Task, *, activity_instance_id: str | None, process_definition_key: str | None = None,
            case_definition_key: str | None = None) -> None:
    """``task`` was just created: of a process (its user task's pass ``activity_instance_id``),
    of a case (its case execution's id), or standalone (None)."""
    _Pending.of(tx).rows[task.id] = {
        "id": task.id, "task_definition_key": task.task_definition_key,
        **{column: getattr(task, column) for column in FOLLOWED},
        "start_time": task.created, "end_time": None, "delete_reason": None,
        "process_instance_id": task.process_instance_id, "process_definition_id": task.process_definition_id,
        "process_definition_key": process_definition_key, "execution_id": task.execution_id,
        "activity_instance_id": activity_instance_id, "case_instance_id": task.case_instance_id,
        "case_definition_id": task.case_definition_id, "case_definition_key": case_definition_key,
        "case_execution_id": task.case_execution_id, "tenant_id": task.tenant_id,
        "parent_task_id": task.parent_task_id,
    }


def changed(tx: Session, task_id: str, values: dict[str, Any]) -> None:
    """The task's ``values`` (columns of FOLLOWED) changed."""
    pending = _Pending.so_far(tx)
    row = pending.rows.get(task_id) if pending is not None else None
    if row is not None:
        row.update(values)
    elif values:
        tx.execute(update(HistoricTaskInstance).where(HistoricTaskInstance.id == task_id).values(**values)
                   .execution_options(synchronize_session=False))


def moved(tx: Session, old_id: str, new_id: str) -> None:
    """The tasks of the path ``old_id`` moved to the execution ``new_id`` (the tasks table says
    so already): so do their historic task instances."""
    pending = _Pending.so_far(tx)
    for row in pending.rows.values() if pending is not None else ():
        if row["execution_id"] == old_id:
            row["execution_id"] = new_id
    tx.execute(update(HistoricTaskInstance)
               .where(HistoricTaskInstance.id.in_(select(Task.id).where(Task.execution_id == new_id)))
               .values(execution_id=new_id).execution_options(synchronize_session=False))


def ended(tx: Session, task_ids: Iterable[str], reason: str, now: datetime) -> None:
    """The tasks ended: ``reason`` COMPLETED or DELETED."""
    pending = _Pending.so_far(tx)
    written = []
    for task_id in task_ids:
        row = pending.rows.get(task_id) if pending is not None else None
        if row is not None:
            row.update(end_time=now, delete_reason=reason)
        else:
            written.append(task_id)
    if written:
        _END.execute(tx, {"tasks": written, "now": now, "reason": reason})


def delete_of_instances(tx: Session, instance_ids: object) -> None:
    """Removes the task history of ended process instances (``instance_ids``: a select of their
    ids, or a list), before the instances go."""
    write_pending(tx)
    tx.execute(delete(HistoricTaskInstance).where(
        HistoricTaskInstance.process_instance_id.in_(instance_ids)))  # type: ignore[arg-type]


def delete_of_case_instances(tx: Session, case_ids: list[str]) -> None:
    """Removes the task history of case instances, before the instances go."""
    if case_ids:
        write_pending(tx)
        tx.execute(delete(HistoricTaskInstance).where(HistoricTaskInstance.case_instance_id.in_(case_ids)))


def delete_of_task(tx: Session, task_id: str) -> None:
    """Removes the historic task instance of a standalone task, which has no instance to go with
    (DeleteTask with cascade)."""
    write_pending(tx)
    tx.execute(delete(HistoricTaskInstance).where(HistoricTaskInstance.id == task_id)
               .execution_options(synchronize_session=False))
