"""Processes for the tests of jobs and timers, written inline (each test gives its own process
key): timer event definitions, an intermediate timer, a timer start event with a cycle, and a
gateway whose asynchronous job fails until the instance has the variable ``amount``."""

from __future__ import annotations

from flowkeeper.engine.v1 import process_instance_pb2
from tests.engine.support import typed_map
from tests.engine.work_support import Work


def timer(kind: str, value: str, element_id: str) -> str:
    return (f'<bpmn:timerEventDefinition id="{element_id}_def"><bpmn:{kind} xsi:type="bpmn:tFormalExpression">'
            f"{value}</bpmn:{kind}></bpmn:timerEventDefinition>")


def catch_timer(process_key: str, value: str) -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
  <bpmn:intermediateCatchEvent id="Wait">{timer("timeDuration", value, "Wait")}</bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def timer_start(process_key: str) -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="EveryHour">{timer("timeCycle", "R2/PT1H", "EveryHour")}</bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="EveryHour" targetRef="WriteReport" />
  <bpmn:userTask id="WriteReport" />
  <bpmn:sequenceFlow id="f2" sourceRef="WriteReport" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def failing_gateway(process_key: str, *, retry_cycle: str = "", timer: str = "", start_cycle: str = "") -> str:
    """An asynchronous gateway (or, with ``timer``, a timer before it) whose condition needs the
    variable ``amount``; without it, the job fails. With ``start_cycle`` the start event is a
    timer start on that cycle and the gateway runs in its job: each start fails."""
    cycle = (f"<bpmn:extensionElements><camunda:failedJobRetryTimeCycle>{retry_cycle}"
             "</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>") if retry_cycle else ""
    before = "Start"
    wait = ""
    if timer:
        wait = (f'<bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition id="t1">'
                f'<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{timer}</bpmn:timeDuration>'
                f'</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>'
                f'<bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Wait" />')
        before = "Wait"
    start = (f'<bpmn:startEvent id="Start"><bpmn:timerEventDefinition id="t0"><bpmn:timeCycle '
             f'xsi:type="bpmn:tFormalExpression">{start_cycle}</bpmn:timeCycle></bpmn:timerEventDefinition>'
             '</bpmn:startEvent>') if start_cycle else '<bpmn:startEvent id="Start" />'
    asynchronous = "" if timer or start_cycle else ' camunda:asyncBefore="true"'
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  {start}
  {wait}
  <bpmn:sequenceFlow id="f1" sourceRef="{before}" targetRef="Gate" />
  <bpmn:exclusiveGateway id="Gate"{asynchronous} default="toSmall">{cycle}</bpmn:exclusiveGateway>
  <bpmn:sequenceFlow id="toBig" sourceRef="Gate" targetRef="Big">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{amount &gt; 10}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="toSmall" sourceRef="Gate" targetRef="Small" />
  <bpmn:userTask id="Big" />
  <bpmn:sequenceFlow id="f2" sourceRef="Big" targetRef="End1" />
  <bpmn:endEvent id="End1" />
  <bpmn:userTask id="Small" />
  <bpmn:sequenceFlow id="f3" sourceRef="Small" targetRef="End2" />
  <bpmn:endEvent id="End2" />
</bpmn:process>
"""


def failing_timer_start(process_key: str) -> str:
    """A timer start event (every hour, twice) whose every start fails at the gateway."""
    return failing_gateway(process_key, start_cycle="R2/PT1H")


def set_amount(work: Work, instance: str, amount: int) -> None:
    work.instances.ModifyVariables(process_instance_pb2.ModifyVariablesRequest(
        process_instance_id=instance, modifications=typed_map({"amount": amount})))
