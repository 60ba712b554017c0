"""Helpers for the tests that run two server processes (replicas) on one PostgreSQL database:
real time passes there, so checks wait with a generous deadline; a page that holds every row; the
user tasks an instance waits in."""

from __future__ import annotations

from flowkeeper.engine.v1 import task_pb2, types_pb2
from tests.engine.failure_support import Failures

DEADLINE = 30.0
EVERYTHING = types_pb2.OffsetPage(max_results=200)


def task_keys(engine: Failures, instance: str) -> list[str]:
    return sorted(t.task_definition_key for t in engine.tasks.QueryTasks(task_pb2.QueryTasksRequest(
        process_instance_id=instance, page=EVERYTHING)).tasks)
