"""The CMMN interpreter: runs the lifecycle of case instances and their plan items inside the
caller's transaction.

Every entry point locks the case instance row (SELECT … FOR UPDATE on PostgreSQL). Work runs on
an agenda; the runtime of a transaction is shared while it runs, so a process instance that ends
inside a process task's activation (or a sub-case that completes) only schedules its effect.

After every change the case *settles*: in each active stage (the case plan model first), in
document order, an exit criterion that holds terminates its plan item, an available plan item
whose entry criterion holds (or that has none) is entered — a milestone occurs; a task or stage
becomes ENABLED under a manual activation rule, else ACTIVE — and a stage whose children are done
completes. Sentries read the transitions their on-part sources have performed (kept on each case
execution), and their if-parts are evaluated at every settle, as in the document's engine.

A plan item with a repetition rule gets a new instance (AVAILABLE, in the same stage) when an
instance performs a transition of ``PlanItem.repeat_on`` while the rule holds: its entry, when
it has entry criteria (the sentries that fired then start again for the new instance: only later
occurrences of their on-parts satisfy them), else its completion or termination (or the event
camunda:repeatOnStandardEvent names)."""

from __future__ import annotations

from collections import deque
from datetime import datetime
from typing import Any, Callable, Iterable, Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.db import writers_take_turns
from server.engine import runtime as bpmn_runtime
from server.engine import identity_link_log, task_log, variable_log
from server.engine.cases import activity_log
from server.engine.cases.models import CaseDefinition, CaseExecution, CaseInstance
from server.engine.cmmn.spec import CallTarget, CaseSpec, OnPart, PlanItem, PlanItemKind, Rule, Sentry, VariableOnPart
from server.engine.errors import evaluation_failed, not_found, precondition
from server.engine.expr import EvaluationError, Expression
from server.engine.models import (
    Execution,
    ProcessDefinition,
    ProcessInstance,
    Task,
    TaskCandidate,
    Variable,
)
from server.engine.runtime import (
    KEY_SHARE,
    Runtime,
    SpecCache,
    called_business_key,
    first_hold,
    new_id,
    task_assignee,
    task_candidates,
    typed_value,
    write_variable,
)
from server.engine.variables import TypedValue, expression_value, infer, parse_date
from server.errors import FailedPrecondition, check_length

# Case instance states.
CASE_ACTIVE, CASE_COMPLETED, CASE_TERMINATED, CASE_CLOSED = "ACTIVE", "COMPLETED", "TERMINATED", "CLOSED"
# Case execution states.
AVAILABLE, ENABLED, DISABLED, ACTIVE = "AVAILABLE", "ENABLED", "DISABLED", "ACTIVE"
COMPLETED, TERMINATED = "COMPLETED", "TERMINATED"
NOT_ENDED = frozenset({AVAILABLE, ENABLED, DISABLED, ACTIVE})
DONE = frozenset({COMPLETED, TERMINATED, DISABLED})  # what lets a stage complete
PLAN_MODEL = "casePlanModel"
MAX_CASE_NESTING = 32
# New instances repetition rules may create in one call: more means the model repeats without end.
MAX_REPETITIONS = 200


# -- parsed specs, cached per definition (immutable, so safe to share across threads) ---------


def _parse_cmmn(content: bytes, resource_name: str) -> list[CaseSpec]:
    from server.engine.cmmn.parser import parse_cmmn

    # Stored resources passed the column checks when they were deployed (or predate them).
    return parse_cmmn(content, resource_name, deploying=False)


CASE_SPECS: SpecCache[CaseSpec] = SpecCache(_parse_cmmn)


# -- errors ------------------------------------------------------------------------------------

_TRANSITION_TARGETS = {
    "manualStart": ACTIVE, "disable": DISABLED, "reenable": ENABLED, "complete": COMPLETED,
    "terminate": TERMINATED, "close": CASE_CLOSED,
}


def illegal_transition(subject: str, what: str, activity_id: str | None, current: str, transition: str,
                       allowed: Iterable[str], *, case_definition_key: str | None = None) -> FailedPrecondition:
    """FAILED_PRECONDITION ILLEGAL_CASE_TRANSITION naming the current and the requested state
    (of a case execution, named by its activity, or of a case instance, by its definition key)."""
    allowed = tuple(allowed)
    target = _TRANSITION_TARGETS[transition]
    label = f"{what} {subject} ({activity_id!r})" if activity_id else f"{what} {subject} (of {case_definition_key!r})"
    if allowed:
        message = f"{label} is {current}; {transition} moves it from {' or '.join(allowed)} to {target}"
    else:
        message = f"{label} is {current}; a {what} has no {transition} transition (to {target})"
    return precondition(
        "ILLEGAL_CASE_TRANSITION", message, subject, type="forbidden", current_state=current,
        requested_state=target, transition=transition, activity_id=activity_id,
        case_definition_key=case_definition_key, allowed_states=",".join(allowed),
    )


def _not_completable(subject: str, what: str, activity_id: str, blockers: list[CaseExecution]) -> FailedPrecondition:
    active = [b.activity_id for b in blockers if b.state == ACTIVE]
    pending = [b.activity_id for b in blockers if b.state != ACTIVE]
    parts = []
    if active:
        parts.append("active: " + ", ".join(active))
    if pending:
        parts.append("required and not done: " + ", ".join(pending))
    reason = "CASE_INSTANCE_NOT_COMPLETABLE" if what == "case instance" else "STAGE_NOT_COMPLETABLE"
    return precondition(
        reason, f"{what} {subject} ({activity_id!r}) cannot complete yet ({'; '.join(parts)})", subject,
        type="forbidden", activity_id=activity_id, active=",".join(active), required_pending=",".join(pending),
    )


# -- the runtime --------------------------------------------------------------------------------

_RUNNING = "flowkeeper.case_runtime"
_OUTPUTS = "flowkeeper.case_process_outputs"


