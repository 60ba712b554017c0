"""SetProcessDefinitionSuspensionStateByKey: every version of a key at once (of the tenants the
token sees, of one tenant, or of none), with or without their running instances."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import process_definition_pb2 as pd
from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.racing import check_race
from tests.engine.resources.modeler import render
from tests.engine.work_support import Work, key, waiting
from tests.support import expect_error, unique

SUSPENDED = "PROCESS_DEFINITION_SUSPENDED"



@pytest.fixture
def work(api) -> Work:  # type: ignore[no-untyped-def]
    return Work(api)


def by_key(work: Work, process_key: str, suspended: bool = True, include: bool = False, tenant: str = "",
           without_tenant: bool = False) -> pd.SetProcessDefinitionSuspensionStateByKeyResponse:
    return work.definitions.SetProcessDefinitionSuspensionStateByKey(
        pd.SetProcessDefinitionSuspensionStateByKeyRequest(
            key=process_key, suspended=suspended, include_process_instances=include, tenant_id=tenant,
            without_tenant_id=without_tenant))


def deploy(work: Work, process_key: str, tenant: str = "") -> str:
    deployment = work.deploy(contents={f"{process_key}.bpmn": render(waiting(process_key), process_key).encode()},
                             tenant=tenant)
    return work.definition_id(deployment, process_key)


def suspended(work: Work, *definition_ids: str) -> list[bool]:
    return [work.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(id=d)).process_definition.suspended
            for d in definition_ids]


def state(work: Work, instance_id: str) -> str:
    return process_instance_pb2.ProcessInstance.State.Name(work.instance(instance_id).state)


def test_every_version_of_every_visible_tenant_and_its_instances(work: Work) -> None:
    process_key, other_key, tenant = key("versions"), key("other"), unique("tenant")
    v1, v2, of_tenant, other = (deploy(work, process_key), deploy(work, process_key),
                                deploy(work, process_key, tenant), deploy(work, other_key))
    running = [work.start_id(d) for d in (v1, v2, v2, of_tenant, other)]

    answer = by_key(work, process_key, include=True)
    # By tenant (none first), then version.
    assert [(d.id, d.suspended) for d in answer.process_definitions] == [
        (v1, True), (v2, True), (of_tenant, True)]
    assert answer.process_instances_changed == 4
    assert suspended(work, v1, v2, of_tenant, other) == [True, True, True, False]
    assert [state(work, i) for i in running] == ["STATE_SUSPENDED"] * 4 + ["STATE_ACTIVE"]
    for definition in (v1, v2, of_tenant):
        expect_error(lambda: work.start(definition), grpc.StatusCode.FAILED_PRECONDITION, SUSPENDED)

    # Again: nothing changes; then activation of the definitions only.
    assert by_key(work, process_key, include=True).process_instances_changed == 0
    answer = by_key(work, process_key, suspended=False)
    assert answer.process_instances_changed == 0 and not any(d.suspended for d in answer.process_definitions)
    assert [state(work, i) for i in running[:4]] == ["STATE_SUSPENDED"] * 4
    assert state(work, work.start_id(v2)) == "STATE_ACTIVE"
    assert by_key(work, process_key, suspended=False, include=True).process_instances_changed == 4


def test_one_tenant_or_none(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    process_key, tenant, other_tenant = key("tenanted"), unique("tenant"), unique("tenant")
    plain, of_tenant, of_other = (deploy(work, process_key), deploy(work, process_key, tenant),
                                  deploy(work, process_key, other_tenant))

    assert [d.id for d in by_key(work, process_key, tenant=tenant).process_definitions] == [of_tenant]
    assert suspended(work, plain, of_tenant, of_other) == [False, True, False]
    assert [d.id for d in by_key(work, process_key, without_tenant=True).process_definitions] == [plain]
    assert suspended(work, plain, of_tenant, of_other) == [True, True, False]

    # A tenant's token acts on its tenant's versions and those of no tenant, never another's.
    member = Work(server.api(server.token(tenants=(tenant,))))
    assert [d.id for d in by_key(member, process_key, suspended=False).process_definitions] == [plain, of_tenant]
    assert suspended(work, plain, of_tenant, of_other) == [False, False, False]
    failed = expect_error(lambda: by_key(member, process_key, tenant=other_tenant), grpc.StatusCode.PERMISSION_DENIED,
                          "TENANT_NOT_GRANTED")
    assert failed.info.metadata["tenant_id"] == other_tenant
    only_other = key("only_other")
    deploy(work, only_other, other_tenant)
    failed = expect_error(lambda: by_key(member, only_other), grpc.StatusCode.NOT_FOUND,
                          "PROCESS_DEFINITION_NOT_FOUND")
    assert (failed.info.metadata["id"], failed.info.metadata["field_name"]) == (only_other, "key")


def test_errors_change_nothing(work: Work) -> None:
    process_key, tenant = key("refused"), unique("tenant")
    definition = deploy(work, process_key)
    failed = expect_error(lambda: by_key(work, ""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["key"]
    failed = expect_error(lambda: by_key(work, process_key, tenant=tenant, without_tenant=True),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["without_tenant_id"]
    expect_error(lambda: by_key(work, process_key, tenant=tenant), grpc.StatusCode.NOT_FOUND,
                 "PROCESS_DEFINITION_NOT_FOUND")
    expect_error(lambda: by_key(work, key("unknown")), grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    assert suspended(work, definition) == [False]


@pytest.mark.usefixtures("no_deadlock")
def test_two_calls_on_a_key_and_starts_at_once(work: Work) -> None:
    """Two suspensions of one key's versions and starts of each version, sent together, answer
    as one after the other: the calls take the versions in one order and queue."""

    def make() -> tuple[str, str, str]:
        process_key = key("raced_key")
        v1, v2 = deploy(work, process_key), deploy(work, process_key)
        work.start_id(v1)
        work.start_id(v2)
        return process_key, v1, v2

    def end_state(made: tuple[str, str, str]) -> tuple[object, ...]:
        _, v1, v2 = made
        found = work.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
            process_definition_key=made[0])).process_instances
        return (tuple(suspended(work, v1, v2)), sorted(i.state for i in found))

    check_race(make, [
        lambda m: by_key(work, m[0], include=True),
        lambda m: by_key(work, m[0], suspended=False, include=True),
        lambda m: work.start(m[1]),
        lambda m: work.start(m[2]),
    ], end_state, rounds=3)
