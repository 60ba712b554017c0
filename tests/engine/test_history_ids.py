"""The public ids of the history's numbered entries (variable history details, external task
and job log entries) are never handed out twice: after the newest entries are deleted, a new
entry takes a new id, and the deleted ids stay unknown. (SQLite would otherwise give a new row
the newest deleted row's key: see models.NEVER_REUSED.) Each test has a server of its own, so
that its entries are the newest."""

from __future__ import annotations

import grpc
from sqlalchemy import text

from flowkeeper.engine.v1 import deployment_pb2, history_pb2, process_definition_pb2, process_instance_pb2
from tests.engine.history_support import JobLogs
from tests.engine.job_support import timer_start
from tests.engine.work_support import key, one_task, waiting
from tests.support import expect_error, unique


def test_a_deleted_detail_s_id_names_no_later_detail(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    h = JobLogs(fresh_server(server.backend, background=False).api())
    process_key = key("details")
    definition = h.deploy_inline(process_key, waiting(process_key))
    instance = h.start_id(definition, {"amount": 1})
    [detail] = h.historic_details(process_instance_id=instance)
    assert h.delete_variables_of(instance) == 1
    later = h.start_id(definition, {"amount": 2})
    [newer] = h.historic_details(process_instance_id=later)
    assert int(newer.id) > int(detail.id)
    expect_error(lambda: h.historic_detail(detail.id), grpc.StatusCode.NOT_FOUND, "HISTORIC_DETAIL_NOT_FOUND")


def test_a_deleted_external_task_log_entry_s_id_names_no_later_entry(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    h = JobLogs(fresh_server(server.backend, background=False).api())
    process_key, topic = key("tasks"), unique("topic")
    definition = h.deploy_inline(process_key, one_task(process_key, topic))
    instance = h.start_id(definition)
    h.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance))
    entries = h.task_logs(process_instance_id=instance)
    h.history.DeleteHistoricProcessInstance(history_pb2.DeleteHistoricProcessInstanceRequest(id=instance))
    [created] = h.task_logs(process_instance_id=h.start_id(definition))
    assert int(created.id) > max(int(e.id) for e in entries)
    for entry in entries:
        expect_error(lambda: h.task_log(entry.id), grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_LOG_NOT_FOUND")


def test_a_deleted_job_log_entry_s_id_names_no_later_entry(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    h = JobLogs(fresh_server(server.backend, background=False).api())
    process_key = key("reused")
    definition = h.deploy_inline(process_key, timer_start(process_key))
    [entry] = h.job_logs(process_definition_id=definition)
    deployment = h.definitions.GetProcessDefinition(process_definition_pb2.GetProcessDefinitionRequest(
        id=definition)).process_definition.deployment_id
    h.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment))
    other = key("other")
    [created] = h.job_logs(process_definition_id=h.deploy_inline(other, timer_start(other)))
    assert int(created.id) > int(entry.id)
    expect_error(lambda: h.job_log(entry.id), grpc.StatusCode.NOT_FOUND, "JOB_LOG_NOT_FOUND")


def test_the_numbered_tables_never_reuse_a_key(server) -> None:  # type: ignore[no-untyped-def]
    """As the migrations make them (history_0011 copies the two older tables on SQLite, their
    partial index kept with its condition): AUTOINCREMENT on SQLite, a sequence on PostgreSQL."""
    tables = ("historic_variable_updates", "historic_external_task_logs", "historic_job_logs")

    def schema(tx):  # type: ignore[no-untyped-def]
        if server.backend == "sqlite":
            return dict(tx.execute(text("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")).all())
        return {table: tx.execute(text(
            "SELECT coalesce(column_default, '') || is_identity FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = :table AND column_name = 'seq'"),
            {"table": table}).scalar_one() for table in tables}

    made = server.db.run(schema, write=False)
    for table in tables:
        if server.backend == "sqlite":
            assert "AUTOINCREMENT" in made[table], made[table]
        else:
            assert "nextval(" in made[table] or made[table].endswith("YES"), made[table]
    if server.backend == "sqlite":
        assert "WHERE case_instance_id IS NOT NULL" in made["ix_historic_variable_updates_case_instance_id"]
