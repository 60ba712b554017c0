"""A parallel gateway gives N concurrent executions at N activities and a root without activity;
the join brings the instance back to one path."""

from __future__ import annotations

from flowkeeper.engine.v1 import process_instance_pb2
from flowkeeper.engine.v1.execution_pb2 import VariableQueryParameter
from tests.engine.scenario import Scenario
from tests.engine.support import Engine, at, value


def test_fork_gives_concurrent_executions_and_a_root_without_activity(api):  # type: ignore[no-untyped-def]
    engine = Engine(api)
    instance = engine.deploy_and_start("parallel_review.bpmn")
    tree = engine.tree(instance.id)
    by_activity = at(tree)
    assert sorted(by_activity) == ["", "ReviewFinance", "ReviewLegal", "ReviewTech"]
    root = next(e for e in tree if e.id == instance.id)
    assert root.activity_id == "" and root.parent_id == "" and root.scope
    children = [e for e in tree if e.id != instance.id]
    assert len(children) == 3 and all(c.parent_id == instance.id and c.concurrent for c in children)

    tasks = {t.task_definition_key: t for t in engine.tasks_of(instance.id)}
    assert tasks["ReviewLegal"].assignee == "legal-lead"
    assert list(tasks["ReviewFinance"].candidate_groups) == ["finance"]
    assert list(tasks["ReviewTech"].candidate_users) == ["alice", "bob"]

    engine.complete(tasks["ReviewLegal"].id)
    assert sorted(at(engine.tree(instance.id))) == ["", "Join", "ReviewFinance", "ReviewTech"]
    engine.complete(tasks["ReviewFinance"].id)
    engine.complete(tasks["ReviewTech"].id)
    assert engine.tree(instance.id) == []
    ended = engine.instance(instance.id)
    assert ended.ended and ended.state == ended.STATE_COMPLETED


def test_join_waits_for_every_path_then_the_root_continues_alone(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("parallel_join.bpmn")
    instance = engine.run(definition)
    pick = engine.at_activity(instance, "PickItems")
    label = engine.at_activity(instance, "PrintLabel")
    assert engine.ids(process_instance_id=instance) == {instance, pick, label}
    assert {e.id: e.activity_id for e in engine.tree(instance)} == {instance: "", pick: "PickItems",
                                                                    label: "PrintLabel"}

    engine.complete(engine.task_at(instance, "PickItems").id)
    # The path that arrived waits at the join, inactive; the other is still at its task.
    assert engine.ids(process_instance_id=instance, activity_id="Join") == {pick}
    assert engine.ids(process_instance_id=instance) == {instance, pick, label}
    assert [t.task_definition_key for t in engine.tasks_of(instance)] == ["PrintLabel"]

    engine.complete(engine.task_at(instance, "PrintLabel").id)
    # Every path met: the concurrent executions are gone and the root itself moves on.
    [root] = engine.tree(instance)
    assert (root.id, root.activity_id, root.parent_id, root.concurrent) == (instance, "HandOver", "", False)
    [hand_over] = engine.tasks_of(instance)
    assert hand_over.task_definition_key == "HandOver" and hand_over.execution_id == instance
    engine.complete(hand_over.id)
    assert engine.tree(instance) == []
    assert engine.instance(instance).state == process_instance_pb2.ProcessInstance.STATE_COMPLETED


def test_local_variables_of_concurrent_paths_end_with_their_paths(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("parallel_join.bpmn")
    instance = engine.run(definition, {"order": "A-1"})
    pick = engine.at_activity(instance, "PickItems")
    label = engine.at_activity(instance, "PrintLabel")
    engine.set_local(pick, {"picker": "ann"})
    engine.set_local(label, {"printer": "p2"})
    assert engine.local(pick) == {"picker": ("ann", "String")}
    assert engine.local(instance) == {"order": ("A-1", "String")}
    # Completing a task sets process variables (where no nearer scope holds them).
    engine.complete(engine.task_at(instance, "PickItems").id, {"picked": True})
    assert engine.variables(instance) == {"order": ("A-1", "String"), "picked": (True, "Boolean")}
    engine.complete(engine.task_at(instance, "PrintLabel").id)
    assert engine.ids(variables=[VariableQueryParameter(name="picker", operator="eq", value=value("ann"))],
                      process_instance_id=instance) == set()
    assert engine.variables(instance) == {"order": ("A-1", "String"), "picked": (True, "Boolean")}


def test_instances_of_other_definitions_stay_apart(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    first = engine.deploy_one("parallel_join.bpmn")
    second = engine.deploy_one("parallel_review.bpmn")
    a, b = engine.run(first), engine.run(second)
    assert engine.count(process_definition_id=first) == 3
    assert engine.ids(process_definition_id=second) == {e.id for e in engine.tree(b)}
    assert len(engine.tree(b)) == 4
    assert engine.ids(process_definition_id=first, activity_id="PickItems") == {engine.at_activity(a, "PickItems")}
    assert engine.ids(process_definition_key="parallel_join", process_instance_id=b) == set()
