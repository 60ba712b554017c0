"""The decision history (the document's engine's HistoricDecisionInstance): what each evaluation
of a decision gave, written in the evaluation's own transaction, and HistoryService's queries of
it.

An evaluation writes one historic decision instance per decision it evaluated: the one asked
for, and before it each decision it requires (each once), whose rows name the asked-for one's
as their root (``root_decision_instance_id``; the root's own is empty, as in the document's
engine). Each row has the values of its decision table's inputs and the outputs of the rules
its hit policy kept (a literal expression: one output, its variable), in the typed value
columns the variable history uses. Where the evaluation ran: EvaluateDecision (the caller's
user id), a business rule task (its process instance, activity and activity instance) or a
case's decision task (its case instance and plan item).

Rows of a process instance go with it (the history cleanup, DeleteHistoricProcessInstance and
its batch, the deletion of its definition or deployment), rows of a case instance with it; the
others, the standalone evaluations, by the history cleanup once their root decision's
definition's history time to live has passed since the evaluation, or by
DeleteHistoricDecisionInstance(s). A deployment's deletion removes every row of its decision
definitions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable, Sequence

from sqlalchemy import ColumnElement, Select, delete, func, insert, or_, select
from sqlalchemy.orm import Session, aliased

from server.clock import Clock
from server.engine import executions, retention
from server.engine.dmn.evaluation import DecisionResult
from server.engine.dmn.models import (
    DecisionDefinition,
    HistoricDecisionInput,
    HistoricDecisionInstance,
    HistoricDecisionOutput,
)
from server.engine.errors import visible
from server.engine.variables import TypedValue, to_columns
from server.fastsql import Prepared
from server.identity.service import Caller

NOT_FOUND = "DECISION_INSTANCE_NOT_FOUND"

_D = HistoricDecisionInstance
_IN = HistoricDecisionInput
_OUT = HistoricDecisionOutput
_INSERT_INSTANCES = Prepared(insert(_D.__table__))
_INSERT_INPUTS = Prepared(insert(_IN.__table__))
_INSERT_OUTPUTS = Prepared(insert(_OUT.__table__))
_CHUNK = 500


@dataclass(frozen=True)
class Evaluated:
    """Where an evaluation ran: nothing for EvaluateDecision but the caller (``user_id``); a
    process's or case's fields for a task of one. ``tenant_id``: the process's or case's; the
    decision definition's when None."""

    user_id: str | None = None
    process_definition_id: str | None = None
    process_definition_key: str | None = None
    process_instance_id: str | None = None
    root_process_instance_id: str | None = None
    case_definition_id: str | None = None
    case_definition_key: str | None = None
    case_instance_id: str | None = None
    activity_id: str | None = None
    activity_instance_id: str | None = None
    tenant_id: str | None = None


def _stored(value: TypedValue) -> dict[str, Any]:
    """A typed value in the columns the variables table holds it in."""
    columns = to_columns(value)
    return {"type": value.type, "text_value": columns.text_value, "long_value": columns.long_value,
            "double_value": columns.double_value, "bytes_value": columns.bytes_value,
            "value_info": dict(value.value_info) or None}


def record(tx: Session, clock: Clock, definition: DecisionDefinition, result: DecisionResult,
           where: Evaluated) -> str:
    """Writes the history of an evaluation of ``definition`` (its required decisions' too);
    returns the id of the root row (the decision asked for)."""
    from server.engine.runtime import new_id

    now = clock.now()
    evaluated = result.evaluated
    # The required decisions are of the same file, so of the same deployment and tenant.
    keys = [e.spec.key for e in evaluated if e.spec.key != definition.key]
    definitions = {definition.key: definition}
    if keys:
        definitions.update((d.key, d) for d in tx.scalars(select(DecisionDefinition).where(
            DecisionDefinition.deployment_id == definition.deployment_id, DecisionDefinition.key.in_(keys))))
    root_id = new_id()
    instances, inputs, outputs = [], [], []
    for decision in evaluated:
        of = definitions[decision.spec.key]
        row_id = root_id if decision.spec.key == definition.key else new_id()
        instances.append({
            "id": row_id, "decision_definition_id": of.id, "decision_definition_key": of.key,
            "decision_definition_name": of.name, "evaluation_time": now,
            "process_definition_id": where.process_definition_id,
            "process_definition_key": where.process_definition_key,
            "process_instance_id": where.process_instance_id,
            "root_process_instance_id": where.root_process_instance_id,
            "case_definition_id": where.case_definition_id, "case_definition_key": where.case_definition_key,
            "case_instance_id": where.case_instance_id, "activity_id": where.activity_id,
            "activity_instance_id": where.activity_instance_id,
            "tenant_id": where.tenant_id if where.tenant_id is not None else of.tenant_id,
            "user_id": where.user_id, "collect_result_value": decision.collect_result_value,
            "root_decision_instance_id": None if row_id == root_id else root_id,
            "decision_requirements_definition_id": of.decision_requirements_definition_id,
            "decision_requirements_definition_key": of.decision_requirements_definition_key,
        })
        inputs += [{"id": new_id(), "decision_instance_id": row_id, "position": i, "clause_id": e.clause_id,
                    "clause_name": e.clause_name, "create_time": now, **_stored(e.value)}
                   for i, e in enumerate(decision.inputs)]
        outputs += [{"id": new_id(), "decision_instance_id": row_id, "position": i, "clause_id": e.clause_id,
                     "clause_name": e.clause_name, "rule_id": e.rule_id, "rule_order": e.rule_order,
                     "variable_name": e.variable_name, "create_time": now, **_stored(e.value)}
                    for i, e in enumerate(decision.outputs)]
    _INSERT_INSTANCES.execute(tx, instances)
    if inputs:
        _INSERT_INPUTS.execute(tx, inputs)
    if outputs:
        _INSERT_OUTPUTS.execute(tx, outputs)
    return root_id


