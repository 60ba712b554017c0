"""HistoryService's job log queries: QueryHistoricJobLogs with every filter, every sort key both
ways and offset paging; CountHistoricJobLogs with the same filters; GetHistoricJobLog (with the
exception details the query leaves out); what a tenant's token sees; and the errors of the three.

The world is a server of its own per backend (module-scoped, no background work: each job runs
by ExecuteJob): every entry of its log is the world's, so a filter's answer is exact, and its
clock moves as the world needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable, Iterator

import grpc
import pytest

from flowkeeper.engine.v1 import execution_pb2 as ex
from flowkeeper.engine.v1 import history_pb2 as hi
from flowkeeper.engine.v1 import job_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.conftest import BACKENDS, own_server
from tests.engine.history_support import (LOG_KINDS, JobLogs, LabelledRows, due_of, every_page,
                                          expect_refused_log_requests, job_event, sorted_by, ts)
from tests.engine.job_support import failing_gateway, timer_start
from tests.support import ServerHandle, expect_error

MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)
MICROSECOND = timedelta(microseconds=1)
TENANT, OTHER = "tenant-a", "tenant-b"
LABELS = "ABCDEFGHIJK"


@dataclass
class World(LabelledRows):
    """Three definitions, four instances, five jobs (j1..j5) worked a minute apart (t0..t4);
    eleven entries, labelled A..K in the order they occurred:

    t0  hourly (timer start R2/PT1H, of OTHER) is deployed: A, j3 created (due t0+1h);
        p1 (timed: the timer Wait PT1H before the gateway, no tenant) starts with amount 20:
        B, j1 created (due t0+1h)
    t1  p2 (timed) starts without amount: C, j2 created; ExecuteJob j2 fails at the gateway:
        D (retries 2); p3 (continued: the gateway asynchronous, of TENANT) starts without
        amount: E, j4 created (due at once)
    t2  j1 (its priority set to 5 by SetJobPriority) runs: F; j4 (priority set to 9 the same
        way) fails: G (retries 2, due again at t2)
    t3  p2 is deleted: H, j2 deleted; j3 runs (ahead of time): I, then J, j5 (the cycle's
        next, due t0+2h) created
    t4  p3's Gate is cancelled (ModifyProcessInstance): K, j4 deleted"""

    server: ServerHandle
    engine: JobLogs
    definitions: dict[str, str]  # d1 (timed), d2 (continued of TENANT), d3 (hourly of OTHER)
    instances: dict[str, str]  # p1..p3
    jobs: dict[str, str]  # j1..j5
    times: tuple[datetime, ...]
    rows: dict[str, hi.HistoricJobLog]  # label -> entry

    def found(self, **filters: Any) -> list[hi.HistoricJobLog]:
        """What QueryHistoricJobLogs finds (every page of 3), checked against the count."""
        rows = every_page(self.engine.job_logs, self.engine.count_job_logs, 3, **filters)
        if "sorting" not in filters:  # as they occurred
            assert [int(r.id) for r in rows] == sorted(int(r.id) for r in rows), filters
        return rows

    def which(self, **filters: Any) -> str:
        return "".join(self.label(r) for r in self.found(**filters))


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with own_server(request, tmp_path_factory, background=False) as handle:
        yield _world(handle)


