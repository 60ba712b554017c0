"""gRPC servicer of filters (flowkeeper.engine.v1.FilterService): decode, call the domain,
encode; and the filters' mapping (a filter's query is kept as the API's JSON of a
QueryTasksRequest)."""

from __future__ import annotations

from typing import Any, Iterable

import grpc
from google.protobuf import json_format, struct_pb2
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import filter_pb2, filter_pb2_grpc, task_pb2
from server.context import AppContext
from server.engine import filters, mapping, tasks
from server.engine.filter_models import TaskFilter
from server.engine.task_servicer import encode_tasks
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional

# The variable filters and or-queries an extending query adds to a filter's (the others replace).
_ADDED = frozenset({"task_variables", "process_variables", "case_instance_variables", "or_queries"})


def _without_page(query: task_pb2.QueryTasksRequest) -> task_pb2.QueryTasksRequest:
    kept = task_pb2.QueryTasksRequest()
    kept.CopyFrom(query)
    kept.ClearField("page")
    return kept


def filter_in(request: Any) -> filters.FilterInput | None:
    """CreateFilterRequest's or UpdateFilterRequest's filter."""
    if not request.HasField("filter"):
        return None
    given = request.filter
    query = _without_page(given.query)
    return filters.FilterInput(
        resource_type=given.resource_type, name=given.name, owner=given.owner,
        query_json=lambda: json_format.MessageToDict(query, preserving_proto_field_name=True),
        query=lambda: mapping.task_query(query),
        properties=json_format.MessageToDict(given.properties),
    )


def stored_query(row: TaskFilter) -> task_pb2.QueryTasksRequest:
    return json_format.ParseDict(row.query, task_pb2.QueryTasksRequest())


def filter_out(row: TaskFilter, item_count: int | None = None) -> filter_pb2.Filter:
    properties = struct_pb2.Struct()
    properties.update(row.properties)
    out = filter_pb2.Filter(id=row.id, resource_type=row.resource_type, name=row.name, owner=row.owner or "",
                            query=stored_query(row), properties=properties)
    if item_count is not None:
        out.item_count = item_count
    return out


def extended(row: TaskFilter, extending: task_pb2.QueryTasksRequest) -> task_pb2.QueryTasksRequest:
    """The filter's query extended as the document's engine extends it: each field the
    extension sets replaces the filter's, but variable filters and or-queries, which add."""
    query = stored_query(row)
    for field, value in extending.ListFields():
        if field.name == "page":
            continue
        if field.name in _ADDED:
            getattr(query, field.name).extend(value)
        elif field.is_repeated:
            replaced = getattr(query, field.name)
            del replaced[:]
            replaced.extend(value)
        elif field.message_type is not None:
            getattr(query, field.name).CopyFrom(value)
        else:
            setattr(query, field.name, value)
    return query


def filter_query(request: Any) -> filters.FilterQuery:
    return filters.FilterQuery(filter_id=request.filter_id, resource_type=request.resource_type, name=request.name,
                               name_like=request.name_like, owner=request.owner,
                               sorting=tuple(mapping.sorting_of(request)))


class FilterServicer(Servicer, filter_pb2_grpc.FilterServiceServicer):
    def _task_query(self, tx: Session, caller: Caller, request: Any) -> tuple[TaskFilter, tasks.TaskQuery]:
        row = filters.get(tx, request.id)
        if request.HasField("extending_query"):
            filters.check_query(caller, lambda: mapping.task_query(request.extending_query), "extending_query")
        return row, mapping.task_query(extended(row, request.extending_query))

    @transactional(write=True)
    def CreateFilter(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return filter_pb2.CreateFilterResponse(filter=filter_out(filters.create(tx, caller, filter_in(request))))

    @transactional(write=False)
    def GetFilter(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = filters.get(tx, request.id)
        count = filters.item_count(tx, caller, mapping.task_query(stored_query(row))) if request.item_count else None
        return filter_pb2.GetFilterResponse(filter=filter_out(row, count))

    @transactional(write=False)
    def QueryFilters(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = filters.query(tx, filter_query(request), offset, limit)
        return filter_pb2.QueryFiltersResponse(filters=[
            filter_out(r, filters.item_count(tx, caller, mapping.task_query(stored_query(r)))
                       if request.item_count else None) for r in rows])

    @transactional(write=False)
    def CountFilters(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return filter_pb2.CountFiltersResponse(count=filters.count(tx, filter_query(request)))

    @transactional(write=True)
    def UpdateFilter(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = filters.update(tx, caller, request.filter.id, filter_in(request))
        return filter_pb2.UpdateFilterResponse(filter=filter_out(row))

    @transactional(write=True)
    def DeleteFilter(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        filters.delete(tx, request.id)
        return filter_pb2.DeleteFilterResponse()

    @transactional(write=False)
    def ListFilterTasks(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        _, q = self._task_query(tx, caller, request)
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        return filter_pb2.ListFilterTasksResponse(tasks=encode_tasks(tx, filters.filter_tasks(tx, caller, q, offset, limit)))

    @transactional(write=False)
    def CountFilterTasks(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        _, q = self._task_query(tx, caller, request)
        return filter_pb2.CountFilterTasksResponse(count=filters.item_count(tx, caller, q))


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    filter_pb2_grpc.add_FilterServiceServicer_to_server(FilterServicer(app), server)
    return [filter_pb2.DESCRIPTOR.services_by_name["FilterService"].full_name]