class CaseRuntime:
    """Moves the case executions of case instances inside one transaction."""

    def __init__(self, tx: Session, clock: Clock) -> None:
        self.tx = tx
        self.clock = clock
        self._agenda: deque[Callable[[], None]] = deque()
        self._running = False
        self._locked: set[str] = set()
        self._executions: dict[str, list[CaseExecution]] = {}
        self._definitions: dict[str, CaseDefinition] = {}
        # Case instances this runtime created or locked (new ones are not in the session's
        # identity map until flushed; looking them up must not flush).
        self._cases: dict[str, CaseInstance] = {}
        self._repetitions = 0
        # The user whose call this unit of work serves, when it creates case instances for one
        # (CreateCaseInstance, a verb that starts a case task): the instances it creates.
        self.create_user_id: str | None = None

    @classmethod
    def of(cls, tx: Session, clock: Clock) -> CaseRuntime:
        """The runtime running in this transaction, or a new one."""
        running = tx.info.get(_RUNNING)
        return running if running is not None else cls(tx, clock)

    # ---------------------------------------------------------------- agenda

    def _schedule(self, op: Callable[[], None]) -> None:
        self._agenda.append(op)

    def run(self) -> None:
        """Runs scheduled work until the agenda is empty; a nested call only queues."""
        if self._running:
            return
        self._running = True
        self.tx.info[_RUNNING] = self
        try:
            while self._agenda:
                self._agenda.popleft()()
        except BaseException:
            self._agenda.clear()
            raise
        finally:
            self._running = False
            self.tx.info.pop(_RUNNING, None)

    # ---------------------------------------------------------------- lookups

    def definition(self, definition_id: str) -> CaseDefinition:
        row = self._definitions.get(definition_id)
        if row is None:
            row = self.tx.get(CaseDefinition, definition_id)
            if row is None:
                raise not_found("case definition", "CASE_DEFINITION_NOT_FOUND", definition_id)
            self._definitions[definition_id] = row
        return row

    def spec(self, case: CaseInstance | CaseExecution) -> CaseSpec:
        return CASE_SPECS.get(self.tx, self.definition(case.case_definition_id))

    def lock_case(self, case_instance_id: str) -> CaseInstance:
        """The case instance, locked for the rest of the transaction."""
        query = select(CaseInstance).where(CaseInstance.id == case_instance_id)
        if case_instance_id not in self._locked:
            hold_calling_cases(self.tx, case_instance_id)
            # A row read before the lock may be stale: refresh it from the locked row.
            query = query.with_for_update().execution_options(populate_existing=True)
        row = self.tx.scalar(query)
        if row is None:
            raise not_found("case instance", "CASE_INSTANCE_NOT_FOUND", case_instance_id)
        self._locked.add(case_instance_id)
        self._cases[row.id] = row
        return row

    def executions(self, case_instance_id: str) -> list[CaseExecution]:
        """Every case execution of the instance, in document order (cached for the runtime)."""
        rows = self._executions.get(case_instance_id)
        if rows is None:
            rows = list(self.tx.scalars(
                select(CaseExecution).where(CaseExecution.case_instance_id == case_instance_id)
                .order_by(CaseExecution.position, CaseExecution.instance_number)
                .execution_options(populate_existing=True)
            ))
            self._executions[case_instance_id] = rows
        return rows

    def _children(self, parent: CaseExecution) -> list[CaseExecution]:
        return [e for e in self.executions(parent.case_instance_id) if e.parent_id == parent.id]

    def _parent(self, execution: CaseExecution) -> CaseExecution | None:
        if execution.parent_id is None:
            return None
        return next((e for e in self.executions(execution.case_instance_id) if e.id == execution.parent_id), None)

    def _chain(self, execution: CaseExecution) -> list[CaseExecution]:
        """The execution and its enclosing stages up to the case plan model."""
        out = [execution]
        while True:
            parent = self._parent(out[-1])
            if parent is None:
                return out
            out.append(parent)

    # ---------------------------------------------------------------- variables

    def visible_variables(self, execution: CaseExecution) -> dict[str, TypedValue]:
        """Variables as seen from ``execution``: the nearest scope's value wins."""
        ids = [e.id for e in self._chain(execution)]
        rank = {scope_id: i for i, scope_id in enumerate(ids)}
        best: dict[str, tuple[int, Variable]] = {}
        for row in self.tx.scalars(select(Variable).where(Variable.scope_id.in_(ids))):
            r = rank[row.scope_id]
            if row.name not in best or r < best[row.name][0]:
                best[row.name] = (r, row)
        return {name: typed_value(row) for name, (_, row) in best.items()}

    def local_variables(self, scope_id: str) -> dict[str, TypedValue]:
        return {row.name: typed_value(row) for row in self.tx.scalars(select(Variable).where(Variable.scope_id == scope_id))}

    def set_local(self, execution: CaseExecution, name: str, value: TypedValue) -> None:
        write_variable(self.tx, self.clock, variable_log.of_case_execution(execution), name, value)

    def set_variables(self, execution: CaseExecution, values: Mapping[str, TypedValue]) -> None:
        """Sets each where it already lives (nearest scope up the stages), else on the case."""
        if not values:
            return
        chain = self._chain(execution)
        ids = [e.id for e in chain]
        rows = self.tx.execute(
            select(Variable.scope_id, Variable.name).where(Variable.scope_id.in_(ids), Variable.name.in_(list(values)))
        ).all()
        owners: dict[str, set[str]] = {}
        for scope_id, name in rows:
            owners.setdefault(name, set()).add(scope_id)
        for name, value in values.items():
            target = next((e for e in chain if e.id in owners.get(name, ())), chain[-1])
            self.set_local(target, name, value)
        self.tx.flush()

    def delete_variables(self, execution: CaseExecution, names: Iterable[str]) -> None:
        """Deletes each from the nearest scope that has it (recorded, and counted for the
        variable on-parts that listen to it, as a deletion on that scope is)."""
        chain = self._chain(execution)
        for name in names:
            for scope in chain:
                found = self.tx.scalar(select(Variable.id).where(Variable.scope_id == scope.id, Variable.name == name))
                if found is not None:
                    bpmn_runtime.delete_variables(self.tx, self.clock, variable_log.of_case_execution(scope), [name])
                    break
        self.tx.flush()

    def evaluate(self, execution: CaseExecution, expression: Expression, element_id: str) -> Any:
        if expression.is_constant:
            return expression.constant
        visible: dict[str, TypedValue] | None = None

        def lookup(name: str) -> Any:
            nonlocal visible
            if visible is None:
                visible = self.visible_variables(execution)
            return expression_value(visible[name])

        try:
            return expression.evaluate(lookup)
        except EvaluationError as error:
            raise evaluation_failed(element_id, expression.text, str(error)) from None

    def _holds(self, execution: CaseExecution, expression: Expression, element_id: str) -> bool:
        value = self.evaluate(execution, expression, element_id)
        if not isinstance(value, bool):
            raise evaluation_failed(element_id, expression.text, f"the condition returned non-Boolean {value!r}")
        return value

    def _rule_holds(self, execution: CaseExecution, rule: Rule | None, element_id: str) -> bool:
        if rule is None:
            return False
        return True if rule.condition is None else self._holds(execution, rule.condition, element_id)

    # ---------------------------------------------------------------- creating

    def create_case_instance(
        self, definition: CaseDefinition, variables: Mapping[str, TypedValue], *, business_key: str | None = None,
    ) -> CaseInstance:
        """Creates a case instance and runs its lifecycle until nothing more happens by itself."""
        case = self._create(definition, variables, business_key=business_key)
        self.run()
        return case

    def _create(
        self, definition: CaseDefinition, variables: Mapping[str, TypedValue], *, business_key: str | None,
        super_execution: CaseExecution | None = None,
    ) -> CaseInstance:
        check_length("business_key", business_key, CaseInstance.business_key)
        spec = CASE_SPECS.get(self.tx, definition)
        self._definitions[definition.id] = definition
        now = self.clock.now()
        case_id = new_id()
        case = CaseInstance(
            id=case_id, case_definition_id=definition.id, case_definition_key=definition.key,
            business_key=business_key or None, tenant_id=definition.tenant_id, state=CASE_ACTIVE, create_time=now,
            super_case_execution_id=super_execution.id if super_execution else None,
            super_case_instance_id=super_execution.case_instance_id if super_execution else None,
            create_user_id=self.create_user_id,
        )
        root = CaseExecution(
            id=case_id, case_instance_id=case_id, parent_id=None, case_definition_id=definition.id,
            case_definition_key=definition.key, activity_id=spec.plan_model_id, activity_name=spec.plan_model_name,
            activity_type=PLAN_MODEL, state=ACTIVE, required=False, position=0, instance_number=0, events=["create"],
            business_key=case.business_key, tenant_id=definition.tenant_id, create_time=now,
        )
        self.tx.add(case)
        self.tx.add(root)
        self._locked.add(case_id)
        self._cases[case_id] = case
        self._executions[case_id] = [root]
        owner = variable_log.of_case_execution(root)
        with variable_log.initial(self.tx):
            for name, value in variables.items():
                write_variable(self.tx, self.clock, owner, name, value, fresh=True)
        self._plan_children(root, spec, spec.children)
        self._schedule(lambda: self.settle(case_id))
        return case

    def _plan_children(self, parent: CaseExecution, spec: CaseSpec, item_ids: tuple[str, ...]) -> None:
        """The plan items of a stage that became active, each AVAILABLE."""
        now = self.clock.now()
        for item_id in item_ids:
            self._new_instance(parent, spec.item(item_id), now)
        self.executions(parent.case_instance_id).sort(key=lambda e: e.position)

    def _new_instance(self, parent: CaseExecution, item: PlanItem, now: datetime,
                      sentry_baseline: dict[str, list[int]] | None = None) -> CaseExecution:
        """An AVAILABLE case execution of the plan item in its stage (the required rule is
        evaluated now, as in the document's engine); the caller keeps the list in order."""
        rows = self.executions(parent.case_instance_id)
        sentry_baseline = self._variable_baseline(parent, item, sentry_baseline)
        execution = CaseExecution(
            id=new_id(), case_instance_id=parent.case_instance_id, parent_id=parent.id,
            case_definition_id=parent.case_definition_id, case_definition_key=parent.case_definition_key,
            activity_id=item.id, activity_name=item.name, activity_type=item.kind.value, state=AVAILABLE,
            required=False, position=item.position, instance_number=sum(e.activity_id == item.id for e in rows),
            events=["create"], sentry_baseline=sentry_baseline,
            business_key=parent.business_key, tenant_id=parent.tenant_id, create_time=now,
        )
        self.tx.add(execution)
        rows.append(execution)
        if item.required is not None:
            execution.required = self._rule_holds(parent, item.required, item.id)
        activity_log.created(self.tx, execution)
        return execution

    def _variable_baseline(self, stage: CaseExecution, item: PlanItem,
                           baseline: dict[str, list[int]] | None) -> dict[str, list[int]] | None:
        """``baseline`` with, for each sentry of the item's criteria with variable on-parts that
        it has none for, the counts now: variable events before the instance was created do not
        satisfy its sentries."""
        if not stage.variable_events:
            return baseline
        sentries = self.spec(stage).sentries
        found = dict(baseline or {})
        for sentry_id in (*item.entry_criteria, *item.exit_criteria):
            sentry = sentries[sentry_id]
            if sentry.variable_on_parts and sentry_id not in found:
                found[sentry_id] = [0] * len(sentry.on_parts) + [
                    _variable_occurrences(stage, part) for part in sentry.variable_on_parts]
        return found or None

    def _repeat(self, execution: CaseExecution, item: PlanItem) -> None:
        """The instance performed a transition of ``item.repeat_on``: while its stage is active
        and the repetition rule holds (evaluated on the instance), a new instance joins the stage.
        The entry criteria that fired for this instance start again for the new one."""
        parent = self._parent(execution)
        if parent is None or parent.state != ACTIVE or not self._rule_holds(execution, item.repetition, item.id):
            return
        self._repetitions += 1
        if self._repetitions > MAX_REPETITIONS:
            raise precondition(
                "REPETITION_LIMIT_EXCEEDED",
                f"{_noun(item.kind)} {item.id!r} would be repeated more than {MAX_REPETITIONS} times in one call: "
                "its repetition rule and criteria repeat it without end",
                execution.case_instance_id, type="forbidden", activity_id=item.id, limit=MAX_REPETITIONS,
            )
        baseline = dict(execution.sentry_baseline or {})
        children = self._children(parent)
        sentries = self.spec(execution).sentries
        for sentry_id in item.entry_criteria:
            sentry = sentries[sentry_id]
            if self._satisfied(sentry, parent, execution):
                baseline[sentry_id] = _part_counts(sentry, parent, children)
        self._new_instance(parent, item, self.clock.now(), baseline or None)
        self.executions(execution.case_instance_id).sort(key=lambda e: e.position)

    # ---------------------------------------------------------------- settling

    def settle(self, case_instance_id: str) -> None:
        """Performs what the sentries, rules and completion conditions call for, until nothing
        changes."""
        case = self._cases.get(case_instance_id) or self.tx.get(CaseInstance, case_instance_id)
        if case is None or case.state != CASE_ACTIVE:
            return
        spec = self.spec(case)
        while case.state == CASE_ACTIVE and self._step(case, spec):
            pass

    def _step(self, case: CaseInstance, spec: CaseSpec) -> bool:
        rows = self.executions(case.id)
        root = rows[0]
        if any(self._satisfied(spec.sentries[s], root) for s in spec.exit_criteria):
            self._terminate_case(case, "exit")
            return True
        for stage in [e for e in rows if e.state == ACTIVE and e.activity_type in (PLAN_MODEL, "stage")]:
            children = self._children(stage)
            for child in children:
                item = spec.item(child.activity_id)
                if child.state in NOT_ENDED and any(
                    self._satisfied(spec.sentries[s], stage, child) for s in item.exit_criteria
                ):
                    self._end(child, "exit")
                    return True
                if child.state == AVAILABLE and (
                    not item.entry_criteria
                    or any(self._satisfied(spec.sentries[s], stage, child) for s in item.entry_criteria)
                ):
                    self._enter(case, child, item)
                    return True
            if self._blockers(stage, children, spec, manual=False) is None:
                self._complete_stage(case, stage, children)
                return True
        return False

    def _satisfied(self, sentry: Sentry, stage: CaseExecution, execution: CaseExecution | None = None) -> bool:
        """Every on-part occurred — in any instance of its source, and for a repeated
        ``execution`` since the sentry last fired for its plan item —, every variable on-part's
        event happened (since ``execution`` was created), and the if-part holds."""
        if sentry.on_parts or sentry.variable_on_parts:
            baseline = (execution.sentry_baseline or {}).get(sentry.id) if execution is not None else None
            counts = _part_counts(sentry, stage, self._children(stage) if sentry.on_parts else [])
            if any(count <= (baseline[i] if baseline and i < len(baseline) else 0) for i, count in enumerate(counts)):
                return False
        return sentry.condition is None or self._holds(stage, sentry.condition, sentry.id)

    def _blockers(self, stage: CaseExecution, children: list[CaseExecution], spec: CaseSpec, *,
                  manual: bool) -> list[CaseExecution] | None:
        """None when the stage may complete, else the children in the way."""
        if stage.activity_type == PLAN_MODEL:
            auto = spec.auto_complete
        else:
            auto = spec.item(stage.activity_id).auto_complete
        blockers = [c for c in children if c.state == ACTIVE]
        if manual or auto:
            blockers += [c for c in children if c.required and c.state not in DONE and c.state != ACTIVE]
        else:
            blockers += [c for c in children if c.state not in DONE and c.state != ACTIVE]
        return blockers or None

    def _transition(self, execution: CaseExecution, state: str, event: str) -> None:
        execution.state = state
        execution.events = [*execution.events, event]
        if state in (COMPLETED, TERMINATED):
            execution.end_time = self.clock.now()
        if execution.activity_type != PLAN_MODEL:
            activity_log.changed(self.tx, execution.id, state=state, end_time=execution.end_time)
            item = self.spec(execution).item(execution.activity_id)
            if event in item.repeat_on:
                self._repeat(execution, item)

    # ---------------------------------------------------------------- entering and activating

    def _enter(self, case: CaseInstance, execution: CaseExecution, item: PlanItem) -> None:
        if item.kind is PlanItemKind.MILESTONE:
            self._transition(execution, COMPLETED, "occur")
            return
        parent = self._parent(execution)
        assert parent is not None
        if self._rule_holds(parent, item.manual_activation, item.id):
            self._transition(execution, ENABLED, "enable")
            return
        self._transition(execution, ACTIVE, "start")
        self._activate(case, execution, item)

    def _activate(self, case: CaseInstance, execution: CaseExecution, item: PlanItem) -> None:
        """The plan item became ACTIVE: issue its work."""
        kind = item.kind
        if kind is PlanItemKind.HUMAN_TASK:
            self._create_task(case, execution, item)
        elif kind is PlanItemKind.TASK:
            if not item.is_blocking:
                self._transition(execution, COMPLETED, "complete")
        elif kind is PlanItemKind.PROCESS_TASK:
            self._start_process(case, execution, item)
            if not item.is_blocking and execution.state == ACTIVE:
                self._transition(execution, COMPLETED, "complete")
        elif kind is PlanItemKind.CASE_TASK:
            self._start_case(case, execution, item)
            if not item.is_blocking and execution.state == ACTIVE:
                self._transition(execution, COMPLETED, "complete")
        elif kind is PlanItemKind.DECISION_TASK:
            self._evaluate_decision(case, execution, item)
            self._transition(execution, COMPLETED, "complete")
        elif kind is PlanItemKind.STAGE:
            self._plan_children(execution, self.spec(case), item.children)

    def _evaluate_decision(self, case: CaseInstance, execution: CaseExecution, item: PlanItem) -> None:
        """A decision task became ACTIVE: its decision is evaluated with the variables it sees, as
        a business rule task's (server.engine.dmn.service.call_decision), and the mapped result
        set in its result variable (where a variable of that name lives, else on the case).
        A failure fails the call that activated it, as a process task's missing process does."""
        from server.engine.dmn import history as decision_history
        from server.engine.dmn.service import call_decision

        assert item.decision_ref is not None and item.decision is not None
        key = str(self.evaluate(execution, item.decision_ref, item.id))
        definition = self.definition(execution.case_definition_id)
        tenant = definition.tenant_id
        if item.decision_tenant_id is not None:
            tenant = str(self.evaluate(execution, item.decision_tenant_id, item.id) or "") or None
        value = call_decision(
            self.tx, self.clock, item.decision, key, tenant, definition.deployment_id,
            self.visible_variables(execution), f"decision task {item.id!r}", item.id, decision_history.Evaluated(
                case_definition_id=case.case_definition_id, case_definition_key=case.case_definition_key,
                case_instance_id=case.id, activity_id=item.id, activity_instance_id=execution.id,
                tenant_id=case.tenant_id))
        if value is not None and item.decision.result_variable:
            self.set_variables(execution, {item.decision.result_variable: value})

    def _create_task(self, case: CaseInstance, execution: CaseExecution, item: PlanItem) -> Task:
        def value(expression: Expression | None) -> Any:
            return None if expression is None else self.evaluate(execution, expression, item.id)

        assignee = task_assignee(value(item.assignee), item.id, item.assignee) if item.assignee else None
        users = (task_candidates(value(item.candidate_users), item.id, item.candidate_users, "user")
                 if item.candidate_users else [])
        groups = (task_candidates(value(item.candidate_groups), item.id, item.candidate_groups, "group")
                  if item.candidate_groups else [])
        def date(expression: Expression | None) -> datetime | None:
            raw = value(expression)
            if raw is None or isinstance(raw, datetime):
                return raw
            parsed = parse_date(str(raw))
            if parsed is None:
                raise evaluation_failed(item.id, expression.text if expression else "", f"{raw!r} is not a date")
            return parsed

        priority = 50
        if item.priority is not None:
            raw = value(item.priority)
            try:
                priority = int(raw)
            except (TypeError, ValueError):
                raise evaluation_failed(item.id, item.priority.text, f"{raw!r} is not an integer") from None
        task = Task(
            id=new_id(), name=item.name, task_definition_key=item.definition_id,
            assignee=assignee, priority=priority, due_date=date(item.due_date),
            follow_up_date=date(item.follow_up_date),
            form_key=item.form_key, execution_id=None, process_instance_id=None, process_definition_id=None,
            case_execution_id=execution.id, case_instance_id=case.id, case_definition_id=case.case_definition_id,
            tenant_id=case.tenant_id, suspended=False, created=self.clock.now(),
        )
        self.tx.add(task)
        task_log.created(self.tx, task, activity_instance_id=execution.id, case_definition_key=case.case_definition_key)
        activity_log.changed(self.tx, execution.id, task_id=task.id)
        candidates = [("user", user) for user in users] + [("group", group) for group in groups]
        identity_link_log.task_created(self.tx, task, candidates)
        self.tx.add_all(TaskCandidate(task_id=task.id, kind=kind, value=value) for kind, value in candidates)
        return task

    def _inputs(self, execution: CaseExecution, call: CallTarget, item_id: str) -> tuple[dict[str, TypedValue], str | None]:
        visible = self.visible_variables(execution) if call.in_mappings else {}
        inputs: dict[str, TypedValue] = {}
        business_key = None
        for mapping in call.in_mappings:
            if mapping.business_key is not None:
                business_key = called_business_key(self.evaluate(execution, mapping.business_key, item_id),
                                                   item_id, mapping.business_key)
                continue
            source = self.local_variables(execution.id) if mapping.local else visible
            if mapping.all:
                inputs.update(source)
            elif mapping.source_expression is not None and mapping.target:
                inputs[mapping.target] = infer(self.evaluate(execution, mapping.source_expression, item_id))
            elif mapping.source and mapping.target and mapping.source in source:
                inputs[mapping.target] = source[mapping.source]
        return inputs, business_key

    def _called(self, execution: CaseExecution, item: PlanItem, model: type, noun: str, *, hold: bool = False) -> Any:
        """The definition a process or case task calls: key, binding and tenant. ``hold``: its
        row read under a key-share lock, fresh (a process start reads its state under it)."""
        call = item.call
        assert call is not None
        key = str(self.evaluate(execution, call.key, item.id))
        definition = self.definition(execution.case_definition_id)
        tenant = definition.tenant_id
        if call.tenant_id is not None:
            tenant = str(self.evaluate(execution, call.tenant_id, item.id) or "") or None
        query = select(model).where(model.key == key, model.tenant_key == (tenant or ""))
        if call.binding == "deployment":
            query = query.where(model.deployment_id == definition.deployment_id)
        elif call.binding == "version" and call.version is not None:
            raw = self.evaluate(execution, call.version, item.id)
            try:
                version = int(raw)
            except (TypeError, ValueError):
                raise evaluation_failed(item.id, call.version.text, f"{raw!r} is not a version number") from None
            query = query.where(model.version == version)
        query = query.order_by(model.version.desc()).limit(1)
        if hold:
            query = query.with_for_update(**KEY_SHARE).execution_options(populate_existing=True)
        called = self.tx.scalar(query)
        if called is None:
            where = f" of tenant {tenant!r}" if tenant else " without tenant"
            raise precondition(
                "CALLED_DEFINITION_NOT_FOUND",
                f"{item.kind.value} {item.id!r} calls {noun} {key!r} ({call.binding}{where}), which is not deployed",
                item.id, type="forbidden", called_element=key, activity_id=item.id, binding=call.binding,
            )
        return called

    def _start_process(self, case: CaseInstance, execution: CaseExecution, item: PlanItem) -> None:
        assert item.call is not None
        hold = not writers_take_turns(self.tx)
        called = self._called(execution, item, ProcessDefinition, "process", hold=hold)
        inputs, business_key = self._inputs(execution, item.call, item.id)
        self.tx.flush()
        runtime = Runtime(self.tx, self.clock)
        if hold:
            runtime.definition_held(called.id)
        called_instance = runtime.start_instance(
            called, inputs, business_key=business_key, super_case_execution_id=execution.id, case_instance_id=case.id,
        )
        activity_log.changed(self.tx, execution.id, called_process_instance_id=called_instance.id)

    def _start_case(self, case: CaseInstance, execution: CaseExecution, item: PlanItem) -> None:
        assert item.call is not None
        depth, current = 0, case
        while current.super_case_instance_id:
            depth += 1
            if depth >= MAX_CASE_NESTING:
                raise precondition(
                    "CASE_NESTING_TOO_DEEP",
                    f"case task {item.id!r} would nest case instances more than {MAX_CASE_NESTING} levels deep",
                    item.id, type="forbidden", activity_id=item.id, limit=MAX_CASE_NESTING,
                )
            parent = self._cases.get(current.super_case_instance_id) or self.tx.get(
                CaseInstance, current.super_case_instance_id)
            if parent is None:
                break
            current = parent
        called = self._called(execution, item, CaseDefinition, "case")
        inputs, business_key = self._inputs(execution, item.call, item.id)
        sub = self._create(called, inputs, business_key=business_key, super_execution=execution)
        activity_log.changed(self.tx, execution.id, called_case_instance_id=sub.id)

    # ---------------------------------------------------------------- completing and ending

    def _complete_stage(self, case: CaseInstance, stage: CaseExecution, children: list[CaseExecution]) -> None:
        """The stage (or the case plan model) completes; children still waiting end with it."""
        for child in children:
            if child.state in NOT_ENDED:
                self._end(child, "exit")
        self._transition(stage, COMPLETED, "complete")
        if stage.id == case.id:
            case.state = CASE_COMPLETED
            case.end_time = self.clock.now()
            self._case_ended(case)

    def _end(self, execution: CaseExecution, event: str) -> None:
        """Terminates an execution (exit, terminate, or its parent's end) and what it started."""
        if execution.activity_type == "milestone" and event == "exit":
            event = "parentTerminate"
        was_active = execution.state == ACTIVE
        self._transition(execution, TERMINATED, event)
        if execution.activity_type == "stage":
            for child in self._children(execution):
                if child.state in NOT_ENDED:
                    self._end(child, "exit")
        elif was_active:
            self._cancel_work(execution)

    def _cancel_work(self, execution: CaseExecution) -> None:
        """Removes the task, process instance or case instance an ended execution had issued."""
        kind = execution.activity_type
        if kind == "humanTask":
            _delete_tasks(self.tx, self.clock, select(Task.id).where(Task.case_execution_id == execution.id),
                          task_log.DELETED)
        elif kind == "processTask":
            running = self.tx.scalars(
                select(ProcessInstance).where(
                    ProcessInstance.super_case_execution_id == execution.id,
                    ProcessInstance.state.in_(("ACTIVE", "SUSPENDED")),
                )
            )
            for instance in list(running):
                Runtime(self.tx, self.clock).delete_instance(instance, "the case execution ended")
        elif kind == "caseTask":
            subs = self.tx.scalars(
                select(CaseInstance).where(
                    CaseInstance.super_case_execution_id == execution.id, CaseInstance.state == CASE_ACTIVE
                )
            )
            for sub in list(subs):
                self.lock_case(sub.id)
                self._terminate_case(sub, "exit")

    def _terminate_case(self, case: CaseInstance, event: str) -> None:
        root = self.executions(case.id)[0]
        for child in self._children(root):
            if child.state in NOT_ENDED:
                self._end(child, "exit")
        self._transition(root, TERMINATED, event)
        case.state = CASE_TERMINATED
        case.end_time = self.clock.now()
        self._case_ended(case)

    def _case_ended(self, case: CaseInstance) -> None:
        """A case started by a case task completed (the task completes, with the outputs) or
        was terminated (the task is terminated)."""
        if not case.super_case_execution_id:
            return
        super_id, completed = case.super_case_execution_id, case.state == CASE_COMPLETED
        outputs = self._case_outputs(case, super_id) if completed else {}

        def resume() -> None:
            caller = self.tx.get(CaseExecution, super_id)
            if caller is None or caller.state != ACTIVE:
                return
            parent = self.lock_case(caller.case_instance_id)
            caller = self._cached(caller)
            if parent.state != CASE_ACTIVE or caller.state != ACTIVE:
                return
            if completed:
                self.set_variables(caller, outputs)
                self._transition(caller, COMPLETED, "complete")
            else:
                self._transition(caller, TERMINATED, "terminate")
            self.settle(parent.id)

        self._schedule(resume)

    def _case_outputs(self, case: CaseInstance, caller_id: str) -> dict[str, TypedValue]:
        caller = self.tx.get(CaseExecution, caller_id)
        if caller is None:
            return {}
        item = self.spec(caller).item(caller.activity_id)
        if item.call is None or not item.call.out_mappings:
            return {}
        return _outputs(item, self.local_variables(case.id), lambda e: self.evaluate(self.executions(case.id)[0], e, item.id))

    def _cached(self, execution: CaseExecution) -> CaseExecution:
        """The same row as the runtime's cached list holds (loading the case's executions)."""
        rows = self.executions(execution.case_instance_id)
        return next((e for e in rows if e.id == execution.id), execution)

    # ---------------------------------------------------------------- entry points

    def complete_human_task(self, task: Task, variables: Mapping[str, TypedValue]) -> None:
        """A human task's Task was completed (TaskService): its case execution completes."""
        case = self.lock_case(task.case_instance_id or "")
        # The task was read before the case was locked: a verb that held the lock may have ended
        # the plan item and removed the task since. The caller then finds no task, as it would
        # had it come after that verb.
        if self.tx.scalar(select(Task.id).where(Task.id == task.id)) is None:
            raise not_found("task", "TASK_NOT_FOUND", task.id)
        execution = self.execution(case.id, task.case_execution_id or "")
        _require_active_case(case, "complete")
        if execution.state != ACTIVE:
            raise illegal_transition(execution.id, "human task", execution.activity_id, execution.state, "complete",
                                     (ACTIVE,))
        self.set_variables(execution, variables)
        _delete_tasks(self.tx, self.clock, select(Task.id).where(Task.id == task.id), task_log.COMPLETED)
        self._transition(execution, COMPLETED, "complete")
        self._schedule(lambda: self.settle(case.id))
        self.run()

    def process_ended(self, instance: ProcessInstance, outputs: Mapping[str, TypedValue] | None) -> None:
        """The process instance a process task started has ended."""
        execution = self.tx.get(CaseExecution, instance.super_case_execution_id or "")
        if execution is None or execution.state != ACTIVE:
            return
        case = self.lock_case(execution.case_instance_id)
        if case.state != CASE_ACTIVE:
            return
        execution = self._cached(execution)
        if execution.state != ACTIVE:
            return
        if instance.state == "COMPLETED":
            self.set_variables(execution, outputs or {})
            self._transition(execution, COMPLETED, "complete")
        else:
            self._transition(execution, TERMINATED, "terminate")
        self.settle(case.id)

    def execution(self, case_instance_id: str, execution_id: str, field_name: str = "id") -> CaseExecution:
        """A case execution of the (locked) case instance; NOT_FOUND naming ``field_name`` when
        it has none of that id (its case was closed)."""
        execution = next((e for e in self.executions(case_instance_id) if e.id == execution_id), None)
        if execution is None:
            raise not_found("case execution", "CASE_EXECUTION_NOT_FOUND", execution_id, field_name)
        return execution

    def transition(
        self, execution_id: str, case_instance_id: str, transition: str, *,
        variables: Mapping[str, TypedValue] | None = None, local_variables: Mapping[str, TypedValue] | None = None,
        deletions: Iterable[str] = (), local_deletions: Iterable[str] = (),
    ) -> CaseExecution:
        """ManualStart, Disable, Reenable, Complete or Terminate a case execution (the API's
        verbs); variables are deleted (the nearest of each name, then the execution's own), then
        set (where each lives, then on the execution itself), before the transition."""
        case = self.lock_case(case_instance_id)
        execution = self.execution(case.id, execution_id)
        if execution.activity_type == PLAN_MODEL:
            if transition in ("complete", "terminate"):
                # The case plan model's own scope is the case instance's: local is the same place.
                self.case_transition(case, transition, variables={**(variables or {}), **(local_variables or {})},
                                     deletions=[*deletions, *local_deletions])
                return execution
            raise illegal_transition(execution.id, "case plan model", execution.activity_id, execution.state,
                                     transition, ())
        spec = self.spec(case)
        item = spec.item(execution.activity_id)
        what = _noun(item.kind)
        allowed = _allowed_from(item.kind, transition)
        if execution.state not in allowed:
            raise illegal_transition(execution.id, what, execution.activity_id, execution.state, transition, allowed)
        _require_active_case(case, transition)
        if transition == "complete":
            if item.kind in (PlanItemKind.PROCESS_TASK, PlanItemKind.CASE_TASK) and item.is_blocking:
                noun = "process" if item.kind is PlanItemKind.PROCESS_TASK else "case"
                raise precondition(
                    "BLOCKING_TASK_NOT_COMPLETABLE",
                    f"{what} {execution.id} ({execution.activity_id!r}) is blocking: it completes when its called "
                    f"{noun} instance completes, not by hand",
                    execution.id, type="forbidden", activity_id=execution.activity_id, current_state=execution.state,
                    requested_state=COMPLETED,
                )
            if item.kind is PlanItemKind.STAGE:
                blockers = self._blockers(execution, self._children(execution), spec, manual=True)
                if blockers is not None:
                    raise _not_completable(execution.id, "stage", execution.activity_id, blockers)
        self.delete_variables(execution, deletions)
        bpmn_runtime.delete_variables(self.tx, self.clock, variable_log.of_case_execution(execution), local_deletions)
        self.set_variables(execution, variables or {})
        for name, value in (local_variables or {}).items():
            self.set_local(execution, name, value)
        self.tx.flush()
        if transition == "manualStart":
            self._transition(execution, ACTIVE, "manualStart")
            self._activate(case, execution, item)
        elif transition == "disable":
            self._transition(execution, DISABLED, "disable")
        elif transition == "reenable":
            self._transition(execution, ENABLED, "reenable")
        elif transition == "complete":
            if item.kind is PlanItemKind.STAGE:
                self._complete_stage(case, execution, self._children(execution))
            else:
                if item.kind is PlanItemKind.HUMAN_TASK:
                    _delete_tasks(self.tx, self.clock, select(Task.id).where(Task.case_execution_id == execution.id),
                                  task_log.COMPLETED)
                self._transition(execution, COMPLETED, "complete")
        else:
            self._end(execution, "terminate")
        self._schedule(lambda: self.settle(case.id))
        self.run()
        return execution

    def case_transition(
        self, case: CaseInstance, transition: str, *, variables: Mapping[str, TypedValue] | None = None,
        deletions: Iterable[str] = (),
    ) -> CaseInstance:
        """Complete, Terminate or Close a case instance."""
        self.lock_case(case.id)
        allowed = {"complete": (CASE_ACTIVE,), "terminate": (CASE_ACTIVE,),
                   "close": (CASE_COMPLETED, CASE_TERMINATED)}[transition]
        if case.state not in allowed:
            raise illegal_transition(case.id, "case instance", None, case.state, transition, allowed,
                                     case_definition_key=case.case_definition_key)
        if transition == "close":
            case.state = CASE_CLOSED
            case.close_time = self.clock.now()
            self.tx.flush()
            _purge_runtime(self.tx, self.clock, [case.id])
            self._executions.pop(case.id, None)
            return case
        root = self.executions(case.id)[0]
        if transition == "complete":
            blockers = self._blockers(root, self._children(root), self.spec(case), manual=True)
            if blockers is not None:
                raise _not_completable(case.id, "case instance", root.activity_id, blockers)
        self.delete_variables(root, deletions)
        self.set_variables(root, variables or {})
        if transition == "complete":
            self._complete_stage(case, root, self._children(root))
        else:
            self._terminate_case(case, "terminate")
        self.run()
        return case

    def variables_changed(self, case: CaseInstance) -> None:
        """Variables of an active case changed: if-parts may hold now."""
        if case.state == CASE_ACTIVE:
            self._schedule(lambda: self.settle(case.id))
            self.run()


