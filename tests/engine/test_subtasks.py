"""Subtasks (CreateTask's parent_task_id): a standalone task under a running task of a process,
a case or none. What the task, its history and the operation log say; the queries that find a
task's subtasks; tenants; and that a subtask ends with its parent, at every depth and in every way
a parent ends (completed, deleted, with cascade, its path or case execution gone), as the
document's engine does, with the parent's reason."""

from __future__ import annotations

from datetime import timedelta

import grpc
import pytest
from google.protobuf import field_mask_pb2

from flowkeeper.engine.v1 import history_pb2 as hi
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import task_pb2
from tests.engine.case_support import Cases
from tests.engine.history_support import ending, ts
from tests.engine.test_standalone_tasks import OTHER, TENANT, Standalone
from tests.support import expect_error, race_each, unique

NOT_FOUND, BAD = grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT


@pytest.fixture
def work(api) -> Standalone:  # type: ignore[no-untyped-def]
    return Standalone(api)


def subtree(work: Standalone) -> tuple[task_pb2.Task, task_pb2.Task, task_pb2.Task, task_pb2.Task]:
    """A standalone task with two subtasks, the first with one of its own: (parent, first,
    second, grandchild)."""
    parent = work.new_task()
    first, second = work.new_task(parent_task_id=parent.id), work.new_task(parent_task_id=parent.id)
    return parent, first, second, work.new_task(parent_task_id=first.id)


def gone(work: Standalone, *tasks: task_pb2.Task) -> None:
    for task in tasks:
        expect_error(lambda: work.task(task.id), NOT_FOUND, "TASK_NOT_FOUND")


# -- creation and queries -------------------------------------------------------------------------


def test_a_subtask_names_its_parent_in_the_task_its_history_and_the_operation_log(work: Standalone) -> None:
    parent = work.new_task()
    sub = work.create(name="part one", parent_task_id=parent.id)
    assert sub.parent_task_id == parent.id and work.task(sub.id) == sub
    assert work.task(parent.id).parent_task_id == ""
    assert work.historic_task(sub.id).parent_task_id == parent.id
    assert work.historic_task(parent.id).parent_task_id == ""
    assert work.of(task_id=sub.id) == [("Create", "Task", "name", "", "part one"),
                                       ("Create", "Task", "parentTask", "", parent.id)]


def test_queries_find_a_tasks_subtasks(work: Standalone) -> None:
    parent, first, second, grandchild = subtree(work)
    assert sorted(work.found(parent_task_id=parent.id)) == sorted([first.id, second.id])
    assert work.found(parent_task_id=first.id) == [grandchild.id]
    assert work.found(parent_task_id=second.id) == []
    # In an or-query: the subtasks of either.
    either = task_pb2.TaskOrQuery(parent_task_id=second.id, task_id=grandchild.id)
    assert work.found(task_id_in=[first.id, second.id, grandchild.id], or_queries=[either]) == [grandchild.id]
    # The task history, running or ended.
    work.complete_task(second.id)
    assert sorted(t.id for t in work.historic_tasks(task_parent_task_id=parent.id)) == sorted([first.id, second.id])
    assert work.count_historic_tasks(task_parent_task_id=parent.id, finished=True) == 1
    assert [t.id for t in work.historic_tasks(task_id=first.id, or_queries=[
        hi.HistoricTaskOrQuery(task_parent_task_id=unique("none"), task_name=first.name)])] == [first.id]


