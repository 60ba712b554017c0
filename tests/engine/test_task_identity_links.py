"""TaskService's identity links: GetTaskIdentityLinks (the assignee, then the candidates as they
were added; by type), AddTaskIdentityLink and DeleteTaskIdentityLink of candidate users and
groups (which QueryTasks' candidate filters then see) and of the assignee (which the task
history follows), no-ops for links the task has or lacks already, their operation log entries,
a case's human task, and the errors of the three."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import task_pb2
from tests.engine.case_support import Cases
from tests.engine.history_support import OperationLog, TaskHistory
from tests.engine.resources.modeler import render
from tests.engine.work_support import key
from tests.support import expect_error

Link = task_pb2.TaskIdentityLink
ASSIGNEE, CANDIDATE = Link.TYPE_ASSIGNEE, Link.TYPE_CANDIDATE


def candidates_task(process_key: str) -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Approve" />
  <bpmn:userTask id="Approve" camunda:assignee="carol" camunda:candidateUsers="alice,bob"
                 camunda:candidateGroups="sales" />
  <bpmn:sequenceFlow id="f2" sourceRef="Approve" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>"""


class Links(OperationLog):
    def started(self) -> tuple[str, str]:
        """An instance waiting at Approve (assignee carol; candidates alice, bob, sales):
        (instance id, task id)."""
        process_key = key("approval")
        deployment = self.deploy(contents={
            f"{process_key}.bpmn": render(candidates_task(process_key), process_key).encode()})
        instance = self.start(self.definition_id(deployment, process_key)).process_instance.id
        [task] = self.tasks_of(instance)
        return instance, task.id

    def links(self, task_id: str, link_type: int = Link.TYPE_UNSPECIFIED) -> list[tuple[str, str, str]]:
        found = self.tasks.GetTaskIdentityLinks(task_pb2.GetTaskIdentityLinksRequest(task_id=task_id, type=link_type))
        return [(Link.Type.Name(link.type), link.user_id, link.group_id) for link in found.identity_links]

    def add(self, task_id: str, **link: object) -> task_pb2.Task:
        return self.tasks.AddTaskIdentityLink(task_pb2.AddTaskIdentityLinkRequest(
            task_id=task_id, identity_link=Link(**link))).task

    def remove(self, task_id: str, **link: object) -> task_pb2.Task:
        return self.tasks.DeleteTaskIdentityLink(task_pb2.DeleteTaskIdentityLinkRequest(
            task_id=task_id, identity_link=Link(**link))).task

    def found_by(self, instance: str, **filters: object) -> list[str]:
        request = {"process_instance_id": instance, "include_assigned_tasks": True, **filters}
        return [t.id for t in self.tasks.QueryTasks(task_pb2.QueryTasksRequest(**request)).tasks]


@pytest.fixture
def links(api) -> Links:  # type: ignore[no-untyped-def]
    return Links(api)


def test_the_links_of_a_task_by_type(links: Links) -> None:
    _, task = links.started()
    assert links.links(task) == [("TYPE_ASSIGNEE", "carol", ""), ("TYPE_CANDIDATE", "alice", ""),
                                 ("TYPE_CANDIDATE", "bob", ""), ("TYPE_CANDIDATE", "", "sales")]
    assert links.links(task, ASSIGNEE) == [("TYPE_ASSIGNEE", "carol", "")]
    assert links.links(task, CANDIDATE) == links.links(task)[1:]


def test_candidates_added_and_removed_are_what_the_query_sees(links: Links) -> None:
    instance, task = links.started()
    assert links.found_by(instance, candidate_user="dave") == []

    added = links.add(task, user_id="dave", type=CANDIDATE)
    assert list(added.candidate_users) == ["alice", "bob", "dave"]
    links.add(task, user_id="dave", type=CANDIDATE)  # had it already: nothing changes
    links.add(task, group_id="managers", type=CANDIDATE)
    assert links.found_by(instance, candidate_user="dave") == [task]
    assert links.found_by(instance, candidate_group="managers") == [task]
    assert links.links(task, CANDIDATE)[-2:] == [("TYPE_CANDIDATE", "dave", ""), ("TYPE_CANDIDATE", "", "managers")]

    removed = links.remove(task, group_id="sales", type=CANDIDATE)
    assert list(removed.candidate_groups) == ["managers"]
    links.remove(task, group_id="sales", type=CANDIDATE)  # gone already: nothing changes
    links.remove(task, user_id="alice", type=CANDIDATE)
    assert links.found_by(instance, candidate_group="sales") == []
    assert links.found_by(instance, candidate_user="alice") == []
    assert [u for _, u, _ in links.links(task, CANDIDATE) if u] == ["bob", "dave"]

    assert links.of(task_id=task) == [
        ("AddUserLink", "IdentityLink", "candidate", "", "dave"),
        ("AddGroupLink", "IdentityLink", "candidate", "", "managers"),
        ("DeleteGroupLink", "IdentityLink", "candidate", "sales", ""),
        ("DeleteUserLink", "IdentityLink", "candidate", "alice", ""),
    ]
    assert {e.category for e in links.entries(task_id=task)} == {"TaskWorker"}


