"""TenantService: tenants — create, get, query and count, update, delete, user and group
memberships — with their refusals and operation log entries; what memberships mean for a token
(its tenants: its own, its user's memberships, its user's groups'); GroupService's
member_of_tenant and what DeleteGroup does to a group's tenant memberships."""

from __future__ import annotations

import uuid
from collections import Counter

import grpc
import pytest
from google.protobuf import field_mask_pb2

from flowkeeper.engine.v1 import deployment_pb2, group_pb2, group_pb2_grpc, history_pb2, history_pb2_grpc
from flowkeeper.engine.v1 import tenant_pb2 as tp
from flowkeeper.engine.v1 import tenant_pb2_grpc
from server.identity.service import Authenticator
from tests.engine.resources.modeler import render
from tests.engine.support import Engine
from tests.support import expect_error, race, race_each, status_of, unique


def tid(prefix: str = "t") -> str:
    """A unique tenant (or group) id: letters and digits only."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


class Tenants(Engine):
    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.tenants = api.stub(tenant_pb2_grpc.TenantServiceStub)
        self.groups = api.stub(group_pb2_grpc.GroupServiceStub)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def create(self, tenant_id: str, name: str = "") -> tp.Tenant:
        return self.tenants.CreateTenant(tp.CreateTenantRequest(tenant=tp.Tenant(id=tenant_id, name=name))).tenant

    def get(self, tenant_id: str) -> tp.Tenant:
        return self.tenants.GetTenant(tp.GetTenantRequest(id=tenant_id)).tenant

    def delete(self, tenant_id: str) -> None:
        self.tenants.DeleteTenant(tp.DeleteTenantRequest(id=tenant_id))

    def add_user(self, tenant_id: str, user: str) -> None:
        self.tenants.CreateTenantUserMembership(tp.CreateTenantUserMembershipRequest(tenant_id=tenant_id, user_id=user))

    def remove_user(self, tenant_id: str, user: str) -> None:
        self.tenants.DeleteTenantUserMembership(tp.DeleteTenantUserMembershipRequest(tenant_id=tenant_id, user_id=user))

    def add_group(self, tenant_id: str, group_id: str) -> None:
        self.tenants.CreateTenantGroupMembership(tp.CreateTenantGroupMembershipRequest(
            tenant_id=tenant_id, group_id=group_id))

    def remove_group(self, tenant_id: str, group_id: str) -> None:
        self.tenants.DeleteTenantGroupMembership(tp.DeleteTenantGroupMembershipRequest(
            tenant_id=tenant_id, group_id=group_id))

    def group(self, group_id: str, *members: str) -> None:
        self.groups.CreateGroup(group_pb2.CreateGroupRequest(group=group_pb2.Group(id=group_id)))
        for member in members:
            self.groups.AddGroupMember(group_pb2.AddGroupMemberRequest(group_id=group_id, user_id=member))

    def found(self, **fields: object) -> list[str]:
        """The ids QueryTenants answers; CountTenants counts as many."""
        ids = [t.id for t in self.tenants.QueryTenants(tp.QueryTenantsRequest(**fields)).tenants]
        counted = self.tenants.CountTenants(tp.CountTenantsRequest(
            **{k: v for k, v in fields.items() if k not in ("sorting", "page")})).count
        if "page" not in fields:
            assert counted == len(ids), fields
        return ids

    def found_groups(self, **fields: object) -> list[str]:
        """The ids QueryGroups answers; CountGroups counts as many."""
        ids = [g.id for g in self.groups.QueryGroups(group_pb2.QueryGroupsRequest(**fields)).groups]
        assert self.groups.CountGroups(group_pb2.CountGroupsRequest(**fields)).count == len(ids), fields
        return ids

    def operations(self, entity_type: str) -> list[history_pb2.UserOperation]:
        """Every operation log entry of category Admin of this entity type, oldest first."""
        found: list[history_pb2.UserOperation] = []
        while True:
            page = self.history.QueryUserOperations(history_pb2.QueryUserOperationsRequest(
                entity_type=entity_type, category="Admin", page={"first_result": len(found)})).user_operations
            if not page:
                return found
            found.extend(page)


@pytest.fixture
def world(api) -> Tenants:  # type: ignore[no-untyped-def]
    return Tenants(api)


def _user(server) -> str:  # type: ignore[no-untyped-def]
    """A new user of the directory (with a token), by display_name."""
    name = unique("user")
    server.token(name)
    return name


# -- the service --------------------------------------------------------------------------------


def test_create_get_update_and_delete_a_tenant(world: Tenants) -> None:
    tenant_id = tid("Acme")
    created = world.create(tenant_id, name="Acme Corp")
    assert (created.id, created.name) == (tenant_id, "Acme Corp")
    assert world.get(tenant_id) == created

    renamed = world.tenants.UpdateTenant(tp.UpdateTenantRequest(
        tenant=tp.Tenant(id=tenant_id, name="Acme Inc"), update_mask=field_mask_pb2.FieldMask(paths=["name"]))).tenant
    assert renamed == tp.Tenant(id=tenant_id, name="Acme Inc")
    cleared = world.tenants.UpdateTenant(tp.UpdateTenantRequest(
        tenant=tp.Tenant(id=tenant_id), update_mask=field_mask_pb2.FieldMask(paths=["name"]))).tenant
    assert cleared == tp.Tenant(id=tenant_id) and world.get(tenant_id) == cleared

    world.delete(tenant_id)
    expect_error(lambda: world.get(tenant_id), grpc.StatusCode.NOT_FOUND, "TENANT_NOT_FOUND")
    assert world.create(tenant_id).id == tenant_id  # the id is free again


def test_query_and_count_tenants(world: Tenants, server) -> None:  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    a, b, c = tid("a"), tid("b"), tid("c")
    world.create(a, name=f"{tag} Alpha")
    world.create(b, name=f"{tag} Beta")
    world.create(c, name=f"{tag} Gamma")
    ann, bob = _user(server), _user(server)
    sales, ops = tid("sales"), tid("ops")
    world.group(sales, ann)
    world.group(ops)
    world.add_user(a, ann)
    world.add_group(b, sales)
    world.add_user(c, bob)
    world.add_group(c, ops)
    mine = [a, b, c]

    assert world.found(id_in=mine) == sorted(mine)  # by id without sorting
    assert world.found(id=b) == [b] and world.found(id=b, id_in=[a]) == []
    assert world.found(name=f"{tag} Beta") == [b]
    assert world.found(name_like=f"{tag} %a", sorting=[{"sort_by": "name", "sort_order": "desc"}]) == [c, b, a]
    assert world.found(name_like=f"{tag} alpha") == []  # case-sensitive
    assert world.found(user_member=ann) == [a]
    assert world.found(user_member=ann, including_groups_of_user=True) == sorted([a, b])
    assert world.found(user_member=bob) == [c] and world.found(user_member=bob, including_groups_of_user=True) == [c]
    assert world.found(user_member=unique("nobody"), including_groups_of_user=True) == []
    assert world.found(group_member=sales) == [b] and world.found(group_member=ops) == [c]
    assert world.found(group_member=tid("unmade")) == []
    assert world.found(user_member=ann, including_groups_of_user=True, name=f"{tag} Beta") == [b]
    assert world.found(id_in=mine, sorting=[{"sort_by": "id", "sort_order": "desc"}]) == sorted(mine, reverse=True)
    assert world.found(id_in=mine, sorting=[{"sort_by": "name", "sort_order": "asc"}]) == [a, b, c]
    assert world.found(id_in=mine, page={"first_result": 1, "max_results": 1}) == [sorted(mine)[1]]
    assert world.tenants.CountTenants(tp.CountTenantsRequest(
        id_in=mine, user_member=ann, including_groups_of_user=True)).count == 2
    # A tenant without a name sorts first ascending, last descending.
    nameless = tid("n")
    world.create(nameless)
    assert world.found(id_in=[a, nameless], sorting=[{"sort_by": "name", "sort_order": "asc"}]) == [nameless, a]
    assert world.found(id_in=[a, nameless], sorting=[{"sort_by": "name", "sort_order": "desc"}]) == [a, nameless]


def test_memberships_come_and_go(world: Tenants, server) -> None:  # type: ignore[no-untyped-def]
    tenant_id, ann, bob = tid(), _user(server), _user(server)
    team = tid("team")
    world.create(tenant_id)
    world.group(team, bob)
    world.add_user(tenant_id, ann)
    world.add_group(tenant_id, team)
    assert world.found(user_member=ann) == [tenant_id] and world.found(group_member=team) == [tenant_id]
    assert world.found(user_member=bob, including_groups_of_user=True) == [tenant_id]
    world.remove_user(tenant_id, ann)
    world.remove_group(tenant_id, team)
    assert world.found(user_member=ann) == [] and world.found(group_member=team) == []
    world.remove_user(tenant_id, ann)  # no member: nothing to do
    world.remove_group(tenant_id, team)
    # Deleting the tenant ends its memberships; a tenant made again with its id has none.
    world.add_user(tenant_id, ann)
    world.add_group(tenant_id, team)
    world.delete(tenant_id)
    assert world.found(user_member=ann) == [] and world.found(group_member=team) == []
    world.create(tenant_id)
    assert world.found(user_member=ann) == [] and world.found(group_member=team) == []
    assert world.found(user_member=bob, including_groups_of_user=True) == []


def test_tenant_changes_are_in_the_operation_log(world: Tenants, server) -> None:  # type: ignore[no-untyped-def]
    tenant_id, ann, team = tid(), _user(server), tid("team")
    world.group(team)
    world.create(tenant_id, name="n")
    world.tenants.UpdateTenant(tp.UpdateTenantRequest(tenant=tp.Tenant(id=tenant_id, name="m"),
                                                      update_mask=field_mask_pb2.FieldMask(paths=["name"])))
    world.add_user(tenant_id, ann)
    world.add_group(tenant_id, team)
    world.remove_user(tenant_id, ann)
    world.remove_user(tenant_id, ann)  # no member: no entry
    world.remove_group(tenant_id, team)
    world.remove_group(tenant_id, team)
    world.delete(tenant_id)

    tenants = [(o.operation_type, o.property, o.org_value, o.new_value, o.user_id, o.tenant_id, o.category)
               for o in world.operations("Tenant") if o.new_value == tenant_id]
    assert tenants == [(op, "tenantId", "", tenant_id, "admin", tenant_id, "Admin")
                       for op in ("Create", "Update", "Delete")]
    memberships: dict[str, list[tuple[str, str, str]]] = {}
    for o in world.operations("TenantMembership"):
        if o.tenant_id == tenant_id:
            memberships.setdefault(o.operation_id, []).append((o.operation_type, o.property, o.new_value))
    assert list(memberships.values()) == [
        [("Create", "userId", ann), ("Create", "tenantId", tenant_id)],
        [("Create", "groupId", team), ("Create", "tenantId", tenant_id)],
        [("Delete", "userId", ann), ("Delete", "tenantId", tenant_id)],
        [("Delete", "groupId", team), ("Delete", "tenantId", tenant_id)]]
    # Each entry carries the tenant: a token that has the tenant reads them, another does not.
    member = Tenants(server.api(server.token(ann, tenants=(tenant_id,))))
    assert {o.operation_id for o in member.operations("Tenant") if o.tenant_id == tenant_id} == {
        o.operation_id for o in world.operations("Tenant") if o.tenant_id == tenant_id}
    outsider = Tenants(server.api(server.token(unique("plain"))))
    assert not [o for o in outsider.operations("Tenant") + outsider.operations("TenantMembership")
                if o.tenant_id == tenant_id or o.new_value == tenant_id]


def test_refusals_name_the_field(world: Tenants, server) -> None:  # type: ignore[no-untyped-def]
    tenant_id, ann, team = tid(), _user(server), tid("team")
    world.create(tenant_id)
    world.group(team)

    def create(**fields: object):  # type: ignore[no-untyped-def]
        return lambda: world.tenants.CreateTenant(tp.CreateTenantRequest(tenant=tp.Tenant(**fields)))

    def update(paths: list[str], **fields: object):  # type: ignore[no-untyped-def]
        return lambda: world.tenants.UpdateTenant(tp.UpdateTenantRequest(
            tenant=tp.Tenant(**fields), update_mask=field_mask_pb2.FieldMask(paths=paths)))

    for call, reason, field_name in (
        (lambda: world.tenants.CreateTenant(tp.CreateTenantRequest()), "MISSING_REQUIRED_FIELD", "tenant"),
        (create(name="no id"), "MISSING_REQUIRED_FIELD", "tenant.id"),
        (create(id="acme-corp"), "INVALID_FIELD", "tenant.id"),
        (create(id="ümlaut"), "INVALID_FIELD", "tenant.id"),
        (create(id="a b"), "INVALID_FIELD", "tenant.id"),
        (create(id="t" * 65), "INVALID_FIELD", "tenant.id"),
        (create(id=tid(), name="n" * 256), "INVALID_FIELD", "tenant.name"),
        (lambda: world.tenants.GetTenant(tp.GetTenantRequest()), "MISSING_REQUIRED_FIELD", "id"),
        (lambda: world.tenants.DeleteTenant(tp.DeleteTenantRequest()), "MISSING_REQUIRED_FIELD", "id"),
        (update([], id=tenant_id, name="x"), "MISSING_REQUIRED_FIELD", "update_mask"),
        (update(["name", "id"], id=tenant_id), "INVALID_FIELD", "update_mask"),
        (update(["name"]), "MISSING_REQUIRED_FIELD", "tenant.id"),
        (update(["name"], id=tenant_id, name="n" * 256), "INVALID_FIELD", "tenant.name"),
        (lambda: world.add_user("", ann), "MISSING_REQUIRED_FIELD", "tenant_id"),
        (lambda: world.add_user(tenant_id, ""), "MISSING_REQUIRED_FIELD", "user_id"),
        (lambda: world.remove_user(tenant_id, ""), "MISSING_REQUIRED_FIELD", "user_id"),
        (lambda: world.add_group("", team), "MISSING_REQUIRED_FIELD", "tenant_id"),
        (lambda: world.add_group(tenant_id, ""), "MISSING_REQUIRED_FIELD", "group_id"),
        (lambda: world.remove_group("", team), "MISSING_REQUIRED_FIELD", "tenant_id"),
        (lambda: world.tenants.QueryTenants(tp.QueryTenantsRequest(sorting=[{"sort_by": "type", "sort_order": "asc"}])),
         "INVALID_SORTING", "sorting[0].sort_by"),
        (lambda: world.tenants.QueryTenants(tp.QueryTenantsRequest(sorting=[{"sort_by": "name"}])),
         "INVALID_SORTING", "sorting[0].sort_order"),
        (lambda: world.tenants.QueryTenants(tp.QueryTenantsRequest(sorting=[{"sort_order": "asc"}])),
         "INVALID_SORTING", "sorting[0].sort_by"),
        (lambda: world.tenants.QueryTenants(tp.QueryTenantsRequest(page={"first_result": -1})), "INVALID_FIELD",
         "first_result"),
        (lambda: world.tenants.QueryTenants(tp.QueryTenantsRequest(page={"max_results": -1})), "INVALID_FIELD",
         "max_results"),
        (lambda: world.tenants.QueryTenants(tp.QueryTenantsRequest(name_like="x\\")), "INVALID_FIELD", "name_like"),
        (lambda: world.tenants.CountTenants(tp.CountTenantsRequest(name_like="x\\")), "INVALID_FIELD", "name_like"),
        (lambda: world.tenants.QueryTenants(tp.QueryTenantsRequest(including_groups_of_user=True)), "INVALID_FIELD",
         "including_groups_of_user"),
        (lambda: world.tenants.CountTenants(tp.CountTenantsRequest(including_groups_of_user=True, group_member=team)),
         "INVALID_FIELD", "including_groups_of_user"),
    ):
        failure = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert failure.fields == [field_name], (reason, field_name, failure.fields)
    invalid = expect_error(create(id="acme-corp"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert invalid.info.metadata["pattern"] == "[a-zA-Z0-9]+"
    too_long = expect_error(create(id="t" * 65), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert too_long.info.metadata["max_length"] == "64"
    long_name = expect_error(create(id=tid(), name="n" * 256), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert long_name.info.metadata["max_length"] == "255"
    bad_path = expect_error(update(["name", "id"], id=tenant_id), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert bad_path.info.metadata["path"] == "id"

    exists = expect_error(create(id=tenant_id), grpc.StatusCode.ALREADY_EXISTS, "TENANT_EXISTS")
    assert (exists.info.metadata["type"], exists.info.metadata["id"]) == ("conflict", tenant_id)
    world.add_user(tenant_id, ann)
    member = expect_error(lambda: world.add_user(tenant_id, ann), grpc.StatusCode.ALREADY_EXISTS,
                          "TENANT_MEMBER_EXISTS")
    assert (member.info.metadata["tenant_id"], member.info.metadata["user_id"]) == (tenant_id, ann)
    world.add_group(tenant_id, team)
    member = expect_error(lambda: world.add_group(tenant_id, team), grpc.StatusCode.ALREADY_EXISTS,
                          "TENANT_MEMBER_EXISTS")
    assert (member.info.metadata["tenant_id"], member.info.metadata["group_id"]) == (tenant_id, team)

    missing = tid("missing")
    for call, field_name in (
        (lambda: world.get(missing), "id"),
        (lambda: world.delete(missing), "id"),
        (update(["name"], id=missing, name="x"), "tenant.id"),
        (lambda: world.add_user(missing, ann), "tenant_id"),
        (lambda: world.remove_user(missing, ann), "tenant_id"),
        (lambda: world.add_group(missing, team), "tenant_id"),
        (lambda: world.remove_group(missing, team), "tenant_id"),
    ):
        failure = expect_error(call, grpc.StatusCode.NOT_FOUND, "TENANT_NOT_FOUND")
        assert (failure.info.metadata["id"], failure.info.metadata["field_name"]) == (missing, field_name)
    ghost = unique("ghost")
    for call in (lambda: world.add_user(tenant_id, ghost), lambda: world.remove_user(tenant_id, ghost)):
        failure = expect_error(call, grpc.StatusCode.NOT_FOUND, "USER_NOT_FOUND")
        assert (failure.info.metadata["id"], failure.info.metadata["field_name"]) == (ghost, "user_id")
    no_group = tid("nogroup")
    for call in (lambda: world.add_group(tenant_id, no_group), lambda: world.remove_group(tenant_id, no_group)):
        failure = expect_error(call, grpc.StatusCode.NOT_FOUND, "GROUP_NOT_FOUND")
        assert (failure.info.metadata["id"], failure.info.metadata["field_name"]) == (no_group, "group_id")
    # Nothing of a refused call stays.
    assert world.found(user_member=ann) == [tenant_id] and world.found(group_member=team) == [tenant_id]
    assert world.get(tenant_id).name == ""


def test_only_admin_tokens_change_tenants_and_a_token_reads_the_tenants_it_has(world: Tenants, server) -> None:  # type: ignore[no-untyped-def]
    member_of, own, other = tid("member"), tid("own"), tid("other")
    for tenant_id in (member_of, own, other):
        world.create(tenant_id, name="readable")
    ann, team = _user(server), tid("team")
    world.group(team)
    world.add_user(member_of, ann)
    world.add_group(other, team)
    plain = Tenants(server.api(server.token(ann, tenants=(own,))))
    assert plain.get(member_of).name == "readable" and plain.get(own).name == "readable"
    # Another tenant is as absent as one that does not exist.
    failure = expect_error(lambda: plain.get(other), grpc.StatusCode.NOT_FOUND, "TENANT_NOT_FOUND")
    assert failure.info.metadata["id"] == other
    assert plain.found(id_in=[member_of, own, other]) == sorted([member_of, own])
    assert plain.found(user_member=ann) == [member_of]
    assert plain.found(group_member=team) == []
    assert plain.found_groups(member_of_tenant=other) == []  # the tenant's groups: unknown to it
    assert world.found_groups(member_of_tenant=other) == [team]
    for call in (
        lambda: plain.create(tid()),
        lambda: plain.tenants.CreateTenant(tp.CreateTenantRequest()),
        lambda: plain.tenants.UpdateTenant(tp.UpdateTenantRequest(
            tenant=tp.Tenant(id=member_of, name="x"), update_mask=field_mask_pb2.FieldMask(paths=["name"]))),
        lambda: plain.tenants.UpdateTenant(tp.UpdateTenantRequest()),
        lambda: plain.delete(own),
        lambda: plain.delete(other),
        lambda: plain.add_user(own, ann),
        lambda: plain.remove_user(member_of, ann),
        lambda: plain.add_group(own, team),
        lambda: plain.remove_group(other, team),
    ):
        failure = expect_error(call, grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
        assert failure.info.metadata["type"] == "forbidden"
    assert [world.get(t).name for t in (member_of, own, other)] == ["readable"] * 3
    assert world.found(user_member=ann) == [member_of] and world.found(group_member=team) == [other]
    unauthenticated = Tenants(server.api(None))
    expect_error(lambda: unauthenticated.get(own), grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")


def test_racing_changes_end_as_one_order_of_them_would(world: Tenants, server) -> None:  # type: ignore[no-untyped-def]
    """Two creations of one id, two additions of one member, two deletions of one tenant, an
    addition beside the tenant's (or the group's) deletion: each pair answers as if one call came
    after the other."""
    tenant_id, ann, team = tid(), _user(server), tid("team")
    world.group(team)
    assert race([lambda: world.create(tenant_id), lambda: world.create(tenant_id)]) == Counter(
        {"OK": 1, "ALREADY_EXISTS": 1})
    assert race([lambda: world.add_user(tenant_id, ann), lambda: world.add_user(tenant_id, ann)]) == Counter(
        {"OK": 1, "ALREADY_EXISTS": 1})
    assert race([lambda: world.add_group(tenant_id, team), lambda: world.add_group(tenant_id, team)]) == Counter(
        {"OK": 1, "ALREADY_EXISTS": 1})
    assert race([lambda: world.delete(tenant_id), lambda: world.delete(tenant_id)]) == Counter(
        {"OK": 1, "NOT_FOUND": 1})
    assert world.found(user_member=ann) == [] and world.found(group_member=team) == []

    other, bob = tid(), _user(server)
    world.create(other)
    assert race_each([lambda: world.add_user(other, bob), lambda: world.delete(other)]) in {
        ("OK", "OK"), ("NOT_FOUND", "OK")}
    assert world.found(user_member=bob) == []
    world.create(other)
    assert race_each([lambda: world.add_group(other, team),
                      lambda: world.groups.DeleteGroup(group_pb2.DeleteGroupRequest(id=team))]) in {
        ("OK", "OK"), ("NOT_FOUND", "OK")}
    assert world.found(group_member=team) == []


# -- GroupService: groups as members of tenants --------------------------------------------------


def test_groups_by_tenant_and_what_deleting_a_group_does(world: Tenants, server) -> None:  # type: ignore[no-untyped-def]
    acme, globex = tid("acme"), tid("globex")
    world.create(acme)
    world.create(globex)
    sales, support, ops = tid("sales"), tid("support"), tid("ops")
    ann = _user(server)
    world.group(sales, ann)
    world.group(support)
    world.group(ops)
    world.add_group(acme, sales)
    world.add_group(acme, support)
    world.add_group(globex, support)
    world.add_user(acme, ann)  # a user member of the tenant is no group of it

    assert world.found_groups(member_of_tenant=acme) == sorted([sales, support])
    assert world.found_groups(member_of_tenant=globex) == [support]
    assert world.found_groups(member_of_tenant=acme, member=ann) == [sales]
    assert world.found_groups(member_of_tenant=acme, id_in=[support, ops]) == [support]
    assert world.found_groups(member_of_tenant=tid("unmade")) == []

    # Deleting a group deletes its tenant memberships with it: its members lose those tenants,
    # and a group made again with its id is in no tenant.
    world.groups.DeleteGroup(group_pb2.DeleteGroupRequest(id=support))
    assert world.found_groups(member_of_tenant=acme) == [sales] and world.found_groups(member_of_tenant=globex) == []
    assert world.found(group_member=support) == []
    world.group(support, ann)
    assert world.found(group_member=support) == []
    assert world.found(user_member=ann, including_groups_of_user=True) == [acme]


# -- what memberships mean: a token's tenants ---------------------------------------------------


def _deployment(tenant_id: str, world: Tenants) -> str:
    key = f"p{uuid.uuid4().hex[:10]}"
    body = (f'<bpmn:process id="{key}" isExecutable="true" camunda:historyTimeToLive="180">'
            '<bpmn:startEvent id="Start" /><bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="End" />'
            '<bpmn:endEvent id="End" /></bpmn:process>')
    return world.deploy(contents={f"{key}.bpmn": render(body, key).encode()}, tenant=tenant_id).id


def _sees(server, user: str, deployment_id: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether a token made now for ``user`` finds the deployment, by its id and in the list of
    its name (a new token: resolved now, not cached)."""
    caller = Tenants(server.api(server.token(user)))
    got = status_of(lambda: caller.deployments.GetDeployment(deployment_pb2.GetDeploymentRequest(id=deployment_id)))
    name = Tenants(server.api()).deployments.GetDeployment(deployment_pb2.GetDeploymentRequest(
        id=deployment_id)).deployment.name
    listed = [d.id for d in caller.deployments.ListDeployments(deployment_pb2.ListDeploymentsRequest(
        name=name)).deployments]
    assert listed == ([deployment_id] if got == "OK" else [])
    return got == "OK"


