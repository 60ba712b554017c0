"""Multi-instance activities (multiInstanceLoopCharacteristics): the body the parser puts around
each (``<id>#multiInstanceBody``, which takes the activity's flows and boundary events), and what
it refuses, with the element and line."""

from __future__ import annotations

import pytest

from server.engine.bpmn.parser import INVALID_BPMN, INVALID_EXPRESSION, UNSUPPORTED_BPMN_ELEMENT, parse_bpmn
from server.engine.bpmn.spec import ElementKind
from tests.engine.bpmn.snippets import around, process
from tests.engine.bpmn.test_parser_errors import Case, check

LOOP = "<bpmn:multiInstanceLoopCharacteristics{attributes}>{inside}</bpmn:multiInstanceLoopCharacteristics>"


def loop(attributes: str = "", inside: str = "") -> str:
    return LOOP.format(attributes=attributes, inside=inside)


CARDINALITY = "<bpmn:loopCardinality>3</bpmn:loopCardinality>"
COLLECTION = ' camunda:collection="items" camunda:elementVariable="item"'


def task(tag: str, characteristics: str, attributes: str = "", element_id: str = "Each") -> str:
    return f'<bpmn:{tag} id="{element_id}"{attributes}>\n{characteristics}\n</bpmn:{tag}>'


def test_the_body_takes_the_activitys_place_in_its_scope() -> None:
    boundary = ('<bpmn:boundaryEvent id="Late" attachedToRef="Each"><bpmn:timerEventDefinition><bpmn:timeDuration>'
                'PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>\n'
                '<bpmn:sequenceFlow id="Hurry" sourceRef="Late" targetRef="End" />')
    characteristics = loop(' isSequential="true"' + COLLECTION,
                           "<bpmn:completionCondition>${nrOfCompletedInstances == 2}</bpmn:completionCondition>")
    [spec] = parse_bpmn(around(task("userTask", characteristics, ' name="Review" camunda:asyncBefore="true"')
                               + "\n" + boundary, "Each"), "order.bpmn")
    body = spec.element("Each#multiInstanceBody")
    assert (body.kind, body.tag, body.name, body.scope_id) == (ElementKind.MULTI_INSTANCE_BODY, "multiInstanceBody",
                                                               "Review", None)
    assert (body.incoming, body.outgoing, body.boundary_ids) == (("In",), ("Out",), ("Late",))
    assert body.is_scope and spec.scope_waits(body.id) == ("Late",)
    inner = spec.element("Each")
    assert (inner.scope_id, inner.incoming, inner.outgoing, inner.boundary_ids) == (body.id, (), (), ())
    assert inner.async_before and not body.async_before  # asynchronous per instance
    assert spec.body_of(inner) is body and spec.body_of(body) is None
    assert (spec.flow("In").target, spec.flow("Out").source) == (body.id, body.id)
    assert spec.element("Late").attached_to == body.id
    mi = body.multi_instance
    assert (mi.inner_id, mi.sequential, mi.cardinality, mi.collection, mi.collection_variable,
            mi.element_variable) == ("Each", True, None, None, "items", "item")
    assert mi.completion_condition.text == "${nrOfCompletedInstances == 2}"
    assert list(spec.elements).index(body.id) == list(spec.elements).index("Each") - 1


@pytest.mark.parametrize("tag, attributes", [
    ("userTask", ""), ("serviceTask", ' camunda:type="external" camunda:topic="t"'),
    ("sendTask", ' camunda:type="external" camunda:topic="t"'),
    ("businessRuleTask", ' camunda:type="external" camunda:topic="t"'),
    ("task", ""), ("manualTask", ""), ("receiveTask", ""), ("callActivity", ' calledElement="other"'),
])
def test_every_task_kind_and_call_activity_can_be_multi_instance(tag: str, attributes: str) -> None:
    [spec] = parse_bpmn(around(task(tag, loop(inside=CARDINALITY), attributes), "Each"), "order.bpmn")
    assert spec.element("Each#multiInstanceBody").multi_instance.cardinality.text == "3"


