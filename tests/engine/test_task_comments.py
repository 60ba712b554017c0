"""TaskService's comments: CreateTaskComment (by the token's user, now), GetTaskComments (newest
first, paged) and GetTaskComment, UpdateTaskComment (the message, and with it the user and the
time), DeleteTaskComment and DeleteTaskComments; their operation log entries; comments of a
case's human task and of a called instance's task (its root process instance); comments kept
readable, and no longer writable, once the task ended, and gone with their instance's history;
tenants; and the errors of all six."""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

import grpc
import pytest
from sqlalchemy import func, select

from flowkeeper.engine.v1 import deployment_pb2, history_pb2, process_definition_pb2, task_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from server.engine.comment_models import TaskAttachment, TaskComment
from tests.engine.case_support import Cases
from tests.engine.history_support import OperationLog
from tests.engine.resources.modeler import render
from tests.engine.scenario import catching_caller
from tests.engine.work_support import key, waiting
from tests.support import ServerHandle, expect_error

NOT_FOUND, BAD, ENDED = grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION
MAX_MESSAGE = 4000


class Notes(OperationLog):
    """The engine's stubs and the operation log, plus TaskService's comments and attachments."""

    def started(self, tenant: str = "") -> tuple[str, str]:
        """An instance waiting at Review: (instance id, task id)."""
        process_key = key("noted")
        instance = self.start_id(self.deploy_inline(process_key, waiting(process_key), tenant=tenant))
        [task] = self.tasks_of(instance)
        return instance, task.id

    def called(self) -> tuple[str, str, str]:
        """An instance called by another, waiting at Review: (caller id, called id, task id)."""
        caller_key, called_key = key("noting_caller"), key("noted_callee")
        deployment = self.deploy(contents={
            f"{caller_key}.bpmn": render(catching_caller(caller_key, called_key, "E1"), caller_key).encode(),
            f"{called_key}.bpmn": render(waiting(called_key), called_key).encode()})
        caller = self.start_id(self.definition_id(deployment, caller_key))
        [called] = self.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
            super_process_instance_id=caller)).process_instances
        [task] = self.tasks_of(called.id)
        return caller, called.id, task.id

    # -- comments ------------------------------------------------------------------------------

    def comment(self, task_id: str, message: str) -> task_pb2.TaskComment:
        return self.tasks.CreateTaskComment(task_pb2.CreateTaskCommentRequest(task_id=task_id, message=message)).comment

    def comments_page(self, task_id: str, **paging: Any) -> task_pb2.GetTaskCommentsResponse:
        return self.tasks.GetTaskComments(task_pb2.GetTaskCommentsRequest(task_id=task_id, **paging))

    def comments(self, task_id: str) -> list[str]:
        """The messages of the task's comments, as GetTaskComments lists them."""
        return [c.message for c in self.comments_page(task_id).comments]

    def get_comment(self, task_id: str, comment_id: str) -> task_pb2.TaskComment:
        return self.tasks.GetTaskComment(task_pb2.GetTaskCommentRequest(task_id=task_id, comment_id=comment_id)).comment

    def update_comment(self, task_id: str, comment_id: str, message: str) -> task_pb2.TaskComment:
        return self.tasks.UpdateTaskComment(task_pb2.UpdateTaskCommentRequest(
            task_id=task_id, comment_id=comment_id, message=message)).comment

    def delete_comment(self, task_id: str, comment_id: str) -> None:
        self.tasks.DeleteTaskComment(task_pb2.DeleteTaskCommentRequest(task_id=task_id, comment_id=comment_id))

    def delete_comments(self, task_id: str) -> int:
        return self.tasks.DeleteTaskComments(task_pb2.DeleteTaskCommentsRequest(task_id=task_id)).deleted_comments

    # -- attachments ---------------------------------------------------------------------------

    def attach(self, task_id: str, **fields: Any) -> task_pb2.TaskAttachment:
        return self.tasks.CreateTaskAttachment(task_pb2.CreateTaskAttachmentRequest(
            task_id=task_id, **fields)).attachment

    def attachments_page(self, task_id: str, **paging: Any) -> task_pb2.GetTaskAttachmentsResponse:
        return self.tasks.GetTaskAttachments(task_pb2.GetTaskAttachmentsRequest(task_id=task_id, **paging))

    def attachments(self, task_id: str) -> list[str]:
        """The names of the task's attachments, as GetTaskAttachments lists them."""
        return [a.name for a in self.attachments_page(task_id).attachments]

    def get_attachment(self, task_id: str, attachment_id: str) -> task_pb2.TaskAttachment:
        return self.tasks.GetTaskAttachment(task_pb2.GetTaskAttachmentRequest(
            task_id=task_id, attachment_id=attachment_id)).attachment

    def data(self, task_id: str, attachment_id: str) -> bytes:
        return self.tasks.GetTaskAttachmentData(task_pb2.GetTaskAttachmentDataRequest(
            task_id=task_id, attachment_id=attachment_id)).content

    def delete_attachment(self, task_id: str, attachment_id: str) -> None:
        self.tasks.DeleteTaskAttachment(task_pb2.DeleteTaskAttachmentRequest(
            task_id=task_id, attachment_id=attachment_id))


