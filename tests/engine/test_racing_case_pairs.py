"""Different verbs racing on one case instance, case execution or deployment answer as if they
had come one after the other: the pair (or trio) of answers and the state they leave are those of
some serial order of the same calls (tests.support.serial_outcomes). On PostgreSQL the calls run
side by side until they lock the case instance; on SQLite they take turns. (The same call sent
many times at once: tests/platform/test_racing_calls.py.)"""

from __future__ import annotations

from typing import Any, Callable

import pytest
from sqlalchemy import func, select

from flowkeeper.engine.v1 import deployment_pb2, task_pb2
from server.engine.cases.models import CaseDefinition, CaseExecution, CaseInstance
from server.engine.models import Task, Variable
from tests.engine.case_support import CASE_STATE, Cases, state_name
from tests.engine.support import typed_map
from tests.engine.racing import check_race, versions_by_deployment
from tests.support import race_each, race_results, serial_outcomes, unique

pytestmark = pytest.mark.usefixtures("no_deadlock")

ROUNDS = 3
OK, FAILED, GONE = "OK", "FAILED_PRECONDITION", "NOT_FOUND"
ENDED = ("COMPLETED", "TERMINATED")


def _case_name(value: int) -> str:
    return CASE_STATE.Name(value).removeprefix("STATE_")


class _ManualCase:
    """case_manual.cmmn under a key of its own: PI_Optional (a human task), PI_Conditional and
    PI_Required wait ENABLED, PI_Done AVAILABLE."""

    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        self.cases = Cases(api)
        self.key = unique("case_manual").replace("-", "_")
        self.definition_id = self.cases.case_definition_id(
            self.cases.deploy_case("case_manual.cmmn", key=self.key), self.key)

    def create(self, **variables: Any) -> str:
        return self.cases.create(id=self.definition_id,
                                 variables={"needsApproval": True, "checker": "carol", **variables}).id

    def item(self, case_id: str, activity_id: str = "PI_Optional") -> str:
        return self.cases.execution(case_id, activity_id).id

    def state(self, case_id: str, activity_id: str = "PI_Optional") -> str:
        return state_name(self.cases.execution(case_id, activity_id).state)

    def case_state(self, case_id: str) -> str:
        return _case_name(self.cases.case(case_id).state)

    def tasks(self, case_id: str) -> int:
        return len(self.cases.case_tasks(case_id))


# -- a model of the verbs, for serial_outcomes: state = (plan item's state, case's state) -------

_FROM = {"manualStart": ("ENABLED", "ACTIVE"), "disable": ("ENABLED", "DISABLED"),
         "reenable": ("DISABLED", "ENABLED"), "complete": ("ACTIVE", "COMPLETED"),
         "terminate": ("ACTIVE", "TERMINATED")}

State = tuple[str, str]


def _item(transition: str) -> Callable[[State], tuple[str, State]]:
    source, target = _FROM[transition]

    def step(state: State) -> tuple[str, State]:
        item, case = state
        if item != source or case != "ACTIVE":
            return FAILED, state
        return OK, (target, case)

    return step


def _task_completed(state: State) -> tuple[str, State]:
    """CompleteTask on the human task's Task: it exists while the item is ACTIVE."""
    item, case = state
    if item != "ACTIVE" or case != "ACTIVE":
        return GONE, state
    return OK, ("COMPLETED", case)


def _case(transition: str) -> Callable[[State], tuple[str, State]]:
    allowed = {"complete": ("ACTIVE",), "terminate": ("ACTIVE",), "close": ("COMPLETED", "TERMINATED")}[transition]
    target = {"complete": "COMPLETED", "terminate": "TERMINATED", "close": "CLOSED"}[transition]

    def step(state: State) -> tuple[str, State]:
        item, case = state
        if case not in allowed:
            return FAILED, state
        if transition != "close" and item not in ENDED:
            item = "TERMINATED"  # plan items that have not ended end with their case
        return OK, (item, target)

    return step


# -- case executions against each other and against their case ----------------------------------


def test_a_plan_item_completed_while_its_case_is_terminated(api):  # type: ignore[no-untyped-def]
    world = _ManualCase(api)
    expected = serial_outcomes(("ACTIVE", "ACTIVE"), [_item("complete"), _case("terminate")])
    for _ in range(ROUNDS):
        case_id = world.create()
        item = world.item(case_id)
        world.cases.manual_start(item)
        answers = race_each([lambda: world.cases.complete_execution(item), lambda: world.cases.terminate_case(case_id)])
        assert (answers, (world.state(case_id), world.case_state(case_id))) in expected
        assert world.tasks(case_id) == 0


