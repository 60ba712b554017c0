"""HistoryService's activity instance history: QueryHistoricActivityInstances with every filter,
every sort key both ways and offset paging; CountHistoricActivityInstances with the same filters;
GetHistoricActivityInstance; what a tenant's token sees; and the errors of the three."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

import grpc
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import execution_pb2 as ex
from flowkeeper.engine.v1 import history_pb2 as hi
from flowkeeper.engine.v1 import history_pb2_grpc
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.history_support import every_page, sorted_by, ts
from tests.engine.resources.modeler import render
from tests.engine.work_support import Work, key
from tests.support import Api, expect_error, unique


def named(process_key: str, marker: str) -> str:
    """Start, a user task Review, end; every activity named after ``marker`` (a name with a
    literal % and one with a literal _, for the like filter)."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" name="{marker} placed" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" name="{marker} review 100%" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" name="{marker} done_ok" />
</bpmn:process>
"""


class History(Work):
    """The engine's stubs plus HistoryService."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def deploy_named(self, process_key: str, marker: str, tenant: str = "") -> str:
        deployment = self.deploy(contents={f"{process_key}.bpmn": render(named(process_key, marker),
                                                                          process_key).encode()}, tenant=tenant)
        return self.definition_id(deployment, process_key)

    def found(self, **filters: Any) -> list[hi.HistoricActivityInstance]:
        """What the query finds (every page of 2), checked against the count."""
        return every_page(self.query, self.count, 2, **filters)

    def query(self, **filters: Any) -> list[hi.HistoricActivityInstance]:
        return list(self.history.QueryHistoricActivityInstances(
            hi.QueryHistoricActivityInstancesRequest(**filters)).historic_activity_instances)

    def count(self, **filters: Any) -> int:
        return self.history.CountHistoricActivityInstances(hi.CountHistoricActivityInstancesRequest(**filters)).count

    def get(self, activity_instance_id: str) -> hi.HistoricActivityInstance:
        return self.history.GetHistoricActivityInstance(
            hi.GetHistoricActivityInstanceRequest(id=activity_instance_id)).historic_activity_instance


@dataclass
class World:
    """Four instances of one process, a minute apart (t0..t4), and their nine activity
    instances in the order they occurred (``rows``):

    0 p1 Start [t0, t0]   1 p1 Review [t0, t2]   2 p2 Start [t1, t1]
    3 p2 Review [t1, t4], canceled (p2 deleted)   4 p1 End [t2, t2], completed its scope
    5 p3 Start [t3, t3] and 6 p3 Review [t3, running], of tenant ``tenant``
    7 p4 Start [t4, t4] and 8 p4 Review [t4, running], of tenant ``other``"""

    engine: History
    process_key: str
    marker: str
    tenant: str
    other: str
    definitions: tuple[str, str, str]
    instances: tuple[str, str, str, str]
    times: tuple[datetime, ...]
    task_id: str
    rows: list[hi.HistoricActivityInstance]

    @property
    def mine(self) -> dict[str, Any]:
        """The filter that keeps the query to this world's rows."""
        return {"activity_name_like": f"{self.marker} %"}

    def indexes(self, rows: list[hi.HistoricActivityInstance]) -> list[int]:
        ids = [r.id for r in self.rows]
        return [ids.index(r.id) for r in rows]

    def which(self, **filters: Any) -> list[int]:
        """The rows the query finds with ``filters`` (within this world), by their index."""
        return self.indexes(self.engine.found(**{**self.mine, **filters}))


def _world(api: Api, server) -> World:  # type: ignore[no-untyped-def]
    engine = History(api)
    process_key, marker = key("history"), unique("h").replace("-", "")
    tenant, other = unique("tenant"), unique("tenant")
    d1 = engine.deploy_named(process_key, marker)
    d2 = engine.deploy_named(process_key, marker, tenant)
    d3 = engine.deploy_named(process_key, marker, other)
    minute = timedelta(minutes=1)
    t0 = server.clock.now()
    p1 = engine.start_id(d1)
    t1 = server.clock.advance(minute)
    p2 = engine.start_id(d1)
    t2 = server.clock.advance(minute)
    [task] = engine.tasks_of(p1)
    engine.complete(task.id)
    t3 = server.clock.advance(minute)
    p3 = engine.start_id(d2)
    t4 = server.clock.advance(minute)
    engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=p2))
    p4 = engine.start_id(d3)
    server.clock.advance(minute)
    rows = engine.found(activity_name_like=f"{marker} %")
    assert [(r.process_instance_id, r.activity_id) for r in rows] == [
        (p1, "Start"), (p1, "Review"), (p2, "Start"), (p2, "Review"), (p1, "End"),
        (p3, "Start"), (p3, "Review"), (p4, "Start"), (p4, "Review")]
    return World(engine, process_key, marker, tenant, other, (d1, d2, d3), (p1, p2, p3, p4),
                 (t0, t1, t2, t3, t4), task.id, rows)


