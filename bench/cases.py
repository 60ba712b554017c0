"""The cases' scenario: CaseDefinitionService.CreateCaseInstance (seed 002) of a three-item case
— a human task that starts at once, a second human task behind a sentry on the first one's
completion, and a milestone behind the second — with the document's two typed variables and a
business key. Each call writes the case instance, four case executions, the variables and one
task, and evaluates the sentries."""

from __future__ import annotations

from typing import Any

from bench.scenarios import ClientState, Scenario, Seed, SeedContext, Stubs, register
from flowkeeper.engine.v1 import (
    case_definition_pb2,
    case_definition_pb2_grpc,
    process_definition_pb2,
    types_pb2,
)
from google.protobuf import struct_pb2

_CASE = """<?xml version="1.0" encoding="UTF-8"?>
<cmmn:definitions xmlns:cmmn="http://www.omg.org/spec/CMMN/20151109/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/cmmn" id="Definitions_bench_case"
    targetNamespace="http://bpmn.io/schema/cmmn">
  <cmmn:case id="bench_case" name="Review an application">
    <cmmn:casePlanModel id="CasePlanModel_1">
      <cmmn:planItem id="PI_Check" definitionRef="HumanTask_Check" />
      <cmmn:planItem id="PI_Decide" definitionRef="HumanTask_Decide">
        <cmmn:entryCriterion id="EntryCriterion_1" sentryRef="Sentry_Checked" />
      </cmmn:planItem>
      <cmmn:planItem id="PI_Decided" definitionRef="Milestone_Decided">
        <cmmn:entryCriterion id="EntryCriterion_2" sentryRef="Sentry_Decided" />
      </cmmn:planItem>
      <cmmn:sentry id="Sentry_Checked">
        <cmmn:planItemOnPart id="OnPart_1" sourceRef="PI_Check">
          <cmmn:standardEvent>complete</cmmn:standardEvent>
        </cmmn:planItemOnPart>
      </cmmn:sentry>
      <cmmn:sentry id="Sentry_Decided">
        <cmmn:planItemOnPart id="OnPart_2" sourceRef="PI_Decide">
          <cmmn:standardEvent>complete</cmmn:standardEvent>
        </cmmn:planItemOnPart>
      </cmmn:sentry>
      <cmmn:humanTask id="HumanTask_Check" name="Check application" camunda:candidateGroups="clerks" />
      <cmmn:humanTask id="HumanTask_Decide" name="Decide" camunda:candidateGroups="managers" />
      <cmmn:milestone id="Milestone_Decided" name="Decided" />
    </cmmn:casePlanModel>
  </cmmn:case>
</cmmn:definitions>
"""


def _seed_case(ctx: SeedContext) -> dict[str, Any]:
    return {"definition": ctx.deploy("bench-case", "bench_case.cmmn", _CASE)}


_VARIABLES = {
    "aVariable": types_pb2.TypedValue(value=struct_pb2.Value(string_value="aStringValue"), type="String"),
    "anotherVariable": types_pb2.TypedValue(value=struct_pb2.Value(bool_value=True), type="Boolean"),
}


async def _create_case_instance(stubs: Stubs, state: ClientState) -> None:
    request = state.scratch.get("request")
    if request is None:
        request = state.scratch["request"] = case_definition_pb2.CreateCaseInstanceRequest(
            definition=process_definition_pb2.DefinitionRef(id=state.data["definition"]), variables=_VARIABLES)
    request.business_key = state.unique("case")
    await stubs.of(case_definition_pb2_grpc.CaseDefinitionServiceStub).CreateCaseInstance(
        request, metadata=stubs.metadata)


register(Scenario(
    "create_case_instance", _create_case_instance, seed=Seed("case_definition", _seed_case),
    description="CaseDefinitionService.CreateCaseInstance of a three-item case (human task, human task behind a "
    "sentry, milestone) by id, with the document's two typed variables and a business key",
))
