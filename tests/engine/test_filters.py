"""FilterService: saved task queries — create, get (with item count), query, update, delete —
and running them as the caller, extended by a query the call gives."""

from __future__ import annotations

import grpc
import pytest
from google.protobuf import struct_pb2

from flowkeeper.engine.v1 import filter_pb2 as fp
from flowkeeper.engine.v1 import filter_pb2_grpc
from flowkeeper.engine.v1 import task_pb2
from tests.engine.support import Engine
from tests.support import expect_error, unique


class Filters(Engine):
    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.filters = api.stub(filter_pb2_grpc.FilterServiceStub)

    def task(self, **fields: object) -> str:
        return self.tasks.CreateTask(task_pb2.CreateTaskRequest(**fields)).task.id

    def create(self, name: str, query: task_pb2.QueryTasksRequest, owner: str = "",
               properties: dict | None = None) -> fp.Filter:  # type: ignore[type-arg]
        props = struct_pb2.Struct()
        props.update(properties or {})
        return self.filters.CreateFilter(fp.CreateFilterRequest(filter=fp.Filter(
            name=name, owner=owner, query=query, properties=props))).filter

    def listed(self, filter_id: str, extending: task_pb2.QueryTasksRequest | None = None, **page: int) -> list[str]:
        tasks = self.filters.ListFilterTasks(fp.ListFilterTasksRequest(
            id=filter_id, extending_query=extending, page=page or None)).tasks
        count = self.filters.CountFilterTasks(fp.CountFilterTasksRequest(id=filter_id, extending_query=extending)).count
        if not page:
            assert count == len(tasks)
        return [t.id for t in tasks]


@pytest.fixture
def world(api) -> Filters:  # type: ignore[no-untyped-def]
    return Filters(api)


def test_a_filter_keeps_its_query_and_runs_it_extended(world: Filters) -> None:
    team = unique("team")
    alice = world.task(name=f"{team} a", assignee="alice", priority=10)
    bob = world.task(name=f"{team} b", assignee="bob", priority=80)
    high = world.task(name=f"{team} c", priority=90)
    mine = world.create("Team tasks", task_pb2.QueryTasksRequest(
        name_like=f"{team}%", sorting=[{"sort_by": "SORT_BY_PRIORITY", "sort_order": "SORT_ORDER_DESC"}],
        page={"first_result": 1, "max_results": 1}),
        owner="lead", properties={"color": "#ff0000", "priority": 5, "description": "all of them"})
    got = world.filters.GetFilter(fp.GetFilterRequest(id=mine.id, item_count=True)).filter
    assert (got.name, got.owner, got.resource_type, got.item_count) == ("Team tasks", "lead", "Task", 3)
    assert got.query.name_like == f"{team}%" and not got.query.HasField("page")  # its page is not kept
    assert dict(got.properties) == {"color": "#ff0000", "priority": 5.0, "description": "all of them"}

    assert world.listed(mine.id) == [high, bob, alice]
    assert world.listed(mine.id, first_result=1, max_results=1) == [bob]
    # An extension replaces what it sets (here the sorting) and adds to nothing else.
    assert world.listed(mine.id, task_pb2.QueryTasksRequest(
        sorting=[{"sort_by": "SORT_BY_PRIORITY", "sort_order": "SORT_ORDER_ASC"}])) == [alice, bob, high]
    assert world.listed(mine.id, task_pb2.QueryTasksRequest(assignee="bob")) == [bob]
    assert world.listed(mine.id, task_pb2.QueryTasksRequest(name_like="nobody%")) == []


