"""QueryProcessInstances' filters beyond definition, business key and state (ids, business key
like, deployment, tenants, the activities a path is at, open incidents, process variables, start
time; ended instances by end time, state and the activities they executed), its sorting, and
CountProcessInstances with the same filters."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import execution_pb2 as ex
from flowkeeper.engine.v1 import message_pb2 as msg
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.failure_support import Failures
from tests.engine.job_support import failing_gateway
from tests.engine.resources.modeler import render
from tests.engine.support import typed_map, value
from tests.engine.scenario import renamed
from tests.engine.work_support import calling, eventually, key, waiting
from tests.support import expect_error, unique


def two_waits(process_key: str) -> str:
    """A user task First, then an embedded subprocess around a user task Inner."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="First" />
  <bpmn:userTask id="First" />
  <bpmn:sequenceFlow id="f2" sourceRef="First" targetRef="Sub" />
  <bpmn:subProcess id="Sub">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="Inner" />
    <bpmn:userTask id="Inner" />
    <bpmn:sequenceFlow id="s2" sourceRef="Inner" targetRef="SubEnd" />
    <bpmn:endEvent id="SubEnd" />
  </bpmn:subProcess>
  <bpmn:sequenceFlow id="f3" sourceRef="Sub" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


@pytest.fixture
def work(api) -> Failures:  # type: ignore[no-untyped-def]
    return Failures(api)


def found(work: Failures, **filters: object) -> list[str]:
    """Ids the query finds (every page of 2), checked against the count."""
    ids: list[str] = []
    while True:
        page = work.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
            page={"first_result": len(ids), "max_results": 2}, **filters)).process_instances  # type: ignore[arg-type]
        ids += [i.id for i in page]
        if len(page) < 2:
            break
    counted = {k: v for k, v in filters.items() if k != "sorting"}
    assert work.instances.CountProcessInstances(pi.CountProcessInstancesRequest(**counted)).count == len(ids)  # type: ignore[arg-type]
    return ids


def param(name: str, operator: str, raw: object) -> ex.VariableQueryParameter:
    return ex.VariableQueryParameter(name=name, operator=operator, value=value(raw))


def deploy(work: Failures, process_key: str, tenant: str = "") -> tuple[str, str]:
    """(deployment id, definition id)."""
    deployment = work.deploy(contents={f"{process_key}.bpmn": render(two_waits(process_key), process_key).encode()},
                             tenant=tenant)
    return deployment.id, work.definition_id(deployment, process_key)


def ts(when) -> timestamp_pb2.Timestamp:  # type: ignore[no-untyped-def]
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(when)
    return stamp


def test_filters_on_ids_business_keys_deployments_tenants_and_start_time(work: Failures, server) -> None:  # type: ignore[no-untyped-def]
    process_key, tenant = key("queried"), unique("tenant")
    deployment, definition = deploy(work, process_key)
    _, of_tenant = deploy(work, process_key, tenant)
    early = work.start_id(definition, business_key="order-1_a")
    server.clock.advance(timedelta(minutes=5))
    late = work.start_id(definition, business_key="order-2")
    tenant_one = work.start_id(of_tenant, business_key="order-3")
    mine = dict(process_definition_key=process_key)

    assert sorted(found(work, **mine)) == sorted([early, late, tenant_one])
    assert found(work, process_instance_ids=[late, tenant_one, "nope"], **mine) == sorted([late, tenant_one])
    assert found(work, business_key_like="order-%", **mine) == sorted([early, late, tenant_one])
    assert found(work, business_key_like="order-_\\_a", **mine) == [early]  # an escaped _ is literal
    assert found(work, business_key_like="ORDER-%", **mine) == []  # case-sensitive on both databases
    assert found(work, deployment_id=deployment) == sorted([early, late])
    assert found(work, without_tenant_id=True, **mine) == sorted([early, late])
    assert found(work, tenant_id_in=[tenant], **mine) == [tenant_one]
    started_late = server.clock.now() - timedelta(minutes=1)
    assert found(work, started_after=ts(started_late), **mine) == sorted([late, tenant_one])
    assert found(work, started_before=ts(started_late), **mine) == [early]


