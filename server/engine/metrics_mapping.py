"""Engine metrics to and from flowkeeper.engine.v1 messages (server.engine.metrics)."""

from __future__ import annotations

from flowkeeper.engine.v1 import metrics_pb2 as pb
from flowkeeper.engine.v1 import types_pb2
from server.engine import executions, metrics
from server.errors import invalid_field
from server.rpc.timestamps import datetime_of, timedelta_of

# The earliest instant a Timestamp holds (0001-01-01T00:00:00Z): an interval that would begin
# before it (a huge interval over rows before 1970) is shown as beginning there.
_MIN_SECONDS = -62_135_596_800


def sum_query(request: pb.QueryMetricSumRequest) -> metrics.SumQuery:
    return metrics.sum_query(request.name, datetime_of(request, "start_date"), datetime_of(request, "end_date"))


def _interval_seconds(request: pb.QueryMetricIntervalsRequest) -> int:
    if timedelta_of(request, "interval") is None:
        return metrics.DEFAULT_INTERVAL_SECONDS
    if request.interval.seconds <= 0 or request.interval.nanos:
        raise invalid_field("interval", f"must be a positive whole number of seconds (got {request.interval.seconds}s "
                            f"and {request.interval.nanos}ns)")
    return request.interval.seconds


def interval_query(request: pb.QueryMetricIntervalsRequest, max_page: int) -> metrics.IntervalQuery:
    """QueryMetricIntervals' request, validated; pages of at most ``max_page`` rows (and never
    more than the document's engine's 200)."""
    page: types_pb2.OffsetPage = request.page
    offset, limit = executions.offset_page(page.first_result, page.max_results, min(max_page, metrics.MAX_INTERVALS))
    return metrics.interval_query(request.name, request.reporter, datetime_of(request, "start_date"),
                                  datetime_of(request, "end_date"), _interval_seconds(request), offset, limit)


def interval_value(row: metrics.IntervalValue) -> pb.MetricIntervalValue:
    value = pb.MetricIntervalValue(name=row.name, value=row.value)
    value.timestamp.seconds = max(row.bucket, _MIN_SECONDS)
    return value