def test_every_filter(api, server) -> None:  # type: ignore[no-untyped-def]
    w = _world(api, server)
    (d1, d2, _), (p1, p2, _, _) = w.definitions, w.instances
    t0, t1, t2, t3, t4 = w.times
    m = w.marker

    assert w.which() == list(range(9))
    assert w.which(activity_instance_id=w.rows[1].id) == [1]
    assert w.which(activity_instance_id="no-such-id") == []
    assert w.which(process_instance_id=p1) == [0, 1, 4]
    assert w.which(process_definition_id=d1) == [0, 1, 2, 3, 4]
    assert w.which(process_definition_id=d2) == [5, 6]
    # The execution a pass had is the recorder's business; the filter keeps exactly its rows.
    execution = w.rows[3].execution_id
    on_it = w.which(execution_id=execution)
    assert 3 in on_it and on_it == [i for i, r in enumerate(w.rows) if r.execution_id == execution]
    assert all(w.rows[i].process_instance_id == p2 for i in on_it)
    assert w.which(activity_id="Review") == [1, 3, 6, 8]
    assert w.which(activity_id="End") == [4]
    assert w.which(activity_name=f"{m} review 100%") == [1, 3, 6, 8]
    assert w.which(activity_name=f"{m} review") == []
    assert w.which(activity_type="userTask") == [1, 3, 6, 8]
    assert w.which(activity_type="startEvent") == [0, 2, 5, 7]
    assert w.which(activity_type="noneEndEvent") == [4]
    assert w.which(finished=True) == [0, 1, 2, 3, 4, 5, 7]
    assert w.which(unfinished=True) == [6, 8]
    assert w.which(canceled=True) == [3]
    assert w.which(complete_scope=True) == [4]
    # Times are inclusive at both ends.
    assert w.which(started_before=ts(t0)) == [0, 1]
    assert w.which(started_after=ts(t3)) == [5, 6, 7, 8]
    assert w.which(started_after=ts(t1), started_before=ts(t2)) == [2, 3, 4]
    assert w.which(started_after=ts(t4 + timedelta(microseconds=1))) == []
    assert w.which(finished_before=ts(t0)) == [0]
    assert w.which(finished_after=ts(t4)) == [3, 7]
    assert w.which(finished_after=ts(t2), finished_before=ts(t2)) == [1, 4]
    assert w.which(finished_before=ts(t3)) == [0, 1, 2, 4, 5]
    assert w.which(tenant_id_in=[w.tenant]) == [5, 6]
    assert w.which(tenant_id_in=[w.tenant, w.other]) == [5, 6, 7, 8]
    assert w.which(tenant_id_in=["no-such-tenant"]) == []
    assert w.which(without_tenant_id=True) == [0, 1, 2, 3, 4]
    assert w.which(process_instance_id=p1, activity_type="userTask", finished=True) == [1]
    assert w.which(process_instance_id=p2, canceled=True, unfinished=True) == []


def test_activity_name_like(api, server) -> None:  # type: ignore[no-untyped-def]
    w = _world(api, server)
    m = w.marker

    def like(pattern: str) -> list[int]:
        return w.indexes(w.engine.found(activity_name_like=pattern))

    assert like(f"{m} review 100\\%") == [1, 3, 6, 8]  # an escaped % is literal
    assert like(f"{m} review 1%") == [1, 3, 6, 8]
    assert like(f"{m} done\\_ok") == [4]  # an escaped _ is literal
    assert like(f"{m} d_ne%") == [4]
    assert like(f"{m} done\\%") == []
    assert like(f"{m} review 100\\\\") == []  # an escaped backslash is one backslash
    assert like(f"{m} %e%") == list(range(9))
    assert like(f"{m} DONE%") == []  # case-sensitive on both databases


def _expected(rows: list[hi.HistoricActivityInstance], value: Callable[[hi.HistoricActivityInstance], Any],
              desc: bool) -> list[str]:
    """Ids of ``rows`` (in occurrence order) sorted by ``value``: None first ascending, last
    descending, ties as they occurred."""
    present = sorted((r for r in rows if value(r) is not None), key=value, reverse=desc)
    absent = [r for r in rows if value(r) is None]
    return [r.id for r in (present + absent if desc else absent + present)]


