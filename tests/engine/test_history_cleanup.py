"""The history cleanup (HistoryService): ended process instances and closed case instances go,
with their activity instances, process steps, incidents and operation log entries, once their
definition's history time to live has passed since their end; by CleanUpHistory and by the
automatic rounds each server process runs on the shared schedule. The servers here are each the
test's own: the tests move their clocks by days."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import grpc
import pytest

from flowkeeper.engine.v1 import (
    history_pb2,
    history_pb2_grpc,
    incident_pb2,
    process_definition_pb2,
    process_instance_pb2,
    task_pb2,
)
from server.engine.history import BatchWindow
from tests.conftest import BACKENDS, database_url, start_server
from tests.engine.case_support import Cases
from tests.engine.failure_support import Failures, key, one_task
from tests.engine.history_support import OperationLog
from tests.engine.work_support import eventually
from tests.support import at_once, expect_error

DAY = timedelta(days=1)
ALL_INCIDENTS = [incident_pb2.Incident.STATE_OPEN, incident_pb2.Incident.STATE_RESOLVED,
                 incident_pb2.Incident.STATE_DELETED]


def straight(process_key: str, ttl: str | None) -> str:
    """Start to end: an instance ends as it starts."""
    attribute = f' camunda:historyTimeToLive="{ttl}"' if ttl is not None else ""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true"{attribute}>
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def external(process_key: str, topic: str, ttl: str) -> str:
    """One external task, then a user task."""
    return one_task(process_key, topic).replace('historyTimeToLive="180"', f'historyTimeToLive="{ttl}"')


class History(Failures):
    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def clean_up(self, batch_size: int = 0) -> tuple[int, int, bool]:
        answer = self.history.CleanUpHistory(history_pb2.CleanUpHistoryRequest(batch_size=batch_size))
        return answer.removed_process_instances, answer.removed_case_instances, answer.more

    def passes(self, instance_id: str) -> int:
        """How many activity instances the instance has in the history."""
        return self.history.CountHistoricActivityInstances(history_pb2.CountHistoricActivityInstancesRequest(
            process_instance_id=instance_id)).count

    def cleanup(self) -> history_pb2.HistoryCleanup:
        return self.history.GetHistoryCleanup(history_pb2.GetHistoryCleanupRequest()).history_cleanup

    def exists(self, instance_id: str) -> bool:
        try:
            self.instance(instance_id)
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.NOT_FOUND
            return False
        return True

    def set_time_to_live(self, definition_id: str, days: int | None) -> None:
        request = process_definition_pb2.UpdateProcessDefinitionHistoryTimeToLiveRequest(id=definition_id)
        if days is not None:
            request.history_time_to_live = days
        self.definitions.UpdateProcessDefinitionHistoryTimeToLive(request)

    def failed_and_deleted(self, ttl: str) -> tuple[str, str, str]:
        """An instance whose external task failed for good (a process step, an incident), then
        deleted: its instance, step and incident ids."""
        process_key, topic = key("failing"), key("topic")
        instance_id = self.start_id(self.deploy_inline(process_key, external(process_key, topic, ttl)))
        [task] = self.fetch("worker", self.topic(topic))
        self.fail(task.external_task.id, "worker", retries=0)
        [incident] = self.incident_ids(process_instance_id=instance_id)
        [step] = self.steps_of(instance_id)
        self.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance_id))
        return instance_id, step.id, incident


@pytest.fixture(params=BACKENDS)
def quiet(request, fresh_server):  # type: ignore[no-untyped-def]
    """A server of its own without automatic rounds: only CleanUpHistory removes."""
    handle = fresh_server(request.param, history_cleanup=False)
    return handle, History(handle.api())


def test_an_ended_instance_goes_with_its_steps_and_incidents_once_its_time_to_live_passed(quiet):  # type: ignore[no-untyped-def]
    server, history = quiet
    one_day = key("one_day")
    ended = history.start_id(history.deploy_inline(one_day, straight(one_day, "1")))
    failed, step, incident = history.failed_and_deleted("1")
    three_days = key("three_days")
    later = history.start_id(history.deploy_inline(three_days, straight(three_days, "P3D")))
    forever = key("forever")
    kept = history.start_id(history.deploy_inline(forever, straight(forever, None)))

    server.clock.advance(DAY - timedelta(seconds=1))
    assert history.clean_up() == (0, 0, False)
    assert history.exists(ended) and history.exists(failed)
    assert (history.passes(ended), history.passes(failed)) == (2, 2)
    assert history.history.CountUserOperations(history_pb2.CountUserOperationsRequest(
        process_instance_id=failed)).count == 1
    server.clock.advance(timedelta(seconds=1))
    assert history.clean_up() == (2, 0, False)
    assert not history.exists(ended) and not history.exists(failed)
    assert (history.passes(ended), history.passes(failed)) == (0, 0)
    # The deletion's entry in the operation log went with the instance.
    assert history.history.CountUserOperations(history_pb2.CountUserOperationsRequest(
        process_instance_id=failed)).count == 0
    assert history.passes(later) == 2
    assert history.steps_of(failed) == []
    assert history.incident_ids(process_instance_id=failed, states=ALL_INCIDENTS) == set()
    expect_error(lambda: history.step(step), grpc.StatusCode.NOT_FOUND, "PROCESS_STEP_NOT_FOUND")
    expect_error(lambda: history.incident(incident), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    assert history.exists(later) and history.exists(kept)

    server.clock.advance(2 * DAY)
    assert history.clean_up() == (1, 0, False)
    assert not history.exists(later)
    server.clock.advance(36_500 * DAY)
    assert history.clean_up() == (0, 0, False)
    assert history.exists(kept)


def test_a_running_instance_is_never_removed(quiet):  # type: ignore[no-untyped-def]
    server, history = quiet
    process_key, topic = key("running"), key("topic")
    running = history.start_id(history.deploy_inline(process_key, external(process_key, topic, "0")))
    [task] = history.fetch("worker", history.topic(topic))
    history.fail(task.external_task.id, "worker", retries=0)  # an open incident and a failed step: still running
    server.clock.advance(10 * DAY)
    assert history.clean_up() == (0, 0, False)
    assert history.exists(running)
    assert len(history.steps_of(running)) == 1 and len(history.incident_ids(process_instance_id=running)) == 1


def test_a_round_removes_one_batch_oldest_first(quiet):  # type: ignore[no-untyped-def]
    server, history = quiet
    process_key = key("batch")
    definition = history.deploy_inline(process_key, straight(process_key, "0"))
    ended = []
    for _ in range(5):
        ended.append(history.start_id(definition))
        server.clock.advance(timedelta(seconds=1))
    assert history.clean_up(batch_size=2) == (2, 0, True)
    assert [history.exists(i) for i in ended] == [False, False, True, True, True]
    status = history.cleanup()
    assert status.last_run_time.ToDatetime(tzinfo=timezone.utc) == server.clock.now()
    assert (status.last_removed_process_instances, status.last_removed_case_instances) == (2, 0)
    assert not status.HasField("next_run_time")  # CleanUpHistory leaves the schedule alone
    assert history.clean_up(batch_size=3) == (3, 0, True)
    assert history.clean_up(batch_size=3) == (0, 0, False)


def test_a_new_time_to_live_applies_to_instances_that_ended_before(quiet):  # type: ignore[no-untyped-def]
    server, history = quiet
    process_key = key("later")
    definition = history.deploy_inline(process_key, straight(process_key, None))
    instance = history.start_id(definition)
    server.clock.advance(5 * DAY)
    assert history.clean_up() == (0, 0, False)
    history.set_time_to_live(definition, 5)
    assert history.clean_up() == (1, 0, False)
    assert not history.exists(instance)
    again = history.start_id(definition)
    history.set_time_to_live(definition, None)
    server.clock.advance(50 * DAY)
    assert history.clean_up() == (0, 0, False)
    assert history.exists(again)


def test_a_closed_case_instance_goes_a_completed_one_stays(quiet):  # type: ignore[no-untyped-def]
    server, _ = quiet
    cases, history = Cases(server.api()), History(server.api())
    case_key = key("case")
    deployment = cases.deploy_case("case_three_items.cmmn", key=case_key,
                                   replace={'camunda:historyTimeToLive="P180D"': 'camunda:historyTimeToLive="P1D"'})
    definition = cases.case_definition_id(deployment, case_key)
    log = OperationLog(server.api())
    closed, terminated, active = (cases.create(id=definition).id for _ in range(3))
    for case_id in (closed, terminated, active):  # an entry in the operation log each
        [task] = cases.case_tasks(case_id)
        cases.tasks.SetTaskAssignee(task_pb2.SetTaskAssigneeRequest(task_id=task.id, user_id="bob"))
    cases.terminate_case(closed)
    cases.close_case(closed)
    cases.terminate_case(terminated)  # ended, not closed: still the case's runtime
    server.clock.advance(DAY)
    assert log.count(case_instance_id=closed) == 1  # kept while its case is
    assert history.clean_up() == (0, 1, False)
    expect_error(lambda: cases.case(closed), grpc.StatusCode.NOT_FOUND)
    assert cases.case(terminated).id == terminated and cases.case(active).id == active
    # The closed case's entries went with it; the others' stay.
    assert [log.count(case_instance_id=c) for c in (closed, terminated, active)] == [0, 1, 1]
    assert log.count(case_definition_id=definition) == 2


def test_one_ended_instance_s_history_is_deleted_on_demand(server, api) -> None:  # type: ignore[no-untyped-def]
    history, log = History(api), OperationLog(api)
    failed, step, incident = history.failed_and_deleted("180")
    process_key = key("running")
    running = history.start_id(history.deploy_inline(process_key, one_task(process_key, key("topic"))))

    def delete(instance_id: str) -> None:
        history.history.DeleteHistoricProcessInstance(history_pb2.DeleteHistoricProcessInstanceRequest(id=instance_id))

    refused = expect_error(lambda: delete(running), grpc.StatusCode.FAILED_PRECONDITION, "INSTANCE_RUNNING")
    assert refused.info.metadata["state"] == "ACTIVE"
    clerk = History(server.api(server.token()))
    expect_error(lambda: clerk.history.DeleteHistoricProcessInstance(
        history_pb2.DeleteHistoricProcessInstanceRequest(id=failed)), grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
    assert history.passes(failed) == 2 and log.count(process_instance_id=failed) == 1

    delete(failed)
    assert not history.exists(failed) and history.passes(failed) == 0 and history.steps_of(failed) == []
    expect_error(lambda: history.incident(incident), grpc.StatusCode.NOT_FOUND, "INCIDENT_NOT_FOUND")
    # Its own entries went; the deletion's entry is the one left.
    assert log.of(process_instance_id=failed) == [("DeleteHistory", "ProcessInstance", "", "", "")]
    expect_error(lambda: delete(failed), grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    expect_error(lambda: delete(""), grpc.StatusCode.NOT_FOUND, "PROCESS_INSTANCE_NOT_FOUND")
    assert history.exists(running)


def test_one_closed_case_instance_s_history_is_deleted_on_demand(server, api) -> None:  # type: ignore[no-untyped-def]
    cases, history, log = Cases(api), History(api), OperationLog(api)
    case_key = key("case")
    definition = cases.case_definition_id(cases.deploy_case("case_three_items.cmmn", key=case_key), case_key)
    closed, terminated = (cases.create(id=definition).id for _ in range(2))
    cases.terminate_case(closed)
    cases.close_case(closed)
    cases.terminate_case(terminated)

    def delete(case_id: str) -> None:
        history.history.DeleteHistoricCaseInstance(history_pb2.DeleteHistoricCaseInstanceRequest(id=case_id))

    refused = expect_error(lambda: delete(terminated), grpc.StatusCode.FAILED_PRECONDITION, "CASE_INSTANCE_NOT_CLOSED")
    assert refused.info.metadata["state"] == "TERMINATED"
    delete(closed)
    expect_error(lambda: cases.case(closed), grpc.StatusCode.NOT_FOUND)
    assert log.of(case_instance_id=closed) == [("DeleteHistory", "CaseInstance", "", "", "")]
    expect_error(lambda: delete(closed), grpc.StatusCode.NOT_FOUND, "CASE_INSTANCE_NOT_FOUND")
    assert cases.case(terminated).id == terminated


def test_clean_up_needs_an_admin_and_a_batch_size_in_range(server, api) -> None:  # type: ignore[no-untyped-def]
    history = History(api)
    for size in (-1, 10_001):
        refused = expect_error(lambda: history.clean_up(size), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert refused.fields == ["batch_size"]
    clerk = History(server.api(server.token()))
    expect_error(lambda: clerk.clean_up(), grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
    assert clerk.cleanup().batch_size == 500  # reading the schedule needs no admin


def test_concurrent_rounds_remove_each_instance_once(quiet):  # type: ignore[no-untyped-def]
    server, history = quiet
    process_key = key("race")
    definition = history.deploy_inline(process_key, straight(process_key, "0"))
    ended = [history.start_id(definition) for _ in range(12)]
    server.clock.advance(timedelta(seconds=1))
    results = at_once([lambda: history.clean_up(batch_size=12) for _ in range(3)])
    assert sum(removed for removed, _, _ in results) == 12
    assert not any(history.exists(i) for i in ended)


@pytest.mark.usefixtures("no_deadlock")
def test_clean_up_against_delete_deployment(server, api) -> None:  # type: ignore[no-untyped-def]
    """Both remove the same ended instances' records: in either order, or at once, both answer
    OK and nothing of them is left (on PostgreSQL they queue on the definitions' rows)."""
    from sqlalchemy import func, select

    from flowkeeper.engine.v1 import deployment_pb2
    from server.engine.failure_models import Incident, ProcessStep
    from server.engine.models import ProcessInstance
    from tests.engine.racing import check_race

    history = History(api)

    def make() -> tuple[str, str]:
        process_key, topic = key("raced"), key("topic")
        definition = history.deploy_inline(process_key, external(process_key, topic, "0"))
        instances = [history.start_id(definition) for _ in range(2)]
        [task, _] = history.fetch("worker", history.topic(topic))
        history.fail(task.external_task.id, "worker", retries=0)  # a step and an incident
        for instance in instances:
            history.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance))
        deployment = history.definitions.GetProcessDefinition(process_definition_pb2.GetProcessDefinitionRequest(
            id=definition)).process_definition.deployment_id
        return deployment, definition

    def state(subject: tuple[str, str]) -> tuple[int, ...]:
        definition = subject[1]

        def read(tx) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
            return tuple(tx.scalar(select(func.count()).select_from(model).where(model.process_definition_id == definition))
                         for model in (ProcessInstance, ProcessStep, Incident))

        return server.db.run(read, write=False)  # type: ignore[no-any-return]

    check_race(make, [
        lambda s: history.clean_up(batch_size=10_000),
        lambda s: history.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=s[0], cascade=True)),
    ], state, rounds=3)