def test_filters_on_activities_incidents_and_variables(work: Failures) -> None:
    process_key = key("positions")
    _, definition = deploy(work, process_key)
    at_first = work.start_id(definition, {"amount": 5, "customer": "Ärger GmbH"})
    inside = work.start_id(definition, {"amount": 50, "customer": "Acme"})
    [task] = [t for t in work.tasks_of(inside)]
    work.complete(task.id)
    ended = work.start_id(definition, {"amount": 500})
    work.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=ended))
    mine = dict(process_definition_key=process_key)

    assert found(work, activity_id_in=["First"], **mine) == [at_first]
    # A subprocess counts while a path runs inside it.
    assert found(work, activity_id_in=["Sub"], **mine) == [inside]
    assert found(work, activity_id_in=["Inner", "First"], **mine) == sorted([at_first, inside])
    assert found(work, activity_id_in=["First"], include_ended=True, **mine) == [at_first]

    incident = work.create_incident(work.at(inside, "Inner"), "custom")
    assert found(work, with_incident=True, **mine) == [inside]
    assert found(work, incident_type="custom", **mine) == [inside]
    assert found(work, incident_type="other", **mine) == []
    assert found(work, incident_id=incident.id) == [inside]
    work.resolve(incident.id)
    assert found(work, with_incident=True, **mine) == []

    assert found(work, variables=[param("amount", "gteq", 50)], **mine) == [inside]
    assert found(work, variables=[param("amount", "gt", 1), param("amount", "lt", 10)], **mine) == [at_first]
    # An ended instance matches by the last values of its variables (the variable history).
    assert found(work, variables=[param("amount", "gteq", 50)], include_ended=True, **mine) == sorted(
        [inside, ended])
    assert found(work, variables=[param("amount", "eq", 500)], finished=True, **mine) == [ended]
    assert found(work, variables=[param("amount", "neq", 500)], finished=True, **mine) == []
    assert found(work, variables=[param("customer", "like", "ärger%")], **mine) == []
    assert found(work, variables=[param("customer", "like", "ärger%")], variable_values_ignore_case=True,
                 **mine) == [at_first]
    assert found(work, variables=[param("CUSTOMER", "eq", "Acme")], variable_names_ignore_case=True,
                 **mine) == [inside]


def test_called_instances_carry_a_copy_of_the_incident(work: Failures) -> None:
    child_key, parent_key = key("failing"), key("caller")
    work.deploy_inline(child_key, failing_gateway(child_key))
    parent = work.deploy_inline(parent_key, calling(parent_key, child_key))
    caller = work.start_id(parent)
    [called] = found(work, super_process_instance_id=caller)
    eventually(lambda: work.jobs_of(called, no_retries_left=True), what="three failed attempts")
    assert found(work, incident_type="failedJob", process_definition_key=child_key) == [called]
    assert found(work, incident_type="failedJob", process_definition_key=parent_key) == [caller]
    assert found(work, activity_id_in=["Call"], process_definition_key=parent_key) == [caller]


