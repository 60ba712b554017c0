"""Message waits are found by subscription name; CorrelateMessage picks the waiting executions
by business key, correlation keys, local correlation keys or process instance, all of them
with `all`, and otherwise starts an instance through a message start event."""

from __future__ import annotations

import grpc

from flowkeeper.engine.v1 import message_pb2, process_instance_pb2
from tests.engine.scenario import Scenario, name
from tests.engine.support import plain
from tests.support import expect_error

EXECUTION = message_pb2.MessageCorrelationResult.RESULT_TYPE_EXECUTION
DEFINITION = message_pb2.MessageCorrelationResult.RESULT_TYPE_PROCESS_DEFINITION
COMPLETED = process_instance_pb2.ProcessInstance.STATE_COMPLETED
ACTIVE = process_instance_pb2.ProcessInstance.STATE_ACTIVE


def waiting(engine: Scenario, count: int, **variables_of: dict) -> tuple[str, str, list[str]]:  # type: ignore[type-arg]
    message = name("paid")
    definition = engine.deploy_one("message_catch.bpmn", PaymentReceived=message)
    instances = [engine.run(definition, variables_of.get(str(i), {}), business_key=f"{message}-{i}")
                 for i in range(count)]
    return message, definition, instances


def test_waits_are_found_by_message_subscription_name(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message, definition, (a, b) = waiting(engine, 2)
    assert engine.ids(message_event_subscription_name=message) == {a, b}
    assert engine.count(message_event_subscription_name=message) == 2
    assert engine.ids(process_definition_id=definition, signal_event_subscription_name=message) == set()
    assert engine.ids(process_definition_id=definition, activity_id="WaitForPayment") == {a, b}


def test_correlation_by_business_key_moves_exactly_that_instance(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message, _, (a, b) = waiting(engine, 2)
    [result] = engine.correlate(message, business_key=f"{message}-1", process_variables={"amount": 12})
    assert (result.result_type, result.execution_id, result.process_instance_id) == (EXECUTION, b, b)
    assert engine.instance(b).state == COMPLETED
    assert engine.ids(message_event_subscription_name=message) == {a}


def test_no_match_is_not_found_and_several_are_ambiguous(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message, _, (a, b) = waiting(engine, 2)
    failed = expect_error(lambda: engine.correlate(message, business_key="nobody"), grpc.StatusCode.NOT_FOUND,
                          "MESSAGE_NOT_CORRELATED")
    assert failed.info.metadata["id"] == message and failed.info.metadata["field_name"] == "message_name"
    expect_error(lambda: engine.correlate(name("unknown")), grpc.StatusCode.NOT_FOUND, "MESSAGE_NOT_CORRELATED")
    failed = expect_error(lambda: engine.correlate(message), grpc.StatusCode.FAILED_PRECONDITION,
                          "AMBIGUOUS_MESSAGE_CORRELATION")
    assert failed.info.metadata["count"] == "2" and failed.info.metadata["matches"] == "executions"
    assert failed.precondition.violations[0].subject == message
    # Nothing moved.
    assert engine.ids(message_event_subscription_name=message) == {a, b}
    expect_error(lambda: engine.correlate(""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")


def test_all_correlates_every_match(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message, _, (a, b, c) = waiting(engine, 3, **{"2": {"region": "north"}})
    results = engine.correlate(message, all=True, correlation_keys={}, process_variables={"paid": True})
    assert sorted(r.process_instance_id for r in results) == sorted([a, b, c])
    assert {r.result_type for r in results} == {EXECUTION}
    assert {engine.instance(i).state for i in (a, b, c)} == {COMPLETED}


def test_correlation_keys_match_process_variables(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message, _, (a, b) = waiting(engine, 2, **{"0": {"customer": "c-1", "tier": 1}, "1": {"customer": "c-2", "tier": 1}})
    [result] = engine.correlate(message, correlation_keys={"customer": "c-2", "tier": 1})
    assert result.process_instance_id == b
    # A key must match in value and type: an Integer 1 is not a String "1".
    expect_error(lambda: engine.correlate(message, correlation_keys={"customer": "c-1", "tier": ("1", "String")}),
                 grpc.StatusCode.NOT_FOUND, "MESSAGE_NOT_CORRELATED")
    expect_error(lambda: engine.correlate(message, correlation_keys={"customer": "c-2"}),
                 grpc.StatusCode.NOT_FOUND, "MESSAGE_NOT_CORRELATED")
    assert engine.ids(message_event_subscription_name=message) == {a}


def test_correlation_by_process_instance_id(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message, _, (a, b) = waiting(engine, 2)
    [result] = engine.correlate(message, process_instance_id=a)
    assert result.process_instance_id == a
    expect_error(lambda: engine.correlate(message, process_instance_id=a), grpc.StatusCode.NOT_FOUND,
                 "MESSAGE_NOT_CORRELATED")
    failed = expect_error(lambda: engine.correlate(message, process_instance_id=b, tenant_id="t"),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["tenant_id"]
    assert engine.ids(message_event_subscription_name=message) == {b}


def test_local_correlation_keys_pick_one_concurrent_execution(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message = name("parcel")
    definition = engine.deploy_one("parallel_messages.bpmn", ParcelArrived=message)
    instance = engine.run(definition)
    first = engine.at_activity(instance, "FirstParcel")
    second = engine.at_activity(instance, "SecondParcel")
    assert engine.ids(message_event_subscription_name=message) == {first, second}
    engine.set_local(first, {"parcel": "P-1"})
    engine.set_local(second, {"parcel": "P-2"})
    # The same value as a process variable does not count: local keys look at the execution.
    engine.set_variables(instance, {"parcel": "P-3"})
    expect_error(lambda: engine.correlate(message, local_correlation_keys={"parcel": "P-3"}),
                 grpc.StatusCode.NOT_FOUND, "MESSAGE_NOT_CORRELATED")

    [result] = engine.correlate(message, local_correlation_keys={"parcel": "P-2"},
                                process_variables_local={"received": "dock 4"}, process_variables={"seen": 1})
    assert (result.execution_id, result.process_instance_id) == (second, instance)
    assert engine.ids(process_instance_id=instance, activity_id="Join") == {second}
    assert engine.local(second) == {"parcel": ("P-2", "String"), "received": ("dock 4", "String")}
    assert engine.variables(instance) == {"parcel": ("P-3", "String"), "seen": (1, "Integer")}
    [result] = engine.correlate(message, process_instance_id=instance)
    assert result.execution_id == first
    assert engine.instance(instance).state == COMPLETED


def test_message_start_event_starts_an_instance_with_the_business_key(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message = name("order")
    definition = engine.deploy_one("message_start.bpmn", StartOrder=message)
    [result] = engine.correlate(message, business_key="order-7", process_variables={"item": "book"})
    assert (result.result_type, result.process_definition_id, result.execution_id) == (DEFINITION, definition, "")
    started = engine.instance(result.process_instance_id)
    assert (started.business_key, started.state, started.definition_id) == ("order-7", ACTIVE, definition)
    assert engine.ids(process_instance_id=started.id, activity_id="HandleOrder") == {started.id}
    assert engine.variables(started.id) == {"item": ("book", "String")}
    # Correlation keys describe waiting instances; with none waiting, the start event serves
    # (as in the document's engine). Naming a process instance never starts one.
    [result] = engine.correlate(message, correlation_keys={"item": "pen"})
    assert result.result_type == DEFINITION and engine.variables(result.process_instance_id) == {}
    expect_error(lambda: engine.correlate(message, process_instance_id=started.id), grpc.StatusCode.NOT_FOUND,
                 "MESSAGE_NOT_CORRELATED")
    # Only the latest version's start event listens.
    newer = engine.deploy_one("message_start.bpmn", StartOrder=message)
    [result] = engine.correlate(message)
    assert result.process_definition_id == newer


def test_waiting_execution_wins_over_a_message_start_event(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message = name("shared")
    starter = engine.deploy_one("message_start.bpmn", StartOrder=message)
    catcher = engine.deploy_one("message_catch.bpmn", PaymentReceived=message)
    waiting_instance = engine.run(catcher)
    [result] = engine.correlate(message)
    assert (result.result_type, result.process_instance_id) == (EXECUTION, waiting_instance)
    [result] = engine.correlate(message)
    assert (result.result_type, result.process_definition_id) == (DEFINITION, starter)
    # With `all`, both kinds are correlated: every waiting execution and every start event.
    again = engine.run(catcher)
    results = engine.correlate(message, all=True)
    assert [(r.result_type, r.process_instance_id if r.result_type == EXECUTION else r.process_definition_id)
            for r in results] == [(EXECUTION, again), (DEFINITION, starter)]


def test_several_start_events_are_ambiguous_without_all(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message = name("start")
    first = engine.deploy_one("message_start.bpmn", StartOrder=message)
    deployment = engine.deploy(contents={"two_processes.bpmn": renamed_two(message)})
    second = engine.definition_id(deployment, "two_processes_billing")
    failed = expect_error(lambda: engine.correlate(message), grpc.StatusCode.FAILED_PRECONDITION,
                          "AMBIGUOUS_MESSAGE_CORRELATION")
    assert failed.info.metadata["matches"] == "process_definitions"
    results = engine.correlate(message, all=True)
    assert sorted(r.process_definition_id for r in results) == sorted([first, second])
    assert {r.result_type for r in results} == {DEFINITION}


def renamed_two(message: str) -> bytes:
    from tests.engine.scenario import renamed

    return renamed("two_processes.bpmn", BillOrder=message)


def test_suspended_instances_do_not_receive_messages(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message, _, (a, b) = waiting(engine, 2)
    engine.suspend(a)
    # Only b waits actively, so the message is not ambiguous.
    [result] = engine.correlate(message)
    assert result.process_instance_id == b
    expect_error(lambda: engine.correlate(message, process_instance_id=a), grpc.StatusCode.NOT_FOUND,
                 "MESSAGE_NOT_CORRELATED")
    engine.activate(a)
    [result] = engine.correlate(message, process_instance_id=a)
    assert engine.instance(a).state == COMPLETED


def test_results_carry_the_instances_variables_when_asked(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    message, _, (ends, waits) = waiting(engine, 2, **{"0": {"order": "A-1"}, "1": {"order": "B-2"}})
    # the instance ends on the message: its result has the variables it ended with
    [result] = engine.correlate(message, business_key=f"{message}-0", process_variables={"amount": 12},
                                variables_in_result_enabled=True)
    assert engine.instance(ends).state == COMPLETED
    assert plain(result.variables) == {"order": ("A-1", "String"), "amount": (12, "Integer")}
    # without the flag, none
    [quiet] = engine.correlate(message, business_key=f"{message}-1")
    assert dict(quiet.variables) == {} and engine.instance(waits).state == COMPLETED
    # a message start event: the new instance's variables as it waits at its first task
    start = name("order")
    engine.deploy_one("message_start.bpmn", StartOrder=start)
    [started] = engine.correlate(start, process_variables={"item": "book"}, variables_in_result_enabled=True)
    assert started.result_type == DEFINITION and engine.instance(started.process_instance_id).state == ACTIVE
    assert plain(started.variables) == {"item": ("book", "String")}
