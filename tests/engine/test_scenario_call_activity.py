"""Call activities: the caller waits at the call activity while the called instance runs, with
in/out variable mappings and the business key, through two levels; deleting a called instance
lets its caller continue, deleting a caller ends what it called; a BPMN error the called
instance does not catch reaches the call activity's boundary event."""

from __future__ import annotations

from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.scenario import Scenario, called_by, deploy_chain, deploy_error_chain
from tests.support import unique

STATE = process_instance_pb2.ProcessInstance
COMPLETED = STATE.STATE_COMPLETED


def test_a_bpmn_error_the_called_instance_does_not_catch_reaches_the_call_activity(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    parent = engine.run(deploy_error_chain(engine))
    child = called_by(engine, parent)
    engine.complete(engine.task_at(child.id, "Decide").id)
    ended = engine.instance(child.id)
    assert (ended.state, ended.delete_reason) == (STATE.STATE_INTERNALLY_TERMINATED, "BPMN error DECLINED")
    assert [t.task_definition_key for t in engine.tasks_of(parent)] == ["Handle"]
    engine.complete(engine.task_at(parent, "Handle").id)
    assert engine.instance(parent).state == COMPLETED


def test_two_levels_with_mappings_and_business_key(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    order = unique("order")
    parent = engine.run(deploy_chain(engine), {"orderId": order, "amount": 21, "secret": "kept"})
    assert {e.id: e.activity_id for e in engine.tree(parent)} == {parent: "CallChild"}

    child = called_by(engine, parent)
    assert (child.definition_key, child.business_key, child.super_process_instance_id) == ("call_child", order, parent)
    # Only the mapped variables went in: orderId by name, doubledAmount by expression.
    assert engine.variables(child.id) == {"orderId": (order, "String"), "doubledAmount": (42, "Integer")}
    assert {e.id: e.activity_id for e in engine.tree(child.id)} == {child.id: "CallGrandchild"}

    grandchild = called_by(engine, child.id)
    assert grandchild.definition_key == "call_grandchild" and grandchild.business_key == ""
    # camunda:in variables="all"
    assert engine.variables(grandchild.id) == engine.variables(child.id)
    assert engine.ids(process_instance_id=grandchild.id, activity_id="GrandchildWork") == {grandchild.id}

    engine.signal_execution(grandchild.id, {"childResult": "done", "grandchildNote": "n"})
    assert engine.instance(grandchild.id).state == COMPLETED
    # camunda:out variables="all" local="true": every variable came back to the calling execution.
    assert engine.variables(child.id) == {"orderId": (order, "String"), "doubledAmount": (42, "Integer"),
                                          "childResult": ("done", "String"), "grandchildNote": ("n", "String")}
    assert engine.task_at(child.id, "ChildWork").assignee == "child-worker"

    engine.complete(engine.task_at(child.id, "ChildWork").id)
    assert {engine.instance(i).state for i in (parent, child.id, grandchild.id)} == {COMPLETED}


def test_out_mappings_reach_the_caller(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    order = unique("order")
    parent = engine.run(deploy_chain(engine, "call_parallel.bpmn"), {"orderId": order, "amount": 5})
    calling = engine.at_activity(parent, "CallChild")
    child = called_by(engine, parent)
    grandchild = called_by(engine, child.id)
    engine.signal_execution(grandchild.id, {"childResult": "done"})
    engine.complete(engine.task_at(child.id, "ChildWork").id, {"extra": 1})

    # The caller's path moved on; `result` is a process variable, the rest local to the path.
    assert engine.ids(process_instance_id=parent, activity_id="ReviewResult") == {calling}
    assert engine.variables(parent) == {"orderId": (order, "String"), "amount": (5, "Integer"),
                                        "result": ("done", "String")}
    assert engine.local(calling) == {"orderId": (order, "String"), "doubledAmount": (10, "Integer"),
                                     "childResult": ("done", "String"), "extra": (1, "Integer")}


def test_deleting_a_called_instance_lets_the_caller_continue(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    parent = engine.run(deploy_chain(engine), {"orderId": unique("order"), "amount": 1})
    child = called_by(engine, parent)
    grandchild = called_by(engine, child.id)
    deleted = engine.delete(grandchild.id, "not needed")
    assert (deleted.state, deleted.delete_reason) == (STATE.STATE_EXTERNALLY_TERMINATED, "not needed")
    # The child continued without outputs.
    assert {e.id: e.activity_id for e in engine.tree(child.id)} == {child.id: "ChildWork"}
    assert "childResult" not in engine.variables(child.id)
    assert engine.instance(parent).state == STATE.STATE_ACTIVE


def test_deleting_the_caller_deletes_what_it_called(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    parent = engine.run(deploy_chain(engine), {"orderId": unique("order"), "amount": 1})
    child = called_by(engine, parent)
    grandchild = called_by(engine, child.id)
    engine.delete(parent, "order cancelled")
    for instance_id in (parent, child.id, grandchild.id):
        ended = engine.instance(instance_id)
        assert (ended.state, ended.delete_reason) == (STATE.STATE_EXTERNALLY_TERMINATED, "order cancelled")
        assert engine.ids(process_instance_id=instance_id) == set()
