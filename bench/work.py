"""Workers' scenarios (8 workers each): the full lifecycle of a one-task process (start → fetch
→ complete → ended) per second, and FetchAndLock and CompleteExternalTask on their own."""

from __future__ import annotations

import time
from typing import Any

from google.protobuf import duration_pb2

from bench.scenarios import ClientState, Scenario, Seed, SeedContext, Stubs, register
from flowkeeper.engine.v1 import (
    external_task_pb2,
    external_task_pb2_grpc,
    process_definition_pb2,
    process_definition_pb2_grpc,
)

WORKERS = 8
WAITING = 1_000
WAITING_QUICK = 50

_PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_work" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="{key}" name="Charge card" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Charge" />
    <bpmn:serviceTask id="Charge" name="Charge card" camunda:type="external" camunda:topic="{key}" />
    <bpmn:sequenceFlow id="f2" sourceRef="Charge" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>
"""


def _deploy(ctx: SeedContext, key: str) -> dict[str, Any]:
    return {"definition": ctx.deploy(f"bench-{key}", f"{key}.bpmn", _PROCESS.format(key=key)), "topic": key}


def _start_request(definition: str, business_key: str = "") -> process_definition_pb2.StartProcessInstanceRequest:
    return process_definition_pb2.StartProcessInstanceRequest(
        definition=process_definition_pb2.DefinitionRef(id=definition), business_key=business_key)


def _fetch_request(worker: str, topic: str, lock: duration_pb2.Duration,
                   business_key: str = "") -> external_task_pb2.FetchAndLockRequest:
    return external_task_pb2.FetchAndLockRequest(
        worker_id=worker, max_tasks=1,
        topics=[external_task_pb2.FetchTopic(topic_name=topic, lock_duration=lock, business_key=business_key)])


_LOCK = duration_pb2.Duration(seconds=60)
_BLINK = duration_pb2.Duration(nanos=1_000_000)  # 1 ms: the task is fetchable again at once


def _seed_lifecycle(ctx: SeedContext) -> dict[str, Any]:
    return _deploy(ctx, "bench_lifecycle")


def _seed_complete(ctx: SeedContext) -> dict[str, Any]:
    return _deploy(ctx, "bench_complete")


def _seed_waiting(ctx: SeedContext) -> dict[str, Any]:
    data = _deploy(ctx, "bench_fetch")

    def start(stubs: Stubs, _n: int) -> None:
        stubs.of(process_definition_pb2_grpc.ProcessDefinitionServiceStub).StartProcessInstance(
            _start_request(data["definition"]), metadata=stubs.metadata)

    ctx.parallel(start, range(WAITING_QUICK if ctx.quick else WAITING))
    return data


async def _start_and_fetch(stubs: Stubs, state: ClientState) -> tuple[str, str]:
    """Starts an instance and fetches its task: the worker asks for its own instance's business
    key, so eight workers never race for the same task and no fetch comes back empty."""
    worker = f"worker-{state.run}-{state.client}"
    business_key = state.unique("order")
    await stubs.of(process_definition_pb2_grpc.ProcessDefinitionServiceStub).StartProcessInstance(
        _start_request(state.data["definition"], business_key), metadata=stubs.metadata)
    fetched = await stubs.of(external_task_pb2_grpc.ExternalTaskServiceStub).FetchAndLock(
        _fetch_request(worker, state.data["topic"], _LOCK, business_key), metadata=stubs.metadata)
    return worker, fetched.external_tasks[0].external_task.id


async def _lifecycle(stubs: Stubs, state: ClientState) -> None:
    worker, task_id = await _start_and_fetch(stubs, state)
    await stubs.of(external_task_pb2_grpc.ExternalTaskServiceStub).CompleteExternalTask(
        external_task_pb2.CompleteExternalTaskRequest(id=task_id, worker_id=worker), metadata=stubs.metadata)


async def _complete(stubs: Stubs, state: ClientState) -> float:
    worker, task_id = await _start_and_fetch(stubs, state)
    began = time.monotonic()
    await stubs.of(external_task_pb2_grpc.ExternalTaskServiceStub).CompleteExternalTask(
        external_task_pb2.CompleteExternalTaskRequest(id=task_id, worker_id=worker), metadata=stubs.metadata)
    return time.monotonic() - began


async def _fetch(stubs: Stubs, state: ClientState) -> None:
    await stubs.of(external_task_pb2_grpc.ExternalTaskServiceStub).FetchAndLock(
        _fetch_request(f"worker-{state.run}-{state.client}", state.data["topic"], _BLINK), metadata=stubs.metadata)


register(Scenario("worker_lifecycle", _lifecycle, seed=Seed("work_lifecycle", _seed_lifecycle), clients=WORKERS,
                  description="a one-task process's whole life per call, 8 workers: StartProcessInstance, "
                  "FetchAndLock, CompleteExternalTask (the instance ends); calls/s = instances run to the end"))
register(Scenario("fetch_and_lock", _fetch, seed=Seed("work_waiting", _seed_waiting), clients=WORKERS,
                  description=f"ExternalTaskService.FetchAndLock of 1 task among {WAITING:,} waiting "
                  f"({WAITING_QUICK} with --quick), locked for 1 ms so the pool never drains, 8 workers"))
register(Scenario("complete_external_task", _complete, seed=Seed("work_complete", _seed_complete), clients=WORKERS,
                  description="ExternalTaskService.CompleteExternalTask, 8 workers; each call first starts an "
                  "instance and fetches a task, latency is the complete alone (calls/s counts the three RPCs)"))
