"""gRPC servicer of authorizations (flowkeeper.engine.v1.AuthorizationService): decode, call the
domain (server.engine.authorizations), encode; and the authorizations' mapping."""

from __future__ import annotations

from typing import Any, Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import authorization_pb2, authorization_pb2_grpc
from server.context import AppContext
from server.engine import authorizations, mapping
from server.engine.authorization_models import Authorization
from server.errors import Violations, missing_required_field
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional


def authorization_out(row: Authorization) -> authorization_pb2.Authorization:
    return authorization_pb2.Authorization(
        id=row.id, type=row.type, permissions=authorizations.permission_names(row), user_id=row.user_id or "",
        group_id=row.group_id or "", resource_type=row.resource_type, resource_id=row.resource_id,
        resource_name=authorizations.resource_name(row.resource_type))


def authorization_in(request: authorization_pb2.CreateAuthorizationRequest) -> authorizations.AuthorizationInput | None:
    if not request.HasField("authorization"):
        return None
    a = request.authorization
    return authorizations.AuthorizationInput(type=a.type, permissions=tuple(a.permissions), user_id=a.user_id,
                                             group_id=a.group_id, resource_type=a.resource_type,
                                             resource_id=a.resource_id)


def authorization_update(request: authorization_pb2.UpdateAuthorizationRequest) -> tuple[str, dict[str, object]]:
    """(authorization id, {updatable field: new value}) of an UpdateAuthorizationRequest, as
    UpdateGroup reads its update_mask."""
    paths = list(dict.fromkeys(request.update_mask.paths))
    if not paths:
        raise missing_required_field("update_mask", "update_mask must name at least one field: "
                                     + ", ".join(authorizations.UPDATABLE))
    problems = Violations()
    for path in paths:
        if path not in authorizations.UPDATABLE:
            problems.add("update_mask", f"{path!r} is not a field UpdateAuthorization changes; use "
                         + ", ".join(authorizations.UPDATABLE), path=path)
    problems.raise_if_any()
    if not request.authorization.id:
        raise missing_required_field("authorization.id")
    given = request.authorization
    return given.id, {path: tuple(given.permissions) if path == "permissions" else getattr(given, path)
                      for path in paths}


def authorization_query(request: Any) -> authorizations.AuthorizationQuery:
    """QueryAuthorizationsRequest's or CountAuthorizationsRequest's filters (and the query's
    sorting)."""
    return authorizations.AuthorizationQuery(
        id=request.id, type=request.type if request.HasField("type") else None,
        user_id_in=tuple(request.user_id_in), group_id_in=tuple(request.group_id_in),
        resource_type=request.resource_type if request.HasField("resource_type") else None,
        resource_id=request.resource_id, sorting=tuple(mapping.sorting_of(request)))


class AuthorizationServicer(Servicer, authorization_pb2_grpc.AuthorizationServiceServicer):
    @transactional(write=True)
    def CreateAuthorization(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = authorizations.create(tx, self.app.clock, caller, authorization_in(request))
        return authorization_pb2.CreateAuthorizationResponse(authorization=authorization_out(row))

    @transactional(write=False)
    def GetAuthorization(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = authorizations.get(tx, caller, request.id)
        return authorization_pb2.GetAuthorizationResponse(authorization=authorization_out(row))

    @transactional(write=False)
    def QueryAuthorizations(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = authorizations.query(tx, caller, authorization_query(request), offset, limit)
        return authorization_pb2.QueryAuthorizationsResponse(authorizations=[authorization_out(r) for r in rows])

    @transactional(write=False)
    def CountAuthorizations(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return authorization_pb2.CountAuthorizationsResponse(
            count=authorizations.count(tx, caller, authorization_query(request)))

    @transactional(write=True)
    def UpdateAuthorization(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        caller.require_admin("change authorizations")
        authorization_id, changes = authorization_update(request)
        row = authorizations.update(tx, self.app.clock, caller, authorization_id, changes)
        return authorization_pb2.UpdateAuthorizationResponse(authorization=authorization_out(row))

    @transactional(write=True)
    def DeleteAuthorization(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        authorizations.delete_authorization(tx, self.app.clock, caller, request.id)
        return authorization_pb2.DeleteAuthorizationResponse()

    @transactional(write=False)
    def CheckAuthorization(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        result = authorizations.check(
            tx, caller, request.permission_name, request.resource_name,
            request.resource_type if request.HasField("resource_type") else None, request.resource_id,
            request.user_id)
        return authorization_pb2.CheckAuthorizationResponse(
            authorized=result.authorized, permission_name=result.permission_name,
            resource_name=authorizations.resource_name(result.resource_type), resource_id=result.resource_id,
            user_id=result.user_id, resource_type=result.resource_type)


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    authorization_pb2_grpc.add_AuthorizationServiceServicer_to_server(AuthorizationServicer(app), server)
    return [authorization_pb2.DESCRIPTOR.services_by_name["AuthorizationService"].full_name]