# -- queries ------------------------------------------------------------------------------------


@dataclass
class DecisionInstanceQuery:
    """The filters of QueryHistoricDecisionInstances and its count; each given one must hold.
    ``equal``: request field -> the value its column must have (a list: one of them)."""

    equal: dict[str, Any] = field(default_factory=dict)
    name_like: str = ""
    evaluated_before: datetime | None = None
    evaluated_after: datetime | None = None
    root_decision_instances_only: bool = False
    tenant_ids: list[str] = field(default_factory=list)
    without_tenant: bool = False
    sorting: list[tuple[str, str]] = field(default_factory=list)


# The request's equality filters -> the column each compares (a repeated one: IN).
EQUALITY_FILTERS: dict[str, Any] = {
    "decision_instance_id": _D.id,
    "decision_instance_id_in": _D.id,
    "decision_definition_id": _D.decision_definition_id,
    "decision_definition_id_in": _D.decision_definition_id,
    "decision_definition_key": _D.decision_definition_key,
    "decision_definition_key_in": _D.decision_definition_key,
    "decision_definition_name": _D.decision_definition_name,
    "process_definition_id": _D.process_definition_id,
    "process_definition_key": _D.process_definition_key,
    "process_instance_id": _D.process_instance_id,
    "case_definition_id": _D.case_definition_id,
    "case_definition_key": _D.case_definition_key,
    "case_instance_id": _D.case_instance_id,
    "activity_id_in": _D.activity_id,
    "activity_instance_id_in": _D.activity_instance_id,
    "user_id": _D.user_id,
    "root_decision_instance_id": _D.root_decision_instance_id,
    "decision_requirements_definition_id": _D.decision_requirements_definition_id,
    "decision_requirements_definition_key": _D.decision_requirements_definition_key,
}

SORT_KEYS: dict[str, Any] = {"evaluationTime": _D.evaluation_time, "tenantId": _D.tenant_id}


def _conditions(caller: Caller, q: DecisionInstanceQuery) -> list[ColumnElement[bool]]:
    conds = executions.tenant_choice(_D.tenant_id, q.tenant_ids, q.without_tenant)
    conds += executions.equalities((EQUALITY_FILTERS[name], value) for name, value in q.equal.items())
    if q.name_like:
        conds.append(executions.like(_D.decision_definition_name, q.name_like, "decision_definition_name_like"))
    if q.root_decision_instances_only:
        conds.append(_D.root_decision_instance_id.is_(None))
    conds += executions.within(_D.evaluation_time, q.evaluated_after, q.evaluated_before)
    conds += caller.tenant_conditions(_D.tenant_id)
    return conds


def query(tx: Session, caller: Caller, q: DecisionInstanceQuery, offset: int,
          limit: int) -> list[HistoricDecisionInstance]:
    """One page of the historic decision instances the filters keep, by ``q.sorting`` then
    evaluation time and id (without sorting: as they were evaluated)."""
    order = executions.ordering(q.sorting, SORT_KEYS, (_D.evaluation_time, _D.id))
    return list(tx.scalars(select(_D).where(*_conditions(caller, q)).order_by(*order).offset(offset).limit(limit)))


def count(tx: Session, caller: Caller, q: DecisionInstanceQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(_D).where(*_conditions(caller, q))) or 0)


def selected_ids(tx: Session, caller: Caller, q: DecisionInstanceQuery) -> list[str]:
    """The ids of every row the filters keep, as they were evaluated (a batch's items)."""
    return list(tx.scalars(select(_D.id).where(*_conditions(caller, q)).order_by(_D.evaluation_time, _D.id)))


def get(tx: Session, caller: Caller, decision_instance_id: str) -> HistoricDecisionInstance:
    """The historic decision instance ``decision_instance_id``; NOT_FOUND when there is none the
    caller sees."""
    row = tx.get(_D, decision_instance_id) if decision_instance_id else None
    return visible(caller, row, "historic decision instance", NOT_FOUND, decision_instance_id)


