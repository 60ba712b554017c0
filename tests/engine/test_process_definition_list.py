"""ListProcessDefinitions with the document's engine's filters and sorting (and
ListProcessDefinitionStatistics, which takes the same filters)."""

from __future__ import annotations

from datetime import timedelta

import grpc
from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import process_definition_pb2 as pd
from tests.engine.failure_support import Failures
from tests.engine.resources.modeler import render
from tests.engine.work_support import Work, key, waiting
from tests.support import expect_error, unique


def _body(process_key: str, name: str = "", tag: str = "") -> str:
    attributes = (f' name="{name}"' if name else "") + (f' camunda:versionTag="{tag}"' if tag else "")
    return waiting(process_key).replace('isExecutable="true"', f'isExecutable="true"{attributes}', 1)


def _stamp(at) -> timestamp_pb2.Timestamp:  # type: ignore[no-untyped-def]
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(at)
    return stamp


def test_filters_and_sorting(api, server) -> None:  # type: ignore[no-untyped-def]
    work = Work(api)
    prefix = key("listed")
    alpha, beta = f"{prefix}_alpha", f"{prefix}_beta"
    tenant = unique("tenant")
    a1 = work.deploy_inline(alpha, _body(alpha, name="Alpha order", tag="1.0"))
    t0 = server.clock.now()
    server.clock.advance(timedelta(seconds=10))
    a2 = work.deploy_inline(alpha, _body(alpha, name="Alpha order", tag="2.0"))
    b1 = work.deploy_inline(beta, _body(beta, name="Beta"))
    bt = work.definition_id(work.deploy(contents={f"{beta}.bpmn": render(_body(beta, name="Beta"), beta).encode()},
                                        tenant=tenant), beta)
    work.definitions.SetProcessDefinitionSuspensionState(pd.SetProcessDefinitionSuspensionStateRequest(
        id=b1, suspended=True))

    def ids(**fields: object) -> list[str]:
        fields.setdefault("key_like", f"{prefix}%")
        found = [d.id for d in work.definitions.ListProcessDefinitions(
            pd.ListProcessDefinitionsRequest(**fields)).process_definitions]
        statistics = [s.process_definition.id for s in work.definitions.ListProcessDefinitionStatistics(
            pd.ListProcessDefinitionStatisticsRequest(**fields)).statistics]
        assert statistics == found, fields
        return found

    betas = sorted([b1, bt])  # one key, one version: then by id
    assert ids() == [a2, a1, *betas]  # key, then newest version first
    assert ids(id=a1) == [a1] and ids(id_in=[a1, b1, "nope"]) == [a1, b1]
    assert set(ids(key_in=[beta, "other"])) == {b1, bt}
    assert ids(key_like=f"{prefix}_a%") == [a2, a1]
    assert ids(name="Alpha order") == [a2, a1] and set(ids(name_like="Bet_")) == {b1, bt}
    assert ids(version=2, key=alpha) == [a2] and set(ids(version=1)) == {a1, b1, bt}
    assert ids(resource_name=f"{alpha}.bpmn") == [a2, a1] and ids(resource_name_like=f"{prefix}_al%.bpmn") == [a2, a1]
    assert ids(version_tag="2.0") == [a2] and ids(version_tag_like="%.0") == [a2, a1]
    assert set(ids(without_version_tag=True)) == {b1, bt}
    assert ids(suspended=True) == [b1] and ids(active=True, key=beta) == [bt]
    assert ids(tenant_id_in=[tenant]) == [bt]
    assert set(ids(tenant_id_in=[tenant], include_process_definitions_without_tenant_id=True)) == {a1, a2, b1, bt}
    assert ids(without_tenant_id=True, key=beta) == [b1]
    assert set(ids(deployed_after=_stamp(t0 + timedelta(seconds=5)))) == {a2, b1, bt}
    assert ids(latest_only=True, without_tenant_id=True) == [a2, b1]

    def sorted_ids(*pairs: tuple[str, str], **fields: object) -> list[str]:
        return ids(sorting=[{"sort_by": by, "sort_order": order} for by, order in pairs], **fields)

    assert sorted_ids(("version", "asc"), key=alpha) == [a1, a2]
    assert sorted_ids(("versionTag", "desc"), key=alpha) == [a2, a1]
    assert sorted_ids(("name", "desc"), ("version", "asc")) == [*betas, a1, a2]
    assert sorted_ids(("tenantId", "desc"), key=beta) == [bt, b1]  # no tenant sorts first ascending, last here
    assert sorted_ids(("id", "asc")) == sorted([a1, a2, b1, bt])
    deployment_of = {d.id: d.deployment_id for d in work.definitions.ListProcessDefinitions(
        pd.ListProcessDefinitionsRequest(key_like=f"{prefix}%")).process_definitions}
    assert sorted_ids(("deploymentId", "desc")) == sorted(deployment_of, key=deployment_of.get, reverse=True)