@pytest.mark.usefixtures("no_deadlock")
def test_deleting_one_instance_s_history_against_the_cleanup_and_delete_deployment(server, api) -> None:  # type: ignore[no-untyped-def]
    """DeleteHistoricProcessInstance, CleanUpHistory and DeleteDeployment on the same ended
    instance: at once they answer and leave what they do one after another (the first removes
    it; DeleteHistoricProcessInstance after another answers NOT_FOUND), and none deadlocks:
    each holds the definition before the instance."""
    from sqlalchemy import func, select

    from flowkeeper.engine.v1 import deployment_pb2
    from server.engine.models import HistoricActivityInstance, ProcessInstance, UserOperation
    from tests.engine.racing import check_race

    history = History(api)

    def make() -> tuple[str, str]:
        process_key = key("raced")
        definition = history.deploy_inline(process_key, one_task(process_key, key("topic")).replace(
            'historyTimeToLive="180"', 'historyTimeToLive="0"'))
        instance = history.start_id(definition)
        history.instances.DeleteProcessInstance(process_instance_pb2.DeleteProcessInstanceRequest(id=instance))
        deployment = history.definitions.GetProcessDefinition(process_definition_pb2.GetProcessDefinitionRequest(
            id=definition)).process_definition.deployment_id
        return deployment, instance

    def state(subject: tuple[str, str]) -> tuple[object, ...]:
        instance = subject[1]

        def read(tx) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
            counts = tuple(tx.scalar(select(func.count()).select_from(column.table).where(column == instance))
                           for column in (ProcessInstance.id, HistoricActivityInstance.process_instance_id))
            return counts + (sorted(tx.scalars(select(UserOperation.operation_type).where(
                UserOperation.process_instance_id == instance))),)

        return server.db.run(read, write=False)  # type: ignore[no-any-return]

    check_race(make, [
        lambda s: history.history.DeleteHistoricProcessInstance(
            history_pb2.DeleteHistoricProcessInstanceRequest(id=s[1])),
        lambda s: history.clean_up(batch_size=10_000),
        lambda s: history.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=s[0], cascade=True)),
    ], state, rounds=2)


