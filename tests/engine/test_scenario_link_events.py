"""Link events: a path that reaches a link throw event goes on at the link catch event of the same
name in the same scope (a "go to" within the process or within one subprocess); both events are
activity instances in the history. A link that cannot be followed is refused at deployment."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import deployment_pb2 as dp, history_pb2, history_pb2_grpc, process_instance_pb2 as pi
from tests.engine.resources.modeler import render
from tests.engine.scenario import Scenario
from tests.engine.work_support import key
from tests.support import expect_error, unique

COMPLETED = pi.ProcessInstance.STATE_COMPLETED


class Links(Scenario):
    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def deploy_inline(self, process_key: str, body: str) -> str:
        deployment = self.deploy(contents={f"{process_key}.bpmn": render(body, process_key).encode()})
        return self.definition_id(deployment, process_key)

    def passes(self, instance_id: str) -> list[history_pb2.HistoricActivityInstance]:
        return list(self.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
            process_instance_id=instance_id)).historic_activity_instances)

    def passed(self, instance_id: str) -> list[str]:
        return [p.activity_id for p in self.passes(instance_id)]

    def open_tasks(self, instance_id: str) -> list[str]:
        return [t.task_definition_key for t in self.tasks_of(instance_id)]


def retry_loop(process_key: str) -> str:
    """Work, then a gateway: ``again`` goes back to Work through link Retry, else to Ship
    through link Ship."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Work" />
  <bpmn:userTask id="Work" />
  <bpmn:sequenceFlow id="f2" sourceRef="Work" targetRef="Check" />
  <bpmn:exclusiveGateway id="Check" default="f4" />
  <bpmn:sequenceFlow id="f3" sourceRef="Check" targetRef="GoBack">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{again}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="f4" sourceRef="Check" targetRef="ToShipping" />
  <bpmn:intermediateThrowEvent id="GoBack" name="Retry"><bpmn:linkEventDefinition id="l1" name="Retry" /></bpmn:intermediateThrowEvent>
  <bpmn:intermediateThrowEvent id="ToShipping" name="Ship"><bpmn:linkEventDefinition id="l2" name="Ship" /></bpmn:intermediateThrowEvent>
  <bpmn:intermediateCatchEvent id="RetryHere" name="Retry"><bpmn:linkEventDefinition id="l3" name="Retry" /></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f5" sourceRef="RetryHere" targetRef="Work" />
  <bpmn:intermediateCatchEvent id="ShipHere" name="Ship"><bpmn:linkEventDefinition id="l4" name="Ship" /></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f6" sourceRef="ShipHere" targetRef="Ship" />
  <bpmn:userTask id="Ship" />
  <bpmn:sequenceFlow id="f7" sourceRef="Ship" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def test_a_link_is_a_go_to_and_both_events_are_activity_instances(api):  # type: ignore[no-untyped-def]
    links = Links(api)
    process_key = key("links")
    instance = links.run(links.deploy_inline(process_key, retry_loop(process_key)))
    assert links.open_tasks(instance) == ["Work"]

    links.complete(links.task_at(instance, "Work").id, {"again": True})
    # Back at Work through the Retry link (a loop).
    assert links.open_tasks(instance) == ["Work"]
    assert links.passed(instance) == ["Start", "Work", "Check", "GoBack", "RetryHere", "Work"]

    links.complete(links.task_at(instance, "Work").id, {"again": False})
    assert links.open_tasks(instance) == ["Ship"]
    assert {e.id: e.activity_id for e in links.tree(instance)} == {instance: "Ship"}
    passes = links.passes(instance)
    assert [p.activity_id for p in passes] == ["Start", "Work", "Check", "GoBack", "RetryHere", "Work", "Check",
                                               "ToShipping", "ShipHere", "Ship"]
    throw, catch = passes[7], passes[8]
    assert (throw.activity_type, catch.activity_type) == ("intermediateThrowEvent", "intermediateLinkCatch")
    assert (throw.activity_name, catch.activity_name) == ("Ship", "Ship")
    for event in (throw, catch):
        assert event.HasField("end_time") and not event.canceled and not event.complete_scope
        assert (event.execution_id, event.parent_activity_instance_id) == (instance, instance)

    links.complete(links.task_at(instance, "Ship").id)
    assert links.instance(instance).state == COMPLETED