def _span(r: hi.HistoricActivityInstance) -> Any:
    return (r.duration.seconds, r.duration.nanos) if r.HasField("duration") else None


SORTED_BY: dict[str, Callable[[hi.HistoricActivityInstance], Any]] = {
    "activityInstanceId": lambda r: r.id,
    "instanceId": lambda r: r.process_instance_id,
    "executionId": lambda r: r.execution_id,
    "activityId": lambda r: r.activity_id,
    "activityName": lambda r: r.activity_name,
    "activityType": lambda r: r.activity_type,
    "startTime": lambda r: (r.start_time.seconds, r.start_time.nanos),
    "endTime": lambda r: (r.end_time.seconds, r.end_time.nanos) if r.HasField("end_time") else None,
    "duration": _span,
    "definitionId": lambda r: r.process_definition_id,
    "tenantId": lambda r: r.tenant_id or None,
}


def test_sorting_and_paging(api, server) -> None:  # type: ignore[no-untyped-def]
    w = _world(api, server)

    def order(*sorting: tuple[str, str], **filters: Any) -> list[int]:
        return w.which(sorting=sorted_by(*sorting), **filters)

    # Without sorting, and by occurrence: as the passes occurred.
    assert order() == order(("occurrence", "asc")) == list(range(9))
    assert order(("occurrence", "desc")) == list(range(8, -1, -1))
    for sort_by, value in SORTED_BY.items():
        for direction in ("asc", "desc"):
            expected = _expected(w.rows, value, direction == "desc")
            assert [w.rows[i].id for i in order((sort_by, direction))] == expected, (sort_by, direction)
    # Running passes have no end and no duration: first ascending, last descending.
    assert order(("endTime", "asc")) == [6, 8, 0, 2, 1, 4, 5, 3, 7]
    assert order(("endTime", "desc")) == [3, 7, 5, 1, 4, 2, 0, 6, 8]
    assert order(("duration", "asc")) == [6, 8, 0, 2, 4, 5, 7, 1, 3]
    assert order(("duration", "desc")) == [3, 1, 0, 2, 4, 5, 7, 6, 8]
    assert order(("tenantId", "asc"))[:5] == [0, 1, 2, 3, 4]
    assert order(("activityType", "asc"), ("startTime", "desc")) == [4, 7, 5, 2, 0, 8, 6, 3, 1]
    assert order(("activityId", "desc"), ("instanceId", "asc"))[:4] == sorted(
        [0, 2, 5, 7], key=lambda i: w.rows[i].process_instance_id)

    def page(first_result: int, max_results: int, *sorting: tuple[str, str]) -> list[int]:
        return w.indexes(list(w.engine.history.QueryHistoricActivityInstances(hi.QueryHistoricActivityInstancesRequest(
            page={"first_result": first_result, "max_results": max_results},
            sorting=sorted_by(*sorting), **w.mine)).historic_activity_instances))

    assert page(0, 0) == list(range(9))  # max_results 0: the server's page size
    assert page(7, 5) == [7, 8]
    assert page(9, 5) == []
    assert page(1, 2, ("occurrence", "desc")) == [7, 6]
    assert page(2, 3, ("duration", "desc")) == [0, 2, 4]


def test_get_by_id(api, server) -> None:  # type: ignore[no-untyped-def]
    w = _world(api, server)
    (d1, d2, _), (p1, p2, p3, _) = w.definitions, w.instances
    t0, t1, t2, t3, t4 = w.times

    review = w.engine.get(w.rows[1].id)
    assert review == w.rows[1]
    assert (review.activity_id, review.activity_name, review.activity_type) == (
        "Review", f"{w.marker} review 100%", "userTask")
    assert (review.process_instance_id, review.process_definition_id) == (p1, d1)
    assert review.process_definition_key == w.process_key
    assert review.parent_activity_instance_id == p1  # not in a subprocess: the process instance
    assert review.execution_id and review.task_id == w.task_id
    assert review.called_process_instance_id == ""
    assert (review.start_time, review.end_time) == (ts(t0), ts(t2))
    assert review.duration.ToTimedelta() == t2 - t0
    assert (review.canceled, review.complete_scope, review.tenant_id) == (False, False, "")

    start = w.engine.get(w.rows[0].id)
    assert (start.activity_type, start.start_time, start.end_time) == ("startEvent", ts(t0), ts(t0))
    assert start.HasField("duration") and start.duration.ToTimedelta() == timedelta(0)
    end = w.engine.get(w.rows[4].id)
    assert (end.activity_type, end.complete_scope, end.canceled) == ("noneEndEvent", True, False)
    canceled = w.engine.get(w.rows[3].id)
    assert (canceled.process_instance_id, canceled.canceled, canceled.end_time) == (p2, True, ts(t4))
    assert canceled.duration.ToTimedelta() == t4 - t1

    running = w.engine.get(w.rows[6].id)
    assert (running.process_instance_id, running.process_definition_id, running.tenant_id) == (p3, d2, w.tenant)
    assert running.start_time == ts(t3)
    assert not running.HasField("end_time") and not running.HasField("duration")
    assert (running.canceled, running.complete_scope) == (False, False)

    for missing in ("no-such-activity-instance", ""):
        failed = expect_error(lambda: w.engine.get(missing), grpc.StatusCode.NOT_FOUND, "ACTIVITY_INSTANCE_NOT_FOUND")
        assert failed.info.metadata["id"] == missing


