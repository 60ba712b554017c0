"""QueryTasks: sorting (created, priority, due, follow_up, name, id; ascending or descending; id
breaks ties; a missing date or name counts as the largest on both databases), the date and
priority filters, and their errors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import grpc
import pytest
from google.protobuf import field_mask_pb2, timestamp_pb2

from flowkeeper.engine.v1 import task_pb2
from flowkeeper.engine.v1.types_pb2 import OffsetPage
from tests.engine.scenario import Scenario
from tests.support import expect_error, unique

S = task_pb2.TaskSorting
ASC, DESC = S.SORT_ORDER_ASC, S.SORT_ORDER_DESC


def at(day: int) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(datetime(2031, 1, day, 12, tzinfo=timezone.utc))
    return stamp


@dataclass
class Four:
    """Four tasks of one business key, created in this order:

    ======  ========  ======  =========  =======
    task    priority  due     follow_up  name
    ======  ========  ======  =========  =======
    t1      10        day 2   -          Bravo
    t2      50        -       day 1      Alpha
    t3      50        day 1   day 2      -
    t4      0         day 3   -          Charlie
    ======  ========  ======  =========  =======
    """

    engine: Scenario
    key: str
    t1: str
    t2: str
    t3: str
    t4: str

    def query(self, *sorting: tuple[int, int], **filters) -> list[str]:  # type: ignore[no-untyped-def]
        request = task_pb2.QueryTasksRequest(
            business_key=self.key, sorting=[S(sort_by=by, sort_order=order) for by, order in sorting], **filters)
        return [t.id for t in self.engine.tasks.QueryTasks(request).tasks]

    def by_id(self, *ids: str) -> list[str]:
        return sorted(ids)


@pytest.fixture
def four(api, server) -> Four:  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("user_tasks.bpmn")
    key = unique("bk")
    ids = []
    for priority, due, follow_up, name in ((10, 2, None, "Bravo"), (50, None, 1, "Alpha"), (50, 1, 2, ""),
                                           (0, 3, None, "Charlie")):
        instance = engine.run(definition, {"approver": "", "dueDate": "2030-01-01T00:00:00.000+0000"},
                              business_key=key)
        [task] = engine.tasks_of(instance)
        engine.tasks.UpdateTask(task_pb2.UpdateTaskRequest(
            task=task_pb2.Task(id=task.id, priority=priority, name=name, due=at(due) if due else None,
                               follow_up=at(follow_up) if follow_up else None),
            update_mask=field_mask_pb2.FieldMask(paths=["priority", "name", "due", "follow_up"])))
        ids.append(task.id)
        server.clock.advance(timedelta(seconds=1))
    return Four(engine, key, *ids)


def test_default_and_created_order(four: Four) -> None:
    f = four
    assert f.query() == [f.t1, f.t2, f.t3, f.t4]
    assert f.query((S.SORT_BY_CREATED, ASC)) == [f.t1, f.t2, f.t3, f.t4]
    assert f.query((S.SORT_BY_CREATED, DESC)) == [f.t4, f.t3, f.t2, f.t1]
    # Unspecified: created, ascending.
    assert f.query((S.SORT_BY_UNSPECIFIED, S.SORT_ORDER_UNSPECIFIED)) == [f.t1, f.t2, f.t3, f.t4]
    assert f.query((S.SORT_BY_UNSPECIFIED, DESC)) == [f.t4, f.t3, f.t2, f.t1]


def test_priority_with_id_breaking_ties(four: Four) -> None:
    f = four
    assert f.query((S.SORT_BY_PRIORITY, ASC)) == [f.t4, f.t1, *f.by_id(f.t2, f.t3)]
    assert f.query((S.SORT_BY_PRIORITY, DESC)) == [*f.by_id(f.t2, f.t3), f.t1, f.t4]
    # A second key orders the ties instead.
    assert f.query((S.SORT_BY_PRIORITY, DESC), (S.SORT_BY_CREATED, DESC)) == [f.t3, f.t2, f.t1, f.t4]


def test_missing_dates_and_names_count_as_the_largest(four: Four) -> None:
    f = four
    assert f.query((S.SORT_BY_DUE, ASC)) == [f.t3, f.t1, f.t4, f.t2]
    assert f.query((S.SORT_BY_DUE, DESC)) == [f.t2, f.t4, f.t1, f.t3]
    assert f.query((S.SORT_BY_FOLLOW_UP, ASC)) == [f.t2, f.t3, *f.by_id(f.t1, f.t4)]
    assert f.query((S.SORT_BY_FOLLOW_UP, DESC)) == [*f.by_id(f.t1, f.t4), f.t3, f.t2]
    assert f.query((S.SORT_BY_NAME, ASC)) == [f.t2, f.t1, f.t4, f.t3]
    assert f.query((S.SORT_BY_NAME, DESC)) == [f.t3, f.t4, f.t1, f.t2]


def test_id_order(four: Four) -> None:
    f = four
    assert f.query((S.SORT_BY_ID, ASC)) == f.by_id(f.t1, f.t2, f.t3, f.t4)
    assert f.query((S.SORT_BY_ID, DESC)) == f.by_id(f.t1, f.t2, f.t3, f.t4)[::-1]
    assert f.query((S.SORT_BY_ID, DESC), (S.SORT_BY_PRIORITY, ASC)) == f.by_id(f.t1, f.t2, f.t3, f.t4)[::-1]


def test_pages_of_one_add_up_to_the_whole(four: Four) -> None:
    f = four
    for sorting in ((S.SORT_BY_PRIORITY, ASC), (S.SORT_BY_FOLLOW_UP, DESC), (S.SORT_BY_DUE, ASC)):
        pages = [f.query(sorting, page=OffsetPage(first_result=i, max_results=1)) for i in range(5)]
        assert sum(pages, []) == f.query(sorting) and pages[4] == []


def test_date_filters_are_strict_and_skip_tasks_without_a_date(four: Four) -> None:
    f = four
    assert f.query(due_before=at(2)) == [f.t3]
    assert f.query(due_after=at(2)) == [f.t4]
    assert f.query(due_after=at(1), due_before=at(3)) == [f.t1]
    assert f.query(due_before=at(31)) == [f.t1, f.t3, f.t4]
    assert f.query(follow_up_before=at(2)) == [f.t2]
    assert f.query(follow_up_after=at(1)) == [f.t3]
    assert f.query(follow_up_after=at(2)) == []
    assert f.query(follow_up_before=at(31), due_after=at(1)) == []


def test_priority_bounds_include_zero(four: Four) -> None:
    f = four
    assert f.query(min_priority=0) == [f.t1, f.t2, f.t3, f.t4]
    assert f.query(max_priority=0) == [f.t4]
    assert f.query(min_priority=10) == [f.t1, f.t2, f.t3]
    assert f.query(min_priority=50, max_priority=50) == [f.t2, f.t3]
    assert f.query(min_priority=51, max_priority=50) == []
    assert f.query((S.SORT_BY_PRIORITY, DESC), min_priority=-5, max_priority=10) == [f.t1, f.t4]


def test_errors(four: Four) -> None:
    f = four
    failed = expect_error(lambda: f.query((99, ASC)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ENUM_VALUE")
    assert failed.fields == ["sorting[0].sort_by"]
    failed = expect_error(lambda: f.query((S.SORT_BY_DUE, ASC), (S.SORT_BY_NAME, -1)),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ENUM_VALUE")
    assert failed.fields == ["sorting[1].sort_order"]
    assert "SORT_ORDER_DESC" in failed.info.metadata["allowed_values"]
    for name in ("due_before", "due_after", "follow_up_before", "follow_up_after"):
        failed = expect_error(lambda: f.query(**{name: timestamp_pb2.Timestamp(seconds=10**15)}),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == [name]
    failed = expect_error(lambda: f.query(page=OffsetPage(max_results=-1)), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_FIELD")
    assert failed.fields == ["max_results"]