# -- helpers -----------------------------------------------------------------------------------


def _noun(kind: PlanItemKind) -> str:
    return {
        PlanItemKind.HUMAN_TASK: "human task", PlanItemKind.TASK: "task", PlanItemKind.PROCESS_TASK: "process task",
        PlanItemKind.CASE_TASK: "case task", PlanItemKind.STAGE: "stage", PlanItemKind.MILESTONE: "milestone",
        PlanItemKind.DECISION_TASK: "decision task",
    }[kind]


def _occurrences(children: list[CaseExecution], on_part: OnPart) -> int:
    """How often the instances of the on-part's source (among a stage's children) performed its event."""
    return sum(c.events.count(on_part.event) for c in children if c.activity_id == on_part.source)


def _variable_occurrences(stage: CaseExecution, part: VariableOnPart) -> int:
    """How often the stage saw the variable on-part's event since it began."""
    return ((stage.variable_events or {}).get(part.name) or {}).get(part.event, 0)


def _part_counts(sentry: Sentry, stage: CaseExecution, children: list[CaseExecution]) -> list[int]:
    """The occurrences of the sentry's on-parts, then of its variable on-parts, in ``stage``."""
    return ([_occurrences(children, part) for part in sentry.on_parts]
            + [_variable_occurrences(stage, part) for part in sentry.variable_on_parts])


