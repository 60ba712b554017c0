"""UserService.ListUsers by membership: member_of_group (GroupService) and member_of_tenant
(TenantService: the tenant's own members, not its groups'), paged as every list is, and a
tenant the token does not have."""

from __future__ import annotations

import uuid

import grpc

from flowkeeper.engine.v1 import group_pb2, group_pb2_grpc, tenant_pb2, tenant_pb2_grpc
from flowkeeper.ops.v1 import user_pb2
from tests.ops.desk import Desk
from tests.support import expect_error


def _id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def _listed(desk: Desk, page_size: int = 0, **filters: str) -> list[str]:
    """The display names ListUsers answers, page after page."""
    names, token = [], ""
    while True:
        page = desk.users.ListUsers(user_pb2.ListUsersRequest(page_size=page_size, page_token=token, **filters))
        assert page_size == 0 or len(page.users) <= page_size
        names.extend(u.display_name for u in page.users)
        token = page.next_page_token
        if not token:
            return names


def test_users_of_a_group_and_of_a_tenant(desk: Desk) -> None:
    groups = desk.api.stub(group_pb2_grpc.GroupServiceStub)
    tenants = desk.api.stub(tenant_pb2_grpc.TenantServiceStub)
    ann, bob, cid, dan = (desk.user().display_name for _ in range(4))
    team, acme = _id("team"), _id("acme")
    groups.CreateGroup(group_pb2.CreateGroupRequest(group=group_pb2.Group(id=team)))
    for member in (ann, bob):
        groups.AddGroupMember(group_pb2.AddGroupMemberRequest(group_id=team, user_id=member))
    tenants.CreateTenant(tenant_pb2.CreateTenantRequest(tenant=tenant_pb2.Tenant(id=acme)))
    for member in (bob, cid):
        tenants.CreateTenantUserMembership(tenant_pb2.CreateTenantUserMembershipRequest(tenant_id=acme, user_id=member))
    tenants.CreateTenantGroupMembership(tenant_pb2.CreateTenantGroupMembershipRequest(tenant_id=acme, group_id=team))

    # In creation order, a page at a time: each page keeps to the filters.
    assert _listed(desk, member_of_group=team) == [ann, bob]
    assert _listed(desk, 1, member_of_group=team) == [ann, bob]
    # The tenant's own members: ann is acme's through the group only.
    assert _listed(desk, member_of_tenant=acme) == [bob, cid]
    assert _listed(desk, 1, member_of_tenant=acme) == [bob, cid]
    assert _listed(desk, member_of_group=team, member_of_tenant=acme) == [bob]
    assert _listed(desk, member_of_group=_id("unmade")) == [] and _listed(desk, member_of_tenant=_id("unmade")) == []
    assert dan in _listed(desk, 200)  # without filters: every user

    # A token that does not have the tenant learns nothing of its members; one that has it does.
    outsider = desk.as_user()
    assert _listed(outsider, member_of_tenant=acme) == []
    assert _listed(outsider, member_of_group=team) == [ann, bob]  # groups belong to no tenant
    assert _listed(desk.as_user(bob), member_of_tenant=acme) == [bob, cid]  # a member
    assert _listed(Desk(desk.server, desk.server.api(desk.server.token(tenants=(acme,)))),
                   member_of_tenant=acme) == [bob, cid]

    # Memberships that end take the user out of the list.
    groups.RemoveGroupMember(group_pb2.RemoveGroupMemberRequest(group_id=team, user_id=ann))
    tenants.DeleteTenantUserMembership(tenant_pb2.DeleteTenantUserMembershipRequest(tenant_id=acme, user_id=cid))
    assert _listed(desk, member_of_group=team) == [bob] and _listed(desk, member_of_tenant=acme) == [bob]
    groups.DeleteGroup(group_pb2.DeleteGroupRequest(id=team))
    tenants.DeleteTenant(tenant_pb2.DeleteTenantRequest(id=acme))
    assert _listed(desk, member_of_group=team) == [] and _listed(desk, member_of_tenant=acme) == []


def test_the_filters_keep_the_lists_refusals(desk: Desk) -> None:
    got = expect_error(lambda: desk.users.ListUsers(user_pb2.ListUsersRequest(page_size=-1, member_of_group="g")),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert got.fields == ["page_size"]
    got = expect_error(lambda: desk.users.ListUsers(user_pb2.ListUsersRequest(page_token="bogus", member_of_tenant="t")),
                       grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")
    assert got.fields == ["page_token"]
