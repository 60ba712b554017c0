"""Immutable specs of parsed BPMN processes. The parser produces them; the runtime only reads
them. Runtime state (executions, tasks, jobs, variables) lives in rows, never here."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Mapping

from server.engine.expr import Expression


class ElementKind(enum.Enum):
    START_EVENT = "startEvent"
    END_EVENT = "endEvent"
    INTERMEDIATE_CATCH_EVENT = "intermediateCatchEvent"
    INTERMEDIATE_THROW_EVENT = "intermediateThrowEvent"
    BOUNDARY_EVENT = "boundaryEvent"
    # serviceTask / sendTask / businessRuleTask with camunda:type="external": work for workers.
    EXTERNAL_TASK = "externalTask"
    USER_TASK = "userTask"
    # businessRuleTask with camunda:decisionRef: evaluates a DMN decision and goes on at once.
    BUSINESS_RULE_TASK = "businessRuleTask"
    RECEIVE_TASK = "receiveTask"
    MANUAL_TASK = "manualTask"
    TASK = "task"
    EXCLUSIVE_GATEWAY = "exclusiveGateway"
    PARALLEL_GATEWAY = "parallelGateway"
    INCLUSIVE_GATEWAY = "inclusiveGateway"
    EVENT_BASED_GATEWAY = "eventBasedGateway"
    SUB_PROCESS = "subProcess"
    CALL_ACTIVITY = "callActivity"
    # The scope around the instances of a multi-instance activity (``<activity id>#multiInstanceBody``).
    MULTI_INSTANCE_BODY = "multiInstanceBody"

    @property
    def is_gateway(self) -> bool:
        return self in _GATEWAYS

    @property
    def is_event(self) -> bool:
        return self in _EVENTS

    @property
    def is_activity(self) -> bool:
        """Tasks, subprocesses and call activities: what boundary events attach to."""
        return not (self.is_gateway or self.is_event)


_GATEWAYS = frozenset(
    {ElementKind.EXCLUSIVE_GATEWAY, ElementKind.PARALLEL_GATEWAY, ElementKind.INCLUSIVE_GATEWAY,
     ElementKind.EVENT_BASED_GATEWAY}
)
_EVENTS = frozenset(
    {ElementKind.START_EVENT, ElementKind.END_EVENT, ElementKind.INTERMEDIATE_CATCH_EVENT,
     ElementKind.INTERMEDIATE_THROW_EVENT, ElementKind.BOUNDARY_EVENT}
)


class TriggerKind(enum.Enum):
    NONE = "none"
    MESSAGE = "message"
    SIGNAL = "signal"
    TIMER = "timer"
    ERROR = "error"
    TERMINATE = "terminate"
    LINK = "link"
    ESCALATION = "escalation"
    CONDITIONAL = "conditional"
    # compensateEventDefinition: thrown by intermediate throw and end events, caught by a boundary
    # event (its activity's handler) or an event subprocess's start event (server.engine.compensation).
    COMPENSATION = "compensation"
    # cancelEventDefinition: a cancel end event directly inside a transaction cancels it; the cancel
    # boundary event attached to the transaction takes over once its compensation has finished.
    CANCEL = "cancel"


# The variable changes a conditional event's camunda:variableEvents may name.
VARIABLE_EVENTS = ("create", "update", "delete")


class TimerKind(enum.Enum):
    DATE = "timeDate"  # an ISO-8601 instant
    DURATION = "timeDuration"  # an ISO-8601 duration, e.g. PT5M
    CYCLE = "timeCycle"  # R3/PT10M (repetitions) or a cron expression


@dataclass(frozen=True)
class Timer:
    kind: TimerKind
    # Text of the definition; may be an expression such as ${reminderDelay}.
    value: Expression


@dataclass(frozen=True)
class Trigger:
    """The event definition of an event element (none when the element has none)."""

    kind: TriggerKind
    # Message or signal name (may itself be an expression, e.g. order-${orderId}).
    name: Expression | None = None
    # Error end events throw this code; error boundary/start events catch it (None catches all).
    error_code: str | None = None
    error_message: str | None = None
    # An error boundary event stores the caught error's code and message in these variables
    # (camunda:errorCodeVariable, camunda:errorMessageVariable), set as CompleteTask sets one.
    error_code_variable: str | None = None
    error_message_variable: str | None = None
    timer: Timer | None = None
    # Link events: the name of the link (linkEventDefinition name="...").
    link_name: str | None = None
    # Escalation end and intermediate throw events throw this code; escalation boundary events
    # catch it (None catches every escalation) and may store it in a variable
    # (camunda:escalationCodeVariable), as error boundary events store an error's code.
    escalation_code: str | None = None
    escalation_code_variable: str | None = None
    # Conditional events: the condition (one ${…} expression), and the variable changes that
    # make it be evaluated (camunda:variableName, camunda:variableEvents; None: any).
    condition: Expression | None = None
    variable_name: str | None = None
    variable_events: frozenset[str] | None = None
    # A compensation throw event: the one activity it compensates (activityRef; None: every
    # activity completed in its scope).
    activity_ref: str | None = None

    def listens_to(self, name: str, change: str) -> bool:
        """Whether a change (``create``, ``update``, ``delete``) of the variable ``name`` makes a
        conditional event evaluate its condition."""
        return ((self.variable_name is None or self.variable_name == name)
                and (not self.variable_events or change in self.variable_events))


# The types of a generated form's fields (camunda:formField type), as the document's engine has them.
FORM_FIELD_TYPES = ("string", "long", "boolean", "date", "enum")
# The built-in validation constraints of a form field (camunda:constraint name).
FORM_CONSTRAINTS = ("required", "readonly", "minlength", "maxlength", "min", "max")
# A date field's pattern when it names none (camunda:datePattern), as the document's engine's.
DEFAULT_DATE_PATTERN = "dd/MM/yyyy"


@dataclass(frozen=True)
class FormFieldConstraint:
    """A camunda:constraint of a form field: one of FORM_CONSTRAINTS and its config (a length or
    a bound; None for required and readonly)."""

    name: str
    config: str | None = None


@dataclass(frozen=True)
class FormField:
    """A camunda:formField of a user task's or start event's camunda:formData: the process
    variable ``id`` as a generated form shows and submits it."""

    id: str
    type: str  # one of FORM_FIELD_TYPES
    line: int
    # camunda:label and camunda:defaultValue may be expressions, evaluated where the form is read.
    label: Expression | None = None
    default_value: Expression | None = None
    # Date fields: the pattern text values are read in (java.text.SimpleDateFormat's letters).
    date_pattern: str | None = None
    # Enum fields: (id, name) of each camunda:value, in document order.
    enum_values: tuple[tuple[str, str], ...] = ()
    # camunda:properties of the field: (id, value), in document order.
    properties: tuple[tuple[str, str], ...] = ()
    constraints: tuple[FormFieldConstraint, ...] = ()
    # The field camunda:formData's businessKey names.
    business_key: bool = False

    def constraint(self, name: str) -> FormFieldConstraint | None:
        return next((c for c in self.constraints if c.name == name), None)


@dataclass(frozen=True)
class FormRef:
    """camunda:formRef of a user task or start event, as written: a Camunda Form by its id, which
    Flowkeeper does not store (the reference is kept for the client that does)."""

    key: str
    binding: str = "latest"  # latest | deployment | version
    version: int | None = None


@dataclass(frozen=True)
class VariableMapping:
    """camunda:in / camunda:out of a call activity."""

    source: str | None = None  # variable name
    source_expression: Expression | None = None
    target: str | None = None
    all: bool = False  # variables="all"
    local: bool = False
    business_key: Expression | None = None  # camunda:in businessKey="..."


# The suffix of a multi-instance body's id: ``<activity id>#multiInstanceBody``, as the document's
# engine names it.
BODY_SUFFIX = "#multiInstanceBody"
# The most instances one multi-instance body runs: a cardinality or collection beyond it is
# refused (a constant one at deployment, else when evaluated), not a transaction that writes
# without end.
MAX_INSTANCES = 10_000


@dataclass(frozen=True)
class MultiInstance:
    """The multiInstanceLoopCharacteristics of an activity, kept by its body. How many instances
    run: the loop cardinality, or one per item of the collection (an expression giving a list, or
    the name of the variable holding it), whose item each instance holds in its local
    ``element_variable``."""

    inner_id: str  # the activity each instance runs
    sequential: bool
    cardinality: Expression | None = None
    collection: Expression | None = None
    collection_variable: str | None = None
    element_variable: str | None = None
    completion_condition: Expression | None = None


@dataclass(frozen=True)
class Element:
    """A flow node. Fields that do not apply to its kind stay at their defaults."""

    id: str
    kind: ElementKind
    line: int
    name: str | None = None
    # The BPMN element name as written (serviceTask, sendTask, businessRuleTask, ...).
    tag: str = ""
    # The enclosing embedded subprocess (or, for the activity a multi-instance body repeats, the
    # body), or None at process level.
    scope_id: str | None = None
    incoming: tuple[str, ...] = ()
    outgoing: tuple[str, ...] = ()
    trigger: Trigger | None = None
    # Boundary events: the activity they are attached to, and whether they interrupt it. Start
    # events of event subprocesses: whether they interrupt the scope around (isInterrupting).
    attached_to: str | None = None
    cancel_activity: bool = True
    # Boundary events attached to this activity, in document order (those attached to a
    # multi-instance activity are its body's). A compensation boundary event is not among them:
    # it waits for nothing while the activity runs (see compensation_boundary).
    boundary_ids: tuple[str, ...] = ()
    # Compensation: an activity's compensation boundary event (attached to the activity itself,
    # also to each instance of a multi-instance one); such a boundary event's handler (the
    # activity its association names); whether the activity is a handler (isForCompensation);
    # a subprocess's event subprocess with a compensation start event.
    compensation_boundary: str | None = None
    compensation_handler: str | None = None
    is_for_compensation: bool = False
    compensation_event_subprocess: str | None = None
    # A transaction (``<bpmn:transaction>``, an embedded subprocess whose tag says so): its cancel
    # boundary event, which its cancel end events lead to (attached to its multi-instance body when
    # it has one).
    cancel_boundary: str | None = None
    # A link throw event: the link catch event of the same scope where its path goes on.
    link_target: str | None = None
    # Exclusive and inclusive gateways (and activities) may name a default outgoing flow.
    default_flow: str | None = None
    # External tasks.
    topic: str | None = None
    # camunda:properties (name, value) in document order; a worker reads them with its task
    # (FetchTopic.include_extension_properties).
    extension_properties: tuple[tuple[str, str], ...] = ()
    priority: Expression | None = None
    # User tasks.
    assignee: Expression | None = None
    candidate_users: Expression | None = None  # comma-separated list after evaluation
    candidate_groups: Expression | None = None
    due_date: Expression | None = None
    follow_up_date: Expression | None = None
    # User tasks and start events: their form (camunda:formKey, camunda:formRef, and the fields of
    # a generated form, camunda:formData).
    form_key: str | None = None
    form_ref: FormRef | None = None
    form_fields: tuple[FormField, ...] = ()
    # Receive tasks use ``trigger`` with kind MESSAGE.
    # Subprocesses: their start event (exactly one none start event; an event subprocess's one
    # start event has a trigger instead).
    start_event_ids: tuple[str, ...] = ()
    # Subprocesses: an event subprocess (triggeredByEvent) has no sequence flows; the event of its
    # start event starts it while the scope around it (process or subprocess) runs.
    triggered_by_event: bool = False
    # Subprocesses: the event subprocesses directly inside, in document order.
    event_subprocess_ids: tuple[str, ...] = ()
    # A multi-instance body: its loop characteristics (the activity it repeats is its only child:
    # that activity's scope_id is the body's id).
    multi_instance: MultiInstance | None = None
    # Business rule tasks: the decision (camunda:decisionRef, its binding latest | deployment |
    # version | versionTag with camunda:decisionRefVersion / decisionRefVersionTag, its tenant),
    # the variable its result goes to (camunda:resultVariable) and how (camunda:mapDecisionResult).
    decision_ref: Expression | None = None
    decision_binding: str = "latest"
    decision_version: int | None = None
    decision_version_tag: str | None = None
    decision_tenant_id: Expression | None = None
    result_variable: str | None = None
    map_decision_result: str = "resultList"
    # Call activities.
    called_element: Expression | None = None
    called_element_binding: str = "latest"  # latest | deployment | version
    called_element_version: int | None = None
    called_element_tenant_id: Expression | None = None
    in_mappings: tuple[VariableMapping, ...] = ()
    out_mappings: tuple[VariableMapping, ...] = ()
    # Asynchronous continuations (camunda:asyncBefore / asyncAfter) and job retry cycle.
    async_before: bool = False
    async_after: bool = False
    # camunda:jobPriority of its jobs (async continuations, timers), else the process's; None: 0.
    job_priority: Expression | None = None
    exclusive: bool = True
    retry_time_cycle: str | None = None  # camunda:failedJobRetryTimeCycle, e.g. R5/PT1M

    @property
    def activity_type(self) -> str:
        """The activity type history and the activity instance tree show: the document's engine's
        name for an event (its tag and event definition: ``noneEndEvent``, ``boundaryTimer``,
        ``messageStartEvent``…), else the element's name as written (``userTask``,
        ``transaction``…)."""
        if self.trigger is not None:
            named = EVENT_ACTIVITY_TYPES.get((self.kind, self.trigger.kind))
            if named is not None:
                return named
        return self.tag or self.kind.value

    @property
    def is_transaction(self) -> bool:
        """A transaction subprocess: an embedded subprocess that a cancel end event inside it cancels."""
        return self.kind is ElementKind.SUB_PROCESS and self.tag == "transaction"

    @property
    def is_conditional(self) -> bool:
        return self.trigger is not None and self.trigger.kind is TriggerKind.CONDITIONAL

    @property
    def is_scope(self) -> bool:
        """Whether entering it creates a scope execution: subprocesses (event subprocesses too),
        multi-instance bodies and activities with boundary events."""
        return self.kind in (ElementKind.SUB_PROCESS, ElementKind.MULTI_INSTANCE_BODY) or bool(self.boundary_ids)


_K, _T = ElementKind, TriggerKind
# The document's engine's activity types of events (its ActivityTypes), by element and event
# definition. A link throw event (which that engine does not record) keeps its tag.
EVENT_ACTIVITY_TYPES: dict[tuple[ElementKind, TriggerKind], str] = {
    (_K.START_EVENT, _T.NONE): "startEvent",
    (_K.START_EVENT, _T.TIMER): "startTimerEvent",
    (_K.START_EVENT, _T.MESSAGE): "messageStartEvent",
    (_K.START_EVENT, _T.SIGNAL): "signalStartEvent",
    (_K.START_EVENT, _T.ERROR): "errorStartEvent",
    (_K.START_EVENT, _T.ESCALATION): "escalationStartEvent",
    (_K.START_EVENT, _T.COMPENSATION): "compensationStartEvent",
    (_K.START_EVENT, _T.CONDITIONAL): "conditionalStartEvent",
    (_K.INTERMEDIATE_CATCH_EVENT, _T.MESSAGE): "intermediateMessageCatch",
    (_K.INTERMEDIATE_CATCH_EVENT, _T.TIMER): "intermediateTimer",
    (_K.INTERMEDIATE_CATCH_EVENT, _T.LINK): "intermediateLinkCatch",
    (_K.INTERMEDIATE_CATCH_EVENT, _T.SIGNAL): "intermediateSignalCatch",
    (_K.INTERMEDIATE_CATCH_EVENT, _T.CONDITIONAL): "intermediateConditional",
    (_K.INTERMEDIATE_THROW_EVENT, _T.NONE): "intermediateNoneThrowEvent",
    (_K.INTERMEDIATE_THROW_EVENT, _T.SIGNAL): "intermediateSignalThrow",
    (_K.INTERMEDIATE_THROW_EVENT, _T.MESSAGE): "intermediateMessageThrowEvent",
    (_K.INTERMEDIATE_THROW_EVENT, _T.ESCALATION): "intermediateEscalationThrowEvent",
    (_K.INTERMEDIATE_THROW_EVENT, _T.COMPENSATION): "intermediateCompensationThrowEvent",
    (_K.BOUNDARY_EVENT, _T.TIMER): "boundaryTimer",
    (_K.BOUNDARY_EVENT, _T.MESSAGE): "boundaryMessage",
    (_K.BOUNDARY_EVENT, _T.SIGNAL): "boundarySignal",
    (_K.BOUNDARY_EVENT, _T.ERROR): "boundaryError",
    (_K.BOUNDARY_EVENT, _T.ESCALATION): "boundaryEscalation",
    (_K.BOUNDARY_EVENT, _T.COMPENSATION): "compensationBoundaryCatch",
    (_K.BOUNDARY_EVENT, _T.CANCEL): "cancelBoundaryCatch",
    (_K.BOUNDARY_EVENT, _T.CONDITIONAL): "boundaryConditional",
    (_K.END_EVENT, _T.NONE): "noneEndEvent",
    (_K.END_EVENT, _T.ERROR): "errorEndEvent",
    (_K.END_EVENT, _T.CANCEL): "cancelEndEvent",
    (_K.END_EVENT, _T.TERMINATE): "terminateEndEvent",
    (_K.END_EVENT, _T.MESSAGE): "messageEndEvent",
    (_K.END_EVENT, _T.SIGNAL): "signalEndEvent",
    (_K.END_EVENT, _T.ESCALATION): "escalationEndEvent",
    (_K.END_EVENT, _T.COMPENSATION): "compensationEndEvent",
}
del _K, _T


@dataclass(frozen=True)
class SequenceFlow:
    id: str
    source: str
    target: str
    line: int
    name: str | None = None
    condition: Expression | None = None


@dataclass(frozen=True)
class ProcessSpec:
    """One executable process of a deployed BPMN file."""

    key: str  # the BPMN process id
    name: str | None
    elements: Mapping[str, Element]
    flows: Mapping[str, SequenceFlow]
    # Start events at process level (none, message, timer, conditional), in document order.
    start_event_ids: tuple[str, ...]
    # The event subprocesses at process level, in document order.
    event_subprocess_ids: tuple[str, ...] = ()
    version_tag: str | None = None
    is_executable: bool = True
    # Which messages and signals are referenced (names as written; may be expressions).
    message_names: tuple[str, ...] = ()
    signal_names: tuple[str, ...] = ()
    extras: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Days the history of an ended instance is kept (camunda:historyTimeToLive); None: unset.
    # Deploying copies it to the definition row, which holds the current value.
    history_time_to_live: int | None = None
    # camunda:isStartableInTasklist, and the names camunda:candidateStarterUsers and
    # camunda:candidateStarterGroups list (as written; expressions are not evaluated). Deploying
    # copies them to the definition's row and its starters (ListProcessDefinitions).
    startable_in_tasklist: bool = True
    candidate_starter_users: tuple[str, ...] = ()
    candidate_starter_groups: tuple[str, ...] = ()

    def element(self, element_id: str) -> Element:
        return self.elements[element_id]

    @cached_property
    def calls_processes(self) -> bool:
        """Whether an activity of the process, at any depth, is a call activity: only then can
        its executions have called process instances."""
        return any(element.kind is ElementKind.CALL_ACTIVITY for element in self.elements.values())

    def event_starts(self, scope_id: str | None) -> tuple[Element, ...]:
        """The start events of the event subprocesses directly inside the process (scope_id
        None) or a subprocess, in document order (an event subprocess has exactly one)."""
        ids = self.event_subprocess_ids if scope_id is None else self.elements[scope_id].event_subprocess_ids
        return tuple(self.elements[self.elements[e].start_event_ids[0]] for e in ids)

    def scope_waits(self, scope_activity_id: str | None) -> tuple[str, ...]:
        """The activities whose waits (subscriptions, timer jobs) a scope execution holds for
        itself, not for one of its paths: the boundary events of the activity it stands for, and
        the start events of the event subprocesses inside it (scope_activity_id None: the process
        instance's). They stay on the scope while its paths move, fork and clear, and go with it."""
        return self._scope_waits.get(scope_activity_id, ())

    @cached_property
    def _scope_waits(self) -> Mapping[str | None, tuple[str, ...]]:
        waits: dict[str | None, tuple[str, ...]] = {None: tuple(e.id for e in self.event_starts(None))}
        for element in self.elements.values():
            if element.boundary_ids or element.event_subprocess_ids:
                waits[element.id] = element.boundary_ids + tuple(e.id for e in self.event_starts(element.id))
        return waits

    @cached_property
    def document_order(self) -> Mapping[str, int]:
        """Each element's position in the document (a multi-instance body's: its activity's)."""
        return MappingProxyType({element_id: i for i, element_id in enumerate(self.elements)})

    @cached_property
    def has_conditional_events(self) -> bool:
        """Whether an event of the process, at any depth, is a conditional one: only then do
        its instances' variable changes need evaluating (server.engine.conditions)."""
        return any(element.is_conditional for element in self.elements.values())

    @cached_property
    def has_compensation(self) -> bool:
        """Whether an element of the process, at any depth, takes part in compensation: only then
        do its instances record completed activities (server.engine.compensation)."""
        return any(element.is_for_compensation or (element.trigger is not None
                                                   and element.trigger.kind is TriggerKind.COMPENSATION)
                   for element in self.elements.values())

    @cached_property
    def conditional_start_ids(self) -> tuple[str, ...]:
        """The process's conditional start events (not those of event subprocesses), in document
        order: what EvaluateConditions starts instances at."""
        return tuple(e for e in self.start_event_ids if self.elements[e].is_conditional)

    def body_of(self, element: Element) -> Element | None:
        """The multi-instance body around ``element`` when it is the activity a body repeats."""
        scope = self.elements[element.scope_id] if element.scope_id is not None else None
        return scope if scope is not None and scope.kind is ElementKind.MULTI_INSTANCE_BODY else None

    def flow(self, flow_id: str) -> SequenceFlow:
        return self.flows[flow_id]

    def none_start_event(self, scope_id: str | None = None) -> Element | None:
        """The none start event of the process (scope_id None) or of a subprocess."""
        ids = self.start_event_ids if scope_id is None else self.elements[scope_id].start_event_ids
        for element_id in ids:
            element = self.elements[element_id]
            if element.trigger is None or element.trigger.kind is TriggerKind.NONE:
                return element
        return None
