"""GroupService: groups of users — create, get, query and count, update, delete, members — with
their refusals and operation log entries; and what groups mean for the candidate user of task
queries (QueryTasks, CountTasks, or-queries, filters)."""

from __future__ import annotations

import uuid
from collections import Counter

import grpc
import pytest
from google.protobuf import field_mask_pb2

from flowkeeper.engine.v1 import filter_pb2 as fp
from flowkeeper.engine.v1 import filter_pb2_grpc
from flowkeeper.engine.v1 import group_pb2 as gp
from flowkeeper.engine.v1 import group_pb2_grpc, history_pb2, history_pb2_grpc, task_pb2
from tests.engine.support import Engine
from tests.engine.work_support import Work, key
from tests.support import expect_error, race, race_each, unique

CURRENT_USER_GROUPS = "${currentUserGroups()}"


def gid(prefix: str = "g") -> str:
    """A unique group id (letters and digits only)."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


class Groups(Engine):
    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.groups = api.stub(group_pb2_grpc.GroupServiceStub)
        self.filters = api.stub(filter_pb2_grpc.FilterServiceStub)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def create(self, group_id: str, name: str = "", type: str = "") -> gp.Group:
        return self.groups.CreateGroup(gp.CreateGroupRequest(group=gp.Group(id=group_id, name=name, type=type))).group

    def add(self, group_id: str, user: str) -> None:
        self.groups.AddGroupMember(gp.AddGroupMemberRequest(group_id=group_id, user_id=user))

    def remove(self, group_id: str, user: str) -> None:
        self.groups.RemoveGroupMember(gp.RemoveGroupMemberRequest(group_id=group_id, user_id=user))

    def found(self, **fields: object) -> list[str]:
        """The ids QueryGroups answers; CountGroups counts as many."""
        ids = [g.id for g in self.groups.QueryGroups(gp.QueryGroupsRequest(**fields)).groups]
        counted = self.groups.CountGroups(gp.CountGroupsRequest(
            **{k: v for k, v in fields.items() if k not in ("sorting", "page")})).count
        if "page" not in fields:
            assert counted == len(ids), fields
        return ids

    def task(self, name: str, *, groups: tuple[str, ...] = (), users: tuple[str, ...] = (), assignee: str = "") -> str:
        """A standalone task offered to these candidate groups and users."""
        task_id = self.tasks.CreateTask(task_pb2.CreateTaskRequest(name=name, assignee=assignee)).task.id
        for group in groups:
            self.tasks.AddTaskIdentityLink(task_pb2.AddTaskIdentityLinkRequest(
                task_id=task_id, identity_link=task_pb2.TaskIdentityLink(group_id=group, type="TYPE_CANDIDATE")))
        for user in users:
            self.tasks.AddTaskIdentityLink(task_pb2.AddTaskIdentityLinkRequest(
                task_id=task_id, identity_link=task_pb2.TaskIdentityLink(user_id=user, type="TYPE_CANDIDATE")))
        return task_id

    def offered(self, **fields: object) -> list[str]:
        """The ids of QueryTasks' answer, sorted (tasks made at one instant have no order of
        their own); CountTasks counts as many."""
        tasks = [t.id for t in self.tasks.QueryTasks(task_pb2.QueryTasksRequest(**fields)).tasks]
        assert self.tasks.CountTasks(task_pb2.CountTasksRequest(**fields)).count == len(tasks), fields
        return sorted(tasks)

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
def world(api) -> Groups:  # type: ignore[no-untyped-def]
    return Groups(api)


def _user(server) -> str:  # type: ignore[no-untyped-def]
    """A new user of the directory (with a token), by display_name."""
    name = unique("user")
    server.token(name)
    return name


# -- the service --------------------------------------------------------------------------------


def test_create_get_update_and_delete_a_group(world: Groups) -> None:
    group_id = gid("Sales")
    created = world.create(group_id, name="Sales team", type="WORKFLOW")
    assert (created.id, created.name, created.type) == (group_id, "Sales team", "WORKFLOW")
    got = world.groups.GetGroup(gp.GetGroupRequest(id=group_id)).group
    assert got == created

    # Only the fields the mask names change; a named field left empty is cleared.
    renamed = world.groups.UpdateGroup(gp.UpdateGroupRequest(
        group=gp.Group(id=group_id, name="Sales and marketing", type="ignored"),
        update_mask=field_mask_pb2.FieldMask(paths=["name"]))).group
    assert (renamed.name, renamed.type) == ("Sales and marketing", "WORKFLOW")
    cleared = world.groups.UpdateGroup(gp.UpdateGroupRequest(
        group=gp.Group(id=group_id), update_mask=field_mask_pb2.FieldMask(paths=["type", "name"]))).group
    assert (cleared.name, cleared.type) == ("", "")
    assert world.groups.GetGroup(gp.GetGroupRequest(id=group_id)).group == cleared

    world.groups.DeleteGroup(gp.DeleteGroupRequest(id=group_id))
    expect_error(lambda: world.groups.GetGroup(gp.GetGroupRequest(id=group_id)), grpc.StatusCode.NOT_FOUND,
                 "GROUP_NOT_FOUND")
    # The id is free again.
    assert world.create(group_id).id == group_id


def test_query_and_count_groups(world: Groups, server) -> None:  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    a, b, c = gid("a"), gid("b"), gid("c")
    world.create(a, name=f"{tag} Alpha", type="WORKFLOW")
    world.create(b, name=f"{tag} Beta", type="SYSTEM")
    world.create(c, name=f"{tag} Gamma", type="WORKFLOW")
    ann, bob = _user(server), _user(server)
    world.add(a, ann)
    world.add(c, ann)
    world.add(b, bob)
    mine = [a, b, c]

    assert world.found(id_in=mine) == sorted(mine)  # by id without sorting
    assert world.found(id=b) == [b] and world.found(id=b, id_in=[a]) == []
    assert world.found(name=f"{tag} Beta") == [b]
    assert world.found(name_like=f"{tag} %a", sorting=[{"sort_by": "name", "sort_order": "desc"}]) == [c, b, a]
    assert world.found(name_like=f"{tag} alpha") == []  # case-sensitive
    assert world.found(type="WORKFLOW", id_in=mine) == sorted([a, c])
    assert world.found(member=ann) == sorted([a, c]) and world.found(member=bob) == [b]
    assert world.found(member=ann, type="SYSTEM") == []
    assert world.found(member=unique("nobody")) == []
    assert world.found(id_in=mine, sorting=[{"sort_by": "type", "sort_order": "asc"},
                                            {"sort_by": "name", "sort_order": "desc"}]) == [b, c, a]
    assert world.found(id_in=mine, sorting=[{"sort_by": "id", "sort_order": "desc"}]) == sorted(mine, reverse=True)
    assert world.found(id_in=mine, page={"first_result": 1, "max_results": 1}) == [sorted(mine)[1]]
    assert world.groups.CountGroups(gp.CountGroupsRequest(id_in=mine, member=ann)).count == 2


def test_members_come_and_go(world: Groups, server) -> None:  # type: ignore[no-untyped-def]
    group_id, ann, bob = gid(), _user(server), _user(server)
    world.create(group_id)
    world.add(group_id, ann)
    world.add(group_id, bob)
    assert world.found(member=ann) == [group_id] and world.found(member=bob) == [group_id]
    world.remove(group_id, ann)
    assert world.found(member=ann) == [] and world.found(member=bob) == [group_id]
    world.remove(group_id, ann)  # no member: nothing to do
    # Deleting the group ends its memberships; a group made again with its id has none.
    world.groups.DeleteGroup(gp.DeleteGroupRequest(id=group_id))
    assert world.found(member=bob) == []
    world.create(group_id)
    assert world.found(member=bob) == []


def test_group_changes_are_in_the_operation_log(world: Groups, server) -> None:  # type: ignore[no-untyped-def]
    group_id, ann = gid(), _user(server)
    world.create(group_id)
    world.groups.UpdateGroup(gp.UpdateGroupRequest(group=gp.Group(id=group_id, name="n"),
                                                   update_mask=field_mask_pb2.FieldMask(paths=["name"])))
    world.add(group_id, ann)
    world.remove(group_id, ann)
    world.remove(group_id, ann)  # no member: no entry
    world.groups.DeleteGroup(gp.DeleteGroupRequest(id=group_id))

    groups = [(o.operation_type, o.property, o.org_value, o.new_value, o.user_id, o.tenant_id)
              for o in world.operations("Group") if o.new_value == group_id]
    assert groups == [(op, "groupId", "", group_id, "admin", "") for op in ("Create", "Update", "Delete")]
    memberships: dict[str, list[tuple[str, str, str]]] = {}
    for o in world.operations("GroupMembership"):
        memberships.setdefault(o.operation_id, []).append((o.operation_type, o.property, o.new_value))
    mine = [entries for entries in memberships.values() if ("Create", "groupId", group_id) in entries
            or ("Delete", "groupId", group_id) in entries]
    assert mine == [[("Create", "userId", ann), ("Create", "groupId", group_id)],
                    [("Delete", "userId", ann), ("Delete", "groupId", group_id)]]


def test_refusals_name_the_field(world: Groups, server) -> None:  # type: ignore[no-untyped-def]
    group_id, ann = gid(), _user(server)
    world.create(group_id)

    def create(**fields: object):  # type: ignore[no-untyped-def]
        return lambda: world.groups.CreateGroup(gp.CreateGroupRequest(group=gp.Group(**fields)))

    def update(paths: list[str], **fields: object):  # type: ignore[no-untyped-def]
        return lambda: world.groups.UpdateGroup(gp.UpdateGroupRequest(
            group=gp.Group(**fields), update_mask=field_mask_pb2.FieldMask(paths=paths)))

    for call, reason, field_name in (
        (lambda: world.groups.CreateGroup(gp.CreateGroupRequest()), "MISSING_REQUIRED_FIELD", "group"),
        (create(name="no id"), "MISSING_REQUIRED_FIELD", "group.id"),
        (create(id="sales-team"), "INVALID_FIELD", "group.id"),
        (create(id="ümlaut"), "INVALID_FIELD", "group.id"),
        (create(id="a b"), "INVALID_FIELD", "group.id"),
        (create(id="g" * 65), "INVALID_FIELD", "group.id"),
        (create(id=gid(), name="n" * 256), "INVALID_FIELD", "group.name"),
        (create(id=gid(), type="t" * 256), "INVALID_FIELD", "group.type"),
        (lambda: world.groups.GetGroup(gp.GetGroupRequest()), "MISSING_REQUIRED_FIELD", "id"),
        (lambda: world.groups.DeleteGroup(gp.DeleteGroupRequest()), "MISSING_REQUIRED_FIELD", "id"),
        (update([], id=group_id, name="x"), "MISSING_REQUIRED_FIELD", "update_mask"),
        (update(["name", "id"], id=group_id), "INVALID_FIELD", "update_mask"),
        (update(["name"]), "MISSING_REQUIRED_FIELD", "group.id"),
        (update(["type"], id=group_id, type="t" * 256), "INVALID_FIELD", "group.type"),
        (update(["name"], id=group_id, name="n" * 256), "INVALID_FIELD", "group.name"),
        (lambda: world.groups.AddGroupMember(gp.AddGroupMemberRequest(user_id=ann)), "MISSING_REQUIRED_FIELD",
         "group_id"),
        (lambda: world.groups.RemoveGroupMember(gp.RemoveGroupMemberRequest(group_id=group_id)),
         "MISSING_REQUIRED_FIELD", "user_id"),
        (lambda: world.groups.QueryGroups(gp.QueryGroupsRequest(sorting=[{"sort_by": "members", "sort_order": "asc"}])),
         "INVALID_SORTING", "sorting[0].sort_by"),
        (lambda: world.groups.QueryGroups(gp.QueryGroupsRequest(sorting=[{"sort_by": "name"}])),
         "INVALID_SORTING", "sorting[0].sort_order"),
        (lambda: world.groups.QueryGroups(gp.QueryGroupsRequest(page={"first_result": -1})), "INVALID_FIELD",
         "first_result"),
        (lambda: world.groups.QueryGroups(gp.QueryGroupsRequest(page={"max_results": -1})), "INVALID_FIELD",
         "max_results"),
        (lambda: world.groups.QueryGroups(gp.QueryGroupsRequest(name_like="x\\")), "INVALID_FIELD", "name_like"),
        (lambda: world.groups.CountGroups(gp.CountGroupsRequest(name_like="x\\")), "INVALID_FIELD", "name_like"),
    ):
        failure = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert failure.fields == [field_name], (reason, field_name, failure.fields)
    invalid = expect_error(create(id="sales-team"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert invalid.info.metadata["pattern"] == "[a-zA-Z0-9]+"
    too_long = expect_error(create(id="g" * 65), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert too_long.info.metadata["max_length"] == "64"
    bad_path = expect_error(update(["name", "id"], id=group_id), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert bad_path.info.metadata["path"] == "id"

    exists = expect_error(create(id=group_id), grpc.StatusCode.ALREADY_EXISTS, "GROUP_EXISTS")
    assert (exists.info.metadata["type"], exists.info.metadata["id"]) == ("conflict", group_id)
    world.add(group_id, ann)
    member = expect_error(lambda: world.add(group_id, ann), grpc.StatusCode.ALREADY_EXISTS, "GROUP_MEMBER_EXISTS")
    assert (member.info.metadata["group_id"], member.info.metadata["user_id"]) == (group_id, ann)

    missing = gid("missing")
    for call, field_name in (
        (lambda: world.groups.GetGroup(gp.GetGroupRequest(id=missing)), "id"),
        (lambda: world.groups.DeleteGroup(gp.DeleteGroupRequest(id=missing)), "id"),
        (update(["name"], id=missing, name="x"), "group.id"),
        (lambda: world.add(missing, ann), "group_id"),
        (lambda: world.remove(missing, ann), "group_id"),
    ):
        failure = expect_error(call, grpc.StatusCode.NOT_FOUND, "GROUP_NOT_FOUND")
        assert (failure.info.metadata["id"], failure.info.metadata["field_name"]) == (missing, field_name)
    ghost = unique("ghost")
    for call in (lambda: world.add(group_id, ghost), lambda: world.remove(group_id, ghost)):
        failure = expect_error(call, grpc.StatusCode.NOT_FOUND, "USER_NOT_FOUND")
        assert (failure.info.metadata["id"], failure.info.metadata["field_name"]) == (ghost, "user_id")
    # Nothing of a refused call stays.
    assert world.found(member=ann) == [group_id]


def test_only_admin_tokens_change_groups_and_any_token_reads_them(world: Groups, server) -> None:  # type: ignore[no-untyped-def]
    group_id, ann = gid(), _user(server)
    world.create(group_id, name="readable")
    world.add(group_id, ann)
    other = Groups(server.api(server.token(unique("plain"))))
    assert other.groups.GetGroup(gp.GetGroupRequest(id=group_id)).group.name == "readable"
    assert other.found(member=ann) == [group_id]
    for call in (
        lambda: other.create(gid()),
        lambda: other.groups.CreateGroup(gp.CreateGroupRequest()),
        lambda: other.groups.UpdateGroup(gp.UpdateGroupRequest(
            group=gp.Group(id=group_id, name="x"), update_mask=field_mask_pb2.FieldMask(paths=["name"]))),
        lambda: other.groups.UpdateGroup(gp.UpdateGroupRequest()),
        lambda: other.groups.DeleteGroup(gp.DeleteGroupRequest(id=group_id)),
        lambda: other.add(group_id, _user(server)),
        lambda: other.remove(group_id, ann),
    ):
        failure = expect_error(call, grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
        assert failure.info.metadata["type"] == "forbidden"
    assert world.groups.GetGroup(gp.GetGroupRequest(id=group_id)).group.name == "readable"
    assert world.found(member=ann) == [group_id]
    unauthenticated = Groups(server.api(None))
    expect_error(lambda: unauthenticated.groups.GetGroup(gp.GetGroupRequest(id=group_id)),
                 grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")


def test_racing_changes_end_as_one_order_of_them_would(world: Groups, server) -> None:  # type: ignore[no-untyped-def]
    """Two creations of one id, two additions of one member, an addition beside the group's
    deletion: each pair answers as if one call came after the other (a lost race on PostgreSQL is
    run again and then sees the winner's rows)."""
    group_id, ann = gid(), _user(server)
    assert race([lambda: world.create(group_id), lambda: world.create(group_id)]) == Counter(
        {"OK": 1, "ALREADY_EXISTS": 1})
    assert race([lambda: world.add(group_id, ann), lambda: world.add(group_id, ann)]) == Counter(
        {"OK": 1, "ALREADY_EXISTS": 1})
    other, bob = gid(), _user(server)
    world.create(other)
    answers = race_each([lambda: world.add(other, bob),
                         lambda: world.groups.DeleteGroup(gp.DeleteGroupRequest(id=other))])
    assert answers in {("OK", "OK"), ("NOT_FOUND", "OK")}
    assert world.found(member=bob) == []


# -- candidate users through their groups -------------------------------------------------------


def test_a_task_offered_to_a_group_is_found_by_its_members(world: Groups, server) -> None:  # type: ignore[no-untyped-def]
    team = unique("team")
    sales, support = gid("sales"), gid("support")
    world.create(sales)
    world.create(support)
    ann, bob, cid = _user(server), _user(server), _user(server)
    world.add(sales, ann)
    world.add(support, bob)
    to_sales = world.task(f"{team} sales", groups=(sales,))
    to_support = world.task(f"{team} support", groups=(support,))
    to_ann = world.task(f"{team} ann", users=(ann,))
    taken = world.task(f"{team} taken", groups=(sales,), assignee=bob)
    never = world.task(f"{team} nobody's", groups=(gid("unmade"),))

    mine = {"name_like": f"{team}%"}
    assert world.offered(candidate_user=ann, **mine) == sorted([to_sales, to_ann])
    assert world.offered(candidate_user=bob, **mine) == [to_support]
    assert world.offered(candidate_user=cid, **mine) == []  # no group, no task
    assert world.offered(candidate_user=ann, include_assigned_tasks=True, **mine) == sorted([to_sales, to_ann, taken])
    # involved_user stays with the user's own links, as in the document's engine.
    assert world.offered(involved_user=ann, **mine) == [to_ann]
    assert world.offered(candidate_groups=[sales, support], **mine) == sorted([to_sales, to_support])
    assert never not in world.offered(candidate_user=ann, include_assigned_tasks=True, **mine)

    # A new member finds the group's tasks; a member who left does not.
    world.add(sales, cid)
    assert world.offered(candidate_user=cid, **mine) == [to_sales]
    world.remove(sales, ann)
    assert world.offered(candidate_user=ann, **mine) == [to_ann]
    # Deleting the group leaves the task naming it; nobody finds it through the group now, and
    # a group made again with its id has it back for its new members.
    world.groups.DeleteGroup(gp.DeleteGroupRequest(id=sales))
    assert world.offered(candidate_user=cid, **mine) == []
    assert world.offered(candidate_group=sales, **mine) == [to_sales]
    world.create(sales)
    world.add(sales, bob)
    assert world.offered(candidate_user=bob, **mine) == sorted([to_sales, to_support])


def test_or_queries_find_tasks_through_groups(world: Groups, server) -> None:  # type: ignore[no-untyped-def]
    team = unique("team")
    sales = gid("sales")
    world.create(sales)
    ann, bob = _user(server), _user(server)
    world.add(sales, ann)
    to_sales = world.task(f"{team} sales", groups=(sales,))
    hers = world.task(f"{team} hers", assignee=ann)
    world.task(f"{team} bob's", assignee=bob)
    mine = {"name_like": f"{team}%"}
    either = [task_pb2.TaskOrQuery(assignee=ann, candidate_user=ann)]
    assert world.offered(or_queries=either, **mine) == sorted([to_sales, hers])
    assert to_sales not in world.offered(or_queries=[task_pb2.TaskOrQuery(assignee=bob, candidate_user=bob)], **mine)


def test_a_process_user_task_offered_to_a_group(api, server) -> None:  # type: ignore[no-untyped-def]
    work, world = Work(api), Groups(api)
    reviewers = gid("reviewers")
    world.create(reviewers)
    ann, bob = _user(server), _user(server)
    world.add(reviewers, ann)
    process_key = key("grouped")
    definition = work.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" camunda:candidateGroups="{reviewers}, others" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
""")
    instance = work.start_id(definition)
    [task] = work.tasks_of(instance)
    assert world.offered(candidate_user=ann, process_instance_id=instance) == [task.id]
    assert world.offered(candidate_user=bob, process_instance_id=instance) == []


# -- filters: ${currentUserGroups()} ------------------------------------------------------------


def test_current_user_groups_are_the_groups_of_whoever_runs_the_filter(world: Groups, server) -> None:  # type: ignore[no-untyped-def]
    team = unique("team")
    sales, support, extra = gid("sales"), gid("support"), gid("extra")
    for group in (sales, support):
        world.create(group)
    ann, bob, cid = _user(server), _user(server), _user(server)
    world.add(sales, ann)
    world.add(support, bob)
    world.add(sales, bob)
    to_sales = world.task(f"{team} sales", groups=(sales,))
    to_support = world.task(f"{team} support", groups=(support,))
    to_extra = world.task(f"{team} extra", groups=(extra,))
    world.task(f"{team} to ann", users=(ann,))

    def create(query: task_pb2.QueryTasksRequest) -> str:
        return world.filters.CreateFilter(fp.CreateFilterRequest(filter=fp.Filter(name="Team", query=query))).filter.id

    def listed(as_user: str, filter_id: str, extending: task_pb2.QueryTasksRequest | None = None) -> list[str]:
        caller = Groups(server.api(server.token(as_user)))
        tasks = [t.id for t in caller.filters.ListFilterTasks(fp.ListFilterTasksRequest(
            id=filter_id, extending_query=extending)).tasks]
        assert caller.filters.CountFilterTasks(fp.CountFilterTasksRequest(
            id=filter_id, extending_query=extending)).count == len(tasks)
        return sorted(tasks)

    my_groups = create(task_pb2.QueryTasksRequest(name_like=f"{team}%", candidate_groups=[CURRENT_USER_GROUPS]))
    # The filter keeps the expression; each caller runs it with their own groups, as they are then.
    assert world.filters.GetFilter(fp.GetFilterRequest(id=my_groups)).filter.query.candidate_groups == [
        CURRENT_USER_GROUPS]
    assert listed(ann, my_groups) == [to_sales]
    assert listed(bob, my_groups) == sorted([to_sales, to_support])
    assert listed(cid, my_groups) == []  # in no group: no group's task
    world.add(support, cid)
    assert listed(cid, my_groups) == [to_support]

    # Beside groups the list names.
    and_extra = create(task_pb2.QueryTasksRequest(name_like=f"{team}%", candidate_groups=[extra, CURRENT_USER_GROUPS]))
    assert listed(ann, and_extra) == sorted([to_sales, to_extra])
    assert listed(_user(server), and_extra) == [to_extra]
    # In an or-query, and in an extending query.
    either = create(task_pb2.QueryTasksRequest(name_like=f"{team}%", or_queries=[task_pb2.TaskOrQuery(
        candidate_groups=[CURRENT_USER_GROUPS], name=f"{team} extra")]))
    assert listed(ann, either) == sorted([to_sales, to_extra])
    everything = create(task_pb2.QueryTasksRequest(name_like=f"{team}%"))
    assert listed(ann, everything, task_pb2.QueryTasksRequest(candidate_groups=[CURRENT_USER_GROUPS])) == [to_sales]
    # ${currentUser()} as candidate user finds the caller's group tasks too.
    offered_to_me = create(task_pb2.QueryTasksRequest(name_like=f"{team}%", candidate_user="${currentUser()}"))
    assert listed(cid, offered_to_me) == [to_support]
    # With candidate_group, the expression's list is a candidate_groups all the same.
    failure = expect_error(lambda: listed(ann, everything, task_pb2.QueryTasksRequest(
        candidate_group=sales, candidate_groups=[CURRENT_USER_GROUPS])), grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_FIELD")
    assert failure.fields == ["extending_query.candidate_groups"]
    # Outside a filter the text is a group name like any other.
    assert world.offered(name_like=f"{team}%", candidate_groups=[CURRENT_USER_GROUPS]) == []


# -- grpcurl ------------------------------------------------------------------------------------


def test_groups_with_grpcurl(server) -> None:  # type: ignore[no-untyped-def]
    """The README's session: reflection lists the service; JSON names as protobuf maps them."""
    from tests.platform.grpcurl import Grpcurl

    grpcurl = Grpcurl.for_server(server)
    service = "flowkeeper.engine.v1.GroupService"
    assert service in grpcurl.list()
    assert {f"{service}.{m}" for m in ("CreateGroup", "GetGroup", "QueryGroups", "CountGroups", "UpdateGroup",
                                       "DeleteGroup", "AddGroupMember", "RemoveGroupMember")} <= set(grpcurl.list(service))
    group_id, alice = gid("sales"), _user(server)
    created = grpcurl.ok(f"{service}/CreateGroup", {"group": {"id": group_id, "name": "Sales", "type": "WORKFLOW"}})
    assert created["group"] == {"id": group_id, "name": "Sales", "type": "WORKFLOW"}
    grpcurl.ok(f"{service}/AddGroupMember", {"groupId": group_id, "userId": alice})
    assert [g["id"] for g in grpcurl.ok(f"{service}/QueryGroups", {"member": alice})["groups"]] == [group_id]
    # grpcurl reads a FieldMask as {"paths": [...]} (not as the JSON mapping's "name,type").
    updated = grpcurl.ok(f"{service}/UpdateGroup", {"group": {"id": group_id, "name": "Sales EMEA"},
                                                    "updateMask": {"paths": ["name"]}})["group"]
    assert (updated["name"], updated["type"]) == ("Sales EMEA", "WORKFLOW")
    failed = grpcurl.fails(f"{service}/CreateGroup", {"group": {"id": group_id}})
    assert (failed.code, failed.reason) == ("AlreadyExists", "GROUP_EXISTS")
    failed = grpcurl.with_token(server.token(unique("plain"))).fails(f"{service}/DeleteGroup", {"id": group_id})
    assert (failed.code, failed.reason) == ("PermissionDenied", "ADMIN_REQUIRED")