def test_a_users_tenant_memberships_are_its_tokens_tenants(world: Tenants, server) -> None:  # type: ignore[no-untyped-def]
    acme = tid("acme")
    world.create(acme)
    deployment = _deployment(acme, world)
    ann = _user(server)
    before = Tenants(server.api(server.token(ann)))
    expect_error(lambda: before.deployments.GetDeployment(deployment_pb2.GetDeploymentRequest(id=deployment)),
                 grpc.StatusCode.NOT_FOUND, "DEPLOYMENT_NOT_FOUND")
    expect_error(lambda: _deployment(acme, before), grpc.StatusCode.PERMISSION_DENIED, "TENANT_NOT_GRANTED")

    world.add_user(acme, ann)
    assert _sees(server, ann, deployment)
    # A member reads and writes the tenant's resources as a token granted the tenant does.
    member = Tenants(server.api(server.token(ann)))
    own = _deployment(acme, member)
    assert member.deployments.GetDeployment(deployment_pb2.GetDeploymentRequest(id=own)).deployment.tenant_id == acme

    world.remove_user(acme, ann)
    assert not _sees(server, ann, deployment)
    world.add_user(acme, ann)
    world.delete(acme)  # the tenant's memberships go with it; its resources keep its id
    assert not _sees(server, ann, deployment)
    # A token granted the tenant still has it, the tenant made or not.
    assert Tenants(server.api(server.token(ann, tenants=(acme,)))).deployments.GetDeployment(
        deployment_pb2.GetDeploymentRequest(id=deployment)).deployment.tenant_id == acme


