"""The job log (the document's engine's HistoricJobLog): each event of a job's life, as the job
was then.

- created: a timer or an asynchronous continuation was scheduled (Runtime
  LISTENERS.job_created), a start timer included;
- failed: its run raised (server.engine.jobs.record_failure): the retries left, the exception;
- succeeded: it ran (its work, in the same transaction, then follows);
- deleted: its path was removed while it waited (an interrupting event, a modification, the
  deletion of its instance, the event-based gateway's other event), or a new version replaced
  its start timer.

Entries a transaction writes are gathered (server.db.Gathered) and inserted in one statement
before it commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from server.db import GatheredRows
from server.engine.models import HistoricJobLog, Job
from server.fastsql import Prepared

CREATED, FAILED, SUCCEEDED, DELETED = "created", "failed", "succeeded", "deleted"

_INSERT = Prepared(insert(HistoricJobLog.__table__))
# What an entry copies from the job: its column -> the job's.
_COPIED = {"job_id": "id", "job_type": "handler_type", "job_due_date": "due_date", "job_retries": "retries",
           "job_priority": "priority", "job_exception_message": "exception_message",
           "job_definition_id": "job_definition_id", "activity_id": "activity_id", "execution_id": "execution_id",
           "process_instance_id": "process_instance_id", "process_definition_id": "process_definition_id",
           "process_definition_key": "process_definition_key", "tenant_id": "tenant_id"}
# The job's columns an entry of its deletion needs (DELETE ... RETURNING these).
RETURNED = tuple(getattr(Job, column) for column in _COPIED.values())


class _Pending(GatheredRows):
    """The entries a transaction wrote, unwritten."""

    insert = _INSERT


def _entry(job: Any, state: str, now: datetime, details: str | None = None) -> dict[str, Any]:
    return {"timestamp": now, "state": state, **{column: getattr(job, attr) for column, attr in _COPIED.items()},
            "job_exception_details": details}


def logged(tx: Session, job: Job, state: str, now: datetime) -> None:
    """``job`` was created, failed or succeeded, as its row now says."""
    _Pending.of(tx).rows.append(_entry(job, state, now, job.exception_details if state == FAILED else None))


def deleted(tx: Session, jobs: Iterable[Any], now: datetime) -> None:
    """The rows of ``jobs`` (RETURNED columns, or Job rows) were removed while they waited."""
    _Pending.of(tx).rows.extend(_entry(job, DELETED, now) for job in jobs)


def write_pending(tx: Session) -> None:
    """Writes the entries this transaction made so far (before statements that must see them)."""
    _Pending.write_now(tx)


def delete_of_instances(tx: Session, instance_ids: object) -> None:
    """Removes the log of ended process instances (``instance_ids``: a select of their ids, or a
    list), before the instances go."""
    write_pending(tx)
    tx.execute(delete(HistoricJobLog).where(HistoricJobLog.process_instance_id.in_(instance_ids)))  # type: ignore[arg-type]


def delete_of_definitions(tx: Session, definition_ids: list[str]) -> None:
    """Removes the entries of the definitions' own jobs (of no instance: start timers), before
    the definitions go."""
    write_pending(tx)
    tx.execute(delete(HistoricJobLog).where(
        HistoricJobLog.process_instance_id.is_(None), HistoricJobLog.process_definition_id.in_(definition_ids)))