def test_a_subprocess_can_be_multi_instance_and_keeps_its_own_inside() -> None:
    sub = ('<bpmn:subProcess id="Each">\n' + loop(' camunda:collection="${order.lines}"')
           + '\n<bpmn:startEvent id="S" />\n<bpmn:sequenceFlow id="s1" sourceRef="S" targetRef="E" />\n'
           '<bpmn:endEvent id="E" />\n</bpmn:subProcess>')
    [spec] = parse_bpmn(around(sub, "Each"), "order.bpmn")
    assert spec.element("Each").scope_id == "Each#multiInstanceBody"
    assert spec.element("S").scope_id == "Each" and spec.none_start_event("Each").id == "S"
    mi = spec.element("Each#multiInstanceBody").multi_instance
    assert (mi.collection.text, mi.collection_variable) == ("${order.lines}", None)


def case(case_id: str, data: bytes, element: str, element_id: str, marker: str, says: str) -> Case:
    return Case(case_id, data, element, element_id, marker, says)


def each(characteristics: str, tag: str = "userTask") -> bytes:
    return around(task(tag, characteristics), "Each")


EVENT_SUBPROCESS = process("""<bpmn:startEvent id="Start" />
<bpmn:sequenceFlow id="f" sourceRef="Start" targetRef="End" />
<bpmn:endEvent id="End" />
<bpmn:subProcess id="Esp" triggeredByEvent="true">
""" + loop(inside=CARDINALITY) + """
<bpmn:startEvent id="EspStart"><bpmn:messageEventDefinition messageRef="M" /></bpmn:startEvent>
<bpmn:sequenceFlow id="e" sourceRef="EspStart" targetRef="EspEnd" />
<bpmn:endEvent id="EspEnd" />
</bpmn:subProcess>""", '<bpmn:message id="M" name="m" />')
LONG_ID = "A" * 238

INVALID = [
    case("neither cardinality nor collection", each(loop()), "multiInstanceLoopCharacteristics", "Each",
         "<bpmn:multiInstanceLoopCharacteristics", "needs a loopCardinality or a camunda:collection"),
    case("cardinality and collection", each(loop(COLLECTION.split(" camunda:element")[0], CARDINALITY)),
         "multiInstanceLoopCharacteristics", "Each", "<bpmn:multiInstanceLoopCharacteristics",
         "give a loopCardinality or a camunda:collection, not both"),
    case("element variable without a collection", each(loop(' camunda:elementVariable="item"', CARDINALITY)),
         "multiInstanceLoopCharacteristics", "Each", "<bpmn:multiInstanceLoopCharacteristics",
         "camunda:elementVariable needs a camunda:collection"),
    case("element variable the engine sets", each(loop(' camunda:collection="items" '
                                                       'camunda:elementVariable="loopCounter"')),
         "multiInstanceLoopCharacteristics", "Each", "<bpmn:multiInstanceLoopCharacteristics",
         "camunda:elementVariable cannot be loopCounter (the engine sets it)"),
    case("negative cardinality", each(loop(inside="<bpmn:loopCardinality>-1</bpmn:loopCardinality>")),
         "loopCardinality", "Each", "<bpmn:loopCardinality", "loopCardinality must be a whole number from 0 to 10000"),
    case("cardinality beyond the most instances",
         each(loop(inside="<bpmn:loopCardinality>10001</bpmn:loopCardinality>")),
         "loopCardinality", "Each", "<bpmn:loopCardinality", "or an expression, not '10001'"),
    case("text cardinality", each(loop(inside="<bpmn:loopCardinality>three</bpmn:loopCardinality>")),
         "loopCardinality", "Each", "<bpmn:loopCardinality", "not 'three'"),
    case("empty cardinality", each(loop(inside="<bpmn:loopCardinality> </bpmn:loopCardinality>")),
         "loopCardinality", "Each", "<bpmn:loopCardinality", "the loopCardinality is empty"),
    case("empty collection", each(loop(' camunda:collection=" "')), "multiInstanceLoopCharacteristics", "Each",
         "<bpmn:multiInstanceLoopCharacteristics", "camunda:collection is empty"),
    case("empty completion condition", each(loop(COLLECTION, "<bpmn:completionCondition />")),
         "completionCondition", "Each", "<bpmn:completionCondition", "the completionCondition is empty"),
    case("two loop characteristics", each(loop(inside=CARDINALITY) + "\n" + loop(' isSequential="true"', CARDINALITY)),
         "multiInstanceLoopCharacteristics", "Each", '<bpmn:multiInstanceLoopCharacteristics isSequential="true"',
         "has more than one multiInstanceLoopCharacteristics"),
    case("event subprocess", EVENT_SUBPROCESS, "multiInstanceLoopCharacteristics", "Esp",
         "<bpmn:multiInstanceLoopCharacteristics", "is an event subprocess, which cannot be multi-instance"),
    case("gateway", around('<bpmn:exclusiveGateway id="Each">\n' + loop(inside=CARDINALITY)
                           + "\n</bpmn:exclusiveGateway>", "Each"),
         "multiInstanceLoopCharacteristics", "Each", "<bpmn:multiInstanceLoopCharacteristics",
         "only activities can be multi-instance, not a exclusiveGateway"),
    case("event", around('<bpmn:intermediateThrowEvent id="Each">\n' + loop(inside=CARDINALITY)
                         + "\n</bpmn:intermediateThrowEvent>", "Each"),
         "multiInstanceLoopCharacteristics", "Each", "<bpmn:multiInstanceLoopCharacteristics",
         "only activities can be multi-instance"),
    case("id too long for its body", around(task("userTask", loop(inside=CARDINALITY), element_id=LONG_ID), LONG_ID),
         "userTask", LONG_ID, f'<bpmn:userTask id="{LONG_ID}"', "the id of a multi-instance activity has at most 237 "
         "characters"),
]

