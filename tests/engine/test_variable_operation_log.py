"""The operation log's entries of the variable calls, as the document's engine writes them: one
variable set is SetVariable, one deleted RemoveVariable, several set and deleted at once
ModifyVariable — entity Variable; category Operator for the process instance and execution calls
(ModifyVariables, SetProcessInstanceVariable, DeleteProcessInstanceVariable, ModifyLocalVariables,
SetExecutionLocalVariable, DeleteExecutionLocalVariable), TaskWorker for the task calls
(ModifyTaskVariables, SetTaskVariable, DeleteTaskVariable). Each names what the document's entry
names (instance, definition, deployment, tenant; the task and its instance or case), is written in
the call's transaction, and the variable history's details of the call name it. The variables the
engine writes along other calls (a start, a completion, a message, a form, a modification, a
migration, a SetVariablesAsync batch's jobs, the case variable calls) are no variable operation.

The tests share the session's server: each works on instances, tasks and cases of its own."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import (
    case_execution_pb2,
    case_instance_pb2,
    history_pb2,
    message_pb2,
    process_definition_pb2,
    task_pb2,
)
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.batch_support import Batches, quiet, run_jobs  # noqa: F401 (quiet is a fixture)
from tests.engine.case_support import Cases
from tests.engine.form_support import Forms, field, form_process
from tests.engine.migration_support import Migrations, instruction, line
from tests.engine.support import typed, typed_map
from tests.engine.variables_by_name_support import ByName, nested, watching_x
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error, unique

VARIABLE_TYPES = ("SetVariable", "RemoveVariable", "ModifyVariable")


@pytest.fixture
def engine(api) -> ByName:  # type: ignore[no-untyped-def]
    return ByName(api)


def _deployment_of(engine: ByName, definition_id: str) -> str:
    return engine.definitions.GetProcessDefinition(
        process_definition_pb2.GetProcessDefinitionRequest(id=definition_id)).process_definition.deployment_id


def _nested(engine: ByName, tenant: str = "") -> tuple[str, str, str]:
    """(process key, definition id, instance id) of an instance of the nested process, waiting at
    Work inside the subprocess Sub."""
    process_key = key("oplog_vars")
    definition = engine.deploy_inline(process_key, nested(process_key), tenant=tenant)
    return process_key, definition, engine.start_id(definition)


def _refs(entry: history_pb2.UserOperation) -> dict[str, str]:
    """The ids an entry names (the empty ones left out)."""
    names = ("process_instance_id", "execution_id", "process_definition_id", "process_definition_key",
             "deployment_id", "task_id", "case_instance_id", "case_execution_id", "case_definition_id", "tenant_id",
             "job_id", "incident_id", "external_task_id", "batch_id")
    return {name: getattr(entry, name) for name in names if getattr(entry, name)}


def _kind(entry: history_pb2.UserOperation) -> tuple[str, str, str, str, str, str]:
    return (entry.operation_type, entry.entity_type, entry.category, entry.property, entry.org_value,
            entry.new_value)


def _variable_entries(engine: ByName, **filters: Any) -> list[history_pb2.UserOperation]:
    return [e for e in engine.entries(**filters) if e.entity_type == "Variable"]


# -- process instances and executions --------------------------------------------------------------


def test_the_process_instance_calls_log_set_remove_and_modify(server: ServerHandle, engine: ByName) -> None:
    tenant, operator = unique("tenant"), unique("operator")
    process_key, definition, instance = _nested(engine, tenant)
    as_operator = ByName(server.api(server.token(operator, tenants=(tenant,))))
    as_operator.set_pi(instance, "amount", 1)
    as_operator.set_pi(instance, "amount", 2)
    as_operator.delete_pi(instance, "amount")
    as_operator.delete_pi(instance, "never-set")  # changes nothing, yet is logged, as in the document's engine
    as_operator.modify_variables(instance, {"note": "n", "other": 3}, deletions=("gone",))
    as_operator.modify_variables(instance)  # nothing at all: still one entry

    entries = engine.entries(process_instance_id=instance)
    assert [_kind(e) for e in entries] == [
        ("SetVariable", "Variable", "Operator", "", "", ""), ("SetVariable", "Variable", "Operator", "", "", ""),
        ("RemoveVariable", "Variable", "Operator", "", "", ""), ("RemoveVariable", "Variable", "Operator", "", "", ""),
        ("ModifyVariable", "Variable", "Operator", "", "", ""), ("ModifyVariable", "Variable", "Operator", "", "", "")]
    named = {"process_instance_id": instance, "process_definition_id": definition,
             "process_definition_key": process_key, "deployment_id": _deployment_of(engine, definition),
             "tenant_id": tenant}
    assert all(_refs(e) == named for e in entries)  # the instance's root execution is not named: it is the instance
    assert {e.user_id for e in entries} == {operator}
    ops = [e.operation_id for e in entries]
    assert len(set(ops)) == 6
    # The details of each call name its entry; the call that changed nothing has none.
    details = engine.historic_details(process_instance_id=instance)
    assert [(d.variable_name, d.event, d.user_operation_id) for d in details[:3]] == [
        ("amount", "create", ops[0]), ("amount", "update", ops[1]), ("amount", "delete", ops[2])]
    assert {(d.variable_name, d.event, d.user_operation_id) for d in details[3:]} == {
        ("note", "create", ops[4]), ("other", "create", ops[4])}
    assert engine.count_historic_details(user_operation_id=ops[3]) == 0


def test_the_execution_calls_name_the_execution(server: ServerHandle, engine: ByName) -> None:
    process_key, definition, instance = _nested(engine)
    sub = engine.task_at(instance, "Work").execution_id
    assert sub != instance
    engine.set_local(sub, "step", "packing")
    engine.delete_local(sub, "step")
    engine.delete_local(sub, "never-set")
    engine.modify_local(sub, {"a": 1}, deletions=("b",))
    engine.modify_local(instance, {"root": True})  # the instance's root execution: named as the execution
    entries = engine.entries(process_instance_id=instance)
    assert [(e.operation_type, e.entity_type, e.category, e.execution_id) for e in entries] == [
        ("SetVariable", "Variable", "Operator", sub), ("RemoveVariable", "Variable", "Operator", sub),
        ("RemoveVariable", "Variable", "Operator", sub), ("ModifyVariable", "Variable", "Operator", sub),
        ("ModifyVariable", "Variable", "Operator", instance)]
    deployment = _deployment_of(engine, definition)
    for entry in entries:
        assert _refs(entry) == {"process_instance_id": instance, "execution_id": entry.execution_id,
                                "process_definition_id": definition, "process_definition_key": process_key,
                                "deployment_id": deployment}
        assert entry.property == entry.org_value == entry.new_value == ""
    ops = [e.operation_id for e in entries]
    details = engine.historic_details(process_instance_id=instance)
    assert [(d.variable_name, d.event, d.execution_id, d.user_operation_id) for d in details] == [
        ("step", "create", sub, ops[0]), ("step", "delete", sub, ops[1]), ("a", "create", sub, ops[3]),
        ("root", "create", instance, ops[4])]
    assert engine.count(execution_id=sub) == 4 and engine.count(execution_id=instance) == 1


def test_a_refused_variable_call_leaves_no_entry(engine: ByName, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A call that fails leaves nothing behind: not its entry either."""
    from server.engine import conditions

    process_key = key("oplog_refused")
    instance = engine.start_id(engine.deploy_inline(process_key, watching_x(process_key)), {"x": 0, "y": 0})
    engine.modify_variables(instance, {"y": "many"})  # no event listens to y: logged, one entry
    work = engine.task_at(instance, "Work")
    calls = [lambda: engine.set_pi(instance, "x", "many"), lambda: engine.delete_pi(instance, "x"),
             lambda: engine.modify_variables(instance, {"x": "many"}),
             lambda: engine.set_local(instance, "x", "many"), lambda: engine.delete_local(instance, "x"),
             lambda: engine.modify_local(instance, deletions=("x",)),
             lambda: engine.set_task(work.id, "x", "many"), lambda: engine.delete_task(work.id, "x"),
             lambda: engine.modify_task(work.id, {"x": "many"})]
    for call in calls:  # a conditional event's condition fails: the whole call is refused
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    monkeypatch.setattr(conditions, "MAX_TRIGGERS", 1)
    engine.modify_variables(instance, {"y": 5})  # logged: one entry more
    expect_error(lambda: engine.set_pi(instance, "x", 2), grpc.StatusCode.FAILED_PRECONDITION,
                 "CONDITIONAL_EVENT_LIMIT_EXCEEDED")
    assert [e.operation_type for e in engine.entries(process_instance_id=instance)] == ["ModifyVariable"] * 2
    engine.end(instance)
    for call in (lambda: engine.set_pi(instance, "late", 1), lambda: engine.delete_pi(instance, "late"),
                 lambda: engine.modify_variables(instance, {"late": 1})):
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_ENDED")
    expect_error(lambda: engine.set_local(work.execution_id, "late", 1), grpc.StatusCode.NOT_FOUND,
                 "EXECUTION_NOT_FOUND")
    assert [e.entity_type for e in engine.entries(process_instance_id=instance)] == [
        "Variable", "Variable", "ProcessInstance"]


