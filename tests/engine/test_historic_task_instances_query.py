"""HistoryService's task history queries: QueryHistoricTaskInstances with every filter, every sort
key both ways and offset paging; CountHistoricTaskInstances with the same filters;
GetHistoricTaskInstance; what a tenant's token sees; and the errors of the three.

The world is a server of its own per backend (module-scoped): every row of its task history is
the world's, so a filter's answer is exact, and its clock moves as the world needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Iterator

import grpc
import pytest
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import execution_pb2 as ex
from flowkeeper.engine.v1 import history_pb2 as hi
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import task_pb2
from tests.conftest import BACKENDS, own_server
from tests.engine.case_support import Cases
from tests.engine.history_support import LabelledRows, TaskHistory, every_page, sorted_by, ts
from tests.support import ServerHandle, expect_error

MINUTE = timedelta(minutes=1)
MICROSECOND = timedelta(microseconds=1)
TENANT, OTHER = "tenant-a", "tenant-b"
DUE = datetime(2030, 1, 1, tzinfo=timezone.utc)
FOLLOW_UP = datetime(2030, 6, 1, 9, tzinfo=timezone.utc)
REFUND_DUE = datetime(2031, 3, 1, tzinfo=timezone.utc)
REFUND_FOLLOW_UP = datetime(2031, 2, 1, tzinfo=timezone.utc)
LABELS = "ABCDEFG"


def orders(process_key: str) -> str:
    """Start, the user task Review ("Review 100%", priority 60, due DUE), the user task Ship
    ("Ship_it", follow-up FOLLOW_UP), end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" name="Review 100%" camunda:priority="60" camunda:dueDate="2030-01-01T00:00:00Z" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="Ship" />
  <bpmn:userTask id="Ship" name="Ship_it" camunda:followUpDate="2030-06-01T09:00:00Z" />
  <bpmn:sequenceFlow id="f3" sourceRef="Ship" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def refunds(process_key: str) -> str:
    """Start, the user task Refund (without a name), end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Refund" />
  <bpmn:userTask id="Refund" />
  <bpmn:sequenceFlow id="f2" sourceRef="Refund" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


@dataclass
class World(LabelledRows):
    """Four process instances and a case, their tasks changed a minute apart (t0..t4); seven
    historic task instances, labelled A..G:

    t0  p1 (orders, no tenant) starts: A, its Review; ada claims it
    t1  p2 (orders) starts: B, its Review; B gets description "Check the 50% rule", priority 0
        and no due date; ada completes A: C, p1's Ship, is created
    t2  p3 (orders of TENANT) starts: D, its Review, assigned to bob; the case c1 (no tenant)
        is created: E, its human task "Check application" (assignee demo, priority 70)
    t3  p2 is deleted: B ends deleted; p4 (refunds of OTHER) starts: F, its Refund (no name),
        gets description "refund_all", due REFUND_DUE and follow-up REFUND_FOLLOW_UP
    t4  C is completed (p1 ends); E is completed: G, c1's human task "Decide", is created; p3
        is suspended (it still runs)"""

    server: ServerHandle
    engine: TaskHistory
    definitions: dict[str, str]
    owners: dict[str, str]  # p1..p4 and c1 -> instance id
    times: tuple[datetime, ...]
    rows: dict[str, hi.HistoricTaskInstance]  # label -> row

    def found(self, **filters: Any) -> list[hi.HistoricTaskInstance]:
        """What QueryHistoricTaskInstances finds (every page of 3), checked against the count."""
        rows = every_page(self.engine.historic_tasks, self.engine.count_historic_tasks, 3, **filters)
        if "sorting" not in filters:  # by start time, then id
            assert [r.id for r in rows] == [r.id for r in sorted(rows, key=lambda r: (
                r.start_time.seconds, r.start_time.nanos, r.id))], filters
        return rows

    def which(self, **filters: Any) -> str:
        """The labels of the rows found, in alphabetical order."""
        return "".join(sorted(self.label(r) for r in self.found(**filters)))


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with own_server(request, tmp_path_factory, history_cleanup=False) as handle:
        yield _world(handle)


def _world(server: ServerHandle) -> World:
    engine, cases = TaskHistory(server.api()), Cases(server.api())
    d1 = engine.deploy_inline("orders", orders("orders"))
    d2 = engine.deploy_inline("orders", orders("orders"), TENANT)
    d3 = engine.deploy_inline("refunds", refunds("refunds"), OTHER)
    case_definition = cases.case_definition_id(cases.deploy_case("case_three_items.cmmn"), "case_three_items")

    def only_task(instance_id: str) -> task_pb2.Task:
        [task] = engine.tasks_of(instance_id)
        return task

    t0 = server.clock.now()
    p1 = engine.start_id(d1)
    a = only_task(p1)
    engine.claim(a.id, "ada")
    t1 = server.clock.advance(MINUTE)
    p2 = engine.start_id(d1)
    b = only_task(p2)
    engine.update_task(task_pb2.Task(id=b.id, description="Check the 50% rule", priority=0),
                       "description", "priority", "due")
    engine.complete(a.id)
    c = only_task(p1)
    t2 = server.clock.advance(MINUTE)
    p3 = engine.start_id(d2)
    d = only_task(p3)
    engine.set_assignee(d.id, "bob")
    c1 = cases.create(id=case_definition).id
    [e] = cases.case_tasks(c1)
    t3 = server.clock.advance(MINUTE)
    engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=p2))
    p4 = engine.start_id(d3)
    f = only_task(p4)
    engine.update_task(task_pb2.Task(id=f.id, description="refund_all", due=ts(REFUND_DUE),
                                     follow_up=ts(REFUND_FOLLOW_UP)), "description", "due", "follow_up")
    t4 = server.clock.advance(MINUTE)
    engine.complete(c.id)
    engine.complete(e.id)
    [g] = cases.case_tasks(c1)
    engine.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=p3))  # suspended runs still
    server.clock.advance(MINUTE)

    ids = {"A": a.id, "B": b.id, "C": c.id, "D": d.id, "E": e.id, "F": f.id, "G": g.id}
    everything = engine.historic_tasks()
    assert sorted(r.id for r in everything) == sorted(ids.values())
    by_id = {r.id: r for r in everything}
    return World(server, engine, {"d1": d1, "d2": d2, "d3": d3, "case": case_definition},
                 {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "c1": c1}, (t0, t1, t2, t3, t4),
                 {label: by_id[task_id] for label, task_id in ids.items()})


def test_the_world_s_rows(world: World) -> None:
    """What the world recorded, field by field (the filters below rely on it)."""
    w, r = world, world.rows
    t0, t1, t2, t3, t4 = w.times
    o, d = w.owners, w.definitions

    def summary(row: hi.HistoricTaskInstance) -> tuple[Any, ...]:
        return (row.name, row.description, row.task_definition_key, row.priority, row.assignee,
                row.due if row.HasField("due") else None, row.follow_up if row.HasField("follow_up") else None,
                row.start_time, row.end_time if row.HasField("end_time") else None, row.delete_reason, row.tenant_id)

    assert summary(r["A"]) == ("Review 100%", "", "Review", 60, "ada", ts(DUE), None, ts(t0), ts(t1), "completed", "")
    assert summary(r["B"]) == ("Review 100%", "Check the 50% rule", "Review", 0, "", None, None, ts(t1), ts(t3),
                               "deleted", "")
    assert summary(r["C"]) == ("Ship_it", "", "Ship", 50, "", None, ts(FOLLOW_UP), ts(t1), ts(t4), "completed", "")
    assert summary(r["D"]) == ("Review 100%", "", "Review", 60, "bob", ts(DUE), None, ts(t2), None, "", TENANT)
    assert summary(r["E"]) == ("Check application", "", "HumanTask_Check", 70, "demo", None, None, ts(t2), ts(t4),
                               "completed", "")
    assert summary(r["F"]) == ("", "refund_all", "Refund", 50, "", ts(REFUND_DUE), ts(REFUND_FOLLOW_UP), ts(t3), None,
                               "", OTHER)
    assert summary(r["G"]) == ("Decide", "", "HumanTask_Decide", 50, "", None, None, ts(t4), None, "", "")
    for label, instance, definition, process_key in (("A", "p1", "d1", "orders"), ("B", "p2", "d1", "orders"),
                                                     ("C", "p1", "d1", "orders"), ("D", "p3", "d2", "orders"),
                                                     ("F", "p4", "d3", "refunds")):
        row = r[label]
        assert (row.process_instance_id, row.process_definition_id, row.process_definition_key) == (
            o[instance], d[definition], process_key), label
        assert row.execution_id == o[instance]  # one path: the instance's own execution
        assert (row.case_instance_id, row.case_definition_id, row.case_definition_key, row.case_execution_id) == (
            "", "", "", ""), label
    for label in "EG":
        row = r[label]
        assert (row.case_instance_id, row.case_definition_id, row.case_definition_key) == (
            o["c1"], d["case"], "case_three_items"), label
        assert row.activity_instance_id == row.case_execution_id != ""
        assert (row.process_instance_id, row.process_definition_id, row.execution_id) == ("", "", ""), label
    assert r["E"].case_execution_id != r["G"].case_execution_id
    assert len({row.activity_instance_id for row in r.values()}) == 7
    assert r["B"].duration.ToTimedelta() == 2 * MINUTE and r["C"].duration.ToTimedelta() == 3 * MINUTE
    assert not any(r[label].HasField("duration") for label in "DFG")


def test_every_filter(world: World) -> None:
    w, r, o, d = world, world.rows, world.owners, world.definitions
    assert w.which() == "ABCDEFG"
    assert w.which(task_id=r["B"].id) == "B"
    assert w.which(task_id="no-such-task") == ""
    assert w.which(process_instance_id=o["p1"]) == "AC"
    assert w.which(process_instance_id=o["c1"]) == ""
    assert w.which(process_instance_id_in=[o["p2"], o["p4"]]) == "BF"
    assert w.which(process_instance_id_in=[o["p3"], o["c1"]]) == "D"
    assert w.which(execution_id=o["p1"]) == "AC"
    assert w.which(execution_id=o["p4"]) == "F"
    assert w.which(process_definition_id=d["d1"]) == "ABC"
    assert w.which(process_definition_id=d["d2"]) == "D"
    assert w.which(process_definition_key="orders") == "ABCD"
    assert w.which(process_definition_key="refunds") == "F"
    assert w.which(process_definition_key="case_three_items") == ""
    assert w.which(case_instance_id=o["c1"]) == "EG"
    assert w.which(case_instance_id=o["p1"]) == ""
    assert w.which(case_execution_id=r["E"].case_execution_id) == "E"
    assert w.which(case_execution_id=o["p1"]) == ""
    assert w.which(case_definition_id=d["case"]) == "EG"
    assert w.which(case_definition_id=d["d1"]) == ""
    assert w.which(case_definition_key="case_three_items") == "EG"
    assert w.which(case_definition_key="orders") == ""
    assert w.which(activity_instance_id_in=[r["A"].activity_instance_id, r["E"].activity_instance_id]) == "AE"
    assert w.which(activity_instance_id_in=[o["p1"]]) == ""  # the instance is no task's activity instance
    assert w.which(task_name="Review 100%") == "ABD"
    assert w.which(task_name="Review") == ""
    assert w.which(task_description="Check the 50% rule") == "B"
    assert w.which(task_description="Check") == ""
    assert w.which(task_definition_key="Review") == "ABD"
    assert w.which(task_definition_key="HumanTask_Decide") == "G"
    assert w.which(task_definition_key_in=["Ship", "HumanTask_Check"]) == "CE"
    assert w.which(task_definition_key_in=["Refund", "no-such-key"]) == "F"
    assert w.which(task_delete_reason="completed") == "ACE"
    assert w.which(task_delete_reason="deleted") == "B"
    assert w.which(task_delete_reason="COMPLETED") == ""
    assert w.which(assigned=True) == "ADE"
    assert w.which(unassigned=True) == "BCFG"
    assert w.which(task_assignee="ada") == "A"
    assert w.which(task_assignee="ad") == ""
    assert w.which(task_priority=0) == "B"  # 0 is a filter like any other
    assert w.which(task_priority=60) == "AD"
    assert w.which(task_priority=50) == "CFG"
    assert w.which(task_priority=1) == ""
    assert w.which(finished=True) == "ABCE"
    assert w.which(unfinished=True) == "DFG"
    # A case's tasks have no process instance: neither filter keeps them.
    assert w.which(process_finished=True) == "ABC"
    assert w.which(process_unfinished=True) == "DF"  # p3 is suspended
    assert w.which(tenant_id_in=[TENANT]) == "D"
    assert w.which(tenant_id_in=[TENANT, OTHER]) == "DF"
    assert w.which(tenant_id_in=["no-such-tenant"]) == ""
    assert w.which(without_tenant_id=True) == "ABCEG"
    # Every filter given must hold.
    assert w.which(process_definition_key="orders", finished=True, assigned=True) == "A"
    assert w.which(process_instance_id=o["p1"], task_definition_key="Review", unfinished=True) == ""
    assert w.which(case_instance_id=o["c1"], task_assignee="demo", task_priority=70) == "E"


def test_or_queries(world: World) -> None:
    """An or-query holds when one of its filters does (filters that exclude each other in a query
    are alternatives in it; one that gives none holds for every row); the query's filters and
    each or-query must hold."""
    w, o = world, world.owners
    Or = hi.HistoricTaskOrQuery
    assert w.which(or_queries=[Or(task_assignee="ada", task_definition_key="Refund")]) == "AF"
    assert w.which(or_queries=[Or(finished=True, unfinished=True)]) == "ABCDEFG"
    assert w.which(or_queries=[Or(process_finished=True, process_unfinished=True)]) == "ABCDF"
    assert w.which(or_queries=[Or(tenant_id_in=[TENANT], case_instance_id=o["c1"])]) == "DEG"
    assert w.which(or_queries=[Or(tenant_id_in=[OTHER], without_tenant_id=True)]) == "ABCEFG"
    assert w.which(or_queries=[Or(task_name_like="Check%", task_priority=0)]) == "BE"
    assert w.which(or_queries=[Or()]) == "ABCDEFG"
    assert w.which(process_definition_key="orders", or_queries=[Or(task_assignee="bob", task_delete_reason="deleted")]) \
        == "BD"
    assert w.which(or_queries=[Or(finished=True, task_assignee="bob"), Or(task_definition_key="Review")]) == "ABD"
    assert w.which(or_queries=[Or(unfinished=True), Or(task_priority=70)]) == ""
    # The caller's tenants bound the or-queries too.
    theirs = TaskHistory(w.server.api(w.server.token(tenants=(OTHER,))))
    found = theirs.historic_tasks(or_queries=[Or(tenant_id_in=[TENANT], task_assignee="bob")])
    assert found == []
    # A fault names its field through the or-query.
    failed = expect_error(lambda: w.engine.count_historic_tasks(or_queries=[Or(), Or(task_owner_like="x\\")]),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["or_queries[1].task_owner_like"]
    failed = expect_error(lambda: w.engine.historic_tasks(or_queries=[Or()] * 33), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_FIELD")
    assert failed.fields == ["or_queries"]


def test_the_like_filters(world: World) -> None:
    w = world
    assert w.which(task_name_like="Review 1%") == "ABD"
    assert w.which(task_name_like="Review 100\\%") == "ABD"  # an escaped % is literal
    assert w.which(task_name_like="Review 100_") == "ABD"  # _: any one character
    assert w.which(task_name_like="Review 100\\_") == ""  # an escaped _ is literal
    assert w.which(task_name_like="Ship\\_it") == "C"
    assert w.which(task_name_like="Ship\\%") == ""
    assert w.which(task_name_like="%e%") == "ABDEG"
    assert w.which(task_name_like="review%") == ""  # case-sensitive on both databases
    assert w.which(task_name_like="Review 100%\\\\") == ""  # an escaped backslash is one backslash
    assert w.which(task_description_like="%50\\%%") == "B"
    assert w.which(task_description_like="refund\\_all") == "F"
    assert w.which(task_description_like="refund_all") == "F"
    assert w.which(task_description_like="Check%") == "B"  # E's name starts so, not its description
    assert w.which(task_description_like="%e%") == "BF"
    assert w.which(task_description_like="REFUND%") == ""
    assert w.which(task_delete_reason_like="del%") == "B"
    assert w.which(task_delete_reason_like="comp%") == "ACE"
    assert w.which(task_delete_reason_like="%ete%") == "ABCE"
    assert w.which(task_delete_reason_like="%") == "ABCE"  # a running task has none
    assert w.which(task_assignee_like="%o%") == "DE"
    assert w.which(task_assignee_like="a_a") == "A"
    assert w.which(task_assignee_like="%") == "ADE"
    assert w.which(task_assignee_like="A%") == ""
    assert w.which(task_name_like="%e%", task_assignee_like="%o%", unfinished=True) == "D"


def test_the_time_filters(world: World) -> None:
    w = world
    t0, t1, t2, t3, t4 = w.times
    # Dates are inclusive at both ends; a task without one never matches.
    assert w.which(task_due_date=ts(DUE)) == "AD"
    assert w.which(task_due_date=ts(DUE + MICROSECOND)) == ""
    assert w.which(task_due_date_before=ts(DUE)) == "AD"
    assert w.which(task_due_date_before=ts(DUE - MICROSECOND)) == ""
    assert w.which(task_due_date_after=ts(DUE)) == "ADF"
    assert w.which(task_due_date_after=ts(DUE + MICROSECOND)) == "F"
    assert w.which(task_due_date_after=ts(DUE), task_due_date_before=ts(REFUND_DUE - MICROSECOND)) == "AD"
    assert w.which(without_task_due_date=True) == "BCEG"
    assert w.which(task_follow_up_date=ts(FOLLOW_UP)) == "C"
    assert w.which(task_follow_up_date=ts(REFUND_FOLLOW_UP)) == "F"
    assert w.which(task_follow_up_date_before=ts(REFUND_FOLLOW_UP - MICROSECOND)) == "C"
    assert w.which(task_follow_up_date_before=ts(REFUND_FOLLOW_UP)) == "CF"
    assert w.which(task_follow_up_date_after=ts(FOLLOW_UP + MICROSECOND)) == "F"
    assert w.which(task_follow_up_date_after=ts(FOLLOW_UP)) == "CF"
    assert w.which(started_before=ts(t0)) == "A"
    assert w.which(started_before=ts(t0 - MICROSECOND)) == ""
    assert w.which(started_after=ts(t4)) == "G"
    assert w.which(started_after=ts(t4 + MICROSECOND)) == ""
    assert w.which(started_after=ts(t1), started_before=ts(t2)) == "BCDE"
    assert w.which(finished_before=ts(t1)) == "A"
    assert w.which(finished_before=ts(t1 - MICROSECOND)) == ""
    assert w.which(finished_after=ts(t4)) == "CE"
    assert w.which(finished_after=ts(t4 + MICROSECOND)) == ""
    assert w.which(finished_after=ts(t3), finished_before=ts(t3)) == "B"
    assert w.which(finished_before=ts(t4), started_after=ts(t1)) == "BCE"


def _expected(rows: dict[str, hi.HistoricTaskInstance], key: Callable[[hi.HistoricTaskInstance], Any],
              desc: bool) -> str:
    """Labels of ``rows`` sorted by ``key`` (None first ascending, last descending), ties by id
    ascending."""
    by_id = sorted(rows.items(), key=lambda item: item[1].id)
    present = sorted((item for item in by_id if key(item[1]) is not None), key=lambda item: key(item[1]),
                     reverse=desc)
    absent = [item for item in by_id if key(item[1]) is None]
    return "".join(label for label, _ in (present + absent if desc else absent + present))


def _time(field: str) -> Callable[[hi.HistoricTaskInstance], Any]:
    return lambda r: (getattr(r, field).seconds, getattr(r, field).nanos) if r.HasField(field) else None


def _text(field: str) -> Callable[[hi.HistoricTaskInstance], Any]:
    return lambda r: getattr(r, field) or None


SORTED_BY: dict[str, Callable[[hi.HistoricTaskInstance], Any]] = {
    "taskId": lambda r: r.id,
    "activityInstanceId": _text("activity_instance_id"),
    "processDefinitionId": _text("process_definition_id"),
    "processInstanceId": _text("process_instance_id"),
    "executionId": _text("execution_id"),
    "duration": _time("duration"),
    "endTime": _time("end_time"),
    "startTime": _time("start_time"),
    "taskName": _text("name"),
    "taskDescription": _text("description"),
    "assignee": _text("assignee"),
    "dueDate": _time("due"),
    "followUpDate": _time("follow_up"),
    "deleteReason": _text("delete_reason"),
    "taskDefinitionKey": _text("task_definition_key"),
    "priority": lambda r: r.priority,
    "caseDefinitionId": _text("case_definition_id"),
    "caseInstanceId": _text("case_instance_id"),
    "caseExecutionId": _text("case_execution_id"),
    "tenantId": _text("tenant_id"),
}


def test_every_sort_key_both_ways(world: World) -> None:
    w = world
    for sort_by, key in SORTED_BY.items():
        for direction in ("asc", "desc"):
            assert w.order((sort_by, direction)) == _expected(w.rows, key, direction == "desc"), (sort_by, direction)


def test_sorting_by_the_world_s_values(world: World) -> None:
    """The orders the world's values give, written out (ties by id, so by label where the ids
    decide)."""
    w, r = world, world.rows

    def by_id(labels: str) -> str:
        return "".join(sorted(labels, key=lambda label: r[label].id))

    assert w.order(("startTime", "asc")) == "A" + by_id("BC") + by_id("DE") + "FG"
    assert w.order(("startTime", "desc")) == "G" + "F" + by_id("DE") + by_id("BC") + "A"
    # Running tasks have no end time and no duration: first ascending, last descending.
    assert w.order(("endTime", "asc")) == by_id("DFG") + "AB" + by_id("CE")
    assert w.order(("endTime", "desc")) == by_id("CE") + "BA" + by_id("DFG")
    assert w.order(("duration", "asc")) == by_id("DFG") + "A" + by_id("BE") + "C"  # B and E: 2 minutes
    assert w.order(("duration", "desc")) == "C" + by_id("BE") + "A" + by_id("DFG")
    assert w.order(("priority", "asc")) == "B" + by_id("CFG") + by_id("AD") + "E"
    assert w.order(("priority", "desc")) == "E" + by_id("AD") + by_id("CFG") + "B"
    assert w.order(("taskName", "asc")) == "F" + "E" + "G" + by_id("ABD") + "C"  # F has none
    assert w.order(("taskName", "desc")) == "C" + by_id("ABD") + "G" + "E" + "F"
    assert w.order(("assignee", "asc")) == by_id("BCFG") + "ADE"
    assert w.order(("dueDate", "desc")) == "F" + by_id("AD") + by_id("BCEG")
    assert w.order(("deleteReason", "asc")) == by_id("DFG") + by_id("ACE") + "B"
    assert w.order(("tenantId", "desc")) == "F" + "D" + by_id("ABCEG")
    assert w.order(("caseInstanceId", "asc"))[:5] == by_id("ABCDF")  # tasks of processes have none
    assert w.order(("processInstanceId", "desc"))[-2:] == by_id("EG")
    # The first element is the primary ordering; the next one orders its ties.
    assert w.order(("taskDefinitionKey", "asc"), ("startTime", "desc")) == "EGFDBAC"
    assert w.order(("priority", "desc"), ("taskName", "asc"), ("startTime", "asc")) == "EADFGCB"
    assert w.order(("assignee", "desc"), ("endTime", "asc")) == "EDA" + by_id("FG") + "BC"


def test_offset_paging(world: World) -> None:
    w = world
    default = [r.id for r in w.found()]

    def page(first_result: int, max_results: int, *pairs: tuple[str, str]) -> list[str]:
        return [r.id for r in w.engine.historic_tasks(page={"first_result": first_result, "max_results": max_results},
                                                      sorting=sorted_by(*pairs))]

    assert page(0, 0) == default  # max_results 0: the server's page size
    assert page(0, 7) == default
    assert page(5, 5) == default[5:]
    assert page(6, 1) == default[6:]
    assert page(7, 5) == []
    assert page(100, 5) == []
    by_priority = [r.id for r in w.found(sorting=sorted_by(("priority", "desc")))]
    assert page(2, 3, ("priority", "desc")) == by_priority[2:5]
    for first in range(8):
        assert page(first, 2, ("taskName", "asc")) == [r.id for r in w.found(
            sorting=sorted_by(("taskName", "asc")))][first:first + 2]
    # The count ignores paging: it is what every page together holds.
    assert w.engine.count_historic_tasks() == 7
    assert w.engine.count_historic_tasks(process_definition_key="orders") == 4


def test_get_a_historic_task_instance(world: World) -> None:
    w = world
    for label, row in w.rows.items():
        assert w.engine.historic_task(row.id) == row, label
    # The same row as the query's, running or ended.
    d, b = w.engine.historic_task(w.rows["D"].id), w.engine.historic_task(w.rows["B"].id)
    assert (d.tenant_id, d.assignee, d.delete_reason, d.HasField("end_time")) == (TENANT, "bob", "", False)
    assert (b.delete_reason, b.end_time, b.duration.ToTimedelta()) == ("deleted", ts(w.times[3]), 2 * MINUTE)
    for missing in ("no-such-task", "", w.owners["p1"], w.rows["E"].case_execution_id):
        failed = expect_error(lambda: w.engine.historic_task(missing), grpc.StatusCode.NOT_FOUND, "TASK_NOT_FOUND")
        assert failed.info.metadata["id"] == missing


def test_a_tenant_token_finds_counts_and_gets_only_what_it_sees(world: World) -> None:
    w = world
    member = World(**{**w.__dict__, "engine": TaskHistory(w.server.api(w.server.token(tenants=(TENANT,))))})
    assert member.which() == "ABCDEG"
    assert member.which(tenant_id_in=[OTHER]) == ""
    assert member.which(tenant_id_in=[TENANT, OTHER]) == "D"
    assert member.which(process_instance_id=w.owners["p4"]) == ""
    assert member.which(process_definition_key="refunds") == ""
    assert member.which(unfinished=True) == "DG"
    assert member.order(("tenantId", "desc")) == "D" + "".join(sorted("ABCEG", key=lambda x: w.rows[x].id))
    assert member.engine.historic_task(w.rows["D"].id) == w.rows["D"]
    assert member.engine.historic_task(w.rows["E"].id) == w.rows["E"]
    failed = expect_error(lambda: member.engine.historic_task(w.rows["F"].id), grpc.StatusCode.NOT_FOUND,
                          "TASK_NOT_FOUND")
    assert failed.info.metadata["id"] == w.rows["F"].id

    nobody = World(**{**w.__dict__, "engine": TaskHistory(w.server.api(w.server.token()))})
    assert nobody.which() == "ABCEG"
    assert nobody.which(task_name="Review 100%") == "AB"
    assert nobody.which(tenant_id_in=[TENANT]) == ""
    for hidden in "DF":
        expect_error(lambda: nobody.engine.historic_task(w.rows[hidden].id), grpc.StatusCode.NOT_FOUND,
                     "TASK_NOT_FOUND")
    assert nobody.engine.historic_task(w.rows["G"].id) == w.rows["G"]


LIKES = ("task_name_like", "task_description_like", "task_delete_reason_like", "task_assignee_like")
TIMES = ("task_due_date", "task_due_date_before", "task_due_date_after", "task_follow_up_date",
         "task_follow_up_date_before", "task_follow_up_date_after", "started_before", "started_after",
         "finished_before", "finished_after")


def test_refused_requests(world: World) -> None:
    engine = world.engine

    def query(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.historic_tasks(**filters)

    def count(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.count_historic_tasks(**filters)

    beyond = timestamp_pb2.Timestamp(seconds=10**12)
    before_epoch_nanos = timestamp_pb2.Timestamp(seconds=0, nanos=-1)
    refused: list[tuple[dict[str, Any], str]] = [
        ({"tenant_id_in": ["t"], "without_tenant_id": True}, "without_tenant_id"),
        ({"finished": True, "unfinished": True}, "unfinished"),
        ({"assigned": True, "unassigned": True}, "unassigned"),
        ({"process_finished": True, "process_unfinished": True}, "process_unfinished"),
    ]
    for like in LIKES:
        refused += [({like: "x\\"}, like), ({like: "x\\\\\\"}, like)]
    for field in TIMES:
        refused += [({field: beyond}, field)]
    refused += [({"finished_after": before_epoch_nanos}, "finished_after"),
                ({"task_due_date": timestamp_pb2.Timestamp(seconds=-10**12)}, "task_due_date")]
    for call in (query, count):
        for filters, field in refused:
            failed = expect_error(call(**filters), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
            assert failed.fields == [field], filters
    for page, field in (({"first_result": -1}, "first_result"), ({"max_results": -1}, "max_results")):
        failed = expect_error(query(page=page), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == [field]
    for sorting, field in (
        (sorted_by(("definitionKey", "asc")), "sorting[0].sort_by"),
        (sorted_by(("owner", "asc")), "sorting[0].sort_by"),  # the document's engine has it; the contract not
        (sorted_by(("occurrence", "asc")), "sorting[0].sort_by"),
        (sorted_by(("startTime", "asc"), ("taskname", "asc")), "sorting[1].sort_by"),
        (sorted_by(("startTime", "up")), "sorting[0].sort_order"),
        ([ex.Sorting(sort_order="asc")], "sorting[0].sort_by"),
        ([ex.Sorting(sort_by="startTime", sort_order="asc"), ex.Sorting(sort_by="duration")],
         "sorting[1].sort_order"),
    ):
        failed = expect_error(query(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
        assert failed.fields == [field], sorting
    # Nothing refused changed anything.
    assert engine.count_historic_tasks() == 7


def test_every_call_needs_a_token(world: World) -> None:
    anonymous = TaskHistory(world.server.api(None))
    for call in (anonymous.historic_tasks, anonymous.count_historic_tasks,
                 lambda: anonymous.historic_task(world.rows["A"].id)):
        expect_error(call, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
