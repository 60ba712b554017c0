"""GetActivityInstanceTree: the root for the instance, an activity instance per path at an
activity, a subprocess holding what runs inside it, transition instances for paths held by an
asynchronous continuation, and open incidents where they are."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import history_pb2, history_pb2_grpc
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.failure_support import Failures
from tests.engine.job_support import failing_gateway
from tests.engine.resources.modeler import render
from tests.engine.work_support import eventually, key, spread
from tests.support import expect_error, unique


@pytest.fixture
def work(api) -> Failures:  # type: ignore[no-untyped-def]
    return Failures(api)


def tree(work: Failures, instance_id: str) -> pi.ActivityInstance:
    return work.instances.GetActivityInstanceTree(pi.GetActivityInstanceTreeRequest(
        process_instance_id=instance_id)).root


def shape(node: pi.ActivityInstance) -> tuple[object, ...]:
    """(activity, type, sorted children, sorted transitions), ids left out."""
    return (node.activity_id, node.activity_type,
            tuple(sorted(shape(c) for c in node.child_activity_instances)),
            tuple(sorted((t.activity_id, t.activity_type) for t in node.child_transition_instances)))


def walk(node: pi.ActivityInstance) -> list[pi.ActivityInstance]:
    return [node] + [n for c in node.child_activity_instances for n in walk(c)]


def test_paths_subprocesses_and_joins(work: Failures) -> None:
    process_key, topic = key("tree"), unique("topic")
    definition = work.deploy_inline(process_key, spread(process_key, topic))
    instance = work.start_id(definition)
    root = tree(work, instance)

    assert (root.id, root.activity_id, root.activity_type, root.activity_name, list(root.execution_ids)) == (
        instance, definition, "processDefinition", "Spread", [instance])
    assert shape(root) == (definition, "processDefinition", (
        ("Join", "parallelGateway", (), ()),
        ("Sub", "subProcess", (("Finance", "userTask", (), ()), ("Legal", "userTask", (), ())), ()),
        ("Work", "serviceTask", (), ()),
    ), ())
    by_activity = {n.activity_id: n for n in walk(root)}
    # Each activity instance's id is its running activity instance's in the history.
    running = {p.id: p for p in work.api.stub(history_pb2_grpc.HistoryServiceStub).QueryHistoricActivityInstances(
        history_pb2.QueryHistoricActivityInstancesRequest(process_instance_id=instance, unfinished=True))
        .historic_activity_instances}
    for node in walk(root)[1:]:
        [execution] = node.execution_ids
        assert (running[node.id].activity_id, running[node.id].execution_id) == (node.activity_id, execution)
        assert (node.process_instance_id, node.process_definition_id) == (instance, definition)
    # A subprocess's, and an activity's with boundary events, names its scope execution.
    for scope in ("Sub", "Work"):
        assert by_activity[scope].id == f"{scope}:{by_activity[scope].execution_ids[0]}"
    assert by_activity["Work"].activity_name == "Do the work" and by_activity["Sub"].activity_name == "Review"
    assert by_activity["Legal"].parent_activity_instance_id == by_activity["Sub"].id
    assert by_activity["Work"].parent_activity_instance_id == instance
    # The path at Work is the one the executions say (its boundary event's scope).
    assert work.at(instance, "Work") == by_activity["Work"].execution_ids[0]

    # Legal done: its path waits at the subprocess's join; the ids of what stays do not change.
    [legal] = [t for t in work.tasks_of(instance) if t.task_definition_key == "Legal"]
    work.complete(legal.id)
    after = {n.activity_id: n for n in walk(tree(work, instance))}
    assert set(after) == {definition, "Join", "Sub", "Finance", "SubJoin", "Work"}
    assert after["SubJoin"].parent_activity_instance_id == after["Sub"].id
    assert after["Finance"].id == by_activity["Finance"].id and after["Work"].id == by_activity["Work"].id

    # Once the subprocess ends, two paths wait at the outer join.
    [finance] = [t for t in work.tasks_of(instance) if t.task_definition_key == "Finance"]
    work.complete(finance.id)
    assert shape(tree(work, instance))[2] == (
        ("Join", "parallelGateway", (), ()), ("Join", "parallelGateway", (), ()), ("Work", "serviceTask", (), ()))


def test_a_failed_continuation_is_a_transition_instance_with_its_incident(work: Failures) -> None:
    process_key = key("async_tree")
    definition = work.deploy_inline(process_key, failing_gateway(process_key))
    instance = work.start_id(definition)
    root = tree(work, instance)
    [waiting] = root.child_transition_instances
    assert (waiting.activity_id, waiting.activity_type, waiting.execution_id, waiting.parent_activity_instance_id) == (
        "Gate", "exclusiveGateway", instance, instance)
    assert waiting.id == f"Gate:{instance}" and not root.child_activity_instances
    eventually(lambda: work.jobs_of(instance, no_retries_left=True), what="three failed attempts")
    [waiting] = tree(work, instance).child_transition_instances
    [incident] = waiting.incident_ids
    assert work.incident(incident).incident_type == "failedJob"


def test_incidents_sit_on_their_activity_instance(work: Failures) -> None:
    process_key, topic = key("tree_incidents"), unique("topic")
    instance = work.start_id(work.deploy_inline(process_key, spread(process_key, topic)))
    on_legal = work.create_incident(work.at(instance, "Legal"), "custom")
    on_work = work.create_incident(work.at(instance, "Work"), "custom")
    resolved = work.create_incident(work.at(instance, "Work"), "other")
    work.resolve(resolved.id)
    incidents = {n.activity_id: list(n.incident_ids) for n in walk(tree(work, instance))}
    assert incidents["Legal"] == [on_legal.id] and incidents["Work"] == [on_work.id]
    assert incidents["Sub"] == [] and incidents["Finance"] == []


def test_errors(work: Failures, server) -> None:  # type: ignore[no-untyped-def]
    process_key, topic = key("tree_errors"), unique("topic")
    tenant = unique("tenant")
    deployment = work.deploy(contents={f"{process_key}.bpmn": _rendered(process_key, topic)}, tenant=tenant)
    instance = work.start_id(work.definition_id(deployment, process_key))
    expect_error(lambda: tree(work, "nope"), grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    outsider = Failures(server.api(server.token(tenants=(unique("other"),))))
    expect_error(lambda: tree(outsider, instance), grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    work.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    expect_error(lambda: tree(work, instance), grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_ENDED")


def _rendered(process_key: str, topic: str) -> bytes:
    return render(spread(process_key, topic), process_key).encode()
