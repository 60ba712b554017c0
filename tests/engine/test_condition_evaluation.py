"""ConditionService.EvaluateConditions (the document's engine's POST /condition): a process's
conditional start events, evaluated with the variables given, start an instance each whose
condition holds; the latest version of each process waits with them (a new version replaces
them, deleting it brings them back), suspended definitions start nothing, tenants as for
starting instances, and no conditional start event at all is CONDITIONAL_START_NOT_FOUND.

The session's server is shared, so each test names variables no other test's conditions read
(or works in a tenant of its own): other processes' conditions do not hold for them."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import condition_pb2, condition_pb2_grpc, deployment_pb2, history_pb2
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.conditional_support import Conditionals, conditional, started_by_condition
from tests.engine.resources.modeler import render
from tests.engine.support import typed, typed_map
from tests.engine.work_support import key, waiting
from tests.support import expect_error, unique

STATE = pi.ProcessInstance


@pytest.fixture
def engine(api, server) -> Conditionals:  # type: ignore[no-untyped-def]
    return Conditionals(api, server)


def deploy(engine: Conditionals, body: str, tenant: str = "") -> tuple[str, str]:
    """Deploys ``body`` (a process, its key its id): (definition id, deployment id)."""
    process_key = body.split('id="', 1)[1].split('"', 1)[0]
    deployment = engine.deploy(contents={f"{process_key}.bpmn": render(body, process_key).encode()}, tenant=tenant)
    return engine.definition_id(deployment, process_key), deployment.id


def variable() -> str:
    """A variable name no other test's condition reads."""
    return key("v")


def test_a_start_condition_that_holds_starts_an_instance_with_the_variables_and_business_key(engine) -> None:  # type: ignore[no-untyped-def]
    temperature = variable()
    definition, _ = deploy(engine, started_by_condition(key("heat"), conditional(f"${{{temperature} > 20}}")))
    assert engine.start_waits(definition) == ["Start0"]
    [started] = engine.evaluate({temperature: 24, "city": "Parma"}, business_key="order-17")
    assert (started.definition_id, started.business_key, started.tenant_id, started.state) == (
        definition, "order-17", "", STATE.STATE_ACTIVE)
    assert started.start_user_id == "admin"
    assert engine.variables(started.id) == {temperature: (24, "Integer"), "city": ("Parma", "String")}
    assert engine.open_tasks(started.id) == ["Work"]
    assert ("Start0", "conditionalStartEvent", "completed", "") in engine.passes(started.id)
    # Below the threshold: nothing starts, and that is no error.
    assert engine.evaluate({temperature: 19}) == []


def test_each_start_event_whose_condition_holds_starts_an_instance(engine) -> None:  # type: ignore[no-untyped-def]
    a, b = variable(), variable()
    definition, _ = deploy(engine, started_by_condition(
        key("two_starts"), conditional(f"${{{a} > 0}}"), conditional(f"${{{a} > 1 && {b}}}"), none_start=True))
    started = engine.evaluate({a: 5, b: True})
    assert len(started) == 2 and {s.definition_id for s in started} == {definition}
    starts = [[p[0] for p in engine.passes(s.id) if p[1] == "conditionalStartEvent"] for s in started]
    assert starts == [["Start0"], ["Start1"]]  # in the start events' order
    assert len(engine.evaluate({a: 1, b: True})) == 1
    # Its none start event still starts it directly.
    assert engine.open_tasks(engine.start_id(definition)) == ["Work"]


def test_a_start_event_naming_a_variable_is_evaluated_only_when_that_variable_is_given(engine) -> None:  # type: ignore[no-untyped-def]
    name = variable()
    definition, _ = deploy(engine, started_by_condition(key("named"), conditional("${true}", variable_name=name)))
    assert all(s.definition_id != definition for s in engine.evaluate({variable(): 1}))
    [started] = [s for s in engine.evaluate({name: None}) if s.definition_id == definition]
    assert engine.variables(started.id) == {name: (None, "Null")}


def test_tenants_are_respected_as_for_starting_instances(engine, server) -> None:  # type: ignore[no-untyped-def]
    t1, t2, go = unique("t1"), unique("t2"), variable()
    process_key = key("tenanted")
    body = started_by_condition(process_key, conditional(f"${{{go}}}"))
    mine, _ = deploy(engine, body, tenant=t1)
    theirs, _ = deploy(engine, body, tenant=t2)
    shared, _ = deploy(engine, body)

    def started(conditions: Conditionals, **fields: object) -> set[str]:
        return {s.definition_id for s in conditions.evaluate({go: True}, **fields) if s.definition_id in (
            mine, theirs, shared)}

    assert started(engine, tenant_id=t1) == {mine}
    assert [s.tenant_id for s in engine.evaluate({go: True}, tenant_id=t2)] == [t2]
    assert started(engine, without_tenant_id=True) == {shared}
    assert started(engine) == {mine, theirs, shared}  # an admin sees every tenant

    t1_only = Conditionals(server.api(server.token(tenants=(t1,))), server)
    assert started(t1_only) == {mine, shared}  # the tenants the token sees, and no tenant
    expect_error(lambda: t1_only.evaluate({go: True}, tenant_id=t2), grpc.StatusCode.PERMISSION_DENIED,
                 "TENANT_NOT_GRANTED")
    expect_error(lambda: t1_only.evaluate({go: True}, process_definition_id=theirs), grpc.StatusCode.NOT_FOUND,
                 "PROCESS_DEFINITION_NOT_FOUND")
    expect_error(lambda: engine.evaluate({go: True}, tenant_id=unique("none")), grpc.StatusCode.NOT_FOUND,
                 "CONDITIONAL_START_NOT_FOUND")


