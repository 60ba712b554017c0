"""gRPC servicer of groups of users (flowkeeper.engine.v1.GroupService): decode, call the
domain (server.engine.groups), encode; and the groups' mapping."""

from __future__ import annotations

from typing import Any, Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import group_pb2, group_pb2_grpc
from server.context import AppContext
from server.engine import groups, mapping
from server.engine.group_models import UserGroup
from server.errors import Violations, missing_required_field
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional


def group_out(row: UserGroup) -> group_pb2.Group:
    return group_pb2.Group(id=row.id, name=row.name or "", type=row.type or "")


def group_in(request: group_pb2.CreateGroupRequest) -> groups.GroupInput | None:
    if not request.HasField("group"):
        return None
    return groups.GroupInput(id=request.group.id, name=request.group.name, type=request.group.type)


def group_update(request: group_pb2.UpdateGroupRequest) -> tuple[str, dict[str, str]]:
    """(group id, {updatable field: new value}) of an UpdateGroupRequest, as UpdateTask reads
    its update_mask."""
    paths = list(dict.fromkeys(request.update_mask.paths))
    if not paths:
        raise missing_required_field("update_mask", "update_mask must name at least one field: "
                                     + ", ".join(groups.UPDATABLE))
    problems = Violations()
    for path in paths:
        if path not in groups.UPDATABLE:
            problems.add("update_mask", f"{path!r} is not a field UpdateGroup changes; use "
                         + ", ".join(groups.UPDATABLE), path=path)
    problems.raise_if_any()
    return request.group.id, {path: getattr(request.group, path) for path in paths}


def group_query(request: Any) -> groups.GroupQuery:
    """QueryGroupsRequest's or CountGroupsRequest's filters (and the query's sorting)."""
    return groups.GroupQuery(id=request.id, id_in=tuple(request.id_in), name=request.name,
                             name_like=request.name_like, type=request.type, member=request.member,
                             member_of_tenant=request.member_of_tenant, sorting=tuple(mapping.sorting_of(request)))


class GroupServicer(Servicer, group_pb2_grpc.GroupServiceServicer):
    @transactional(write=True)
    def CreateGroup(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = groups.create(tx, self.app.clock, caller, group_in(request))
        return group_pb2.CreateGroupResponse(group=group_out(row))

    @transactional(write=False)
    def GetGroup(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return group_pb2.GetGroupResponse(group=group_out(groups.get(tx, request.id)))

    @transactional(write=False)
    def QueryGroups(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = groups.query(tx, caller, group_query(request), offset, limit)
        return group_pb2.QueryGroupsResponse(groups=[group_out(r) for r in rows])

    @transactional(write=False)
    def CountGroups(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return group_pb2.CountGroupsResponse(count=groups.count(tx, caller, group_query(request)))

    @transactional(write=True)
    def UpdateGroup(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        caller.require_admin("change groups")
        group_id, changes = group_update(request)
        row = groups.update(tx, self.app.clock, caller, group_id, changes)
        return group_pb2.UpdateGroupResponse(group=group_out(row))

    @transactional(write=True)
    def DeleteGroup(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        groups.delete_group(tx, self.app.clock, caller, request.id)
        return group_pb2.DeleteGroupResponse()

    @transactional(write=True)
    def AddGroupMember(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        groups.add_member(tx, self.app.clock, caller, request.group_id, request.user_id)
        return group_pb2.AddGroupMemberResponse()

    @transactional(write=True)
    def RemoveGroupMember(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        groups.remove_member(tx, self.app.clock, caller, request.group_id, request.user_id)
        return group_pb2.RemoveGroupMemberResponse()


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    group_pb2_grpc.add_GroupServiceServicer_to_server(GroupServicer(app), server)
    return [group_pb2.DESCRIPTOR.services_by_name["GroupService"].full_name]