# -- tasks ---------------------------------------------------------------------------------------------


def test_the_task_calls_log_set_remove_and_modify_as_task_worker(server: ServerHandle, engine: ByName) -> None:
    process_key, definition, instance = _nested(engine)
    work = engine.task_at(instance, "Work")
    worker = unique("worker")
    as_worker = ByName(server.api(server.token(worker)))
    as_worker.set_task(work.id, "note", "call back", local=True)
    as_worker.set_task(work.id, "amount", 5)  # on the instance: the task names it all the same
    as_worker.delete_task(work.id, "note", local=True)
    as_worker.delete_task(work.id, "never-set")
    as_worker.modify_task(work.id, {"a": 1}, deletions=("amount",))
    entries = engine.entries(task_id=work.id)
    assert [_kind(e) for e in entries] == [
        ("SetVariable", "Variable", "TaskWorker", "", "", ""), ("SetVariable", "Variable", "TaskWorker", "", "", ""),
        ("RemoveVariable", "Variable", "TaskWorker", "", "", ""),
        ("RemoveVariable", "Variable", "TaskWorker", "", "", ""),
        ("ModifyVariable", "Variable", "TaskWorker", "", "", "")]
    named = {"task_id": work.id, "process_instance_id": instance, "execution_id": work.execution_id,
             "process_definition_id": definition, "process_definition_key": process_key,
             "deployment_id": _deployment_of(engine, definition)}
    assert all(_refs(e) == named for e in entries) and {e.user_id for e in entries} == {worker}
    ops = [e.operation_id for e in entries]
    details = engine.historic_details(process_instance_id=instance)
    assert [(d.variable_name, d.event, d.user_operation_id) for d in details] == [
        ("note", "create", ops[0]), ("amount", "create", ops[1]), ("note", "delete", ops[2]),
        ("a", "create", ops[4]), ("amount", "delete", ops[4])]


