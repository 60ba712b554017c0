"""gRPC servicer of user tasks (flowkeeper.engine.v1.TaskService): decode, call the domain,
encode."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import task_pb2, task_pb2_grpc
from server.context import AppContext
from server.engine import (
    comment_mapping,
    form_mapping,
    forms,
    history_report_mapping,
    history_reports,
    instances,
    mapping,
    task_comments,
    tasks,
)
from server.engine.variables import binary_data
from server.identity.service import Caller
from server.paging import OffsetPage
from server.rpc.servicer import Servicer, transactional


def encode_tasks(tx: Session, rows: list) -> list[task_pb2.Task]:  # type: ignore[type-arg]
    """Tasks as the API shows them, with their candidates (read once for all)."""
    found = tasks.candidates(tx, [r.id for r in rows])
    return [mapping.task(r, found[r.id]) for r in rows]


def _completed_variables(tx: Session, row, ended: dict) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The variables a completion returns (with_variables_in_return): its process instance's,
    or a standalone task's own as it ended with them (a case's task: none)."""
    if row.process_instance_id:
        return instances.returned_variables(tx, row.process_instance_id, ended)
    return (ended or {}).get(row.id, {})


class TaskServicer(Servicer, task_pb2_grpc.TaskServiceServicer):
    def _encode(self, tx: Session, rows: list) -> list[task_pb2.Task]:  # type: ignore[type-arg]
        return encode_tasks(tx, rows)

    @transactional(write=False)
    def QueryTasks(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        q = mapping.task_query(request)
        return task_pb2.QueryTasksResponse(tasks=self._encode(tx, tasks.query_tasks(tx, caller, q, offset, limit)))

    @transactional(write=False)
    def CountTasks(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return task_pb2.CountTasksResponse(count=tasks.count(tx, caller, mapping.task_query(request)))

    @transactional(write=False)
    def GetTask(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return task_pb2.GetTaskResponse(task=self._encode(tx, [tasks.get_task(tx, caller, request.id)])[0])

    @transactional(write=True, decode=mapping.new_task)
    def CreateTask(self, new, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = tasks.create(tx, self.app.clock, caller, new)
        return task_pb2.CreateTaskResponse(task=self._encode(tx, [row])[0])

    @transactional(write=True)
    def DeleteTask(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tasks.delete_task(tx, self.app.clock, caller, request.id, cascade=request.cascade,
                          reason=request.delete_reason)
        return task_pb2.DeleteTaskResponse()

    @transactional(write=True)
    def ClaimTask(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = tasks.claim(tx, self.app.clock, caller, request.task_id, request.user_id)
        return task_pb2.ClaimTaskResponse(task=self._encode(tx, [row])[0])

    @transactional(write=True)
    def UnclaimTask(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = tasks.unclaim(tx, self.app.clock, caller, request.task_id)
        return task_pb2.UnclaimTaskResponse(task=self._encode(tx, [row])[0])

    @transactional(write=True)
    def CompleteTask(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        ended: dict = {} if request.with_variables_in_return else None  # type: ignore[type-arg]
        row = tasks.complete(tx, self.app.clock, caller, request.task_id, mapping.variables_in(request.variables),
                             ended)
        return task_pb2.CompleteTaskResponse(variables=mapping.variables_out(
            _completed_variables(tx, row, ended) if request.with_variables_in_return else {}))

    @transactional(write=True)
    def HandleTaskBpmnError(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tasks.handle_bpmn_error(tx, self.app.clock, caller, request.task_id, request.error_code, request.error_message,
                                mapping.variables_in(request.variables))
        return task_pb2.HandleTaskBpmnErrorResponse()

    @transactional(write=False)
    def GetTaskIdentityLinks(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        links = tasks.identity_links(tx, caller, request.task_id, mapping.identity_link_type(request.type, "type"))
        return task_pb2.GetTaskIdentityLinksResponse(identity_links=[mapping.identity_link(link) for link in links])

    @transactional(write=True)
    def AddTaskIdentityLink(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = tasks.add_identity_link(tx, self.app.clock, caller, request.task_id, mapping.identity_link_in(request))
        return task_pb2.AddTaskIdentityLinkResponse(task=self._encode(tx, [row])[0])

    @transactional(write=True)
    def DeleteTaskIdentityLink(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = tasks.delete_identity_link(tx, self.app.clock, caller, request.task_id,
                                         mapping.identity_link_in(request))
        return task_pb2.DeleteTaskIdentityLinkResponse(task=self._encode(tx, [row])[0])

    @transactional(write=True)
    def DelegateTask(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = tasks.delegate(tx, self.app.clock, caller, request.task_id, request.user_id)
        return task_pb2.DelegateTaskResponse(task=self._encode(tx, [row])[0])

    @transactional(write=True)
    def ResolveTask(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = tasks.resolve(tx, self.app.clock, caller, request.task_id, mapping.variables_in(request.variables))
        return task_pb2.ResolveTaskResponse(task=self._encode(tx, [row])[0])

    @transactional(write=True)
    def SetTaskAssignee(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = tasks.set_assignee(tx, self.app.clock, caller, request.task_id, request.user_id)
        return task_pb2.SetTaskAssigneeResponse(task=self._encode(tx, [row])[0])

    @transactional(write=True, decode=mapping.task_update)
    def UpdateTask(self, update, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        task_id, changes = update
        row = tasks.update(tx, self.app.clock, caller, task_id, changes)
        return task_pb2.UpdateTaskResponse(task=self._encode(tx, [row])[0])

    @transactional(write=False)
    def GetTaskVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        values = tasks.variables(tx, self.app.clock, caller, request.task_id, request.local_only)
        return task_pb2.GetTaskVariablesResponse(variables=mapping.variables_out(values))

    @transactional(write=False)
    def GetTaskForm(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        view = forms.task_form(tx, self.app.clock, caller, request.task_id)
        return task_pb2.GetTaskFormResponse(form=form_mapping.form(view))

    @transactional(write=False)
    def GetTaskFormVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        values = forms.task_form_variables(tx, self.app.clock, caller, request.task_id, request.variable_names)
        return task_pb2.GetTaskFormVariablesResponse(variables=mapping.variables_out(values))

    @transactional(write=True)
    def SubmitTaskForm(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        ended: dict = {} if request.with_variables_in_return else None  # type: ignore[type-arg]
        row = forms.submit_task_form(tx, self.app.clock, caller, request.task_id,
                                     mapping.variables_in(request.variables), ended)
        return task_pb2.SubmitTaskFormResponse(variables=mapping.variables_out(
            _completed_variables(tx, row, ended) if request.with_variables_in_return else {}))

    @transactional(write=True)
    def ModifyTaskVariables(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tasks.modify_variables(tx, self.app.clock, caller, request.task_id,
                               mapping.variables_in(request.modifications, "modifications"),
                               list(request.deletions), local=request.local)
        return task_pb2.ModifyTaskVariablesResponse()

    @transactional(write=False)
    def GetTaskVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        value = tasks.variable(tx, self.app.clock, caller, request.task_id, request.name, request.local_only)
        return task_pb2.GetTaskVariableResponse(variable=mapping.typed_value_out(value))

    @transactional(write=True)
    def SetTaskVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tasks.set_variable(tx, self.app.clock, caller, request.task_id, request.name,
                           mapping.variable_in(request.name, request.value), local=request.local)
        return task_pb2.SetTaskVariableResponse()

    @transactional(write=False)
    def GetTaskVariableData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        value = tasks.variable(tx, self.app.clock, caller, request.task_id, request.name, request.local_only)
        data = binary_data(value, "task", request.task_id, request.name)
        return task_pb2.GetTaskVariableDataResponse(**mapping.variable_data_out(data))

    @transactional(write=True)
    def SetTaskVariableData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tasks.set_variable(tx, self.app.clock, caller, request.task_id, request.name,
                           mapping.variable_data_in(request), local=request.local)
        return task_pb2.SetTaskVariableDataResponse()

    @transactional(write=True)
    def DeleteTaskVariable(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tasks.delete_variable(tx, self.app.clock, caller, request.task_id, request.name, local=request.local)
        return task_pb2.DeleteTaskVariableResponse()

    # -- comments and attachments --------------------------------------------------------------

    @transactional(write=True)
    def CreateTaskComment(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = task_comments.create_comment(tx, self.app.clock, caller, request.task_id, request.message)
        return task_pb2.CreateTaskCommentResponse(comment=comment_mapping.comment(row))

    @transactional(write=False)
    def GetTaskComments(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        page = OffsetPage(f"task-comments|{request.task_id}", request)
        rows, token = page.split(task_comments.comments(tx, caller, request.task_id, page.offset, page.limit))
        return task_pb2.GetTaskCommentsResponse(comments=[comment_mapping.comment(r) for r in rows],
                                                next_page_token=token)

    @transactional(write=False)
    def GetTaskComment(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = task_comments.comment(tx, caller, request.task_id, request.comment_id)
        return task_pb2.GetTaskCommentResponse(comment=comment_mapping.comment(row))

    @transactional(write=True)
    def UpdateTaskComment(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = task_comments.update_comment(tx, self.app.clock, caller, request.task_id, request.comment_id,
                                           request.message)
        return task_pb2.UpdateTaskCommentResponse(comment=comment_mapping.comment(row))

    @transactional(write=True)
    def DeleteTaskComment(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        task_comments.delete_comment(tx, self.app.clock, caller, request.task_id, request.comment_id)
        return task_pb2.DeleteTaskCommentResponse()

    @transactional(write=True)
    def DeleteTaskComments(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        gone = task_comments.delete_comments(tx, self.app.clock, caller, request.task_id)
        return task_pb2.DeleteTaskCommentsResponse(deleted_comments=gone)

    @transactional(write=True, decode=lambda request: (request.task_id, comment_mapping.new_attachment(request)))
    def CreateTaskAttachment(self, decoded, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        task_id, new = decoded
        row = task_comments.create_attachment(tx, self.app.clock, caller, task_id, new)
        return task_pb2.CreateTaskAttachmentResponse(attachment=comment_mapping.attachment(row))

    @transactional(write=False)
    def GetTaskAttachments(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        page = OffsetPage(f"task-attachments|{request.task_id}", request)
        rows, token = page.split(task_comments.attachments(tx, caller, request.task_id, page.offset, page.limit))
        return task_pb2.GetTaskAttachmentsResponse(attachments=[comment_mapping.attachment(r) for r in rows],
                                                   next_page_token=token)

    @transactional(write=False)
    def GetProcessInstanceComments(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        page = OffsetPage(f"process-instance-comments|{request.process_instance_id}", request)
        rows, token = page.split(task_comments.instance_comments(tx, caller, request.process_instance_id,
                                                                 page.offset, page.limit))
        return task_pb2.GetProcessInstanceCommentsResponse(comments=[comment_mapping.comment(r) for r in rows],
                                                           next_page_token=token)

    @transactional(write=False)
    def GetProcessInstanceAttachments(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        page = OffsetPage(f"process-instance-attachments|{request.process_instance_id}", request)
        rows, token = page.split(task_comments.instance_attachments(tx, caller, request.process_instance_id,
                                                                    page.offset, page.limit))
        return task_pb2.GetProcessInstanceAttachmentsResponse(
            attachments=[comment_mapping.attachment(r) for r in rows], next_page_token=token)

    @transactional(write=False)
    def GetTaskAttachment(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = task_comments.attachment(tx, caller, request.task_id, request.attachment_id)
        return task_pb2.GetTaskAttachmentResponse(attachment=comment_mapping.attachment(row))

    @transactional(write=False)
    def GetTaskAttachmentData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        content = task_comments.attachment_content(tx, caller, request.task_id, request.attachment_id)
        return task_pb2.GetTaskAttachmentDataResponse(content=content)

    @transactional(write=True)
    def DeleteTaskAttachment(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        task_comments.delete_attachment(tx, self.app.clock, caller, request.task_id, request.attachment_id)
        return task_pb2.DeleteTaskAttachmentResponse()

    @transactional(write=False)
    def QueryTaskCountByCandidateGroup(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return task_pb2.QueryTaskCountByCandidateGroupResponse(results=[
            history_report_mapping.candidate_group_count(group, n)
            for group, n in history_reports.task_count_by_candidate_group(tx, caller)])


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    from server.engine import filter_servicer

    task_pb2_grpc.add_TaskServiceServicer_to_server(TaskServicer(app), server)
    return [task_pb2.DESCRIPTOR.services_by_name["TaskService"].full_name, *filter_servicer.register(server, app)]
