"""A NUL character in any string of any request is INVALID_FIELD naming the string, before the
call begins: PostgreSQL cannot store NUL (the driver fails inside the transaction), SQLite
would keep it, so both backends refuse it alike and nothing is written."""

from __future__ import annotations

import grpc
from google.protobuf import struct_pb2

from flowkeeper.engine.v1 import (
    external_task_pb2,
    external_task_pb2_grpc,
    process_definition_pb2,
    process_definition_pb2_grpc,
    types_pb2,
)
from flowkeeper.ops.v1 import incident_pb2, incident_pb2_grpc, tag_pb2, tag_pb2_grpc
from tests.support import expect_error, unique


def _refused(call, field: str) -> None:  # type: ignore[no-untyped-def]
    got = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert got.fields == [field]
    assert got.info.metadata["field_name"] == field
    assert "NUL" in got.message


def test_nul_in_a_string_field_is_refused_and_nothing_is_written(server):  # type: ignore[no-untyped-def]
    api = server.api(server.token(unique("nul-writer")))
    incidents = api.stub(incident_pb2_grpc.IncidentServiceStub)
    title = unique("nul")
    for request, field in [
        (incident_pb2.CreateIncidentRequest(title=f"{title}\x00tail"), "title"),
        (incident_pb2.CreateIncidentRequest(title=title, body="a\x00b"), "body"),
        (incident_pb2.CreateIncidentRequest(title=title, owned_by=["DEVU-1", "DEVU-\x00"]), "owned_by[1]"),
        (incident_pb2.CreateIncidentRequest(
            title=title, custom_fields=struct_pb2.Struct(fields={"tnt__x": struct_pb2.Value(string_value="\x00")})),
         "custom_fields[tnt__x]"),
        (incident_pb2.CreateIncidentRequest(
            title=title, custom_fields=struct_pb2.Struct(fields={"tnt__\x00": struct_pb2.Value(bool_value=True)})),
         "custom_fields[tnt__\x00]"),
    ]:
        _refused(lambda: incidents.CreateIncident(request), field)
    _refused(lambda: incidents.ListIncidents(incident_pb2.ListIncidentsRequest(title=["x\x00"])), "title[0]")
    mine = incidents.ListIncidents(incident_pb2.ListIncidentsRequest(title=[title, f"{title}\x00tail".replace("\x00", "")]))
    assert list(mine.incidents) == []
    tags = api.stub(tag_pb2_grpc.TagServiceStub)
    _refused(lambda: tags.CreateTag(tag_pb2.CreateTagRequest(name="t\x00")), "name")


def test_nul_in_engine_requests_is_refused_at_any_depth(server):  # type: ignore[no-untyped-def]
    api = server.api()
    definitions = api.stub(process_definition_pb2_grpc.ProcessDefinitionServiceStub)

    def start(variables):  # type: ignore[no-untyped-def]
        return lambda: definitions.StartProcessInstance(process_definition_pb2.StartProcessInstanceRequest(
            definition=process_definition_pb2.DefinitionRef(key=unique("p")), variables=variables))

    _refused(start({"a\x00": types_pb2.TypedValue(value=struct_pb2.Value(number_value=1))}), "variables[a\x00]")
    _refused(start({"a": types_pb2.TypedValue(value=struct_pb2.Value(string_value="x\x00"), type="String")}),
             "variables[a].value")
    nested = struct_pb2.Value(list_value=struct_pb2.ListValue(values=[
        struct_pb2.Value(string_value="ok"), struct_pb2.Value(struct_value=struct_pb2.Struct(
            fields={"k": struct_pb2.Value(string_value="\x00")}))]))
    _refused(start({"a": types_pb2.TypedValue(value=nested, type="Json")}), "variables[a].value[1][k]")
    _refused(start({"a": types_pb2.TypedValue(value=struct_pb2.Value(string_value="{}"), type="Object",
                                              value_info=struct_pb2.Struct(fields={
                                                  "serializationDataFormat": struct_pb2.Value(string_value="\x00")}))}),
             "variables[a].value_info[serializationDataFormat]")
    tasks = api.stub(external_task_pb2_grpc.ExternalTaskServiceStub)
    stream = tasks.StreamTasks(external_task_pb2.StreamTasksRequest(
        worker_id="w\x00", max_tasks=1, topics=[external_task_pb2.FetchTopic(topic_name="t")]))
    _refused(lambda: list(stream), "worker_id")


def test_zero_bytes_that_are_not_nul_pass(server):  # type: ignore[no-untyped-def]
    """An optional field set to false or 0, or a double, puts zero bytes on the wire: such
    requests are walked, and pass."""
    incidents = server.api().stub(incident_pb2_grpc.IncidentServiceStub)
    title = unique("zeros")
    created = incidents.CreateIncident(incident_pb2.CreateIncidentRequest(title=title)).incident
    request = incident_pb2.ListIncidentsRequest(title=[title], staged_info=incident_pb2.StagedInfoFilter(is_staged=False))
    assert b"\x00" in request.SerializeToString()
    assert [i.id for i in incidents.ListIncidents(request).incidents] == [created.id]
