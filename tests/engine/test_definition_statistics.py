"""Runtime statistics: ListProcessDefinitionStatistics (running instances, failed jobs and open
incidents per definition) and GetActivityStatistics (the same per activity), with the options
of the document's engine: failed jobs, all incidents, root incidents, one incident type."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from flowkeeper.engine.v1 import process_definition_pb2 as pd
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.failure_support import Failures
from tests.engine.job_support import failing_gateway, failing_timer_start
from tests.engine.resources.modeler import render
from tests.engine.work_support import calling, eventually, key, spread
from tests.support import expect_error, unique

Options = pd.StatisticsOptions
EVERYTHING = Options(failed_jobs=True, incidents=Options.INCIDENTS_ALL)


@pytest.fixture
def work(api) -> Failures:  # type: ignore[no-untyped-def]
    return Failures(api)


def activity_stats(work: Failures, ref: pd.DefinitionRef, options: Options | None = None,
                   ) -> dict[str, tuple[int, int, dict[str, int]]]:
    """{activity: (instances, failed jobs, {incident type: count})}."""
    response = work.definitions.GetActivityStatistics(pd.GetActivityStatisticsRequest(
        definition=ref, options=options or Options()))
    assert [a.activity_id for a in response.activities] == sorted(a.activity_id for a in response.activities)
    return {a.activity_id: (a.instances, a.failed_jobs, {i.incident_type: i.count for i in a.incidents})
            for a in response.activities}


def definition_stats(work: Failures, options: Options | None = None, **filters: object,
                     ) -> dict[str, tuple[int, int, dict[str, int]]]:
    """{definition id: (instances, failed jobs, {incident type: count})}, every page."""
    out: dict[str, tuple[int, int, dict[str, int]]] = {}
    token = ""
    while True:
        response = work.definitions.ListProcessDefinitionStatistics(pd.ListProcessDefinitionStatisticsRequest(
            options=options or Options(), page_token=token, **filters))  # type: ignore[arg-type]
        for s in response.statistics:
            out[s.process_definition.id] = (s.instances, s.failed_jobs, {i.incident_type: i.count for i in s.incidents})
        token = response.next_page_token
        if not token:
            return out


def by_id(definition_id: str) -> pd.DefinitionRef:
    return pd.DefinitionRef(id=definition_id)


def test_activity_instances_are_counted_where_each_path_is(work: Failures) -> None:
    process_key, topic = key("spread"), unique("topic")
    definition = work.deploy_inline(process_key, spread(process_key, topic))
    first, second = work.start_id(definition), work.start_id(definition)
    # The boundary event's scope counts once at Work; the subprocess counts itself and each path
    # inside it; the path that went straight to Join waits there.
    assert activity_stats(work, by_id(definition)) == {
        "Work": (2, 0, {}), "Sub": (2, 0, {}), "Legal": (2, 0, {}), "Finance": (2, 0, {}), "Join": (2, 0, {})}
    assert definition_stats(work, key=process_key) == {definition: (2, 0, {})}

    for task in work.tasks_of(first):
        work.complete(task.id)  # Legal and Finance join, and the subprocess ends: at Join too
    assert activity_stats(work, by_id(definition)) == {
        "Work": (2, 0, {}), "Sub": (1, 0, {}), "Legal": (1, 0, {}), "Finance": (1, 0, {}), "Join": (3, 0, {})}
    [legal] = [t for t in work.tasks_of(second) if t.task_definition_key == "Legal"]
    work.complete(legal.id)  # one path of the second subprocess waits at its join
    assert activity_stats(work, by_id(definition))["SubJoin"] == (1, 0, {})
    # Suspended instances run still; ended ones are not counted.
    work.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=second))
    work.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=first))
    assert activity_stats(work, by_id(definition)) == {
        "Work": (1, 0, {}), "Sub": (1, 0, {}), "Finance": (1, 0, {}), "SubJoin": (1, 0, {}), "Join": (1, 0, {})}
    assert definition_stats(work, key=process_key) == {definition: (1, 0, {})}


def test_incidents_are_counted_per_type_as_the_options_ask(work: Failures) -> None:
    process_key, topic = key("spread"), unique("topic")
    definition = work.deploy_inline(process_key, spread(process_key, topic))
    instance = work.start_id(definition)
    work.create_incident(work.at(instance, "Work"), "custom")
    work.create_incident(work.at(instance, "Legal"), "custom")
    resolved = work.create_incident(work.at(instance, "Legal"), "other")
    work.create_incident(work.at(instance, "Legal"), "other")
    work.resolve(resolved.id)

    # Without options: the instances only.
    assert activity_stats(work, by_id(definition))["Legal"] == (1, 0, {})
    assert definition_stats(work, key=process_key) == {definition: (1, 0, {})}
    every = activity_stats(work, by_id(definition), Options(incidents=Options.INCIDENTS_ALL))
    assert (every["Work"], every["Legal"], every["Sub"], every["Finance"]) == (
        (1, 0, {"custom": 1}), (1, 0, {"custom": 1, "other": 1}), (1, 0, {}), (1, 0, {}))
    assert definition_stats(work, Options(incidents=Options.INCIDENTS_ALL), key=process_key) == {
        definition: (1, 0, {"custom": 2, "other": 1})}
    # One type: incident_type alone, or with either counting.
    for incidents in (Options.INCIDENTS_UNSPECIFIED, Options.INCIDENTS_ALL, Options.INCIDENTS_ROOT):
        only = Options(incidents=incidents, incident_type="other")
        assert activity_stats(work, by_id(definition), only)["Legal"] == (1, 0, {"other": 1})
        assert activity_stats(work, by_id(definition), only)["Work"] == (1, 0, {})
        assert definition_stats(work, only, key=process_key) == {definition: (1, 0, {"other": 1})}


def test_failed_jobs_and_root_incidents_up_a_call_chain(work: Failures) -> None:
    child_key, parent_key = key("failing"), key("caller")
    child = work.deploy_inline(child_key, failing_gateway(child_key))
    parent = work.deploy_inline(parent_key, calling(parent_key, child_key))
    caller = work.start_id(parent)
    [called] = [i.id for i in work.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        process_definition_id=child)).process_instances]
    eventually(lambda: work.jobs_of(called, no_retries_left=True), what="three failed attempts")

    assert activity_stats(work, by_id(child), EVERYTHING) == {"Gate": (1, 1, {"failedJob": 1})}
    assert activity_stats(work, by_id(child)) == {"Gate": (1, 0, {})}
    # The caller holds a copy of the incident at its call activity: an incident, not a root one,
    # and no failed job of its own.
    assert activity_stats(work, by_id(parent), EVERYTHING) == {"Call": (1, 0, {"failedJob": 1})}
    roots = Options(failed_jobs=True, incidents=Options.INCIDENTS_ROOT)
    assert activity_stats(work, by_id(parent), roots) == {"Call": (1, 0, {})}
    assert activity_stats(work, by_id(child), roots) == {"Gate": (1, 1, {"failedJob": 1})}
    assert definition_stats(work, EVERYTHING, key=child_key) == {child: (1, 1, {"failedJob": 1})}
    assert definition_stats(work, roots, key=parent_key) == {parent: (1, 0, {})}
    assert definition_stats(work, EVERYTHING, key=parent_key) == {parent: (1, 0, {"failedJob": 1})}

    # Resolved by deleting the caller (and with it the called instance): nothing is left.
    work.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=caller))
    assert activity_stats(work, by_id(child), EVERYTHING) == {}
    assert definition_stats(work, EVERYTHING, key=child_key) == {child: (0, 0, {})}


def test_a_failed_timer_start_counts_at_its_start_event(work: Failures, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("failing_start")
    definition = work.deploy_inline(process_key, failing_timer_start(process_key))
    server.clock.advance(timedelta(hours=1, seconds=1))
    eventually(lambda: activity_stats(work, by_id(definition), EVERYTHING).get("Start", (0, 0, {}))[1] == 1,
               what="the timer start's job to fail three times")
    assert activity_stats(work, by_id(definition), EVERYTHING) == {"Start": (0, 1, {"failedJob": 1})}
    assert definition_stats(work, EVERYTHING, key=process_key) == {definition: (0, 1, {"failedJob": 1})}


def test_definitions_are_listed_with_their_filters_and_pages(work: Failures) -> None:
    process_key, topic = key("listed"), unique("topic")
    tenant = unique("tenant")
    old = work.deploy_inline(process_key, spread(process_key, topic))
    new = work.deploy_inline(process_key, spread(process_key, topic))
    tenant_deployment = work.deploy(contents={f"{process_key}.bpmn": work_bpmn(process_key, topic)}, tenant=tenant)
    of_tenant = work.definition_id(tenant_deployment, process_key)
    work.start_id(old)
    work.start_id(new)
    work.start_id(new)

    assert definition_stats(work, key=process_key) == {old: (1, 0, {}), new: (2, 0, {}), of_tenant: (0, 0, {})}
    assert definition_stats(work, key=process_key, latest_only=True, without_tenant_id=True) == {new: (2, 0, {})}
    assert definition_stats(work, key=process_key, tenant_id_in=[tenant]) == {of_tenant: (0, 0, {})}
    assert definition_stats(work, deployment_id=tenant_deployment.id) == {of_tenant: (0, 0, {})}
    # Pages of one keep the order of ListProcessDefinitions.
    listed = work.definitions.ListProcessDefinitions(pd.ListProcessDefinitionsRequest(key=process_key))
    first = work.definitions.ListProcessDefinitionStatistics(pd.ListProcessDefinitionStatisticsRequest(
        key=process_key, page_size=1))
    assert [s.process_definition for s in first.statistics] == [listed.process_definitions[0]]
    assert first.next_page_token
    assert definition_stats(work, key=process_key, page_size=1) == definition_stats(work, key=process_key)
    expect_error(lambda: work.definitions.ListProcessDefinitionStatistics(pd.ListProcessDefinitionStatisticsRequest(
        page_token=listed.next_page_token or "bogus")), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_PAGE_TOKEN")


def work_bpmn(process_key: str, topic: str) -> bytes:
    return render(spread(process_key, topic), process_key).encode()


def test_tenants_and_errors(work: Failures, server) -> None:  # type: ignore[no-untyped-def]
    process_key, topic = key("tenanted"), unique("topic")
    tenant, other = unique("tenant"), unique("tenant")
    deployment = work.deploy(contents={f"{process_key}.bpmn": work_bpmn(process_key, topic)}, tenant=tenant)
    definition = work.definition_id(deployment, process_key)
    work.start_id(definition)
    outsider = Failures(server.api(server.token(tenants=(other,))))
    insider = Failures(server.api(server.token(tenants=(tenant,))))

    # The tenant's token reads it by id and by key and tenant; another tenant's does not see it.
    by_tenant = pd.DefinitionRef(key_and_tenant=pd.KeyAndTenant(key=process_key, tenant_id=tenant))
    assert activity_stats(insider, by_tenant) == activity_stats(work, by_id(definition))
    assert definition_stats(insider, key=process_key) == {definition: (1, 0, {})}
    assert definition_stats(outsider, key=process_key) == {}
    expect_error(lambda: activity_stats(outsider, by_id(definition)), grpc.StatusCode.NOT_FOUND,
                 "PROCESS_DEFINITION_NOT_FOUND")
    failed = expect_error(lambda: activity_stats(outsider, by_tenant), grpc.StatusCode.PERMISSION_DENIED,
                          "TENANT_NOT_GRANTED")
    assert failed.info.metadata["action"] == "read this tenant's definitions"
    # By key alone: the latest version of no tenant, and there is none.
    failed = expect_error(lambda: activity_stats(work, pd.DefinitionRef(key=process_key)), grpc.StatusCode.NOT_FOUND,
                          "PROCESS_DEFINITION_NOT_FOUND")
    assert failed.info.metadata["field_name"] == "key"
    expect_error(lambda: activity_stats(work, pd.DefinitionRef()), grpc.StatusCode.INVALID_ARGUMENT,
                 "MISSING_REQUIRED_FIELD")

    for call in (lambda o: activity_stats(work, by_id(definition), o), lambda o: definition_stats(work, o)):
        failed = expect_error(lambda: call(Options(incidents=7)), grpc.StatusCode.INVALID_ARGUMENT,  # type: ignore[arg-type]
                              "INVALID_ENUM_VALUE")
        assert failed.fields == ["options.incidents"]
