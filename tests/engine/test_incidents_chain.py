"""Cause and root cause through two levels of call activity: call_parent -> call_child ->
call_grandchild. An incident in the grandchild gets copies on the calling executions; resolving
the root removes them; removing the instances deletes them."""

from __future__ import annotations

import grpc

from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.failure_support import Failures, Inc
from tests.support import expect_error, unique


def _chain(api):  # type: ignore[no-untyped-def]
    """A running parent -> child -> grandchild chain: (engine, parent, child, grandchild ids)."""
    engine = Failures(api)
    deployment = engine.deploy("call_parent.bpmn", "call_child.bpmn", "call_grandchild.bpmn")
    parent = engine.start(engine.definition_id(deployment, "call_parent"),
                          {"orderId": unique("order"), "amount": 21}).process_instance.id
    [child] = [i.id for i in engine.instances.QueryProcessInstances(
        process_instance_pb2.QueryProcessInstancesRequest(super_process_instance_id=parent)).process_instances]
    [grandchild] = [i.id for i in engine.instances.QueryProcessInstances(
        process_instance_pb2.QueryProcessInstancesRequest(super_process_instance_id=child)).process_instances]
    return engine, deployment, parent, child, grandchild


def test_an_incident_in_a_called_instance_is_copied_up_the_whole_chain(api):  # type: ignore[no-untyped-def]
    engine, deployment, parent, child, grandchild = _chain(api)
    failing = engine.at(grandchild, "GrandchildWork")
    call_grandchild = engine.at(child, "CallGrandchild")
    call_child = engine.at(parent, "CallChild")

    root = engine.create_incident(failing, "paymentProviderDown", configuration="provider=acme",
                                  message="the provider answered 503")
    assert root.cause_incident_id == root.id and root.root_cause_incident_id == root.id

    [middle] = [engine.incident(i) for i in engine.incident_ids(process_instance_id=child)]
    [top] = [engine.incident(i) for i in engine.incident_ids(process_instance_id=parent)]
    # The child's copy is on the execution at the call activity, caused by the grandchild's incident.
    assert (middle.execution_id, middle.activity_id, middle.failed_activity_id) == (
        call_grandchild, "CallGrandchild", "CallGrandchild")
    assert (middle.cause_incident_id, middle.root_cause_incident_id) == (root.id, root.id)
    assert middle.process_definition_id == engine.definition_id(deployment, "call_child")
    assert (middle.incident_type, middle.incident_message, middle.configuration) == ("paymentProviderDown", "", "")
    # The parent's copy is caused by the child's copy; its root cause is still the original.
    assert (top.execution_id, top.activity_id) == (call_child, "CallChild")
    assert (top.cause_incident_id, top.root_cause_incident_id) == (middle.id, root.id)
    assert top.process_definition_id == engine.definition_id(deployment, "call_parent")
    assert top.state == middle.state == Inc.STATE_OPEN

    assert engine.incident_ids(root_cause_incident_id=root.id) == {root.id, middle.id, top.id}
    assert engine.incident_ids(cause_incident_id=root.id) == {root.id, middle.id}
    assert engine.incident_ids(cause_incident_id=middle.id) == {top.id}
    assert engine.count_incidents(root_cause_incident_id=root.id) == 3
    # Each execution of the chain is found by the incident type.
    assert engine.query(incident_type="paymentProviderDown", process_instance_id=parent) == {call_child}
    assert engine.query(incident_type="paymentProviderDown", process_instance_id=child) == {call_grandchild}
    assert engine.query(incident_type="paymentProviderDown", process_instance_id=grandchild) == {failing}
    # Only the root carries the message.
    assert engine.query(incident_message="the provider answered 503", process_instance_id=parent) == set()
    assert engine.query(incident_id=top.id) == {call_child}

    # A copy is not resolved on its own.
    for copy in (middle, top):
        failure = expect_error(lambda: engine.resolve(copy.id), grpc.StatusCode.FAILED_PRECONDITION,
                               "INCIDENT_NOT_ROOT_CAUSE")
        assert failure.info.metadata["root_cause_incident_id"] == root.id
        assert [v.subject for v in failure.precondition.violations] == [copy.id]

    # Resolving the root removes the chain's copies.
    engine.resolve(root.id)
    assert {engine.incident(i).state for i in (root.id, middle.id, top.id)} == {Inc.STATE_RESOLVED}
    assert engine.incident_ids(root_cause_incident_id=root.id) == set()
    assert engine.query(incident_type="paymentProviderDown", process_instance_id=parent) == set()


def test_cancelling_the_top_instance_deletes_the_whole_chain(api):  # type: ignore[no-untyped-def]
    engine, _, parent, child, grandchild = _chain(api)
    root = engine.create_incident(engine.at(grandchild, "GrandchildWork"), "stuck")
    chain = engine.incident_ids(root_cause_incident_id=root.id)
    assert len(chain) == 3
    engine.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=parent))
    assert {engine.incident(i).state for i in chain} == {Inc.STATE_DELETED}
    assert engine.incident_ids(root_cause_incident_id=root.id) == set()


def test_cancelling_the_failing_instance_deletes_the_copies_above_it(api):  # type: ignore[no-untyped-def]
    """The called instance is cancelled: its incident and the copies it caused end, while the
    calling activity moves on."""
    engine, _, parent, child, grandchild = _chain(api)
    root = engine.create_incident(engine.at(grandchild, "GrandchildWork"), "stuck")
    chain = engine.incident_ids(root_cause_incident_id=root.id)
    engine.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=grandchild))
    assert {engine.incident(i).state for i in chain} == {Inc.STATE_DELETED}
    # The child moved on past the call activity.
    assert engine.query(process_instance_id=child, activity_id="ChildWork") != set()


def test_an_incident_on_the_middle_level_is_copied_to_the_top_only(api):  # type: ignore[no-untyped-def]
    engine, _, parent, child, grandchild = _chain(api)
    call_grandchild = engine.at(child, "CallGrandchild")
    middle = engine.create_incident(call_grandchild, "childTrouble")
    [top] = [engine.incident(i) for i in engine.incident_ids(incident_type="childTrouble",
                                                             process_instance_id=parent)]
    assert (top.cause_incident_id, top.root_cause_incident_id) == (middle.id, middle.id)
    assert engine.incident_ids(incident_type="childTrouble", process_instance_id=grandchild) == set()
    engine.resolve(middle.id)
    assert engine.incident(top.id).state == Inc.STATE_RESOLVED
