"""GenerateMigrationPlan and ValidateMigrationPlan: which instructions the generator makes (equal
ids, one type, equal flow scopes), each rule of a plan's validation, and the errors of malformed
requests; plus the rules an instance is held to when a plan is applied."""

from __future__ import annotations

import grpc
import pytest

from flowkeeper.engine.v1 import execution_pb2
from tests.engine.compensation_support import compensable
from tests.engine.conditional_support import conditional
from tests.engine.migration_support import M, Migrations, instruction, line, message
from tests.engine.scenario import name
from tests.engine.support import typed_map
from tests.support import expect_error


@pytest.fixture
def engine(api) -> Migrations:  # type: ignore[no-untyped-def]
    return Migrations(api)


def _pairs(plan: M.MigrationPlan) -> list[tuple[str, str, bool]]:
    return sorted((i.source_activity_ids[0], i.target_activity_ids[0], i.update_event_trigger)
                  for i in plan.instructions)


def _sub(sub_id: str, inner: str) -> str:
    return f'<bpmn:subProcess id="{sub_id}">{line(inner, start=sub_id + "Start", end=sub_id + "End")}</bpmn:subProcess>'


def _loop(task_id: str, sequential: bool = False) -> str:
    return (f'<bpmn:userTask id="{task_id}"><bpmn:multiInstanceLoopCharacteristics '
            f'isSequential="{"true" if sequential else "false"}"><bpmn:loopCardinality>2</bpmn:loopCardinality>'
            '</bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>')


def _timer_boundary(boundary: str, attached: str) -> str:
    return (f'<bpmn:boundaryEvent id="{boundary}" attachedToRef="{attached}"><bpmn:timerEventDefinition>'
            '<bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>'
            f'<bpmn:sequenceFlow id="f_{boundary}" sourceRef="{boundary}" targetRef="End" />')


def _conditional_boundary(boundary: str, attached: str) -> str:
    return (f'<bpmn:boundaryEvent id="{boundary}" attachedToRef="{attached}">{conditional("${go}")}'
            f'</bpmn:boundaryEvent><bpmn:sequenceFlow id="f_{boundary}" sourceRef="{boundary}" targetRef="End" />')


# Join's second incoming flow (the source's only): Fork, Side, Join.
_JOINED = ('<bpmn:userTask id="Side" /><bpmn:sequenceFlow id="j1" sourceRef="Fork" targetRef="Side" />'
           '<bpmn:sequenceFlow id="j2" sourceRef="Side" targetRef="Join" />')


# -- generation ---------------------------------------------------------------------------------------


def test_generation_maps_equal_ids_of_one_type_in_equal_scopes(engine: Migrations) -> None:
    source, target = engine.versions(
        line('<bpmn:userTask id="Review" />', '<bpmn:userTask id="Typed" />', _sub("Sub", '<bpmn:userTask id="In" />'),
             _sub("Moved", '<bpmn:userTask id="Deep" />'), _loop("Loop"), _loop("Marker"),
             '<bpmn:exclusiveGateway id="Choice" />', '<bpmn:userTask id="OnlySource" />')
        + _timer_boundary("Remind", "Review"),
        line('<bpmn:userTask id="Review" />', '<bpmn:receiveTask id="Typed" />', _sub("Sub", '<bpmn:userTask id="In" />'),
             _sub("Other", '<bpmn:userTask id="Deep" />'), _loop("Loop"), '<bpmn:userTask id="Marker" />',
             '<bpmn:exclusiveGateway id="Choice" />')
        + _timer_boundary("Remind", "Review"))
    plan = engine.generate(source, target, variables={"note": "hi"})
    assert (plan.source_process_definition_id, plan.target_process_definition_id) == (source, target)
    # Typed: another type; Deep: in a subprocess the target does not have; Marker: a multi-instance marker
    # dropped (its flow scope differs); Choice: an exclusive gateway is never generated.
    assert _pairs(plan) == [
        ("In", "In", False), ("Loop", "Loop", False), ("Loop#multiInstanceBody", "Loop#multiInstanceBody", False),
        ("Remind", "Remind", False), ("Review", "Review", False), ("Sub", "Sub", False)]
    assert list(plan.variables) == ["note"]
    assert engine.validate(plan) == {}


