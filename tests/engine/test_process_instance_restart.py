"""RestartProcessInstances and RestartProcessInstancesAsync: ended instances (cancelled or
completed) become new instances of their definition, started at the instructions' activities
with their last or initial variables, their business key and tenant; all or nothing; the
operation log, the history and the batch."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from flowkeeper.engine.v1 import batch_pb2, history_pb2, incident_pb2, job_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.batch_support import quiet, run_jobs  # noqa: F401
from tests.engine.restart_support import I, Restarts, before, cancel
from tests.engine.support import typed
from tests.support import ServerHandle, expect_error

State = pi.ProcessInstance


@pytest.fixture
def engine(api) -> Restarts:  # type: ignore[no-untyped-def]
    return Restarts(api)


def test_a_cancelled_instance_restarts_at_the_activity_with_its_last_variables(engine: Restarts) -> None:
    definition = engine.definition()
    [old] = engine.started(definition, 1, name="Ada", note="gone soon")
    engine.instances.ModifyVariables(pi.ModifyVariablesRequest(
        process_instance_id=old, modifications={"amount": typed(7)},
        deletions=["note"]))
    engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=old, reason="by mistake"))

    [new] = engine.restart(definition, [old], before("Approve"))
    assert (new.definition_id, new.business_key, new.restarted_process_instance_id) == (definition, "order-0", old)
    assert new.id != old and new.state == State.STATE_ACTIVE and new.start_user_id == "admin"
    assert engine.tasks_at(new.id) == ["Approve"]
    assert engine.variables(new.id) == {"amount": (7, "Integer"), "name": ("Ada", "String")}  # deleted: not back
    # The ended instance stays as it was.
    ended = engine.instance(old)
    assert (ended.state, ended.delete_reason, ended.restarted_process_instance_id) == (
        State.STATE_EXTERNALLY_TERMINATED, "by mistake", "")
    # The history: no start event ran; the path began at Approve.
    passes = engine.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
        process_instance_id=new.id)).historic_activity_instances
    assert [p.activity_id for p in passes] == ["Approve"]
    # The new instance goes on as the model says.
    [task] = engine.tasks_of(new.id)
    engine.complete(task.id)
    assert engine.instance(new.id).state == State.STATE_COMPLETED


def test_a_completed_instance_restarts_with_its_initial_variables_without_its_business_key(engine: Restarts) -> None:
    definition = engine.definition(tenant="tenant-restart")
    [old] = engine.started(definition, 1, name="Ada")
    for _ in range(2):
        [task] = engine.tasks_of(old)
        engine.complete(task.id, {"amount": 500, "approved": True})
    assert engine.instance(old).state == State.STATE_COMPLETED

    [new] = engine.restart(definition, [old], before("Review"), before("Approve"), initial_variables=True,
                           without_business_key=True)
    assert (new.business_key, new.tenant_id, new.restarted_process_instance_id) == ("", "tenant-restart", old)
    assert engine.tasks_at(new.id) == ["Approve", "Review"]
    assert engine.variables(new.id) == {"amount": (5, "Integer"), "name": ("Ada", "String")}
    # The variables came with the start: the history marks them initial, as a start's.
    details = engine.history.QueryHistoricDetails(history_pb2.QueryHistoricDetailsRequest(
        process_instance_id=new.id)).historic_details
    assert sorted(d.variable_name for d in details if d.initial) == ["amount", "name"]


def test_restart_by_query_takes_the_ended_instances_of_the_definition_and_logs_once(engine: Restarts) -> None:
    definition = engine.definition()
    ended = engine.cancelled(definition, 2)
    running = engine.started(definition, 1)
    query = pi.CountProcessInstancesRequest(business_key_like="order-%")
    started = engine.restart(definition, [ended[1]], before("Gate"), query=query)
    # the id given first, then the query's (ended ones of the definition only), each once
    assert [s.restarted_process_instance_id for s in started] == [ended[1], ended[0]]
    assert running[0] not in engine.restarts_of(definition)
    assert [engine.tasks_at(s.id) for s in started] == [["Review"], ["Review"]]  # amount 5: the low flow
    [operation] = {e.operation_id for e in engine.entries(operation_type="RestartProcessInstance",
                                                          process_definition_id=definition)}
    entries = engine.entries(operation_id=operation)
    assert {e.property: e.new_value for e in entries} == {"nrOfInstances": "2", "async": "false"}
    assert {(e.entity_type, e.process_instance_id, e.batch_id) for e in entries} == {("ProcessInstance", "", "")}
    # A query of another definition finds nothing here.
    expect_error(lambda: engine.restart(definition, [], before("Review"), query=pi.CountProcessInstancesRequest(
        process_definition_id=engine.definition())), grpc.StatusCode.INVALID_ARGUMENT, "EMPTY_SELECTION")


def test_a_restart_that_fails_for_one_instance_restarts_none(engine: Restarts) -> None:
    definition = engine.definition()
    good, bad = engine.started(definition, 2)
    engine.instances.ModifyVariables(pi.ModifyVariablesRequest(process_instance_id=bad, deletions=["amount"]))
    for instance in (good, bad):
        engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    before_count = engine.count_of(definition)
    got = expect_error(lambda: engine.restart(definition, [good, bad], before("Gate")),
                       grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert got.info.metadata["process_instance_id"] == bad and bad in got.message
    assert engine.count_of(definition) == before_count and not engine.restarts_of(definition)


def test_restart_refuses_running_instances_and_instances_of_other_definitions_naming_them(engine: Restarts) -> None:
    definition = engine.definition()
    [ended] = engine.cancelled(definition, 1)
    [running] = engine.started(definition, 1)
    [other] = engine.cancelled(engine.definition(), 1)
    before_count = engine.count_of(definition)
    got = expect_error(lambda: engine.restart(definition, [ended, running], before("Review")),
                       grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_RUNNING")
    assert (got.info.metadata["subject"], got.info.metadata["field_name"]) == (running, "process_instance_ids[1]")
    got = expect_error(lambda: engine.restart(definition, [ended, other], before("Review")),
                       grpc.StatusCode.FAILED_PRECONDITION, "PROCESS_DEFINITION_MISMATCH")
    assert (got.info.metadata["subject"], got.info.metadata["field_name"]) == (other, "process_instance_ids[1]")
    got = expect_error(lambda: engine.restart(definition, [ended, "no-such-instance"], before("Review")),
                       grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    assert got.info.metadata["field_name"] == "process_instance_ids[1]"
    assert engine.count_of(definition) == before_count  # the first instance was not restarted either


@pytest.mark.parametrize("instructions, fields, reason", [
    ([], ["instructions"], "MISSING_REQUIRED_FIELD"),
    ([cancel("Review")], ["instructions[0].type"], "INVALID_FIELD"),
    ([before("Review"), before("Nowhere")], ["instructions[1].activity_id"], "INVALID_FIELD"),
    ([I(type=I.TYPE_START_TRANSITION, transition_id="nope")], ["instructions[0].transition_id"], "INVALID_FIELD"),
    ([I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Review", ancestor_activity_instance_id="x")],
     ["instructions[0].ancestor_activity_instance_id"], "INVALID_FIELD"),
    ([I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Review", variables={"a": typed(1)})],
     ["instructions[0].variables"], "INVALID_FIELD"),
])
def test_restart_refuses_bad_instructions_before_any_instance(engine: Restarts, instructions, fields, reason) -> None:  # type: ignore[no-untyped-def]
    definition = engine.definition()
    [ended] = engine.cancelled(definition, 1)
    got = expect_error(lambda: engine.restart(definition, [ended], *instructions), grpc.StatusCode.INVALID_ARGUMENT,
                       reason)
    assert got.fields == fields
    assert not engine.restarts_of(definition)


def test_restart_refuses_requests_without_definition_or_instances(engine: Restarts) -> None:
    got = expect_error(lambda: engine.restart("", ["x"], before("Review")), grpc.StatusCode.INVALID_ARGUMENT,
                       "MISSING_REQUIRED_FIELD")
    assert got.fields == ["process_definition_id"]
    got = expect_error(lambda: engine.restart("no-such-definition", ["x"], before("Review")),
                       grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    assert got.info.metadata["field_name"] == "process_definition_id"
    got = expect_error(lambda: engine.restart(engine.definition()), grpc.StatusCode.INVALID_ARGUMENT)
    assert got.fields == ["process_instance_ids", "instructions"]


def test_a_token_without_the_tenant_cannot_restart_its_instances(server: ServerHandle, engine: Restarts) -> None:
    definition = engine.definition(tenant="tenant-hidden")
    [ended] = engine.cancelled(definition, 1)
    someone = Restarts(server.api(server.token(tenants=("tenant-other",))))
    expect_error(lambda: someone.restart(definition, [ended], before("Review")), grpc.StatusCode.NOT_FOUND,
                 "PROCESS_DEFINITION_NOT_FOUND")


def test_restart_async_restarts_each_instance_in_a_batch_and_fails_the_job_of_a_running_one(
        quiet: ServerHandle) -> None:
    engine = Restarts(quiet.api())
    definition = engine.definition()
    ended = engine.cancelled(definition, 2, name="Ada")
    [running] = engine.started(definition, 1)
    batch = engine.restart_async(definition, [running], before("Approve"),
                                 query=pi.CountProcessInstancesRequest(finished=True), initial_variables=True)
    assert (batch.type, batch.total_jobs) == ("instance-restart", 3)
    assert engine.statistics(batch.id) == (3, 0, 0)
    [entry_id] = {e.operation_id for e in engine.entries(batch_id=batch.id)}
    entries = engine.entries(operation_id=entry_id)
    assert {e.property: e.new_value for e in entries} == {"nrOfInstances": "3", "async": "true"}
    assert {(e.operation_type, e.entity_type, e.process_definition_id) for e in entries} == {
        ("RestartProcessInstance", "ProcessInstance", definition)}
    run_jobs(quiet)
    restarted = engine.restarts_of(definition)
    assert set(restarted) == set(ended)
    for old, new in restarted.items():
        assert engine.tasks_at(new.id) == ["Approve"] and new.business_key == engine.instance(old).business_key
        assert engine.variables(new.id) == {"amount": (5, "Integer"), "name": ("Ada", "String")}
    assert engine.count(process_instance_id=restarted[ended[0]].id) == 0  # the items wrote no entries
    # The running instance's job failed (retries used up) and holds an incident; the batch waits.
    [failed] = engine.batch_jobs(batch)
    assert failed.retries == 0 and "INSTANCE_RUNNING" in failed.exception_details and running in failed.exception_message
    assert engine.statistics(batch.id) == (1, 2, 1)
    assert engine.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(
        configuration=failed.id)).incidents
    # Dropping the job lets the batch end; its history keeps the end.
    engine.jobs.DeleteJob(job_pb2.DeleteJobRequest(id=failed.id))
    quiet.clock.advance(timedelta(minutes=1))  # the monitor's next look
    run_jobs(quiet)
    assert not engine.running(batch.id) and engine.historic(batch.id).HasField("end_time")
    assert engine.instance(running).state == State.STATE_ACTIVE


def test_restart_async_refuses_what_the_sync_call_refuses_up_front(engine: Restarts) -> None:
    definition = engine.definition()
    [other] = engine.cancelled(engine.definition(), 1)
    before_batches = engine.batches.CountBatches(batch_pb2.CountBatchesRequest()).count
    expect_error(lambda: engine.restart_async(definition, [other], before("Review")),
                 grpc.StatusCode.FAILED_PRECONDITION, "PROCESS_DEFINITION_MISMATCH")
    got = expect_error(lambda: engine.restart_async(definition, [other], before("Nowhere")),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert got.fields == ["instructions[0].activity_id"]
    expect_error(lambda: engine.restart_async(definition, [], before("Review"), query=pi.CountProcessInstancesRequest(
        business_key="nothing-like-this")), grpc.StatusCode.INVALID_ARGUMENT, "EMPTY_SELECTION")
    assert engine.batches.CountBatches(batch_pb2.CountBatchesRequest()).count == before_batches
