"""Each supported construct, read from files saved the way Camunda Modeler saves them."""

from __future__ import annotations


import pytest

from server.engine.bpmn.parser import parse_bpmn
from server.engine.bpmn.spec import ElementKind, ProcessSpec, TimerKind, Trigger, TriggerKind, VariableMapping
from server.engine.expr import compile_expression
from tests.engine.resources import RESOURCES, bpmn
from tests.engine.resources.fixtures_source import FIXTURES
from tests.engine.resources.modeler import render

SUPPORTED = sorted(
    name for name in FIXTURES if not name.startswith(("unsupported_", "invalid_"))
)


def parse_one(name: str) -> ProcessSpec:
    [spec] = parse_bpmn(bpmn(name), name)
    return spec


def line_of(name: str, marker: str) -> int:
    for number, line in enumerate(bpmn(name).decode().splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not in {name}")


def E(text: str):  # noqa: N802 - reads like the spec field it builds
    return compile_expression(text)


NONE = Trigger(TriggerKind.NONE)


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_committed_fixtures_are_what_the_modeler_writer_renders(name: str) -> None:
    assert (RESOURCES / name).read_text(encoding="utf-8") == render(FIXTURES[name], name)


@pytest.mark.parametrize("name", SUPPORTED)
def test_every_supported_fixture_parses_and_is_consistent(name: str) -> None:
    specs = parse_bpmn(bpmn(name), name)
    assert specs
    for spec in specs:
        assert spec.is_executable
        for element in spec.elements.values():
            assert element.line == line_of(name, f'id="{element.id}"')
            assert element.tag == bpmn(name).decode().splitlines()[element.line - 1].split()[0].split(":")[1]
            for flow_id in element.outgoing:
                assert spec.flow(flow_id).source == element.id
            for flow_id in element.incoming:
                assert spec.flow(flow_id).target == element.id
            if element.scope_id is not None:
                assert spec.element(element.scope_id).kind is ElementKind.SUB_PROCESS
            if element.kind.is_event:
                assert element.trigger is not None
            for boundary_id in element.boundary_ids:
                assert spec.element(boundary_id).attached_to == element.id
        for flow in spec.flows.values():
            assert flow.line == line_of(name, f'id="{flow.id}"')
            assert flow.id in spec.element(flow.source).outgoing
            assert flow.id in spec.element(flow.target).incoming


@pytest.mark.parametrize("name", SUPPORTED)
def test_parsing_is_deterministic(name: str) -> None:
    first, second = parse_bpmn(bpmn(name), name), parse_bpmn(bpmn(name), name)
    assert first == second
    assert [list(s.elements) for s in first] == [list(s.elements) for s in second]


def test_one_external_task() -> None:
    spec = parse_one("one_external_task.bpmn")
    assert spec.key == "one_external_task"
    assert spec.name == "Charge card"
    assert spec.version_tag is None
    assert dict(spec.extras) == {"historyTimeToLive": "180"}
    assert spec.start_event_ids == ("StartEvent_1",)
    assert list(spec.elements) == ["StartEvent_1", "ChargeCard", "EndEvent_1"]
    start = spec.element("StartEvent_1")
    assert start.kind is ElementKind.START_EVENT and start.trigger == NONE and start.name == "Order placed"
    assert start.outgoing == ("Flow_0x1v2ka",) and start.incoming == ()
    assert spec.none_start_event() is start
    task = spec.element("ChargeCard")
    assert task.kind is ElementKind.EXTERNAL_TASK and task.tag == "serviceTask"
    assert task.topic == "charge-card"
    assert task.priority == E("10")
    assert task.incoming == ("Flow_0x1v2ka",) and task.outgoing == ("Flow_1m2b7dq",)
    assert task.trigger is None and task.scope_id is None and not task.is_scope
    assert (task.async_before, task.async_after, task.exclusive, task.retry_time_cycle) == (False, False, True, None)
    end = spec.element("EndEvent_1")
    assert end.kind is ElementKind.END_EVENT and end.trigger == NONE and end.outgoing == ()
    flow = spec.flow("Flow_0x1v2ka")
    assert (flow.source, flow.target, flow.condition, flow.name) == ("StartEvent_1", "ChargeCard", None, None)
    assert spec.message_names == () and spec.signal_names == ()


def test_parallel_fork_and_join_with_three_user_tasks() -> None:
    spec = parse_one("parallel_review.bpmn")
    fork, join = spec.element("Fork"), spec.element("Join")
    assert fork.kind is ElementKind.PARALLEL_GATEWAY and join.kind is ElementKind.PARALLEL_GATEWAY
    assert fork.outgoing == ("Flow_toLegal", "Flow_toFinance", "Flow_toTech")
    assert join.incoming == ("Flow_fromLegal", "Flow_fromFinance", "Flow_fromTech")
    assert fork.kind.is_gateway and not fork.kind.is_activity
    legal, finance, tech = (spec.element(i) for i in ("ReviewLegal", "ReviewFinance", "ReviewTech"))
    assert legal.kind is ElementKind.USER_TASK
    assert legal.assignee == E("legal-lead") and legal.candidate_groups is None
    assert finance.candidate_groups == E("finance") and finance.assignee is None
    assert tech.candidate_users == E("alice,bob")


def test_embedded_subprocesses_nest_scopes() -> None:
    spec = parse_one("embedded_subprocess.bpmn")
    assert list(spec.elements) == [
        "StartEvent_1", "PackOrder", "PackStart", "CheckItems", "CheckStart", "CheckItem", "CheckEnd",
        "PackItems", "PackEnd", "ShipOrder", "EndEvent_1",
    ]
    scopes = {e.id: e.scope_id for e in spec.elements.values()}
    assert scopes == {
        "StartEvent_1": None, "PackOrder": None, "ShipOrder": None, "EndEvent_1": None,
        "PackStart": "PackOrder", "CheckItems": "PackOrder", "PackItems": "PackOrder", "PackEnd": "PackOrder",
        "CheckStart": "CheckItems", "CheckItem": "CheckItems", "CheckEnd": "CheckItems",
    }
    pack = spec.element("PackOrder")
    assert pack.kind is ElementKind.SUB_PROCESS and pack.is_scope
    assert pack.start_event_ids == ("PackStart",)
    assert spec.element("CheckItems").start_event_ids == ("CheckStart",)
    assert spec.none_start_event("PackOrder").id == "PackStart"
    assert spec.none_start_event("CheckItems").id == "CheckStart"
    assert spec.start_event_ids == ("StartEvent_1",)
    assert spec.element("PackStart").incoming == () and spec.element("PackEnd").outgoing == ()
    assert spec.flow("Flow_0c8rtu2").source == "CheckStart"


def test_message_catch() -> None:
    spec = parse_one("message_catch.bpmn")
    wait = spec.element("WaitForPayment")
    assert wait.kind is ElementKind.INTERMEDIATE_CATCH_EVENT
    assert wait.trigger == Trigger(TriggerKind.MESSAGE, name=E("PaymentReceived"))
    assert wait.trigger.name.is_constant
    assert spec.message_names == ("PaymentReceived",)


def test_signal_catch_and_throw() -> None:
    catch = parse_one("signal_catch.bpmn")
    assert catch.element("WaitForGoLive").trigger == Trigger(TriggerKind.SIGNAL, name=E("GoLive"))
    assert catch.signal_names == ("GoLive",)
    throw = parse_one("signal_throw.bpmn")
    announce = throw.element("AnnounceGoLive")
    assert announce.kind is ElementKind.INTERMEDIATE_THROW_EVENT
    assert announce.trigger == Trigger(TriggerKind.SIGNAL, name=E("GoLive"))
    milestone = throw.element("MilestoneReached")
    assert milestone.kind is ElementKind.INTERMEDIATE_THROW_EVENT and milestone.trigger == NONE
    assert throw.signal_names == ("GoLive",)


def test_timers_catch_and_boundaries() -> None:
    spec = parse_one("timers.bpmn")
    wait = spec.element("Wait5Minutes")
    assert wait.trigger.kind is TriggerKind.TIMER
    assert wait.trigger.timer.kind is TimerKind.DURATION and wait.trigger.timer.value == E("PT5M")
    review = spec.element("ReviewDocument")
    assert review.boundary_ids == ("Escalate", "Remind") and review.is_scope
    escalate, remind = spec.element("Escalate"), spec.element("Remind")
    assert escalate.kind is ElementKind.BOUNDARY_EVENT
    assert (escalate.attached_to, escalate.cancel_activity) == ("ReviewDocument", True)
    assert escalate.trigger.timer.kind is TimerKind.DURATION and escalate.trigger.timer.value == E("P1D")
    assert (remind.attached_to, remind.cancel_activity) == ("ReviewDocument", False)
    assert remind.trigger.timer.kind is TimerKind.CYCLE and remind.trigger.timer.value == E("R3/PT1H")
    assert escalate.incoming == () and escalate.outgoing == ("Flow_0g8zj3l",)
    assert escalate.scope_id is None


def test_timer_start_event() -> None:
    spec = parse_one("timer_start.bpmn")
    assert spec.start_event_ids == ("EveryHour",)
    start = spec.element("EveryHour")
    assert start.trigger.kind is TriggerKind.TIMER
    assert start.trigger.timer.kind is TimerKind.CYCLE and start.trigger.timer.value == E("R2/PT1H")
    assert spec.none_start_event() is None


def test_error_boundaries_on_an_external_task() -> None:
    spec = parse_one("external_task_error.bpmn")
    task = spec.element("CallPaymentProvider")
    assert task.boundary_ids == ("PaymentDeclined", "AnyError")
    declined, any_error = spec.element("PaymentDeclined"), spec.element("AnyError")
    assert declined.trigger == Trigger(TriggerKind.ERROR, error_code="PAYMENT_DECLINED")
    assert any_error.trigger == Trigger(TriggerKind.ERROR)  # no errorRef: catches every error
    assert declined.cancel_activity and any_error.cancel_activity


def test_event_based_gateway() -> None:
    spec = parse_one("event_based_gateway.bpmn")
    gateway = spec.element("WaitForAnswer")
    assert gateway.kind is ElementKind.EVENT_BASED_GATEWAY
    assert [spec.flow(f).target for f in gateway.outgoing] == ["AnswerReceived", "AnswerTimeout", "OrderCancelled"]
    assert spec.element("AnswerReceived").trigger == Trigger(TriggerKind.MESSAGE, name=E("CustomerAnswered"))
    assert spec.element("AnswerTimeout").trigger.timer.value == E("PT2H")
    assert spec.element("OrderCancelled").trigger == Trigger(TriggerKind.SIGNAL, name=E("OrderCancelled"))
    assert spec.message_names == ("CustomerAnswered",) and spec.signal_names == ("OrderCancelled",)


def test_inclusive_gateway_with_conditions_and_default() -> None:
    spec = parse_one("inclusive_gateway.bpmn")
    gateway = spec.element("WhatIsNeeded")
    assert gateway.kind is ElementKind.INCLUSIVE_GATEWAY
    assert gateway.default_flow == "Flow_nothing"
    assert gateway.outgoing == ("Flow_invoice", "Flow_shipping", "Flow_nothing")
    assert spec.flow("Flow_invoice").condition == E("${needsInvoice}")
    assert spec.flow("Flow_invoice").name == "invoice"
    assert spec.flow("Flow_shipping").condition.variable_names == frozenset({"needsShipping"})
    assert spec.flow("Flow_nothing").condition is None
    assert spec.element("NothingToDo").kind is ElementKind.MANUAL_TASK
    assert spec.element("Merge").incoming == ("Flow_0p2w0k9", "Flow_1fa9j1l", "Flow_0lmcx1b")


def test_exclusive_gateway_with_conditions_and_default() -> None:
    spec = parse_one("exclusive_gateway.bpmn")
    gateway = spec.element("AmountCheck")
    assert gateway.kind is ElementKind.EXCLUSIVE_GATEWAY and gateway.default_flow == "Flow_small"
    large, medium = spec.flow("Flow_large").condition, spec.flow("Flow_medium").condition
    assert large == E("${amount > 1000}")
    assert medium == E("${amount >= 100 && amount <= 1000}")
    variables = {"amount": 500}
    assert large.evaluate_condition(variables.__getitem__) is False
    assert medium.evaluate_condition(variables.__getitem__) is True
    assert spec.flow("Flow_large").name == "> 1000"
    assert spec.element("AutoApprove").kind is ElementKind.TASK


def test_call_activity_two_levels() -> None:
    parent = parse_one("call_parent.bpmn")
    call = parent.element("CallChild")
    assert call.kind is ElementKind.CALL_ACTIVITY
    assert call.called_element == E("call_child")
    assert (call.called_element_binding, call.called_element_version, call.called_element_tenant_id) == (
        "latest", None, None,
    )
    assert call.in_mappings == (
        VariableMapping(business_key=E("${orderId}")),
        VariableMapping(source="orderId", target="orderId"),
        VariableMapping(source_expression=E("${amount * 2}"), target="doubledAmount"),
    )
    assert call.out_mappings == (VariableMapping(source="childResult", target="result"),)
    child = parse_one("call_child.bpmn")
    call = child.element("CallGrandchild")
    assert call.called_element == E("call_grandchild") and call.called_element_binding == "deployment"
    assert call.in_mappings == (VariableMapping(all=True),)
    assert call.out_mappings == (VariableMapping(all=True, local=True),)
    grandchild = parse_one("call_grandchild.bpmn")
    assert grandchild.element("GrandchildWork").topic == "grandchild-work"
    # Only the processes with a call activity look for called instances when paths end.
    assert parent.calls_processes and child.calls_processes and not grandchild.calls_processes


def test_a_call_activity_inside_a_subprocess_makes_the_process_a_caller() -> None:
    body = """
<bpmn:process id="nested_call" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Outer" />
  <bpmn:subProcess id="Outer">
    <bpmn:startEvent id="InnerStart" />
    <bpmn:sequenceFlow id="f2" sourceRef="InnerStart" targetRef="Call" />
    <bpmn:callActivity id="Call" calledElement="call_grandchild" />
    <bpmn:sequenceFlow id="f3" sourceRef="Call" targetRef="InnerEnd" />
    <bpmn:endEvent id="InnerEnd" />
  </bpmn:subProcess>
  <bpmn:sequenceFlow id="f4" sourceRef="Outer" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""
    [spec] = parse_bpmn(render(body, "nested_call").encode(), "nested_call.bpmn")
    assert spec.element("Call").scope_id == "Outer" and spec.calls_processes
    assert not parse_one("embedded_subprocess.bpmn").calls_processes


def test_async_continuations_and_retry_cycle() -> None:
    spec = parse_one("async_continuations.bpmn")
    flags = {e.id: (e.async_before, e.async_after, e.exclusive) for e in spec.elements.values()}
    assert flags == {
        "StartEvent_1": (True, False, True),
        "PrepareData": (True, False, True),
        "Publish": (False, True, False),
        "Merge": (True, False, True),
        "EndEvent_1": (True, False, True),
    }
    assert spec.element("PrepareData").retry_time_cycle == "R3/PT5M"
    assert spec.element("Publish").retry_time_cycle is None


def test_receive_tasks() -> None:
    spec = parse_one("receive_task.bpmn")
    confirmation = spec.element("WaitForConfirmation")
    assert confirmation.kind is ElementKind.RECEIVE_TASK
    assert confirmation.trigger == Trigger(TriggerKind.MESSAGE, name=E("Confirmation-${orderId}"))
    assert confirmation.trigger.name.evaluate({"orderId": 7}.__getitem__) == "Confirmation-7"
    assert spec.element("WaitForSignal").trigger is None  # waits for SignalExecution
    assert spec.message_names == ("Confirmation-${orderId}",)


def test_user_task_attributes() -> None:
    spec = parse_one("user_tasks.bpmn")
    assert spec.version_tag == "1.2.0"
    task = spec.element("ApproveInvoice")
    assert task.assignee == E("${approver}")
    assert task.candidate_users == E("alice, bob")
    assert task.candidate_groups == E("accounting,management")
    assert task.due_date == E("${dueDate}")
    assert task.follow_up_date == E("2030-01-01T09:00:00Z")
    assert task.form_key == "embedded:app:forms/approve.html"
    assert task.priority == E("60")
    plain = spec.element("ArchiveInvoice")
    assert (plain.assignee, plain.candidate_users, plain.candidate_groups, plain.due_date, plain.form_key) == (
        None, None, None, None, None,
    )


def test_terminate_end_event() -> None:
    spec = parse_one("terminate_end.bpmn")
    assert spec.element("Terminate").trigger == Trigger(TriggerKind.TERMINATE)
    assert spec.element("EndEvent_1").trigger == NONE


def test_error_end_event_in_a_subprocess_caught_by_a_boundary() -> None:
    spec = parse_one("error_end_subprocess.bpmn")
    invalid_end = spec.element("InvalidEnd")
    assert invalid_end.scope_id == "Validate"
    assert invalid_end.trigger == Trigger(
        TriggerKind.ERROR, error_code="DOCUMENTS_INVALID", error_message="The documents are invalid"
    )
    validate = spec.element("Validate")
    assert validate.boundary_ids == ("DocumentsInvalid",)
    boundary = spec.element("DocumentsInvalid")
    assert boundary.scope_id is None and boundary.attached_to == "Validate"
    assert boundary.trigger.error_code == "DOCUMENTS_INVALID"
    assert spec.element("AreValid").default_flow == "Flow_invalid"
    assert spec.element("AreValid").scope_id == "Validate"


def test_message_start_event_beside_a_none_start_event() -> None:
    spec = parse_one("message_start.bpmn")
    assert spec.start_event_ids == ("ManualStart", "OrderReceived")
    assert spec.element("OrderReceived").trigger == Trigger(TriggerKind.MESSAGE, name=E("StartOrder"))
    assert spec.none_start_event().id == "ManualStart"
    assert spec.message_names == ("StartOrder",)


def test_collaboration_lanes_and_artifacts_are_ignored() -> None:
    specs = parse_bpmn(bpmn("collaboration_lanes.bpmn"), "collaboration_lanes.bpmn")
    assert [s.key for s in specs] == ["collaboration_lanes"]  # the customer's process is not executable
    spec = specs[0]
    assert list(spec.elements) == ["OrderStart", "PickItems", "ShipItems", "EndEvent_1"]
    assert dict(spec.extras) == {"historyTimeToLive": "180", "isStartableInTasklist": "false"}


def test_two_executable_processes_in_one_file() -> None:
    specs = parse_bpmn(bpmn("two_processes.bpmn"), "two_processes.bpmn")
    assert [s.key for s in specs] == ["two_processes_orders", "two_processes_billing"]
    orders, billing = specs
    assert orders.message_names == ()
    assert billing.message_names == ("BillOrder",)
    send = billing.element("SendBill")
    assert send.kind is ElementKind.EXTERNAL_TASK and send.tag == "sendTask" and send.topic == "send-bill"


def test_parse_of_200_elements_is_deterministic() -> None:
    tasks = []
    previous = "StartEvent_1"
    for i in range(100):
        tasks.append(
            f'<bpmn:serviceTask id="Task_{i}" camunda:type="external" camunda:topic="t{i}" camunda:asyncBefore="true" />'
            f'<bpmn:sequenceFlow id="Flow_{i}" sourceRef="{previous}" targetRef="Task_{i}">'
            + (f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{n &gt; {i}}}</bpmn:conditionExpression>'
               if i % 10 == 1 else "")
            + "</bpmn:sequenceFlow>"
        )
        previous = f"Task_{i}"
    body = (
        '<bpmn:process id="big" isExecutable="true"><bpmn:startEvent id="StartEvent_1" />'
        + "".join(tasks)
        + f'<bpmn:sequenceFlow id="Flow_end" sourceRef="{previous}" targetRef="End" /><bpmn:endEvent id="End" />'
        "</bpmn:process>"
    )
    data = render(body, "big").encode()
    assert data.count(b"<bpmndi:BPMNShape") == 102
    (first,) = parse_bpmn(data, "big.bpmn")
    compile_expression.cache_clear()
    (again,) = parse_bpmn(data, "big.bpmn")
    assert len(first.elements) == 102 and list(first.elements) == list(again.elements)
    assert [f.condition.text if f.condition else None for f in first.flows.values()] == [
        f.condition.text if f.condition else None for f in again.flows.values()
    ]
