"""Engine metrics (MetricsService): each metric counts what the engine did — instances started,
passes through activities, decisions evaluated, jobs run and failed, task users — read from the
rows the engine keeps, in windows and intervals of their time, for the tenants the token sees.

The module's server is its own (no automatic cleanup, no job executor: the tests run the jobs
and move the clock); each test writes in a stretch of time no other test has written in
(``far_ahead``), so its counts are exact."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

import grpc
import pytest
from google.protobuf import duration_pb2, timestamp_pb2

from flowkeeper.engine.v1 import (
    decision_definition_pb2,
    decision_definition_pb2_grpc,
    deployment_pb2,
    history_pb2,
    metrics_pb2 as pb,
    metrics_pb2_grpc,
    process_definition_pb2,
    process_instance_pb2,
    task_pb2,
    types_pb2,
)
from server.engine import metrics
from tests.conftest import BACKENDS, own_server
from tests.engine.batch_support import Batches
from tests.engine.dmn_support import dmn, literal, table
from tests.engine.history_support import log_kind, ts
from tests.engine.job_support import failing_gateway
from tests.engine.support import typed_map
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error, unique

MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
START, END, ROOT = "activity-instance-start", "activity-instance-end", "root-process-instance-start"
DECISIONS, ELEMENTS = "executed-decision-instances", "executed-decision-elements"
SUCCEEDED, FAILED, USERS = "job-successful", "job-failed", "unique-task-workers"


def reviewed(process_key: str) -> str:
    """Start, the user task Review, end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def calling(process_key: str, called_key: str, topic: str) -> str:
    """Start, an external task Work on ``topic``, a call activity of ``called_key``, end."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="Call" />
  <bpmn:callActivity id="Call" calledElement="{called_key}" />
  <bpmn:sequenceFlow id="f3" sourceRef="Call" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


class Metrics(Batches):
    """The engine's stubs (jobs, history, tasks, workers) plus MetricsService and EvaluateDecision."""

    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self.metrics = api.stub(metrics_pb2_grpc.MetricsServiceStub)
        self.decisions = api.stub(decision_definition_pb2_grpc.DecisionDefinitionServiceStub)

    def sum(self, name: str, start: datetime | None = None, end: datetime | None = None) -> int:
        request = pb.QueryMetricSumRequest(name=name)
        if start is not None:
            request.start_date.CopyFrom(ts(start))
        if end is not None:
            request.end_date.CopyFrom(ts(end))
        return self.metrics.QueryMetricSum(request).result

    def sums(self, start: datetime | None = None, end: datetime | None = None) -> dict[str, int]:
        """Every metric's sum in the window."""
        return {name: self.sum(name, start, end) for name in (START, END, ROOT, DECISIONS, ELEMENTS, SUCCEEDED,
                                                               FAILED, USERS)}

    def intervals(self, name: str = "", start: datetime | None = None, end: datetime | None = None,
                  interval: int | None = None, **fields: Any) -> list[tuple[datetime, str, int]]:
        """(interval start, name, value) of each row, in the answer's order."""
        request = pb.QueryMetricIntervalsRequest(name=name, **fields)
        if start is not None:
            request.start_date.CopyFrom(ts(start))
        if end is not None:
            request.end_date.CopyFrom(ts(end))
        if interval is not None:
            request.interval.CopyFrom(duration_pb2.Duration(seconds=interval))
        rows = self.metrics.QueryMetricIntervals(request).results
        assert all(r.reporter == "" for r in rows)
        return [(r.timestamp.ToDatetime(tzinfo=timezone.utc), r.name, r.value) for r in rows]

    def evaluate(self, decision_key: str, variables: dict[str, Any], tenant: str = "") -> None:
        ref = (process_definition_pb2.DefinitionRef(key=decision_key) if not tenant else
               process_definition_pb2.DefinitionRef(key_and_tenant=process_definition_pb2.KeyAndTenant(
                   key=decision_key, tenant_id=tenant)))
        self.decisions.EvaluateDecision(decision_definition_pb2.EvaluateDecisionRequest(
            definition=ref, variables=typed_map(variables)))

    def deploy_dmn(self, body: str, tenant: str = "") -> None:
        self.deployments.CreateDeployment(deployment_pb2.CreateDeploymentRequest(
            name=unique("rules"), tenant_id=tenant, resources=[deployment_pb2.Resource(name="rules.dmn",
                                                                                       content=dmn(body))]))

    def review(self, instance_id: str) -> str:
        [task] = self.tasks_of(instance_id)
        return task.id

    def delete_instance(self, instance_id: str) -> None:
        self.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance_id))


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """The module's server: no automatic cleanup, no job executor."""
    with own_server(request, tmp_path_factory, history_cleanup=False, background=False) as handle:
        yield handle


