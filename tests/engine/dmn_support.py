"""Helpers for DMN tests: write DMN files (as Camunda Modeler saves them), deploy them, get, query
and evaluate decision definitions."""

from __future__ import annotations

from typing import Any, Iterable, Sequence
from xml.sax.saxutils import escape

from google.protobuf import json_format

from flowkeeper.engine.v1 import (
    decision_definition_pb2,
    decision_definition_pb2_grpc,
    deployment_pb2,
    process_definition_pb2,
)
from tests.engine.resources import bpmn as resource
from tests.engine.support import Engine, typed_map
from tests.support import Api, unique

DMN11 = "http://www.omg.org/spec/DMN/20151101/dmn.xsd"
DMN12 = "http://www.omg.org/spec/DMN/20180521/MODEL/"
DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/"

Ref = process_definition_pb2.DefinitionRef
KeyAndTenant = process_definition_pb2.KeyAndTenant


def dmn(body: str, ns: str = DMN13) -> bytes:
    """A DMN file holding ``body`` (decisions), with the Modeler's header."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{ns}" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="{unique('drd')}" name="DRD" \
namespace="http://camunda.org/schema/1.0/dmn" exporter="Camunda Modeler" exporterVersion="5.21.0">
{body.strip(chr(10))}
</definitions>
""".encode()


def table(key: str, inputs: Sequence[tuple[str, str | None]], outputs: Sequence[tuple[str, str | None]],
          rules: Iterable[tuple[Sequence[str], Sequence[str]]], *, hit_policy: str | None = None,
          aggregation: str | None = None, name: str = "", attributes: str = "", requires: Sequence[str] = ()) -> str:
    """A decision with a decision table: inputs (expression, typeRef), outputs (name, typeRef),
    rules (input entries, output entries; texts as written, escaped here). Rule i's id is
    ``r<i+1>``, input i's ``in<i+1>``, output i's ``out<i+1>``."""
    policy = f' hitPolicy="{hit_policy}"' if hit_policy else ""
    policy += f' aggregation="{aggregation}"' if aggregation else ""

    def type_ref(t: str | None) -> str:
        return f' typeRef="{t}"' if t else ""

    parts = [f'<decision id="{key}" name="{escape(name or key)}"{attributes}>']
    parts += [f'<informationRequirement><requiredDecision href="#{r}" /></informationRequirement>' for r in requires]
    parts.append(f'<decisionTable id="t_{key}"{policy}>')
    parts += [f'<input id="in{i + 1}"><inputExpression{type_ref(t)}><text>{escape(e)}</text></inputExpression>'
              f"</input>" for i, (e, t) in enumerate(inputs)]
    parts += [f'<output id="out{i + 1}" name="{n}"{type_ref(t)} />' for i, (n, t) in enumerate(outputs)]
    for i, (tests, entries) in enumerate(rules):
        parts.append(f'<rule id="r{i + 1}">')
        parts += [f"<inputEntry><text>{escape(t)}</text></inputEntry>" for t in tests]
        parts += [f"<outputEntry><text>{escape(e)}</text></outputEntry>" for e in entries]
        parts.append("</rule>")
    parts.append("</decisionTable></decision>")
    return "\n".join(parts)


def literal(key: str, variable: str, text: str, type_ref: str | None = None, *, requires: Sequence[str] = (),
            attributes: str = "") -> str:
    """A decision with a literal expression whose value is the variable ``variable``."""
    required = "".join(f'<informationRequirement><requiredDecision href="#{r}" /></informationRequirement>'
                       for r in requires)
    typed = f' typeRef="{type_ref}"' if type_ref else ""
    return (f'<decision id="{key}" name="{key}"{attributes}>{required}<variable name="{variable}"{typed} />'
            f"<literalExpression><text>{escape(text)}</text></literalExpression></decision>")


def value_of(typed: Any) -> tuple[Any, str]:
    return (json_format.MessageToDict(typed.value) if typed.HasField("value") else None), typed.type


class Decisions(Engine):
    """The engine helpers plus the decision definition service."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)
        self.decisions = api.stub(decision_definition_pb2_grpc.DecisionDefinitionServiceStub)

    def deploy_files(self, files: dict[str, bytes], *, tenant: str = "", name: str = "") -> deployment_pb2.Deployment:
        return self.deployments.CreateDeployment(deployment_pb2.CreateDeploymentRequest(
            name=name or unique("decisions"), tenant_id=tenant,
            resources=[deployment_pb2.Resource(name=n, content=c) for n, c in files.items()])).deployment

    def deploy_dinner(self, *, dish: str, season: str, tenant: str = "",
                      images: dict[str, bytes] | None = None) -> deployment_pb2.Deployment:
        """The dinner.dmn fixture with its decisions renamed to ``dish`` and ``season`` (and
        ``images`` beside it in the deployment)."""
        content = (resource("dinner.dmn").replace(b'id="dish"', f'id="{dish}"'.encode())
                   .replace(b'dmnElementRef="dish"', f'dmnElementRef="{dish}"'.encode())
                   .replace(b'id="season"', f'id="{season}"'.encode())
                   .replace(b'href="#season"', f'href="#{season}"'.encode())
                   .replace(b'dmnElementRef="season"', f'dmnElementRef="{season}"'.encode()))
        return self.deploy_files({"dinner.dmn": content, **(images or {})}, tenant=tenant)

    def deploy_decisions(self, *decisions: str, tenant: str = "", ns: str = DMN13,
                         resource_name: str = "rules.dmn") -> deployment_pb2.Deployment:
        return self.deploy_files({resource_name: dmn("\n".join(decisions), ns)}, tenant=tenant)

    def get(self, ref: Ref) -> decision_definition_pb2.DecisionDefinition:
        return self.decisions.GetDecisionDefinition(
            decision_definition_pb2.GetDecisionDefinitionRequest(definition=ref)).decision_definition

    def query(self, **filters: Any) -> list[decision_definition_pb2.DecisionDefinition]:  # type: ignore[override]
        return list(self.decisions.QueryDecisionDefinitions(
            decision_definition_pb2.QueryDecisionDefinitionsRequest(**filters)).decision_definitions)

    def count(self, **filters: Any) -> int:
        return self.decisions.CountDecisionDefinitions(
            decision_definition_pb2.CountDecisionDefinitionsRequest(**filters)).count

    def evaluate_response(self, ref: Ref, variables: dict[str, Any] | None = None
                          ) -> decision_definition_pb2.EvaluateDecisionResponse:
        return self.decisions.EvaluateDecision(decision_definition_pb2.EvaluateDecisionRequest(
            definition=ref, variables=typed_map(variables or {})))

    def evaluate(self, key: str, variables: dict[str, Any] | None = None, *,
                 tenant: str | None = None) -> list[list[tuple[str, Any, str]]]:
        """The rule results of the latest version of ``key`` (of ``tenant``), each a list of
        (output name, value, type)."""
        ref = Ref(key=key) if tenant is None else Ref(key_and_tenant=KeyAndTenant(key=key, tenant_id=tenant))
        return rows(self.evaluate_response(ref, variables))

    def values(self, key: str, variables: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The rule results as {output name: value}."""
        return [{name: value for name, value, _ in row} for row in self.evaluate(key, variables)]


def rows(response: decision_definition_pb2.EvaluateDecisionResponse) -> list[list[tuple[str, Any, str]]]:
    return [[(e.name, *value_of(e.value)) for e in r.entries] for r in response.results]