def test_links_pair_within_their_own_scope(api):  # type: ignore[no-untyped-def]
    """The process and its subprocess both use link A: each throw goes to the catch of its scope."""
    links = Links(api)
    process_key = key("scoped_links")
    body = f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Sub" />
  <bpmn:subProcess id="Sub">
    <bpmn:startEvent id="SubStart" />
    <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="SubThrow" />
    <bpmn:intermediateThrowEvent id="SubThrow"><bpmn:linkEventDefinition id="l1" name="A" /></bpmn:intermediateThrowEvent>
    <bpmn:intermediateCatchEvent id="SubCatch"><bpmn:linkEventDefinition id="l2" name="A" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="s2" sourceRef="SubCatch" targetRef="Inside" />
    <bpmn:userTask id="Inside" />
    <bpmn:sequenceFlow id="s3" sourceRef="Inside" targetRef="SubEnd" />
    <bpmn:endEvent id="SubEnd" />
  </bpmn:subProcess>
  <bpmn:sequenceFlow id="f2" sourceRef="Sub" targetRef="Throw" />
  <bpmn:intermediateThrowEvent id="Throw"><bpmn:linkEventDefinition id="l3" name="A" /></bpmn:intermediateThrowEvent>
  <bpmn:intermediateCatchEvent id="Catch"><bpmn:linkEventDefinition id="l4" name="A" /></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="Catch" targetRef="Outside" />
  <bpmn:userTask id="Outside" />
  <bpmn:sequenceFlow id="f4" sourceRef="Outside" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""
    instance = links.run(links.deploy_inline(process_key, body))
    assert links.open_tasks(instance) == ["Inside"]
    [sub] = [p for p in links.passes(instance) if p.activity_id == "Sub"]
    inner = {p.activity_id: p for p in links.passes(instance) if p.parent_activity_instance_id == sub.id}
    assert list(inner) == ["SubStart", "SubThrow", "SubCatch", "Inside"]

    links.complete(links.task_at(instance, "Inside").id)
    assert links.open_tasks(instance) == ["Outside"]
    outer = [p.activity_id for p in links.passes(instance) if p.parent_activity_instance_id == instance]
    assert outer == ["Start", "Sub", "Throw", "Catch", "Outside"]
    links.complete(links.task_at(instance, "Outside").id)
    assert links.instance(instance).state == COMPLETED


def test_an_inclusive_join_waits_for_a_path_that_reaches_it_through_a_link(api):  # type: ignore[no-untyped-def]
    links = Links(api)
    process_key = key("link_join")
    body = f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Fork" />
  <bpmn:inclusiveGateway id="Fork" />
  <bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Near" />
  <bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="Far" />
  <bpmn:userTask id="Near" />
  <bpmn:sequenceFlow id="f4" sourceRef="Near" targetRef="Join" />
  <bpmn:userTask id="Far" />
  <bpmn:sequenceFlow id="f5" sourceRef="Far" targetRef="Jump" />
  <bpmn:intermediateThrowEvent id="Jump"><bpmn:linkEventDefinition id="l1" name="J" /></bpmn:intermediateThrowEvent>
  <bpmn:intermediateCatchEvent id="Land"><bpmn:linkEventDefinition id="l2" name="J" /></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f6" sourceRef="Land" targetRef="Join" />
  <bpmn:inclusiveGateway id="Join" />
  <bpmn:sequenceFlow id="f7" sourceRef="Join" targetRef="After" />
  <bpmn:userTask id="After" />
  <bpmn:sequenceFlow id="f8" sourceRef="After" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""
    instance = links.run(links.deploy_inline(process_key, body))
    links.complete(links.task_at(instance, "Near").id)
    # Far can still reach the join through the link: the join waits for it.
    assert sorted(links.open_tasks(instance)) == ["Far"]
    assert sorted(e.activity_id for e in links.tree(instance) if e.activity_id) == ["Far", "Join"]
    links.complete(links.task_at(instance, "Far").id)
    assert links.open_tasks(instance) == ["After"]
    assert links.passed(instance).count("Join") == 2


