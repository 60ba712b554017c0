"""Details of the specs the parser builds, on small documents."""

from __future__ import annotations

from server.engine.bpmn.parser import parse_bpmn
from server.engine.bpmn.spec import ElementKind, ProcessSpec, TimerKind, Trigger, TriggerKind, VariableMapping
from server.engine.expr import compile_expression as E
from tests.engine.bpmn.snippets import around, definitions, process


def one(data: bytes) -> ProcessSpec:
    [spec] = parse_bpmn(data, "details.bpmn")
    return spec


def test_process_task_priority_is_the_default_of_external_tasks() -> None:
    spec = one(process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" />\n'
        '<bpmn:serviceTask id="a" camunda:type="external" camunda:topic="a" />\n'
        '<bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b" />\n'
        '<bpmn:serviceTask id="b" camunda:type="external" camunda:topic="b" camunda:taskPriority="${prio}" />\n'
        '<bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="e" />\n<bpmn:endEvent id="e" />',
        attributes='id="p" isExecutable="true" camunda:taskPriority="7" camunda:jobPriority="3"',
    ))
    assert spec.element("a").priority == E("7")
    assert spec.element("b").priority == E("${prio}")


def test_missing_is_executable_means_executable_and_non_executable_processes_are_skipped() -> None:
    body = '<bpmn:startEvent id="{k}s" />\n<bpmn:sequenceFlow id="{k}f" sourceRef="{k}s" targetRef="{k}e" />\n<bpmn:endEvent id="{k}e" />'
    data = definitions(
        f'<bpmn:process id="a">\n{body.format(k="a")}\n</bpmn:process>\n'
        f'<bpmn:process id="b" isExecutable="false">\n{body.format(k="b")}\n</bpmn:process>\n'
        f'<bpmn:process id="c" isExecutable="true">\n{body.format(k="c")}\n</bpmn:process>'
    )
    assert [s.key for s in parse_bpmn(data, "x.bpmn")] == ["a", "c"]


def test_call_activity_version_binding_and_tenant() -> None:
    spec = one(around(
        '<bpmn:callActivity id="c" calledElement="${childKey}" camunda:calledElementBinding="version" '
        'camunda:calledElementVersion="3" camunda:calledElementTenantId="${tenantId}" camunda:asyncAfter="true">\n'
        "<bpmn:extensionElements>\n"
        '<camunda:in variables="all" local="true" />\n<camunda:out sourceExpression="${a + 1}" target="b" local="true" />\n'
        "</bpmn:extensionElements>\n</bpmn:callActivity>", "c"))
    call = spec.element("c")
    assert call.called_element == E("${childKey}")
    assert (call.called_element_binding, call.called_element_version) == ("version", 3)
    assert call.called_element_tenant_id == E("${tenantId}")
    assert call.in_mappings == (VariableMapping(all=True, local=True),)
    assert call.out_mappings == (VariableMapping(source_expression=E("${a + 1}"), target="b", local=True),)
    assert call.async_after


def test_version_is_ignored_unless_the_binding_is_version() -> None:
    spec = one(around('<bpmn:callActivity id="c" calledElement="k" camunda:calledElementVersion="3" />', "c"))
    assert (spec.element("c").called_element_binding, spec.element("c").called_element_version) == ("latest", None)


def test_conditional_flows_and_default_flow_on_an_activity() -> None:
    spec = one(process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />\n'
        '<bpmn:task id="t" default="plain" />\n'
        '<bpmn:sequenceFlow id="cond" sourceRef="t" targetRef="e">\n'
        '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\n      ${ok}\n    </bpmn:conditionExpression>\n'
        '</bpmn:sequenceFlow>\n<bpmn:sequenceFlow id="plain" sourceRef="t" targetRef="e" />\n<bpmn:endEvent id="e" />'))
    task = spec.element("t")
    assert task.default_flow == "plain" and task.outgoing == ("cond", "plain")
    assert spec.flow("cond").condition == E("${ok}")  # surrounding whitespace trimmed, as Camunda does


def test_the_deprecated_async_attribute_means_async_before() -> None:
    spec = one(around('<bpmn:task id="t" camunda:async="true" />', "t"))
    assert spec.element("t").async_before


