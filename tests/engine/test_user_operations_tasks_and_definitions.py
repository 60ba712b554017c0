"""The operation log of user tasks (category TaskWorker), process and case definitions and
deployments (category Operator): ClaimTask, UnclaimTask, SetTaskAssignee, UpdateTask,
ModifyTaskVariables and CompleteTask on a process's user task or a case's human task; a
definition's suspension and history time to live; CreateDeployment and DeleteDeployment. Each
writes, with the change, who did it and each property before and after; a refused call writes
nothing; a case's entries go with its deployment."""

from __future__ import annotations

from datetime import datetime, timezone

import grpc
from google.protobuf import field_mask_pb2, timestamp_pb2

from flowkeeper.engine.v1 import (
    case_definition_pb2 as cd,
    deployment_pb2,
    process_definition_pb2 as pd,
    process_instance_pb2 as pi,
    task_pb2,
)
from tests.engine.case_support import Cases
from tests.engine.failure_support import key
from tests.engine.history_support import OperationLog
from tests.engine.resources.modeler import render
from tests.engine.support import typed_map
from tests.engine.work_support import waiting
from tests.support import expect_error, unique

class Log(OperationLog):
    def deploy_waiting(self, process_key: str, tenant: str = "") -> deployment_pb2.Deployment:
        """A deployment of ``waiting`` (start, the user task Review, end) under ``process_key``."""
        return self.deploy(contents={f"{process_key}.bpmn": render(waiting(process_key), process_key).encode()},
                           tenant=tenant)

    def waiting_task(self) -> tuple[str, task_pb2.Task]:
        """A started instance of a new ``waiting`` process and its user task: (instance id, task)."""
        process_key = key("reviewed")
        instance = self.start_id(self.definition_id(self.deploy_waiting(process_key), process_key))
        [task] = self.tasks_of(instance)
        return instance, task

    def suspend(self, definition_id: str, suspended: bool, include: bool) -> None:
        self.definitions.SetProcessDefinitionSuspensionState(pd.SetProcessDefinitionSuspensionStateRequest(
            id=definition_id, suspended=suspended, include_process_instances=include))


def _at(text: str) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(datetime.fromisoformat(text).replace(tzinfo=timezone.utc))
    return stamp


def test_the_calls_on_a_user_task_are_logged_as_task_work(server, api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    instance, task = log.waiting_task()
    worker = unique("worker")
    tasks = Log(server.api(server.token(worker, admin=True))).tasks
    tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id="alice"))
    tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id="alice"))  # hers already: no change
    tasks.SetTaskAssignee(task_pb2.SetTaskAssigneeRequest(task_id=task.id, user_id="bob"))
    tasks.UnclaimTask(task_pb2.UnclaimTaskRequest(task_id=task.id))
    changed = task_pb2.Task(id=task.id, name="Check the order", description="twice", priority=task.priority,
                            due=_at("2030-01-02T03:04:05"))
    tasks.UpdateTask(task_pb2.UpdateTaskRequest(task=changed, update_mask=field_mask_pb2.FieldMask(
        paths=["name", "description", "priority", "due", "follow_up"])))  # priority and follow_up as they were
    tasks.ModifyTaskVariables(task_pb2.ModifyTaskVariablesRequest(
        task_id=task.id, modifications=typed_map({"checked": True}), deletions=["gone"]))
    tasks.CompleteTask(task_pb2.CompleteTaskRequest(task_id=task.id))

    assert log.of(task_id=task.id) == [
        ("Claim", "Task", "assignee", "", "alice"),
        ("Claim", "Task", "", "", ""),
        ("Assign", "Task", "assignee", "alice", "bob"),
        ("Assign", "Task", "assignee", "bob", ""),
        ("Update", "Task", "name", "", "Check the order"),
        ("Update", "Task", "description", "", "twice"),
        ("Update", "Task", "dueDate", "", "2030-01-02T03:04:05+00:00"),
        ("ModifyVariable", "Variable", "", "", ""),
        ("Complete", "Task", "delete", "false", "true"),
    ]
    entries = log.entries(task_id=task.id)
    assert {(e.category, e.user_id, e.process_instance_id, e.execution_id, e.process_definition_id, e.tenant_id)
            for e in entries} == {("TaskWorker", worker, instance, task.execution_id, task.process_definition_id, "")}
    assert len({e.process_definition_key for e in entries}) == 1 and entries[0].process_definition_key.startswith(
        "reviewed")
    assert len({e.operation_id for e in entries}) == 7  # the three of UpdateTask share one
    assert len({e.operation_id for e in entries if e.operation_type == "Update"}) == 1
    assert log.count(task_id=task.id, category="TaskWorker") == 9
    assert log.count(task_id=task.id, category="Operator") == 0
    assert log.count(task_id=task.id, operation_type="Assign", property="assignee") == 2
    assert log.count(process_instance_id=instance) == 9  # the instance's entries include its task's
    assert log.count(task_id="no-such-task") == 0


