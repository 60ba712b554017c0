"""ExecuteMigrationPlan: running instances go on as instances of the target definition, their
activity instances, tasks, external tasks, jobs, subscriptions and incidents kept and re-pointed;
each kind of active activity, the history and operation log, the plan's variables, selection by
query, and all or nothing."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest

from flowkeeper.engine.v1 import execution_pb2, history_pb2, incident_pb2, job_pb2, task_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.batch_support import quiet, run_jobs  # noqa: F401
from tests.engine.migration_support import M, Migrations, instruction, line, message, snapshot
from tests.engine.scenario import name
from tests.engine.support import plain, typed_map
from tests.support import ServerHandle, expect_error

State = pi.ProcessInstance


@pytest.fixture
def engine(api) -> Migrations:  # type: ignore[no-untyped-def]
    return Migrations(api)


# -- user tasks --------------------------------------------------------------------------------------


def test_a_user_task_keeps_its_task_and_ids_and_the_instance_goes_on_on_the_target(engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" name="Review it" />'),
                                     line('<bpmn:userTask id="Check" name="Check it" />',
                                          '<bpmn:userTask id="Archive" />'))
    instance = engine.start_id(source, {"amount": 5}, business_key="order-1")
    [task] = engine.tasks_of(instance)
    engine.tasks.SetTaskAssignee(task_pb2.SetTaskAssigneeRequest(task_id=task.id, user_id="alice"))
    [before] = engine.shape(instance)

    done = engine.migrate(engine.plan(source, target, instruction("Review", "Check")), [instance])

    assert done == [instance]
    migrated = engine.instance(instance)
    assert (migrated.definition_id, migrated.business_key, migrated.state) == (target, "order-1",
                                                                               State.STATE_ACTIVE)
    [after] = engine.shape(instance)
    assert after == ("Check", before[1], "0")  # the activity instance keeps its id
    [moved] = engine.tasks_of(instance)
    assert (moved.id, moved.assignee, moved.name, moved.task_definition_key, moved.process_definition_id) == (
        task.id, "alice", "Review it", "Check", target)
    assert engine.variables(instance) == {"amount": (5, "Integer")}
    # The history follows: the instance's record, the running pass, the task's history.
    [record] = engine.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
        process_instance_id=instance, unfinished=True)).historic_activity_instances
    assert (record.activity_id, record.activity_type, record.process_definition_id, record.id) == (
        "Check", "userTask", target, before[1])
    historic = engine.historic_task(task.id)
    assert (historic.task_definition_key, historic.process_definition_id) == ("Check", target)
    # It goes on as the target says: Check, then Archive, then the end.
    engine.complete(task.id)
    assert engine.running_at(instance) == ["Archive"]
    [archive] = engine.tasks_of(instance)
    engine.complete(archive.id)
    assert engine.instance(instance).state == State.STATE_COMPLETED


def test_the_operation_log_has_one_migrate_entry(engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" />'), line('<bpmn:userTask id="Review" />'))
    ids = [engine.start_id(source) for _ in range(2)]
    engine.migrate(engine.generate(source, target), ids)
    [operation] = {e.operation_id for e in engine.entries(operation_type="Migrate", process_definition_id=source)}
    entries = engine.entries(operation_id=operation)
    assert {e.property: (e.org_value, e.new_value) for e in entries} == {
        "processDefinitionId": (source, target), "nrOfInstances": ("", "2"), "async": ("", "false")}
    assert {(e.entity_type, e.process_instance_id) for e in entries} == {("ProcessInstance", "")}


# -- external tasks, receive tasks, catch events ------------------------------------------------------


def test_an_external_task_keeps_its_topic_and_lock_and_a_worker_completes_it(engine: Migrations) -> None:
    topic = name("charge")
    source, target = engine.versions(
        line(f'<bpmn:serviceTask id="Charge" camunda:type="external" camunda:topic="{topic}" />'),
        line(f'<bpmn:sendTask id="Bill" camunda:type="external" camunda:topic="{topic}-v2" />',
             '<bpmn:userTask id="Review" />'))
    instance = engine.start_id(source)
    [locked] = [t.external_task for t in engine.fetch("worker-1", engine.topic(topic))]
    engine.migrate(engine.plan(source, target, instruction("Charge", "Bill")), [instance])
    task = engine.external_task(locked.id)
    assert (task.topic_name, task.worker_id, task.activity_id, task.process_definition_id) == (
        topic, "worker-1", "Bill", target)
    [step] = engine.steps_of(instance)
    assert (step.activity_id, step.process_definition_id) == ("Bill", target)
    engine.complete_external(locked.id, "worker-1")
    assert engine.running_at(instance) == ["Review"]


def test_a_message_wait_keeps_its_name_unless_its_trigger_is_updated(engine: Migrations) -> None:
    old, new = name("paid"), name("settled")
    source, target = engine.versions(
        line('<bpmn:receiveTask id="Wait" messageRef="Message_old" />',
             '<bpmn:intermediateCatchEvent id="Catch"><bpmn:messageEventDefinition messageRef="Message_old" />'
             '</bpmn:intermediateCatchEvent>'),
        line('<bpmn:receiveTask id="Wait" messageRef="Message_new" />',
             '<bpmn:intermediateCatchEvent id="Catch"><bpmn:messageEventDefinition messageRef="Message_new" />'
             '</bpmn:intermediateCatchEvent>'),
        extras=[message("old", old), message("new", new)])
    kept, updated = engine.start_id(source), engine.start_id(source)
    engine.migrate(engine.plan(source, target, instruction("Wait"), instruction("Catch")), [kept])  # at Wait
    engine.migrate(engine.plan(source, target, instruction("Wait", update=True), instruction("Catch", update=True)),
                   [updated])
    # kept: still waits for the old name; updated: for the new one.
    expect_error(lambda: engine.correlate_message(new, kept), grpc.StatusCode.NOT_FOUND, "MESSAGE_NOT_CORRELATED")
    engine.correlate_message(old, kept)
    expect_error(lambda: engine.correlate_message(old, updated), grpc.StatusCode.NOT_FOUND, "MESSAGE_NOT_CORRELATED")
    engine.correlate_message(new, updated)
    assert engine.running_at(kept) == engine.running_at(updated) == ["Catch"]
    for instance in (kept, updated):  # reached after the migration: the target's message
        engine.correlate_message(new, instance)
    assert engine.instance(kept).state == engine.instance(updated).state == State.STATE_COMPLETED


def test_a_timer_keeps_its_due_date_unless_its_trigger_is_updated_then_fires_on_the_target(
        quiet: ServerHandle) -> None:  # noqa: F811
    engine = Migrations(quiet.api())
    source, target = engine.versions(
        line('<bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H'
             '</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>'),
        line('<bpmn:intermediateCatchEvent id="Wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT5H'
             '</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
             '<bpmn:userTask id="After" />'))
    kept, updated = engine.start_id(source), engine.start_id(source)
    [kept_job], [updated_job] = engine.instance_jobs(kept), engine.instance_jobs(updated)
    quiet.clock.advance(timedelta(minutes=30))
    engine.migrate(engine.plan(source, target, instruction("Wait")), [kept])
    engine.migrate(engine.plan(source, target, instruction("Wait", update=True)), [updated])
    [still] = engine.instance_jobs(kept)
    assert (still.id, still.due_date, still.process_definition_id, still.activity_id) == (
        kept_job.id, kept_job.due_date, target, "Wait")
    [made] = engine.instance_jobs(updated)
    assert made.id != updated_job.id
    assert made.due_date.ToDatetime() - updated_job.due_date.ToDatetime() == timedelta(hours=4, minutes=30)
    quiet.clock.advance(timedelta(minutes=31))  # an hour after the start: the kept timer is due
    run_jobs(quiet)
    assert engine.running_at(kept) == ["After"] and engine.running_at(updated) == ["Wait"]
    quiet.clock.advance(timedelta(hours=5))
    run_jobs(quiet)
    assert engine.running_at(updated) == ["After"]
    # The job log: the updated timer's old job was deleted, the new one created.
    assert [e[0] for e in engine.job_events(job_id=updated_job.id)] == ["created", "deleted"]


def test_a_signal_wait_migrates_and_catches_the_signal(engine: Migrations) -> None:
    signal = name("go")
    body = ('<bpmn:intermediateCatchEvent id="Go"><bpmn:signalEventDefinition signalRef="Signal_go" />'
            '</bpmn:intermediateCatchEvent>')
    declared = f'<bpmn:signal id="Signal_go" name="{signal}" />'
    source, target = engine.versions(line(body), line(body, '<bpmn:userTask id="After" />'), extras=[declared])
    instance = engine.start_id(source)
    engine.migrate(engine.generate(source, target), [instance])
    engine.broadcast(signal)
    assert engine.running_at(instance) == ["After"]


# -- boundary events ----------------------------------------------------------------------------------


def _timer_boundary(boundary: str, attached: str, duration: str, *, to: str = "Late") -> str:
    return (f'<bpmn:boundaryEvent id="{boundary}" attachedToRef="{attached}"><bpmn:timerEventDefinition>'
            f'<bpmn:timeDuration>{duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>'
            f'<bpmn:sequenceFlow id="f_{boundary}" sourceRef="{boundary}" targetRef="{to}" />')


LATE = '<bpmn:userTask id="Late" /><bpmn:sequenceFlow id="f_late" sourceRef="Late" targetRef="End" />'


def test_boundary_events_mapped_keep_their_job_unmapped_go_and_new_ones_come(quiet: ServerHandle) -> None:  # noqa: F811
    engine = Migrations(quiet.api())
    source, target = engine.versions(
        line('<bpmn:userTask id="Review" />') + _timer_boundary("Remind", "Review", "PT1H")
        + _timer_boundary("Old", "Review", "PT2H", to="Late2") + LATE
        + '<bpmn:userTask id="Late2" /><bpmn:sequenceFlow id="f_late2" sourceRef="Late2" targetRef="End" />',
        line('<bpmn:userTask id="Review" />') + _timer_boundary("Remind", "Review", "PT9H")
        + _timer_boundary("Fresh", "Review", "PT3H") + LATE)
    instance = engine.start_id(source)
    by_activity = {job.activity_id: job for job in engine.instance_jobs(instance)}
    [task] = engine.tasks_of(instance)
    engine.migrate(engine.plan(source, target, instruction("Review"), instruction("Remind")), [instance])
    after = {job.activity_id: job for job in engine.instance_jobs(instance)}
    assert sorted(after) == ["Fresh", "Remind"]
    assert (after["Remind"].id, after["Remind"].due_date) == (by_activity["Remind"].id, by_activity["Remind"].due_date)
    assert [e[0] for e in engine.job_events(job_id=by_activity["Old"].id)] == ["created", "deleted"]
    [same] = engine.tasks_of(instance)
    assert same.id == task.id
    quiet.clock.advance(timedelta(hours=1))  # the kept timer fires as the source said: after an hour
    run_jobs(quiet)
    assert engine.running_at(instance) == ["Late"]


def test_a_task_that_gains_boundary_events_gets_them_and_one_that_loses_them_keeps_its_task(
        quiet: ServerHandle) -> None:  # noqa: F811
    engine = Migrations(quiet.api())
    plain, guarded = line('<bpmn:userTask id="Review" />'), (
        line('<bpmn:userTask id="Review" />') + _timer_boundary("Remind", "Review", "PT1H") + LATE)
    source, target, back = engine.versions(plain, guarded, plain)
    instance = engine.start_id(source)
    [task] = engine.tasks_of(instance)
    [before] = engine.shape(instance)
    engine.migrate(engine.generate(source, target), [instance])
    assert [j.activity_id for j in engine.instance_jobs(instance)] == ["Remind"]
    [after] = engine.shape(instance)
    assert after == before and [t.id for t in engine.tasks_of(instance)] == [task.id]
    engine.migrate(engine.generate(target, back), [instance])
    assert engine.instance_jobs(instance) == [] and engine.shape(instance) == [before]
    engine.migrate(engine.generate(back, target), [instance])
    quiet.clock.advance(timedelta(hours=1))
    run_jobs(quiet)
    assert engine.running_at(instance) == ["Late"]  # the interrupting timer took the task's path
    assert engine.tasks.QueryTasks(task_pb2.QueryTasksRequest(task_id=task.id)).tasks == []
    [late] = engine.tasks_of(instance)
    engine.complete(late.id)
    assert engine.instance(instance).state == State.STATE_COMPLETED


# -- gateways -----------------------------------------------------------------------------------------


def test_an_event_based_gateway_keeps_mapped_events_drops_others_and_waits_for_new_ones(engine: Migrations) -> None:
    paid, cancelled, refunded = name("paid"), name("cancelled"), name("refunded")

    def gateway(*events: tuple[str, str]) -> str:
        nodes = "".join(f'<bpmn:intermediateCatchEvent id="{e}"><bpmn:messageEventDefinition messageRef="Message_{m}" />'
                        f'</bpmn:intermediateCatchEvent><bpmn:sequenceFlow id="in_{e}" sourceRef="Choose" '
                        f'targetRef="{e}" /><bpmn:sequenceFlow id="out_{e}" sourceRef="{e}" targetRef="End" />'
                        for e, m in events)
        return ('<bpmn:startEvent id="Start" /><bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Choose" />'
                f'<bpmn:eventBasedGateway id="Choose" />{nodes}<bpmn:endEvent id="End" />')

    source, target = engine.versions(gateway(("Paid", "paid"), ("Cancelled", "cancelled")),
                                     gateway(("Paid", "paid"), ("Refunded", "refunded")),
                                     extras=[message("paid", paid), message("cancelled", cancelled),
                                             message("refunded", refunded)])
    first, second = engine.start_id(source), engine.start_id(source)
    plan = engine.generate(source, target)
    assert sorted(i.source_activity_ids[0] for i in plan.instructions) == ["Choose", "Paid"]
    engine.migrate(plan, [first, second])
    expect_error(lambda: engine.correlate_message(cancelled, first), grpc.StatusCode.NOT_FOUND,
                 "MESSAGE_NOT_CORRELATED")
    engine.correlate_message(paid, first)
    engine.correlate_message(refunded, second)
    assert engine.instance(first).state == engine.instance(second).state == State.STATE_COMPLETED
    assert [p.activity_id for p in engine.passes_at(second, "Refunded")] == ["Refunded"]


def test_a_waiting_parallel_join_migrates_and_joins_on_the_target(engine: Migrations) -> None:
    def fork(extra: str = "") -> str:
        return ('<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" /><bpmn:userTask id="A" />'
                '<bpmn:userTask id="B" /><bpmn:parallelGateway id="Join" />' + extra + '<bpmn:endEvent id="End" />'
                '<bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Fork" />'
                '<bpmn:sequenceFlow id="f1" sourceRef="Fork" targetRef="A" />'
                '<bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="B" />'
                '<bpmn:sequenceFlow id="f3" sourceRef="A" targetRef="Join" />'
                '<bpmn:sequenceFlow id="f4" sourceRef="B" targetRef="Join" />'
                + ('<bpmn:sequenceFlow id="f5" sourceRef="Join" targetRef="After" />'
                   '<bpmn:sequenceFlow id="f6" sourceRef="After" targetRef="End" />' if extra else
                   '<bpmn:sequenceFlow id="f5" sourceRef="Join" targetRef="End" />'))

    source, target = engine.versions(fork(), fork('<bpmn:userTask id="After" />'))
    instance = engine.start_id(source)
    engine.complete(next(t.id for t in engine.tasks_of(instance) if t.task_definition_key == "A"))
    assert engine.running_at(instance) == ["B", "Join"]
    engine.migrate(engine.generate(source, target), [instance])
    assert engine.running_at(instance) == ["B", "Join"]
    [b] = engine.tasks_of(instance)
    engine.complete(b.id)
    assert engine.running_at(instance) == ["After"]


# -- scopes -------------------------------------------------------------------------------------------


def test_an_embedded_subprocess_keeps_its_scope_and_variables(engine: Migrations) -> None:
    def sub(sub_id: str, inner: str, *extra: str) -> str:
        return line(f'<bpmn:subProcess id="{sub_id}">{line(inner, start="SubStart", end="SubEnd")}</bpmn:subProcess>',
                    *extra)

    source, target = engine.versions(sub("Sub", '<bpmn:userTask id="Inner" />'),
                                     sub("Part", '<bpmn:userTask id="Inner2" />', '<bpmn:userTask id="After" />'))
    instance = engine.start_id(source)
    [sub_execution] = [e for e in engine.executions_of(instance) if e.id != instance and e.activity_id == "Inner"]
    engine.executions.ModifyLocalVariables(execution_pb2.ModifyLocalVariablesRequest(
        execution_id=sub_execution.id, modifications=typed_map({"local": 1})))
    before = engine.shape(instance)
    assert before[0][:2] == ("Sub", f"Sub:{sub_execution.id}")
    plan = engine.plan(source, target, instruction("Sub", "Part"), instruction("Inner", "Inner2"))
    engine.migrate(plan, [instance])
    after = engine.shape(instance)
    # The subprocess's instance is named by its activity, as every scope's: Part:<its scope execution>.
    assert after == [("Part", f"Part:{sub_execution.id}", "0"), ("Inner2", before[1][1], "1")]
    [sub_after] = [e for e in engine.executions_of(instance) if e.activity_id == "Inner2"]
    assert sub_after.id == sub_execution.id
    assert plain(engine.executions.GetLocalVariables(execution_pb2.GetLocalVariablesRequest(
        execution_id=sub_after.id)).variables) == {"local": (1, "Integer")}
    [inner] = engine.passes_at(instance, "Inner2")
    assert inner.parent_activity_instance_id == f"Part:{sub_execution.id}"
    [task] = engine.tasks_of(instance)
    engine.complete(task.id)
    [part] = engine.passes_at(instance, "Part")
    assert (part.id, part.activity_type, part.process_definition_id) == (f"Part:{sub_execution.id}", "subProcess",
                                                                         target)
    assert part.HasField("end_time")
    assert engine.running_at(instance) == ["After"]


def test_event_subprocess_starts_unmapped_go_and_new_ones_wait(engine: Migrations) -> None:
    old, new = name("cancel"), name("escalate")

    def esp(esp_id: str, ref: str) -> str:
        return (f'<bpmn:subProcess id="{esp_id}" triggeredByEvent="true"><bpmn:startEvent id="{esp_id}Start">'
                f'<bpmn:messageEventDefinition messageRef="Message_{ref}" /></bpmn:startEvent>'
                f'<bpmn:userTask id="{esp_id}Task" /><bpmn:endEvent id="{esp_id}End" />'
                f'<bpmn:sequenceFlow id="{esp_id}1" sourceRef="{esp_id}Start" targetRef="{esp_id}Task" />'
                f'<bpmn:sequenceFlow id="{esp_id}2" sourceRef="{esp_id}Task" targetRef="{esp_id}End" />'
                '</bpmn:subProcess>')

    source, target = engine.versions(line('<bpmn:userTask id="Review" />') + esp("Cancel", "old"),
                                     line('<bpmn:userTask id="Review" />') + esp("Escalate", "new"),
                                     extras=[message("old", old), message("new", new)])
    instance = engine.start_id(source)
    engine.migrate(engine.generate(source, target), [instance])
    expect_error(lambda: engine.correlate_message(old, instance), grpc.StatusCode.NOT_FOUND, "MESSAGE_NOT_CORRELATED")
    engine.correlate_message(new, instance)
    assert engine.running_at(instance) == ["Escalate", "EscalateTask"]


def test_a_conditional_catch_event_migrates_with_its_updated_condition(engine: Migrations) -> None:
    from tests.engine.conditional_support import conditional

    source, target = engine.versions(
        line(f'<bpmn:intermediateCatchEvent id="When">{conditional("${ready == 1}")}</bpmn:intermediateCatchEvent>'),
        line(f'<bpmn:intermediateCatchEvent id="When">{conditional("${ready == 2}")}</bpmn:intermediateCatchEvent>',
             '<bpmn:userTask id="After" />'))
    instance = engine.start_id(source, {"ready": 0})
    assert engine.validate(engine.plan(source, target, instruction("When"))) == {0: ["UPDATE_EVENT_TRIGGER_REQUIRED"]}
    engine.migrate(engine.generate(source, target, update=True), [instance])
    engine.instances.ModifyVariables(pi.ModifyVariablesRequest(process_instance_id=instance,
                                                               modifications=typed_map({"ready": 1})))
    assert engine.running_at(instance) == ["When"]  # the source's condition no longer counts
    engine.instances.ModifyVariables(pi.ModifyVariablesRequest(process_instance_id=instance,
                                                               modifications=typed_map({"ready": 2})))
    assert engine.running_at(instance) == ["After"]


def test_a_parallel_multi_instance_activity_keeps_its_instances_and_counters(engine: Migrations) -> None:
    def loop(task_id: str, *tail: str) -> str:
        return line(f'<bpmn:userTask id="{task_id}"><bpmn:multiInstanceLoopCharacteristics>'
                    '<bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>'
                    '</bpmn:userTask>', *tail)

    source, target = engine.versions(loop("Sign"), loop("Sign", '<bpmn:userTask id="After" />'))
    instance = engine.start_id(source)
    first = engine.tasks_of(instance)[0]
    engine.complete(first.id)
    before = engine.shape(instance)
    plan = engine.generate(source, target)
    assert sorted(i.source_activity_ids[0] for i in plan.instructions) == ["Sign", "Sign#multiInstanceBody"]
    engine.migrate(plan, [instance])
    assert engine.shape(instance) == before
    [body] = [e for e in engine.executions_of(instance) if e.id != instance and not e.activity_id
              and engine.executions.GetLocalVariables(execution_pb2.GetLocalVariablesRequest(
                  execution_id=e.id)).variables]
    counters = plain(engine.executions.GetLocalVariables(execution_pb2.GetLocalVariablesRequest(
        execution_id=body.id)).variables)
    assert counters == {"nrOfInstances": (3, "Integer"), "nrOfActiveInstances": (2, "Integer"),
                        "nrOfCompletedInstances": (1, "Integer")}
    for task in engine.tasks_of(instance):
        engine.complete(task.id)
    assert engine.running_at(instance) == ["After"]


def test_a_call_activity_migrates_and_its_called_instance_stays_and_returns_to_it(engine: Migrations) -> None:
    [called_definition] = engine.versions(line('<bpmn:userTask id="Work" />'), prefix="called")
    called_key = called_definition.split(":")[0]
    source, target = engine.versions(line(f'<bpmn:callActivity id="Call" calledElement="{called_key}" />'),
                                     line(f'<bpmn:callActivity id="Call" calledElement="{called_key}" />',
                                          '<bpmn:userTask id="After" />'))
    instance = engine.start_id(source)
    [called] = engine.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        super_process_instance_id=instance)).process_instances
    engine.migrate(engine.generate(source, target), [instance])
    assert engine.instance(called.id).definition_id == called_definition
    [work] = engine.tasks_of(called.id)
    engine.complete(work.id)
    assert engine.running_at(instance) == ["After"]


# -- asynchronous continuations and incidents -----------------------------------------------------------


def test_a_failed_async_continuation_keeps_its_job_and_incident_and_runs_on_the_target(
        quiet: ServerHandle) -> None:  # noqa: F811
    engine = Migrations(quiet.api())  # no executor: the continuation waits
    source, target = engine.versions(
        line('<bpmn:userTask id="Review" camunda:asyncBefore="true" />'),
        line('<bpmn:userTask id="Check" camunda:asyncBefore="true" />'))
    instance = engine.start_id(source)
    [job] = engine.instance_jobs(instance)
    engine.jobs.SetJobRetries(job_pb2.SetJobRetriesRequest(ids=[job.id], retries=0))
    [incident] = engine.incidents.QueryIncidents(incident_pb2.QueryIncidentsRequest(
        process_instance_id=instance)).incidents
    assert engine.shape(instance) == [("Review", "transition", "0")]
    engine.migrate(engine.plan(source, target, instruction("Review", "Check")), [instance])
    [moved] = engine.instance_jobs(instance)
    assert (moved.id, moved.activity_id, moved.process_definition_id, moved.retries) == (job.id, "Check", target, 0)
    assert moved.job_definition_id and moved.job_definition_id != job.job_definition_id
    same = engine.incident(incident.id)
    assert (same.activity_id, same.process_definition_id, same.state) == ("Check", target, incident.state)
    engine.execute(job.id)
    assert engine.running_at(instance) == ["Check"]


def test_a_waiting_continuation_needs_an_asynchronous_target(quiet: ServerHandle) -> None:  # noqa: F811
    engine = Migrations(quiet.api())
    source, target = engine.versions(line('<bpmn:userTask id="Review" camunda:asyncBefore="true" />'),
                                     line('<bpmn:userTask id="Review" />'))
    instance = engine.start_id(source)
    got = expect_error(lambda: engine.migrate(engine.generate(source, target), [instance]),
                       grpc.StatusCode.FAILED_PRECONDITION, "MIGRATING_INSTANCE_INVALID")
    assert [(v.type, v.subject) for v in got.precondition.violations] == [
        ("TARGET_NOT_ASYNC", f"Review:{instance}")]
    assert got.info.metadata["process_instance_id"] == instance


# -- variables, selection, refusals -----------------------------------------------------------------------


def test_the_plans_variables_are_set_after_the_migration_with_history(engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" />'), line('<bpmn:userTask id="Review" />'))
    instance = engine.start_id(source, {"amount": 5})
    plan = engine.generate(source, target, variables={"amount": 7, "migrated": True})
    assert plain(plan.variables) == {"amount": (7, "Integer"), "migrated": (True, "Boolean")}
    engine.migrate(plan, [instance])
    assert engine.variables(instance) == {"amount": (7, "Integer"), "migrated": (True, "Boolean")}
    changes = [(d.variable_name, d.process_definition_id) for d in engine.history.QueryHistoricDetails(
        history_pb2.QueryHistoricDetailsRequest(process_instance_id=instance)).historic_details]
    assert ("amount", source) in changes and ("amount", target) in changes and ("migrated", target) in changes
    assert {v.process_definition_id for v in engine.historic_variables(process_instance_id=instance)} == {target}


def test_instances_are_selected_by_ids_and_query_of_the_source_each_once_in_id_order(engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" />'), line('<bpmn:userTask id="Review" />'))
    ids = [engine.start_id(source, business_key=f"order-{i}") for i in range(3)]
    other = engine.start_id(source, business_key="other")
    query = pi.CountProcessInstancesRequest(business_key_like="order-%")
    done = engine.migrate(engine.generate(source, target), [ids[2], other], query=query)
    assert done == sorted([*ids, other])
    assert {engine.instance(i).definition_id for i in [*ids, other]} == {target}
    # A query of another definition finds nothing; nothing found and no id given is refused.
    expect_error(lambda: engine.migrate(engine.generate(source, target), query=query),
                 grpc.StatusCode.INVALID_ARGUMENT, "EMPTY_SELECTION")


def test_instances_of_another_definition_unknown_or_ended_instances_are_refused(engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" />'), line('<bpmn:userTask id="Review" />'))
    mine, theirs = engine.start_id(source), engine.start_id(target)
    plan = engine.generate(source, target)
    got = expect_error(lambda: engine.migrate(plan, [mine, theirs]), grpc.StatusCode.FAILED_PRECONDITION,
                       "PROCESS_DEFINITION_MISMATCH")
    assert (got.info.metadata["subject"], got.info.metadata["field_name"]) == (theirs, "process_instance_ids[1]")
    got = expect_error(lambda: engine.migrate(plan, [mine, "no-such-instance"]), grpc.StatusCode.NOT_FOUND,
                       "PROCESS_INSTANCE_NOT_FOUND")
    assert got.info.metadata["field_name"] == "process_instance_ids[1]"
    engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=mine))
    got = expect_error(lambda: engine.migrate(plan, [mine]), grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_ENDED")
    assert got.info.metadata["process_instance_id"] == mine
    expect_error(lambda: engine.migrate(plan), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    got = expect_error(lambda: engine.migrate(plan, [""]), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert got.fields == ["process_instance_ids[0]"]
    got = expect_error(lambda: engine.migration.ExecuteMigrationPlan(M.ExecuteMigrationPlanRequest(
        process_instance_ids=[theirs])), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert got.fields == ["migration_plan"]


def test_an_instance_the_plan_does_not_cover_fails_the_call_and_nothing_changes(server: ServerHandle,
                                                                                engine: Migrations) -> None:
    topic = name("charge")
    source, target = engine.versions(
        '<bpmn:startEvent id="Start" /><bpmn:parallelGateway id="Fork" /><bpmn:userTask id="Review" />'
        f'<bpmn:serviceTask id="Charge" camunda:type="external" camunda:topic="{topic}" />'
        '<bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" />'
        '<bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Fork" />'
        '<bpmn:sequenceFlow id="f1" sourceRef="Fork" targetRef="Review" />'
        '<bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="Charge" />'
        '<bpmn:sequenceFlow id="f3" sourceRef="Review" targetRef="E1" />'
        '<bpmn:sequenceFlow id="f4" sourceRef="Charge" targetRef="E2" />',
        line('<bpmn:userTask id="Review" />'))
    covered, uncovered = engine.start_id(source), engine.start_id(source)
    # covered: Charge done, only Review left; uncovered: Charge still waits, which the target lacks
    [charge] = [t.external_task for t in engine.fetch("w", engine.topic(topic), max_tasks=1)]
    task_instance = covered if charge.process_instance_id == covered else uncovered
    if task_instance != covered:
        covered, uncovered = uncovered, covered
    engine.complete_external(charge.id, "w")
    before = {i: snapshot(server, i) for i in (covered, uncovered)}
    plan = engine.plan(source, target, instruction("Review"))
    got = expect_error(lambda: engine.migrate(plan, [covered, uncovered]), grpc.StatusCode.FAILED_PRECONDITION,
                       "MIGRATING_INSTANCE_INVALID")
    assert got.info.metadata["process_instance_id"] == uncovered and got.info.metadata["failures"] == "1"
    [violation] = got.precondition.violations
    [charge_instance] = [a for a in engine.shape(uncovered) if a[0] == "Charge"]
    assert (violation.type, violation.subject) == ("NO_INSTRUCTION", charge_instance[1])
    assert "Charge" in violation.description
    # All or nothing: neither instance changed, no operation was logged.
    assert {i: snapshot(server, i) for i in (covered, uncovered)} == before
    assert {engine.instance(i).definition_id for i in (covered, uncovered)} == {source}
    assert not engine.entries(operation_type="Migrate", process_definition_id=source)
    assert engine.migrate(plan, [covered]) == [covered]


def test_an_invalid_plan_fails_execution_with_its_report(engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" />'), line('<bpmn:receiveTask id="Review" />'))
    instance = engine.start_id(source)
    got = expect_error(lambda: engine.migrate(engine.plan(source, target, instruction("Review"),
                                                          instruction("Nope")), [instance]),
                       grpc.StatusCode.FAILED_PRECONDITION, "MIGRATION_PLAN_INVALID")
    assert [(v.type, v.subject) for v in got.precondition.violations] == [
        ("TYPE_MISMATCH", "migration_plan.instructions[0]"),
        ("SOURCE_ACTIVITY_NOT_FOUND", "migration_plan.instructions[1]"),
        ("TARGET_ACTIVITY_NOT_FOUND", "migration_plan.instructions[1]")]
    assert got.info.metadata["failures"] == "3"
    assert engine.instance(instance).definition_id == source


def test_a_suspended_instance_migrates_and_stays_suspended(engine: Migrations) -> None:
    source, target = engine.versions(line('<bpmn:userTask id="Review" />'), line('<bpmn:userTask id="Review" />'))
    instance = engine.start_id(source)
    engine.instances.SuspendProcessInstance(pi.SuspendProcessInstanceRequest(id=instance))
    engine.migrate(engine.generate(source, target), [instance])
    migrated = engine.instance(instance)
    assert (migrated.definition_id, migrated.state) == (target, State.STATE_SUSPENDED)
    [task] = engine.tasks_of(instance)
    assert task.suspended


def test_tenants_an_instance_cannot_move_into_another_tenant(engine: Migrations) -> None:
    body = line('<bpmn:userTask id="Review" />')
    [mine] = engine.versions(body, tenant="tenant-a")
    [shared] = engine.versions(body)
    [theirs] = engine.versions(body, tenant="tenant-b")
    [untenanted_source] = engine.versions(body)
    instance = engine.start_id(mine)
    # Into a definition of no tenant (shared): allowed, the instance keeps its tenant.
    engine.migrate(engine.generate(mine, shared), [instance])
    assert engine.instance(instance).tenant_id == "tenant-a"
    # Between definitions of two tenants: refused for the plan itself.
    expect_error(lambda: engine.generate(mine, theirs), grpc.StatusCode.FAILED_PRECONDITION,
                 "MIGRATION_BETWEEN_TENANTS")
    # An instance of no tenant into a tenant's definition, or of tenant-a (through a shared source) into
    # tenant-b's: the instance's report says so.
    for source, started in ((untenanted_source, engine.start_id(untenanted_source)), (shared, instance)):
        got = expect_error(lambda: engine.migrate(engine.generate(source, theirs), [started]),
                           grpc.StatusCode.FAILED_PRECONDITION, "MIGRATING_INSTANCE_INVALID")
        assert [v.type for v in got.precondition.violations] == ["TENANT_MISMATCH"]