def test_boundary_message_and_signal_events() -> None:
    spec = one(around(
        '<bpmn:userTask id="u" />\n'
        '<bpmn:boundaryEvent id="bm" attachedToRef="u" cancelActivity="false">\n'
        '<bpmn:messageEventDefinition messageRef="m" />\n</bpmn:boundaryEvent>\n'
        '<bpmn:boundaryEvent id="bs" attachedToRef="u">\n<bpmn:signalEventDefinition signalRef="s" />\n</bpmn:boundaryEvent>\n'
        '<bpmn:sequenceFlow id="fm" sourceRef="bm" targetRef="End" />\n<bpmn:sequenceFlow id="fs" sourceRef="bs" targetRef="End" />',
        "u",
        '<bpmn:message id="m" name="Nudge-${id}" />\n<bpmn:signal id="s" name="Abort" />'))
    assert spec.element("u").boundary_ids == ("bm", "bs")
    nudge, abort = spec.element("bm"), spec.element("bs")
    assert nudge.trigger == Trigger(TriggerKind.MESSAGE, name=E("Nudge-${id}")) and not nudge.cancel_activity
    assert abort.trigger == Trigger(TriggerKind.SIGNAL, name=E("Abort")) and abort.cancel_activity
    assert spec.message_names == ("Nudge-${id}",) and spec.signal_names == ("Abort",)
    assert spec.element("End").incoming == ("fm", "fs", "Out")  # document order of the flows


def test_boundary_inside_a_subprocess_shares_its_scope() -> None:
    spec = one(around(
        '<bpmn:subProcess id="sp">\n<bpmn:startEvent id="ss" />\n<bpmn:sequenceFlow id="sf" sourceRef="ss" targetRef="it" />\n'
        '<bpmn:serviceTask id="it" camunda:type="external" camunda:topic="x" />\n'
        '<bpmn:boundaryEvent id="ib" attachedToRef="it"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>\n'
        '<bpmn:sequenceFlow id="sf2" sourceRef="it" targetRef="se" />\n<bpmn:sequenceFlow id="sf3" sourceRef="ib" targetRef="se" />\n'
        '<bpmn:endEvent id="se" />\n</bpmn:subProcess>', "sp", '<bpmn:error id="err" name="No code" />'))
    boundary = spec.element("ib")
    assert boundary.scope_id == "sp" and boundary.attached_to == "it"
    assert boundary.trigger == Trigger(TriggerKind.ERROR)  # the referenced error has no code: catches all
    assert spec.element("it").boundary_ids == ("ib",) and spec.element("it").is_scope


def test_timer_expressions_are_not_validated_until_run_time() -> None:
    spec = one(around(
        '<bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition>'
        '<bpmn:timeDate xsi:type="bpmn:tFormalExpression">${deadline}</bpmn:timeDate>'
        "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>", "w"))
    timer = spec.element("w").trigger.timer
    assert timer.kind is TimerKind.DATE and timer.value == E("${deadline}")
    assert timer.value.variable_names == frozenset({"deadline"})


def test_timer_start_with_a_constant_expression_and_a_date() -> None:
    spec = one(process(
        '<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeDate>2030-05-01T08:00:00Z</bpmn:timeDate>'
        '</bpmn:timerEventDefinition></bpmn:startEvent>\n'
        '<bpmn:startEvent id="s2"><bpmn:timerEventDefinition><bpmn:timeDuration>${\'PT1H\'}</bpmn:timeDuration>'
        '</bpmn:timerEventDefinition></bpmn:startEvent>\n'
        '<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n<bpmn:sequenceFlow id="f2" sourceRef="s2" targetRef="e" />\n'
        '<bpmn:endEvent id="e" />'))
    assert spec.start_event_ids == ("s", "s2")
    assert spec.element("s").trigger.timer.value == E("2030-05-01T08:00:00Z")
    assert spec.none_start_event() is None


