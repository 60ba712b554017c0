"""Engine incidents (seed 000): ExecutionService.CreateIncident, IncidentService get, resolve,
annotations, and incidents ending with their executions."""

from __future__ import annotations

from datetime import timedelta

import grpc

from flowkeeper.engine.v1 import execution_pb2, incident_pb2, process_instance_pb2
from tests.engine.failure_support import Failures, Inc, key, one_task
from tests.support import expect_error, unique


def _started(api, tenant: str = ""):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    process_key = key("inc")
    definition_id = engine.deploy_inline(process_key, one_task(process_key, unique("topic")), tenant=tenant)
    instance_id = engine.start_id(definition_id)
    return engine, process_key, definition_id, instance_id


def test_create_incident_returns_every_documented_field(api, server):  # type: ignore[no-untyped-def]
    engine, process_key, definition_id, instance_id = _started(api)
    execution_id = engine.at(instance_id, "Work")
    created = engine.create_incident(execution_id, "aType", configuration="aConfiguration", message="anIncidentMessage")

    assert created.id
    assert created.process_definition_id == definition_id
    assert created.process_definition_key == process_key
    assert created.process_instance_id == instance_id
    assert created.execution_id == execution_id
    assert created.incident_timestamp.ToDatetime().replace(tzinfo=None) == server.clock.now().replace(tzinfo=None)
    assert created.incident_type == "aType"
    assert created.activity_id == "Work" and created.failed_activity_id == "Work"
    # A new incident is its own cause and root cause.
    assert created.cause_incident_id == created.id and created.root_cause_incident_id == created.id
    assert created.configuration == "aConfiguration"
    assert created.tenant_id == ""
    assert created.incident_message == "anIncidentMessage"
    assert created.job_definition_id == ""
    assert created.annotation == ""
    assert created.state == Inc.STATE_OPEN and not created.HasField("end_time")
    assert created.desk_incident_id == "" and created.desk_link_error == ""
    assert engine.incident(created.id) == created


def test_create_incident_without_configuration_or_message(api):  # type: ignore[no-untyped-def]
    engine, _, _, instance_id = _started(api)
    created = engine.create_incident(engine.at(instance_id, "Work"), "bare")
    assert (created.configuration, created.incident_message) == ("", "")


