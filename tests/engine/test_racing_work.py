"""Work moved on by several clients at the same instant moves on once: of racing CompleteTask,
ClaimTask, CorrelateMessage and SignalExecution calls on one wait state, one wins and the others
answer as if they had come after it. On PostgreSQL the calls run side by side until they lock the
process instance; before these tests, a task followed by another wait state was completed once
per racing call, and every racing ClaimTask won, each over the one before. (The same calls on
every method at once: tests/platform/test_racing_calls.py.)"""

from __future__ import annotations

import pytest

from flowkeeper.engine.v1 import execution_pb2, message_pb2, process_instance_pb2, task_pb2
from tests.engine.scenario import Scenario
from tests.support import race, unique  # race: also imported from here by other racing tests

pytestmark = pytest.mark.usefixtures("no_deadlock")

RACERS = 6
DUE = "2030-01-01T00:00:00.000+0000"


def test_a_task_completed_by_racing_calls_is_completed_once(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("user_tasks.bpmn")  # ApproveInvoice, then ArchiveInvoice
    for _ in range(3):
        instance = engine.run(definition, {"approver": "carol", "dueDate": DUE})
        [task] = engine.tasks_of(instance)
        request = task_pb2.CompleteTaskRequest(task_id=task.id)
        assert race([lambda: engine.tasks.CompleteTask(request)] * RACERS) == {"OK": 1, "NOT_FOUND": RACERS - 1}
        assert [t.task_definition_key for t in engine.tasks_of(instance)] == ["ArchiveInvoice"]


def test_of_racing_claims_by_different_users_one_wins(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("user_tasks.bpmn")
    for _ in range(3):
        instance = engine.run(definition, {"approver": "", "dueDate": DUE})
        [task] = engine.tasks_of(instance)
        users = [unique("user") for _ in range(RACERS)]
        claims = [lambda user=user: engine.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id=user))
                  for user in users]
        assert race(claims) == {"OK": 1, "FAILED_PRECONDITION": RACERS - 1}
        [claimed] = engine.tasks_of(instance)
        assert claimed.assignee in users
        # the winner is the one the task names: claiming again as that user still succeeds
        engine.tasks.ClaimTask(task_pb2.ClaimTaskRequest(task_id=task.id, user_id=claimed.assignee))


def test_a_message_and_a_signal_sent_by_racing_calls_move_the_instance_once(api):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("receive_task.bpmn")  # WaitForConfirmation, then WaitForSignal
    order = unique("order")
    instance = engine.run(definition, {"orderId": order})
    correlate = message_pb2.CorrelateMessageRequest(message_name=f"Confirmation-{order}", process_instance_id=instance)
    assert race([lambda: engine.messages.CorrelateMessage(correlate)] * RACERS) == {"OK": 1, "NOT_FOUND": RACERS - 1}
    assert engine.ids(process_instance_id=instance, activity_id="WaitForSignal") == {instance}
    assert engine.instance(instance).state == process_instance_pb2.ProcessInstance.STATE_ACTIVE

    signal = execution_pb2.SignalExecutionRequest(execution_id=instance)
    assert race([lambda: engine.executions.SignalExecution(signal)] * RACERS) == {"OK": 1, "NOT_FOUND": RACERS - 1}
    assert engine.instance(instance).state == process_instance_pb2.ProcessInstance.STATE_COMPLETED