def _count_variable_event(tx: Session, owner: variable_log.Owner, name: str, change: str) -> None:
    """A case execution's variable changed (bpmn_runtime.CASE_VARIABLE_CHANGED): when the case's
    variable on-parts listen to its name, the event is counted on the active stages (and case
    plan model) that see the variable: the scope that holds it, and the active stages below it
    that have no variable of that name of their own (one shadows it), as in the document's
    engine. A task execution's own variables reach no stage."""
    if owner.case_definition_id is None or owner.case_instance_id is None:
        return
    spec = CASE_SPECS.of_id(tx, CaseDefinition, owner.case_definition_id)
    if spec is None or name not in spec.watched_variables:
        return
    rows = list(tx.scalars(select(CaseExecution).where(CaseExecution.case_instance_id == owner.case_instance_id)))
    active_stages = {r.id: r for r in rows if r.state == ACTIVE and r.activity_type in (PLAN_MODEL, "stage")}
    shadowing = set(tx.scalars(select(Variable.scope_id).where(
        Variable.scope_id.in_([i for i in active_stages if i != owner.scope_id]), Variable.name == name)))
    below: dict[str, list[CaseExecution]] = {}
    for row in active_stages.values():
        if row.parent_id is not None:
            below.setdefault(row.parent_id, []).append(row)
    reached = [active_stages[owner.scope_id]] if owner.scope_id in active_stages else []
    frontier = [owner.scope_id]
    while frontier:
        frontier = [child.id for parent_id in frontier for child in below.get(parent_id, ())
                    if child.id not in shadowing]
        reached += (active_stages[i] for i in frontier)
    for stage in reached:
        counts = dict(stage.variable_events or {})
        counts[name] = {**counts.get(name, {}), change: counts.get(name, {}).get(change, 0) + 1}
        stage.variable_events = counts