def stored(server: ServerHandle, model: type[TaskComment] | type[TaskAttachment], task_id: str) -> int:
    """How many rows of ``model`` the database holds for the task (none are left behind)."""
    return server.db.run(lambda tx: tx.scalar(select(func.count()).select_from(model).where(
        model.task_id == task_id)), write=False)


@pytest.fixture
def notes(api) -> Notes:  # type: ignore[no-untyped-def]
    return Notes(api)


def test_comments_are_written_by_the_caller_and_listed_newest_first(server, notes: Notes) -> None:  # type: ignore[no-untyped-def]
    instance, task = notes.started()
    first = notes.comment(task, "Customer called back.")
    assert (first.user_id, first.task_id, first.process_instance_id, first.root_process_instance_id,
            first.message) == ("admin", task, instance, instance, "Customer called back.")
    assert first.time.ToDatetime(tzinfo=timezone.utc) == server.clock.now()
    server.clock.advance(timedelta(seconds=1))
    clerk = Notes(server.api(server.token("clerk-ann")))
    second = clerk.comment(task, "Documents \U0001F4CE received")
    assert second.user_id == "clerk-ann" and second.id != first.id
    server.clock.advance(timedelta(seconds=1))
    notes.comment(task, "Ready for approval")

    assert notes.comments(task) == ["Ready for approval", "Documents \U0001F4CE received", "Customer called back."]
    assert notes.get_comment(task, second.id) == second
    # Paged: two, then the last one.
    page = notes.comments_page(task, page_size=2)
    assert [c.message for c in page.comments] == notes.comments(task)[:2] and page.next_page_token
    rest = notes.comments_page(task, page_size=2, page_token=page.next_page_token)
    assert [c.id for c in rest.comments] == [first.id] and rest.next_page_token == ""
    assert notes.of(task_id=task) == [("AddComment", "Comment", "comment", "", m) for m in reversed(notes.comments(task))]
    entry = notes.entries(task_id=task)[0]
    assert (entry.category, entry.process_instance_id, entry.user_id) == ("TaskWorker", instance, "admin")


def test_a_comment_changed_is_the_changer_s_and_keeps_its_place(server, notes: Notes) -> None:  # type: ignore[no-untyped-def]
    _, task = notes.started()
    older = notes.comment(task, "first draft")
    newer = notes.comment(task, "second")
    server.clock.advance(timedelta(minutes=5))
    changed = Notes(server.api(server.token("editor-eve"))).update_comment(task, older.id, "first, corrected")
    assert (changed.id, changed.message, changed.user_id) == (older.id, "first, corrected", "editor-eve")
    assert changed.time.ToDatetime(tzinfo=timezone.utc) == server.clock.now() != older.time.ToDatetime(tzinfo=timezone.utc)
    assert notes.get_comment(task, older.id) == changed
    assert [c.id for c in notes.comments_page(task).comments] == [newer.id, older.id]
    assert notes.of(task_id=task, operation_type="UpdateComment") == [
        ("UpdateComment", "Comment", "comment", "first draft", "first, corrected")]


