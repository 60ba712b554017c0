"""The case activity history (the document's engine's HistoricCaseActivityInstance): each plan
item of a case instance, from its creation to its end, kept after the case is closed.

The case runtime tells this log when a plan item's case execution is created (``created``: when
its stage became active), when it moves (``changed``: its state and end time at each
transition), and what work it issued (``changed``: the task of a human task, the instance a
process or case task called). Rows a transaction creates, and the changes of rows an earlier
call wrote, are gathered in its ``info`` and written just before it commits, as the other
history logs do: one INSERT, and one UPDATE per set of changed columns. Every change happens
under the case instance's lock, so no two transactions write one case's rows at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, delete, insert, update
from sqlalchemy.orm import Session

from server.db import Gathered
from server.engine.cases.models import CaseExecution, HistoricCaseActivityInstance
from server.fastsql import Prepared

_T = HistoricCaseActivityInstance.__table__
_INSERT = Prepared(insert(_T))


class _Pending(Gathered):
    """The rows a transaction created (by id), and the changed columns of earlier rows (by id)."""

    def __init__(self, tx: Session) -> None:
        super().__init__(tx)
        self.rows: dict[str, dict[str, Any]] = {}
        self.changes: dict[str, dict[str, Any]] = {}

    def write(self) -> None:
        if self.rows:
            _INSERT.execute(self.tx, list(self.rows.values()))
            self.rows = {}
        batches: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row_id, values in self.changes.items():
            batches.setdefault(tuple(sorted(values)), []).append(
                {"row_id": row_id, **{f"new_{column}": value for column, value in values.items()}})
        for columns, params in batches.items():
            self.tx.execute(update(_T).where(_T.c.id == bindparam("row_id"))
                            .values({column: bindparam(f"new_{column}") for column in columns}), params)
        self.changes = {}


def write_pending(tx: Session) -> None:
    """Writes what this transaction gathered so far (before statements that must see it)."""
    _Pending.write_now(tx)


def created(tx: Session, execution: CaseExecution) -> None:
    """The plan item's case execution was just created (not the case plan model's)."""
    _Pending.of(tx).rows[execution.id] = {
        "id": execution.id, "parent_id": execution.parent_id, "case_instance_id": execution.case_instance_id,
        "case_definition_id": execution.case_definition_id, "activity_id": execution.activity_id,
        "activity_name": execution.activity_name, "activity_type": execution.activity_type,
        "state": execution.state, "required": execution.required, "position": execution.position,
        "task_id": None, "called_process_instance_id": None, "called_case_instance_id": None,
        "tenant_id": execution.tenant_id, "create_time": execution.create_time, "end_time": None,
    }


def changed(tx: Session, execution_id: str, **values: Any) -> None:
    """Columns of the plan item's row changed: state and end_time, task_id,
    called_process_instance_id or called_case_instance_id."""
    pending = _Pending.of(tx)
    row = pending.rows.get(execution_id)
    if row is not None:
        row.update(values)
    else:
        pending.changes.setdefault(execution_id, {}).update(values)


def delete_of_case_instances(tx: Session, case_ids: list[str]) -> None:
    """Removes the case activity history of case instances, before the instances go."""
    if case_ids:
        write_pending(tx)
        tx.execute(delete(HistoricCaseActivityInstance).where(
            HistoricCaseActivityInstance.case_instance_id.in_(case_ids)))
