"""BPMN 2.0 files as Camunda Modeler saves them -> immutable ProcessSpecs.

Every element with runtime meaning is either executed (it becomes part of a spec) or refused
with InvalidArgument naming the element, its id and its line: nothing is skipped silently. What is
ignored has no runtime meaning here: diagrams (bpmndi), documentation, collaboration, lanes, text
annotations, associations, groups, data objects and data associations, camunda:properties,
and camunda:formData of elements other than user tasks and start events. The forms of user tasks
and start events are read (camunda:formKey, camunda:formRef as written, and the fields of a
generated form: camunda:formData, server.engine.forms); the older camunda:formProperty is refused
there. camunda:historyTimeToLive is read into days (``history_time_to_live``, shared with the CMMN
parser); the tasklist settings of a process (camunda:isStartableInTasklist, and the names
camunda:candidateStarterUsers and camunda:candidateStarterGroups list) for
ListProcessDefinitions.

Reasons: BPMN_PARSE_ERROR (not well-formed or refused XML), UNSUPPORTED_BPMN_ELEMENT (valid BPMN
that Flowkeeper does not execute), INVALID_BPMN (structural faults), INVALID_EXPRESSION."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import partial
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator

from server.engine.bpmn import timers
from server.engine.bpmn.spec import (
    BODY_SUFFIX,
    DEFAULT_DATE_PATTERN,
    FORM_CONSTRAINTS,
    FORM_FIELD_TYPES,
    MAX_INSTANCES,
    VARIABLE_EVENTS,
    Element,
    ElementKind,
    FormField,
    FormFieldConstraint,
    FormRef,
    MultiInstance,
    ProcessSpec,
    SequenceFlow,
    Timer,
    TimerKind,
    Trigger,
    TriggerKind,
    VariableMapping,
)
from server.engine.bpmn.xmltree import Node, XmlError, parse_xml
from server.engine.camunda_mapping import variable_mapping
from server.engine.definition_limits import StoredText, first_too_long, process_texts
from server.engine.expr import Expression, ExpressionError, compile_expression
from server.engine.form_fields import BOUND_CONSTRAINTS, LENGTH_CONSTRAINTS, FieldFault, config_problem, convert, \
    date_pattern
from server.engine.variables import MAX_NAME
from server.errors import FieldViolation, InvalidArgument

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"

BPMN_PARSE_ERROR = "BPMN_PARSE_ERROR"
UNSUPPORTED_BPMN_ELEMENT = "UNSUPPORTED_BPMN_ELEMENT"
INVALID_BPMN = "INVALID_BPMN"
INVALID_EXPRESSION = "INVALID_EXPRESSION"

MAX_ID_LENGTH = 255
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
# Days, as UpdateProcessDefinitionHistoryTimeToLive and UpdateCaseDefinitionHistoryTimeToLive
# accept them too: a hundred years, so every value fits the INTEGER column.
MAX_HISTORY_TIME_TO_LIVE = 36500
# A number of days, or an ISO-8601 period of days only: what the document's engine reads. Leading
# zeros aside, more than nine digits is over the maximum anyway (and int() of thousands of digits
# would raise).
_HISTORY_TIME_TO_LIVE = re.compile(r"0*([0-9]{1,9})|P0*([0-9]{1,9})D")


def parse_bpmn(data: bytes, resource_name: str, *, deploying: bool = True) -> list[ProcessSpec]:
    """One spec per executable process of the file, in document order.

    Raises InvalidArgument (reason BPMN_PARSE_ERROR, UNSUPPORTED_BPMN_ELEMENT, INVALID_BPMN or
    INVALID_EXPRESSION) with metadata resource, element, element_id, line (and expression,
    position) and a field violation on ``resources[<resource_name>]``. With ``deploying``
    (a new deployment; a stored resource, accepted once, is read again without it) text that
    runtime rows would hold must fit their columns: INVALID_BPMN with metadata attribute and
    max_length, and camunda:historyTimeToLive must be valid (see ``history_time_to_live``)."""
    try:
        root = parse_xml(data)
    except XmlError as error:
        raise bpmn_error(
            BPMN_PARSE_ERROR, resource_name, error.line, f"{error.message} (column {error.column})"
            if error.column else error.message, column=error.column or None,
        ) from None
    specs = _Definitions(resource_name, root, deploying=deploying).parse()
    if deploying:
        for spec, line in specs:
            refuse_too_long(process_texts(spec, line), INVALID_BPMN, resource_name)
    return [spec for spec, _ in specs]


def candidate_starters(raw: str | None) -> tuple[str, ...]:
    """The names a camunda:candidateStarterUsers or camunda:candidateStarterGroups list gives, as
    the document's engine splits it: at the commas outside an expression's braces (``${a, b}`` is
    one name), each trimmed; empty ones dropped, a repeated one once."""
    if raw is None:
        return ()
    names: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(raw):
        if ch == "{" and (depth or raw[i - 1:i] in ("$", "#")):
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
        elif ch == "," and not depth:
            names.append(raw[start:i].strip())
            start = i + 1
    names.append(raw[start:].strip())
    return tuple(dict.fromkeys(name for name in names if name))


def refuse_too_long(texts: Iterable[StoredText], reason: str, resource: str) -> None:
    """The error of the first text of a definition that is longer than the column holding it."""
    text = first_too_long(texts)
    if text is not None:
        raise bpmn_error(reason, resource, text.line, text.detail, element=text.element,
                         element_id=text.element_id, attribute=text.attribute, max_length=text.limit)


def history_time_to_live(raw: str | None, label: str, invalid: Callable[..., InvalidArgument] | None) -> int | None:
    """camunda:historyTimeToLive of a process or case in days, read as the document's engine
    reads it: a number of days ("180") or an ISO-8601 period of days ("P180D"), at most
    MAX_HISTORY_TIME_TO_LIVE; absent or blank is None (kept forever).

    ``label`` names the process or case in messages; ``invalid(detail, **metadata)`` makes the
    parser's error of any other value. Without ``invalid`` (a stored resource read again, which
    may have been deployed before the value was checked) such a value reads as None: the
    definition row holds the time to live, the spec's copy only matters at deployment."""
    if raw is None or not raw.strip():
        return None
    match = _HISTORY_TIME_TO_LIVE.fullmatch(raw.strip())
    days = int(match.group(1) or match.group(2)) if match else None
    if days is not None and days <= MAX_HISTORY_TIME_TO_LIVE:
        return days
    if invalid is None:
        return None
    raise invalid(
        f"{label}: camunda:historyTimeToLive {raw!r} is not a number of days from 0 to {MAX_HISTORY_TIME_TO_LIVE} "
        '(write e.g. "180" or "P180D")',
        attribute="camunda:historyTimeToLive", value=raw,
    )


def bpmn_error(
    reason: str,
    resource: str,
    line: int,
    detail: str,
    *,
    element: str | None = None,
    element_id: str | None = None,
    **extra: object,
) -> InvalidArgument:
    """The InvalidArgument of a deployment resource, phrased ``<resource> line <n>: <detail>``."""
    field_name = f"resources[{resource}]"
    message = f"{resource} line {line}: {detail}"
    return InvalidArgument(
        reason,
        message,
        metadata={
            "type": "bad_request",
            "subtype": reason.lower(),
            "field_name": field_name,
            "resource": resource,
            "element": element,
            "element_id": element_id,
            "line": line,
            **extra,
        },
        field_violations=[FieldViolation(field_name, message, reason)],
    )


# -- vocabulary -------------------------------------------------------------------------------

_TASK_KINDS = {
    "serviceTask": ElementKind.EXTERNAL_TASK,
    "sendTask": ElementKind.EXTERNAL_TASK,
    "businessRuleTask": ElementKind.EXTERNAL_TASK,
    "userTask": ElementKind.USER_TASK,
    "receiveTask": ElementKind.RECEIVE_TASK,
    "manualTask": ElementKind.MANUAL_TASK,
    "task": ElementKind.TASK,
}
_GATEWAY_KINDS = {
    "exclusiveGateway": ElementKind.EXCLUSIVE_GATEWAY,
    "parallelGateway": ElementKind.PARALLEL_GATEWAY,
    "inclusiveGateway": ElementKind.INCLUSIVE_GATEWAY,
    "eventBasedGateway": ElementKind.EVENT_BASED_GATEWAY,
}
_EVENT_KINDS = {
    "startEvent": ElementKind.START_EVENT,
    "endEvent": ElementKind.END_EVENT,
    "intermediateCatchEvent": ElementKind.INTERMEDIATE_CATCH_EVENT,
    "intermediateThrowEvent": ElementKind.INTERMEDIATE_THROW_EVENT,
    "boundaryEvent": ElementKind.BOUNDARY_EVENT,
}
_UNSUPPORTED_HINTS = {
    "scriptTask": "scripts are not executed; use an external task",
    "complexGateway": "use exclusive, parallel or inclusive gateways",
    "adHocSubProcess": "ad-hoc subprocesses are not supported",
    "callChoreography": "choreographies are not executable",
    "subChoreography": "choreographies are not executable",
    "choreographyTask": "choreographies are not executable",
    "implicitThrowEvent": "",
}
# BPMN children of a process or subprocess without runtime meaning.
_IGNORED_IN_SCOPE = frozenset(
    {"documentation", "laneSet", "textAnnotation", "group", "dataObject", "dataObjectReference",
     "dataStoreReference", "ioSpecification", "property", "auditing", "monitoring", "category",
     "correlationSubscription", "extensionElements",
     # a subprocess's own children, read with the subprocess as a flow node
     "incoming", "outgoing", "dataInputAssociation", "dataOutputAssociation", "multiInstanceLoopCharacteristics",
     "standardLoopCharacteristics"}
)
# BPMN children of a flow node without runtime meaning (besides those handled per kind).
_IGNORED_IN_NODE = frozenset(
    {"documentation", "incoming", "outgoing", "extensionElements", "ioSpecification", "property",
     "dataInputAssociation", "dataOutputAssociation", "auditing", "monitoring", "rendering"}
)
_EVENT_DEFINITIONS = {
    "messageEventDefinition": TriggerKind.MESSAGE,
    "signalEventDefinition": TriggerKind.SIGNAL,
    "timerEventDefinition": TriggerKind.TIMER,
    "errorEventDefinition": TriggerKind.ERROR,
    "terminateEventDefinition": TriggerKind.TERMINATE,
    "linkEventDefinition": TriggerKind.LINK,
    "escalationEventDefinition": TriggerKind.ESCALATION,
    "conditionalEventDefinition": TriggerKind.CONDITIONAL,
    "compensateEventDefinition": TriggerKind.COMPENSATION,
    "cancelEventDefinition": TriggerKind.CANCEL,
}
_OTHER_EVENT_DEFINITIONS = {
    "eventDefinitionRef": "referenced event definition",
}
# Which triggers each event element executes (anything else is unsupported).
_SUPPORTED_TRIGGERS = {
    "startEvent": {TriggerKind.NONE, TriggerKind.MESSAGE, TriggerKind.TIMER, TriggerKind.CONDITIONAL,
                   TriggerKind.SIGNAL},
    "endEvent": {TriggerKind.NONE, TriggerKind.TERMINATE, TriggerKind.ERROR, TriggerKind.ESCALATION,
                 TriggerKind.COMPENSATION, TriggerKind.CANCEL, TriggerKind.SIGNAL, TriggerKind.MESSAGE},
    "intermediateCatchEvent": {TriggerKind.MESSAGE, TriggerKind.SIGNAL, TriggerKind.TIMER, TriggerKind.LINK,
                               TriggerKind.CONDITIONAL},
    "intermediateThrowEvent": {TriggerKind.NONE, TriggerKind.SIGNAL, TriggerKind.LINK, TriggerKind.ESCALATION,
                               TriggerKind.COMPENSATION, TriggerKind.MESSAGE},
    "boundaryEvent": {TriggerKind.ERROR, TriggerKind.TIMER, TriggerKind.MESSAGE, TriggerKind.SIGNAL,
                      TriggerKind.ESCALATION, TriggerKind.CONDITIONAL, TriggerKind.COMPENSATION, TriggerKind.CANCEL},
}
# The events that throw what their definition names: a signal (delivered at once), a message (a
# worker sends it, as an external task: camunda:type="external" and camunda:topic on the
# messageEventDefinition, as the document's engine has them).
_THROWERS = frozenset({"intermediateThrowEvent", "endEvent"})
_EXTERNAL_ATTRIBUTES = frozenset({"type", "topic", "taskPriority"})
# What a transaction's method may say: it is undone by compensation (the default), as in the
# document's engine; "##Image" and "##Store" have no meaning there.
_TRANSACTION_METHODS = frozenset({"##Compensate"})
# Where compensation is caught instead, for the events that cannot catch it.
_COMPENSATION_HINTS = {
    "startEvent": "a compensation start event starts an event subprocess inside an embedded subprocess",
    "intermediateCatchEvent": "compensation is caught by a boundary event attached to the activity to compensate",
}
# Where cancel events belong, for the events that cannot be one.
_CANCEL_HINT = "a cancel event is an end event inside a transaction, or a boundary event attached to one"
# ... and the start event of an event subprocess: the events that may start it.
_EVENT_SUBPROCESS_TRIGGERS = frozenset(
    {TriggerKind.ERROR, TriggerKind.ESCALATION, TriggerKind.MESSAGE, TriggerKind.SIGNAL, TriggerKind.TIMER,
     TriggerKind.CONDITIONAL, TriggerKind.COMPENSATION}
)

