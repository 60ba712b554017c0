"""The activity instances a unit of work starts and ends: the history of which activities the
paths of a process instance passed, when, and how each pass ended (HistoricActivityInstance).

The Runtime tells the log each time a path enters an activity (``started``), leaves it
(``ended``), is removed while there (``canceled``) or moves to a new execution (``moved``). A
pass is found again by its path and activity: a path is at one activity at a time, so among the
open passes (``end_time IS NULL``) that pair names one.

Passes a transaction starts are gathered in its ``info`` (every Runtime of the transaction
shares them) and written in one statement just before it commits (``server.db.before_commit``):
most passes start and end in the same call, and an ORM object per pass would cost more than
the pass's row. Passes of earlier calls change by one UPDATE each. The statements run straight
on the driver (server.fastsql): the ORM never holds these rows, so nothing of theirs waits to be
flushed first."""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.db import GatheredRows
from server.engine.bpmn.spec import Element
from server.engine.models import Execution, HistoricActivityInstance as Row
from server.fastsql import Prepared


_T = Row.__table__
_INSERT = Prepared(insert(_T))
_OPEN_AT = (_T.c.end_time.is_(None), _T.c.activity_id == bindparam("activity"))
_END = Prepared(update(_T).where(_T.c.execution_id == bindparam("execution"), *_OPEN_AT)
                .values(end_time=bindparam("now")))
_END_SCOPE = Prepared(update(_T).where(_T.c.execution_id == bindparam("execution"), *_OPEN_AT)
                      .values(end_time=bindparam("now"), complete_scope=True))
_END_ALL = Prepared(update(_T).where(_T.c.execution_id.in_(bindparam("executions", expanding=True)), *_OPEN_AT)
                    .values(end_time=bindparam("now")))
_CANCEL_AT = Prepared(update(_T).where(_T.c.execution_id.in_(bindparam("executions", expanding=True)), *_OPEN_AT)
                      .values(end_time=bindparam("now"), canceled=True))
_CANCEL = Prepared(update(_T).where(_T.c.execution_id.in_(bindparam("executions", expanding=True)),
                                    _T.c.end_time.is_(None))
                   .values(end_time=bindparam("now"), canceled=True))
_ASSIGN = Prepared(update(_T).where(_T.c.execution_id == bindparam("execution"), *_OPEN_AT)
                   .values(assignee=bindparam("user")))
_MOVE = Prepared(update(_T).where(_T.c.execution_id == bindparam("execution"), *_OPEN_AT)
                 .values(execution_id=bindparam("to")))
_OPEN_PASS = Prepared(select(_T.c.id).where(_T.c.execution_id == bindparam("execution"), *_OPEN_AT))


def container_id(scope: Execution) -> str:
    """The activity instance a scope execution stands for, as the parent of what runs in it: the
    process instance (its id) or a subprocess (``<activity id>:<scope execution id>``, the id
    GetActivityInstanceTree gives it)."""
    return scope.id if scope.parent_id is None else f"{scope.scope_activity_id}:{scope.id}"


def container_of(tx: Session, path: Execution) -> str:
    """The activity instance a path runs in: the one its scope execution (itself, if it is one,
    else its parent) stands for."""
    scope = path if path.is_scope else tx.get(Execution, path.parent_id)
    assert scope is not None, "a non-scope execution always has a parent scope"
    return container_id(scope)


class _Pending(GatheredRows):
    """The passes a transaction started, unwritten: in the order they started (the order their
    rows take), and the open ones by (execution id, activity id)."""

    insert = _INSERT

    def __init__(self, tx: Session) -> None:
        super().__init__(tx)
        self.open: dict[tuple[str, str], dict[str, Any]] = {}
        # Who waits for the next pass at (execution id, activity id) to start (await_pass).
        self.awaiting: dict[tuple[str, str], list[Callable[[str], None]]] = {}

    def write(self) -> None:
        super().write()
        self.open.clear()


def write_pending(tx: Session) -> None:
    """Writes the passes this transaction started so far (before statements that must see
    them); later ones are written at the commit."""
    _Pending.write_now(tx)


def await_pass(tx: Session, execution_id: str, activity_id: str, started: Callable[[str], None]) -> None:
    """Calls ``started`` with the id of the pass, if one starts in this transaction, that the path
    ``execution_id`` makes through ``activity_id`` next."""
    _Pending.of(tx).awaiting.setdefault((execution_id, activity_id), []).append(started)


def open_pass(tx: Session, execution_id: str, activity_id: str) -> str | None:
    """The id of the open pass of the path at the activity: unwritten (this transaction started
    it) or written."""
    started = pending_pass(tx, execution_id, activity_id)
    if started is not None:
        return str(started["id"])
    found = _OPEN_PASS.execute(tx, {"execution": execution_id, "activity": activity_id}).scalar()
    return None if found is None else str(found)


def pending_pass(tx: Session, execution_id: str, activity_id: str) -> dict[str, Any] | None:
    """The open pass ``tx`` started at the path and activity and has not written yet, if any."""
    pending = _Pending.so_far(tx)
    return pending.open.get((execution_id, activity_id)) if pending is not None else None