def far_ahead(server: ServerHandle) -> datetime:
    """Midnight of the first of January of a year well after the clock's (which only moves on):
    a stretch of time no other test of the module has written in, at the start of an interval
    of any length that divides a day."""
    start = datetime(server.clock.now().year + 10, 1, 1, tzinfo=timezone.utc)
    server.clock.set(start)
    return start


# -- what each metric counts ---------------------------------------------------------------------------------


def test_passes_and_root_instances_count_what_ran_by_their_times(world: ServerHandle) -> None:
    m, clock = Metrics(world.api()), world.clock
    child, parent, topic = key("child"), key("parent"), key("topic")
    child_id = m.deploy_inline(child, reviewed(child))
    parent_id = m.deploy_inline(parent, calling(parent, child, topic))
    t0 = far_ahead(world)
    clock.advance(10 * MINUTE)
    instance = m.start_id(parent_id)  # Start (ends), Work waits
    clock.advance(10 * MINUTE)
    [locked] = m.fetch("w", m.topic(topic))
    m.complete_external(locked.external_task.id, "w")  # Work ends, Call starts; the child: Start, Review
    clock.advance(HOUR)
    [called] = m.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        super_process_instance_id=instance)).process_instances
    m.complete(m.review(called.id))  # Review, End, then Call and End of the parent
    clock.advance(HOUR)
    waiting = m.start_id(child_id)  # Start, Review waits
    clock.advance(MINUTE)
    m.delete_instance(waiting)  # Review canceled: ended too
    t1 = clock.advance(MINUTE)

    everything = m.sums(t0, t1)
    assert everything == {START: 9, END: 9, ROOT: 2, DECISIONS: 0, ELEMENTS: 0, SUCCEEDED: 0, FAILED: 0,
                          USERS: 0}
    # The history's passes are what is counted.
    passes = [p for i in (instance, called.id, waiting) for p in m.history.QueryHistoricActivityInstances(
        history_pb2.QueryHistoricActivityInstancesRequest(process_instance_id=i)).historic_activity_instances]
    assert len(passes) == 9
    # Windows are [start, end) of each metric's own time.
    first = t0 + 20 * MINUTE  # the start and the external task's completion
    assert (m.sum(START, t0, first), m.sum(END, t0, first), m.sum(ROOT, t0, first)) == (1 + 1, 1, 1)
    assert (m.sum(START, first, first + MINUTE), m.sum(END, first, first + MINUTE)) == (3, 2)
    assert m.sum(START, t0 + 10 * MINUTE, t0 + 10 * MINUTE) == 0  # an empty window
    assert m.sum(START, t0 + 10 * MINUTE) == 9  # open at the end
    assert m.sum(ROOT, None, t0 + 10 * MINUTE) < m.sum(ROOT, None, t0 + 10 * MINUTE + timedelta(microseconds=1))
    # The document's engine's aliases are the same metrics.
    assert m.sum("flow-node-instances", t0, t1) == 9
    assert m.sum("process-instances", t0, t1) == 2


