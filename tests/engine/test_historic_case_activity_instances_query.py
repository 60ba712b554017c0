"""HistoryService's case activity history queries: QueryHistoricCaseActivityInstances with every
filter (the six state flags OR'ed), every sort key both ways, the default order and offset paging;
CountHistoricCaseActivityInstances with the same filters; GetHistoricCaseActivityInstance; what a
tenant's token sees; and the errors of the three.

The world (tests.engine.case_query_support's ActivityWorld) is a server of its own per backend
(module-scoped): every row of its case activity history is the world's, so a filter's answer is
exact, and its clock moves as the world needs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable, Iterator

import grpc
import pytest
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import execution_pb2 as ex
from flowkeeper.engine.v1 import history_pb2 as hi
from tests.conftest import BACKENDS, own_server
from tests.engine.case_query_support import MINUTE, OTHER, TENANT, ActivityWorld, activity_world
from tests.engine.history_support import CaseActivityHistory, case_activity_state, sorted_by, ts
from tests.support import expect_error

MICROSECOND = timedelta(microseconds=1)
NOT_FOUND = "CASE_ACTIVITY_INSTANCE_NOT_FOUND"
ALL = "ABCDEFGHIJKLMNOPQR"


@pytest.fixture(scope="module", params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ActivityWorld]:
    with own_server(request, tmp_path_factory, history_cleanup=False) as handle:
        yield activity_world(handle)


def test_the_world_s_rows(world: ActivityWorld) -> None:
    """What the world recorded, field by field (the filters below rely on it)."""
    w, r = world, world.rows
    t0, t1, t2, t3, t4 = w.times
    o, d = w.owners, w.definitions

    def summary(row: hi.HistoricCaseActivityInstance) -> tuple[Any, ...]:
        return (row.case_activity_id, row.case_activity_name, row.case_activity_type, case_activity_state(row),
                row.required, row.create_time, row.end_time if row.HasField("end_time") else None,
                row.duration.ToTimedelta() if row.HasField("duration") else None, row.tenant_id)

    assert {label: summary(row) for label, row in r.items()} == {
        "A": ("PI_CheckApplication", "Check application", "humanTask", "COMPLETED", False, ts(t0), ts(t1), MINUTE, ""),
        "B": ("PI_Decide", "Decide", "humanTask", "TERMINATED", False, ts(t0), ts(t4), 4 * MINUTE, ""),
        "C": ("PI_Decided", "Decided", "milestone", "TERMINATED", False, ts(t0), ts(t3), 3 * MINUTE, ""),
        "D": ("PI_Optional", "Optional check", "humanTask", "ENABLED", False, ts(t1), None, None, TENANT),
        "E": ("PI_Conditional", "Approve if needed", "task", "DISABLED", False, ts(t1), None, None, TENANT),
        "F": ("PI_Required", "Required step", "task", "COMPLETED", True, ts(t1), ts(t4), 3 * MINUTE, TENANT),
        "G": ("PI_Done", "Required step done", "milestone", "COMPLETED", False, ts(t1), ts(t4), 3 * MINUTE, TENANT),
        "H": ("PI_Assess", "Assess", "stage", "ACTIVE", False, ts(t2), None, None, ""),
        "I": ("PI_Pay", "Pay claim", "humanTask", "AVAILABLE", False, ts(t2), None, None, ""),
        "J": ("PI_Inspect", "Inspect damage", "humanTask", "ACTIVE", False, ts(t2), None, None, ""),
        "K": ("PI_SecondOpinion", "Second opinion", "task", "ENABLED", False, ts(t2), None, None, ""),
        "L": ("PI_Inspected", "Inspected", "milestone", "AVAILABLE", False, ts(t2), None, None, ""),
        "M": ("PI_CallCallee", "Call callee", "caseTask", "ACTIVE", False, ts(t3), None, None, OTHER),
        "N": ("PI_Follow", "Follow up", "humanTask", "AVAILABLE", False, ts(t3), None, None, OTHER),
        "O": ("PI_Answer", "Answer", "task", "ACTIVE", False, ts(t3), None, None, OTHER),
        "P": ("PI_Review", "Review document", "processTask", "ACTIVE", False, ts(t4), None, None, ""),
        "Q": ("PI_Prepare", "Prepare", "processTask", "COMPLETED", False, ts(t4), ts(t4), timedelta(0), ""),
        "R": ("PI_Publish", "Publish document", "humanTask", "AVAILABLE", False, ts(t4), None, None, ""),
    }
    cases = {"c1": "ABC", "c2": "DEFG", "c3": "HIJKL", "c4": "MN", "c5": "O", "c6": "PQR"}
    for case, labels in cases.items():
        for label in labels:
            row = r[label]
            assert (row.case_instance_id, row.case_definition_id) == (o[case], d[case]), label
            assert row.id == row.case_execution_id, label
            parent = r["H"].id if label in "JKL" else o[case]
            assert row.parent_case_activity_instance_id == parent, label
    assert {label: (row.task_id, row.called_process_instance_id, row.called_case_instance_id)
            for label, row in r.items() if row.task_id or row.called_process_instance_id
            or row.called_case_instance_id} == {
        "A": (w.work["A"], "", ""), "B": (w.work["B"], "", ""), "J": (w.work["J"], "", ""),
        "M": ("", "", w.work["M"]), "P": ("", w.work["P"], ""), "Q": ("", w.work["Q"], "")}
    assert len({row.id for row in r.values()}) == 18


def test_every_filter(world: ActivityWorld) -> None:
    w, r, o, d = world, world.rows, world.owners, world.definitions
    assert w.which() == ALL
    assert w.which(case_activity_instance_id=r["B"].id) == "B"
    assert w.which(case_activity_instance_id="no-such-row") == ""
    assert w.which(case_activity_instance_id=o["c1"]) == ""  # the case plan model has no row
    assert w.which(case_activity_instance_id_in=[r["A"].id, r["J"].id, "no-such-row"]) == "AJ"
    assert w.which(case_activity_instance_id_in=[o["c2"]]) == ""
    assert w.which(case_instance_id=o["c1"]) == "ABC"
    assert w.which(case_instance_id=o["c3"]) == "HIJKL"
    assert w.which(case_instance_id=o["c4"]) == "MN"  # not the rows of the case it created
    assert w.which(case_instance_id=o["c5"]) == "O"
    assert w.which(case_instance_id=r["A"].id) == ""
    assert w.which(case_definition_id=d["c2"]) == "DEFG"
    assert w.which(case_definition_id=d["c5"]) == "O"
    assert w.which(case_definition_id=d["c6"]) == "PQR"
    assert w.which(case_definition_id="case_stage") == ""  # a key is no id
    assert w.which(case_execution_id=r["J"].id) == "J"
    assert w.which(case_execution_id=o["c3"]) == ""
    assert w.which(case_execution_id=r["J"].id, case_activity_instance_id=r["J"].id) == "J"
    assert w.which(case_execution_id=r["J"].id, case_activity_instance_id=r["K"].id) == ""
    assert w.which(case_activity_id="PI_Inspect") == "J"
    assert w.which(case_activity_id="PI_Inspected") == "L"
    assert w.which(case_activity_id="CasePlanModel_1") == ""
    assert w.which(case_activity_id="HumanTask_Inspect") == ""  # the definition's id is not the plan item's
    assert w.which(case_activity_id_in=["PI_Decide", "PI_Pay", "no-such-item"]) == "BI"
    assert w.which(case_activity_id_in=["CasePlanModel_2"]) == ""
    assert w.which(case_activity_name="Decide") == "B"
    assert w.which(case_activity_name="Decided") == "C"
    assert w.which(case_activity_name="Decid") == ""
    assert w.which(case_activity_name="decide") == ""
    assert w.which(case_activity_name="Review an application") == ""  # the case plan model's name
    assert w.which(case_activity_type="humanTask") == "ABDIJNR"
    assert w.which(case_activity_type="task") == "EFKO"
    assert w.which(case_activity_type="milestone") == "CGL"
    assert w.which(case_activity_type="stage") == "H"
    assert w.which(case_activity_type="caseTask") == "M"
    assert w.which(case_activity_type="processTask") == "PQ"
    assert w.which(case_activity_type="casePlanModel") == ""
    assert w.which(case_activity_type="HumanTask") == ""
    assert w.which(required=True) == "F"
    assert w.which(finished=True) == "ABCFGQ"
    assert w.which(unfinished=True) == "DEHIJKLMNOPR"
    assert w.which(tenant_id_in=[TENANT]) == "DEFG"
    assert w.which(tenant_id_in=[TENANT, OTHER]) == "DEFGMNO"
    assert w.which(tenant_id_in=["no-such-tenant"]) == ""
    assert w.which(without_tenant_id=True) == "ABCHIJKLPQR"
    # Every filter given must hold.
    assert w.which(case_activity_type="humanTask", unfinished=True, without_tenant_id=True) == "IJR"
    assert w.which(case_instance_id=o["c2"], finished=True) == "FG"
    assert w.which(case_definition_id=d["c1"], case_activity_id="PI_Inspect") == ""
    assert w.which(required=True, unfinished=True) == ""
    assert w.which(case_activity_id_in=["PI_Decide", "PI_Pay", "PI_Answer"], tenant_id_in=[OTHER]) == "O"


def test_the_state_flags(world: ActivityWorld) -> None:
    w = world
    assert w.which(available=True) == "ILNR"
    assert w.which(enabled=True) == "DK"
    assert w.which(disabled=True) == "E"
    assert w.which(active=True) == "HJMOP"
    assert w.which(completed=True) == "AFGQ"
    assert w.which(terminated=True) == "BC"
    # Several flags: rows in any of their states.
    assert w.which(available=True, enabled=True) == "DIKLNR"
    assert w.which(enabled=True, disabled=True) == "DEK"
    assert w.which(completed=True, terminated=True) == "ABCFGQ"
    assert w.which(active=True, completed=True, disabled=True) == "AEFGHJMOPQ"
    assert w.which(available=True, enabled=True, disabled=True, active=True, completed=True, terminated=True) == ALL
    # With the other filters, all must hold.
    assert w.which(enabled=True, disabled=True, tenant_id_in=[TENANT]) == "DE"
    assert w.which(active=True, case_activity_type="humanTask") == "J"
    assert w.which(completed=True, terminated=True, case_activity_type="milestone") == "CG"
    assert w.which(active=True, finished=True) == ""
    assert w.which(completed=True, unfinished=True) == ""
    assert w.which(terminated=True, finished=True) == "BC"
    assert w.which(available=True, required=True) == ""


def test_the_time_filters(world: ActivityWorld) -> None:
    w = world
    t0, t1, t2, t3, t4 = w.times
    # Times are inclusive at both ends; a row that has not ended has no end time.
    assert w.which(created_before=ts(t0)) == "ABC"
    assert w.which(created_before=ts(t0 - MICROSECOND)) == ""
    assert w.which(created_after=ts(t4)) == "PQR"
    assert w.which(created_after=ts(t4 + MICROSECOND)) == ""
    assert w.which(created_after=ts(t1), created_before=ts(t2)) == "DEFGHIJKL"
    assert w.which(created_after=ts(t1 + MICROSECOND), created_before=ts(t3 - MICROSECOND)) == "HIJKL"
    assert w.which(ended_before=ts(t1)) == "A"
    assert w.which(ended_before=ts(t1 - MICROSECOND)) == ""
    assert w.which(ended_before=ts(t3)) == "AC"
    assert w.which(ended_after=ts(t4)) == "BFGQ"
    assert w.which(ended_after=ts(t4 + MICROSECOND)) == ""
    assert w.which(ended_after=ts(t3), ended_before=ts(t3)) == "C"
    assert w.which(ended_after=ts(t0)) == "ABCFGQ"
    assert w.which(ended_before=ts(t4), created_after=ts(t1)) == "FGQ"
    assert w.which(created_before=ts(t0), terminated=True) == "BC"


def _expected(rows: dict[str, hi.HistoricCaseActivityInstance],
              key: Callable[[hi.HistoricCaseActivityInstance], Any], desc: bool) -> str:
    """Labels of ``rows`` sorted by ``key`` (None first ascending, last descending), ties by id
    ascending."""
    by_id = sorted(rows.items(), key=lambda item: item[1].id)
    present = sorted((item for item in by_id if key(item[1]) is not None), key=lambda item: key(item[1]),
                     reverse=desc)
    absent = [item for item in by_id if key(item[1]) is None]
    return "".join(label for label, _ in (present + absent if desc else absent + present))


def _time(field: str) -> Callable[[hi.HistoricCaseActivityInstance], Any]:
    return lambda r: (getattr(r, field).seconds, getattr(r, field).nanos) if r.HasField(field) else None


def _text(field: str) -> Callable[[hi.HistoricCaseActivityInstance], Any]:
    return lambda r: getattr(r, field) or None


SORTED_BY: dict[str, Callable[[hi.HistoricCaseActivityInstance], Any]] = {
    "caseActivityInstanceId": lambda r: r.id,
    "caseInstanceId": _text("case_instance_id"),
    "caseExecutionId": _text("case_execution_id"),
    "caseActivityId": _text("case_activity_id"),
    "caseActivityName": _text("case_activity_name"),
    "caseActivityType": _text("case_activity_type"),
    "createTime": _time("create_time"),
    "endTime": _time("end_time"),
    "duration": _time("duration"),
    "caseDefinitionId": _text("case_definition_id"),
    "tenantId": _text("tenant_id"),
}


def test_every_sort_key_both_ways(world: ActivityWorld) -> None:
    w = world
    for sort_by, key in SORTED_BY.items():
        for direction in ("asc", "desc"):
            assert w.order((sort_by, direction)) == _expected(w.rows, key, direction == "desc"), (sort_by, direction)


def test_sorting_by_the_world_s_values(world: ActivityWorld) -> None:
    """The orders the world's values give, written out (ties by id)."""
    w = world
    by_id = w.by_id
    by_creation = [by_id("ABC"), by_id("DEFG"), by_id("HIJKL"), by_id("MNO"), by_id("PQR")]
    assert w.order(("createTime", "asc")) == "".join(by_creation)
    assert w.order(("createTime", "desc")) == "".join(reversed(by_creation))
    # Rows that have not ended have no end time and no duration: first ascending, last descending.
    unended = by_id("DEHIJKLMNOPR")
    assert w.order(("endTime", "asc")) == unended + "A" + "C" + by_id("BFGQ")
    assert w.order(("endTime", "desc")) == by_id("BFGQ") + "C" + "A" + unended
    assert w.order(("duration", "asc")) == unended + "Q" + "A" + by_id("CFG") + "B"
    assert w.order(("duration", "desc")) == "B" + by_id("CFG") + "A" + "Q" + unended
    assert w.order(("caseActivityType", "asc")) == (
        "M" + by_id("ABDIJNR") + by_id("CGL") + by_id("PQ") + "H" + by_id("EFKO"))
    assert w.order(("caseActivityName", "asc")) == "OEHMABCNJLDIQRFGPK"
    assert w.order(("caseActivityId", "desc")) == "KPFRQIDLJNGCBEAMHO"
    assert w.order(("tenantId", "asc")) == by_id("ABCHIJKLPQR") + by_id("DEFG") + by_id("MNO")
    assert w.order(("tenantId", "desc")) == by_id("MNO") + by_id("DEFG") + by_id("ABCHIJKLPQR")
    # The first element is the primary ordering; the next ones order its ties.
    assert w.order(("caseActivityType", "desc"), ("createTime", "asc"), ("caseActivityName", "asc")) == (
        "EFKO" + "H" + "QP" + "CGL" + "ABDJINR" + "M")
    assert w.order(("endTime", "desc"), ("caseActivityId", "asc")) == "BGQF" + "C" + "A" + "OHMENJLDIRPK"
    assert w.order(("tenantId", "desc"), ("duration", "desc"), ("caseActivityName", "desc"),
                   finished=True) == "GF" + "B" + "C" + "A" + "Q"