# camunda: attributes each element accepts (those of them ignored: see the module docstring).
_ASYNC = frozenset({"asyncBefore", "async", "asyncAfter", "exclusive"})
# Every flow node may set the priority of its jobs (else the process's: camunda:jobPriority).
_EVERY_ELEMENT = frozenset({"jobPriority"})
_FORM_ATTRIBUTES = frozenset({"formKey", "formRef", "formRefBinding", "formRefVersion"})
# The elements whose form Flowkeeper reads (camunda:formKey, camunda:formRef, camunda:formData).
_FORM_OWNERS = frozenset({"userTask", "startEvent"})
_FORM_REF_BINDINGS = ("latest", "deployment", "version")
# What an error boundary event's errorEventDefinition may name (the caught error's variables).
_ERROR_VARIABLES = frozenset({"errorCodeVariable", "errorMessageVariable"})
# ... and an escalation boundary event's escalationEventDefinition (the caught escalation's code).
_ESCALATION_VARIABLES = frozenset({"escalationCodeVariable"})
# ... and a conditionalEventDefinition (which variable changes make it evaluate its condition).
_CONDITIONAL_FILTERS = frozenset({"variableName", "variableEvents"})
# What a business rule task that evaluates a DMN decision may say (camunda:decisionRef and the rest).
_DECISION_ATTRIBUTES = frozenset({"decisionRef", "decisionRefBinding", "decisionRefVersion", "decisionRefVersionTag",
                                  "decisionRefTenantId", "resultVariable", "mapDecisionResult"})
_DECISION_BINDINGS = ("latest", "deployment", "version", "versionTag")
_DECISION_RESULT_MAPPINGS = ("resultList", "singleEntry", "singleResult", "collectEntries")
_CAMUNDA_ATTRIBUTES: dict[str, frozenset[str]] = {
    "startEvent": _ASYNC | _FORM_ATTRIBUTES,
    "endEvent": _ASYNC,
    "intermediateCatchEvent": _ASYNC,
    "intermediateThrowEvent": _ASYNC,
    "boundaryEvent": _ASYNC,
    "serviceTask": _ASYNC | {"type", "topic", "taskPriority"},
    "sendTask": _ASYNC | {"type", "topic", "taskPriority"},
    "businessRuleTask": _ASYNC | {"type", "topic", "taskPriority"} | _DECISION_ATTRIBUTES,
    "userTask": _ASYNC | _FORM_ATTRIBUTES
    | {"assignee", "candidateUsers", "candidateGroups", "dueDate", "followUpDate", "priority"},
    "receiveTask": _ASYNC,
    "manualTask": _ASYNC,
    "task": _ASYNC,
    "exclusiveGateway": _ASYNC,
    "parallelGateway": _ASYNC,
    "inclusiveGateway": _ASYNC,
    "eventBasedGateway": _ASYNC,
    "subProcess": _ASYNC,
    "transaction": _ASYNC,
    "callActivity": _ASYNC
    | {"calledElementBinding", "calledElementVersion", "calledElementTenantId"},
}
_PROCESS_CAMUNDA = frozenset(
    {"versionTag", "taskPriority", "historyTimeToLive", "isStartableInTasklist", "candidateStarterGroups",
     "candidateStarterUsers", "jobPriority"}
)
_PROCESS_EXTRAS = ("historyTimeToLive", "isStartableInTasklist", "candidateStarterGroups", "candidateStarterUsers")
# camunda:isStartableInTasklist's words, as the document's engine reads a boolean attribute.
_TRUE_WORDS = ("true", "enabled", "on", "active", "yes")
_FALSE_WORDS = ("false", "disabled", "off", "inactive", "no")
_UNSUPPORTED_CAMUNDA_HINTS = {
    "class": "Java delegates are not executed; use camunda:type=\"external\"",
    "delegateExpression": "delegate expressions are not executed; use camunda:type=\"external\"",
    "expression": "expressions as implementations are not executed; use camunda:type=\"external\"",
    "resultVariable": "result variables belong to expression implementations, which are not supported",
    "decisionRef": "DMN decisions are evaluated by business rule tasks (bpmn:businessRuleTask), not here",
    "caseRef": "call activities start BPMN processes, not CMMN cases",
}
# The variables the engine sets on a multi-instance body and its instances (as the document's engine).
_LOOP_VARIABLES = frozenset({"loopCounter", "nrOfInstances", "nrOfActiveInstances", "nrOfCompletedInstances"})
_DEFAULT_FLOW_KINDS = frozenset(
    {ElementKind.EXCLUSIVE_GATEWAY, ElementKind.INCLUSIVE_GATEWAY, ElementKind.EXTERNAL_TASK,
     ElementKind.USER_TASK, ElementKind.RECEIVE_TASK, ElementKind.MANUAL_TASK, ElementKind.TASK,
     ElementKind.SUB_PROCESS, ElementKind.CALL_ACTIVITY, ElementKind.BUSINESS_RULE_TASK}
)


@dataclass
class _Builder:
    """The mutable fields of an Element while its scope is being read."""

    node: Node
    kind: ElementKind
    scope_id: str | None
    fields: dict[str, Any] = field(default_factory=dict)
    incoming: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)
    boundary_ids: list[str] = field(default_factory=list)
    # A multi-instance activity's loop characteristics (its body is made once the scope is read).
    loop: MultiInstance | None = None

    @property
    def id(self) -> str:
        return self.node.attrs["id"]

    @property
    def trigger_kind(self) -> TriggerKind | None:
        trigger = self.fields.get("trigger")
        return trigger.kind if trigger is not None else None


# -- definitions ------------------------------------------------------------------------------


class _Definitions:
    def __init__(self, resource: str, root: Node, *, deploying: bool) -> None:
        self.resource = resource
        self.root = root
        # At deployment (not when a stored resource is read again): refuse an invalid
        # camunda:historyTimeToLive.
        self.deploying = deploying
        self.messages: dict[str, Node] = {}
        self.signals: dict[str, Node] = {}
        self.errors: dict[str, Node] = {}
        self.escalations: dict[str, Node] = {}

    def parse(self) -> list[tuple[ProcessSpec, int]]:
        """Each executable process with the line of its process element."""
        root = self.root
        if root.ns != BPMN_NS or root.tag != "definitions":
            raise self.invalid(root, f"not a BPMN 2.0 file: the root element is {root.tag}, not definitions")
        self._check_unique_ids()
        processes: list[Node] = []
        for child in root.children:
            if child.ns != BPMN_NS:
                continue
            if child.tag == "message":
                self.messages[child.attrs.get("id", "")] = child
            elif child.tag == "signal":
                self.signals[child.attrs.get("id", "")] = child
            elif child.tag == "error":
                self.errors[child.attrs.get("id", "")] = child
            elif child.tag == "escalation":
                self.escalations[child.attrs.get("id", "")] = child
            elif child.tag == "process":
                executable = self.boolean(child, "isExecutable", None, default=True)
                if executable:
                    processes.append(child)
        if not processes:
            raise self.invalid(root, 'the file has no executable process (set isExecutable="true" on a process)')
        return [(_Process(self, node).parse(), node.line) for node in processes]

    def _check_unique_ids(self) -> None:
        seen: dict[str, Node] = {}
        for node in _walk(self.root):
            if node.ns != BPMN_NS:
                continue
            element_id = node.attrs.get("id")
            if element_id is None:
                continue
            if element_id in seen:
                raise self.invalid(
                    node, f"duplicate id {element_id!r} (also used on line {seen[element_id].line})"
                )
            seen[element_id] = node

    # errors
    def error(self, reason: str, node: Node, detail: str, element_id: str | None = None, **extra: object) -> InvalidArgument:
        return bpmn_error(
            reason, self.resource, node.line, detail, element=_qualified(node),
            element_id=element_id if element_id is not None else node.attrs.get("id"), **extra,
        )

    def invalid(self, node: Node, detail: str, element_id: str | None = None) -> InvalidArgument:
        return self.error(INVALID_BPMN, node, detail, element_id)

    def unsupported(self, node: Node, detail: str, element_id: str | None = None) -> InvalidArgument:
        return self.error(UNSUPPORTED_BPMN_ELEMENT, node, detail, element_id)

    # attribute readers
    def boolean(self, node: Node, name: str, ns: str | None, default: bool) -> bool:
        raw = node.get(name, ns)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value not in ("true", "false"):
            label = f"camunda:{name}" if ns == CAMUNDA_NS else name
            raise self.invalid(node, f"{_label(node)}: {label} must be true or false, not {raw!r}")
        return value == "true"

    def expression(
        self, node: Node, text: str, attribute: str, element_id: str | None = None, label: str | None = None
    ) -> Expression:
        try:
            return compile_expression(text)
        except ExpressionError as error:
            raise self.error(
                INVALID_EXPRESSION, node,
                f"{label or _label(node, element_id)}: invalid expression in {attribute} {text!r}: {error}",
                element_id, expression=text, position=error.position, attribute=attribute,
            ) from None

    def reference(self, node: Node, attribute: str, table: dict[str, Node], what: str, owner: Node) -> Node:
        ref = node.get(attribute)
        owner_id = owner.attrs.get("id")
        if not ref:
            raise self.invalid(owner, f"{_label(owner)} needs a {attribute}", owner_id)
        target = table.get(ref.strip())
        if target is None:
            raise self.invalid(owner, f"{_label(owner)}: {attribute} {ref!r} names no <{what}> element", owner_id)
        return target


def _walk(root: Node) -> Iterator[Node]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def _qualified(node: Node) -> str:
    return f"camunda:{node.tag}" if node.ns == CAMUNDA_NS else node.tag


def _label(node: Node, element_id: str | None = None) -> str:
    element_id = element_id if element_id is not None else node.attrs.get("id")
    return f"{_qualified(node)} {element_id!r}" if element_id else _qualified(node)


# -- one process ------------------------------------------------------------------------------


