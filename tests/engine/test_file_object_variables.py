"""File and Object variables (the document's engine's serialized value types) and the content
calls of Bytes and File variables (its `…/variables/{varName}/data` endpoints):
GetProcessInstanceVariableData / SetProcessInstanceVariableData, the execution's local, the
task's (and task-local), the case instance's and case execution's, VariableInstanceService's,
and the history's (historic variable instance, detail).

A File is content with a filename (required), mimeType and encoding; the variable calls answer
it without its content, as the document's engine does. An Object is serialized text in JSON or
XML (no Java serialization) with its objectTypeName, kept and given back as it came;
expressions see a JSON Object as the parsed document. Every rule and error, on both databases.

The tests share the session's server: each works on instances of its own."""

from __future__ import annotations

import base64
from typing import Any

import grpc
import pytest
from google.protobuf import json_format, struct_pb2

from flowkeeper.engine.v1 import (
    case_execution_pb2,
    case_instance_pb2,
    execution_pb2,
    history_pb2,
    history_pb2_grpc,
    process_instance_pb2,
    task_pb2,
    types_pb2,
    variable_instance_pb2,
    variable_instance_pb2_grpc,
)
from tests.engine.history_support import pair
from tests.engine.support import plain, typed
from tests.engine.test_case_variables_by_name import ByName as CaseByName
from tests.engine.variables_by_name_support import ByName, nested
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error, unique

CONTENT = b"\x00\x01line one\nline two\xff"
INVALID, PRECONDITION, NOT_FOUND = (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION,
                                    grpc.StatusCode.NOT_FOUND)


def file_value(content: bytes = CONTENT, **info: Any) -> types_pb2.TypedValue:
    """A File of ``content`` with value info ``info`` (filename etc., as given)."""
    value_info = struct_pb2.Struct()
    value_info.update(info)
    return types_pb2.TypedValue(value=struct_pb2.Value(string_value=base64.b64encode(content).decode()),
                                type="File", value_info=value_info)


def object_value(text: str | None, **info: Any) -> types_pb2.TypedValue:
    value_info = struct_pb2.Struct()
    value_info.update(info)
    raw = struct_pb2.Value(null_value=struct_pb2.NULL_VALUE) if text is None else struct_pb2.Value(string_value=text)
    return types_pb2.TypedValue(value=raw, type="Object", value_info=value_info)


def info_of(value: types_pb2.TypedValue) -> dict[str, Any]:
    return json_format.MessageToDict(value.value_info)


class Data(ByName):
    """The process side's calls on one variable, plus the content calls."""

    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.variable_instances = api.stub(variable_instance_pb2_grpc.VariableInstanceServiceStub)

    def pi_data(self, instance_id: str, name: str) -> tuple[bytes, str, str]:
        got = self.instances.GetProcessInstanceVariableData(process_instance_pb2.GetProcessInstanceVariableDataRequest(
            process_instance_id=instance_id, name=name))
        return got.data, got.media_type, got.filename

    def set_pi_data(self, instance_id: str, name: str, data: bytes, **fields: Any) -> None:
        self.instances.SetProcessInstanceVariableData(process_instance_pb2.SetProcessInstanceVariableDataRequest(
            process_instance_id=instance_id, name=name, data=data, **fields))

    def local_data(self, execution_id: str, name: str) -> tuple[bytes, str, str]:
        got = self.executions.GetExecutionLocalVariableData(execution_pb2.GetExecutionLocalVariableDataRequest(
            execution_id=execution_id, name=name))
        return got.data, got.media_type, got.filename

    def set_local_data(self, execution_id: str, name: str, data: bytes, **fields: Any) -> None:
        self.executions.SetExecutionLocalVariableData(execution_pb2.SetExecutionLocalVariableDataRequest(
            execution_id=execution_id, name=name, data=data, **fields))

    def task_data(self, task_id: str, name: str, local_only: bool = False) -> tuple[bytes, str, str]:
        got = self.tasks.GetTaskVariableData(task_pb2.GetTaskVariableDataRequest(
            task_id=task_id, name=name, local_only=local_only))
        return got.data, got.media_type, got.filename

    def set_task_data(self, task_id: str, name: str, data: bytes, **fields: Any) -> None:
        self.tasks.SetTaskVariableData(task_pb2.SetTaskVariableDataRequest(task_id=task_id, name=name, data=data,
                                                                           **fields))

    def instance_data(self, variable_id: str) -> tuple[bytes, str, str]:
        got = self.variable_instances.GetVariableInstanceData(
            variable_instance_pb2.GetVariableInstanceDataRequest(id=variable_id))
        return got.data, got.media_type, got.filename

    def running_id(self, instance_id: str, name: str) -> str:
        [found] = self.variable_instances.QueryVariableInstances(variable_instance_pb2.QueryVariableInstancesRequest(
            process_instance_id_in=[instance_id], variable_name=name)).variable_instances
        return found.id

    def historic_data(self, variable_id: str) -> tuple[bytes, str, str]:
        got = self.history.GetHistoricVariableInstanceData(
            history_pb2.GetHistoricVariableInstanceDataRequest(id=variable_id))
        return got.data, got.media_type, got.filename

    def detail_data(self, detail_id: str) -> tuple[bytes, str, str]:
        got = self.history.GetHistoricDetailVariableData(history_pb2.GetHistoricDetailVariableDataRequest(id=detail_id))
        return got.data, got.media_type, got.filename