def test_a_subtask_of_a_process_task_and_of_a_case_task(api, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    instance, task = work.process_task()
    sub = work.new_task(parent_task_id=task.id)
    # A standalone task itself: of no process, so DeleteTask takes it.
    assert (sub.process_instance_id, sub.execution_id, sub.parent_task_id) == ("", "", task.id)
    assert work.found(process_instance_id=instance) == [task.id]
    cases = Cases(api)
    case = cases.deploy_and_create("case_three_items.cmmn")
    human = cases.case_tasks(case.id)[0]
    assert work.new_task(parent_task_id=human.id).case_instance_id == ""


def test_tenants_a_subtask_is_of_its_parents(server, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    parent = work.new_task(tenant_id=TENANT)
    # Unset: the parent's tenant; the same one given is fine.
    assert work.new_task(parent_task_id=parent.id).tenant_id == TENANT
    assert work.new_task(parent_task_id=parent.id, tenant_id=TENANT).tenant_id == TENANT
    failed = expect_error(lambda: work.new_task(parent_task_id=parent.id, tenant_id=OTHER), BAD, "INVALID_FIELD")
    assert failed.fields == ["tenant_id"] and failed.info.metadata["parent_tenant_id"] == TENANT
    untenanted = work.new_task()
    failed = expect_error(lambda: work.new_task(parent_task_id=untenanted.id, tenant_id=TENANT), BAD, "INVALID_FIELD")
    assert failed.info.metadata["parent_tenant_id"] == ""
    # A parent the caller does not see is as absent as a missing one.
    clerk = Standalone(server.api(server.token("subtask-clerk", tenants=(OTHER,))))
    for missing in (parent.id, unique("missing")):
        failed = expect_error(lambda: clerk.new_task(parent_task_id=missing), NOT_FOUND, "TASK_NOT_FOUND")
        assert failed.info.metadata["field_name"] == "parent_task_id"
    assert clerk.new_task(parent_task_id=clerk.new_task(tenant_id=OTHER).id).tenant_id == OTHER
    assert work.found(parent_task_id=parent.id, tenant_id_in=[OTHER]) == []


def test_an_ended_task_takes_no_subtask(work: Standalone) -> None:
    task = work.new_task()
    work.complete_task(task.id)
    expect_error(lambda: work.new_task(parent_task_id=task.id), NOT_FOUND, "TASK_NOT_FOUND")
    assert work.historic_tasks(task_parent_task_id=task.id) == []


# -- subtasks end with their parent ---------------------------------------------------------------


def test_completing_a_parent_ends_its_subtasks_at_every_depth(server, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    parent, first, second, grandchild = subtree(work)
    work.modify_task(grandchild.id, {"note": "mine"})
    server.clock.advance(timedelta(minutes=5))
    work.complete_task(parent.id)
    gone(work, parent, first, second, grandchild)
    for task in (parent, first, second, grandchild):
        assert ending(work.historic_task(task.id)) == ("completed", ts(server.clock.now()), timedelta(minutes=5))
    # Their variables went with them; the history of those stays.
    assert [v.name for v in work.historic_variables(task_id_in=[grandchild.id])] == ["note"]
    # Only the parent was completed by someone: one Complete entry.
    assert work.count(operation_type="Complete", task_id=parent.id) == 1
    assert work.count(operation_type="Complete", task_id=first.id) == 0


def test_a_subtask_ends_alone(work: Standalone) -> None:
    parent, first, second, grandchild = subtree(work)
    work.complete_task(first.id)
    gone(work, first, grandchild)
    assert work.task(parent.id).id == parent.id and work.task(second.id).id == second.id
    work.delete(second.id, reason="not needed")
    assert work.found(parent_task_id=parent.id) == []
    assert work.historic_task(second.id).delete_reason == "not needed"


def test_deleting_a_parent_deletes_its_subtasks_with_its_reason(work: Standalone) -> None:
    parent, first, second, grandchild = subtree(work)
    work.delete(parent.id, reason="withdrawn")
    gone(work, parent, first, second, grandchild)
    assert {work.historic_task(t.id).delete_reason for t in (parent, first, second, grandchild)} == {"withdrawn"}
    assert work.count(operation_type="Delete", task_id=first.id) == 0


def test_deleting_a_parent_with_cascade_removes_its_subtasks_history(work: Standalone) -> None:
    parent, first, second, grandchild = subtree(work)
    work.comment(grandchild.id, "a note")
    ended = work.new_task(parent_task_id=parent.id)
    work.complete_task(ended.id)
    work.delete(parent.id, cascade=True)
    for task in (parent, first, second, grandchild):
        expect_error(lambda: work.historic_task(task.id), NOT_FOUND, "TASK_NOT_FOUND")
    expect_error(lambda: work.comments(grandchild.id), NOT_FOUND, "TASK_NOT_FOUND")
    # A subtask that had ended before keeps its history, as its own.
    assert work.historic_task(ended.id).delete_reason == "completed"


def test_subtasks_of_a_process_task_end_with_it(work: Standalone) -> None:
    instance, task = work.process_task()
    sub = work.new_task(parent_task_id=task.id)
    nested = work.new_task(parent_task_id=sub.id)
    work.complete(task.id)
    gone(work, sub, nested)
    assert {work.historic_task(t.id).delete_reason for t in (sub, nested)} == {"completed"}
    # Its instance deleted, the path's task goes and its subtasks with it, as deleted.
    instance, task = work.process_task()
    sub = work.new_task(parent_task_id=task.id)
    work.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    gone(work, sub)
    assert work.historic_task(sub.id).delete_reason == "deleted"


def test_subtasks_of_a_case_task_end_with_it(api, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    cases = Cases(api)
    case = cases.deploy_and_create("case_three_items.cmmn")
    done = work.new_task(parent_task_id=cases.case_tasks(case.id)[0].id)
    work.complete(cases.case_tasks(case.id)[0].id)
    gone(work, done)
    assert work.historic_task(done.id).delete_reason == "completed"
    case = cases.deploy_and_create("case_three_items.cmmn")
    dropped = work.new_task(parent_task_id=cases.case_tasks(case.id)[0].id)
    cases.terminate_case(case.id)
    gone(work, dropped)
    assert work.historic_task(dropped.id).delete_reason == "deleted"


def test_a_subtask_created_as_its_parent_completes_never_outlives_it(work: Standalone) -> None:
    for _ in range(3):
        parent = work.new_task()
        name = unique("racing subtask")
        answers = race_each([lambda: work.complete_task(parent.id),
                             lambda: work.create(name=name, parent_task_id=parent.id)])
        # Created first, it ended with its parent; else its parent was gone.
        assert answers in (("OK", "OK"), ("OK", "NOT_FOUND")), answers
        assert work.found(name=name) == []
        ended = work.historic_tasks(task_parent_task_id=parent.id)
        assert [t.delete_reason for t in ended] == (["completed"] if answers[1] == "OK" else [])


# -- moving a task (UpdateTask's parent_task_id) --------------------------------------------------


def move(work: Standalone, task_id: str, parent_task_id: str) -> task_pb2.Task:
    return work.tasks.UpdateTask(task_pb2.UpdateTaskRequest(
        task=task_pb2.Task(id=task_id, parent_task_id=parent_task_id),
        update_mask=field_mask_pb2.FieldMask(paths=["parent_task_id"]))).task


def test_updatetask_moves_a_task_under_another_parent_and_out(work: Standalone) -> None:
    parent, first, second, grandchild = subtree(work)
    other = work.new_task()
    assert move(work, grandchild.id, other.id).parent_task_id == other.id
    assert work.found(parent_task_id=first.id) == [] and work.found(parent_task_id=other.id) == [grandchild.id]
    assert work.historic_task(grandchild.id).parent_task_id == other.id
    # A task of none moves under one; empty takes it out from under its parent.
    loose = work.new_task()
    assert move(work, loose.id, parent.id).parent_task_id == parent.id
    assert move(work, first.id, "").parent_task_id == ""
    assert work.historic_task(first.id).parent_task_id == ""
    assert sorted(work.found(parent_task_id=parent.id)) == sorted([second.id, loose.id])
    assert work.of(task_id=grandchild.id)[-1] == ("Update", "Task", "parentTask", first.id, other.id)
    assert work.of(task_id=first.id)[-1] == ("Update", "Task", "parentTask", parent.id, "")
    # Its new parent takes it along: completed with it.
    work.complete_task(other.id)
    gone(work, grandchild)
    assert work.historic_task(grandchild.id).delete_reason == "completed"
    # Its old one no longer does.
    work.complete_task(first.id)
    assert work.task(parent.id).id == parent.id


def test_a_task_cannot_move_under_itself_or_its_subtasks(work: Standalone) -> None:
    parent, first, second, grandchild = subtree(work)
    for below in (parent.id, first.id, grandchild.id):
        failed = expect_error(lambda: move(work, parent.id, below), BAD, "INVALID_FIELD")
        assert failed.fields == ["task.parent_task_id"]
    assert work.task(parent.id).parent_task_id == ""
    # A sibling is no cycle.
    assert move(work, first.id, second.id).parent_task_id == second.id
    assert work.found(parent_task_id=second.id) == [first.id]


def test_moving_a_task_refuses_other_tenants_process_tasks_and_ended_parents(server, work: Standalone) -> None:  # type: ignore[no-untyped-def]
    task, tenanted = work.new_task(), work.new_task(tenant_id=TENANT)
    failed = expect_error(lambda: move(work, task.id, tenanted.id), BAD, "INVALID_FIELD")
    assert failed.fields == ["task.parent_task_id"] and failed.info.metadata["parent_tenant_id"] == TENANT
    # A process's task stays where its process put it.
    _, process_task = work.process_task()
    expect_error(lambda: move(work, process_task.id, task.id), grpc.StatusCode.FAILED_PRECONDITION,
                 "TASK_NOT_STANDALONE")
    ended = work.new_task()
    work.complete_task(ended.id)
    failed = expect_error(lambda: move(work, task.id, ended.id), NOT_FOUND, "TASK_NOT_FOUND")
    assert failed.info.metadata["field_name"] == "task.parent_task_id"
    # A parent the caller does not see is as absent as a missing one.
    clerk = Standalone(server.api(server.token("subtask-mover", tenants=(OTHER,))))
    mine = clerk.new_task(tenant_id=OTHER)
    expect_error(lambda: move(clerk, mine.id, tenanted.id), NOT_FOUND, "TASK_NOT_FOUND")
    assert clerk.task(mine.id).parent_task_id == "" and work.task(task.id).parent_task_id == ""


def test_a_task_moved_under_a_completing_parent_never_outlives_it(work: Standalone) -> None:
    for _ in range(3):
        parent, task = work.new_task(), work.new_task()
        answers = race_each([lambda: work.complete_task(parent.id), lambda: move(work, task.id, parent.id)])
        # Moved first, it ended with its parent; else its parent was gone and it stays.
        assert answers in (("OK", "OK"), ("OK", "NOT_FOUND")), answers
        if answers[1] == "OK":
            gone(work, task)
        else:
            assert work.task(task.id).parent_task_id == ""