def test_a_human_task_completed_while_its_case_or_plan_item_ends(api):  # type: ignore[no-untyped-def]
    """CompleteTask on a case's human task against the case verbs that remove that task: the
    loser of a serial order finds no task (NOT_FOUND), as it would after the winner."""
    world = _ManualCase(api)
    rivals: list[tuple[Callable[[State], tuple[str, State]], Callable[[str, str], object]]] = [
        (_case("terminate"), lambda case_id, item: world.cases.terminate_case(case_id)),
        (_item("complete"), lambda case_id, item: world.cases.complete_execution(item)),
        (_item("terminate"), lambda case_id, item: world.cases.terminate_execution(item)),
    ]
    for model, rival in rivals:
        expected = serial_outcomes(("ACTIVE", "ACTIVE"), [_task_completed, model])
        for _ in range(ROUNDS):
            case_id = world.create()
            item = world.item(case_id)
            world.cases.manual_start(item)
            [task] = world.cases.case_tasks(case_id)
            answers = race_each([
                lambda: world.cases.tasks.CompleteTask(task_pb2.CompleteTaskRequest(task_id=task.id)),
                lambda: rival(case_id, item),
            ])
            assert (answers, (world.state(case_id), world.case_state(case_id))) in expected
            assert world.tasks(case_id) == 0


def test_a_plan_item_started_and_disabled_at_once(api):  # type: ignore[no-untyped-def]
    world = _ManualCase(api)
    expected = serial_outcomes(("ENABLED", "ACTIVE"), [_item("manualStart"), _item("disable")])
    for _ in range(ROUNDS):
        case_id = world.create()
        item = world.item(case_id)
        answers = race_each([lambda: world.cases.manual_start(item), lambda: world.cases.disable(item)])
        state = world.state(case_id)
        assert (answers, (state, "ACTIVE")) in expected
        assert world.tasks(case_id) == (1 if state == "ACTIVE" else 0)  # a started human task has its task


def test_a_disabled_plan_item_reenabled_started_and_disabled_at_once(api):  # type: ignore[no-untyped-def]
    world = _ManualCase(api)
    expected = serial_outcomes(("DISABLED", "ACTIVE"),
                               [_item("reenable"), _item("manualStart"), _item("disable")])
    for _ in range(ROUNDS):
        case_id = world.create()
        item = world.item(case_id)
        world.cases.disable(item)
        answers = race_each([lambda: world.cases.reenable(item), lambda: world.cases.manual_start(item),
                             lambda: world.cases.disable(item)])
        state = world.state(case_id)
        assert (answers, (state, "ACTIVE")) in expected
        assert world.tasks(case_id) == (1 if state == "ACTIVE" else 0)


def test_a_plan_item_completed_and_terminated_at_once(api):  # type: ignore[no-untyped-def]
    world = _ManualCase(api)
    expected = serial_outcomes(("ACTIVE", "ACTIVE"), [_item("complete"), _item("terminate")])
    for _ in range(ROUNDS):
        case_id = world.create()
        item = world.item(case_id)
        world.cases.manual_start(item)
        answers = race_each([lambda: world.cases.complete_execution(item),
                             lambda: world.cases.terminate_execution(item)])
        assert (answers, (world.state(case_id), "ACTIVE")) in expected
        assert world.tasks(case_id) == 0


def test_a_case_completed_closed_and_terminated_at_once(api, server):  # type: ignore[no-untyped-def]
    world = _ManualCase(api)
    expected = serial_outcomes(("ENABLED", "ACTIVE"), [_case("complete"), _case("close"), _case("terminate")])
    for _ in range(ROUNDS):
        case_id = world.create()
        world.cases.disable(world.item(case_id, "PI_Required"))  # a disabled required item counts as done
        answers = race_each([lambda: world.cases.complete_case(case_id), lambda: world.cases.close_case(case_id),
                             lambda: world.cases.terminate_case(case_id)])
        case_state = world.case_state(case_id)
        # a closed case keeps no plan items to read; in every serial order its item ended first
        item = "TERMINATED" if case_state == "CLOSED" else world.state(case_id)
        assert (answers, (item, case_state)) in expected
        if case_state == "CLOSED":
            assert _rows(server, case_id) == (0, 0, 0)  # executions, variables and tasks went with the close


def _rows(server, case_id: str) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """Case executions, variables and tasks stored for the case instance."""

    def count(tx):  # type: ignore[no-untyped-def]
        return tuple(tx.scalar(select(func.count()).select_from(model).where(column == case_id))
                     for model, column in ((CaseExecution, CaseExecution.case_instance_id),
                                           (Variable, Variable.case_instance_id), (Task, Task.case_instance_id)))

    return server.db.run(count, write=False)  # type: ignore[no-any-return]


# -- variables ---------------------------------------------------------------------------------


