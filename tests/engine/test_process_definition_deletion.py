"""DeleteProcessDefinition and DeleteProcessDefinitionsByKey: running instances block the
deletion unless cascade; ended instances and their history go with the definition; the
deployment stays; the version before listens again; by key: the versions of no tenant or of one."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import deployment_pb2 as dp
from flowkeeper.engine.v1 import history_pb2
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from tests.engine.history_support import OperationLog
from tests.engine.resources.modeler import render
from tests.engine.scenario import Scenario, name, renamed
from tests.engine.work_support import Work, key, one_task, waiting
from tests.support import expect_error, unique


@pytest.fixture
def work(api) -> Work:  # type: ignore[no-untyped-def]
    return Work(api)


def _delete(work: Work, definition_id: str, cascade: bool = False) -> None:
    work.definitions.DeleteProcessDefinition(pd.DeleteProcessDefinitionRequest(id=definition_id, cascade=cascade))


def _by_key(work: Work, process_key: str, tenant_id: str = "", cascade: bool = False) -> list[str]:
    return list(work.definitions.DeleteProcessDefinitionsByKey(pd.DeleteProcessDefinitionsByKeyRequest(
        key=process_key, tenant_id=tenant_id, cascade=cascade)).process_definition_ids)


def _exists(work: Work, definition_id: str) -> bool:
    try:
        work.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(id=definition_id))
    except grpc.RpcError as error:
        assert error.code() == grpc.StatusCode.NOT_FOUND
        return False
    return True


def test_running_instances_block_the_deletion_unless_cascade(work: Work, api) -> None:  # type: ignore[no-untyped-def]
    log = OperationLog(api)
    waits, other = key("waits"), key("other")
    deployment = work.deploy(contents={f"{waits}.bpmn": render(waiting(waits), waits).encode(),
                                       f"{other}.bpmn": render(waiting(other), other).encode()})
    doomed, kept = work.definition_id(deployment, waits), work.definition_id(deployment, other)
    running = [work.start_id(doomed) for _ in range(2)]
    ended = work.start_id(doomed)
    work.complete(work.tasks_of(ended)[0].id)
    assert work.ended(ended)
    survivor = work.start_id(kept)

    failure = expect_error(lambda: _delete(work, doomed), grpc.StatusCode.FAILED_PRECONDITION,
                           "PROCESS_DEFINITION_HAS_RUNNING_INSTANCES")
    assert failure.info.metadata["count"] == "2"
    assert _exists(work, doomed) and [work.instance(i).ended for i in running] == [False, False]
    assert log.count(process_definition_id=doomed, operation_type="Delete") == 0

    _delete(work, doomed, cascade=True)
    assert not _exists(work, doomed)
    for instance in (*running, ended):  # ended instances and their history go with it
        expect_error(lambda instance=instance: work.instance(instance), grpc.StatusCode.NOT_FOUND,
                     "PROCESS_INSTANCE_NOT_FOUND")
    assert log.history.CountHistoricActivityInstances(history_pb2.CountHistoricActivityInstancesRequest(
        process_definition_id=doomed)).count == 0
    [entry] = log.entries(process_definition_id=doomed, operation_type="Delete")
    assert (entry.entity_type, entry.property, entry.new_value, entry.deployment_id) == (
        "ProcessDefinition", "cascade", "true", deployment.id)
    # The deployment and its other definition stay.
    got = work.deployments.GetDeployment(dp.GetDeploymentRequest(id=deployment.id)).deployment
    assert got.id == deployment.id and _exists(work, kept) and not work.ended(survivor)
    expect_error(lambda: _delete(work, doomed), grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")


def test_ended_instances_do_not_block_a_deletion(work: Work) -> None:
    process_key = key("done")
    definition = work.deploy_inline(process_key, waiting(process_key))
    instance = work.start_id(definition)
    work.complete(work.tasks_of(instance)[0].id)
    _delete(work, definition)
    assert not _exists(work, definition)
    expect_error(lambda: work.instance(instance), grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")


def test_deleting_the_latest_version_lets_the_one_before_listen_again(api) -> None:  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message = name("order")
    older = engine.deploy(contents={"message_start.bpmn": renamed("message_start.bpmn", StartOrder=message)})
    newer = engine.deploy(contents={"message_start.bpmn": renamed("message_start.bpmn", StartOrder=message)})
    newest_id = engine.definition_id(newer, "message_start")
    [result] = engine.correlate(message)
    assert result.process_definition_id == newest_id
    engine.definitions.DeleteProcessDefinition(pd.DeleteProcessDefinitionRequest(id=newest_id, cascade=True))
    [result] = engine.correlate(message)
    assert result.process_definition_id == engine.definition_id(older, "message_start")


def test_delete_by_key_takes_the_versions_of_no_tenant_or_of_one(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("versions")
    tenant = unique("tenant")
    body = render(one_task(process_key, unique("topic")), process_key).encode()
    plain = [work.definition_id(work.deploy(contents={f"{process_key}.bpmn": body}), process_key) for _ in range(2)]
    tenants = [work.definition_id(work.deploy(contents={f"{process_key}.bpmn": body}, tenant=tenant), process_key)]
    instance = work.start_id(plain[1])

    expect_error(lambda: _by_key(work, process_key), grpc.StatusCode.FAILED_PRECONDITION,
                 "PROCESS_DEFINITION_HAS_RUNNING_INSTANCES")
    assert all(_exists(work, d) for d in plain)  # all or nothing
    assert _by_key(work, process_key, cascade=True) == plain
    assert not any(_exists(work, d) for d in plain) and _exists(work, tenants[0])
    expect_error(lambda: work.instance(instance), grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    failure = expect_error(lambda: _by_key(work, process_key), grpc.StatusCode.NOT_FOUND,
                           "PROCESS_DEFINITION_NOT_FOUND")
    assert (failure.info.metadata["id"], failure.info.metadata["field_name"]) == (process_key, "key")

    outsider = Work(server.api(server.token(tenants=("someone-else",))))
    expect_error(lambda: _by_key(outsider, process_key, tenant), grpc.StatusCode.PERMISSION_DENIED,
                 "TENANT_NOT_GRANTED")
    expect_error(lambda: _delete(outsider, tenants[0]), grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    assert _by_key(work, process_key, tenant) == tenants
    assert not _exists(work, tenants[0])


def test_requests_without_an_id_or_key_are_refused(work: Work) -> None:
    failure = expect_error(lambda: _delete(work, ""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failure.fields == ["id"]
    failure = expect_error(lambda: _by_key(work, ""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failure.fields == ["key"]
