"""HistoryService's external task log queries: QueryHistoricExternalTaskLogs with every filter,
every sort key both ways and offset paging; CountHistoricExternalTaskLogs with the same filters;
GetHistoricExternalTaskLog (with the error details the query leaves out); what a tenant's token
sees; and the errors of the three.

The world is a server of its own per backend (module-scoped): every entry of its log is the
world's, so a filter's answer is exact, and its clock moves as the world needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Iterator

import grpc
import pytest

from flowkeeper.engine.v1 import execution_pb2 as ex
from flowkeeper.engine.v1 import history_pb2 as hi
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.conftest import BACKENDS, own_server
from tests.engine.history_support import (
    LOG_KINDS,
    ExternalTaskLogs,
    LabelledRows,
    event,
    every_page,
    expect_refused_log_requests,
    retries_of,
    sorted_by,
    ts,
)
from tests.support import ServerHandle, expect_error

MINUTE = timedelta(minutes=1)
MICROSECOND = timedelta(microseconds=1)
TENANT, OTHER = "tenant-a", "tenant-b"
LABELS = "ABCDEFGHIJ"


def invoices(process_key: str) -> str:
    """Start, the external task Charge (topic charge, priority 10), the external task Ship (topic
    ship, priority 0), the user task Archive, end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Charge" />
  <bpmn:serviceTask id="Charge" camunda:type="external" camunda:topic="charge" camunda:taskPriority="10" />
  <bpmn:sequenceFlow id="f2" sourceRef="Charge" targetRef="Ship" />
  <bpmn:serviceTask id="Ship" camunda:type="external" camunda:topic="ship" camunda:taskPriority="0" />
  <bpmn:sequenceFlow id="f3" sourceRef="Ship" targetRef="Archive" />
  <bpmn:userTask id="Archive" />
  <bpmn:sequenceFlow id="f4" sourceRef="Archive" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def refunds(process_key: str) -> str:
    """Start, the external task Refund (topic refund, priority 20) with a message boundary event
    (so its execution is a scope of its own), end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Refund" />
  <bpmn:serviceTask id="Refund" camunda:type="external" camunda:topic="refund" camunda:taskPriority="20" />
  <bpmn:boundaryEvent id="Withdrawn" attachedToRef="Refund">
    <bpmn:messageEventDefinition id="m1" messageRef="Msg" />
  </bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Refund" targetRef="End" />
  <bpmn:endEvent id="End" />
  <bpmn:sequenceFlow id="f3" sourceRef="Withdrawn" targetRef="WithdrawnEnd" />
  <bpmn:endEvent id="WithdrawnEnd" />
</bpmn:process>
<bpmn:message id="Msg" name="refund-withdrawn" />
"""


@dataclass
class World(LabelledRows):
    """Four process instances, their external tasks (x1..x5) worked a minute apart (t0..t4); ten
    entries, labelled A..J in the order they occurred:

    t0  p1 (invoices, no tenant) starts: A, x1 (its Charge) created
    t1  w1 fails x1 (retries 1, "timeout", details "stack 1"): B; p2 (invoices) starts: C, x2
        (its Charge) created
    t2  w2 completes x1: D, and E, x3 (p1's Ship, priority 0) created by the same call; p3
        (refunds of TENANT) starts: F, x4 (its Refund, priority 20) created
    t3  w2 fails x2 (retries 0, "card declined", no details): G; p2 is deleted: H, x2 deleted;
        p4 (invoices of OTHER) starts: I, x5 (its Charge) created
    t4  w3 holds x4; p3's Refund is cancelled (ModifyProcessInstance): J, x4 deleted"""

    server: ServerHandle
    engine: ExternalTaskLogs
    definitions: dict[str, str]  # d1 (invoices), d2 (refunds of TENANT), d3 (invoices of OTHER)
    instances: dict[str, str]  # p1..p4
    tasks: dict[str, str]  # x1..x5
    times: tuple[datetime, ...]
    rows: dict[str, hi.HistoricExternalTaskLog]  # label -> entry

    def found(self, **filters: Any) -> list[hi.HistoricExternalTaskLog]:
        """What QueryHistoricExternalTaskLogs finds (every page of 3), checked against the count."""
        rows = every_page(self.engine.task_logs, self.engine.count_task_logs, 3, **filters)
        if "sorting" not in filters:  # as they occurred
            assert [int(r.id) for r in rows] == sorted(int(r.id) for r in rows), filters
        return rows

    def which(self, **filters: Any) -> str:
        """The labels of the entries found, in the order found (without sorting: as they occurred)."""
        return "".join(self.label(r) for r in self.found(**filters))


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with own_server(request, tmp_path_factory, history_cleanup=False) as handle:
        yield _world(handle)


