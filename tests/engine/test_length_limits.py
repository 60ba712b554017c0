"""Text longer than the String(n) column it lands in is refused alike on SQLite (which would keep
it) and PostgreSQL (which would fail the RPC INTERNAL): a request's field is INVALID_FIELD naming
it, a deployed file's text is INVALID_BPMN / INVALID_CMMN naming the element and attribute, and
an expression's value is EXPRESSION_EVALUATION_FAILED naming the element and the expression."""

from __future__ import annotations

from typing import Any, Callable

import grpc
import pytest

from flowkeeper.engine.v1 import (
    case_definition_pb2,
    deployment_pb2,
    incident_pb2,
    process_instance_pb2,
    task_pb2,
)
from flowkeeper.engine.v1 import external_task_pb2 as et
from tests.engine.case_support import Cases
from tests.engine.failure_support import Failures, key, one_task
from tests.engine.resources.modeler import render
from tests.support import RpcFailure, expect_error, unique

LIMIT = 255
TENANT_LIMIT = 64
BAD = grpc.StatusCode.INVALID_ARGUMENT
FAILED = grpc.StatusCode.FAILED_PRECONDITION


@pytest.fixture
def engine(api) -> Failures:  # type: ignore[no-untyped-def]
    return Failures(api)


@pytest.fixture
def cases(api) -> Cases:  # type: ignore[no-untyped-def]
    return Cases(api)


def _long(length: int, prefix: str = "k") -> str:
    return (prefix + "x" * length)[:length]


def _too_long(failed: RpcFailure, field: str, length: int, limit: int = LIMIT) -> None:
    assert failed.fields == [field], failed.fields
    assert failed.bad_request is not None and failed.bad_request.field_violations[0].reason == "INVALID_FIELD"
    assert failed.info is not None and failed.info.metadata["field_name"] == field
    assert failed.info.metadata["max_length"] == str(limit)
    assert f"at most {limit} characters (got {length})" in failed.message


def _deployments_named(engine: Failures, name: str) -> list[deployment_pb2.Deployment]:
    return list(engine.deployments.ListDeployments(deployment_pb2.ListDeploymentsRequest(name=name)).deployments)


def _user_task_process(process_key: str, attributes: str = "") -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" name="Review" {attributes} />
  <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>"""


def _catch_process(process_key: str, definition: str, extra: str = "") -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Wait" />
  <bpmn:intermediateCatchEvent id="Wait">{definition}</bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="Flow_2" sourceRef="Wait" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>{extra}"""