def test_a_groups_tenant_memberships_are_its_members_tokens_tenants(world: Tenants, server) -> None:  # type: ignore[no-untyped-def]
    acme, team = tid("acme"), tid("team")
    world.create(acme)
    deployment = _deployment(acme, world)
    bob = _user(server)
    world.group(team, bob)
    assert not _sees(server, bob, deployment)
    world.add_group(acme, team)
    assert _sees(server, bob, deployment)
    # Each of the two memberships is needed.
    world.groups.RemoveGroupMember(group_pb2.RemoveGroupMemberRequest(group_id=team, user_id=bob))
    assert not _sees(server, bob, deployment)
    world.groups.AddGroupMember(group_pb2.AddGroupMemberRequest(group_id=team, user_id=bob))
    assert _sees(server, bob, deployment)
    world.remove_group(acme, team)
    assert not _sees(server, bob, deployment)
    # Deleting the group ends what its members had through it.
    world.add_group(acme, team)
    assert _sees(server, bob, deployment)
    world.groups.DeleteGroup(group_pb2.DeleteGroupRequest(id=team))
    assert not _sees(server, bob, deployment)
    # An admin token sees every tenant, member or not.
    assert world.deployments.GetDeployment(deployment_pb2.GetDeploymentRequest(id=deployment)).deployment.id


