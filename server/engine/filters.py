"""Filters (FilterService): saved task queries, as the document's engine's filter resource keeps
them. A filter holds its task query as the API gives it (the JSON of a QueryTasksRequest,
without its page: the mapping layer reads and writes it) and free properties for clients; it is
run as the caller, so the tasks it finds are those of the caller's tenants, and its
${currentUser()} and ${currentUserGroups()} are the caller and the caller's groups. Filters
belong to no tenant."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Callable, Mapping

import orjson
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from server.engine import executions, tasks
from server.engine.errors import not_found
from server.engine.filter_models import TaskFilter
from server.engine.models import Task
from server.engine.runtime import new_id
from server.errors import check_length, inside, invalid_field, missing_required_field
from server.identity.service import Caller

TASK = "Task"
# The largest `properties` a filter keeps, as JSON text.
MAX_PROPERTIES_BYTES = 65536


@dataclass(frozen=True)
class FilterInput:
    """What CreateFilter and UpdateFilter give: the query decoded (``query``, to check it) and as
    stored (``query_json``, read once it passed)."""

    resource_type: str
    name: str
    owner: str
    query_json: Callable[[], Mapping[str, Any]]
    query: Callable[[], tasks.TaskQuery]
    properties: Mapping[str, Any]


def _checked(caller: Caller, given: FilterInput, path: str) -> None:
    if given.resource_type not in ("", TASK):
        raise invalid_field(f"{path}.resource_type", f"only Task filters exist, got {given.resource_type!r}")
    if not given.name:
        raise missing_required_field(f"{path}.name")
    check_length(f"{path}.name", given.name, TaskFilter.name)
    check_length(f"{path}.owner", given.owner or None, TaskFilter.owner)
    if len(orjson.dumps(dict(given.properties))) > MAX_PROPERTIES_BYTES:
        raise invalid_field(f"{path}.properties", f"at most {MAX_PROPERTIES_BYTES} bytes as JSON")
    check_query(caller, given.query, f"{path}.query")


def check_query(caller: Caller, query: Callable[[], tasks.TaskQuery], path: str) -> None:
    """Refuses now, naming its fields through ``path``, a query QueryTasks would refuse."""
    with inside(path):
        tasks.query_statement(caller, query(), 0, 1)


def create(tx: Session, caller: Caller, given: FilterInput | None) -> TaskFilter:
    """CreateFilter."""
    if given is None:
        raise missing_required_field("filter")
    _checked(caller, given, "filter")
    row = TaskFilter(id=new_id(), resource_type=TASK, name=given.name, owner=given.owner or None,
                     query=dict(given.query_json()), properties=dict(given.properties))
    tx.add(row)
    tx.flush()
    return row


def get(tx: Session, filter_id: str, field_name: str = "id") -> TaskFilter:
    if not filter_id:
        raise missing_required_field(field_name)
    row = tx.get(TaskFilter, filter_id)
    if row is None:
        raise not_found("filter", "FILTER_NOT_FOUND", filter_id, field_name)
    return row


def update(tx: Session, caller: Caller, filter_id: str, given: FilterInput | None) -> TaskFilter:
    """UpdateFilter: name, owner, query and properties replaced."""
    if given is None:
        raise missing_required_field("filter")
    row = get(tx, filter_id, "filter.id")
    _checked(caller, given, "filter")
    row.name, row.owner = given.name, given.owner or None
    row.query, row.properties = dict(given.query_json()), dict(given.properties)
    tx.flush()
    return row


def delete(tx: Session, filter_id: str) -> None:
    tx.delete(get(tx, filter_id))
    tx.flush()


@dataclass(frozen=True)
class FilterQuery:
    filter_id: str = ""
    resource_type: str = ""
    name: str = ""
    name_like: str = ""
    owner: str = ""
    sorting: tuple[tuple[str, str], ...] = ()


SORT_KEYS = {"filterId": TaskFilter.id, "resourceType": TaskFilter.resource_type, "name": TaskFilter.name,
             "owner": TaskFilter.owner}


def _conditions(q: FilterQuery) -> list[ColumnElement[bool]]:
    conds = executions.equalities([(TaskFilter.id, q.filter_id), (TaskFilter.resource_type, q.resource_type),
                                   (TaskFilter.name, q.name), (TaskFilter.owner, q.owner)])
    if q.name_like:
        conds.append(executions.like(TaskFilter.name, q.name_like, "name_like"))
    return conds


def query(tx: Session, q: FilterQuery, offset: int, limit: int) -> list[TaskFilter]:
    order = executions.ordering(q.sorting, SORT_KEYS, TaskFilter.id)
    return list(tx.scalars(select(TaskFilter).where(*_conditions(q)).order_by(*order).offset(offset).limit(limit)))


def count(tx: Session, q: FilterQuery) -> int:
    return int(tx.scalar(select(func.count()).select_from(TaskFilter).where(*_conditions(q))) or 0)


# The expression a filter's text fields may hold for "whoever runs the filter" (the document's
# engine's ${currentUser()}); it stands for the caller's user name when the filter runs.
CURRENT_USER = "${currentUser()}"
# The expression a filter's candidate_groups (of the query or of an or-query) may hold for "the
# groups of whoever runs the filter" (the document's engine's ${currentUserGroups()}).
CURRENT_USER_GROUPS = "${currentUserGroups()}"


def _for_caller(value: Any, user: str) -> Any:
    """``value`` (a query's field, at any depth) with CURRENT_USER replaced by ``user``."""
    if value == CURRENT_USER:
        return user
    if isinstance(value, tasks.TaskQuery):
        return replace(value, **{f.name: _for_caller(getattr(value, f.name), user) for f in fields(value)})
    if isinstance(value, dict):
        return {k: _for_caller(v, user) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_for_caller(v, user) for v in value)
    return value


def _with_groups_of(query: tasks.TaskQuery, user: str) -> tasks.TaskQuery:
    """``query`` with CURRENT_USER_GROUPS in its candidate_groups, and in its or-queries', read
    as the groups of ``user``: the groups the user is a member of when the query runs (none: the
    expression names no group), beside the other groups the list names."""
    if CURRENT_USER_GROUPS in query.candidate_groups:
        query = replace(query, candidate_groups=tuple(g for g in query.candidate_groups if g != CURRENT_USER_GROUPS),
                        candidate_groups_of=user)
    if query.or_queries:
        query = replace(query, or_queries=tuple(_with_groups_of(o, user) for o in query.or_queries))
    return query


def as_caller(caller: Caller, task_query: tasks.TaskQuery) -> tasks.TaskQuery:
    """The filter's query as the caller runs it: ${currentUser()} in any text field (an
    assignee, an owner, a candidate user, an involved user, one of a list) is the caller's user;
    ${currentUserGroups()} in candidate_groups is the caller's groups (GroupService)."""
    return _with_groups_of(_for_caller(task_query, caller.user_name), caller.user_name)


def item_count(tx: Session, caller: Caller, task_query: tasks.TaskQuery) -> int:
    """The tasks a filter's query finds for the caller now."""
    return tasks.count(tx, caller, as_caller(caller, task_query))


def filter_tasks(tx: Session, caller: Caller, task_query: tasks.TaskQuery, offset: int, limit: int) -> list[Task]:
    """ListFilterTasks: a page of the tasks the filter's (extended) query finds for the caller."""
    return tasks.query_tasks(tx, caller, as_caller(caller, task_query), offset, limit)