def test_a_refused_call_on_a_task_leaves_no_entry(api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    instance, task = log.waiting_task()
    log.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id="alice"))
    expect_error(lambda: log.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id="bob")),
                 grpc.StatusCode.FAILED_PRECONDITION, "TASK_ALREADY_CLAIMED")
    expect_error(lambda: log.tasks.UpdateTask(task_pb2.UpdateTaskRequest(
        task=task_pb2.Task(id=task.id, name="x" * 256), update_mask=field_mask_pb2.FieldMask(paths=["name"]))),
        grpc.StatusCode.INVALID_ARGUMENT)
    log.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    expect_error(lambda: log.tasks.SetTaskAssignee(task_pb2.SetTaskAssigneeRequest(task_id=task.id, user_id="bob")),
                 grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    expect_error(lambda: log.tasks.CompleteTask(task_pb2.CompleteTaskRequest(task_id=task.id)),
                 grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    assert log.of(task_id=task.id) == [("Claim", "Task", "assignee", "", "alice")]
    assert log.of(process_instance_id=instance)[-1] == ("Suspend", "ProcessInstance", "suspended", "false", "true")


def test_suspending_and_activating_a_definition(server, api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    process_key, tenant = key("suspended"), unique("tenant")
    deployment = log.deploy_waiting(process_key, tenant)
    definition = log.definition_id(deployment, process_key)
    instance = log.start_id(definition)
    operator = unique("operator")
    Log(server.api(server.token(operator, admin=True))).suspend(definition, True, include=True)
    log.suspend(definition, False, include=False)
    assert log.of(process_definition_id=definition) == [
        ("SuspendProcessDefinition", "ProcessDefinition", "suspended", "false", "true"),
        ("SuspendProcessDefinition", "ProcessDefinition", "includeProcessInstances", "", "true"),
        ("ActivateProcessDefinition", "ProcessDefinition", "suspended", "true", "false"),
        ("ActivateProcessDefinition", "ProcessDefinition", "includeProcessInstances", "", "false"),
    ]
    entries = log.entries(process_definition_id=definition)
    first = entries[0]
    assert (first.category, first.user_id, first.process_definition_key, first.deployment_id, first.tenant_id,
            first.process_instance_id, first.task_id) == (
        "Operator", operator, process_key, deployment.id, tenant, "", "")
    assert len({e.operation_id for e in entries}) == 2
    # The instance suspended along has no entries of its own: includeProcessInstances says so.
    assert log.count(process_instance_id=instance) == 0
    assert log.instance(instance).state == pi.ProcessInstance.State.STATE_SUSPENDED
    # Another tenant's caller sees none of them.
    other = Log(server.api(server.token(tenants=(unique("other"),))))
    assert other.count(process_definition_id=definition) == 0
    assert log.count(process_definition_id=definition, tenant_id_in=[tenant]) == 4


def test_suspending_by_key_logs_each_version_in_one_operation(api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    process_key = key("versions")
    first = log.definition_id(log.deploy_waiting(process_key), process_key)
    second = log.definition_id(log.deploy_waiting(process_key), process_key)
    log.definitions.SetProcessDefinitionSuspensionStateByKey(pd.SetProcessDefinitionSuspensionStateByKeyRequest(
        key=process_key, suspended=True))
    entries = log.entries(process_definition_key=process_key)
    assert [(e.process_definition_id, e.property, e.new_value) for e in entries] == [
        (first, "suspended", "true"), (first, "includeProcessInstances", "false"),
        (second, "suspended", "true"), (second, "includeProcessInstances", "false"),
    ]
    assert {(e.operation_type, e.operation_id) for e in entries} == {
        ("SuspendProcessDefinition", entries[0].operation_id)}
    expect_error(lambda: log.definitions.SetProcessDefinitionSuspensionStateByKey(
        pd.SetProcessDefinitionSuspensionStateByKeyRequest(key=process_key, suspended=False, tenant_id="t",
                                                           without_tenant_id=True)),
        grpc.StatusCode.INVALID_ARGUMENT)
    assert log.count(process_definition_key=process_key) == 4


def test_history_time_to_live_of_process_and_case_definitions(api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    process_key = key("kept")
    definition = log.definition_id(log.deploy_waiting(process_key), process_key)  # 180 days in the model
    for days in (5, None):
        given = {} if days is None else {"history_time_to_live": days}
        log.definitions.UpdateProcessDefinitionHistoryTimeToLive(
            pd.UpdateProcessDefinitionHistoryTimeToLiveRequest(id=definition, **given))
    expect_error(lambda: log.definitions.UpdateProcessDefinitionHistoryTimeToLive(
        pd.UpdateProcessDefinitionHistoryTimeToLiveRequest(id=definition, history_time_to_live=-1)),
        grpc.StatusCode.INVALID_ARGUMENT)
    assert log.of(process_definition_id=definition) == [
        ("UpdateHistoryTimeToLive", "ProcessDefinition", "historyTimeToLive", "180", "5"),
        ("UpdateHistoryTimeToLive", "ProcessDefinition", "historyTimeToLive", "5", ""),
    ]
    assert {e.category for e in log.entries(process_definition_id=definition)} == {"Operator"}

    cases = Cases(log.api)
    case_key = key("case")
    deployment = cases.deploy_case("case_manual.cmmn", key=case_key)
    case_definition = cases.case_definition_id(deployment, case_key)
    cases.case_definitions.UpdateCaseDefinitionHistoryTimeToLive(
        cd.UpdateCaseDefinitionHistoryTimeToLiveRequest(id=case_definition, history_time_to_live=30))
    assert log.of(case_definition_id=case_definition) == [
        ("UpdateHistoryTimeToLive", "CaseDefinition", "historyTimeToLive", "", "30"),
        ("UpdateHistoryTimeToLive", "CaseDefinition", "caseDefinitionKey", "", case_key),
    ]
    [entry, _] = log.entries(case_definition_id=case_definition)
    assert (entry.deployment_id, entry.process_definition_id, entry.category) == (deployment.id, "", "Operator")


def test_creating_and_deleting_a_deployment(server, api) -> None:  # type: ignore[no-untyped-def]
    log = Log(api)
    process_key, name = key("deployed"), unique("deployment")
    content = render(waiting(process_key), process_key).encode()

    def create(**options: bool) -> deployment_pb2.CreateDeploymentResponse:
        return log.deployments.CreateDeployment(deployment_pb2.CreateDeploymentRequest(
            name=name, resources=[deployment_pb2.Resource(name=f"{process_key}.bpmn", content=content)], **options))

    deployment = create().deployment
    again = create(enable_duplicate_filtering=True)
    assert again.duplicate and again.deployment.id == deployment.id
    create(deploy_changed_only=True)
    assert log.of(deployment_id=deployment.id) == [
        ("Create", "Deployment", "duplicateFilterEnabled", "", "false"),
        ("Create", "Deployment", "duplicateFilterEnabled", "", "true"),
        ("Create", "Deployment", "deployChangedOnly", "", "false"),
        ("Create", "Deployment", "duplicateFilterEnabled", "", "true"),
        ("Create", "Deployment", "deployChangedOnly", "", "true"),
    ]

    definition = log.definition_id(deployment, process_key)
    instance = log.start_id(definition)
    [task] = log.tasks_of(instance)
    log.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id="alice"))
    log.suspend(definition, True, include=False)
    expect_error(lambda: log.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment.id)),
                 grpc.StatusCode.FAILED_PRECONDITION, "DEPLOYMENT_HAS_RUNNING_INSTANCES")
    assert log.count(deployment_id=deployment.id, operation_type="Delete") == 0
    operator = unique("operator")
    Log(server.api(server.token(operator, admin=True))).deployments.DeleteDeployment(
        deployment_pb2.DeleteDeploymentRequest(id=deployment.id, cascade=True))
    [deleted] = log.entries(deployment_id=deployment.id, operation_type="Delete")
    assert (deleted.entity_type, deleted.category, deleted.user_id, deleted.property, deleted.new_value) == (
        "Deployment", "Operator", operator, "cascade", "true")
    # The instance's entries, its task's included, went with it; the definition's and the
    # deployment's stay.
    assert log.count(task_id=task.id) == 0 and log.count(process_instance_id=instance) == 0
    assert log.count(process_definition_id=definition, entity_type="ProcessDefinition") == 2
    assert log.count(deployment_id=deployment.id) == 5 + 2 + 1


def test_the_calls_on_a_case_s_human_task_are_logged_with_its_case(server, api) -> None:  # type: ignore[no-untyped-def]
    cases, log = Cases(api), Log(api)
    tenant = unique("tenant")
    created = cases.deploy_and_create("case_manual.cmmn", {"needsApproval": False, "checker": "carol"},
                                      key=key("case"), tenant=tenant)
    execution = cases.execution(created.id, "PI_Optional").id
    cases.manual_start(execution)
    [task] = cases.case_tasks(created.id)
    assert (task.case_execution_id, task.process_instance_id) == (execution, "")
    worker = unique("worker")
    tasks = Cases(server.api(server.token(worker, admin=True))).tasks
    expect_error(lambda: tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id="dave")),
                 grpc.StatusCode.FAILED_PRECONDITION, "TASK_ALREADY_CLAIMED")
    tasks.UnclaimTask(task_pb2.UnclaimTaskRequest(task_id=task.id))
    tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id="dave"))
    tasks.SetTaskAssignee(task_pb2.SetTaskAssigneeRequest(task_id=task.id, user_id="erin"))
    tasks.UpdateTask(task_pb2.UpdateTaskRequest(task=task_pb2.Task(id=task.id, priority=80),
                                                update_mask=field_mask_pb2.FieldMask(paths=["priority"])))
    tasks.ModifyTaskVariables(task_pb2.ModifyTaskVariablesRequest(
        task_id=task.id, modifications=typed_map({"checked": True})))
    tasks.CompleteTask(task_pb2.CompleteTaskRequest(task_id=task.id))
    assert cases.case_tasks(created.id) == [] and cases.case_variables(created.id)["checked"][0] is True

    expected = [
        ("Assign", "Task", "assignee", "carol", ""),
        ("Claim", "Task", "assignee", "", "dave"),
        ("Assign", "Task", "assignee", "dave", "erin"),
        ("Update", "Task", "priority", "50", "80"),
        ("ModifyVariable", "Variable", "", "", ""),
        ("Complete", "Task", "delete", "false", "true"),
    ]
    assert log.of(task_id=task.id) == expected
    assert log.of(case_instance_id=created.id) == expected
    assert log.of(case_execution_id=execution) == expected
    entries = log.entries(case_instance_id=created.id)
    assert {(e.category, e.user_id, e.task_id, e.case_instance_id, e.case_execution_id, e.case_definition_id,
             e.tenant_id, e.process_instance_id, e.execution_id, e.process_definition_id, e.process_definition_key)
            for e in entries} == {("TaskWorker", worker, task.id, created.id, execution, created.case_definition_id,
                                   tenant, "", "", "", "")}
    assert len({e.operation_id for e in entries}) == 6
    assert log.count(case_instance_id=created.id, operation_type="Complete") == 1
    assert log.count(case_instance_id=created.id, category="Operator") == 0
    assert log.count(case_execution_id=execution, tenant_id_in=[tenant]) == 6
    assert log.count(case_instance_id="no-such-case") == 0 and log.count(case_execution_id="no-such-execution") == 0
    # The case's calls of its own write none (as in the document's engine).
    cases.terminate_case(created.id)
    cases.close_case(created.id)
    assert log.count(case_instance_id=created.id) == 6
    # Another tenant's caller sees none of them.
    assert Log(server.api(server.token(tenants=(unique("other"),)))).count(case_instance_id=created.id) == 0