def test_intervals_group_each_metric_by_intervals_aligned_to_the_epoch(world: ServerHandle) -> None:
    m, clock = Metrics(world.api()), world.clock
    process = key("intervals")
    definition = m.deploy_inline(process, reviewed(process))
    t0 = far_ahead(world)
    clock.advance(10 * MINUTE)
    first = m.start_id(definition)  # 00:10 Start (ended), Review
    clock.advance(10 * MINUTE)
    second = m.start_id(definition)  # 00:20
    clock.advance(50 * MINUTE)
    m.complete(m.review(first))  # 01:10 Review, End
    clock.advance(HOUR + 7 * MINUTE)
    m.complete(m.review(second))  # 02:17
    window = (t0, t0 + DAY)

    assert m.intervals(START, *window, interval=3600) == [
        (t0 + 2 * HOUR, START, 1), (t0 + HOUR, START, 1), (t0, START, 4)]
    assert m.intervals(END, *window, interval=3600) == [
        (t0 + 2 * HOUR, END, 2), (t0 + HOUR, END, 2), (t0, END, 2)]
    # 15 minutes unless given.
    assert m.intervals(ROOT, *window) == [(t0 + 15 * MINUTE, ROOT, 1), (t0, ROOT, 1)]
    assert m.intervals(ROOT, *window, interval=86400) == [(t0, ROOT, 2)]
    # An interval starts at a multiple of its length since 1970-01-01T00:00:00Z.
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)

    def of_seven(at: datetime) -> datetime:
        return (at - epoch) // timedelta(seconds=7) * timedelta(seconds=7) + epoch

    assert m.intervals(ROOT, *window, interval=7) == [
        (of_seven(t0 + 20 * MINUTE), ROOT, 1), (of_seven(t0 + 10 * MINUTE), ROOT, 1)]
    # An interval counts what lies in the window: the first one here only from 00:15 on.
    assert m.intervals(START, t0 + 15 * MINUTE, t0 + DAY, interval=3600) == [
        (t0 + 2 * HOUR, START, 1), (t0 + HOUR, START, 1), (t0, START, 2)]
    # Without a name: every metric but the task users', newest interval first, then by name.
    assert m.intervals("", *window, interval=3600) == [
        (t0 + 2 * HOUR, END, 2), (t0 + 2 * HOUR, START, 1),
        (t0 + HOUR, END, 2), (t0 + HOUR, START, 1),
        (t0, END, 2), (t0, START, 4), (t0, ROOT, 2)]
    # A name given as an alias answers by that name.
    assert m.intervals("flow-node-instances", *window, interval=86400) == [(t0, "flow-node-instances", 6)]
    # Offset paging; aggregate_by_reporter changes nothing (there is no reporter).
    page = types_pb2.OffsetPage(first_result=2, max_results=3)
    assert m.intervals("", *window, interval=3600, page=page) == [
        (t0 + HOUR, END, 2), (t0 + HOUR, START, 1), (t0, END, 2)]
    assert m.intervals("", *window, interval=3600, aggregate_by_reporter=True) == m.intervals(
        "", *window, interval=3600)
    assert m.intervals(START, t0 + DAY, t0 + 2 * DAY) == []


def test_a_page_of_intervals_holds_at_most_200_rows(world: ServerHandle) -> None:
    m, clock = Metrics(world.api()), world.clock
    process = key("many")
    definition = m.deploy_inline(process, reviewed(process))
    t0 = far_ahead(world)
    for _ in range(70):
        clock.advance(timedelta(seconds=1))
        m.start_id(definition)  # a second each: activity-instance-start 2, -end 1, root 1
    window = (t0, t0 + HOUR)
    assert len(m.intervals("", *window, interval=1)) == 200
    assert len(m.intervals("", *window, interval=1, page=types_pb2.OffsetPage(max_results=1000))) == 200
    rest = m.intervals("", *window, interval=1, page=types_pb2.OffsetPage(first_result=200))
    assert len(rest) == 10
    assert rest[-1] == (t0 + timedelta(seconds=1), ROOT, 1)
    assert len(m.intervals(START, *window, interval=1, page=types_pb2.OffsetPage(max_results=5))) == 5