def test_a_link_catch_event_can_be_started_by_modification(api):  # type: ignore[no-untyped-def]
    links = Links(api)
    process_key = key("link_modified")
    instance = links.run(links.deploy_inline(process_key, retry_loop(process_key)))
    links.instances.ModifyProcessInstance(pi.ModifyProcessInstanceRequest(
        process_instance_id=instance, instructions=[
            pi.ModificationInstruction(type=pi.ModificationInstruction.TYPE_START_BEFORE_ACTIVITY,
                                      activity_id="ShipHere")]))
    assert sorted(links.open_tasks(instance)) == ["Ship", "Work"]


# -- deployment --------------------------------------------------------------------------------


def _process(process_key: str, inner: str) -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Go" />
{inner}
</bpmn:process>
"""


_THROW = '<bpmn:intermediateThrowEvent id="Go"><bpmn:linkEventDefinition id="l1" name="{name}" /></bpmn:intermediateThrowEvent>'
_CATCH = ('<bpmn:intermediateCatchEvent id="{id}"><bpmn:linkEventDefinition id="{id}_l" name="{name}" />'
          '</bpmn:intermediateCatchEvent>\n<bpmn:sequenceFlow id="{id}_out" sourceRef="{id}" targetRef="End" />')
_END = '<bpmn:endEvent id="End" />'


@pytest.mark.parametrize("inner,element,element_id,says", [
    pytest.param(_THROW.format(name="A") + _CATCH.format(id="Here", name="B") + _END,
                 "intermediateThrowEvent", "Go", "intermediateThrowEvent 'Go': no link catch event of link 'A' in the process",
                 id="throw without catch"),
    pytest.param(_THROW.format(name="A") + _CATCH.format(id="Here", name="A") + _CATCH.format(id="There", name="A") + _END,
                 "intermediateCatchEvent", "There", "link 'A' is already caught by 'Here' in the same scope",
                 id="two catches of one link"),
    pytest.param(_THROW.format(name=" ") + _CATCH.format(id="Here", name="A") + _END,
                 "linkEventDefinition", "Go", "intermediateThrowEvent 'Go': a link event needs a name",
                 id="empty name"),
    pytest.param(_THROW.replace(' name="{name}"', "") + _CATCH.format(id="Here", name="A") + _END,
                 "linkEventDefinition", "Go", "a link event needs a name on its linkEventDefinition",
                 id="missing name"),
    pytest.param(_THROW.format(name="A") + _CATCH.format(id="Here", name="A") + _END
                 + '<bpmn:sequenceFlow id="extra" sourceRef="Start" targetRef="Here" />',
                 "intermediateCatchEvent", "Here", "a link catch event cannot have incoming sequence flows",
                 id="catch with incoming flow"),
    pytest.param(_THROW.format(name="A") + _CATCH.format(id="Here", name="A") + _END
                 + '<bpmn:sequenceFlow id="extra" sourceRef="Go" targetRef="End" />',
                 "intermediateThrowEvent", "Go", "a link throw event cannot have outgoing sequence flows",
                 id="throw with outgoing flow"),
    pytest.param(_THROW.format(name="A") + _END + """
<bpmn:subProcess id="Sub">
  <bpmn:startEvent id="SubStart" />
  <bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="SubEnd" />
  <bpmn:endEvent id="SubEnd" />
  <bpmn:intermediateCatchEvent id="Inside"><bpmn:linkEventDefinition id="l2" name="A" /></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="s2" sourceRef="Inside" targetRef="SubEnd" />
</bpmn:subProcess>
<bpmn:sequenceFlow id="f9" sourceRef="Start" targetRef="Sub" />
<bpmn:sequenceFlow id="f10" sourceRef="Sub" targetRef="End" />""",
                 "intermediateThrowEvent", "Go", "(link events cannot cross subprocess borders)",
                 id="catch in another scope"),
])
def test_links_that_cannot_be_followed_are_refused(api, inner, element, element_id, says):  # type: ignore[no-untyped-def]
    links = Links(api)
    process_key = key("bad_link")
    name = f"{process_key}.bpmn"
    content = render(_process(process_key, inner), process_key).encode()
    failed = expect_error(lambda: links.create_deployment(name=unique("bad"), resources=[
        dp.Resource(name=name, content=content)]), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_BPMN")
    meta = failed.info.metadata
    assert (meta["element"], meta["element_id"]) == (element, element_id), failed.message
    assert says in failed.message and failed.message.startswith(f"{name} line {meta['line']}: ")
    assert element in content.decode().splitlines()[int(meta["line"]) - 1]