def _allowed_from(kind: PlanItemKind, transition: str) -> tuple[str, ...]:
    """The states a transition of the API leaves from, per kind (empty: no such transition)."""
    if kind is PlanItemKind.MILESTONE:
        return (AVAILABLE,) if transition == "terminate" else ()
    return {
        "manualStart": (ENABLED,), "disable": (ENABLED,), "reenable": (DISABLED,), "complete": (ACTIVE,),
        "terminate": (ACTIVE,),
    }[transition]


def _require_active_case(case: CaseInstance, transition: str) -> None:
    """Plan items move only while their case instance is ACTIVE."""
    if case.state != CASE_ACTIVE:
        raise precondition(
            "CASE_INSTANCE_NOT_ACTIVE",
            f"case instance {case.id} is {case.state}; its plan items cannot {transition}", case.id,
            type="forbidden", current_state=case.state, transition=transition,
        )


def _outputs(item: PlanItem, called: Mapping[str, TypedValue], evaluate: Callable[[Expression], Any]) -> dict[str, TypedValue]:
    """The out mappings of a process or case task applied to the called instance's variables."""
    assert item.call is not None
    out: dict[str, TypedValue] = {}
    for mapping in item.call.out_mappings:
        if mapping.all:
            out.update(called)
        elif mapping.source_expression is not None and mapping.target:
            out[mapping.target] = infer(evaluate(mapping.source_expression))
        elif mapping.source and mapping.target and mapping.source in called:
            out[mapping.target] = called[mapping.source]
    return out