def inputs_of(tx: Session, ids: Sequence[str]) -> dict[str, list[HistoricDecisionInput]]:
    """The inputs of these historic decision instances, by instance, in the table's order."""
    found: dict[str, list[HistoricDecisionInput]] = {i: [] for i in ids}
    for row in tx.scalars(select(_IN).where(_IN.decision_instance_id.in_(list(ids)))
                          .order_by(_IN.decision_instance_id, _IN.position)):
        found[row.decision_instance_id].append(row)
    return found


def outputs_of(tx: Session, ids: Sequence[str]) -> dict[str, list[HistoricDecisionOutput]]:
    """The outputs of these historic decision instances, by instance, as the rules gave them."""
    found: dict[str, list[HistoricDecisionOutput]] = {i: [] for i in ids}
    for row in tx.scalars(select(_OUT).where(_OUT.decision_instance_id.in_(list(ids)))
                          .order_by(_OUT.decision_instance_id, _OUT.position)):
        found[row.decision_instance_id].append(row)
    return found


# -- removal ------------------------------------------------------------------------------------


def _remove_where(tx: Session, *where: ColumnElement[bool]) -> int:
    """Removes the rows ``where`` selects with their inputs and outputs; how many went."""
    ids = select(_D.id).where(*where).scalar_subquery()
    for model in (_IN, _OUT):
        tx.execute(delete(model).where(model.decision_instance_id.in_(ids)).execution_options(
            synchronize_session=False))
    return int(tx.execute(delete(_D).where(*where).execution_options(synchronize_session=False)).rowcount or 0)


def delete_of_instances(tx: Session, instance_ids: object) -> None:
    """Removes the decision history of ended process instances (``instance_ids``: a select of
    their ids, or a list), before the instances go."""
    _remove_where(tx, _D.process_instance_id.in_(instance_ids))  # type: ignore[arg-type]


def delete_of_case_instances(tx: Session, case_ids: list[str]) -> None:
    """Removes the decision history of case instances, before they go."""
    if case_ids:
        _remove_where(tx, _D.case_instance_id.in_(case_ids))


def delete_of_definitions(tx: Session, definition_ids: Iterable[str]) -> None:
    """Removes every historic decision instance of these decision definitions (their deployment
    goes), with the required decisions' rows of their evaluations."""
    ids = list(definition_ids)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        roots = select(_D.id).where(_D.decision_definition_id.in_(chunk))
        _remove_where(tx, or_(_D.decision_definition_id.in_(chunk), _D.root_decision_instance_id.in_(roots)))


def remove(tx: Session, ids: Sequence[str]) -> int:
    """Removes these historic decision instances and the rows whose root they are (the
    required decisions of their evaluations); how many of ``ids`` went."""
    removed = 0
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start:start + _CHUNK])
        _remove_where(tx, _D.root_decision_instance_id.in_(chunk))
        removed += _remove_where(tx, _D.id.in_(chunk))
    return removed


def _standalone_root(row: Any = HistoricDecisionInstance) -> list[ColumnElement[bool]]:
    """A standalone evaluation's root row: of no process or case instance, asked for itself."""
    return [row.process_instance_id.is_(None), row.case_instance_id.is_(None), row.root_decision_instance_id.is_(None)]


def due_roots(tx: Session, now: datetime) -> Select[tuple[str]] | None:
    """The ids of the standalone roots whose decision definition's history time to live has
    passed since they were evaluated (None: no decision has a time to live): what the cleanup
    removes, each with the rows of the decisions it required."""
    root, d = aliased(HistoricDecisionInstance), aliased(DecisionDefinition)
    passed = retention.passed(tx, now, root.evaluation_time, d)
    if passed is None:
        return None
    return select(root.id).join(d, d.id == root.decision_definition_id).where(*_standalone_root(root), passed)


def due(tx: Session, now: datetime) -> ColumnElement[bool] | None:
    """The condition of the rows the cleanup removes at ``now``: those of standalone evaluations
    whose root is due (None: none can be)."""
    roots = due_roots(tx, now)
    return None if roots is None else func.coalesce(_D.root_decision_instance_id, _D.id).in_(roots)


def due_standalone(tx: Session, now: datetime, limit: int) -> list[str]:
    """The roots of standalone evaluations (of no process or case instance) whose decision
    definition's history time to live has passed since they were evaluated, oldest first."""
    d = DecisionDefinition
    passed = retention.passed(tx, now, _D.evaluation_time, d)
    if passed is None:
        return []
    return list(tx.scalars(
        select(_D.id).join(d, d.id == _D.decision_definition_id).where(*_standalone_root(), passed)
        .order_by(_D.evaluation_time, _D.id).limit(limit)))


def delete_instance(tx: Session, clock: Clock, caller: Caller, decision_instance_id: str) -> None:
    """Removes one historic decision instance, with the rows whose root it is (NOT_FOUND when
    there is none the caller sees)."""
    caller.require_admin("delete the decision history")
    row = get(tx, caller, decision_instance_id)
    remove(tx, [row.id])