def test_decision_instances_and_elements_count_each_decision_evaluated(world: ServerHandle) -> None:
    m, clock = Metrics(world.api()), world.clock
    season, dish, text = key("season"), key("dish"), key("text")
    # season: 1 input, 1 output, 3 rules: 6 elements; dish, requiring season: 2 inputs, 1 output,
    # 2 rules: 6 elements; text: a literal expression, 0 elements.
    m.deploy_dmn("\n".join([
        table(season, [("month", "integer")], [("season", "string")],
              [(["< 4"], ['"Winter"']), (["[4..9]"], ['"Summer"']), (["> 9"], ['"Winter"'])]),
        table(dish, [("season", "string"), ("guests", "integer")], [("dish", "string")],
              [(['"Winter"', "-"], ['"Roastbeef"']), (['"Summer"', "-"], ['"Salad"'])], requires=[season]),
        literal(text, "text", '"fixed"', "string"),
    ]))
    t0 = far_ahead(world)
    clock.advance(MINUTE)
    m.evaluate(season, {"month": 2})  # 1 decision, 6 elements
    clock.advance(HOUR)
    m.evaluate(dish, {"month": 7, "guests": 4})  # season and dish: 2 decisions, 12 elements
    m.evaluate(text, {})  # 1 decision, 0 elements
    clock.advance(HOUR)
    m.evaluate(text, {})
    t1 = clock.advance(MINUTE)

    assert (m.sum(DECISIONS, t0, t1), m.sum(ELEMENTS, t0, t1)) == (5, 18)
    assert m.sum("decision-instances", t0, t1) == 5
    assert (m.sum(DECISIONS, t0, t0 + HOUR), m.sum(ELEMENTS, t0, t0 + HOUR)) == (1, 6)
    # An interval of literal expressions only has no decision elements to show.
    assert m.intervals(ELEMENTS, t0, t1, interval=3600) == [(t0 + HOUR, ELEMENTS, 12), (t0, ELEMENTS, 6)]
    assert m.intervals(DECISIONS, t0, t1, interval=3600) == [
        (t0 + 2 * HOUR, DECISIONS, 1), (t0 + HOUR, DECISIONS, 3), (t0, DECISIONS, 1)]
    assert m.intervals("", t0, t1, interval=86400) == [(t0, ELEMENTS, 18), (t0, DECISIONS, 5)]
    assert (m.sum(START, t0, t1), m.sum(ROOT, t0, t1)) == (0, 0)


def test_jobs_count_each_run_and_each_failed_attempt(world: ServerHandle) -> None:
    m, clock = Metrics(world.api()), world.clock
    process = key("gate")
    definition = m.deploy_inline(process, failing_gateway(process))
    t0 = far_ahead(world)
    instance = m.start_id(definition)  # waits at the gateway's asynchronous continuation
    job = m.the_job(instance)
    clock.advance(MINUTE)
    for _ in range(2):  # no amount yet: the gateway fails
        with pytest.raises(grpc.RpcError):
            m.execute(job.id)
        clock.advance(MINUTE)
    m.instances.ModifyVariables(process_instance_pb2.ModifyVariablesRequest(
        process_instance_id=instance, modifications=typed_map({"amount": 20})))
    clock.advance(HOUR)
    m.execute(job.id)
    t1 = clock.advance(MINUTE)

    assert (m.sum(SUCCEEDED, t0, t1), m.sum(FAILED, t0, t1)) == (1, 2)
    assert (m.sum(SUCCEEDED, t0, t0 + HOUR), m.sum(FAILED, t0, t0 + HOUR)) == (0, 2)
    assert m.intervals("", t0, t1, interval=3600) == [
        (t0 + HOUR, END, 1), (t0 + HOUR, START, 2), (t0 + HOUR, SUCCEEDED, 1),
        (t0, END, 1), (t0, START, 1), (t0, FAILED, 2), (t0, ROOT, 1)]
    # What the job log says, entry for entry.
    assert sorted(log_kind(e) for e in m.job_logs(job_id=job.id)) == ["created", "failed", "failed", "succeeded"]