def test_create_incident_errors(api):  # type: ignore[no-untyped-def]
    engine, _, _, instance_id = _started(api)
    execution_id = engine.at(instance_id, "Work")

    missing = expect_error(lambda: engine.create_incident(execution_id, ""), grpc.StatusCode.INVALID_ARGUMENT,
                           "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["incident_type"]

    unknown = expect_error(lambda: engine.create_incident("no-such-execution", "aType"), grpc.StatusCode.NOT_FOUND,
                           "EXECUTION_NOT_FOUND")
    assert unknown.info.metadata["id"] == "no-such-execution"

    for reserved in ("failedJob", "failedExternalTask"):
        failure = expect_error(lambda: engine.create_incident(execution_id, reserved),
                               grpc.StatusCode.INVALID_ARGUMENT, "RESERVED_INCIDENT_TYPE")
        assert failure.fields == ["incident_type"]

    too_long = expect_error(lambda: engine.create_incident(execution_id, "x" * 256),
                            grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert too_long.fields == ["incident_type"]
    too_long = expect_error(lambda: engine.create_incident(execution_id, "t", configuration="c" * 1001),
                            grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert too_long.fields == ["configuration"]
    # Nothing was created by the failed calls.
    assert engine.incident_ids(execution_id=execution_id) == set()


def test_create_incident_on_an_execution_that_only_holds_children(api):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    instance = engine.deploy_and_start("parallel_review.bpmn")
    failure = expect_error(lambda: engine.create_incident(instance.id, "aType"), grpc.StatusCode.FAILED_PRECONDITION,
                           "EXECUTION_NOT_AT_ACTIVITY")
    assert [(v.type, v.subject) for v in failure.precondition.violations] == [("EXECUTION_NOT_AT_ACTIVITY",
                                                                              instance.id)]
    # A concurrent child at an activity takes one.
    child = engine.at(instance.id, "ReviewLegal")
    assert engine.create_incident(child, "aType").activity_id == "ReviewLegal"


def test_incidents_of_other_tenants_are_invisible(api, server):  # type: ignore[no-untyped-def]
    tenant = unique("tenant")
    engine, _, _, instance_id = _started(api, tenant=tenant)
    execution_id = engine.at(instance_id, "Work")
    created = engine.create_incident(execution_id, "aType")
    assert created.tenant_id == tenant

    outsider = Failures(server.api(server.token(tenants=("other",))))
    expect_error(lambda: outsider.incident(created.id), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    expect_error(lambda: outsider.create_incident(execution_id, "aType"), grpc.StatusCode.NOT_FOUND,
                 "EXECUTION_NOT_FOUND")
    expect_error(lambda: outsider.resolve(created.id), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    assert outsider.incident_ids(process_instance_id=instance_id) == set()
    insider = Failures(server.api(server.token(tenants=(tenant,))))
    assert insider.incident(created.id).id == created.id


def test_get_unknown_incident(api):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    expect_error(lambda: engine.incident("nope"), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    missing = expect_error(lambda: engine.incident(""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["id"]


def test_resolve_a_custom_incident(api, server):  # type: ignore[no-untyped-def]
    engine, _, _, instance_id = _started(api)
    execution_id = engine.at(instance_id, "Work")
    first = engine.create_incident(execution_id, "aType", message="first")
    second = engine.create_incident(execution_id, "aType", message="second")
    server.clock.advance(timedelta(minutes=5))

    resolved = engine.resolve(first.id)
    assert resolved.state == Inc.STATE_RESOLVED
    assert resolved.end_time.ToDatetime().replace(tzinfo=None) == server.clock.now().replace(tzinfo=None)
    assert engine.incident(first.id) == resolved
    # Only that incident ended; the execution still runs and the other stays open.
    assert engine.incident(second.id).state == Inc.STATE_OPEN
    assert engine.incident_ids(execution_id=execution_id) == {second.id}
    assert engine.incident_ids(execution_id=execution_id, states=[Inc.STATE_RESOLVED]) == {first.id}
    assert engine.query(process_instance_id=instance_id, activity_id="Work") == {execution_id}

    again = expect_error(lambda: engine.resolve(first.id), grpc.StatusCode.FAILED_PRECONDITION, "INCIDENT_NOT_OPEN")
    assert again.info.metadata["state"] == "RESOLVED"
    expect_error(lambda: engine.resolve("nope"), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    missing = expect_error(lambda: engine.resolve(""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["incident_id"]


def test_annotations(api):  # type: ignore[no-untyped-def]
    engine, _, _, instance_id = _started(api)
    created = engine.create_incident(engine.at(instance_id, "Work"), "aType")
    stub = engine.incidents

    annotated = stub.SetIncidentAnnotation(incident_pb2.SetIncidentAnnotationRequest(
        incident_id=created.id, annotation="looked at it: the card provider is down")).incident
    assert annotated.annotation == "looked at it: the card provider is down"
    assert engine.incident(created.id).annotation == annotated.annotation

    replaced = stub.SetIncidentAnnotation(incident_pb2.SetIncidentAnnotationRequest(
        incident_id=created.id, annotation="a" * 4000)).incident
    assert replaced.annotation == "a" * 4000

    cleared = stub.ClearIncidentAnnotation(incident_pb2.ClearIncidentAnnotationRequest(incident_id=created.id)).incident
    assert cleared.annotation == "" and engine.incident(created.id).annotation == ""
    # Clearing twice is not an error.
    stub.ClearIncidentAnnotation(incident_pb2.ClearIncidentAnnotationRequest(incident_id=created.id))

    # Ended incidents keep taking annotations.
    engine.resolve(created.id)
    after = stub.SetIncidentAnnotation(incident_pb2.SetIncidentAnnotationRequest(
        incident_id=created.id, annotation="fixed by restarting the provider")).incident
    assert after.annotation == "fixed by restarting the provider" and after.state == Inc.STATE_RESOLVED

    empty = expect_error(lambda: stub.SetIncidentAnnotation(incident_pb2.SetIncidentAnnotationRequest(
        incident_id=created.id, annotation="")), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert empty.fields == ["annotation"]
    too_long = expect_error(lambda: stub.SetIncidentAnnotation(incident_pb2.SetIncidentAnnotationRequest(
        incident_id=created.id, annotation="a" * 4001)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert too_long.fields == ["annotation"]
    expect_error(lambda: stub.SetIncidentAnnotation(incident_pb2.SetIncidentAnnotationRequest(
        incident_id="nope", annotation="x")), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    expect_error(lambda: stub.ClearIncidentAnnotation(incident_pb2.ClearIncidentAnnotationRequest(
        incident_id="nope")), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    missing = expect_error(lambda: stub.ClearIncidentAnnotation(incident_pb2.ClearIncidentAnnotationRequest()),
                           grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["incident_id"]
    assert engine.incident(created.id).annotation == "fixed by restarting the provider"


def test_incidents_are_deleted_with_their_execution(api, server):  # type: ignore[no-untyped-def]
    engine, _, _, instance_id = _started(api)
    execution_id = engine.at(instance_id, "Work")
    created = engine.create_incident(execution_id, "aType", message="stuck")
    server.clock.advance(timedelta(seconds=30))
    engine.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance_id,
                                                                                            reason="cancelled"))
    ended = engine.incident(created.id)
    assert ended.state == Inc.STATE_DELETED
    assert ended.end_time.ToDatetime().replace(tzinfo=None) == server.clock.now().replace(tzinfo=None)
    assert engine.incident_ids(process_instance_id=instance_id) == set()
    assert engine.incident_ids(process_instance_id=instance_id, states=[Inc.STATE_DELETED]) == {created.id}
    expect_error(lambda: engine.resolve(created.id), grpc.StatusCode.FAILED_PRECONDITION, "INCIDENT_NOT_OPEN")


def test_incidents_follow_a_path_that_moves_to_a_concurrent_child(api):  # type: ignore[no-untyped-def]
    """An incident on the instance's single path moves with the path when a fork turns it into
    a concurrent child: it stays on the execution at its activity."""
    engine = Failures(api)
    process_key = key("move")
    body = f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="F0" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="Fa" sourceRef="Fork" targetRef="Hold" />
  <bpmn:sequenceFlow id="Fb" sourceRef="Fork" targetRef="Inner" />
  <bpmn:userTask id="Hold" />
  <bpmn:sequenceFlow id="Fh" sourceRef="Hold" targetRef="HoldEnd" />
  <bpmn:endEvent id="HoldEnd" />
  <bpmn:subProcess id="Inner">
    <bpmn:startEvent id="InnerStart" />
    <bpmn:sequenceFlow id="Fi0" sourceRef="InnerStart" targetRef="First" />
    <bpmn:userTask id="First" />
    <bpmn:sequenceFlow id="Fi1" sourceRef="First" targetRef="InnerFork" />
    <bpmn:parallelGateway id="InnerFork" />
    <bpmn:sequenceFlow id="Fi2" sourceRef="InnerFork" targetRef="X" />
    <bpmn:sequenceFlow id="Fi3" sourceRef="InnerFork" targetRef="Y" />
    <bpmn:userTask id="X" />
    <bpmn:userTask id="Y" />
    <bpmn:sequenceFlow id="Fx" sourceRef="X" targetRef="XEnd" />
    <bpmn:sequenceFlow id="Fy" sourceRef="Y" targetRef="YEnd" />
    <bpmn:endEvent id="XEnd" />
    <bpmn:endEvent id="YEnd" />
  </bpmn:subProcess>
  <bpmn:sequenceFlow id="Fe" sourceRef="Inner" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""
    instance_id = engine.start_id(engine.deploy_inline(process_key, body))
    first = engine.at(instance_id, "First")
    created = engine.create_incident(first, "aType")
    [task] = [t for t in engine.tasks_of(instance_id) if t.task_definition_key == "First"]
    engine.complete(task.id)
    # The incident stays on an execution of the instance; no execution is at First any more.
    moved = engine.incident(created.id)
    assert moved.state == Inc.STATE_OPEN
    assert moved.execution_id in {e.id for e in engine.tree(instance_id)}
    assert engine.query(incident_id=created.id) == {moved.execution_id}


def test_query_executions_by_incident(api):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    process_key = key("qe")
    definition_id = engine.deploy_inline(process_key, one_task(process_key, unique("topic")))
    one, two, three = (engine.start_id(definition_id) for _ in range(3))
    e1, e2, e3 = (engine.at(i, "Work") for i in (one, two, three))
    kind = unique("type")
    other = unique("other")
    i1 = engine.create_incident(e1, kind, message="card 100% declined")
    engine.create_incident(e2, kind, message="card declined")
    i3 = engine.create_incident(e3, other, message="timeout")

    assert engine.query(incident_type=kind) == {e1, e2}
    assert engine.query(incident_type=other) == {e3}
    assert engine.query(incident_id=i1.id) == {e1}
    assert engine.query(incident_id=i3.id) == {e3}
    assert engine.query(process_definition_id=definition_id, incident_message="card declined") == {e2}
    assert engine.query(process_definition_id=definition_id, incident_message="card") == set()
    assert engine.query(process_definition_id=definition_id, incident_message_like="declined") == {e1, e2}
    # Substring match: % and _ are plain characters.
    assert engine.query(process_definition_id=definition_id, incident_message_like="100%") == {e1}
    assert engine.query(process_definition_id=definition_id, incident_message_like="c_rd") == set()
    assert engine.query(incident_type=kind, incident_message_like="100") == {e1}
    assert engine.query(incident_id=i1.id, incident_type=other) == set()
    count = engine.executions.CountExecutions(execution_pb2.CountExecutionsRequest(incident_type=kind)).count
    assert count == 2

    engine.resolve(i1.id)
    assert engine.query(incident_type=kind) == {e2}
    assert engine.query(incident_id=i1.id) == set()