def _world(server: ServerHandle) -> World:
    engine = ExternalTaskLogs(server.api())
    d1 = engine.deploy_inline("invoices", invoices("invoices"))
    d2 = engine.deploy_inline("refunds", refunds("refunds"), TENANT)
    d3 = engine.deploy_inline("invoices", invoices("invoices"), OTHER)

    def task_of(instance_id: str) -> str:
        [task] = engine.external_tasks(process_instance_id=instance_id)
        return task.id

    t0 = server.clock.now()
    p1 = engine.start_id(d1, business_key="p1")
    x1 = task_of(p1)
    t1 = server.clock.advance(MINUTE)
    assert engine.lock("w1", "charge", business_key="p1") == x1
    engine.fail(x1, "w1", retries=1, message="timeout", details="stack 1")
    p2 = engine.start_id(d1, business_key="p2")
    x2 = task_of(p2)
    t2 = server.clock.advance(MINUTE)
    assert {t.external_task.id for t in engine.fetch("w2", engine.topic("charge", lock=3600))} == {x1, x2}
    engine.complete_external(x1, "w2")
    x3 = task_of(p1)
    p3 = engine.start_id(d2, business_key="p3")
    x4 = task_of(p3)
    t3 = server.clock.advance(MINUTE)
    engine.fail(x2, "w2", retries=0, message="card declined")
    engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=p2))
    p4 = engine.start_id(d3, business_key="p4")
    x5 = task_of(p4)
    t4 = server.clock.advance(MINUTE)
    assert engine.lock("w3", "refund") == x4
    engine.modify(p3, pi.ModificationInstruction(type=pi.ModificationInstruction.TYPE_CANCEL, activity_id="Refund"))
    server.clock.advance(MINUTE)

    everything = engine.task_logs()
    assert len(everything) == len(LABELS)
    return World(server, engine, {"d1": d1, "d2": d2, "d3": d3}, {"p1": p1, "p2": p2, "p3": p3, "p4": p4},
                 {"x1": x1, "x2": x2, "x3": x3, "x4": x4, "x5": x5}, (t0, t1, t2, t3, t4),
                 dict(zip(LABELS, everything)))


def test_the_world_s_entries(world: World) -> None:
    """What the world logged, entry by entry (the filters below rely on it)."""
    w, r, x, p, d = world, world.rows, world.tasks, world.instances, world.definitions
    t0, t1, t2, t3, t4 = w.times

    def summary(row: hi.HistoricExternalTaskLog) -> tuple[Any, ...]:
        return (*event(row), row.external_task_id, row.timestamp, row.topic_name, row.priority, row.activity_id,
                row.process_instance_id, row.process_definition_id, row.process_definition_key, row.tenant_id)

    assert summary(r["A"]) == ("created", "", None, "", x["x1"], ts(t0), "charge", 10, "Charge", p["p1"], d["d1"],
                               "invoices", "")
    assert summary(r["B"]) == ("failed", "w1", 1, "timeout", x["x1"], ts(t1), "charge", 10, "Charge", p["p1"],
                               d["d1"], "invoices", "")
    assert summary(r["C"]) == ("created", "", None, "", x["x2"], ts(t1), "charge", 10, "Charge", p["p2"], d["d1"],
                               "invoices", "")
    assert summary(r["D"]) == ("succeeded", "w2", 1, "timeout", x["x1"], ts(t2), "charge", 10, "Charge", p["p1"],
                               d["d1"], "invoices", "")
    assert summary(r["E"]) == ("created", "", None, "", x["x3"], ts(t2), "ship", 0, "Ship", p["p1"], d["d1"],
                               "invoices", "")
    assert summary(r["F"]) == ("created", "", None, "", x["x4"], ts(t2), "refund", 20, "Refund", p["p3"], d["d2"],
                               "refunds", TENANT)
    assert summary(r["G"]) == ("failed", "w2", 0, "card declined", x["x2"], ts(t3), "charge", 10, "Charge", p["p2"],
                               d["d1"], "invoices", "")
    # Deleted after the failure released it: no worker held it.
    assert summary(r["H"]) == ("deleted", "", 0, "card declined", x["x2"], ts(t3), "charge", 10, "Charge", p["p2"],
                               d["d1"], "invoices", "")
    assert summary(r["I"]) == ("created", "", None, "", x["x5"], ts(t3), "charge", 10, "Charge", p["p4"], d["d3"],
                               "invoices", OTHER)
    assert summary(r["J"]) == ("deleted", "w3", None, "", x["x4"], ts(t4), "refund", 20, "Refund", p["p3"], d["d2"],
                               "refunds", TENANT)
    # The query leaves the details out.
    assert all(row.error_details == "" for row in r.values())
    # One pass per task; the tasks of invoices wait on their instance's execution, x4 on its scope's.
    passes = {label: row.activity_instance_id for label, row in r.items()}
    assert passes["A"] == passes["B"] == passes["D"] and passes["C"] == passes["G"] == passes["H"]
    assert passes["F"] == passes["J"] and len(set(passes.values())) == 5
    for label in "ABCDEGHI":
        assert r[label].execution_id == r[label].process_instance_id, label
    assert r["F"].execution_id == r["J"].execution_id != p["p3"]
    assert passes["F"] == f"Refund:{r['F'].execution_id}"
    [charge_pass] = w.engine.passes_at(p["p1"], "Charge")
    assert passes["A"] == charge_pass.id