def test_generation_updates_event_triggers_when_asked_and_maps_conditional_events_only_then(engine: Migrations) -> None:
    paid = name("paid")
    body = line('<bpmn:userTask id="Review" />',
                '<bpmn:intermediateCatchEvent id="Paid"><bpmn:messageEventDefinition messageRef="Message_paid" />'
                '</bpmn:intermediateCatchEvent>', '<bpmn:receiveTask id="Wait" messageRef="Message_paid" />') + (
        _conditional_boundary("Go", "Review"))
    source, target = engine.versions(body, body, extras=[message("paid", paid)])
    assert _pairs(engine.generate(source, target)) == [
        ("Paid", "Paid", False), ("Review", "Review", False), ("Wait", "Wait", False)]
    assert _pairs(engine.generate(source, target, update=True)) == [
        ("Go", "Go", True), ("Paid", "Paid", True), ("Review", "Review", False), ("Wait", "Wait", True)]


def test_generation_drops_a_boundary_event_whose_activity_is_not_mapped(engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" />') + _timer_boundary("Remind", "Review"),
                                     line('<bpmn:receiveTask id="Review" />') + _timer_boundary("Remind", "Review"))
    assert _pairs(engine.generate(source, target)) == []


# -- validation ---------------------------------------------------------------------------------------


def test_each_rule_of_a_plan_is_reported_per_instruction(engine: Migrations) -> None:
    signal = name("sig")
    source, target = engine.versions(
        line('<bpmn:userTask id="Review" />', '<bpmn:userTask id="Typed" />', _sub("Sub", '<bpmn:userTask id="In" />'),
             _loop("Loop"), '<bpmn:intermediateCatchEvent id="Sig"><bpmn:signalEventDefinition signalRef="S" />'
             '</bpmn:intermediateCatchEvent>', '<bpmn:userTask id="Plain" />', '<bpmn:userTask id="Other" />',
             '<bpmn:parallelGateway id="Fork" />', '<bpmn:parallelGateway id="Join" />')
        + _timer_boundary("Remind", "Review") + _conditional_boundary("Go", "Review") + _JOINED,
        line('<bpmn:userTask id="Review" />', '<bpmn:receiveTask id="Typed" />',
             _sub("Sub", '<bpmn:userTask id="In" />'), _loop("Loop", sequential=True),
             '<bpmn:intermediateCatchEvent id="Sig"><bpmn:signalEventDefinition signalRef="S" />'
             '</bpmn:intermediateCatchEvent>', '<bpmn:userTask id="Plain" />', '<bpmn:userTask id="Other" />',
             '<bpmn:parallelGateway id="Fork" />', '<bpmn:parallelGateway id="Join" />')
        + _timer_boundary("Remind", "Review") + _timer_boundary("Remind2", "Plain")
        + _conditional_boundary("Go", "Review"),
        extras=[f'<bpmn:signal id="S" name="{signal}" />'])
    cases = [
        (instruction("Review"), []),
        (M.MigrationInstruction(source_activity_ids=["Review", "Plain"], target_activity_ids=["Review"]),
         ["NOT_ONE_TO_ONE"]),
        (instruction("Nope", "Nada"), ["SOURCE_ACTIVITY_NOT_FOUND", "TARGET_ACTIVITY_NOT_FOUND"]),
        (instruction("Review", "Other"), ["DUPLICATE_SOURCE"]),
        (instruction("Typed"), ["TYPE_MISMATCH"]),
        (instruction("End"), ["UNSUPPORTED_ACTIVITY"]),
        (instruction("Loop#multiInstanceBody"), ["MULTI_INSTANCE_TYPE_MISMATCH"]),
        (instruction("Loop"), []),
        (instruction("Sub"), []),
        (instruction("In", "Review"), ["FLOW_SCOPE_NOT_MIGRATED"]),  # Sub, mapped, does not contain Review
        (instruction("Remind", "Remind2"), ["ATTACHED_ACTIVITY_NOT_MIGRATED"]),
        (instruction("Join"), ["GATEWAY_INCOMING_FLOWS"]),
        (instruction("Plain", update=True), ["UPDATE_EVENT_TRIGGER_NOT_APPLICABLE"]),
        (instruction("Go"), ["UPDATE_EVENT_TRIGGER_REQUIRED"]),
        (instruction("Sig"), []),
        (instruction("Sig", "Sig"), ["DUPLICATE_SOURCE", "DUPLICATE_TARGET"]),
    ]
    reports = engine.validate(engine.plan(source, target, *(i for i, _ in cases)))
    assert reports == {index: reasons for index, (_, reasons) in enumerate(cases) if reasons}
    # A valid plan: an empty answer.
    assert engine.validate(engine.plan(source, target, instruction("Review"), instruction("Go", update=True))) == {}
    # The report names its instruction.
    [report] = engine.migration.ValidateMigrationPlan(M.ValidateMigrationPlanRequest(migration_plan=engine.plan(
        source, target, instruction("Typed")))).instruction_reports
    assert (report.index, list(report.instruction.source_activity_ids), report.failures[0].reason) == (
        0, ["Typed"], "TYPE_MISMATCH")
    assert "Typed" in report.failures[0].description