def test_the_default_order_and_offset_paging(world: ActivityWorld) -> None:
    w = world
    default = w.found()
    # By creation time, then in document order (a stage's children after the stage, before the
    # next plan item of its own stage), then by id: c4's and c5's first plan items tie.
    assert "".join(w.label(r) for r in default) == "ABC" + "DEFG" + "HJKLI" + w.by_id("MO") + "N" + "PQR"
    ids = [r.id for r in default]

    def page(first_result: int, max_results: int, *pairs: tuple[str, str], **filters: Any) -> list[str]:
        return [r.id for r in w.engine.case_activities(page={"first_result": first_result, "max_results": max_results},
                                                       sorting=sorted_by(*pairs), **filters)]

    assert page(0, 0) == ids  # max_results 0: the server's page size
    assert page(0, 18) == ids
    assert page(5, 5) == ids[5:10]
    assert page(17, 5) == ids[17:]
    assert page(18, 5) == []
    assert page(100, 5) == []
    by_name = [r.id for r in w.found(sorting=sorted_by(("caseActivityName", "desc")))]
    for first in range(0, 19, 3):
        assert page(first, 3, ("caseActivityName", "desc")) == by_name[first:first + 3]
    unfinished = [r.id for r in w.found(unfinished=True)]
    assert page(2, 4, unfinished=True) == unfinished[2:6]
    # The count ignores paging: it is what every page together holds.
    assert w.engine.count_case_activities() == 18
    assert w.engine.count_case_activities(case_activity_type="humanTask", unfinished=True) == 5


