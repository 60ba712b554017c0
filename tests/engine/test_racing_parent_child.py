"""Calls on a called instance racing calls on its caller answer, and leave, what the two calls
one after the other would (tests.engine.racing.check_race): the engine locks both
instances (a completing child its caller, a deleted caller its children), and neither call may
act on what the other changed.

Call activities: call_parallel.bpmn calls call_child.bpmn (which calls call_grandchild.bpmn)
beside a user task Watch. Process tasks: case_process_task.cmmn's PI_Review calls
case_review_process.bpmn. Case tasks: case_case_task.cmmn's case_caller calls case_callee. The
end state covers every instance involved, and a case's plan items, variables and tasks: nothing
ended may have left anything behind.

The engine takes the locks of a calling tree from the top down (Runtime._hold_callers), so none
of these races may deadlock: PostgreSQL would break the deadlock after a second, and the retried
call would answer right, but slowly."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from flowkeeper.engine.v1 import case_instance_pb2, process_instance_pb2
from server.engine.cases.models import CaseExecution, CaseInstance
from server.engine.models import ProcessInstance, Task, Variable
from tests.engine.case_support import Cases
from tests.engine.racing import check_race, instance_state
from tests.engine.scenario import Scenario, called_by, deploy_chain, deploy_error_chain
from tests.engine.support import typed_map
from tests.support import unique

pytestmark = pytest.mark.usefixtures("no_deadlock")

ROUNDS = 2


class Engine(Cases, Scenario):
    """Process and case stubs."""


@pytest.fixture
def engine(api) -> Engine:  # type: ignore[no-untyped-def]
    return Engine(api)


def instances_state(server: Any, *instance_ids: str) -> tuple[Any, ...]:
    """instance_state of each instance, with how it ended (its delete reason)."""

    def reason(instance_id: str) -> str | None:
        return server.db.run(lambda tx: tx.get(ProcessInstance, instance_id).delete_reason, write=False)

    return tuple((instance_state(server, i), reason(i)) for i in instance_ids)


# -- call activities ------------------------------------------------------------------------------


def _chain(engine: Engine, *, at: str):  # type: ignore[no-untyped-def]
    """Instances of call_parallel.bpmn whose called child waits at ``at`` (CallGrandchild: the
    grandchild runs; ChildWork: the grandchild completed and the child's last task waits):
    (parent, child, grandchild, ChildWork's task id or "")."""
    definition = deploy_chain(engine, "call_parallel.bpmn")

    def make() -> tuple[str, str, str, str]:
        parent = engine.run(definition, {"orderId": "order-1", "amount": 5})
        child = called_by(engine, parent).id
        grandchild = called_by(engine, child).id
        if at == "CallGrandchild":
            return parent, child, grandchild, ""
        engine.signal_execution(grandchild, {"childResult": "done"})
        return parent, child, grandchild, engine.task_at(child, "ChildWork").id

    return make


def test_the_childs_last_task_against_delete_and_suspend_of_the_parent(engine, server):  # type: ignore[no-untyped-def]
    """Completing ChildWork ends the child and moves the parent on to ReviewResult (with the
    out-mappings); deleting the parent first deletes the child too, and the completion finds no
    task (NOT_FOUND). A suspended parent's call activity still takes its ended child's result."""
    make = _chain(engine, at="ChildWork")

    def complete(s: tuple[str, ...]) -> object:
        return engine.complete(s[3], {"childResult": "final"})

    def state(s: tuple[str, ...]) -> Any:
        return instances_state(server, *s[:3])

    check_race(make, [complete, lambda s: engine.delete(s[0], "order cancelled")], state, ROUNDS)
    check_race(make, [complete, lambda s: engine.suspend(s[0])], state, ROUNDS)


def test_the_childs_last_task_against_modify_variables_of_the_parent(engine, server):  # type: ignore[no-untyped-def]
    """The out-mappings write `result` to the parent; a ModifyVariables of the parent either
    comes before them (and `result` is the child's) or after (and it is the caller's)."""
    make = _chain(engine, at="ChildWork")

    def state(s: tuple[str, ...]) -> Any:
        return instances_state(server, *s[:3])

    check_race(make, [lambda s: engine.complete(s[3], {"childResult": "final"}),
                      lambda s: engine.set_variables(s[0], {"result": "mine", "note": 1})], state, ROUNDS)
    check_race(make, [lambda s: engine.complete(s[3], {"childResult": "final"}),
                      lambda s: engine.set_variables(s[0], {"note": 1}, deletions=("amount",))], state, ROUNDS)


def test_modify_variables_of_the_child_against_delete_the_parent(engine, server):  # type: ignore[no-untyped-def]
    """ModifyVariables of the child before the parent's deletion changes the child, which the
    deletion then ends; after it, the child is gone (NOT_FOUND), and nothing is left behind."""
    make = _chain(engine, at="ChildWork")

    def state(s: tuple[str, ...]) -> Any:
        return instances_state(server, *s[:3])

    check_race(make, [lambda s: engine.set_variables(s[1], {"note": 1}, deletions=("childResult",)),
                      lambda s: engine.delete(s[0], "parent gone")], state, ROUNDS)


def test_a_bpmn_error_up_to_the_parent_against_delete_and_suspend_of_the_parent(engine, server):  # type: ignore[no-untyped-def]
    """Completing the child's Decide throws DECLINED, which the child does not catch: the child
    ends and the parent's boundary event moves it to Handle. Deleting the parent first ends the
    child, and the completion finds no task."""
    definition = deploy_error_chain(engine)

    def make() -> tuple[str, str, str]:
        parent = engine.run(definition)
        child = called_by(engine, parent).id
        return parent, child, engine.task_at(child, "Decide").id

    def state(s: tuple[str, ...]) -> Any:
        return instances_state(server, *s[:2])

    check_race(make, [lambda s: engine.complete(s[2]), lambda s: engine.delete(s[0], "parent gone")], state, ROUNDS)
    check_race(make, [lambda s: engine.complete(s[2]), lambda s: engine.suspend(s[0])], state, ROUNDS)


@pytest.mark.parametrize("at", ["CallGrandchild", "ChildWork"])
def test_delete_the_child_against_delete_the_parent(engine, server, at):  # type: ignore[no-untyped-def]
    """Deleting the child first lets the parent move on (without outputs), then the parent's
    deletion ends it; deleting the parent first ends the child with the parent's reason, and
    the child's deletion finds it ended."""
    make = _chain(engine, at=at)

    def state(s: tuple[str, ...]) -> Any:
        return instances_state(server, *s[:3])

    check_race(make, [lambda s: engine.delete(s[1], "child gone"), lambda s: engine.delete(s[0], "parent gone")],
               state, ROUNDS)
    if at == "CallGrandchild":
        check_race(make, [lambda s: engine.delete(s[2], "grandchild gone"),
                          lambda s: engine.delete(s[0], "parent gone")], state, ROUNDS)


# -- process tasks of cases ------------------------------------------------------------------------


def case_state(server: Any, case_id: str, *instance_ids: str) -> tuple[Any, ...]:
    """A case's state, its plan items' states, variables and tasks, and instances_state of the
    process instances it called. An ended case has no task; a closed one nothing at all."""

    def read(tx: Any) -> tuple[Any, ...]:
        case = tx.get(CaseInstance, case_id)
        items = sorted(tx.execute(select(CaseExecution.activity_id, CaseExecution.state)
                                  .where(CaseExecution.case_instance_id == case_id)).all())
        variables = sorted(tx.execute(select(Variable.name, Variable.text_value, Variable.long_value)
                                      .where(Variable.case_instance_id == case_id,
                                             Variable.name != "documentId")).all())
        tasks = sorted(tx.scalars(select(Task.task_definition_key).where(Task.case_instance_id == case_id)))
        if case.state != "ACTIVE":
            assert not tasks, f"case {case_id} is {case.state} and left tasks {tasks}"
        if case.state == "CLOSED":
            assert not items and not variables, f"case {case_id} is closed and left {items} {variables}"
        return case.state, [tuple(i) for i in items], [tuple(v) for v in variables], tasks

    return server.db.run(read, write=False), instances_state(server, *instance_ids)


def _review(engine: Engine):  # type: ignore[no-untyped-def]
    """Cases of case_process_task.cmmn whose PI_Review's process waits at ReviewDocument:
    (case id, PI_Review's case execution id, process instance id, ReviewDocument's task id)."""
    key = unique("case_process_task")
    engine.deploy_case("case_process_task.cmmn", key=key, extra=("case_review_process.bpmn",
                                                                  "case_instant_process.bpmn"))

    def make() -> tuple[str, str, str, str]:
        document_id = unique("doc")
        case = engine.create(key=key, variables={"documentId": document_id, "document": "the text"}).id
        [instance] = engine.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
            process_definition_key="case_review_process", business_key=document_id)).process_instances
        [task] = engine.tasks_of(instance.id)
        return case, engine.execution(case, "PI_Review").id, instance.id, task.id

    return make