def test_every_filter(world: World) -> None:
    w, r, x, p, d = world, world.rows, world.tasks, world.instances, world.definitions
    assert w.which() == "ABCDEFGHIJ"
    assert w.which(log_id=r["D"].id) == "D"
    assert w.which(log_id="no-such-entry") == ""
    assert w.which(log_id=x["x1"]) == ""  # a task's id is no entry's
    assert w.which(log_id="9" * 30) == ""  # no entry's id, however long
    assert w.which(log_id=f"0{r['D'].id}") == ""  # nor another spelling of one
    assert w.which(external_task_id=x["x1"]) == "ABD"
    assert w.which(external_task_id=x["x4"]) == "FJ"
    assert w.which(external_task_id=r["A"].id) == ""
    assert w.which(topic_name="charge") == "ABCDGHI"
    assert w.which(topic_name="refund") == "FJ"
    assert w.which(topic_name="Charge") == ""  # the activity's id, not the topic
    assert w.which(error_message="timeout") == "BD"
    assert w.which(error_message="card declined") == "GH"
    assert w.which(error_message="card") == ""
    assert w.which(activity_id_in=["Ship"]) == "E"
    assert w.which(activity_id_in=["Ship", "Refund"]) == "EFJ"
    assert w.which(activity_id_in=["charge", "no-such-activity"]) == ""
    assert w.which(activity_instance_id_in=[r["A"].activity_instance_id]) == "ABD"
    assert w.which(activity_instance_id_in=[r["C"].activity_instance_id, r["J"].activity_instance_id]) == "CFGHJ"
    assert w.which(activity_instance_id_in=[p["p1"]]) == ""  # the instance is no task's activity instance
    assert w.which(execution_id_in=[p["p1"]]) == "ABDE"
    assert w.which(execution_id_in=[p["p2"], r["F"].execution_id]) == "CFGHJ"
    assert w.which(execution_id_in=[p["p3"]]) == ""  # x4 waited on its scope's execution
    assert w.which(process_instance_id=p["p1"]) == "ABDE"
    assert w.which(process_instance_id=p["p3"]) == "FJ"
    assert w.which(process_instance_id=x["x1"]) == ""
    assert w.which(process_definition_id=d["d1"]) == "ABCDEGH"
    assert w.which(process_definition_id=d["d3"]) == "I"
    assert w.which(process_definition_key="invoices") == "ABCDEGHI"
    assert w.which(process_definition_key="refunds") == "FJ"
    assert w.which(process_definition_key="Invoices") == ""
    assert w.which(tenant_id_in=[TENANT]) == "FJ"
    assert w.which(tenant_id_in=[TENANT, OTHER]) == "FIJ"
    assert w.which(tenant_id_in=["no-such-tenant"]) == ""
    assert w.which(without_tenant_id=True) == "ABCDEGH"
    # Every filter given must hold.
    assert w.which(process_definition_key="invoices", topic_name="charge", without_tenant_id=True) == "ABCDGH"
    assert w.which(external_task_id=x["x2"], error_message="card declined", process_instance_id=p["p1"]) == ""


