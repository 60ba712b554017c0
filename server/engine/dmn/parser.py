"""DMN files (1.1, 1.2 and 1.3, as Camunda Modeler saves them) -> immutable DecisionSpecs.

Every decision with a decision table or a literal expression becomes a spec; everything the
engine would not evaluate is refused with InvalidArgument naming the element, its id and its
line: other decision logic (contexts, invocations, relations, lists, functions), business
knowledge models and decision services, item definitions, hit policies PRIORITY and OUTPUT ORDER,
expression languages other than FEEL and JUEL, types other than string, integer, long, double,
boolean and date, malformed expressions and unary tests, required decisions that are not in the
file, and cycles of requirements. Without runtime meaning (ignored): diagrams (DMNDI), input data
and knowledge sources with their requirements, descriptions, input and output values (allowed
values are not checked), annotations.

Reasons: DMN_PARSE_ERROR (not well-formed or refused XML), UNSUPPORTED_DMN_ELEMENT, INVALID_DMN,
INVALID_EXPRESSION."""

from __future__ import annotations

from typing import Any, Callable

from server.engine.bpmn.parser import MAX_ID_LENGTH, bpmn_error, history_time_to_live
from server.engine.bpmn.xmltree import Node, XmlError, parse_xml
from server.engine.dmn import feel
from server.engine.dmn.spec import (
    AGGREGATIONS,
    HIT_POLICIES,
    INPUT_VARIABLE,
    TYPE_REFS,
    Compiled,
    DecisionSpec,
    DecisionTable,
    DmnFile,
    Input,
    LiteralExpression,
    Output,
    RequirementsSpec,
    Rule,
    Test,
)
from server.engine.expr import EvaluationError, ExpressionError, compile_expression
from server.errors import InvalidArgument

DMN_NAMESPACES = frozenset({
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd",  # DMN 1.1
    "http://www.omg.org/spec/DMN/20180521/MODEL/",  # DMN 1.2
    "https://www.omg.org/spec/DMN/20191111/MODEL/",  # DMN 1.3
})
CAMUNDA_NS = "http://camunda.org/schema/1.0/dmn"

DMN_PARSE_ERROR = "DMN_PARSE_ERROR"
UNSUPPORTED_DMN_ELEMENT = "UNSUPPORTED_DMN_ELEMENT"
INVALID_DMN = "INVALID_DMN"
INVALID_EXPRESSION = "INVALID_EXPRESSION"

MAX_TEXT = 255  # decision names and version tags: the definition row's columns

_FEEL = frozenset({
    "feel", "http://www.omg.org/spec/feel/20140401", "http://www.omg.org/spec/dmn/20180521/feel/",
    "https://www.omg.org/spec/dmn/20191111/feel/",
})
_JUEL = frozenset({"juel"})
# Children of <definitions> without runtime meaning here.
_IGNORED_IN_DEFINITIONS = frozenset({"description", "extensionElements", "inputData", "knowledgeSource",
                                     "textAnnotation", "association", "import"})
_UNSUPPORTED_IN_DEFINITIONS = {
    "businessKnowledgeModel": "business knowledge models are not evaluated",
    "decisionService": "decision services are not evaluated",
    "itemDefinition": "item definitions are not supported; use a typeRef of string, integer, long, double, "
                      "boolean or date",
    "group": "",
    "elementCollection": "",
    "performanceIndicator": "",
    "organizationUnit": "",
}
_IGNORED_IN_DECISION = frozenset({"description", "question", "allowedAnswers", "extensionElements",
                                  "authorityRequirement", "supportedObjective", "impactedPerformanceIndicator",
                                  "decisionMaker", "decisionOwner", "usingProcess", "usingTask"})
_OTHER_LOGIC = frozenset({"context", "invocation", "relation", "list", "functionDefinition", "conditional",
                          "filter", "for", "every", "some", "iterator"})


def parse_dmn(data: bytes, resource_name: str, *, deploying: bool = True) -> list[DecisionSpec]:
    """One spec per decision of the file, in document order. Raises InvalidArgument (reason
    DMN_PARSE_ERROR, UNSUPPORTED_DMN_ELEMENT, INVALID_DMN or INVALID_EXPRESSION) with metadata
    resource, element, element_id and line, as the BPMN parser's. With ``deploying``, an invalid
    camunda:historyTimeToLive is refused (a stored resource read again keeps None)."""
    return list(parse_dmn_file(data, resource_name, deploying=deploying).decisions)


