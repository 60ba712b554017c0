"""ExecuteMigrationPlan where the target's flow scopes differ from the source's: activities move
into subprocesses the source lacks (their instances are created, with their history and waits),
out of subprocesses no instruction maps (their instances are removed), between scopes as far as
the closest mapped scope around them allows, and out of a multi-instance body (the marker
removed); each refusal with its report; and each migrated instance goes on to its end on the
target."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest
from sqlalchemy import select

from flowkeeper.engine.v1 import execution_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from server.engine.models import EventSubscription
from tests.engine.batch_support import quiet, run_jobs  # noqa: F401
from tests.engine.migration_support import M, Migrations, instruction, line, message, snapshot
from tests.engine.scenario import name, rows
from tests.engine.support import plain, typed_map
from tests.support import ServerHandle, expect_error

State = pi.ProcessInstance


@pytest.fixture
def engine(api) -> Migrations:  # type: ignore[no-untyped-def]
    return Migrations(api)


def sub(sub_id: str, *inner: str, extra: str = "") -> str:
    """An embedded subprocess ``sub_id`` running ``inner`` in a line (start and end events named
    after it), with ``extra`` elements inside it (event subprocesses)."""
    return (f'<bpmn:subProcess id="{sub_id}">{line(*inner, start=sub_id + "Start", end=sub_id + "End")}{extra}'
            "</bpmn:subProcess>")


def timer_boundary(boundary: str, attached: str, duration: str = "PT1H", to: str = "Late") -> str:
    return (f'<bpmn:boundaryEvent id="{boundary}" attachedToRef="{attached}"><bpmn:timerEventDefinition>'
            f'<bpmn:timeDuration>{duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>'
            f'<bpmn:sequenceFlow id="f_{boundary}" sourceRef="{boundary}" targetRef="{to}" />')


LATE = '<bpmn:userTask id="Late" /><bpmn:sequenceFlow id="f_late" sourceRef="Late" targetRef="End" />'


def message_esp(esp_id: str, ref: str) -> str:
    """A non-interrupting event subprocess ``esp_id`` started by the message ``Message_<ref>``,
    running the user task ``<esp_id>Task``."""
    return (f'<bpmn:subProcess id="{esp_id}" triggeredByEvent="true"><bpmn:startEvent id="{esp_id}Start" '
            f'isInterrupting="false"><bpmn:messageEventDefinition messageRef="Message_{ref}" /></bpmn:startEvent>'
            f'<bpmn:userTask id="{esp_id}Task" /><bpmn:endEvent id="{esp_id}End" />'
            f'<bpmn:sequenceFlow id="{esp_id}1" sourceRef="{esp_id}Start" targetRef="{esp_id}Task" />'
            f'<bpmn:sequenceFlow id="{esp_id}2" sourceRef="{esp_id}Task" targetRef="{esp_id}End" />'
            "</bpmn:subProcess>")


def loop(task_id: str, count: int = 3, sequential: bool = False) -> str:
    return (f'<bpmn:userTask id="{task_id}"><bpmn:multiInstanceLoopCharacteristics '
            f'isSequential="{"true" if sequential else "false"}"><bpmn:loopCardinality>{count}</bpmn:loopCardinality>'
            '</bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>')


def fork(*branches: str, start: str = "Start", end: str = "End") -> str:
    """Start, a parallel fork into one line per branch (each a whole flow node), each to its own end."""
    ids = [b.split('id="', 1)[1].split('"', 1)[0] for b in branches]
    flows = "".join(f'<bpmn:sequenceFlow id="in_{i}" sourceRef="Fork" targetRef="{i}" />'
                    f'<bpmn:sequenceFlow id="out_{i}" sourceRef="{i}" targetRef="{end}_{i}" />'
                    f'<bpmn:endEvent id="{end}_{i}" />' for i in ids)
    return (f'<bpmn:startEvent id="{start}" /><bpmn:parallelGateway id="Fork" />{"".join(branches)}{flows}'
            f'<bpmn:sequenceFlow id="f_start" sourceRef="{start}" targetRef="Fork" />')


def tree(engine: Migrations, instance_id: str) -> list[tuple[str, int]]:
    """The activity instance tree as (activity id, depth), depth-first."""
    return [(activity_id, int(depth)) for activity_id, _, depth in engine.shape(instance_id)]


def ids_of(engine: Migrations, instance_id: str, activity_id: str) -> list[str]:
    return [entry[1] for entry in engine.shape(instance_id) if entry[0] == activity_id]


def complete_all(engine: Migrations, instance_id: str, key: str) -> None:
    for task in engine.tasks_of(instance_id):
        if task.task_definition_key == key:
            engine.complete(task.id)


# -- adding scopes -----------------------------------------------------------------------------------


def test_an_activity_moves_into_a_new_subprocess_whose_instance_is_created_and_completes(engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" name="Review it" />'),
                                     line(sub("Handle", '<bpmn:userTask id="Review" />'),
                                          '<bpmn:userTask id="After" />'))
    instance = engine.start_id(source, {"amount": 5})
    [task] = engine.tasks_of(instance)
    [(_, review_id, _)] = engine.shape(instance)
    plan = engine.plan(source, target, instruction("Review"))
    assert engine.validate(plan) == {}

    engine.migrate(plan, [instance])

    shape = engine.shape(instance)
    assert [(a, d) for a, _, d in shape] == [("Handle", "0"), ("Review", "1")]
    handle_id = shape[0][1]
    assert shape[1][1] == review_id  # the task's activity instance keeps its id
    [moved] = engine.tasks_of(instance)
    assert (moved.id, moved.name, moved.process_definition_id) == (task.id, "Review it", target)
    assert engine.variables(instance) == {"amount": (5, "Integer")}
    # The new subprocess's instance is in the history, running, and the task's is inside it.
    [handle] = engine.passes_at(instance, "Handle")
    assert (handle.id, handle.parent_activity_instance_id, handle.activity_type, handle.process_definition_id) == (
        handle_id, instance, "subProcess", target)
    assert not handle.HasField("end_time")
    [review] = engine.passes_at(instance, "Review")
    assert (review.id, review.parent_activity_instance_id) == (review_id, handle_id)
    # It goes on as the target says: Review ends, the subprocess completes, After follows.
    engine.complete(task.id)
    [handle] = engine.passes_at(instance, "Handle")
    assert handle.HasField("end_time") and not handle.canceled
    assert engine.running_at(instance) == ["After"]
    complete_all(engine, instance, "After")
    assert engine.instance(instance).state == State.STATE_COMPLETED


def test_a_new_subprocess_waits_for_its_boundary_events_and_event_subprocesses(
        quiet: ServerHandle) -> None:  # noqa: F811
    engine = Migrations(quiet.api())
    news = name("news")
    source, target = engine.versions(
        line('<bpmn:userTask id="Review" />'),
        line(sub("Handle", '<bpmn:userTask id="Review" />', extra=message_esp("Notify", "news")),
             '<bpmn:userTask id="After" />') + timer_boundary("Slow", "Handle", "PT2H") + LATE,
        extras=[message("news", news)])
    first, second = engine.start_id(source), engine.start_id(source)
    engine.migrate(engine.plan(source, target, instruction("Review")), [first, second])
    for instance in (first, second):
        [timer] = engine.instance_jobs(instance)
        assert (timer.activity_id, timer.process_definition_id) == ("Slow", target)
    # The event subprocess inside the new subprocess starts there.
    engine.correlate_message(news, first)
    assert sorted(tree(engine, first)) == [("Handle", 0), ("Notify", 1), ("NotifyTask", 2), ("Review", 1)]
    [notify] = engine.passes_at(first, "Notify")
    assert notify.parent_activity_instance_id == ids_of(engine, first, "Handle")[0]
    # The boundary timer of the new subprocess interrupts it with all inside.
    quiet.clock.advance(timedelta(hours=2))
    run_jobs(quiet)
    assert engine.running_at(first) == engine.running_at(second) == ["Late"]
    for instance in (first, second):
        [handle] = engine.passes_at(instance, "Handle")
        assert handle.canceled
        complete_all(engine, instance, "Late")
        assert engine.instance(instance).state == State.STATE_COMPLETED


def test_scopes_are_added_two_levels_deep_once_per_parent(engine: Migrations) -> None:
    source, target = engine.versions(
        fork('<bpmn:userTask id="A" />', '<bpmn:userTask id="B" />', '<bpmn:userTask id="C" />'),
        fork(sub("Outer", sub("Inner", '<bpmn:userTask id="A2" />')), '<bpmn:userTask id="C" />'))
    instance = engine.start_id(source)
    before = {a: i for a, i, _ in engine.shape(instance)}
    plan = engine.plan(source, target, instruction("A", "A2"), instruction("B", "A2"), instruction("C"))
    assert engine.validate(plan) == {}
    engine.migrate(plan, [instance])
    # A and B share one Outer and one Inner (opened once for the instance, their closest migrating
    # parent); C stays where it was.
    assert sorted(tree(engine, instance)) == [("A2", 2), ("A2", 2), ("C", 0), ("Inner", 1), ("Outer", 0)]
    [outer], [inner] = ids_of(engine, instance, "Outer"), ids_of(engine, instance, "Inner")
    assert sorted(ids_of(engine, instance, "A2")) == sorted([before["A"], before["B"]])
    [inner_pass] = engine.passes_at(instance, "Inner")
    assert (inner_pass.id, inner_pass.parent_activity_instance_id) == (inner, outer)
    assert {p.parent_activity_instance_id for p in engine.passes_at(instance, "A2")} == {inner}
    # Inner completes once both its paths ended, then Outer, then the instance (C done too).
    complete_all(engine, instance, "A2")
    assert tree(engine, instance) == [("C", 0)]
    assert all(p.HasField("end_time") and not p.canceled for p in engine.passes_at(instance, "Outer"))
    complete_all(engine, instance, "C")
    assert engine.instance(instance).state == State.STATE_COMPLETED


def test_a_scope_is_added_inside_a_migrating_subprocess(engine: Migrations) -> None:
    source, target = engine.versions(line(sub("Handle", '<bpmn:userTask id="Review" />')),
                                     line(sub("Handle", sub("Check", '<bpmn:userTask id="Review" />'))))
    instance = engine.start_id(source)
    [handle_before] = ids_of(engine, instance, "Handle")
    engine.migrate(engine.plan(source, target, instruction("Handle"), instruction("Review")), [instance])
    assert tree(engine, instance) == [("Handle", 0), ("Check", 1), ("Review", 2)]
    assert ids_of(engine, instance, "Handle") == [handle_before]
    [check] = engine.passes_at(instance, "Check")
    assert check.parent_activity_instance_id == handle_before
    complete_all(engine, instance, "Review")
    assert engine.instance(instance).state == State.STATE_COMPLETED


# -- removing scopes ----------------------------------------------------------------------------------


def test_an_unmapped_subprocess_is_removed_as_its_activities_move_out(quiet: ServerHandle) -> None:  # noqa: F811
    engine = Migrations(quiet.api())
    source, target = engine.versions(
        line(sub("Handle", '<bpmn:userTask id="Review" />'), '<bpmn:userTask id="After" />')
        + timer_boundary("Slow", "Handle") + LATE,
        line('<bpmn:userTask id="Review" />', '<bpmn:userTask id="Next" />'))
    instance = engine.start_id(source, {"amount": 5})
    [handle_id] = ids_of(engine, instance, "Handle")
    [review_id] = ids_of(engine, instance, "Review")
    [scope] = [e for e in engine.executions_of(instance) if e.activity_id == "Review"]
    engine.executions.ModifyLocalVariables(execution_pb2.ModifyLocalVariablesRequest(
        execution_id=scope.id, modifications=typed_map({"local": 1})))
    [timer] = engine.instance_jobs(instance)
    plan = engine.plan(source, target, instruction("Review"))
    assert engine.validate(plan) == {}

    engine.migrate(plan, [instance])

    assert engine.shape(instance) == [("Review", review_id, "0")]
    # The instance's execution is at Review again, as if it had started on the target.
    assert [(e.id, e.activity_id) for e in engine.executions_of(instance)] == [(instance, "Review")]
    # The subprocess's instance ended canceled, as the source's activity; its timer's job was
    # deleted; its own variables went with it, the instance's stayed.
    [handle] = engine.passes_at(instance, "Handle")
    assert (handle.id, handle.canceled, handle.process_definition_id) == (handle_id, True, source)
    assert handle.HasField("end_time")
    [review] = engine.passes_at(instance, "Review")
    assert (review.parent_activity_instance_id, review.process_definition_id) == (instance, target)
    assert engine.instance_jobs(instance) == []
    assert [e[0] for e in engine.job_events(job_id=timer.id)] == ["created", "deleted"]
    assert engine.variables(instance) == {"amount": (5, "Integer")}
    [local] = engine.historic_variables(variable_name="local", process_instance_id=instance)
    assert local.state == "CREATED"  # as any ended scope's: its last value, kept
    # The instance goes on on the target: Review, then Next (the removed timer never fires).
    quiet.clock.advance(timedelta(hours=2))
    run_jobs(quiet)
    complete_all(engine, instance, "Review")
    assert engine.running_at(instance) == ["Next"]
    complete_all(engine, instance, "Next")
    assert engine.instance(instance).state == State.STATE_COMPLETED


def split_join(prefix: str = "") -> str:
    """A parallel split into the user tasks A and B and their join (no start or end event), the
    flows into the split and out of the join named ``<prefix>In`` and ``<prefix>Out``."""
    return ('<bpmn:parallelGateway id="Split" /><bpmn:userTask id="A" /><bpmn:userTask id="B" />'
            '<bpmn:parallelGateway id="Join" />'
            '<bpmn:sequenceFlow id="j1" sourceRef="Split" targetRef="A" />'
            '<bpmn:sequenceFlow id="j2" sourceRef="Split" targetRef="B" />'
            '<bpmn:sequenceFlow id="j3" sourceRef="A" targetRef="Join" />'
            '<bpmn:sequenceFlow id="j4" sourceRef="B" targetRef="Join" />'
            f'<bpmn:sequenceFlow id="j0" sourceRef="{prefix}In" targetRef="Split" />'
            f'<bpmn:sequenceFlow id="j5" sourceRef="Join" targetRef="{prefix}Out" />')


def test_parallel_paths_leave_a_removed_subprocess_and_join_outside(engine: Migrations) -> None:
    source, target = engine.versions(
        line('<bpmn:subProcess id="Handle"><bpmn:startEvent id="SubIn" /><bpmn:endEvent id="SubOut" />'
             f'{split_join("Sub")}</bpmn:subProcess>'),
        f'<bpmn:startEvent id="In" /><bpmn:endEvent id="Out" />{split_join()}')
    instance = engine.start_id(source)
    plan = engine.plan(source, target, instruction("A"), instruction("B"))
    assert engine.validate(plan) == {}
    engine.migrate(plan, [instance])
    assert sorted(tree(engine, instance)) == [("A", 0), ("B", 0)]
    complete_all(engine, instance, "A")
    assert engine.running_at(instance) == ["B", "Join"]
    complete_all(engine, instance, "B")
    assert engine.instance(instance).state == State.STATE_COMPLETED


def test_a_waiting_continuation_leaves_a_removed_subprocess(quiet: ServerHandle) -> None:  # noqa: F811
    engine = Migrations(quiet.api())
    source, target = engine.versions(line(sub("Handle", '<bpmn:userTask id="Review" camunda:asyncBefore="true" />')),
                                     line('<bpmn:userTask id="Review" camunda:asyncBefore="true" />'))
    instance = engine.start_id(source)
    [job] = engine.instance_jobs(instance)
    engine.migrate(engine.plan(source, target, instruction("Review")), [instance])
    assert engine.shape(instance) == [("Review", "transition", "0")]
    [moved] = engine.instance_jobs(instance)
    assert (moved.id, moved.process_definition_id) == (job.id, target)
    engine.execute(job.id)
    assert tree(engine, instance) == [("Review", 0)]
    [review] = engine.passes_at(instance, "Review")
    assert review.parent_activity_instance_id == instance
    complete_all(engine, instance, "Review")
    assert engine.instance(instance).state == State.STATE_COMPLETED


# -- moving between scopes ------------------------------------------------------------------------------


def test_an_activity_moves_from_a_removed_subprocess_into_a_new_one(engine: Migrations) -> None:
    source, target = engine.versions(line(sub("Old", '<bpmn:userTask id="Review" />'), '<bpmn:userTask id="Then" />'),
                                     line(sub("New", '<bpmn:userTask id="Review" />'), '<bpmn:userTask id="Next" />'))
    instance = engine.start_id(source)
    [old_id], [review_id] = ids_of(engine, instance, "Old"), ids_of(engine, instance, "Review")
    engine.migrate(engine.plan(source, target, instruction("Review")), [instance])
    assert tree(engine, instance) == [("New", 0), ("Review", 1)]
    assert ids_of(engine, instance, "Review") == [review_id]
    [old] = engine.passes_at(instance, "Old")
    assert (old.id, old.canceled) == (old_id, True)
    [new] = engine.passes_at(instance, "New")
    [review] = engine.passes_at(instance, "Review")
    assert review.parent_activity_instance_id == new.id != old_id
    complete_all(engine, instance, "Review")
    assert engine.running_at(instance) == ["Next"]


def test_a_subprocess_keeps_its_scope_as_it_moves_out_of_a_removed_one_into_a_new_one(engine: Migrations) -> None:
    source, target = engine.versions(line(sub("Old", sub("Work", '<bpmn:userTask id="Review" />'))),
                                     line(sub("New", sub("Work", '<bpmn:userTask id="Review" />'))))
    instance = engine.start_id(source)
    [work_id] = ids_of(engine, instance, "Work")
    [work_scope] = [e for e in engine.executions_of(instance) if e.activity_id == "Review"]
    engine.executions.ModifyLocalVariables(execution_pb2.ModifyLocalVariablesRequest(
        execution_id=work_scope.id, modifications=typed_map({"kept": "yes"})))
    engine.migrate(engine.plan(source, target, instruction("Work"), instruction("Review")), [instance])
    assert tree(engine, instance) == [("New", 0), ("Work", 1), ("Review", 2)]
    assert ids_of(engine, instance, "Work") == [work_id]  # the same scope execution, with its variables
    assert plain(engine.executions.GetLocalVariables(execution_pb2.GetLocalVariablesRequest(
        execution_id=work_scope.id)).variables) == {"kept": ("yes", "String")}
    [work] = engine.passes_at(instance, "Work")
    assert work.parent_activity_instance_id == ids_of(engine, instance, "New")[0]
    complete_all(engine, instance, "Review")
    assert engine.instance(instance).state == State.STATE_COMPLETED


def test_an_activity_with_boundary_events_moves_into_a_new_subprocess_with_its_timer(
        quiet: ServerHandle) -> None:  # noqa: F811
    engine = Migrations(quiet.api())
    plain_source, guarded_source, target = engine.versions(
        line('<bpmn:userTask id="Review" />'),
        line('<bpmn:userTask id="Review" />') + timer_boundary("Remind", "Review") + LATE,
        line(sub("Handle", '<bpmn:userTask id="Review" />', extra=timer_boundary("Remind", "Review", to="HandleEnd"))))
    guarded, plain_one = engine.start_id(guarded_source), engine.start_id(plain_source)
    [timer] = engine.instance_jobs(guarded)
    engine.migrate(engine.plan(guarded_source, target, instruction("Review"), instruction("Remind")), [guarded])
    # The task that gains its boundary event as it moves: its scope execution, inside the new subprocess.
    engine.migrate(engine.plan(plain_source, target, instruction("Review")), [plain_one])
    for instance in (guarded, plain_one):
        assert tree(engine, instance) == [("Handle", 0), ("Review", 1)]
        [review] = engine.passes_at(instance, "Review")
        assert review.parent_activity_instance_id == ids_of(engine, instance, "Handle")[0]
    [kept] = engine.instance_jobs(guarded)
    assert (kept.id, kept.due_date) == (timer.id, timer.due_date)
    [made] = engine.instance_jobs(plain_one)
    assert made.activity_id == "Remind" and made.id != timer.id
    quiet.clock.advance(timedelta(hours=1))
    run_jobs(quiet)  # the timers interrupt Review; the path ends the subprocess, then the instance
    assert engine.instance(guarded).state == engine.instance(plain_one).state == State.STATE_COMPLETED


def test_the_closest_mapped_scope_must_stay_around_an_activity(engine: Migrations) -> None:
    source, target = engine.versions(
        line(sub("Outer", sub("Inner", '<bpmn:userTask id="A" />')), sub("Side", '<bpmn:userTask id="S" />')),
        line(sub("Inner", sub("Outer", '<bpmn:userTask id="A" />')), sub("Side", '<bpmn:userTask id="X" />'),
             sub("Other", '<bpmn:userTask id="S" />')))
    # Horizontal: S stays in Side (mapped), but its target is in Other.
    assert engine.validate(engine.plan(source, target, instruction("Side"), instruction("S"))) == {
        1: ["FLOW_SCOPE_NOT_MIGRATED"]}
    # Without Side mapped, S may leave it (Side is removed, Other added).
    assert engine.validate(engine.plan(source, target, instruction("S"))) == {}
    # The mapped scopes keep their order: Inner (inside Outer) cannot become Outer's parent.
    assert engine.validate(engine.plan(source, target, instruction("Outer"), instruction("Inner"),
                                       instruction("A"))) == {1: ["FLOW_SCOPE_NOT_MIGRATED"]}
    [report] = engine.migration.ValidateMigrationPlan(M.ValidateMigrationPlanRequest(migration_plan=engine.plan(
        source, target, instruction("Outer"), instruction("Inner")))).instruction_reports
    assert (report.index, report.failures[0].reason) == (1, "FLOW_SCOPE_NOT_MIGRATED")
    assert "'Outer'" in report.failures[0].description
    # An instance is refused with the plan's report before anything changes.
    instance = engine.start_id(source)
    got = expect_error(lambda: engine.migrate(engine.plan(source, target, instruction("Side"), instruction("S"),
                                                          instruction("A")), [instance]),
                       grpc.StatusCode.FAILED_PRECONDITION, "MIGRATION_PLAN_INVALID")
    assert [(v.type, v.subject) for v in got.precondition.violations] == [
        ("FLOW_SCOPE_NOT_MIGRATED", "migration_plan.instructions[1]")]
    assert engine.instance(instance).definition_id == source



# -- removing a multi-instance marker ------------------------------------------------------------------


def _locals_at(engine: Migrations, instance_id: str, activity_id: str) -> list[dict[str, object]]:
    """The local variables of each execution at ``activity_id``, sorted by loopCounter."""
    found = [{k: v for k, (v, _) in plain(engine.executions.GetLocalVariables(
        execution_pb2.GetLocalVariablesRequest(execution_id=e.id)).variables).items()}
        for e in engine.executions_of(instance_id) if e.activity_id == activity_id]
    return sorted(found, key=lambda values: float(str(values.get("loopCounter", -1))))


def test_the_inner_activity_leaves_its_removed_body_and_its_instances_go_on_alone(engine: Migrations) -> None:
    source, target = engine.versions(line(loop("Sign")), line('<bpmn:userTask id="Sign" />',
                                                              '<bpmn:userTask id="After" />'))
    instance = engine.start_id(source)
    engine.complete(engine.tasks_of(instance)[0].id)
    [body_id] = ids_of(engine, instance, "Sign#multiInstanceBody")
    signs = sorted(ids_of(engine, instance, "Sign"))
    plan = engine.plan(source, target, instruction("Sign"))
    assert engine.validate(plan) == {}

    engine.migrate(plan, [instance])

    # Two instances out of three were running: two instances of the target activity are, each
    # keeping its loopCounter; the body and its counters are gone.
    assert tree(engine, instance) == [("Sign", 0), ("Sign", 0)]
    assert sorted(ids_of(engine, instance, "Sign")) == signs
    assert [sorted(values) for values in _locals_at(engine, instance, "Sign")] == [["loopCounter"]] * 2
    assert engine.variables(instance) == {}
    [body] = engine.passes_at(instance, "Sign#multiInstanceBody")
    assert (body.id, body.canceled, body.process_definition_id) == (body_id, True, source)
    assert {p.parent_activity_instance_id for p in engine.passes_at(instance, "Sign") if not p.HasField("end_time")} \
        == {instance}
    # Each goes on alone: each completion takes the flow to After.
    tasks = engine.tasks_of(instance)
    engine.complete(tasks[0].id)
    assert engine.running_at(instance) == ["After", "Sign"]
    engine.complete(tasks[1].id)
    assert engine.running_at(instance) == ["After", "After"]
    complete_all(engine, instance, "After")
    assert engine.instance(instance).state == State.STATE_COMPLETED


def test_a_sequential_instance_keeps_its_element_variable_in_a_new_subprocess(engine: Migrations) -> None:
    marked = ('<bpmn:userTask id="Sign"><bpmn:multiInstanceLoopCharacteristics isSequential="true" '
              'camunda:collection="${items}" camunda:elementVariable="item" /></bpmn:userTask>')
    source, target = engine.versions(line(marked), line(sub("Handle", '<bpmn:userTask id="Sign" />')))
    instance = engine.start_id(source, {"items": ["a", "b"]})
    engine.migrate(engine.plan(source, target, instruction("Sign")), [instance])
    assert tree(engine, instance) == [("Handle", 0), ("Sign", 1)]
    assert _locals_at(engine, instance, "Sign") == [{"loopCounter": 0, "item": "a"}]
    complete_all(engine, instance, "Sign")  # the body is gone: no second item
    assert engine.instance(instance).state == State.STATE_COMPLETED


def test_multi_instance_bodies_are_neither_added_nor_left_without_their_activity(engine: Migrations) -> None:
    source, target = engine.versions(
        line(loop("Sign"), loop("Seal"), '<bpmn:userTask id="Plain" />'),
        line(loop("Sign"), loop("Seal"), '<bpmn:userTask id="Plain" />', '<bpmn:userTask id="Other" />'))
    cases = [
        # The body migrates with its activity, not alone.
        (instruction("Sign#multiInstanceBody"), ["CANNOT_REMOVE_MULTI_INSTANCE_INNER_ACTIVITY",
                                                  "CANNOT_ADD_MULTI_INSTANCE_INNER_ACTIVITY"]),
        # A plain activity does not gain a marker (a body would be added around it).
        (instruction("Plain", "Seal"), ["CANNOT_ADD_MULTI_INSTANCE_BODY"]),
    ]
    reports = engine.validate(engine.plan(source, target, *(i for i, _ in cases)))
    assert reports == {index: reasons for index, (_, reasons) in enumerate(cases)}
    # A body is the target only with its activity.
    assert engine.validate(engine.plan(source, target, instruction("Sign#multiInstanceBody"),
                                       instruction("Sign", "Other"))) == {
        0: ["CANNOT_ADD_MULTI_INSTANCE_INNER_ACTIVITY"], 1: ["FLOW_SCOPE_NOT_MIGRATED"]}
    assert engine.validate(engine.plan(source, target, instruction("Sign#multiInstanceBody"),
                                       instruction("Sign"))) == {}


# -- refusals --------------------------------------------------------------------------------------------


def test_a_join_migrates_only_with_its_subprocess(engine: Migrations) -> None:
    source, target = engine.versions(
        line('<bpmn:subProcess id="Handle"><bpmn:startEvent id="SubIn" /><bpmn:endEvent id="SubOut" />'
             f'{split_join("Sub")}</bpmn:subProcess>'),
        f'<bpmn:startEvent id="In" /><bpmn:endEvent id="Out" />{split_join()}')
    assert engine.validate(engine.plan(source, target, instruction("A"), instruction("Join"))) == {
        1: ["GATEWAY_FLOW_SCOPE_NOT_MIGRATED"]}


def test_an_activity_left_without_instruction_fails_the_call_and_no_instance_changes(server: ServerHandle,
                                                                                     engine: Migrations) -> None:
    source, target = engine.versions(
        fork(sub("Handle", '<bpmn:userTask id="A" />'), '<bpmn:userTask id="B" />'),
        line(sub("New", '<bpmn:userTask id="A" />')))
    ready, blocked = engine.start_id(source), engine.start_id(source)
    complete_all(engine, ready, "B")
    before = {i: snapshot(server, i) for i in (ready, blocked)}
    got = expect_error(lambda: engine.migrate(engine.plan(source, target, instruction("A")), [ready, blocked]),
                       grpc.StatusCode.FAILED_PRECONDITION, "MIGRATING_INSTANCE_INVALID")
    # B has no instruction; Handle, which A leaves, is no failure.
    assert [(v.type, v.subject) for v in got.precondition.violations] == [
        ("NO_INSTRUCTION", ids_of(engine, blocked, "B")[0])]
    assert got.info.metadata["process_instance_id"] == blocked
    assert {i: snapshot(server, i) for i in (ready, blocked)} == before
    assert [p.activity_id for p in engine.open_passes(ready)] != []
    assert not any(p.activity_id == "New" for p in engine.open_passes(ready))
    assert engine.migrate(engine.plan(source, target, instruction("A")), [ready]) == [ready]
    assert tree(engine, ready) == [("New", 0), ("A", 1)]


def test_generation_still_maps_only_equal_scopes(engine: Migrations) -> None:
    source, target = engine.versions(line(sub("Old", '<bpmn:userTask id="Review" />'), loop("Sign")),
                                     line(sub("New", '<bpmn:userTask id="Review" />'), '<bpmn:userTask id="Sign" />'))
    assert list(engine.generate(source, target).instructions) == []


def test_an_event_based_gateway_leaves_a_removed_subprocess_with_its_waits(server: ServerHandle,
                                                                           engine: Migrations) -> None:
    paid, late = name("paid"), name("late")

    def choose(prefix: str) -> str:
        return (f'<bpmn:startEvent id="{prefix}In" /><bpmn:eventBasedGateway id="Choose" />'
                '<bpmn:intermediateCatchEvent id="Paid"><bpmn:messageEventDefinition messageRef="Message_paid" />'
                '</bpmn:intermediateCatchEvent><bpmn:intermediateCatchEvent id="Late">'
                '<bpmn:messageEventDefinition messageRef="Message_late" /></bpmn:intermediateCatchEvent>'
                f'<bpmn:endEvent id="{prefix}Out" />'
                f'<bpmn:sequenceFlow id="g0" sourceRef="{prefix}In" targetRef="Choose" />'
                '<bpmn:sequenceFlow id="g1" sourceRef="Choose" targetRef="Paid" />'
                '<bpmn:sequenceFlow id="g2" sourceRef="Choose" targetRef="Late" />'
                f'<bpmn:sequenceFlow id="g3" sourceRef="Paid" targetRef="{prefix}Out" />'
                f'<bpmn:sequenceFlow id="g4" sourceRef="Late" targetRef="{prefix}Out" />')

    source, target = engine.versions(line(f'<bpmn:subProcess id="Handle">{choose("Sub")}</bpmn:subProcess>'),
                                     choose(""), extras=[message("paid", paid), message("late", late)])
    instance = engine.start_id(source)
    engine.migrate(engine.plan(source, target, instruction("Choose"), instruction("Paid")), [instance])
    assert tree(engine, instance) == [("Choose", 0)]
    # Paid (mapped) waits as it did, Late (unmapped) waits anew, both on the gateway's path.
    assert sorted((s.activity_id, s.execution_id) for s in rows(
        server, lambda: select(EventSubscription.activity_id, EventSubscription.execution_id)
        .where(EventSubscription.process_instance_id == instance))) == [("Late", instance), ("Paid", instance)]
    engine.correlate_message(late, instance)
    assert engine.instance(instance).state == State.STATE_COMPLETED


def test_subprocess_instances_of_a_removed_body_go_on_as_instances_of_a_plain_subprocess(engine: Migrations) -> None:
    def part(marked: bool) -> str:
        characteristics = ('<bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality>'
                           '</bpmn:multiInstanceLoopCharacteristics>' if marked else "")
        inner = line('<bpmn:userTask id="Review" />', start="PartStart", end="PartEnd")
        return f'<bpmn:subProcess id="Part">{characteristics}{inner}</bpmn:subProcess>'

    source, target = engine.versions(line(part(True)), line(part(False), '<bpmn:userTask id="After" />'))
    instance = engine.start_id(source)
    parts = sorted(ids_of(engine, instance, "Part"))
    engine.migrate(engine.plan(source, target, instruction("Part"), instruction("Review")), [instance])
    assert tree(engine, instance) == [("Part", 0), ("Review", 1), ("Part", 0), ("Review", 1)]
    assert sorted(ids_of(engine, instance, "Part")) == parts
    assert {p.parent_activity_instance_id for p in engine.passes_at(instance, "Part")} == {instance}
    complete_all(engine, instance, "Review")
    assert engine.running_at(instance) == ["After", "After"]
