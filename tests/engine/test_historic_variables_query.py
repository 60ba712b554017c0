"""HistoryService's variable history queries: QueryHistoricVariableInstances and
QueryHistoricDetails with every filter, every sort key both ways and offset paging; their counts
with the same filters; GetHistoricVariableInstance and GetHistoricDetail; what a tenant's token
sees; and the errors of these and of the two deletions of the variable history.

The world is a server of its own per backend (module-scoped): every row of its history is the
world's, so a filter's answer is exact, and its clock moves as the world needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Iterator

import grpc
import pytest
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import execution_pb2 as ex
from flowkeeper.engine.v1 import history_pb2 as hi
from tests.conftest import BACKENDS, own_server
from tests.engine.case_support import Cases
from tests.engine.history_support import VariableHistory, every_page, pair, sorted_by, ts
from tests.engine.support import value
from tests.engine.work_support import waiting
from tests.support import ServerHandle, expect_error

MINUTE = timedelta(minutes=1)
TENANT, OTHER = "tenant-a", "tenant-b"
ADA_BORN = "2024-06-15T12:00:00.000+0000"
BIG = "9007199254740993"  # 2^53 + 1: exact only as text

Detail = tuple[str, str]  # (the variable's label, the event)


@dataclass
class World:
    """Four process instances and a case, their variables changed a minute apart (t0..t3):

    t0  p1 (orders, no tenant) starts: amount 100, customer "Ada", vip true
    t1  p1: amount becomes Long 250, vip is deleted; its user task gets comment "Looks GOOD"
        (ModifyTaskVariables local: operation ``task``); p2 (orders) starts: amount 250.0,
        customer "ada", due_date (a Date), nothing (null)
    t2  p3 (orders of TENANT) starts: amount Short 250, customer "Bob", flag false, big (a Long
        beyond 2^53); the case c1 (no tenant) is created: amount "250" (a String), customer "ADA";
        its human task gets comment "fine" (operation ``case_task``)
    t3  p4 (refunds of OTHER) starts: amount 1, customer "Cy", duexdate "n/a"; amount becomes 2

    Variables are labelled ``<owner>.<name>`` (p1.comment is the task's own)."""

    server: ServerHandle
    engine: VariableHistory
    definitions: dict[str, str]
    owners: dict[str, str]  # p1..p4 and c1 -> instance id
    tasks: dict[str, str]  # p1, c1 -> their user task's id
    review: str  # p1's user task's activity instance
    check: str  # c1's human task's case execution
    operations: dict[str, str]
    times: tuple[datetime, ...]
    variables: list[hi.HistoricVariableInstance]  # every one, by id
    details: list[hi.HistoricDetail]  # every one, as they occurred
    labels: dict[str, str]  # variable id -> label

    def label(self, row: hi.HistoricVariableInstance) -> str:
        return self.labels[row.id]

    def detail_of(self, row: hi.HistoricDetail) -> Detail:
        return self.labels[row.variable_instance_id], row.event

    def variable(self, label: str) -> hi.HistoricVariableInstance:
        return next(v for v in self.variables if self.labels[v.id] == label)

    def found(self, **filters: Any) -> list[hi.HistoricVariableInstance]:
        """What QueryHistoricVariableInstances finds (every page of 3), checked against the count."""
        rows = every_page(self.engine.historic_variables, self.engine.count_historic_variables, 3, **filters)
        if "sorting" not in filters:
            assert [r.id for r in rows] == sorted(r.id for r in rows)  # without sorting: by id
        return rows

    def which(self, **filters: Any) -> set[str]:
        """The labels of the variables found."""
        return {self.label(r) for r in self.found(**filters)}

    def found_details(self, **filters: Any) -> list[hi.HistoricDetail]:
        """What QueryHistoricDetails finds (every page of 4), checked against the count."""
        rows = every_page(self.engine.historic_details, self.engine.count_historic_details, 4, **filters)
        if "sorting" not in filters:
            assert [int(r.id) for r in rows] == sorted(int(r.id) for r in rows)  # as they occurred
        return rows

    def changes(self, **filters: Any) -> set[Detail]:
        """The details found, as (label, event)."""
        return {self.detail_of(r) for r in self.found_details(**filters)}


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with own_server(request, tmp_path_factory, history_cleanup=False) as handle:
        yield _world(handle)


def _world(server: ServerHandle) -> World:
    engine, cases = VariableHistory(server.api()), Cases(server.api())
    d1 = engine.deploy_inline("orders", waiting("orders"))
    d2 = engine.deploy_inline("orders", waiting("orders"), TENANT)
    d3 = engine.deploy_inline("refunds", waiting("refunds"), OTHER)
    case_definition = cases.case_definition_id(cases.deploy_case("case_three_items.cmmn"), "case_three_items")

    t0 = server.clock.now()
    p1 = engine.start_id(d1, {"amount": 100, "customer": "Ada", "vip": True})
    t1 = server.clock.advance(MINUTE)
    engine.modify_variables(p1, {"amount": (250, "Long")}, deletions=("vip",))
    [task] = engine.tasks_of(p1)
    engine.modify_task(task.id, {"comment": "Looks GOOD"}, local=True)
    p2 = engine.start_id(d1, {"amount": (250, "Double"), "customer": "ada", "due_date": (ADA_BORN, "Date"),
                              "nothing": None})
    t2 = server.clock.advance(MINUTE)
    p3 = engine.start_id(d2, {"amount": (250, "Short"), "customer": "Bob", "flag": False, "big": (BIG, "Long")})
    c1 = cases.create(id=case_definition, variables={"amount": ("250", "String"), "customer": "ADA"}).id
    [case_task] = cases.case_tasks(c1)
    engine.modify_task(case_task.id, {"comment": "fine"}, local=True)
    t3 = server.clock.advance(MINUTE)
    p4 = engine.start_id(d3, {"amount": 1, "customer": "Cy", "duexdate": "n/a"})
    engine.modify_variables(p4, {"amount": 2})
    server.clock.advance(MINUTE)

    owners = {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "c1": c1}
    variables = engine.historic_variables(include_deleted=True)
    labels = {}
    for row in variables:
        owner = next(label for label, owner_id in owners.items() if owner_id in (row.process_instance_id,
                                                                                 row.case_instance_id))
        labels[row.id] = f"{owner}.{row.name}"
    review = next(p.id for p in engine.history.QueryHistoricActivityInstances(hi.QueryHistoricActivityInstancesRequest(
        process_instance_id=p1, activity_id="Review")).historic_activity_instances)
    [operation] = engine.entries(task_id=task.id, operation_type="ModifyVariable")
    [case_operation] = engine.entries(task_id=case_task.id, operation_type="ModifyVariable")
    world = World(server, engine, {"d1": d1, "d2": d2, "d3": d3, "case": case_definition}, owners,
                  {"p1": task.id, "c1": case_task.id}, review, cases.execution(c1, "PI_CheckApplication").id,
                  {"task": operation.operation_id, "case_task": case_operation.operation_id}, (t0, t1, t2, t3),
                  variables, engine.historic_details(), labels)
    assert sorted(labels.values()) == sorted([
        "p1.amount", "p1.customer", "p1.vip", "p1.comment", "p2.amount", "p2.customer", "p2.due_date",
        "p2.nothing", "p3.amount", "p3.customer", "p3.flag", "p3.big", "c1.amount", "c1.customer", "c1.comment",
        "p4.amount", "p4.customer", "p4.duexdate"])
    assert len(world.details) == 21
    return world


ALL = {"p1.amount", "p1.customer", "p1.comment", "p2.amount", "p2.customer", "p2.due_date", "p2.nothing",
       "p3.amount", "p3.customer", "p3.flag", "p3.big", "c1.amount", "c1.customer", "c1.comment", "p4.amount",
       "p4.customer", "p4.duexdate"}


def test_every_variable_instance_filter(world: World) -> None:
    w = world
    o, d = w.owners, w.definitions
    assert w.which() == ALL  # p1.vip is DELETED
    assert w.which(include_deleted=True) == ALL | {"p1.vip"}
    assert w.which(variable_name="customer") == {"p1.customer", "p2.customer", "p3.customer", "c1.customer",
                                                 "p4.customer"}
    assert w.which(variable_name="vip") == set()
    assert w.which(variable_name="vip", include_deleted=True) == {"p1.vip"}
    assert w.which(variable_name="CUSTOMER") == set()
    assert w.which(variable_name="CUSTOMER", variable_names_ignore_case=True) == w.which(variable_name="customer")
    assert w.which(variable_name_in=["flag", "comment"]) == {"p3.flag", "p1.comment", "c1.comment"}
    assert w.which(variable_name_in=["vip"], include_deleted=True) == {"p1.vip"}
    assert w.which(variable_type_in=["integer"]) == {"p4.amount"}
    assert w.which(variable_type_in=["LONG", "Short"]) == {"p1.amount", "p3.amount", "p3.big"}
    assert w.which(variable_type_in=["Double", "date", "null"]) == {"p2.amount", "p2.due_date", "p2.nothing"}
    assert w.which(variable_type_in=["Boolean"]) == {"p3.flag"}
    assert w.which(variable_type_in=["Boolean"], include_deleted=True) == {"p3.flag", "p1.vip"}
    assert w.which(variable_type_in=["Json", "Bytes"]) == set()
    assert w.which(process_instance_id=o["p1"]) == {"p1.amount", "p1.customer", "p1.comment"}
    assert w.which(process_instance_id=o["p1"], include_deleted=True) == {"p1.amount", "p1.customer", "p1.comment",
                                                                          "p1.vip"}
    assert w.which(process_instance_id=o["c1"]) == set()
    assert w.which(process_instance_id_in=[o["p2"], o["p4"]]) == {
        "p2.amount", "p2.customer", "p2.due_date", "p2.nothing", "p4.amount", "p4.customer", "p4.duexdate"}
    assert w.which(process_definition_id=d["d1"]) == {"p1.amount", "p1.customer", "p1.comment", "p2.amount",
                                                      "p2.customer", "p2.due_date", "p2.nothing"}
    assert w.which(process_definition_id=d["d2"]) == {"p3.amount", "p3.customer", "p3.flag", "p3.big"}
    assert w.which(process_definition_key="refunds") == {"p4.amount", "p4.customer", "p4.duexdate"}
    assert w.which(process_definition_key="orders") == w.which(process_instance_id_in=[o["p1"], o["p2"], o["p3"]])
    # A task's own variables have the task's execution (here the instance's).
    assert w.which(execution_id_in=[o["p1"]]) == {"p1.amount", "p1.customer", "p1.comment"}
    assert w.which(execution_id_in=[o["p3"], o["p4"]]) == w.which(tenant_id_in=[TENANT, OTHER])
    assert w.which(case_instance_id=o["c1"]) == {"c1.amount", "c1.customer", "c1.comment"}
    assert w.which(case_instance_id=o["p1"]) == set()
    assert w.which(case_execution_id_in=[o["c1"]]) == {"c1.amount", "c1.customer"}
    assert w.which(case_execution_id_in=[w.check]) == {"c1.comment"}
    assert w.which(case_activity_id_in=["CasePlanModel_1"]) == {"c1.amount", "c1.customer"}
    assert w.which(case_activity_id_in=["PI_CheckApplication", "PI_Decide"]) == {"c1.comment"}
    assert w.which(task_id_in=[w.tasks["p1"]]) == {"p1.comment"}
    assert w.which(task_id_in=[w.tasks["p1"], w.tasks["c1"]]) == {"p1.comment", "c1.comment"}
    assert w.which(activity_instance_id_in=[o["p1"]]) == {"p1.amount", "p1.customer"}
    assert w.which(activity_instance_id_in=[w.review]) == {"p1.comment"}
    assert w.which(activity_instance_id_in=[o["c1"], w.check]) == {"c1.amount", "c1.customer", "c1.comment"}
    assert w.which(tenant_id_in=[TENANT]) == {"p3.amount", "p3.customer", "p3.flag", "p3.big"}
    assert w.which(tenant_id_in=[TENANT, OTHER]) == {"p3.amount", "p3.customer", "p3.flag", "p3.big", "p4.amount",
                                                     "p4.customer", "p4.duexdate"}
    assert w.which(tenant_id_in=["no-such-tenant"]) == set()
    assert w.which(without_tenant_id=True) == ALL - w.which(tenant_id_in=[TENANT, OTHER])
    # Every filter given must hold.
    assert w.which(variable_name="amount", tenant_id_in=[TENANT, OTHER], variable_type_in=["integer"]) == {
        "p4.amount"}
    assert w.which(process_instance_id=o["p1"], task_id_in=[w.tasks["c1"]]) == set()


def test_variable_name_like(world: World) -> None:
    w = world
    assert w.which(variable_name_like="c%") == {"p1.customer", "p2.customer", "p3.customer", "c1.customer",
                                                "p4.customer", "p1.comment", "c1.comment"}
    assert w.which(variable_name_like="%o%t") == {"p1.amount", "p2.amount", "p3.amount", "c1.amount", "p4.amount",
                                                  "p1.comment", "c1.comment"}
    assert w.which(variable_name_like="due_date") == {"p2.due_date", "p4.duexdate"}  # _: any one character
    assert w.which(variable_name_like="due\\_date") == {"p2.due_date"}  # an escaped _ is literal
    assert w.which(variable_name_like="due\\_%") == {"p2.due_date"}
    assert w.which(variable_name_like="%\\%%") == set()  # an escaped % is literal
    assert w.which(variable_name_like="v%") == set()
    assert w.which(variable_name_like="v%", include_deleted=True) == {"p1.vip"}
    assert w.which(variable_name_like="FL%") == set()  # case-sensitive on both databases
    assert w.which(variable_name_like="FL%", variable_names_ignore_case=True) == {"p3.flag"}
    assert w.which(variable_name_like="c%", variable_name="comment") == {"p1.comment", "c1.comment"}


def test_variable_value_compares_as_the_execution_query_s_eq(world: World) -> None:
    w = world

    def having(name: str, raw: Any, **flags: Any) -> set[str]:
        return w.which(variable_name=name, variable_value=value(raw), **flags)

    amounts = {"p1.amount", "p2.amount", "p3.amount"}  # Long 250, Double 250.0, Short 250
    assert having("amount", 250) == amounts
    assert having("amount", 250.0) == amounts
    assert having("amount", 250.5) == set()
    assert having("amount", "250") == {"c1.amount"}  # text compares with text only
    assert having("amount", 100) == set()  # the latest value counts: p1's amount was 100
    assert having("amount", 2) == {"p4.amount"}
    assert having("big", BIG) == {"p3.big"}  # a Long beyond 2^53, given exactly as text
    assert having("big", 2**53 + 1) == set()  # as a JSON number it arrives as 2^53
    assert having("customer", "ada") == {"p2.customer"}
    assert having("customer", "ada", variable_values_ignore_case=True) == {"p1.customer", "p2.customer",
                                                                           "c1.customer"}
    assert having("comment", "looks good") == set()
    assert having("comment", "looks good", variable_values_ignore_case=True) == {"p1.comment"}
    assert having("CUSTOMER", "ada") == set()
    assert having("CUSTOMER", "ada", variable_names_ignore_case=True) == {"p2.customer"}
    assert having("Customer", "ADA", variable_names_ignore_case=True, variable_values_ignore_case=True) == {
        "p1.customer", "p2.customer", "c1.customer"}
    # A date's text compares with a Date, in any zone and in ISO-8601.
    assert having("due_date", ADA_BORN) == {"p2.due_date"}
    assert having("due_date", "2024-06-15T14:00:00.000+0200") == {"p2.due_date"}
    assert having("due_date", "2024-06-15T12:00:00Z") == {"p2.due_date"}
    assert having("due_date", "2024-06-15T12:00:01Z") == set()
    assert having("nothing", None) == {"p2.nothing"}
    assert having("customer", None) == set()
    assert having("flag", False) == {"p3.flag"}
    assert having("flag", True) == set()
    assert having("flag", 0) == set()  # a boolean is no number
    assert having("vip", True) == set()
    assert having("vip", True, include_deleted=True) == {"p1.vip"}  # a DELETED one has its last value
    assert having("amount", 250, tenant_id_in=[TENANT]) == {"p3.amount"}


def test_every_detail_filter(world: World) -> None:
    w = world
    o, (t0, t1, t2, t3) = w.owners, w.times
    everything = {w.detail_of(d) for d in w.details}
    assert w.changes() == everything and len(everything) == 21
    p1 = {("p1.amount", "create"), ("p1.customer", "create"), ("p1.vip", "create"), ("p1.amount", "update"),
          ("p1.vip", "delete"), ("p1.comment", "create")}
    p2 = {("p2.amount", "create"), ("p2.customer", "create"), ("p2.due_date", "create"), ("p2.nothing", "create")}
    p3 = {("p3.amount", "create"), ("p3.customer", "create"), ("p3.flag", "create"), ("p3.big", "create")}
    c1 = {("c1.amount", "create"), ("c1.customer", "create"), ("c1.comment", "create")}
    p4 = {("p4.amount", "create"), ("p4.customer", "create"), ("p4.duexdate", "create"), ("p4.amount", "update")}
    assert everything == p1 | p2 | p3 | c1 | p4
    assert w.changes(process_instance_id=o["p1"]) == p1
    assert w.changes(process_instance_id=o["c1"]) == set()
    assert w.changes(process_instance_id_in=[o["p2"], o["p4"]]) == p2 | p4
    assert w.changes(execution_id=o["p2"]) == p2
    assert w.changes(execution_id=o["p1"]) == p1  # the task's execution is the instance's
    assert w.changes(task_id=w.tasks["p1"]) == {("p1.comment", "create")}
    assert w.changes(task_id=w.tasks["c1"]) == {("c1.comment", "create")}
    assert w.changes(activity_instance_id=w.review) == {("p1.comment", "create")}
    assert w.changes(activity_instance_id=o["p1"]) == p1 - {("p1.comment", "create")}
    assert w.changes(case_instance_id=o["c1"]) == c1
    assert w.changes(case_execution_id=w.check) == {("c1.comment", "create")}
    assert w.changes(case_execution_id=o["c1"]) == c1 - {("c1.comment", "create")}
    assert w.changes(variable_instance_id=w.variable("p1.amount").id) == {("p1.amount", "create"),
                                                                          ("p1.amount", "update")}
    assert w.changes(variable_instance_id=w.variable("p1.vip").id) == {("p1.vip", "create"), ("p1.vip", "delete")}
    # Each detail has the type of its own value: p1's amount was an Integer, then a Long.
    assert w.changes(variable_type_in=["long"]) == {("p1.amount", "update"), ("p3.big", "create")}
    assert w.changes(variable_type_in=["Integer"]) == {("p1.amount", "create"), ("p4.amount", "create"),
                                                       ("p4.amount", "update")}
    assert w.changes(variable_type_in=["BOOLEAN", "Null"]) == {("p1.vip", "create"), ("p1.vip", "delete"),
                                                               ("p3.flag", "create"), ("p2.nothing", "create")}
    assert w.changes(variable_type_in=["json"]) == set()
    assert w.changes(tenant_id_in=[TENANT]) == p3
    assert w.changes(tenant_id_in=[TENANT, OTHER]) == p3 | p4
    assert w.changes(tenant_id_in=["no-such-tenant"]) == set()
    assert w.changes(without_tenant_id=True) == p1 | p2 | c1
    assert w.changes(user_operation_id=w.operations["task"]) == {("p1.comment", "create")}
    assert w.changes(user_operation_id=w.operations["case_task"]) == {("c1.comment", "create")}
    assert w.changes(user_operation_id="no-such-operation") == set()
    assert w.changes(exclude_task_details=True) == everything - {("p1.comment", "create"), ("c1.comment", "create")}
    # With a task id the exclusion is ignored, as in the document's engine.
    assert w.changes(task_id=w.tasks["p1"], exclude_task_details=True) == {("p1.comment", "create")}
    assert w.changes(task_id=w.tasks["c1"], exclude_task_details=True) == {("c1.comment", "create")}
    initial = {d for d in everything if d[1] == "create"} - {("p1.comment", "create"), ("c1.comment", "create")}
    assert w.changes(initial=True) == initial
    assert w.changes(initial=True, process_instance_id=o["p1"]) == {
        ("p1.amount", "create"), ("p1.customer", "create"), ("p1.vip", "create")}
    # Times are inclusive at both ends.
    assert w.changes(occurred_before=ts(t0)) == {("p1.amount", "create"), ("p1.customer", "create"),
                                                 ("p1.vip", "create")}
    assert w.changes(occurred_after=ts(t3)) == p4
    assert w.changes(occurred_after=ts(t1), occurred_before=ts(t2)) == (p1 | p2 | p3 | c1) - w.changes(
        occurred_before=ts(t0))
    assert w.changes(occurred_after=ts(t3 + timedelta(microseconds=1))) == set()
    assert w.changes(occurred_before=ts(t0 - timedelta(microseconds=1))) == set()
    assert w.changes(process_instance_id=o["p4"], initial=True, variable_type_in=["integer"]) == {
        ("p4.amount", "create")}


def _expected(rows: list[Any], key: Callable[[Any], Any], desc: bool, tie: Callable[[Any], Any]) -> list[str]:
    """Ids of ``rows`` sorted by ``key`` (None first ascending, last descending), ties by ``tie``
    ascending."""
    present = sorted((r for r in rows if key(r) is not None), key=tie)
    present = sorted(present, key=key, reverse=desc)
    absent = sorted((r for r in rows if key(r) is None), key=tie)
    return [r.id for r in (present + absent if desc else absent + present)]


VARIABLE_KEYS: dict[str, Callable[[hi.HistoricVariableInstance], Any]] = {
    "instanceId": lambda r: r.process_instance_id or None,
    "variableName": lambda r: r.name,
    "tenantId": lambda r: r.tenant_id or None,
}

DETAIL_KEYS: dict[str, Callable[[hi.HistoricDetail], Any]] = {
    "processInstanceId": lambda r: r.process_instance_id or None,
    "variableName": lambda r: r.variable_name,
    "variableType": lambda r: r.value.type,
    "variableRevision": lambda r: r.revision,
    "time": lambda r: (r.time.seconds, r.time.nanos),
    "occurrence": lambda r: int(r.id),
    "tenantId": lambda r: r.tenant_id or None,
}


def test_variable_instances_sorted_and_paged(world: World) -> None:
    w = world
    rows = w.variables  # include_deleted, by id

    def order(*pairs: tuple[str, str]) -> list[str]:
        return [r.id for r in w.found(include_deleted=True, sorting=sorted_by(*pairs))]

    assert [r.id for r in w.found(include_deleted=True)] == sorted(r.id for r in rows)
    for sort_by, key in VARIABLE_KEYS.items():
        for direction in ("asc", "desc"):
            assert order((sort_by, direction)) == _expected(rows, key, direction == "desc", lambda r: r.id), (
                sort_by, direction)
    # The case's variables have no process instance: first ascending, last descending.
    assert [w.labels[i][:2] for i in order(("instanceId", "asc"))[:3]] == ["c1"] * 3
    assert [w.labels[i][:2] for i in order(("instanceId", "desc"))[-3:]] == ["c1"] * 3
    by_name_then_tenant = order(("variableName", "asc"), ("tenantId", "desc"))
    assert [w.labels[i] for i in by_name_then_tenant][:5] == [
        "p4.amount", "p3.amount", *sorted(["p1.amount", "p2.amount", "c1.amount"],
                                          key=lambda label: w.variable(label).id)]

    def page(first_result: int, max_results: int, *pairs: tuple[str, str]) -> list[str]:
        return [r.id for r in w.engine.historic_variables(
            include_deleted=True, page={"first_result": first_result, "max_results": max_results},
            sorting=sorted_by(*pairs))]

    by_id = sorted(r.id for r in rows)
    assert page(0, 0) == by_id  # max_results 0: the server's page size
    assert page(16, 5) == by_id[16:]
    assert page(18, 5) == []
    assert page(3, 4, ("variableName", "desc")) == order(("variableName", "desc"))[3:7]
    assert w.engine.count_historic_variables(include_deleted=True) == 18


def test_details_sorted_and_paged(world: World) -> None:
    w = world
    rows = w.details  # as they occurred

    def order(*pairs: tuple[str, str]) -> list[str]:
        return [r.id for r in w.found_details(sorting=sorted_by(*pairs))]

    occurred = [r.id for r in rows]
    assert [r.id for r in w.found_details()] == occurred == order(("occurrence", "asc"))
    assert order(("occurrence", "desc")) == occurred[::-1]
    for sort_by, key in DETAIL_KEYS.items():
        for direction in ("asc", "desc"):
            assert order((sort_by, direction)) == _expected(rows, key, direction == "desc", lambda r: int(r.id)), (
                sort_by, direction)
    assert order(("time", "desc"), ("variableRevision", "desc"))[:2] == [
        r.id for r in rows if w.detail_of(r) == ("p4.amount", "update")] + [
        next(r.id for r in rows if r.time == ts(w.times[3]) and r.revision == 0)]
    # Revision 1 first, by instance; then revision 0, the case's (no process instance) first.
    first = [w.detail_of(r) for r in w.found_details(
        sorting=sorted_by(("variableRevision", "desc"), ("processInstanceId", "asc")))][:3]
    assert first[:2] == sorted([("p1.amount", "update"), ("p4.amount", "update")], key=lambda d: w.owners[d[0][:2]])
    assert first[2][0].startswith("c1.")

    def page(first_result: int, max_results: int, *pairs: tuple[str, str]) -> list[str]:
        return [r.id for r in w.engine.historic_details(
            page={"first_result": first_result, "max_results": max_results}, sorting=sorted_by(*pairs))]

    assert page(0, 0) == occurred
    assert page(19, 5) == occurred[19:]
    assert page(21, 5) == []
    assert page(2, 3, ("time", "desc")) == order(("time", "desc"))[2:5]


def test_get_a_variable_instance_and_a_detail(world: World) -> None:
    w = world
    for row in w.variables:
        assert w.engine.historic_variable(row.id) == row
    vip = w.engine.historic_variable(w.variable("p1.vip").id)
    assert (vip.name, vip.state, pair(vip.value)) == ("vip", "DELETED", (True, "Boolean"))
    big = w.engine.historic_variable(w.variable("p3.big").id)
    assert (pair(big.value), big.tenant_id, big.create_time) == ((BIG, "Long"), TENANT, ts(w.times[2]))
    due = w.engine.historic_variable(w.variable("p2.due_date").id)
    assert pair(due.value) == (ADA_BORN, "Date")
    for row in w.details:
        assert w.engine.historic_detail(row.id) == row
    [update] = [d for d in w.details if w.detail_of(d) == ("p4.amount", "update")]
    assert (update.type, update.variable_name, update.revision, update.initial, pair(update.value)) == (
        "variableUpdate", "amount", 1, False, (2, "Integer"))
    assert (update.process_instance_id, update.process_definition_key, update.tenant_id, update.time) == (
        w.owners["p4"], "refunds", OTHER, ts(w.times[3]))

    for missing in ("no-such-variable", ""):
        failed = expect_error(lambda: w.engine.historic_variable(missing), grpc.StatusCode.NOT_FOUND,
                              "VARIABLE_INSTANCE_NOT_FOUND")
        assert failed.info.metadata["id"] == missing
    for missing in ("999999", "no-such-detail", "", "-1", "0" + w.details[0].id, " " + w.details[0].id):
        failed = expect_error(lambda: w.engine.historic_detail(missing), grpc.StatusCode.NOT_FOUND,
                              "HISTORIC_DETAIL_NOT_FOUND")
        assert failed.info.metadata["id"] == missing


def test_a_tenant_token_finds_counts_and_gets_only_what_it_sees(world: World) -> None:
    w = world
    member = World(**{**w.__dict__, "engine": VariableHistory(w.server.api(w.server.token(tenants=(TENANT,))))})
    mine = w.which(without_tenant_id=True) | w.which(tenant_id_in=[TENANT])
    assert member.which() == mine
    assert member.which(tenant_id_in=[OTHER]) == set()
    assert member.which(process_instance_id=w.owners["p4"]) == set()
    assert member.which(tenant_id_in=[TENANT, OTHER]) == w.which(tenant_id_in=[TENANT])
    assert member.changes() == w.changes(without_tenant_id=True) | w.changes(tenant_id_in=[TENANT])
    assert member.changes(process_instance_id=w.owners["p4"]) == set()
    assert member.engine.historic_variable(w.variable("p3.flag").id) == w.variable("p3.flag")
    assert member.engine.historic_variable(w.variable("c1.comment").id) == w.variable("c1.comment")
    hidden = w.variable("p4.amount")
    expect_error(lambda: member.engine.historic_variable(hidden.id), grpc.StatusCode.NOT_FOUND,
                 "VARIABLE_INSTANCE_NOT_FOUND")
    for detail in w.details:
        if detail.tenant_id == OTHER:
            expect_error(lambda: member.engine.historic_detail(detail.id), grpc.StatusCode.NOT_FOUND,
                         "HISTORIC_DETAIL_NOT_FOUND")
        else:
            assert member.engine.historic_detail(detail.id) == detail

    nobody = World(**{**w.__dict__, "engine": VariableHistory(w.server.api(w.server.token()))})
    assert nobody.which() == w.which(without_tenant_id=True)
    assert nobody.which(variable_name="amount", variable_value=value(250)) == {"p1.amount", "p2.amount"}
    assert nobody.changes() == w.changes(without_tenant_id=True)
    expect_error(lambda: nobody.engine.historic_variable(w.variable("p3.flag").id), grpc.StatusCode.NOT_FOUND,
                 "VARIABLE_INSTANCE_NOT_FOUND")


def test_refused_requests(world: World) -> None:
    engine = world.engine

    def variables(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.historic_variables(**filters)

    def count_variables(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.count_historic_variables(**filters)

    def details(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.historic_details(**filters)

    def count_details(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.count_historic_details(**filters)

    for call in (variables, count_variables):
        for filters, field in (
            ({"tenant_id_in": ["t"], "without_tenant_id": True}, "without_tenant_id"),
            ({"variable_value": value(1)}, "variable_name"),
            ({"variable_value": value("x"), "variable_name_like": "x%"}, "variable_name"),
            ({"variable_name_like": "x\\"}, "variable_name_like"),
            ({"variable_name_like": "x\\\\\\"}, "variable_name_like"),
            ({"variable_type_in": ["Integer", "Number"]}, "variable_type_in"),
        ):
            failed = expect_error(call(**filters), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
            assert failed.fields == [field], filters
        for raw in ([1, 2], {"nested": 1}):
            failed = expect_error(call(variable_name="amount", variable_value=value(raw)),
                                  grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
            assert failed.fields == ["variable_value"], raw
    beyond = timestamp_pb2.Timestamp(seconds=10**12)
    for call in (details, count_details):
        for filters, field in (
            ({"tenant_id_in": ["t"], "without_tenant_id": True}, "without_tenant_id"),
            ({"occurred_before": beyond}, "occurred_before"),
            ({"occurred_after": timestamp_pb2.Timestamp(seconds=0, nanos=-1)}, "occurred_after"),
            ({"variable_type_in": ["Number"]}, "variable_type_in"),
        ):
            failed = expect_error(call(**filters), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
            assert failed.fields == [field], filters
    for call in (variables, details):
        for page, field in (({"first_result": -1}, "first_result"), ({"max_results": -1}, "max_results")):
            failed = expect_error(call(page=page), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
            assert failed.fields == [field]
    for call, known in ((variables, "variableName"), (details, "time")):
        for sorting, field in (
            (sorted_by(("definitionKey", "asc")), "sorting[0].sort_by"),
            (sorted_by((known, "up")), "sorting[0].sort_order"),
            ([ex.Sorting(sort_order="asc")], "sorting[0].sort_by"),
            ([ex.Sorting(sort_by=known, sort_order="asc"), ex.Sorting(sort_by=known)], "sorting[1].sort_order"),
        ):
            failed = expect_error(call(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
            assert failed.fields == [field]
    # The variable instances' sort keys are not the details', nor the other way round.
    expect_error(variables(sorting=sorted_by(("time", "asc"))), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
    expect_error(details(sorting=sorted_by(("instanceId", "asc"))), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_SORTING")


def test_the_deletions_need_an_admin_and_something_to_delete(world: World) -> None:
    w, engine = world, world.engine
    clerk = VariableHistory(w.server.api(w.server.token()))
    amount = w.variable("p1.amount")
    expect_error(lambda: clerk.delete_variable(amount.id), grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
    expect_error(lambda: clerk.delete_variables_of(w.owners["p1"]), grpc.StatusCode.PERMISSION_DENIED,
                 "ADMIN_REQUIRED")
    assert engine.historic_variable(amount.id) == amount  # nothing went
    assert engine.count_historic_variables(process_instance_id=w.owners["p1"], include_deleted=True) == 4
    for missing in ("no-such-variable", ""):
        expect_error(lambda: engine.delete_variable(missing), grpc.StatusCode.NOT_FOUND,
                     "VARIABLE_INSTANCE_NOT_FOUND")
    # A case instance is no process instance.
    for missing in ("no-such-instance", "", w.owners["c1"]):
        failed = expect_error(lambda: engine.delete_variables_of(missing), grpc.StatusCode.NOT_FOUND,
                              "PROCESS_INSTANCE_NOT_FOUND")
        assert failed.info.metadata["id"] == missing
    assert engine.count(operation_type="DeleteHistory") == 0


def test_every_call_needs_a_token(world: World) -> None:
    anonymous = VariableHistory(world.server.api(None))
    for call in (anonymous.historic_variables, anonymous.count_historic_variables, anonymous.historic_details,
                 anonymous.count_historic_details):
        expect_error(call, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
    some = world.variables[0].id
    for one in (anonymous.historic_variable, anonymous.historic_detail, anonymous.delete_variable,
                anonymous.delete_variables_of):
        expect_error(lambda: one(some), grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")