class _Process:
    def __init__(self, definitions: _Definitions, node: Node) -> None:
        self.d = definitions
        self.node = node
        self.builders: dict[str, _Builder] = {}
        self.flows: dict[str, SequenceFlow] = {}
        self.flow_nodes: dict[str, Node] = {}
        self.pending_flows: list[tuple[Node, str | None]] = []
        # The associations of every scope: those leaving a compensation boundary event name its
        # handler (_compensation); the others (text annotations) have no runtime meaning.
        self.associations: list[Node] = []
        self.scope_starts: dict[str | None, list[str]] = {}
        # The event subprocesses of each scope, once every flow node is read (_event_subprocesses).
        self.event_subprocesses: dict[str | None, list[str]] | None = None
        self.message_names: dict[str, None] = {}
        self.signal_names: dict[str, None] = {}
        self.default_priority: Expression | None = None
        self.default_job_priority: Expression | None = None

    def parse(self) -> ProcessSpec:
        node, d = self.node, self.d
        key = node.attrs.get("id", "").strip()
        if not key:
            raise d.invalid(node, "a process needs an id (its key)")
        self._check_id(node, key)
        self._check_camunda_attributes(node, _PROCESS_CAMUNDA)
        time_to_live = history_time_to_live(
            node.get("historyTimeToLive", CAMUNDA_NS), _label(node, key),
            partial(d.error, INVALID_BPMN, node) if d.deploying else None,
        )
        priority = node.get("taskPriority", CAMUNDA_NS)
        if priority is not None:
            self.default_priority = self._priority(node, priority, "camunda:taskPriority")
        job_priority = node.get("jobPriority", CAMUNDA_NS)
        if job_priority is not None:
            self.default_job_priority = self._priority(node, job_priority, "camunda:jobPriority")
        self._extensions(node, owner=node)
        self._scope(node, None)
        for flow_node, scope_id in self.pending_flows:
            self._sequence_flow(flow_node, scope_id)
        for builder in self.builders.values():
            if builder.kind is ElementKind.BOUNDARY_EVENT:
                self._attach(builder)
        self._link()
        self._compensation()
        self._cancel_end_events()
        self._check_scope_starts(node, None)
        for builder in self.builders.values():
            if builder.kind is ElementKind.SUB_PROCESS:
                self._check_scope_starts(builder.node, builder.id)
        self._check_event_subprocess_starts()
        elements = self._build()
        extras = {name: node.get(name, CAMUNDA_NS) for name in _PROCESS_EXTRAS}
        return ProcessSpec(
            startable_in_tasklist=self._startable_in_tasklist(node, key),
            candidate_starter_users=candidate_starters(node.get("candidateStarterUsers", CAMUNDA_NS)),
            candidate_starter_groups=candidate_starters(node.get("candidateStarterGroups", CAMUNDA_NS)),
            key=key,
            name=node.attrs.get("name"),
            elements=MappingProxyType(elements),
            flows=MappingProxyType(dict(self.flows)),
            start_event_ids=tuple(self.scope_starts.get(None, ())),
            event_subprocess_ids=self._event_subprocesses(None),
            version_tag=node.get("versionTag", CAMUNDA_NS),
            is_executable=True,
            message_names=tuple(self.message_names),
            signal_names=tuple(self.signal_names),
            extras=MappingProxyType({k: v for k, v in extras.items() if v is not None}),
            history_time_to_live=time_to_live,
        )

    def _startable_in_tasklist(self, node: Node, key: str) -> bool:
        """camunda:isStartableInTasklist: true unless it says false (in any of the document's
        engine's words for it; absent or blank: true); another word is refused when deploying,
        and read as true in a stored resource (deployed before the attribute was read)."""
        raw = node.get("isStartableInTasklist", CAMUNDA_NS)
        word = (raw or "").strip().lower()
        if not word or word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        if self.d.deploying:
            raise self.d.invalid(node, f"{_label(node, key)}: camunda:isStartableInTasklist must be true or false, "
                                 f"not {raw!r}")
        return True

    # scopes ---------------------------------------------------------------------------------

    def _scope(self, container: Node, scope_id: str | None) -> None:
        """Read the flow nodes of a process or embedded subprocess (nested ones too, in document
        order); its sequence flows are read once every flow node is known."""
        d = self.d
        for child in container.children:
            if child.ns != BPMN_NS:
                continue
            tag = child.tag
            if tag == "sequenceFlow":
                self.pending_flows.append((child, scope_id))
            elif tag in _TASK_KINDS or tag in _GATEWAY_KINDS or tag in _EVENT_KINDS or tag in (
                "subProcess", "transaction", "callActivity"
            ):
                builder = self._flow_node(child, scope_id)
                if builder.kind is ElementKind.SUB_PROCESS:
                    self._scope(child, builder.id)
            elif tag == "association":
                self.associations.append(child)
            elif tag in _IGNORED_IN_SCOPE:
                continue  # extensionElements were read with the process or subprocess itself
            elif tag in _UNSUPPORTED_HINTS:
                hint = _UNSUPPORTED_HINTS[tag]
                raise d.unsupported(child, f"{_label(child)} is not supported" + (f" ({hint})" if hint else ""))
            else:
                raise d.unsupported(child, f"{_label(child)} is not supported")

    def _check_scope_starts(self, container: Node, scope_id: str | None) -> None:
        d = self.d
        starts = self.scope_starts.get(scope_id, [])
        if scope_id is None:
            if not starts:
                raise d.invalid(container, f"process {self.node.attrs['id']!r} has no start event")
            nones = [s for s in starts if self.builders[s].trigger_kind is TriggerKind.NONE]
            if len(nones) > 1:
                second = self.builders[nones[1]].node
                raise d.invalid(second, f"{_label(second)}: a process can have only one none start event")
            seen: dict[str, str] = {}
            conditions: dict[str, str] = {}
            for start_id in starts:
                trigger = self.builders[start_id].fields["trigger"]
                if trigger.kind is TriggerKind.CONDITIONAL:
                    # As the document's engine: one conditional start event per condition.
                    first = conditions.setdefault(trigger.condition.text, start_id)
                    if first != start_id:
                        node = self.builders[start_id].node
                        raise d.invalid(node, f"{_label(node)}: start event {first!r} already starts on the condition "
                                        f"{trigger.condition.text!r}")
                if trigger.kind is TriggerKind.MESSAGE:
                    name = trigger.name.text
                    if name in seen:
                        node = self.builders[start_id].node
                        raise d.invalid(
                            node, f"{_label(node)}: start event {seen[name]!r} already starts on message {name!r}"
                        )
                    seen[name] = start_id
            return
        if self.builders[scope_id].fields["triggered_by_event"]:
            if len(starts) != 1:  # _event made sure that it has a trigger
                what = "has no start event" if not starts else "has more than one start event"
                raise d.invalid(container, f"{_label(container)} {what} (an event subprocess needs exactly one, "
                                "whose event starts it)")
            return
        if len(starts) != 1:
            what = "has no start event" if not starts else "has more than one start event"
            raise d.invalid(container, f"{_label(container)} {what} (an embedded subprocess needs exactly one)")
        start = self.builders[starts[0]]
        if start.trigger_kind is not TriggerKind.NONE:
            raise d.invalid(
                start.node,
                f"{_label(start.node)}: the start event of an embedded subprocess must be a none start event",
            )

    # flow nodes -----------------------------------------------------------------------------

    def _flow_node(self, node: Node, scope_id: str | None) -> _Builder:
        d = self.d
        tag = node.tag
        element_id = node.attrs.get("id", "").strip()
        if not element_id:
            raise d.invalid(node, f"a {tag} needs an id")
        self._check_id(node, element_id)
        if tag == "businessRuleTask" and node.get("decisionRef", CAMUNDA_NS) is not None:
            kind = ElementKind.BUSINESS_RULE_TASK
        elif tag in _TASK_KINDS:
            kind = _TASK_KINDS[tag]
        elif tag in _GATEWAY_KINDS:
            kind = _GATEWAY_KINDS[tag]
        elif tag in _EVENT_KINDS:
            kind = _EVENT_KINDS[tag]
        elif tag in ("subProcess", "transaction"):
            kind = ElementKind.SUB_PROCESS
        else:
            kind = ElementKind.CALL_ACTIVITY
        builder = _Builder(node, kind, scope_id)
        self.builders[element_id] = builder
        fields = builder.fields
        fields["name"] = node.attrs.get("name")
        fields["tag"] = tag
        self._check_camunda_attributes(node, _CAMUNDA_ATTRIBUTES[tag])
        fields["async_before"] = d.boolean(node, "asyncBefore", CAMUNDA_NS, default=False) or d.boolean(
            node, "async", CAMUNDA_NS, default=False
        )
        fields["async_after"] = d.boolean(node, "asyncAfter", CAMUNDA_NS, default=False)
        fields["exclusive"] = d.boolean(node, "exclusive", CAMUNDA_NS, default=True)
        job_priority = node.get("jobPriority", CAMUNDA_NS)
        fields["job_priority"] = (self._priority(node, job_priority, "camunda:jobPriority") if job_priority is not None
                                  else self.default_job_priority)
        extensions = self._extensions(node, owner=node)
        if extensions.retry_time_cycle is not None:
            fields["retry_time_cycle"] = extensions.retry_time_cycle
        if extensions.properties:
            fields["extension_properties"] = tuple(extensions.properties)
        if kind is ElementKind.CALL_ACTIVITY:
            fields["in_mappings"] = tuple(extensions.ins)
            fields["out_mappings"] = tuple(extensions.outs)
        if tag in _FORM_OWNERS:
            self._form(builder, extensions.form_data)
        self._children(node, kind)
        if kind.is_event:
            self._event(builder)
        elif kind.is_gateway:
            self._gateway(builder)
        else:
            self._activity(builder)
            self._multi_instance(builder)
        if kind is ElementKind.START_EVENT:
            self.scope_starts.setdefault(scope_id, []).append(element_id)
        return builder

    def _children(self, node: Node, kind: ElementKind) -> None:
        """Refuse BPMN children with runtime meaning that the element kind does not execute."""
        d = self.d
        for child in node.children:
            if child.ns != BPMN_NS or child.tag in _IGNORED_IN_NODE:
                continue
            tag = child.tag
            if kind.is_event and (tag in _EVENT_DEFINITIONS or tag in _OTHER_EVENT_DEFINITIONS):
                continue
            if tag == "multiInstanceLoopCharacteristics":
                if not kind.is_activity:
                    raise d.invalid(child, f"{_label(node)}: only activities can be multi-instance, not a {node.tag}",
                                    node.attrs.get("id"))
                continue  # read with the activity (_multi_instance)
            if tag == "standardLoopCharacteristics":
                raise d.unsupported(
                    child, f"{_label(node)}: loop activities (standardLoopCharacteristics) are not supported; a "
                    'sequential multi-instance activity (multiInstanceLoopCharacteristics isSequential="true") '
                    "repeats an activity", node.attrs.get("id"),
                )
            if tag in ("humanPerformer", "potentialOwner", "performer"):
                raise d.unsupported(
                    child,
                    f"{_label(node)}: {tag} is not supported (use camunda:assignee, camunda:candidateUsers "
                    "or camunda:candidateGroups)",
                    node.attrs.get("id"),
                )
            if kind is ElementKind.SUB_PROCESS:
                continue  # its flow elements are read as a scope
            raise d.unsupported(child, f"{_label(node)}: {tag} is not supported", node.attrs.get("id"))

    def _activity(self, builder: _Builder) -> None:
        node, d, fields = builder.node, self.d, builder.fields
        if d.boolean(node, "isForCompensation", None, default=False):
            fields["is_for_compensation"] = True  # checked once the process is read (_compensation)
        if builder.kind is ElementKind.EXTERNAL_TASK:
            decision = sorted(a for a in _DECISION_ATTRIBUTES if node.get(a, CAMUNDA_NS) is not None)
            if decision:
                raise d.invalid(node, f"{_label(node)}: camunda:{decision[0]} belongs to a business rule task that "
                                "evaluates a decision (camunda:decisionRef)")
            self._external(node, node, fields)
        elif builder.kind is ElementKind.BUSINESS_RULE_TASK:
            self._business_rule(node, fields)
        elif builder.kind is ElementKind.USER_TASK:
            for attribute, key in (
                ("assignee", "assignee"), ("candidateUsers", "candidate_users"),
                ("candidateGroups", "candidate_groups"), ("dueDate", "due_date"),
                ("followUpDate", "follow_up_date"),
            ):
                raw = node.get(attribute, CAMUNDA_NS)
                if raw is not None and raw.strip():
                    fields[key] = d.expression(node, raw.strip(), f"camunda:{attribute}")
            priority = node.get("priority", CAMUNDA_NS)
            if priority is not None and priority.strip():
                fields["priority"] = self._priority(node, priority, "camunda:priority")
        elif builder.kind is ElementKind.RECEIVE_TASK:
            if self.d.boolean(node, "instantiate", None, default=False):
                raise d.unsupported(node, f"{_label(node)}: instantiating receive tasks are not supported")
            if node.get("messageRef") is not None:
                message = d.reference(node, "messageRef", d.messages, "message", node)
                fields["trigger"] = Trigger(TriggerKind.MESSAGE, name=self._message_name(message, node))
        elif builder.kind is ElementKind.SUB_PROCESS:
            # Read before its children: its start event is read as an event subprocess's.
            fields["triggered_by_event"] = d.boolean(node, "triggeredByEvent", None, default=False)
            if node.tag == "transaction":
                self._transaction(builder)
        elif builder.kind is ElementKind.CALL_ACTIVITY:
            self._call_activity(builder)
        default = node.get("default")
        if default is not None:
            fields["default_flow"] = default.strip()

    def _business_rule(self, node: Node, fields: dict[str, Any]) -> None:
        """A business rule task that evaluates a DMN decision (camunda:decisionRef, an expression
        allowed) as Camunda binds it: the latest version (of the process definition's tenant, or
        camunda:decisionRefTenantId), the one of the process's deployment, a version or the
        latest with a version tag; its result mapped (camunda:mapDecisionResult) into
        camunda:resultVariable."""
        d = self.d
        for attribute in ("type", "topic", "taskPriority"):
            if node.get(attribute, CAMUNDA_NS) is not None:
                raise d.invalid(node, f"{_label(node)}: camunda:{attribute} and camunda:decisionRef exclude each other "
                                "(a business rule task is either an external task or evaluates a decision)")
        ref = (node.get("decisionRef", CAMUNDA_NS) or "").strip()
        if not ref:
            raise d.invalid(node, f"{_label(node)}: camunda:decisionRef is empty")
        fields["decision_ref"] = d.expression(node, ref, "camunda:decisionRef")
        binding = (node.get("decisionRefBinding", CAMUNDA_NS) or "latest").strip()
        if binding not in _DECISION_BINDINGS:
            raise d.invalid(node, f"{_label(node)}: camunda:decisionRefBinding must be latest, deployment, version or "
                            f"versionTag, not {binding!r}")
        fields["decision_binding"] = binding
        if binding == "version":
            raw = (node.get("decisionRefVersion", CAMUNDA_NS) or "").strip()
            if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
                raise d.invalid(node, f"{_label(node)}: camunda:decisionRefBinding=\"version\" needs a "
                                f"camunda:decisionRefVersion that is a positive integer, not {raw!r}")
            fields["decision_version"] = int(raw)
        elif binding == "versionTag":
            tag = (node.get("decisionRefVersionTag", CAMUNDA_NS) or "").strip()
            if not tag:
                raise d.invalid(node, f"{_label(node)}: camunda:decisionRefBinding=\"versionTag\" needs a "
                                "camunda:decisionRefVersionTag")
            fields["decision_version_tag"] = tag
        tenant = node.get("decisionRefTenantId", CAMUNDA_NS)
        if tenant is not None and tenant.strip():
            fields["decision_tenant_id"] = d.expression(node, tenant.strip(), "camunda:decisionRefTenantId")
        result_variable = node.get("resultVariable", CAMUNDA_NS)
        if result_variable is not None and result_variable.strip():
            if len(result_variable.strip()) > MAX_NAME:
                raise d.invalid(node, f"{_label(node)}: camunda:resultVariable is longer than {MAX_NAME} characters")
            fields["result_variable"] = result_variable.strip()
        mapping = (node.get("mapDecisionResult", CAMUNDA_NS) or "resultList").strip()
        if mapping not in _DECISION_RESULT_MAPPINGS:
            raise d.invalid(node, f"{_label(node)}: camunda:mapDecisionResult must be resultList, singleEntry, "
                            f"singleResult or collectEntries, not {mapping!r}")
        fields["map_decision_result"] = mapping

    def _transaction(self, builder: _Builder) -> None:
        """A transaction: an embedded subprocess undone by compensation (``method`` ##Compensate,
        the default), which runs from a flow like any other (not an event subprocess)."""
        node, d = builder.node, self.d
        method = node.attrs.get("method")
        if method is not None and method.strip() not in _TRANSACTION_METHODS:
            raise d.unsupported(node, f"{_label(node)}: method {method!r} is not supported (a transaction is undone by "
                                'compensation: leave method out, or write "##Compensate")')
        if builder.fields["triggered_by_event"]:
            raise d.unsupported(node, f"{_label(node)}: a transaction cannot be an event subprocess "
                                "(triggeredByEvent); put the transaction inside an event subprocess instead")

    def _external(self, node: Node, owner: Node, fields: dict[str, Any]) -> None:
        """The worker's part of ``owner`` (an external task, or a message throw or end event whose
        ``node`` is its messageEventDefinition): camunda:type="external", its camunda:topic and
        camunda:taskPriority."""
        d = self.d
        task_type = node.get("type", CAMUNDA_NS)
        if task_type != "external":
            detail = (
                f"camunda:type={task_type!r} is not supported" if task_type else "it has no camunda:type"
            )
            raise d.unsupported(
                node, f"{_label(owner)} is not supported: {detail}; only external tasks "
                '(camunda:type="external" with camunda:topic) are executed', owner.attrs.get("id"),
            )
        topic = (node.get("topic", CAMUNDA_NS) or "").strip()
        if not topic:
            raise d.invalid(node, f"{_label(owner)}: an external task needs a camunda:topic", owner.attrs.get("id"))
        if "${" in topic or "#{" in topic:
            raise d.unsupported(node, f"{_label(owner)}: expressions in camunda:topic are not supported",
                                owner.attrs.get("id"))
        fields["topic"] = topic
        priority = node.get("taskPriority", CAMUNDA_NS)
        fields["priority"] = (
            self._priority(node, priority, "camunda:taskPriority") if priority is not None else self.default_priority
        )

    def _priority(self, node: Node, raw: str, attribute: str) -> Expression:
        expression = self.d.expression(node, raw.strip(), attribute)
        if expression.is_constant and not _INTEGER.fullmatch(expression.constant or ""):
            raise self.d.invalid(node, f"{_label(node)}: {attribute} must be an integer or an expression, not {raw!r}")
        return expression

    def _call_activity(self, builder: _Builder) -> None:
        node, d, fields = builder.node, self.d, builder.fields
        called = (node.get("calledElement") or "").strip()
        if not called:
            raise d.invalid(node, f"{_label(node)}: a call activity needs a calledElement")
        fields["called_element"] = d.expression(node, called, "calledElement")
        binding = (node.get("calledElementBinding", CAMUNDA_NS) or "latest").strip()
        if binding == "versionTag":
            raise d.unsupported(node, f"{_label(node)}: camunda:calledElementBinding=\"versionTag\" is not supported")
        if binding not in ("latest", "deployment", "version"):
            raise d.invalid(
                node, f"{_label(node)}: camunda:calledElementBinding must be latest, deployment or version, "
                f"not {binding!r}",
            )
        fields["called_element_binding"] = binding
        if binding == "version":
            raw = (node.get("calledElementVersion", CAMUNDA_NS) or "").strip()
            if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
                raise d.invalid(
                    node, f"{_label(node)}: camunda:calledElementBinding=\"version\" needs a "
                    f"camunda:calledElementVersion that is a positive integer, not {raw!r}",
                )
            fields["called_element_version"] = int(raw)
        tenant = node.get("calledElementTenantId", CAMUNDA_NS)
        if tenant is not None and tenant.strip():
            fields["called_element_tenant_id"] = d.expression(node, tenant.strip(), "camunda:calledElementTenantId")

    def _multi_instance(self, builder: _Builder) -> None:
        """Reads the activity's multiInstanceLoopCharacteristics, if it has them (_bodies makes
        the body around it once the scope is read)."""
        node, d = builder.node, self.d
        loops = [c for c in node.children if c.ns == BPMN_NS and c.tag == "multiInstanceLoopCharacteristics"]
        if not loops:
            return
        loop, label = loops[0], _label(node)
        if len(loops) > 1:
            raise d.invalid(loops[1], f"{label} has more than one multiInstanceLoopCharacteristics", builder.id)
        if builder.fields.get("triggered_by_event"):
            raise d.invalid(loop, f"{label} is an event subprocess, which cannot be multi-instance (its event "
                            "starts it once)", builder.id)
        if len(builder.id) + len(BODY_SUFFIX) > MAX_ID_LENGTH:
            raise d.invalid(node, f"{label}: the id of a multi-instance activity has at most "
                            f"{MAX_ID_LENGTH - len(BODY_SUFFIX)} characters (its body is {builder.id[:40]!r}…"
                            f"{BODY_SUFFIX}, at most {MAX_ID_LENGTH})", builder.id)
        if builder.id + BODY_SUFFIX in self.builders:
            raise d.invalid(node, f"{label}: the id {builder.id + BODY_SUFFIX!r} of its multi-instance body is "
                            "taken by another element", builder.id)
        for name in ("asyncBefore", "async", "asyncAfter", "exclusive"):
            if loop.get(name, CAMUNDA_NS) is not None:
                raise d.unsupported(loop, f"{label}: camunda:{name} on multiInstanceLoopCharacteristics (an "
                                    "asynchronous multi-instance body) is not supported; camunda:asyncBefore or "
                                    "asyncAfter on the activity makes each instance asynchronous", builder.id)
        self._check_camunda_attributes(loop, frozenset({"collection", "elementVariable"}), owner=node)
        for name in ("oneBehaviorEventRef", "noneBehaviorEventRef"):
            if loop.attrs.get(name) is not None:
                raise d.unsupported(loop, f"{label}: {name} is not supported", builder.id)
        behavior = (loop.attrs.get("behavior") or "All").strip()
        if behavior != "All":
            raise d.unsupported(loop, f"{label}: multi-instance behavior={behavior!r} is not supported (the body "
                                "throws no events; only \"All\")", builder.id)
        extensions = self._extensions(loop, owner=node)
        if extensions.ins or extensions.outs:
            raise d.unsupported(loop, f"{label}: camunda:in and camunda:out belong to the call activity, not to its "
                                "multiInstanceLoopCharacteristics", builder.id)
        cardinality = condition = None
        for child in loop.children:
            if child.ns != BPMN_NS or child.tag in ("documentation", "extensionElements"):
                continue
            if child.tag == "loopCardinality":
                cardinality = self._cardinality(node, child)
            elif child.tag == "completionCondition":
                condition = self._condition(node, child, "completionCondition")
            elif child.tag in ("loopDataInputRef", "inputDataItem", "loopDataOutputRef", "outputDataItem"):
                raise d.unsupported(child, f"{label}: {child.tag} is not supported (use camunda:collection and "
                                    "camunda:elementVariable)", builder.id)
            else:
                raise d.unsupported(child, f"{label}: {child.tag} is not supported", builder.id)
        collection, variable = self._collection(node, loop)
        element_variable = self._loop_variable(node, loop, "elementVariable")
        if cardinality is None and collection is None and variable is None:
            raise d.invalid(loop, f"{label}: a multi-instance activity needs a loopCardinality or a "
                            "camunda:collection", builder.id)
        if cardinality is not None and (collection is not None or variable is not None):
            raise d.invalid(loop, f"{label}: give a loopCardinality or a camunda:collection, not both", builder.id)
        if element_variable in _LOOP_VARIABLES:
            raise d.invalid(loop, f"{label}: camunda:elementVariable cannot be {element_variable} (the engine sets "
                            "it)", builder.id)
        if element_variable is not None and cardinality is not None:
            raise d.invalid(loop, f"{label}: camunda:elementVariable needs a camunda:collection (it holds the "
                            "instance's item)", builder.id)
        builder.loop = MultiInstance(
            inner_id=builder.id, sequential=d.boolean(loop, "isSequential", None, default=False),
            cardinality=cardinality, collection=collection, collection_variable=variable,
            element_variable=element_variable, completion_condition=condition,
        )

    def _cardinality(self, owner: Node, node: Node) -> Expression:
        """A loopCardinality: a whole number from 0 to MAX_INSTANCES, or one ${…} expression giving
        one."""
        d, label = self.d, _label(owner)
        text = node.text.strip()
        if not text:
            raise d.invalid(node, f"{label}: the loopCardinality is empty", owner.attrs.get("id"))
        expression = d.expression(owner, text, "loopCardinality")
        if expression.is_constant and not (re.fullmatch(r"[0-9]{1,9}", text) and int(text) <= MAX_INSTANCES):
            raise d.invalid(node, f"{label}: loopCardinality must be a whole number from 0 to {MAX_INSTANCES} or an "
                            f"expression, not {text!r}", owner.attrs.get("id"))
        if expression.is_composite:
            raise self._not_single(owner, text, "loopCardinality",
                                   "loopCardinality must be a whole number or a single ${…} expression")
        return expression

    def _collection(self, owner: Node, loop: Node) -> tuple[Expression | None, str | None]:
        """camunda:collection: an expression giving a list, or the name of the variable holding
        one; (expression, None), (None, name) or (None, None) when absent."""
        raw = loop.get("collection", CAMUNDA_NS)
        if raw is None:
            return None, None
        if "${" not in raw and "#{" not in raw:
            return None, self._loop_variable(owner, loop, "collection")
        text = raw.strip()
        expression = self.d.expression(owner, text, "camunda:collection")
        if expression.is_composite:
            raise self._not_single(owner, text, "camunda:collection",
                                   "camunda:collection must name a variable or be a single ${…} expression")
        return expression, None

    def _loop_variable(self, owner: Node, loop: Node, attribute: str) -> str | None:
        """The variable name a camunda ``attribute`` of the loop characteristics gives."""
        raw = loop.get(attribute, CAMUNDA_NS)
        if raw is None:
            return None
        name = raw.strip()
        if not name or len(name) > MAX_NAME:
            what = "is empty" if not name else f"is longer than {MAX_NAME} characters"
            raise self.d.invalid(loop, f"{_label(owner)}: camunda:{attribute} {what}", owner.attrs.get("id"))
        return name

    def _gateway(self, builder: _Builder) -> None:
        node, d, fields = builder.node, self.d, builder.fields
        if builder.kind is ElementKind.EVENT_BASED_GATEWAY:
            if d.boolean(node, "instantiate", None, default=False):
                raise d.unsupported(node, f"{_label(node)}: instantiating event-based gateways are not supported")
            gateway_type = node.get("eventGatewayType")
            if gateway_type is not None and gateway_type.strip() != "Exclusive":
                raise d.unsupported(node, f"{_label(node)}: eventGatewayType={gateway_type!r} is not supported")
        default = node.get("default")
        if default is not None:
            fields["default_flow"] = default.strip()

    # events ---------------------------------------------------------------------------------

    def _event(self, builder: _Builder) -> None:
        node, d, fields = builder.node, self.d, builder.fields
        tag = node.tag
        definitions = [c for c in node.children if c.ns == BPMN_NS and (
            c.tag in _EVENT_DEFINITIONS or c.tag in _OTHER_EVENT_DEFINITIONS)]
        if len(definitions) > 1:
            raise d.unsupported(node, f"{_label(node)}: events with several event definitions are not supported")
        if definitions and definitions[0].tag in _OTHER_EVENT_DEFINITIONS:
            what = _OTHER_EVENT_DEFINITIONS[definitions[0].tag]
            raise d.unsupported(definitions[0], f"{_label(node)}: {what} events are not supported", builder.id)
        definition = definitions[0] if definitions else None
        kind = _EVENT_DEFINITIONS[definition.tag] if definition is not None else TriggerKind.NONE
        event_subprocess = tag == "startEvent" and self._in_event_subprocess(builder)
        if event_subprocess:
            if kind is TriggerKind.NONE:
                raise d.invalid(node, f"{_label(node)}: the start event of an event subprocess needs an event "
                                "definition (message, signal, timer, error, escalation, conditional or "
                                "compensation): a none start event would never start it")
            if kind not in _EVENT_SUBPROCESS_TRIGGERS:
                raise d.unsupported(definition or node, f"{_label(node)}: {kind.value} start events of event "
                                    "subprocesses are not supported", builder.id)
            fields["cancel_activity"] = d.boolean(node, "isInterrupting", None, default=True)
            if kind in (TriggerKind.ERROR, TriggerKind.COMPENSATION) and not fields["cancel_activity"]:
                raise d.invalid(node, f"{_label(node)}: {'an error' if kind is TriggerKind.ERROR else 'a compensation'} "
                                "start event always interrupts its scope (isInterrupting cannot be false)")
        elif kind not in _SUPPORTED_TRIGGERS[tag]:
            if kind is TriggerKind.NONE:
                raise d.invalid(node, f"{_label(node)} needs an event definition")
            where = (
                definition if definition is not None else node
            )
            hint = (f" ({_COMPENSATION_HINTS[tag]})" if kind is TriggerKind.COMPENSATION and tag in _COMPENSATION_HINTS
                    else f" ({_CANCEL_HINT})" if kind is TriggerKind.CANCEL else "")
            raise d.unsupported(where, f"{_label(node)}: {kind.value} {_event_noun(tag)} are not supported{hint}",
                                builder.id)
        if tag == "boundaryEvent":
            attached = (node.get("attachedToRef") or "").strip()
            if not attached:
                raise d.invalid(node, f"{_label(node)} needs an attachedToRef")
            fields["attached_to"] = attached
            fields["cancel_activity"] = d.boolean(node, "cancelActivity", None, default=True)
            if kind is TriggerKind.ERROR and not fields["cancel_activity"]:
                raise d.invalid(node, f"{_label(node)}: an error boundary event always interrupts (cancelActivity)")
            if kind is TriggerKind.COMPENSATION and not fields["cancel_activity"]:
                raise d.invalid(node, f"{_label(node)}: a compensation boundary event interrupts nothing (it is "
                                "triggered after its activity completed); remove cancelActivity")
            if kind is TriggerKind.CANCEL and not fields["cancel_activity"]:
                raise d.invalid(node, f"{_label(node)}: a cancel boundary event always interrupts its transaction "
                                "(cancelActivity cannot be false)")
        fields["trigger"] = self._trigger(node, definition, kind, event_subprocess=event_subprocess)
        if kind is TriggerKind.MESSAGE and tag in _THROWERS:
            assert definition is not None
            self._external(definition, node, fields)

    def _in_event_subprocess(self, builder: _Builder) -> bool:
        """Whether the element is directly inside an event subprocess (read before its children)."""
        scope = self.builders.get(builder.scope_id) if builder.scope_id is not None else None
        return scope is not None and scope.fields.get("triggered_by_event", False)

    def _trigger(self, node: Node, definition: Node | None, kind: TriggerKind, *,
                 event_subprocess: bool = False) -> Trigger:
        """``event_subprocess``: the node is the start event of an event subprocess, which
        catches what it names (as a boundary event does) and is subscribed at runtime."""
        d = self.d
        tag = node.tag
        if definition is None:
            return Trigger(TriggerKind.NONE)
        catching = tag == "boundaryEvent" or event_subprocess
        allowed = (frozenset({"async"}) if kind is TriggerKind.SIGNAL and tag in _THROWERS
                   else _ERROR_VARIABLES if kind is TriggerKind.ERROR and catching
                   else _ESCALATION_VARIABLES if kind is TriggerKind.ESCALATION and catching
                   else _CONDITIONAL_FILTERS if kind is TriggerKind.CONDITIONAL
                   else _EXTERNAL_ATTRIBUTES if kind is TriggerKind.MESSAGE and tag in _THROWERS
                   else frozenset())
        self._check_camunda_attributes(definition, allowed, owner=node)
        self._extensions(definition, owner=node)
        for child in definition.children:
            if child.ns == BPMN_NS and child.tag not in ("documentation", "extensionElements") and not (
                kind is TriggerKind.TIMER and child.tag in ("timeDate", "timeDuration", "timeCycle")
            ) and not (kind is TriggerKind.CONDITIONAL and child.tag == "condition"):
                raise d.unsupported(child, f"{_label(node)}: {child.tag} is not supported", node.attrs.get("id"))
        if kind is TriggerKind.MESSAGE and tag in _THROWERS:
            # A worker sends it (_external): the message it names, if any, is the worker's business.
            if not (definition.attrs.get("messageRef") or "").strip():
                return Trigger(TriggerKind.MESSAGE)
            return Trigger(TriggerKind.MESSAGE,
                           name=self._message_name(d.reference(definition, "messageRef", d.messages, "message", node),
                                                   node))
        if kind is TriggerKind.MESSAGE:
            message = d.reference(definition, "messageRef", d.messages, "message", node)
            name = self._message_name(message, node)
            if tag == "startEvent" and not event_subprocess and not name.is_constant:
                raise d.invalid(node, f"{_label(node)}: a message start event needs a constant message name, "
                                f"not {name.text!r}")
            return Trigger(TriggerKind.MESSAGE, name=name)
        if kind is TriggerKind.SIGNAL:
            if d.boolean(definition, "async", CAMUNDA_NS, default=False):
                raise d.unsupported(definition, f"{_label(node)}: asynchronous signal throwing (camunda:async) "
                                    "is not supported", node.attrs.get("id"))
            signal = d.reference(definition, "signalRef", d.signals, "signal", node)
            name = self._signal_name(signal, node)
            if tag == "startEvent" and not event_subprocess and not name.is_constant:
                raise d.invalid(node, f"{_label(node)}: a signal start event needs a constant signal name, "
                                f"not {name.text!r}")
            return Trigger(TriggerKind.SIGNAL, name=name)
        if kind is TriggerKind.TIMER:
            return Trigger(TriggerKind.TIMER, timer=self._timer(node, definition, starts_process=not event_subprocess))
        if kind is TriggerKind.ERROR:
            return self._error_trigger(node, definition)
        if kind is TriggerKind.ESCALATION:
            return self._escalation_trigger(node, definition, catching=catching)
        if kind is TriggerKind.CONDITIONAL:
            return self._conditional_trigger(node, definition)
        if kind is TriggerKind.COMPENSATION:
            return self._compensation_trigger(node, definition, throwing=not catching and tag != "startEvent")
        if kind is TriggerKind.LINK:
            name = (definition.attrs.get("name") or "").strip()
            if not name:
                raise d.invalid(definition, f"{_label(node)}: a link event needs a name on its linkEventDefinition",
                                node.attrs.get("id"))
            return Trigger(TriggerKind.LINK, link_name=name)
        return Trigger(kind)

    def _message_name(self, message: Node, user: Node) -> Expression:
        name = self._named(message, "message")
        self.message_names.setdefault(name.text, None)
        return name

    def _signal_name(self, signal: Node, user: Node) -> Expression:
        name = self._named(signal, "signal")
        self.signal_names.setdefault(name.text, None)
        return name

    def _named(self, node: Node, what: str) -> Expression:
        raw = (node.attrs.get("name") or "").strip()
        if not raw:
            raise self.d.invalid(node, f"{_label(node)} has no name")
        return self.d.expression(node, raw, "name")

    def _timer(self, event: Node, definition: Node, *, starts_process: bool = True) -> Timer:
        """``starts_process``: a start event's timer, unless it starts an event subprocess (whose
        timer is scheduled for a running scope, with its variables)."""
        d = self.d
        values = [c for c in definition.children if c.ns == BPMN_NS and c.tag in ("timeDate", "timeDuration", "timeCycle")]
        if len(values) != 1:
            raise d.invalid(event, f"{_label(event)}: a timer needs exactly one of timeDate, timeDuration and timeCycle")
        value_node = values[0]
        kind = TimerKind(value_node.tag)
        text = value_node.text.strip()
        if not text:
            raise d.invalid(event, f"{_label(event)}: the {value_node.tag} of the timer is empty")
        expression = d.expression(event, text, value_node.tag)
        if expression.is_constant:
            if kind is TimerKind.CYCLE and timers.is_cron(text):
                raise d.unsupported(
                    value_node, f"{_label(event)}: cron expressions in timeCycle are not supported "
                    "(use an ISO 8601 cycle such as R/P1D or R3/PT10M)", event.attrs.get("id"),
                )
            try:
                timers.validate_timer(kind, text)
            except ValueError as error:
                raise d.invalid(event, f"{_label(event)}: invalid {value_node.tag}: {error}") from None
        elif event.tag == "startEvent" and starts_process and expression.variable_names:
            raise d.invalid(
                event, f"{_label(event)}: a timer start event cannot use process variables "
                f"({', '.join(sorted(expression.variable_names))})",
            )
        return Timer(kind, expression)

    def _error_trigger(self, node: Node, definition: Node) -> Trigger:
        d = self.d
        ref = definition.get("errorRef")
        if ref is None or not ref.strip():
            if node.tag == "endEvent":
                raise d.invalid(node, f"{_label(node)}: an error end event needs an errorRef")
            return Trigger(TriggerKind.ERROR, **self._error_variables(node, definition))  # catches every error
        error = d.reference(definition, "errorRef", d.errors, "error", node)
        code = error.attrs.get("errorCode")
        code = code.strip() if code is not None and code.strip() else None
        message = error.get("errorMessage", CAMUNDA_NS)
        if node.tag == "endEvent" and code is None:
            raise d.invalid(error, f"{_label(error)} is thrown by {_label(node)} and needs an errorCode")
        return Trigger(TriggerKind.ERROR, error_code=code, error_message=message,
                       **self._error_variables(node, definition))

    def _escalation_trigger(self, node: Node, definition: Node, *, catching: bool) -> Trigger:
        """Throwing events need an escalation with a code; a catching event (a boundary event, an
        event subprocess's start event) without an escalationRef (or naming an escalation without
        a code) catches every escalation."""
        d = self.d
        caught = self._caught_variables(node, definition, (("escalationCodeVariable", "escalation_code_variable"),))
        ref = definition.get("escalationRef")
        if ref is None or not ref.strip():
            if not catching:
                raise d.invalid(node, f"{_label(node)}: a throwing escalation event needs an escalationRef")
            return Trigger(TriggerKind.ESCALATION, **caught)
        escalation = d.reference(definition, "escalationRef", d.escalations, "escalation", node)
        code = (escalation.attrs.get("escalationCode") or "").strip() or None
        if not catching and code is None:
            raise d.invalid(escalation, f"{_label(escalation)} is thrown by {_label(node)} and needs an escalationCode")
        return Trigger(TriggerKind.ESCALATION, escalation_code=code, **caught)

    def _conditional_trigger(self, node: Node, definition: Node) -> Trigger:
        """A conditionalEventDefinition: its one condition (a single ${…} expression, as a
        sequence flow's), and camunda:variableName / camunda:variableEvents (a comma-separated
        list of create, update and delete), which narrow the variable changes that make it be
        evaluated; blank, they narrow nothing."""
        d, owner_id = self.d, node.attrs.get("id")
        conditions = [c for c in definition.children if c.ns == BPMN_NS and c.tag == "condition"]
        if not conditions:
            raise d.invalid(definition, f"{_label(node)}: a conditional event needs a condition", owner_id)
        if len(conditions) > 1:
            raise d.invalid(conditions[1], f"{_label(node)}: a conditional event has one condition", owner_id)
        condition = self._condition(node, conditions[0], "condition")
        name = (definition.get("variableName", CAMUNDA_NS) or "").strip() or None
        if name is not None and len(name) > MAX_NAME:
            raise d.invalid(definition, f"{_label(node)}: camunda:variableName is longer than {MAX_NAME} characters",
                            owner_id)
        raw = definition.get("variableEvents", CAMUNDA_NS) or ""
        events = [part.strip() for part in raw.split(",") if part.strip()]
        for event in events:
            if event not in VARIABLE_EVENTS:
                raise d.error(INVALID_BPMN, definition, f"{_label(node)}: camunda:variableEvents names {event!r}, "
                              f"which is not a variable event (give {', '.join(VARIABLE_EVENTS)})", owner_id,
                              attribute="camunda:variableEvents", value=event)
        return Trigger(TriggerKind.CONDITIONAL, condition=condition, variable_name=name,
                       variable_events=frozenset(events) or None)

    def _compensation_trigger(self, node: Node, definition: Node, *, throwing: bool) -> Trigger:
        """A compensateEventDefinition. A throwing one may name the one activity it compensates
        (activityRef, checked in _compensation) and always waits for its handlers:
        waitForCompletion="false", which the document's engine ignores with a warning, is refused.
        A catching one (boundary event, event subprocess start) takes neither attribute."""
        d, owner_id = self.d, node.attrs.get("id")
        ref = definition.attrs.get("activityRef")
        if not throwing:
            for attribute in ("activityRef", "waitForCompletion"):
                if definition.attrs.get(attribute) is not None:
                    raise d.invalid(definition, f"{_label(node)}: {attribute} belongs to throwing compensation events "
                                    "(intermediate throw and end events), not to this catching one", owner_id)
            return Trigger(TriggerKind.COMPENSATION)
        if not d.boolean(definition, "waitForCompletion", None, default=True):
            raise d.unsupported(definition, f"{_label(node)}: waitForCompletion=\"false\" is not supported: a "
                                "compensation throw event always waits until the handlers it started have finished",
                                owner_id)
        return Trigger(TriggerKind.COMPENSATION, activity_ref=ref.strip() if ref and ref.strip() else None)

    def _error_variables(self, node: Node, definition: Node) -> dict[str, str]:
        """The Trigger fields of an error event definition's camunda:errorCodeVariable and
        camunda:errorMessageVariable (a catching event's; _trigger refuses them elsewhere)."""
        return self._caught_variables(node, definition, (("errorCodeVariable", "error_code_variable"),
                                                         ("errorMessageVariable", "error_message_variable")))

    def _caught_variables(self, node: Node, definition: Node, attributes: tuple[tuple[str, str], ...]) -> dict[str, str]:
        """The Trigger fields (by name) of the variable-naming camunda ``attributes`` of a catching
        event's definition."""
        fields = {}
        for attribute, name in attributes:
            value = definition.get(attribute, CAMUNDA_NS)
            if value is None:
                continue
            value = value.strip()
            if not value:
                raise self.d.invalid(definition, f"{_label(node)}: camunda:{attribute} is empty",
                                     node.attrs.get("id"))
            if len(value) > MAX_NAME:
                raise self.d.invalid(definition, f"{_label(node)}: camunda:{attribute} is longer than "
                                     f"{MAX_NAME} characters", node.attrs.get("id"))
            fields[name] = value
        return fields

    # extension elements ---------------------------------------------------------------------

    def _extensions(self, node: Node, owner: Node) -> _Extensions:
        found = _Extensions()
        d = self.d
        for extensions in node.children:
            if extensions.ns != BPMN_NS or extensions.tag != "extensionElements":
                continue
            for child in extensions.children:
                if child.ns != CAMUNDA_NS:
                    continue  # other tools' extensions have no meaning for Camunda either
                tag = child.tag
                owner_id = owner.attrs.get("id")
                if tag == "properties":
                    # A property without a name (a row left empty in the Modeler) says nothing.
                    found.properties += [(p.attrs["name"], p.attrs.get("value", "")) for p in child.children
                                         if p.ns == CAMUNDA_NS and p.tag == "property" and p.attrs.get("name")]
                    continue
                if tag == "formData" and node is owner and owner.tag in _FORM_OWNERS:
                    if found.form_data is None:
                        found.form_data = child
                    elif d.deploying:
                        raise d.invalid(child, f"{_label(owner)} has more than one camunda:formData", owner_id)
                    continue
                if tag == "formProperty" and node is owner and owner.tag in _FORM_OWNERS and d.deploying:
                    raise d.unsupported(child, f"{_label(owner)}: camunda:formProperty (the older form properties) "
                                        "is not supported; declare the form's fields with camunda:formData",
                                        owner_id)
                if tag in ("formData", "formProperty", "potentialStarter"):
                    continue
                if tag == "failedJobRetryTimeCycle" and node is owner and owner.tag != "process":
                    text = child.text.strip()
                    try:
                        timers.validate_retry_cycle(text)
                    except ValueError as error:
                        raise d.invalid(child, f"{_label(owner)}: camunda:failedJobRetryTimeCycle: {error}", owner_id) from None
                    found.retry_time_cycle = text
                elif tag in ("in", "out") and owner.tag == "callActivity":
                    mapping = self._mapping(child, owner)
                    (found.ins if tag == "in" else found.outs).append(mapping)
                elif tag in ("executionListener", "taskListener"):
                    raise d.unsupported(child, f"{_label(owner)}: camunda:{tag} is not supported (listeners "
                                        "would not run)", owner_id)
                elif tag == "inputOutput":
                    raise d.unsupported(child, f"{_label(owner)}: camunda:inputOutput mappings are not supported",
                                        owner_id)
                else:
                    raise d.unsupported(child, f"{_label(owner)}: camunda:{tag} is not supported here", owner_id)
        return found

    def _mapping(self, node: Node, owner: Node) -> VariableMapping:
        d = self.d
        owner_id = owner.attrs.get("id")
        label = f"{_label(owner)}: camunda:{node.tag}"
        return variable_mapping(
            node, label,
            local=d.boolean(node, "local", None, default=False),
            invalid=lambda detail: d.invalid(node, detail, owner_id),
            unsupported=lambda detail: d.unsupported(node, detail, owner_id),
            expression=lambda text, attribute: d.expression(node, text, attribute, owner_id, label),
        )

    def _check_camunda_attributes(self, node: Node, allowed: frozenset[str], owner: Node | None = None) -> None:
        owner = owner or node
        for name in node.attrs:
            ns, _, local = name.rpartition(" ")
            if ns != CAMUNDA_NS or local in allowed or local in _EVERY_ELEMENT:
                continue
            hint = _UNSUPPORTED_CAMUNDA_HINTS.get(local, "")
            if (owner.tag in ("serviceTask", "sendTask", "businessRuleTask") or node.tag == "messageEventDefinition") \
                    and local in (
                "class", "delegateExpression", "expression", "decisionRef"
            ):
                raise self.d.unsupported(node, f"{_label(owner)} is not supported: {hint}", owner.attrs.get("id"))
            detail = f"{_label(owner)}: camunda:{local} is not supported" + (f" ({hint})" if hint else "")
            raise self.d.unsupported(node, detail, owner.attrs.get("id"))

    def _check_id(self, node: Node, element_id: str) -> None:
        if len(element_id) > MAX_ID_LENGTH:
            raise self.d.invalid(node, f"{node.tag} id {element_id[:40]!r}… is longer than {MAX_ID_LENGTH} characters")

    # forms ----------------------------------------------------------------------------------

    def _form(self, builder: _Builder, form_data: Node | None) -> None:
        """The form of a user task or start event: camunda:formKey, or camunda:formRef (kept as
        written: Flowkeeper stores no Camunda Forms), and the fields of camunda:formData. A stored
        resource read again keeps what it can: a form it would refuse now has no fields."""
        node, d, fields = builder.node, self.d, builder.fields
        form_key = node.get("formKey", CAMUNDA_NS)
        if form_key:
            fields["form_key"] = form_key
        try:
            ref = node.get("formRef", CAMUNDA_NS)
            if ref is not None:
                fields["form_ref"] = self._form_ref(node, ref, form_key)
            if form_data is not None:
                fields["form_fields"] = self._form_fields(node, form_data)
        except InvalidArgument:
            if d.deploying:
                raise

    def _form_ref(self, node: Node, ref: str, form_key: str | None) -> FormRef:
        d, label = self.d, _label(node)
        if form_key:
            raise d.invalid(node, f"{label}: camunda:formKey and camunda:formRef exclude each other (give one)")
        if not ref.strip():
            raise d.invalid(node, f"{label}: camunda:formRef is empty")
        binding = (node.get("formRefBinding", CAMUNDA_NS) or "latest").strip()
        if binding not in _FORM_REF_BINDINGS:
            raise d.invalid(node, f"{label}: camunda:formRefBinding must be latest, deployment or version, not "
                            f"{binding!r}")
        version = None
        if binding == "version":
            raw = (node.get("formRefVersion", CAMUNDA_NS) or "").strip()
            if not raw.isascii() or not raw.isdigit() or not 0 < int(raw) < 2**31:
                raise d.invalid(node, f"{label}: camunda:formRefBinding=\"version\" needs a camunda:formRefVersion "
                                f"that is a positive integer, not {raw!r}")
            version = int(raw)
        return FormRef(ref.strip(), binding, version)

    def _form_fields(self, owner: Node, form_data: Node) -> tuple[FormField, ...]:
        d, owner_id = self.d, owner.attrs.get("id")
        found: dict[str, FormField] = {}
        for child in form_data.children:
            if child.ns != CAMUNDA_NS:
                continue
            if child.tag != "formField":
                raise d.unsupported(child, f"{_label(owner)}: camunda:{child.tag} in camunda:formData is not supported",
                                    owner_id)
            form_field = self._form_field(owner, child)
            if form_field.id in found:
                raise d.error(INVALID_BPMN, child, f"{_label(owner)}: camunda:formField {form_field.id!r} is declared "
                              f"twice (also on line {found[form_field.id].line})", owner_id, form_field=form_field.id)
            found[form_field.id] = form_field
        business_key = (form_data.attrs.get("businessKey") or "").strip()
        if business_key:
            if business_key not in found:
                raise d.invalid(form_data, f"{_label(owner)}: camunda:formData businessKey {business_key!r} names no "
                                "camunda:formField of the form", owner_id)
            found[business_key] = replace(found[business_key], business_key=True)
        return tuple(found.values())

    def _form_field(self, owner: Node, node: Node) -> FormField:
        """One camunda:formField: its type (string, long, boolean, date with its camunda:datePattern,
        enum with its camunda:value children), label and default value (expressions allowed),
        camunda:properties, and built-in camunda:validation constraints."""
        d, owner_id = self.d, owner.attrs.get("id")
        field_id = (node.attrs.get("id") or "").strip()
        if not field_id:
            raise d.invalid(node, f"{_label(owner)}: a camunda:formField needs an id (the variable it sets)", owner_id)
        where = f"{_label(owner)}: camunda:formField {field_id!r}"

        def invalid(at: Node, detail: str, reason: str = INVALID_BPMN) -> InvalidArgument:
            return d.error(reason, at, f"{where}: {detail}", owner_id, form_field=field_id)

        if len(field_id) > MAX_NAME:
            raise invalid(node, f"the id is longer than {MAX_NAME} characters (it names a variable)")
        field_type = (node.attrs.get("type") or "").strip()
        if not field_type:
            raise invalid(node, "needs a type (string, long, boolean, date or enum)")
        if field_type not in FORM_FIELD_TYPES:
            raise invalid(node, f"type {field_type!r} is not supported (custom form field types are not; use string, "
                          "long, boolean, date or enum)", UNSUPPORTED_BPMN_ELEMENT)
        pattern = None
        if field_type == "date":
            pattern = (node.attrs.get("datePattern") or "").strip() or DEFAULT_DATE_PATTERN
            try:
                date_pattern(pattern)
            except ValueError as error:
                raise invalid(node, f"datePattern {pattern!r}: {error}") from None
        values: dict[str, str] = {}
        properties: list[tuple[str, str]] = []
        constraints: list[FormFieldConstraint] = []
        for child in node.children:
            if child.ns != CAMUNDA_NS:
                continue
            if child.tag == "properties":
                # A property without an id (a row left empty in the Modeler) says nothing.
                properties += [(p.attrs["id"], p.attrs.get("value", "")) for p in child.children
                               if p.ns == CAMUNDA_NS and p.tag == "property" and p.attrs.get("id")]
            elif child.tag == "validation":
                constraints += [self._form_constraint(c, field_type, invalid) for c in child.children
                                if c.ns == CAMUNDA_NS and c.tag == "constraint"]
            elif child.tag == "value":
                if field_type != "enum":
                    raise invalid(child, f"camunda:value belongs to enum fields, not to a {field_type} field")
                value_id = (child.attrs.get("id") or "").strip()
                if not value_id:
                    raise invalid(child, "a camunda:value needs an id")
                if value_id in values:
                    raise invalid(child, f"the enum value {value_id!r} is declared twice")
                values[value_id] = child.attrs.get("name") or ""
            else:
                raise invalid(child, f"camunda:{child.tag} is not supported here", UNSUPPORTED_BPMN_ELEMENT)
        label = node.attrs.get("label")
        default = node.attrs.get("defaultValue")
        form_field = FormField(
            id=field_id, type=field_type, line=node.line,
            label=d.expression(node, label, "label", owner_id, where) if label else None,
            default_value=d.expression(node, default, "defaultValue", owner_id, where) if default is not None else None,
            date_pattern=pattern, enum_values=tuple(values.items()), properties=tuple(properties),
            constraints=tuple(constraints),
        )
        if form_field.default_value is not None and form_field.default_value.is_constant:
            try:
                convert(form_field, form_field.default_value.constant)
            except FieldFault as fault:
                raise invalid(node, f"defaultValue {fault.detail}") from None
        return form_field

    def _form_constraint(self, node: Node, field_type: str,
                         invalid: Callable[..., InvalidArgument]) -> FormFieldConstraint:
        name = (node.attrs.get("name") or "").strip()
        config = node.attrs.get("config")
        if name == "validator":
            raise invalid(node, "custom validators (camunda:constraint name=\"validator\") are not supported: their "
                          "Java classes and expressions would not run", UNSUPPORTED_BPMN_ELEMENT)
        if name not in FORM_CONSTRAINTS:
            raise invalid(node, f"unknown constraint {name!r} (use required, readonly, minlength, maxlength, min or "
                          "max)")
        problem = config_problem(field_type, name, config)
        if problem is not None:
            raise invalid(node, problem)
        return FormFieldConstraint(name, (config or "").strip() if name in LENGTH_CONSTRAINTS | BOUND_CONSTRAINTS
                                   else None)

    # sequence flows -------------------------------------------------------------------------

    def _sequence_flow(self, node: Node, scope_id: str | None) -> None:
        d = self.d
        flow_id = (node.attrs.get("id") or "").strip()
        if not flow_id:
            raise d.invalid(node, "a sequenceFlow needs an id")
        self._check_id(node, flow_id)
        self._check_camunda_attributes(node, frozenset())
        self._extensions(node, owner=node)
        refs = {}
        for attribute in ("sourceRef", "targetRef"):
            ref = (node.attrs.get(attribute) or "").strip()
            if not ref:
                raise d.invalid(node, f"{_label(node)} needs a {attribute}")
            builder = self.builders.get(ref)
            if builder is None:
                raise d.invalid(node, f"{_label(node)}: {attribute} {ref!r} names no flow node of the process")
            if builder.scope_id != scope_id:
                raise d.invalid(node, f"{_label(node)}: {attribute} {ref!r} is in another scope "
                                "(sequence flows cannot cross subprocess borders)")
            refs[attribute] = builder
        condition = None
        for child in node.children:
            if child.ns != BPMN_NS or child.tag == "documentation" or child.tag == "extensionElements":
                continue
            if child.tag != "conditionExpression":
                raise d.unsupported(child, f"{_label(node)}: {child.tag} is not supported", flow_id)
            condition = self._condition(node, child)
        source, target = refs["sourceRef"], refs["targetRef"]
        if condition is not None:
            if source.kind in (ElementKind.PARALLEL_GATEWAY, ElementKind.EVENT_BASED_GATEWAY):
                raise d.invalid(node, f"{_label(node)}: conditions on flows leaving a {source.node.tag} are never "
                                "evaluated; remove the condition")
            if source.kind.is_event:
                raise d.unsupported(node, f"{_label(node)}: conditional flows leaving a {source.node.tag} are not "
                                    "supported")
        self.flows[flow_id] = SequenceFlow(
            id=flow_id, source=source.id, target=target.id, line=node.line, name=node.attrs.get("name"),
            condition=condition,
        )
        self.flow_nodes[flow_id] = node
        source.outgoing.append(flow_id)
        target.incoming.append(flow_id)

    def _condition(self, owner: Node, node: Node, attribute: str = "conditionExpression") -> Expression:
        """The condition ``node`` of ``owner`` (a sequence flow's conditionExpression, a
        multi-instance activity's completionCondition): one ${…} expression."""
        d = self.d
        owner_id = owner.attrs.get("id")
        language = node.attrs.get("language")
        if language is not None and language.strip():
            raise d.unsupported(node, f"{_label(owner)}: script conditions (language={language!r}) are not supported",
                                owner_id)
        for name in node.attrs:
            if name.startswith(CAMUNDA_NS + " "):
                raise d.unsupported(node, f"{_label(owner)}: camunda:{name.rpartition(' ')[2]} on a condition is "
                                    "not supported", owner_id)
        text = node.text.strip()
        if not text:
            what = "condition" if attribute == "conditionExpression" else attribute
            raise d.invalid(node, f"{_label(owner)}: the {what} is empty", owner_id)
        expression = d.expression(owner, text, attribute)
        if expression.is_constant or expression.is_composite:
            raise self._not_single(owner, text, attribute, "a condition must be a single ${…} expression")
        return expression

    def _not_single(self, owner: Node, text: str, attribute: str, must: str) -> InvalidArgument:
        """INVALID_EXPRESSION of ``owner``'s ``attribute``: ``text`` is not what it ``must`` be."""
        return self.d.error(INVALID_EXPRESSION, owner, f"{_label(owner)}: {must}, not {text!r}", owner.attrs.get("id"),
                            expression=text, position=1, attribute=attribute)

    # boundaries and the finished graph ------------------------------------------------------

    def _attach(self, boundary: _Builder) -> None:
        d = self.d
        target_id = boundary.fields["attached_to"]
        target = self.builders.get(target_id)
        if target is None or target.scope_id != boundary.scope_id:
            raise d.invalid(
                boundary.node, f"{_label(boundary.node)}: attachedToRef {target_id!r} names no activity of the same scope"
            )
        if not target.kind.is_activity:
            raise d.invalid(
                boundary.node,
                f"{_label(boundary.node)}: attachedToRef {target_id!r} is a {target.node.tag}, not an activity",
            )
        if target.fields.get("triggered_by_event"):
            raise d.invalid(boundary.node, f"{_label(boundary.node)}: attachedToRef {target_id!r} is an event "
                            "subprocess, to which no boundary event can be attached")
        if boundary.trigger_kind is TriggerKind.ESCALATION:
            self._check_escalation_boundary(boundary, target)
        if boundary.trigger_kind is TriggerKind.CANCEL:
            if target.node.tag != "transaction":
                raise d.invalid(boundary.node, f"{_label(boundary.node)}: a cancel boundary event can only be attached "
                                f"to a transaction, not to {_label(target.node)}")
            first = target.fields.setdefault("cancel_boundary", boundary.id)
            if first != boundary.id:
                raise d.invalid(boundary.node, f"{_label(boundary.node)}: transaction {target_id!r} already has the "
                                f"cancel boundary event {first!r} (a transaction has one)")
        if boundary.trigger_kind is TriggerKind.COMPENSATION:
            # It waits for nothing while the activity runs: the activity completes, then it may
            # be compensated (not one of the waits of boundary_ids, which make an activity a scope).
            first = target.fields.setdefault("compensation_boundary", boundary.id)
            if first != boundary.id:
                raise d.invalid(boundary.node, f"{_label(boundary.node)}: {target_id!r} already has the compensation "
                                f"boundary event {first!r} (an activity has one compensation handler)")
            return
        target.boundary_ids.append(boundary.id)

    def _check_escalation_boundary(self, boundary: _Builder, target: _Builder) -> None:
        """Escalations are thrown from inside subprocesses and called processes only; and, as in
        the document's engine, which boundary event of an activity catches an escalation is never
        ambiguous: one per code, and one that catches every escalation stands alone."""
        d, node = self.d, boundary.node
        if target.kind not in (ElementKind.SUB_PROCESS, ElementKind.CALL_ACTIVITY):
            raise d.invalid(node, f"{_label(node)}: an escalation boundary event can only be attached to a subProcess "
                            f"or a callActivity (escalations are thrown inside them), not to {_label(target.node)}")
        code = boundary.fields["trigger"].escalation_code
        for other_id in target.boundary_ids:
            other = self.builders[other_id]
            if other.trigger_kind is not TriggerKind.ESCALATION:
                continue
            other_code = other.fields["trigger"].escalation_code
            if code is None or other_code is None:
                raise d.invalid(node, f"{_label(node)}: {target.id!r} already has the escalation boundary event "
                                f"{other_id!r}; one that catches every escalation cannot share an activity with another")
            if code == other_code:
                raise d.invalid(node, f"{_label(node)}: {target.id!r} already catches escalation code {code!r} "
                                f"with {other_id!r}")

    def _build(self) -> dict[str, Element]:
        d = self.d
        elements: dict[str, Element] = {}
        for element_id, builder in self.builders.items():
            node, kind = builder.node, builder.kind
            label = _label(node)
            if kind in (ElementKind.START_EVENT, ElementKind.BOUNDARY_EVENT) and builder.incoming:
                raise d.invalid(node, f"{label} cannot have incoming sequence flows")
            if kind is ElementKind.END_EVENT and builder.outgoing:
                raise d.invalid(node, f"{label} is an end event and cannot have outgoing sequence flows")
            # An event subprocess is started by its start event's event, and its end ends its path.
            by_event = builder.fields.get("triggered_by_event", False)
            if by_event and (builder.incoming or builder.outgoing):
                raise d.invalid(node, f"{label} is an event subprocess and cannot have incoming or outgoing "
                                "sequence flows (the event of its start event starts it)")
            link = builder.trigger_kind is TriggerKind.LINK  # _link checked the flows of link events
            # _compensation checked that these have no sequence flows.
            compensation = builder.fields.get("is_for_compensation", False) or (
                kind is ElementKind.BOUNDARY_EVENT and builder.trigger_kind is TriggerKind.COMPENSATION)
            if (kind is not ElementKind.END_EVENT and not builder.outgoing and not link and not by_event
                    and not compensation):
                raise d.invalid(node, f"{label} has no outgoing sequence flow (only end events may end a path)")
            if (kind not in (ElementKind.START_EVENT, ElementKind.BOUNDARY_EVENT) and not builder.incoming
                    and not link and not by_event and not compensation):
                raise d.invalid(node, f"{label} has no incoming sequence flow and would never run")
            default = builder.fields.get("default_flow")
            if default is not None:
                if kind not in _DEFAULT_FLOW_KINDS:
                    raise d.invalid(node, f"{label}: a {node.tag} cannot have a default flow")
                if default not in builder.outgoing:
                    raise d.invalid(node, f"{label}: the default flow {default!r} is not one of its outgoing flows")
                if self.flows[default].condition is not None:
                    raise d.invalid(self.flow_nodes[default], f"{_label(self.flow_nodes[default])} is the default "
                                    f"flow of {element_id!r} and cannot have a condition")
            if kind is ElementKind.EVENT_BASED_GATEWAY:
                self._check_event_gateway(builder)
            start_event_ids: tuple[str, ...] = ()
            if kind is ElementKind.SUB_PROCESS:
                start_event_ids = tuple(self.scope_starts.get(element_id, ()))
                builder.fields["event_subprocess_ids"] = self._event_subprocesses(element_id)
            elements[element_id] = Element(
                id=element_id,
                kind=kind,
                line=node.line,
                scope_id=builder.scope_id,
                incoming=tuple(builder.incoming),
                outgoing=tuple(builder.outgoing),
                boundary_ids=tuple(builder.boundary_ids),
                start_event_ids=start_event_ids,
                **builder.fields,
            )
        return self._bodies(elements)

    def _bodies(self, elements: dict[str, Element]) -> dict[str, Element]:
        """Puts a multi-instance body (``<id>#multiInstanceBody``) around each multi-instance
        activity, as the document's engine does: the body takes the activity's place in its
        scope (its sequence flows, default flow and boundary events are the body's), and the
        activity, inside it, runs once per instance."""
        loops = {b.id: b.loop for b in self.builders.values() if b.loop is not None}
        if not loops:
            return elements
        bodies = {activity_id: activity_id + BODY_SUFFIX for activity_id in loops}
        out: dict[str, Element] = {}
        for element_id, element in elements.items():
            loop = loops.get(element_id)
            if loop is not None:
                body_id = bodies[element_id]
                out[body_id] = Element(
                    id=body_id, kind=ElementKind.MULTI_INSTANCE_BODY, line=element.line, name=element.name,
                    tag=ElementKind.MULTI_INSTANCE_BODY.value, scope_id=element.scope_id, incoming=element.incoming,
                    outgoing=element.outgoing, boundary_ids=element.boundary_ids, default_flow=element.default_flow,
                    multi_instance=loop,
                )
                element = replace(element, scope_id=body_id, incoming=(), outgoing=(), boundary_ids=(),
                                  default_flow=None)
            elif element.attached_to in bodies and not (element.trigger is not None
                                                        and element.trigger.kind is TriggerKind.COMPENSATION):
                # A compensation boundary event stays with the activity: each instance is compensated.
                element = replace(element, attached_to=bodies[element.attached_to])
            out[element_id] = element
        for flow_id, flow in self.flows.items():
            if flow.source in bodies or flow.target in bodies:
                self.flows[flow_id] = replace(flow, source=bodies.get(flow.source, flow.source),
                                              target=bodies.get(flow.target, flow.target))
        return out

    def _event_subprocesses(self, scope_id: str | None) -> tuple[str, ...]:
        """The event subprocesses directly inside the process (None) or a subprocess."""
        if self.event_subprocesses is None:
            self.event_subprocesses = {}
            for builder in self.builders.values():
                if builder.fields.get("triggered_by_event"):
                    self.event_subprocesses.setdefault(builder.scope_id, []).append(builder.id)
        return tuple(self.event_subprocesses.get(scope_id, ()))

    def _check_event_subprocess_starts(self) -> None:
        """What an event subprocess's start event catches must not be caught already at its
        scope level, where the boundary events of the subprocess around it (none at process
        level) and the other event subprocesses' start events wait too: as in the document's
        engine, one subscription per message or signal name, and escalations as for boundary
        events (one catcher per code, one that catches every escalation stands alone). Errors
        are never ambiguous: event subprocesses catch before boundary events, a code before
        every error, else document order."""
        d = self.d
        scopes = [None] + [b.id for b in self.builders.values() if b.kind is ElementKind.SUB_PROCESS]
        for scope_id in scopes:
            others = list(self.builders[scope_id].boundary_ids) if scope_id is not None else []
            for subprocess_id in self._event_subprocesses(scope_id):
                [start_id] = self.scope_starts[subprocess_id]
                start = self.builders[start_id]
                for other_id in others:
                    clash = self._same_catch(start, self.builders[other_id])
                    if clash:
                        where = "the process" if scope_id is None else f"subProcess {scope_id!r}"
                        raise d.invalid(start.node, f"{_label(start.node)}: {clash} (both wait in {where})")
                others.append(start_id)

    @staticmethod
    def _same_catch(start: _Builder, other: _Builder) -> str | None:
        """Why the event subprocess start event ``start`` and ``other`` (a catching event of the
        same scope level) cannot both wait there, or None."""
        kind, trigger, theirs = start.trigger_kind, start.fields["trigger"], other.fields["trigger"]
        if other.trigger_kind is not kind:
            return None
        if kind in (TriggerKind.MESSAGE, TriggerKind.SIGNAL) and trigger.name.is_constant and theirs.name.is_constant:
            if trigger.name.text == theirs.name.text:
                return f"{kind.value} {trigger.name.text!r} is already awaited by {other.id!r}"
        if kind is TriggerKind.ESCALATION:
            if trigger.escalation_code is None or theirs.escalation_code is None:
                every, besides = (start.id, f" ({other.id!r})") if trigger.escalation_code is None else (other.id, "")
                return f"{every!r} catches every escalation and cannot share a scope with another escalation catcher{besides}"
            if trigger.escalation_code == theirs.escalation_code:
                return f"escalation code {trigger.escalation_code!r} is already caught by {other.id!r}"
        return None

    def _link(self) -> None:
        """Pairs each link throw event with the link catch event of the same name in its scope
        (process or subprocess): a "go to" within one scope, as BPMN defines link events."""
        d = self.d
        catches: dict[tuple[str | None, str], _Builder] = {}
        throws: list[_Builder] = []
        for builder in self.builders.values():
            if builder.trigger_kind is not TriggerKind.LINK:
                continue
            node, name = builder.node, builder.fields["trigger"].link_name
            if builder.kind is ElementKind.INTERMEDIATE_THROW_EVENT:
                if builder.outgoing:
                    raise d.invalid(node, f"{_label(node)}: a link throw event cannot have outgoing sequence flows "
                                    f"(its path goes on at the link catch event {name!r})")
                throws.append(builder)
                continue
            if builder.incoming:
                raise d.invalid(node, f"{_label(node)}: a link catch event cannot have incoming sequence flows "
                                f"(paths arrive through the link throw events of link {name!r})")
            first = catches.setdefault((builder.scope_id, name), builder)
            if first is not builder:
                raise d.invalid(node, f"{_label(node)}: link {name!r} is already caught by {first.id!r} in the same "
                                "scope (a link has one catch event)")
        for builder in throws:
            node, name = builder.node, builder.fields["trigger"].link_name
            target = catches.get((builder.scope_id, name))
            if target is None:
                where = "the process" if builder.scope_id is None else f"subProcess {builder.scope_id!r}"
                elsewhere = any(link_name == name for _, link_name in catches)
                raise d.invalid(node, f"{_label(node)}: no link catch event of link {name!r} in {where}"
                                + (" (link events cannot cross subprocess borders)" if elsewhere else ""))
            builder.fields["link_target"] = target.id

    def _compensation(self) -> None:
        """Pairs each compensation boundary event with its handler, the activity its association
        names, and checks the other parts of compensation: handlers run only when compensated
        (no sequence flows, no boundary events, named by a boundary event), a compensation event
        subprocess is the one compensation handler of an embedded subprocess, and a throw event's
        activityRef names something that can be compensated."""
        named: set[str] = set()
        for builder in self.builders.values():
            if builder.kind is ElementKind.BOUNDARY_EVENT and builder.trigger_kind is TriggerKind.COMPENSATION:
                named.add(self._pair_handler(builder))
        for builder in self.builders.values():
            if builder.fields.get("is_for_compensation"):
                self._check_handler(builder, named)
            elif builder.trigger_kind is TriggerKind.COMPENSATION and builder.kind is ElementKind.START_EVENT:
                self._check_compensation_event_subprocess(builder)
            elif builder.trigger_kind is TriggerKind.COMPENSATION and builder.kind is not ElementKind.BOUNDARY_EVENT:
                self._check_activity_ref(builder)

    def _pair_handler(self, boundary: _Builder) -> str:
        """The id of the compensation handler of a compensation boundary event: the activity
        with isForCompensation="true", in the same scope, that its one association names."""
        d, node = self.d, boundary.node
        label = _label(node)
        if boundary.outgoing:
            raise d.invalid(node, f"{label}: a compensation boundary event cannot have outgoing sequence flows (its "
                            "handler, named by an association, runs when the activity is compensated)")
        associations = [a for a in self.associations if (a.attrs.get("sourceRef") or "").strip() == boundary.id]
        if not associations:
            raise d.invalid(node, f"{label}: a compensation boundary event needs an association to its compensation "
                            'handler (an activity with isForCompensation="true")')
        if len(associations) > 1:
            raise d.invalid(associations[1], f"{label} has more than one association: it names one compensation "
                            "handler", boundary.id)
        association = associations[0]
        target_id = (association.attrs.get("targetRef") or "").strip()
        handler = self.builders.get(target_id)
        if handler is None or not handler.fields.get("is_for_compensation"):
            what = _label(handler.node) if handler is not None else repr(target_id)
            raise d.invalid(association, f"{_label(association)}: compensation boundary event {boundary.id!r} names "
                            f'{what}, which is no compensation handler (an activity with isForCompensation="true")')
        if handler.scope_id != boundary.scope_id:
            raise d.invalid(association, f"{_label(association)}: the compensation handler {target_id!r} is in another "
                            f"scope than compensation boundary event {boundary.id!r}")
        boundary.fields["compensation_handler"] = handler.id
        return handler.id

    def _check_handler(self, handler: _Builder, named: set[str]) -> None:
        d, node = self.d, handler.node
        label = _label(node)
        if handler.incoming or handler.outgoing:
            raise d.invalid(node, f"{label} is a compensation handler and cannot have sequence flows (it runs when "
                            "the activity of its compensation boundary event is compensated)")
        if handler.boundary_ids or handler.fields.get("compensation_boundary"):
            raise d.invalid(node, f"{label} is a compensation handler and cannot have boundary events")
        if handler.fields.get("triggered_by_event"):
            raise d.invalid(node, f"{label}: an event subprocess cannot be a compensation handler (a compensation "
                            "event subprocess handles the compensation of the subprocess around it)")
        if handler.loop is not None:
            raise d.unsupported(node, f"{label}: multi-instance compensation handlers are not supported")
        if handler.id not in named:
            raise d.invalid(node, f"{label} is a compensation handler that no compensation boundary event's association "
                            "names: it would never run")

    def _check_compensation_event_subprocess(self, start: _Builder) -> None:
        """A compensation start event starts the compensation event subprocess of an embedded
        subprocess (one per subprocess, instead of a compensation boundary event on it), as the
        document's engine has it: compensation does not reach the process level."""
        d, node = self.d, start.node
        label = _label(node)
        event_subprocess = self.builders[start.scope_id or ""]
        subprocess = self.builders.get(event_subprocess.scope_id or "")
        if subprocess is None or subprocess.fields.get("triggered_by_event") or subprocess.fields.get(
                "is_for_compensation"):
            raise d.invalid(node, f"{label}: a compensation event subprocess must be inside an embedded subprocess "
                            "(whose compensation it handles), not in "
                            + ("the process" if subprocess is None else _label(subprocess.node)))
        first = subprocess.fields.setdefault("compensation_event_subprocess", event_subprocess.id)
        if first != event_subprocess.id:
            raise d.invalid(node, f"{label}: {subprocess.id!r} already has the compensation event subprocess "
                            f"{first!r} (one per subprocess)")
        if subprocess.fields.get("compensation_boundary"):
            raise d.invalid(node, f"{label}: {subprocess.id!r} has the compensation boundary event "
                            f"{subprocess.fields['compensation_boundary']!r}; it takes a compensation boundary event "
                            "or a compensation event subprocess, not both")

    def _check_activity_ref(self, throw: _Builder) -> None:
        """activityRef names an activity of the throw event's scope (or, from inside an event
        subprocess, of the scope around it) with a compensation boundary event, or a subprocess."""
        d, node = self.d, throw.node
        ref = throw.fields["trigger"].activity_ref
        if ref is None:
            return
        scope_id = throw.scope_id
        target = self.builders.get(ref)
        while target is None or target.scope_id != scope_id:
            scope = self.builders.get(scope_id or "")
            if scope is None or not scope.fields.get("triggered_by_event"):
                where = "the process" if throw.scope_id is None else f"subProcess {throw.scope_id!r}"
                raise d.invalid(node, f"{_label(node)}: activityRef {ref!r} names no activity of {where}")
            scope_id = scope.scope_id
        subprocess = target.kind is ElementKind.SUB_PROCESS and not target.fields.get("triggered_by_event")
        if not target.kind.is_activity or not (subprocess or target.fields.get("compensation_boundary")):
            raise d.invalid(node, f"{_label(node)}: activityRef {ref!r} names {_label(target.node)}, which has no "
                            "compensation boundary event and is no subprocess: nothing would compensate it")

    def _cancel_end_events(self) -> None:
        """A cancel end event is directly inside a transaction (not in a subprocess or event
        subprocess within it, as in the document's engine), and the transaction has the cancel
        boundary event its path goes on from once the transaction is compensated (the document's
        engine fails only when the end event is reached; here the deployment is refused)."""
        d = self.d
        for builder in self.builders.values():
            if builder.kind is not ElementKind.END_EVENT or builder.trigger_kind is not TriggerKind.CANCEL:
                continue
            node = builder.node
            scope = self.builders.get(builder.scope_id or "")
            if scope is None or scope.node.tag != "transaction":
                where = "the process" if scope is None else _label(scope.node)
                raise d.invalid(node, f"{_label(node)}: a cancel end event must be directly inside a transaction, not "
                                f"in {where}")
            if scope.fields.get("cancel_boundary") is None:
                raise d.invalid(node, f"{_label(node)}: transaction {scope.id!r} has no cancel boundary event, where "
                                "the path would go on once the transaction is cancelled")

    def _check_event_gateway(self, builder: _Builder) -> None:
        d = self.d
        if len(builder.outgoing) < 2:
            raise d.invalid(builder.node, f"{_label(builder.node)}: an event-based gateway needs at least two "
                            "outgoing sequence flows")
        for flow_id in builder.outgoing:
            target = self.builders[self.flows[flow_id].target]
            if target.kind is not ElementKind.INTERMEDIATE_CATCH_EVENT:
                raise d.invalid(
                    self.flow_nodes[flow_id],
                    f"{_label(builder.node)}: an event-based gateway must lead to intermediate catch events, "
                    f"not to {_label(target.node)}",
                    builder.id,
                )


@dataclass
class _Extensions:
    retry_time_cycle: str | None = None
    form_data: Node | None = None
    properties: list[tuple[str, str]] = field(default_factory=list)
    ins: list[VariableMapping] = field(default_factory=list)
    outs: list[VariableMapping] = field(default_factory=list)


def _event_noun(tag: str) -> str:
    return {
        "startEvent": "start events",
        "endEvent": "end events",
        "intermediateCatchEvent": "intermediate catch events",
        "intermediateThrowEvent": "intermediate throw events",
        "boundaryEvent": "boundary events",
    }[tag]