def test_sorting(work: Failures, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("sorted")
    _, definition = deploy(work, process_key)
    started = []
    for business_key in ("b", "c", "a"):
        started.append(work.start_id(definition, business_key=business_key))
        server.clock.advance(timedelta(seconds=1))
    plain = work.start_id(definition)
    mine = dict(process_definition_key=process_key)

    def order(*sorting: tuple[str, str]) -> list[str]:
        return found(work, sorting=[ex.Sorting(sort_by=b, sort_order=o) for b, o in sorting], **mine)

    assert order() == sorted(started + [plain])
    assert order(("instanceId", "desc")) == sorted(started + [plain], reverse=True)
    # Ascending puts the instance without a business key first, descending last.
    assert order(("businessKey", "asc")) == [plain, started[2], started[0], started[1]]
    assert order(("businessKey", "desc")) == [started[1], started[0], started[2], plain]
    assert order(("startTime", "asc"))[:3] == started
    assert order(("definitionKey", "asc"), ("startTime", "desc"))[1:] == started[::-1]


def test_ended_instances_match_by_the_last_values_of_their_own_variables(work: Failures) -> None:
    """Not by a value a variable had before, one a call deleted, or a variable of a scope inside
    the instance (the subprocess's, a task's)."""
    process_key = key("kept")
    _, definition = deploy(work, process_key)
    changed = work.start_id(definition, {"amount": 5, "note": "first"})
    work.instances.ModifyVariables(pi.ModifyVariablesRequest(
        process_instance_id=changed, modifications=typed_map({"amount": 7}), deletions=["note"]))
    [task] = work.tasks_of(changed)
    work.complete(task.id)  # into the subprocess
    sub = work.at(changed, "Inner")
    work.executions.ModifyLocalVariables(ex.ModifyLocalVariablesRequest(
        execution_id=sub, modifications=typed_map({"inner": True})))
    work.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=changed))
    running = work.start_id(definition, {"amount": 7})
    mine = dict(process_definition_key=process_key, include_ended=True)

    assert found(work, variables=[param("amount", "eq", 7)], **mine) == sorted([changed, running])
    assert found(work, variables=[param("amount", "eq", 5)], **mine) == []
    assert found(work, variables=[param("note", "eq", "first")], **mine) == []
    assert found(work, variables=[param("inner", "eq", True)], **mine) == []
    assert found(work, variables=[param("AMOUNT", "lteq", 7)], variable_names_ignore_case=True, finished=True,
                 process_definition_key=process_key) == [changed]


def test_ended_instances_by_end_time_state_and_executed_activities(work: Failures, server) -> None:  # type: ignore[no-untyped-def]
    process_key = key("history")
    _, definition = deploy(work, process_key)
    running = work.start_id(definition)
    completed = work.start_id(definition)
    for _ in range(2):  # First, then Inner in the subprocess
        [task] = work.tasks_of(completed)
        server.clock.advance(timedelta(minutes=1))
        work.complete(task.id)
    server.clock.advance(timedelta(minutes=10))
    deleted = work.start_id(definition)
    server.clock.advance(timedelta(minutes=1))
    work.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=deleted))
    between = server.clock.now() - timedelta(minutes=5)
    mine = dict(process_definition_key=process_key)
    S = pi.ProcessInstance

    assert found(work, **mine) == [running]
    assert found(work, finished=True, **mine) == sorted([completed, deleted])
    assert found(work, finished_before=ts(between), **mine) == [completed]
    assert found(work, finished_after=ts(between), **mine) == [deleted]
    assert found(work, state_in=[S.STATE_COMPLETED], **mine) == [completed]
    assert found(work, state_in=[S.STATE_EXTERNALLY_TERMINATED, S.STATE_ACTIVE], **mine) == sorted([running, deleted])
    assert found(work, state_in=[S.STATE_ACTIVE], **mine) == [running]
    # Executed: any activity instance there, running or ended (the history).
    assert found(work, executed_activity_id_in=["Inner"], **mine) == []  # running ones only, by default
    assert found(work, executed_activity_id_in=["Inner"], include_ended=True, **mine) == [completed]
    assert found(work, executed_activity_id_in=["First"], **mine) == [running]
    assert found(work, executed_activity_id_in=["First"], include_ended=True, **mine) == sorted(
        [running, completed, deleted])
    assert found(work, executed_activity_id_in=["End"], finished=True, **mine) == [completed]

    ended = {i.id: i for i in work.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        finished=True, **mine)).process_instances}  # type: ignore[arg-type]
    assert ended[completed].duration.ToTimedelta() == timedelta(minutes=2)
    assert ended[deleted].duration.ToTimedelta() == timedelta(minutes=1)
    assert not work.instance(running).HasField("duration")

    def order(*sorting: tuple[str, str]) -> list[str]:
        return found(work, include_ended=True, sorting=[ex.Sorting(sort_by=b, sort_order=o) for b, o in sorting],
                     **mine)

    # Running instances have no end time and no duration: first ascending, last descending.
    assert order(("endTime", "asc")) == [running, completed, deleted]
    assert order(("endTime", "desc")) == [deleted, completed, running]
    assert order(("duration", "asc")) == [running, deleted, completed]
    assert order(("duration", "desc")) == [completed, deleted, running]


