"""Start forms (camunda:formData on a process's none start event): GetStartForm by id, key, and
key and tenant; GetStartFormVariables (the defaults); SubmitStartForm (validated as a task form,
starts an instance with the values, the defaults and the other variables; the business key,
from the request or the form's business key field); and what has no start form."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import process_definition_pb2, process_instance_pb2
from tests.engine.bpmn.snippets import definitions
from tests.engine.form_support import Forms, by_id, constraints, field, fields_of, form_process
from tests.support import expect_error, unique

FAILED = "FORM_FIELD_VALIDATION_FAILED"
START_FIELDS = "".join([
    field("customer", "string", attributes='label="Customer"', inner=constraints(("required", None))),
    field("amount", "long", attributes='defaultValue="100"', inner=constraints(("max", "5000"))),
    field("express", "boolean"),
    field("order", "string"),
])


@pytest.fixture
def engine(api) -> Forms:  # type: ignore[no-untyped-def]
    return Forms(api)


def deploy(engine: Forms, fields: str | None = START_FIELDS, *, business_key: str = "", tenant: str = "",
           start_attributes: str = "") -> tuple[str, str]:
    key = unique("start")
    data = form_process(key, start_fields=fields, start_attributes=start_attributes)
    if business_key:
        data = data.replace(b"<camunda:formData>", f'<camunda:formData businessKey="{business_key}">'.encode())
    return key, engine.deploy_process(data, key, tenant=tenant)


def instances_of(engine: Forms, definition_id: str) -> int:
    return engine.instances.CountProcessInstances(process_instance_pb2.CountProcessInstancesRequest(
        process_definition_id=definition_id)).count


def test_the_start_form_is_the_none_start_events_by_id_key_and_tenant(engine: Forms, server) -> None:  # type: ignore[no-untyped-def]
    key, definition_id = deploy(engine, start_attributes=' camunda:formKey="embedded:app:start.html"')
    for ref in (by_id(definition_id), process_definition_pb2.DefinitionRef(key=key)):
        answer = engine.start_form(ref)
        assert answer.process_definition_id == definition_id
        assert answer.form.key == "embedded:app:start.html"
        assert [f.id for f in answer.form.fields] == ["customer", "amount", "express", "order"]
    fields = fields_of(engine.start_form(by_id(definition_id)).form)
    assert fields["customer"] == {"id": "customer", "label": "Customer", "type": "string",
                                  "validation_constraints": [{"name": "required"}]}
    assert fields["amount"]["default_value"] == {"value": 100.0, "type": "Long"}

    tenant = unique("acme")
    _, tenant_definition = deploy(engine, tenant=tenant)
    ref = process_definition_pb2.DefinitionRef(key_and_tenant=process_definition_pb2.KeyAndTenant(
        key=engine.definitions.GetProcessDefinition(process_definition_pb2.GetProcessDefinitionRequest(
            id=tenant_definition)).process_definition.key, tenant_id=tenant))
    assert engine.start_form(ref).process_definition_id == tenant_definition
    outsider = Forms(server.api(server.token(tenants=("other",))))
    expect_error(lambda: outsider.start_form(ref), grpc.StatusCode.PERMISSION_DENIED, "TENANT_NOT_GRANTED")
    expect_error(lambda: outsider.start_form(by_id(tenant_definition)), grpc.StatusCode.NOT_FOUND,
                 "PROCESS_DEFINITION_NOT_FOUND")


def test_start_form_variables_are_the_defaults(engine: Forms) -> None:
    _, definition_id = deploy(engine)
    assert engine.start_form_variables(by_id(definition_id)) == {
        "customer": (None, "String"), "amount": (100, "Long"), "express": (None, "Boolean"), "order": (None, "String")}
    assert engine.start_form_variables(by_id(definition_id), "amount", "unknown") == {"amount": (100, "Long")}


def test_submitting_the_start_form_starts_an_instance_with_its_values(engine: Forms) -> None:
    _, definition_id = deploy(engine)
    answer = engine.submit_start(by_id(definition_id), {"customer": "Acme", "express": ("true", "String"),
                                                        "note": "extra"}, business_key="order-1", returned=True)
    instance = answer.process_instance
    assert instance.business_key == "order-1" and instance.definition_id == definition_id
    assert engine.variables(instance.id) == {"customer": ("Acme", "String"), "amount": (100, "Long"),
                                             "express": (True, "Boolean"), "note": ("extra", "String")}
    assert set(answer.variables) == {"customer", "amount", "express", "note"}
    assert [t.task_definition_key for t in engine.tasks_of(instance.id)] == ["Review"]


def test_the_business_key_field_gives_the_business_key_unless_the_request_does(engine: Forms) -> None:
    _, definition_id = deploy(engine, business_key="order")
    assert fields_of(engine.start_form(by_id(definition_id)).form)["order"]["business_key"] is True
    instance = engine.submit_start(by_id(definition_id), {"customer": "Acme", "order": "o-7"}).process_instance
    assert instance.business_key == "o-7"
    assert engine.variables(instance.id)["order"] == ("o-7", "String")
    instance = engine.submit_start(by_id(definition_id), {"customer": "Acme", "order": "o-8"},
                                   business_key="given").process_instance
    assert instance.business_key == "given"


def test_an_invalid_start_form_starts_nothing(engine: Forms) -> None:
    _, definition_id = deploy(engine)
    got = expect_error(lambda: engine.submit_start(by_id(definition_id), {"amount": 9000, "express": "soon"}),
                       grpc.StatusCode.INVALID_ARGUMENT, FAILED)
    assert got.fields == ["variables[customer]", "variables[amount]", "variables[express]"]
    assert (got.info.metadata["form_field"], got.info.metadata["constraint"]) == ("customer", "required")
    assert instances_of(engine, definition_id) == 0


def test_a_process_without_a_start_form_starts_with_the_variables_as_they_are(engine: Forms) -> None:
    _, definition_id = deploy(engine, None)
    answer = engine.start_form(by_id(definition_id))
    assert answer.form == answer.form.__class__()
    assert engine.start_form_variables(by_id(definition_id)) == {}
    instance = engine.submit_start(by_id(definition_id), {"a": 1}).process_instance
    assert engine.variables(instance.id) == {"a": (1, "Integer")}


def test_a_process_without_a_none_start_event_has_an_empty_form_and_cannot_be_submitted(engine: Forms) -> None:
    key = unique("messages")
    data = definitions(f"""