def _delete_tasks(tx: Session, clock: Clock, task_ids_query: Any, reason: str | None) -> None:
    """Ends tasks (runtime.end_tasks); ``reason`` None: their history goes with them."""
    bpmn_runtime.end_tasks(tx, clock, list(tx.scalars(task_ids_query)), reason)


def _purge_runtime(tx: Session, clock: Clock, case_ids: list[str]) -> None:
    """Deletes the case executions, variables and tasks of case instances."""
    if not case_ids:
        return
    _delete_tasks(tx, clock, select(Task.id).where(Task.case_instance_id.in_(case_ids)), None)
    tx.execute(delete(Variable).where(Variable.case_instance_id.in_(case_ids))
               .execution_options(synchronize_session="fetch"))
    tx.execute(delete(CaseExecution).where(CaseExecution.case_instance_id.in_(case_ids))
               .execution_options(synchronize_session="fetch"))


# -- hooks into the process engine ---------------------------------------------------------------


def _stash_outputs(runtime: Runtime, ids: list[str]) -> None:
    """Before a process instance's root (and its variables) is deleted: keep the variables its
    calling process task maps out, for when the instance turns out to have completed."""
    root = runtime.tx.get(Execution, ids[0]) if ids else None
    if root is None or root.parent_id is not None:
        return
    instance = runtime.tx.get(ProcessInstance, root.id)
    if instance is None or not instance.super_case_execution_id:
        return
    caller = runtime.tx.get(CaseExecution, instance.super_case_execution_id)
    if caller is None or caller.state != ACTIVE:
        return
    definition = runtime.tx.get(CaseDefinition, caller.case_definition_id)
    if definition is None:
        return
    item = CASE_SPECS.get(runtime.tx, definition).item(caller.activity_id)
    if item.call is None or not item.call.out_mappings:
        return
    called = runtime.local_variables(root.id)
    outputs = _outputs(item, called, lambda e: runtime.evaluate(root, e, item.id))
    runtime.tx.info.setdefault(_OUTPUTS, {})[instance.id] = outputs


