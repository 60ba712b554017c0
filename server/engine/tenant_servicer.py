"""gRPC servicer of tenants (flowkeeper.engine.v1.TenantService): decode, call the domain
(server.engine.tenants), encode; and the tenants' mapping."""

from __future__ import annotations

from typing import Any, Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import tenant_pb2, tenant_pb2_grpc
from server.context import AppContext
from server.engine import mapping, tenants
from server.engine.tenant_models import Tenant
from server.errors import Violations, missing_required_field
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional


def tenant_out(row: Tenant) -> tenant_pb2.Tenant:
    return tenant_pb2.Tenant(id=row.id, name=row.name or "")


def tenant_in(request: tenant_pb2.CreateTenantRequest) -> tenants.TenantInput | None:
    if not request.HasField("tenant"):
        return None
    return tenants.TenantInput(id=request.tenant.id, name=request.tenant.name)


def tenant_update(request: tenant_pb2.UpdateTenantRequest) -> tuple[str, dict[str, str]]:
    """(tenant id, {updatable field: new value}) of an UpdateTenantRequest, as UpdateGroup reads
    its update_mask."""
    paths = list(dict.fromkeys(request.update_mask.paths))
    if not paths:
        raise missing_required_field("update_mask", "update_mask must name at least one field: "
                                     + ", ".join(tenants.UPDATABLE))
    problems = Violations()
    for path in paths:
        if path not in tenants.UPDATABLE:
            problems.add("update_mask", f"{path!r} is not a field UpdateTenant changes; use "
                         + ", ".join(tenants.UPDATABLE), path=path)
    problems.raise_if_any()
    return request.tenant.id, {path: getattr(request.tenant, path) for path in paths}


def tenant_query(request: Any) -> tenants.TenantQuery:
    """QueryTenantsRequest's or CountTenantsRequest's filters (and the query's sorting)."""
    return tenants.TenantQuery(id=request.id, id_in=tuple(request.id_in), name=request.name,
                               name_like=request.name_like, user_member=request.user_member,
                               group_member=request.group_member,
                               including_groups_of_user=request.including_groups_of_user,
                               sorting=tuple(mapping.sorting_of(request)))


class TenantServicer(Servicer, tenant_pb2_grpc.TenantServiceServicer):
    @transactional(write=True)
    def CreateTenant(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        row = tenants.create(tx, self.app.clock, caller, tenant_in(request))
        return tenant_pb2.CreateTenantResponse(tenant=tenant_out(row))

    @transactional(write=False)
    def GetTenant(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return tenant_pb2.GetTenantResponse(tenant=tenant_out(tenants.get(tx, caller, request.id)))

    @transactional(write=False)
    def QueryTenants(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = mapping.page_window(request.page, self.app.config.max_page_size)
        rows = tenants.query(tx, caller, tenant_query(request), offset, limit)
        return tenant_pb2.QueryTenantsResponse(tenants=[tenant_out(r) for r in rows])

    @transactional(write=False)
    def CountTenants(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return tenant_pb2.CountTenantsResponse(count=tenants.count(tx, caller, tenant_query(request)))

    @transactional(write=True)
    def UpdateTenant(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        caller.require_admin("change tenants")
        tenant_id, changes = tenant_update(request)
        row = tenants.update(tx, self.app.clock, caller, tenant_id, changes)
        return tenant_pb2.UpdateTenantResponse(tenant=tenant_out(row))

    @transactional(write=True)
    def DeleteTenant(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tenants.delete_tenant(tx, self.app.clock, caller, request.id)
        return tenant_pb2.DeleteTenantResponse()

    @transactional(write=True)
    def CreateTenantUserMembership(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tenants.add_user(tx, self.app.clock, caller, request.tenant_id, request.user_id)
        return tenant_pb2.CreateTenantUserMembershipResponse()

    @transactional(write=True)
    def DeleteTenantUserMembership(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tenants.remove_user(tx, self.app.clock, caller, request.tenant_id, request.user_id)
        return tenant_pb2.DeleteTenantUserMembershipResponse()

    @transactional(write=True)
    def CreateTenantGroupMembership(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tenants.add_group(tx, self.app.clock, caller, request.tenant_id, request.group_id)
        return tenant_pb2.CreateTenantGroupMembershipResponse()

    @transactional(write=True)
    def DeleteTenantGroupMembership(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        tenants.remove_group(tx, self.app.clock, caller, request.tenant_id, request.group_id)
        return tenant_pb2.DeleteTenantGroupMembershipResponse()


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    tenant_pb2_grpc.add_TenantServiceServicer_to_server(TenantServicer(app), server)
    return [tenant_pb2.DESCRIPTOR.services_by_name["TenantService"].full_name]
