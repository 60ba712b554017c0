"""QueryTasks' and CountTasks' or_queries (the document's engine's `orQueries`): a task matches
when it matches the query's filters and, for each or-query, one of the filters the or-query gives
(conjunctive normal form); an or-query that gives none holds for every task. Filters that exclude
each other in a query are alternatives in an or-query; a candidate filter is one alternative with
its condition (unassigned, unless include_assigned_tasks); the caller's tenants still bound what
is found. The faults of an or-query's filters name their field through it.

The world is test_task_query_filters' (its table says what each task is); every query names the
world's task ids."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import task_pb2
from flowkeeper.engine.v1.execution_pb2 import VariableQueryParameter
from tests.engine.support import value
from tests.engine.history_support import TaskHistory
from tests.engine.test_task_query_filters import ALL, World, build_world, day
from tests.support import ServerHandle, expect_error

Or = task_pb2.TaskOrQuery


@pytest.fixture(scope="module")
def world(server: ServerHandle) -> World:
    return build_world(server)


def test_one_or_query_matches_a_task_one_of_its_filters_holds_for(world: World) -> None:
    w = world
    assert w.which(or_queries=[Or(assignee="carol", candidate_user="erin")]) == "BE"
    assert w.which(or_queries=[Or(name_like="%task", priority=70)]) == "ABD"
    assert w.which(or_queries=[Or(task_definition_key="PackParcel", case_instance_business_key=f"{w.tag}-case_1")]) \
        == "CDG"
    assert w.which(or_queries=[Or(business_key_like=f"{w.tag}-parcel%", process_definition_name=w.names["orders"])]) \
        == "ABCDE"
    # Nothing given: no alternative to hold, and no restriction.
    assert w.which(or_queries=[Or()]) == ALL
    assert w.count(or_queries=[Or(assignee="carol", candidate_user="erin")]) == 2


def test_the_query_and_each_or_query_must_hold(world: World) -> None:
    w = world
    assert w.which(process_definition_key=w.keys["orders"], or_queries=[Or(assignee="carol", candidate_group="managers")]) \
        == "B"
    two = [Or(name_like="%task", priority=70), Or(due_before=day(2), without_due_date=True)]
    assert w.which(or_queries=two) == "ABD"
    assert w.which(or_queries=two + [Or(candidate_group="managers")]) == "D"
    assert w.count(or_queries=two) == 3
    assert w.which(or_queries=[Or(assignee="nobody"), Or(assignee="carol")]) == ""


def test_filters_that_exclude_each_other_are_alternatives(world: World) -> None:
    w = world
    assert w.which(or_queries=[Or(assigned=True, unassigned=True)]) == ALL
    assert w.which(or_queries=[Or(active=True, suspended=True)]) == ALL
    assert w.which(or_queries=[Or(tenant_id_in=[w.tenant], without_tenant_id=True)]) == ALL
    assert w.which(or_queries=[Or(tenant_id_in=[w.tenant], assignee="dave")]) == "CE"
    # Unassigned tasks naming sales, or managers.
    assert w.which(or_queries=[Or(candidate_group="sales", candidate_groups=["managers"])]) == "AD"


def test_a_candidate_filter_is_one_alternative_with_its_condition(world: World) -> None:
    w = world
    # B names alice but is carol's: as a candidate it does not match, as an assigned task it does.
    assert w.which(or_queries=[Or(candidate_user="alice")]) == "A"
    assert w.which(or_queries=[Or(candidate_user="alice", assigned=True)]) == "ABCG"
    assert w.which(or_queries=[Or(candidate_user="alice", include_assigned_tasks=True)]) == "AB"
    assert w.which(or_queries=[Or(candidate_user="alice", include_assigned_tasks=True, owner="nobody")]) == "AB"
    assert w.which(or_queries=[Or(involved_user="carol", candidate_user="erin")]) == "BCE"


def test_variable_filters_are_alternatives_too(world: World) -> None:
    w = world
    users = VariableQueryParameter(name="users", operator="eq", value=value("carol"))
    groups = VariableQueryParameter(name="groups", operator="eq", value=value("managers"))
    assert w.which(or_queries=[Or(process_variables=[users, groups])]) == "CD"
    shouting = VariableQueryParameter(name="GROUPS", operator="eq", value=value("MANAGERS"))
    assert w.which(or_queries=[Or(process_variables=[shouting])]) == ""
    assert w.which(or_queries=[Or(process_variables=[shouting], variable_names_ignore_case=True,
                                  variable_values_ignore_case=True)]) == "D"
    # The or-query's ignore_case flags are its own: the query's do not reach into it.
    assert w.which(variable_names_ignore_case=True, variable_values_ignore_case=True,
                   or_queries=[Or(process_variables=[shouting])]) == ""


def test_the_callers_tenants_still_bound_what_is_found(server: ServerHandle, world: World) -> None:
    other = TaskHistory(server.api(server.token(tenants=("someone-else",))))
    found = other.tasks.QueryTasks(task_pb2.QueryTasksRequest(
        task_id_in=list(world.ids.values()),
        or_queries=[Or(tenant_id_in=[world.tenant], without_tenant_id=True)])).tasks
    assert sorted(world.label(t.id) for t in found) == sorted(ALL.replace("E", ""))


def test_an_or_querys_faults_name_their_field_through_it(world: World) -> None:
    w = world
    bad = grpc.StatusCode.INVALID_ARGUMENT
    refused = expect_error(lambda: w.found(or_queries=[Or(), Or(name_like="oops\\")]), bad, "INVALID_FIELD")
    assert refused.fields == ["or_queries[1].name_like"]
    assert refused.info.metadata["field_name"] == "or_queries[1].name_like"
    refused = expect_error(lambda: w.count(or_queries=[Or(include_assigned_tasks=True)]), bad, "INVALID_FIELD")
    assert refused.fields == ["or_queries[0].include_assigned_tasks"]
    refused = expect_error(lambda: w.found(or_queries=[Or(delegation_state=99)]), bad, "INVALID_ENUM_VALUE")
    assert refused.fields == ["or_queries[0].delegation_state"]
    wrong = VariableQueryParameter(name="users", operator="near", value=value("carol"))
    refused = expect_error(lambda: w.found(or_queries=[Or(task_variables=[wrong])]), bad, "INVALID_VARIABLE_OPERATOR")
    assert refused.fields == ["or_queries[0].task_variables[0].operator"]
    refused = expect_error(lambda: w.count(or_queries=[Or()] * 33), bad, "INVALID_FIELD")
    assert refused.fields == ["or_queries"] and refused.info.metadata["max_items"] == "32"
    assert w.count(or_queries=[Or()] * 32) == len(ALL)
    # Outside an or-query, filters that exclude each other are still refused.
    refused = expect_error(lambda: w.found(assigned=True, unassigned=True, or_queries=[Or(assigned=True)]), bad,
                           "INVALID_FIELD")
    assert refused.fields == ["unassigned"]