class ActivityLog:
    def __init__(self, tx: Session, clock: Clock) -> None:
        self.tx = tx
        self.clock = clock

    def started(self, execution: Execution, element: Element, parent_id: str, *, scope: bool = False) -> dict[str, Any]:
        """A pass of ``execution`` through ``element`` starts; ``scope``: the execution is the
        scope execution the element made, and names the pass."""
        from server.engine.runtime import new_id

        row = {
            "id": f"{element.id}:{execution.id}" if scope else new_id(),
            "parent_activity_instance_id": parent_id,
            "process_instance_id": execution.process_instance_id,
            "execution_id": execution.id,
            "activity_id": element.id,
            "activity_name": element.name,
            "activity_type": element.activity_type,
            "process_definition_id": execution.process_definition_id,
            "process_definition_key": execution.process_definition_key,
            "tenant_id": execution.tenant_id,
            "task_id": None,
            "assignee": None,
            "called_process_instance_id": None,
            "start_time": self.clock.now(),
            "end_time": None,
            "canceled": False,
            "complete_scope": False,
        }
        pending = _Pending.of(self.tx)
        pending.rows.append(row)
        pending.open[(execution.id, element.id)] = row
        if pending.awaiting:
            for started in pending.awaiting.pop((execution.id, element.id), ()):
                started(row["id"])
        return row

    def started_row(self, execution_id: str, activity_id: str) -> dict[str, Any] | None:
        """The open pass this transaction started at the path and activity, if it did (its
        fields may still be set: task_id, called_process_instance_id)."""
        return pending_pass(self.tx, execution_id, activity_id)

    def ended(self, execution_id: str, activity_id: str, *, complete_scope: bool = False) -> dict[str, Any] | None:
        """The pass of the path at ``activity_id`` completes (``complete_scope``: an end event
        that completes its scope). Returns it when this transaction started it (complete_scope
        may still be set); else its row changes at once."""
        now = self.clock.now()
        pending = _Pending.so_far(self.tx)
        row = pending.open.pop((execution_id, activity_id), None) if pending is not None else None
        if row is not None:
            row["end_time"] = now
            row["complete_scope"] = row["complete_scope"] or complete_scope
            return row
        (_END_SCOPE if complete_scope else _END).execute(
            self.tx, {"execution": execution_id, "activity": activity_id, "now": now})
        return None

    def ended_all(self, execution_ids: list[str], activity_id: str) -> None:
        """The passes of these paths at ``activity_id`` complete (a join)."""
        now = self.clock.now()
        pending = _Pending.so_far(self.tx)
        written = []
        for execution_id in execution_ids:
            row = pending.open.pop((execution_id, activity_id), None) if pending is not None else None
            if row is not None:
                row["end_time"] = now
            else:
                written.append(execution_id)
        if written:
            _END_ALL.execute(self.tx, {"executions": written, "activity": activity_id, "now": now})

    def canceled(self, execution_ids: list[str], activity_id: str | None = None) -> None:
        """The open passes of these executions (at ``activity_id`` only, when given) are
        canceled: their paths are removed, or leave the activity without completing it."""
        now = self.clock.now()
        pending = _Pending.so_far(self.tx)
        if pending is not None:
            ids = set(execution_ids)
            for key in [k for k in pending.open if k[0] in ids and activity_id in (None, k[1])]:
                row = pending.open.pop(key)
                row["end_time"] = now
                row["canceled"] = True
        if activity_id is None:
            _CANCEL.execute(self.tx, {"executions": list(execution_ids), "now": now})
        else:
            _CANCEL_AT.execute(self.tx, {"executions": list(execution_ids), "activity": activity_id, "now": now})

    def moved(self, old_id: str, new_id: str, activity_id: str) -> None:
        """The path of a scope execution, at ``activity_id``, moved from ``old_id`` to
        ``new_id``: so does its open pass there."""
        pending = _Pending.so_far(self.tx)
        row = pending.open.pop((old_id, activity_id), None) if pending is not None else None
        if row is not None:
            row["execution_id"] = new_id
            pending.open[(new_id, activity_id)] = row  # type: ignore[union-attr]
            return
        _MOVE.execute(self.tx, {"execution": old_id, "activity": activity_id, "to": new_id})


def assigned(tx: Session, execution_id: str, activity_id: str, assignee: str | None) -> None:
    """The user task of the open pass at ``execution_id`` and ``activity_id`` has a new
    assignee (None: none)."""
    pending = _Pending.so_far(tx)
    row = pending.open.get((execution_id, activity_id)) if pending is not None else None
    if row is not None:
        row["assignee"] = assignee
        return
    _ASSIGN.execute(tx, {"execution": execution_id, "activity": activity_id, "user": assignee})


def delete_of_instances(tx: Session, instance_ids: object) -> None:
    """Removes the activity instances of ended instances (``instance_ids``: a select of their
    ids, or a list), before the instances go (the history cleanup, a deployment's deletion)."""
    write_pending(tx)
    tx.execute(delete(Row).where(Row.process_instance_id.in_(instance_ids)))  # type: ignore[arg-type]
