"""QueryExecutions and CountExecutions: the plain filters, tenants, sorting on each key both ways
and on several keys, offset paging capped at the configured page size, active versus suspended."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import grpc
import pytest

from flowkeeper.engine.v1 import execution_pb2, task_pb2
from flowkeeper.engine.v1.execution_pb2 import Sorting, VariableQueryParameter
from tests.engine.scenario import Scenario, name
from tests.engine.support import value
from tests.support import expect_error, unique


@dataclass
class World:
    engine: Scenario
    batch: list[VariableQueryParameter]
    message: str
    tenant_a: str
    tenant_b: str
    catch_plain: str
    catch_a: str
    join_b: str
    join_plain: str
    rows: list[execution_pb2.Execution]

    def ids(self, **filters: Any) -> set[str]:
        return self.engine.ids(process_variables=self.batch, **filters)

    def ordered(self, **filters: Any) -> list[str]:
        return self.engine.ordered(process_variables=self.batch, **filters)

    def of(self, *instances: str) -> set[str]:
        return {r.id for r in self.rows if r.process_instance_id in instances}


@pytest.fixture(scope="module")
def world(server):  # type: ignore[no-untyped-def]
    engine = Scenario(server.api())
    batch_id = unique("batch")
    message = name("paid")
    tenant_a, tenant_b = f"a-{unique('tenant')}", f"b-{unique('tenant')}"
    catch = engine.deploy_one("message_catch.bpmn", PaymentReceived=message)
    catch_a = engine.deploy_one("message_catch.bpmn", tenant=tenant_a, PaymentReceived=message)
    join_b = engine.deploy_one("parallel_join.bpmn", tenant=tenant_b)
    join = engine.deploy_one("parallel_join.bpmn")
    variables = {"batch": batch_id}
    instances = [engine.run(catch, variables, business_key=f"{batch_id}-1"), engine.run(catch_a, variables),
                 engine.run(join_b, variables, business_key=f"{batch_id}-3"), engine.run(join, variables)]
    batch = [VariableQueryParameter(name="batch", operator="eq", value=value(batch_id))]
    rows = [e for i in instances for e in engine.tree(i)]
    return World(engine, batch, message, tenant_a, tenant_b, *instances, rows)


def test_the_batch_is_what_the_world_started(world: World) -> None:
    w = world
    assert len(w.rows) == 8
    assert w.ids() == {r.id for r in w.rows}
    assert w.engine.count(process_variables=w.batch) == 8


def test_plain_filters(world: World) -> None:
    w = world
    assert w.engine.ids(business_key=f"{batch_value(w)}-1") == {w.catch_plain}
    assert w.ids(business_key=f"{batch_value(w)}-3") == w.of(w.join_b)
    assert w.ids(process_definition_key="message_catch") == {w.catch_plain, w.catch_a}
    assert w.ids(process_definition_key="parallel_join") == w.of(w.join_b, w.join_plain)
    definition = next(r.process_definition_id for r in w.rows if r.id == w.join_b)
    assert w.ids(process_definition_id=definition) == w.of(w.join_b)
    assert w.ids(process_instance_id=w.join_plain) == w.of(w.join_plain)
    assert w.ids(activity_id="PickItems") == {r.id for r in w.rows if r.activity_id == "PickItems"}
    assert len(w.ids(activity_id="PickItems")) == 2
    assert w.ids(message_event_subscription_name=w.message) == {w.catch_plain, w.catch_a}
    assert w.ids(signal_event_subscription_name=w.message) == set()
    # The incident filters match nothing while no incident exists.
    assert w.ids(incident_type="failedJob") == set()
    # Filters combine with AND.
    assert w.ids(process_definition_key="parallel_join", activity_id="PrintLabel",
                 tenant_id_in=[w.tenant_b]) == {r.id for r in w.rows if r.process_instance_id == w.join_b
                                                and r.activity_id == "PrintLabel"}


def batch_value(w: World) -> str:
    return w.batch[0].value.string_value


def test_tenant_id_in(world: World) -> None:
    w = world
    assert w.ids(tenant_id_in=[w.tenant_a]) == {w.catch_a}
    assert w.ids(tenant_id_in=[w.tenant_a, w.tenant_b]) == {w.catch_a} | w.of(w.join_b)
    assert w.ids(tenant_id_in=[unique("nobody")]) == set()
    assert {r.tenant_id for r in w.rows if r.process_instance_id == w.join_b} == {w.tenant_b}


def _sorted(rows: list[execution_pb2.Execution], *keys: tuple[Callable[[execution_pb2.Execution], Any], bool]) -> list[str]:
    """Stable sorts from the last key to the first, ties by id; None sorts lowest."""
    out = sorted(rows, key=lambda r: r.id)
    for key, descending in reversed(keys):
        out = sorted(out, key=key, reverse=descending)
    return [r.id for r in out]


def _tenant(row: execution_pb2.Execution) -> tuple[bool, str]:
    return (row.tenant_id != "", row.tenant_id)


KEYS = {
    "instanceId": lambda r: r.process_instance_id,
    "definitionKey": lambda r: r.process_definition_key,
    "definitionId": lambda r: r.process_definition_id,
    "tenantId": _tenant,
}


@pytest.mark.parametrize("sort_by", sorted(KEYS))
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_sorting_on_each_key_both_ways(world: World, sort_by: str, order: str) -> None:
    w = world
    expected = _sorted(w.rows, (KEYS[sort_by], order == "desc"))
    assert w.ordered(sorting=[Sorting(sort_by=sort_by, sort_order=order)]) == expected
    assert len(set(map(KEYS[sort_by], w.rows))) > 1


def test_sorting_on_several_keys(world: World) -> None:
    w = world
    sorting = [Sorting(sort_by="definitionKey", sort_order="asc"), Sorting(sort_by="instanceId", sort_order="desc")]
    assert w.ordered(sorting=sorting) == _sorted(w.rows, (KEYS["definitionKey"], False), (KEYS["instanceId"], True))
    sorting = [Sorting(sort_by="tenantId", sort_order="desc"), Sorting(sort_by="definitionId", sort_order="asc")]
    assert w.ordered(sorting=sorting) == _sorted(w.rows, (_tenant, True), (KEYS["definitionId"], False))


def test_default_order_is_by_id(world: World) -> None:
    w = world
    assert w.ordered() == sorted(r.id for r in w.rows)


def test_paging(world: World) -> None:
    w = world
    everything = sorted(r.id for r in w.rows)
    assert w.ordered(first_result=2, max_results=3) == everything[2:5]
    assert w.ordered(first_result=6) == everything[6:]
    assert w.ordered(first_result=8) == []
    assert w.ordered(max_results=1) == everything[:1]
    sorting = [Sorting(sort_by="instanceId", sort_order="desc")]
    by_instance = _sorted(w.rows, (KEYS["instanceId"], True))
    assert w.ordered(sorting=sorting, first_result=3, max_results=4) == by_instance[3:7]
    # Counting ignores paging.
    assert w.engine.count(process_variables=w.batch) == 8


def test_page_size_is_capped_at_the_configured_maximum(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    small = fresh_server(server.backend, max_page_size=2)
    engine = Scenario(small.api())
    instance = engine.run(engine.deploy_one("parallel_join.bpmn"))
    first = engine.ordered(process_instance_id=instance)
    assert len(first) == 2
    assert engine.ordered(process_instance_id=instance, max_results=50) == first
    rest = engine.ordered(process_instance_id=instance, first_result=2, max_results=50)
    assert len(rest) == 1 and first + rest == sorted(first + rest)
    assert engine.ordered(process_instance_id=instance, first_result=1, max_results=1) == first[1:]
    assert engine.count(process_instance_id=instance) == 3


def test_active_versus_suspended(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("parallel_join.bpmn")
    running, paused = engine.run(definition), engine.run(definition)
    running_ids, paused_ids = {e.id for e in engine.tree(running)}, {e.id for e in engine.tree(paused)}
    suspended = engine.suspend(paused)
    assert suspended.suspended and suspended.state == suspended.STATE_SUSPENDED
    assert engine.ids(process_definition_id=definition) == running_ids | paused_ids
    assert engine.ids(process_definition_id=definition, active=True) == running_ids
    assert engine.ids(process_definition_id=definition, suspended=True) == paused_ids
    assert engine.count(process_definition_id=definition, suspended=True) == 3
    assert all(engine.execution(i).suspended for i in paused_ids)

    # A suspended instance's tasks can be neither claimed nor completed, its executions not moved.
    task = engine.task_at(paused, "PickItems")
    assert task.suspended
    expect_error(lambda: engine.complete(task.id), grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    expect_error(lambda: engine.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id="ann")),
                 grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    expect_error(lambda: engine.signal_execution(engine.at_activity(paused, "PrintLabel")),
                 grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")

    engine.activate(paused)
    assert engine.ids(process_definition_id=definition, suspended=True) == set()
    assert engine.ids(process_definition_id=definition, active=True) == running_ids | paused_ids
    engine.complete(task.id)
    assert engine.ids(process_instance_id=paused, activity_id="Join") == {task.execution_id}
