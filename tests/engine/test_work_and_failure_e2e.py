"""The issue's end-to-end flow: a worker fetches, fails with retries, is fetched again after the
retry timeout, fails to 0 -> an incident on the right execution and activity (and a desk
incident) -> QueryExecutions finds it by incident type -> RestartFailedStep with new params -> a
worker fetches the task with those params -> completes -> the instance moves on, the incident is
resolved and the desk incident mitigated."""

from __future__ import annotations

from datetime import timedelta

from flowkeeper.engine.v1 import incident_pb2 as engine_pb2
from flowkeeper.ops.v1 import incident_pb2 as ops_pb2
from tests.engine.failure_support import Failures, Inc, Step, key, long, one_task, string
from tests.engine.support import plain
from tests.ops.desk import Desk
from tests.support import unique


def test_fail_retry_incident_restart_complete(api, server):  # type: ignore[no-untyped-def]
    engine, desk = Failures(api), Desk(server, api)
    owner = desk.user()
    process_key, topic = key("e2e"), unique("charge-card")
    definition_id = engine.deploy_inline(process_key, one_task(process_key, topic, activity="ChargeCard"))
    engine.incidents.SetIncidentDeskLink(engine_pb2.SetIncidentDeskLinkRequest(
        process_definition_key=process_key, enabled=True, severity=2, owned_by=[owner.id]))
    instance_id = engine.start_id(definition_id, {"cardNumber": "4000-0000-0000-0002", "amount": 1200})
    wanted = engine.topic(topic, lock=300, variables=["cardNumber", "amount"])

    # 1. A worker fetches and fails with retries left and a retry timeout.
    [first] = engine.fetch("worker-1", wanted)
    task_id, execution_id = first.external_task.id, first.external_task.execution_id
    assert plain(first.variables) == {"cardNumber": ("4000-0000-0000-0002", "String"), "amount": (1200, "Integer")}
    engine.fail(task_id, "worker-1", retries=2, timeout=60, message="card declined by issuer")
    # 2. Not fetchable until the retry timeout passes; then fetched again.
    assert engine.fetch("worker-2", wanted) == []
    server.clock.advance(timedelta(seconds=60))
    [second] = engine.fetch("worker-2", wanted)
    assert second.external_task.id == task_id and second.external_task.retries == 2
    engine.fail(task_id, "worker-2", retries=1, timeout=30, message="card declined by issuer")
    server.clock.advance(timedelta(seconds=30))
    [third] = engine.fetch("worker-3", wanted)
    # 3. Failing with 0 retries opens an incident on the task's execution and activity.
    engine.fail(task_id, "worker-3", retries=0, message="card declined: insufficient funds")
    [incident_id] = engine.incident_ids(process_instance_id=instance_id)
    incident = engine.incident(incident_id)
    assert (incident.incident_type, incident.execution_id, incident.activity_id, incident.failed_activity_id) == (
        "failedExternalTask", execution_id, "ChargeCard", "ChargeCard")
    assert (incident.configuration, incident.incident_message) == (task_id, "card declined: insufficient funds")
    assert incident.process_definition_id == definition_id and incident.state == Inc.STATE_OPEN
    assert engine.fetch("worker-4", wanted) == []

    # The desk incident opened with it, filed by the engine's own desk user.
    filed = desk.get(incident.desk_incident_id)
    assert filed.stage.stage.name == "triage" and filed.sync_metadata.external_record_id == incident.id
    assert filed.created_by.display_name == "process-engine" and [u.id for u in filed.owned_by] == [owner.id]

    # 4. QueryExecutions finds the execution by the incident type (and the others by nothing).
    assert engine.query(incident_type="failedExternalTask", process_definition_id=definition_id) == {execution_id}
    assert engine.query(incident_id=incident.id) == {execution_id}
    assert engine.query(incident_message_like="insufficient", process_definition_id=definition_id) == {execution_id}

    # 5. The failed step, restarted with new params.
    [step] = engine.steps_of(instance_id, Step.STATE_FAILED)
    assert (step.external_task_id, step.incident_id, step.attempts) == (task_id, incident.id, 3)
    assert step.last_error == "card declined: insufficient funds"
    server.clock.advance(timedelta(minutes=10))
    params = {"cardNumber": string("4111-1111-1111-1111"), "amount": long(1150)}
    response = engine.restart(step.id, params)
    assert (response.data.process_id, response.data.process_step_id, response.version) == (instance_id, step.id, "v1")
    assert engine.step(step.id).state == Step.STATE_STARTED
    assert engine.incident(incident.id).state == Inc.STATE_RESOLVED
    assert engine.query(incident_type="failedExternalTask", process_definition_id=definition_id) == set()
    assert desk.get(incident.desk_incident_id).stage.stage.name == "mitigated"

    # 6. A worker fetches it at once, with those params; completes; the instance moves on.
    [again] = engine.fetch("worker-5", wanted)
    assert again.external_task.id == task_id
    assert plain(again.variables) == {"cardNumber": ("4111-1111-1111-1111", "String"), "amount": (1150, "Long")}
    engine.complete_external(task_id, "worker-5", {"charged": True})
    assert engine.activities(instance_id) == ["Wait"]
    assert engine.variables(instance_id)["charged"] == (True, "Boolean")
    done = engine.step(step.id)
    assert done.state == Step.STATE_COMPLETED and done.attempts == 4 and dict(done.params) == params
    ended = engine.incident(incident.id)
    assert ended.state == Inc.STATE_RESOLVED and ended.desk_incident_id == incident.desk_incident_id
    timeline = desk.incidents.ListIncidentTimeline(ops_pb2.ListIncidentTimelineRequest(
        incident_id=incident.desk_incident_id)).entries
    assert [e.kind for e in timeline] == [ops_pb2.INCIDENT_TIMELINE_ENTRY_KIND_CREATED,
                                          ops_pb2.INCIDENT_TIMELINE_ENTRY_KIND_STAGE_CHANGED]
    assert timeline[-1].actor.display_name == "admin"
    assert timeline[-1].notes == f"engine incident {incident.id} (failedExternalTask) resolved"
