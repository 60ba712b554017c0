"""CMMN 1.1 files as Camunda Modeler saves them -> immutable CaseSpecs.

Executed: the case plan model (autoComplete, exit criteria); plan items of human tasks, plain
tasks, process tasks, case tasks, decision tasks, stages (nested plan items) and milestones; entry and exit
criteria; sentries with plan-item on-parts (standard events), camunda:variableOnPart
(a variable's create, update or delete event) and ``${…}`` if-parts; manual
activation, required and repetition rules (on the plan item's itemControl or the definition's
defaultControl; a rule without a condition always holds; camunda:repeatOnStandardEvent on a
repetition rule); camunda:assignee, candidateUsers,
candidateGroups, dueDate, followUpDate, priority and formKey on human tasks; processBinding / processVersion /
processTenantId and caseBinding / caseVersion / caseTenantId, camunda:in and camunda:out on
process and case tasks; decision tasks (decisionRef, camunda:decisionBinding, decisionVersion,
decisionVersionTag, decisionTenantId, resultVariable and mapDecisionResult).

Everything else with runtime meaning is refused with InvalidArgument naming the element, its id
and its line; nothing is skipped silently. Ignored (no runtime meaning here): diagrams (cmmndi),
documentation, text annotations and associations, case roles, empty case file models and the
``description`` attribute. camunda:historyTimeToLive is read into days as on a BPMN process.

Reasons: CMMN_PARSE_ERROR (not well-formed or refused XML), UNSUPPORTED_CMMN_ELEMENT (valid CMMN
that Flowkeeper does not execute), INVALID_CMMN (structural faults), INVALID_EXPRESSION."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Iterator

from server.engine.bpmn.parser import bpmn_error, history_time_to_live, refuse_too_long
from server.engine.bpmn.spec import VariableMapping
from server.engine.bpmn.xmltree import Node, XmlError, parse_xml
from server.engine.camunda_mapping import variable_mapping
from server.engine.cmmn.spec import (
    DEFAULT_REPEAT_EVENTS,
    ENTRY_EVENTS,
    MILESTONE_EVENTS,
    REPEAT_EVENTS,
    TASK_EVENTS,
    UNSUPPORTED_EVENTS,
    VARIABLE_EVENTS,
    CallTarget,
    CaseSpec,
    OnPart,
    PlanItem,
    PlanItemKind,
    Rule,
    Sentry,
    VariableOnPart,
)
from server.engine.definition_limits import case_texts, definitions_texts
from server.engine.dmn.spec import BINDINGS as DECISION_BINDINGS
from server.engine.dmn.spec import RESULT_MAPPINGS as DECISION_RESULT_MAPPINGS
from server.engine.dmn.spec import DecisionCall
from server.engine.expr import Expression, ExpressionError, compile_expression
from server.engine.variables import MAX_NAME
from server.errors import InvalidArgument

CMMN_NS = "http://www.omg.org/spec/CMMN/20151109/MODEL"
CMMN10_NS = "http://www.omg.org/spec/CMMN/20131201/MODEL"
CAMUNDA_NS = "http://camunda.org/schema/1.0/cmmn"

CMMN_PARSE_ERROR = "CMMN_PARSE_ERROR"
UNSUPPORTED_CMMN_ELEMENT = "UNSUPPORTED_CMMN_ELEMENT"
INVALID_CMMN = "INVALID_CMMN"
INVALID_EXPRESSION = "INVALID_EXPRESSION"

MAX_ID_LENGTH = 255
_INTEGER = re.compile(r"[+-]?[0-9]{1,9}")

_DEFINITION_KINDS = {
    "humanTask": PlanItemKind.HUMAN_TASK,
    "task": PlanItemKind.TASK,
    "processTask": PlanItemKind.PROCESS_TASK,
    "caseTask": PlanItemKind.CASE_TASK,
    "decisionTask": PlanItemKind.DECISION_TASK,
    "stage": PlanItemKind.STAGE,
    "milestone": PlanItemKind.MILESTONE,
}
_UNSUPPORTED_DEFINITIONS = {
    "eventListener": "event listeners are not supported",
    "userEventListener": "event listeners are not supported",
    "timerEventListener": "timer event listeners are not supported",
    "planFragment": "plan fragments are not supported",
    "planningTable": "discretionary items (planning tables) are not supported",
    "discretionaryItem": "discretionary items (planning tables) are not supported",
}
# Children of <definitions> without runtime meaning.
_IGNORED_TOP = frozenset({"documentation", "textAnnotation", "association", "caseFileItemDefinition"})
_UNSUPPORTED_TOP = {
    "process": "process declarations are not used; a processTask's processRef names the BPMN process key",
    "decision": "decisions are deployed as DMN files; a decisionTask's decisionRef names the decision key",
    "import": "imports are not supported",
    "relationship": "relationships are not supported",
}
_CAMUNDA_ATTRIBUTES = {
    "case": frozenset({"historyTimeToLive"}),
    "humanTask": frozenset({"assignee", "candidateUsers", "candidateGroups", "dueDate", "followUpDate", "priority",
                            "formKey"}),
    "processTask": frozenset({"processBinding", "processVersion", "processTenantId"}),
    "caseTask": frozenset({"caseBinding", "caseVersion", "caseTenantId"}),
    "decisionTask": frozenset({"decisionBinding", "decisionVersion", "decisionVersionTag", "decisionTenantId",
                               "resultVariable", "mapDecisionResult"}),
    "repetitionRule": frozenset({"repeatOnStandardEvent"}),
}
_UNSUPPORTED_CAMUNDA_HINTS = {
    "decisionRef": "a decisionTask names its decision in decisionRef",
    "class": "Java code is not executed",
    "delegateExpression": "Java code is not executed",
    "expression": "expressions as implementations are not executed",
}
_BINDINGS = ("latest", "deployment", "version")


def parse_cmmn(data: bytes, resource_name: str, *, deploying: bool = True) -> list[CaseSpec]:
    """One spec per case of the file, in document order.

    Raises InvalidArgument (reason CMMN_PARSE_ERROR, UNSUPPORTED_CMMN_ELEMENT, INVALID_CMMN or
    INVALID_EXPRESSION) with metadata resource, element, element_id, line (and expression,
    position) and a field violation on ``resources[<resource_name>]``. With ``deploying``
    (a new deployment; a stored resource, accepted once, is read again without it) text that
    runtime rows would hold must fit their columns: INVALID_CMMN with metadata attribute and
    max_length, and camunda:historyTimeToLive must be valid (see ``history_time_to_live`` of the
    BPMN parser)."""
    try:
        root = parse_xml(data)
    except XmlError as error:
        detail = f"{error.message} (column {error.column})" if error.column else error.message
        raise bpmn_error(CMMN_PARSE_ERROR, resource_name, error.line, detail, column=error.column or None) from None
    specs = _Definitions(resource_name, root, deploying=deploying).parse()
    if deploying:
        refuse_too_long(definitions_texts(root.attrs.get("id") or "", root.attrs.get("targetNamespace"), root.line),
                        INVALID_CMMN, resource_name)
        for spec in specs:
            refuse_too_long(case_texts(spec), INVALID_CMMN, resource_name)
    return specs


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


def _cmmn_children(node: Node) -> Iterator[Node]:
    return (child for child in node.children if child.ns == CMMN_NS)


def _events_of(kind: PlanItemKind) -> tuple[frozenset[str], str]:
    """The standard events of a kind of plan item, and what to call it in messages."""
    if kind is PlanItemKind.MILESTONE:
        return MILESTONE_EVENTS, "milestone"
    return TASK_EVENTS, "stage" if kind is PlanItemKind.STAGE else "task"


@dataclass
class _Scope:
    """A case plan model or stage while it is read: its definitions, plan items and sentries."""

    stage_id: str  # the plan item id of the stage, or the case plan model id
    node: Node
    parent: _Scope | None
    definitions: dict[str, Node] = field(default_factory=dict)
    plan_items: list[Node] = field(default_factory=list)
    sentries: dict[str, Node] = field(default_factory=dict)

    def find_definition(self, ref: str) -> Node | None:
        scope: _Scope | None = self
        while scope is not None:
            if ref in scope.definitions:
                return scope.definitions[ref]
            scope = scope.parent
        return None


class _Definitions:
    def __init__(self, resource: str, root: Node, *, deploying: bool) -> None:
        self.resource = resource
        self.root = root
        # At deployment (not when a stored resource is read again): refuse an invalid
        # camunda:historyTimeToLive.
        self.deploying = deploying

    def parse(self) -> list[CaseSpec]:
        root = self.root
        if root.ns == CMMN10_NS:
            raise self.invalid(root, "CMMN 1.0 files are not supported; save the file as CMMN 1.1")
        if root.ns != CMMN_NS or root.tag != "definitions":
            raise self.invalid(root, f"not a CMMN 1.1 file: the root element is {root.tag}, not definitions")
        self._check_unique_ids()
        cases: list[Node] = []
        for child in root.children:
            if child.ns == CAMUNDA_NS:
                raise self.unsupported(child, f"{_label(child)} is not supported here")
            if child.ns != CMMN_NS:
                continue  # the diagram (cmmndi) and other tools' content
            if child.tag == "case":
                cases.append(child)
            elif child.tag == "extensionElements":
                self.extensions(child, root, allowed=())
            elif child.tag in _IGNORED_TOP:
                continue
            elif child.tag in _UNSUPPORTED_TOP:
                raise self.unsupported(child, f"{_label(child)} is not supported ({_UNSUPPORTED_TOP[child.tag]})")
            else:
                raise self.unsupported(child, f"{_label(child)} is not supported")
        if not cases:
            raise self.invalid(root, "the file has no case")
        return [_Case(self, node).parse() for node in cases]

    def _check_unique_ids(self) -> None:
        seen: dict[str, Node] = {}
        for node in _walk(self.root):
            if node.ns != CMMN_NS:
                continue
            element_id = node.attrs.get("id")
            if element_id is None:
                continue
            if element_id in seen:
                raise self.invalid(node, f"duplicate id {element_id!r} (also used on line {seen[element_id].line})")
            seen[element_id] = node

    # errors
    def error(self, reason: str, node: Node, detail: str, element_id: str | None = None,
              **extra: object) -> InvalidArgument:
        return bpmn_error(
            reason, self.resource, node.line, detail, element=_qualified(node),
            element_id=element_id if element_id is not None else node.attrs.get("id"), **extra,
        )

    def invalid(self, node: Node, detail: str, element_id: str | None = None) -> InvalidArgument:
        return self.error(INVALID_CMMN, node, detail, element_id)

    def unsupported(self, node: Node, detail: str, element_id: str | None = None) -> InvalidArgument:
        return self.error(UNSUPPORTED_CMMN_ELEMENT, node, detail, element_id)

    # readers
    def boolean(self, node: Node, name: str, default: bool, ns: str | None = None) -> bool:
        raw = node.get(name, ns)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value not in ("true", "false"):
            label = f"camunda:{name}" if ns == CAMUNDA_NS else name
            raise self.invalid(node, f"{_label(node)}: {label} must be true or false, not {raw!r}")
        return value == "true"

    def expression(self, node: Node, text: str, attribute: str, owner: Node | None = None) -> Expression:
        owner = owner or node
        try:
            return compile_expression(text)
        except ExpressionError as error:
            raise self.error(
                INVALID_EXPRESSION, node,
                f"{_label(owner)}: invalid expression in {attribute} {text!r}: {error}",
                owner.attrs.get("id"), expression=text, position=error.position, attribute=attribute,
            ) from None

    def extensions(self, node: Node, owner: Node, allowed: tuple[str, ...]) -> list[Node]:
        """The camunda: children of an extensionElements node that ``owner`` may have; other
        camunda: extensions are refused, other tools' extensions ignored."""
        found = []
        for child in node.children:
            if child.ns != CAMUNDA_NS:
                continue
            if child.tag in allowed:
                found.append(child)
                continue
            if child.tag in ("caseExecutionListener", "taskListener", "variableListener", "executionListener"):
                detail = f"{_label(owner)}: camunda:{child.tag} is not supported (listeners would not run)"
            elif child.tag == "variableOnPart":
                detail = f"{_label(owner)}: camunda:variableOnPart belongs in a sentry's extensionElements"
            else:
                detail = f"{_label(owner)}: camunda:{child.tag} is not supported here"
            raise self.unsupported(child, detail, owner.attrs.get("id"))
        return found


