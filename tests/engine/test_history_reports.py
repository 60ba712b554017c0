"""The history's reports (HistoryReportService) and the candidate group count (TaskService):
the historic activity statistics of a process definition, the cleanable process instance, case
instance and batch reports, the duration reports of process instances and tasks, and the task
count report — each from data the test makes through the API, on a server of the module's own
(no automatic cleanup, no job executor: the tests run the batches' jobs and move the clock).

The server is shared by the module's tests: each test reads its own rows (its own keys, its own
tenant, its own stretch of time), or compares a report before and after (the candidate groups)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

import grpc
import pytest
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import history_report_pb2 as pb
from flowkeeper.engine.v1 import history_pb2, history_report_pb2_grpc, incident_pb2, process_instance_pb2, task_pb2
from tests.conftest import BACKENDS, own_server
from tests.engine.batch_support import Batches, run_jobs
from tests.engine.case_support import Cases
from tests.engine.dmn_support import Decisions, literal
from tests.engine.history_support import sorted_by, ts
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error, unique

HOUR, DAY = timedelta(hours=1), timedelta(days=1)
MONTH, QUARTER = pb.PERIOD_UNIT_MONTH, pb.PERIOD_UNIT_QUARTER
BY_DEFINITION = pb.QueryTaskCountReportRequest.GROUP_BY_PROCESS_DEFINITION
BY_TASK_NAME = pb.QueryTaskCountReportRequest.GROUP_BY_TASK_NAME


def worked_then_reviewed(process_key: str, topic: str, ttl: str = "180", review: str = "Review") -> str:
    """Start, an external task Work, a user task Review (named ``review``), end."""
    return f"""
<bpmn:process id="{process_key}" name="Process {process_key}" isExecutable="true" camunda:historyTimeToLive="{ttl}">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="Review" />
  <bpmn:userTask id="Review" name="{review}" />
  <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def reviewed(process_key: str, ttl: str | None = "180", name: str = "", tasks: str = "") -> str:
    """Start, the user task Review (named ``name``, with the attributes ``tasks``), end."""
    lives = f' camunda:historyTimeToLive="{ttl}"' if ttl is not None else ""
    named = f' name="{name}"' if name else ""
    return f"""
<bpmn:process id="{process_key}" name="Process {process_key}" isExecutable="true"{lives}>
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review"{named}{tasks} />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


class Reports(Batches):
    """The engine's stubs (batches, history, failures) plus HistoryReportService."""

    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self.reports = api.stub(history_report_pb2_grpc.HistoryReportServiceStub)

    def statistics(self, definition_id: str, **options: Any) -> dict[str, tuple[int | None, ...]]:
        """Activity id -> (instances, finished, canceled, complete_scope, open, resolved, deleted
        incidents), None for a count not given; in the report's order."""
        found = self.reports.QueryHistoricActivityStatistics(pb.QueryHistoricActivityStatisticsRequest(
            process_definition_id=definition_id, **options)).statistics
        names = ("finished", "canceled", "complete_scope", "open_incidents", "resolved_incidents",
                 "deleted_incidents")
        return {s.id: (s.instances, *(getattr(s, n) if s.HasField(n) else None for n in names)) for s in found}

    def cleanable_processes(self, **filters: Any) -> list[tuple[Any, ...]]:
        """(key, version, ttl or None, finished, cleanable, tenant) of each row."""
        rows = self.reports.QueryCleanableProcessInstanceReport(
            pb.QueryCleanableProcessInstanceReportRequest(**filters)).results
        return [(r.process_definition_key, r.process_definition_version,
                 r.history_time_to_live if r.HasField("history_time_to_live") else None,
                 r.finished_process_instance_count, r.cleanable_process_instance_count, r.tenant_id) for r in rows]

    def count_cleanable_processes(self, **filters: Any) -> int:
        return self.reports.CountCleanableProcessInstanceReport(
            pb.CountCleanableProcessInstanceReportRequest(**filters)).count

    def cleanable_cases(self, **filters: Any) -> list[tuple[Any, ...]]:
        rows = self.reports.QueryCleanableCaseInstanceReport(
            pb.QueryCleanableCaseInstanceReportRequest(**filters)).results
        return [(r.case_definition_key, r.case_definition_version,
                 r.history_time_to_live if r.HasField("history_time_to_live") else None,
                 r.finished_case_instance_count, r.cleanable_case_instance_count, r.tenant_id) for r in rows]

    def count_cleanable_cases(self, **filters: Any) -> int:
        return self.reports.CountCleanableCaseInstanceReport(
            pb.CountCleanableCaseInstanceReportRequest(**filters)).count

    def cleanable_decisions(self, **filters: Any) -> list[tuple[Any, ...]]:
        rows = self.reports.QueryCleanableDecisionInstanceReport(
            pb.QueryCleanableDecisionInstanceReportRequest(**filters)).results
        return [(r.decision_definition_key, r.decision_definition_version,
                 r.history_time_to_live if r.HasField("history_time_to_live") else None,
                 r.finished_decision_instance_count, r.cleanable_decision_instance_count, r.tenant_id) for r in rows]

    def count_cleanable_decisions(self, **filters: Any) -> int:
        return self.reports.CountCleanableDecisionInstanceReport(
            pb.CountCleanableDecisionInstanceReportRequest(**filters)).count

    def cleanable_batches(self, **filters: Any) -> list[tuple[Any, ...]]:
        rows = self.reports.QueryCleanableBatchReport(pb.QueryCleanableBatchReportRequest(**filters)).results
        return [(r.batch_type, r.history_time_to_live if r.HasField("history_time_to_live") else None,
                 r.finished_batches_count, r.cleanable_batches_count) for r in rows]

    def instance_durations(self, unit: int, **filters: Any) -> list[tuple[int, int, timedelta, timedelta, timedelta]]:
        rows = self.reports.QueryProcessInstanceDurationReport(pb.QueryProcessInstanceDurationReportRequest(
            period_unit=unit, **filters)).results
        assert all(r.period_unit == unit for r in rows)
        return [periods(r) for r in rows]

    def task_durations(self, unit: int, **filters: Any) -> list[tuple[int, int, timedelta, timedelta, timedelta]]:
        rows = self.reports.QueryTaskDurationReport(pb.QueryTaskDurationReportRequest(
            period_unit=unit, **filters)).results
        assert all(r.period_unit == unit for r in rows)
        return [periods(r) for r in rows]

    def task_counts(self, group_by: int, **filters: Any) -> list[pb.TaskCountReportResult]:
        return list(self.reports.QueryTaskCountReport(pb.QueryTaskCountReportRequest(
            group_by=group_by, **filters)).results)

    def by_candidate_group(self) -> dict[str | None, int]:
        rows = self.tasks.QueryTaskCountByCandidateGroup(task_pb2.QueryTaskCountByCandidateGroupRequest()).results
        names = [r.group_name if r.HasField("group_name") else None for r in rows]
        # The row of no group first, then by name.
        assert names == sorted(names, key=lambda n: (n is not None, n or "")), names
        return {name: r.task_count for name, r in zip(names, rows)}

    def delete_instance(self, instance_id: str) -> None:
        self.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance_id))

    def review(self, instance_id: str) -> str:
        [task] = self.tasks_of(instance_id)
        return task.id