def _world(server: ServerHandle) -> World:
    engine = JobLogs(server.api())

    def prioritize(job_id: str, priority: int) -> None:
        changed = engine.jobs.SetJobPriority(job_pb2.SetJobPriorityRequest(id=job_id, priority=priority)).job
        assert changed.priority == priority

    def fails(job_id: str) -> None:
        expect_error(lambda: engine.execute(job_id), grpc.StatusCode.FAILED_PRECONDITION,
                     "EXPRESSION_EVALUATION_FAILED")

    t0 = server.clock.now()
    d3 = engine.deploy_inline("hourly", timer_start("hourly"), OTHER)
    j3 = engine.the_job(process_definition_id=d3).id
    d1 = engine.deploy_inline("timed", failing_gateway("timed", timer="PT1H"))
    d2 = engine.deploy_inline("continued", failing_gateway("continued"), TENANT)
    p1 = engine.start_id(d1, {"amount": 20})
    j1 = engine.the_job(p1).id
    t1 = server.clock.advance(MINUTE)
    p2 = engine.start_id(d1)
    j2 = engine.the_job(p2).id
    fails(j2)
    p3 = engine.start_id(d2)
    j4 = engine.the_job(p3).id
    t2 = server.clock.advance(MINUTE)
    prioritize(j1, 5)
    engine.execute(j1)
    prioritize(j4, 9)
    fails(j4)
    t3 = server.clock.advance(MINUTE)
    engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=p2))
    engine.execute(j3)
    j5 = engine.the_job(process_definition_id=d3).id
    t4 = server.clock.advance(MINUTE)
    engine.modify(p3, pi.ModificationInstruction(type=pi.ModificationInstruction.TYPE_CANCEL, activity_id="Gate"))
    server.clock.advance(MINUTE)

    everything = engine.job_logs()
    assert len(everything) == len(LABELS)
    return World(server, engine, {"d1": d1, "d2": d2, "d3": d3}, {"p1": p1, "p2": p2, "p3": p3},
                 {"j1": j1, "j2": j2, "j3": j3, "j4": j4, "j5": j5}, (t0, t1, t2, t3, t4),
                 dict(zip(LABELS, everything)))


def test_the_world_s_entries(world: World) -> None:
    """What the world logged, entry by entry (the filters below rely on it)."""
    w, r, j, p, d = world, world.rows, world.jobs, world.instances, world.definitions
    t0, t1, t2, t3, t4 = w.times
    timed, gate = r["D"].job_exception_message, r["G"].job_exception_message
    assert "amount" in timed and "amount" in gate

    def summary(row: hi.HistoricJobLog) -> tuple[Any, ...]:
        return (*job_event(row), row.job_id, row.timestamp, due_of(row), row.job_priority, row.activity_id,
                row.execution_id, row.process_instance_id, row.process_definition_id,
                row.process_definition_key, row.tenant_id)

    start, wait, cont = "timer-start", "timer-intermediate", "async-before"
    assert summary(r["A"]) == ("created", start, 3, "", j["j3"], ts(t0), t0 + HOUR, 0, "EveryHour", "", "", d["d3"],
                               "hourly", OTHER)
    assert summary(r["B"]) == ("created", wait, 3, "", j["j1"], ts(t0), t0 + HOUR, 0, "Wait", p["p1"], p["p1"],
                               d["d1"], "timed", "")
    assert summary(r["C"]) == ("created", wait, 3, "", j["j2"], ts(t1), t1 + HOUR, 0, "Wait", p["p2"], p["p2"],
                               d["d1"], "timed", "")
    # Run ahead of its time, the failed timer keeps its due date.
    assert summary(r["D"]) == ("failed", wait, 2, timed, j["j2"], ts(t1), t1 + HOUR, 0, "Wait", p["p2"], p["p2"],
                               d["d1"], "timed", "")
    assert summary(r["E"]) == ("created", cont, 3, "", j["j4"], ts(t1), None, 0, "Gate", p["p3"], p["p3"], d["d2"],
                               "continued", TENANT)
    assert summary(r["F"]) == ("succeeded", wait, 3, "", j["j1"], ts(t2), t0 + HOUR, 5, "Wait", p["p1"], p["p1"],
                               d["d1"], "timed", "")
    assert summary(r["G"]) == ("failed", cont, 2, gate, j["j4"], ts(t2), t2, 9, "Gate", p["p3"], p["p3"], d["d2"],
                               "continued", TENANT)
    assert summary(r["H"]) == ("deleted", wait, 2, timed, j["j2"], ts(t3), t1 + HOUR, 0, "Wait", p["p2"], p["p2"],
                               d["d1"], "timed", "")
    assert summary(r["I"]) == ("succeeded", start, 3, "", j["j3"], ts(t3), t0 + HOUR, 0, "EveryHour", "", "",
                               d["d3"], "hourly", OTHER)
    assert summary(r["J"]) == ("created", start, 3, "", j["j5"], ts(t3), t0 + 2 * HOUR, 0, "EveryHour", "", "",
                               d["d3"], "hourly", OTHER)
    assert summary(r["K"]) == ("deleted", cont, 2, gate, j["j4"], ts(t4), t2, 9, "Gate", p["p3"], p["p3"], d["d2"],
                               "continued", TENANT)
    # The query leaves the details out.
    assert all(row.job_exception_details == "" for row in r.values())
    # One job definition per activity.
    definitions = {label: row.job_definition_id for label, row in r.items()}
    assert definitions["A"] == definitions["I"] == definitions["J"]
    assert definitions["B"] == definitions["C"] == definitions["D"] == definitions["F"] == definitions["H"]
    assert definitions["E"] == definitions["G"] == definitions["K"]
    assert len(set(definitions.values())) == 3 and "" not in definitions.values()