@pytest.fixture
def engine(api) -> Data:  # type: ignore[no-untyped-def]
    return Data(api)


def _nested(engine: Data, variables: dict[str, Any] | None = None, tenant: str = "") -> str:
    process_key = key("file_object")
    return engine.start_id(engine.deploy_inline(process_key, nested(process_key), tenant=tenant), variables)


def _start(engine: Data, variables: dict[str, types_pb2.TypedValue], tenant: str = "") -> str:
    """An instance of the nested process started with typed ``variables``."""
    process_key = key("file_object")
    definition = engine.deploy_inline(process_key, nested(process_key), tenant=tenant)
    from flowkeeper.engine.v1 import process_definition_pb2

    return engine.definitions.StartProcessInstance(process_definition_pb2.StartProcessInstanceRequest(
        definition=process_definition_pb2.DefinitionRef(id=definition), variables=variables)).process_instance.id


# -- File -------------------------------------------------------------------------------------------


def test_a_file_is_kept_with_its_info_and_listed_without_its_content(engine: Data) -> None:
    instance = _start(engine, {"doc": file_value(filename="notes.txt", mimeType="text/plain", encoding="UTF-8",
                                                 other="not kept")})
    listed = engine.all_of_instance(instance)["doc"]
    # As the document's engine: the value stays out of the answer; the info keeps the three keys.
    assert pair(listed) == (None, "File")
    assert info_of(listed) == {"filename": "notes.txt", "mimeType": "text/plain", "encoding": "UTF-8"}
    assert engine.instance_variable(instance, "doc") == listed
    assert engine.pi_data(instance, "doc") == (CONTENT, "text/plain; charset=UTF-8", "notes.txt")
    # Without a mime type the content is application/octet-stream; an empty file is a file.
    engine.set_pi(instance, "bare", file_value(b"", filename="empty.bin"))
    assert engine.pi_data(instance, "bare") == (b"", "application/octet-stream", "empty.bin")
    assert info_of(engine.instance_variable(instance, "bare")) == {"filename": "empty.bin"}


def test_a_file_through_every_variable_call_family(engine: Data) -> None:
    instance = _nested(engine)
    sub, task = _inner(engine, instance), engine.task_at(instance, "Work").id
    engine.modify_variables(instance)  # nothing
    engine.instances.ModifyVariables(process_instance_pb2.ModifyVariablesRequest(
        process_instance_id=instance, modifications={"m": file_value(b"m", filename="m.txt")}))
    engine.set_local(sub, "l", file_value(b"l", filename="l.txt", mimeType="text/csv"))
    engine.set_task(task, "t", file_value(b"t", filename="t.txt"), local=True)
    engine.set_task(task, "up", file_value(b"up", filename="up.txt"))  # no such name visible: the instance's
    assert engine.pi_data(instance, "m") == (b"m", "application/octet-stream", "m.txt")
    assert engine.local_data(sub, "l") == (b"l", "text/csv", "l.txt")
    assert engine.task_data(task, "t", local_only=True) == (b"t", "application/octet-stream", "t.txt")
    assert engine.task_data(task, "l") == (b"l", "text/csv", "l.txt")  # the nearest visible from the task
    assert engine.pi_data(instance, "up")[0] == b"up"
    assert {n: v[1] for n, v in engine.locals_of(sub).items()} == {"l": "File"}
    assert pair(engine.all_of_task(task, True)["t"]) == (None, "File")
    # VariableInstanceService and the history keep and give the content too.
    variable_id = engine.running_id(instance, "m")
    assert engine.instance_data(variable_id) == (b"m", "application/octet-stream", "m.txt")
    historic = engine.named("m", process_instance_id=instance)
    assert pair(historic.value) == (None, "File") and info_of(historic.value) == {"filename": "m.txt"}
    assert engine.historic_data(historic.id) == (b"m", "application/octet-stream", "m.txt")
    assert {v.name for v in engine.historic_variables(process_instance_id=instance, variable_type_in=["file"])} == {
        "m", "l", "t", "up"}
    # Completing the task with a File carries it on as any value.
    engine.complete(task)
    engine.tasks.CompleteTask(task_pb2.CompleteTaskRequest(
        task_id=engine.task_at(instance, "After").id, variables={"done": file_value(b"done", filename="d.pdf",
                                                                                    mimeType="application/pdf")}))
    done = engine.named("done", process_instance_id=instance)
    assert engine.historic_data(done.id) == (b"done", "application/pdf", "d.pdf")