def test_task_users_are_the_distinct_users_made_a_task_s_assignee(world: ServerHandle) -> None:
    m, clock = Metrics(world.api()), world.clock
    process = key("users")
    definition = m.deploy_inline(process, reviewed(process))
    alice, bob, carol, dave = (unique(n) for n in ("alice", "bob", "carol", "dave"))
    t0 = far_ahead(world)
    first, second = m.review(m.start_id(definition)), m.review(m.start_id(definition))
    clock.advance(MINUTE)
    m.claim(first, alice)
    m.set_assignee(second, alice)  # alice again: one user
    clock.advance(HOUR)
    m.set_assignee(first, bob)
    m.tasks.CreateTask(task_pb2.CreateTaskRequest(name="standalone", assignee=carol))
    m.tasks.CreateTask(task_pb2.CreateTaskRequest(name="nobody's"))
    m.update_task(task_pb2.Task(id=second, owner=dave), "owner")  # an owner is not an assignee
    t1 = clock.advance(MINUTE)

    assert m.sum(USERS, t0, t1) == 3
    assert m.sum("task-users", t0, t1) == 3
    assert m.sum(USERS, t0, t0 + HOUR) == 1
    assert m.sum(USERS, t0 + HOUR, t1) == 2
    m.unclaim(first)  # a removal is no new user
    assert m.sum(USERS, t0, None) == 3


def test_a_history_that_is_removed_stops_counting(world: ServerHandle) -> None:
    m, clock = Metrics(world.api()), world.clock
    process = key("removed")
    definition = m.deploy_inline(process, reviewed(process))
    t0 = far_ahead(world)
    kept, removed = m.start_id(definition), m.start_id(definition)
    for instance in (kept, removed):
        m.complete(m.review(instance))
    t1 = clock.advance(MINUTE)
    assert (m.sum(START, t0, t1), m.sum(ROOT, t0, t1)) == (6, 2)
    m.history.DeleteHistoricProcessInstance(history_pb2.DeleteHistoricProcessInstanceRequest(id=removed))
    assert (m.sum(START, t0, t1), m.sum(END, t0, t1), m.sum(ROOT, t0, t1)) == (3, 3, 1)


def test_a_token_counts_the_rows_of_its_tenants_and_of_none(world: ServerHandle) -> None:
    m, clock = Metrics(world.api()), world.clock
    acme, other = unique("acme"), unique("other")
    shared, tenanted = key("shared"), key("tenanted")
    shared_id = m.deploy_inline(shared, reviewed(shared))
    tenanted_id = m.deploy_inline(tenanted, reviewed(tenanted), tenant=acme)
    decision = key("d")
    m.deploy_dmn(table(decision, [("x", "integer")], [("y", "integer")], [(["-"], ["1"])]), tenant=acme)
    t0 = far_ahead(world)
    m.start_id(shared_id)
    m.claim(m.review(m.start_id(tenanted_id)), unique("ann"))
    m.evaluate(decision, {"x": 1}, tenant=acme)
    t1 = clock.advance(MINUTE)

    everything = {START: 4, END: 2, ROOT: 2, DECISIONS: 1, ELEMENTS: 2, SUCCEEDED: 0, FAILED: 0, USERS: 1}
    assert m.sums(t0, t1) == everything
    assert Metrics(world.api(world.token(tenants=(acme,)))).sums(t0, t1) == everything
    stranger = Metrics(world.api(world.token(tenants=(other,))))
    assert stranger.sums(t0, t1) == {START: 2, END: 1, ROOT: 1, DECISIONS: 0, ELEMENTS: 0, SUCCEEDED: 0, FAILED: 0,
                                     USERS: 0}
    assert stranger.intervals("", t0, t1, interval=3600) == [(t0, END, 1), (t0, START, 2), (t0, ROOT, 1)]


# -- refused requests ----------------------------------------------------------------------------------------


