"""Comments and attachments of user tasks (the document's engine's task comments and task
attachments), of a process's user task, a case's human task or a standalone task alike.

They are history: a running task takes new ones, and changes or removals of its own; once the
task ended (completed, or deleted with its instance or by DeleteTask) they stay readable as they
are, until its process instance's (or case instance's) history goes, which takes them along (the
history cleanup, DeleteHistoric*Instance, a deployment's deletion); a standalone task's go with
its history (DeleteTask with cascade). A token sees them when it sees the
task's tenant. Each change writes its operation log entry (category TaskWorker): AddComment,
UpdateComment, DeleteComment (entity Comment, property comment) and AddAttachment,
DeleteAttachment (entity Attachment, property name)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import deployments
from server.engine.comment_models import (
    MAX_ATTACHMENT_BYTES,
    TaskAttachment,
    TaskComment,
)
from server.engine.errors import not_found, precondition, visible
from server.engine.instances import root_instance_id
from server.engine.models import HistoricTaskInstance, ProcessInstance, Task
from server.engine.tasks import TASK_RECORD_DELETERS, log_operation
from server.errors import Violations, check_length, max_length, missing_required_field, too_long
from server.identity.service import Caller

_COMMENT, _ATTACHMENT = "Comment", "Attachment"
_Row = TypeVar("_Row", TaskComment, TaskAttachment)


# -- the task ------------------------------------------------------------------------------------


def _readable_task(tx: Session, caller: Caller, task_id: str) -> Task | HistoricTaskInstance:
    """The task, running or (as the task history keeps it) ended, if the caller sees its tenant;
    else TASK_NOT_FOUND."""
    row: Task | HistoricTaskInstance | None = tx.get(Task, task_id) if task_id else None
    if row is None and task_id:
        row = tx.get(HistoricTaskInstance, task_id)
    return visible(caller, row, "task", "TASK_NOT_FOUND", task_id, "task_id")


def _running_task(tx: Session, caller: Caller, task_id: str) -> Task:
    """The running task, held for this transaction (a call that completes or deletes it waits, or
    came first: then TASK_ENDED); TASK_NOT_FOUND when the caller sees no such task at all."""
    # FOR KEY SHARE: nothing here changes the task, it must only stay; claims and updates of
    # the task go on meanwhile.
    task = tx.get(Task, task_id, with_for_update={"read": True, "key_share": True},
                  populate_existing=True) if task_id else None
    if task is not None:
        return visible(caller, task, "task", "TASK_NOT_FOUND", task_id, "task_id")
    ended = visible(caller, tx.get(HistoricTaskInstance, task_id) if task_id else None, "task", "TASK_NOT_FOUND",
                    task_id, "task_id")
    raise precondition("TASK_ENDED", f"task {task_id} has ended ({ended.delete_reason or 'deleted'}); its comments "
                       "and attachments can be read, no longer changed", task_id,
                       delete_reason=ended.delete_reason or "")


def _owner(tx: Session, task: Task) -> dict[str, Any]:
    """The columns a comment or attachment copies from its task."""
    return {"task_id": task.id, "process_instance_id": task.process_instance_id,
            "root_process_instance_id": root_instance_id(tx, task.process_instance_id),
            "case_instance_id": task.case_instance_id, "tenant_id": task.tenant_id}


def _of_task(tx: Session, model: type[_Row], task_id: str, row_id: str, *, lock: bool = False) -> _Row:
    """The task's comment or attachment ``row_id`` (an attachment without its content; with
    ``lock``: held for this transaction, as the calls that held it before left it); NOT_FOUND
    (COMMENT_NOT_FOUND, ATTACHMENT_NOT_FOUND) when the task has none of that id."""
    query = select(model).where(model.task_id == task_id, model.id == row_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    found = tx.scalar(query) if row_id else None
    if found is None:
        noun = "comment" if model is TaskComment else "attachment"
        raise not_found(noun, f"{noun.upper()}_NOT_FOUND", row_id, f"{noun}_id")
    return found


# -- comments ------------------------------------------------------------------------------------


def _checked_message(message: str) -> str:
    if not message:
        raise missing_required_field("message")
    check_length("message", message, TaskComment.message)
    return message


def create_comment(tx: Session, clock: Clock, caller: Caller, task_id: str, message: str) -> TaskComment:
    """A new comment by the caller on a running task."""
    message = _checked_message(message)
    task = _running_task(tx, caller, task_id)
    row = TaskComment(id=str(uuid.uuid4()), user_id=caller.user_name, time=clock.now(), message=message,
                      **_owner(tx, task))
    tx.add(row)
    log_operation(tx, clock, caller, "AddComment", task, ("comment", None, message), entity_type=_COMMENT)
    tx.flush()
    return row


def comments(tx: Session, caller: Caller, task_id: str, offset: int, limit: int) -> list[TaskComment]:
    """A page of the task's comments (running or ended), newest first."""
    task = _readable_task(tx, caller, task_id)
    return list(tx.scalars(select(TaskComment).where(TaskComment.task_id == task.id)
                           .order_by(TaskComment.seq.desc()).offset(offset).limit(limit)))