def parse_dmn_file(data: bytes, resource_name: str, *, deploying: bool = True) -> DmnFile:
    """The file's decisions (as ``parse_dmn``) and its decision requirements graph. With
    ``deploying``, a file of more than one decision (which deploys as a decision requirements
    definition) needs an id on ``<definitions>`` (its key, at most 255 characters), and its name
    and namespace must fit their columns (255 characters): INVALID_DMN."""
    try:
        root = parse_xml(data)
    except XmlError as error:
        raise bpmn_error(DMN_PARSE_ERROR, resource_name, error.line, f"{error.message} (column {error.column})"
                         if error.column else error.message, column=error.column or None) from None
    definitions = _Definitions(resource_name, root, deploying)
    decisions = tuple(definitions.parse())
    return DmnFile(definitions.requirements(len(decisions) > 1), decisions)


def _label(node: Node) -> str:
    element_id = node.attrs.get("id")
    tag = f"camunda:{node.tag}" if node.ns == CAMUNDA_NS else node.tag
    return f"{tag} {element_id!r}" if element_id else tag


def _text_of(node: Node, ns: str) -> str | None:
    """The text of the ``<text>`` child of an expression element (None: it has none)."""
    for child in node.children:
        if child.ns == ns and child.tag == "text":
            return child.text
    return None


