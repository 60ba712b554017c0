"""Forms of user tasks and of process starts (the document's engine's FormService): the form a
model declares (camunda:formKey, camunda:formRef, the fields of camunda:formData), the variables
a form shows, and submitting one: the values are checked against the fields
(server.engine.form_fields), then the task completes as CompleteTask completes it, or an
instance starts as StartProcessInstance starts one. The fields live in the parsed spec: nothing
of a form is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import definitions, tasks
from server.engine.bpmn.spec import Element, FormField, FormRef
from server.engine.definitions import DefinitionRef
from server.engine.errors import evaluation_failed
from server.engine.expr import EvaluationError, Expression
from server.engine.form_fields import FieldFault, check, convert, null_of
from server.engine.models import ProcessDefinition, ProcessInstance, Task
from server.engine.runtime import SPECS, Runtime
from server.engine.variables import TypedValue, expression_value, format_date
from server.errors import FieldViolation, InvalidArgument
from server.identity.service import Caller

FORM_FIELD_VALIDATION_FAILED = "FORM_FIELD_VALIDATION_FAILED"


@dataclass(frozen=True)
class ShownField:
    """A form field as a form shows it: its label and default value evaluated."""

    field: FormField
    label: str | None
    default: TypedValue | None


@dataclass(frozen=True)
class FormView:
    key: str | None
    ref: FormRef | None
    fields: tuple[ShownField, ...] = ()


# -- tasks ------------------------------------------------------------------------------------


def _task_element(tx: Session, clock: Clock, task: Task) -> Element | None:
    """The user task of the model the task was created from (None: a case's or a standalone
    task, which have no generated form)."""
    if not task.process_definition_id or not task.execution_id:
        return None
    return Runtime(tx, clock).spec(task.process_definition_id).elements.get(task.task_definition_key)


def task_form(tx: Session, clock: Clock, caller: Caller, task_id: str) -> FormView:
    task = tasks.get_task(tx, caller, task_id)
    element = _task_element(tx, clock, task)
    if element is None or not element.form_fields:
        return FormView(task.form_key, element.form_ref if element is not None else None)
    visible = tasks.visible_variables(tx, clock, task)
    return FormView(task.form_key, element.form_ref, _shown(element, visible))


def task_form_variables(tx: Session, clock: Clock, caller: Caller, task_id: str,
                        names: Iterable[str]) -> dict[str, TypedValue]:
    """Each field's variable visible from the task, else its default, else a null of its type;
    then the task's other visible variables; only ``names`` when given."""
    task = tasks.get_task(tx, caller, task_id)
    element = _task_element(tx, clock, task)
    visible = tasks.visible_variables(tx, clock, task)
    wanted = set(names) or None
    out = _field_values(element.form_fields if element is not None else (), visible, wanted, task.task_definition_key)
    out.update({name: value for name, value in visible.items()
                if name not in out and (wanted is None or name in wanted)})
    return out


def submit_task_form(tx: Session, clock: Clock, caller: Caller, task_id: str, submitted: Mapping[str, TypedValue],
                     ended_variables: dict[str, dict[str, TypedValue]] | None = None) -> Task:
    """Validates ``submitted`` against the task's form and completes the task with the result
    (tasks.complete: held, checked active and not delegated, first)."""

    def form(task: Task) -> Mapping[str, TypedValue]:
        element = _task_element(tx, clock, task)
        if element is None or not element.form_fields:
            return submitted
        visible = tasks.visible_variables(tx, clock, task)
        return _validated(element.form_fields, submitted, visible, task.task_definition_key)

    return tasks.complete(tx, clock, caller, task_id, submitted, ended_variables, form=form)


# -- process starts ---------------------------------------------------------------------------


def _start_event(tx: Session, definition: ProcessDefinition) -> Element | None:
    """The none start event whose form is the process's start form."""
    return SPECS.get(tx, definition).none_start_event()


def start_form(tx: Session, caller: Caller, ref: DefinitionRef) -> tuple[ProcessDefinition, FormView]:
    definition = definitions.resolve(tx, caller, ref, action=definitions.READ)
    start = _start_event(tx, definition)
    if start is None:
        return definition, FormView(None, None)
    return definition, FormView(start.form_key, start.form_ref, _shown(start, {}))


def start_form_variables(tx: Session, caller: Caller, ref: DefinitionRef, names: Iterable[str]) -> dict[str, TypedValue]:
    """Each start form field's default, else a null of its type; only ``names`` when given."""
    definition = definitions.resolve(tx, caller, ref, action=definitions.READ)
    start = _start_event(tx, definition)
    if start is None:
        return {}
    return _field_values(start.form_fields, {}, set(names) or None, start.id)


