"""TaskService's attachments: CreateTaskAttachment with content (kept, and read back whole by
GetTaskAttachmentData) or with a url (a link, whose data the engine does not have),
GetTaskAttachments (as added, paged, without content) and GetTaskAttachment,
DeleteTaskAttachment; their operation log entries; attachments of a case's human task and of a
called instance's task; kept readable once the task ended, gone with their instance's history;
tenants; the size limits; and the errors of all five."""

from __future__ import annotations

from datetime import timezone

import grpc
import pytest

from flowkeeper.engine.v1 import history_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from server.engine.comment_models import TaskAttachment
from tests.engine.case_support import Cases
from tests.engine.test_task_comments import Notes, stored
from tests.engine.work_support import key
from tests.support import expect_error

NOT_FOUND, BAD, FAILED = grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION
MAX_BYTES = 4_000_000
PDF = b"%PDF-1.7\n\x00\x01\xff binary \x00 content\n%%EOF"


@pytest.fixture
def notes(api) -> Notes:  # type: ignore[no-untyped-def]
    return Notes(api)


def test_an_attachment_s_content_is_kept_and_read_back(server, notes: Notes) -> None:  # type: ignore[no-untyped-def]
    instance, task = notes.started()
    kept = notes.attach(task, name="invoice.pdf", description="March invoice", type="application/pdf", content=PDF)
    assert (kept.name, kept.description, kept.type, kept.url, kept.task_id, kept.process_instance_id,
            kept.root_process_instance_id) == ("invoice.pdf", "March invoice", "application/pdf", "", task, instance,
                                               instance)
    assert kept.create_time.ToDatetime(tzinfo=timezone.utc) == server.clock.now()
    assert notes.data(task, kept.id) == PDF
    assert notes.get_attachment(task, kept.id) == kept
    # No name, description or type is needed; empty content is a file of no bytes.
    empty = notes.attach(task, content=b"")
    assert (empty.name, empty.type, empty.url) == ("", "", "") and notes.data(task, empty.id) == b""
    assert [a.id for a in notes.attachments_page(task).attachments] == [kept.id, empty.id]
    assert notes.of(task_id=task) == [("AddAttachment", "Attachment", "name", "", "invoice.pdf"),
                                      ("AddAttachment", "Attachment", "name", "", "")]
    assert {e.category for e in notes.entries(task_id=task)} == {"TaskWorker"}


def test_a_link_has_no_data_here(notes: Notes) -> None:
    _, task = notes.started()
    link = notes.attach(task, name="contract", type="text/html", url="https://files.example.com/contracts/42")
    assert link.url == "https://files.example.com/contracts/42"
    failed = expect_error(lambda: notes.data(task, link.id), FAILED, "ATTACHMENT_HAS_NO_CONTENT")
    assert failed.info.metadata["url"] == "https://files.example.com/contracts/42"
    assert notes.get_attachment(task, link.id) == link


def test_attachments_are_listed_as_added_a_page_at_a_time(notes: Notes) -> None:
    _, task = notes.started()
    for name in ("a.txt", "b.txt", "c.txt"):
        notes.attach(task, name=name, content=name.encode())
    assert notes.attachments(task) == ["a.txt", "b.txt", "c.txt"]
    page = notes.attachments_page(task, page_size=2)
    assert [a.name for a in page.attachments] == ["a.txt", "b.txt"] and page.next_page_token
    rest = notes.attachments_page(task, page_size=2, page_token=page.next_page_token)
    assert [a.name for a in rest.attachments] == ["c.txt"] and rest.next_page_token == ""


def test_an_attachment_is_deleted_with_its_content(server, notes: Notes) -> None:  # type: ignore[no-untyped-def]
    _, task = notes.started()
    gone = notes.attach(task, name="draft.docx", content=b"draft")
    notes.attach(task, name="final.docx", content=b"final")
    notes.delete_attachment(task, gone.id)
    assert notes.attachments(task) == ["final.docx"] and stored(server, TaskAttachment, task) == 1
    for call in (lambda: notes.get_attachment(task, gone.id), lambda: notes.data(task, gone.id),
                 lambda: notes.delete_attachment(task, gone.id)):
        expect_error(call, NOT_FOUND, "ATTACHMENT_NOT_FOUND")
    assert notes.of(task_id=task, operation_type="DeleteAttachment") == [
        ("DeleteAttachment", "Attachment", "name", "draft.docx", "")]


def test_attachments_of_an_ended_task_stay_readable_and_no_longer_change(notes: Notes) -> None:
    instance, task = notes.started()
    kept = notes.attach(task, name="signed.pdf", content=PDF)
    notes.complete(task)
    assert notes.attachments(task) == ["signed.pdf"]
    assert notes.get_attachment(task, kept.id) == kept and notes.data(task, kept.id) == PDF
    for call in (lambda: notes.attach(task, name="late.pdf", content=b"x"),
                 lambda: notes.delete_attachment(task, kept.id)):
        failed = expect_error(call, FAILED, "TASK_ENDED")
        assert failed.info.metadata["delete_reason"] == "completed"


def test_a_suspended_task_takes_attachments(notes: Notes) -> None:
    instance, task = notes.started()
    notes.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    kept = notes.attach(task, name="hold.txt", content=b"on hold")
    notes.delete_attachment(task, kept.id)
    assert notes.attachments(task) == []


def test_attachments_of_a_case_s_human_task_and_of_a_called_instance_s_task(api) -> None:  # type: ignore[no-untyped-def]
    cases, notes = Cases(api), Notes(api)
    case = cases.deploy_and_create("case_three_items.cmmn")
    human = cases.case_tasks(case.id)[0]
    kept = notes.attach(human.id, name="application.pdf", content=PDF)
    assert (kept.process_instance_id, kept.root_process_instance_id) == ("", "")
    assert notes.data(human.id, kept.id) == PDF
    [entry] = notes.entries(task_id=human.id)
    assert (entry.operation_type, entry.case_instance_id) == ("AddAttachment", case.id)

    caller, called, task = notes.called()
    kept = notes.attach(task, url="https://example.com/called")
    assert (kept.process_instance_id, kept.root_process_instance_id) == (called, caller)