def test_one_comment_or_all_of_them_are_deleted(server, notes: Notes) -> None:  # type: ignore[no-untyped-def]
    _, task = notes.started()
    keep, drop = notes.comment(task, "keep me"), notes.comment(task, "drop me")
    notes.delete_comment(task, drop.id)
    assert notes.comments(task) == ["keep me"]
    expect_error(lambda: notes.get_comment(task, drop.id), NOT_FOUND, "COMMENT_NOT_FOUND")
    expect_error(lambda: notes.delete_comment(task, drop.id), NOT_FOUND, "COMMENT_NOT_FOUND")
    notes.comment(task, "and me")
    assert notes.delete_comments(task) == 2
    assert notes.comments(task) == [] and stored(server, TaskComment, task) == 0
    expect_error(lambda: notes.get_comment(task, keep.id), NOT_FOUND, "COMMENT_NOT_FOUND")
    assert notes.delete_comments(task) == 0  # none left: nothing happens, nothing is logged
    deletions = notes.entries(task_id=task, operation_type="DeleteComment")
    assert [(e.org_value, e.new_value) for e in deletions] == [("drop me", ""), ("keep me", ""), ("and me", "")]
    assert deletions[1].operation_id == deletions[2].operation_id != deletions[0].operation_id


def test_comments_of_an_ended_task_stay_readable_and_no_longer_change(notes: Notes) -> None:
    instance, task = notes.started()
    kept = notes.comment(task, "approved by phone")
    notes.complete(task)
    assert notes.instance(instance).state == notes.instance(instance).STATE_COMPLETED
    assert notes.comments(task) == ["approved by phone"]
    assert notes.get_comment(task, kept.id) == kept
    for call in (lambda: notes.comment(task, "too late"), lambda: notes.update_comment(task, kept.id, "changed"),
                 lambda: notes.delete_comment(task, kept.id), lambda: notes.delete_comments(task)):
        failed = expect_error(call, ENDED, "TASK_ENDED")
        assert failed.info.metadata["delete_reason"] == "completed"
    # A task deleted with its instance: the same.
    instance, task = notes.started()
    notes.comment(task, "before the end")
    notes.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    assert notes.comments(task) == ["before the end"]
    failed = expect_error(lambda: notes.comment(task, "after"), ENDED, "TASK_ENDED")
    assert failed.info.metadata["delete_reason"] == "deleted"


def test_a_suspended_task_takes_comments(notes: Notes) -> None:
    instance, task = notes.started()
    notes.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    written = notes.comment(task, "on hold: waiting for the auditor")
    assert notes.update_comment(task, written.id, "on hold").message == "on hold"
    assert notes.comments(task) == ["on hold"]


def test_comments_of_a_case_s_human_task_and_of_a_called_instance_s_task(api) -> None:  # type: ignore[no-untyped-def]
    cases, notes = Cases(api), Notes(api)
    case = cases.deploy_and_create("case_three_items.cmmn")
    human = cases.case_tasks(case.id)[0]
    written = notes.comment(human.id, "checked the application")
    assert (written.process_instance_id, written.root_process_instance_id) == ("", "")
    assert notes.comments(human.id) == ["checked the application"]
    [entry] = notes.entries(task_id=human.id)
    assert (entry.operation_type, entry.case_instance_id, entry.process_instance_id) == ("AddComment", case.id, "")

    caller, called, task = notes.called()
    written = notes.comment(task, "from the called instance")
    assert (written.process_instance_id, written.root_process_instance_id) == (called, caller)


def test_comments_go_with_their_instance_s_history(server, notes: Notes) -> None:  # type: ignore[no-untyped-def]
    instance, task = notes.started()
    notes.comment(task, "one")
    notes.comment(task, "two")
    other_instance, other = notes.started()
    notes.comment(other, "stays")
    notes.complete(task)
    notes.history.DeleteHistoricProcessInstance(history_pb2.DeleteHistoricProcessInstanceRequest(id=instance))
    expect_error(lambda: notes.comments(task), NOT_FOUND, "TASK_NOT_FOUND")
    assert stored(server, TaskComment, task) == 0
    assert notes.comments(other) == ["stays"] and notes.instance(other_instance).id == other_instance

    # A case's human task's comments go with the case's history.
    cases = Cases(notes.api)
    case = cases.deploy_and_create("case_three_items.cmmn")
    human = cases.case_tasks(case.id)[0]
    notes.comment(human.id, "gone with the case")
    cases.terminate_case(case.id)
    cases.close_case(case.id)
    assert notes.comments(human.id) == ["gone with the case"]
    notes.history.DeleteHistoricCaseInstance(history_pb2.DeleteHistoricCaseInstanceRequest(id=case.id))
    assert stored(server, TaskComment, human.id) == 0

    # ... and a running instance's with its deployment.
    process_key = key("noted_deployment")
    definition = notes.deploy_inline(process_key, waiting(process_key))
    running = notes.start_id(definition)
    [task] = notes.tasks_of(running)
    notes.comment(task.id, "deleted along")
    deployment = notes.definitions.GetProcessDefinition(process_definition_pb2.GetProcessDefinitionRequest(
        id=definition)).process_definition.deployment_id
    notes.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment, cascade=True))
    assert stored(server, TaskComment, task.id) == 0


