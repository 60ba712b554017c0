"""TaskService.GetTaskVariables and ModifyTaskVariables: a task's own (local) variables, the
variables visible from it up its execution's scopes (a nearer scope hides a farther one), writes
where a variable already lives else on the instance, tasks of cases (with their sentries), and
errors, tenants and suspended instances."""

from __future__ import annotations

from typing import Any

import grpc
from sqlalchemy import select

from flowkeeper.engine.v1 import case_instance_pb2, task_pb2
from server.engine.models import Variable
from tests.engine.case_support import Cases
from tests.engine.scenario import Scenario, rows, v
from tests.engine.support import plain, typed_map
from tests.support import expect_error, unique

DUE = "2030-01-01T00:00:00.000+0000"


def variables(engine: Scenario, task_id: str, local_only: bool = False) -> dict[str, tuple[Any, str]]:
    return plain(engine.tasks.GetTaskVariables(
        task_pb2.GetTaskVariablesRequest(task_id=task_id, local_only=local_only)).variables)


def modify(engine: Scenario, task_id: str, values: dict[str, Any] | None = None, deletions: tuple[str, ...] = (),
           local: bool = False) -> None:
    engine.tasks.ModifyTaskVariables(task_pb2.ModifyTaskVariablesRequest(
        task_id=task_id, modifications=typed_map(values or {}), deletions=list(deletions), local=local))


def scopes_of(engine: Scenario, execution_id: str) -> list[str]:
    """The execution and the executions above it, nearest first."""
    chain = [execution_id]
    while parent := engine.execution(chain[-1]).parent_id:
        chain.append(parent)
    return chain


def start_approval(engine: Scenario, tenant: str = "") -> tuple[str, task_pb2.Task]:
    definition = engine.deploy_one("user_tasks.bpmn", tenant=tenant)
    instance = engine.run(definition, {"approver": "", "dueDate": DUE})
    [task] = engine.tasks_of(instance)
    return instance, task