def test_attachments_go_with_their_instance_s_history(server, notes: Notes) -> None:  # type: ignore[no-untyped-def]
    instance, task = notes.started()
    notes.attach(task, name="one", content=PDF)
    notes.attach(task, name="two", url="https://example.com/two")
    notes.comment(task, "and a comment")
    notes.complete(task)
    notes.history.DeleteHistoricProcessInstance(history_pb2.DeleteHistoricProcessInstanceRequest(id=instance))
    expect_error(lambda: notes.attachments(task), NOT_FOUND, "TASK_NOT_FOUND")
    assert stored(server, TaskAttachment, task) == 0

    cases = Cases(notes.api)
    case = cases.deploy_and_create("case_three_items.cmmn")
    human = cases.case_tasks(case.id)[0]
    notes.attach(human.id, name="gone with the case", content=b"x")
    cases.terminate_case(case.id)
    cases.close_case(case.id)
    notes.history.DeleteHistoricCaseInstance(history_pb2.DeleteHistoricCaseInstanceRequest(id=case.id))
    assert stored(server, TaskAttachment, human.id) == 0


def test_a_token_reaches_the_attachments_of_its_tenants_tasks_only(server, notes: Notes) -> None:  # type: ignore[no-untyped-def]
    tenant = key("tenant_a")
    _, task = notes.started(tenant=tenant)
    kept = notes.attach(task, name="for-a.txt", content=b"a")
    mine = Notes(server.api(server.token(tenants=(tenant,))))
    assert mine.data(task, kept.id) == b"a"
    other = Notes(server.api(server.token(tenants=(key("tenant_b"),))))
    for call in (lambda: other.attach(task, content=b"x"), lambda: other.attachments(task),
                 lambda: other.get_attachment(task, kept.id), lambda: other.data(task, kept.id),
                 lambda: other.delete_attachment(task, kept.id)):
        expect_error(call, NOT_FOUND, "TASK_NOT_FOUND")
    assert mine.attachments(task) == ["for-a.txt"]


def test_the_size_limits(notes: Notes) -> None:
    _, task = notes.started()
    largest = bytes(range(256)) * (MAX_BYTES // 256) + b"\x00" * (MAX_BYTES % 256)
    kept = notes.attach(task, name="n" * 255, description="d" * 4000, type="t" * 255, content=largest)
    assert notes.data(task, kept.id) == largest  # within a default client's message size
    assert (len(kept.name), len(kept.description), len(kept.type)) == (255, 4000, 255)
    failed = expect_error(lambda: notes.attach(task, content=largest + b"!"), BAD, "INVALID_FIELD")
    assert failed.fields == ["content"]
    assert (failed.info.metadata["max_bytes"], failed.info.metadata["bytes"]) == (str(MAX_BYTES), str(MAX_BYTES + 1))
    assert notes.attach(task, url="u" * 4000).url == "u" * 4000
    # Every field too long at once: each is a violation; the first one's limit is in metadata.
    failed = expect_error(lambda: notes.attach(task, name="\U0001F4C4" * 256, description="d" * 4001,
                                               type="t" * 256, url="u" * 4001), BAD, "INVALID_FIELD")
    assert failed.fields == ["name", "description", "type", "url"]
    assert failed.info.metadata["field_name"] == "name" and failed.info.metadata["max_length"] == "255"
    assert "at most 255 characters (got 256)" in failed.message
    assert notes.attachments(task) == ["n" * 255, ""]  # nothing more was kept


def test_the_errors(notes: Notes) -> None:
    _, task = notes.started()
    _, elsewhere = notes.started()
    foreign = notes.attach(elsewhere, name="of another task", content=b"x")

    for fields in ({}, {"name": "nameless"}, {"url": ""}):
        failed = expect_error(lambda: notes.attach(task, **fields), BAD, "MISSING_REQUIRED_FIELD")
        assert failed.fields == ["url"]
    failed = expect_error(lambda: notes.attach(task, type="x" * 256), BAD)
    assert failed.fields == ["url", "type"]  # every fault at once

    for call in (lambda: notes.attach("no-such-task", content=b"x"), lambda: notes.attachments("no-such-task"),
                 lambda: notes.get_attachment("no-such-task", foreign.id), lambda: notes.data("", foreign.id),
                 lambda: notes.delete_attachment("no-such-task", foreign.id)):
        failed = expect_error(call, NOT_FOUND, "TASK_NOT_FOUND")
        assert failed.info.metadata["field_name"] == "task_id"
    for call in (lambda: notes.get_attachment(task, "no-such-attachment"), lambda: notes.get_attachment(task, ""),
                 lambda: notes.data(task, foreign.id), lambda: notes.delete_attachment(task, foreign.id)):
        failed = expect_error(call, NOT_FOUND, "ATTACHMENT_NOT_FOUND")
        assert failed.info.metadata["field_name"] == "attachment_id"
    assert notes.attachments(elsewhere) == ["of another task"]  # untouched

    failed = expect_error(lambda: notes.attachments_page(task, page_size=-1), BAD, "INVALID_FIELD")
    assert failed.fields == ["page_size"]
    notes.attach(elsewhere, name="a second", content=b"y")
    token = notes.attachments_page(elsewhere, page_size=1).next_page_token
    expect_error(lambda: notes.attachments_page(task, page_token=token), BAD, "INVALID_PAGE_TOKEN")
