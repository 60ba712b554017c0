"""BPMN compensation (the document's engine's compensation events): what a process instance keeps
of its completed activities so that a compensation throw event can undo them later, and how the
Runtime (server.engine.runtime, its "compensation" section) runs their handlers.

Records. When an activity with a compensation boundary event completes (each instance of a
multi-instance one separately, a call activity as any other), the Runtime records it: an event
subscription of type ``compensate`` whose execution is the scope execution the activity ran in
(the process instance's root, a running subprocess's or multi-instance body's), whose
activity is the completed activity, and whose ``created`` is the instant it completed (nudged a
microsecond past the instance's latest record, so that the order of completion is kept within
one instant). A scope execution keeps its records while its paths move, fork and clear
(Runtime._expand and Runtime._clear_waits leave them); they go with the scope.

A subprocess that completes keeps what was recorded inside it: if it has records, or a
compensation event subprocess, it is recorded itself in the scope around it, with a snapshot of
its variables (``variables`` in the configuration: those of its scope execution and of the path
that held it, e.g. an instance's loopCounter and item), and the records of its inside move to
the same scope, each naming the subprocess's record it was made in (``within``). A completed
multi-instance body hands its instances' records to the scope around it as they are. A
subprocess (or body) that is cancelled, and the process instance when it ends, take their
records with them: only what completed, and still belongs to a running scope, is compensated.

Throwing. An intermediate throw or end event with a compensateEventDefinition compensates the
records of its scope — from inside an event subprocess, of the scopes around it up to the first
that is none — that were not made inside a subprocess (those are its subprocess's), or only
those of ``activityRef``; in reverse order of completion. For each record a compensating path
starts beside the others in the scope that holds the record (each record is removed as its
compensation starts: an activity is compensated once): it passes the activity's compensation
boundary event and runs its handler, or it opens the completed subprocess again (a scope
execution with the snapshot as its local variables, and its inner records) and compensates its
inside the same way, or starts its compensation event subprocess there, which compensates what
it throws for. All these paths start at once, as in the document's engine; handlers see the
variables of the scope the compensated activity ran in (a reopened subprocess's snapshot, the
live variables of the scopes around it). The path that threw waits at its event until every
compensating path it started has ended (a handler's path ends when the handler completes: it
has no outgoing flows); then it leaves an intermediate event, or ends at an end event. With
nothing to compensate it goes on at once. A cancel end event throws as a compensation end event
directly inside its transaction would, once the transaction's other paths are cancelled; when its
handlers have finished the transaction's cancel boundary event takes over (the Runtime's
"transactions" section).

While they run, the compensating paths that a throw started directly carry a ``compensate``
subscription too: on the path, naming the throwing path's execution in ``event_name``; those
inside a reopened subprocess carry one without a name (the subprocess ends when its inside has).
Records live on scope executions only, running ones on concurrent paths only, so the two never
mix. A compensating path removed in any way — its handler completed, ModifyProcessInstance
cancelled it, an interrupting event or the instance's deletion took it — may release its throw
event (Runtime._remove_subtree asks ``throwers_of``).

Not done, as in the document's engine: compensation does not reach into called process
instances, nor out of its scope; ``waitForCompletion="false"`` is refused at deployment (the
document's engine ignores it with a warning)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine.models import EventSubscription
from server.engine.variables import TypedValue, variables_from_json, variables_to_json

# The event_type of compensation records and of running compensations, as the document's engine names it.
COMPENSATE = "compensate"

_WITHIN = "within"
_VARIABLES = "variables"


def completion_instant(tx: Session, clock: Clock, process_instance_id: str) -> datetime:
    """The ``created`` of a new record of the instance: now, or a microsecond past its latest
    record when that is not earlier (a frozen clock, one instant), so that records sort in the
    order their activities completed."""
    now = clock.now()
    latest = tx.scalar(select(func.max(EventSubscription.created)).where(
        EventSubscription.process_instance_id == process_instance_id, EventSubscription.event_type == COMPENSATE))
    return now if latest is None or now > latest else latest + timedelta(microseconds=1)


def recorded_in(tx: Session, scope_ids: list[str]) -> list[EventSubscription]:
    """The records the scope executions ``scope_ids`` hold (those made inside their completed
    subprocesses too)."""
    return list(tx.scalars(select(EventSubscription).where(
        EventSubscription.execution_id.in_(scope_ids), EventSubscription.event_type == COMPENSATE)))


def in_reverse_order(records: Iterable[EventSubscription]) -> list[EventSubscription]:
    """Latest completion first."""
    return sorted(records, key=lambda row: (row.created, row.id), reverse=True)


def running_on(tx: Session, path_id: str) -> bool:
    """Whether ``path_id`` is a compensating path (it holds a running compensation)."""
    return tx.scalar(select(EventSubscription.id).where(
        EventSubscription.execution_id == path_id, EventSubscription.event_type == COMPENSATE).limit(1)) is not None


def running_for(tx: Session, thrower_id: str) -> bool:
    """Whether a compensating path the throwing path ``thrower_id`` started still runs."""
    return tx.scalar(select(EventSubscription.id).where(
        EventSubscription.event_type == COMPENSATE, EventSubscription.event_name == thrower_id).limit(1)) is not None


def throwers_of(tx: Session, execution_ids: list[str]) -> list[str]:
    """The throwing paths that the compensating paths among ``execution_ids`` were started for."""
    return list(tx.scalars(select(EventSubscription.event_name).distinct().where(
        EventSubscription.execution_id.in_(execution_ids), EventSubscription.event_type == COMPENSATE,
        EventSubscription.event_name.is_not(None))))


# -- a record's configuration: the record of the subprocess it was made in; a subprocess's snapshot


def within(record: EventSubscription) -> str | None:
    """The id of the record of the completed subprocess ``record`` was made in (None: made in
    the scope that holds it)."""
    return _configuration(record).get(_WITHIN)


def snapshot(record: EventSubscription) -> dict[str, TypedValue] | None:
    """The variables of a completed subprocess's record, to open it again with (None: the record
    of an activity, compensated by its handler alone)."""
    stored = _configuration(record).get(_VARIABLES)
    return None if stored is None else variables_from_json(stored)


def configuration(variables: dict[str, TypedValue] | None) -> str | None:
    """The configuration of a new record: a subprocess's snapshot, or none."""
    return None if variables is None else json.dumps({_VARIABLES: variables_to_json(variables)})


def set_within(record: EventSubscription, subprocess_record_id: str | None) -> None:
    """``record`` was made inside the subprocess of ``subprocess_record_id`` (None: it belongs to
    the scope that holds it)."""
    stored = _configuration(record)
    stored.pop(_WITHIN, None)
    if subprocess_record_id is not None:
        stored[_WITHIN] = subprocess_record_id
    record.configuration = json.dumps(stored) if stored else None


def _configuration(record: EventSubscription) -> dict[str, Any]:
    return json.loads(record.configuration) if record.configuration else {}


__all__ = ["COMPENSATE", "completion_instant", "configuration", "in_reverse_order", "recorded_in", "running_for",
           "running_on", "set_within", "snapshot", "throwers_of", "within"]