def test_case_variables_modified_by_racing_calls_all_survive(api):  # type: ignore[no-untyped-def]
    world = _ManualCase(api)
    for _ in range(ROUNDS):
        case_id = world.create()
        item = world.item(case_id)
        world.cases.manual_start(item)
        answers = race_each([
            lambda: world.cases.modify(case_id, {"a": 1}),
            lambda: world.cases.modify(case_id, {"b": 2}),
            lambda: world.cases.complete_execution(item, variables=typed_map({"c": 3, "shared": "completed"})),
            lambda: world.cases.modify(case_id, {"shared": "modified"}),
        ])
        assert answers == (OK, OK, OK, OK)
        variables = world.cases.case_variables(case_id)
        assert {name: variables[name][0] for name in ("a", "b", "c")} == {"a": 1, "b": 2, "c": 3}
        assert variables["shared"][0] in ("completed", "modified")
        assert world.state(case_id) == "COMPLETED"


def test_case_variables_modified_while_the_case_is_closed(api, server):  # type: ignore[no-untyped-def]
    """No variable outlives the close, whichever came first."""
    world = _ManualCase(api)

    def modify(state: State) -> tuple[str, State]:
        return (FAILED, state) if state[1] == "CLOSED" else (OK, state)

    expected = serial_outcomes(("TERMINATED", "TERMINATED"), [modify, _case("close")])
    for _ in range(ROUNDS):
        case_id = world.create()
        world.cases.terminate_case(case_id)
        answers = race_each([lambda: world.cases.modify(case_id, {"late": 1}),
                             lambda: world.cases.close_case(case_id)])
        assert (answers, ("TERMINATED", world.case_state(case_id))) in expected
        assert _rows(server, case_id) == (0, 0, 0)


# -- deployments against the cases of their definitions -----------------------------------------


def _case_rows_of(server, definition_id: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    def count(tx):  # type: ignore[no-untyped-def]
        cases = select(CaseInstance.id).where(CaseInstance.case_definition_id == definition_id)
        return (tx.scalar(select(func.count()).select_from(CaseInstance)
                          .where(CaseInstance.case_definition_id == definition_id)),
                tx.scalar(select(func.count()).select_from(CaseExecution)
                          .where(CaseExecution.case_definition_id == definition_id))
                + tx.scalar(select(func.count()).select_from(Variable).where(Variable.case_instance_id.in_(cases))))

    return server.db.run(count, write=False)  # type: ignore[no-any-return]


def test_a_case_created_while_its_deployment_is_deleted(api, server):  # type: ignore[no-untyped-def]
    """With cascade the deletion takes a case created first with it; without, such a case
    refuses it. A case created after the deletion finds no definition."""
    cases = Cases(api)
    for cascade in (True, False):
        for _ in range(ROUNDS + 2):
            key = unique("case_manual").replace("-", "_")
            deployment = cases.deploy_case("case_manual.cmmn", key=key)
            definition_id = cases.case_definition_id(deployment, key)
            delete = deployment_pb2.DeleteDeploymentRequest(id=deployment.id, cascade=cascade)
            (created, _), (deleted, _) = race_results([
                lambda: cases.create(id=definition_id, variables={"needsApproval": True, "checker": "carol"}),
                lambda: cases.deployments.DeleteDeployment(delete),
            ])
            if cascade:
                assert (created, deleted) in ((OK, OK), (GONE, OK))
            else:
                assert (created, deleted) in ((OK, FAILED), (GONE, OK))
            remaining = _case_rows_of(server, definition_id)
            if deleted == OK:
                assert remaining == (0, 0)  # no case of a deleted definition survives
            else:
                assert remaining[0] == 1
                cases.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=deployment.id,
                                                                                          cascade=True))
                assert _case_rows_of(server, definition_id) == (0, 0)


def _cases(*case_keys: str) -> bytes:
    """One CMMN resource with a case of one human task per key, in the order given."""
    body = "".join(f'<cmmn:case id="{k}"><cmmn:casePlanModel id="{k}_plan">'
                   f'<cmmn:planItem id="{k}_item" definitionRef="{k}_task" /><cmmn:humanTask id="{k}_task" />'
                   '</cmmn:casePlanModel></cmmn:case>' for k in case_keys)
    return ('<cmmn:definitions xmlns:cmmn="http://www.omg.org/spec/CMMN/20151109/MODEL" '
            f'targetNamespace="http://bpmn.io/schema/cmmn">{body}</cmmn:definitions>').encode()


@pytest.mark.parametrize("versions_before", [0, 1])
def test_deployments_listing_the_same_cases_in_other_orders(api, server, versions_before):  # type: ignore[no-untyped-def]
    """Each deployment creates the next version of both cases; whichever comes second has the
    higher version of both. Deployments take turns (the deployment lock), so they do not
    deadlock on the unique index of the versions."""
    cases = Cases(api)

    def deploy(*case_keys: str) -> object:
        return cases.deploy_files({"two.cmmn": _cases(*case_keys)})

    def make() -> tuple[str, str]:
        case_keys = unique("first").replace("-", "_"), unique("second").replace("-", "_")
        for _ in range(versions_before):
            deploy(*case_keys)
        return case_keys

    check_race(make, [lambda k: deploy(k[0], k[1]), lambda k: deploy(k[1], k[0])],
               lambda k: versions_by_deployment(server, CaseDefinition, k))
