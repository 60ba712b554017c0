"""External tasks as the document's engine lists and hands them out: FetchAndLock's createTime
sorting, definition and version tag filters and extension properties; QueryExternalTasks'
further filters and sorting, CountExternalTasks and GetTopicNames."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import external_task_pb2 as et
from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.resources.modeler import render
from tests.engine.work_support import Work, deploy_one_task, key, one_task
from tests.support import expect_error, unique


@pytest.fixture
def work(api) -> Work:  # type: ignore[no-untyped-def]
    return Work(api)


def _instances(locked: list[et.LockedExternalTask]) -> list[str]:
    return [t.external_task.process_instance_id for t in locked]


def _unlock(work: Work, locked: list[et.LockedExternalTask]) -> None:
    for t in locked:
        work.external.UnlockExternalTask(et.UnlockExternalTaskRequest(id=t.external_task.id))


def _stamp(at) -> timestamp_pb2.Timestamp:  # type: ignore[no-untyped-def]
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(at)
    return stamp


def test_fetch_sorts_by_create_time_within_priority(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    definition, topic = deploy_one_task(work, priority="${prio}")
    started = []
    for prio in (5, 5, 50, 50):
        started.append(work.start_id(definition, {"prio": prio}))
        server.clock.advance(timedelta(seconds=1))
    newest_first = work.fetch("w", work.topic(topic), sorting=[("createTime", "desc")])
    assert _instances(newest_first) == started[::-1]
    _unlock(work, newest_first)
    oldest_first = work.fetch("w", work.topic(topic), sorting=[("createTime", "asc")])
    assert _instances(oldest_first) == started
    _unlock(work, oldest_first)
    # Priority first, then the sorting among equal priorities.
    by_priority = work.fetch("w", work.topic(topic), use_priority=True, sorting=[("createTime", "desc")])
    assert _instances(by_priority) == [started[3], started[2], started[1], started[0]]
    _unlock(work, by_priority)
    two = work.fetch("w", work.topic(topic), max_tasks=2, sorting=[("createTime", "desc")])
    assert _instances(two) == [started[3], started[2]]


def test_fetch_refuses_a_sorting_it_does_not_offer(work: Work) -> None:
    for sorting, field_name in (
        ([("priority", "desc")], "sorting[0].sort_by"),
        ([("createTime", "down")], "sorting[0].sort_order"),
        ([("", "asc")], "sorting[0].sort_by"),
        ([("createTime", "asc"), ("createTime", "")], "sorting[1].sort_order"),
    ):
        failure = expect_error(lambda: work.fetch("w", work.topic("t"), sorting=sorting),
                               grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
        assert failure.fields == [field_name]
    # A stream refuses it as the fetch does, before it sends anything.
    stream = work.external.StreamTasks(et.StreamTasksRequest(
        worker_id="w", max_tasks=1, topics=[work.topic("t")], sorting=[{"sort_by": "id", "sort_order": "asc"}]))
    expect_error(lambda: next(iter(stream)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")


def test_fetch_filters_by_definition_ids_and_version_tag(work: Work) -> None:
    topic = unique("topic")
    process_key = key("tagged")
    plain_body = one_task(process_key, topic)
    tagged_body = plain_body.replace('isExecutable="true"', 'isExecutable="true" camunda:versionTag="2.0"')
    v1 = work.deploy_inline(process_key, plain_body)
    v2 = work.deploy_inline(process_key, tagged_body)
    assert v1 != v2
    old, new = work.start_id(v1), work.start_id(v2)
    assert work.fetch("w", work.topic(topic, process_definition_version_tag="1.0")) == []
    [tagged] = work.fetch("w", work.topic(topic, process_definition_version_tag="2.0"))
    assert tagged.external_task.process_instance_id == new
    assert tagged.external_task.process_definition_version_tag == "2.0"
    assert {t.process_instance_id: t.process_definition_version_tag
            for t in work.external_tasks(topic_name=topic)} == {old: "", new: "2.0"}
    assert work.fetch("w", work.topic(topic, process_definition_id_in=["nope", v2])) == []  # locked already
    [by_id] = work.fetch("w", work.topic(topic, process_definition_id_in=[v1, "nope"]))
    assert by_id.external_task.process_instance_id == old


def test_the_first_entry_matching_a_task_by_version_tag_sets_its_lock(work: Work) -> None:
    topic = unique("topic")
    process_key = key("tag_lock")
    body = one_task(process_key, topic).replace('isExecutable="true"', 'isExecutable="true" camunda:versionTag="v7"')
    instance = work.start_id(work.deploy_inline(process_key, body))
    short = work.topic(topic, lock=10, process_definition_version_tag="other")
    long = work.topic(topic, lock=600, process_definition_version_tag="v7")
    [locked] = work.fetch("w", short, long)
    task = locked.external_task
    assert task.process_instance_id == instance
    # The server's clock stands still in tests: the lock runs from the task's create time.
    assert task.lock_expiration_time.seconds - task.create_time.seconds == 600


def _with_properties(process_key: str, topic: str) -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:serviceTask id="Work" camunda:type="external" camunda:topic="{topic}">
    <bpmn:extensionElements>
      <camunda:properties>
        <camunda:property name="queue" value="eu-1" />
        <camunda:property name="retries" value="3" />
        <camunda:property name="queue" value="eu-2" />
        <camunda:property value="no name" />
        <camunda:property name="empty" />
      </camunda:properties>
    </bpmn:extensionElements>
  </bpmn:serviceTask>
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="Notify" />
  <bpmn:endEvent id="Notify">
    <bpmn:extensionElements>
      <camunda:properties>
        <camunda:property name="channel" value="mail" />
      </camunda:properties>
    </bpmn:extensionElements>
    <bpmn:messageEventDefinition id="m1" camunda:type="external" camunda:topic="{topic}-notify" />
  </bpmn:endEvent>
</bpmn:process>
"""