def test_get_a_historic_case_activity_instance(world: ActivityWorld) -> None:
    w = world
    for label, row in w.rows.items():
        assert w.engine.case_activity(row.id) == row, label
    j, b = w.engine.case_activity(w.rows["J"].id), w.engine.case_activity(w.rows["B"].id)
    assert (case_activity_state(j), j.parent_case_activity_instance_id, j.HasField("end_time")) == (
        "ACTIVE", w.rows["H"].id, False)
    assert (case_activity_state(b), b.end_time, b.duration.ToTimedelta()) == ("TERMINATED", ts(w.times[4]), 4 * MINUTE)
    for missing in ("no-such-row", "", w.owners["c1"], w.owners["c5"], w.work["A"], w.work["P"]):
        failed = expect_error(lambda: w.engine.case_activity(missing), grpc.StatusCode.NOT_FOUND, NOT_FOUND)
        assert failed.info.metadata["id"] == missing


def test_a_tenant_token_finds_counts_and_gets_only_what_it_sees(world: ActivityWorld) -> None:
    w = world
    member = ActivityWorld(**{**w.__dict__,
                              "engine": CaseActivityHistory(w.server.api(w.server.token(tenants=(TENANT,))))})
    assert member.which() == "ABCDEFGHIJKLPQR"
    assert member.which(tenant_id_in=[OTHER]) == ""
    assert member.which(tenant_id_in=[TENANT, OTHER]) == "DEFG"
    assert member.which(case_instance_id=w.owners["c4"]) == ""
    assert member.which(case_activity_type="task") == "EFK"
    assert member.which(active=True) == "HJP"
    assert member.order(("tenantId", "desc")) == w.by_id("DEFG") + w.by_id("ABCHIJKLPQR")
    assert member.engine.case_activity(w.rows["D"].id) == w.rows["D"]
    assert member.engine.case_activity(w.rows["A"].id) == w.rows["A"]
    for hidden in "MNO":
        failed = expect_error(lambda: member.engine.case_activity(w.rows[hidden].id), grpc.StatusCode.NOT_FOUND,
                              NOT_FOUND)
        assert failed.info.metadata["id"] == w.rows[hidden].id

    nobody = ActivityWorld(**{**w.__dict__, "engine": CaseActivityHistory(w.server.api(w.server.token()))})
    assert nobody.which() == "ABCHIJKLPQR"
    assert nobody.which(case_activity_type="milestone") == "CL"
    assert nobody.which(tenant_id_in=[TENANT]) == ""
    assert nobody.which(case_instance_id=w.owners["c2"]) == ""
    for hidden in "DEFGMNO":
        expect_error(lambda: nobody.engine.case_activity(w.rows[hidden].id), grpc.StatusCode.NOT_FOUND, NOT_FOUND)
    assert nobody.engine.case_activity(w.rows["R"].id) == w.rows["R"]