def _call_process(process_key: str, business_key: str) -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Call" />
  <bpmn:callActivity id="Call" calledElement="child">
    <bpmn:extensionElements><camunda:in businessKey="{business_key}" /></bpmn:extensionElements>
  </bpmn:callActivity>
  <bpmn:sequenceFlow id="Flow_2" sourceRef="Call" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>"""


def _deploy_xml(engine: Failures, process_key: str, body: str, name: str = "") -> deployment_pb2.Deployment:
    return engine.deployments.CreateDeployment(deployment_pb2.CreateDeploymentRequest(
        name=name or unique("limits"),
        resources=[deployment_pb2.Resource(name="limits.bpmn", content=render(body, process_key).encode())],
    )).deployment


# -- request fields ---------------------------------------------------------------------------


def test_create_deployment_refuses_a_long_name_source_tenant_or_resource_name(engine: Failures) -> None:
    process_key = key("deploy_limits")
    content = render(_user_task_process(process_key), process_key).encode()

    def deploy(name: str = "", source: str = "", tenant_id: str = "",
               resource_names: tuple[str, ...] = ("a.bpmn",)) -> deployment_pb2.CreateDeploymentResponse:
        return engine.deployments.CreateDeployment(deployment_pb2.CreateDeploymentRequest(
            name=name or unique("limits"), source=source, tenant_id=tenant_id,
            resources=[deployment_pb2.Resource(name=n, content=content) for n in resource_names]))

    long_name = _long(LIMIT + 1, unique("name"))
    failed = expect_error(lambda: deploy(name=long_name), BAD, "INVALID_FIELD")
    _too_long(failed, "name", LIMIT + 1)
    assert failed.info is not None and failed.info.metadata["max_length"] == str(LIMIT)
    assert not _deployments_named(engine, long_name)
    _too_long(expect_error(lambda: deploy(source=_long(LIMIT + 10)), BAD, "INVALID_FIELD"), "source", LIMIT + 10)
    failed = expect_error(lambda: deploy(tenant_id=_long(TENANT_LIMIT + 1, "t")), BAD, "INVALID_FIELD")
    _too_long(failed, "tenant_id", TENANT_LIMIT + 1, TENANT_LIMIT)
    assert failed.info is not None and failed.info.metadata["max_length"] == str(TENANT_LIMIT)
    name = unique("limits")
    long_resource = _long(LIMIT + 1 - len(".bpmn"), "r") + ".bpmn"
    failed = expect_error(lambda: deploy(name=name, resource_names=("a.bpmn", long_resource)), BAD, "INVALID_FIELD")
    _too_long(failed, "resources[1].name", LIMIT + 1)
    assert not _deployments_named(engine, name)

    # Text of exactly the limit is kept whole.
    name, source, tenant = _long(LIMIT, unique("name")), _long(LIMIT, "s"), _long(TENANT_LIMIT, unique("t"))
    resource = _long(LIMIT - len(".bpmn"), "r") + ".bpmn"
    deployment = deploy(name=name, source=source, tenant_id=tenant, resource_names=(resource,)).deployment
    assert (deployment.name, deployment.source, deployment.tenant_id) == (name, source, tenant)
    assert list(deployment.resource_names) == [resource]


def test_claim_refuses_a_user_id_longer_than_the_assignee_column(engine: Failures) -> None:
    process_key = key("claim_limits")
    instance_id = engine.start_id(engine.deploy_inline(process_key, _user_task_process(process_key)))
    task = engine.tasks_of(instance_id)[0]
    failed = expect_error(lambda: engine.tasks.ClaimTask(task_pb2.ClaimTaskRequest(
        task_id=task.id, user_id=_long(LIMIT + 1, "u"))), BAD, "INVALID_FIELD")
    _too_long(failed, "user_id", LIMIT + 1)
    assert engine.tasks_of(instance_id)[0].assignee == ""
    user = _long(LIMIT, "u")
    engine.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id=user))
    assert engine.tasks_of(instance_id)[0].assignee == user


def test_fetching_refuses_a_long_worker_id_or_topic_name(engine: Failures) -> None:
    process_key, topic = key("fetch_limits"), unique("topic")
    instance_id = engine.start_id(engine.deploy_inline(process_key, one_task(process_key, topic)))
    failed = expect_error(lambda: engine.fetch(_long(LIMIT + 1, "w"), engine.topic(topic)), BAD, "INVALID_FIELD")
    _too_long(failed, "worker_id", LIMIT + 1)
    failed = expect_error(lambda: engine.fetch("worker", engine.topic(topic), engine.topic(_long(LIMIT + 2, "t"))),
                          BAD, "INVALID_FIELD")
    _too_long(failed, "topics[1].topic_name", LIMIT + 2)
    stream = engine.external.StreamTasks(et.StreamTasksRequest(
        worker_id=_long(LIMIT + 3, "w"), max_tasks=1, topics=[engine.topic(topic)]))
    _too_long(expect_error(lambda: next(stream), BAD, "INVALID_FIELD"), "worker_id", LIMIT + 3)
    # Nothing was locked: a worker with an id of exactly the limit gets the task.
    [task] = engine.external_tasks(process_instance_id=instance_id)
    assert task.worker_id == ""
    worker = _long(LIMIT, "w")
    [locked] = engine.fetch(worker, engine.topic(topic))
    assert (locked.external_task.id, engine.external_task(task.id).worker_id) == (task.id, worker)


def test_a_desk_link_refuses_a_long_process_key_or_tenant(engine: Failures) -> None:
    def link(process_key: str, tenant_id: str = "") -> Any:
        return engine.incidents.SetIncidentDeskLink(incident_pb2.SetIncidentDeskLinkRequest(
            process_definition_key=process_key, tenant_id=tenant_id, enabled=True))

    long_key = _long(LIMIT + 1, "p")
    _too_long(expect_error(lambda: link(long_key), BAD, "INVALID_FIELD"), "process_definition_key", LIMIT + 1)
    failed = expect_error(lambda: link(key("desk"), _long(TENANT_LIMIT + 1, "t")), BAD, "INVALID_FIELD")
    _too_long(failed, "tenant_id", TENANT_LIMIT + 1, TENANT_LIMIT)
    expect_error(lambda: engine.incidents.GetIncidentDeskLink(incident_pb2.GetIncidentDeskLinkRequest(
        process_definition_key=long_key)), grpc.StatusCode.NOT_FOUND, "DESK_LINK_NOT_FOUND")
    longest = _long(LIMIT, unique("p"))
    assert link(longest).desk_link.process_definition_key == longest


# -- text of deployed files -------------------------------------------------------------------

_TOO_LONG = _long(LIMIT + 1, "z")
_MESSAGE = '<bpmn:messageEventDefinition id="Def" messageRef="Msg" />'
_SIGNAL = '<bpmn:signalEventDefinition id="Def" signalRef="Sig" />'
_TIMER = "${" + " " * LIMIT + "delay}"  # a timer's subscription holds the text of its expression
# process body (given the process key), element, element id, attribute
_DEPLOYED: dict[str, tuple[Callable[[str], str], str, str, str]] = {
    "process name": (lambda k: _user_task_process(k).replace('isExecutable="true"', f'name="{_TOO_LONG}" '
                                                            'isExecutable="true"'), "process", "", "name"),
    "version tag": (lambda k: _user_task_process(k).replace('isExecutable="true"', 'isExecutable="true" '
                                                           f'camunda:versionTag="{_TOO_LONG}"'),
                    "process", "", "camunda:versionTag"),
    "user task name": (lambda k: _user_task_process(k).replace('name="Review"', f'name="{_TOO_LONG}"'),
                       "userTask", "Review", "name"),
    "form key": (lambda k: _user_task_process(k, f'camunda:formKey="{_TOO_LONG}"'), "userTask", "Review",
                 "camunda:formKey"),
    "assignee": (lambda k: _user_task_process(k, f'camunda:assignee="{_TOO_LONG}"'), "userTask", "Review",
                 "camunda:assignee"),
    "candidate group": (lambda k: _user_task_process(k, f'camunda:candidateGroups="clerks, {_TOO_LONG}"'),
                        "userTask", "Review", "camunda:candidateGroups"),
    "topic": (lambda k: one_task(k, _TOO_LONG), "serviceTask", "Work", "camunda:topic"),
    "message name": (lambda k: _catch_process(k, _MESSAGE, f'<bpmn:message id="Msg" name="{_TOO_LONG}" />'),
                     "intermediateCatchEvent", "Wait", "message name"),
    "signal name": (lambda k: _catch_process(k, _SIGNAL, f'<bpmn:signal id="Sig" name="{_TOO_LONG}" />'),
                    "intermediateCatchEvent", "Wait", "signal name"),
    "timer": (lambda k: _catch_process(k, '<bpmn:timerEventDefinition id="Def"><bpmn:timeDuration>'
                                          f'{_TIMER}</bpmn:timeDuration></bpmn:timerEventDefinition>'),
              "intermediateCatchEvent", "Wait", "timeDuration"),
    "called business key": (lambda k: _call_process(k, _TOO_LONG), "callActivity", "Call", "camunda:in businessKey"),
}


@pytest.mark.parametrize("case", sorted(_DEPLOYED))
def test_deployed_text_longer_than_its_column_is_invalid_bpmn(engine: Failures, case: str) -> None:
    body, element, element_id, attribute = _DEPLOYED[case]
    process_key, name = key("deployed"), unique("limits")
    failed = expect_error(lambda: _deploy_xml(engine, process_key, body(process_key), name), BAD, "INVALID_BPMN")
    assert failed.info is not None
    metadata = dict(failed.info.metadata)
    assert metadata["resource"] == "limits.bpmn" and metadata["attribute"] == attribute
    assert metadata["element"] == element and metadata["element_id"] == (element_id or process_key)
    assert metadata["max_length"] == str(LIMIT) and int(metadata["line"]) > 1
    assert failed.fields == ["resources[limits.bpmn]"]
    length = len(_TIMER) if case == "timer" else len(_TOO_LONG)
    assert f"{attribute} has {length} characters; at most {LIMIT} are allowed" in failed.message
    assert not _deployments_named(engine, name)


def test_a_process_key_of_the_full_length_deploys_and_runs(engine: Failures) -> None:
    process_key = _long(LIMIT, key("k"))
    deployment = _deploy_xml(engine, process_key, _user_task_process(process_key))
    [definition] = deployment.definitions
    # key:version:uuid would not fit the id column: the id is the uuid alone, as in Camunda.
    assert definition.key == process_key and len(definition.id) <= LIMIT and process_key not in definition.id
    instance = engine.start(definition.id).process_instance
    assert (instance.definition_id, instance.definition_key) == (definition.id, process_key)
    assert [t.task_definition_key for t in engine.tasks_of(instance.id)] == ["Review"]
    longer = process_key + "x"
    failed = expect_error(lambda: _deploy_xml(engine, longer, _user_task_process(longer)), BAD, "INVALID_BPMN")
    assert failed.info is not None and failed.info.metadata["element"] == "process"


_CASE_TEXT = {
    # attribute, element: the fixture's text and what replaces it
    ("name", "case"): ('name="Review an application" camunda:historyTimeToLive', f'name="{_TOO_LONG}" '
                       'camunda:historyTimeToLive'),
    ("name", "planItem"): ('<planItem id="PI_Decide" ', f'<planItem id="PI_Decide" name="{_TOO_LONG}" '),
    ("camunda:assignee", "planItem"): ('camunda:assignee="demo"', f'camunda:assignee="{_TOO_LONG}"'),
}


@pytest.mark.parametrize("attribute,element", sorted(_CASE_TEXT))
def test_case_text_longer_than_its_column_is_invalid_cmmn(cases: Cases, attribute: str, element: str) -> None:
    case_key = unique("case_limits").replace("-", "_")
    old, new = _CASE_TEXT[(attribute, element)]
    failed = expect_error(lambda: cases.deploy_case("case_three_items.cmmn", key=case_key, replace={old: new}),
                          BAD, "INVALID_CMMN")
    assert failed.info is not None
    metadata = dict(failed.info.metadata)
    assert (metadata["attribute"], metadata["element"], metadata["max_length"]) == (attribute, element, str(LIMIT))
    assert f"{attribute} has {LIMIT + 1} characters; at most {LIMIT} are allowed" in failed.message
    assert not cases.case_definitions.ListCaseDefinitions(
        case_definition_pb2.ListCaseDefinitionsRequest(key=case_key)).case_definitions


# -- values of expressions --------------------------------------------------------------------


def _expression_failed(failed: RpcFailure, activity_id: str, expression: str, what: str) -> None:
    assert failed.info is not None
    assert failed.info.metadata["activity_id"] == activity_id and failed.info.metadata["expression"] == expression
    assert f"{what} has {LIMIT + 1} characters; at most {LIMIT} are allowed" in failed.message


def test_an_expression_giving_text_longer_than_its_column_fails_the_call(engine: Failures, cases: Cases) -> None:
    process_key = key("assignee_limits")
    definition_id = engine.deploy_inline(process_key, _user_task_process(
        process_key, 'camunda:assignee="${approver}" camunda:candidateUsers="${reviewers}"'))
    business_key = unique("bk")

    def start(**variables: Any) -> Any:
        return engine.start(definition_id, variables, business_key)

    failed = expect_error(lambda: start(approver=_long(LIMIT + 1, "a"), reviewers="x"), FAILED,
                          "EXPRESSION_EVALUATION_FAILED")
    _expression_failed(failed, "Review", "${approver}", "the assignee")
    failed = expect_error(lambda: start(approver="a", reviewers=f"alice, {_long(LIMIT + 1, 'b')}"), FAILED,
                          "EXPRESSION_EVALUATION_FAILED")
    _expression_failed(failed, "Review", "${reviewers}", "a candidate user")
    # Nothing was started.
    assert not engine.instances.QueryProcessInstances(process_instance_pb2.QueryProcessInstancesRequest(
        business_key=business_key)).process_instances
    instance_id = start(approver=_long(LIMIT, "a"), reviewers=_long(LIMIT, "b")).process_instance.id
    [task] = engine.tasks_of(instance_id)
    assert (task.assignee, list(task.candidate_users)) == (_long(LIMIT, "a"), [_long(LIMIT, "b")])

    # A message name built by an expression.
    process_key = key("message_limits")
    definition_id = engine.deploy_inline(process_key, _catch_process(
        process_key, _MESSAGE, '<bpmn:message id="Msg" name="order-${orderId}" />'))
    failed = expect_error(lambda: engine.start(definition_id, {"orderId": _long(LIMIT + 1 - len("order-"))}),
                          FAILED, "EXPRESSION_EVALUATION_FAILED")
    _expression_failed(failed, "Wait", "order-${orderId}", "the message name")

    # A case's human task.
    case_key = unique("case_assignee").replace("-", "_")
    cases.deploy_case("case_three_items.cmmn", key=case_key,
                      replace={'camunda:assignee="demo"': 'camunda:assignee="${approver}"'})
    failed = expect_error(lambda: cases.create(key=case_key, variables={"approver": _long(LIMIT + 1, "a")}),
                          FAILED, "EXPRESSION_EVALUATION_FAILED")
    _expression_failed(failed, "PI_CheckApplication", "${approver}", "the assignee")