def test_fetch_returns_extension_properties_when_asked(work: Work) -> None:
    topic = unique("topic")
    process_key = key("props")
    definition = work.deploy_inline(process_key, _with_properties(process_key, topic))
    work.start_id(definition)
    work.start_id(definition)
    [without] = work.fetch("w", work.topic(topic), max_tasks=1)
    assert dict(without.extension_properties) == {}
    [with_them] = work.fetch("w", work.topic(topic, include_extension_properties=True), max_tasks=1)
    # A later property of the same name wins; one without a name is left out.
    assert dict(with_them.extension_properties) == {"queue": "eu-2", "retries": "3", "empty": ""}
    # A message end event handed to a worker carries its own.
    work.complete_external(with_them.external_task.id, "w")
    [notify] = work.fetch("w", work.topic(f"{topic}-notify", include_extension_properties=True))
    assert notify.external_task.activity_id == "Notify"
    assert dict(notify.extension_properties) == {"channel": "mail"}


def test_an_external_task_names_its_activity_instance(work: Work) -> None:
    definition, topic = deploy_one_task(work)
    instance = work.start_id(definition)
    [task] = work.external_tasks(process_instance_id=instance)
    tree = work.instances.GetActivityInstanceTree(
        process_instance_pb2.GetActivityInstanceTreeRequest(process_instance_id=instance)).root
    [child] = tree.child_activity_instances
    assert child.activity_id == "Work" and task.activity_instance_id == child.id
    [locked] = work.fetch("w", work.topic(topic))
    assert locked.external_task.activity_instance_id == child.id


