"""VariableInstanceService: the running variables of every scope (QueryVariableInstances,
CountVariableInstances, GetVariableInstance) — what each names as its owner, every filter, the
value operators and the ignore-case flags, sorting, paging, counts equal to the queries, what a
tenant's token sees, the gets and the refusals; and that a variable leaves with its scope.

The world is a server of its own per backend (module-scoped): every running variable is the
world's, so a filter's answer is exact. The last test changes variables, on the shared server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

import grpc
import pytest

from flowkeeper.engine.v1 import execution_pb2 as ex
from flowkeeper.engine.v1 import task_pb2
from flowkeeper.engine.v1 import variable_instance_pb2 as vi
from flowkeeper.engine.v1 import variable_instance_pb2_grpc as vi_grpc
from tests.conftest import BACKENDS, own_server
from tests.engine.case_support import Cases
from tests.engine.history_support import VariableHistory, every_page, pair, sorted_by
from tests.engine.support import value
from tests.engine.work_support import waiting
from tests.support import Api, ServerHandle, expect_error, unique

TENANT, OTHER = "tenant-a", "tenant-b"
ADA_BORN = "2024-06-15T12:00:00.000+0000"

NESTED = """
<bpmn:process id="{key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Pack" />
  <bpmn:subProcess id="Pack">
    <bpmn:startEvent id="PackStart" />
    <bpmn:sequenceFlow id="p1" sourceRef="PackStart" targetRef="Review" />
    <bpmn:userTask id="Review" />
    <bpmn:sequenceFlow id="p2" sourceRef="Review" targetRef="PackEnd" />
    <bpmn:endEvent id="PackEnd" />
  </bpmn:subProcess>
  <bpmn:sequenceFlow id="f2" sourceRef="Pack" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