TIMES = ("created_before", "created_after", "ended_before", "ended_after")


def test_refused_requests(world: ActivityWorld) -> None:
    engine = world.engine

    def query(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.case_activities(**filters)

    def count(**filters: Any) -> Callable[[], Any]:
        return lambda: engine.count_case_activities(**filters)

    refused: list[tuple[dict[str, Any], str]] = [
        ({"tenant_id_in": [TENANT], "without_tenant_id": True}, "without_tenant_id"),
        ({"finished": True, "unfinished": True}, "unfinished"),
        ({"finished": True, "unfinished": True, "completed": True}, "unfinished"),
    ]
    for field in TIMES:
        refused += [({field: timestamp_pb2.Timestamp(seconds=10**12)}, field),
                    ({field: timestamp_pb2.Timestamp(seconds=-10**12)}, field)]
    refused += [({"ended_after": timestamp_pb2.Timestamp(seconds=0, nanos=-1)}, "ended_after")]
    for call in (query, count):
        for filters, field in refused:
            failed = expect_error(call(**filters), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
            assert failed.fields == [field], filters
    for page, field in (({"first_result": -1}, "first_result"), ({"max_results": -1}, "max_results")):
        failed = expect_error(query(page=page), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == [field]
    for sorting, field in (
        (sorted_by(("startTime", "asc")), "sorting[0].sort_by"),  # the task history's, not this one's
        (sorted_by(("taskId", "asc")), "sorting[0].sort_by"),
        (sorted_by(("caseActivityInstanceID", "asc")), "sorting[0].sort_by"),
        (sorted_by(("required", "asc")), "sorting[0].sort_by"),
        (sorted_by(("createTime", "asc"), ("state", "desc")), "sorting[1].sort_by"),
        (sorted_by(("createTime", "up")), "sorting[0].sort_order"),
        ([ex.Sorting(sort_order="asc")], "sorting[0].sort_by"),
        ([ex.Sorting(sort_by="createTime", sort_order="asc"), ex.Sorting(sort_by="duration")],
         "sorting[1].sort_order"),
    ):
        failed = expect_error(query(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
        assert failed.fields == [field], sorting
    # Nothing refused changed anything.
    assert engine.count_case_activities() == 18


def test_every_call_needs_a_token(world: ActivityWorld) -> None:
    anonymous = CaseActivityHistory(world.server.api(None))
    for call in (anonymous.case_activities, anonymous.count_case_activities,
                 lambda: anonymous.case_activity(world.rows["A"].id)):
        expect_error(call, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
