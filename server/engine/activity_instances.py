"""The activity instance tree of a running process instance (the document's engine's "get
activity instance tree"), read from its execution tree in three queries (executions, pending
asynchronous continuations, open incidents).

The execution tree keeps no activity instance rows, so the tree is derived:
- The root stands for the instance: its id is the instance's, its activity the definition.
- An execution at an activity is an activity instance there, ``<activity id>:<execution id>``
  (an execution is at one activity at a time, so the id is unique while it is there; a scope's
  only path moves to a new execution when a second path starts beside it, Runtime._expand, so
  its id changes then). If a job
  of an asynchronous continuation holds it (before or after the activity), it is a transition
  instance instead, as the document's engine shows it.
- A scope execution of an embedded subprocess (an event subprocess too) is the subprocess's
  activity instance (``<subprocess id>:<execution id>``); the paths inside it are its children.
  So is that of a multi-instance body (``<activity id>#multiInstanceBody``, type
  multiInstanceBody): its instances, concurrent paths at the activity, are its children.
  An activity with boundary events has a scope execution of its own that is at the activity
  itself: one leaf.
- A leaf's parent is the activity instance of the nearest enclosing subprocess, else the root."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.bpmn.spec import ProcessSpec
from server.engine.failure_models import Incident
from server.engine.incidents import OPEN
from server.engine.instances import running_instance
from server.engine.models import Execution, HistoricActivityInstance, Job, ProcessDefinition
from server.engine.runtime import SPECS
from server.identity.service import Caller

ROOT_TYPE = "processDefinition"
_ASYNC = ("async-before", "async-after")


@dataclass
class TransitionInstance:
    id: str
    parent_id: str
    activity_id: str
    activity_type: str
    activity_name: str
    execution_id: str
    incident_ids: list[str] = field(default_factory=list)


@dataclass
class ActivityInstance:
    id: str
    parent_id: str
    activity_id: str
    activity_type: str
    activity_name: str
    execution_ids: list[str] = field(default_factory=list)
    incident_ids: list[str] = field(default_factory=list)
    children: list[ActivityInstance] = field(default_factory=list)
    transitions: list[TransitionInstance] = field(default_factory=list)


@dataclass(frozen=True)
class Tree:
    process_instance_id: str
    process_definition_id: str
    root: ActivityInstance


def activity_instance_tree(tx: Session, caller: Caller, instance_id: str) -> Tree:
    """GetActivityInstanceTree of a running instance (INSTANCE_ENDED once it has ended)."""
    instance = running_instance(tx, caller, instance_id)
    executions = list(tx.scalars(select(Execution).where(Execution.process_instance_id == instance.id)
                                 .order_by(Execution.start_time, Execution.id)))
    spec = SPECS.cached(instance.process_definition_id) or SPECS.get(
        tx, tx.get(ProcessDefinition, instance.process_definition_id))
    waiting = {execution_id: activity_id for execution_id, activity_id in tx.execute(
        select(Job.execution_id, Job.activity_id).where(Job.process_instance_id == instance.id,
                                                         Job.handler_type.in_(_ASYNC)))}
    # The running activity instances' ids in the history, by path and activity: the tree's ids.
    passes = {(execution_id, activity_id): pass_id for pass_id, execution_id, activity_id in tx.execute(
        select(HistoricActivityInstance.id, HistoricActivityInstance.execution_id, HistoricActivityInstance.activity_id)
        .where(HistoricActivityInstance.process_instance_id == instance.id, HistoricActivityInstance.end_time.is_(None)))}
    incidents: dict[tuple[str | None, str | None], list[str]] = {}
    for incident_id, execution_id, activity_id in tx.execute(
        select(Incident.id, Incident.execution_id, Incident.activity_id)
        .where(Incident.process_instance_id == instance.id, Incident.state == OPEN)
        .order_by(Incident.incident_timestamp, Incident.id)
    ):
        incidents.setdefault((execution_id, activity_id), []).append(incident_id)
    return Tree(instance.id, instance.process_definition_id,
                _Builder(spec, executions, waiting, incidents, passes).build(instance.id, instance.process_definition_id))


class _Builder:
    def __init__(self, spec: ProcessSpec, executions: list[Execution], waiting: dict[str, str],
                 incidents: dict[tuple[str | None, str | None], list[str]],
                 passes: dict[tuple[str, str], str]) -> None:
        self.spec = spec
        self.executions = executions
        self.by_id = {e.id: e for e in executions}
        self.waiting = waiting
        self.incidents = incidents
        self.passes = passes
        self.root = ActivityInstance("", "", "", ROOT_TYPE, "")
        self.scopes: dict[str, ActivityInstance] = {}  # scope execution id -> its subprocess's instance

    def build(self, instance_id: str, definition_id: str) -> ActivityInstance:
        self.root = ActivityInstance(instance_id, "", definition_id, ROOT_TYPE, self.spec.name or "", [instance_id])
        for execution in self.executions:
            if execution.scope_activity_id and execution.activity_id != execution.scope_activity_id:
                self._subprocess(execution)
            if execution.activity_id:
                self._leaf(execution, self.scopes.get(execution.id) or self._container(execution))
        return self.root

    def _subprocess(self, scope: Execution) -> ActivityInstance:
        """The activity instance of the subprocess a scope execution stands for (made once, with
        those around it first: executions that started in the same instant come in any order)."""
        if scope.id not in self.scopes:
            assert scope.scope_activity_id is not None
            self.scopes[scope.id] = self._activity(scope, scope.scope_activity_id, self._container(scope))
        return self.scopes[scope.id]

    def _container(self, execution: Execution) -> ActivityInstance:
        """The activity instance of the nearest subprocess around ``execution``, else the root.
        An ancestor with a scope activity is a subprocess: an activity with boundary events has
        no executions below it."""
        ancestor = self.by_id.get(execution.parent_id or "")
        while ancestor is not None:
            if ancestor.scope_activity_id:
                return self._subprocess(ancestor)
            ancestor = self.by_id.get(ancestor.parent_id or "")
        return self.root

    def _activity(self, execution: Execution, activity_id: str, parent: ActivityInstance) -> ActivityInstance:
        element = self.spec.element(activity_id)
        node_id = self.passes.get((execution.id, activity_id)) or f"{activity_id}:{execution.id}"
        node = ActivityInstance(node_id, parent.id, activity_id, element.activity_type,
                                element.name or "", [execution.id],
                                list(self.incidents.get((execution.id, activity_id), ())))
        parent.children.append(node)
        return node

    def _leaf(self, execution: Execution, parent: ActivityInstance) -> None:
        activity_id = execution.activity_id
        assert activity_id is not None
        if self.waiting.get(execution.id) == activity_id:
            element = self.spec.element(activity_id)
            parent.transitions.append(TransitionInstance(
                f"{activity_id}:{execution.id}", parent.id, activity_id, element.activity_type,
                element.name or "", execution.id, list(self.incidents.get((execution.id, activity_id), ()))))
        else:
            self._activity(execution, activity_id, parent)