def test_an_event_subprocess_start_event_migrates_only_with_the_scope_it_waits_on(engine: Migrations) -> None:
    esp = ('<bpmn:subProcess id="Esp" triggeredByEvent="true"><bpmn:startEvent id="EspStart">'
           '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>'
           '</bpmn:startEvent><bpmn:endEvent id="EspEnd" />'
           '<bpmn:sequenceFlow id="e1" sourceRef="EspStart" targetRef="EspEnd" /></bpmn:subProcess>')
    inner = ('<bpmn:subProcess id="Sub"><bpmn:startEvent id="SubStart" /><bpmn:userTask id="In" />'
             '<bpmn:endEvent id="SubEnd" /><bpmn:sequenceFlow id="s1" sourceRef="SubStart" targetRef="In" />'
             f'<bpmn:sequenceFlow id="s2" sourceRef="In" targetRef="SubEnd" />{esp}</bpmn:subProcess>')
    source, target = engine.versions(line('<bpmn:userTask id="Review" />') + esp.replace("Esp", "Top"),
                                     line(inner))
    assert engine.validate(engine.plan(source, target, instruction("TopStart", "EspStart"))) == {
        0: ["EVENT_SCOPE_NOT_MIGRATED"]}
    assert engine.validate(engine.plan(source, source, instruction("TopStart"))) == {}