def test_the_worker_filter(world: World) -> None:
    """The worker that failed, completed or held the task."""
    w = world
    assert w.which(worker_id="w1") == "B"
    assert w.which(worker_id="w2") == "DG"
    assert w.which(worker_id="w3") == "J"
    assert w.which(worker_id="w") == ""
    assert w.which(worker_id="w2", failure_log=True) == "G"


def test_the_priority_filters(world: World) -> None:
    w = world
    # 0 is a bound like any other (the fields are optional: unset means no bound).
    assert w.which(priority_lower_than_or_equals=0) == "E"
    assert w.which(priority_lower_than_or_equals=9) == "E"
    assert w.which(priority_lower_than_or_equals=10) == "ABCDEGHI"
    assert w.which(priority_lower_than_or_equals=-1) == ""
    assert w.which(priority_higher_than_or_equals=0) == "ABCDEFGHIJ"
    assert w.which(priority_higher_than_or_equals=11) == "FJ"
    assert w.which(priority_higher_than_or_equals=21) == ""
    assert w.which(priority_higher_than_or_equals=10, priority_lower_than_or_equals=10) == "ABCDGHI"
    assert w.which(priority_higher_than_or_equals=1, priority_lower_than_or_equals=19) == "ABCDGHI"
    assert w.which(priority_higher_than_or_equals=20, priority_lower_than_or_equals=0) == ""
    assert w.which(priority_lower_than_or_equals=2**63 - 1, priority_higher_than_or_equals=-2**63) == "ABCDEFGHIJ"
    assert w.which(priority_higher_than_or_equals=2**63 - 1) == ""


def test_the_kind_flags_alone_and_combined_mean_any_of_them(world: World) -> None:
    w = world
    assert w.which(creation_log=True) == "ACEFI"
    assert w.which(failure_log=True) == "BG"
    assert w.which(success_log=True) == "D"
    assert w.which(deletion_log=True) == "HJ"
    assert w.which(failure_log=True, deletion_log=True) == "BGHJ"
    assert w.which(creation_log=True, success_log=True) == "ACDEFI"
    assert w.which(creation_log=True, failure_log=True, success_log=True) == "ABCDEFGI"
    assert w.which(**{flag: True for flag, _ in LOG_KINDS}) == "ABCDEFGHIJ"
    # With the other filters: every one must hold.
    assert w.which(success_log=True, deletion_log=True, process_instance_id=w.instances["p1"]) == "D"
    assert w.which(creation_log=True, topic_name="refund") == "F"
    assert w.which(failure_log=True, tenant_id_in=[TENANT]) == ""


def test_the_time_filters(world: World) -> None:
    w = world
    t0, t1, t2, t3, t4 = w.times
    # Inclusive at both ends.
    assert w.which(timestamp_before=ts(t0)) == "A"
    assert w.which(timestamp_before=ts(t0 - MICROSECOND)) == ""
    assert w.which(timestamp_before=ts(t2 - MICROSECOND)) == "ABC"
    assert w.which(timestamp_after=ts(t4)) == "J"
    assert w.which(timestamp_after=ts(t4 + MICROSECOND)) == ""
    assert w.which(timestamp_after=ts(t3 - MICROSECOND)) == "GHIJ"
    assert w.which(timestamp_after=ts(t1), timestamp_before=ts(t2)) == "BCDEF"
    assert w.which(timestamp_after=ts(t2), timestamp_before=ts(t2)) == "DEF"
    assert w.which(timestamp_after=ts(t3), timestamp_before=ts(t1)) == ""
    assert w.which(timestamp_after=ts(t1), deletion_log=True) == "HJ"


def _expected(rows: dict[str, hi.HistoricExternalTaskLog], key: Callable[[hi.HistoricExternalTaskLog], Any],
              desc: bool) -> str:
    """Labels of ``rows`` sorted by ``key`` (None first ascending, last descending), ties as the
    entries occurred (by label)."""
    present = sorted((item for item in rows.items() if key(item[1]) is not None), key=lambda item: key(item[1]),
                     reverse=desc)
    absent = [item for item in rows.items() if key(item[1]) is None]
    return "".join(label for label, _ in (present + absent if desc else absent + present))


