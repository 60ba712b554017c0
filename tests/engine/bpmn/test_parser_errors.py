"""What the parser refuses, and how: reason, element, id and line of every fault."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from server.engine.bpmn import xmltree
from server.engine.bpmn.parser import parse_bpmn
from server.errors import Code, FieldViolation, InvalidArgument
from tests.engine.bpmn.snippets import HEADER, around, definitions, line_of, process
from tests.engine.resources import bpmn

def refuse(data: bytes, name: str = "order.bpmn") -> InvalidArgument:
    with pytest.raises(InvalidArgument) as info:
        parse_bpmn(data, name)
    return info.value


@dataclass
class Case:
    id: str
    data: bytes
    element: str | None
    element_id: str | None
    marker: str  # the line the error must point at is the first one containing this
    says: str  # part of the message

    def __str__(self) -> str:
        return self.id


def check(case: Case, reason: str) -> InvalidArgument:
    error = refuse(case.data)
    assert error.reason == reason, error.message
    assert case.says in error.message, error.message
    line = line_of(case.data, case.marker)
    assert error.message.startswith(f"order.bpmn line {line}: "), error.message
    assert error.metadata["line"] == str(line)
    assert error.metadata.get("element") == case.element, error.metadata
    assert error.metadata.get("element_id") == case.element_id, error.metadata
    assert error.metadata["resource"] == "order.bpmn"
    assert error.metadata["type"] == "bad_request"
    assert error.field_violations == (FieldViolation("resources[order.bpmn]", error.message, reason),)
    return error


# -- UNSUPPORTED_BPMN_ELEMENT -----------------------------------------------------------------

CATCH = '<bpmn:startEvent id="Start" />\n<bpmn:sequenceFlow id="In" sourceRef="Start" targetRef="{id}" />\n'

UNSUPPORTED = [
    Case("scriptTask", around('<bpmn:scriptTask id="calc" scriptFormat="groovy"><bpmn:script>1</bpmn:script></bpmn:scriptTask>', "calc"),
         "scriptTask", "calc", 'id="calc"', "scriptTask 'calc' is not supported (scripts are not executed"),
    Case("java delegate", around('<bpmn:serviceTask id="mail" camunda:class="com.example.Mail" />', "mail"),
         "serviceTask", "mail", 'id="mail"', "serviceTask 'mail' is not supported: Java delegates are not executed"),
    Case("expression", around('<bpmn:serviceTask id="x" camunda:expression="${bean.run()}" />', "x"),
         "serviceTask", "x", 'id="x"', "serviceTask 'x' is not supported: expressions as implementations"),
    Case("delegate expression", around('<bpmn:serviceTask id="x" camunda:delegateExpression="${bean}" />', "x"),
         "serviceTask", "x", 'id="x"', "serviceTask 'x' is not supported: delegate expressions"),
    Case("no type", around('<bpmn:serviceTask id="x" name="Do it" />', "x"),
         "serviceTask", "x", 'id="x"', "serviceTask 'x' is not supported: it has no camunda:type"),
    Case("other type", around('<bpmn:sendTask id="x" camunda:type="mail" camunda:topic="t" />', "x"),
         "sendTask", "x", 'id="x"', "sendTask 'x' is not supported: camunda:type='mail' is not supported"),
    Case("decision", around('<bpmn:serviceTask id="x" camunda:decisionRef="rules" />', "x"),
         "serviceTask", "x", 'id="x"', "serviceTask 'x' is not supported: DMN decisions are evaluated by business rule"),
    Case("zeebe task", around(
        '<bpmn:serviceTask id="x">\n<bpmn:extensionElements>\n<zeebe:taskDefinition type="work" />\n'
        "</bpmn:extensionElements>\n</bpmn:serviceTask>", "x"),
         "serviceTask", "x", 'id="x"', "it has no camunda:type"),
    Case("connector", around(
        '<bpmn:serviceTask id="x">\n<bpmn:extensionElements>\n<camunda:connector><camunda:connectorId>http-connector'
        "</camunda:connectorId></camunda:connector>\n</bpmn:extensionElements>\n</bpmn:serviceTask>", "x"),
         "camunda:connector", "x", "<camunda:connector>", "serviceTask 'x': camunda:connector is not supported"),
    Case("result variable", around('<bpmn:serviceTask id="x" camunda:type="external" camunda:topic="t" camunda:resultVariable="r" />', "x"),
         "serviceTask", "x", 'id="x"', "camunda:resultVariable is not supported"),
    Case("topic expression", around('<bpmn:serviceTask id="x" camunda:type="external" camunda:topic="${topic}" />', "x"),
         "serviceTask", "x", 'id="x"', "expressions in camunda:topic are not supported"),
    Case("complexGateway", around('<bpmn:complexGateway id="g" />', "g"),
         "complexGateway", "g", 'id="g"', "complexGateway 'g' is not supported"),
    Case("adHocSubProcess", around('<bpmn:adHocSubProcess id="a" />', "a"), "adHocSubProcess", "a", 'id="a"',
         "adHocSubProcess 'a' is not supported"),
    # a worker sends a message end event's message (camunda:type="external" with a topic)
    Case("message end", around('<bpmn:task id="t" />', "t").replace(
        b'<bpmn:endEvent id="End" />',
        b'<bpmn:endEvent id="End">\n<bpmn:messageEventDefinition id="md" />\n</bpmn:endEvent>'),
         "messageEventDefinition", "End", 'id="md"', "endEvent 'End' is not supported: it has no camunda:type"),
    Case("error catch", around(
        '<bpmn:intermediateCatchEvent id="c">\n<bpmn:errorEventDefinition id="ed" />\n</bpmn:intermediateCatchEvent>', "c"),
         "errorEventDefinition", "c", 'id="ed"', "error intermediate catch events are not supported"),
    Case("two definitions", around(
        '<bpmn:intermediateCatchEvent id="c">\n<bpmn:messageEventDefinition messageRef="m" />\n'
        '<bpmn:signalEventDefinition signalRef="s" />\n</bpmn:intermediateCatchEvent>', "c"),
         "intermediateCatchEvent", "c", 'id="c"', "events with several event definitions are not supported"),
    Case("loop", around('<bpmn:task id="t">\n<bpmn:standardLoopCharacteristics />\n</bpmn:task>', "t"),
         "standardLoopCharacteristics", "t", "<bpmn:standardLoopCharacteristics",
         "loop activities (standardLoopCharacteristics) are not supported"),
    Case("potential owner", around(
        '<bpmn:userTask id="u">\n<bpmn:potentialOwner><bpmn:resourceAssignmentExpression><bpmn:formalExpression>'
        "group(x)</bpmn:formalExpression></bpmn:resourceAssignmentExpression></bpmn:potentialOwner>\n</bpmn:userTask>", "u"),
         "potentialOwner", "u", "<bpmn:potentialOwner>", "potentialOwner is not supported (use camunda:assignee"),
    Case("input output", around(
        '<bpmn:userTask id="u">\n<bpmn:extensionElements>\n<camunda:inputOutput>\n'
        '<camunda:inputParameter name="a">1</camunda:inputParameter>\n</camunda:inputOutput>\n'
        "</bpmn:extensionElements>\n</bpmn:userTask>", "u"),
         "camunda:inputOutput", "u", "<camunda:inputOutput>", "userTask 'u': camunda:inputOutput mappings are not supported"),
    Case("task listener", bpmn("unsupported_listener.bpmn"), "camunda:taskListener", "ReviewOrder",
         "<camunda:taskListener", "camunda:taskListener is not supported (listeners would not run)"),
    Case("execution listener on process", process(
        '<bpmn:extensionElements>\n<camunda:executionListener class="a.B" event="start" />\n</bpmn:extensionElements>\n'
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n<bpmn:endEvent id="e" />'),
         "camunda:executionListener", "p", "<camunda:executionListener", "process 'p': camunda:executionListener"),
    Case("execution listener on flow", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e">\n<bpmn:extensionElements>\n'
        '<camunda:executionListener expression="${x}" event="take" />\n</bpmn:extensionElements>\n</bpmn:sequenceFlow>\n'
        '<bpmn:endEvent id="e" />'),
         "camunda:executionListener", "f", "<camunda:executionListener", "sequenceFlow 'f': camunda:executionListener"),
    Case("execution listener on event", around('<bpmn:task id="t" />', "t").replace(
        b'<bpmn:endEvent id="End" />',
        b'<bpmn:endEvent id="End">\n<bpmn:extensionElements>\n<camunda:executionListener class="a.B" event="end" />\n'
        b"</bpmn:extensionElements>\n</bpmn:endEvent>"),
         "camunda:executionListener", "End", "<camunda:executionListener", "endEvent 'End': camunda:executionListener"),
    Case("field injection", around(
        '<bpmn:task id="t">\n<bpmn:extensionElements>\n<camunda:field name="x" stringValue="y" />\n'
        "</bpmn:extensionElements>\n</bpmn:task>", "t"),
         "camunda:field", "t", "<camunda:field", "task 't': camunda:field is not supported here"),
    Case("mapping outside a call activity", around(
        '<bpmn:intermediateThrowEvent id="th">\n<bpmn:extensionElements>\n<camunda:in variables="all" />\n'
        "</bpmn:extensionElements>\n</bpmn:intermediateThrowEvent>", "th"),
         "camunda:in", "th", "<camunda:in", "intermediateThrowEvent 'th': camunda:in is not supported here"),
    Case("retry cycle on a process", process(
        "<bpmn:extensionElements>\n<camunda:failedJobRetryTimeCycle>R3/PT1M</camunda:failedJobRetryTimeCycle>\n"
        '</bpmn:extensionElements>\n<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n'
        '<bpmn:endEvent id="e" />'),
         "camunda:failedJobRetryTimeCycle", "p", "<camunda:failedJobRetryTimeCycle", "is not supported here"),
    Case("initiator", process(
        '<bpmn:startEvent id="s" camunda:initiator="starter" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n'
        '<bpmn:endEvent id="e" />'),
         "startEvent", "s", 'id="s"', "startEvent 's': camunda:initiator is not supported"),
    Case("unknown camunda attribute", around('<bpmn:userTask id="u" camunda:formHandlerClass="a.B" />', "u"),
         "userTask", "u", 'id="u"', "userTask 'u': camunda:formHandlerClass is not supported"),
    Case("unknown camunda attribute on a process", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n<bpmn:endEvent id="e" />',
        attributes='id="p" isExecutable="true" camunda:somethingNew="1"'),
         "process", "p", "<bpmn:process", "process 'p': camunda:somethingNew is not supported"),
    Case("version tag binding", around(
        '<bpmn:callActivity id="c" calledElement="x" camunda:calledElementBinding="versionTag" '
        'camunda:calledElementVersionTag="v1" />', "c"),
         "callActivity", "c", 'id="c"', "camunda:calledElementVersionTag is not supported"),
    Case("case call", around('<bpmn:callActivity id="c" camunda:caseRef="case" />', "c"),
         "callActivity", "c", 'id="c"', "camunda:caseRef is not supported (call activities start BPMN processes, not CMMN cases)"),
    Case("variable mapping class", around(
        '<bpmn:callActivity id="c" calledElement="x" camunda:variableMappingClass="a.B" />', "c"),
         "callActivity", "c", 'id="c"', "camunda:variableMappingClass is not supported"),
    Case("script condition", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g" />\n'
        '<bpmn:exclusiveGateway id="g" />\n<bpmn:sequenceFlow id="f" sourceRef="g" targetRef="e">\n'
        '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">x &gt; 1</bpmn:conditionExpression>\n'
        '</bpmn:sequenceFlow>\n<bpmn:endEvent id="e" />'),
         "conditionExpression", "f", 'language="javascript"', "sequenceFlow 'f': script conditions"),
    Case("external condition script", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g" />\n'
        '<bpmn:exclusiveGateway id="g" />\n<bpmn:sequenceFlow id="f" sourceRef="g" targetRef="e">\n'
        '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" camunda:resource="c.js" />\n'
        '</bpmn:sequenceFlow>\n<bpmn:endEvent id="e" />'),
         "conditionExpression", "f", "camunda:resource", "camunda:resource on a condition is not supported"),
    Case("conditional flow from an event", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e">\n'
        '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${x}</bpmn:conditionExpression>\n'
        '</bpmn:sequenceFlow>\n<bpmn:endEvent id="e" />'),
         "sequenceFlow", "f", '<bpmn:sequenceFlow id="f"', "conditional flows leaving a startEvent are not supported"),
    Case("async signal throw", around(
        '<bpmn:intermediateThrowEvent id="th">\n<bpmn:signalEventDefinition id="sd" signalRef="s" camunda:async="true" />\n'
        "</bpmn:intermediateThrowEvent>", "th", '<bpmn:signal id="s" name="S" />'),
         "signalEventDefinition", "th", 'id="sd"', "asynchronous signal throwing"),
    Case("error code variable on a throwing event", around('<bpmn:task id="t" />', "t", '<bpmn:error id="err" errorCode="E" />').replace(
        b'<bpmn:endEvent id="End" />',
        b'<bpmn:endEvent id="End">\n<bpmn:errorEventDefinition id="ed" errorRef="err" camunda:errorCodeVariable="code" />\n'
        b'</bpmn:endEvent>'),
         "errorEventDefinition", "End", 'id="ed"', "endEvent 'End': camunda:errorCodeVariable is not supported"),
    Case("error variable on another catching event", around(
        '<bpmn:task id="t" />\n<bpmn:boundaryEvent id="b" attachedToRef="t">\n'
        '<bpmn:timerEventDefinition id="td" camunda:errorMessageVariable="m">\n'
        '<bpmn:timeDuration>PT1H</bpmn:timeDuration>\n</bpmn:timerEventDefinition>\n</bpmn:boundaryEvent>\n'
        '<bpmn:sequenceFlow id="bf" sourceRef="b" targetRef="End" />', "t"),
         "timerEventDefinition", "b", 'id="td"', "boundaryEvent 'b': camunda:errorMessageVariable is not supported"),
    Case("instantiating receive task", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="r" />\n'
        '<bpmn:receiveTask id="r" instantiate="true" />\n<bpmn:sequenceFlow id="f2" sourceRef="r" targetRef="e" />\n'
        '<bpmn:endEvent id="e" />'),
         "receiveTask", "r", 'id="r"', "instantiating receive tasks are not supported"),
    Case("parallel event gateway", around('<bpmn:eventBasedGateway id="g" eventGatewayType="Parallel" />', "g"),
         "eventBasedGateway", "g", 'id="g"', "eventGatewayType='Parallel' is not supported"),
    Case("cron cycle", around(
        '<bpmn:intermediateCatchEvent id="w">\n<bpmn:timerEventDefinition id="td">\n'
        '<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">0 0 9 * * ?</bpmn:timeCycle>\n'
        "</bpmn:timerEventDefinition>\n</bpmn:intermediateCatchEvent>", "w"),
         "timeCycle", "w", "<bpmn:timeCycle", "intermediateCatchEvent 'w': cron expressions in timeCycle are not supported"),
    Case("unknown BPMN element in a process", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n<bpmn:endEvent id="e" />\n'
        '<bpmn:callChoreography id="cc" />'),
         "callChoreography", "cc", 'id="cc"', "callChoreography 'cc' is not supported"),
    Case("unknown BPMN child of a task", around('<bpmn:task id="t">\n<bpmn:somethingElse />\n</bpmn:task>', "t"),
         "somethingElse", "t", "<bpmn:somethingElse", "task 't': somethingElse is not supported"),
    Case("unknown child of a sequence flow", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e">\n<bpmn:other />\n'
        '</bpmn:sequenceFlow>\n<bpmn:endEvent id="e" />'),
         "other", "f", "<bpmn:other", "sequenceFlow 'f': other is not supported"),
]


@pytest.mark.parametrize("case", UNSUPPORTED, ids=str)
def test_unsupported(case: Case) -> None:
    error = check(case, "UNSUPPORTED_BPMN_ELEMENT")
    assert error.code is Code.INVALID_ARGUMENT
    assert error.metadata["subtype"] == "unsupported_bpmn_element"


def test_unsupported_fixtures() -> None:
    for name, element, element_id, message in [
        ("unsupported_script_task.bpmn", "scriptTask", "CalculateDiscount",
         "unsupported_script_task.bpmn line 8: scriptTask 'CalculateDiscount' is not supported "
         "(scripts are not executed; use an external task)"),
        ("unsupported_java_delegate.bpmn", "serviceTask", "SendMail",
         "unsupported_java_delegate.bpmn line 8: serviceTask 'SendMail' is not supported: Java delegates are "
         'not executed; use camunda:type="external"'),
        ("unsupported_listener.bpmn", "camunda:taskListener", "ReviewOrder",
         "unsupported_listener.bpmn line 10: userTask 'ReviewOrder': camunda:taskListener is not supported "
         "(listeners would not run)"),
        ("unsupported_loop.bpmn", "standardLoopCharacteristics", "ReviewEach",
         "unsupported_loop.bpmn line 11: userTask 'ReviewEach': loop activities (standardLoopCharacteristics) are not "
         'supported; a sequential multi-instance activity (multiInstanceLoopCharacteristics isSequential="true") '
         "repeats an activity"),
    ]:
        error = refuse(bpmn(name), name)
        assert (error.reason, error.message) == ("UNSUPPORTED_BPMN_ELEMENT", message)
        assert (error.metadata["element"], error.metadata["element_id"]) == (element, element_id)


# -- INVALID_BPMN -----------------------------------------------------------------------------

_TIMER = (
    '<bpmn:intermediateCatchEvent id="w">\n<bpmn:timerEventDefinition id="td">\n{value}\n'
    "</bpmn:timerEventDefinition>\n</bpmn:intermediateCatchEvent>"
)
_MESSAGE_CATCH = (
    '<bpmn:intermediateCatchEvent id="c">\n<bpmn:messageEventDefinition id="md" {ref} />\n'
    "</bpmn:intermediateCatchEvent>"
)
_SUB = (
    '<bpmn:subProcess id="sp">\n{inner}\n</bpmn:subProcess>'
)
_SUB_BODY = '<bpmn:startEvent id="ss" />\n<bpmn:sequenceFlow id="sf" sourceRef="ss" targetRef="se" />\n<bpmn:endEvent id="se" />'

INVALID = [
    Case("not BPMN", b'<?xml version="1.0"?>\n<html><body /></html>', "html", None, "<html>",
         "not a BPMN 2.0 file: the root element is html"),
    Case("no executable process", definitions('<bpmn:process id="p" isExecutable="false" />'), "definitions",
         "Definitions_1", "<bpmn:definitions", "the file has no executable process"),
    Case("no process at all", definitions('<bpmn:message id="m" name="x" />'), "definitions", "Definitions_1",
         "<bpmn:definitions", "the file has no executable process"),
    Case("isExecutable not boolean", definitions('<bpmn:process id="p" isExecutable="maybe" />'), "process", "p",
         "<bpmn:process", "process 'p': isExecutable must be true or false, not 'maybe'"),
    Case("process without id", definitions('<bpmn:process isExecutable="true" />'), "process", None, "<bpmn:process",
         "a process needs an id"),
    Case("process without start event", process(
        '<bpmn:task id="t" />\n<bpmn:sequenceFlow id="f" sourceRef="t" targetRef="e" />\n<bpmn:endEvent id="e" />'),
         "process", "p", "<bpmn:process", "process 'p' has no start event"),
    Case("duplicate id", around('<bpmn:task id="t" />\n<bpmn:task id="Start" />', "t"), "task", "Start",
         '<bpmn:task id="Start"', "duplicate id 'Start' (also used on line 4)"),
    Case("duplicate flow id", around('<bpmn:task id="t" />', "t").replace(b'id="Out"', b'id="In"'),
         "sequenceFlow", "In", 'sourceRef="t"', "duplicate id 'In'"),
    Case("id too long", around(f'<bpmn:task id="{"t" * 256}" />', "t" * 256), "task", "t" * 256, 'id="ttt',
         "is longer than 255 characters"),
    Case("flow to an unknown node", around('<bpmn:task id="t" />', "t").replace(b'targetRef="End"', b'targetRef="Nope"'),
         "sequenceFlow", "Out", 'id="Out"', "sequenceFlow 'Out': targetRef 'Nope' names no flow node of the process"),
    Case("flow without source", around('<bpmn:task id="t" />', "t").replace(b' sourceRef="t"', b""),
         "sequenceFlow", "Out", 'id="Out"', "sequenceFlow 'Out' needs a sourceRef"),
    Case("flow without id", around('<bpmn:task id="t" />', "t").replace(b'id="Out" ', b""),
         "sequenceFlow", None, 'sourceRef="t"', "a sequenceFlow needs an id"),
    Case("flow node without id", around('<bpmn:task id="t" />\n<bpmn:userTask name="x" />', "t"),
         "userTask", None, 'name="x"', "a userTask needs an id"),
    Case("flow across a subprocess border", around(
        _SUB.format(inner=_SUB_BODY + '\n<bpmn:sequenceFlow id="cross" sourceRef="ss" targetRef="End" />'), "sp"),
         "sequenceFlow", "cross", 'id="cross"', "targetRef 'End' is in another scope"),
    Case("missing topic", bpmn("invalid_missing_topic.bpmn"), "serviceTask", "ChargeCard", 'id="ChargeCard"',
         "serviceTask 'ChargeCard': an external task needs a camunda:topic"),
    Case("priority not an integer", around(
        '<bpmn:serviceTask id="x" camunda:type="external" camunda:topic="t" camunda:taskPriority="high" />', "x"),
         "serviceTask", "x", 'id="x"', "camunda:taskPriority must be an integer or an expression, not 'high'"),
    Case("process priority not an integer", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n<bpmn:endEvent id="e" />',
        attributes='id="p" isExecutable="true" camunda:taskPriority="1.5"'),
         "process", "p", "<bpmn:process", "camunda:taskPriority must be an integer"),
    Case("async not boolean", around('<bpmn:task id="t" camunda:asyncBefore="yes" />', "t"),
         "task", "t", 'id="t"', "task 't': camunda:asyncBefore must be true or false, not 'yes'"),
    Case("boundary without attachedToRef", around(
        '<bpmn:task id="t" />\n<bpmn:boundaryEvent id="b">\n<bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>\n</bpmn:boundaryEvent>\n"
        '<bpmn:sequenceFlow id="bf" sourceRef="b" targetRef="End" />', "t"),
         "boundaryEvent", "b", 'id="b"', "boundaryEvent 'b' needs an attachedToRef"),
    Case("boundary on an unknown activity", around(
        '<bpmn:task id="t" />\n<bpmn:boundaryEvent id="b" attachedToRef="ghost">\n<bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>\n</bpmn:boundaryEvent>\n"
        '<bpmn:sequenceFlow id="bf" sourceRef="b" targetRef="End" />', "t"),
         "boundaryEvent", "b", 'id="b"', "attachedToRef 'ghost' names no activity of the same scope"),
    Case("boundary on a gateway", around(
        '<bpmn:exclusiveGateway id="g" />\n<bpmn:boundaryEvent id="b" attachedToRef="g">\n<bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>\n</bpmn:boundaryEvent>\n"
        '<bpmn:sequenceFlow id="bf" sourceRef="b" targetRef="End" />', "g"),
         "boundaryEvent", "b", 'id="b"', "attachedToRef 'g' is a exclusiveGateway, not an activity"),
    Case("boundary in another scope", around(
        _SUB.format(inner=_SUB_BODY.replace('<bpmn:endEvent id="se" />', '<bpmn:task id="inner" />\n'
                                            '<bpmn:sequenceFlow id="sf2" sourceRef="inner" targetRef="se2" />\n'
                                            '<bpmn:endEvent id="se2" /><bpmn:endEvent id="se" />')
                    ).replace('targetRef="se" />', 'targetRef="inner" />')
        + '\n<bpmn:boundaryEvent id="b" attachedToRef="inner">\n<bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>\n</bpmn:boundaryEvent>\n"
        '<bpmn:sequenceFlow id="bf" sourceRef="b" targetRef="End" />', "sp"),
         "boundaryEvent", "b", '<bpmn:boundaryEvent id="b"', "attachedToRef 'inner' names no activity of the same scope"),
    Case("non-interrupting error boundary", around(
        '<bpmn:task id="t" />\n<bpmn:boundaryEvent id="b" attachedToRef="t" cancelActivity="false">\n'
        '<bpmn:errorEventDefinition />\n</bpmn:boundaryEvent>\n<bpmn:sequenceFlow id="bf" sourceRef="b" targetRef="End" />', "t"),
         "boundaryEvent", "b", 'id="b"', "an error boundary event always interrupts"),
    Case("boundary without definition", around(
        '<bpmn:task id="t" />\n<bpmn:boundaryEvent id="b" attachedToRef="t" />\n'
        '<bpmn:sequenceFlow id="bf" sourceRef="b" targetRef="End" />', "t"),
         "boundaryEvent", "b", 'id="b"', "boundaryEvent 'b' needs an event definition"),
    Case("boundary with incoming flow", around(
        '<bpmn:task id="t" />\n<bpmn:boundaryEvent id="b" attachedToRef="t">\n<bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>\n</bpmn:boundaryEvent>\n"
        '<bpmn:sequenceFlow id="bf" sourceRef="b" targetRef="End" />\n<bpmn:sequenceFlow id="bi" sourceRef="Start" targetRef="b" />', "t"),
         "boundaryEvent", "b", 'id="b"', "boundaryEvent 'b' cannot have incoming sequence flows"),
    Case("boundary with no way out", around(
        '<bpmn:task id="t" />\n<bpmn:boundaryEvent id="b" attachedToRef="t">\n<bpmn:timerEventDefinition>'
        "<bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>\n</bpmn:boundaryEvent>", "t"),
         "boundaryEvent", "b", 'id="b"', "boundaryEvent 'b' has no outgoing sequence flow"),
    Case("link throw with outgoing flow", around(
        '<bpmn:intermediateThrowEvent id="l">\n<bpmn:linkEventDefinition id="ld" name="A" />\n</bpmn:intermediateThrowEvent>', "l"),
         "intermediateThrowEvent", "l", 'id="l"', "intermediateThrowEvent 'l': a link throw event cannot have outgoing"),
    Case("escalation end without escalationRef", around(
        '<bpmn:task id="t" />', "t").replace(b'<bpmn:endEvent id="End" />',
                                            b'<bpmn:endEvent id="End">\n<bpmn:escalationEventDefinition id="esc" />\n</bpmn:endEvent>'),
         "endEvent", "End", '<bpmn:endEvent id="End">', "endEvent 'End': a throwing escalation event needs an escalationRef"),
    Case("catch event without definition", around('<bpmn:intermediateCatchEvent id="c" />', "c"),
         "intermediateCatchEvent", "c", 'id="c"', "intermediateCatchEvent 'c' needs an event definition"),
    Case("default that is not outgoing", around('<bpmn:exclusiveGateway id="g" default="In" />', "g"),
         "exclusiveGateway", "g", 'id="g"', "exclusiveGateway 'g': the default flow 'In' is not one of its outgoing flows"),
    Case("default on a parallel gateway", around('<bpmn:parallelGateway id="g" default="Out" />', "g"),
         "parallelGateway", "g", 'id="g"', "a parallelGateway cannot have a default flow"),
    Case("default flow with a condition", around('<bpmn:exclusiveGateway id="g" default="Out" />', "g").replace(
        b'<bpmn:sequenceFlow id="Out" sourceRef="g" targetRef="End" />',
        b'<bpmn:sequenceFlow id="Out" sourceRef="g" targetRef="End">\n<bpmn:conditionExpression>${x}'
        b"</bpmn:conditionExpression>\n</bpmn:sequenceFlow>"),
         "sequenceFlow", "Out", 'id="Out"', "sequenceFlow 'Out' is the default flow of 'g' and cannot have a condition"),
    Case("condition after a parallel gateway", around('<bpmn:parallelGateway id="g" />', "g").replace(
        b'<bpmn:sequenceFlow id="Out" sourceRef="g" targetRef="End" />',
        b'<bpmn:sequenceFlow id="Out" sourceRef="g" targetRef="End">\n<bpmn:conditionExpression>${x}'
        b"</bpmn:conditionExpression>\n</bpmn:sequenceFlow>"),
         "sequenceFlow", "Out", 'id="Out"', "conditions on flows leaving a parallelGateway are never evaluated"),
    Case("empty condition", around('<bpmn:exclusiveGateway id="g" />', "g").replace(
        b'<bpmn:sequenceFlow id="Out" sourceRef="g" targetRef="End" />',
        b'<bpmn:sequenceFlow id="Out" sourceRef="g" targetRef="End">\n<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
        b"  </bpmn:conditionExpression>\n</bpmn:sequenceFlow>"),
         "conditionExpression", "Out", "<bpmn:conditionExpression", "sequenceFlow 'Out': the condition is empty"),
    Case("two none start events", process(
        '<bpmn:startEvent id="s1" />\n<bpmn:startEvent id="s2" />\n<bpmn:sequenceFlow id="f1" sourceRef="s1" targetRef="e" />\n'
        '<bpmn:sequenceFlow id="f2" sourceRef="s2" targetRef="e" />\n<bpmn:endEvent id="e" />'),
         "startEvent", "s2", 'id="s2"', "a process can have only one none start event"),
    Case("two message starts on one message", process(
        '<bpmn:startEvent id="s1"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>\n'
        '<bpmn:startEvent id="s2"><bpmn:messageEventDefinition messageRef="m2" /></bpmn:startEvent>\n'
        '<bpmn:sequenceFlow id="f1" sourceRef="s1" targetRef="e" />\n'
        '<bpmn:sequenceFlow id="f2" sourceRef="s2" targetRef="e" />\n<bpmn:endEvent id="e" />',
        '<bpmn:message id="m" name="Go" />\n<bpmn:message id="m2" name="Go" />'),
         "startEvent", "s2", 'id="s2"', "start event 's1' already starts on message 'Go'"),
    Case("start event with incoming flow", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />\n<bpmn:task id="t" />\n'
        '<bpmn:sequenceFlow id="back" sourceRef="t" targetRef="s" />'),
         "startEvent", "s", 'id="s"', "startEvent 's' cannot have incoming sequence flows"),
    Case("end event with outgoing flow", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n<bpmn:endEvent id="e" />\n'
        '<bpmn:sequenceFlow id="f2" sourceRef="e" targetRef="e2" />\n<bpmn:endEvent id="e2" />'),
         "endEvent", "e", 'id="e"', "endEvent 'e' is an end event and cannot have outgoing sequence flows"),
    Case("no way out", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />\n<bpmn:userTask id="t" />'),
         "userTask", "t", 'id="t"', "userTask 't' has no outgoing sequence flow (only end events may end a path)"),
    Case("start event with no way out", process('<bpmn:startEvent id="s" />'),
         "startEvent", "s", 'id="s"', "startEvent 's' has no outgoing sequence flow"),
    Case("no way in", around('<bpmn:task id="t" />\n<bpmn:task id="orphan" />\n'
                             '<bpmn:sequenceFlow id="o" sourceRef="orphan" targetRef="End" />', "t"),
         "task", "orphan", 'id="orphan"', "task 'orphan' has no incoming sequence flow and would never run"),
    Case("subprocess without start event", around(
        _SUB.format(inner='<bpmn:task id="it" />\n<bpmn:sequenceFlow id="sf" sourceRef="it" targetRef="se" />\n<bpmn:endEvent id="se" />'), "sp"),
         "subProcess", "sp", 'id="sp"', "subProcess 'sp' has no start event (an embedded subprocess needs exactly one)"),
    Case("subprocess with two start events", around(
        _SUB.format(inner=_SUB_BODY + '\n<bpmn:startEvent id="ss2" />\n<bpmn:sequenceFlow id="sf2" sourceRef="ss2" targetRef="se" />'), "sp"),
         "subProcess", "sp", 'id="sp"', "subProcess 'sp' has more than one start event"),
    Case("subprocess with a message start", around(
        _SUB.format(inner=_SUB_BODY.replace('<bpmn:startEvent id="ss" />',
                                            '<bpmn:startEvent id="ss"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>')),
        "sp", '<bpmn:message id="m" name="M" />'),
         "startEvent", "ss", 'id="ss"', "the start event of an embedded subprocess must be a none start event"),
    Case("unknown messageRef", around(_MESSAGE_CATCH.format(ref='messageRef="nope"'), "c"),
         "intermediateCatchEvent", "c", 'id="c"', "intermediateCatchEvent 'c': messageRef 'nope' names no <message> element"),
    Case("missing messageRef", around(_MESSAGE_CATCH.format(ref=""), "c"),
         "intermediateCatchEvent", "c", 'id="c"', "intermediateCatchEvent 'c' needs a messageRef"),
    Case("message without name", around(_MESSAGE_CATCH.format(ref='messageRef="m"'), "c", '<bpmn:message id="m" />'),
         "message", "m", '<bpmn:message id="m"', "message 'm' has no name"),
    Case("unknown messageRef on a receive task", around('<bpmn:receiveTask id="r" messageRef="nope" />', "r"),
         "receiveTask", "r", 'id="r"', "receiveTask 'r': messageRef 'nope' names no <message> element"),
    Case("unknown signalRef", around(
        '<bpmn:intermediateCatchEvent id="c">\n<bpmn:signalEventDefinition signalRef="nope" />\n</bpmn:intermediateCatchEvent>', "c"),
         "intermediateCatchEvent", "c", 'id="c"', "signalRef 'nope' names no <signal> element"),
    Case("unknown errorRef", around(
        '<bpmn:task id="t" />\n<bpmn:boundaryEvent id="b" attachedToRef="t">\n<bpmn:errorEventDefinition errorRef="nope" />\n'
        '</bpmn:boundaryEvent>\n<bpmn:sequenceFlow id="bf" sourceRef="b" targetRef="End" />', "t"),
         "boundaryEvent", "b", 'id="b"', "errorRef 'nope' names no <error> element"),
    Case("empty error code variable", around(
        '<bpmn:task id="t" />\n<bpmn:boundaryEvent id="b" attachedToRef="t">\n'
        '<bpmn:errorEventDefinition id="ed" camunda:errorCodeVariable=" " />\n</bpmn:boundaryEvent>\n'
        '<bpmn:sequenceFlow id="bf" sourceRef="b" targetRef="End" />', "t"),
         "errorEventDefinition", "b", 'id="ed"', "boundaryEvent 'b': camunda:errorCodeVariable is empty"),
    Case("error end without errorRef", around('<bpmn:task id="t" />', "t").replace(
        b'<bpmn:endEvent id="End" />', b'<bpmn:endEvent id="End">\n<bpmn:errorEventDefinition />\n</bpmn:endEvent>'),
         "endEvent", "End", 'id="End"', "endEvent 'End': an error end event needs an errorRef"),
    Case("error end with an error without code", around('<bpmn:task id="t" />', "t", '<bpmn:error id="err" name="Oops" />').replace(
        b'<bpmn:endEvent id="End" />',
        b'<bpmn:endEvent id="End">\n<bpmn:errorEventDefinition errorRef="err" />\n</bpmn:endEvent>'),
         "error", "err", '<bpmn:error id="err"', "error 'err' is thrown by endEvent 'End' and needs an errorCode"),
    Case("timer without value", around(_TIMER.format(value=""), "w"),
         "intermediateCatchEvent", "w", 'id="w"', "a timer needs exactly one of timeDate, timeDuration and timeCycle"),
    Case("timer with two values", around(_TIMER.format(
        value="<bpmn:timeDuration>PT1M</bpmn:timeDuration><bpmn:timeDate>2030-01-01T00:00:00Z</bpmn:timeDate>"), "w"),
         "intermediateCatchEvent", "w", 'id="w"', "a timer needs exactly one of"),
    Case("empty timer", around(_TIMER.format(value="<bpmn:timeDuration> </bpmn:timeDuration>"), "w"),
         "intermediateCatchEvent", "w", 'id="w"', "the timeDuration of the timer is empty"),
    Case("bad duration", around(_TIMER.format(value="<bpmn:timeDuration>5 minutes</bpmn:timeDuration>"), "w"),
         "intermediateCatchEvent", "w", 'id="w"', "invalid timeDuration: '5 minutes' is not an ISO 8601 duration"),
    Case("bad date", around(_TIMER.format(value="<bpmn:timeDate>tomorrow</bpmn:timeDate>"), "w"),
         "intermediateCatchEvent", "w", 'id="w"', "invalid timeDate: 'tomorrow' is not an ISO 8601 date-time"),
    Case("bad cycle", around(_TIMER.format(value="<bpmn:timeCycle>R3/soon</bpmn:timeCycle>"), "w"),
         "intermediateCatchEvent", "w", 'id="w"', "invalid timeCycle: 'soon' is not an ISO 8601 duration"),
    Case("bad cycle text", around(_TIMER.format(value="<bpmn:timeCycle>every day</bpmn:timeCycle>"), "w"),
         "intermediateCatchEvent", "w", 'id="w"', "'every day' is not an ISO 8601 repeating interval"),
    Case("timer start with variables", process(
        '<bpmn:startEvent id="s">\n<bpmn:timerEventDefinition>\n<bpmn:timeDuration>${delay}</bpmn:timeDuration>\n'
        '</bpmn:timerEventDefinition>\n</bpmn:startEvent>\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n'
        '<bpmn:endEvent id="e" />'),
         "startEvent", "s", 'id="s"', "a timer start event cannot use process variables (delay)"),
    Case("message start with an expression name", process(
        '<bpmn:startEvent id="s">\n<bpmn:messageEventDefinition messageRef="m" />\n</bpmn:startEvent>\n'
        '<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e" />\n<bpmn:endEvent id="e" />',
        '<bpmn:message id="m" name="order-${id}" />'),
         "startEvent", "s", 'id="s"', "a message start event needs a constant message name, not 'order-${id}'"),
    Case("retry cycle", around(
        '<bpmn:task id="t" camunda:asyncBefore="true">\n<bpmn:extensionElements>\n'
        "<camunda:failedJobRetryTimeCycle>often</camunda:failedJobRetryTimeCycle>\n</bpmn:extensionElements>\n</bpmn:task>", "t"),
         "camunda:failedJobRetryTimeCycle", "t", "<camunda:failedJobRetryTimeCycle",
         "task 't': camunda:failedJobRetryTimeCycle: 'often' is not an ISO 8601 duration"),
    Case("call activity without calledElement", around('<bpmn:callActivity id="c" />', "c"),
         "callActivity", "c", 'id="c"', "callActivity 'c': a call activity needs a calledElement"),
    Case("unknown binding", around('<bpmn:callActivity id="c" calledElement="x" camunda:calledElementBinding="newest" />', "c"),
         "callActivity", "c", 'id="c"', "camunda:calledElementBinding must be latest, deployment or version, not 'newest'"),
    Case("version binding without version", around(
        '<bpmn:callActivity id="c" calledElement="x" camunda:calledElementBinding="version" />', "c"),
         "callActivity", "c", 'id="c"', "needs a camunda:calledElementVersion that is a positive integer, not ''"),
    Case("version not a number", around(
        '<bpmn:callActivity id="c" calledElement="x" camunda:calledElementBinding="version" '
        'camunda:calledElementVersion="${v}" />', "c"),
         "callActivity", "c", 'id="c"', "positive integer, not '${v}'"),
    Case("mapping without target", around(
        '<bpmn:callActivity id="c" calledElement="x">\n<bpmn:extensionElements>\n<camunda:in source="a" />\n'
        "</bpmn:extensionElements>\n</bpmn:callActivity>", "c"),
         "camunda:in", "c", "<camunda:in", "callActivity 'c': camunda:in needs a target"),
    Case("mapping with two sources", around(
        '<bpmn:callActivity id="c" calledElement="x">\n<bpmn:extensionElements>\n'
        '<camunda:out source="a" sourceExpression="${b}" target="c" />\n</bpmn:extensionElements>\n</bpmn:callActivity>', "c"),
         "camunda:out", "c", "<camunda:out", "camunda:out needs exactly one of source and sourceExpression"),
    Case("mapping variables not all", around(
        '<bpmn:callActivity id="c" calledElement="x">\n<bpmn:extensionElements>\n<camunda:in variables="some" />\n'
        "</bpmn:extensionElements>\n</bpmn:callActivity>", "c"),
         "camunda:in", "c", "<camunda:in", "variables must be \"all\", not 'some'"),
    Case("business key on out", around(
        '<bpmn:callActivity id="c" calledElement="x">\n<bpmn:extensionElements>\n<camunda:out businessKey="${k}" />\n'
        "</bpmn:extensionElements>\n</bpmn:callActivity>", "c"),
         "camunda:out", "c", "<camunda:out", "businessKey is only allowed on camunda:in"),
    Case("event gateway with one way", around('<bpmn:eventBasedGateway id="g" />', "g"),
         "eventBasedGateway", "g", 'id="g"', "an event-based gateway needs at least two outgoing sequence flows"),
    Case("event gateway to a task", process(
        '<bpmn:startEvent id="s" />\n<bpmn:sequenceFlow id="f" sourceRef="s" targetRef="g" />\n'
        '<bpmn:eventBasedGateway id="g" />\n<bpmn:sequenceFlow id="g1" sourceRef="g" targetRef="c" />\n'
        '<bpmn:sequenceFlow id="g2" sourceRef="g" targetRef="t" />\n'
        '<bpmn:intermediateCatchEvent id="c"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration>'
        "</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>\n"
        '<bpmn:receiveTask id="t" />\n<bpmn:sequenceFlow id="c1" sourceRef="c" targetRef="e" />\n'
        '<bpmn:sequenceFlow id="t1" sourceRef="t" targetRef="e" />\n<bpmn:endEvent id="e" />'),
         "sequenceFlow", "g", 'id="g2"', "an event-based gateway must lead to intermediate catch events, not to receiveTask 't'"),
]


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid(case: Case) -> None:
    check(case, "INVALID_BPMN")


# -- INVALID_EXPRESSION -----------------------------------------------------------------------


def _condition(text: str) -> bytes:
    return around('<bpmn:exclusiveGateway id="g" />', "g").replace(
        b'<bpmn:sequenceFlow id="Out" sourceRef="g" targetRef="End" />',
        b'<bpmn:sequenceFlow id="Out" sourceRef="g" targetRef="End">\n'
        b'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">' + text.encode() + b"</bpmn:conditionExpression>\n"
        b"</bpmn:sequenceFlow>",
    )


EXPRESSIONS = [
    (Case("condition fixture", bpmn("invalid_condition.bpmn"), "sequenceFlow", "Flow_big", 'id="Flow_big"',
          "sequenceFlow 'Flow_big': invalid expression in conditionExpression '${amount >}': unexpected end of "
          "expression at position 11"), "${amount >}", "11"),
    (Case("condition trailing tokens", _condition("${a b}"), "sequenceFlow", "Out", 'id="Out"',
          "unexpected name 'b' after the end of the expression at position 5"), "${a b}", "5"),
    (Case("condition not an expression", _condition("true"), "sequenceFlow", "Out", 'id="Out"',
          "a condition must be a single ${…} expression, not 'true'"), "true", "1"),
    (Case("composite condition", _condition("${a} and ${b}"), "sequenceFlow", "Out", 'id="Out"',
          "a condition must be a single ${…} expression"), "${a} and ${b}", "1"),
    (Case("condition with a function call", _condition("${execution.getVariable('x')}"), "sequenceFlow", "Out",
          'id="Out"', "method calls are not supported"), "${execution.getVariable('x')}", "24"),
    (Case("assignee", around('<bpmn:userTask id="u" camunda:assignee="${who" />', "u"), "userTask", "u", 'id="u"',
          "userTask 'u': invalid expression in camunda:assignee '${who': unterminated expression"), "${who", "1"),
    (Case("candidate users", around('<bpmn:userTask id="u" camunda:candidateUsers="${a = b}" />', "u"), "userTask", "u",
          'id="u"', "invalid expression in camunda:candidateUsers"), "${a = b}", "5"),
    (Case("due date", around('<bpmn:userTask id="u" camunda:dueDate="${}" />', "u"), "userTask", "u", 'id="u"',
          "invalid expression in camunda:dueDate '${}': empty expression"), "${}", "3"),
    (Case("task priority", around(
        '<bpmn:serviceTask id="x" camunda:type="external" camunda:topic="t" camunda:taskPriority="${p +}" />', "x"),
          "serviceTask", "x", 'id="x"', "invalid expression in camunda:taskPriority"), "${p +}", "6"),
    (Case("message name", around(_MESSAGE_CATCH.format(ref='messageRef="m"'), "c", '<bpmn:message id="m" name="o-${" />'),
          "message", "m", '<bpmn:message id="m"', "message 'm': invalid expression in name 'o-${'"), "o-${", "3"),
    (Case("signal name", around(
        '<bpmn:intermediateThrowEvent id="th">\n<bpmn:signalEventDefinition signalRef="s" />\n</bpmn:intermediateThrowEvent>',
        "th", '<bpmn:signal id="s" name="${1 +* 2}" />'),
          "signal", "s", '<bpmn:signal id="s"', "signal 's': invalid expression in name"), "${1 +* 2}", "6"),
    (Case("timer", around(_TIMER.format(value="<bpmn:timeDuration>${delay)}</bpmn:timeDuration>"), "w"),
          "intermediateCatchEvent", "w", 'id="w"', "invalid expression in timeDuration '${delay)}'"), "${delay)}", "8"),
    (Case("called element", around('<bpmn:callActivity id="c" calledElement="${key" />', "c"), "callActivity", "c",
          'id="c"', "invalid expression in calledElement"), "${key", "1"),
    (Case("tenant", around('<bpmn:callActivity id="c" calledElement="k" camunda:calledElementTenantId="${t t}" />', "c"),
          "callActivity", "c", 'id="c"', "invalid expression in camunda:calledElementTenantId"), "${t t}", "5"),
    (Case("source expression", around(
        '<bpmn:callActivity id="c" calledElement="k">\n<bpmn:extensionElements>\n'
        '<camunda:in sourceExpression="${a ^ b}" target="x" />\n</bpmn:extensionElements>\n</bpmn:callActivity>', "c"),
          "camunda:in", "c", "<camunda:in", "callActivity 'c': camunda:in: invalid expression in sourceExpression"),
     "${a ^ b}", "5"),
    (Case("business key", around(
        '<bpmn:callActivity id="c" calledElement="k">\n<bpmn:extensionElements>\n'
        '<camunda:in businessKey="${\'open}" />\n</bpmn:extensionElements>\n</bpmn:callActivity>', "c"),
          "camunda:in", "c", "<camunda:in", "invalid expression in businessKey"), "${'open}", "3"),
]


@pytest.mark.parametrize(("case", "expression", "position"), EXPRESSIONS, ids=[str(c[0]) for c in EXPRESSIONS])
def test_invalid_expression(case: Case, expression: str, position: str) -> None:
    error = check(case, "INVALID_EXPRESSION")
    assert error.metadata["expression"] == expression
    assert error.metadata["position"] == position


# -- BPMN_PARSE_ERROR: malformed and hostile XML ----------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" name="&lol9;" /></bpmn:definitions>
"""
XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE definitions [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <bpmn:process id="p" name="&xxe;" isExecutable="true" />
</bpmn:definitions>
"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE definitions SYSTEM "http://attacker.example/evil.dtd">
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" />
"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE d [ <!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote; ]>
<d />
"""


@pytest.mark.parametrize(
    ("data", "line", "says"),
    [
        (b"", 1, "malformed XML: no element found"),
        (b"this is not xml", 1, "malformed XML: syntax error"),
        (HEADER.encode() + b'<bpmn:process id="p">\n</bpmn:task>\n', 4, "malformed XML: mismatched tag (column 3)"),
        (HEADER.encode(), 3, "malformed XML: no element found"),
        (HEADER.encode() + b'<bpmn:process id="p" name="&nbsp;" />\n</bpmn:definitions>', 3,
         "malformed XML: undefined entity"),
        (HEADER.encode() + b'<bpmn:process id="p" name="a" name="b" />\n</bpmn:definitions>', 3,
         "malformed XML: duplicate attribute"),
        (HEADER.encode() + b'<other:process id="p" />\n</bpmn:definitions>', 3, "malformed XML: unbound prefix"),
        (BILLION_LAUGHS, 2, "a DOCTYPE declaration is not allowed"),
        (XXE, 2, "a DOCTYPE declaration is not allowed"),
        (EXTERNAL_DTD, 2, "a DOCTYPE declaration is not allowed"),
        (PARAMETER_ENTITY, 2, "a DOCTYPE declaration is not allowed"),
        (b"<?xml version='1.0' encoding='latin-9'?><a/>", 1, "malformed XML"),
    ],
    ids=["empty", "text", "mismatched", "truncated", "undefined entity", "duplicate attribute", "unbound prefix",
         "billion laughs", "xxe", "external dtd", "parameter entity", "unknown encoding"],
)
def test_malformed_or_hostile_xml(data: bytes, line: int, says: str) -> None:
    error = refuse(data)
    assert error.reason == "BPMN_PARSE_ERROR"
    assert says in error.message, error.message
    assert error.message.startswith(f"order.bpmn line {line}: ")
    assert error.metadata["line"] == str(line)
    assert error.metadata["type"] == "bad_request"
    assert error.field_violations[0].field == "resources[order.bpmn]"


def test_size_is_bounded() -> None:
    data = HEADER.encode() + b"<!--" + b"x" * xmltree.MAX_DOCUMENT_BYTES + b"-->"
    error = refuse(data)
    assert error.reason == "BPMN_PARSE_ERROR"
    assert f"larger than {xmltree.MAX_DOCUMENT_BYTES} bytes" in error.message


def test_element_count_is_bounded() -> None:
    data = HEADER.encode() + b"<a/>" * (xmltree.MAX_ELEMENTS + 1) + b"</bpmn:definitions>"
    assert len(data) < xmltree.MAX_DOCUMENT_BYTES
    error = refuse(data)
    assert error.reason == "BPMN_PARSE_ERROR" and f"more than {xmltree.MAX_ELEMENTS} elements" in error.message


def test_depth_is_bounded() -> None:
    depth = xmltree.MAX_DEPTH + 5
    data = HEADER.encode() + b"<a>" * depth + b"</a>" * depth + b"</bpmn:definitions>"
    error = refuse(data)
    assert error.reason == "BPMN_PARSE_ERROR" and f"deeper than {xmltree.MAX_DEPTH} levels" in error.message


def test_other_encodings_comments_and_processing_instructions_are_fine() -> None:
    text = bpmn("one_external_task.bpmn").decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    text = text.replace("<bpmn:process ", "<!-- a comment -->\n<?some-tool hint?>\n<bpmn:process ", 1)
    [spec] = parse_bpmn(text.encode("utf-16"), "utf16.bpmn")
    assert spec.key == "one_external_task"
    assert spec.element("ChargeCard").line == line_of(text.encode(), 'id="ChargeCard"')


def test_predefined_and_character_entities_are_fine() -> None:
    data = around('<bpmn:userTask id="u" name="Tom &amp; Jerry &#x263A; &lt;3" />', "u")
    [spec] = parse_bpmn(data, "order.bpmn")
    assert spec.element("u").name == "Tom & Jerry \u263a <3"


def test_the_first_fault_in_document_order_is_reported() -> None:
    data = around('<bpmn:scriptTask id="first" />\n<bpmn:complexGateway id="second" />', "first")
    assert refuse(data).metadata["element_id"] == "first"


def test_error_carries_every_metadata_field() -> None:
    error = refuse(bpmn("invalid_condition.bpmn"), "invalid_condition.bpmn")
    assert error.metadata == {
        "type": "bad_request",
        "subtype": "invalid_expression",
        "field_name": "resources[invalid_condition.bpmn]",
        "resource": "invalid_condition.bpmn",
        "element": "sequenceFlow",
        "element_id": "Flow_big",
        "line": "13",
        "expression": "${amount >}",
        "position": "11",
        "attribute": "conditionExpression",
    }
