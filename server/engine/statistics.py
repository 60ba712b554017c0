"""Runtime statistics of process definitions and of their activities (the document's engine's
process instance and activity instance statistics): running instances, failed jobs and open
incidents per type. Each count is one grouped query, whatever the number of rows; nothing that
ended is counted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import ColumnElement, func, or_, select, union_all
from sqlalchemy.orm import Session

from server.engine import incidents
from server.engine.jobs import failed
from server.engine.definitions import READ, DefinitionRef, resolve
from server.engine.failure_models import Incident
from server.engine.models import Execution, Job, ProcessDefinition
from server.identity.service import Caller

IncidentCounting = Literal["all", "root"]


@dataclass(frozen=True)
class StatisticsOptions:
    """What to count beside the running instances. ``incident_type`` alone counts that type's
    incidents as ``incidents="all"`` would."""

    failed_jobs: bool = False
    incidents: IncidentCounting | None = None
    incident_type: str = ""

    @property
    def counts_incidents(self) -> bool:
        return self.incidents is not None or bool(self.incident_type)


@dataclass
class Counts:
    instances: int = 0
    failed_jobs: int = 0
    # Open incidents per incident type.
    incidents: dict[str, int] = field(default_factory=dict)


def definition_statistics(
    tx: Session, definitions: list[ProcessDefinition], options: StatisticsOptions
) -> list[Counts]:
    """ListProcessDefinitionStatistics: the counts of each definition, in the given order."""
    ids = [d.id for d in definitions]
    counts = {definition_id: Counts() for definition_id in ids}
    if not ids:
        return []
    # A running instance is its root execution, which goes when it ends: counting roots reads
    # running rows only, however much history the instances table keeps.
    for definition_id, n in tx.execute(
        select(Execution.process_definition_id, func.count())
        .where(Execution.process_definition_id.in_(ids), Execution.parent_id.is_(None))
        .group_by(Execution.process_definition_id)
    ):
        counts[definition_id].instances = n
    if options.failed_jobs:
        for definition_id, n in tx.execute(
            select(Job.process_definition_id, func.count())
            .where(Job.process_definition_id.in_(ids), failed())
            .group_by(Job.process_definition_id)
        ):
            counts[definition_id].failed_jobs = n
    if options.counts_incidents:
        for definition_id, incident_type, n in tx.execute(
            select(Incident.process_definition_id, Incident.incident_type, func.count())
            .where(Incident.process_definition_id.in_(ids), *_open_incidents(options))
            .group_by(Incident.process_definition_id, Incident.incident_type)
        ):
            counts[definition_id].incidents[incident_type] = n
    return [counts[definition_id] for definition_id in ids]


def activity_statistics(
    tx: Session, caller: Caller, ref: DefinitionRef, options: StatisticsOptions
) -> tuple[ProcessDefinition, list[tuple[str, Counts]]]:
    """GetActivityStatistics: the definition, and each of its activities with a running activity
    instance, a failed job or an open incident, ordered by activity id.

    An execution is an activity instance at its ``activity_id``; a scope execution also stands
    for the scope activity it was created for (an embedded subprocess, or an activity with
    boundary events, which is then its ``activity_id`` too and counts once; a multi-instance
    body, ``<activity id>#multiInstanceBody``, counts the running bodies, the activity itself
    their running instances). The scope execution of a process instance has no scope
    activity."""
    definition = resolve(tx, caller, ref, action=READ)
    by_activity: dict[str, Counts] = {}
    of_definition = Execution.process_definition_id == definition.id
    positions = union_all(
        select(Execution.activity_id.label("activity")).where(of_definition, Execution.activity_id.is_not(None)),
        select(Execution.scope_activity_id.label("activity")).where(
            of_definition, Execution.scope_activity_id.is_not(None),
            or_(Execution.activity_id.is_(None), Execution.activity_id != Execution.scope_activity_id),
        ),
    ).subquery()
    for activity_id, n in tx.execute(select(positions.c.activity, func.count()).group_by(positions.c.activity)):
        by_activity.setdefault(activity_id, Counts()).instances = n
    if options.failed_jobs:
        for activity_id, n in tx.execute(
            select(Job.activity_id, func.count())
            .where(Job.process_definition_id == definition.id, Job.activity_id.is_not(None), failed())
            .group_by(Job.activity_id)
        ):
            by_activity.setdefault(activity_id, Counts()).failed_jobs = n
    if options.counts_incidents:
        for activity_id, incident_type, n in tx.execute(
            select(Incident.activity_id, Incident.incident_type, func.count())
            .where(Incident.process_definition_id == definition.id, Incident.activity_id.is_not(None),
                   *_open_incidents(options))
            .group_by(Incident.activity_id, Incident.incident_type)
        ):
            by_activity.setdefault(activity_id, Counts()).incidents[incident_type] = n
    return definition, sorted(by_activity.items())


def _open_incidents(options: StatisticsOptions) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Incident.state == incidents.OPEN]
    if options.incidents == "root":  # the failure itself, not a copy up its call chain
        conditions.append(Incident.cause_incident_id == Incident.id)
    if options.incident_type:
        conditions.append(Incident.incident_type == options.incident_type)
    return conditions
