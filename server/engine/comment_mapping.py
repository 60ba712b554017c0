"""Task comments and attachments: rows to TaskService's messages, and a CreateTaskAttachment
request to what the domain takes."""

from __future__ import annotations

from flowkeeper.engine.v1 import task_pb2
from server.engine.comment_models import TaskAttachment, TaskComment
from server.engine.task_comments import NewAttachment
from server.rpc.timestamps import timestamp_of


def comment(row: TaskComment) -> task_pb2.TaskComment:
    return task_pb2.TaskComment(
        id=row.id, user_id=row.user_id, task_id=row.task_id, process_instance_id=row.process_instance_id or "",
        time=timestamp_of(row.time), message=row.message,
        root_process_instance_id=row.root_process_instance_id or "")


def attachment(row: TaskAttachment) -> task_pb2.TaskAttachment:
    return task_pb2.TaskAttachment(
        id=row.id, name=row.name or "", description=row.description or "", type=row.type or "", url=row.url or "",
        task_id=row.task_id, process_instance_id=row.process_instance_id or "",
        create_time=timestamp_of(row.create_time), root_process_instance_id=row.root_process_instance_id or "")


def new_attachment(request: task_pb2.CreateTaskAttachmentRequest) -> NewAttachment:
    """The request's attachment: ``content`` None unless the request carries content (empty
    content is a file of no bytes)."""
    carried = request.WhichOneof("data")
    return NewAttachment(name=request.name, description=request.description, type=request.type,
                         url=request.url if carried == "url" else "",
                         content=request.content if carried == "content" else None)
