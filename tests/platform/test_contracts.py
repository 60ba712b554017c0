"""The contract toolchain: committed stubs match the protos, buf lint is clean, every count
request mirrors its query request, and every or-query mirrors its count request."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from google.protobuf import descriptor

ROOT = Path(__file__).resolve().parents[2]


def test_generated_code_matches_protos() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "server.tools.generate", "--check", "protos", "generated"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr


def test_buf_lint_is_clean() -> None:
    buf = shutil.which("buf", path=str(Path(sys.executable).parent)) or shutil.which("buf")
    assert buf, "buf (PyPI buf-bin) must be installed by `make test`"
    result = subprocess.run([buf, "lint"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _signature(message: Any, leave_out: set[str]) -> set[tuple[Any, ...]]:
    """Each field of the message type as (name, number, type, repeated, presence, message, enum)."""
    return {(f.name, f.number, f.type, f.is_repeated, f.has_presence,
             f.message_type.full_name if f.message_type else "", f.enum_type.full_name if f.enum_type else "")
            for f in message.fields if f.name not in leave_out}


def _query_count_pairs() -> list[tuple[Any, Any]]:
    """Every (QueryX, CountX) method pair of one service, across the generated modules."""
    pairs = []
    for package in ("flowkeeper.engine.v1", "flowkeeper.ops.v1"):
        for module in pkgutil.iter_modules(importlib.import_module(package).__path__):
            if not module.name.endswith("_pb2"):
                continue
            for service in importlib.import_module(f"{package}.{module.name}").DESCRIPTOR.services_by_name.values():
                for method in service.methods:
                    query = service.methods_by_name.get("Query" + method.name.removeprefix("Count"))
                    if method.name.startswith("Count") and query is not None:
                        pairs.append((query, method))
    return pairs


def test_every_count_request_mirrors_its_query_request() -> None:
    """A CountX request has QueryX's filters, field for field (same names, numbers and types), and
    reserves what shapes the query's answer — paging, sorting, the item counts QueryFilters
    adds to its filters, the inputs and outputs QueryHistoricDecisionInstances adds to its rows
    —; its response is an int64 count."""
    pairs = _query_count_pairs()
    assert len(pairs) >= 14
    for query, count in pairs:
        paging = {"page", "sorting", "first_result", "max_results", "item_count", "include_inputs", "include_outputs"}
        assert _signature(count.input_type, set()) == _signature(query.input_type, paging), count.full_name
        numbers = {f.number for f in query.input_type.fields if f.name in paging}
        assert not numbers & {f.number for f in count.input_type.fields}, count.full_name
        [answer] = count.output_type.fields
        assert (answer.name, answer.type) == ("count", descriptor.FieldDescriptor.TYPE_INT64), count.full_name


def test_every_or_query_mirrors_its_count_request() -> None:
    """An or-query message has its count request's filters, field for field, less or_queries
    (or-queries do not nest) and the filters it cannot give (reserved)."""
    from flowkeeper.engine.v1 import history_pb2, process_instance_pb2, task_pb2

    candidates = {"with_candidate_groups", "without_candidate_groups", "with_candidate_users",
                  "without_candidate_users"}
    for alternative, count, left_out in (
        (task_pb2.TaskOrQuery, task_pb2.CountTasksRequest, candidates),
        (history_pb2.HistoricTaskOrQuery, history_pb2.CountHistoricTaskInstancesRequest, set()),
        (process_instance_pb2.ProcessInstanceOrQuery, process_instance_pb2.CountProcessInstancesRequest, set()),
    ):
        counted = {f.name: f for f in count.DESCRIPTOR.fields}
        assert counted["or_queries"].message_type is alternative.DESCRIPTOR
        left_out = left_out | {"or_queries"}
        assert _signature(alternative.DESCRIPTOR, set()) == _signature(count.DESCRIPTOR, left_out), alternative
        numbers = {f.number for f in count.DESCRIPTOR.fields if f.name in left_out}
        assert not numbers & {f.number for f in alternative.DESCRIPTOR.fields}, alternative