def test_the_user_who_started_an_instance(work: Failures, server) -> None:  # type: ignore[no-untyped-def]
    process_key, child_key, message = key("started"), key("child"), unique("order")
    work.deploy_inline(child_key, waiting(child_key))
    parent = work.deploy_inline(process_key, calling(process_key, child_key))
    user = unique("starter")
    as_user = Failures(server.api(server.token(user, admin=True)))
    instance = as_user.start_id(parent)
    [child] = found(work, super_process_instance_id=instance)
    # The instances a call starts, called ones too, are the caller's.
    assert (work.instance(instance).start_user_id, work.instance(child).start_user_id) == (user, user)
    assert work.instance(work.start_id(parent)).start_user_id == "admin"
    assert found(work, started_by=user) == sorted([instance, child])

    deployment = work.deploy(contents={"message_start.bpmn": renamed("message_start.bpmn", StartOrder=message)})
    as_user.messages.CorrelateMessage(msg.CorrelateMessageRequest(message_name=message))
    [by_message] = found(work, started_by=user, process_definition_id=work.definition_id(deployment, "message_start"))
    assert work.instance(by_message).start_user_id == user


def test_or_queries(work: Failures) -> None:
    """An or-query holds when one of its filters does (active or finished are alternatives in
    it); the query's filters and each or-query must hold. Ended instances may match when the
    query or one of its or-queries asks for them (include_ended, which is no alternative itself,
    finished, an ended state), and then for every filter."""
    process_key = key("either")
    _, definition = deploy(work, process_key)
    running = work.start_id(definition, {"amount": 5}, business_key="a-run")
    suspended = work.start_id(definition, {"amount": 50}, business_key="b-pause")
    work.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=suspended))
    completed = work.start_id(definition, {"amount": 7}, business_key="c-done")
    for _ in range(2):  # First, then Inner in the subprocess
        [task] = work.tasks_of(completed)
        work.complete(task.id)
    deleted = work.start_id(definition, {"amount": 5}, business_key="d-gone")
    work.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=deleted))
    Or, S = pi.ProcessInstanceOrQuery, pi.ProcessInstance
    mine = dict(process_definition_key=process_key)

    def which(**filters: object) -> list[str]:
        return sorted(found(work, **mine, **filters))

    assert which(or_queries=[Or(business_key="a-run", business_key_like="b%")]) == sorted([running, suspended])
    assert which(or_queries=[Or(active=True, suspended=True)]) == sorted([running, suspended])
    assert which(or_queries=[Or(active=True, finished=True)]) == sorted([running, completed, deleted])
    assert which(or_queries=[Or(state_in=[S.STATE_COMPLETED], business_key="b-pause")]) == sorted([suspended, completed])
    assert which(or_queries=[Or(state_in=[S.STATE_SUSPENDED], business_key="c-done")]) == [suspended]  # not ended
    # Running instances only, unless something asks for ended ones.
    amount_50 = param("amount", "eq", 50)
    assert which(or_queries=[Or(business_key="c-done", variables=[amount_50])]) == [suspended]
    assert which(include_ended=True, or_queries=[Or(business_key="c-done", variables=[amount_50])]) == sorted(
        [suspended, completed])
    assert which(or_queries=[Or(business_key="c-done", include_ended=True)]) == [completed]
    assert which(or_queries=[Or(include_ended=True)]) == sorted([running, suspended, completed, deleted])
    # Each or-query must hold.
    amount_5 = param("amount", "eq", 5)
    assert which(or_queries=[Or(active=True, finished=True), Or(business_key_like="%gone", variables=[amount_5])]) \
        == sorted([running, deleted])
    assert which(suspended=True, or_queries=[Or(finished=True)]) == []
    # A fault names its field through the or-query.
    failed = expect_error(lambda: found(work, or_queries=[Or(), Or(business_key_like="x\\")]),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["or_queries[1].business_key_like"]
    failed = expect_error(lambda: found(work, or_queries=[Or(state_in=[S.STATE_UNSPECIFIED])]),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
    assert failed.fields == ["or_queries[0].state_in[0]"]


def test_refused_filters(work: Failures) -> None:
    def query(**filters: object):  # type: ignore[no-untyped-def]
        return lambda: work.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(**filters))  # type: ignore[arg-type]

    def count(**filters: object):  # type: ignore[no-untyped-def]
        return lambda: work.instances.CountProcessInstances(pi.CountProcessInstancesRequest(**filters))  # type: ignore[arg-type]

    for call in (query, count):
        failed = expect_error(call(tenant_id_in=["t"], without_tenant_id=True), grpc.StatusCode.INVALID_ARGUMENT,
                              "INVALID_FIELD")
        assert failed.fields == ["without_tenant_id"]
        failed = expect_error(call(active=True, suspended=True), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == ["suspended"]
        failed = expect_error(call(business_key_like="x\\"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == ["business_key_like"]
        failed = expect_error(call(variables=[param("amount", "between", 1)]), grpc.StatusCode.INVALID_ARGUMENT,
                              "INVALID_VARIABLE_OPERATOR")
        assert failed.fields == ["variables[0].operator"]
        failed = expect_error(call(started_before=timestamp_pb2.Timestamp(seconds=10**12)),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == ["started_before"]
        for flag in ("active", "suspended"):
            failed = expect_error(call(finished=True, **{flag: True}), grpc.StatusCode.INVALID_ARGUMENT,
                                  "INVALID_FIELD")
            assert failed.fields == ["finished"]
        failed = expect_error(call(state_in=[pi.ProcessInstance.STATE_ACTIVE, pi.ProcessInstance.STATE_UNSPECIFIED]),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == ["state_in[1]"]
        failed = expect_error(call(finished_after=timestamp_pb2.Timestamp(seconds=-10**12)),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == ["finished_after"]
    failed = expect_error(query(sorting=[ex.Sorting(sort_by="priority", sort_order="asc")]),
                          grpc.StatusCode.INVALID_ARGUMENT, "INVALID_SORTING")
    assert failed.fields == ["sorting[0].sort_by"]
    failed = expect_error(query(sorting=[ex.Sorting(sort_by="startTime")]), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_SORTING")
    assert failed.fields == ["sorting[0].sort_order"]


def test_a_tenant_token_finds_and_counts_only_what_it_sees(work: Failures, server) -> None:  # type: ignore[no-untyped-def]
    process_key, tenant, other = key("seen"), unique("tenant"), unique("tenant")
    _, plain = deploy(work, process_key)
    _, of_tenant = deploy(work, process_key, tenant)
    _, of_other = deploy(work, process_key, other)
    ids = [work.start_id(d) for d in (plain, of_tenant, of_other)]
    member = Failures(server.api(server.token(tenants=(tenant,))))
    assert found(member, process_definition_key=process_key) == sorted(ids[:2])
    assert found(member, process_definition_key=process_key, tenant_id_in=[other]) == []
