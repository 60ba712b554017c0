"""Signal waits are found by subscription name; BroadcastSignal reaches every waiting execution
(or one execution, or one tenant's); an intermediate signal throw event reaches other instances."""

from __future__ import annotations

import grpc

from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.scenario import Scenario, name
from tests.support import expect_error, unique

COMPLETED = process_instance_pb2.ProcessInstance.STATE_COMPLETED
ACTIVE = process_instance_pb2.ProcessInstance.STATE_ACTIVE


def catchers(engine: Scenario, signal: str, *tenants: str) -> list[str]:
    """One waiting signal_catch instance per tenant ("" for none)."""
    out = []
    for tenant in tenants:
        out.append(engine.run(engine.deploy_one("signal_catch.bpmn", tenant=tenant, GoLive=signal)))
    return out


def test_broadcast_reaches_every_waiting_execution(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    signal = name("go-live")
    a, b = catchers(engine, signal, "", "")
    assert engine.ids(signal_event_subscription_name=signal) == {a, b}
    assert engine.ids(process_instance_id=a, message_event_subscription_name=signal) == set()
    assert engine.broadcast(signal) == 2
    assert {engine.instance(i).state for i in (a, b)} == {COMPLETED}
    assert engine.ids(signal_event_subscription_name=signal) == set()
    # A signal nobody waits for is not an error.
    assert engine.broadcast(signal) == 0


def test_broadcast_to_one_execution(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    signal = name("go-live")
    a, b = catchers(engine, signal, "", "")
    assert engine.broadcast(signal, execution_id=b) == 1
    assert (engine.instance(a).state, engine.instance(b).state) == (ACTIVE, COMPLETED)
    failed = expect_error(lambda: engine.broadcast(signal, execution_id=b), grpc.StatusCode.NOT_FOUND,
                          "SIGNAL_SUBSCRIPTION_NOT_FOUND")
    assert failed.info.metadata["field_name"] == "execution_id"
    failed = expect_error(lambda: engine.broadcast(signal, execution_id=a, tenant_id="t"),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["tenant_id"]
    assert engine.ids(signal_event_subscription_name=signal) == {a}


def test_broadcast_to_one_tenant_or_to_no_tenant(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    signal = name("go-live")
    t1, t2 = unique("tenant"), unique("tenant")
    plain, first, second = catchers(engine, signal, "", t1, t2)
    assert engine.broadcast(signal, tenant_id=t1) == 1
    assert engine.ids(signal_event_subscription_name=signal) == {plain, second}
    assert engine.broadcast(signal, without_tenant_id=True) == 1
    assert engine.ids(signal_event_subscription_name=signal) == {second}
    failed = expect_error(lambda: engine.broadcast(signal, tenant_id=t2, without_tenant_id=True),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["without_tenant_id"]
    assert engine.broadcast(signal) == 1
    assert {engine.instance(i).state for i in (plain, first, second)} == {COMPLETED}


def test_broadcast_sets_variables_on_each_receiving_instance(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    signal = name("reminder")
    definition = engine.deploy_one("boundary_events.bpmn", ClaimWithdrawn=name("withdrawn"), ClaimReminder=signal)
    a, b = engine.run(definition), engine.run(definition)
    assert engine.broadcast(signal, {"reminded": True}) == 2
    assert engine.variables(a) == engine.variables(b) == {"reminded": (True, "Boolean")}


def test_suspended_executions_do_not_receive_signals(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    signal = name("go-live")
    a, b = catchers(engine, signal, "", "")
    engine.suspend(a)
    assert engine.ids(signal_event_subscription_name=signal, suspended=True) == {a}
    assert engine.broadcast(signal) == 1
    assert engine.ids(signal_event_subscription_name=signal) == {a}
    engine.activate(a)
    assert engine.broadcast(signal) == 1
    assert engine.instance(a).state == COMPLETED


def test_intermediate_throw_reaches_other_instances_of_its_tenant_and_of_none(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    signal = name("go-live")
    tenant, other = unique("tenant"), unique("tenant")
    plain, same, foreign = catchers(engine, signal, "", tenant, other)
    thrower = engine.run(engine.deploy_one("signal_throw.bpmn", tenant=tenant, GoLive=signal))
    assert engine.instance(thrower).state == COMPLETED
    assert (engine.instance(plain).state, engine.instance(same).state) == (COMPLETED, COMPLETED)
    assert engine.ids(signal_event_subscription_name=signal) == {foreign}

    # A thrower of no tenant reaches only catchers of no tenant.
    plain_again, = catchers(engine, signal, "")
    engine.run(engine.deploy_one("signal_throw.bpmn", GoLive=signal))
    assert engine.ids(signal_event_subscription_name=signal) == {foreign}
    assert engine.instance(plain_again).state == COMPLETED


def test_signal_execution_moves_a_signal_wait_and_drops_its_subscription(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    signal = name("go-live")
    a, = catchers(engine, signal, "")
    engine.signal_execution(a)
    assert engine.instance(a).state == COMPLETED
    assert engine.ids(signal_event_subscription_name=signal) == set()


def test_broadcast_needs_a_name(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    failed = expect_error(lambda: engine.broadcast(""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["name"]