def test_query_filters_sorting_and_count(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    definition, topic = deploy_one_task(work, priority="${prio}")
    started = []
    for prio in (10, 30, 20):
        started.append(work.start_id(definition, {"prio": prio}))
        server.clock.advance(timedelta(seconds=1))
    [low, high, mid] = started
    now = server.clock.now()
    [locked_high] = work.fetch("w", work.topic(topic, lock=100), use_priority=True, max_tasks=1)
    [locked_mid] = work.fetch("w", work.topic(topic, lock=50), use_priority=True, max_tasks=1)
    assert (locked_high.external_task.process_instance_id, locked_mid.external_task.process_instance_id) == (high, mid)
    tasks = {t.process_instance_id: t for t in work.external_tasks(topic_name=topic)}

    def ids(**filters: object) -> list[str]:
        return [t.process_instance_id for t in work.external_tasks(topic_name=topic, **filters)]

    def count(**filters: object) -> int:
        return work.external.CountExternalTasks(et.CountExternalTasksRequest(topic_name=topic, **filters)).count

    assert ids() == started and count() == 3  # oldest first without sorting
    assert ids(external_task_id_in=[tasks[low].id, tasks[mid].id, "nope"]) == [low, mid]
    assert ids(process_instance_id_in=[high, "nope"]) == [high] and count(process_instance_id_in=[high]) == 1
    assert ids(activity_id_in=["Work", "Other"]) == started and ids(activity_id_in=["Other"]) == []
    assert ids(priority_higher_than_or_equals=20) == [high, mid] and count(priority_higher_than_or_equals=20) == 2
    assert ids(priority_lower_than_or_equals=20) == [low, mid]
    assert ids(priority_higher_than_or_equals=15, priority_lower_than_or_equals=25) == [mid]
    assert ids(lock_expiration_after=_stamp(now + timedelta(seconds=70))) == [high]
    assert ids(lock_expiration_before=_stamp(now + timedelta(seconds=70))) == [mid]  # unlocked ones have none
    assert count(lock_expiration_before=_stamp(now + timedelta(seconds=200))) == 2
    assert ids(without_tenant_id=True) == started and count(without_tenant_id=True) == 3

    def sorted_ids(*sorting: tuple[str, str]) -> list[str]:
        return ids(sorting=[{"sort_by": by, "sort_order": order} for by, order in sorting])

    assert sorted_ids(("taskPriority", "desc")) == [high, mid, low]
    assert sorted_ids(("taskPriority", "asc")) == [low, mid, high]
    assert sorted_ids(("createTime", "desc")) == [mid, high, low]
    assert sorted_ids(("lockExpirationTime", "desc")) == [high, mid, low]  # no lock: last when descending
    assert sorted_ids(("lockExpirationTime", "asc")) == [low, mid, high]  # and first when ascending
    assert sorted_ids(("id", "asc")) == sorted(started, key=lambda i: tasks[i].id)
    assert sorted_ids(("processInstanceId", "desc")) == sorted(started, reverse=True)
    for name in ("processDefinitionId", "processDefinitionKey", "tenantId"):  # all equal: then oldest first
        assert sorted_ids((name, "asc")) == started
    paged = work.external.QueryExternalTasks(et.QueryExternalTasksRequest(
        topic_name=topic, sorting=[{"sort_by": "taskPriority", "sort_order": "desc"}],
        page={"first_result": 1, "max_results": 1})).external_tasks
    assert [t.process_instance_id for t in paged] == [mid]


def test_query_refuses_bad_sorting_and_contradicting_filters(work: Work) -> None:
    for sorting, field_name in (
        ([{"sort_by": "priority", "sort_order": "asc"}], "sorting[0].sort_by"),
        ([{"sort_by": "createTime"}], "sorting[0].sort_order"),
        ([{"sort_order": "asc"}], "sorting[0].sort_by"),
    ):
        failure = expect_error(lambda: work.external_tasks(sorting=sorting), grpc.StatusCode.INVALID_ARGUMENT,
                               "INVALID_SORTING")
        assert failure.fields == [field_name]
    for call in (lambda: work.external_tasks(tenant_id_in=["t"], without_tenant_id=True),
                 lambda: work.external.CountExternalTasks(et.CountExternalTasksRequest(
                     tenant_id_in=["t"], without_tenant_id=True))):
        failure = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failure.fields == ["without_tenant_id"]
    failure = expect_error(lambda: work.external.CountExternalTasks(et.CountExternalTasksRequest(
        locked=True, not_locked=True)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failure.fields == ["not_locked"]
    out_of_range = timestamp_pb2.Timestamp(seconds=-62135596801)
    failure = expect_error(lambda: work.external_tasks(lock_expiration_before=out_of_range),
                           grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failure.fields == ["lock_expiration_before"]


def test_topic_names_of_the_tasks_the_caller_sees(work: Work, server) -> None:  # type: ignore[no-untyped-def]
    prefix = unique("names")
    tenant = unique("tenant")
    topics = {name: f"{prefix}-{name}" for name in ("a-locked", "b-free", "c-failed")}
    for name, topic in topics.items():
        process_key = key(name.replace("-", "_"))
        deployment = work.deploy(contents={f"{process_key}.bpmn": render(one_task(process_key, topic)).encode()},
                                 tenant=tenant)
        work.start_id(work.definition_id(deployment, process_key))
    work.fetch("w", work.topic(topics["a-locked"]))
    [failing] = work.fetch("w", work.topic(topics["c-failed"]))
    work.fail(failing.external_task.id, "w", retries=0)
    # An instance of another tenant, on a topic of its own.
    hidden_topic = f"{prefix}-d-hidden"
    process_key = key("hidden")
    hidden = work.deploy(contents={f"{process_key}.bpmn": render(one_task(process_key, hidden_topic)).encode()},
                         tenant=unique("tenant"))
    work.start_id(work.definition_id(hidden, process_key))

    def names(api: Work, **flags: bool) -> list[str]:
        answer = api.external.GetTopicNames(et.GetTopicNamesRequest(**flags)).topic_names
        return [n for n in answer if n.startswith(prefix)]

    assert names(work) == sorted([*topics.values(), hidden_topic])
    assert names(work, with_locked_tasks=True) == [topics["a-locked"]]
    assert names(work, with_unlocked_tasks=True) == sorted([topics["b-free"], topics["c-failed"], hidden_topic])
    assert names(work, with_retries_left=True) == sorted([topics["a-locked"], topics["b-free"], hidden_topic])
    assert names(work, with_unlocked_tasks=True, with_retries_left=True) == sorted([topics["b-free"], hidden_topic])
    insider = Work(server.api(server.token(tenants=(tenant,))))
    assert names(insider) == sorted(topics.values())
    failure = expect_error(lambda: work.external.GetTopicNames(et.GetTopicNamesRequest(
        with_locked_tasks=True, with_unlocked_tasks=True)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failure.fields == ["with_unlocked_tasks"]