def test_the_assignee_link(links: Links) -> None:
    instance, task = links.started()
    history = TaskHistory(links.api)
    assert links.add(task, user_id="erin", type=ASSIGNEE).assignee == "erin"
    assert history.historic_task(task).assignee == "erin"
    links.add(task, user_id="erin", type=ASSIGNEE)  # hers already
    assert links.remove(task, user_id="carol", type=ASSIGNEE).assignee == "erin"  # not the assignee: no change
    assert links.remove(task, user_id="erin", type=ASSIGNEE).assignee == ""
    assert history.historic_task(task).assignee == ""
    assert links.links(task, ASSIGNEE) == []
    assert links.found_by(instance, unassigned=True, include_assigned_tasks=False) == [task]
    assert links.of(task_id=task) == [
        ("AddUserLink", "IdentityLink", "assignee", "carol", "erin"),
        ("DeleteUserLink", "IdentityLink", "assignee", "erin", ""),
    ]


def test_a_case_s_human_task_has_links_too(api) -> None:  # type: ignore[no-untyped-def]
    cases, links = Cases(api), Links(api)
    case = cases.deploy_and_create("case_three_items.cmmn")
    human = cases.case_tasks(case.id)[0]
    links.add(human.id, group_id="auditors", type=CANDIDATE)
    assert ("TYPE_CANDIDATE", "", "auditors") in links.links(human.id)
    assert [t.id for t in links.tasks.QueryTasks(task_pb2.QueryTasksRequest(
        case_instance_id=case.id, candidate_group="auditors", include_assigned_tasks=True)).tasks] == [human.id]
    [entry] = links.entries(task_id=human.id)
    assert (entry.operation_type, entry.case_instance_id) == ("AddGroupLink", case.id)


def test_the_errors(links: Links) -> None:
    instance, task = links.started()
    invalid = grpc.StatusCode.INVALID_ARGUMENT

    def refused(link: Link | None, reason: str, field: str) -> None:
        for call, request in ((links.tasks.AddTaskIdentityLink, task_pb2.AddTaskIdentityLinkRequest),
                              (links.tasks.DeleteTaskIdentityLink, task_pb2.DeleteTaskIdentityLinkRequest)):
            failed = expect_error(lambda: call(request(task_id=task, identity_link=link)), invalid, reason)
            assert failed.bad_request is not None
            assert failed.bad_request.field_violations[0].field == field

    refused(None, "MISSING_REQUIRED_FIELD", "identity_link")
    refused(Link(user_id="dave"), "MISSING_REQUIRED_FIELD", "identity_link.type")
    refused(Link(type=CANDIDATE), "MISSING_REQUIRED_FIELD", "identity_link.user_id")
    refused(Link(user_id="dave", group_id="sales", type=CANDIDATE), "INVALID_FIELD", "identity_link.group_id")
    refused(Link(group_id="sales", type=ASSIGNEE), "INVALID_FIELD", "identity_link.group_id")
    refused(Link(user_id="x" * 256, type=CANDIDATE), "INVALID_FIELD", "identity_link.user_id")
    refused(Link(user_id="dave", type=7), "INVALID_ENUM_VALUE", "identity_link.type")  # type: ignore[arg-type]
    expect_error(lambda: links.links(task, 7), invalid, "INVALID_ENUM_VALUE")
    for call in (lambda: links.links("no-such-task"), lambda: links.add("no-such-task", user_id="d", type=CANDIDATE),
                 lambda: links.remove("no-such-task", user_id="d", type=CANDIDATE)):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")

    links.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    expect_error(lambda: links.add(task, user_id="dave", type=CANDIDATE), grpc.StatusCode.FAILED_PRECONDITION,
                 "SUSPENDED")
    expect_error(lambda: links.remove(task, user_id="alice", type=CANDIDATE), grpc.StatusCode.FAILED_PRECONDITION,
                 "SUSPENDED")
    # Reading works on a suspended task; nothing was changed or logged.
    assert len(links.links(task)) == 4
    assert links.of(task_id=task) == []