def test_a_case_s_entries_go_with_its_deployment(api) -> None:  # type: ignore[no-untyped-def]
    cases, log = Cases(api), Log(api)
    case_key = key("case")
    deployment = cases.deploy_case("case_three_items.cmmn", key=case_key)
    definition = cases.case_definition_id(deployment, case_key)
    active, closed = cases.create(id=definition).id, cases.create(id=definition).id
    for case_id in (active, closed):
        [task] = cases.case_tasks(case_id)
        cases.tasks.SetTaskAssignee(task_pb2.SetTaskAssigneeRequest(task_id=task.id, user_id="bob"))
    cases.terminate_case(closed)
    cases.close_case(closed)
    cases.case_definitions.UpdateCaseDefinitionHistoryTimeToLive(
        cd.UpdateCaseDefinitionHistoryTimeToLiveRequest(id=definition, history_time_to_live=30))
    assert (log.count(case_instance_id=active), log.count(case_instance_id=closed)) == (1, 1)
    assert log.count(case_definition_id=definition) == 1 + 1 + 2  # the tasks' and the definition's

    cases.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment.id, cascade=True))
    assert (log.count(case_instance_id=active), log.count(case_instance_id=closed)) == (0, 0)
    # The definition's and the deployment's entries stay.
    assert log.of(case_definition_id=definition) == [
        ("UpdateHistoryTimeToLive", "CaseDefinition", "historyTimeToLive", "180", "30"),
        ("UpdateHistoryTimeToLive", "CaseDefinition", "caseDefinitionKey", "", case_key),
    ]
    assert [e[:2] for e in log.of(deployment_id=deployment.id)] == [
        ("Create", "Deployment"), ("UpdateHistoryTimeToLive", "CaseDefinition"),
        ("UpdateHistoryTimeToLive", "CaseDefinition"), ("Delete", "Deployment")]