def test_malformed_validation_requests_are_errors(engine: Migrations) -> None:
    [definition] = engine.versions(line('<bpmn:userTask id="Review" />'))
    [other_tenant] = engine.versions(line('<bpmn:userTask id="Review" />'), tenant="tenant-x")
    [tenant_y] = engine.versions(line('<bpmn:userTask id="Review" />'), tenant="tenant-y")
    got = expect_error(lambda: engine.migration.ValidateMigrationPlan(M.ValidateMigrationPlanRequest()),
                       grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert got.fields == ["migration_plan"]
    got = expect_error(lambda: engine.validate(engine.plan(definition, "")), grpc.StatusCode.INVALID_ARGUMENT,
                       "MISSING_REQUIRED_FIELD")
    assert got.fields == ["migration_plan.target_process_definition_id"]
    got = expect_error(lambda: engine.validate(engine.plan("nope", definition)), grpc.StatusCode.NOT_FOUND,
                       "PROCESS_DEFINITION_NOT_FOUND")
    assert got.info.metadata["field_name"] == "migration_plan.source_process_definition_id"
    got = expect_error(lambda: engine.generate(definition, "nope"), grpc.StatusCode.NOT_FOUND,
                       "PROCESS_DEFINITION_NOT_FOUND")
    assert got.info.metadata["field_name"] == "target_process_definition_id"
    expect_error(lambda: engine.generate("", definition), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    got = expect_error(lambda: engine.validate(engine.plan(other_tenant, tenant_y)), grpc.StatusCode.FAILED_PRECONDITION,
                       "MIGRATION_BETWEEN_TENANTS")
    assert (got.info.metadata["source_tenant_id"], got.info.metadata["target_tenant_id"]) == ("tenant-x", "tenant-y")
    bad = M.MigrationPlan(source_process_definition_id=definition, target_process_definition_id=definition,
                          variables={"amount": typed_map({"x": "nope"})["x"]})
    bad.variables["amount"].type = "Integer"
    got = expect_error(lambda: engine.migration.ValidateMigrationPlan(M.ValidateMigrationPlanRequest(
        migration_plan=bad)), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
    assert got.fields == ["migration_plan.variables[amount].value"]


# -- what an instance is held to ------------------------------------------------------------------------


def test_an_event_after_the_gateway_must_follow_the_target_gateway(engine: Migrations) -> None:
    paid, late = name("paid"), name("late")
    catch = ('<bpmn:intermediateCatchEvent id="{id}"><bpmn:messageEventDefinition messageRef="Message_{ref}" />'
             '</bpmn:intermediateCatchEvent>')
    source, target = engine.versions(
        '<bpmn:startEvent id="Start" /><bpmn:eventBasedGateway id="Choose" />'
        + catch.format(id="Paid", ref="paid") + catch.format(id="Late", ref="late") + '<bpmn:endEvent id="End" />'
        '<bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Choose" />'
        '<bpmn:sequenceFlow id="f1" sourceRef="Choose" targetRef="Paid" />'
        '<bpmn:sequenceFlow id="f2" sourceRef="Choose" targetRef="Late" />'
        '<bpmn:sequenceFlow id="f3" sourceRef="Paid" targetRef="End" />'
        '<bpmn:sequenceFlow id="f4" sourceRef="Late" targetRef="End" />',
        line('<bpmn:eventBasedGateway id="Choose" />', catch.format(id="Paid", ref="paid"),
             catch.format(id="Late", ref="late"))
        + '<bpmn:intermediateCatchEvent id="Timer"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H'
        '</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>'
        '<bpmn:sequenceFlow id="t1" sourceRef="Choose" targetRef="Timer" />'
        '<bpmn:sequenceFlow id="t2" sourceRef="Timer" targetRef="End" />',
        extras=[message("paid", paid), message("late", late)])
    instance = engine.start_id(source)
    got = expect_error(lambda: engine.migrate(engine.generate(source, target), [instance]),
                       grpc.StatusCode.FAILED_PRECONDITION, "MIGRATING_INSTANCE_INVALID")
    assert [v.type for v in got.precondition.violations] == ["EVENT_NOT_AFTER_GATEWAY"]


def test_an_activity_losing_its_boundary_events_must_not_hold_variables_of_its_own(engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" />') + _timer_boundary("Remind", "Review"),
                                     line('<bpmn:userTask id="Review" />'))
    instance = engine.start_id(source)
    [scope] = [e for e in engine.executions_of(instance) if e.activity_id == "Review"]
    engine.executions.ModifyLocalVariables(execution_pb2.ModifyLocalVariablesRequest(
        execution_id=scope.id, modifications=typed_map({"mine": 1})))
    got = expect_error(lambda: engine.migrate(engine.generate(source, target), [instance]),
                       grpc.StatusCode.FAILED_PRECONDITION, "MIGRATING_INSTANCE_INVALID")
    assert [v.type for v in got.precondition.violations] == ["SCOPE_VARIABLES"]


def test_instances_with_compensation_records_are_refused(engine: Migrations) -> None:
    body = ('<bpmn:startEvent id="Start" />' + compensable("Book") + '<bpmn:userTask id="Next" />'
            '<bpmn:endEvent id="End" /><bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Book" />'
            '<bpmn:sequenceFlow id="f1" sourceRef="Book" targetRef="Next" />'
            '<bpmn:sequenceFlow id="f2" sourceRef="Next" targetRef="End" />')
    source, target = engine.versions(body, body)
    instance = engine.start_id(source)
    [book] = engine.tasks_of(instance)
    engine.complete(book.id)  # Book completed: its compensation is recorded
    got = expect_error(lambda: engine.migrate(engine.generate(source, target), [instance]),
                       grpc.StatusCode.FAILED_PRECONDITION, "MIGRATING_INSTANCE_INVALID")
    assert [(v.type, v.subject) for v in got.precondition.violations] == [("COMPENSATION_NOT_SUPPORTED", instance)]
    # A compensation handler is never mapped.
    assert engine.validate(engine.plan(source, target, instruction("UndoBook"))) == {0: ["UNSUPPORTED_ACTIVITY"]}