def test_the_history_keeps_each_file_the_variable_held(engine: Data) -> None:
    instance = _nested(engine)
    engine.set_pi(instance, "doc", file_value(b"first", filename="v1.txt"))
    engine.set_pi_data(instance, "doc", b"second", value_type="File", filename="v2.txt", mime_type="text/plain")
    engine.delete_pi(instance, "doc")
    historic = engine.named("doc", process_instance_id=instance)
    details = engine.historic_details(variable_instance_id=historic.id)
    assert [(d.event, pair(d.value)) for d in details] == [
        ("create", (None, "File")), ("update", (None, "File")), ("delete", (None, "File"))]
    assert [engine.detail_data(d.id) for d in details] == [
        (b"first", "application/octet-stream", "v1.txt"), (b"second", "text/plain", "v2.txt"),
        (b"second", "text/plain", "v2.txt")]
    assert engine.historic_data(historic.id) == (b"second", "text/plain", "v2.txt")  # deleted: the last value


@pytest.mark.parametrize(("value", "field", "reason"), [
    (file_value(mimeType="text/plain"), "value.value_info.filename", "INVALID_VARIABLE_VALUE"),
    (file_value(filename="  "), "value.value_info.filename", "INVALID_VARIABLE_VALUE"),
    (file_value(filename=7), "value.value_info.filename", "INVALID_VARIABLE_VALUE"),
    (file_value(filename="a", mimeType=None), "value.value_info.mimeType", "INVALID_VARIABLE_VALUE"),
    (file_value(filename="a", encoding=8), "value.value_info.encoding", "INVALID_VARIABLE_VALUE"),
    (types_pb2.TypedValue(value=struct_pb2.Value(string_value="not base64!"), type="File",
                          value_info=json_format.ParseDict({"filename": "a"}, struct_pb2.Struct())),
     "value.value", "INVALID_VARIABLE_VALUE"),
    (types_pb2.TypedValue(value=struct_pb2.Value(null_value=struct_pb2.NULL_VALUE), type="File",
                          value_info=json_format.ParseDict({"filename": "a"}, struct_pb2.Struct())),
     "value.value", "INVALID_VARIABLE_VALUE"),
    (types_pb2.TypedValue(value=struct_pb2.Value(number_value=1), type="file",
                          value_info=json_format.ParseDict({"filename": "a"}, struct_pb2.Struct())),
     "value.value", "INVALID_VARIABLE_VALUE"),
], ids=["no-filename", "blank-filename", "filename-not-text", "null-mime-type", "encoding-not-text", "not-base64",
        "null", "number"])
def test_a_file_that_is_refused(engine: Data, value: types_pb2.TypedValue, field: str, reason: str) -> None:
    instance = _nested(engine)
    failed = expect_error(lambda: engine.set_pi(instance, "doc", value), INVALID, reason)
    assert failed.fields == [field]
    assert engine.variables(instance) == {}


# -- Object ------------------------------------------------------------------------------------------


