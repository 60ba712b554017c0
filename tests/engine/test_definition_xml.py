"""GetProcessDefinitionXml and GetCaseDefinitionXml: the text of the file a definition was
deployed from, by id, by key, or by key and tenant; decoded by the encoding the file declares."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import case_definition_pb2 as cd
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from tests.engine.case_support import Cases
from tests.engine.resources import bpmn
from tests.engine.resources.modeler import render
from tests.engine.work_support import key
from tests.support import expect_error, unique

Ref = pd.DefinitionRef


def task_process(process_key: str, name: str = "Review") -> str:
    return f"""
<bpmn:process id="{process_key}" name="{name}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Task" />
  <bpmn:userTask id="Task" name="{name}" />
  <bpmn:sequenceFlow id="f2" sourceRef="Task" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


@pytest.fixture
def cases(api) -> Cases:  # type: ignore[no-untyped-def]
    return Cases(api)


def process_xml(engine: Cases, ref: Ref) -> tuple[str, str]:
    response = engine.definitions.GetProcessDefinitionXml(pd.GetProcessDefinitionXmlRequest(definition=ref))
    return response.id, response.bpmn20_xml


def case_xml(engine: Cases, ref: Ref) -> tuple[str, str]:
    response = engine.case_definitions.GetCaseDefinitionXml(cd.GetCaseDefinitionXmlRequest(definition=ref))
    return response.id, response.cmmn_xml


def test_the_process_xml_by_id_by_key_and_by_key_and_tenant(cases: Cases) -> None:
    process_key, tenant = key("xml"), unique("tenant")
    first, second = render(task_process(process_key, "First"), process_key), render(task_process(process_key, "Second"),
                                                                                      process_key)
    old = cases.definition_id(cases.deploy(contents={"a.bpmn": first.encode()}), process_key)
    new = cases.definition_id(cases.deploy(contents={"b.bpmn": second.encode()}), process_key)
    of_tenant = cases.definition_id(cases.deploy(contents={"c.bpmn": first.encode()}, tenant=tenant), process_key)

    assert process_xml(cases, Ref(id=old)) == (old, first)
    assert process_xml(cases, Ref(id=new)) == (new, second)
    # By key: the latest version of no tenant, whatever a tenant deployed since.
    assert process_xml(cases, Ref(key=process_key)) == (new, second)
    assert process_xml(cases, Ref(key_and_tenant=pd.KeyAndTenant(key=process_key, tenant_id=tenant))) == (
        of_tenant, first)


def test_a_file_of_two_processes_is_the_xml_of_both(cases: Cases) -> None:
    content = bpmn("two_processes.bpmn")
    deployment = cases.deploy(contents={"two_processes.bpmn": content})
    assert len(deployment.definitions) == 2
    for definition in deployment.definitions:
        assert process_xml(cases, Ref(id=definition.id)) == (definition.id, content.decode("utf-8"))


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "UTF-16"])
def test_the_xml_is_decoded_by_its_declared_encoding(cases: Cases, encoding: str) -> None:
    process_key = key("encoded")
    text = render(task_process(process_key, "Prüfung à 5 €" if encoding == "UTF-16" else "Prüfung à 5"), process_key)
    declared = text.replace('<?xml version="1.0" encoding="UTF-8"?>', f'<?xml version="1.0" encoding="{encoding}"?>')
    assert declared != text
    definition = cases.definition_id(cases.deploy(contents={"e.bpmn": declared.encode(encoding)}), process_key)
    assert cases.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(id=definition)).process_definition.name \
        .startswith("Prüfung à 5")
    assert process_xml(cases, Ref(id=definition)) == (definition, declared)


def test_the_case_xml_by_id_by_key_and_by_key_and_tenant(cases: Cases) -> None:
    case_key, tenant = unique("case_xml").replace("-", "_"), unique("tenant")
    deployment = cases.deploy_case("case_manual.cmmn", key=case_key)
    definition = cases.case_definition_id(deployment, case_key)
    of_tenant = cases.case_definition_id(cases.deploy_case("case_manual.cmmn", key=case_key, tenant=tenant), case_key)
    text = bpmn("case_manual.cmmn").decode().replace('id="case_manual"', f'id="{case_key}"')

    assert case_xml(cases, Ref(id=definition)) == (definition, text)
    assert case_xml(cases, Ref(key=case_key)) == (definition, text)
    assert case_xml(cases, Ref(key_and_tenant=pd.KeyAndTenant(key=case_key, tenant_id=tenant))) == (of_tenant, text)
    # A process id is not a case's, nor the other way round.
    process_key = key("not_a_case")
    process = cases.definition_id(cases.deploy(contents={"p.bpmn": render(task_process(process_key),
                                                                          process_key).encode()}), process_key)
    expect_error(lambda: case_xml(cases, Ref(id=process)), grpc.StatusCode.NOT_FOUND, "CASE_DEFINITION_NOT_FOUND")
    expect_error(lambda: process_xml(cases, Ref(id=definition)), grpc.StatusCode.NOT_FOUND,
                 "PROCESS_DEFINITION_NOT_FOUND")


def test_errors_and_tenants(cases: Cases, server) -> None:  # type: ignore[no-untyped-def]
    process_key, case_key = key("tenanted_xml"), unique("tenanted_case").replace("-", "_")
    tenant, other = unique("tenant"), unique("tenant")
    process = cases.definition_id(cases.deploy(contents={"t.bpmn": render(task_process(process_key),
                                                                          process_key).encode()}, tenant=tenant),
                                  process_key)
    case = cases.case_definition_id(cases.deploy_case("case_manual.cmmn", key=case_key, tenant=tenant), case_key)
    insider = Cases(server.api(server.token(tenants=(tenant,))))
    outsider = Cases(server.api(server.token(tenants=(other,))))

    assert process_xml(insider, Ref(id=process))[0] == process
    assert case_xml(insider, Ref(id=case))[0] == case
    for read, key_, reason, action in (
        (process_xml, process_key, "PROCESS_DEFINITION_NOT_FOUND", "read this tenant's definitions"),
        (case_xml, case_key, "CASE_DEFINITION_NOT_FOUND", "read this tenant's case definitions"),
    ):
        own = process if read is process_xml else case
        expect_error(lambda: read(outsider, Ref(id=own)), grpc.StatusCode.NOT_FOUND, reason)
        failed = expect_error(lambda: read(outsider, Ref(key_and_tenant=pd.KeyAndTenant(key=key_, tenant_id=tenant))),
                              grpc.StatusCode.PERMISSION_DENIED, "TENANT_NOT_GRANTED")
        assert failed.info.metadata["action"] == action
        # By key alone: the latest version of no tenant, and there is none.
        failed = expect_error(lambda: read(cases, Ref(key=key_)), grpc.StatusCode.NOT_FOUND, reason)
        assert failed.info.metadata["field_name"] == "key"
        expect_error(lambda: read(cases, Ref()), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
        failed = expect_error(lambda: read(cases, Ref(key_and_tenant=pd.KeyAndTenant(key=key_))),
                              grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
        assert failed.fields == ["definition.key_and_tenant.tenant_id"]