def test_a_case_task_s_entries_name_the_case_and_its_deployment(api) -> None:  # type: ignore[no-untyped-def]
    cases, engine = Cases(api), ByName(api)
    tenant = unique("tenant")
    deployment = cases.deploy_case("case_stage.cmmn", key=unique("oplog_case"), tenant=tenant)
    [case_definition] = [d for d in deployment.definitions if d.kind == "case"]
    created = cases.create(id=case_definition.id, variables={"withdrawn": False, "claim": "C-1"})
    [task] = cases.case_tasks(created.id)
    engine.set_task(task.id, "claim", "mine", local=True)
    engine.delete_task(task.id, "claim")
    engine.modify_task(task.id, {"damage": 300})
    entries = engine.entries(case_instance_id=created.id)
    assert [(e.operation_type, e.entity_type, e.category) for e in entries] == [
        ("SetVariable", "Variable", "TaskWorker"), ("RemoveVariable", "Variable", "TaskWorker"),
        ("ModifyVariable", "Variable", "TaskWorker")]
    assert all(_refs(e) == {"task_id": task.id, "case_instance_id": created.id,
                            "case_execution_id": task.case_execution_id, "case_definition_id": case_definition.id,
                            "deployment_id": deployment.id, "tenant_id": tenant} for e in entries)
    ops = [e.operation_id for e in entries]
    details = engine.historic_details(case_instance_id=created.id)
    assert [(d.variable_name, d.event, d.user_operation_id) for d in details if d.user_operation_id] == [
        ("claim", "create", ops[0]), ("claim", "delete", ops[1]), ("damage", "create", ops[2])]