def test_every_filter(world: World) -> None:
    w, r, j, p, d = world, world.rows, world.jobs, world.instances, world.definitions
    assert w.which() == LABELS
    assert w.which(log_id=r["D"].id) == "D"
    assert w.which(log_id="no-such-entry") == ""
    assert w.which(log_id=j["j1"]) == ""  # a job's id is no entry's
    assert w.which(log_id="9" * 30) == ""
    assert w.which(log_id=f"0{r['D'].id}") == ""  # nor another spelling of one
    assert w.which(job_id=j["j2"]) == "CDH"
    assert w.which(job_id=j["j3"]) == "AI"
    assert w.which(job_id=j["j5"]) == "J"
    assert w.which(job_id=r["A"].id) == ""
    timed, gate = r["D"].job_exception_message, r["G"].job_exception_message
    if timed == gate:
        assert w.which(job_exception_message=timed) == "DGHK"
    else:
        assert w.which(job_exception_message=timed) == "DH"
        assert w.which(job_exception_message=gate) == "GK"
    assert w.which(job_exception_message="amount") == ""  # the whole message, not a part
    assert w.which(job_definition_id=r["B"].job_definition_id) == "BCDFH"
    assert w.which(job_definition_id=r["A"].job_definition_id) == "AIJ"
    assert w.which(job_definition_id=j["j1"]) == ""
    assert w.which(job_definition_type="timer-start") == "AIJ"
    assert w.which(job_definition_type="timer-intermediate") == "BCDFH"
    assert w.which(job_definition_type="async-before") == "EGK"
    for none in ("timer-boundary", "timer-event-gateway", "async-after", "timer", "Async-Before"):
        assert w.which(job_definition_type=none) == "", none
    assert w.which(activity_id_in=["Gate"]) == "EGK"
    assert w.which(activity_id_in=["Gate", "EveryHour"]) == "AEGIJK"
    assert w.which(activity_id_in=["gate", "no-such-activity"]) == ""
    assert w.which(execution_id_in=[p["p1"]]) == "BF"
    assert w.which(execution_id_in=[p["p2"], p["p3"]]) == "CDEGHK"
    assert w.which(execution_id_in=[d["d3"]]) == ""
    assert w.which(process_instance_id=p["p1"]) == "BF"
    assert w.which(process_instance_id=p["p3"]) == "EGK"
    assert w.which(process_instance_id=j["j1"]) == ""
    assert w.which(process_definition_id=d["d1"]) == "BCDFH"
    assert w.which(process_definition_id=d["d3"]) == "AIJ"
    assert w.which(process_definition_id=p["p1"]) == ""
    assert w.which(process_definition_key="timed") == "BCDFH"
    assert w.which(process_definition_key="hourly") == "AIJ"
    assert w.which(process_definition_key="Timed") == ""
    assert w.which(tenant_id_in=[TENANT]) == "EGK"
    assert w.which(tenant_id_in=[TENANT, OTHER]) == "AEGIJK"
    assert w.which(tenant_id_in=["no-such-tenant"]) == ""
    assert w.which(without_tenant_id=True) == "BCDFH"
    # Every filter given must hold.
    assert w.which(process_definition_key="timed", job_id=j["j2"], without_tenant_id=True) == "CDH"
    assert w.which(job_id=j["j4"], process_instance_id=p["p1"]) == ""


