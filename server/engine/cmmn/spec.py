"""Immutable specs of parsed CMMN cases. The parser produces them; the case runtime only reads
them. Runtime state (case instances, case executions, tasks, variables) lives in rows.

A plan item's id is its activity id at runtime (as in the document's engine); the plan item
definition it references (humanTask, processTask, …) supplies its behaviour."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cached_property
from typing import Mapping

from server.engine.bpmn.spec import VariableMapping
from server.engine.dmn.spec import DecisionCall
from server.engine.expr import Expression


class PlanItemKind(enum.Enum):
    HUMAN_TASK = "humanTask"
    # A plain task: ACTIVE until it is completed through the API (or at once, if not blocking).
    TASK = "task"
    PROCESS_TASK = "processTask"
    CASE_TASK = "caseTask"
    # Evaluates a DMN decision as it becomes ACTIVE, then completes (always blocking).
    DECISION_TASK = "decisionTask"
    STAGE = "stage"
    MILESTONE = "milestone"

    @property
    def is_task(self) -> bool:
        return self in _TASKS


_TASKS = frozenset({PlanItemKind.HUMAN_TASK, PlanItemKind.TASK, PlanItemKind.PROCESS_TASK, PlanItemKind.CASE_TASK,
                    PlanItemKind.DECISION_TASK})

# Standard events (lifecycle transitions) an on-part may name, per kind of source.
TASK_EVENTS = frozenset(
    {"create", "enable", "disable", "reenable", "manualStart", "start", "complete", "terminate", "exit"}
)
MILESTONE_EVENTS = frozenset({"create", "occur", "terminate", "parentTerminate"})
# The transitions out of AVAILABLE: an item with entry criteria repeats on these (its entry).
ENTRY_EVENTS = ("enable", "start", "occur")
# What an item without entry criteria repeats on unless camunda:repeatOnStandardEvent names one
# (the document's engine's parser: complete and terminate).
DEFAULT_REPEAT_EVENTS = ("complete", "terminate")
# The events camunda:repeatOnStandardEvent may name for a task or stage without entry criteria:
# the others happen by themselves as a new instance enters or its stage ends, so repeating on
# them would create instances without end.
REPEAT_EVENTS = frozenset({"complete", "terminate", "disable", "reenable", "manualStart"})
# CMMN events the lifecycle here never performs (no suspension or faults).
UNSUPPORTED_EVENTS = frozenset(
    {"suspend", "resume", "parentSuspend", "parentResume", "fault", "reactivate", "close", "addChild",
     "addReference", "removeChild", "removeReference", "update", "replace"}
)


@dataclass(frozen=True)
class Rule:
    """A manual activation, required or repetition rule; without a condition it always holds."""

    condition: Expression | None = None


@dataclass(frozen=True)
class OnPart:
    """``source`` (a plan item of the sentry's stage) performs ``event``."""

    source: str
    event: str
    line: int


# The events of a camunda:variableOnPart (camunda:variableEvent).
VARIABLE_EVENTS = ("create", "update", "delete")


@dataclass(frozen=True)
class VariableOnPart:
    """The variable ``name`` seen from the sentry's stage is created, updated (also to the same
    value) or deleted (``event``): camunda:variableOnPart."""

    name: str
    event: str
    line: int


@dataclass(frozen=True)
class Sentry:
    """Satisfied when every on-part and variable on-part has occurred and the if-part (if any)
    holds."""

    id: str
    stage_id: str  # the plan item id of its stage, or the case plan model id
    on_parts: tuple[OnPart, ...]
    condition: Expression | None
    line: int
    variable_on_parts: tuple[VariableOnPart, ...] = ()


@dataclass(frozen=True)
class CallTarget:
    """What a process task or case task starts: the key (processRef / caseRef) and binding."""

    key: Expression
    binding: str = "latest"  # latest, deployment, version
    version: Expression | None = None
    tenant_id: Expression | None = None
    is_blocking: bool = True
    in_mappings: tuple[VariableMapping, ...] = ()
    out_mappings: tuple[VariableMapping, ...] = ()


@dataclass(frozen=True)
class PlanItem:
    """A plan item with the behaviour of its definition. Fields that do not apply to its kind
    stay at their defaults."""

    id: str
    kind: PlanItemKind
    definition_id: str
    stage_id: str  # the plan item id of its stage, or the case plan model id
    position: int  # depth-first document order within the case, from 1
    line: int
    name: str | None = None
    entry_criteria: tuple[str, ...] = ()  # sentry ids: any one satisfied enters the item
    exit_criteria: tuple[str, ...] = ()  # sentry ids: any one satisfied exits the item
    manual_activation: Rule | None = None  # None: activated automatically
    required: Rule | None = None  # None: not required
    repetition: Rule | None = None  # None: not repeated
    # The transitions of an instance that evaluate the repetition rule: ENTRY_EVENTS with entry
    # criteria, else camunda:repeatOnStandardEvent or DEFAULT_REPEAT_EVENTS; empty: no rule.
    repeat_on: tuple[str, ...] = ()
    # human tasks
    assignee: Expression | None = None
    candidate_users: Expression | None = None
    candidate_groups: Expression | None = None
    due_date: Expression | None = None
    follow_up_date: Expression | None = None
    priority: Expression | None = None
    form_key: str | None = None
    # plain tasks, process tasks and case tasks
    is_blocking: bool = True
    call: CallTarget | None = None
    # decision tasks: the decision's key (decisionRef) and tenant (camunda:decisionTenantId)
    decision_ref: Expression | None = None
    decision_tenant_id: Expression | None = None
    decision: DecisionCall | None = None
    # stages
    children: tuple[str, ...] = ()
    auto_complete: bool = False


@dataclass(frozen=True)
class CaseSpec:
    key: str
    name: str | None
    plan_model_id: str
    plan_model_name: str | None
    auto_complete: bool
    exit_criteria: tuple[str, ...]
    children: tuple[str, ...]  # plan items of the case plan model
    items: Mapping[str, PlanItem]
    sentries: Mapping[str, Sentry]
    line: int
    # Days the history of a closed case instance is kept (camunda:historyTimeToLive); None: unset.
    # Deploying copies it to the definition row, which holds the current value.
    history_time_to_live: int | None = None
    # The targetNamespace of the file's <definitions>: the case definition's category (as the
    # document's engine takes it); None when the file declares none.
    category: str | None = None

    def item(self, plan_item_id: str) -> PlanItem:
        return self.items[plan_item_id]

    @cached_property
    def watched_variables(self) -> frozenset[str]:
        """The names the sentries' variable on-parts listen to: the case runtime counts events
        of these alone."""
        return frozenset(part.name for sentry in self.sentries.values() for part in sentry.variable_on_parts)

    def children_of(self, stage_id: str) -> tuple[str, ...]:
        return self.children if stage_id == self.plan_model_id else self.items[stage_id].children