def test_a_standalone_task_s_entries_name_the_task_alone(engine: ByName) -> None:
    tenant = unique("tenant")
    task = engine.standalone_task(tenant)
    engine.set_task(task, "reason", "callback")
    engine.delete_task(task, "reason")
    engine.modify_task(task, {"tries": 1})
    entries = _variable_entries(engine, task_id=task)  # besides CreateTask's Create (Task)
    assert [_kind(e)[:3] for e in entries] == [
        ("SetVariable", "Variable", "TaskWorker"), ("RemoveVariable", "Variable", "TaskWorker"),
        ("ModifyVariable", "Variable", "TaskWorker")]
    assert all(_refs(e) == {"task_id": task, "tenant_id": tenant} for e in entries)


# -- the query -----------------------------------------------------------------------------------------


def test_the_query_finds_them_by_operation_type_entity_type_and_category(engine: ByName) -> None:
    process_key, definition, instance = _nested(engine)
    work = engine.task_at(instance, "Work")
    engine.set_pi(instance, "p", 1)
    engine.delete_pi(instance, "p")
    engine.modify_local(work.execution_id, {"l": 1})
    engine.set_task(work.id, "t", 1, local=True)
    engine.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=work.id, user_id="ann"))
    mine = {"process_instance_id": instance}
    assert engine.count(**mine) == 5
    for operation_type, expected in (("SetVariable", 2), ("RemoveVariable", 1), ("ModifyVariable", 1)):
        found = engine.entries(operation_type=operation_type, **mine)
        assert len(found) == expected == engine.count(operation_type=operation_type, **mine)
        assert {e.operation_type for e in found} == {operation_type}
    assert engine.count(entity_type="Variable", **mine) == 4
    assert [e.operation_type for e in engine.entries(entity_type="Task", **mine)] == ["Claim"]
    assert [e.operation_type for e in engine.entries(entity_type="Variable", category="Operator", **mine)] == [
        "SetVariable", "RemoveVariable", "ModifyVariable"]
    assert [e.operation_type for e in engine.entries(entity_type="Variable", category="TaskWorker", **mine)] == [
        "SetVariable"]
    assert engine.count(entity_type="Variable", execution_id=work.execution_id) == 2  # ModifyLocal, the task's
    assert engine.count(entity_type="Variable", operation_type="SetVariable",
                        deployment_id=_deployment_of(engine, definition)) == 2
    assert engine.count(entity_type="Variable", process_definition_key=process_key) == 4


# -- what the engine writes for itself -------------------------------------------------------------------


MESSAGE_WAIT = """
<bpmn:process id="{key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="Wait" />
  <bpmn:intermediateCatchEvent id="Wait"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="Wait" targetRef="Next" />
  <bpmn:userTask id="Next" />
  <bpmn:sequenceFlow id="f4" sourceRef="Next" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
<bpmn:message id="Msg" name="{key}-go" />
"""


def test_the_variables_the_engine_sets_along_other_calls_are_no_variable_operation(engine: ByName) -> None:
    process_key = key("oplog_internal")
    instance = engine.start_id(engine.deploy_inline(process_key, MESSAGE_WAIT.format(key=process_key)), {"s": 1})
    [review] = engine.tasks_of(instance)
    engine.complete(review.id, {"approved": True})
    engine.messages.CorrelateMessage(message_pb2.CorrelateMessageRequest(
        message_name=f"{process_key}-go", process_instance_id=instance, process_variables=typed_map({"m": 1})))
    engine.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=instance, instructions=[pi.ModificationInstruction(
            type=pi.ModificationInstruction.TYPE_START_BEFORE_ACTIVITY, activity_id="Next",
            variables=typed_map({"modified": 1}))]))
    assert set(engine.variables(instance)) == {"s", "approved", "m", "modified"}
    entries = engine.entries(process_instance_id=instance)  # CorrelateMessage writes none
    assert [(e.operation_type, e.entity_type) for e in entries] == [
        ("Complete", "Task"), ("ModifyProcessInstance", "ProcessInstance")]
    # Their variables name the operation of the call that set them, if it wrote one, as before.
    by_name = {d.variable_name: d.user_operation_id for d in engine.historic_details(process_instance_id=instance)}
    assert by_name == {"s": "", "approved": entries[0].operation_id, "m": "", "modified": entries[1].operation_id}