def _text(field: str) -> Callable[[hi.HistoricExternalTaskLog], Any]:
    return lambda r: getattr(r, field) or None


SORTED_BY: dict[str, Callable[[hi.HistoricExternalTaskLog], Any]] = {
    "timestamp": lambda r: (r.timestamp.seconds, r.timestamp.nanos),
    "externalTaskId": _text("external_task_id"),
    "topicName": _text("topic_name"),
    "workerId": _text("worker_id"),
    "retries": retries_of,
    "priority": lambda r: r.priority,
    "activityId": _text("activity_id"),
    "activityInstanceId": _text("activity_instance_id"),
    "executionId": _text("execution_id"),
    "processInstanceId": _text("process_instance_id"),
    "processDefinitionId": _text("process_definition_id"),
    "processDefinitionKey": _text("process_definition_key"),
    "tenantId": _text("tenant_id"),
    "occurrence": lambda r: int(r.id),
}


def test_every_sort_key_both_ways(world: World) -> None:
    w = world
    for sort_by, key in SORTED_BY.items():
        for direction in ("asc", "desc"):
            assert w.order((sort_by, direction)) == _expected(w.rows, key, direction == "desc"), (sort_by, direction)


def test_sorting_by_the_world_s_values(world: World) -> None:
    """The orders the world's values give, written out (ties as the entries occurred)."""
    w = world
    assert w.order(("occurrence", "asc")) == "ABCDEFGHIJ"
    assert w.order(("occurrence", "desc")) == "JIHGFEDCBA"
    assert w.order(("timestamp", "asc")) == "ABCDEFGHIJ"
    assert w.order(("timestamp", "desc")) == "J" + "GHI" + "DEF" + "BC" + "A"
    assert w.order(("priority", "asc")) == "E" + "ABCDGHI" + "FJ"
    assert w.order(("priority", "desc")) == "FJ" + "ABCDGHI" + "E"
    # Unset retries first ascending, last descending.
    assert w.order(("retries", "asc")) == "ACEFIJ" + "GH" + "BD"
    assert w.order(("retries", "desc")) == "BD" + "GH" + "ACEFIJ"
    assert w.order(("topicName", "asc")) == "ABCDGHI" + "FJ" + "E"
    assert w.order(("activityId", "desc")) == "E" + "FJ" + "ABCDGHI"
    assert w.order(("tenantId", "asc")) == "ABCDEGH" + "FJ" + "I"
    assert w.order(("tenantId", "desc")) == "I" + "FJ" + "ABCDEGH"
    assert w.order(("processDefinitionKey", "desc")) == "FJ" + "ABCDEGHI"
    # The first element is the primary ordering; the next one orders its ties.
    assert w.order(("topicName", "asc"), ("occurrence", "desc")) == "IHGDCBA" + "JF" + "E"
    assert w.order(("priority", "desc"), ("retries", "asc"), ("timestamp", "desc")) == "JF" + "ICA" + "GH" + "DB" + "E"


def test_offset_paging(world: World) -> None:
    w = world
    default = [r.id for r in w.found()]
    assert default == [w.rows[label].id for label in LABELS]

    def page(first_result: int, max_results: int, *pairs: tuple[str, str]) -> list[str]:
        return [r.id for r in w.engine.task_logs(page={"first_result": first_result, "max_results": max_results},
                                                 sorting=sorted_by(*pairs))]

    assert page(0, 0) == default  # max_results 0: the server's page size
    assert page(0, 10) == default
    assert page(0, 4) == default[:4]
    assert page(7, 5) == default[7:]
    assert page(9, 1) == default[9:]
    assert page(10, 5) == []
    assert page(100, 5) == []
    by_priority = [r.id for r in w.found(sorting=sorted_by(("priority", "desc")))]
    assert page(2, 3, ("priority", "desc")) == by_priority[2:5]
    by_topic = [r.id for r in w.found(sorting=sorted_by(("topicName", "desc")))]
    for first in range(11):
        assert page(first, 2, ("topicName", "desc")) == by_topic[first:first + 2]
    # The count ignores paging: it is what every page together holds.
    assert w.engine.count_task_logs() == 10
    assert w.engine.count_task_logs(topic_name="charge") == 7