def test_the_priority_filters(world: World) -> None:
    w = world
    # 0 is a bound like any other (the fields are optional: unset means no bound).
    assert w.which(job_priority_lower_than_or_equals=0) == "ABCDEHIJ"
    assert w.which(job_priority_lower_than_or_equals=5) == "ABCDEFHIJ"
    assert w.which(job_priority_lower_than_or_equals=-1) == ""
    assert w.which(job_priority_higher_than_or_equals=0) == LABELS
    assert w.which(job_priority_higher_than_or_equals=1) == "FGK"
    assert w.which(job_priority_higher_than_or_equals=6) == "GK"
    assert w.which(job_priority_higher_than_or_equals=10) == ""
    assert w.which(job_priority_higher_than_or_equals=5, job_priority_lower_than_or_equals=5) == "F"
    assert w.which(job_priority_higher_than_or_equals=9, job_priority_lower_than_or_equals=0) == ""
    assert w.which(job_priority_lower_than_or_equals=2**63 - 1, job_priority_higher_than_or_equals=-2**63) == LABELS
    assert w.which(job_priority_higher_than_or_equals=2**63 - 1) == ""


def test_the_kind_flags_alone_and_combined_mean_any_of_them(world: World) -> None:
    w = world
    assert w.which(creation_log=True) == "ABCEJ"
    assert w.which(failure_log=True) == "DG"
    assert w.which(success_log=True) == "FI"
    assert w.which(deletion_log=True) == "HK"
    assert w.which(failure_log=True, deletion_log=True) == "DGHK"
    assert w.which(creation_log=True, success_log=True) == "ABCEFIJ"
    assert w.which(creation_log=True, failure_log=True, success_log=True) == "ABCDEFGIJ"
    assert w.which(**{flag: True for flag, _ in LOG_KINDS}) == LABELS
    # With the other filters: every one must hold.
    assert w.which(success_log=True, deletion_log=True, process_instance_id=w.instances["p2"]) == "H"
    assert w.which(creation_log=True, job_definition_type="timer-start") == "AJ"
    assert w.which(failure_log=True, tenant_id_in=[OTHER]) == ""


def test_the_time_filters(world: World) -> None:
    w = world
    t0, t1, t2, t3, t4 = w.times
    # Inclusive at both ends.
    assert w.which(timestamp_before=ts(t0)) == "AB"
    assert w.which(timestamp_before=ts(t0 - MICROSECOND)) == ""
    assert w.which(timestamp_before=ts(t2 - MICROSECOND)) == "ABCDE"
    assert w.which(timestamp_after=ts(t4)) == "K"
    assert w.which(timestamp_after=ts(t4 + MICROSECOND)) == ""
    assert w.which(timestamp_after=ts(t3 - MICROSECOND)) == "HIJK"
    assert w.which(timestamp_after=ts(t1), timestamp_before=ts(t2)) == "CDEFG"
    assert w.which(timestamp_after=ts(t3), timestamp_before=ts(t3)) == "HIJ"
    assert w.which(timestamp_after=ts(t3), timestamp_before=ts(t1)) == ""
    assert w.which(timestamp_after=ts(t1), deletion_log=True) == "HK"


def _expected(rows: dict[str, hi.HistoricJobLog], key: Callable[[hi.HistoricJobLog], Any], desc: bool) -> str:
    """Labels of ``rows`` sorted by ``key`` (None first ascending, last descending), ties as the
    entries occurred (by label)."""
    present = sorted((item for item in rows.items() if key(item[1]) is not None), key=lambda item: key(item[1]),
                     reverse=desc)
    absent = [item for item in rows.items() if key(item[1]) is None]
    return "".join(label for label, _ in (present + absent if desc else absent + present))


