"""The text of a parsed definition that runtime rows hold (keys, names, activity ids, topics, form
keys, constant assignees and candidates, event names, timer texts, constant business keys), each
with the String(n) column it is written to.

The parsers refuse a deployment whose text is longer than its column: PostgreSQL would refuse the
row later (failing the RPC that wrote it) and SQLite keep it whole, so both refuse it up front.
Text given by an expression is checked when it is evaluated (server.engine.errors
.check_evaluated_length)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from server.engine.bpmn.spec import Element, ElementKind, ProcessSpec, TriggerKind, VariableMapping
from server.engine.cases.models import CaseDefinition, CaseExecution, CaseInstance
from server.engine.cmmn.spec import CaseSpec, PlanItem, PlanItemKind
from server.engine.expr import Expression
from server.engine.models import (
    EventSubscription,
    Execution,
    ExternalTask,
    ProcessDefinition,
    ProcessDefinitionStarter,
    ProcessInstance,
    Task,
    TaskCandidate,
)
from server.errors import max_length


@dataclass(frozen=True)
class StoredText:
    """One text of a definition and the column that holds it at runtime."""

    value: str
    column: Any
    attribute: str  # as the file spells it: id, name, camunda:topic, …
    element: str  # the element that carries it: process, userTask, planItem, …
    element_id: str
    line: int

    @property
    def limit(self) -> int:
        return max_length(self.column)

    @property
    def detail(self) -> str:
        return (f"{self.element} {self.element_id!r}: {self.attribute} has {len(self.value)} characters; "
                f"at most {self.limit} are allowed")


def first_too_long(texts: Iterable[StoredText]) -> StoredText | None:
    """The first text longer than its column, in document order."""
    return next((t for t in texts if len(t.value) > t.limit), None)


def process_texts(spec: ProcessSpec, line: int) -> Iterator[StoredText]:
    """The stored text of a BPMN process; ``line`` is the line of its process element."""
    yield StoredText(spec.key, ProcessDefinition.key, "id", "process", spec.key, line)
    if spec.name:
        yield StoredText(spec.name, ProcessDefinition.name, "name", "process", spec.key, line)
    if spec.version_tag:
        yield StoredText(spec.version_tag, ProcessDefinition.version_tag, "camunda:versionTag", "process", spec.key,
                         line)
    for attribute, names in (("camunda:candidateStarterUsers", spec.candidate_starter_users),
                             ("camunda:candidateStarterGroups", spec.candidate_starter_groups)):
        for name in names:
            yield StoredText(name, ProcessDefinitionStarter.value, attribute, "process", spec.key, line)
    for element in sorted(spec.elements.values(), key=lambda e: e.line):
        yield from _element_texts(element)


def _element_texts(element: Element) -> Iterator[StoredText]:
    def text(value: str, column: Any, attribute: str) -> StoredText:
        return StoredText(value, column, attribute, element.tag or element.kind.value, element.id, element.line)

    yield text(element.id, Execution.activity_id, "id")
    if element.kind is ElementKind.USER_TASK:
        if element.name:
            yield text(element.name, Task.name, "name")
        if element.form_key:
            yield text(element.form_key, Task.form_key, "camunda:formKey")
        yield from _people(element.assignee, element.candidate_users, element.candidate_groups, text)
    if element.topic:
        yield text(element.topic, ExternalTask.topic, "camunda:topic")
    trigger = element.trigger
    if trigger is not None and trigger.kind in (TriggerKind.MESSAGE, TriggerKind.SIGNAL) and trigger.name:
        if trigger.name.is_constant:
            yield text(str(trigger.name.constant), EventSubscription.event_name, f"{trigger.kind.value} name")
    if trigger is not None and trigger.timer is not None:
        # A timer's subscription holds the text of its definition, expression or not.
        yield text(trigger.timer.value.text, EventSubscription.event_name, trigger.timer.kind.value)
    yield from _business_keys(element.in_mappings, ProcessInstance.business_key, text)


def definitions_texts(definitions_id: str, target_namespace: str | None, line: int) -> Iterator[StoredText]:
    """The stored text of a CMMN file's <definitions> (``line``): its targetNamespace, the
    category of each of its case definitions."""
    if target_namespace:
        yield StoredText(target_namespace, CaseDefinition.category, "targetNamespace", "definitions", definitions_id,
                         line)


def case_texts(spec: CaseSpec) -> Iterator[StoredText]:
    """The stored text of a CMMN case. A plan item's text is reported at the line of its planItem,
    including the text of the definition it references (a humanTask's camunda:formKey)."""
    yield StoredText(spec.key, CaseDefinition.key, "id", "case", spec.key, spec.line)
    if spec.name:
        yield StoredText(spec.name, CaseDefinition.name, "name", "case", spec.key, spec.line)
    yield StoredText(spec.plan_model_id, CaseExecution.activity_id, "id", "casePlanModel", spec.plan_model_id,
                     spec.line)
    if spec.plan_model_name:
        yield StoredText(spec.plan_model_name, CaseExecution.activity_name, "name", "casePlanModel",
                         spec.plan_model_id, spec.line)
    for item in sorted(spec.items.values(), key=lambda i: i.position):
        yield from _item_texts(item)


def _item_texts(item: PlanItem) -> Iterator[StoredText]:
    def text(value: str, column: Any, attribute: str) -> StoredText:
        return StoredText(value, column, attribute, "planItem", item.id, item.line)

    yield text(item.id, CaseExecution.activity_id, "id")
    if item.name:
        yield text(item.name, CaseExecution.activity_name, "name")
    if item.kind is PlanItemKind.HUMAN_TASK:
        yield text(item.definition_id, Task.task_definition_key, f"{item.kind.value} id")
        if item.form_key:
            yield text(item.form_key, Task.form_key, "camunda:formKey")
        yield from _people(item.assignee, item.candidate_users, item.candidate_groups, text)
    if item.call is not None:
        column = CaseInstance.business_key if item.kind is PlanItemKind.CASE_TASK else ProcessInstance.business_key
        yield from _business_keys(item.call.in_mappings, column, text)


_Text = Callable[[str, Any, str], StoredText]  # value, column, attribute -> the text at its element


def _people(assignee: Expression | None, users: Expression | None, groups: Expression | None,
            text: _Text) -> Iterator[StoredText]:
    """Constant assignees and candidates (expressions are checked when evaluated)."""
    if assignee is not None and assignee.is_constant:
        yield text(str(assignee.constant), Task.assignee, "camunda:assignee")
    for expression, attribute in ((users, "camunda:candidateUsers"), (groups, "camunda:candidateGroups")):
        if expression is not None and expression.is_constant:
            for name in str(expression.constant).split(","):
                yield text(name.strip(), TaskCandidate.value, attribute)


def _business_keys(mappings: Iterable[VariableMapping], column: Any, text: _Text) -> Iterator[StoredText]:
    for mapping in mappings:
        if mapping.business_key is not None and mapping.business_key.is_constant:
            yield text(str(mapping.business_key.constant), column, "camunda:in businessKey")