def _of_instance(tx: Session, caller: Caller, model: type[_Row], instance_id: str, order: Any, offset: int,
                 limit: int) -> list[_Row]:
    """A page of the comments or attachments on the tasks of a process instance, running or
    ended (PROCESS_INSTANCE_NOT_FOUND when the caller sees no such instance)."""
    instance = visible(caller, tx.get(ProcessInstance, instance_id) if instance_id else None, "process instance",
                       "PROCESS_INSTANCE_NOT_FOUND", instance_id, "process_instance_id")
    return list(tx.scalars(select(model).where(model.process_instance_id == instance.id)
                           .order_by(order).offset(offset).limit(limit)))


def instance_comments(tx: Session, caller: Caller, instance_id: str, offset: int, limit: int) -> list[TaskComment]:
    """A page of the comments on a process instance's tasks, newest first."""
    return _of_instance(tx, caller, TaskComment, instance_id, TaskComment.seq.desc(), offset, limit)


def instance_attachments(tx: Session, caller: Caller, instance_id: str, offset: int,
                         limit: int) -> list[TaskAttachment]:
    """A page of the attachments of a process instance's tasks, as they were added."""
    return _of_instance(tx, caller, TaskAttachment, instance_id, TaskAttachment.seq, offset, limit)


def comment(tx: Session, caller: Caller, task_id: str, comment_id: str) -> TaskComment:
    task = _readable_task(tx, caller, task_id)
    return _of_task(tx, TaskComment, task.id, comment_id)


def update_comment(tx: Session, clock: Clock, caller: Caller, task_id: str, comment_id: str,
                   message: str) -> TaskComment:
    """The comment's message becomes ``message``, written now by the caller (as the document's
    engine has it: its time and user are those of the change)."""
    message = _checked_message(message)
    task = _running_task(tx, caller, task_id)
    found = _of_task(tx, TaskComment, task.id, comment_id, lock=True)
    log_operation(tx, clock, caller, "UpdateComment", task, ("comment", found.message, message),
                  entity_type=_COMMENT)
    found.message, found.time, found.user_id = message, clock.now(), caller.user_name
    tx.flush()
    return found


def delete_comment(tx: Session, clock: Clock, caller: Caller, task_id: str, comment_id: str) -> None:
    task = _running_task(tx, caller, task_id)
    found = _of_task(tx, TaskComment, task.id, comment_id, lock=True)
    log_operation(tx, clock, caller, "DeleteComment", task, ("comment", found.message, None), entity_type=_COMMENT)
    tx.execute(delete(TaskComment).where(TaskComment.seq == found.seq).execution_options(synchronize_session=False))


def delete_comments(tx: Session, clock: Clock, caller: Caller, task_id: str) -> int:
    """Removes every comment of the task; how many went. One DeleteComment entry per comment,
    under one operation id; none when the task had none."""
    task = _running_task(tx, caller, task_id)
    gone = list(tx.execute(select(TaskComment.seq, TaskComment.message).where(TaskComment.task_id == task.id)
                           .order_by(TaskComment.seq).with_for_update()))
    if gone:
        log_operation(tx, clock, caller, "DeleteComment", task, *(("comment", text, None) for _, text in gone),
                      entity_type=_COMMENT)
        tx.execute(delete(TaskComment).where(TaskComment.seq.in_([seq for seq, _ in gone]))
                   .execution_options(synchronize_session=False))
    return len(gone)


# -- attachments ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewAttachment:
    """What CreateTaskAttachment gives: a link (``url``) or the content itself (``content``,
    None for a link)."""

    name: str = ""
    description: str = ""
    type: str = ""
    url: str = ""
    content: bytes | None = None