class Variables(VariableHistory):
    """The variable history's helpers plus VariableInstanceService."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)
        self.running = api.stub(vi_grpc.VariableInstanceServiceStub)

    def variable_instances(self, **filters: Any) -> list[vi.VariableInstance]:
        return list(self.running.QueryVariableInstances(vi.QueryVariableInstancesRequest(**filters)).variable_instances)

    def count_variable_instances(self, **filters: Any) -> int:
        return self.running.CountVariableInstances(vi.CountVariableInstancesRequest(**filters)).count

    def variable_instance(self, variable_id: str) -> vi.VariableInstance:
        return self.running.GetVariableInstance(vi.GetVariableInstanceRequest(id=variable_id)).variable_instance

    def standalone_task(self, tenant: str = "") -> str:
        return self.tasks.CreateTask(task_pb2.CreateTaskRequest(name=unique("call back"), tenant_id=tenant)).task.id


def where(name: str, operator: str, raw: Any) -> ex.VariableQueryParameter:
    return ex.VariableQueryParameter(name=name, operator=operator, value=value(raw))


@dataclass
class World:
    """Three process instances, a case and a standalone task:

    p1 (orders, no tenant): amount 100, customer "Ada", vip true on the instance; step "packing"
       local to the subprocess Pack's execution; comment "Looks GOOD" local to its user task
    p2 (orders of TENANT): amount 250.0 (Double), customer "bob", due (a Date)
    p3 (refunds of OTHER): amount 7, customer "Cy", nothing (null)
    c1 (a case, no tenant): amount "250" (a String), customer "ADA"; note "fine" local to its
       human task
    s1 (a standalone task of TENANT): reason "callback"

    Variables are labelled ``<owner>.<name>``."""

    server: ServerHandle
    engine: Variables
    definitions: dict[str, str]
    owners: dict[str, str]  # p1..p3, c1 -> instance id; s1 -> the task's id
    pack: str  # the execution of p1's subprocess
    tasks: dict[str, task_pb2.Task]  # p1's user task, c1's human task
    variables: list[vi.VariableInstance]  # every one, by id
    labels: dict[str, str]  # variable id -> label

    def variable(self, label: str) -> vi.VariableInstance:
        return next(v for v in self.variables if self.labels[v.id] == label)

    def found(self, **filters: Any) -> list[vi.VariableInstance]:
        """What QueryVariableInstances finds (every page of 4), checked against the count."""
        rows = every_page(self.engine.variable_instances, self.engine.count_variable_instances, 4, **filters)
        if "sorting" not in filters:
            assert [r.id for r in rows] == sorted(r.id for r in rows)  # without sorting: by id
        return rows

    def which(self, **filters: Any) -> set[str]:
        return {self.labels[r.id] for r in self.found(**filters)}

    def order(self, *pairs: tuple[str, str]) -> list[str]:
        return [r.id for r in self.found(sorting=sorted_by(*pairs))]


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with own_server(request, tmp_path_factory) as handle:
        yield _world(handle)


def _world(server: ServerHandle) -> World:
    engine, cases = Variables(server.api()), Cases(server.api())
    d1 = engine.deploy_inline("orders", NESTED.format(key="orders"))
    d2 = engine.deploy_inline("orders", waiting("orders"), TENANT)
    d3 = engine.deploy_inline("refunds", waiting("refunds"), OTHER)
    case_definition = cases.case_definition_id(cases.deploy_case("case_three_items.cmmn"), "case_three_items")

    p1 = engine.start_id(d1, {"amount": 100, "customer": "Ada", "vip": True})
    [pack] = [e.id for e in engine.tree(p1) if e.id != p1]
    engine.modify_local(pack, {"step": "packing"})
    [task] = engine.tasks_of(p1)
    engine.modify_task(task.id, {"comment": "Looks GOOD"}, local=True)
    p2 = engine.start_id(d2, {"amount": (250, "Double"), "customer": "bob", "due": (ADA_BORN, "Date")})
    p3 = engine.start_id(d3, {"amount": 7, "customer": "Cy", "nothing": None})
    c1 = cases.create(id=case_definition, variables={"amount": ("250", "String"), "customer": "ADA"}).id
    [case_task] = cases.case_tasks(c1)
    engine.modify_task(case_task.id, {"note": "fine"}, local=True)
    s1 = engine.standalone_task(TENANT)
    engine.modify_task(s1, {"reason": "callback"})

    owners = {"p1": p1, "p2": p2, "p3": p3, "c1": c1, "s1": s1}
    variables = engine.variable_instances()
    labels = {}
    for row in variables:
        owner = next(label for label, owner_id in owners.items()
                     if owner_id in (row.process_instance_id, row.case_instance_id, row.task_id))
        labels[row.id] = f"{owner}.{row.name}"
    assert sorted(labels.values()) == sorted(ALL)
    return World(server, engine, {"d1": d1, "d2": d2, "d3": d3, "case": case_definition}, owners, pack,
                 {"p1": task, "c1": case_task}, variables, labels)


P1 = {"p1.amount", "p1.customer", "p1.vip", "p1.step", "p1.comment"}
P2 = {"p2.amount", "p2.customer", "p2.due"}
P3 = {"p3.amount", "p3.customer", "p3.nothing"}
C1 = {"c1.amount", "c1.customer", "c1.note"}
ALL = P1 | P2 | P3 | C1 | {"s1.reason"}


def test_each_variable_names_its_owner(world: World) -> None:
    w = world
    o, d = w.owners, w.definitions
    task, case_task = w.tasks["p1"], w.tasks["c1"]

    def owner(label: str) -> tuple[str, ...]:
        v = w.variable(label)
        return (v.process_instance_id, v.execution_id, v.case_instance_id, v.case_execution_id, v.task_id,
                v.tenant_id, v.process_definition_id, v.case_definition_id)

    # The process instance's own: its root execution; a subprocess's local: that execution.
    assert owner("p1.amount") == (o["p1"], o["p1"], "", "", "", "", d["d1"], "")
    assert owner("p1.step") == (o["p1"], w.pack, "", "", "", "", d["d1"], "")
    # A user task's own: the task, with its execution and process instance.
    assert task.execution_id and task.execution_id != o["p1"]
    assert owner("p1.comment") == (o["p1"], task.execution_id, "", "", task.id, "", d["d1"], "")
    assert owner("p2.due") == (o["p2"], o["p2"], "", "", "", TENANT, d["d2"], "")
    assert owner("p3.nothing") == (o["p3"], o["p3"], "", "", "", OTHER, d["d3"], "")
    # The case instance's own: its root case execution (the case instance's id).
    assert owner("c1.amount") == ("", "", o["c1"], o["c1"], "", "", "", d["case"])
    assert case_task.case_execution_id and case_task.case_execution_id != o["c1"]
    assert owner("c1.note") == ("", "", o["c1"], case_task.case_execution_id, case_task.id, "", "", d["case"])
    # A standalone task's: only the task, and its tenant.
    assert owner("s1.reason") == ("", "", "", "", o["s1"], TENANT, "", "")
    values = {w.labels[v.id]: pair(v.value) for v in w.variables}
    assert values == {
        "p1.amount": (100, "Integer"), "p1.customer": ("Ada", "String"), "p1.vip": (True, "Boolean"),
        "p1.step": ("packing", "String"), "p1.comment": ("Looks GOOD", "String"),
        "p2.amount": (250, "Double"), "p2.customer": ("bob", "String"), "p2.due": (ADA_BORN, "Date"),
        "p3.amount": (7, "Integer"), "p3.customer": ("Cy", "String"), "p3.nothing": (None, "Null"),
        "c1.amount": ("250", "String"), "c1.customer": ("ADA", "String"), "c1.note": ("fine", "String"),
        "s1.reason": ("callback", "String"),
    }
    # The same id as the variable's historic instance.
    assert w.engine.historic_variable(w.variable("p1.step").id).name == "step"


def test_every_owner_filter(world: World) -> None:
    w = world
    o, task, case_task = w.owners, w.tasks["p1"], w.tasks["c1"]
    assert w.which() == ALL
    assert w.which(process_instance_id_in=[o["p1"]]) == P1  # a task's and a subprocess's too
    assert w.which(process_instance_id_in=[o["p2"], o["p3"]]) == P2 | P3
    assert w.which(process_instance_id_in=[o["c1"], o["s1"]]) == set()
    # An execution's own and its user task's; the instance's execution is the root's.
    assert w.which(execution_id_in=[o["p1"]]) == {"p1.amount", "p1.customer", "p1.vip"}
    assert w.which(execution_id_in=[w.pack]) == {"p1.step"} | ({"p1.comment"} if task.execution_id == w.pack
                                                               else set())
    assert w.which(execution_id_in=[task.execution_id]) >= {"p1.comment"}
    assert w.which(execution_id_in=[o["c1"], case_task.id]) == set()  # a case execution, a task
    assert w.which(case_instance_id_in=[o["c1"]]) == C1
    assert w.which(case_instance_id_in=[o["p1"]]) == set()
    assert w.which(case_execution_id_in=[o["c1"]]) == {"c1.amount", "c1.customer"}
    assert w.which(case_execution_id_in=[case_task.case_execution_id]) == {"c1.note"}
    assert w.which(case_execution_id_in=[o["p1"]]) == set()
    assert w.which(task_id_in=[task.id, o["s1"]]) == {"p1.comment", "s1.reason"}
    assert w.which(task_id_in=[case_task.id]) == {"c1.note"}
    assert w.which(task_id_in=[o["p1"], o["c1"]]) == set()
    # The owning scope only: a task's variables are not its execution's.
    assert w.which(variable_scope_id_in=[o["p1"]]) == {"p1.amount", "p1.customer", "p1.vip"}
    assert w.which(variable_scope_id_in=[w.pack]) == {"p1.step"}
    assert w.which(variable_scope_id_in=[task.id, case_task.id, o["c1"]]) == {
        "p1.comment", "c1.note", "c1.amount", "c1.customer"}
    assert w.which(variable_scope_id_in=[o["s1"], case_task.case_execution_id]) == {"s1.reason"}
    assert w.which(tenant_id_in=[TENANT]) == P2 | {"s1.reason"}
    assert w.which(tenant_id_in=[TENANT, OTHER]) == P2 | P3 | {"s1.reason"}
    assert w.which(without_tenant_id=True) == P1 | C1
    # Filters combine with AND.
    assert w.which(process_instance_id_in=[o["p1"], o["p2"]], variable_name="amount",
                   tenant_id_in=[TENANT]) == {"p2.amount"}
    assert w.which(case_instance_id_in=[o["c1"]], task_id_in=[case_task.id]) == {"c1.note"}


def test_names_and_values(world: World) -> None:
    w = world
    amounts = {"p1.amount", "p2.amount", "p3.amount", "c1.amount"}
    assert w.which(variable_name="amount") == amounts
    assert w.which(variable_name="AMOUNT") == set()
    # As the document's engine: the ignore-case flags are about variable_values only.
    assert w.which(variable_name="AMOUNT", variable_names_ignore_case=True) == set()
    assert w.which(variable_name_like="c%") == {"p1.customer", "p2.customer", "p3.customer", "c1.customer",
                                                "p1.comment"}
    assert w.which(variable_name_like="%o%t") == {"p1.amount", "p2.amount", "p3.amount", "c1.amount",
                                                  "p1.comment"}
    assert w.which(variable_name_like="n_t%") == {"c1.note", "p3.nothing"}
    # Each filter holds for the variable itself: numbers compare with numbers of any type.
    assert w.which(variable_values=[where("amount", "eq", 250)]) == {"p2.amount"}
    assert w.which(variable_values=[where("amount", "eq", "250")]) == {"c1.amount"}
    assert w.which(variable_values=[where("amount", "neq", 100)]) == {"p2.amount", "p3.amount", "c1.amount"}
    assert w.which(variable_values=[where("amount", "gt", 7)]) == {"p1.amount", "p2.amount"}
    assert w.which(variable_values=[where("amount", "gteq", 7)]) == {"p1.amount", "p2.amount", "p3.amount"}
    assert w.which(variable_values=[where("amount", "lt", 100)]) == {"p3.amount"}
    assert w.which(variable_values=[where("amount", "lteq", 100)]) == {"p1.amount", "p3.amount"}
    assert w.which(variable_values=[where("amount", "gteq", 5), where("amount", "lteq", 200)]) == {
        "p1.amount", "p3.amount"}
    assert w.which(variable_values=[where("amount", "eq", 100), where("customer", "eq", "Ada")]) == set()
    assert w.which(variable_values=[where("customer", "like", "%d%")]) == {"p1.customer"}
    assert w.which(variable_values=[where("customer", "like", "%d%")], variable_values_ignore_case=True) == {
        "p1.customer", "c1.customer"}
    assert w.which(variable_values=[where("customer", "eq", "ada")]) == set()
    assert w.which(variable_values=[where("customer", "eq", "ada")], variable_values_ignore_case=True) == {
        "p1.customer", "c1.customer"}
    assert w.which(variable_values=[where("CUSTOMER", "eq", "Ada")]) == set()
    assert w.which(variable_values=[where("CUSTOMER", "eq", "Ada")], variable_names_ignore_case=True) == {
        "p1.customer"}
    assert w.which(variable_values=[where("vip", "eq", True)]) == {"p1.vip"}
    assert w.which(variable_values=[where("vip", "neq", True)]) == set()
    assert w.which(variable_values=[where("nothing", "eq", None)]) == {"p3.nothing"}
    assert w.which(variable_values=[where("due", "eq", ADA_BORN)]) == {"p2.due"}
    assert w.which(variable_values=[where("due", "gt", "2024-01-01T00:00:00.000+0000")]) == {"p2.due"}
    assert w.which(variable_values=[where("comment", "like", "%GOOD")], task_id_in=[w.tasks["p1"].id]) == {
        "p1.comment"}


def _sorted(rows: list[vi.VariableInstance], key: Callable[[vi.VariableInstance], str | None],
            descending: bool) -> list[str]:
    """Ids by ``key`` (unset first ascending, last descending), then by id (a stable sort keeps
    ties in the order of their ids, reversed or not)."""
    by_id = sorted(rows, key=lambda r: r.id)
    unset = [r.id for r in by_id if key(r) is None]
    given = [r.id for r in sorted((r for r in by_id if key(r) is not None), key=key, reverse=descending)]
    return given + unset if descending else unset + given


KEYS: dict[str, Callable[[vi.VariableInstance], str | None]] = {
    "variableName": lambda r: r.name,
    "variableType": lambda r: r.value.type.lower(),
    "tenantId": lambda r: r.tenant_id or None,
}


def test_sorted_and_paged(world: World) -> None:
    w = world
    rows = w.variables
    assert len(rows) == len(ALL) == w.engine.count_variable_instances()
    for sort_by, key in KEYS.items():
        for direction in ("asc", "desc"):
            assert w.order((sort_by, direction)) == _sorted(rows, key, direction == "desc"), (sort_by, direction)
    by_type_then_name = [w.labels[i] for i in w.order(("variableType", "asc"), ("variableName", "desc"))]
    assert by_type_then_name[:3] == ["p1.vip", "p2.due", "p2.amount"]  # boolean, date, double
    by_tenant_then_name = [w.labels[i] for i in w.order(("tenantId", "desc"), ("variableName", "asc"))]
    assert by_tenant_then_name[:3] == ["p3.amount", "p3.customer", "p3.nothing"]

    def page(first_result: int, max_results: int, *pairs: tuple[str, str]) -> list[str]:
        return [r.id for r in w.engine.variable_instances(
            page={"first_result": first_result, "max_results": max_results}, sorting=sorted_by(*pairs))]

    by_id = sorted(r.id for r in rows)
    assert page(0, 0) == by_id  # max_results 0: the server's page size
    assert page(12, 5) == by_id[12:]
    assert page(15, 5) == []
    assert page(3, 4, ("variableName", "desc")) == w.order(("variableName", "desc"))[3:7]


def test_get_a_variable_instance(world: World) -> None:
    w = world
    for row in w.variables:
        assert w.engine.variable_instance(row.id) == row
    for missing in ("no-such-variable", ""):
        failed = expect_error(lambda: w.engine.variable_instance(missing), grpc.StatusCode.NOT_FOUND,
                              "VARIABLE_INSTANCE_NOT_FOUND")
        assert (failed.info.metadata["id"], failed.info.metadata["field_name"]) == (missing, "id")


def test_a_tenant_token_finds_counts_and_gets_only_what_it_sees(world: World) -> None:
    w = world
    member = World(**{**w.__dict__, "engine": Variables(w.server.api(w.server.token(tenants=(TENANT,))))})
    assert member.which() == P1 | C1 | P2 | {"s1.reason"}
    assert member.which(tenant_id_in=[OTHER]) == set()
    assert member.which(process_instance_id_in=[w.owners["p3"]]) == set()
    assert member.which(tenant_id_in=[TENANT, OTHER]) == P2 | {"s1.reason"}
    for label in ("p2.due", "s1.reason", "c1.note", "p1.comment"):
        assert member.engine.variable_instance(w.variable(label).id) == w.variable(label)
    expect_error(lambda: member.engine.variable_instance(w.variable("p3.amount").id), grpc.StatusCode.NOT_FOUND,
                 "VARIABLE_INSTANCE_NOT_FOUND")

    nobody = World(**{**w.__dict__, "engine": Variables(w.server.api(w.server.token()))})
    assert nobody.which() == P1 | C1
    assert nobody.which(variable_values=[where("amount", "gteq", 7)]) == {"p1.amount"}
    expect_error(lambda: nobody.engine.variable_instance(w.variable("s1.reason").id), grpc.StatusCode.NOT_FOUND,
                 "VARIABLE_INSTANCE_NOT_FOUND")


def test_refused_requests(world: World) -> None:
    engine = world.engine

    def query(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.variable_instances(**filters)

    def count(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.count_variable_instances(**filters)

    for call in (query, count):
        for filters, reason, field in (
            ({"tenant_id_in": ["t"], "without_tenant_id": True}, "INVALID_FIELD", "without_tenant_id"),
            ({"variable_name_like": "x\\"}, "INVALID_FIELD", "variable_name_like"),
            ({"variable_values": [where("amount", "between", 1)]}, "INVALID_VARIABLE_OPERATOR",
             "variable_values[0].operator"),
            ({"variable_values": [where("amount", "eq", 1), where("vip", "gt", True)]}, "INVALID_VARIABLE_OPERATOR",
             "variable_values[1].operator"),
            ({"variable_values": [where("amount", "like", 1)]}, "INVALID_VARIABLE_OPERATOR",
             "variable_values[0].operator"),
            ({"variable_values": [where("nothing", "lt", None)]}, "INVALID_VARIABLE_OPERATOR",
             "variable_values[0].operator"),
            ({"variable_values": [where("", "eq", 1)]}, "INVALID_VARIABLE_VALUE", "variable_values[0].name"),
            ({"variable_values": [ex.VariableQueryParameter(name="amount", operator="eq")]}, "INVALID_VARIABLE_VALUE",
             "variable_values[0].value"),
            ({"variable_values": [where("amount", "eq", [1, 2])]}, "INVALID_VARIABLE_VALUE",
             "variable_values[0].value"),
            ({"variable_values": [where("customer", "like", "A\\")]}, "INVALID_VARIABLE_VALUE",
             "variable_values[0].value"),
        ):
            failed = expect_error(call(**filters), grpc.StatusCode.INVALID_ARGUMENT, reason)
            assert failed.fields == [field], filters
    for page, field in (({"first_result": -1}, "first_result"), ({"max_results": -1}, "max_results")):
        failed = expect_error(query(page=page), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == [field]
    for sorting, field in (
        (sorted_by(("activityInstanceId", "asc")), "sorting[0].sort_by"),
        (sorted_by(("instanceId", "asc")), "sorting[0].sort_by"),
        (sorted_by(("variableName", "up")), "sorting[0].sort_order"),
        ([ex.Sorting(sort_order="asc")], "sorting[0].sort_by"),
        ([ex.Sorting(sort_by="tenantId", sort_order="asc"), ex.Sorting(sort_by="variableType")],
         "sorting[1].sort_order"),
    ):
        failed = expect_error(query(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
        assert failed.fields == [field]


def test_a_variable_leaves_with_its_scope(server: ServerHandle) -> None:
    """Deleted, or its task completed: gone from the running variables (its history stays)."""
    engine = Variables(server.api())
    key = unique("leaving")
    instance = engine.start_id(engine.deploy_inline(key, NESTED.format(key=key)), {"amount": 1, "gone": "soon"})
    [task] = engine.tasks_of(instance)
    engine.modify_task(task.id, {"comment": "done"}, local=True)
    standalone = engine.standalone_task()
    engine.modify_task(standalone, {"reason": "x"})

    def names() -> set[str]:
        return {v.name for v in engine.variable_instances(process_instance_id_in=[instance])}

    assert names() == {"amount", "gone", "comment"}
    [gone] = engine.variable_instances(process_instance_id_in=[instance], variable_name="gone")
    engine.modify_variables(instance, deletions=("gone",))
    assert names() == {"amount", "comment"}
    expect_error(lambda: engine.variable_instance(gone.id), grpc.StatusCode.NOT_FOUND, "VARIABLE_INSTANCE_NOT_FOUND")
    assert engine.historic_variables(variable_name="gone", process_instance_id=instance, include_deleted=True)
    engine.complete(task.id)
    assert names() == set()  # the task's own went with it, the instance's with the instance
    assert engine.count_variable_instances(task_id_in=[standalone]) == 1
    engine.complete(standalone)
    assert engine.count_variable_instances(task_id_in=[standalone]) == 0