# -- the automatic rounds -----------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_automatic_rounds_follow_the_shared_schedule(backend, fresh_server) -> None:  # type: ignore[no-untyped-def]
    server = fresh_server(backend, job_poll_seconds=0.05, history_cleanup_seconds=3600)
    history = History(server.api())
    first = eventually(lambda: history.cleanup().last_run_time.ToDatetime(tzinfo=timezone.utc)
                       if history.cleanup().HasField("last_run_time") else None, what="the first round")
    status = history.cleanup()
    assert status.automatic and status.interval_seconds == 3600 and status.batch_window == ""
    assert status.next_run_time.ToDatetime(tzinfo=timezone.utc) == first + timedelta(hours=1)

    process_key = key("auto")
    instance = history.start_id(history.deploy_inline(process_key, straight(process_key, "0")))
    server.clock.advance(timedelta(minutes=59))
    assert history.exists(instance)  # not due yet: the round waits out its interval
    server.clock.advance(timedelta(minutes=1))
    eventually(lambda: not history.exists(instance), what="the next round")
    assert history.cleanup().last_removed_process_instances == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_automatic_rounds_wait_for_the_batch_window(backend, fresh_server) -> None:  # type: ignore[no-untyped-def]
    probe = fresh_server(backend, history_cleanup=False)
    now = probe.clock.now()
    opens = (now + timedelta(hours=2)).replace(second=0, microsecond=0)
    window = f"{opens:%H:%M}-{opens + timedelta(hours=1):%H:%M}"
    server = fresh_server(backend, job_poll_seconds=0.05, history_cleanup_window=window)
    history = History(server.api())
    process_key = key("window")
    instance = history.start_id(history.deploy_inline(process_key, straight(process_key, "0")))
    server.clock.advance(timedelta(seconds=1))
    due = eventually(lambda: history.cleanup().next_run_time.ToDatetime(tzinfo=timezone.utc)
                     if history.cleanup().HasField("next_run_time") else None, what="the schedule")
    assert due == opens  # the window's next start
    assert not history.cleanup().HasField("last_run_time") and history.exists(instance)
    server.clock.advance(due - server.clock.now())
    eventually(lambda: not history.exists(instance), what="the round in the window")
    assert history.cleanup().batch_window == window