def _checked_attachment(new: NewAttachment) -> NewAttachment:
    """``new``, or INVALID_ARGUMENT naming each of its faults."""
    problems = Violations()
    if not new.url and new.content is None:
        problems.add("url", "give a url or content", "MISSING_REQUIRED_FIELD")
    for name, column in (("name", TaskAttachment.name), ("description", TaskAttachment.description),
                         ("type", TaskAttachment.type), ("url", TaskAttachment.url)):
        problem = too_long(getattr(new, name), column)
        if problem is not None:
            problems.add(name, problem, max_length=max_length(column))
    if new.content is not None and len(new.content) > MAX_ATTACHMENT_BYTES:
        problems.add("content", f"at most {MAX_ATTACHMENT_BYTES} bytes (got {len(new.content)})",
                     max_bytes=MAX_ATTACHMENT_BYTES, bytes=len(new.content))
    problems.raise_if_any()
    return new


def create_attachment(tx: Session, clock: Clock, caller: Caller, task_id: str,
                      new: NewAttachment) -> TaskAttachment:
    """A new attachment of a running task: a link, or content kept here."""
    new = _checked_attachment(new)
    task = _running_task(tx, caller, task_id)
    link = new.content is None
    row = TaskAttachment(id=str(uuid.uuid4()), name=new.name or None, description=new.description or None,
                         type=new.type or None, url=new.url if link else None, content=None if link else new.content,
                         create_time=clock.now(), **_owner(tx, task))
    tx.add(row)
    log_operation(tx, clock, caller, "AddAttachment", task, ("name", None, row.name), entity_type=_ATTACHMENT)
    tx.flush()
    return row


def attachments(tx: Session, caller: Caller, task_id: str, offset: int, limit: int) -> list[TaskAttachment]:
    """A page of the task's attachments (running or ended), as they were added."""
    task = _readable_task(tx, caller, task_id)
    return list(tx.scalars(select(TaskAttachment).where(TaskAttachment.task_id == task.id)
                           .order_by(TaskAttachment.seq).offset(offset).limit(limit)))


def attachment(tx: Session, caller: Caller, task_id: str, attachment_id: str) -> TaskAttachment:
    task = _readable_task(tx, caller, task_id)
    return _of_task(tx, TaskAttachment, task.id, attachment_id)


def attachment_content(tx: Session, caller: Caller, task_id: str, attachment_id: str) -> bytes:
    """The content the attachment keeps; ATTACHMENT_HAS_NO_CONTENT for a link."""
    found = attachment(tx, caller, task_id, attachment_id)
    content = tx.scalar(select(TaskAttachment.content).where(TaskAttachment.seq == found.seq))
    if content is None:
        raise precondition("ATTACHMENT_HAS_NO_CONTENT",
                           f"attachment {found.id} is a link to {found.url}; its content is kept there", found.id,
                           url=found.url or "")
    return bytes(content)


def delete_attachment(tx: Session, clock: Clock, caller: Caller, task_id: str, attachment_id: str) -> None:
    task = _running_task(tx, caller, task_id)
    found = _of_task(tx, TaskAttachment, task.id, attachment_id, lock=True)
    log_operation(tx, clock, caller, "DeleteAttachment", task, ("name", found.name, None), entity_type=_ATTACHMENT)
    tx.execute(delete(TaskAttachment).where(TaskAttachment.seq == found.seq)
               .execution_options(synchronize_session=False))


# -- with their instance's history ------------------------------------------------------------------


def _instance_records_deleted(tx: Session, instance_ids: object) -> None:
    """The comments and attachments of ended process instances' tasks (``instance_ids``: a select
    of their ids, or a list), before the instances go."""
    for model in (TaskComment, TaskAttachment):
        tx.execute(delete(model).where(model.process_instance_id.in_(instance_ids))  # type: ignore[arg-type]
                   .execution_options(synchronize_session=False))


def _case_records_deleted(tx: Session, case_ids: list[str]) -> None:
    """The comments and attachments of case instances' human tasks, before the instances go."""
    if case_ids:
        for model in (TaskComment, TaskAttachment):
            tx.execute(delete(model).where(model.case_instance_id.in_(case_ids))
                       .execution_options(synchronize_session=False))


def _task_records_deleted(tx: Session, task_id: str) -> None:
    """The comments and attachments of a standalone task, with its history."""
    for model in (TaskComment, TaskAttachment):
        tx.execute(delete(model).where(model.task_id == task_id).execution_options(synchronize_session=False))


deployments.INSTANCE_RECORD_DELETERS.append(_instance_records_deleted)
deployments.CASE_RECORD_DELETERS.append(_case_records_deleted)
TASK_RECORD_DELETERS.append(_task_records_deleted)