def test_the_called_process_ends_against_the_case_verbs(engine, server):  # type: ignore[no-untyped-def]
    """Completing ReviewDocument ends the process, which completes PI_Review (its verdict mapped
    out, Publish starts); a case or plan item terminated first deletes the process, and the
    completion finds no task. CloseCaseInstance closes only an ended case."""
    make = _review(engine)

    def state(s: tuple[str, ...]) -> Any:
        return case_state(server, s[0], s[2])

    complete = lambda s: engine.complete(s[3], {"verdict": "approved"})  # noqa: E731
    check_race(make, [complete, lambda s: engine.terminate_execution(s[1])], state, ROUNDS)
    check_race(make, [complete, lambda s: engine.terminate_case(s[0]), lambda s: engine.close_case(s[0])], state,
               ROUNDS)


def test_the_called_process_deleted_against_the_case_verbs(engine, server):  # type: ignore[no-untyped-def]
    """Deleting the called process terminates PI_Review (the case goes on); a case or plan item
    terminated first deletes the process, and the deletion finds it ended."""
    make = _review(engine)

    def state(s: tuple[str, ...]) -> Any:
        return case_state(server, s[0], s[2])

    delete = lambda s: engine.delete(s[2], "not needed")  # noqa: E731
    check_race(make, [delete, lambda s: engine.terminate_execution(s[1])], state, ROUNDS)
    check_race(make, [delete, lambda s: engine.terminate_case(s[0]), lambda s: engine.close_case(s[0])], state,
               ROUNDS)


