"""The external task log (the document's engine's HistoricExternalTaskLog): each event of an
external task's life, as it was then.

- created: the path reached the task's activity (Runtime LISTENERS.external_task_created);
- failed: a worker reported a failure (HandleExternalTaskFailure), or threw a BPMN error nothing
  caught; the entry holds the error message and details and the retries left;
- succeeded: a worker completed it, or threw a BPMN error that was caught;
- deleted: its path was removed (an interrupting event, a modification, the deletion of its
  instance) while the task waited.

Entries a transaction writes are gathered in its ``info`` and inserted in one statement just
before it commits (``server.db.before_commit``), as the activity log does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Callable, Iterable

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from server.db import GatheredRows
from server.engine.models import ExternalTask, HistoricExternalTaskLog
from server.fastsql import Prepared

CREATED, FAILED, SUCCEEDED, DELETED = "created", "failed", "succeeded", "deleted"

_INSERT = Prepared(insert(HistoricExternalTaskLog.__table__))
# What an entry copies from the task (its columns of the same names but the topic's).
_COPIED = ("worker_id", "priority", "retries", "activity_id", "activity_instance_id", "execution_id",
           "process_instance_id", "process_definition_id", "process_definition_key", "tenant_id")
# The task's columns an entry of its deletion needs (DELETE ... RETURNING these).
RETURNED = tuple(getattr(ExternalTask, column) for column in ("id", "topic", "error_message", *_COPIED))


class _Pending(GatheredRows):
    """The entries a transaction wrote, unwritten; the tasks it ended otherwise (a caught BPMN
    error), whose removal is no deletion; and the paths whose work it did (``done_at``), whose
    tasks' removal is their success."""

    insert = _INSERT

    def __init__(self, tx: Session) -> None:
        super().__init__(tx)
        self.ended: set[str] = set()
        self.done_paths: set[str] = set()


def _entry(task: Any, state: str, now: datetime, *, error_details: str | None = None) -> dict[str, Any]:
    return {"timestamp": now, "state": state, "external_task_id": task.id, "topic_name": task.topic,
            **{column: getattr(task, column) for column in _COPIED},
            "error_message": task.error_message if state != CREATED else None, "error_details": error_details}


def logged(tx: Session, task: ExternalTask, state: str, now: datetime, *, worker_id: str | None = None) -> None:
    """``task`` was created or failed (as its row now says; ``worker_id``: the worker that failed
    it, whose lock the failure released)."""
    entry = _entry(task, state, now, error_details=task.error_details if state == FAILED else None)
    if worker_id is not None:
        entry["worker_id"] = worker_id
    _Pending.of(tx).rows.append(entry)


@contextmanager
def done_at(tx: Session, execution_id: str) -> Iterator[None]:
    """The path ``execution_id`` moves on as if its activity were done (a worker's completion,
    SignalExecution, CompleteStep): its external task's removal meanwhile is the task's
    success."""
    done = _Pending.of(tx).done_paths
    done.add(execution_id)
    try:
        yield
    finally:
        done.discard(execution_id)


def ending(tx: Session, task: ExternalTask, now: datetime) -> Callable[[], None]:
    """A worker's BPMN error may end ``task``: its success is logged now, before what catching
    the error does, and its removal in this transaction is no deletion. The function returned
    takes that back (nothing caught the error)."""
    pending = _Pending.of(tx)
    pending.ended.add(task.id)
    entry = _entry(task, SUCCEEDED, now)
    pending.rows.append(entry)

    def not_caught() -> None:
        pending.ended.discard(task.id)
        if entry in pending.rows:
            pending.rows.remove(entry)

    return not_caught


def deleted(tx: Session, tasks: Iterable[Any], now: datetime) -> None:
    """The rows of ``tasks`` (RETURNED columns) were deleted with their path: a deletion, or the
    success of a task whose path's work was done (``done_at``); nothing for a task this
    transaction ended otherwise."""
    pending = _Pending.of(tx)
    pending.rows += [_entry(task, SUCCEEDED if task.execution_id in pending.done_paths else DELETED, now)
                     for task in tasks if task.id not in pending.ended]


def write_pending(tx: Session) -> None:
    """Writes the entries this transaction made so far (before statements that must see them)."""
    _Pending.write_now(tx)


def delete_of_instances(tx: Session, instance_ids: object) -> None:
    """Removes the log of ended process instances (``instance_ids``: a select of their ids, or a
    list), before the instances go."""
    write_pending(tx)
    tx.execute(delete(HistoricExternalTaskLog).where(
        HistoricExternalTaskLog.process_instance_id.in_(instance_ids)))  # type: ignore[arg-type]