UNSUPPORTED = [
    case("async body", each(loop(' camunda:asyncBefore="true"', CARDINALITY)), "multiInstanceLoopCharacteristics",
         "Each", "<bpmn:multiInstanceLoopCharacteristics", "camunda:asyncBefore on multiInstanceLoopCharacteristics "
         "(an asynchronous multi-instance body) is not supported"),
    case("retry cycle of the body", each(loop(inside=CARDINALITY + "<bpmn:extensionElements><camunda:failedJob"
                                              "RetryTimeCycle>R3/PT1M</camunda:failedJobRetryTimeCycle>"
                                              "</bpmn:extensionElements>")),
         "camunda:failedJobRetryTimeCycle", "Each", "<bpmn:multiInstanceLoopCharacteristics",
         "camunda:failedJobRetryTimeCycle is not supported here"),
    case("data input", each(loop(inside="<bpmn:loopDataInputRef>items</bpmn:loopDataInputRef>")),
         "loopDataInputRef", "Each", "<bpmn:multiInstanceLoopCharacteristics",
         "loopDataInputRef is not supported (use camunda:collection and camunda:elementVariable)"),
    case("behavior", each(loop(' behavior="One"', CARDINALITY)), "multiInstanceLoopCharacteristics", "Each",
         "<bpmn:multiInstanceLoopCharacteristics", "multi-instance behavior='One' is not supported"),
    case("script condition", each(loop(COLLECTION, '<bpmn:completionCondition language="groovy">true'
                                                   "</bpmn:completionCondition>")),
         "completionCondition", "Each", "<bpmn:multiInstanceLoopCharacteristics",
         "script conditions (language='groovy') are not supported"),
    case("standard loop", each("<bpmn:standardLoopCharacteristics />"), "standardLoopCharacteristics", "Each",
         "<bpmn:standardLoopCharacteristics", "loop activities (standardLoopCharacteristics) are not supported"),
]

EXPRESSIONS = [
    case("constant condition", each(loop(COLLECTION, "<bpmn:completionCondition>true</bpmn:completionCondition>")),
         "userTask", "Each", '<bpmn:userTask id="Each"', "a condition must be a single ${…} expression, not 'true'"),
    case("composite cardinality", each(loop(inside="<bpmn:loopCardinality>n${n}</bpmn:loopCardinality>")),
         "userTask", "Each", '<bpmn:userTask id="Each"', "loopCardinality must be a whole number or a single ${…} "
         "expression"),
    case("composite collection", each(loop(' camunda:collection="list-${n}"')), "userTask", "Each",
         '<bpmn:userTask id="Each"', "camunda:collection must name a variable or be a single ${…} expression"),
    case("broken collection", each(loop(' camunda:collection="${items"')), "userTask", "Each",
         '<bpmn:userTask id="Each"', "invalid expression in camunda:collection"),
]


@pytest.mark.parametrize("case", INVALID, ids=str)
def test_invalid_multi_instance_activities_are_refused(case: Case) -> None:
    check(case, INVALID_BPMN)


@pytest.mark.parametrize("case", UNSUPPORTED, ids=str)
def test_unsupported_multi_instance_activities_are_refused(case: Case) -> None:
    check(case, UNSUPPORTED_BPMN_ELEMENT)


@pytest.mark.parametrize("case", EXPRESSIONS, ids=str)
def test_multi_instance_expressions_are_checked(case: Case) -> None:
    check(case, INVALID_EXPRESSION)