@pytest.mark.parametrize("backend", BACKENDS)
def test_replicas_share_one_schedule(backend, request, tmp_path_factory, caplog) -> None:  # type: ignore[no-untyped-def]
    """Two servers on one database, on one clock: each round is one replica's, their rounds
    take turns, and together they remove every due instance once."""
    from server.app import create_server
    from server.config import Config
    from server.db import Database

    url = database_url(backend, request, tmp_path_factory)
    first = start_server(url, backend, job_poll_seconds=0.05, history_cleanup_batch_size=5)
    replica = None
    try:
        history = History(first.api())
        eventually(lambda: history.cleanup().HasField("last_run_time"), what="the first round")
        replica = create_server(Config(listen="127.0.0.1:0", database_url=url, rate_limit_per_minute=0,
                                       job_poll_seconds=0.05, history_cleanup_batch_size=5),
                                clock=first.clock, db=Database(url))
        process_key = key("replicas")
        definition = history.deploy_inline(process_key, straight(process_key, "0"))
        ended = [history.start_id(definition) for _ in range(23)]
        first.clock.advance(timedelta(hours=1))
        eventually(lambda: not any(history.exists(i) for i in ended), what="the rounds of both replicas")
        assert history.cleanup().next_run_time.ToDatetime(tzinfo=timezone.utc) > first.clock.now()
        assert not [r for r in caplog.records if "history cleanup round failed" in r.getMessage()]
    finally:
        first.close()
        first.running.stop(None)
        if replica is not None:
            replica.stop(None)