def test_a_metric_that_cannot_be_derived_is_refused_naming_those_that_can(world: ServerHandle) -> None:
    m = Metrics(world.api())
    failed = expect_error(lambda: m.sum(""), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["name"]
    for call in (lambda: m.sum("activity-instance-begin"), lambda: m.intervals("activity-instance-begin")):
        failed = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "UNKNOWN_METRIC")
        assert failed.fields == ["name"]
        assert "activity-instance-start" in failed.info.metadata["supported"].split(",")
    long_name = "x" * 5000
    failed = expect_error(lambda: m.sum(long_name), grpc.StatusCode.INVALID_ARGUMENT, "UNKNOWN_METRIC")
    assert len(failed.info.metadata["name"]) < 100
    for name in metrics.NOT_DERIVED:
        for call in (lambda: m.sum(name), lambda: m.intervals(name)):
            failed = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "METRIC_NOT_SUPPORTED")
            assert failed.fields == ["name"] and failed.info.metadata["name"] == name
            assert "job-successful" in failed.info.metadata["supported"].split(","), failed.info.metadata
    # Distinct users do not add up across intervals.
    for name in (USERS, "task-users"):
        failed = expect_error(lambda: m.intervals(name), grpc.StatusCode.INVALID_ARGUMENT, "METRIC_NOT_SUPPORTED")
        assert name not in failed.info.metadata["supported"].split(",")
        assert "QueryMetricSum" in failed.message


def test_windows_intervals_paging_and_reporters_are_checked(world: ServerHandle) -> None:
    m = Metrics(world.api())
    now = world.clock.now()
    for call in (lambda: m.sum(START, now, now - timedelta(microseconds=1)),
                 lambda: m.intervals(START, now, now - HOUR)):
        failed = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == ["end_date"]
    for seconds, nanos in ((0, 0), (-900, 0), (0, 500), (1, 500_000_000)):
        request = pb.QueryMetricIntervalsRequest(name=START, interval=duration_pb2.Duration(seconds=seconds,
                                                                                            nanos=nanos))
        failed = expect_error(lambda: m.metrics.QueryMetricIntervals(request), grpc.StatusCode.INVALID_ARGUMENT,
                              "INVALID_FIELD")
        assert failed.fields == ["interval"], (seconds, nanos)
    beyond = pb.QueryMetricIntervalsRequest(interval=duration_pb2.Duration(seconds=10**15))
    failed = expect_error(lambda: m.metrics.QueryMetricIntervals(beyond), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_FIELD")
    assert failed.fields == ["interval"]
    for page, field in ((types_pb2.OffsetPage(first_result=-1), "first_result"),
                        (types_pb2.OffsetPage(max_results=-1), "max_results")):
        failed = expect_error(lambda: m.intervals(START, page=page), grpc.StatusCode.INVALID_ARGUMENT,
                              "INVALID_FIELD")
        assert failed.fields == [field]
    failed = expect_error(lambda: m.intervals(START, reporter="host-1"), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_FIELD")
    assert failed.fields == ["reporter"]
    out_of_range = timestamp_pb2.Timestamp(seconds=-10**12)
    for call, field in (
            (lambda: m.metrics.QueryMetricSum(pb.QueryMetricSumRequest(name=START, start_date=out_of_range)),
             "start_date"),
            (lambda: m.metrics.QueryMetricSum(pb.QueryMetricSumRequest(name=START, end_date=out_of_range)),
             "end_date"),
            (lambda: m.metrics.QueryMetricIntervals(pb.QueryMetricIntervalsRequest(start_date=out_of_range)),
             "start_date")):
        failed = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == [field]
    # The widest window and the longest interval are answered.
    widest = pb.QueryMetricIntervalsRequest(
        start_date=timestamp_pb2.Timestamp(seconds=-62_135_596_800),
        end_date=timestamp_pb2.Timestamp(seconds=253_402_300_799, nanos=999_999_999),
        interval=duration_pb2.Duration(seconds=315_576_000_000))
    rows = m.metrics.QueryMetricIntervals(widest).results
    assert {r.timestamp.seconds for r in rows} <= {0, -62_135_596_800}
    assert m.sum(START) >= m.sum(START, world.clock.now() - DAY)


def test_metrics_need_a_token(world: ServerHandle) -> None:
    anonymous = Metrics(world.api(token=None))
    expect_error(lambda: anonymous.sum(START), grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
    expect_error(lambda: anonymous.intervals(START), grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
