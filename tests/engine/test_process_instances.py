"""ProcessInstanceService: Get/Query instances, suspend and activate, delete (also of an instance
with concurrent paths and scopes), process variables."""

from __future__ import annotations

import grpc

from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1.types_pb2 import OffsetPage
from tests.engine.scenario import Scenario
from tests.support import expect_error, unique

STATE = pi.ProcessInstance


def query(engine: Scenario, **fields) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.id for i in engine.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(**fields))
            .process_instances]


def test_get_instance(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("parallel_join.bpmn")
    instance = engine.start(definition, business_key="bk-9").process_instance
    got = engine.instance(instance.id)
    assert got == instance
    assert (got.definition_id, got.definition_key, got.business_key, got.state, got.ended, got.suspended) == (
        definition, "parallel_join", "bk-9", STATE.STATE_ACTIVE, False, False)
    assert got.start_time.ToDatetime().replace(tzinfo=None) == server.clock.now().replace(tzinfo=None)
    assert not got.HasField("end_time")
    expect_error(lambda: engine.instance(unique("pi")), grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")


def test_query_instances(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    tenant = unique("tenant")
    key = unique("bk")
    definition = engine.deploy_one("parallel_join.bpmn")
    tenant_definition = engine.deploy_one("parallel_join.bpmn", tenant=tenant)
    ending = engine.deploy_one("exclusive_gateway.bpmn")
    a, b = engine.run(definition, business_key=key), engine.run(definition)
    c = engine.run(tenant_definition, business_key=key)
    done = engine.run(ending, {"amount": 1})
    engine.suspend(b)

    assert set(query(engine, process_definition_id=definition)) == {a, b}
    assert query(engine, process_definition_id=definition) == sorted([a, b])  # ordered by id
    assert set(query(engine, business_key=key)) == {a, c}
    assert query(engine, business_key=key, tenant_id_in=[tenant]) == [c]
    assert query(engine, process_definition_id=definition, active=True) == [a]
    assert query(engine, process_definition_id=definition, suspended=True) == [b]
    assert query(engine, process_definition_id=ending) == []
    assert query(engine, process_definition_id=ending, include_ended=True) == [done]
    assert set(query(engine, process_definition_key="parallel_join", business_key=key)) == {a, c}
    assert query(engine, process_definition_id=definition, page=OffsetPage(first_result=1, max_results=5)) == \
        sorted([a, b])[1:]
    failed = expect_error(lambda: query(engine, active=True, suspended=True), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_FIELD")
    assert failed.fields == ["suspended"]
    expect_error(lambda: query(engine, page=OffsetPage(max_results=-1)), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_FIELD")


def test_suspend_and_activate(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.run(engine.deploy_one("parallel_join.bpmn"))
    suspended = engine.suspend(instance)
    assert (suspended.state, suspended.suspended) == (STATE.STATE_SUSPENDED, True)
    assert all(e.suspended for e in engine.tree(instance))
    assert all(t.suspended for t in engine.tasks_of(instance))
    active = engine.activate(instance)
    assert (active.state, active.suspended) == (STATE.STATE_ACTIVE, False)
    assert not any(e.suspended for e in engine.tree(instance))
    expect_error(lambda: engine.suspend(unique("pi")), grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    done = engine.run(engine.deploy_one("exclusive_gateway.bpmn"), {"amount": 1})
    for verb in (engine.suspend, engine.activate, engine.delete):
        failed = expect_error(lambda: verb(done), grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_ENDED")
        assert failed.info.metadata["state"] == "COMPLETED"


def test_delete_an_instance_with_concurrent_paths_and_scopes(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.run(engine.deploy_one("parallel_join.bpmn"))
    deleted = engine.delete(instance, "customer cancelled")
    assert (deleted.state, deleted.ended, deleted.delete_reason) == (
        STATE.STATE_EXTERNALLY_TERMINATED, True, "customer cancelled")
    assert deleted.HasField("end_time")
    assert engine.tree(instance) == [] and engine.tasks_of(instance) == []
    # Nested scopes (a subprocess in a subprocess) go as well, children before parents.
    nested = engine.run(engine.deploy_one("embedded_subprocess.bpmn"))
    assert len(engine.tree(nested)) == 3
    engine.delete(nested)
    assert engine.tree(nested) == []
    assert engine.instance(nested).delete_reason == ""


def test_process_variables(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.run(engine.deploy_one("parallel_join.bpmn"), {"keep": 1, "drop": "x", "change": "old"})
    engine.set_variables(instance, {"change": "new", "added": ("2024-01-01T00:00:00Z", "Date")}, deletions=("drop",))
    assert engine.variables(instance) == {"keep": (1, "Integer"), "change": ("new", "String"),
                                          "added": ("2024-01-01T00:00:00.000+0000", "Date")}
    # Modifications first, then deletions: a variable both set and deleted is gone.
    engine.set_variables(instance, {"temp": 1}, deletions=("temp",))
    assert "temp" not in engine.variables(instance)
    failed = expect_error(lambda: engine.set_variables(instance, {"n": ("x", "Short")}),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["modifications[n].value"]
    expect_error(lambda: engine.variables(unique("pi")), grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    engine.delete(instance)
    expect_error(lambda: engine.variables(instance), grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_ENDED")
    expect_error(lambda: engine.set_variables(instance, {"a": 1}), grpc.StatusCode.FAILED_PRECONDITION,
                 "INSTANCE_ENDED")
