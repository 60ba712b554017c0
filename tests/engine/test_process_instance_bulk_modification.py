"""ModifyProcessInstances and ModifyProcessInstancesAsync: one list of instructions applied to
many running instances of a definition, all or nothing (sync) or one instance per batch item
(async); cancellations by activity, with and without cancel_current_active_activity_instances;
refusals before any instance is touched; the operation log and the batch."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import batch_pb2, history_pb2, incident_pb2, job_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.batch_support import quiet, run_jobs, small_batches  # noqa: F401
from tests.engine.restart_support import I, Restarts, before, cancel
from tests.engine.support import typed
from tests.support import ServerHandle, expect_error

State = pi.ProcessInstance


@pytest.fixture
def engine(api) -> Restarts:  # type: ignore[no-untyped-def]
    return Restarts(api)


def test_modify_many_moves_each_instance_and_logs_one_entry(engine: Restarts) -> None:
    definition = engine.definition()
    ids = engine.started(definition, 3)
    [other] = engine.started(engine.definition(), 1)
    done = engine.modify_many(definition, [ids[2]], cancel("Review"), before("Approve"),
                              query=pi.CountProcessInstancesRequest(business_key_like="order-%"), annotation="skip")
    # the id given and the query's (running instances of the definition only), each once, by id
    assert [d.id for d in done] == sorted(ids)
    assert all(d.state == State.STATE_ACTIVE for d in done)
    assert [engine.tasks_at(i) for i in ids] == [["Approve"]] * 3
    assert engine.tasks_at(other) == ["Review"]
    [operation] = {e.operation_id for e in engine.entries(operation_type="ModifyProcessInstance",
                                                          process_definition_id=definition)}
    entries = engine.entries(operation_id=operation)
    assert {e.property: e.new_value for e in entries} == {"nrOfInstances": "3", "async": "false"}
    assert {e.annotation for e in entries} == {"skip"}  # the operation's, on each of its entries
    assert {(e.entity_type, e.process_instance_id) for e in entries} == {("ProcessInstance", "")}
    assert engine.count(process_instance_id=ids[0]) == 0  # no entry per instance


def test_cancelling_every_path_cancels_the_instance_with_the_annotation(engine: Restarts) -> None:
    definition = engine.definition()
    ids = engine.started(definition, 2)
    done = engine.modify_many(definition, ids, cancel("Review"), annotation="withdrawn")
    assert [(d.state, d.delete_reason) for d in done] == [(State.STATE_EXTERNALLY_TERMINATED, "withdrawn")] * 2
    # An activity an instance is not at is nothing to cancel there.
    [instance] = engine.started(definition, 1)
    engine.modify_many(definition, [instance], cancel("Approve"), before("Approve"))
    assert engine.tasks_at(instance) == ["Approve", "Review"]


def test_cancel_current_active_activity_instances_spares_those_earlier_instructions_started(
        engine: Restarts) -> None:
    definition = engine.definition()
    first, second = engine.started(definition, 2)
    [old_task] = engine.tasks_of(first)
    # Only the Review that ran before the call is cancelled: the one the start added stays.
    engine.modify_many(definition, [first], before("Review"), cancel("Review", current=True))
    [task] = engine.tasks_of(first)
    assert task.task_definition_key == "Review" and task.id != old_task.id
    assert engine.instance(first).state == State.STATE_ACTIVE
    # Without it, every Review there at the instruction's turn goes: the instance with them.
    [done] = engine.modify_many(definition, [second], before("Review"), cancel("Review"))
    assert done.state == State.STATE_EXTERNALLY_TERMINATED
    # Single-instance modification takes the flag too.
    [third] = engine.started(definition, 1)
    engine.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=third, instructions=[before("Review"), cancel("Review", current=True)]))
    assert engine.tasks_at(third) == ["Review"]


def test_one_failing_instance_leaves_every_instance_as_it_was(engine: Restarts) -> None:
    definition = engine.definition()
    good, bad, suspended = engine.started(definition, 3)
    engine.instances.ModifyVariables(pi.ModifyVariablesRequest(process_instance_id=bad, deletions=["amount"]))
    got = expect_error(lambda: engine.modify_many(definition, [good, bad], cancel("Review"), before("Gate")),
                       grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert got.info.metadata["process_instance_id"] == bad and bad in got.message
    engine.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=suspended))
    got = expect_error(lambda: engine.modify_many(definition, [good, suspended], cancel("Review"), before("Approve")),
                       grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    assert got.info.metadata["process_instance_id"] == suspended
    engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=bad))
    got = expect_error(lambda: engine.modify_many(definition, [good, bad], before("Approve")),
                       grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_ENDED")
    assert (got.info.metadata["process_instance_id"], got.info.metadata["field_name"]) == (
        bad, "process_instance_ids[1]")
    assert engine.tasks_at(good) == ["Review"]  # the first instance of each call rolled back
    assert engine.count(operation_type="ModifyProcessInstance", process_definition_id=definition) == 0


def test_modify_many_refuses_an_instance_of_another_definition_naming_it(engine: Restarts) -> None:
    definition = engine.definition()
    [mine] = engine.started(definition, 1)
    [other] = engine.started(engine.definition(), 1)
    got = expect_error(lambda: engine.modify_many(definition, [mine, other], before("Approve")),
                       grpc.StatusCode.FAILED_PRECONDITION, "PROCESS_DEFINITION_MISMATCH")
    assert (got.info.metadata["subject"], got.info.metadata["field_name"]) == (other, "process_instance_ids[1]")
    assert got.precondition.violations[0].type == "PROCESS_DEFINITION_MISMATCH"
    assert engine.tasks_at(mine) == ["Review"]


@pytest.mark.parametrize("instructions, fields, reason", [
    ([], ["instructions"], "MISSING_REQUIRED_FIELD"),
    ([before("Approve"), cancel("Nowhere")], ["instructions[1].activity_id"], "INVALID_FIELD"),
    ([I(type=I.TYPE_CANCEL)], ["instructions[0].activity_id"], "MISSING_REQUIRED_FIELD"),
    ([I(type=I.TYPE_CANCEL, activity_instance_id="Review:x")], ["instructions[0].activity_instance_id"],
     "INVALID_FIELD"),
    ([I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Approve", local_variables={"a": typed(1)})],
     ["instructions[0].local_variables"], "INVALID_FIELD"),
    ([I(type=I.TYPE_START_BEFORE_ACTIVITY, activity_id="Approve", cancel_current_active_activity_instances=True)],
     ["instructions[0].cancel_current_active_activity_instances"], "INVALID_FIELD"),
    ([I(activity_id="Approve")], ["instructions[0].type"], "MISSING_REQUIRED_FIELD"),
])
def test_modify_many_refuses_bad_instructions_before_any_instance(engine: Restarts, instructions, fields,  # type: ignore[no-untyped-def]
                                                                   reason) -> None:
    definition = engine.definition()
    [instance] = engine.started(definition, 1)
    for call in (engine.modify_many, engine.modify_many_async):
        got = expect_error(lambda call=call: call(definition, [instance], *instructions),
                           grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert got.fields == fields
    assert engine.tasks_at(instance) == ["Review"]


def test_modify_many_refuses_requests_that_select_nothing(engine: Restarts) -> None:
    definition = engine.definition()
    got = expect_error(lambda: engine.modify_many(definition, [], before("Review")),
                       grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert got.fields == ["process_instance_ids"]
    got = expect_error(lambda: engine.modify_many(definition, [], before("Review"), query=pi.CountProcessInstancesRequest(
        business_key="no-such-order")), grpc.StatusCode.INVALID_ARGUMENT, "EMPTY_SELECTION")
    assert got.fields == ["process_instance_query"]
    got = expect_error(lambda: engine.modify_many(definition, [], before("Review"), query=pi.CountProcessInstancesRequest(
        active=True, suspended=True)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert got.fields == ["process_instance_query.suspended"]
    got = expect_error(lambda: engine.modify_many("", ["x"], before("Review")), grpc.StatusCode.INVALID_ARGUMENT,
                       "MISSING_REQUIRED_FIELD")
    assert got.fields == ["process_definition_id"]
    expect_error(lambda: engine.modify_many("no-such-definition", ["x"], before("Review")),
                 grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    got = expect_error(lambda: engine.modify_many(definition, ["no-such-instance"], before("Review")),
                       grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    assert got.info.metadata["field_name"] == "process_instance_ids[0]"


def test_a_token_sees_only_its_tenants_instances(server: ServerHandle, engine: Restarts) -> None:
    definition = engine.definition(tenant="tenant-a")
    [instance] = engine.started(definition, 1)
    outsider = Restarts(server.api(server.token(tenants=("tenant-b",))))
    expect_error(lambda: outsider.modify_many(definition, [instance], before("Approve")), grpc.StatusCode.NOT_FOUND,
                 "PROCESS_DEFINITION_NOT_FOUND")
    insider = Restarts(server.api(server.token(tenants=("tenant-a",))))
    [done] = insider.modify_many(definition, [instance], cancel("Review"), before("Approve"))
    assert done.tenant_id == "tenant-a" and engine.tasks_at(instance) == ["Approve"]


def test_modify_many_async_modifies_in_a_batch_and_fails_the_job_of_a_failing_instance(
        quiet: ServerHandle, small_batches: None) -> None:
    engine = Restarts(quiet.api())
    definition = engine.definition()
    ids = sorted(engine.started(definition, 5))
    batch = engine.modify_many_async(definition, [], cancel("Review"), before("Approve"),
                                     query=pi.CountProcessInstancesRequest(), annotation="bulk")
    assert (batch.type, batch.total_jobs) == ("instance-modification", 3)  # 5 items, 2 per job
    [operation] = {e.operation_id for e in engine.entries(batch_id=batch.id)}
    entries = engine.entries(operation_id=operation)
    assert {e.property: e.new_value for e in entries} == {"nrOfInstances": "5", "async": "true"}
    assert {e.annotation for e in entries} == {"bulk"}
    assert {(e.operation_type, e.entity_type, e.process_definition_id) for e in entries} == {
        ("ModifyProcessInstance", "ProcessInstance", definition)}
    # The last item (in id order) is suspended before the batch runs: its job fails, alone.
    engine.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=ids[4]))
    assert engine.statistics(batch.id) == (3, 0, 0)
    run_jobs(quiet)
    assert [engine.tasks_at(i) for i in ids] == [["Approve"]] * 4 + [["Review"]]
    [failed] = engine.batch_jobs(batch)
    assert failed.retries == 0 and "SUSPENDED" in failed.exception_details and ids[4] in failed.exception_message
    assert engine.statistics(batch.id) == (1, 2, 1)
    assert engine.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(configuration=failed.id)).incidents
    assert engine.count(process_instance_id=ids[0]) == 0  # the items wrote no entries
    # Activated again, SetJobRetries runs the item, and the batch ends.
    engine.instances.ActivateProcessInstance(pi.ActivateProcessInstanceRequest(id=ids[4]))
    engine.jobs.SetJobRetries(job_pb2.SetJobRetriesRequest(ids=[failed.id], retries=1))
    run_jobs(quiet)
    assert engine.tasks_at(ids[4]) == ["Approve"]
    assert not engine.running(batch.id) and engine.historic(batch.id).HasField("end_time")
    assert engine.historic(batch.id).type == "instance-modification"
    assert batch.id in [b.id for b in engine.history.QueryHistoricBatches(history_pb2.QueryHistoricBatchesRequest(
        type="instance-modification", completed=True)).historic_batches]


def test_modify_many_async_refuses_an_instance_of_another_definition_at_once(engine: Restarts) -> None:
    definition = engine.definition()
    [other] = engine.started(engine.definition(), 1)
    before_batches = engine.batches.CountBatches(batch_pb2.CountBatchesRequest()).count
    got = expect_error(lambda: engine.modify_many_async(definition, ["not-looked-up", other], before("Approve")),
                       grpc.StatusCode.FAILED_PRECONDITION, "PROCESS_DEFINITION_MISMATCH")
    assert got.info.metadata["field_name"] == "process_instance_ids[1]"
    assert engine.batches.CountBatches(batch_pb2.CountBatchesRequest()).count == before_batches