def test_a_token_reaches_the_comments_of_its_tenants_tasks_only(server, notes: Notes) -> None:  # type: ignore[no-untyped-def]
    tenant = key("tenant_a")
    _, task = notes.started(tenant=tenant)
    written = notes.comment(task, "for tenant a")
    mine = Notes(server.api(server.token(tenants=(tenant,))))
    assert mine.comments(task) == ["for tenant a"]
    assert mine.comment(task, "by a member").user_id
    other = Notes(server.api(server.token(tenants=(key("tenant_b"),))))
    for call in (lambda: other.comment(task, "x"), lambda: other.comments(task),
                 lambda: other.get_comment(task, written.id), lambda: other.update_comment(task, written.id, "x"),
                 lambda: other.delete_comment(task, written.id), lambda: other.delete_comments(task)):
        expect_error(call, NOT_FOUND, "TASK_NOT_FOUND")
    notes.complete(task)  # ended: still only for the tenant
    expect_error(lambda: other.comments(task), NOT_FOUND, "TASK_NOT_FOUND")
    expect_error(lambda: other.comment(task, "x"), NOT_FOUND, "TASK_NOT_FOUND")
    assert len(mine.comments(task)) == 2


def test_the_errors(notes: Notes) -> None:
    _, task = notes.started()
    _, elsewhere = notes.started()
    written = notes.comment(task, "a")
    foreign = notes.comment(elsewhere, "of another task")

    for call in (lambda: notes.comment(task, ""), lambda: notes.update_comment(task, written.id, "")):
        failed = expect_error(call, BAD, "MISSING_REQUIRED_FIELD")
        assert failed.fields == ["message"]
    longest = "\U0001F4DD" * MAX_MESSAGE  # characters, not bytes, count
    for call in (lambda: notes.comment(task, longest + "!"),
                 lambda: notes.update_comment(task, written.id, longest + "!")):
        failed = expect_error(call, BAD, "INVALID_FIELD")
        assert failed.fields == ["message"] and failed.info.metadata["max_length"] == str(MAX_MESSAGE)
        assert f"at most {MAX_MESSAGE} characters (got {MAX_MESSAGE + 1})" in failed.message
    assert notes.comment(task, longest).message == longest
    assert notes.update_comment(task, written.id, longest).message == longest

    for call in (lambda: notes.comment("no-such-task", "a"), lambda: notes.comments("no-such-task"),
                 lambda: notes.get_comment("no-such-task", written.id),
                 lambda: notes.update_comment("no-such-task", written.id, "a"),
                 lambda: notes.delete_comment("no-such-task", written.id), lambda: notes.delete_comments(""),
                 lambda: notes.comments("")):
        failed = expect_error(call, NOT_FOUND, "TASK_NOT_FOUND")
        assert failed.info.metadata["field_name"] == "task_id"
    for call in (lambda: notes.get_comment(task, "no-such-comment"), lambda: notes.get_comment(task, foreign.id),
                 lambda: notes.update_comment(task, foreign.id, "b"), lambda: notes.delete_comment(task, foreign.id),
                 lambda: notes.get_comment(task, "")):
        failed = expect_error(call, NOT_FOUND, "COMMENT_NOT_FOUND")
        assert failed.info.metadata["field_name"] == "comment_id"
    assert notes.comments(elsewhere) == ["of another task"]  # untouched

    failed = expect_error(lambda: notes.comments_page(task, page_size=-1), BAD, "INVALID_FIELD")
    assert failed.fields == ["page_size"]
    notes.comment(elsewhere, "a second")
    token = notes.comments_page(elsewhere, page_size=1).next_page_token
    expect_error(lambda: notes.comments_page(task, page_token=token), BAD, "INVALID_PAGE_TOKEN")
    expect_error(lambda: notes.comments_page(task, page_token="made-up"), BAD, "INVALID_PAGE_TOKEN")


# -- a process instance's comments and attachments --------------------------------------------------


