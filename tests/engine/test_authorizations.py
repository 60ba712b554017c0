"""AuthorizationService: authorizations — create, get, query and count, update, delete — with
their refusals and operation log entries; what a token reads; the check and the document's
engine's precedence, case by case; what DeleteGroup and DeleteTenant take along."""

from __future__ import annotations

import uuid
from collections import Counter

import grpc
import pytest
from google.protobuf import field_mask_pb2

from flowkeeper.engine.v1 import authorization_pb2 as ap
from flowkeeper.engine.v1 import authorization_pb2_grpc, group_pb2, group_pb2_grpc, history_pb2, history_pb2_grpc
from flowkeeper.engine.v1 import tenant_pb2, tenant_pb2_grpc
from tests.support import expect_error, race, unique

GLOBAL, GRANT, REVOKE = 0, 1, 2
PROCESS_DEFINITION, TASK, APPLICATION, GROUP, TENANT = 6, 7, 0, 2, 11


def gid(prefix: str = "g") -> str:
    """A unique group (or tenant) id: letters and digits only."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


class Authorizations:
    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        self.authorizations = api.stub(authorization_pb2_grpc.AuthorizationServiceStub)
        self.groups = api.stub(group_pb2_grpc.GroupServiceStub)
        self.tenants = api.stub(tenant_pb2_grpc.TenantServiceStub)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def create(self, type: int = GRANT, permissions: tuple[str, ...] = ("READ",), *, user: str = "", group: str = "",
               resource_type: int = PROCESS_DEFINITION, resource_id: str = "*") -> ap.Authorization:
        return self.authorizations.CreateAuthorization(ap.CreateAuthorizationRequest(authorization=ap.Authorization(
            type=type, permissions=permissions, user_id=user, group_id=group, resource_type=resource_type,
            resource_id=resource_id))).authorization

    def get(self, authorization_id: str) -> ap.Authorization:
        return self.authorizations.GetAuthorization(ap.GetAuthorizationRequest(id=authorization_id)).authorization

    def update(self, authorization: ap.Authorization, *paths: str) -> ap.Authorization:
        return self.authorizations.UpdateAuthorization(ap.UpdateAuthorizationRequest(
            authorization=authorization, update_mask=field_mask_pb2.FieldMask(paths=list(paths)))).authorization

    def delete(self, authorization_id: str) -> None:
        self.authorizations.DeleteAuthorization(ap.DeleteAuthorizationRequest(id=authorization_id))

    def found(self, **fields: object) -> list[str]:
        """The ids QueryAuthorizations answers; CountAuthorizations counts as many."""
        ids = [a.id for a in self.authorizations.QueryAuthorizations(ap.QueryAuthorizationsRequest(**fields))
               .authorizations]
        counted = self.authorizations.CountAuthorizations(ap.CountAuthorizationsRequest(
            **{k: v for k, v in fields.items() if k not in ("sorting", "page")})).count
        if "page" not in fields:
            assert counted == len(ids), fields
        return ids

    def check(self, permission: str, resource_id: str = "", *, user: str = "", resource_type: int | None = None,
              resource_name: str = "ProcessDefinition") -> bool:
        return self.checked(permission, resource_id, user=user, resource_type=resource_type,
                            resource_name=resource_name).authorized

    def checked(self, permission: str, resource_id: str = "", *, user: str = "", resource_type: int | None = None,
                resource_name: str = "") -> ap.CheckAuthorizationResponse:
        request = ap.CheckAuthorizationRequest(permission_name=permission, resource_name=resource_name,
                                               resource_id=resource_id, user_id=user)
        if resource_type is not None:
            request.resource_type = resource_type
        return self.authorizations.CheckAuthorization(request)

    def group(self, group_id: str, *members: str) -> None:
        self.groups.CreateGroup(group_pb2.CreateGroupRequest(group=group_pb2.Group(id=group_id)))
        for member in members:
            self.groups.AddGroupMember(group_pb2.AddGroupMemberRequest(group_id=group_id, user_id=member))

    def operations(self) -> list[history_pb2.UserOperation]:
        """Every operation log entry of entity Authorization, oldest first."""
        found: list[history_pb2.UserOperation] = []
        while True:
            page = self.history.QueryUserOperations(history_pb2.QueryUserOperationsRequest(
                entity_type="Authorization", category="Admin", page={"first_result": len(found)})).user_operations
            if not page:
                return found
            found.extend(page)


@pytest.fixture
def world(api) -> Authorizations:  # type: ignore[no-untyped-def]
    return Authorizations(api)


def _user(server) -> str:  # type: ignore[no-untyped-def]
    """A new user of the directory (with a token), by display_name."""
    name = unique("user")
    server.token(name)
    return name


# -- the store ----------------------------------------------------------------------------------


def test_create_get_update_and_delete_an_authorization(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    ann, team, key = _user(server), gid(), unique("invoice")
    created = world.create(GRANT, ("UPDATE", "READ"), user=ann, resource_id=key)
    assert created.id and created == ap.Authorization(
        id=created.id, type=GRANT, permissions=["READ", "UPDATE"], user_id=ann, resource_type=PROCESS_DEFINITION,
        resource_id=key, resource_name="ProcessDefinition")
    assert world.get(created.id) == created

    everything = world.update(ap.Authorization(id=created.id, permissions=["ALL"]), "permissions")
    assert list(everything.permissions) == ["ALL"]
    # A resource type changed alone keeps the permission names (ALL is every type's).
    task = world.update(ap.Authorization(id=created.id, resource_type=TASK, resource_id="*"),
                        "resource_type", "resource_id")
    assert (task.resource_type, task.resource_name, task.resource_id, list(task.permissions)) == (
        TASK, "Task", "*", ["ALL"])
    to_group = world.update(ap.Authorization(id=created.id, group_id=team), "user_id", "group_id")
    assert (to_group.user_id, to_group.group_id, to_group.type) == ("", team, GRANT)
    assert world.get(created.id) == to_group

    world.delete(created.id)
    failure = expect_error(lambda: world.get(created.id), grpc.StatusCode.NOT_FOUND, "AUTHORIZATION_NOT_FOUND")
    assert (failure.info.metadata["id"], failure.info.metadata["field_name"]) == (created.id, "id")
    expect_error(lambda: world.delete(created.id), grpc.StatusCode.NOT_FOUND, "AUTHORIZATION_NOT_FOUND")


def test_permissions_are_named_as_the_document_names_them(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    ann, key = _user(server), unique("k")
    assert list(world.create(GRANT, ("ALL",), user=ann, resource_id=key).permissions) == ["ALL"]
    assert list(world.create(GRANT, ("NONE",), user=ann, resource_id=key + "n").permissions) == []
    assert list(world.create(GRANT, ("READ", "READ", "NONE"), user=ann, resource_id=key + "r").permissions) == ["READ"]
    # Every permission of the type by name is not ALL: ALL is every bit.
    every = ("READ", "SET", "DELETE")
    assert list(world.create(GRANT, every, user=ann, resource_type=21, resource_id=key).permissions) == [
        "READ", "SET", "DELETE"]
    revoked = world.create(REVOKE, ("UPDATE", "READ"), user=ann, resource_id=key)
    assert list(revoked.permissions) == ["READ", "UPDATE"]
    assert list(world.create(REVOKE, ("ALL",), user=ann, resource_id=key + "r").permissions) == ["ALL"]
    assert list(world.create(REVOKE, (), user=ann, resource_id=key + "n").permissions) == []
    # A GLOBAL authorization without a user is every user's.
    every_user = world.create(GLOBAL, ("ACCESS",), resource_type=APPLICATION, resource_id=key)
    assert (every_user.user_id, every_user.group_id, list(every_user.permissions), every_user.resource_name) == (
        "*", "", ["ACCESS"], "Application")
    assert world.create(GLOBAL, ("READ",), user="*", resource_id=key).user_id == "*"


def test_query_and_count_authorizations(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    ann, bob, team, key = _user(server), _user(server), gid(), unique("k")
    a = world.create(GRANT, ("READ",), user=ann, resource_id=key + "b").id
    b = world.create(REVOKE, ("READ",), user=ann, resource_type=TASK, resource_id=key + "a").id
    c = world.create(GRANT, ("READ",), group=team, resource_id=key + "c").id
    d = world.create(GLOBAL, ("ACCESS",), resource_type=APPLICATION, resource_id=key + "d").id
    e = world.create(GRANT, ("CREATE",), user=bob, resource_type=TASK, resource_id=key + "a").id
    mine = [a, b, c, d, e]

    def among(**fields: object) -> list[str]:
        return [i for i in world.found(**fields) if i in mine]

    assert world.found(id=a) == [a] and world.found(id=unique("none")) == []
    assert among(user_id_in=[ann]) == sorted([a, b])
    assert among(user_id_in=[ann, bob]) == sorted([a, b, e])
    assert among(user_id_in=["*"]) == [d]
    assert world.found(group_id_in=[team]) == [c]
    assert among(type=GRANT) == sorted([a, c, e]) and among(type=REVOKE) == [b] and among(type=GLOBAL) == [d]
    assert among(resource_type=APPLICATION) == [d]  # 0 is Application, not every type
    assert among(resource_type=TASK) == sorted([b, e])
    assert world.found(resource_id=key + "a") == sorted([b, e])
    assert world.found(resource_id=key + "a", user_id_in=[bob], type=GRANT, resource_type=TASK) == [e]
    assert world.found(resource_id=key + "a", type=GLOBAL) == []
    by_id = [{"sort_by": "resource_id", "sort_order": "asc"}]
    assert among(user_id_in=[ann, bob, "*"], sorting=by_id) == [*sorted([b, e]), a, d]  # then by id
    assert among(user_id_in=[ann, bob, "*"], sorting=[{"sort_by": "resource_id", "sort_order": "desc"}]) == [
        d, a, *sorted([b, e])]
    ordered = among(user_id_in=[ann, bob, "*"], sorting=[{"sort_by": "resource_type", "sort_order": "desc"},
                                                           {"sort_by": "resource_id", "sort_order": "asc"}])
    assert ordered == [*sorted([b, e]), a, d]
    assert world.found(resource_id=key + "a", page={"first_result": 1, "max_results": 1}) == [sorted([b, e])[1]]
    assert world.authorizations.CountAuthorizations(ap.CountAuthorizationsRequest(
        resource_id=key + "a", user_id_in=[ann])).count == 1


def test_authorization_changes_are_in_the_operation_log(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    ann, team, key = _user(server), gid(), unique("k")
    created = world.create(GRANT, ("READ",), user=ann, resource_id=key)
    world.update(ap.Authorization(id=created.id, permissions=["READ", "DELETE"], group_id=team),
                 "permissions", "user_id", "group_id")
    world.delete(created.id)
    entries: dict[str, list[tuple[str, str, str, str]]] = {}
    for o in world.operations():
        entries.setdefault(o.operation_id, []).append((o.operation_type, o.property, o.org_value, o.new_value))
        assert (o.user_id, o.category, o.entity_type) == ("admin", "Admin", "Authorization")
    ours = [e for e in entries.values() if any(p == "resourceId" and key in (org, new) for _, p, org, new in e)]
    assert ours == [
        [("Create", "permissionBits", "", "2"), ("Create", "permissions", "", "READ"), ("Create", "type", "", "1"),
         ("Create", "resource", "", "ProcessDefinition"), ("Create", "resourceId", "", key),
         ("Create", "userId", "", ann), ("Create", "groupId", "", "")],
        [("Update", "permissionBits", "2", "18"), ("Update", "permissions", "READ", "READ, DELETE"),
         ("Update", "type", "1", "1"), ("Update", "resource", "ProcessDefinition", "ProcessDefinition"),
         ("Update", "resourceId", key, key), ("Update", "userId", ann, ""), ("Update", "groupId", "", team)],
        [("Delete", "permissionBits", "", "18"), ("Delete", "permissions", "", "READ, DELETE"),
         ("Delete", "type", "", "1"), ("Delete", "resource", "", "ProcessDefinition"),
         ("Delete", "resourceId", "", key), ("Delete", "userId", "", ""), ("Delete", "groupId", "", team)]]


def test_refusals_name_the_field(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    ann, key = _user(server), unique("k")
    create = world.authorizations.CreateAuthorization

    def refused(authorization: ap.Authorization | None, reason: str, field: str) -> object:
        request = ap.CreateAuthorizationRequest() if authorization is None else ap.CreateAuthorizationRequest(
            authorization=authorization)
        failure = expect_error(lambda: create(request), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert failure.bad_request.field_violations[0].field == field, failure.message
        return failure

    refused(None, "MISSING_REQUIRED_FIELD", "authorization")
    refused(ap.Authorization(type=GRANT, resource_id="*"), "MISSING_REQUIRED_FIELD", "authorization.user_id")
    refused(ap.Authorization(type=GRANT, user_id=ann), "MISSING_REQUIRED_FIELD", "authorization.resource_id")
    refused(ap.Authorization(type=3, user_id=ann, resource_id="*"), "INVALID_FIELD", "authorization.type")
    refused(ap.Authorization(type=-1, user_id=ann, resource_id="*"), "INVALID_FIELD", "authorization.type")
    refused(ap.Authorization(type=GRANT, user_id=ann, group_id="g", resource_id="*"), "INVALID_FIELD",
            "authorization.group_id")
    refused(ap.Authorization(type=GLOBAL, group_id="g", resource_id="*"), "INVALID_FIELD", "authorization.group_id")
    refused(ap.Authorization(type=GLOBAL, user_id=ann, resource_id="*"), "INVALID_FIELD", "authorization.user_id")
    refused(ap.Authorization(type=GRANT, user_id="*", resource_id="*"), "INVALID_FIELD", "authorization.user_id")
    refused(ap.Authorization(type=REVOKE, user_id="*", resource_id="*"), "INVALID_FIELD", "authorization.user_id")
    for code in (18, 22, -1):
        refused(ap.Authorization(type=GRANT, user_id=ann, resource_type=code, resource_id="*"), "INVALID_FIELD",
                "authorization.resource_type")
    failure = refused(ap.Authorization(type=GRANT, user_id=ann, permissions=["READ", "ACCESS"], resource_id="*",
                                       resource_type=PROCESS_DEFINITION),
                      "INVALID_FIELD", "authorization.permissions[1]")
    assert (failure.info.metadata["permission"], failure.info.metadata["resource_type"]) == ("ACCESS", "6")
    for names in (["CREATE"], ["read"]):  # process definitions have no CREATE; names are upper case
        refused(ap.Authorization(type=GRANT, user_id=ann, permissions=names, resource_id="*",
                                 resource_type=PROCESS_DEFINITION), "INVALID_FIELD", "authorization.permissions[0]")
    for name in ("user_id", "group_id", "resource_id"):
        fields = {"user_id": ann, "resource_id": "*", name: "x" * 256}
        if name == "group_id":
            fields.pop("user_id")
        failure = refused(ap.Authorization(type=GRANT, **fields), "INVALID_FIELD", f"authorization.{name}")
        assert failure.info.metadata["max_length"] == "255"

    made = world.create(GRANT, ("READ",), user=ann, resource_id=key)
    failure = expect_error(lambda: world.create(GRANT, ("UPDATE",), user=ann, resource_id=key),
                           grpc.StatusCode.ALREADY_EXISTS, "AUTHORIZATION_EXISTS")
    assert (failure.info.metadata["type"], failure.info.metadata["id"]) == ("conflict", made.id)
    # Another type, another owner or another resource is another authorization.
    world.create(REVOKE, ("UPDATE",), user=ann, resource_id=key)
    world.create(GRANT, ("READ",), group=ann, resource_id=key)
    world.create(GRANT, ("READ",), user=ann, resource_type=TASK, resource_id=key)

    def update_refused(request: ap.UpdateAuthorizationRequest, code: grpc.StatusCode, reason: str,
                       field: str) -> object:
        failure = expect_error(lambda: world.authorizations.UpdateAuthorization(request), code, reason)
        assert failure.info.metadata["field_name"] == field, failure.message
        return failure

    def mask(*paths: str) -> field_mask_pb2.FieldMask:
        return field_mask_pb2.FieldMask(paths=list(paths))

    update_refused(ap.UpdateAuthorizationRequest(authorization=ap.Authorization(id=made.id)),
                   grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD", "update_mask")
    failure = update_refused(ap.UpdateAuthorizationRequest(authorization=ap.Authorization(id=made.id),
                                                           update_mask=mask("type")),
                             grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD", "update_mask")
    assert failure.info.metadata["path"] == "type"
    update_refused(ap.UpdateAuthorizationRequest(authorization=ap.Authorization(), update_mask=mask("permissions")),
                   grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD", "authorization.id")
    update_refused(ap.UpdateAuthorizationRequest(authorization=ap.Authorization(id="nope"), update_mask=mask(
        "permissions")), grpc.StatusCode.NOT_FOUND, "AUTHORIZATION_NOT_FOUND", "authorization.id")
    update_refused(ap.UpdateAuthorizationRequest(authorization=ap.Authorization(id=made.id), update_mask=mask(
        "user_id")), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD", "authorization.user_id")
    update_refused(ap.UpdateAuthorizationRequest(authorization=ap.Authorization(id=made.id), update_mask=mask(
        "resource_id")), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD", "authorization.resource_id")
    update_refused(ap.UpdateAuthorizationRequest(authorization=ap.Authorization(id=made.id, group_id="g"),
                                                 update_mask=mask("group_id")),
                   grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD", "authorization.group_id")
    # A resource type changed alone keeps the names: READ is no Application permission.
    update_refused(ap.UpdateAuthorizationRequest(authorization=ap.Authorization(id=made.id, resource_type=APPLICATION),
                                                 update_mask=mask("resource_type")),
                   grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD", "authorization.permissions[0]")
    update_refused(ap.UpdateAuthorizationRequest(authorization=ap.Authorization(id=made.id, permissions=["SET"]),
                                                 update_mask=mask("permissions")),
                   grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD", "authorization.permissions[0]")
    other = world.create(GRANT, ("READ",), user=ann, resource_id=key + "o")
    failure = expect_error(lambda: world.update(ap.Authorization(id=other.id, resource_id=key), "resource_id"),
                           grpc.StatusCode.ALREADY_EXISTS, "AUTHORIZATION_EXISTS")
    assert failure.info.metadata["id"] == made.id
    assert world.get(made.id) == made and world.get(other.id) == other  # nothing changed

    for call in (lambda: world.get(""), lambda: world.delete("")):
        failure = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
        assert failure.info.metadata["field_name"] == "id"
    for request in (ap.QueryAuthorizationsRequest(type=3), ap.QueryAuthorizationsRequest(page={"first_result": -1})):
        expect_error(lambda: world.authorizations.QueryAuthorizations(request), grpc.StatusCode.INVALID_ARGUMENT,
                     "INVALID_FIELD")
    expect_error(lambda: world.authorizations.CountAuthorizations(ap.CountAuthorizationsRequest(type=-1)),
                 grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    for sorting in ({"sort_by": "user_id", "sort_order": "asc"}, {"sort_order": "asc"},
                    {"sort_by": "resource_id", "sort_order": "up"}):
        expect_error(lambda: world.authorizations.QueryAuthorizations(ap.QueryAuthorizationsRequest(
            sorting=[sorting])), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")


def test_check_refusals(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    ann = _user(server)

    def refused(field: str, reason: str, **fields: object) -> object:
        request = ap.CheckAuthorizationRequest(**fields)  # type: ignore[arg-type]
        failure = expect_error(lambda: world.authorizations.CheckAuthorization(request),
                               grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert failure.info.metadata["field_name"] == field, failure.message
        return failure

    refused("permission_name", "MISSING_REQUIRED_FIELD", resource_name="Task")
    refused("resource_name", "MISSING_REQUIRED_FIELD", permission_name="READ")
    refused("resource_name", "INVALID_FIELD", permission_name="READ", resource_name="Nothing")
    refused("resource_type", "INVALID_FIELD", permission_name="READ", resource_type=18)
    refused("resource_type", "INVALID_FIELD", permission_name="READ", resource_name="Task", resource_type=6)
    failure = refused("permission_name", "INVALID_FIELD", permission_name="ACCESS", resource_type=TASK)
    assert (failure.info.metadata["permission"], failure.info.metadata["resource_type"]) == ("ACCESS", "7")
    # Only an admin token asks about another user; a token asks about its own user.
    plain = Authorizations(server.api(server.token(ann)))
    assert plain.check("READ", user=ann) is False
    failure = expect_error(lambda: plain.check("READ", user=_user(server)), grpc.StatusCode.PERMISSION_DENIED,
                           "ADMIN_REQUIRED")
    assert failure.info.metadata["type"] == "forbidden"


def test_only_admin_tokens_change_authorizations_and_a_token_reads_its_own(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    ann, bob, team, other_team, key = _user(server), _user(server), gid(), gid(), unique("k")
    world.group(team, ann)
    world.group(other_team, bob)
    own = world.create(GRANT, ("READ",), user=ann, resource_id=key).id
    of_group = world.create(REVOKE, ("READ",), group=team, resource_id=key).id
    global_ = world.create(GLOBAL, ("READ",), resource_id=key).id
    bobs = world.create(GRANT, ("READ",), user=bob, resource_id=key).id
    other_group = world.create(GRANT, ("READ",), group=other_team, resource_id=key).id
    plain = Authorizations(server.api(server.token(ann)))
    assert plain.found(resource_id=key) == sorted([own, of_group, global_])
    assert world.found(resource_id=key) == sorted([own, of_group, global_, bobs, other_group])
    assert plain.get(own).user_id == ann and plain.get(global_).user_id == "*"
    for hidden in (bobs, other_group):
        failure = expect_error(lambda: plain.get(hidden), grpc.StatusCode.NOT_FOUND, "AUTHORIZATION_NOT_FOUND")
        assert failure.info.metadata["id"] == hidden
    for call in (
        lambda: plain.create(GRANT, ("READ",), user=ann, resource_id=unique("k")),
        lambda: plain.authorizations.CreateAuthorization(ap.CreateAuthorizationRequest()),
        lambda: plain.update(ap.Authorization(id=own, permissions=["ALL"]), "permissions"),
        lambda: plain.authorizations.UpdateAuthorization(ap.UpdateAuthorizationRequest()),
        lambda: plain.delete(own),
        lambda: plain.delete(bobs),
    ):
        failure = expect_error(call, grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
        assert failure.info.metadata["type"] == "forbidden"
    assert len(world.found(resource_id=key)) == 5
    unauthenticated = Authorizations(server.api(None))
    expect_error(lambda: unauthenticated.get(own), grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")


# -- the check ----------------------------------------------------------------------------------


class Case:
    """A user in two groups of its own, and a resource id of its own: one case of the table."""

    def __init__(self, world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
        self.world, self.user, self.groups = world, _user(server), (gid(), gid())
        for group in self.groups:
            world.group(group, self.user)
        # Each case's resource id is its own: GLOBAL authorizations of other cases stay out (a
        # GLOBAL `*` one is made on a resource type no other case uses).
        self.resource = unique("r")

    def grant(self, *permissions: str, owner: str = "user", resource_id: str | None = None, which: int = 0) -> None:
        self._make(GRANT, permissions, owner, resource_id, which)

    def revoke(self, *permissions: str, owner: str = "user", resource_id: str | None = None, which: int = 0) -> None:
        self._make(REVOKE, permissions, owner, resource_id, which)

    def global_(self, *permissions: str, resource_id: str | None = None) -> None:
        self.world.create(GLOBAL, permissions, resource_type=self.type, resource_id=resource_id or self.resource)

    type = PROCESS_DEFINITION

    def _make(self, type: int, permissions: tuple[str, ...], owner: str, resource_id: str | None, which: int) -> None:
        who = {"user": self.user} if owner == "user" else {"group": self.groups[which]}
        self.world.create(type, permissions, resource_type=self.type, resource_id=resource_id or self.resource,
                          **who)  # type: ignore[arg-type]

    def check(self, permission: str = "READ", resource_id: str | None = None) -> bool:
        return self.world.checked(permission, self.resource if resource_id is None else resource_id, user=self.user,
                                  resource_type=self.type).authorized


def test_the_check_follows_the_documents_precedence(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    def case() -> Case:
        return Case(world, server)

    # Nothing: not authorized.
    c = case()
    assert c.check() is False and c.check(resource_id="") is False

    # GLOBAL for the resource: granted; another permission is not.
    c = case()
    c.global_("READ")
    assert c.check() is True and c.check("UPDATE") is False and c.check(resource_id=unique("other")) is False

    # A GLOBAL authorization of the resource that lacks the permission beats a GLOBAL `*` grant.
    c = case()
    c.type = 15  # Report
    c.global_("READ", resource_id="*")
    c.global_("UPDATE")
    assert c.check() is False and c.check(resource_id=unique("other")) is True and c.check(resource_id="") is True

    # A group's grant beats a GLOBAL that lacks it; a group's revoke beats a GLOBAL grant.
    c = case()
    c.global_("UPDATE")
    c.grant("READ", owner="group", resource_id="*")
    assert c.check() is True
    c = case()
    c.global_("READ")
    c.revoke("READ", owner="group", resource_id="*")
    assert c.check() is False

    # Two groups of one level: the grant beats the revoke.
    c = case()
    c.revoke("READ", owner="group", which=0)
    c.grant("READ", owner="group", which=1)
    assert c.check() is True

    # A group's authorization for the resource beats the group's for `*`.
    c = case()
    c.grant("READ", owner="group", resource_id="*")
    c.revoke("READ", owner="group")
    assert c.check() is False and c.check(resource_id=unique("other")) is True
    c = case()
    c.revoke("READ", owner="group", resource_id="*")
    c.grant("READ", owner="group")
    assert c.check() is True and c.check(resource_id=unique("other")) is False

    # The user's own authorizations, even for `*`, beat its groups' for the resource.
    c = case()
    c.grant("READ", owner="group")
    c.revoke("READ", resource_id="*")
    assert c.check() is False
    c = case()
    c.revoke("READ", owner="group")
    c.grant("READ", resource_id="*")
    assert c.check() is True

    # The user's for the resource beat the user's for `*`; of one level, the grant wins.
    c = case()
    c.revoke("READ", resource_id="*")
    c.grant("READ")
    assert c.check() is True and c.check(resource_id=unique("other")) is False
    c = case()
    c.grant("READ", resource_id="*")
    c.revoke("READ")
    assert c.check() is False and c.check(resource_id=unique("other")) is True
    c = case()
    c.grant("READ")
    c.revoke("READ")
    assert c.check() is True

    # A revoke revokes what it names only: the next level decides the rest.
    c = case()
    c.revoke("READ")
    c.global_("UPDATE")
    assert c.check("UPDATE") is True and c.check() is False
    # A grant that lacks the permission decides nothing (the document: only its revoke does).
    c = case()
    c.grant("UPDATE")
    c.grant("READ", owner="group")
    assert c.check() is True

    # ALL grants every permission; a check of ALL needs ALL; NONE grants nothing.
    c = case()
    c.grant("ALL")
    assert c.check() is True and c.check("ALL") is True and c.check("DELETE_HISTORY") is True
    c = case()
    c.grant("READ", "UPDATE")
    assert c.check("ALL") is False
    c = case()
    c.grant("NONE")
    assert c.check() is False
    # A REVOKE of ALL revokes everything; a revoke of nothing nothing.
    c = case()
    c.revoke("ALL")
    c.global_("READ")
    assert c.check() is False
    c = case()
    c.revoke()
    c.global_("READ")
    assert c.check() is True

    # Without a resource id (or with `*`) only the `*` authorizations count.
    c = case()
    c.grant("READ")
    assert c.check(resource_id="") is False and c.check(resource_id="*") is False
    c.grant("READ", resource_id="*")
    assert c.check(resource_id="") is True and c.check(resource_id="*") is True

    # Another user's authorizations and another group's do not count; nor another type's.
    c, other = case(), case()
    other.grant("READ", resource_id=c.resource)
    other.grant("READ", owner="group", resource_id=c.resource)
    world.create(GRANT, ("READ",), user=c.user, resource_type=TASK, resource_id=c.resource)
    assert c.check() is False


def test_the_check_counts_group_memberships_as_they_are(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    ann, team, key = _user(server), gid(), unique("k")
    world.group(team)
    world.create(GRANT, ("CREATE_INSTANCE",), group=team, resource_id=key)
    assert world.check("CREATE_INSTANCE", key, user=ann) is False
    world.groups.AddGroupMember(group_pb2.AddGroupMemberRequest(group_id=team, user_id=ann))
    assert world.check("CREATE_INSTANCE", key, user=ann) is True
    world.groups.RemoveGroupMember(group_pb2.RemoveGroupMemberRequest(group_id=team, user_id=ann))
    assert world.check("CREATE_INSTANCE", key, user=ann) is False


def test_the_check_answers_for_the_tokens_user(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    ann, key = _user(server), unique("k")
    world.create(GRANT, ("TASK_WORK",), user=ann, resource_type=TASK, resource_id=key)
    plain = Authorizations(server.api(server.token(ann)))
    answer = plain.checked("TASK_WORK", key, resource_name="Task")
    assert answer == ap.CheckAuthorizationResponse(authorized=True, permission_name="TASK_WORK", resource_name="Task",
                                                   resource_id=key, user_id=ann, resource_type=TASK)
    assert plain.checked("TASK_WORK", key, resource_type=TASK, resource_name="Task").authorized is True
    assert plain.checked("TASK_ASSIGN", key, resource_type=TASK).authorized is False
    assert plain.checked("TASK_WORK", key, user=ann, resource_type=TASK).authorized is True
    # An admin token is always authorized; asked about a user, it answers for that user.
    admin = world.checked("TASK_ASSIGN", key, resource_type=TASK)
    assert (admin.authorized, admin.user_id) == (True, "admin")
    assert world.checked("TASK_ASSIGN", key, user=ann, resource_type=TASK).authorized is False
    assert world.checked("TASK_WORK", key, user=ann, resource_type=TASK).authorized is True
    assert world.checked("READ", key, user=unique("nobody"), resource_type=TASK).authorized is False


# -- what goes with a group or a tenant ---------------------------------------------------------


def test_deleting_a_group_or_a_tenant_takes_their_authorizations_along(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    ann, team, kept, tenant = _user(server), gid(), gid(), gid("t")
    world.group(team, ann)
    world.group(kept)
    of_team = world.create(GRANT, ("READ",), group=team, resource_id=unique("k")).id
    on_team = world.create(GRANT, ("UPDATE",), user=ann, resource_type=GROUP, resource_id=team).id
    of_kept = world.create(GRANT, ("READ",), group=kept, resource_id=unique("k")).id
    on_kept = world.create(GRANT, ("READ",), group=kept, resource_type=GROUP, resource_id=kept).id
    world.tenants.CreateTenant(tenant_pb2.CreateTenantRequest(tenant=tenant_pb2.Tenant(id=tenant)))
    on_tenant = world.create(GRANT, ("READ",), user=ann, resource_type=TENANT, resource_id=tenant).id
    named_like_tenant = world.create(GRANT, ("READ",), user=ann, resource_id=tenant).id

    world.groups.DeleteGroup(group_pb2.DeleteGroupRequest(id=team))
    for gone in (of_team, on_team):
        expect_error(lambda: world.get(gone), grpc.StatusCode.NOT_FOUND, "AUTHORIZATION_NOT_FOUND")
    world.tenants.DeleteTenant(tenant_pb2.DeleteTenantRequest(id=tenant))
    expect_error(lambda: world.get(on_tenant), grpc.StatusCode.NOT_FOUND, "AUTHORIZATION_NOT_FOUND")
    assert [world.get(i).id for i in (of_kept, on_kept, named_like_tenant)] == [of_kept, on_kept, named_like_tenant]
    # As the document's engine: taken along without entries of their own.
    assert not [o for o in world.operations() if o.operation_type == "Delete" and o.property == "resourceId"
                and o.new_value in (team, tenant)]


def test_racing_changes_end_as_one_order_of_them_would(world: Authorizations, server) -> None:  # type: ignore[no-untyped-def]
    ann, key = _user(server), unique("k")
    assert race([lambda: world.create(GRANT, ("READ",), user=ann, resource_id=key),
                 lambda: world.create(GRANT, ("UPDATE",), user=ann, resource_id=key)]) == Counter(
        {"OK": 1, "ALREADY_EXISTS": 1})
    [made] = world.found(resource_id=key)
    assert race([lambda: world.delete(made), lambda: world.delete(made)]) == Counter({"OK": 1, "NOT_FOUND": 1})
    made = world.create(GRANT, ("READ",), user=ann, resource_id=key).id
    assert race([lambda: world.update(ap.Authorization(id=made, permissions=["UPDATE"]), "permissions"),
                 lambda: world.delete(made)]) in (Counter({"OK": 2}), Counter({"OK": 1, "NOT_FOUND": 1}))
    assert world.found(resource_id=key) == []


def test_authorizations_with_grpcurl(server) -> None:  # type: ignore[no-untyped-def]
    """The README's session: reflection lists the service; JSON names as protobuf maps them."""
    from tests.platform.grpcurl import Grpcurl

    grpcurl = Grpcurl.for_server(server)
    service = "flowkeeper.engine.v1.AuthorizationService"
    assert service in grpcurl.list()
    assert {f"{service}.{m}" for m in (
        "CreateAuthorization", "GetAuthorization", "QueryAuthorizations", "CountAuthorizations", "UpdateAuthorization",
        "DeleteAuthorization", "CheckAuthorization")} <= set(grpcurl.list(service))
    alice, sales, invoice = _user(server), gid("sales"), unique("invoice")
    grpcurl.ok("flowkeeper.engine.v1.GroupService/CreateGroup", {"group": {"id": sales}})
    grpcurl.ok("flowkeeper.engine.v1.GroupService/AddGroupMember", {"groupId": sales, "userId": alice})
    everyone = grpcurl.ok(f"{service}/CreateAuthorization", {"authorization": {
        "type": 0, "permissions": ["READ"], "resourceType": 6, "resourceId": invoice}})["authorization"]
    assert {k: v for k, v in everyone.items() if k != "id"} == {
        "permissions": ["READ"], "user_id": "*", "resource_type": 6, "resource_id": invoice,
        "resource_name": "ProcessDefinition"}
    grpcurl.ok(f"{service}/CreateAuthorization", {"authorization": {
        "type": 1, "permissions": ["READ", "CREATE_INSTANCE"], "groupId": sales, "resourceType": 6,
        "resourceId": invoice}})
    grpcurl.ok(f"{service}/CreateAuthorization", {"authorization": {
        "type": 2, "permissions": ["CREATE_INSTANCE"], "userId": alice, "resourceType": 6, "resourceId": "*"}})
    answer = grpcurl.ok(f"{service}/CheckAuthorization", {
        "permissionName": "CREATE_INSTANCE", "resourceName": "ProcessDefinition", "resourceId": invoice,
        "userId": alice})
    assert answer == {"permission_name": "CREATE_INSTANCE", "resource_name": "ProcessDefinition",
                      "resource_id": invoice, "user_id": alice, "resource_type": 6}  # authorized: false
    assert grpcurl.ok(f"{service}/CheckAuthorization", {
        "permissionName": "READ", "resourceType": 6, "resourceId": invoice, "userId": alice})["authorized"] is True
    assert grpcurl.ok(f"{service}/CountAuthorizations", {"resourceId": invoice})["count"] == "2"
    updated = grpcurl.ok(f"{service}/UpdateAuthorization", {
        "authorization": {"id": everyone["id"], "permissions": ["ALL"]}, "updateMask": {"paths": ["permissions"]}})
    assert updated["authorization"]["permissions"] == ["ALL"]
    failed = grpcurl.fails(f"{service}/CreateAuthorization", {"authorization": {
        "type": 1, "permissions": ["ACCESS"], "userId": alice, "resourceType": 6, "resourceId": "*"}})
    assert (failed.code, failed.reason) == ("InvalidArgument", "INVALID_FIELD")
    failed = grpcurl.with_token(server.token(alice)).fails(f"{service}/DeleteAuthorization", {"id": everyone["id"]})
    assert (failed.code, failed.reason) == ("PermissionDenied", "ADMIN_REQUIRED")
