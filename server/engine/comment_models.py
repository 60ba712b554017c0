"""Rows of task comments and task attachments (server.engine.task_comments): notes and files
people leave on a user task of a process or a human task of a case. Like the task history they
outlive the task, and go with its process instance (or case instance) when that one's history
goes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UtcDateTime, sparse_index
from server.engine.models import ID, Long

# A comment's message, an attachment's description and url: at most this many characters (the
# document's engine's columns for them hold as many).
MAX_COMMENT_MESSAGE = 4000
MAX_ATTACHMENT_TEXT = 4000
# An attachment's content: at most this many bytes, so that any client can read it back (a gRPC
# client takes messages of up to 4 MiB unless told otherwise).
MAX_ATTACHMENT_BYTES = 4_000_000


class _OfTask:
    """The columns a comment and an attachment share: ``seq`` (orders a task's rows as they were
    added), the public id, and what they copy from their task — the task, its process instance
    and the topmost instance of its chain of callers (a case's human task has neither, but its
    case instance), its tenant."""

    seq: Mapped[int] = mapped_column(Long, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(ID, unique=True)
    task_id: Mapped[str] = mapped_column(ID)
    process_instance_id: Mapped[str | None] = mapped_column(ID)
    root_process_instance_id: Mapped[str | None] = mapped_column(ID)
    case_instance_id: Mapped[str | None] = mapped_column(ID)
    tenant_id: Mapped[str | None] = mapped_column(String(64))


class TaskComment(_OfTask, Base):
    """A comment on a task: who wrote it (or last changed it), when, and what. ``seq`` orders a
    task's comments as they were written."""

    __tablename__ = "task_comments"
    __table_args__ = (
        Index("ix_task_comments_task", "task_id", "seq"),
        Index("ix_task_comments_instance", "process_instance_id"),
        sparse_index("task_comments", "case_instance_id"),
    )

    user_id: Mapped[str] = mapped_column(String(255))
    time: Mapped[datetime] = mapped_column(UtcDateTime)
    message: Mapped[str] = mapped_column(String(MAX_COMMENT_MESSAGE))


class TaskAttachment(_OfTask, Base):
    """A file on a task: its content kept here, or a link to it (``url``). ``content`` is read
    only when asked for (GetTaskAttachmentData); ``seq`` orders a task's attachments as added."""

    __tablename__ = "task_attachments"
    __table_args__ = (
        Index("ix_task_attachments_task", "task_id", "seq"),
        Index("ix_task_attachments_instance", "process_instance_id"),
        sparse_index("task_attachments", "case_instance_id"),
    )

    name: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(MAX_ATTACHMENT_TEXT))
    # What the content is: a MIME type, or any other indication.
    type: Mapped[str | None] = mapped_column(String(255))
    # Where the content lives, for a link; None when the content is kept here.
    url: Mapped[str | None] = mapped_column(String(MAX_ATTACHMENT_TEXT))
    # The content; None for a link.
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    create_time: Mapped[datetime] = mapped_column(UtcDateTime)