def periods(row: pb.DurationReportResult) -> tuple[int, int, timedelta, timedelta, timedelta]:
    return (row.year, row.period, row.minimum.ToTimedelta(), row.maximum.ToTimedelta(), row.average.ToTimedelta())


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """The module's server: no automatic cleanup, no job executor; ended batches are kept 3
    days, set-variables batches 1 day."""
    with own_server(request, tmp_path_factory, history_cleanup=False, background=False,
                    batch_history_time_to_live="P3D", batch_history_time_to_live_by_type="set-variables=1") as handle:
        yield handle


def far_ahead(server: ServerHandle) -> datetime:
    """The first of January of a year well after the clock's (which only moves on): a stretch
    of time no other test of the module has written in."""
    year = server.clock.now().year + 10
    start = datetime(year, 1, 1, tzinfo=timezone.utc)
    server.clock.set(start)
    return start


# -- historic activity statistics ------------------------------------------------------------------------


def test_historic_activity_statistics_count_each_activity_s_passes_and_incidents(world: ServerHandle) -> None:
    reports, clock = Reports(world.api()), world.clock
    process_key, topic = key("stats"), key("topic")
    definition = reports.deploy_inline(process_key, worked_then_reviewed(process_key, topic))

    def work(business_key: str) -> str:
        [locked] = reports.fetch("w", reports.topic(topic, business_key=business_key))
        return locked.external_task.id

    t0 = clock.now()
    done = reports.start_id(definition, business_key="done")  # ends: Start, Work, Review, End
    reports.complete_external(work("done"), "w")
    clock.advance(HOUR)
    reports.complete(reports.review(done))
    t1 = clock.advance(DAY)
    failing = reports.start_id(definition, business_key="failing")  # waits at Work, an open incident
    reports.fail(work("failing"), "w", retries=0)
    t2 = clock.advance(DAY)
    resolved = reports.start_id(definition, business_key="resolved")  # a resolved incident at Review, deleted
    reports.complete_external(work("resolved"), "w")
    incident = reports.create_incident(reports.at(resolved, "Review"), "custom")
    reports.resolve(incident.id)
    reports.delete_instance(resolved)
    clock.advance(DAY)
    deleted = reports.start_id(definition, business_key="deleted")  # an incident at Work that the deletion ends
    reports.fail(work("deleted"), "w", retries=0)
    reports.delete_instance(deleted)
    clock.advance(DAY)
    waiting = reports.start_id(definition, business_key="waiting")  # waits at Review
    reports.complete_external(work("waiting"), "w")
    assert reports.incident(incident.id).state == incident_pb2.Incident.STATE_RESOLVED

    # Without flags: the running passes, of the activities that have one.
    assert reports.statistics(definition) == {"Work": (1, None, None, None, None, None, None),
                                              "Review": (1, None, None, None, None, None, None)}
    everything = dict(finished=True, canceled=True, complete_scope=True, incidents=True)
    assert reports.statistics(definition, **everything) == {
        "End": (0, 1, 0, 1, 0, 0, 0),
        "Review": (1, 2, 1, 0, 0, 1, 0),
        "Start": (0, 5, 0, 0, 0, 0, 0),
        "Work": (1, 4, 1, 0, 1, 0, 1),
    }
    # Each flag shows the activities with a count of its own; finished counts the canceled too.
    assert reports.statistics(definition, canceled=True) == {"Review": (1, None, 1, None, None, None, None),
                                                             "Work": (1, None, 1, None, None, None, None)}
    assert list(reports.statistics(definition, complete_scope=True)) == ["End", "Review", "Work"]
    assert reports.statistics(definition, incidents=True) == {"Review": (1, None, None, None, 0, 1, 0),
                                                              "Work": (1, None, None, None, 1, 0, 1)}
    assert list(reports.statistics(definition, finished=True)) == ["End", "Review", "Start", "Work"]
    # Sorting by activity id, either way.
    assert list(reports.statistics(definition, finished=True, sorting=sorted_by(("activityId", "desc")))) == [
        "Work", "Start", "Review", "End"]
    assert list(reports.statistics(definition, finished=True, sorting=sorted_by(("activityId", "asc")))) == [
        "End", "Review", "Start", "Work"]

    # The filters select process instances: by their start, their end, their ids.
    assert reports.statistics(definition, started_after=ts(t1), **everything) == {
        "Review": (1, 1, 1, 0, 0, 1, 0), "Start": (0, 4, 0, 0, 0, 0, 0), "Work": (1, 3, 1, 0, 1, 0, 1)}
    assert reports.statistics(definition, started_before=ts(t0), **everything) == {
        "End": (0, 1, 0, 1, 0, 0, 0), "Review": (0, 1, 0, 0, 0, 0, 0), "Start": (0, 1, 0, 0, 0, 0, 0),
        "Work": (0, 1, 0, 0, 0, 0, 0)}
    # Ended at or after t2: the two deleted instances (the one that ended first is left out).
    assert reports.statistics(definition, finished_after=ts(t2), **everything) == {
        "Review": (0, 1, 1, 0, 0, 1, 0), "Start": (0, 2, 0, 0, 0, 0, 0), "Work": (0, 2, 1, 0, 0, 0, 1)}
    assert reports.statistics(definition, finished_before=ts(t1), finished=True) == {
        "End": (0, 1, None, None, None, None, None), "Review": (0, 1, None, None, None, None, None),
        "Start": (0, 1, None, None, None, None, None), "Work": (0, 1, None, None, None, None, None)}
    assert reports.statistics(definition, process_instance_id_in=[failing, waiting], **everything) == {
        "Review": (1, 0, 0, 0, 0, 0, 0), "Start": (0, 2, 0, 0, 0, 0, 0), "Work": (1, 1, 0, 0, 1, 0, 0)}
    assert reports.statistics(definition, process_instance_id_in=["none"], **everything) == {}
    # A definition with no instance has no statistics.
    other = key("unused")
    assert reports.statistics(reports.deploy_inline(other, worked_then_reviewed(other, topic)), **everything) == {}


