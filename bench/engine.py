"""The process engine's scenarios: StartProcessInstance to the first wait state, and
QueryExecutions with one variable filter over 10,000 and over 1,000,000 stored executions.

10,000 instances are started through the server's RPCs. A million would take the better part of
an hour that way, so that seed writes the rows a start of the same process leaves behind
(process instance, root execution at the user task, one process variable) straight into the
server's database with bulk inserts of the engine's own tables."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import insert

from bench.scenarios import ClientState, Scenario, Seed, SeedContext, Stubs, register
from flowkeeper.engine.v1 import (
    execution_pb2,
    execution_pb2_grpc,
    process_definition_pb2,
    process_definition_pb2_grpc,
    types_pb2,
)
from google.protobuf import struct_pb2

SMALL = 10_000
LARGE = 1_000_000
QUICK = 200

_PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_bench"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="{key}" name="Review order" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
    <bpmn:userTask id="Review" name="Review order" camunda:candidateGroups="sales" />
    <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>
"""


def _deploy(ctx: SeedContext, key: str) -> str:
    return ctx.deploy(f"bench-{key}", f"{key}.bpmn", _PROCESS.format(key=key))


def _number(n: int) -> types_pb2.TypedValue:
    return types_pb2.TypedValue(value=struct_pb2.Value(number_value=n), type="Integer")


def _start_request(definition_id: str, variable: str, n: int) -> process_definition_pb2.StartProcessInstanceRequest:
    return process_definition_pb2.StartProcessInstanceRequest(
        definition=process_definition_pb2.DefinitionRef(id=definition_id),
        variables={variable: _number(n)},
        business_key=f"order-{n}",
    )


def _seed_definition(ctx: SeedContext) -> dict[str, Any]:
    return {"definition": _deploy(ctx, "bench_start")}


def _seed_small(ctx: SeedContext) -> dict[str, Any]:
    definition = _deploy(ctx, "bench_query_small")
    count = QUICK if ctx.quick else SMALL

    def start(stubs: Stubs, n: int) -> None:
        stubs.of(process_definition_pb2_grpc.ProcessDefinitionServiceStub).StartProcessInstance(
            _start_request(definition, "orderSmall", n), metadata=stubs.metadata)

    ctx.parallel(start, range(count))
    return {"variable": "orderSmall", "count": count}


def _seed_large(ctx: SeedContext) -> dict[str, Any]:
    """Bulk-writes what starting the process ``count`` times would leave behind."""
    from server.db import Database
    from server.engine.models import Execution, ProcessDefinition, ProcessInstance, Task, Variable

    definition_id = _deploy(ctx, "bench_query_large")
    count = 2 * QUICK if ctx.quick else LARGE
    db = Database(ctx.database_url)
    now = datetime.now(timezone.utc)
    batch = 20_000
    try:
        key = db.run(lambda tx: tx.get(ProcessDefinition, definition_id).key, write=False)  # type: ignore[union-attr]
        for first in range(0, count, batch):
            numbers = range(first, min(first + batch, count))
            ids = [str(uuid.uuid4()) for _ in numbers]

            def write(tx: Any, numbers: range = numbers, ids: list[str] = ids) -> None:
                tx.execute(insert(ProcessInstance), [
                    {"id": i, "process_definition_id": definition_id, "process_definition_key": key,
                     "business_key": f"order-{n}", "tenant_id": None, "state": "ACTIVE", "start_time": now}
                    for i, n in zip(ids, numbers)])
                tx.execute(insert(Execution), [
                    {"id": i, "process_instance_id": i, "parent_id": None, "process_definition_id": definition_id,
                     "process_definition_key": key, "business_key": f"order-{n}", "tenant_id": None,
                     "activity_id": "Review", "scope_activity_id": None, "is_scope": True, "is_concurrent": False,
                     "is_active": True, "suspended": False, "super_execution_id": None, "start_time": now}
                    for i, n in zip(ids, numbers)])
                tx.execute(insert(Variable), [
                    {"id": str(uuid.uuid4()), "name": "orderLarge", "type": "integer", "scope_id": i,
                     "process_instance_id": i, "long_value": n}
                    for i, n in zip(ids, numbers)])
                tx.execute(insert(Task), [
                    {"id": str(uuid.uuid4()), "name": "Review order", "task_definition_key": "Review",
                     "priority": 50, "execution_id": i, "process_instance_id": i,
                     "process_definition_id": definition_id, "suspended": False, "created": now}
                    for i in ids])

            db.run(write, write=True)
        # What autovacuum (PostgreSQL) would do soon after a bulk load: fresh planner statistics.
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
    finally:
        db.dispose()
    return {"variable": "orderLarge", "count": count}


async def _start(stubs: Stubs, state: ClientState) -> None:
    n = next(state.counter)
    await stubs.of(process_definition_pb2_grpc.ProcessDefinitionServiceStub).StartProcessInstance(
        _start_request(state.data["definition"], "orderNo", n), metadata=stubs.metadata)


async def _query(stubs: Stubs, state: ClientState) -> None:
    wanted = state.rng.randrange(state.data["count"])
    request = execution_pb2.QueryExecutionsRequest(
        variables=[execution_pb2.VariableQueryParameter(
            name=state.data["variable"], operator="eq", value=struct_pb2.Value(number_value=wanted))],
        max_results=10,
    )
    found = await stubs.of(execution_pb2_grpc.ExecutionServiceStub).QueryExecutions(request, metadata=stubs.metadata)
    if len(found.executions) != 1:
        raise AssertionError(f"expected one execution with {state.data['variable']} = {wanted}, "
                             f"got {len(found.executions)}")


register(Scenario("start_process_instance", _start, seed=Seed("engine_definition", _seed_definition),
                  description="ProcessDefinitionService.StartProcessInstance of a start → user task process, "
                  "to its first wait state, with one variable and a business key"))
register(Scenario("query_executions_10k", _query, seed=Seed("executions_10k", _seed_small),
                  description=f"ExecutionService.QueryExecutions, one variable filter (eq), over {SMALL:,} "
                  f"executions started through the RPC ({QUICK} with --quick)"))
register(Scenario("query_executions_1m", _query, seed=Seed("executions_1m", _seed_large),
                  description=f"the same query over {LARGE:,} more executions, bulk-loaded as a start leaves "
                  f"them ({2 * QUICK} with --quick); measured after the 10k one"))
