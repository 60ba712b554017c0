"""A task's owner and its delegation: DelegateTask (the assignee works for the owner, PENDING),
ResolveTask (variables set, the owner the assignee again, RESOLVED), CompleteTask refused while
PENDING; the owner through UpdateTask and the owner identity link; QueryTasks' owner,
delegation_state and involved_user, the task history's owner and its filters; the operation
log; a case's human task; the errors."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import field_mask_pb2

from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import task_pb2
from tests.engine.case_support import Cases
from tests.engine.history_support import OperationLog, TaskHistory
from tests.engine.resources.modeler import render
from tests.engine.support import typed_map
from tests.engine.work_support import key, waiting
from tests.support import expect_error

Task = task_pb2.Task
PENDING, RESOLVED = Task.DELEGATION_STATE_PENDING, Task.DELEGATION_STATE_RESOLVED


class Delegation(OperationLog):
    def started(self, assignee: str = "carol") -> tuple[str, str]:
        """An instance of ``waiting`` (its user task Review) assigned to ``assignee``:
        (instance id, task id)."""
        process_key = key("delegated")
        deployment = self.deploy(contents={f"{process_key}.bpmn": render(waiting(process_key), process_key).encode()})
        instance = self.start(self.definition_id(deployment, process_key)).process_instance.id
        [task] = self.tasks_of(instance)
        if assignee:
            self.tasks.SetTaskAssignee(task_pb2.SetTaskAssigneeRequest(task_id=task.id, user_id=assignee))
        return instance, task.id

    def delegate(self, task_id: str, user: str) -> Task:
        return self.tasks.DelegateTask(task_pb2.DelegateTaskRequest(task_id=task_id, user_id=user)).task

    def resolve(self, task_id: str, **variables: object) -> Task:
        return self.tasks.ResolveTask(task_pb2.ResolveTaskRequest(task_id=task_id, variables=typed_map(variables))).task

    def found(self, instance: str, **filters: object) -> list[str]:
        return [t.id for t in self.tasks.QueryTasks(task_pb2.QueryTasksRequest(
            process_instance_id=instance, **filters)).tasks]


@pytest.fixture
def tasks(api) -> Delegation:  # type: ignore[no-untyped-def]
    return Delegation(api)


def state(task: Task) -> tuple[str, str, str]:
    return task.assignee, task.owner, Task.DelegationState.Name(task.delegation_state)


def test_delegate_then_resolve_then_complete(tasks: Delegation) -> None:
    instance, task = tasks.started()
    assert state(tasks.delegate(task, "dave")) == ("dave", "carol", "DELEGATION_STATE_PENDING")
    assert tasks.found(instance, delegation_state=PENDING, owner="carol") == [task]
    assert tasks.found(instance, delegation_state=RESOLVED) == []
    assert tasks.found(instance, involved_user="carol") == [task]  # the owner is involved
    assert TaskHistory(tasks.api).historic_task(task).owner == "carol"

    failed = expect_error(lambda: tasks.complete(task), grpc.StatusCode.FAILED_PRECONDITION, "TASK_DELEGATED")
    assert failed.info is not None and failed.info.metadata["assignee"] == "dave"

    assert state(tasks.resolve(task, checked=True)) == ("carol", "carol", "DELEGATION_STATE_RESOLVED")
    assert tasks.variables(instance) == {"checked": (True, "Boolean")}
    assert tasks.found(instance, delegation_state=RESOLVED) == [task]
    expect_error(lambda: tasks.resolve(task), grpc.StatusCode.FAILED_PRECONDITION, "TASK_NOT_DELEGATED")
    tasks.complete(task)
    assert tasks.tasks_of(instance) == []

    assert tasks.of(task_id=task) == [
        ("Assign", "Task", "assignee", "", "carol"),
        ("Delegate", "Task", "delegation", "", "PENDING"),
        ("Delegate", "Task", "owner", "", "carol"),
        ("Delegate", "Task", "assignee", "carol", "dave"),
        ("Resolve", "Task", "delegation", "PENDING", "RESOLVED"),
        ("Resolve", "Task", "assignee", "dave", "carol"),
        ("Complete", "Task", "delete", "false", "true"),
    ]


def test_a_delegation_keeps_the_first_owner_and_an_unassigned_task_goes_back_to_the_pool(tasks: Delegation) -> None:
    _, task = tasks.started()
    tasks.delegate(task, "dave")
    assert state(tasks.delegate(task, "erin")) == ("erin", "carol", "DELEGATION_STATE_PENDING")
    assert tasks.resolve(task).assignee == "carol"

    _, pooled = tasks.started(assignee="")
    assert state(tasks.delegate(pooled, "dave")) == ("dave", "", "DELEGATION_STATE_PENDING")
    assert state(tasks.resolve(pooled)) == ("", "", "DELEGATION_STATE_RESOLVED")


def test_the_owner_by_update_and_identity_link_and_in_the_history(tasks: Delegation) -> None:
    instance, task = tasks.started()
    history = TaskHistory(tasks.api)
    updated = tasks.tasks.UpdateTask(task_pb2.UpdateTaskRequest(
        task=Task(id=task, owner="olga"), update_mask=field_mask_pb2.FieldMask(paths=["owner"]))).task
    assert (updated.owner, updated.delegation_state) == ("olga", Task.DELEGATION_STATE_UNSPECIFIED)
    links = tasks.tasks.GetTaskIdentityLinks(task_pb2.GetTaskIdentityLinksRequest(task_id=task)).identity_links
    assert [(task_pb2.TaskIdentityLink.Type.Name(link.type), link.user_id) for link in links] == [
        ("TYPE_ASSIGNEE", "carol"), ("TYPE_OWNER", "olga")]
    owner_link = task_pb2.TaskIdentityLink(user_id="olga", type=task_pb2.TaskIdentityLink.TYPE_OWNER)
    tasks.tasks.DeleteTaskIdentityLink(task_pb2.DeleteTaskIdentityLinkRequest(task_id=task, identity_link=owner_link))
    assert tasks.tasks.GetTask(task_pb2.GetTaskRequest(id=task)).task.owner == ""
    owner_link.user_id = "oscar"
    tasks.tasks.AddTaskIdentityLink(task_pb2.AddTaskIdentityLinkRequest(task_id=task, identity_link=owner_link))
    assert tasks.found(instance, owner="oscar") == [task] and tasks.found(instance, owner="olga") == []

    assert history.historic_task(task).owner == "oscar"
    assert [t.id for t in history.historic_tasks(process_instance_id=instance, task_owner="oscar")] == [task]
    assert [t.id for t in history.historic_tasks(process_instance_id=instance, task_owner_like="osc%")] == [task]
    assert history.count_historic_tasks(process_instance_id=instance, task_owner="olga") == 0
    assert tasks.of(task_id=task) == [
        ("Assign", "Task", "assignee", "", "carol"),
        ("Update", "Task", "owner", "", "olga"),
        ("DeleteUserLink", "IdentityLink", "owner", "olga", ""),
        ("AddUserLink", "IdentityLink", "owner", "", "oscar"),
    ]


def test_a_case_s_human_task_is_delegated_and_resolved_too(api) -> None:  # type: ignore[no-untyped-def]
    cases, tasks = Cases(api), Delegation(api)
    case = cases.deploy_and_create("case_three_items.cmmn")
    human = cases.case_tasks(case.id)[0]
    assert state(tasks.delegate(human.id, "dave")) == ("dave", human.assignee, "DELEGATION_STATE_PENDING")
    expect_error(lambda: tasks.complete(human.id), grpc.StatusCode.FAILED_PRECONDITION, "TASK_DELEGATED")
    assert tasks.resolve(human.id, reviewed="yes").assignee == human.assignee
    assert cases.case_variables(case.id)["reviewed"] == ("yes", "String")
    tasks.complete(human.id)
    assert human.id not in [t.id for t in cases.case_tasks(case.id)]


def test_the_errors(tasks: Delegation) -> None:
    instance, task = tasks.started()
    expect_error(lambda: tasks.delegate(task, ""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    too_long = expect_error(lambda: tasks.delegate(task, "x" * 256), grpc.StatusCode.INVALID_ARGUMENT,
                            "INVALID_FIELD")
    assert too_long.info is not None and too_long.info.metadata["max_length"] == "255"
    expect_error(lambda: tasks.tasks.UpdateTask(task_pb2.UpdateTaskRequest(
        task=Task(id=task, owner="x" * 256), update_mask=field_mask_pb2.FieldMask(paths=["owner"]))),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    for call in (lambda: tasks.delegate("no-such-task", "dave"), lambda: tasks.resolve("no-such-task")):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
    not_delegated = expect_error(lambda: tasks.resolve(task), grpc.StatusCode.FAILED_PRECONDITION,
                                 "TASK_NOT_DELEGATED")
    assert not_delegated.precondition is not None
    expect_error(lambda: tasks.found(instance, delegation_state=9), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_ENUM_VALUE")

    tasks.delegate(task, "dave")
    tasks.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    for call in (lambda: tasks.delegate(task, "erin"), lambda: tasks.resolve(task, late=True)):
        expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    tasks.instances.ActivateProcessInstance(pi.ActivateProcessInstanceRequest(id=instance))
    assert state(tasks.tasks.GetTask(task_pb2.GetTaskRequest(id=task)).task) == (
        "dave", "carol", "DELEGATION_STATE_PENDING")
    assert tasks.variables(instance) == {}