def test_historic_activity_statistics_refusals_and_tenants(world: ServerHandle) -> None:
    reports = Reports(world.api())
    tenant, process_key = unique("acme"), key("tenanted")
    definition = reports.deploy_inline(process_key, reviewed(process_key), tenant=tenant)
    reports.start_id(definition)
    assert reports.statistics(definition) == {"Review": (1, None, None, None, None, None, None)}
    granted = Reports(world.api(world.token(tenants=(tenant,))))
    assert granted.statistics(definition) == {"Review": (1, None, None, None, None, None, None)}
    stranger = Reports(world.api(world.token(tenants=(unique("other"),))))
    expect_error(lambda: stranger.statistics(definition), grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    expect_error(lambda: reports.statistics("no:1:such"), grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
    missing = expect_error(lambda: reports.statistics(""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert missing.fields == ["process_definition_id"]
    for sorting, field in ((sorted_by(("startTime", "asc")), "sorting[0].sort_by"),
                           (sorted_by(("activityId", "up")), "sorting[0].sort_order"),
                           (sorted_by(("", "asc")), "sorting[0].sort_by")):
        failed = expect_error(lambda: reports.statistics(definition, sorting=sorting),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
        assert failed.fields == [field]
    for name in ("started_before", "started_after", "finished_before", "finished_after"):
        failed = expect_error(lambda: reports.statistics(definition, **{name: timestamp_pb2.Timestamp(seconds=10**12)}),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == [name]
    expect_error(lambda: Reports(world.api(None)).statistics(definition), grpc.StatusCode.UNAUTHENTICATED)


# -- cleanable reports ---------------------------------------------------------------------------------------


def test_the_cleanable_process_instance_report_counts_what_the_cleanup_would_remove(world: ServerHandle) -> None:
    reports, clock = Reports(world.api()), world.clock
    tenant = unique("acme")
    five, kept, one, empty = key("five"), key("kept"), key("one"), key("empty")
    five_v1 = reports.deploy_inline(five, reviewed(five, "5"))
    kept_id = reports.deploy_inline(kept, reviewed(kept, None))
    one_id = reports.deploy_inline(one, reviewed(one, "P1D"), tenant=tenant)
    reports.deploy_inline(empty, reviewed(empty, "1"))
    for definition, count in ((five_v1, 3), (kept_id, 2), (one_id, 2)):
        for _ in range(count):
            reports.complete(reports.review(reports.start_id(definition)))
    reports.start_id(five_v1)  # running: not finished
    reports.delete_instance(reports.start_id(kept_id))  # deleted: finished too
    five_v2 = reports.deploy_inline(five, reviewed(five, "5"))  # a second version, nothing ended
    keys = [five, kept, one, empty]

    assert reports.cleanable_processes(process_definition_key_in=keys) == [
        (empty, 1, 1, 0, 0, ""), (five, 2, 5, 0, 0, ""), (five, 1, 5, 3, 0, ""), (kept, 1, None, 3, 0, ""),
        (one, 1, 1, 2, 0, tenant)]
    clock.advance(DAY)
    assert reports.cleanable_processes(process_definition_key_in=keys, compact=True) == [
        (five, 1, 5, 3, 0, ""), (kept, 1, None, 3, 0, ""), (one, 1, 1, 2, 2, tenant)]
    clock.advance(4 * DAY)
    report = reports.cleanable_processes(process_definition_key_in=keys, compact=True)
    assert report == [(five, 1, 5, 3, 3, ""), (kept, 1, None, 3, 0, ""), (one, 1, 1, 2, 2, tenant)]
    # What the report calls cleanable is what a cleanup round removes (here: of these definitions).
    reports.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest())
    assert reports.cleanable_processes(process_definition_key_in=keys, compact=True) == [
        (kept, 1, None, 3, 0, "")]
    assert reports.count_cleanable_processes(process_definition_key_in=keys) == 5
    assert reports.count_cleanable_processes(process_definition_key_in=keys, compact=True) == 1

    # The filters, each alone and together.
    assert [r[:2] for r in reports.cleanable_processes(process_definition_id_in=[five_v2, kept_id])] == [
        (five, 2), (kept, 1)]
    assert [r[0] for r in reports.cleanable_processes(process_definition_key_in=keys, tenant_id_in=[tenant])] == [one]
    assert [r[0] for r in reports.cleanable_processes(process_definition_key_in=keys, without_tenant_id=True)] == [
        empty, five, five, kept]
    assert reports.count_cleanable_processes(process_definition_key_in=keys, without_tenant_id=True) == 4
    assert reports.cleanable_processes(process_definition_id_in=[five_v2], process_definition_key_in=[kept]) == []
    # Sorting: by the finished count, by tenant; then by key, version (newest first), id.
    assert [r[:2] for r in reports.cleanable_processes(process_definition_key_in=keys,
                                                       sorting=sorted_by(("finished", "desc")))] == [
        (kept, 1), (empty, 1), (five, 2), (five, 1), (one, 1)]
    assert [r[0] for r in reports.cleanable_processes(process_definition_key_in=keys,
                                                      sorting=sorted_by(("tenantId", "desc")))] == [
        one, empty, five, five, kept]
    assert [r[0] for r in reports.cleanable_processes(process_definition_key_in=keys,
                                                      sorting=sorted_by(("tenantId", "asc")))] == [
        empty, five, five, kept, one]
    page = reports.cleanable_processes(process_definition_key_in=keys, page={"first_result": 1, "max_results": 2})
    assert [r[:2] for r in page] == [(five, 2), (five, 1)]

    # A token sees the definitions of its tenants and of none.
    stranger = Reports(world.api(world.token(tenants=(unique("other"),))))
    assert [r[0] for r in stranger.cleanable_processes(process_definition_key_in=keys)] == [empty, five, five, kept]
    assert stranger.count_cleanable_processes(process_definition_key_in=keys, tenant_id_in=[tenant]) == 0
    granted = Reports(world.api(world.token(tenants=(tenant,))))
    assert [r[0] for r in granted.cleanable_processes(process_definition_key_in=keys, tenant_id_in=[tenant])] == [one]


def test_the_cleanable_case_instance_report_counts_closed_cases(world: ServerHandle) -> None:
    reports, cases, clock = Reports(world.api()), Cases(world.api()), world.clock
    tenant = unique("acme")
    short, forever = key("short"), key("forever")
    short_id = cases.case_definition_id(cases.deploy_case(
        "case_three_items.cmmn", key=short,
        replace={'camunda:historyTimeToLive="P180D"': 'camunda:historyTimeToLive="P1D"'}), short)
    forever_id = cases.case_definition_id(cases.deploy_case(
        "case_three_items.cmmn", key=forever, tenant=tenant, replace={' camunda:historyTimeToLive="P180D"': ""}),
        forever)
    closed = [cases.create(id=short_id).id for _ in range(2)] + [cases.create(id=forever_id).id]
    terminated, active = cases.create(id=short_id).id, cases.create(id=short_id).id
    for case_id in closed + [terminated]:
        cases.terminate_case(case_id)
    for case_id in closed:
        cases.close_case(case_id)
    assert cases.case(active).id == active
    keys = [short, forever]

    assert reports.cleanable_cases(case_definition_key_in=keys) == [
        (forever, 1, None, 1, 0, tenant), (short, 1, 1, 2, 0, "")]
    clock.advance(DAY)
    assert reports.cleanable_cases(case_definition_key_in=keys) == [
        (forever, 1, None, 1, 0, tenant), (short, 1, 1, 2, 2, "")]
    assert reports.cleanable_cases(case_definition_id_in=[short_id], case_definition_key_in=keys) == [
        (short, 1, 1, 2, 2, "")]
    assert reports.cleanable_cases(case_definition_key_in=keys, sorting=sorted_by(("finished", "desc"))) == [
        (short, 1, 1, 2, 2, ""), (forever, 1, None, 1, 0, tenant)]
    assert [r[0] for r in reports.cleanable_cases(case_definition_key_in=keys, tenant_id_in=[tenant])] == [forever]
    assert [r[0] for r in reports.cleanable_cases(case_definition_key_in=keys, without_tenant_id=True)] == [short]
    assert reports.count_cleanable_cases(case_definition_key_in=keys) == 2
    stranger = Reports(world.api(world.token(tenants=(unique("other"),))))
    assert [r[0] for r in stranger.cleanable_cases(case_definition_key_in=keys)] == [short]
    assert stranger.count_cleanable_cases(case_definition_key_in=keys) == 1
    # compact leaves out a definition without a closed case.
    empty = key("empty")
    cases.deploy_case("case_three_items.cmmn", key=empty)
    assert [r[0] for r in reports.cleanable_cases(case_definition_key_in=[*keys, empty], compact=True)] == [
        forever, short]
    assert reports.count_cleanable_cases(case_definition_key_in=[*keys, empty]) == 3


def test_the_cleanable_decision_instance_report_counts_standalone_evaluations(world: ServerHandle) -> None:
    reports, decisions, clock = Reports(world.api()), Decisions(world.api()), world.clock
    tenant = unique("acme")
    asked, required, kept = key("asked"), key("required"), key("kept")
    # asked (2 days) requires required (no time to live); kept has none and is of a tenant.
    decisions.deploy_decisions(literal(required, "r", "1"),
                               literal(asked, "a", "r + 1", requires=[required],
                                       attributes=' camunda:historyTimeToLive="2"'))
    decisions.deploy_decisions(literal(kept, "k", "3"), tenant=tenant)
    process_key = key("ruled")
    definition = reports.deploy_inline(process_key, f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Rule" />
  <bpmn:businessRuleTask id="Rule" camunda:decisionRef="{asked}" camunda:resultVariable="a"
      camunda:mapDecisionResult="singleEntry" />
  <bpmn:sequenceFlow id="f2" sourceRef="Rule" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>""")
    decisions.evaluate(asked)
    decisions.evaluate(asked)
    decisions.evaluate(required)
    decisions.evaluate(kept, tenant=tenant)
    reports.start_id(definition)  # the process's rows go with the process, not by the decision
    keys = [asked, required, kept]

    # (key, version, ttl, finished, cleanable, tenant): every evaluation is finished.
    assert reports.cleanable_decisions(decision_definition_key_in=keys) == [
        (asked, 1, 2, 3, 0, ""), (kept, 1, None, 1, 0, tenant), (required, 1, None, 4, 0, "")]
    clock.advance(2 * DAY)
    # The standalone evaluations of asked are due, with the rows of what they required.
    assert reports.cleanable_decisions(decision_definition_key_in=keys) == [
        (asked, 1, 2, 3, 2, ""), (kept, 1, None, 1, 0, tenant), (required, 1, None, 4, 2, "")]
    reports.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest())
    assert reports.cleanable_decisions(decision_definition_key_in=keys) == [
        (asked, 1, 2, 1, 0, ""), (kept, 1, None, 1, 0, tenant), (required, 1, None, 2, 0, "")]
    assert reports.count_cleanable_decisions(decision_definition_key_in=keys) == 3
    assert [r[0] for r in reports.cleanable_decisions(decision_definition_key_in=keys, tenant_id_in=[tenant])] == [kept]
    assert [r[0] for r in reports.cleanable_decisions(decision_definition_key_in=keys, without_tenant_id=True,
                                                      sorting=sorted_by(("finished", "desc")))] == [required, asked]
    deployed = decisions.query(key=asked)[0].id
    assert [r[0] for r in reports.cleanable_decisions(decision_definition_id_in=[deployed])] == [asked]
    stranger = Reports(world.api(world.token(tenants=(unique("other"),))))
    assert [r[0] for r in stranger.cleanable_decisions(decision_definition_key_in=keys)] == [asked, required]
    failure = expect_error(lambda: reports.cleanable_decisions(tenant_id_in=[tenant], without_tenant_id=True),
                           grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failure.fields == ["without_tenant_id"]


def test_the_cleanable_batch_report_counts_ended_batches_by_the_server_s_time_to_live(world: ServerHandle) -> None:
    reports, clock = Reports(world.api()), world.clock
    tenant = unique("acme")
    _, ids = reports.waiting_instances(2)
    _, [tenants] = reports.waiting_instances(1, tenant=tenant)
    assert reports.cleanable_batches() == []
    reports.variables_async(ids)
    reports.variables_async([tenants])
    reports.suspend_async(ids)
    run_jobs(world)
    running = reports.variables_async(ids)
    reports.suspend_batch(running.id)
    assert reports.cleanable_batches() == [("instance-update-suspension-state", 3, 1, 0), ("set-variables", 1, 2, 0)]
    clock.advance(DAY)
    assert reports.cleanable_batches() == [("instance-update-suspension-state", 3, 1, 0), ("set-variables", 1, 2, 2)]
    clock.advance(2 * DAY)
    assert reports.cleanable_batches(sorting=sorted_by(("finished", "desc"))) == [
        ("set-variables", 1, 2, 2), ("instance-update-suspension-state", 3, 1, 1)]
    assert reports.cleanable_batches(page={"first_result": 1}) == [("set-variables", 1, 2, 2)]
    assert reports.reports.CountCleanableBatchReport(pb.CountCleanableBatchReportRequest()).count == 2
    # A token without the tenant does not see the tenant's batch.
    stranger = Reports(world.api(world.token(tenants=(unique("other"),))))
    assert stranger.cleanable_batches() == [("instance-update-suspension-state", 3, 1, 1), ("set-variables", 1, 1, 1)]
    failed = expect_error(lambda: reports.cleanable_batches(sorting=sorted_by(("tenantId", "asc"))),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
    assert failed.fields == ["sorting[0].sort_by"]


def test_the_cleanable_reports_refuse_what_the_queries_refuse(world: ServerHandle) -> None:
    reports = Reports(world.api())
    for query, count in ((reports.cleanable_processes, reports.count_cleanable_processes),
                         (reports.cleanable_cases, reports.count_cleanable_cases)):
        for call in (query, count):
            failed = expect_error(lambda: call(tenant_id_in=["t"], without_tenant_id=True),
                                  grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
            assert failed.fields == ["without_tenant_id"]
        for page, field in (({"first_result": -1}, "first_result"), ({"max_results": -1}, "max_results")):
            failed = expect_error(lambda: query(page=page), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
            assert failed.fields == [field]
        for sorting, field in ((sorted_by(("key", "asc")), "sorting[0].sort_by"),
                               (sorted_by(("finished", "")), "sorting[0].sort_order")):
            failed = expect_error(lambda: query(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
            assert failed.fields == [field]
    failed = expect_error(lambda: reports.cleanable_batches(page={"max_results": -1}),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["max_results"]


# -- duration reports ---------------------------------------------------------------------------------------


def test_the_duration_report_of_process_instances_per_month_and_quarter(world: ServerHandle) -> None:
    reports, clock = Reports(world.api()), world.clock
    tenant = unique("acme")
    start = far_ahead(world)
    year = start.year
    first, second, tenanted = key("first"), key("second"), key("tenanted")
    first_id = reports.deploy_inline(first, reviewed(first))
    second_id = reports.deploy_inline(second, reviewed(second))
    tenanted_id = reports.deploy_inline(tenanted, reviewed(tenanted), tenant=tenant)

    def run(definition: str, at: datetime, takes: timedelta) -> str:
        clock.set(at)
        instance = reports.start_id(definition)
        clock.advance(takes)
        reports.complete(reports.review(instance))
        return instance

    run(first_id, datetime(year, 1, 10, tzinfo=timezone.utc), HOUR)
    run(first_id, datetime(year, 2, 5, tzinfo=timezone.utc), 3 * HOUR)
    run(second_id, datetime(year, 2, 28, 23, tzinfo=timezone.utc), 2 * HOUR)  # ends in March: counted in February
    run(tenanted_id, datetime(year, 3, 3, tzinfo=timezone.utc), 8 * HOUR)
    run(first_id, datetime(year, 4, 1, tzinfo=timezone.utc), timedelta(minutes=30, microseconds=3))
    run(first_id, datetime(year + 1, 1, 1, tzinfo=timezone.utc), timedelta(seconds=1))
    clock.set(datetime(year + 1, 1, 2, tzinfo=timezone.utc))
    reports.start_id(first_id)  # running: not counted
    mine = {"process_definition_key_in": [first, second, tenanted]}

    half = timedelta(minutes=30, microseconds=3)
    assert reports.instance_durations(MONTH, **mine) == [
        (year, 1, HOUR, HOUR, HOUR),
        (year, 2, 2 * HOUR, 3 * HOUR, timedelta(hours=2.5)),
        (year, 3, 8 * HOUR, 8 * HOUR, 8 * HOUR),
        (year, 4, half, half, half),
        (year + 1, 1, timedelta(seconds=1), timedelta(seconds=1), timedelta(seconds=1)),
    ]
    assert reports.instance_durations(QUARTER, **mine) == [
        (year, 1, HOUR, 8 * HOUR, timedelta(hours=3.5)),
        (year, 2, half, half, half),
        (year + 1, 1, timedelta(seconds=1), timedelta(seconds=1), timedelta(seconds=1)),
    ]
    # The filters: definitions by id or key, the start's bounds (inclusive).
    assert reports.instance_durations(QUARTER, process_definition_id_in=[second_id]) == [
        (year, 1, 2 * HOUR, 2 * HOUR, 2 * HOUR)]
    assert reports.instance_durations(MONTH, process_definition_key_in=[second, tenanted]) == [
        (year, 2, 2 * HOUR, 2 * HOUR, 2 * HOUR), (year, 3, 8 * HOUR, 8 * HOUR, 8 * HOUR)]
    assert reports.instance_durations(MONTH, started_after=ts(datetime(year, 2, 5, tzinfo=timezone.utc)),
                                      started_before=ts(datetime(year, 3, 3, tzinfo=timezone.utc)), **mine) == [
        (year, 2, 2 * HOUR, 3 * HOUR, timedelta(hours=2.5)), (year, 3, 8 * HOUR, 8 * HOUR, 8 * HOUR)]
    assert reports.instance_durations(MONTH, started_after=ts(datetime(year + 2, 1, 1, tzinfo=timezone.utc))) == []
    # A token sees the instances of its tenants and of none.
    stranger = Reports(world.api(world.token(tenants=(unique("other"),))))
    assert stranger.instance_durations(QUARTER, **mine)[0] == (year, 1, HOUR, 3 * HOUR, 2 * HOUR)

    for unit, reason in ((pb.PERIOD_UNIT_UNSPECIFIED, "MISSING_REQUIRED_FIELD"), (7, "INVALID_ENUM_VALUE")):
        failed = expect_error(lambda: reports.instance_durations(unit), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert failed.fields == ["period_unit"]
        failed = expect_error(lambda: reports.task_durations(unit), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert failed.fields == ["period_unit"]
    failed = expect_error(lambda: reports.instance_durations(MONTH, started_before=timestamp_pb2.Timestamp(
        seconds=-10**12)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["started_before"]


# -- task reports -------------------------------------------------------------------------------------------------


def test_the_task_reports_count_and_time_ended_tasks(world: ServerHandle) -> None:
    reports, clock = Reports(world.api()), world.clock
    tenant = unique("acme")
    start = far_ahead(world)
    year = start.year
    orders, refunds, unnamed = key("orders"), key("refunds"), key("unnamed")
    orders_v1 = reports.deploy_inline(orders, reviewed(orders, name="Check"))
    refunds_id = reports.deploy_inline(refunds, reviewed(refunds, name="Check"), tenant=tenant)
    unnamed_id = reports.deploy_inline(unnamed, reviewed(unnamed))

    def run(definition: str, at: datetime, takes: timedelta, delete: bool = False) -> None:
        clock.set(at)
        instance = reports.start_id(definition)
        clock.advance(takes)
        if delete:
            reports.delete_instance(instance)
        else:
            reports.complete(reports.review(instance))

    run(orders_v1, datetime(year, 1, 5, tzinfo=timezone.utc), HOUR)
    run(orders_v1, datetime(year, 1, 6, tzinfo=timezone.utc), 3 * HOUR, delete=True)  # ended too
    run(refunds_id, datetime(year, 2, 1, tzinfo=timezone.utc), 2 * HOUR)
    run(unnamed_id, datetime(year, 5, 1, tzinfo=timezone.utc), 4 * HOUR)
    orders_v2 = reports.deploy_inline(orders, reviewed(orders, name="Approve"))  # the latest version names the key
    run(orders_v2, datetime(year, 5, 2, tzinfo=timezone.utc), 5 * HOUR)
    clock.set(datetime(year, 6, 1, tzinfo=timezone.utc))
    reports.start_id(orders_v2)  # running: not counted
    window = {"completed_after": ts(start), "completed_before": ts(datetime(year, 12, 31, tzinfo=timezone.utc))}
    mine = {orders, refunds, unnamed}

    def counts(group_by: int, **filters: Any) -> list[tuple[Any, ...]]:
        return [(r.count, r.task_name, r.process_definition_key, r.process_definition_id, r.process_definition_name,
                 r.tenant_id) for r in reports.task_counts(group_by, **filters) if r.process_definition_key in mine]

    # Per definition key: named by its latest version, ordered by that name, then key.
    assert counts(BY_DEFINITION) == [
        (3, "", orders, orders_v2, f"Process {orders}", ""),
        (1, "", refunds, refunds_id, f"Process {refunds}", tenant),
        (1, "", unnamed, unnamed_id, f"Process {unnamed}", ""),
    ]
    # Per task name: tasks without a name are left out.
    assert counts(BY_TASK_NAME, **window) == [
        (1, "Approve", orders, orders_v2, f"Process {orders}", ""),
        (2, "Check", orders, orders_v2, f"Process {orders}", ""),
        (1, "Check", refunds, refunds_id, f"Process {refunds}", tenant),
    ]
    assert counts(BY_TASK_NAME, completed_after=ts(datetime(year, 1, 6, 3, tzinfo=timezone.utc)),
                  completed_before=ts(datetime(year, 2, 1, 2, tzinfo=timezone.utc))) == [
        (1, "Check", orders, orders_v2, f"Process {orders}", ""),
        (1, "Check", refunds, refunds_id, f"Process {refunds}", tenant),
    ]
    stranger = Reports(world.api(world.token(tenants=(unique("other"),))))
    assert [r[2] for r in [(r.count, r.task_name, r.process_definition_key) for r in stranger.task_counts(
        BY_DEFINITION, **window)] if r[2] in mine] == [orders, unnamed]

    # Durations, per period of the end, of every ended task in the window.
    assert reports.task_durations(MONTH, **window) == [
        (year, 1, HOUR, 3 * HOUR, 2 * HOUR),
        (year, 2, 2 * HOUR, 2 * HOUR, 2 * HOUR),
        (year, 5, 4 * HOUR, 5 * HOUR, timedelta(hours=4.5)),
    ]
    assert reports.task_durations(QUARTER, **window) == [
        (year, 1, HOUR, 3 * HOUR, 2 * HOUR), (year, 2, 4 * HOUR, 5 * HOUR, timedelta(hours=4.5))]
    assert stranger.task_durations(QUARTER, **window)[0] == (year, 1, HOUR, 3 * HOUR, 2 * HOUR)
    assert reports.task_durations(QUARTER, completed_after=ts(datetime(year + 1, 1, 1, tzinfo=timezone.utc))) == []

    for group_by, reason in ((pb.QueryTaskCountReportRequest.GROUP_BY_UNSPECIFIED, "MISSING_REQUIRED_FIELD"),
                             (9, "INVALID_ENUM_VALUE")):
        failed = expect_error(lambda: reports.task_counts(group_by), grpc.StatusCode.INVALID_ARGUMENT, reason)
        assert failed.fields == ["group_by"]
    failed = expect_error(lambda: reports.task_counts(BY_DEFINITION, completed_after=timestamp_pb2.Timestamp(
        nanos=-1)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["completed_after"]


def test_open_tasks_are_counted_per_candidate_group(world: ServerHandle) -> None:
    reports = Reports(world.api())
    tenant = unique("acme")
    sales, legal = unique("sales"), unique("legal")
    before = reports.by_candidate_group()
    both, users, nobody, theirs = key("both"), key("users"), key("nobody"), key("theirs")
    both_id = reports.deploy_inline(both, reviewed(both, tasks=f' camunda:candidateGroups="{sales}, {legal}"'))
    users_id = reports.deploy_inline(users, reviewed(users, tasks=' camunda:candidateUsers="ann"'))
    nobody_id = reports.deploy_inline(nobody, reviewed(nobody))
    theirs_id = reports.deploy_inline(theirs, reviewed(theirs, tasks=f' camunda:candidateGroups="{sales}"'),
                                      tenant=tenant)
    for definition in (both_id, both_id, users_id, nobody_id, theirs_id):
        reports.start_id(definition)
    assigned = reports.start_id(both_id)
    reports.tasks.SetTaskAssignee(task_pb2.SetTaskAssigneeRequest(task_id=reports.review(assigned), user_id="bo"))
    done = reports.start_id(nobody_id)
    reports.complete(reports.review(done))
    standalone = reports.tasks.CreateTask(task_pb2.CreateTaskRequest(name="Call back")).task
    reports.tasks.AddTaskIdentityLink(task_pb2.AddTaskIdentityLinkRequest(
        task_id=standalone.id, identity_link=task_pb2.TaskIdentityLink(
            group_id=legal, type=task_pb2.TaskIdentityLink.TYPE_CANDIDATE)))

    after = reports.by_candidate_group()
    assert after[sales] == 3 and after[legal] == 3
    # The tasks without a candidate group: users' and nobody's (candidate users are no group).
    assert after.get(None, 0) - before.get(None, 0) == 2
    stranger = Reports(world.api(world.token(tenants=(unique("other"),))))
    seen = stranger.by_candidate_group()
    assert seen[sales] == 2 and seen[legal] == 3