def test_incident_and_deployment_time_filters(api, server) -> None:  # type: ignore[no-untyped-def]
    failures = Failures(api)
    prefix = key("incidents")
    first = failures.deploy_inline(prefix, _body(prefix))
    t0 = server.clock.now()
    server.clock.advance(timedelta(seconds=10))
    second = failures.deploy_inline(prefix, _body(prefix))
    broken = failures.create_incident(failures.start_id(first), "disk", message="disk full on node-7")
    resolved = failures.create_incident(failures.start_id(second), "disk", message="disk full on node-9")
    failures.resolve(resolved.id)

    def ids(**fields: object) -> list[str]:
        fields.setdefault("key", prefix)
        found = [d.id for d in failures.definitions.ListProcessDefinitions(
            pd.ListProcessDefinitionsRequest(**fields)).process_definitions]
        statistics = [s.process_definition.id for s in failures.definitions.ListProcessDefinitionStatistics(
            pd.ListProcessDefinitionStatisticsRequest(**fields)).statistics]
        assert statistics == found, fields
        return found

    # Open incidents only: the resolved one names no definition.
    assert ids(incident_type="disk") == [first] and ids(incident_type="other") == []
    assert ids(incident_id=broken.id) == [first] and ids(incident_id=resolved.id) == []
    assert ids(incident_message="disk full on node-7") == [first] and ids(incident_message="disk full") == []
    assert ids(incident_message_like="disk full%") == [first]
    # One incident meets all the incident filters given.
    assert ids(incident_type="other", incident_message_like="disk%") == []
    assert ids(deployed_at=_stamp(t0)) == [first]
    assert ids(deployed_at=_stamp(t0 + timedelta(seconds=10))) == [second]
    assert ids(deployed_at=_stamp(t0 + timedelta(seconds=5))) == []


def test_refusals_name_the_field(api) -> None:  # type: ignore[no-untyped-def]
    work = Work(api)
    for fields, reason, field_name in (
        ({"active": True, "suspended": True}, "INVALID_FIELD", "suspended"),
        ({"tenant_id_in": ["t"], "without_tenant_id": True}, "INVALID_FIELD", "without_tenant_id"),
        ({"version_tag": "1", "without_version_tag": True}, "INVALID_FIELD", "without_version_tag"),
        ({"include_process_definitions_without_tenant_id": True}, "INVALID_FIELD",
         "include_process_definitions_without_tenant_id"),
        ({"name_like": "x\\"}, "INVALID_FIELD", "name_like"),
        ({"incident_message_like": "x\\"}, "INVALID_FIELD", "incident_message_like"),
        ({"sorting": [{"sort_by": "deployTime", "sort_order": "asc"}]}, "INVALID_SORTING", "sorting[0].sort_by"),
        ({"sorting": [{"sort_by": "key"}]}, "INVALID_SORTING", "sorting[0].sort_order"),
    ):
        for call in (lambda: work.definitions.ListProcessDefinitions(pd.ListProcessDefinitionsRequest(**fields)),
                     lambda: work.definitions.ListProcessDefinitionStatistics(
                         pd.ListProcessDefinitionStatisticsRequest(**fields))):
            failure = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, reason)
            assert failure.fields == [field_name], (fields, failure.fields)


def _caller(process_key: str, child: str, other: str) -> str:
    """Call activities: two of ``child`` (latest), one of its version 1, one in a subprocess of
    ``other`` (deployment binding), one by expression, one of a key never deployed."""
    def call(activity_id: str, called: str, extra: str = "") -> str:
        return f'<bpmn:callActivity id="{activity_id}" calledElement="{called}"{extra} />'

    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  {call("CallB", child)}
  {call("CallA", child)}
  {call("CallFirst", child, ' camunda:calledElementBinding="version" camunda:calledElementVersion="1"')}
  {call("CallByExpression", "${which}")}
  {call("CallMissing", "no_such_process_key")}
  <bpmn:subProcess id="Sub">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="CallOther" />
    {call("CallOther", other, ' camunda:calledElementBinding="deployment"')}
    <bpmn:sequenceFlow id="s2" sourceRef="CallOther" targetRef="SubEnd" />
    <bpmn:endEvent id="SubEnd" />
  </bpmn:subProcess>
  {"".join(f'<bpmn:sequenceFlow id="to{a}" sourceRef="Fork" targetRef="{a}" />'
           f'<bpmn:sequenceFlow id="from{a}" sourceRef="{a}" targetRef="End{a}" /><bpmn:endEvent id="End{a}" />'
           for a in ("CallB", "CallA", "CallFirst", "CallByExpression", "CallMissing", "Sub"))}
</bpmn:process>
"""


def test_static_called_process_definitions(api) -> None:  # type: ignore[no-untyped-def]
    work = Work(api)
    prefix = key("calls")
    caller, child, other = f"{prefix}_caller", f"{prefix}_child", f"{prefix}_other"
    child1 = work.deploy_inline(child, waiting(child))
    child2 = work.deploy_inline(child, waiting(child))
    deployment = work.deploy(contents={f"{caller}.bpmn": render(_caller(caller, child, other), caller).encode(),
                                       f"{other}.bpmn": render(waiting(other), other).encode()})
    calling, other1 = work.definition_id(deployment, caller), work.definition_id(deployment, other)
    work.deploy_inline(other, waiting(other))  # a later version: the deployment binding keeps the first

    found = work.definitions.GetStaticCalledProcessDefinitions(
        pd.GetStaticCalledProcessDefinitionsRequest(process_definition_id=calling)).called_process_definitions
    assert [(c.process_definition.id, list(c.called_from_activity_ids), c.calling_process_definition_id)
            for c in found] == sorted([(child2, ["CallA", "CallB"], calling), (child1, ["CallFirst"], calling),
                                       (other1, ["CallOther"], calling)])
    assert {c.process_definition.key for c in found} == {child, other}
    # Nothing called: empty; an unknown definition: NOT_FOUND.
    assert list(work.definitions.GetStaticCalledProcessDefinitions(
        pd.GetStaticCalledProcessDefinitionsRequest(process_definition_id=child1)).called_process_definitions) == []
    expect_error(lambda: work.definitions.GetStaticCalledProcessDefinitions(
        pd.GetStaticCalledProcessDefinitionsRequest(process_definition_id="nope")),
        grpc.StatusCode.NOT_FOUND, "PROCESS_DEFINITION_NOT_FOUND")
