"""Where the two halves meet: engine incidents open incidents on the incident desk, linked both
ways, and ending them moves the desk incident to `mitigated`."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest
from sqlalchemy import update

from flowkeeper.engine.v1 import deployment_pb2, process_definition_pb2, process_instance_pb2
from flowkeeper.engine.v1 import incident_pb2 as engine_pb2
from flowkeeper.ops.v1 import incident_pb2 as ops_pb2
from server.engine.failure_models import IncidentDeskLink
from tests.engine.failure_support import Failures, Inc, key, one_task
from tests.engine.job_support import failing_timer_start
from tests.engine.work_support import eventually
from tests.ops.desk import Desk
from tests.support import expect_error, unique


@pytest.fixture
def desk(server, api) -> Desk:  # type: ignore[no-untyped-def]
    return Desk(server, api)


def _link(engine: Failures, process_key: str, **fields) -> engine_pb2.SetIncidentDeskLinkResponse:  # type: ignore[no-untyped-def]
    return engine.incidents.SetIncidentDeskLink(engine_pb2.SetIncidentDeskLinkRequest(
        process_definition_key=process_key, enabled=True, **fields))


def _linked_process(engine: Failures, desk: Desk, **link):  # type: ignore[no-untyped-def]
    owner, part = desk.user(), desk.part()
    process_key = key("desk")
    definition_id = engine.deploy_inline(process_key, one_task(process_key, unique("topic")))
    _link(engine, process_key, severity=2, owned_by=[owner.id], applies_to_parts=[part.id], **link)
    return process_key, definition_id, owner, part


def _stage(desk: Desk, desk_id: str) -> str:
    return desk.get(desk_id).stage.stage.name


def test_set_and_get_a_desk_link(api, desk):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    owner, part = desk.user(), desk.part()
    process_key = key("link")
    saved = _link(engine, process_key, severity=1, owned_by=[owner.display_id], applies_to_parts=[part.id],
                  incident_types=["failedExternalTask", "failedExternalTask", "custom"]).desk_link
    assert saved.process_definition_key == process_key and saved.tenant_id == ""
    assert (saved.severity, list(saved.owned_by), list(saved.applies_to_parts)) == (1, [owner.id], [part.id])
    assert list(saved.incident_types) == ["failedExternalTask", "custom"]
    got = engine.incidents.GetIncidentDeskLink(engine_pb2.GetIncidentDeskLinkRequest(
        process_definition_key=process_key)).desk_link
    assert got == saved

    changed = _link(engine, process_key, severity=4).desk_link
    assert (changed.severity, list(changed.owned_by), list(changed.incident_types)) == (4, [], [])

    removed = engine.incidents.SetIncidentDeskLink(engine_pb2.SetIncidentDeskLinkRequest(
        process_definition_key=process_key, enabled=False))
    assert not removed.HasField("desk_link")
    expect_error(lambda: engine.incidents.GetIncidentDeskLink(engine_pb2.GetIncidentDeskLinkRequest(
        process_definition_key=process_key)), grpc.StatusCode.NOT_FOUND, "DESK_LINK_NOT_FOUND")


def test_desk_link_errors(api, desk, server):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    process_key = key("linkerr")
    missing = expect_error(lambda: engine.incidents.SetIncidentDeskLink(engine_pb2.SetIncidentDeskLinkRequest(
        enabled=True)), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["process_definition_key"]
    expect_error(lambda: engine.incidents.GetIncidentDeskLink(engine_pb2.GetIncidentDeskLinkRequest()),
                 grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    owner = desk.user()
    bad = expect_error(lambda: _link(engine, process_key, owned_by=[owner.id, "don:identity:flowkeeper:devu/999999"]),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ID")
    assert bad.fields == ["owned_by[1]"]
    bad = expect_error(lambda: _link(engine, process_key, applies_to_parts=["nonsense"]),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ID")
    assert bad.fields == ["applies_to_parts[0]"]
    bad = expect_error(lambda: _link(engine, process_key, severity=9), grpc.StatusCode.INVALID_ARGUMENT,
                       "INVALID_ENUM_VALUE")
    assert bad.fields == ["severity"]
    # Nothing was saved by the failed calls.
    expect_error(lambda: engine.incidents.GetIncidentDeskLink(engine_pb2.GetIncidentDeskLinkRequest(
        process_definition_key=process_key)), grpc.StatusCode.NOT_FOUND, "DESK_LINK_NOT_FOUND")
    tenant_bound = Failures(server.api(server.token(tenants=("t1",))))
    expect_error(lambda: tenant_bound.incidents.SetIncidentDeskLink(engine_pb2.SetIncidentDeskLinkRequest(
        process_definition_key=process_key, tenant_id="t2", enabled=True)), grpc.StatusCode.PERMISSION_DENIED,
        "TENANT_NOT_GRANTED")
    expect_error(lambda: tenant_bound.incidents.GetIncidentDeskLink(engine_pb2.GetIncidentDeskLinkRequest(
        process_definition_key=process_key, tenant_id="t2")), grpc.StatusCode.PERMISSION_DENIED,
        "TENANT_NOT_GRANTED")


def test_an_engine_incident_opens_a_desk_incident_and_resolving_it_mitigates_that(api, desk, server):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    process_key, definition_id, owner, part = _linked_process(engine, desk)
    instance_id = engine.start_id(definition_id)
    execution_id = engine.at(instance_id, "Work")
    created = engine.create_incident(execution_id, "paymentProviderDown", configuration="acme",
                                     message="the provider answered 503")

    assert created.desk_incident_id.startswith("don:core:flowkeeper:incident/")
    assert created.desk_link_error == ""
    filed = desk.get(created.desk_incident_id)
    assert filed.title == f"paymentProviderDown at Work in {process_key}"
    for text in (created.id, instance_id, execution_id, definition_id, "the provider answered 503", "acme"):
        assert text in filed.body
    assert (filed.source.label, filed.reported_by.label, filed.severity.label) == ("process engine", "system", "sev1")
    assert [u.id for u in filed.owned_by] == [owner.id] and [p.id for p in filed.applies_to_parts] == [part.id]
    assert filed.sync_metadata.external_record_id == created.id
    assert filed.sync_metadata.external_record_type == "engine_incident"
    assert filed.sync_metadata.origin_system == "flowkeeper-engine"
    assert filed.stage.stage.name == "triage"
    assert filed.identified_date == created.incident_timestamp
    # Raised through an RPC: the caller files it.
    assert filed.created_by.display_name == "admin"

    resolved = engine.resolve(created.id)
    assert resolved.desk_incident_id == created.desk_incident_id
    mitigated = desk.get(created.desk_incident_id)
    assert mitigated.stage.stage.name == "mitigated" and mitigated.HasField("mitigated_date")
    timeline = desk.incidents.ListIncidentTimeline(ops_pb2.ListIncidentTimelineRequest(
        incident_id=created.desk_incident_id)).entries
    last = timeline[-1]
    assert last.kind == ops_pb2.INCIDENT_TIMELINE_ENTRY_KIND_STAGE_CHANGED
    assert last.notes == f"engine incident {created.id} (paymentProviderDown) resolved"


def test_only_the_listed_incident_types_open_desk_incidents(api, desk):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    _, definition_id, _, _ = _linked_process(engine, desk, incident_types=["wanted"])
    execution_id = engine.at(engine.start_id(definition_id), "Work")
    assert engine.create_incident(execution_id, "unwanted").desk_incident_id == ""
    assert engine.create_incident(execution_id, "wanted").desk_incident_id != ""


def test_a_process_without_a_link_opens_no_desk_incident(api):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    process_key = key("nolink")
    instance_id = engine.start_id(engine.deploy_inline(process_key, one_task(process_key, unique("topic"))))
    created = engine.create_incident(engine.at(instance_id, "Work"), "aType")
    assert created.desk_incident_id == "" and created.desk_link_error == ""


def test_the_calling_process_link_files_the_whole_chain(api, desk):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    owner = desk.user()
    deployment = engine.deploy("call_parent.bpmn", "call_child.bpmn", "call_grandchild.bpmn")
    tenant_free_key = "call_parent"
    _link(engine, tenant_free_key, owned_by=[owner.id], incident_types=[unique("chainType")])
    link_type = engine.incidents.GetIncidentDeskLink(engine_pb2.GetIncidentDeskLinkRequest(
        process_definition_key=tenant_free_key)).desk_link.incident_types[0]
    parent = engine.start_id(engine.definition_id(deployment, "call_parent"), {"orderId": unique("o"), "amount": 1})
    [child] = [i.id for i in engine.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        super_process_instance_id=parent)).process_instances]
    [grandchild] = [i.id for i in engine.instances.QueryProcessInstances(
        process_instance_pb2.QueryProcessInstancesRequest(super_process_instance_id=child)).process_instances]
    root = engine.create_incident(engine.at(grandchild, "GrandchildWork"), link_type, message="ledger offline")
    chain = [engine.incident(i) for i in engine.incident_ids(root_cause_incident_id=root.id)]
    assert len(chain) == 3 and {c.desk_incident_id for c in chain} == {root.desk_incident_id} != {""}
    filed = desk.get(root.desk_incident_id)
    assert "call_grandchild" in filed.title and [u.id for u in filed.owned_by] == [owner.id]
    engine.resolve(root.id)
    assert _stage(desk, root.desk_incident_id) == "mitigated"
    engine.incidents.SetIncidentDeskLink(engine_pb2.SetIncidentDeskLinkRequest(process_definition_key=tenant_free_key))


def test_a_deleted_engine_incident_mitigates_its_desk_incident(api, desk):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    _, definition_id, _, _ = _linked_process(engine, desk)
    instance_id = engine.start_id(definition_id)
    created = engine.create_incident(engine.at(instance_id, "Work"), "aType")
    engine.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance_id))
    assert engine.incident(created.id).state == Inc.STATE_DELETED
    assert _stage(desk, created.desk_incident_id) == "mitigated"
    last = desk.incidents.ListIncidentTimeline(ops_pb2.ListIncidentTimelineRequest(
        incident_id=created.desk_incident_id)).entries[-1]
    assert last.notes == f"engine incident {created.id} (aType) deleted (its execution was removed)"


def test_a_desk_incident_closed_by_people_stays_closed(api, desk):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    _, definition_id, _, _ = _linked_process(engine, desk)
    created = engine.create_incident(engine.at(engine.start_id(definition_id), "Work"), "aType")
    desk.incidents.UpdateIncident(ops_pb2.UpdateIncidentRequest(
        id=created.desk_incident_id, stage=ops_pb2.StageInput(stage="canceled")))
    engine.resolve(created.id)
    assert _stage(desk, created.desk_incident_id) == "canceled"


def test_a_desk_that_refuses_leaves_the_engine_incident_open_with_the_reason(api, desk, server):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    process_key, definition_id, _, _ = _linked_process(engine, desk)

    def corrupt(tx):  # type: ignore[no-untyped-def]
        tx.execute(update(IncidentDeskLink).where(IncidentDeskLink.process_definition_key == process_key)
                   .values(owned_by=["don:identity:flowkeeper:devu/987654321"]))

    server.db.run(corrupt, write=True)  # an owner that no longer exists
    created = engine.create_incident(engine.at(engine.start_id(definition_id), "Work"), "aType")
    assert created.state == Inc.STATE_OPEN and created.desk_incident_id == ""
    assert created.desk_link_error.startswith("INVALID_ID: ")
    assert engine.incident(created.id).desk_link_error == created.desk_link_error
    engine.resolve(created.id)  # nothing to mitigate


def test_a_failing_timer_start_files_a_desk_incident_without_an_instance(api, desk, server):  # type: ignore[no-untyped-def]
    """The desk incident of a start that failed before any instance existed; deleting the
    deployment mitigates it and removes the engine incident with the definition."""
    engine = Failures(api)
    process_key = key("nightly")
    definition_id = engine.deploy_inline(process_key, failing_timer_start(process_key))
    _link(engine, process_key, severity=3)
    server.clock.advance(timedelta(hours=1))
    [incident] = eventually(lambda: list(engine.incidents.QueryIncidents(engine_pb2.QueryIncidentsRequest(
        process_definition_id=definition_id)).incidents) or None, what="the failed start's incident")
    filed = desk.get(incident.desk_incident_id)
    assert filed.title == f"failedJob at Start in {process_key}"
    assert "none (the start event's job failed before one existed)" in filed.body
    assert "- execution:" not in filed.body and incident.configuration in filed.body

    # Deleting the deployment tells the desk, then removes the incident with the definition.
    deployment = engine.definitions.GetProcessDefinition(process_definition_pb2.GetProcessDefinitionRequest(
        id=definition_id)).process_definition.deployment_id
    engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment))
    assert _stage(desk, incident.desk_incident_id) == "mitigated"
    expect_error(lambda: engine.incident(incident.id), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