# -- the window itself ------------------------------------------------------------------------------


def test_batch_windows_parse_and_span_midnight() -> None:
    assert BatchWindow.parse("") is None
    night = BatchWindow.parse(" 22:00 - 6:30 ")
    assert night is not None and str(night) == "22:00-06:30"
    at = lambda hour, minute=0: datetime(2026, 12, 6, hour, minute, tzinfo=timezone.utc)  # noqa: E731
    assert night.contains(at(23)) and night.contains(at(3)) and night.contains(at(22))
    assert not night.contains(at(6, 30)) and not night.contains(at(12))
    assert night.next_start(at(12)) == at(22) and night.next_start(at(22)) == at(22) + DAY
    day = BatchWindow.parse("09:15-17:00")
    assert day is not None and day.contains(at(9, 15)) and not day.contains(at(17))
    assert day.start == time(9, 15)
    for bad in ("9-17", "24:00-01:00", "10:60-11:00", "08:00-08:00", "night"):
        with pytest.raises(ValueError):
            BatchWindow.parse(bad)


# -- from a shell -------------------------------------------------------------------------------


def test_time_to_live_and_cleanup_with_grpcurl(server) -> None:  # type: ignore[no-untyped-def]
    """The JSON a script sends and reads: the time to live set, shown and cleared (an unset
    optional is left out of the output), the schedule read, a round run."""
    import base64

    from tests.engine.resources.modeler import render
    from tests.platform.grpcurl import Grpcurl
    from tests.support import unique

    grpcurl = Grpcurl.for_server(server)
    process_key = key("shell")
    content = render(straight(process_key, "P30D"), process_key).encode()
    deployed = grpcurl.ok("flowkeeper.engine.v1.DeploymentService/CreateDeployment", {
        "name": unique("shell"), "resources": [{"name": "shell.bpmn", "content": base64.b64encode(content).decode()}]})
    definition_id = deployed["deployment"]["definitions"][0]["id"]
    update = "flowkeeper.engine.v1.ProcessDefinitionService/UpdateProcessDefinitionHistoryTimeToLive"
    get = "flowkeeper.engine.v1.ProcessDefinitionService/GetProcessDefinition"
    assert grpcurl.ok(get, {"id": definition_id})["process_definition"]["history_time_to_live"] == 30
    assert grpcurl.ok(update, {"id": definition_id, "historyTimeToLive": 7})[
        "process_definition"]["history_time_to_live"] == 7
    assert "history_time_to_live" not in grpcurl.ok(update, {"id": definition_id})["process_definition"]
    refused = grpcurl.fails(update, {"id": definition_id, "historyTimeToLive": -1})
    assert (refused.code, refused.reason) == ("InvalidArgument", "INVALID_FIELD")

    status = grpcurl.ok("flowkeeper.engine.v1.HistoryService/GetHistoryCleanup", {})["history_cleanup"]
    assert (status["automatic"], status["interval_seconds"], status["batch_size"]) == (True, 3600, 500)
    ran = grpcurl.ok("flowkeeper.engine.v1.HistoryService/CleanUpHistory", {"batchSize": 1})
    assert set(ran) <= {"removed_process_instances", "removed_case_instances", "more"}