def _text(field: str) -> Callable[[hi.HistoricJobLog], Any]:
    return lambda r: getattr(r, field) or None


SORTED_BY: dict[str, Callable[[hi.HistoricJobLog], Any]] = {
    "timestamp": lambda r: (r.timestamp.seconds, r.timestamp.nanos),
    "jobId": _text("job_id"),
    "jobDefinitionId": _text("job_definition_id"),
    "jobDueDate": due_of,
    "jobRetries": lambda r: r.job_retries,
    "jobPriority": lambda r: r.job_priority,
    "activityId": _text("activity_id"),
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
    assert w.order(("occurrence", "asc")) == LABELS
    assert w.order(("occurrence", "desc")) == LABELS[::-1]
    assert w.order(("timestamp", "desc")) == "K" + "HIJ" + "FG" + "CDE" + "AB"
    assert w.order(("jobPriority", "asc")) == "ABCDEHIJ" + "F" + "GK"
    assert w.order(("jobPriority", "desc")) == "GK" + "F" + "ABCDEHIJ"
    assert w.order(("jobRetries", "asc")) == "DGHK" + "ABCEFIJ"
    # Unset (due at once) first ascending, last descending.
    assert w.order(("jobDueDate", "asc")) == "E" + "GK" + "ABFI" + "CDH" + "J"
    assert w.order(("jobDueDate", "desc")) == "J" + "CDH" + "ABFI" + "GK" + "E"
    # A start timer's entries have no execution or instance.
    assert w.order(("executionId", "asc"))[:3] == "AIJ"
    assert w.order(("processInstanceId", "desc"))[-3:] == "AIJ"
    assert w.order(("tenantId", "asc")) == "BCDFH" + "EGK" + "AIJ"
    assert w.order(("tenantId", "desc")) == "AIJ" + "EGK" + "BCDFH"
    assert w.order(("processDefinitionKey", "asc")) == "EGK" + "AIJ" + "BCDFH"
    assert w.order(("activityId", "desc")) == "BCDFH" + "EGK" + "AIJ"
    # The first element is the primary ordering; the next one orders its ties.
    assert w.order(("tenantId", "desc"), ("occurrence", "desc")) == "JIA" + "KGE" + "HFDCB"
    assert w.order(("jobRetries", "asc"), ("jobPriority", "desc"), ("timestamp", "desc")) == (
        "KG" + "HD" + "F" + "IJ" + "CE" + "AB")


def test_offset_paging(world: World) -> None:
    w = world
    default = [r.id for r in w.found()]
    assert default == [w.rows[label].id for label in LABELS]

    def page(first_result: int, max_results: int, *pairs: tuple[str, str]) -> list[str]:
        return [r.id for r in w.engine.job_logs(page={"first_result": first_result, "max_results": max_results},
                                                sorting=sorted_by(*pairs))]

    assert page(0, 0) == default  # max_results 0: the server's page size
    assert page(0, 11) == default
    assert page(0, 4) == default[:4]
    assert page(8, 5) == default[8:]
    assert page(10, 1) == default[10:]
    assert page(11, 5) == []
    assert page(100, 5) == []
    by_due = [r.id for r in w.found(sorting=sorted_by(("jobDueDate", "desc")))]
    for first in range(12):
        assert page(first, 2, ("jobDueDate", "desc")) == by_due[first:first + 2]
    # The count ignores paging.
    assert w.engine.count_job_logs() == 11
    assert w.engine.count_job_logs(job_definition_type="timer-intermediate") == 5


def test_get_an_entry_with_its_exception_details(world: World) -> None:
    w, r = world, world.rows
    for label, row in r.items():
        got = w.engine.job_log(row.id)
        if label in "DG":  # the failures
            assert got.job_exception_details.startswith("EXPRESSION_EVALUATION_FAILED"), label
        else:
            assert got.job_exception_details == "", label
        got.ClearField("job_exception_details")
        assert got == row, label
    # A deletion after a failure keeps the message, not the details.
    assert (w.engine.job_log(r["H"].id).job_exception_message, w.engine.job_log(r["H"].id).job_exception_details) == (
        r["D"].job_exception_message, "")
    for missing in ("no-such-entry", "", "0", "-1", f"0{r['A'].id}", f"{r['A'].id} ", w.jobs["j1"],
                    str(int(r["K"].id) + 1000), "9" * 30):
        failed = expect_error(lambda: w.engine.job_log(missing), grpc.StatusCode.NOT_FOUND, "JOB_LOG_NOT_FOUND")
        assert failed.info.metadata["id"] == missing, missing


def test_a_tenant_token_finds_counts_and_gets_only_what_it_sees(world: World) -> None:
    w, r = world, world.rows
    member = World(**{**w.__dict__, "engine": JobLogs(w.server.api(w.server.token(tenants=(TENANT,))))})
    assert member.which() == "BCDEFGHK"
    assert member.which(tenant_id_in=[OTHER]) == ""
    assert member.which(tenant_id_in=[TENANT, OTHER]) == "EGK"
    assert member.which(without_tenant_id=True) == "BCDFH"
    assert member.which(process_definition_id=w.definitions["d3"]) == ""
    assert member.which(job_definition_type="timer-start") == ""
    assert member.which(failure_log=True) == "DG"
    assert member.order(("tenantId", "desc")) == "EGK" + "BCDFH"
    got = member.engine.job_log(r["G"].id)
    assert got.job_exception_details.startswith("EXPRESSION_EVALUATION_FAILED")
    got.ClearField("job_exception_details")
    assert got == r["G"]
    assert member.engine.job_log(r["B"].id) == r["B"]
    for hidden in "AIJ":
        failed = expect_error(lambda: member.engine.job_log(r[hidden].id), grpc.StatusCode.NOT_FOUND,
                              "JOB_LOG_NOT_FOUND")
        assert failed.info.metadata["id"] == r[hidden].id

    nobody = World(**{**w.__dict__, "engine": JobLogs(w.server.api(w.server.token()))})
    assert nobody.which() == "BCDFH"
    assert nobody.which(job_definition_type="async-before") == ""
    assert nobody.which(tenant_id_in=[TENANT]) == ""
    assert nobody.which(log_id=r["K"].id) == ""
    for hidden in "AEGK":
        expect_error(lambda: nobody.engine.job_log(r[hidden].id), grpc.StatusCode.NOT_FOUND, "JOB_LOG_NOT_FOUND")
    assert nobody.engine.job_log(r["H"].id) == r["H"]


def test_refused_requests(world: World) -> None:
    engine = world.engine
    expect_refused_log_requests(engine.job_logs, engine.count_job_logs, ("timestamp_before", "timestamp_after"), [
        (sorted_by(("startTime", "asc")), "sorting[0].sort_by"),
        (sorted_by(("jobExceptionMessage", "asc")), "sorting[0].sort_by"),  # not a sort key of the contract
        (sorted_by(("jobDefinitionType", "asc")), "sorting[0].sort_by"),
        (sorted_by(("topicName", "asc")), "sorting[0].sort_by"),  # the external task log's
        (sorted_by(("id", "asc")), "sorting[0].sort_by"),
        (sorted_by(("TIMESTAMP", "asc")), "sorting[0].sort_by"),
        (sorted_by(("timestamp", "asc"), ("jobid", "asc")), "sorting[1].sort_by"),
        (sorted_by(("timestamp", "up")), "sorting[0].sort_order"),
        ([ex.Sorting(sort_order="asc")], "sorting[0].sort_by"),
        ([ex.Sorting(sort_by="timestamp", sort_order="asc"), ex.Sorting(sort_by="jobPriority")],
         "sorting[1].sort_order"),
    ])
    # Nothing refused changed anything.
    assert engine.count_job_logs() == 11


def test_every_call_needs_a_token(world: World) -> None:
    anonymous = JobLogs(world.server.api(None))
    for call in (anonymous.job_logs, anonymous.count_job_logs, lambda: anonymous.job_log(world.rows["A"].id)):
        expect_error(call, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