def test_a_nearer_scope_hides_a_farther_one_and_writes_go_where_the_variable_lives(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance = engine.deploy_and_start("embedded_subprocess.bpmn", {"who": "instance", "order": 17}).id
    task = engine.task_at(instance, "CheckItem")
    chain = scopes_of(engine, task.execution_id)
    assert chain[-1] == instance and len(chain) >= 3, chain
    inner = chain[1]  # a subprocess's scope between the task's execution and the instance
    engine.set_local(inner, {"who": "subprocess"})
    assert variables(engine, task.id) == {"who": ("subprocess", "String"), "order": (17, "Integer")}
    assert variables(engine, task.id, local_only=True) == {}

    modify(engine, task.id, {"who": "task"}, local=True)
    assert variables(engine, task.id) == {"who": ("task", "String"), "order": (17, "Integer")}
    assert variables(engine, task.id, local_only=True) == {"who": ("task", "String")}
    # Without local, a name the task has is the task's own.
    modify(engine, task.id, {"who": "task again"})
    assert variables(engine, task.id, local_only=True) == {"who": ("task again", "String")}
    assert engine.local(inner)["who"] == ("subprocess", "String")
    # A local deletion uncovers the subprocess's variable; one of a name the task lacks does nothing.
    modify(engine, task.id, deletions=("who", "order"), local=True)
    assert variables(engine, task.id) == {"who": ("subprocess", "String"), "order": (17, "Integer")}

    # Where the variable lives, else on the instance.
    modify(engine, task.id, {"who": "changed", "fresh": True})
    assert engine.local(inner)["who"] == ("changed", "String")
    assert engine.variables(instance) == {"who": ("instance", "String"), "order": (17, "Integer"),
                                          "fresh": (True, "Boolean")}
    # A deletion removes the nearest; a name no scope has is ignored.
    modify(engine, task.id, deletions=("who", "nobody"))
    assert "who" not in engine.local(inner)
    assert variables(engine, task.id)["who"] == ("instance", "String")
    # Modifications first, then deletions.
    modify(engine, task.id, {"order": 18, "fresh": False}, deletions=("fresh",))
    assert engine.variables(instance) == {"who": ("instance", "String"), "order": (18, "Integer")}


def test_task_variables_are_no_process_variables_and_go_with_the_task(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance, task = start_approval(engine)
    modify(engine, task.id, {"note": "call back", "approved": False}, local=True)
    assert "note" not in engine.variables(instance)
    assert engine.ids(process_instance_id=instance, process_variables=[v("note", "eq", "call back")]) == set()
    engine.complete(task.id, {"approved": True})
    # CompleteTask sets process variables; the task's own are deleted with it.
    assert engine.variables(instance)["approved"] == (True, "Boolean")
    assert rows(server, lambda: select(Variable.name).where(Variable.scope_id == task.id)) == []
    [archive] = engine.tasks_of(instance)
    assert "note" not in variables(engine, archive.id)
    modify(engine, archive.id, {"box": 3}, local=True)
    engine.delete(instance)
    assert rows(server, lambda: select(Variable.name).where(Variable.scope_id == archive.id)) == []


def test_tasks_of_a_case_see_and_write_case_variables(api):  # type: ignore[no-untyped-def]
    cases = Cases(api)
    created = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False, "claim": "C-1"})
    [task] = cases.case_tasks(created.id)
    assert variables(cases, task.id) == {"withdrawn": (False, "Boolean"), "claim": ("C-1", "String")}
    modify(cases, task.id, {"claim": "mine"}, local=True)
    assert variables(cases, task.id) == {"withdrawn": (False, "Boolean"), "claim": ("mine", "String")}
    assert variables(cases, task.id, local_only=True) == {"claim": ("mine", "String")}
    modify(cases, task.id, {"damage": 300}, deletions=("claim",))
    assert cases.case_variables(created.id) == {"withdrawn": (False, "Boolean"), "claim": ("C-1", "String"),
                                                "damage": (300, "Integer")}
    modify(cases, task.id, deletions=("claim",))
    assert cases.case_variables(created.id) == {"withdrawn": (False, "Boolean"), "damage": (300, "Integer")}

    # The case's sentries see the change: a condition that fails refuses it whole...
    failed = expect_error(lambda: modify(cases, task.id, {"withdrawn": "soon", "damage": 1}),
                          grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert failed.info.metadata["activity_id"]
    assert cases.case_variables(created.id) == {"withdrawn": (False, "Boolean"), "damage": (300, "Integer")}
    # ...and one that holds exits the case, its task with it.
    modify(cases, task.id, {"withdrawn": True})
    assert cases.case(created.id).state == case_instance_pb2.CaseInstance.STATE_TERMINATED
    expect_error(lambda: variables(cases, task.id), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")


def test_errors_change_nothing(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    instance, task = start_approval(engine)
    modify(engine, task.id, {"kept": 1}, local=True)
    before = (variables(engine, task.id), variables(engine, task.id, local_only=True))

    for call in (lambda: variables(engine, unique("task")), lambda: modify(engine, unique("task"), {"a": 1}),
                 lambda: variables(engine, ""), lambda: modify(engine, "", {"a": 1})):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    for local in (False, True):
        failed = expect_error(lambda: modify(engine, task.id, {"good": 1, "bad": ("x", "Integer")}, local=local),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
        assert failed.fields == ["modifications[bad].value"]
        failed = expect_error(lambda: modify(engine, task.id, {"odd": (1, "Money")}, ("kept",), local=local),
                              grpc.StatusCode.INVALID_ARGUMENT, "UNSUPPORTED_VARIABLE_TYPE")
        assert failed.fields == ["modifications[odd].type"]
        expect_error(lambda: modify(engine, task.id, {" ": 1}, local=local), grpc.StatusCode.INVALID_ARGUMENT,
                     "INVALID_VARIABLE_NAME")
        failed = expect_error(lambda: modify(engine, task.id, {"n" * 256: 1}, local=local),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.info.metadata["max_length"] == "255"
    assert (variables(engine, task.id), variables(engine, task.id, local_only=True)) == before

    engine.suspend(instance)
    for local in (False, True):
        failed = expect_error(lambda: modify(engine, task.id, {"late": 1}, ("kept",), local=local),
                              grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
        assert failed.precondition.violations[0].subject == task.id
    assert (variables(engine, task.id), variables(engine, task.id, local_only=True)) == before  # reads still work
    engine.activate(instance)
    modify(engine, task.id, {"late": 1})
    assert engine.variables(instance)["late"] == (1, "Integer")


def test_tasks_of_a_tenant_the_token_is_not_granted_do_not_exist(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    tenant = unique("tenant")
    instance, task = start_approval(engine, tenant=tenant)
    stranger = Scenario(server.api(server.token(tenants=(unique("other"),))))
    for local in (False, True):
        expect_error(lambda: variables(stranger, task.id, local), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
        expect_error(lambda: modify(stranger, task.id, {"x": 1}, ("approver",), local=local),
                     grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    assert variables(engine, task.id, local_only=True) == {}
    assert set(engine.variables(instance)) == {"approver", "dueDate"}
    member = Scenario(server.api(server.token(tenants=(tenant,))))
    modify(member, task.id, {"x": 1})
    assert variables(member, task.id)["x"] == (1, "Integer")