def test_a_process_instance_s_comments_and_attachments_are_its_tasks(server, notes: Notes) -> None:  # type: ignore[no-untyped-def]
    instance, first = notes.started()
    notes.comment(first, "on the first task")
    notes.attach(first, name="first.txt", content=b"1")
    # A second task of the same instance (a new path at Review).
    notes.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=instance, instructions=[pi.ModificationInstruction(
            type=pi.ModificationInstruction.TYPE_START_BEFORE_ACTIVITY, activity_id="Review")]))
    [second] = [t.id for t in notes.tasks_of(instance) if t.id != first]
    server.clock.advance(timedelta(seconds=1))
    notes.comment(second, "on the second task")
    notes.attach(second, name="second.txt", url="https://example.com/2")
    _, _, called_task = notes.called()  # another instance's: not among them
    notes.comment(called_task, "elsewhere")

    def comments(**paging: Any) -> task_pb2.GetProcessInstanceCommentsResponse:
        return notes.tasks.GetProcessInstanceComments(task_pb2.GetProcessInstanceCommentsRequest(
            process_instance_id=instance, **paging))

    def attachments(**paging: Any) -> task_pb2.GetProcessInstanceAttachmentsResponse:
        return notes.tasks.GetProcessInstanceAttachments(task_pb2.GetProcessInstanceAttachmentsRequest(
            process_instance_id=instance, **paging))

    # Newest first, across its tasks; the same comments GetTaskComments lists.
    listed = comments().comments
    assert [(c.message, c.task_id) for c in listed] == [("on the second task", second), ("on the first task", first)]
    assert list(listed) == list(notes.comments_page(second).comments) + list(notes.comments_page(first).comments)
    page = comments(page_size=1)
    assert [c.task_id for c in page.comments] == [second] and page.next_page_token
    rest = comments(page_size=1, page_token=page.next_page_token)
    assert [c.task_id for c in rest.comments] == [first] and rest.next_page_token == ""
    # Attachments as they were added.
    assert [(a.name, a.task_id) for a in attachments().attachments] == [("first.txt", first), ("second.txt", second)]

    # Ended, the instance's history still lists them.
    notes.complete(first)
    notes.complete(second)
    assert [c.message for c in comments().comments] == ["on the second task", "on the first task"]
    assert len(attachments().attachments) == 2
    # A page token is of its instance.
    other_instance, _ = notes.started()
    failed = expect_error(lambda: notes.tasks.GetProcessInstanceComments(task_pb2.GetProcessInstanceCommentsRequest(
        process_instance_id=other_instance, page_size=1, page_token=page.next_page_token)), BAD, "INVALID_PAGE_TOKEN")
    assert failed.fields == ["page_token"]
    assert comments(page_size=0).comments and notes.tasks.GetProcessInstanceComments(
        task_pb2.GetProcessInstanceCommentsRequest(process_instance_id=other_instance)).comments == []


def test_a_process_instance_s_comments_need_the_instance(server, notes: Notes) -> None:  # type: ignore[no-untyped-def]
    tenant = key("tenant_c")
    instance, task = notes.started(tenant=tenant)
    notes.comment(task, "for tenant c")
    other = Notes(server.api(server.token(tenants=(key("tenant_d"),))))
    for who, missing in ((notes, ""), (notes, "no-such-instance"), (other, instance)):
        for call in (lambda: who.tasks.GetProcessInstanceComments(task_pb2.GetProcessInstanceCommentsRequest(
                         process_instance_id=missing)),
                     lambda: who.tasks.GetProcessInstanceAttachments(task_pb2.GetProcessInstanceAttachmentsRequest(
                         process_instance_id=missing))):
            failed = expect_error(call, NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
            assert failed.info.metadata["field_name"] == "process_instance_id"
    failed = expect_error(lambda: notes.tasks.GetProcessInstanceAttachments(
        task_pb2.GetProcessInstanceAttachmentsRequest(process_instance_id=instance, page_size=-1)), BAD, "INVALID_FIELD")
    assert failed.fields == ["page_size"]
    # Gone with the instance's history.
    notes.complete(task)
    notes.history.DeleteHistoricProcessInstance(history_pb2.DeleteHistoricProcessInstanceRequest(id=instance))
    expect_error(lambda: notes.tasks.GetProcessInstanceComments(task_pb2.GetProcessInstanceCommentsRequest(
        process_instance_id=instance)), NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