def test_variable_filters_of_an_extension_add_to_the_filter_s(world: Filters) -> None:
    team = unique("team")
    both = world.task(name=f"{team} both")
    one = world.task(name=f"{team} one")
    for task_id, values in ((both, {"region": "eu", "tier": "gold"}), (one, {"region": "eu", "tier": "silver"})):
        world.tasks.ModifyTaskVariables(task_pb2.ModifyTaskVariablesRequest(
            task_id=task_id, modifications={k: {"value": {"string_value": v}} for k, v in values.items()}))
    eu = world.create("EU", task_pb2.QueryTasksRequest(
        name_like=f"{team}%", task_variables=[{"name": "region", "operator": "eq", "value": {"string_value": "eu"}}]))
    assert sorted(world.listed(eu.id)) == sorted([both, one])
    gold = task_pb2.QueryTasksRequest(task_variables=[{"name": "tier", "operator": "eq",
                                                       "value": {"string_value": "gold"}}])
    assert world.listed(eu.id, gold) == [both]


def test_query_update_and_delete_filters(world: Filters) -> None:
    prefix = unique("filters")
    made = [world.create(f"{prefix} {n}", task_pb2.QueryTasksRequest(assignee=n), owner=owner)
            for n, owner in (("b", "ann"), ("a", "ann"), ("c", "cid"))]

    def names(**fields: object) -> list[str]:
        fields.setdefault("name_like", f"{prefix}%")
        found = [f.name for f in world.filters.QueryFilters(fp.QueryFiltersRequest(**fields)).filters]
        counted = world.filters.CountFilters(fp.CountFiltersRequest(
            **{k: v for k, v in fields.items() if k not in ("sorting", "item_count", "page")})).count
        assert counted == len(found)
        return found

    assert names(sorting=[{"sort_by": "name", "sort_order": "asc"}]) == [f"{prefix} a", f"{prefix} b", f"{prefix} c"]
    assert names(owner="ann", sorting=[{"sort_by": "name", "sort_order": "desc"}]) == [f"{prefix} b", f"{prefix} a"]
    assert names(name=f"{prefix} c", resource_type="Task") == [f"{prefix} c"]
    assert names(filter_id=made[0].id) == [f"{prefix} b"]
    counted = world.filters.QueryFilters(fp.QueryFiltersRequest(filter_id=made[0].id, item_count=True)).filters
    assert [f.HasField("item_count") for f in counted] == [True]

    changed = fp.Filter(id=made[2].id, name=f"{prefix} renamed", query=task_pb2.QueryTasksRequest(assignee="zed"))
    updated = world.filters.UpdateFilter(fp.UpdateFilterRequest(filter=changed)).filter
    assert (updated.name, updated.owner, updated.query.assignee, dict(updated.properties)) == (
        f"{prefix} renamed", "", "zed", {})
    world.filters.DeleteFilter(fp.DeleteFilterRequest(id=made[1].id))
    expect_error(lambda: world.filters.GetFilter(fp.GetFilterRequest(id=made[1].id)), grpc.StatusCode.NOT_FOUND,
                 "FILTER_NOT_FOUND")
    assert names(sorting=[{"sort_by": "name", "sort_order": "asc"}]) == [f"{prefix} b", f"{prefix} renamed"]


def test_a_filter_finds_the_tasks_of_the_caller_s_tenants(world: Filters, server) -> None:  # type: ignore[no-untyped-def]
    team, tenant = unique("team"), unique("tenant")
    shared = world.task(name=f"{team} shared")
    theirs = world.task(name=f"{team} theirs", tenant_id=tenant)
    everything = world.create("Everything", task_pb2.QueryTasksRequest(name_like=f"{team}%"))
    assert sorted(world.listed(everything.id)) == sorted([shared, theirs])
    outsider = Filters(server.api(server.token(tenants=("someone-else",))))
    assert outsider.listed(everything.id) == [shared]
    assert outsider.filters.GetFilter(fp.GetFilterRequest(id=everything.id, item_count=True)).filter.item_count == 1


