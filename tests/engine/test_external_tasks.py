"""External tasks: a worker fetches and locks, completes, and the instance moves on; variables,
priorities, locks held by one worker only, lock expiry, extend, unlock, suspension, queries."""

from __future__ import annotations

from datetime import datetime, timedelta

import grpc
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.history_support import OperationLog
from tests.engine.resources.modeler import render
from tests.engine.support import plain, typed
from tests.engine.work_support import Work, deploy_one_task, key, one_task, seconds, with_boundary
from tests.support import expect_error, unique


@pytest.fixture
def work(api) -> Work:  # type: ignore[no-untyped-def]
    return Work(api)


def test_a_worker_fetches_completes_and_the_instance_moves_on(work: Work) -> None:
    definition, topic = deploy_one_task(work)
    instance = work.start_id(definition, {"amount": 42, "customer": ("ACME", "String")}, business_key="order-7")
    assert work.activities(instance) == ["Work"]

    [locked] = work.fetch("worker-1", work.topic(topic, lock=30))
    task = locked.external_task
    assert (task.topic_name, task.worker_id, task.activity_id, task.process_instance_id) == (
        topic, "worker-1", "Work", instance)
    assert task.business_key == "order-7" and task.locked and not task.HasField("retries")
    assert task.process_definition_id == definition and task.execution_id == instance
    assert plain(locked.variables) == {"amount": (42, "Integer"), "customer": ("ACME", "String")}
    got = work.external_task(task.id)
    assert got.worker_id == "worker-1" and got.locked
    assert got.lock_expiration_time.ToDatetime() == task.lock_expiration_time.ToDatetime()

    work.complete_external(task.id, "worker-1", {"charged": True, "amount": 40}, {"receipt": "r-1"})
    assert work.activities(instance) == ["After"]
    assert work.variables(instance) == {
        "amount": (40, "Integer"), "customer": ("ACME", "String"), "charged": (True, "Boolean"),
        "receipt": ("r-1", "String"),  # the task's execution is the instance here
    }
    expect_error(lambda: work.external_task(task.id), grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_NOT_FOUND")
    assert work.fetch("worker-1", work.topic(topic)) == []


def test_fetch_returns_the_named_variables_or_the_local_ones(work: Work) -> None:
    topic = unique("topic")
    process_key = key("scoped")
    definition = work.deploy_inline(process_key, with_boundary(process_key, topic))
    instance = work.start_id(definition, {"a": 1, "b": "two", "c": 3.5})
    assert plain(work.fetch("w", work.topic(topic, variables=["a", "c", "missing"]))[0].variables) == {
        "a": (1, "Integer"), "c": (3.5, "Double")}
    [task] = work.external_tasks(process_instance_id=instance)
    assert task.execution_id != instance  # the activity's own scope (it has a boundary event)
    work.external.UnlockExternalTask(et.UnlockExternalTaskRequest(id=task.id))
    [local] = work.fetch("w", work.topic(topic, local_variables=True))
    assert plain(local.variables) == {}

    # Local variables of the completion stay on the activity's scope, which ends with it.
    work.complete_external(task.id, "w", {"b": "three"}, {"scratch": 1})
    assert work.variables(instance) == {"a": (1, "Integer"), "b": ("three", "String"), "c": (3.5, "Double")}


def test_priority_orders_the_fetch_when_asked_and_age_otherwise(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    definition, topic = deploy_one_task(work, priority="${prio}")
    started = []
    for prio in (5, 50, 20):
        started.append(work.start_id(definition, {"prio": prio}))
        server.clock.advance(timedelta(seconds=1))
    by_priority = work.fetch("w", work.topic(topic), max_tasks=3, use_priority=True)
    assert [t.external_task.priority for t in by_priority] == [50, 20, 5]
    assert [t.external_task.process_instance_id for t in by_priority] == [started[1], started[2], started[0]]
    for t in by_priority:
        work.external.UnlockExternalTask(et.UnlockExternalTaskRequest(id=t.external_task.id))
    by_age = work.fetch("w", work.topic(topic), max_tasks=3)
    assert [t.external_task.process_instance_id for t in by_age] == started
    for t in by_age:
        work.external.UnlockExternalTask(et.UnlockExternalTaskRequest(id=t.external_task.id))

    # SetExternalTaskPriority moves the oldest to the front.
    oldest = by_age[0].external_task.id
    raised = work.external.SetExternalTaskPriority(et.SetExternalTaskPriorityRequest(id=oldest, priority=2**63 - 1))
    assert raised.external_task.priority == 2**63 - 1
    [first] = work.fetch("w", work.topic(topic), max_tasks=1, use_priority=True)
    assert first.external_task.id == oldest
    assert OperationLog(work.api).of(external_task_id=oldest, operation_type="SetPriority") == [
        ("SetPriority", "ExternalTask", "priority", "5", str(2**63 - 1))]
    failure = expect_error(lambda: work.external.SetExternalTaskPriority(et.SetExternalTaskPriorityRequest()),
                           grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert set(failure.fields) == {"id", "priority"}
    expect_error(lambda: work.external.SetExternalTaskPriority(et.SetExternalTaskPriorityRequest(id="nope", priority=1)),
                 grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_NOT_FOUND")


def test_max_tasks_limits_a_fetch_and_a_locked_task_goes_to_no_other_worker(work: Work) -> None:
    definition, topic = deploy_one_task(work)
    started = {work.start_id(definition) for _ in range(5)}
    first = work.fetch("a", work.topic(topic), max_tasks=3)
    second = work.fetch("b", work.topic(topic), max_tasks=10)
    assert len(first) == 3 and len(second) == 2
    assert {t.external_task.process_instance_id for t in first + second} == started
    assert work.fetch("c", work.topic(topic), max_tasks=10) == []
    assert {t.worker_id for t in work.external_tasks(topic_name=topic, worker_id="b")} == {"b"}
    assert len(work.external_tasks(topic_name=topic, worker_id="a")) == 3


def test_topic_filters_business_key_definition_and_tenant(work: Work) -> None:
    definition, topic = deploy_one_task(work)
    process_key = definition.split(":")[0]
    mine = work.start_id(definition, business_key="bk-1")
    other = work.start_id(definition, business_key="bk-2")
    assert [t.external_task.process_instance_id for t in work.fetch("w", work.topic(topic, business_key="bk-1"))] \
        == [mine]
    assert work.fetch("w", work.topic(topic, process_definition_key="nope")) == []
    assert work.fetch("w", work.topic(topic, tenant_id_in=["t-x"])) == []
    assert [t.external_task.process_instance_id
            for t in work.fetch("w", work.topic(topic, process_definition_key_in=[process_key], without_tenant_id=True,
                                                process_definition_id=definition))] == [other]


def test_topic_filter_by_process_variables_and_the_first_matching_entry_sets_the_lock(work: Work) -> None:
    definition, topic = deploy_one_task(work)
    gold = work.start_id(definition, {"tier": "gold", "region": "eu"})
    silver = work.start_id(definition, {"tier": "silver", "region": "eu"})
    work.start_id(definition, {"tier": 1})  # same name, another type: no match for "gold" nor "silver"
    by_vars = {"tier": typed("gold"), "region": typed("eu")}
    assert [t.external_task.process_instance_id
            for t in work.fetch("w", work.topic(topic, process_variables=by_vars))] == [gold]
    assert work.fetch("w", work.topic(topic, process_variables={"tier": typed("gold")})) == []  # locked now
    assert work.fetch("w", work.topic(topic, process_variables={"tier": typed("bronze")})) == []
    # two entries of one topic: a task takes the lock of the first entry it matches
    [locked] = work.fetch("w", work.topic(topic, lock=10, process_variables={"tier": typed("gold")}),
                          work.topic(topic, lock=600, process_variables={"tier": typed("silver")}))
    assert locked.external_task.process_instance_id == silver
    # the second entry's lock (600 s), not the first's (10 s)
    assert locked.external_task.lock_expiration_time.ToDatetime() > datetime.utcnow() + timedelta(seconds=300)
    failure = expect_error(lambda: work.fetch("w", work.topic(topic, process_variables={"n": typed("x", "Integer")})),
                           grpc.StatusCode.INVALID_ARGUMENT)
    assert failure.fields == ["topics[0].process_variables[n].value"]


def test_only_the_worker_holding_the_lock_may_report(work: Work) -> None:
    definition, topic = deploy_one_task(work)
    work.start_id(definition)
    [locked] = work.fetch("owner", work.topic(topic))
    task_id = locked.external_task.id
    calls = {
        "complete": lambda: work.complete_external(task_id, "intruder"),
        "failure": lambda: work.fail(task_id, "intruder", retries=1),
        "bpmn error": lambda: work.external.HandleExternalTaskBpmnError(
            et.HandleExternalTaskBpmnErrorRequest(id=task_id, worker_id="intruder", error_code="X")),
        "extend": lambda: work.external.ExtendExternalTaskLock(
            et.ExtendExternalTaskLockRequest(id=task_id, worker_id="intruder", new_duration=seconds(60))),
    }
    for name, call in calls.items():
        failure = expect_error(call, grpc.StatusCode.FAILED_PRECONDITION, "EXTERNAL_TASK_LOCKED_BY_OTHER_WORKER")
        assert failure.info is not None and failure.info.metadata["lock_owner"] == "owner", name
        assert failure.info.metadata["worker_id"] == "intruder"
        [violation] = failure.precondition.violations
        assert violation.subject == task_id and "'owner'" in violation.description
    assert work.external_task(task_id).worker_id == "owner"
    expect_error(lambda: work.complete_external(task_id, ""), grpc.StatusCode.INVALID_ARGUMENT,
                 "MISSING_REQUIRED_FIELD")
    work.complete_external(task_id, "owner")


def test_an_expired_lock_makes_the_task_fetchable_and_the_old_worker_loses_it(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    definition, topic = deploy_one_task(work)
    instance = work.start_id(definition)
    [first] = work.fetch("slow", work.topic(topic, lock=30))
    server.clock.advance(timedelta(seconds=29))
    assert work.fetch("fast", work.topic(topic)) == []
    server.clock.advance(timedelta(seconds=1))
    assert not work.external_task(first.external_task.id).locked
    assert work.external_tasks(topic_name=topic, not_locked=True)[0].id == first.external_task.id
    [second] = work.fetch("fast", work.topic(topic, lock=30))
    assert second.external_task.id == first.external_task.id and second.external_task.worker_id == "fast"
    expect_error(lambda: work.complete_external(first.external_task.id, "slow"),
                 grpc.StatusCode.FAILED_PRECONDITION, "EXTERNAL_TASK_LOCKED_BY_OTHER_WORKER")

    server.clock.advance(timedelta(seconds=31))
    failure = expect_error(lambda: work.complete_external(first.external_task.id, "fast"),
                           grpc.StatusCode.FAILED_PRECONDITION, "EXTERNAL_TASK_NOT_LOCKED")
    assert "expired" in failure.message
    [third] = work.fetch("fast", work.topic(topic))
    work.complete_external(third.external_task.id, "fast")
    assert work.activities(instance) == ["After"]


def test_extend_lock_keeps_the_task_and_unlock_releases_it(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    definition, topic = deploy_one_task(work)
    work.start_id(definition)
    [locked] = work.fetch("w1", work.topic(topic, lock=30))
    task_id = locked.external_task.id
    server.clock.advance(timedelta(seconds=20))
    extended = work.external.ExtendExternalTaskLock(
        et.ExtendExternalTaskLockRequest(id=task_id, worker_id="w1", new_duration=seconds(60))).external_task
    assert extended.lock_expiration_time.ToDatetime() == (server.clock.now() + timedelta(seconds=60)).replace(tzinfo=None)
    server.clock.advance(timedelta(seconds=40))
    assert work.fetch("w2", work.topic(topic)) == []
    for bad, reason in ((seconds(0), "INVALID_FIELD"), (None, "MISSING_REQUIRED_FIELD")):
        request = et.ExtendExternalTaskLockRequest(id=task_id, worker_id="w1")
        if bad is not None:
            request.new_duration.CopyFrom(bad)
        expect_error(lambda: work.external.ExtendExternalTaskLock(request), grpc.StatusCode.INVALID_ARGUMENT, reason)

    unlocked = work.external.UnlockExternalTask(et.UnlockExternalTaskRequest(id=task_id)).external_task
    assert unlocked.worker_id == "" and not unlocked.HasField("lock_expiration_time") and not unlocked.locked
    expect_error(lambda: work.complete_external(task_id, "w1"), grpc.StatusCode.FAILED_PRECONDITION,
                 "EXTERNAL_TASK_NOT_LOCKED")
    [again] = work.fetch("w2", work.topic(topic))
    assert again.external_task.id == task_id and again.external_task.worker_id == "w2"


def test_tasks_of_a_suspended_instance_are_not_fetched_nor_completed(work: Work) -> None:
    definition, topic = deploy_one_task(work)
    started = {work.start_id(definition), work.start_id(definition)}
    [locked] = work.fetch("w", work.topic(topic), max_tasks=1)
    held = locked.external_task.process_instance_id
    [waiting] = started - {held}
    for instance in (held, waiting):
        work.instances.SuspendProcessInstance(process_instance_pb2.SuspendProcessInstanceRequest(id=instance))
    assert work.fetch("w", work.topic(topic)) == []
    assert work.external_task(locked.external_task.id).suspended
    assert {t.process_instance_id for t in work.external_tasks(topic_name=topic, suspended=True)} == {held, waiting}
    expect_error(lambda: work.complete_external(locked.external_task.id, "w"),
                 grpc.StatusCode.FAILED_PRECONDITION, "SUSPENDED")
    for instance in (held, waiting):
        work.instances.ActivateProcessInstance(process_instance_pb2.ActivateProcessInstanceRequest(id=instance))
    [other] = work.fetch("w", work.topic(topic))
    assert other.external_task.process_instance_id == waiting
    work.complete_external(locked.external_task.id, "w")
    assert work.activities(held) == ["After"]


def test_invalid_fetch_requests_name_every_fault(work: Work) -> None:
    topic = et.FetchTopic(topic_name="", lock_duration=seconds(-1))
    failure = expect_error(
        lambda: work.external.FetchAndLock(et.FetchAndLockRequest(worker_id="", max_tasks=0, topics=[topic])),
        grpc.StatusCode.INVALID_ARGUMENT)
    assert set(failure.fields) == {"worker_id", "max_tasks", "topics[0].topic_name", "topics[0].lock_duration"}
    expect_error(lambda: work.external.FetchAndLock(et.FetchAndLockRequest(worker_id="w", max_tasks=1)),
                 grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    no_lock = et.FetchTopic(topic_name="t")
    failure = expect_error(
        lambda: work.external.FetchAndLock(et.FetchAndLockRequest(worker_id="w", max_tasks=1, topics=[no_lock])),
        grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failure.fields == ["topics[0].lock_duration"]
    negative = et.FetchAndLockRequest(worker_id="w", max_tasks=1, topics=[work.topic("t")],
                                      async_response_timeout=seconds(-1))
    expect_error(lambda: work.external.FetchAndLock(negative), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")


def test_query_filters_and_unknown_ids(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    definition, topic = deploy_one_task(work)
    started = {work.start_id(definition) for _ in range(3)}
    [locked_a] = work.fetch("qa", work.topic(topic, lock=10), max_tasks=1)
    [locked_b] = work.fetch("qb", work.topic(topic, lock=10), max_tasks=1)
    work.fail(locked_b.external_task.id, "qb", retries=0, message="dead")
    a, b = locked_a.external_task.process_instance_id, locked_b.external_task.process_instance_id
    [c] = started - {a, b}

    def ids(**filters: object) -> set[str]:
        return {t.process_instance_id for t in work.external_tasks(topic_name=topic, **filters)}

    assert ids() == {a, b, c}
    assert ids(locked=True) == {a} and ids(not_locked=True) == {b, c}
    assert ids(no_retries_left=True) == {b} and ids(with_retries_left=True) == {a, c}
    assert ids(worker_id="qa") == {a} and ids(process_instance_id=c) == {c}
    assert ids(activity_id="Work", process_definition_id=definition) == {a, b, c}
    assert ids(execution_id=a, process_definition_key=definition.split(":")[0]) == {a}
    assert ids(external_task_id=locked_b.external_task.id, active=True) == {b}
    assert len(work.external.QueryExternalTasks(et.QueryExternalTasksRequest(
        topic_name=topic, page={"first_result": 1, "max_results": 1})).external_tasks) == 1
    assert ids(tenant_id_in=["nobody"]) == set()
    for pair in (("locked", "not_locked"), ("with_retries_left", "no_retries_left"), ("active", "suspended")):
        expect_error(lambda: work.external_tasks(**dict.fromkeys(pair, True)), grpc.StatusCode.INVALID_ARGUMENT,
                     "INVALID_FIELD")
    server.clock.advance(timedelta(seconds=10))
    assert ids(locked=True) == set()

    unknown = "no-such-task"
    expect_error(lambda: work.external_task(unknown), grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_NOT_FOUND")
    expect_error(lambda: work.complete_external(unknown, "w"), grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_NOT_FOUND")
    expect_error(lambda: work.external.UnlockExternalTask(et.UnlockExternalTaskRequest(id=unknown)),
                 grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_NOT_FOUND")


def test_a_token_sees_only_tasks_of_its_tenants(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    topic = unique("topic")
    process_key = key("tenant_task")
    tenant = unique("tenant")
    deployment = work.deploy(contents={f"{process_key}.bpmn": render(one_task(process_key, topic)).encode()},
                             tenant=tenant)
    instance = work.start_id(work.definition_id(deployment, process_key))
    outsider = Work(server.api(server.token(tenants=("someone-else",))))
    assert outsider.fetch("w", outsider.topic(topic)) == []
    [task] = work.external_tasks(process_instance_id=instance)
    assert task.tenant_id == tenant
    expect_error(lambda: outsider.external_task(task.id), grpc.StatusCode.NOT_FOUND, "EXTERNAL_TASK_NOT_FOUND")
    insider = Work(server.api(server.token(tenants=(tenant,))))
    [locked] = insider.fetch("w", insider.topic(topic, tenant_id_in=[tenant]))
    assert locked.external_task.id == task.id


def gated(process_key: str, topic: str) -> str:
    """After the task, a gateway whose condition needs the variable ``x``."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="Gate" />
  <bpmn:exclusiveGateway id="Gate" />
  <bpmn:sequenceFlow id="f3" sourceRef="Gate" targetRef="End">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{x &gt; 1}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def test_a_completion_that_cannot_move_on_changes_nothing(work: Work) -> None:
    topic = unique("topic")
    process_key = key("gated")
    definition = work.deploy_inline(process_key, gated(process_key, topic))
    instance = work.start_id(definition)
    [locked] = work.fetch("w", work.topic(topic))
    task_id = locked.external_task.id
    failure = expect_error(lambda: work.complete_external(task_id, "w", {"y": 1}),
                           grpc.StatusCode.FAILED_PRECONDITION, "EXPRESSION_EVALUATION_FAILED")
    assert "x" in failure.message
    bad = et.CompleteExternalTaskRequest(id=task_id, worker_id="w", variables={"x": typed("ten", "Integer")})
    expect_error(lambda: work.external.CompleteExternalTask(bad), grpc.StatusCode.INVALID_ARGUMENT,
                 "INVALID_VARIABLE_VALUE")
    assert work.external_task(task_id).worker_id == "w" and work.variables(instance) == {}
    work.complete_external(task_id, "w", {"x": 5})
    assert work.ended(instance)
    expect_error(lambda: work.external.QueryExternalTasks(et.QueryExternalTasksRequest(
        page={"first_result": -1})), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")


def _last_step(process_key: str, topic: str) -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}" />
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def test_a_completion_that_ends_its_instance_reads_each_row_it_needs_once(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    """Reads, not timings. The session holds rows weakly: the instance's root, locked first, was
    collected and read twice more on the way to the end; and a parsed spec needs no definition
    row."""
    topic = unique("topic")
    process_key = key("last_step")
    definition = work.deploy_inline(process_key, _last_step(process_key, topic))
    instance = work.start_id(definition)
    [locked] = work.fetch("w", work.topic(topic))
    task_id = locked.external_task.id
    reads: list[str] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        text = " ".join(statement.split())
        if text.startswith("SELECT") and any(subject in str(parameters) for subject in (instance, task_id, definition)):
            reads.append(text[text.index(" FROM "):])

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        work.complete_external(task_id, "w")
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    assert work.ended(instance)

    def count(prefix: str) -> int:
        return sum(read.startswith(prefix) for read in reads)

    assert count(" FROM executions WHERE executions.id =") == 1, reads  # the instance's lock
    assert count(" FROM process_definitions") == 0, reads
    # On PostgreSQL the task is read, then locked once the instance is: the other call may
    # have changed it meanwhile. On SQLite writers take turns, and one read is enough.
    assert count(" FROM external_tasks WHERE external_tasks.id =") == (1 if server.backend == "sqlite" else 2), reads