def _on_instance_ended(runtime: Runtime, instance: ProcessInstance) -> None:
    if not instance.super_case_execution_id:
        return
    outputs = runtime.tx.info.get(_OUTPUTS, {}).pop(instance.id, None)
    cases = CaseRuntime.of(runtime.tx, runtime.clock)
    cases._schedule(lambda: cases.process_ended(instance, outputs))
    cases.run()


def hold_calling_cases(tx: Session, case_instance_id: str) -> None:
    """Locks the cases above this one (the case of its case task, and so on), top-most first,
    before the case itself is locked: the order Runtime._hold_callers explains."""
    if writers_take_turns(tx):
        return
    caller_id = tx.scalar(select(CaseInstance.super_case_instance_id).where(CaseInstance.id == case_instance_id))
    if caller_id is not None:
        _hold_case(tx, caller_id)


def _hold_case(tx: Session, case_instance_id: str) -> None:
    if first_hold(tx, "case instance", case_instance_id):
        hold_calling_cases(tx, case_instance_id)
        tx.execute(select(CaseInstance.id).where(CaseInstance.id == case_instance_id).with_for_update())


def _hold_calling_case(tx: Session, case_execution_id: str) -> None:
    case_instance_id = tx.scalar(select(CaseExecution.case_instance_id).where(CaseExecution.id == case_execution_id))
    if case_instance_id is not None:
        _hold_case(tx, case_instance_id)


bpmn_runtime.LISTENERS.executions_removing.append(_stash_outputs)
bpmn_runtime.LISTENERS.instance_ended.append(_on_instance_ended)
bpmn_runtime.LISTENERS.calling_case_held.append(_hold_calling_case)


bpmn_runtime.CASE_VARIABLE_CHANGED.append(_count_variable_event)