class _Definitions:
    def __init__(self, resource: str, root: Node, deploying: bool) -> None:
        self.resource = resource
        self.root = root
        self.deploying = deploying
        self.ns = root.ns
        self.language = "feel"

    def error(self, reason: str, node: Node, detail: str, element_id: str | None = None, **extra: object
              ) -> InvalidArgument:
        tag = f"camunda:{node.tag}" if node.ns == CAMUNDA_NS else node.tag
        return bpmn_error(reason, self.resource, node.line, detail, element=tag,
                          element_id=element_id if element_id is not None else node.attrs.get("id"), **extra)

    def invalid(self, node: Node, detail: str, element_id: str | None = None) -> InvalidArgument:
        return self.error(INVALID_DMN, node, detail, element_id)

    def unsupported(self, node: Node, detail: str, element_id: str | None = None) -> InvalidArgument:
        return self.error(UNSUPPORTED_DMN_ELEMENT, node, detail, element_id)

    def parse(self) -> list[DecisionSpec]:
        root = self.root
        if root.ns not in DMN_NAMESPACES or root.tag != "definitions":
            raise self.invalid(root, f"not a DMN 1.1, 1.2 or 1.3 file: the root element is {root.tag} in namespace "
                               f"{root.ns or '(none)'}")
        self.language = self._language(root, root.attrs.get("expressionLanguage"), "feel")
        decisions: dict[str, Node] = {}
        for child in root.children:
            if child.ns != self.ns or child.tag in _IGNORED_IN_DEFINITIONS:
                continue
            if child.tag in _UNSUPPORTED_IN_DEFINITIONS:
                hint = _UNSUPPORTED_IN_DEFINITIONS[child.tag]
                raise self.unsupported(child, f"{_label(child)} is not supported" + (f": {hint}" if hint else ""))
            if child.tag != "decision":
                raise self.unsupported(child, f"{_label(child)} is not supported")
            decision_id = (child.attrs.get("id") or "").strip()
            if not decision_id:
                raise self.invalid(child, "a decision needs an id (its key)")
            if len(decision_id) > MAX_ID_LENGTH:
                raise self.invalid(child, f"decision id {decision_id[:40]!r}… is longer than {MAX_ID_LENGTH} characters")
            if decision_id in decisions:
                raise self.invalid(child, f"duplicate decision id {decision_id!r} (also used on line "
                                   f"{decisions[decision_id].line})")
            decisions[decision_id] = child
        if not decisions:
            raise self.invalid(root, "the file has no decision")
        requirements = {key: self._requirements(node, decisions) for key, node in decisions.items()}
        self._refuse_cycles(decisions, requirements)
        built: dict[str, DecisionSpec] = {}

        def build(key: str) -> DecisionSpec:
            if key not in built:
                required = tuple(build(r) for r in requirements[key])
                built[key] = self._decision(decisions[key], required)
            return built[key]

        return [build(key) for key in decisions]

    def requirements(self, deployed: bool) -> RequirementsSpec:
        """The decision requirements graph of ``<definitions>``; ``deployed``: whether it becomes
        a decision requirements definition (checked then, when deploying)."""
        root = self.root
        key = (root.attrs.get("id") or "").strip() or None
        name, category = root.attrs.get("name"), root.attrs.get("namespace")
        if deployed and self.deploying:
            if key is None:
                raise self.invalid(root, "a DMN file of more than one decision needs an id on <definitions>: the key "
                                   "of its decision requirements definition")
            if len(key) > MAX_ID_LENGTH:
                raise self.invalid(root, f"definitions id {key[:40]!r}… is longer than {MAX_ID_LENGTH} characters")
            for attribute, value in (("name", name), ("namespace", category)):
                if value is not None and len(value) > MAX_TEXT:
                    raise self.invalid(root, f"{_label(root)}: its {attribute} is longer than {MAX_TEXT} characters")
        return RequirementsSpec(key, name, category)

    def _language(self, node: Node, raw: str | None, default: str, key: str | None = None) -> str:
        if raw is None or not raw.strip():
            return default
        value = raw.strip().lower()
        if value in _FEEL:
            return "feel"
        if value in _JUEL:
            return "juel"
        raise self.unsupported(node, f"{_label(node)}: expression language {raw!r} is not supported (use FEEL, or "
                               "juel for ${…} expressions)", key)

    def _requirements(self, decision: Node, decisions: dict[str, Node]) -> list[str]:
        required: list[str] = []
        for child in decision.children:
            if child.ns != self.ns:
                continue
            if child.tag == "knowledgeRequirement":
                raise self.unsupported(child, f"{_label(decision)}: knowledge requirements (business knowledge "
                                       "models) are not evaluated", decision.attrs.get("id"))
            if child.tag != "informationRequirement":
                continue
            for requirement in child.children:
                if requirement.ns != self.ns or requirement.tag != "requiredDecision":
                    continue  # requiredInput: input data, which the variables give
                href = (requirement.attrs.get("href") or "").strip()
                key = href.removeprefix("#")
                if not key.strip() or key not in decisions:
                    raise self.invalid(requirement, f"{_label(decision)} requires decision {href!r}, which is not in "
                                       "this file", decision.attrs.get("id"))
                if key not in required:
                    required.append(key)
        return required

    def _refuse_cycles(self, decisions: dict[str, Node], requirements: dict[str, list[str]]) -> None:
        state: dict[str, int] = {}  # 1 visiting, 2 done

        def visit(key: str, path: list[str]) -> None:
            if state.get(key) == 2:
                return
            if state.get(key) == 1:
                cycle = path[path.index(key):] + [key]
                raise self.invalid(decisions[key], f"decision {key!r} requires itself: "
                                   + " -> ".join(cycle))
            state[key] = 1
            for required in requirements[key]:
                visit(required, path + [key])
            state[key] = 2

        for key in decisions:
            visit(key, [])

    def _decision(self, node: Node, required: tuple[DecisionSpec, ...]) -> DecisionSpec:
        key = node.attrs["id"].strip()
        name = node.attrs.get("name")
        if name is not None and len(name) > MAX_TEXT:
            raise self.invalid(node, f"{_label(node)}: its name is longer than {MAX_TEXT} characters")
        version_tag = node.get("versionTag", CAMUNDA_NS)
        if version_tag is not None and len(version_tag) > MAX_TEXT:
            raise self.invalid(node, f"{_label(node)}: camunda:versionTag is longer than {MAX_TEXT} characters")
        ttl = history_time_to_live(
            node.get("historyTimeToLive", CAMUNDA_NS), _label(node),
            (lambda detail, **extra: self.error(INVALID_DMN, node, detail, **extra)) if self.deploying else None)
        for attribute in node.attrs:
            ns, _, local = attribute.rpartition(" ")
            if ns == CAMUNDA_NS and local not in ("versionTag", "historyTimeToLive"):
                raise self.unsupported(node, f"{_label(node)}: camunda:{local} is not supported")
        table: DecisionTable | None = None
        literal: LiteralExpression | None = None
        logic: Node | None = None
        for child in node.children:
            if child.ns != self.ns or child.tag in _IGNORED_IN_DECISION or child.tag in (
                    "informationRequirement", "variable"):
                continue
            if child.tag in ("decisionTable", "literalExpression"):
                if logic is not None:
                    raise self.invalid(child, f"{_label(node)} has more than one decision logic (also on line "
                                       f"{logic.line})", key)
                logic = child
                if child.tag == "decisionTable":
                    table = self._table(child, key)
                else:
                    literal = self._literal(node, child, key)
            elif child.tag in _OTHER_LOGIC:
                raise self.unsupported(child, f"{_label(node)}: a {child.tag} is not evaluated; only decision tables "
                                       "and literal expressions are", key)
            else:
                raise self.unsupported(child, f"{_label(node)}: {child.tag} is not supported", key)
        if logic is None:
            raise self.invalid(node, f"{_label(node)} has neither a decision table nor a literal expression")
        return DecisionSpec(key=key, name=name, line=node.line, version_tag=version_tag, history_time_to_live=ttl,
                            table=table, literal=literal, required=required)

    # -- decision tables ---------------------------------------------------------------------

    def _table(self, node: Node, key: str) -> DecisionTable:
        raw_policy = node.attrs.get("hitPolicy", "UNIQUE").strip() or "UNIQUE"
        policy = " ".join(raw_policy.upper().split())
        if policy in ("PRIORITY", "OUTPUT ORDER"):
            raise self.unsupported(node, f"decision {key!r}: hit policy {raw_policy} is not supported (Camunda 7 "
                                   "evaluates UNIQUE, FIRST, ANY, RULE ORDER and COLLECT)", key)
        if policy not in HIT_POLICIES:
            raise self.invalid(node, f"decision {key!r}: unknown hit policy {raw_policy!r}", key)
        aggregation = node.attrs.get("aggregation")
        if aggregation is not None:
            aggregation = aggregation.strip().upper()
            if policy != "COLLECT":
                raise self.invalid(node, f"decision {key!r}: an aggregation belongs to the COLLECT hit policy, not "
                                   f"{policy}", key)
            if aggregation not in AGGREGATIONS:
                raise self.invalid(node, f"decision {key!r}: unknown aggregation {aggregation!r} (use SUM, MIN, MAX "
                                   "or COUNT)", key)
        inputs: list[Input] = []
        outputs: list[Output] = []
        rules: list[Node] = []
        for child in node.children:
            if child.ns != self.ns:
                continue
            if child.tag == "input":
                inputs.append(self._input(child, key))
            elif child.tag == "output":
                outputs.append(self._output(child, key))
            elif child.tag == "rule":
                rules.append(child)
            elif child.tag not in ("description", "extensionElements", "annotation"):
                raise self.unsupported(child, f"decision {key!r}: {child.tag} in a decision table is not supported",
                                       key)
        if not outputs:
            raise self.invalid(node, f"decision {key!r}: a decision table needs at least one output", key)
        names: dict[str, Output] = {}
        for output, child in zip(outputs, (c for c in node.children if c.ns == self.ns and c.tag == "output")):
            if output.name in names:
                raise self.invalid(child, f"decision {key!r}: two outputs are named {output.name!r}", key)
            names[output.name] = output
        if aggregation is not None and len(outputs) > 1:
            raise self.invalid(node, f"decision {key!r}: COLLECT with the aggregation {aggregation} needs exactly one "
                               f"output, not {len(outputs)}", key)
        return DecisionTable(policy, aggregation, tuple(inputs), tuple(outputs),
                             tuple(self._rule(r, key, inputs, outputs) for r in rules))

    def _input(self, node: Node, key: str) -> Input:
        input_id = node.attrs.get("id") or ""
        expression_node = next((c for c in node.children if c.ns == self.ns and c.tag == "inputExpression"), None)
        if expression_node is None:
            raise self.invalid(node, f"decision {key!r}: input {input_id!r} has no inputExpression", key)
        text = (_text_of(expression_node, self.ns) or "").strip()
        if not text:
            raise self.invalid(expression_node, f"decision {key!r}: input {input_id!r} has an empty inputExpression",
                               key)
        variable = (node.get("inputVariable", CAMUNDA_NS) or "").strip() or INPUT_VARIABLE
        return Input(id=input_id, label=node.attrs.get("label"),
                     expression=self._compiled(expression_node, text, key, f"input {input_id!r}"),
                     type_ref=self._type_ref(expression_node, key), variable=variable)

    def _output(self, node: Node, key: str) -> Output:
        output_id = node.attrs.get("id") or ""
        name = (node.attrs.get("name") or "").strip()
        if not name:
            raise self.invalid(node, f"decision {key!r}: output {output_id!r} needs a name (the name of its value "
                               "in the result)", key)
        return Output(id=output_id, name=name, label=node.attrs.get("label"), type_ref=self._type_ref(node, key))

    def _type_ref(self, node: Node, key: str) -> str | None:
        raw = node.attrs.get("typeRef")
        if raw is None or not raw.strip():
            return None
        value = raw.strip()
        if value.lower() not in TYPE_REFS:
            raise self.unsupported(node, f"decision {key!r}: typeRef {raw!r} is not supported (use string, integer, "
                                   "long, double, boolean or date)", key)
        return TYPE_REFS[value.lower()]

    def _rule(self, node: Node, key: str, inputs: list[Input], outputs: list[Output]) -> Rule:
        rule_id = node.attrs.get("id") or ""
        entries = [c for c in node.children if c.ns == self.ns and c.tag in ("inputEntry", "outputEntry")]
        input_entries = [c for c in entries if c.tag == "inputEntry"]
        output_entries = [c for c in entries if c.tag == "outputEntry"]
        if len(input_entries) != len(inputs) or len(output_entries) != len(outputs):
            raise self.invalid(node, f"decision {key!r}: rule {rule_id!r} has {len(input_entries)} input and "
                               f"{len(output_entries)} output entries; the table has {len(inputs)} inputs and "
                               f"{len(outputs)} outputs", key)
        tests = tuple(self._test(entry, key, rule_id, input_) for entry, input_ in zip(input_entries, inputs))
        values: list[Compiled | None] = []
        for entry, output in zip(output_entries, outputs):
            text = (_text_of(entry, self.ns) or "").strip()
            values.append(self._compiled(entry, text, key, f"rule {rule_id!r}, output {output.name!r}")
                          if text else None)
        return Rule(rule_id, tests, tuple(values))

    def _test(self, entry: Node, key: str, rule_id: str, input_: Input) -> Test:
        text = (_text_of(entry, self.ns) or "").strip()
        where = f"rule {rule_id!r}, input {input_.id!r}"
        language = self._language(entry, entry.attrs.get("expressionLanguage"), "feel", key)
        if language == "juel":
            expression = self._juel(entry, text, key, where)
            variable = input_.variable

            def juel_test(value: Any, lookup: Callable[[str], Any]) -> bool:
                try:
                    value = feel.to_host(value)  # (FEEL's decimals as JUEL's numbers)
                except ValueError as error:
                    raise feel.FeelEvaluationError(str(error)) from None
                result = expression.evaluate(lambda name: value if name == variable else lookup(name))
                if not isinstance(result, bool):
                    raise feel.FeelEvaluationError(f"the input entry gave {feel.type_name(result)} "
                                                   f"{feel.describe(result)}, not a boolean")
                return result

            return Test(text, "juel", juel_test)
        try:
            tests = feel.compile_unary_tests(text, input_.variable)
        except feel.FeelSyntaxError as error:
            raise self.error(INVALID_EXPRESSION, entry, f"decision {key!r}, {where}: invalid unary tests {text!r}: "
                             f"{error}", key, expression=text, position=error.position) from None
        variable = input_.variable
        return Test(text, "feel", lambda value, lookup: tests.matches(
            value, lambda name: value if name == variable else lookup(name)))

    # -- literal expressions -----------------------------------------------------------------

    def _literal(self, decision: Node, node: Node, key: str) -> LiteralExpression:
        variable = next((c for c in decision.children if c.ns == self.ns and c.tag == "variable"), None)
        name = (variable.attrs.get("name") or "").strip() if variable is not None else ""
        if variable is None or not name:
            raise self.invalid(decision, f"{_label(decision)}: a literal expression needs a <variable name=\"…\"> "
                               "(the name of its value in the result)")
        text = (_text_of(node, self.ns) or "").strip()
        if not text:
            raise self.invalid(node, f"{_label(decision)}: the literal expression is empty", key)
        return LiteralExpression(name, self._type_ref(variable, key), self._compiled(node, text, key,
                                                                                      "literal expression"))

    # -- expressions -------------------------------------------------------------------------

    def _compiled(self, node: Node, text: str, key: str, where: str) -> Compiled:
        language = self._language(node, node.attrs.get("expressionLanguage"), self.language, key)
        if language == "juel" or text.startswith(("${", "#{")):
            return Compiled(text, "juel", self._juel(node, text, key, where).evaluate)
        try:
            compiled = feel.compile_expression(text)
        except feel.FeelSyntaxError as error:
            raise self.error(INVALID_EXPRESSION, node, f"decision {key!r}, {where}: invalid FEEL expression {text!r}: "
                             f"{error}", key, expression=text, position=error.position) from None
        return Compiled(text, "feel", compiled.evaluate)

    def _juel(self, node: Node, text: str, key: str, where: str) -> Any:
        try:
            expression = compile_expression(text)
        except ExpressionError as error:
            raise self.error(INVALID_EXPRESSION, node, f"decision {key!r}, {where}: invalid expression {text!r}: "
                             f"{error}", key, expression=text, position=error.position) from None

        class _Juel:
            @staticmethod
            def evaluate(lookup: Callable[[str], Any]) -> Any:
                try:
                    return expression.evaluate(lookup)
                except EvaluationError as error:
                    raise feel.FeelEvaluationError(error.message) from None

        return _Juel
