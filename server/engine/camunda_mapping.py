"""camunda:in / camunda:out variable mappings, as BPMN call activities and CMMN process and
case tasks write them: parsed the same way for both."""

from __future__ import annotations

from typing import Callable

from server.engine.bpmn.spec import VariableMapping
from server.engine.bpmn.xmltree import Node
from server.engine.expr import Expression
from server.engine.variables import MAX_NAME
from server.errors import InvalidArgument

_ATTRIBUTES = ("source", "sourceExpression", "target", "variables", "local", "businessKey")


def variable_mapping(
    node: Node,
    label: str,
    *,
    local: bool,
    invalid: Callable[[str], InvalidArgument],
    unsupported: Callable[[str], InvalidArgument],
    expression: Callable[[str, str], Expression],
) -> VariableMapping:
    """One camunda:in or camunda:out element. ``label`` names it in messages; ``invalid``,
    ``unsupported`` and ``expression(text, attribute)`` raise or compile in the caller's terms."""
    for name in node.attrs:
        if name not in _ATTRIBUTES:
            raise unsupported(f"{label} attribute {name.rpartition(' ')[2]!r} is not supported")
    business_key = node.attrs.get("businessKey")
    if business_key is not None:
        if node.tag != "in":
            raise invalid(f"{label}: businessKey is only allowed on camunda:in")
        if len(node.attrs) > 1:
            raise invalid(f"{label}: businessKey cannot be combined with other attributes")
        return VariableMapping(business_key=expression(business_key.strip(), "businessKey"))
    variables = node.attrs.get("variables")
    if variables is not None:
        if variables.strip() != "all":
            raise invalid(f"{label}: variables must be \"all\", not {variables!r}")
        if any(k in node.attrs for k in ("source", "sourceExpression", "target")):
            raise invalid(f"{label}: variables=\"all\" cannot be combined with source or target")
        return VariableMapping(all=True, local=local)
    source = node.attrs.get("source")
    source_expression = node.attrs.get("sourceExpression")
    target = (node.attrs.get("target") or "").strip()
    if (source is None) == (source_expression is None):
        raise invalid(f"{label} needs exactly one of source and sourceExpression")
    if not target:
        raise invalid(f"{label} needs a target")
    if len(target) > MAX_NAME:
        raise invalid(f"{label}: target is a variable name of at most {MAX_NAME} characters (got {len(target)})")
    if source is not None:
        if not source.strip():
            raise invalid(f"{label}: source is empty")
        return VariableMapping(source=source.strip(), target=target, local=local)
    return VariableMapping(
        source_expression=expression((source_expression or "").strip(), "sourceExpression"),
        target=target, local=local,
    )
