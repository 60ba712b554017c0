"""Immutable specs of parsed DMN decisions. The parser produces them; evaluation only reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

# The hit policies evaluated (Camunda 7's); PRIORITY and OUTPUT ORDER are refused at deployment.
HIT_POLICIES = ("UNIQUE", "FIRST", "ANY", "RULE ORDER", "COLLECT")
AGGREGATIONS = ("SUM", "MIN", "MAX", "COUNT")
# typeRef of inputs, outputs and variables -> the variable type of the values they give.
TYPE_REFS = {"string": "string", "integer": "integer", "long": "long", "double": "double", "boolean": "boolean",
             "date": "date"}
# Where an input's value is visible to its input entries (camunda:inputVariable), by default.
INPUT_VARIABLE = "cellInput"

Lookup = Callable[[str], Any]


@dataclass(frozen=True, eq=False)
class Compiled:
    """An expression of a decision (an input expression, an output entry, a literal expression)
    in its language: FEEL, or JUEL (``${…}``, the engine's expression language)."""

    text: str
    language: str  # feel | juel
    evaluate: Callable[[Lookup], Any]


@dataclass(frozen=True, eq=False)
class Test:
    """An input entry: FEEL simple unary tests, or a JUEL expression giving a boolean."""

    text: str
    language: str
    matches: Callable[[Any, Lookup], bool]


@dataclass(frozen=True)
class Input:
    id: str
    label: str | None
    expression: Compiled
    type_ref: str | None
    variable: str = INPUT_VARIABLE


@dataclass(frozen=True)
class Output:
    id: str
    name: str
    label: str | None
    type_ref: str | None


@dataclass(frozen=True)
class Rule:
    id: str
    # One test per input, one entry per output (None: empty, the rule gives no value for it).
    tests: tuple[Test, ...]
    entries: tuple[Compiled | None, ...]


@dataclass(frozen=True)
class DecisionTable:
    hit_policy: str
    aggregation: str | None
    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class LiteralExpression:
    variable: str
    type_ref: str | None
    expression: Compiled


@dataclass(frozen=True)
class DecisionSpec:
    """One decision of a deployed DMN file with the decisions it requires (of the same file)."""

    key: str  # the decision's id
    name: str | None
    line: int
    version_tag: str | None = None
    history_time_to_live: int | None = None
    table: DecisionTable | None = None
    literal: LiteralExpression | None = None
    required: tuple["DecisionSpec", ...] = ()

    @property
    def collects(self) -> bool:
        """A table whose hit policy may give several rule results (RULE ORDER, COLLECT without an
        aggregator): a requiring decision sees each of its outputs as a list."""
        return self.table is not None and (self.table.hit_policy == "RULE ORDER" or (
            self.table.hit_policy == "COLLECT" and self.table.aggregation is None))

    def evaluation_order(self) -> list["DecisionSpec"]:
        """The required decisions, each once and before those that require it, then this one."""
        order: list[DecisionSpec] = []
        seen: set[str] = set()

        def visit(spec: DecisionSpec) -> None:
            if spec.key in seen:
                return
            seen.add(spec.key)
            for required in spec.required:
                visit(required)
            order.append(spec)

        visit(self)
        return order


@dataclass(frozen=True)
class RequirementsSpec:
    """A DMN file's ``<definitions>``, its decision requirements graph: the key (its id), name
    and category (its namespace) of the decision requirements definition a file of more than one
    decision deploys as."""

    key: str | None
    name: str | None
    category: str | None


@dataclass(frozen=True)
class DmnFile:
    """A parsed DMN file: its decision requirements graph and its decisions, in document order."""

    requirements: RequirementsSpec
    decisions: tuple[DecisionSpec, ...]

    @property
    def has_requirements_definition(self) -> bool:
        """Whether it deploys as a decision requirements definition: when it holds more than one
        decision (the document's engine keeps none for a single decision)."""
        return len(self.decisions) > 1


# How a business rule task or a decision task picks the version of its decision, and how it maps
# the result into its result variable (camunda:decisionRefBinding / camunda:decisionBinding,
# camunda:mapDecisionResult).
BINDINGS = ("latest", "deployment", "version", "versionTag")
RESULT_MAPPINGS = ("resultList", "singleEntry", "singleResult", "collectEntries")


@dataclass(frozen=True)
class DecisionCall:
    """What a business rule task of a process or a decision task of a case evaluates, besides
    the decision's key and tenant (expressions its runtime evaluates): the binding (the version
    for ``version``, the tag for ``versionTag``) and where the mapped result goes."""

    binding: str = "latest"
    version: int | None = None
    version_tag: str | None = None
    result_variable: str | None = None
    map_decision_result: str = "resultList"
