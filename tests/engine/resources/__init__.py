"""BPMN files saved the way Camunda Modeler saves them, for parser and scenario tests.

``bpmn("timers.bpmn")`` returns a file's bytes. Each fixture's process key is its file name
without ``.bpmn`` (``two_processes.bpmn`` holds ``two_processes_orders`` and ``two_processes_billing``;
``collaboration_lanes.bpmn`` also holds a non-executable ``customer_not_executable``).
``modeler.render`` writes new ones from their semantic part."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).parent


def bpmn(name: str) -> bytes:
    return (RESOURCES / name).read_bytes()