def test_ignored_elements_and_attributes() -> None:
    spec = one(process(
        "<bpmn:documentation>doc</bpmn:documentation>\n"
        '<bpmn:ioSpecification id="io" />\n'
        '<other:note xmlns:other="urn:other">foreign elements are not BPMN</other:note>\n'
        '<bpmn:startEvent id="s" camunda:formKey="start-form" camunda:jobPriority="1" other:x="1" xmlns:other="urn:other">\n'
        "<bpmn:documentation>d</bpmn:documentation>\n<bpmn:extensionElements>\n"
        '<camunda:formData><camunda:formField id="a" type="string" /></camunda:formData>\n'
        '<camunda:properties><camunda:property name="k" value="v" /></camunda:properties>\n'
        '<other:meta xmlns:other="urn:other" />\n'
        "</bpmn:extensionElements>\n</bpmn:startEvent>\n"
        '<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="u" />\n'
        '<bpmn:userTask id="u" camunda:formRef="f" camunda:formRefBinding="latest" implementation="##unspecified">\n'
        '<bpmn:rendering id="r" />\n</bpmn:userTask>\n'
        '<bpmn:sequenceFlow id="f2" sourceRef="u" targetRef="e" />\n<bpmn:endEvent id="e" />\n'
        '<bpmn:group id="g" />\n<bpmn:category id="cat" />',
        '<bpmn:itemDefinition id="item" />\n<bpmn:escalation id="esc" />\n<bpmn:dataStore id="ds" />\n'
        '<bpmn:interface id="if" name="i" />',
    ))
    assert list(spec.elements) == ["s", "u", "e"]
    assert spec.element("u").form_key is None


def test_none_start_event_inside_a_subprocess_and_message_names_are_deduplicated() -> None:
    spec = one(process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="a" />\n'
        '<bpmn:receiveTask id="a" messageRef="m" />\n<bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="b" />\n'
        '<bpmn:intermediateCatchEvent id="b"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>\n'
        '<bpmn:sequenceFlow id="f3" sourceRef="b" targetRef="c" />\n'
        '<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition messageRef="m2" /></bpmn:intermediateCatchEvent>\n'
        '<bpmn:sequenceFlow id="f4" sourceRef="c" targetRef="e" />\n<bpmn:endEvent id="e" />',
        '<bpmn:message id="m" name="Second" />\n<bpmn:message id="m2" name="First" />'))
    assert spec.message_names == ("Second", "First")


def test_attribute_values_are_trimmed() -> None:
    spec = one(around(
        '<bpmn:serviceTask id="x" camunda:type="external" camunda:topic=" pay " camunda:taskPriority=" 5 " />', "x"))
    assert spec.element("x").topic == "pay" and spec.element("x").priority == E("5")


def test_kinds_of_every_task() -> None:
    tasks = {
        "service": '<bpmn:serviceTask id="service" camunda:type="external" camunda:topic="t" />',
        "send": '<bpmn:sendTask id="send" camunda:type="external" camunda:topic="t" />',
        "rule": '<bpmn:businessRuleTask id="rule" camunda:type="external" camunda:topic="t" />',
        "user": '<bpmn:userTask id="user" />',
        "receive": '<bpmn:receiveTask id="receive" />',
        "manual": '<bpmn:manualTask id="manual" />',
        "plain": '<bpmn:task id="plain" />',
    }
    chain = ['<bpmn:startEvent id="s" />']
    previous = "s"
    for task_id, xml in tasks.items():
        chain += [f'<bpmn:sequenceFlow id="to_{task_id}" sourceRef="{previous}" targetRef="{task_id}" />', xml]
        previous = task_id
    chain += [f'<bpmn:sequenceFlow id="to_e" sourceRef="{previous}" targetRef="e" />', '<bpmn:endEvent id="e" />']
    spec = one(process("\n".join(chain)))
    kinds = {i: (spec.element(i).kind, spec.element(i).tag) for i in tasks}
    assert kinds == {
        "service": (ElementKind.EXTERNAL_TASK, "serviceTask"),
        "send": (ElementKind.EXTERNAL_TASK, "sendTask"),
        "rule": (ElementKind.EXTERNAL_TASK, "businessRuleTask"),
        "user": (ElementKind.USER_TASK, "userTask"),
        "receive": (ElementKind.RECEIVE_TASK, "receiveTask"),
        "manual": (ElementKind.MANUAL_TASK, "manualTask"),
        "plain": (ElementKind.TASK, "task"),
    }
    assert all(spec.element(i).kind.is_activity for i in tasks)


def test_default_namespace_and_other_prefixes() -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:c="http://camunda.org/schema/1.0/bpmn"
             id="d" targetNamespace="urn:x">
  <process id="plain_namespace" isExecutable="true">
    <startEvent id="s" />
    <sequenceFlow id="f" sourceRef="s" targetRef="t" />
    <serviceTask id="t" c:type="external" c:topic="work" />
    <sequenceFlow id="f2" sourceRef="t" targetRef="e" />
    <endEvent id="e" />
  </process>
</definitions>
"""
    spec = one(data)
    assert spec.key == "plain_namespace"
    assert spec.element("t").topic == "work" and spec.element("t").line == 7
