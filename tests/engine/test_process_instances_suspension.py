"""SetProcessInstancesSuspended (the document's PUT /process-instance/suspended): running process
instances suspended or activated now, all or none — by id and query, or every running instance of
a definition or of a key's versions — each as SuspendProcessInstance does it."""

from __future__ import annotations

from typing import Any

import grpc

from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.history_support import OperationLog
from tests.engine.resources.modeler import render
from tests.engine.work_support import key, waiting
from tests.support import expect_error, unique


def _suspend(h: OperationLog, suspended: bool = True, **fields: Any) -> int:
    return h.instances.SetProcessInstancesSuspended(pi.SetProcessInstancesSuspendedRequest(
        suspended=suspended, **fields)).process_instances_changed


def _states(h: OperationLog, *instance_ids: str) -> list[str]:
    return [pi.ProcessInstance.State.Name(h.instance(i).state) for i in instance_ids]


def test_by_ids_and_query_and_by_definition(api) -> None:  # type: ignore[no-untyped-def]
    h = OperationLog(api)
    process_key = key("held")
    v1 = h.deploy_inline(process_key, waiting(process_key))
    v2 = h.deploy_inline(process_key, waiting(process_key))
    tenant = unique("tenant")
    theirs = h.definition_id(h.deploy(contents={f"{process_key}.bpmn": render(waiting(process_key), process_key).encode()},
                                      tenant=tenant), process_key)
    a, b, c = (h.start_id(v1, business_key=f"{process_key}-{i}") for i in range(3))
    d, e = h.start_id(v2), h.start_id(theirs)

    assert _suspend(h, process_instance_ids=[a, a],
                    process_instance_query=pi.CountProcessInstancesRequest(business_key=f"{process_key}-1")) == 2
    assert _states(h, a, b, c) == ["STATE_SUSPENDED", "STATE_SUSPENDED", "STATE_ACTIVE"]
    assert [(e.operation_type, e.property, e.new_value) for e in h.entries(process_instance_id=a)] == [
        ("Suspend", "suspended", "true")]
    # Already in the state asked for: not counted, not logged again.
    assert _suspend(h, process_definition_id=v1) == 1
    assert _states(h, a, b, c, d) == ["STATE_SUSPENDED"] * 3 + ["STATE_ACTIVE"]
    assert len(h.entries(process_instance_id=a)) == 1
    # A key's versions of no tenant, then of the tenant: the definitions themselves stay active.
    assert _suspend(h, suspended=False, process_definition_key=process_key,
                    process_definition_without_tenant_id=True) == 3
    assert _suspend(h, process_definition_key=process_key, process_definition_tenant_id=tenant) == 1
    assert _states(h, a, d, e) == ["STATE_ACTIVE", "STATE_ACTIVE", "STATE_SUSPENDED"]
    assert h.start_id(theirs)  # the definition still starts instances
    assert _suspend(h, process_definition_key=process_key) == 5  # every version the token sees: a-d, the new one
    # An ended instance is refused by name, and nothing changes.
    ended = h.start_id(v2)
    h.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=ended))
    failure = expect_error(lambda: _suspend(h, suspended=False, process_instance_ids=[a, ended]),
                           grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_ENDED")
    assert failure.info is not None and failure.info.metadata["field_name"] == "process_instance_ids[1]"
    assert _states(h, a) == ["STATE_SUSPENDED"]


def test_refusals(api) -> None:  # type: ignore[no-untyped-def]
    h = OperationLog(api)
    process_key = key("refused")
    definition = h.deploy_inline(process_key, waiting(process_key))
    for fields, status, reason, field_name in (
        ({}, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD", "process_instance_ids"),
        ({"process_instance_ids": ["x"], "process_definition_id": definition}, grpc.StatusCode.INVALID_ARGUMENT,
         "INVALID_FIELD", "process_definition_id"),
        ({"process_definition_id": definition, "process_definition_key": process_key},
         grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD", "process_definition_key"),
        ({"process_definition_id": definition, "process_definition_tenant_id": "t"},
         grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD", "process_definition_tenant_id"),
        ({"process_instance_query": pi.CountProcessInstancesRequest(business_key=unique("nobody"))},
         grpc.StatusCode.INVALID_ARGUMENT, "EMPTY_SELECTION", "process_instance_query"),
        ({"process_instance_ids": ["no-such-instance"]}, grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND",
         "process_instance_ids[0]"),
        ({"process_definition_id": "nope"}, grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND",
         "process_definition_id"),
        ({"process_definition_key": unique("no_key")}, grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND",
         "process_definition_key"),
    ):
        failure = expect_error(lambda: _suspend(h, **fields), status, reason)
        named = failure.fields or [failure.info.metadata.get("field_name")]
        assert named == [field_name], (fields, named)