def test_suspended_definitions_start_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    tenant, go = unique("suspended"), variable()
    definition, _ = deploy(engine, started_by_condition(key("paused"), conditional(f"${{{go}}}")), tenant=tenant)

    def suspend(suspended: bool) -> None:
        engine.definitions.SetProcessDefinitionSuspensionState(pd.SetProcessDefinitionSuspensionStateRequest(
            id=definition, suspended=suspended))

    suspend(True)
    assert engine.evaluate({go: True}, tenant_id=tenant) == []  # its subscription is there: no NOT_FOUND
    assert engine.evaluate({go: True}, process_definition_id=definition) == []
    suspend(False)
    assert [s.definition_id for s in engine.evaluate({go: True}, tenant_id=tenant)] == [definition]


def test_the_latest_version_waits_and_deleting_it_brings_the_version_before_back(engine) -> None:  # type: ignore[no-untyped-def]
    tenant, go, process_key = unique("versions"), variable(), key("versioned")
    by_condition = started_by_condition(process_key, conditional(f"${{{go}}}"))
    first, _ = deploy(engine, by_condition, tenant=tenant)
    second, second_deployment = deploy(engine, waiting(process_key), tenant=tenant)  # no conditional start event
    assert engine.start_waits(first) == [] and engine.start_waits(second) == []
    expect_error(lambda: engine.evaluate({go: True}, tenant_id=tenant), grpc.StatusCode.NOT_FOUND,
                 "CONDITIONAL_START_NOT_FOUND")
    # An older version, named, is evaluated all the same (as in the document's engine).
    [old] = engine.evaluate({go: True}, process_definition_id=first)
    assert old.definition_id == first
    third, third_deployment = deploy(engine, by_condition, tenant=tenant)
    assert [s.definition_id for s in engine.evaluate({go: True}, tenant_id=tenant)] == [third]
    for deployment_id in (third_deployment, second_deployment):
        engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment_id, cascade=True))
    assert engine.start_waits(third) == [] and engine.start_waits(first) == ["Start0"]
    assert [s.definition_id for s in engine.evaluate({go: True}, tenant_id=tenant)] == [first]


def test_refused_evaluations_start_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    tenant, amount = unique("refused"), variable()
    holds, _ = deploy(engine, started_by_condition(key("holds"), conditional(f"${{{amount} != null}}")), tenant=tenant)
    fails, _ = deploy(engine, started_by_condition(key("zfails"), conditional(f"${{{amount} > 20}}")), tenant=tenant)
    plain, _ = deploy(engine, waiting(key("plain")), tenant=tenant)
    refused = [
        (lambda: engine.evaluate({amount: "hot"}, tenant_id=tenant), grpc.StatusCode.FAILED_PRECONDITION,
         "EXPRESSION_EVALUATION_FAILED"),
        (lambda: engine.evaluate({amount: 1}, tenant_id=tenant, without_tenant_id=True),
         grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD"),
        (lambda: engine.evaluate({amount: 1}, process_definition_id=holds, tenant_id=tenant),
         grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD"),
        (lambda: engine.evaluate({amount: 1}, tenant_id=tenant, business_key="k" * 256),
         grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD"),
        (lambda: engine.conditions.EvaluateConditions(_request({amount: typed("abc", "Integer")}, tenant)),
         grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE"),
        (lambda: engine.evaluate({" ": 1}, tenant_id=tenant), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_NAME"),
        (lambda: engine.evaluate({amount: 1}, process_definition_id=plain), grpc.StatusCode.FAILED_PRECONDITION,
         "NO_CONDITIONAL_START_EVENT"),
        (lambda: engine.evaluate({amount: 1}, process_definition_id="nope"), grpc.StatusCode.NOT_FOUND,
         "PROCESS_DEFINITION_NOT_FOUND"),
    ]
    for call, code, reason in refused:
        expect_error(call, code, reason)
    error = expect_error(refused[0][0], grpc.StatusCode.FAILED_PRECONDITION)
    assert error.info.metadata["activity_id"] == "Start0"
    # The definition whose condition held (evaluated first) started nothing either.
    for definition in (holds, fails):
        assert engine.instances.CountProcessInstances(pi.CountProcessInstancesRequest(
            process_definition_id=definition)).count == 0


def _request(variables, tenant):  # type: ignore[no-untyped-def]
    return condition_pb2.EvaluateConditionsRequest(variables=variables, tenant_id=tenant)


def test_an_instance_started_by_its_condition_runs_as_any_other(engine) -> None:  # type: ignore[no-untyped-def]
    """Its own conditional events are evaluated as its scope begins, with the variables given."""
    go = variable()
    body = started_by_condition(key("runs"), conditional(f"${{{go} > 0}}")).replace(
        '<bpmn:userTask id="Work" />', '<bpmn:userTask id="Work" /><bpmn:boundaryEvent id="Urgent" '
        f'attachedToRef="Work">{conditional(f"${{{go} > 5}}")}</bpmn:boundaryEvent>'
        '<bpmn:sequenceFlow id="u" sourceRef="Urgent" targetRef="End" />')
    deploy(engine, body)
    [calm] = engine.evaluate({go: 1})
    assert engine.open_tasks(calm.id) == ["Work"]
    [urgent] = engine.evaluate({go: 9})
    assert engine.instance(urgent.id).state == STATE.STATE_COMPLETED
    [passed] = engine.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
        process_instance_id=urgent.id, activity_id="Urgent")).historic_activity_instances
    assert passed.activity_type == "boundaryConditional"


def test_a_caller_without_a_token_is_refused(server) -> None:  # type: ignore[no-untyped-def]
    conditions = server.api(None).stub(condition_pb2_grpc.ConditionServiceStub)
    expect_error(lambda: conditions.EvaluateConditions(_request(typed_map({"x": 1}), "")),
                 grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
