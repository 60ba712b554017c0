"""Helpers for the racing tests: calls sent at the same instant must answer, and leave, what the
same calls one after the other would, in some order (``check_race``). The end state is read from
the database without ids: an instance's state and what it holds (``instance_state``, which also
checks that an ended instance left nothing behind) and which definition versions were deployed
together (``versions_by_deployment``). ``Engine`` has every stub the pairs use."""

from __future__ import annotations

from itertools import permutations
from typing import Any, Callable, Sequence

from sqlalchemy import select

from server.engine.failure_models import Incident, ProcessStep
from server.engine.models import (
    EventSubscription,
    Execution,
    ExternalTask,
    Job,
    ProcessInstance,
    Task,
    Variable,
)
from tests.engine.failure_support import Failures
from tests.engine.scenario import Scenario
from tests.support import at_once, status_of

ROUNDS = 5
RUNNING = ("ACTIVE", "SUSPENDED")

Call = Callable[[Any], object]


class Engine(Failures, Scenario):
    """Every stub the pairs use."""


def _answer(call: Call, subject: Any) -> str:
    return status_of(lambda: call(subject), reason=True)


def check_race(make: Callable[[], Any], calls: Sequence[Call], state: Callable[[Any], Any],
               rounds: int = ROUNDS) -> None:
    """``make()`` gives a fresh subject; ``calls`` act on it; ``state(subject)`` is what they
    left. The calls at once must answer and leave what they do one after another, in some
    order (two calls: either order; three: any of the six)."""
    allowed: list[tuple[tuple[str, ...], Any]] = []
    for order in permutations(range(len(calls))):
        subject = make()
        answers = [""] * len(calls)
        for index in order:
            answers[index] = _answer(calls[index], subject)
        allowed.append((tuple(answers), state(subject)))
    for _ in range(rounds):
        subject = make()
        answers = tuple(at_once([lambda call=call: _answer(call, subject) for call in calls]))  # type: ignore[misc]
        outcome = (answers, state(subject))
        assert outcome in allowed, (
            f"racing calls answered {answers} and left\n  {outcome[1]}\n"
            "calls one after another give one of:\n" + "\n".join(f"  {a}: {s}" for a, s in allowed))


# -- the end state ------------------------------------------------------------------------------


def instance_state(server: Any, instance_id: str) -> tuple[Any, ...]:
    """What an instance is and holds, without ids (comparable between instances)."""

    def read(tx: Any) -> tuple[Any, ...]:
        instance = tx.get(ProcessInstance, instance_id)
        mine = Execution.process_instance_id == instance_id
        executions = {e.id: e for e in tx.scalars(select(Execution).where(mine))}
        where = {e_id: e.activity_id or "" for e_id, e in executions.items()}
        where[instance_id] = "instance"

        def rows(model: Any, *columns: Any) -> list[tuple[Any, ...]]:
            found = tx.execute(select(*columns).where(model.process_instance_id == instance_id)).all()
            return sorted((tuple(row) for row in found), key=repr)

        held = {
            "executions": sorted((e.activity_id or "", e.is_active, e.suspended) for e in executions.values()),
            "tasks": rows(Task, Task.task_definition_key, Task.assignee, Task.suspended),
            "external_tasks": rows(ExternalTask, ExternalTask.activity_id, ExternalTask.worker_id,
                                   ExternalTask.lock_expiration, ExternalTask.retries, ExternalTask.suspended,
                                   ExternalTask.error_message),
            "jobs": rows(Job, Job.handler_type, Job.activity_id, Job.retries, Job.suspended, Job.due_date),
            "subscriptions": rows(EventSubscription, EventSubscription.event_type, EventSubscription.event_name,
                                  EventSubscription.activity_id),
        }
        variables = sorted(
            (where.get(v.scope_id, "task"), v.name, v.type, v.text_value, v.long_value, v.double_value)
            for v in tx.scalars(select(Variable).where(Variable.process_instance_id == instance_id)))
        incidents = rows(Incident, Incident.incident_type, Incident.state, Incident.activity_id,
                         Incident.incident_message)
        steps = [(activity, kind, step_state, attempts, repr(params), error) for activity, kind, step_state, attempts,
                 params, error in rows(ProcessStep, ProcessStep.activity_id, ProcessStep.kind, ProcessStep.state,
                                       ProcessStep.attempts, ProcessStep.params, ProcessStep.last_error)]
        state = instance.state if instance is not None else "GONE"
        if state not in RUNNING:
            left = {name: found for name, found in {**held, "variables": variables}.items() if found}
            if any(i[1] == "OPEN" for i in incidents):
                left["open incidents"] = incidents
            assert not left, f"instance {instance_id} is {state} and left behind {left}"
        return (state, *held.values(), variables, incidents, steps)

    return server.db.run(read, write=False)  # type: ignore[no-any-return]


def versions_by_deployment(server: Any, model: Any, keys: tuple[str, ...]) -> list[tuple[tuple[int, int], ...]]:
    """Per deployment of the keys' definitions (``model``: ProcessDefinition, CaseDefinition),
    its (key's position in ``keys``, version) pairs: which versions were deployed together."""

    def read(tx: Any) -> list[tuple[tuple[int, int], ...]]:
        rows = tx.execute(select(model.deployment_id, model.key, model.version).where(model.key.in_(keys))).all()
        by_deployment: dict[str, list[tuple[int, int]]] = {}
        for deployment_id, definition_key, version in rows:
            by_deployment.setdefault(deployment_id, []).append((keys.index(definition_key), version))
        return sorted(tuple(sorted(versions)) for versions in by_deployment.values())

    return server.db.run(read, write=False)  # type: ignore[no-any-return]