<bpmn:process id="{key}" isExecutable="true" camunda:historyTimeToLive="30">
  <bpmn:startEvent id="Start"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
<bpmn:message id="m" name="{unique('message')}" />""")
    definition_id = engine.deploy_process(data, key)
    assert list(engine.start_form(by_id(definition_id)).form.fields) == []
    expect_error(lambda: engine.submit_start(by_id(definition_id), {}), grpc.StatusCode.FAILED_PRECONDITION,
                 "NO_NONE_START_EVENT")


def test_a_start_form_default_cannot_read_variables(engine: Forms) -> None:
    _, definition_id = deploy(engine, field("x", "long", attributes='defaultValue="${seed}"'))
    for call in (lambda: engine.start_form(by_id(definition_id)),
                 lambda: engine.start_form_variables(by_id(definition_id)),
                 lambda: engine.submit_start(by_id(definition_id), {"seed": 1})):
        got = expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
        assert got.info.metadata["activity_id"] == "Start"
    assert instances_of(engine, definition_id) == 0


def test_an_unknown_or_missing_definition(engine: Forms) -> None:
    for call in (lambda: engine.start_form(by_id("nope")), lambda: engine.start_form_variables(by_id("nope")),
                 lambda: engine.submit_start(by_id("nope"))):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    for call in (lambda: engine.start_form(process_definition_pb2.DefinitionRef()),
                 lambda: engine.submit_start(process_definition_pb2.DefinitionRef())):
        expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")


def test_a_suspended_definition_shows_its_form_but_starts_nothing(engine: Forms) -> None:
    _, definition_id = deploy(engine)
    engine.definitions.SetProcessDefinitionSuspensionState(
        process_definition_pb2.SetProcessDefinitionSuspensionStateRequest(id=definition_id, suspended=True))
    assert len(engine.start_form(by_id(definition_id)).form.fields) == 4
    expect_error(lambda: engine.submit_start(by_id(definition_id), {"customer": "x"}),
                 grpc.StatusCode.FAILED_PRECONDITION, "PROCESS_DEFINITION_SUSPENDED")