# -- case tasks ------------------------------------------------------------------------------------


def _callee(engine: Engine):  # type: ignore[no-untyped-def]
    """Cases of case_caller whose PI_CallCallee has created a case_callee: (caller id,
    PI_CallCallee's case execution id, callee id, the callee's PI_Answer case execution id)."""
    deployment = engine.deploy_case("case_case_task.cmmn")
    caller_definition = engine.case_definition_id(deployment, "case_caller")

    def make() -> tuple[str, str, str, str]:
        caller = engine.create(id=caller_definition, variables={"request": "why?", "follower": "fred"}).id
        [callee] = engine.case_instances.QueryCaseInstances(case_instance_pb2.QueryCaseInstancesRequest(
            super_case_instance_id=caller)).case_instances
        return caller, engine.execution(caller, "PI_CallCallee").id, callee.id, engine.execution(callee.id, "PI_Answer").id

    return make


def test_the_called_case_ends_against_the_calling_case_verbs(engine, server):  # type: ignore[no-untyped-def]
    """Completing the callee's PI_Answer completes the callee, which completes PI_CallCallee
    (its answer mapped out, PI_Follow starts); terminating the callee terminates PI_CallCallee.
    The caller terminated first terminates the callee, and the callee's verbs find it ended."""
    make = _callee(engine)

    def state(s: tuple[str, ...]) -> Any:
        return case_state(server, s[0]), case_state(server, s[2])

    answer = lambda s: engine.complete_execution(s[3], variables=typed_map({"answer": "because"}))  # noqa: E731
    check_race(make, [answer, lambda s: engine.terminate_case(s[0])], state, ROUNDS)
    check_race(make, [answer, lambda s: engine.terminate_execution(s[1])], state, ROUNDS)
    check_race(make, [lambda s: engine.terminate_case(s[2]), lambda s: engine.terminate_case(s[0])], state, ROUNDS)