def test_an_object_is_kept_as_the_serialized_text_given(engine: Data) -> None:
    as_json = '{"name": "Anna",  "amount": 120}'
    as_xml = "<customer><name>Anna</name></customer>"
    instance = _start(engine, {
        "json": object_value(as_json, objectTypeName="com.example.Customer",
                             serializationDataFormat="application/json", other="dropped"),
        "xml": object_value(as_xml, objectTypeName="com.example.Customer", serializationDataFormat="application/xml"),
        "none": object_value(None, serializationDataFormat="application/json"),
    })
    listed = engine.all_of_instance(instance)
    assert pair(listed["json"]) == (as_json, "Object")  # the text as given, spacing and all
    assert info_of(listed["json"]) == {"objectTypeName": "com.example.Customer",
                                       "serializationDataFormat": "application/json"}
    assert pair(listed["xml"]) == (as_xml, "Object")
    assert pair(listed["none"]) == (None, "Object")
    assert info_of(listed["none"]) == {"serializationDataFormat": "application/json"}
    assert engine.instance_variable(instance, "xml") == listed["xml"]
    historic = engine.named("json", process_instance_id=instance)
    assert pair(historic.value) == (as_json, "Object") and info_of(historic.value) == info_of(listed["json"])
    # An Object has no content to fetch.
    failed = expect_error(lambda: engine.pi_data(instance, "json"), PRECONDITION, "VARIABLE_NOT_BINARY")
    assert failed.info.metadata["value_type"] == "Object"


@pytest.mark.parametrize(("value", "field", "reason"), [
    (object_value('{"a": 1}', objectTypeName="A"), "value.value_info.serializationDataFormat",
     "UNSUPPORTED_SERIALIZATION_FORMAT"),
    (object_value("rO0ABXQAAWE=", objectTypeName="A", serializationDataFormat="application/x-java-serialized-object"),
     "value.value_info.serializationDataFormat", "UNSUPPORTED_SERIALIZATION_FORMAT"),
    (object_value("a", objectTypeName="A", serializationDataFormat="text/plain"),
     "value.value_info.serializationDataFormat", "UNSUPPORTED_SERIALIZATION_FORMAT"),
    (object_value('{"a": 1}', serializationDataFormat="application/json"), "value.value_info.objectTypeName",
     "INVALID_VARIABLE_VALUE"),
    (object_value("{not json", objectTypeName="A", serializationDataFormat="application/json"), "value.value",
     "INVALID_VARIABLE_VALUE"),
    (types_pb2.TypedValue(value=struct_pb2.Value(number_value=1), type="Object", value_info=json_format.ParseDict(
        {"objectTypeName": "A", "serializationDataFormat": "application/json"}, struct_pb2.Struct())),
     "value.value", "INVALID_VARIABLE_VALUE"),
    (object_value("[" * 100_000, objectTypeName="A", serializationDataFormat="application/json"), "value.value",
     "INVALID_VARIABLE_VALUE"),
    (typed("[" * 100_000, "Json"), "value.value", "INVALID_VARIABLE_VALUE"),  # the same parser, the same limit
], ids=["no-format", "java", "unknown-format", "no-type-name", "not-json", "not-text", "nested-too-deep",
        "json-nested-too-deep"])
def test_an_object_that_is_refused(engine: Data, value: types_pb2.TypedValue, field: str, reason: str) -> None:
    instance = _nested(engine)
    failed = expect_error(lambda: engine.set_pi(instance, "o", value), INVALID, reason)
    assert failed.fields == [field]
    if reason == "UNSUPPORTED_SERIALIZATION_FORMAT":
        assert failed.info.metadata["supported"] == "application/json,application/xml"
    assert engine.variables(instance) == {}


