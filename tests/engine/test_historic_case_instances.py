"""HistoryService's case instance history: QueryHistoricCaseInstances with every filter and sort
key, CountHistoricCaseInstances with the same filters, GetHistoricCaseInstance, what a tenant's
token sees, the errors of the three; and HistoryReportService.QueryHistoricCaseActivityStatistics.

The world is a server of its own per backend (module-scoped, tests.engine.case_query_support):
every case instance of its history is the world's, so a filter's answer is exact."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable, Iterator

import grpc
import pytest

from flowkeeper.engine.v1 import case_instance_pb2, history_pb2
from tests.conftest import BACKENDS, own_server
from tests.engine.case_query_support import (
    MINUTE,
    OTHER,
    TENANT,
    USER,
    CaseWorld,
    build,
    expected_order,
    sorted_by,
    variable,
)
from tests.engine.history_support import every_page, ts
from tests.support import expect_error

MICROSECOND = timedelta(microseconds=1)
ALL = "c1 c2 c3 c4 c5 c6 c7 c8"


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseWorld]:
    with own_server(request, tmp_path_factory, history_cleanup=False) as handle:
        yield build(handle)


def _found(w: CaseWorld, **filters: Any) -> list[history_pb2.HistoricCaseInstance]:
    """Every page of 3, checked against the count; without sorting, checked to be in the default
    order (creation time, then id)."""
    rows = every_page(w.engine.historic_cases, w.engine.count_historic_cases, 3, **filters)
    if "sorting" not in filters:
        assert [r.id for r in rows] == [r.id for r in sorted(
            rows, key=lambda r: (r.create_time.seconds, r.create_time.nanos, r.id))], filters
    return rows


def _which(w: CaseWorld, **filters: Any) -> str:
    return " ".join(sorted(w.label(r.id) for r in _found(w, **filters)))


def test_the_world_s_records(world: CaseWorld) -> None:
    w, c, d = world, world.cases, world.definitions
    t0, t1, t2, t3, t4, t5, t6 = w.times
    rows = {w.label(r.id): r for r in _found(w)}
    assert sorted(rows) == ALL.split()

    def summary(r: history_pb2.HistoricCaseInstance) -> tuple[Any, ...]:
        state = case_instance_pb2.CaseInstance.State.Name(r.state).removeprefix("STATE_")
        flags = [flag for flag in ("active", "completed", "terminated", "closed") if getattr(r, flag)]
        assert flags == [state.lower()], r
        return (r.case_definition_key, r.case_definition_name, state, r.business_key, r.tenant_id,
                r.create_time, r.end_time if r.HasField("end_time") else None,
                r.close_time if r.HasField("close_time") else None,
                r.duration.ToTimedelta() if r.HasField("duration") else None, r.create_user_id)

    admin = w.admin
    assert admin and admin != USER
    assert {label: summary(r) for label, r in rows.items()} == {
        "c1": ("case_three_items", "Review an application", "CLOSED", "", "", ts(t0), ts(t4), ts(t5), 5 * MINUTE,
               admin),
        "c2": ("case_manual", "Manual work", "COMPLETED", "", TENANT, ts(t1), ts(t5), None, None, admin),
        "c3": ("case_stage", "Handle a claim", "ACTIVE", "", "", ts(t2), None, None, None, admin),
        "c4": ("case_caller", "Caller", "ACTIVE", "", OTHER, ts(t3), None, None, None, admin),
        "c5": ("case_callee", "Callee", "TERMINATED", "", OTHER, ts(t3), ts(t5), None, None, admin),
        "c6": ("case_process_task", "Publish a document", "ACTIVE", "", "", ts(t4), None, None, None, admin),
        "c7": ("case_three_items", "Review an application", "ACTIVE", "order-7", "", ts(t6), None, None, None, USER),
        "c8": ("case_manual", "Manual work", "ACTIVE", "claim-8", TENANT, ts(t6), None, None, None, admin),
    }
    for label, r in rows.items():
        assert r.case_definition_id == d[label], label
        assert r.super_case_instance_id == (c["c4"] if label == "c5" else ""), label
        assert r.super_process_instance_id == "", label
        assert w.engine.historic_case(r.id) == r, label


def test_every_filter(world: CaseWorld) -> None:
    w, c, d = world, world.cases, world.definitions
    t0, t1, t2, t3, t4, t5, t6 = w.times
    assert _which(w) == ALL
    assert _which(w, case_instance_id=c["c5"]) == "c5"
    assert _which(w, case_instance_id="no-such-case") == ""
    assert _which(w, case_instance_id_in=[c["c1"], c["c7"], "no-such-case"]) == "c1 c7"
    assert _which(w, business_key="order-7") == "c7"
    assert _which(w, business_key="order") == ""
    assert _which(w, business_key_like="%-_") == "c7 c8"
    assert _which(w, business_key_like="claim%") == "c8"
    assert _which(w, business_key_like="claim\\%") == ""  # an escaped % is literal
    assert _which(w, case_definition_id=d["c1"]) == "c1 c7"
    assert _which(w, case_definition_id=d["v2"]) == ""
    assert _which(w, case_definition_key="case_manual") == "c2 c8"
    assert _which(w, case_definition_key_not_in=["case_manual", "case_three_items"]) == "c3 c4 c5 c6"
    assert _which(w, case_definition_name="Manual work") == "c2 c8"
    assert _which(w, case_definition_name="manual work") == ""
    assert _which(w, case_definition_name_like="Call%") == "c4 c5"
    assert _which(w, case_definition_name_like="% a %") == "c3 c6"
    assert _which(w, case_definition_name_like="%an a%") == "c1 c7"
    assert _which(w, created_before=ts(t0)) == "c1"
    assert _which(w, created_before=ts(t0 - MICROSECOND)) == ""
    assert _which(w, created_after=ts(t6)) == "c7 c8"
    assert _which(w, created_after=ts(t1), created_before=ts(t3)) == "c2 c3 c4 c5"
    assert _which(w, closed_before=ts(t5)) == "c1"
    assert _which(w, closed_before=ts(t5 - MICROSECOND)) == ""
    assert _which(w, closed_after=ts(t5 + MICROSECOND)) == ""
    assert _which(w, closed_after=ts(t0)) == "c1"  # only closed instances have a close time
    assert _which(w, created_by=USER) == "c7"
    assert _which(w, created_by=w.admin) == "c1 c2 c3 c4 c5 c6 c8"
    assert _which(w, created_by="nobody") == ""
    assert _which(w, super_case_instance_id=c["c4"]) == "c5"
    assert _which(w, super_case_instance_id=c["c5"]) == ""
    assert _which(w, sub_case_instance_id=c["c5"]) == "c4"
    assert _which(w, sub_case_instance_id=c["c4"]) == ""
    assert _which(w, super_process_instance_id=w.sub_processes["P"]) == ""  # no process calls a case
    assert _which(w, sub_process_instance_id=w.sub_processes["P"]) == "c6"
    assert _which(w, sub_process_instance_id=w.sub_processes["Q"]) == "c6"  # ended at once
    assert _which(w, sub_process_instance_id=c["c5"]) == ""
    assert _which(w, tenant_id_in=[TENANT]) == "c2 c8"
    assert _which(w, tenant_id_in=[TENANT, OTHER]) == "c2 c4 c5 c8"
    assert _which(w, without_tenant_id=True) == "c1 c3 c6 c7"
    assert _which(w, case_activity_id_in=["PI_Decide"]) == "c1 c7"
    assert _which(w, case_activity_id_in=["PI_Answer", "PI_Inspect", "no-such-item"]) == "c3 c5"
    assert _which(w, case_activity_id_in=["CasePlanModel_1"]) == ""  # the case plan model is no activity
    # Every filter given must hold.
    assert _which(w, case_definition_key="case_three_items", created_by=USER, business_key_like="order%") == "c7"
    assert _which(w, tenant_id_in=[OTHER], case_activity_id_in=["PI_Decide"]) == ""


def test_the_state_flags(world: CaseWorld) -> None:
    w = world
    assert _which(w, active=True) == "c3 c4 c6 c7 c8"
    assert _which(w, completed=True) == "c2"
    assert _which(w, terminated=True) == "c5"
    assert _which(w, closed=True) == "c1"
    assert _which(w, not_closed=True) == "c2 c3 c4 c5 c6 c7 c8"
    # Several flags: instances in any of their states.
    assert _which(w, completed=True, terminated=True) == "c2 c5"
    assert _which(w, closed=True, terminated=True, tenant_id_in=[OTHER]) == "c5"
    assert _which(w, active=True, completed=True, not_closed=True) == "c2 c3 c4 c6 c7 c8"
    assert _which(w, completed=True, terminated=True, closed=True, active=True) == ALL


def test_the_variable_filters(world: CaseWorld) -> None:
    w = world
    assert _which(w, variables=[variable("follower", "eq", "fred")]) == "c4"
    assert _which(w, variables=[variable("amount", "gt", 3)]) == "c7"
    assert _which(w, variables=[variable("amount", "lteq", 3)]) == ""
    assert _which(w, variables=[variable("checker", "like", "car%")]) == "c2 c8"  # c2 completed: as it is
    # A closed instance's variables are gone: it matches by their last values in the history.
    assert _which(w, variables=[variable("outcome", "eq", "rejected")]) == "c1"
    assert _which(w, variables=[variable("outcome", "neq", "rejected")]) == ""
    assert _which(w, variables=[variable("note", "eq", "Rush")]) == ""
    assert _which(w, variables=[variable("note", "eq", "Rush")], variable_names_ignore_case=True) == "c7"
    assert _which(w, variables=[variable("Note", "eq", "rush")], variable_values_ignore_case=True) == "c7"
    assert _which(w, variables=[variable("NOTE", "like", "ru%")], variable_names_ignore_case=True,
                  variable_values_ignore_case=True) == "c7"
    # Only the case instance's own variables: not a case execution's (c8's step).
    assert _which(w, variables=[variable("step", "eq", "one")]) == ""
    assert _which(w, variables=[variable("amount", "eq", 5), variable("Note", "eq", "Rush")]) == "c7"


def _time(field: str) -> Callable[[history_pb2.HistoricCaseInstance], Any]:
    return lambda r: (getattr(r, field).seconds, getattr(r, field).nanos) if r.HasField(field) else None


def _text(field: str) -> Callable[[history_pb2.HistoricCaseInstance], Any]:
    return lambda r: getattr(r, field) or None


SORTED_BY: dict[str, Callable[[history_pb2.HistoricCaseInstance], Any]] = {
    "instanceId": lambda r: r.id,
    "definitionId": _text("case_definition_id"),
    "businessKey": _text("business_key"),
    "createTime": _time("create_time"),
    "closeTime": _time("close_time"),
    "duration": _time("duration"),
    "tenantId": _text("tenant_id"),
}


def test_every_sort_key_both_ways_and_paging(world: CaseWorld) -> None:
    w = world
    rows = _found(w)
    for sort_by, key in SORTED_BY.items():
        for direction in ("asc", "desc"):
            found = [r.id for r in _found(w, sorting=sorted_by((sort_by, direction)))]
            assert found == expected_order(rows, key, direction == "desc"), (sort_by, direction)
    # The first element is the primary ordering; the next ones order its ties.
    assert w.labels(_found(w, sorting=sorted_by(("tenantId", "desc"), ("createTime", "desc")))) == (
        "c4 c5 c8 c2 c7 c6 c3 c1".replace("c4 c5", w.by_id("c4 c5")))
    assert w.labels(_found(w, sorting=sorted_by(("businessKey", "desc"), ("createTime", "asc")),
                           tenant_id_in=[TENANT])) == "c8 c2"
    # The default order: creation time, then id; offset paging over it.
    default = [r.id for r in rows]
    assert w.labels(rows) == "c1 c2 c3 " + w.by_id("c4 c5") + " c6 " + w.by_id("c7 c8")
    page = w.engine.historic_cases(page={"first_result": 2, "max_results": 3})
    assert [r.id for r in page] == default[2:5]
    assert w.engine.historic_cases(page={"first_result": 8, "max_results": 3}) == []
    assert w.engine.count_historic_cases() == 8
    assert w.engine.count_historic_cases(not_closed=True, without_tenant_id=True) == 3


def test_a_tenant_token_finds_counts_and_gets_only_what_it_sees(world: CaseWorld) -> None:
    w, c = world, world.cases
    member = w.member((TENANT,))
    assert w.labels(member.historic_cases()) == "c1 c2 c3 c6 " + w.by_id("c7 c8")
    assert member.count_historic_cases() == 6
    assert member.historic_cases(tenant_id_in=[OTHER]) == []
    assert member.historic_cases(sub_case_instance_id=c["c5"]) == []
    assert member.historic_case(c["c2"]) == w.engine.historic_case(c["c2"])
    failed = expect_error(lambda: member.historic_case(c["c5"]), grpc.StatusCode.NOT_FOUND,
                          "CASE_INSTANCE_NOT_FOUND")
    assert failed.info.metadata["id"] == c["c5"]


def test_the_errors(world: CaseWorld) -> None:
    w = world
    for missing in ("no-such-case", "", w.sub_processes["P"]):
        expect_error(lambda: w.engine.historic_case(missing), grpc.StatusCode.NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")
    refused: list[tuple[dict[str, Any], str, str]] = [
        ({"tenant_id_in": [TENANT], "without_tenant_id": True}, "INVALID_FIELD", "without_tenant_id"),
        ({"closed": True, "not_closed": True}, "INVALID_FIELD", "not_closed"),
        ({"business_key_like": "order\\"}, "INVALID_FIELD", "business_key_like"),
        ({"case_definition_name_like": "x\\"}, "INVALID_FIELD", "case_definition_name_like"),
        ({"created_after": {"seconds": 253402300800}}, "INVALID_FIELD", "created_after"),
        ({"variables": [variable("amount", "between", 1)]}, "INVALID_VARIABLE_OPERATOR", "variables[0].operator"),
        ({"variables": [variable("", "eq", 1)]}, "INVALID_VARIABLE_VALUE", "variables[0].name"),
    ]
    for filters, reason, field in refused:
        for call in (w.engine.historic_cases, w.engine.count_historic_cases):
            failed = expect_error(lambda: call(**filters), grpc.StatusCode.INVALID_ARGUMENT, reason)
            assert failed.fields == [field], (filters, failed.fields)
    for sorting, field in ((sorted_by(("caseInstanceId", "asc")), "sorting[0].sort_by"),
                           (sorted_by(("createTime", "up")), "sorting[0].sort_order"),
                           (sorted_by(("createTime", "asc"), ("", "desc")), "sorting[1].sort_by")):
        failed = expect_error(lambda: w.engine.historic_cases(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT,
                              "INVALID_SORTING")
        assert failed.fields == [field]
    failed = expect_error(lambda: w.engine.historic_cases(page={"first_result": -1}),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["first_result"]


def test_the_historic_case_activity_statistics(world: CaseWorld) -> None:
    """Per plan item, its rows in the case activity history by their state now, in every case of
    the definition: c1 (closed) and c7 of case_three_items; c2 (completed) and c8 of case_manual."""
    w, d = world, world.definitions

    def statistics(engine: Any, definition_id: str) -> dict[str, tuple[int, ...]]:
        return {s.id: (s.available, s.enabled, s.disabled, s.active, s.completed, s.terminated)
                for s in engine.case_statistics(definition_id)}

    #                                 available, enabled, disabled, active, completed, terminated
    assert statistics(w.engine, d["c1"]) == {
        "PI_CheckApplication": (0, 0, 0, 1, 1, 0),
        "PI_Decide": (1, 0, 0, 0, 0, 1),
        "PI_Decided": (1, 0, 0, 0, 0, 1),
    }
    assert list(statistics(w.engine, d["c1"])) == sorted(statistics(w.engine, d["c1"]))
    # Each definition's counts are those of its rows in QueryHistoricCaseActivityInstances (the
    # state enum's order is the counts' order: STATE_AVAILABLE = 1 … STATE_TERMINATED = 6).
    for label in ("c2", "c3", "c4", "c5", "c6"):
        expected: dict[str, list[int]] = {}
        for row in w.engine.case_activities(case_definition_id=d[label]):
            expected.setdefault(row.case_activity_id, [0] * 6)[row.state - 1] += 1
        assert statistics(w.engine, d[label]) == {k: tuple(v) for k, v in sorted(expected.items())}, label
    assert statistics(w.engine, d["c2"])["PI_Required"] == (0, 0, 0, 1, 1, 0)  # c8's was started by hand
    assert statistics(w.engine, d["v2"]) == {}  # no instance yet
    # A tenant's token: the definitions it sees.
    member = w.member((TENANT,))
    assert statistics(member, d["c2"]) == statistics(w.engine, d["c2"])
    failed = expect_error(lambda: member.case_statistics(d["c4"]), grpc.StatusCode.NOT_FOUND,
                          "CASE_DEFINITION_NOT_FOUND")
    assert failed.info.metadata["field_name"] == "case_definition_id"
    expect_error(lambda: w.engine.case_statistics("no-such-definition"), grpc.StatusCode.NOT_FOUND,
                 "CASE_DEFINITION_NOT_FOUND")
    failed = expect_error(lambda: w.engine.case_statistics(""), grpc.StatusCode.INVALID_ARGUMENT,
                          "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["case_definition_id"]