def test_get_an_entry_with_its_error_details(world: World) -> None:
    w, r = world, world.rows
    details = {"B": "stack 1"}  # G's failure gave none
    for label, row in r.items():
        got = w.engine.task_log(row.id)
        assert got.error_details == details.get(label, ""), label
        got.ClearField("error_details")
        assert got == row, label
    b = w.engine.task_log(r["B"].id)
    assert (b.failure_log, b.worker_id, b.retries, b.error_message, b.error_details) == (
        True, "w1", 1, "timeout", "stack 1")
    # A success carries no details, though the task had some then.
    assert w.engine.task_log(r["D"].id).error_details == ""
    for missing in ("no-such-entry", "", "0", "-1", f"0{r['A'].id}", f"{r['A'].id} ", w.tasks["x1"],
                    str(int(r["J"].id) + 1000), "9" * 30):
        failed = expect_error(lambda: w.engine.task_log(missing), grpc.StatusCode.NOT_FOUND,
                              "EXTERNAL_TASK_LOG_NOT_FOUND")
        assert failed.info.metadata["id"] == missing, missing


def test_a_tenant_token_finds_counts_and_gets_only_what_it_sees(world: World) -> None:
    w, r = world, world.rows
    member = World(**{**w.__dict__, "engine": ExternalTaskLogs(w.server.api(w.server.token(tenants=(TENANT,))))})
    assert member.which() == "ABCDEFGHJ"
    assert member.which(tenant_id_in=[OTHER]) == ""
    assert member.which(tenant_id_in=[TENANT, OTHER]) == "FJ"
    assert member.which(without_tenant_id=True) == "ABCDEGH"
    assert member.which(process_instance_id=w.instances["p4"]) == ""
    assert member.which(process_definition_key="invoices") == "ABCDEGH"
    assert member.which(creation_log=True) == "ACEF"
    assert member.order(("tenantId", "desc")) == "FJ" + "ABCDEGH"
    assert member.engine.task_log(r["J"].id) == r["J"]
    got = member.engine.task_log(r["B"].id)
    assert (got.error_details, got.id) == ("stack 1", r["B"].id)
    assert member.engine.task_log(r["F"].id) == r["F"]
    failed = expect_error(lambda: member.engine.task_log(r["I"].id), grpc.StatusCode.NOT_FOUND,
                          "EXTERNAL_TASK_LOG_NOT_FOUND")
    assert failed.info.metadata["id"] == r["I"].id

    nobody = World(**{**w.__dict__, "engine": ExternalTaskLogs(w.server.api(w.server.token()))})
    assert nobody.which() == "ABCDEGH"
    assert nobody.which(topic_name="refund") == ""
    assert nobody.which(tenant_id_in=[TENANT]) == ""
    assert nobody.which(log_id=r["J"].id) == ""
    for hidden in "FIJ":
        expect_error(lambda: nobody.engine.task_log(r[hidden].id), grpc.StatusCode.NOT_FOUND,
                     "EXTERNAL_TASK_LOG_NOT_FOUND")
    assert nobody.engine.task_log(r["H"].id) == r["H"]


def test_refused_requests(world: World) -> None:
    engine = world.engine
    expect_refused_log_requests(engine.task_logs, engine.count_task_logs, ("timestamp_before", "timestamp_after"), [
        (sorted_by(("startTime", "asc")), "sorting[0].sort_by"),
        (sorted_by(("errorMessage", "asc")), "sorting[0].sort_by"),  # not a sort key of the contract
        (sorted_by(("id", "asc")), "sorting[0].sort_by"),
        (sorted_by(("TIMESTAMP", "asc")), "sorting[0].sort_by"),
        (sorted_by(("timestamp", "asc"), ("topicname", "asc")), "sorting[1].sort_by"),
        (sorted_by(("timestamp", "up")), "sorting[0].sort_order"),
        ([ex.Sorting(sort_order="asc")], "sorting[0].sort_by"),
        ([ex.Sorting(sort_by="timestamp", sort_order="asc"), ex.Sorting(sort_by="priority")],
         "sorting[1].sort_order"),
    ])
    # Nothing refused changed anything.
    assert engine.count_task_logs() == 10


def test_every_call_needs_a_token(world: World) -> None:
    anonymous = ExternalTaskLogs(world.server.api(None))
    for call in (anonymous.task_logs, anonymous.count_task_logs,
                 lambda: anonymous.task_log(world.rows["A"].id)):
        expect_error(call, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