class _Case:
    def __init__(self, d: _Definitions, node: Node) -> None:
        self.d = d
        self.node = node
        self.items: dict[str, PlanItem] = {}
        self.sentries: dict[str, Sentry] = {}
        self.position = 0
        self.stage_definitions_used: dict[str, str] = {}

    def parse(self) -> CaseSpec:
        node, d = self.node, self.d
        key = (node.attrs.get("id") or "").strip()
        if not key:
            raise d.invalid(node, "a case needs an id (its key)")
        self._check_id(node, key)
        self._camunda_attributes(node, "case")
        time_to_live = history_time_to_live(
            node.get("historyTimeToLive", CAMUNDA_NS), _label(node, key),
            partial(d.error, INVALID_CMMN, node) if d.deploying else None,
        )
        plan_models = []
        for child in _cmmn_children(node):
            tag = child.tag
            if tag == "casePlanModel":
                plan_models.append(child)
            elif tag in ("documentation", "caseRoles"):
                continue
            elif tag == "extensionElements":
                d.extensions(child, node, allowed=())
            elif tag == "caseFileModel":
                items = [c for c in _cmmn_children(child) if c.tag == "caseFileItem"]
                if items:
                    raise d.unsupported(items[0], f"{_label(items[0])} is not supported (case file items are "
                                        "not supported; use case variables)")
            elif tag in ("input", "output"):
                raise d.unsupported(child, f"{_label(child)}: case parameters are not supported "
                                    "(pass variables when creating the case instance)")
            else:
                raise d.unsupported(child, f"{_label(child)} is not supported")
        if len(plan_models) != 1:
            what = "has no casePlanModel" if not plan_models else "has more than one casePlanModel"
            raise d.invalid(node, f"{_label(node)} {what}")
        plan_model = plan_models[0]
        plan_model_id = (plan_model.attrs.get("id") or "").strip()
        if not plan_model_id:
            raise d.invalid(plan_model, "a casePlanModel needs an id")
        self._check_id(plan_model, plan_model_id)
        self._camunda_attributes(plan_model, "casePlanModel")
        scope = _Scope(plan_model_id, plan_model, None)
        exit_nodes = self._read_scope(scope, is_plan_model=True)
        children = self._plan_items(scope)
        exit_criteria = tuple(self._criterion(scope, c, plan_model) for c in exit_nodes)
        return CaseSpec(
            key=key,
            name=node.attrs.get("name"),
            plan_model_id=plan_model_id,
            plan_model_name=plan_model.attrs.get("name"),
            auto_complete=d.boolean(plan_model, "autoComplete", default=False),
            exit_criteria=exit_criteria,
            children=children,
            items=MappingProxyType(self.items),
            sentries=MappingProxyType(self.sentries),
            line=node.line,
            history_time_to_live=time_to_live,
            category=d.root.attrs.get("targetNamespace"),
        )

    # scopes ---------------------------------------------------------------------------------

    def _read_scope(self, scope: _Scope, *, is_plan_model: bool) -> list[Node]:
        """Sort the children of a case plan model or stage definition; returns the plan model's
        exit criteria."""
        d = self.d
        exits: list[Node] = []
        for child in scope.node.children:
            if child.ns == CAMUNDA_NS:
                raise d.unsupported(child, f"{_label(scope.node)}: {_label(child)} is not supported here")
            if child.ns != CMMN_NS:
                continue
            tag = child.tag
            if tag == "planItem":
                scope.plan_items.append(child)
            elif tag == "sentry":
                scope.sentries[child.attrs.get("id", "")] = child
            elif tag in _DEFINITION_KINDS:
                definition_id = (child.attrs.get("id") or "").strip()
                if not definition_id:
                    raise d.invalid(child, f"a {tag} needs an id")
                self._check_id(child, definition_id)
                scope.definitions[definition_id] = child
            elif tag in _UNSUPPORTED_DEFINITIONS:
                raise d.unsupported(child, f"{_label(child)} is not supported ({_UNSUPPORTED_DEFINITIONS[tag]})")
            elif tag == "exitCriterion" and is_plan_model:
                exits.append(child)
            elif tag == "entryCriterion" and is_plan_model:
                raise d.invalid(child, f"{_label(scope.node)}: a case plan model cannot have entry criteria")
            elif tag in ("exitCriterion", "entryCriterion"):
                raise d.invalid(child, f"{_label(scope.node)}: criteria of a stage belong on its planItem")
            elif tag in ("documentation", "defaultControl"):
                continue  # a stage's defaultControl is read with the plan item that uses it
            elif tag == "extensionElements":
                d.extensions(child, scope.node, allowed=())
            else:
                raise d.unsupported(child, f"{_label(scope.node)}: {_label(child)} is not supported")
        return exits

    def _plan_items(self, scope: _Scope) -> tuple[str, ...]:
        """Build the plan items of a scope (nested stages first, depth-first) and its sentries."""
        ids = []
        pending: list[tuple[Node, Node, PlanItemKind]] = []
        for node in scope.plan_items:
            item_id = (node.attrs.get("id") or "").strip()
            if not item_id:
                raise self.d.invalid(node, "a planItem needs an id")
            self._check_id(node, item_id)
            ref = (node.attrs.get("definitionRef") or "").strip()
            if not ref:
                raise self.d.invalid(node, f"{_label(node)} needs a definitionRef")
            definition = scope.find_definition(ref)
            if definition is None:
                raise self.d.invalid(
                    node, f"{_label(node)}: definitionRef {ref!r} names no plan item definition of its stage or "
                    "an enclosing one",
                )
            pending.append((node, definition, _DEFINITION_KINDS[definition.tag]))
            ids.append(item_id)
        kinds = {node.attrs["id"].strip(): kind for node, _, kind in pending}
        for sentry_id, sentry_node in scope.sentries.items():
            self.sentries[sentry_id] = self._sentry(scope, sentry_node, kinds)
        for node, definition, kind in pending:
            self._plan_item(scope, node, definition, kind)
        return tuple(ids)

    # plan items -----------------------------------------------------------------------------

    def _plan_item(self, scope: _Scope, node: Node, definition: Node, kind: PlanItemKind) -> None:
        d = self.d
        item_id = node.attrs["id"].strip()
        self._camunda_attributes(node, "planItem")
        self.position += 1
        fields: dict[str, object] = {
            "id": item_id, "kind": kind, "definition_id": definition.attrs["id"].strip(),
            "stage_id": scope.stage_id, "position": self.position, "line": node.line,
            "name": node.attrs.get("name") or definition.attrs.get("name"),
        }
        entries, exits = [], []
        item_control: Node | None = None
        for child in _cmmn_children(node):
            if child.tag == "entryCriterion":
                entries.append(self._criterion(scope, child, node))
            elif child.tag == "exitCriterion":
                if kind is PlanItemKind.MILESTONE:
                    raise d.invalid(child, f"{_label(node)}: a milestone cannot have exit criteria", item_id)
                exits.append(self._criterion(scope, child, node))
            elif child.tag == "itemControl":
                item_control = child
            elif child.tag == "documentation":
                continue
            elif child.tag == "extensionElements":
                d.extensions(child, node, allowed=())
            else:
                raise d.unsupported(child, f"{_label(node)}: {_label(child)} is not supported", item_id)
        fields["entry_criteria"] = tuple(entries)
        fields["exit_criteria"] = tuple(exits)
        default_control = next((c for c in _cmmn_children(definition) if c.tag == "defaultControl"), None)
        rules: dict[str, tuple[Node, Rule]] = {}
        for control in (default_control, item_control):  # the plan item's own control wins
            if control is not None:
                rules.update(self._controls(control, node, kind))
        fields["manual_activation"] = rules["manualActivationRule"][1] if "manualActivationRule" in rules else None
        fields["required"] = rules["requiredRule"][1] if "requiredRule" in rules else None
        if kind is PlanItemKind.STAGE:
            used_by = self.stage_definitions_used.get(fields["definition_id"])  # type: ignore[arg-type]
            if used_by is not None:
                raise d.unsupported(
                    node, f"{_label(node)}: stage {fields['definition_id']!r} is already used by plan item "
                    f"{used_by!r}; a stage can be planned once", item_id,
                )
            self.stage_definitions_used[fields["definition_id"]] = item_id  # type: ignore[index]
        fields.update(self._definition(definition, kind, node, scope))
        if "repetitionRule" in rules:
            rule_node, fields["repetition"] = rules["repetitionRule"]
            fields["repeat_on"] = self._repeat_on(rule_node, node, kind, fields)
        self.items[item_id] = PlanItem(**fields)  # type: ignore[arg-type]

    def _criterion(self, scope: _Scope, node: Node, owner: Node) -> str:
        d = self.d
        self._camunda_attributes(node, node.tag)
        ref = (node.attrs.get("sentryRef") or "").strip()
        if not ref:
            raise d.invalid(node, f"{_label(owner)}: {_label(node)} needs a sentryRef", owner.attrs.get("id"))
        if ref not in scope.sentries:
            raise d.invalid(
                node, f"{_label(owner)}: {_label(node)} refers to sentry {ref!r}, which is not a sentry of the same "
                "stage", owner.attrs.get("id"),
            )
        for child in _cmmn_children(node):
            if child.tag not in ("documentation", "extensionElements"):
                raise d.unsupported(child, f"{_label(node)}: {_label(child)} is not supported", owner.attrs.get("id"))
        return ref

    def _controls(self, control: Node, owner: Node, kind: PlanItemKind) -> dict[str, tuple[Node, Rule]]:
        d = self.d
        owner_id = owner.attrs.get("id")
        rules: dict[str, tuple[Node, Rule]] = {}
        for child in _cmmn_children(control):
            tag = child.tag
            if tag == "manualActivationRule" and kind is PlanItemKind.MILESTONE:
                raise d.invalid(child, f"{_label(owner)}: a milestone has no manual activation rule "
                                "(it occurs when its entry criteria hold)", owner_id)
            if tag in ("manualActivationRule", "requiredRule", "repetitionRule"):
                rules[tag] = (child, self._rule(child, owner))
            elif tag in ("documentation", "extensionElements"):
                continue
            else:
                raise d.unsupported(child, f"{_label(owner)}: {_label(child)} is not supported", owner_id)
        return rules

    def _repeat_on(self, rule: Node, owner: Node, kind: PlanItemKind, item: dict[str, object]) -> tuple[str, ...]:
        """The transitions of an instance that evaluate its repetition rule, as in the document's
        engine: leaving AVAILABLE when the item has entry criteria (camunda:repeatOnStandardEvent
        is then ignored), else the event camunda:repeatOnStandardEvent names, by default complete
        and terminate. Refused: what would repeat without end."""
        d = self.d
        owner_id = owner.attrs.get("id")
        self._camunda_attributes(rule, "repetitionRule")
        raw = (rule.get("repeatOnStandardEvent", CAMUNDA_NS) or "").strip()
        events, noun = _events_of(kind)
        if raw and raw not in events:
            raise d.invalid(rule, f"{_label(owner)}: camunda:repeatOnStandardEvent {raw!r} is not a standard event of "
                            f"a {noun} ({', '.join(sorted(events))})", owner_id)
        entry_criteria: tuple[str, ...] = item["entry_criteria"]  # type: ignore[assignment]
        if entry_criteria:
            for sentry_id in entry_criteria:
                if not (self.sentries[sentry_id].on_parts or self.sentries[sentry_id].variable_on_parts):
                    raise d.unsupported(
                        rule, f"{_label(owner)}: a repeatable plan item needs an on-part (or a variable on-part) in "
                        "each entry criterion; "
                        f"sentry {sentry_id!r} has only an if-part, which would hold again at once and repeat the "
                        "item without end", owner_id,
                    )
            return ENTRY_EVENTS
        if kind is PlanItemKind.MILESTONE:
            raise d.invalid(rule, f"{_label(owner)}: a milestone without entry criteria occurs as soon as it is "
                            "created; a repeatable milestone needs an entry criterion", owner_id)
        if raw and raw not in REPEAT_EVENTS:
            raise d.unsupported(
                rule, f"{_label(owner)}: camunda:repeatOnStandardEvent {raw!r} is not supported without entry "
                "criteria (the transition happens by itself as an instance is created, enters or exits, and would "
                "repeat the item without end); use one of " + ", ".join(sorted(REPEAT_EVENTS)), owner_id,
            )
        repeat_on = (raw,) if raw else DEFAULT_REPEAT_EVENTS
        at_once = kind is PlanItemKind.DECISION_TASK or not item.get("is_blocking", True)
        if at_once and item["manual_activation"] is None and "complete" in repeat_on:
            what = "a decision task" if kind is PlanItemKind.DECISION_TASK else "a non-blocking task"
            raise d.invalid(rule, f"{_label(owner)}: {what} completes as soon as it starts; repeating it on "
                            "completion without an entry criterion or a manual activation rule would never end",
                            owner_id)
        return repeat_on

    def _rule(self, node: Node, owner: Node) -> Rule:
        d = self.d
        if node.attrs.get("contextRef"):
            raise d.unsupported(node, f"{_label(owner)}: {node.tag} contextRef (case file items) is not supported",
                                owner.attrs.get("id"))
        conditions = [c for c in _cmmn_children(node) if c.tag == "condition"]
        for child in _cmmn_children(node):
            if child.tag not in ("condition", "documentation", "extensionElements"):
                raise d.unsupported(child, f"{_label(owner)}: {_label(child)} is not supported", owner.attrs.get("id"))
        if len(conditions) > 1:
            raise d.invalid(conditions[1], f"{_label(owner)}: a {node.tag} has at most one condition",
                            owner.attrs.get("id"))
        if not conditions:
            return Rule(None)
        return Rule(self._condition(conditions[0], owner, node.tag))

    def _condition(self, node: Node, owner: Node, what: str) -> Expression:
        d = self.d
        owner_id = owner.attrs.get("id")
        language = node.attrs.get("language")
        if language is not None and language.strip():
            raise d.unsupported(node, f"{_label(owner)}: script conditions (language={language!r}) are not "
                                "supported", owner_id)
        bodies = [c for c in _cmmn_children(node) if c.tag == "body"]
        text = (bodies[0].text if bodies else node.text).strip()
        if not text:
            raise d.invalid(node, f"{_label(owner)}: the condition of the {what} is empty", owner_id)
        expression = d.expression(node, text, f"{what} condition", owner)
        if expression.is_constant or expression.is_composite:
            raise d.error(
                INVALID_EXPRESSION, node,
                f"{_label(owner)}: a {what} condition must be a single ${{…}} expression, not {text!r}",
                owner_id, expression=text, position=1, attribute=f"{what} condition",
            )
        return expression

    # sentries -------------------------------------------------------------------------------

    def _sentry(self, scope: _Scope, node: Node, kinds: dict[str, PlanItemKind]) -> Sentry:
        d = self.d
        sentry_id = (node.attrs.get("id") or "").strip()
        if not sentry_id:
            raise d.invalid(node, "a sentry needs an id")
        self._check_id(node, sentry_id)
        self._camunda_attributes(node, "sentry")
        on_parts: list[OnPart] = []
        variable_on_parts: list[VariableOnPart] = []
        if_parts: list[Node] = []
        for child in node.children:
            if child.ns == CAMUNDA_NS:
                raise d.unsupported(child, f"{_label(node)}: {_label(child)} is not supported", sentry_id)
            if child.ns != CMMN_NS:
                continue
            if child.tag == "planItemOnPart":
                on_parts.append(self._on_part(child, node, scope, kinds))
            elif child.tag == "caseFileItemOnPart":
                raise d.unsupported(child, f"{_label(node)}: case file item on-parts are not supported", sentry_id)
            elif child.tag == "ifPart":
                if_parts.append(child)
            elif child.tag == "documentation":
                continue
            elif child.tag == "extensionElements":
                variable_on_parts += (self._variable_on_part(part, node)
                                      for part in d.extensions(child, node, allowed=("variableOnPart",)))
            else:
                raise d.unsupported(child, f"{_label(node)}: {_label(child)} is not supported", sentry_id)
        if len(if_parts) > 1:
            raise d.invalid(if_parts[1], f"{_label(node)} has more than one ifPart", sentry_id)
        condition = None
        if if_parts:
            if_part = if_parts[0]
            if if_part.attrs.get("contextRef"):
                raise d.unsupported(if_part, f"{_label(node)}: ifPart contextRef (case file items) is not supported",
                                    sentry_id)
            conditions = [c for c in _cmmn_children(if_part) if c.tag == "condition"]
            for child in _cmmn_children(if_part):
                if child.tag not in ("condition", "documentation", "extensionElements"):
                    raise d.unsupported(child, f"{_label(node)}: {_label(child)} is not supported", sentry_id)
            if len(conditions) != 1:
                raise d.invalid(if_part, f"{_label(node)}: an ifPart needs exactly one condition", sentry_id)
            condition = self._condition(conditions[0], node, "ifPart")
        if not on_parts and not variable_on_parts and condition is None:
            raise d.invalid(node, f"{_label(node)} has neither an on-part nor an if-part and would never be "
                            "satisfied", sentry_id)
        return Sentry(id=sentry_id, stage_id=scope.stage_id, on_parts=tuple(on_parts), condition=condition,
                      line=node.line, variable_on_parts=tuple(variable_on_parts))

    def _variable_on_part(self, node: Node, sentry: Node) -> VariableOnPart:
        """camunda:variableOnPart: a variableName and one camunda:variableEvent."""
        d = self.d
        sentry_id = sentry.attrs.get("id")
        name = (node.get("variableName") or node.get("variableName", CAMUNDA_NS) or "").strip()
        if not name:
            raise d.invalid(node, f"{_label(sentry)}: a camunda:variableOnPart needs a variableName", sentry_id)
        events = []
        for child in node.children:
            if child.ns == CAMUNDA_NS and child.tag == "variableEvent":
                events.append(child)
            elif child.ns == CAMUNDA_NS:
                raise d.unsupported(child, f"{_label(sentry)}: {_label(child)} is not supported in a "
                                    "camunda:variableOnPart", sentry_id)
        if len(events) != 1:
            raise d.invalid(node, f"{_label(sentry)}: a camunda:variableOnPart needs exactly one "
                            "camunda:variableEvent", sentry_id)
        event = events[0].text.strip()
        if event not in VARIABLE_EVENTS:
            raise d.invalid(events[0], f"{_label(sentry)}: camunda:variableEvent {event!r} is not one of "
                            f"{', '.join(VARIABLE_EVENTS)}", sentry_id)
        return VariableOnPart(name=name, event=event, line=node.line)

    def _on_part(self, node: Node, sentry: Node, scope: _Scope, kinds: dict[str, PlanItemKind]) -> OnPart:
        d = self.d
        sentry_id = sentry.attrs.get("id")
        if node.attrs.get("sentryRef"):
            raise d.unsupported(node, f"{_label(sentry)}: an on-part with a sentryRef (exit of another sentry) is "
                                "not supported; name the plan item in sourceRef", sentry_id)
        source = (node.attrs.get("sourceRef") or "").strip()
        if not source:
            raise d.invalid(node, f"{_label(sentry)}: a planItemOnPart needs a sourceRef", sentry_id)
        kind = kinds.get(source)
        if kind is None:
            raise d.invalid(node, f"{_label(sentry)}: sourceRef {source!r} names no plan item of the sentry's "
                            "stage", sentry_id)
        events = [c for c in _cmmn_children(node) if c.tag == "standardEvent"]
        for child in _cmmn_children(node):
            if child.tag not in ("standardEvent", "documentation", "extensionElements"):
                raise d.unsupported(child, f"{_label(sentry)}: {_label(child)} is not supported", sentry_id)
        if len(events) != 1:
            raise d.invalid(node, f"{_label(sentry)}: a planItemOnPart needs exactly one standardEvent", sentry_id)
        event = events[0].text.strip()
        allowed, noun = _events_of(kind)
        if event not in allowed:
            if event in UNSUPPORTED_EVENTS:
                raise d.unsupported(events[0], f"{_label(sentry)}: the standard event {event!r} is not supported "
                                    f"(the lifecycle here has no such transition)", sentry_id)
            raise d.invalid(events[0], f"{_label(sentry)}: {event!r} is not a standard event of a {noun}; use one of "
                            + ", ".join(sorted(allowed)), sentry_id)
        return OnPart(source=source, event=event, line=node.line)

    # definitions ----------------------------------------------------------------------------

    def _definition(self, node: Node, kind: PlanItemKind, plan_item: Node, scope: _Scope) -> dict[str, object]:
        d = self.d
        tag = node.tag
        self._camunda_attributes(node, tag)
        fields: dict[str, object] = {}
        extension_nodes: list[Node] = []
        allowed_ext = ("in", "out") if kind in (PlanItemKind.PROCESS_TASK, PlanItemKind.CASE_TASK) else ()
        if kind is not PlanItemKind.STAGE:
            for child in _cmmn_children(node):
                if child.tag in ("documentation", "defaultControl"):
                    continue
                if child.tag == "extensionElements":
                    extension_nodes += d.extensions(child, node, allowed=allowed_ext)
                elif child.tag == "parameterMapping":
                    raise d.unsupported(child, f"{_label(node)}: parameter mappings are not supported (use "
                                        "camunda:in and camunda:out)")
                elif child.tag in ("processRefExpression", "caseRefExpression", "decisionRefExpression"):
                    raise d.unsupported(child, f"{_label(node)}: {child.tag} is not supported (write an "
                                        "expression in the attribute instead)", node.attrs.get("id"))
                elif child.tag in ("inputs", "outputs", "input", "output"):
                    raise d.unsupported(child, f"{_label(node)}: task parameters are not supported (use "
                                        "camunda:in and camunda:out)")
                elif child.tag in _UNSUPPORTED_DEFINITIONS:
                    raise d.unsupported(child, f"{_label(child)} is not supported ({_UNSUPPORTED_DEFINITIONS[child.tag]})")
                else:
                    raise d.unsupported(child, f"{_label(node)}: {_label(child)} is not supported")
        if kind.is_task:
            blocking = d.boolean(node, "isBlocking", default=True)
            if kind is PlanItemKind.HUMAN_TASK and not blocking:
                raise d.unsupported(node, f"{_label(node)}: non-blocking human tasks are not supported")
            # A decision task is always blocking (as in the document's engine, which ignores isBlocking).
            fields["is_blocking"] = blocking or kind is PlanItemKind.DECISION_TASK
        if kind is PlanItemKind.HUMAN_TASK:
            if node.attrs.get("performerRef"):
                raise d.unsupported(node, f"{_label(node)}: performerRef (case roles) is not supported; use "
                                    "camunda:assignee")
            for attribute, name in (("assignee", "assignee"), ("candidateUsers", "candidate_users"),
                                    ("candidateGroups", "candidate_groups"), ("dueDate", "due_date"),
                                    ("followUpDate", "follow_up_date"), ("priority", "priority")):
                raw = node.get(attribute, CAMUNDA_NS)
                if raw is not None and raw.strip():
                    fields[name] = d.expression(node, raw.strip(), f"camunda:{attribute}")
            form_key = node.get("formKey", CAMUNDA_NS)
            if form_key is not None and form_key.strip():
                fields["form_key"] = form_key.strip()
        elif kind in (PlanItemKind.PROCESS_TASK, PlanItemKind.CASE_TASK):
            fields["call"] = self._call(node, kind, extension_nodes)
        elif kind is PlanItemKind.DECISION_TASK:
            fields.update(self._decision(node))
        elif kind is PlanItemKind.STAGE:
            stage_scope = _Scope(plan_item.attrs["id"].strip(), node, scope)
            self._read_scope(stage_scope, is_plan_model=False)
            fields["children"] = self._plan_items(stage_scope)
            fields["auto_complete"] = d.boolean(node, "autoComplete", default=False)
        return fields

    def _call(self, node: Node, kind: PlanItemKind, extension_nodes: list[Node]) -> CallTarget:
        d = self.d
        noun = "process" if kind is PlanItemKind.PROCESS_TASK else "case"
        ref_attribute = f"{noun}Ref"
        ref = (node.attrs.get(ref_attribute) or "").strip()
        if not ref:
            raise d.invalid(node, f"{_label(node)} needs a {ref_attribute} (the {noun} definition key)")
        binding = (node.get(f"{noun}Binding", CAMUNDA_NS) or "latest").strip()
        if binding not in _BINDINGS:
            raise d.invalid(node, f"{_label(node)}: camunda:{noun}Binding must be one of {', '.join(_BINDINGS)}, "
                            f"not {binding!r}")
        version_raw = node.get(f"{noun}Version", CAMUNDA_NS)
        version = None
        if binding == "version":
            if version_raw is None or not version_raw.strip():
                raise d.invalid(node, f"{_label(node)}: camunda:{noun}Binding=\"version\" needs camunda:{noun}Version")
            text = version_raw.strip()
            version = d.expression(node, text, f"camunda:{noun}Version")
            if version.is_constant and not (_INTEGER.fullmatch(text) and int(text) > 0):
                raise d.invalid(node, f"{_label(node)}: camunda:{noun}Version must be a positive integer or an "
                                f"expression, not {text!r}")
        elif version_raw is not None:
            raise d.invalid(node, f"{_label(node)}: camunda:{noun}Version is only allowed with "
                            f"camunda:{noun}Binding=\"version\"")
        tenant_raw = node.get(f"{noun}TenantId", CAMUNDA_NS)
        tenant = d.expression(node, tenant_raw.strip(), f"camunda:{noun}TenantId") if tenant_raw else None
        ins, outs = [], []
        for child in extension_nodes:
            (ins if child.tag == "in" else outs).append(self._mapping(child, node))
        return CallTarget(
            key=d.expression(node, ref, ref_attribute), binding=binding, version=version, tenant_id=tenant,
            is_blocking=d.boolean(node, "isBlocking", default=True), in_mappings=tuple(ins), out_mappings=tuple(outs),
        )

    def _decision(self, node: Node) -> dict[str, object]:
        """A decision task's decision (decisionRef, an expression allowed), bound as the BPMN
        business rule task's: camunda:decisionBinding latest, deployment, version
        (camunda:decisionVersion) or versionTag (camunda:decisionVersionTag), of the case
        definition's tenant or camunda:decisionTenantId's; its result mapped
        (camunda:mapDecisionResult) into camunda:resultVariable."""
        d = self.d
        ref = (node.attrs.get("decisionRef") or "").strip()
        if not ref:
            raise d.invalid(node, f"{_label(node)} needs a decisionRef (the decision definition key)")
        binding = (node.get("decisionBinding", CAMUNDA_NS) or "latest").strip()
        if binding not in DECISION_BINDINGS:
            raise d.invalid(node, f"{_label(node)}: camunda:decisionBinding must be one of "
                            f"{', '.join(DECISION_BINDINGS)}, not {binding!r}")
        version, tag = None, None
        version_raw, tag_raw = node.get("decisionVersion", CAMUNDA_NS), node.get("decisionVersionTag", CAMUNDA_NS)
        if binding == "version":
            text = (version_raw or "").strip()
            if not (_INTEGER.fullmatch(text) and int(text) > 0):
                raise d.invalid(node, f"{_label(node)}: camunda:decisionBinding=\"version\" needs a "
                                f"camunda:decisionVersion that is a positive integer, not {text!r}")
            version = int(text)
        elif version_raw is not None:
            raise d.invalid(node, f"{_label(node)}: camunda:decisionVersion is only allowed with "
                            "camunda:decisionBinding=\"version\"")
        if binding == "versionTag":
            tag = (tag_raw or "").strip()
            if not tag:
                raise d.invalid(node, f"{_label(node)}: camunda:decisionBinding=\"versionTag\" needs a "
                                "camunda:decisionVersionTag")
        elif tag_raw is not None:
            raise d.invalid(node, f"{_label(node)}: camunda:decisionVersionTag is only allowed with "
                            "camunda:decisionBinding=\"versionTag\"")
        tenant_raw = (node.get("decisionTenantId", CAMUNDA_NS) or "").strip()
        result_variable = (node.get("resultVariable", CAMUNDA_NS) or "").strip() or None
        if result_variable is not None and len(result_variable) > MAX_NAME:
            raise d.invalid(node, f"{_label(node)}: camunda:resultVariable is longer than {MAX_NAME} characters")
        mapping = (node.get("mapDecisionResult", CAMUNDA_NS) or "resultList").strip()
        if mapping not in DECISION_RESULT_MAPPINGS:
            raise d.invalid(node, f"{_label(node)}: camunda:mapDecisionResult must be one of "
                            f"{', '.join(DECISION_RESULT_MAPPINGS)}, not {mapping!r}")
        return {
            "decision_ref": d.expression(node, ref, "decisionRef"),
            "decision_tenant_id": d.expression(node, tenant_raw, "camunda:decisionTenantId") if tenant_raw else None,
            "decision": DecisionCall(binding, version, tag, result_variable, mapping),
        }

    def _mapping(self, node: Node, owner: Node) -> VariableMapping:
        d = self.d
        owner_id = owner.attrs.get("id")
        label = f"{_label(owner)}: camunda:{node.tag}"
        local = d.boolean(node, "local", default=False)
        if local and node.tag == "out":
            raise d.invalid(node, f"{label}: local is only allowed on camunda:in", owner_id)
        return variable_mapping(
            node, label,
            local=local,
            invalid=lambda detail: d.invalid(node, detail, owner_id),
            unsupported=lambda detail: d.unsupported(node, detail, owner_id),
            expression=lambda text, attribute: d.expression(node, text, attribute, owner),
        )

    # checks ---------------------------------------------------------------------------------

    def _camunda_attributes(self, node: Node, what: str) -> None:
        allowed = _CAMUNDA_ATTRIBUTES.get(what, frozenset())
        for name in node.attrs:
            ns, _, local = name.rpartition(" ")
            if ns != CAMUNDA_NS or local in allowed:
                continue
            hint = _UNSUPPORTED_CAMUNDA_HINTS.get(local, "")
            raise self.d.unsupported(
                node, f"{_label(node)}: camunda:{local} is not supported" + (f" ({hint})" if hint else ""),
            )

    def _check_id(self, node: Node, element_id: str) -> None:
        if len(element_id) > MAX_ID_LENGTH:
            raise self.d.invalid(node, f"{node.tag} id {element_id[:40]!r}… is longer than {MAX_ID_LENGTH} characters")