def test_form_submissions_are_no_variable_operation(api) -> None:  # type: ignore[no-untyped-def]
    forms, log = Forms(api), ByName(api)
    instance, task = forms.start_at_review(form_process("__KEY__", field("days", "long")))
    forms.submit(task, {"days": 5})
    assert [(e.operation_type, e.entity_type) for e in log.entries(process_instance_id=instance)] == [
        ("Complete", "Task")]


def test_the_case_variable_calls_write_no_entry(api) -> None:  # type: ignore[no-untyped-def]
    """The document's engine logs none of its CaseService's variable calls; neither does this one."""
    cases, log = Cases(api), ByName(api)
    created = cases.deploy_and_create("case_stage.cmmn", {"withdrawn": False, "claim": "C-1"},
                                      key=unique("oplog_case_vars"))
    cases.modify(created.id, {"damage": 1}, deletions=("claim",))
    cases.case_instances.SetCaseInstanceVariable(case_instance_pb2.SetCaseInstanceVariableRequest(
        case_instance_id=created.id, name="x", value=typed(1)))
    cases.case_instances.DeleteCaseInstanceVariable(case_instance_pb2.DeleteCaseInstanceVariableRequest(
        case_instance_id=created.id, name="x"))
    [task] = cases.case_tasks(created.id)
    cases.case_executions.ModifyCaseExecutionVariables(case_execution_pb2.ModifyCaseExecutionVariablesRequest(
        case_execution_id=task.case_execution_id, modifications=typed_map({"y": 1})))
    cases.case_executions.SetCaseExecutionVariable(case_execution_pb2.SetCaseExecutionVariableRequest(
        case_execution_id=task.case_execution_id, name="z", value=typed(1)))
    cases.case_executions.DeleteCaseExecutionVariable(case_execution_pb2.DeleteCaseExecutionVariableRequest(
        case_execution_id=task.case_execution_id, name="z"))
    assert log.entries(case_instance_id=created.id) == []
    assert {d.user_operation_id for d in log.historic_details(case_instance_id=created.id)} == {""}


def test_a_migration_s_variables_are_no_variable_operation(api) -> None:  # type: ignore[no-untyped-def]
    engine = Migrations(api)
    source, target = engine.versions(line('<bpmn:userTask id="Review" />'), line('<bpmn:userTask id="Review" />'))
    instance = engine.start_id(source)
    engine.migrate(engine.plan(source, target, instruction("Review"), variables={"migrated": True}), [instance])
    assert engine.entries(process_instance_id=instance) == []  # the Migrate entry names the definition
    [migrate] = {e.operation_id for e in engine.entries(operation_type="Migrate", process_definition_id=source)}
    details = engine.historic_details(process_instance_id=instance)
    assert [(d.variable_name, d.user_operation_id) for d in details] == [("migrated", migrate)]


def test_a_set_variables_batch_s_jobs_write_no_variable_entry(quiet: ServerHandle) -> None:  # noqa: F811
    """The batch's creation writes its SetVariables entry; its jobs set the variables as
    ModifyVariables does, with the log prevented: no entry, and no detail names an operation."""
    engine = Batches(quiet.api())
    _, instances = engine.waiting_instances(2)
    batch = engine.variables_async(instances, variables={"x": 1})
    run_jobs(quiet)
    assert not engine.running(batch.id)
    assert engine.creation_entry(batch.id)[""] == "SetVariables ProcessInstance"
    for instance in instances:
        assert engine.variables(instance) == {"x": (1, "Integer")}
        assert engine.entries(process_instance_id=instance) == []
        assert [d.user_operation_id for d in engine.historic_details(process_instance_id=instance)] == [""]
    assert engine.count(entity_type="Variable") == 0