def test_current_user_is_whoever_runs_the_filter(world: Filters, server) -> None:  # type: ignore[no-untyped-def]
    team = unique("team")
    alice, bob = unique("alice"), unique("bob")
    hers = world.task(name=f"{team} hers", assignee=alice)
    his = world.task(name=f"{team} his", assignee=bob)
    offered = world.task(name=f"{team} offered")
    world.tasks.AddTaskIdentityLink(task_pb2.AddTaskIdentityLinkRequest(
        task_id=offered, identity_link=task_pb2.TaskIdentityLink(user_id=bob, type="TYPE_CANDIDATE")))
    mine = world.create("My tasks", task_pb2.QueryTasksRequest(name_like=f"{team}%", assignee="${currentUser()}"))
    offered_to_me = world.create("Offered to me", task_pb2.QueryTasksRequest(
        name_like=f"{team}%", or_queries=[task_pb2.TaskOrQuery(assignee="${currentUser()}",
                                                              candidate_user="${currentUser()}")]))
    # The filter keeps the expression; each caller runs it as themselves.
    assert world.filters.GetFilter(fp.GetFilterRequest(id=mine.id)).filter.query.assignee == "${currentUser()}"
    as_alice, as_bob = (Filters(server.api(server.token(user))) for user in (alice, bob))
    assert as_alice.listed(mine.id) == [hers] and as_bob.listed(mine.id) == [his]
    assert sorted(as_bob.listed(offered_to_me.id)) == sorted([his, offered])
    assert as_alice.filters.GetFilter(fp.GetFilterRequest(id=offered_to_me.id, item_count=True)).filter.item_count == 1
    # An extending query may use it too.
    everything = world.create("Team", task_pb2.QueryTasksRequest(name_like=f"{team}%"))
    assert as_alice.listed(everything.id, task_pb2.QueryTasksRequest(assignee="${currentUser()}")) == [hers]


def test_refusals_name_the_field(world: Filters) -> None:
    def create(**fields: object) -> fp.Filter:
        return world.filters.CreateFilter(fp.CreateFilterRequest(filter=fp.Filter(**fields))).filter

    big = struct_pb2.Struct()
    big.update({"blob": "x" * 70000})
    for call, reason, field_name in (
        (lambda: world.filters.CreateFilter(fp.CreateFilterRequest()), "MISSING_REQUIRED_FIELD", "filter"),
        (lambda: create(name=""), "MISSING_REQUIRED_FIELD", "filter.name"),
        (lambda: create(name="x", resource_type="ProcessInstance"), "INVALID_FIELD", "filter.resource_type"),
        (lambda: create(name="x" * 256), "INVALID_FIELD", "filter.name"),
        (lambda: create(name="x", properties=big), "INVALID_FIELD", "filter.properties"),
        (lambda: create(name="x", query=task_pb2.QueryTasksRequest(assigned=True, unassigned=True)),
         "INVALID_FIELD", "filter.query.unassigned"),
        (lambda: world.filters.QueryFilters(fp.QueryFiltersRequest(sorting=[{"sort_by": "created",
                                                                            "sort_order": "asc"}])),
         "INVALID_SORTING", "sorting[0].sort_by"),
        (lambda: world.filters.GetFilter(fp.GetFilterRequest()), "MISSING_REQUIRED_FIELD", "id"),
    ):
        assert expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, reason).fields == [field_name]
    plain = world.create("plain", task_pb2.QueryTasksRequest(assigned=True))
    failure = expect_error(lambda: world.listed(plain.id, task_pb2.QueryTasksRequest(name_like="x\\")),
                           grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failure.fields == ["extending_query.name_like"]
    for call in (lambda: world.listed("no-such-filter"),
                 lambda: world.filters.DeleteFilter(fp.DeleteFilterRequest(id="no-such-filter")),
                 lambda: world.filters.UpdateFilter(fp.UpdateFilterRequest(filter=fp.Filter(id="nope", name="n")))):
        expect_error(call, grpc.StatusCode.NOT_FOUND, "FILTER_NOT_FOUND")
