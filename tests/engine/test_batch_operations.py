"""Each batch type end to end: the call that starts it (its selection by ids and by query, its
operation log entry), the job executor running the batch, and the effect in the database, with
how the type treats an item gone meanwhile (skipped, or a failed batch job); and every error the
calls that start batches list."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import (
    batch_pb2,
    external_task_pb2,
    incident_pb2,
    job_pb2,
    process_instance_pb2,
)
from tests.engine.batch_support import Batches, quiet, run_jobs  # noqa: F401
from tests.engine.job_support import failing_gateway
from tests.engine.work_support import key, one_task
from tests.support import ServerHandle, expect_error

PI = process_instance_pb2


def _query(**filters: object) -> PI.CountProcessInstancesRequest:
    return PI.CountProcessInstancesRequest(**filters)  # type: ignore[arg-type]


def test_delete_process_instances_async_deletes_by_ids_and_query_and_skips_those_gone(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    definition, ids = engine.waiting_instances(3)
    _, others = engine.waiting_instances(2)
    ended = others[0]
    engine.instances.DeleteProcessInstance(PI.DeleteProcessInstanceRequest(id=ended))
    batch = engine.delete_async([ended, others[1]], _query(process_definition_id=definition), reason="cleanup")
    assert (batch.type, batch.total_jobs) == ("instance-deletion", 5)  # the ids first, then the query's
    assert engine.creation_entry(batch.id) == {"nrOfInstances": "5", "async": "true", "deleteReason": "cleanup",
                                                 "": "Delete ProcessInstance"}
    run_jobs(quiet)
    assert not engine.running(batch.id)
    for instance in [*ids, others[1]]:
        row = engine.instance(instance)
        assert row.ended and row.delete_reason == "cleanup"
    assert engine.instance(ended).delete_reason != "cleanup"  # skipped: it had ended
    assert engine.count(process_instance_id=ids[0]) == 0  # the deletions wrote no entries of their own


def test_suspend_and_activate_process_instances_async(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    definition, ids = engine.waiting_instances(2)
    batch = engine.suspend_async(query=_query(process_definition_id=definition), suspended=True)
    assert batch.type == "instance-update-suspension-state"
    assert engine.creation_entry(batch.id)[""] == "Suspend ProcessInstance"
    run_jobs(quiet)
    assert [engine.instance(i).state for i in ids] == [PI.ProcessInstance.STATE_SUSPENDED] * 2
    again = engine.suspend_async(ids + ["gone-instance"], suspended=False)
    assert engine.creation_entry(again.id)[""] == "Activate ProcessInstance"
    run_jobs(quiet)
    assert [engine.instance(i).state for i in ids] == [PI.ProcessInstance.STATE_ACTIVE] * 2
    assert not engine.running(again.id)  # the unknown id was skipped


def test_set_variables_async_sets_them_on_each_instance(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    definition, ids = engine.waiting_instances(2, variables={"keep": "me"})
    values = {"amount": 12.5, "name": "Ada", "flag": True, "when": ("2026-01-02T03:04:05.678+0000", "Date"),
              "count": (7, "Long"), "blob": ("aGVsbG8=", "Bytes"), "doc": ({"a": [1, 2]}, "Json")}
    batch = engine.variables_async(query=_query(process_definition_id=definition), variables=values)
    assert engine.creation_entry(batch.id) == {"nrOfInstances": "2", "async": "true",
                                                 "": "SetVariables ProcessInstance"}
    run_jobs(quiet)
    for instance in ids:
        got = engine.instances.GetVariables(PI.GetVariablesRequest(process_instance_id=instance)).variables
        assert set(got) == {"keep", *values}
        assert got["amount"].value.number_value == 12.5 and got["name"].value.string_value == "Ada"
        assert got["count"].type == "Long" and got["when"].type == "Date" and got["blob"].type == "Bytes"
        assert got["when"].value.string_value.startswith("2026-01-02T03:04:05.678")
        assert got["blob"].value.string_value == "aGVsbG8="
        assert got["doc"].type == "Json"


def _failed_job(engine: Batches) -> tuple[str, str]:
    """(instance, its asynchronous job with no retries left)."""
    process_key = key("failing")
    definition = engine.deploy_inline(process_key, failing_gateway(process_key))
    instance = engine.start_id(definition)
    [job] = engine.jobs_of(instance)
    engine.jobs.SetJobRetries(job_pb2.SetJobRetriesRequest(ids=[job.id], retries=0))
    return instance, job.id


def test_set_job_retries_async_raises_retries_and_resolves_incidents(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    first, first_job = _failed_job(engine)
    second, second_job = _failed_job(engine)
    batch = engine.job_retries_async([first_job, "gone-job"], job_pb2.CountJobsRequest(process_instance_id=second),
                                     retries=2)
    assert (batch.type, batch.total_jobs) == ("set-job-retries", 3)
    assert engine.creation_entry(batch.id) == {"nrOfInstances": "3", "async": "true", "retries": "2",
                                                 "": "SetJobRetries Job"}
    # only the batch's jobs: the instances' own stay as they are until the batch's ran
    engine.execute(engine.batch_jobs(batch, "seed")[0].id)
    for job in engine.batch_jobs(batch):
        engine.execute(job.id)
    for instance, job_id in ((first, first_job), (second, second_job)):
        assert engine.jobs.GetJob(job_pb2.GetJobRequest(id=job_id)).job.retries == 2
        assert not engine.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(
            process_instance_id=instance)).incidents


def test_set_external_task_retries_async(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    topic, process_key = key("topic"), key("external")
    definition = engine.deploy_inline(process_key, one_task(process_key, topic))
    instances = [engine.start_id(definition) for _ in range(2)]
    tasks = [t.external_task.id for t in engine.fetch("w", engine.topic(topic))]
    for task in tasks:
        engine.fail(task, "w", retries=0)
    batch = engine.external_retries_async(query=external_task_pb2.QueryExternalTasksRequest(topic_name=topic),
                                          retries=4)
    assert (batch.type, batch.total_jobs) == ("set-external-task-retries", 2)
    assert engine.creation_entry(batch.id)[""] == "SetExternalTaskRetries ExternalTask"
    run_jobs(quiet)
    assert [engine.external_task(t).retries for t in tasks] == [4, 4]
    assert not engine.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(
        process_instance_id=instances[0])).incidents


def test_job_retries_async_takes_the_jobs_of_instances_by_id_and_by_query(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    by_id, by_id_job = _failed_job(engine)
    by_query, by_query_job = _failed_job(engine)
    untouched, untouched_job = _failed_job(engine)
    query = _query(process_instance_ids=[by_query])
    # An id of no instance adds nothing; a job named twice (by id and by instance) is one item.
    batch = engine.job_retries_async([by_id_job], retries=1, instance_ids=[by_id, "no-such-instance"],
                                     instance_query=query)
    assert (batch.type, batch.total_jobs) == ("set-job-retries", 2)
    assert engine.creation_entry(batch.id) == {"nrOfInstances": "2", "async": "true", "retries": "1",
                                                 "": "SetJobRetries Job"}
    # only the batch's jobs: the instances' own would fail again
    engine.execute(engine.batch_jobs(batch, "seed")[0].id)
    for job in engine.batch_jobs(batch):
        engine.execute(job.id)
    assert [engine.jobs.GetJob(job_pb2.GetJobRequest(id=j)).job.retries
            for j in (by_id_job, by_query_job, untouched_job)] == [1, 1, 0]
    assert engine.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(process_instance_id=untouched)).incidents
    assert not engine.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(process_instance_id=by_id)).incidents


def test_external_task_retries_async_takes_the_tasks_of_instances(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    topic, process_key = key("topic"), key("external")
    definition = engine.deploy_inline(process_key, one_task(process_key, topic))
    instances = [engine.start_id(definition) for _ in range(3)]
    tasks = {t.external_task.process_instance_id: t.external_task.id for t in engine.fetch("w", engine.topic(topic))}
    for task in tasks.values():
        engine.fail(task, "w", retries=0)
    batch = engine.external_retries_async(retries=5, instance_ids=[instances[0]],
                                          instance_query=_query(process_instance_ids=[instances[1]]))
    assert (batch.type, batch.total_jobs) == ("set-external-task-retries", 2)
    run_jobs(quiet)
    assert [engine.external_task(tasks[i]).retries for i in instances] == [5, 5, 0]


def test_delete_historic_process_instances_async(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    definition, ids = engine.waiting_instances(3)
    for instance in ids[:2]:
        engine.instances.DeleteProcessInstance(PI.DeleteProcessInstanceRequest(id=instance))
    batch = engine.history_delete_async(["gone-instance"], _query(process_definition_id=definition), reason="gdpr")
    assert (batch.type, batch.total_jobs) == ("historic-instance-deletion", 3)  # the ended ones only
    assert engine.creation_entry(batch.id) == {"nrOfInstances": "3", "async": "true", "deleteReason": "gdpr",
                                                 "": "DeleteHistory ProcessInstance"}
    run_jobs(quiet)
    assert not engine.running(batch.id)
    for instance in ids[:2]:
        expect_error(lambda instance=instance: engine.instance(instance), grpc.StatusCode.NOT_FOUND,
                     "PROCESS_INSTANCE_NOT_FOUND")
    assert not engine.instance(ids[2]).ended


def test_deleting_the_history_of_a_running_instance_fails_the_batch_job(quiet: ServerHandle) -> None:
    engine = Batches(quiet.api())
    _, ids = engine.waiting_instances(1)
    batch = engine.history_delete_async(ids)
    run_jobs(quiet)
    [failed] = engine.batch_jobs(batch)
    assert failed.retries == 0 and "runs" in failed.exception_message
    assert "INSTANCE_RUNNING" in failed.exception_details


def test_deleting_history_in_a_batch_is_for_administrators(quiet: ServerHandle) -> None:
    someone = Batches(quiet.api(quiet.token()))
    expect_error(lambda: someone.history_delete_async(["x"]), grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")


# -- refused requests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("call, fields, reason", [
    (lambda e: e.delete_async(), ["process_instance_ids"], "MISSING_REQUIRED_FIELD"),
    (lambda e: e.delete_async(["a", ""]), ["process_instance_ids[1]"], "MISSING_REQUIRED_FIELD"),
    (lambda e: e.suspend_async(["x" * 65]), ["process_instance_ids[0]"], "INVALID_FIELD"),
    (lambda e: e.delete_async(query=_query(process_definition_key="no-such-process")), ["process_instance_query"],
     "EMPTY_SELECTION"),
    (lambda e: e.delete_async(query=_query(active=True, suspended=True)), ["process_instance_query.suspended"],
     "INVALID_FIELD"),
    (lambda e: e.delete_async(query=_query(state_in=[0])), ["process_instance_query.state_in[0]"], "INVALID_FIELD"),
    (lambda e: e.variables_async(["a"], variables={}), ["variables"], "MISSING_REQUIRED_FIELD"),
    (lambda e: e.variables_async(["a"], variables={" ": 1}), ["variables[ ]"], "INVALID_VARIABLE_NAME"),
    (lambda e: e.job_retries_async(["a"], retries=None), ["retries"], "MISSING_REQUIRED_FIELD"),
    (lambda e: e.job_retries_async([], retries=-1), ["job_ids", "retries"], "INVALID_FIELD"),
    (lambda e: e.job_retries_async(query=job_pb2.CountJobsRequest(timers=True, messages=True)),
     ["job_query.messages"], "INVALID_FIELD"),
    (lambda e: e.job_retries_async(query=job_pb2.CountJobsRequest(job_id="no-such-job")), ["job_query"],
     "EMPTY_SELECTION"),
    (lambda e: e.external_retries_async(["a"], retries=-2), ["retries"], "INVALID_FIELD"),
    (lambda e: e.external_retries_async(query=external_task_pb2.QueryExternalTasksRequest(
        locked=True, not_locked=True)), ["external_task_query.not_locked"], "INVALID_FIELD"),
    (lambda e: e.external_retries_async(query=external_task_pb2.QueryExternalTasksRequest(topic_name="none")),
     ["external_task_query"], "EMPTY_SELECTION"),
    (lambda e: e.history_delete_async(), ["process_instance_ids"], "MISSING_REQUIRED_FIELD"),
    (lambda e: e.job_retries_async(instance_ids=["a", ""]), ["process_instance_ids[1]"], "MISSING_REQUIRED_FIELD"),
    (lambda e: e.job_retries_async(instance_ids=["no-such-instance"]), ["process_instance_ids"], "EMPTY_SELECTION"),
    (lambda e: e.job_retries_async(instance_query=_query(active=True, suspended=True)),
     ["process_instance_query.suspended"], "INVALID_FIELD"),
    (lambda e: e.job_retries_async(instance_query=_query(process_definition_key="no-such-process")),
     ["process_instance_query"], "EMPTY_SELECTION"),
    (lambda e: e.external_retries_async(instance_ids=[""]), ["process_instance_ids[0]"], "MISSING_REQUIRED_FIELD"),
    (lambda e: e.external_retries_async(query=external_task_pb2.QueryExternalTasksRequest(topic_name="none"),
                                        instance_ids=["no-such-instance"]), ["external_task_query"], "EMPTY_SELECTION"),
])
def test_calls_that_start_batches_refuse_bad_requests_naming_the_fields(api, call, fields, reason) -> None:  # type: ignore[no-untyped-def]
    engine = Batches(api)
    before = engine.batches.CountBatches(batch_pb2.CountBatchesRequest()).count
    got = expect_error(lambda: call(engine), grpc.StatusCode.INVALID_ARGUMENT, reason if len(fields) == 1 else None)
    assert got.fields == fields
    assert engine.batches.CountBatches(batch_pb2.CountBatchesRequest()).count == before