def submit_start_form(tx: Session, clock: Clock, caller: Caller, ref: DefinitionRef,
                      submitted: Mapping[str, TypedValue], business_key: str, *,
                      with_variables: bool = False) -> tuple[ProcessInstance, dict[str, TypedValue]]:
    """Validates ``submitted`` against the start form and starts an instance with the result
    (definitions.start_instance); the business key field's text is the business key unless one
    is given."""

    def form(definition: ProcessDefinition) -> tuple[Mapping[str, TypedValue], str]:
        start = _start_event(tx, definition)
        if start is None or not start.form_fields:
            return submitted, business_key
        values = _validated(start.form_fields, submitted, {}, start.id)
        key_field = next((f for f in start.form_fields if f.business_key), None)
        key = business_key
        if not key and key_field is not None and key_field.id in submitted:
            value = values.get(key_field.id)
            if value is not None and value.value is not None:
                key = format_date(value.value) if value.type == "date" else str(value.value)
        return values, key

    return definitions.start_instance(tx, clock, caller, ref, submitted, business_key, with_variables=with_variables,
                                      form=form)


# -- fields -----------------------------------------------------------------------------------


def _evaluate(expression: Expression, visible: Mapping[str, TypedValue], activity_id: str) -> Any:
    if expression.is_constant:
        return expression.constant
    try:
        return expression.evaluate(lambda name: expression_value(visible[name]))
    except EvaluationError as error:
        raise evaluation_failed(activity_id, expression.text, error.message) from None


def _default(form_field: FormField, visible: Mapping[str, TypedValue], activity_id: str) -> TypedValue | None:
    """The field's default value, typed as its values are (None: it has none)."""
    expression = form_field.default_value
    if expression is None:
        return None
    try:
        return convert(form_field, _evaluate(expression, visible, activity_id))
    except FieldFault as fault:
        raise evaluation_failed(activity_id, expression.text,
                                f"the default value of form field {form_field.id!r} {fault.detail}") from None


def _shown(element: Element, visible: Mapping[str, TypedValue]) -> tuple[ShownField, ...]:
    shown = []
    for form_field in element.form_fields:
        label = _evaluate(form_field.label, visible, element.id) if form_field.label is not None else None
        shown.append(ShownField(form_field, None if label is None else str(label),
                                _default(form_field, visible, element.id)))
    return tuple(shown)


def _field_values(fields: Iterable[FormField], visible: Mapping[str, TypedValue], wanted: set[str] | None,
                  activity_id: str) -> dict[str, TypedValue]:
    out = {}
    for form_field in fields:
        if wanted is not None and form_field.id not in wanted:
            continue
        value = visible.get(form_field.id)
        if value is None:
            value = _default(form_field, visible, activity_id) or null_of(form_field)
        out[form_field.id] = value
    return out


def _validated(fields: Iterable[FormField], submitted: Mapping[str, TypedValue], visible: Mapping[str, TypedValue],
               activity_id: str) -> dict[str, TypedValue]:
    """The variables a submitted form sets: each field's submitted value converted to its type
    (a read-only field's null is not written), or its default when no variable of its id is
    visible; the other submitted variables as they are. FORM_FIELD_VALIDATION_FAILED naming
    every failing field."""
    out = dict(submitted)
    problems: list[tuple[FormField, FieldFault]] = []
    for form_field in fields:
        given = form_field.id in submitted
        try:
            value = null_of(form_field)
            if given:
                raw = submitted[form_field.id]
                value = convert(form_field, raw.value, raw.type)
            check(form_field, given, value, visible.get(form_field.id))
        except FieldFault as fault:
            problems.append((form_field, fault))
            continue
        if given:
            if value.value is None and form_field.constraint("readonly") is not None:
                del out[form_field.id]
            else:
                out[form_field.id] = value
        elif form_field.id not in visible:
            default = _default(form_field, visible, activity_id)
            if default is not None:
                out[form_field.id] = default
    if problems:
        raise _validation_failed(problems)
    return out


def _validation_failed(problems: list[tuple[FormField, FieldFault]]) -> InvalidArgument:
    first_field, first = problems[0]
    return InvalidArgument(
        FORM_FIELD_VALIDATION_FAILED,
        "; ".join(f"form field {f.id!r}: {fault.detail}" for f, fault in problems),
        metadata={"type": "bad_request", "field_name": f"variables[{first_field.id}]", "form_field": first_field.id,
                  "constraint": first.constraint, "config": first.config},
        field_violations=[FieldViolation(f"variables[{f.id}]", f"{fault.constraint}: {fault.detail}",
                                         FORM_FIELD_VALIDATION_FAILED) for f, fault in problems],
    )