def _gate(process_key: str) -> str:
    """Start, a gateway: `${order.amount > 100}` to the user task Big (assigned to
    `${order.customer}`), else Small; both end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Gate" />
  <bpmn:exclusiveGateway id="Gate" default="toSmall" />
  <bpmn:sequenceFlow id="toBig" sourceRef="Gate" targetRef="Big">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{order.amount &gt; 100}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="toSmall" sourceRef="Gate" targetRef="Small" />
  <bpmn:userTask id="Big" camunda:assignee="${{order.customer}}" />
  <bpmn:userTask id="Small" camunda:assignee="${{note}}" />
  <bpmn:sequenceFlow id="f2" sourceRef="Big" targetRef="End" />
  <bpmn:sequenceFlow id="f3" sourceRef="Small" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def test_expressions_see_a_json_object_as_its_document_and_an_xml_one_as_its_text(engine: Data) -> None:
    from flowkeeper.engine.v1 import process_definition_pb2

    process_key = key("object_gate")
    definition = engine.deploy_inline(process_key, _gate(process_key))

    def start(amount: int) -> str:
        return engine.definitions.StartProcessInstance(process_definition_pb2.StartProcessInstanceRequest(
            definition=process_definition_pb2.DefinitionRef(id=definition), variables={
                "order": object_value(f'{{"amount": {amount}, "customer": "anna"}}', objectTypeName="Order",
                                      serializationDataFormat="application/json"),
                "note": object_value("<n/>", objectTypeName="Note", serializationDataFormat="application/xml"),
            })).process_instance.id

    big, small = start(120), start(80)
    [at_big] = engine.tasks_of(big)
    [at_small] = engine.tasks_of(small)
    assert (at_big.task_definition_key, at_big.assignee) == ("Big", "anna")
    assert (at_small.task_definition_key, at_small.assignee) == ("Small", "<n/>")
    # The variable itself is still the text it was given.
    assert engine.get_pi(big, "order") == ('{"amount": 120, "customer": "anna"}', "Object")


def test_file_and_object_variables_match_no_filter_value(engine: Data) -> None:
    """As Json and Bytes: no filter value equals a File or an Object (its filename and its text
    are none of the typed values a filter compares); `neq` holds for them."""
    instance = _start(engine, {
        "f": file_value(b"x", filename="x"),
        "o": object_value('"x"', objectTypeName="X", serializationDataFormat="application/json"),
    })
    for name, text in (("f", "x"), ("o", '"x"')):
        for operator in ("eq", "like"):
            assert instance not in _instances(engine, name, operator, text), (name, operator)
        assert instance in _instances(engine, name, "neq", text)


def _instances(engine: Data, name: str, operator: str, raw: Any) -> set[str]:
    found = engine.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        variables=[execution_pb2.VariableQueryParameter(name=name, operator=operator, value=struct_pb2.Value(string_value=raw))]))
    return {i.id for i in found.process_instances}


# -- the content calls -------------------------------------------------------------------------------


def test_bytes_content_and_setting_content(engine: Data) -> None:
    instance = _start(engine, {"blob": typed(base64.b64encode(b"\x01\x02").decode(), "Bytes"),
                               "nothing": typed(None, "Bytes")})
    assert engine.pi_data(instance, "blob") == (b"\x01\x02", "application/octet-stream", "")
    assert engine.pi_data(instance, "nothing") == (b"", "application/octet-stream", "")
    # Bytes by default; File with its filename, mime type and encoding.
    engine.set_pi_data(instance, "raw", b"\xff\x00")
    assert engine.get_pi(instance, "raw") == (base64.b64encode(b"\xff\x00").decode(), "Bytes")
    engine.set_pi_data(instance, "doc", b"hello", value_type="file", filename="h.txt", mime_type="text/plain",
                       encoding="ISO-8859-1")
    assert info_of(engine.instance_variable(instance, "doc")) == {
        "filename": "h.txt", "mimeType": "text/plain", "encoding": "ISO-8859-1"}
    assert engine.pi_data(instance, "doc") == (b"hello", "text/plain; charset=ISO-8859-1", "h.txt")
    # The history and the operation log: as SetProcessInstanceVariable writes them.
    assert engine.history_of(instance, "raw") == [("create", 0, base64.b64encode(b"\xff\x00").decode(), "Bytes")]
    assert [(e[0], e[1]) for e in engine.of(process_instance_id=instance)] == [("SetVariable", "Variable")] * 2


def test_setting_content_on_executions_and_tasks(engine: Data) -> None:
    instance = _nested(engine, {"shared": 1})
    sub, task = _inner(engine, instance), engine.task_at(instance, "Work").id
    engine.set_local_data(sub, "l", b"local", value_type="File", filename="l.bin")
    assert engine.local_data(sub, "l") == (b"local", "application/octet-stream", "l.bin")
    assert "l" not in engine.variables(instance)
    engine.set_task_data(task, "own", b"own", local=True)
    engine.set_task_data(task, "shared", b"up")  # where the name is visible: the instance's
    assert engine.task_data(task, "own", local_only=True) == (b"own", "application/octet-stream", "")
    assert engine.pi_data(instance, "shared") == (b"up", "application/octet-stream", "")
    expect_error(lambda: engine.task_data(task, "shared", local_only=True), NOT_FOUND, "VARIABLE_NOT_FOUND")


def test_content_call_errors(engine: Data, server: ServerHandle) -> None:
    tenant = unique("tenant")
    instance = _nested(engine, {"text": "plain"}, tenant=tenant)
    sub, task = _inner(engine, instance), engine.task_at(instance, "Work").id
    variable_id = engine.running_id(instance, "text")
    historic = engine.named("text", process_instance_id=instance)
    [detail] = engine.historic_details(variable_instance_id=historic.id)
    # Not binary: each get names the variable and its type.
    for call, subject in ((lambda: engine.pi_data(instance, "text"), instance),
                          (lambda: engine.task_data(task, "text"), task),
                          (lambda: engine.instance_data(variable_id), variable_id),
                          (lambda: engine.historic_data(historic.id), historic.id),
                          (lambda: engine.detail_data(detail.id), detail.id)):
        failed = expect_error(call, PRECONDITION, "VARIABLE_NOT_BINARY")
        assert (failed.info.metadata["id"], failed.info.metadata["name"], failed.info.metadata["value_type"]) == (
            subject, "text", "String")
    expect_error(lambda: engine.local_data(instance, "text"), PRECONDITION, "VARIABLE_NOT_BINARY")
    # No such variable; no name.
    for call in (lambda: engine.pi_data(instance, "none"), lambda: engine.local_data(sub, "text"),
                 lambda: engine.task_data(task, "none")):
        expect_error(call, NOT_FOUND, "VARIABLE_NOT_FOUND")
    for call in (lambda: engine.pi_data(instance, ""), lambda: engine.set_pi_data(instance, "", b""),
                 lambda: engine.local_data(sub, ""), lambda: engine.set_local_data(sub, "", b""),
                 lambda: engine.task_data(task, ""), lambda: engine.set_task_data(task, "", b"")):
        assert expect_error(call, INVALID, "MISSING_REQUIRED_FIELD").fields == ["name"]
    assert expect_error(lambda: engine.set_pi_data(instance, " ", b""), INVALID,
                        "INVALID_VARIABLE_NAME").fields == ["name"]
    # What the content is.
    assert expect_error(lambda: engine.set_pi_data(instance, "f", b"x", value_type="File"), INVALID,
                        "MISSING_REQUIRED_FIELD").fields == ["filename"]
    assert expect_error(lambda: engine.set_pi_data(instance, "f", b"x", value_type="Json"), INVALID,
                        "UNSUPPORTED_VARIABLE_TYPE").fields == ["value_type"]
    for field in ("filename", "mime_type", "encoding"):
        assert expect_error(lambda: engine.set_pi_data(instance, "f", b"x", **{field: "x"}), INVALID,
                            "INVALID_VARIABLE_VALUE").fields == [field]
    assert set(engine.variables(instance)) == {"text"}
    # No such subject, or another tenant's.
    expect_error(lambda: engine.pi_data("no-such-instance", "text"), NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    expect_error(lambda: engine.instance_data("no-such-variable"), NOT_FOUND, "VARIABLE_INSTANCE_NOT_FOUND")
    expect_error(lambda: engine.historic_data("no-such-variable"), NOT_FOUND, "VARIABLE_INSTANCE_NOT_FOUND")
    expect_error(lambda: engine.detail_data("999999999"), NOT_FOUND, "HISTORIC_DETAIL_NOT_FOUND")
    stranger = Data(server.api(server.token(tenants=(unique("tenant"),))))
    for call, reason in ((lambda: stranger.pi_data(instance, "text"), "PROCESS_INSTANCE_NOT_FOUND"),
                         (lambda: stranger.set_pi_data(instance, "b", b""), "PROCESS_INSTANCE_NOT_FOUND"),
                         (lambda: stranger.local_data(sub, "x"), "EXECUTION_NOT_FOUND"),
                         (lambda: stranger.set_local_data(sub, "b", b""), "EXECUTION_NOT_FOUND"),
                         (lambda: stranger.task_data(task, "text"), "TASK_NOT_FOUND"),
                         (lambda: stranger.set_task_data(task, "b", b""), "TASK_NOT_FOUND"),
                         (lambda: stranger.instance_data(variable_id), "VARIABLE_INSTANCE_NOT_FOUND"),
                         (lambda: stranger.historic_data(historic.id), "VARIABLE_INSTANCE_NOT_FOUND"),
                         (lambda: stranger.detail_data(detail.id), "HISTORIC_DETAIL_NOT_FOUND")):
        expect_error(call, NOT_FOUND, reason)
    member = Data(server.api(server.token(tenants=(tenant,))))
    member.set_pi_data(instance, "b", b"ok")
    assert member.pi_data(instance, "b") == (b"ok", "application/octet-stream", "")
    # An ended instance's variables are gone; a suspended one's task refuses sets.
    engine.suspend(instance)
    expect_error(lambda: engine.set_task_data(task, "b", b"no"), PRECONDITION, "SUSPENDED")
    engine.activate(instance)
    engine.end(instance)
    expect_error(lambda: engine.pi_data(instance, "b"), PRECONDITION, "INSTANCE_ENDED")
    expect_error(lambda: engine.set_pi_data(instance, "b", b""), PRECONDITION, "INSTANCE_ENDED")
    # The history still gives the content of an ended instance's variable.
    assert engine.historic_data(engine.named("b", process_instance_id=instance).id)[0] == b"ok"


def _inner(engine: Data, instance_id: str) -> str:
    found = engine.task_at(instance_id, "Work").execution_id
    assert found != instance_id
    return found


# -- cases ---------------------------------------------------------------------------------------------


class CaseData(CaseByName):
    def set_typed(self, case_id: str, name: str, value: types_pb2.TypedValue) -> None:
        self.case_instances.SetCaseInstanceVariable(case_instance_pb2.SetCaseInstanceVariableRequest(
            case_instance_id=case_id, name=name, value=value))

    def case_data(self, case_id: str, name: str) -> tuple[bytes, str, str]:
        got = self.case_instances.GetCaseInstanceVariableData(case_instance_pb2.GetCaseInstanceVariableDataRequest(
            case_instance_id=case_id, name=name))
        return got.data, got.media_type, got.filename

    def set_case_data(self, case_id: str, name: str, data: bytes, **fields: Any) -> None:
        self.case_instances.SetCaseInstanceVariableData(case_instance_pb2.SetCaseInstanceVariableDataRequest(
            case_instance_id=case_id, name=name, data=data, **fields))

    def execution_data(self, execution_id: str, name: str, local_only: bool = False) -> tuple[bytes, str, str]:
        got = self.case_executions.GetCaseExecutionVariableData(
            case_execution_pb2.GetCaseExecutionVariableDataRequest(case_execution_id=execution_id, name=name,
                                                                   local_only=local_only))
        return got.data, got.media_type, got.filename

    def set_execution_data(self, execution_id: str, name: str, data: bytes, **fields: Any) -> None:
        self.case_executions.SetCaseExecutionVariableData(case_execution_pb2.SetCaseExecutionVariableDataRequest(
            case_execution_id=execution_id, name=name, data=data, **fields))


def test_case_variables_of_every_kind_and_their_content(api, server: ServerHandle) -> None:  # type: ignore[no-untyped-def]
    cases = CaseData(api)
    tenant = unique("tenant")
    case_id = cases.deploy_and_create("case_three_items.cmmn", {}, key=unique("case_file"), tenant=tenant).id
    cases.set_typed(case_id, "doc", file_value(b"case", filename="c.txt", mimeType="text/plain"))
    cases.set_typed(case_id, "obj", object_value("<a/>", objectTypeName="A", serializationDataFormat="application/xml"))
    assert cases.get_case(case_id, "doc") == (None, "File")
    assert cases.get_case(case_id, "obj") == ("<a/>", "Object")
    assert cases.case_data(case_id, "doc") == (b"case", "text/plain", "c.txt")
    item = cases.execution(case_id, "PI_CheckApplication").id
    assert cases.execution_data(item, "doc") == (b"case", "text/plain", "c.txt")  # visible from the item
    expect_error(lambda: cases.execution_data(item, "doc", local_only=True), NOT_FOUND, "VARIABLE_NOT_FOUND")
    cases.set_execution_data(item, "mine", b"local", value_type="File", filename="m.bin", local=True)
    assert cases.execution_data(item, "mine", local_only=True) == (b"local", "application/octet-stream", "m.bin")
    cases.set_case_data(case_id, "raw", b"\x00")
    assert cases.get_case(case_id, "raw") == (base64.b64encode(b"\x00").decode(), "Bytes")
    assert plain(cases.case_executions.GetCaseExecutionVariables(case_execution_pb2.GetCaseExecutionVariablesRequest(
        case_execution_id=item, local_only=True)).variables) == {"mine": (None, "File")}
    # Errors: not binary, no name, no such case or execution, another tenant's.
    failed = expect_error(lambda: cases.case_data(case_id, "obj"), PRECONDITION, "VARIABLE_NOT_BINARY")
    assert (failed.info.metadata["id"], failed.info.metadata["value_type"]) == (case_id, "Object")
    expect_error(lambda: cases.execution_data(item, "obj"), PRECONDITION, "VARIABLE_NOT_BINARY")
    for call in (lambda: cases.case_data(case_id, ""), lambda: cases.set_case_data(case_id, "", b""),
                 lambda: cases.execution_data(item, ""), lambda: cases.set_execution_data(item, "", b"")):
        assert expect_error(call, INVALID, "MISSING_REQUIRED_FIELD").fields == ["name"]
    expect_error(lambda: cases.set_case_data(case_id, "f", b"", value_type="File"), INVALID, "MISSING_REQUIRED_FIELD")
    expect_error(lambda: cases.case_data("no-such-case", "doc"), NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")
    expect_error(lambda: cases.execution_data("no-such-execution", "doc"), NOT_FOUND, "CASE_EXECUTION_NOT_FOUND")
    stranger = CaseData(server.api(server.token(tenants=(unique("tenant"),))))
    for call, reason in ((lambda: stranger.case_data(case_id, "doc"), "CASE_INSTANCE_NOT_FOUND"),
                         (lambda: stranger.set_case_data(case_id, "x", b""), "CASE_INSTANCE_NOT_FOUND"),
                         (lambda: stranger.execution_data(item, "doc"), "CASE_EXECUTION_NOT_FOUND"),
                         (lambda: stranger.set_execution_data(item, "x", b""), "CASE_EXECUTION_NOT_FOUND")):
        expect_error(call, NOT_FOUND, reason)


# -- forms ---------------------------------------------------------------------------------------------


def test_a_form_field_takes_neither_a_file_nor_an_object(api) -> None:  # type: ignore[no-untyped-def]
    from tests.engine.form_support import Forms, field, form_process

    forms = Forms(api)
    _, task_id = forms.start_at_review(form_process("__KEY__", field("doc", "string")))
    for value in (file_value(b"x", filename="x.txt"),
                  object_value('"x"', objectTypeName="X", serializationDataFormat="application/json")):
        got = expect_error(lambda: forms.tasks.SubmitTaskForm(task_pb2.SubmitTaskFormRequest(
            task_id=task_id, variables={"doc": value})), INVALID, "FORM_FIELD_VALIDATION_FAILED")
        assert (got.info.metadata["form_field"], got.info.metadata["constraint"]) == ("doc", "type")
    # A variable that is no form field is set as given, and writes no form field detail.
    forms.tasks.SubmitTaskForm(task_pb2.SubmitTaskFormRequest(task_id=task_id, variables={
        "doc": typed("text"), "extra": file_value(b"x", filename="x.txt")}))
    history = api.stub(history_pb2_grpc.HistoryServiceStub)
    submitted = history.QueryHistoricDetails(history_pb2.QueryHistoricDetailsRequest(
        task_id=task_id, form_fields=True)).historic_details
    assert [(d.field_id, d.field_value) for d in submitted] == [("doc", "text")]


# -- decisions -------------------------------------------------------------------------------------------


def test_a_decision_sees_a_json_object_as_its_document(api) -> None:  # type: ignore[no-untyped-def]
    """EvaluateDecision (its inputs are variables too): the Objects `1` and `4` in JSON are the
    numbers they spell, so the dinner decisions decide as with the numbers themselves."""
    from flowkeeper.engine.v1 import decision_definition_pb2
    from tests.engine.dmn_support import Decisions, Ref, rows

    decisions = Decisions(api)
    dish, season = unique("dish"), unique("season")
    decisions.deploy_dinner(dish=dish, season=season)
    expected = decisions.evaluate(dish, {"month": 1, "guestCount": 4})
    got = rows(decisions.decisions.EvaluateDecision(decision_definition_pb2.EvaluateDecisionRequest(
        definition=Ref(key=dish), variables={
            name: object_value(str(number), objectTypeName="java.lang.Integer", serializationDataFormat="application/json")
            for name, number in (("month", 1), ("guestCount", 4))})))
    assert got == expected and expected