def test_a_resolved_token_has_a_membership_change_once_its_cache_time_is_over(world: Tenants, server) -> None:  # type: ignore[no-untyped-def]
    """A server keeps a resolved token for its cache time (ten seconds): the caller's tenants are
    those it had then. The server's authenticator, on a clock of the test's own."""
    now = [1000.0]
    authenticator = Authenticator(server.db, cache_seconds=10, monotonic=lambda: now[0])
    acme, globex, own, team = tid("acme"), tid("globex"), tid("own"), tid("team")
    world.create(acme)
    world.create(globex)
    ann = _user(server)
    world.group(team, ann)
    header = f"Bearer {server.token(ann, tenants=(own,))}"
    assert authenticator.authenticate(header).tenants == {own}

    world.add_user(acme, ann)
    world.add_group(globex, team)
    now[0] += 9.5
    assert authenticator.authenticate(header).tenants == {own}  # still the resolved caller
    now[0] += 1
    caller = authenticator.authenticate(header)
    assert caller.tenants == {own, acme, globex}
    assert caller.sees_tenant(acme) and caller.sees_tenant(globex) and not caller.sees_tenant(tid("other"))

    world.remove_user(acme, ann)
    world.groups.DeleteGroup(group_pb2.DeleteGroupRequest(id=team))
    now[0] += 10.5
    assert authenticator.authenticate(header).tenants == {own}
    # An admin token's tenants are its own: it sees every tenant anyway.
    admin = authenticator.authenticate(f"Bearer {server.token(ann, admin=True)}")
    assert admin.is_admin and admin.tenants == frozenset() and admin.sees_tenant(globex)


