"""Standalone tasks (TaskService's CreateTask and DeleteTask): tasks of no process and no case.
Their creation (a generated or a given id, the default priority, tenants, limits), what they
write to the task history, the identity link log and the operation log; every verb of a task on
them (query, claim, assign, delegate, resolve, update, identity links, variables — their own scope
is their only one —, comments and attachments, complete); the BPMN error refused; DeleteTask
(its history ended as deleted, or removed with cascade; a task of a process or a case refused);
and the errors."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

import grpc
import pytest
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import history_pb2 as hi
from flowkeeper.engine.v1 import task_pb2
from server.engine.comment_models import TaskAttachment, TaskComment
from tests.engine.case_support import Cases
from tests.engine.history_support import TaskHistory, ending, ts
from tests.engine.support import plain, typed_map
from tests.engine.work_support import key, waiting
from tests.support import ServerHandle, expect_error, race, race_each, unique

NOT_FOUND, BAD, REFUSED = grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION
TENANT, OTHER = "tenant-a", "tenant-b"
DUE = datetime(2031, 3, 1, 12, 0, tzinfo=timezone.utc)
FOLLOW_UP = datetime(2031, 2, 20, 9, 30, tzinfo=timezone.utc)
Link = task_pb2.TaskIdentityLink


class Standalone(TaskHistory):
    """The task history's stubs plus CreateTask, DeleteTask and the logs a standalone task
    writes."""

    def create(self, **fields: Any) -> task_pb2.Task:
        return self.tasks.CreateTask(task_pb2.CreateTaskRequest(**fields)).task

    def new_task(self, **fields: Any) -> task_pb2.Task:
        """A new task with a name of its own (the tests' server is shared)."""
        return self.create(name=unique("standalone"), **fields)

    def delete(self, task_id: str, cascade: bool = False, reason: str = "") -> None:
        self.tasks.DeleteTask(task_pb2.DeleteTaskRequest(id=task_id, cascade=cascade, delete_reason=reason))

    def complete_task(self, task_id: str, variables: dict[str, Any] | None = None,
                      with_variables: bool = False) -> dict[str, tuple[Any, str]]:
        return plain(self.tasks.CompleteTask(task_pb2.CompleteTaskRequest(
            task_id=task_id, variables=typed_map(variables or {}), with_variables_in_return=with_variables)).variables)

    def task_variables(self, task_id: str, local_only: bool = False) -> dict[str, tuple[Any, str]]:
        return plain(self.tasks.GetTaskVariables(task_pb2.GetTaskVariablesRequest(
            task_id=task_id, local_only=local_only)).variables)

    def found(self, **filters: Any) -> list[str]:
        """The ids QueryTasks finds, checked against CountTasks."""
        ids = [t.id for t in self.tasks.QueryTasks(task_pb2.QueryTasksRequest(**filters)).tasks]
        assert self.tasks.CountTasks(task_pb2.CountTasksRequest(**filters)).count == len(ids), filters
        return ids

    def link_log(self, task_id: str) -> list[tuple[str, str, str, str, str]]:
        """The task's identity link log: (operation_type, type, user_id, group_id, assigner_id)."""
        return [(e.operation_type, e.type, e.user_id, e.group_id, e.assigner_id)
                for e in self.history.QueryHistoricIdentityLinkLogs(
                    hi.QueryHistoricIdentityLinkLogsRequest(task_id=task_id)).historic_identity_link_logs]

    def comment(self, task_id: str, message: str) -> task_pb2.TaskComment:
        return self.tasks.CreateTaskComment(task_pb2.CreateTaskCommentRequest(task_id=task_id, message=message)).comment

    def comments(self, task_id: str) -> list[str]:
        return [c.message for c in self.tasks.GetTaskComments(
            task_pb2.GetTaskCommentsRequest(task_id=task_id)).comments]

    def attach(self, task_id: str, name: str, content: bytes) -> task_pb2.TaskAttachment:
        return self.tasks.CreateTaskAttachment(task_pb2.CreateTaskAttachmentRequest(
            task_id=task_id, name=name, content=content)).attachment

    def attachments(self, task_id: str) -> list[str]:
        return [a.name for a in self.tasks.GetTaskAttachments(
            task_pb2.GetTaskAttachmentsRequest(task_id=task_id)).attachments]

    def process_task(self, tenant: str = "") -> tuple[str, task_pb2.Task]:
        """An instance waiting at Review: (instance id, its task)."""
        process_key = key("with_review")
        instance = self.start_id(self.deploy_inline(process_key, waiting(process_key), tenant=tenant))
        [task] = self.tasks_of(instance)
        return instance, task


@pytest.fixture
def work(api) -> Standalone:  # type: ignore[no-untyped-def]
    return Standalone(api)


def stored(server: ServerHandle, model: type[TaskComment] | type[TaskAttachment], task_id: str) -> int:
    from sqlalchemy import func, select

    return server.db.run(lambda tx: tx.scalar(select(func.count()).select_from(model).where(
        model.task_id == task_id)), write=False)


# -- creation -------------------------------------------------------------------------------------


def test_a_task_is_created_as_given_with_its_history_and_logs(server, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    name = unique("Call the customer")
    task = work.create(name=name, description="about the invoice", assignee="alice", owner="olga", priority=80,
                       due=ts(DUE), follow_up=ts(FOLLOW_UP))
    assert uuid.UUID(task.id)  # generated
    assert (task.name, task.description, task.assignee, task.owner, task.priority) == (
        name, "about the invoice", "alice", "olga", 80)
    assert (task.due, task.follow_up) == (ts(DUE), ts(FOLLOW_UP))
    assert task.created.ToDatetime(tzinfo=timezone.utc) == server.clock.now()
    assert (task.task_definition_key, task.form_key, task.execution_id, task.process_instance_id,
            task.process_definition_id, task.case_execution_id, task.case_instance_id, task.case_definition_id,
            task.tenant_id, task.suspended, task.delegation_state) == ("", "", "", "", "", "", "", "", "", False, 0)
    assert work.task(task.id) == task

    row = work.historic_task(task.id)
    assert (row.name, row.description, row.assignee, row.owner, row.priority, row.start_time) == (
        name, "about the invoice", "alice", "olga", 80, task.created)
    assert (row.process_instance_id, row.case_instance_id, row.activity_instance_id, row.task_definition_key,
            row.process_definition_key) == ("", "", "", "", "")
    assert ending(row) == ("", None, None)

    # The caller set the assignee and the owner.
    assert work.link_log(task.id) == [("add", "assignee", "alice", "", "admin"), ("add", "owner", "olga", "", "admin")]
    entries = work.entries(task_id=task.id)
    assert [(e.operation_type, e.entity_type, e.category, e.property, e.org_value, e.new_value) for e in entries] == [
        ("Create", "Task", "TaskWorker", "name", "", name),
        ("Create", "Task", "TaskWorker", "description", "", "about the invoice"),
        ("Create", "Task", "TaskWorker", "priority", "", "80"),
        ("Create", "Task", "TaskWorker", "dueDate", "", DUE.isoformat()),
        ("Create", "Task", "TaskWorker", "followUpDate", "", FOLLOW_UP.isoformat()),
        ("Create", "Task", "TaskWorker", "owner", "", "olga"),
        ("Create", "Task", "TaskWorker", "assignee", "", "alice")]
    assert len({e.operation_id for e in entries}) == 1 and {e.process_instance_id for e in entries} == {""}


def test_a_task_given_nothing_has_the_defaults_and_one_create_entry(work: Standalone) -> None:
    task = work.create()
    assert (task.name, task.assignee, task.priority, task.HasField("due"), task.HasField("follow_up")) == (
        "", "", 50, False, False)
    assert work.of(task_id=task.id) == [("Create", "Task", "", "", "")]
    assert work.link_log(task.id) == []
    # A priority given as 0 is 0, not the default.
    assert work.create(priority=0).priority == 0


def test_a_given_id_is_kept_and_never_taken_twice(work: Standalone) -> None:
    given = unique("my-task")
    assert work.create(id=given, name="first").id == given
    failed = expect_error(lambda: work.create(id=given, name="second"), grpc.StatusCode.ALREADY_EXISTS, "TASK_EXISTS")
    assert failed.info.metadata["id"] == given
    assert work.task(given).name == "first"
    # Ended, its id stays taken: the task history keeps it.
    work.complete_task(given)
    expect_error(lambda: work.create(id=given), grpc.StatusCode.ALREADY_EXISTS, "TASK_EXISTS")
    # A process task's id too.
    _, process_task = work.process_task()
    expect_error(lambda: work.create(id=process_task.id), grpc.StatusCode.ALREADY_EXISTS, "TASK_EXISTS")
    # Once its history is gone, the id is free again.
    work.delete(given, cascade=True)
    assert work.create(id=given, name="again").name == "again"


def test_tenants_bound_what_a_token_creates_and_sees(server, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    clerk = Standalone(server.api(server.token("clerk", tenants=(TENANT,))))
    own = clerk.new_task(tenant_id=TENANT)
    assert own.tenant_id == TENANT and work.historic_task(own.id).tenant_id == TENANT
    assert clerk.new_task().tenant_id == ""  # of no tenant: every token may
    failed = expect_error(lambda: clerk.new_task(tenant_id=OTHER), grpc.StatusCode.PERMISSION_DENIED,
                          "TENANT_NOT_GRANTED")
    assert failed.info.metadata["tenant_id"] == OTHER
    # An admin creates a task of any tenant; the clerk does not see it.
    other = work.new_task(tenant_id=OTHER)
    assert other.tenant_id == OTHER
    for call in (lambda: clerk.task(other.id), lambda: clerk.delete(other.id), lambda: clerk.delete(other.id, True),
                 lambda: clerk.complete_task(other.id)):
        expect_error(call, NOT_FOUND, "TASK_NOT_FOUND")
    assert clerk.found(task_id_in=[own.id, other.id]) == [own.id]
    assert work.found(task_id_in=[own.id, other.id], tenant_id_in=[OTHER]) == [other.id]
    assert work.entries(task_id=other.id)[0].tenant_id == OTHER


def test_refused_creations_name_each_field_and_create_nothing(work: Standalone) -> None:
    name = unique("refused")
    failed = expect_error(lambda: work.create(id="i" * 65, name=name, assignee="a" * 256, owner="o" * 256,
                                              tenant_id="t" * 65), BAD, "INVALID_FIELD")
    assert failed.fields == ["id", "assignee", "owner", "tenant_id"]
    failed = expect_error(lambda: work.create(name="n" * 256), BAD, "INVALID_FIELD")
    assert failed.fields == ["name"] and failed.info.metadata["max_length"] == "255"
    for field in ("due", "follow_up"):
        failed = expect_error(lambda: work.create(name=name, **{field: timestamp_pb2.Timestamp(seconds=10**12)}),
                              BAD, "INVALID_FIELD")
        assert failed.fields == [field]
    assert work.found(name=name) == []
    # The limits themselves are fine.
    edge = work.create(id=unique("e").ljust(64, "e"), name="n" * 255, assignee="a" * 255, owner="o" * 255)
    assert (len(edge.id), len(edge.name)) == (64, 255)


# -- the verbs of a task ------------------------------------------------------------------------


def test_queries_find_standalone_tasks_by_their_own_fields_only(work: Standalone) -> None:
    alone = work.create(name=unique("query"), assignee="quinn", priority=7)
    instance, process_task = work.process_task()
    both = [alone.id, process_task.id]
    assert set(work.found(task_id_in=both)) == set(both)
    assert work.found(task_id_in=both, assignee="quinn") == [alone.id]
    assert work.found(task_id_in=both, priority=7) == [alone.id]
    # The filters of what contains a task never match one of no process and no case.
    assert work.found(task_id_in=both, process_instance_id=instance) == [process_task.id]
    assert work.found(task_id_in=both, task_definition_key="Review") == [process_task.id]
    for filters in ({"process_definition_key": process_task.process_definition_id.split(":")[0]},
                    {"process_instance_id_in": [instance]}, {"business_key_like": "%"},
                    {"case_definition_key": "any"}, {"case_instance_id": "any"}, {"suspended": True}):
        assert alone.id not in work.found(task_id_in=both, **filters), filters
    assert work.found(task_id_in=both, active=True, unassigned=False, assigned=True) == [alone.id]
    # Sorted by process instance id, a task of none comes last.
    ordered = work.tasks.QueryTasks(task_pb2.QueryTasksRequest(task_id_in=both, sorting=[task_pb2.TaskSorting(
        sort_by=task_pb2.TaskSorting.SORT_BY_PROCESS_INSTANCE_ID)])).tasks
    assert [t.id for t in ordered] == [process_task.id, alone.id]


def test_claim_assign_delegate_resolve_and_update(server, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    task = work.new_task()
    assert work.claim(task.id, "ann").assignee == "ann"
    expect_error(lambda: work.claim(task.id, "bob"), REFUSED, "TASK_ALREADY_CLAIMED")
    assert work.unclaim(task.id).assignee == ""
    assert work.set_assignee(task.id, "bob").assignee == "bob"
    delegated = work.tasks.DelegateTask(task_pb2.DelegateTaskRequest(task_id=task.id, user_id="carl")).task
    assert (delegated.owner, delegated.assignee, delegated.delegation_state) == (
        "bob", "carl", task_pb2.Task.DELEGATION_STATE_PENDING)
    expect_error(lambda: work.complete_task(task.id), REFUSED, "TASK_DELEGATED")
    # Resolving sets the variables on the task itself: there is no scope above it.
    resolved = work.tasks.ResolveTask(task_pb2.ResolveTaskRequest(task_id=task.id,
                                                                  variables=typed_map({"checked": True}))).task
    assert (resolved.assignee, resolved.delegation_state) == ("bob", task_pb2.Task.DELEGATION_STATE_RESOLVED)
    assert work.task_variables(task.id, local_only=True) == {"checked": (True, "Boolean")}
    updated = work.update_task(task_pb2.Task(id=task.id, name="renamed", priority=99), "name", "priority")
    assert (updated.name, updated.priority) == ("renamed", 99)
    work.tasks.AddTaskIdentityLink(task_pb2.AddTaskIdentityLinkRequest(
        task_id=task.id, identity_link=Link(group_id="sales", type=Link.TYPE_CANDIDATE)))
    assert task.id in work.found(candidate_group="sales", include_assigned_tasks=True)

    row = work.historic_task(task.id)
    assert (row.name, row.priority, row.assignee, row.owner) == ("renamed", 99, "bob", "bob")
    assert work.link_log(task.id) == [
        ("add", "assignee", "ann", "", "admin"), ("delete", "assignee", "ann", "", "admin"),
        ("add", "assignee", "bob", "", "admin"), ("add", "owner", "bob", "", "admin"),
        ("delete", "assignee", "bob", "", "admin"), ("add", "assignee", "carl", "", "admin"),
        ("delete", "assignee", "carl", "", "admin"), ("add", "assignee", "bob", "", "admin"),
        ("add", "candidate", "", "sales", "admin")]
    assert [e[0] for e in work.of(task_id=task.id)] == [
        "Create", "Claim", "Assign", "Assign", "Delegate", "Delegate", "Delegate", "Resolve", "Resolve",
        "Update", "Update", "AddGroupLink"]


def test_variables_live_on_the_task_itself(work: Standalone) -> None:
    task = work.new_task()
    work.modify_task(task.id, {"amount": 120, "note": "urgent"})  # not local: still the task's own
    work.modify_task(task.id, {"flag": True}, local=True)
    assert work.task_variables(task.id) == work.task_variables(task.id, local_only=True) == {
        "amount": (120, "Integer"), "note": ("urgent", "String"), "flag": (True, "Boolean")}
    work.modify_task(task.id, {"amount": 130}, deletions=("note", "missing"))
    assert work.task_variables(task.id) == {"amount": (130, "Integer"), "flag": (True, "Boolean")}
    amount = work.named("amount", task_id_in=[task.id])
    assert (amount.task_id, amount.process_instance_id, amount.execution_id) == (task.id, "", "")
    assert [e[0] for e in work.of(task_id=task.id, entity_type="Variable")] == ["ModifyVariable"] * 3


def test_complete_ends_the_task_with_its_variables_kept_in_the_history(server, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    task = work.new_task(assignee="dora")
    work.modify_task(task.id, {"draft": "v1"})
    work.tasks.AddTaskIdentityLink(task_pb2.AddTaskIdentityLinkRequest(
        task_id=task.id, identity_link=Link(user_id="eve", type=Link.TYPE_CANDIDATE)))
    server.clock.advance(timedelta(minutes=5))
    returned = work.complete_task(task.id, {"approved": True}, with_variables=True)
    assert returned == {"draft": ("v1", "String"), "approved": (True, "Boolean")}
    expect_error(lambda: work.task(task.id), NOT_FOUND, "TASK_NOT_FOUND")
    assert work.found(task_id=task.id, include_assigned_tasks=True, candidate_user="eve") == []
    assert ending(work.historic_task(task.id)) == ("completed", ts(server.clock.now()), timedelta(minutes=5))
    assert work.historic_task(task.id).assignee == "dora"
    kept = {v.name: (v.state, v.task_id) for v in work.historic_variables(task_id_in=[task.id])}
    assert kept == {"draft": ("CREATED", task.id), "approved": ("CREATED", task.id)}
    assert work.of(task_id=task.id, operation_type="Complete") == [("Complete", "Task", "delete", "false", "true")]
    expect_error(lambda: work.complete_task(task.id), NOT_FOUND, "TASK_NOT_FOUND")
    # Without with_variables_in_return, nothing comes back.
    assert work.complete_task(work.new_task().id, {"x": 1}) == {}


def test_a_bpmn_error_is_refused_as_nothing_can_catch_it(work: Standalone) -> None:
    task = work.new_task()
    failed = expect_error(lambda: work.tasks.HandleTaskBpmnError(task_pb2.HandleTaskBpmnErrorRequest(
        task_id=task.id, error_code="E1", variables=typed_map({"why": "no"}))), REFUSED, "NOT_A_PROCESS_TASK")
    assert "standalone" in failed.message
    assert work.task(task.id) == task and work.task_variables(task.id) == {}


def test_comments_and_attachments_of_a_standalone_task(work: Standalone) -> None:
    task = work.new_task()
    written = work.comment(task.id, "called, no answer")
    assert (written.task_id, written.process_instance_id, written.root_process_instance_id) == (task.id, "", "")
    attached = work.attach(task.id, "scan.pdf", b"%PDF")
    assert attached.process_instance_id == ""
    work.complete_task(task.id)
    assert work.comments(task.id) == ["called, no answer"] and work.attachments(task.id) == ["scan.pdf"]
    failed = expect_error(lambda: work.comment(task.id, "late"), REFUSED, "TASK_ENDED")
    assert failed.info.metadata["delete_reason"] == "completed"


# -- deletion -------------------------------------------------------------------------------------


def test_delete_ends_the_task_and_keeps_its_history(server, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    task = work.new_task(assignee="fay")
    work.modify_task(task.id, {"kept": 1})
    work.comment(task.id, "before the deletion")
    server.clock.advance(timedelta(minutes=1))
    work.delete(task.id)
    expect_error(lambda: work.task(task.id), NOT_FOUND, "TASK_NOT_FOUND")
    expect_error(lambda: work.task_variables(task.id), NOT_FOUND, "TASK_NOT_FOUND")
    assert ending(work.historic_task(task.id)) == ("deleted", ts(server.clock.now()), timedelta(minutes=1))
    assert work.comments(task.id) == ["before the deletion"]
    assert work.link_log(task.id) == [("add", "assignee", "fay", "", "admin")]
    assert [v.name for v in work.historic_variables(task_id_in=[task.id])] == ["kept"]
    [entry] = work.entries(task_id=task.id, operation_type="Delete")
    assert (entry.entity_type, entry.category, entry.property, entry.org_value, entry.new_value) == (
        "Task", "TaskWorker", "delete", "false", "true")
    # Deleted once: again it is refused without cascade, and not written to.
    failed = expect_error(lambda: work.delete(task.id), REFUSED, "TASK_ENDED")
    assert failed.info.metadata["delete_reason"] == "deleted"
    expect_error(lambda: work.comment(task.id, "after"), REFUSED, "TASK_ENDED")
    # A reason of one's own.
    other = work.new_task()
    work.delete(other.id, reason="duplicate")
    assert work.historic_task(other.id).delete_reason == "duplicate"


def test_delete_with_cascade_removes_the_history_of_a_running_or_ended_task(server, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    running, ended = work.new_task(assignee="gus"), work.new_task(assignee="hal")
    for task in (running, ended):
        work.modify_task(task.id, {"v": task.name})
        work.comment(task.id, "a note")
        work.attach(task.id, "file.txt", b"x")
    work.complete_task(ended.id)
    work.delete(running.id, cascade=True)
    work.delete(ended.id, cascade=True)
    for task in (running, ended):
        expect_error(lambda: work.historic_task(task.id), NOT_FOUND, "TASK_NOT_FOUND")
        expect_error(lambda: work.comments(task.id), NOT_FOUND, "TASK_NOT_FOUND")
        assert stored(server, TaskComment, task.id) == stored(server, TaskAttachment, task.id) == 0
        assert work.link_log(task.id) == []
        assert work.historic_variables(task_id_in=[task.id], include_deleted=True) == []
        assert work.historic_details(task_id=task.id) == []
        # The operation log keeps who did what: the entries stay.
        assert work.of(task_id=task.id)[0][0] == "Create"
        expect_error(lambda: work.delete(task.id, cascade=True), NOT_FOUND, "TASK_NOT_FOUND")
    assert [e[0] for e in work.of(task_id=running.id) if e[1] == "Task"][-1] == "Delete"
    # Only the history goes: for an ended task, DeleteTask writes no Delete entry.
    assert "Delete" not in [e[0] for e in work.of(task_id=ended.id)]


def test_a_task_of_a_process_or_a_case_is_not_deleted(api, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    instance, task = work.process_task()
    for cascade in (False, True):
        failed = expect_error(lambda: work.delete(task.id, cascade), REFUSED, "TASK_NOT_STANDALONE")
        assert failed.info.metadata["process_instance_id"] == instance
    assert work.task(task.id) == task and work.count(task_id=task.id, operation_type="Delete") == 0
    # Ended, its history goes with its instance, not by DeleteTask.
    work.complete(task.id)
    expect_error(lambda: work.delete(task.id, cascade=True), REFUSED, "TASK_NOT_STANDALONE")
    assert work.historic_task(task.id).delete_reason == "completed"

    cases = Cases(api)
    case = cases.deploy_and_create("case_three_items.cmmn")
    human = cases.case_tasks(case.id)[0]
    failed = expect_error(lambda: work.delete(human.id), REFUSED, "TASK_NOT_STANDALONE")
    assert failed.info.metadata["case_instance_id"] == case.id
    assert work.task(human.id).id == human.id


def test_refused_deletions(work: Standalone) -> None:
    expect_error(lambda: work.delete(""), NOT_FOUND, "TASK_NOT_FOUND")
    expect_error(lambda: work.delete(unique("missing")), NOT_FOUND, "TASK_NOT_FOUND")
    expect_error(lambda: work.delete(unique("missing"), cascade=True), NOT_FOUND, "TASK_NOT_FOUND")
    task = work.new_task()
    failed = expect_error(lambda: work.delete(task.id, reason="r" * 65), BAD, "INVALID_FIELD")
    assert failed.fields == ["delete_reason"]
    assert work.task(task.id) == task


# -- races ----------------------------------------------------------------------------------------


def test_racing_creations_of_one_id_make_one_task(work: Standalone) -> None:
    given = unique("raced")
    answers = race([lambda n=n: work.create(id=given, name=f"racer {n}") for n in range(4)])
    assert answers == Counter({"OK": 1, "ALREADY_EXISTS": 3})
    assert work.found(task_id=given) == [given] and work.historic_task(given).id == given


def test_a_completion_racing_a_deletion_ends_the_task_once(work: Standalone) -> None:
    for _ in range(3):
        task = work.new_task()
        answers = race_each([lambda: work.complete_task(task.id), lambda: work.delete(task.id)])
        # Serially: completed then not deletable (TASK_ENDED), or deleted then not found.
        assert answers in (("OK", "FAILED_PRECONDITION"), ("NOT_FOUND", "OK")), answers
        reason = work.historic_task(task.id).delete_reason
        assert reason == ("completed" if answers[0] == "OK" else "deleted")
        assert len(work.entries(task_id=task.id, operation_type="Complete" if answers[0] == "OK" else "Delete")) == 1
