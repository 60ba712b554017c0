"""Helpers for the form tests: processes whose user task and start event declare forms, and the
form RPCs of TaskService and ProcessDefinitionService."""

from __future__ import annotations

from typing import Any

from google.protobuf import json_format

from flowkeeper.engine.v1 import form_pb2, process_definition_pb2, task_pb2
from tests.engine.bpmn.snippets import definitions
from tests.engine.support import Engine, plain, typed_map
from tests.support import unique


def form_data(fields: str, business_key: str = "") -> str:
    attribute = f' businessKey="{business_key}"' if business_key else ""
    return f"<bpmn:extensionElements><camunda:formData{attribute}>{fields}</camunda:formData></bpmn:extensionElements>"


def form_process(key: str, task_fields: str | None = None, *, start_fields: str | None = None,
                 task_attributes: str = "", start_attributes: str = "", history: bool = True) -> bytes:
    """Start -> the user task Review (its form) -> the user task Next -> End."""
    review = form_data(task_fields) if task_fields is not None else ""
    start = form_data(start_fields) if start_fields is not None else ""
    ttl = ' camunda:historyTimeToLive="30"' if history else ""
    return definitions(f"""
<bpmn:process id="{key}" isExecutable="true"{ttl}>
  <bpmn:startEvent id="Start"{start_attributes}>{start}</bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" name="Review"{task_attributes}>{review}</bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="Next" />
  <bpmn:userTask id="Next" />
  <bpmn:sequenceFlow id="f3" sourceRef="Next" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>""")


def field(field_id: str, field_type: str, *, attributes: str = "", inner: str = "") -> str:
    return f'<camunda:formField id="{field_id}" type="{field_type}" {attributes}>{inner}</camunda:formField>'


def constraints(*pairs: tuple[str, str | None]) -> str:
    items = "".join(f'<camunda:constraint name="{n}"' + (f' config="{c}"' if c is not None else "") + " />"
                    for n, c in pairs)
    return f"<camunda:validation>{items}</camunda:validation>"


class Forms(Engine):
    def deploy_process(self, data: bytes, key: str, *, tenant: str = "") -> str:
        deployment = self.deploy(contents={f"{key}.bpmn": data}, tenant=tenant)
        return self.definition_id(deployment, key)

    def start_at_review(self, data: bytes, variables: dict[str, Any] | None = None) -> tuple[str, str]:
        """Deploys, starts an instance and returns (instance id, the Review task's id)."""
        key = unique("forms")
        definition_id = self.deploy_process(data.replace(b"__KEY__", key.encode()), key)
        instance = self.start(definition_id, variables).process_instance
        [task] = self.tasks_of(instance.id)
        return instance.id, task.id

    def task_form(self, task_id: str) -> form_pb2.Form:
        return self.tasks.GetTaskForm(task_pb2.GetTaskFormRequest(task_id=task_id)).form

    def task_form_variables(self, task_id: str, *names: str) -> dict[str, tuple[Any, str]]:
        return plain(self.tasks.GetTaskFormVariables(task_pb2.GetTaskFormVariablesRequest(
            task_id=task_id, variable_names=names)).variables)

    def submit(self, task_id: str, variables: dict[str, Any] | None = None, *, returned: bool = False):  # type: ignore[no-untyped-def]
        return self.tasks.SubmitTaskForm(task_pb2.SubmitTaskFormRequest(
            task_id=task_id, variables=typed_map(variables or {}), with_variables_in_return=returned))

    def start_form(self, ref: process_definition_pb2.DefinitionRef) -> process_definition_pb2.GetStartFormResponse:
        return self.definitions.GetStartForm(process_definition_pb2.GetStartFormRequest(definition=ref))

    def start_form_variables(self, ref: process_definition_pb2.DefinitionRef, *names: str) -> dict[str, tuple[Any, str]]:
        return plain(self.definitions.GetStartFormVariables(process_definition_pb2.GetStartFormVariablesRequest(
            definition=ref, variable_names=names)).variables)

    def submit_start(self, ref: process_definition_pb2.DefinitionRef, variables: dict[str, Any] | None = None, *,
                     business_key: str = "", returned: bool = False) -> process_definition_pb2.SubmitStartFormResponse:
        return self.definitions.SubmitStartForm(process_definition_pb2.SubmitStartFormRequest(
            definition=ref, variables=typed_map(variables or {}), business_key=business_key,
            with_variables_in_return=returned))


def by_id(definition_id: str) -> process_definition_pb2.DefinitionRef:
    return process_definition_pb2.DefinitionRef(id=definition_id)


def fields_of(form: form_pb2.Form) -> dict[str, dict[str, Any]]:
    """Each field as a dict (protobuf's JSON mapping, field names as in the proto)."""
    return {f.id: json_format.MessageToDict(f, preserving_proto_field_name=True) for f in form.fields}