def test_a_tenant_token_finds_counts_and_gets_only_what_it_sees(api, server) -> None:  # type: ignore[no-untyped-def]
    w = _world(api, server)
    member = History(server.api(server.token(tenants=(w.tenant,))))
    assert w.indexes(member.found(**w.mine)) == [0, 1, 2, 3, 4, 5, 6]
    assert w.indexes(member.found(tenant_id_in=[w.other], **w.mine)) == []
    assert w.indexes(member.found(process_instance_id=w.instances[3])) == []
    assert w.indexes(member.found(tenant_id_in=[w.tenant], **w.mine)) == [5, 6]
    assert member.get(w.rows[6].id) == w.rows[6]
    assert member.get(w.rows[0].id) == w.rows[0]
    for hidden in (w.rows[7].id, w.rows[8].id):
        expect_error(lambda: member.get(hidden), grpc.StatusCode.NOT_FOUND, "ACTIVITY_INSTANCE_NOT_FOUND")

    nobody = History(server.api(server.token()))
    assert w.indexes(nobody.found(**w.mine)) == [0, 1, 2, 3, 4]
    assert nobody.count(without_tenant_id=True, **w.mine) == 5
    expect_error(lambda: nobody.get(w.rows[5].id), grpc.StatusCode.NOT_FOUND, "ACTIVITY_INSTANCE_NOT_FOUND")


def test_refused_requests(api, server) -> None:  # type: ignore[no-untyped-def]
    engine = History(api)

    def query(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.history.QueryHistoricActivityInstances(
            hi.QueryHistoricActivityInstancesRequest(**filters))

    def count(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.count(**filters)

    beyond = timestamp_pb2.Timestamp(seconds=10**12)
    for call in (query, count):
        for filters, field in (
            ({"finished": True, "unfinished": True}, "unfinished"),
            ({"tenant_id_in": ["t"], "without_tenant_id": True}, "without_tenant_id"),
            ({"activity_name_like": "x\\"}, "activity_name_like"),
            ({"activity_name_like": "x\\\\\\"}, "activity_name_like"),
            ({"started_before": beyond}, "started_before"),
            ({"started_after": beyond}, "started_after"),
            ({"finished_before": beyond}, "finished_before"),
            ({"finished_after": timestamp_pb2.Timestamp(seconds=0, nanos=-1)}, "finished_after"),
        ):
            failed = expect_error(call(**filters), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
            assert failed.fields == [field], filters
    for page, field in (({"first_result": -1}, "first_result"), ({"max_results": -1}, "max_results")):
        failed = expect_error(query(page=page), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == [field]
    for sorting, field in (
        ([ex.Sorting(sort_by="definitionKey", sort_order="asc")], "sorting[0].sort_by"),
        ([ex.Sorting(sort_by="startTime", sort_order="up")], "sorting[0].sort_order"),
        ([ex.Sorting(sort_order="asc")], "sorting[0].sort_by"),
        ([ex.Sorting(sort_by="startTime", sort_order="asc"), ex.Sorting(sort_by="duration")],
         "sorting[1].sort_order"),
    ):
        failed = expect_error(query(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
        assert failed.fields == [field]

    anonymous = History(server.api(None))
    for call in (lambda: anonymous.history.QueryHistoricActivityInstances(hi.QueryHistoricActivityInstancesRequest()),
                 lambda: anonymous.count(),
                 lambda: anonymous.get("any")):
        expect_error(call, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