# -- grpcurl ------------------------------------------------------------------------------------


def test_tenants_with_grpcurl(server) -> None:  # type: ignore[no-untyped-def]
    """The README's session: reflection lists the service; JSON names as protobuf maps them."""
    from tests.platform.grpcurl import Grpcurl

    grpcurl = Grpcurl.for_server(server)
    service = "flowkeeper.engine.v1.TenantService"
    assert service in grpcurl.list()
    assert {f"{service}.{m}" for m in (
        "CreateTenant", "GetTenant", "QueryTenants", "CountTenants", "UpdateTenant", "DeleteTenant",
        "CreateTenantUserMembership", "DeleteTenantUserMembership", "CreateTenantGroupMembership",
        "DeleteTenantGroupMembership")} <= set(grpcurl.list(service))
    tenant_id, alice, team = tid("acme"), _user(server), tid("sales")
    created = grpcurl.ok(f"{service}/CreateTenant", {"tenant": {"id": tenant_id, "name": "Acme"}})
    assert created["tenant"] == {"id": tenant_id, "name": "Acme"}
    grpcurl.ok(f"{service}/CreateTenantUserMembership", {"tenantId": tenant_id, "userId": alice})
    grpcurl.ok("flowkeeper.engine.v1.GroupService/CreateGroup", {"group": {"id": team}})
    grpcurl.ok(f"{service}/CreateTenantGroupMembership", {"tenantId": tenant_id, "groupId": team})
    assert [t["id"] for t in grpcurl.ok(f"{service}/QueryTenants", {"userMember": alice})["tenants"]] == [tenant_id]
    assert grpcurl.ok(f"{service}/CountTenants", {"groupMember": team})["count"] == "1"
    assert [g["id"] for g in grpcurl.ok("flowkeeper.engine.v1.GroupService/QueryGroups",
                                        {"memberOfTenant": tenant_id})["groups"]] == [team]
    assert [u["display_name"] for u in grpcurl.ok("flowkeeper.ops.v1.UserService/ListUsers",
                                                 {"memberOfTenant": tenant_id})["users"]] == [alice]
    updated = grpcurl.ok(f"{service}/UpdateTenant", {"tenant": {"id": tenant_id, "name": "Acme EMEA"},
                                                     "updateMask": {"paths": ["name"]}})["tenant"]
    assert updated["name"] == "Acme EMEA"
    failed = grpcurl.fails(f"{service}/CreateTenant", {"tenant": {"id": tenant_id}})
    assert (failed.code, failed.reason) == ("AlreadyExists", "TENANT_EXISTS")
    # alice's token has the tenant now; another user's does not see it.
    assert grpcurl.with_token(server.token(alice)).ok(f"{service}/GetTenant", {"id": tenant_id})["tenant"]["id"] == tenant_id
    failed = grpcurl.with_token(server.token(unique("plain"))).fails(f"{service}/GetTenant", {"id": tenant_id})
    assert (failed.code, failed.reason) == ("NotFound", "TENANT_NOT_FOUND")
    failed = grpcurl.with_token(server.token(alice)).fails(f"{service}/DeleteTenant", {"id": tenant_id})
    assert (failed.code, failed.reason) == ("PermissionDenied", "ADMIN_REQUIRED")
