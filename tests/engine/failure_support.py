"""Helpers for the tests of engine incidents, process steps and the desk link: the engine's
stubs plus IncidentService and ProcessStepService, and processes written inline (each test its
own process key, so topics and links of other tests never interfere)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from flowkeeper.engine.v1 import (
    execution_pb2,
    incident_pb2,
    incident_pb2_grpc,
    process_step_pb2,
    process_step_pb2_grpc,
)
from server.engine.failure_models import Incident
from tests.engine.resources.modeler import render
from tests.engine.work_support import Work
from tests.support import Api, unique

P = process_step_pb2.ProcessStepParam
Step = process_step_pb2.ProcessStep
Inc = incident_pb2.Incident


def key(prefix: str) -> str:
    """A unique process key (an XML NCName)."""
    return unique(prefix).replace("-", "_")


def one_task(process_key: str, topic: str, activity: str = "Work") -> str:
    """A process with one external task between start and end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="{activity}" />
  <bpmn:serviceTask id="{activity}" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:sequenceFlow id="Flow_2" sourceRef="{activity}" targetRef="Wait" />
  <bpmn:userTask id="Wait" />
  <bpmn:sequenceFlow id="Flow_3" sourceRef="Wait" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def fork(process_key: str, topic: str) -> str:
    """A parallel fork into two external tasks (A, B) that join before the end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="Flow_0" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="Flow_a" sourceRef="Fork" targetRef="A" />
  <bpmn:sequenceFlow id="Flow_b" sourceRef="Fork" targetRef="B" />
  <bpmn:serviceTask id="A" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:serviceTask id="B" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:sequenceFlow id="Flow_a2" sourceRef="A" targetRef="Join" />
  <bpmn:sequenceFlow id="Flow_b2" sourceRef="B" targetRef="Join" />
  <bpmn:parallelGateway id="Join" />
  <bpmn:sequenceFlow id="Flow_end" sourceRef="Join" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


class Failures(Work):
    """The engine's stubs, the workers' (ExternalTaskService, JobService), IncidentService and
    ProcessStepService."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)
        self.incidents = api.stub(incident_pb2_grpc.IncidentServiceStub)
        self.steps = api.stub(process_step_pb2_grpc.ProcessStepServiceStub)

    def deploy_inline(self, process_key: str, body: str, tenant: str = "") -> str:
        deployment = self.deploy(contents={f"{process_key}.bpmn": render(body, process_key).encode()}, tenant=tenant)
        return self.definition_id(deployment, process_key)

    def at(self, instance_id: str, activity_id: str) -> str:
        [found] = self.query(process_instance_id=instance_id, activity_id=activity_id)
        return found

    # -- incidents ------------------------------------------------------------------------------

    def create_incident(self, execution_id: str, incident_type: str, configuration: str = "",
                        message: str = "") -> incident_pb2.Incident:
        return self.executions.CreateIncident(execution_pb2.CreateIncidentRequest(
            execution_id=execution_id, incident_type=incident_type, configuration=configuration,
            message=message)).incident

    def incident(self, incident_id: str) -> incident_pb2.Incident:
        return self.incidents.GetIncident(incident_pb2.GetIncidentRequest(id=incident_id)).incident

    def incident_ids(self, **filters: Any) -> set[str]:
        return {i.id for i in self.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(**filters)).incidents}

    def ordered_incidents(self, **filters: Any) -> list[str]:
        return [i.id for i in self.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(**filters)).incidents]

    def count_incidents(self, **filters: Any) -> int:
        return self.incidents.CountIncidents(incident_pb2.CountIncidentsRequest(**filters)).count

    def resolve(self, incident_id: str) -> incident_pb2.Incident:
        return self.incidents.ResolveIncident(incident_pb2.ResolveIncidentRequest(incident_id=incident_id)).incident

    # -- steps ------------------------------------------------------------------------------------

    def step(self, step_id: str) -> process_step_pb2.ProcessStep:
        return self.steps.GetProcessStep(process_step_pb2.GetProcessStepRequest(process_step_id=step_id)).process_step

    def steps_of(self, instance_id: str, *states: int, **filters: Any) -> list[process_step_pb2.ProcessStep]:
        return list(self.steps.ListProcessSteps(process_step_pb2.ListProcessStepsRequest(
            process_instance_id=instance_id, states=list(states), **filters)).process_steps)

    def restart(self, step_id: str, params: dict[str, P] | None = None) -> process_step_pb2.RestartFailedStepResponse:
        return self.steps.RestartFailedStep(process_step_pb2.RestartFailedStepRequest(
            process_step_id=step_id, params=params or {}))

    def complete_step(self, step_id: str, params: dict[str, P] | None = None) -> process_step_pb2.CompleteStepResponse:
        return self.steps.CompleteStep(process_step_pb2.CompleteStepRequest(process_step_id=step_id,
                                                                            params=params or {}))


def string(value: str) -> P:
    return P(str_value=value, type=P.TYPE_STRING)


def long(value: int) -> P:
    return P(long_value=value, type=P.TYPE_LONG)


def double(value: float) -> P:
    return P(double_value=value, type=P.TYPE_DOUBLE)


def incidents_of(server, instance_id: str) -> list[tuple[str, str | None, str | None, str | None, str]]:  # type: ignore[no-untyped-def]
    """(type, message, configuration, activity, state) of the instance's incidents."""
    def read(tx):  # type: ignore[no-untyped-def]
        rows = tx.scalars(select(Incident).where(Incident.process_instance_id == instance_id)
                          .order_by(Incident.incident_timestamp, Incident.id))
        return [(r.incident_type, r.incident_message, r.configuration, r.failed_activity_id, r.state) for r in rows]

    return server.db.run(read, write=False)
