"""The queries of the history's event logs: the external task log, the job log and the
identity link log (HistoryService.QueryHistoricExternalTaskLogs, QueryHistoricJobLogs,
QueryHistoricIdentityLinkLogs, their counts and gets). Each is a table of entries in the order
they were written (``seq``, also the public id), with a timestamp and a tenant; the first two
have a kind (``state``) and a priority; they differ in their columns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.orm import Session

from server.engine import executions, history
from server.engine.errors import visible
from server.errors import invalid_field
from server.identity.service import Caller

# The request's kind flags -> the state each asks for (the loggers' state names).
KIND_FLAGS = {"creation_log": "created", "failure_log": "failed", "success_log": "succeeded",
              "deletion_log": "deleted"}


@dataclass
class LogQuery:
    """The filters of a log's query and count; each given one must hold."""

    log_id: str = ""
    equal: dict[str, Any] = field(default_factory=dict)  # request field -> value (a list: any of them)
    states: list[str] = field(default_factory=list)  # any of them
    priority_at_most: int | None = None
    priority_at_least: int | None = None
    after: datetime | None = None
    before: datetime | None = None
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    sorting: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class EventLog:
    """One log: its model, the columns its request's equality filters compare, its sort keys,
    its priority column (None: it has none), what its NOT_FOUND says, how to write what the
    transaction has not written yet, and the values each equality filter of ``choices`` may
    have (another is INVALID_FIELD)."""

    model: Any
    equality_filters: dict[str, Any]
    sort_keys: dict[str, Any]
    priority: Any
    noun: str
    not_found_reason: str
    write_pending: Callable[[Session], None]
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def _conditions(self, caller: Caller, q: LogQuery) -> list[ColumnElement[bool]]:
        row = self.model
        for name, allowed in self.choices.items():
            value = q.equal.get(name)
            if value and value not in allowed:
                raise invalid_field(name, f"{value!r} is not one of {', '.join(allowed)}")
        conds = executions.tenant_choice(row.tenant_id, q.tenant_ids, q.without_tenant)
        if q.log_id:
            seq = history.seq_of(q.log_id)
            conds.append(row.seq == seq if seq is not None else false())
        conds += executions.equalities((self.equality_filters[name], value) for name, value in q.equal.items())
        if q.states:
            conds.append(row.state.in_(q.states))
        if q.priority_at_most is not None:
            conds.append(self.priority <= q.priority_at_most)
        if q.priority_at_least is not None:
            conds.append(self.priority >= q.priority_at_least)
        conds += executions.within(row.timestamp, q.after, q.before)
        conds += caller.tenant_conditions(row.tenant_id)
        return conds

    def query(self, tx: Session, caller: Caller, q: LogQuery, offset: int, limit: int) -> list[Any]:
        """One page of the entries the filters keep, by ``q.sorting`` then as they occurred."""
        self.write_pending(tx)
        order = executions.ordering(q.sorting, self.sort_keys, self.model.seq)
        return list(tx.scalars(select(self.model).where(*self._conditions(caller, q)).order_by(*order)
                               .offset(offset).limit(limit)))

    def count(self, tx: Session, caller: Caller, q: LogQuery) -> int:
        return int(tx.scalar(select(func.count()).select_from(self.model).where(*self._conditions(caller, q))) or 0)

    def get(self, tx: Session, caller: Caller, log_id: str) -> Any:
        """The entry ``log_id``; NOT_FOUND when there is none the caller sees."""
        seq = history.seq_of(log_id)
        row = tx.get(self.model, seq) if seq is not None else None
        return visible(caller, row, self.noun, self.not_found_reason, log_id)
