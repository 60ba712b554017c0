"""Where the two halves meet: an engine incident opens an incident on the incident desk
(flowkeeper.ops.v1), and ending it moves that desk incident to ``mitigated``.

Which processes do this is a setting per process definition key and tenant (every version),
kept in ``engine_incident_desk_links`` and set by ``IncidentService.SetIncidentDeskLink``. The
setting of the failing instance's process wins; without one, the nearest calling process's
setting up the call chain applies. One desk incident stands for the whole chain (the root
incident and its copies all carry its id).

The desk incident says where it came from: source ``process engine``, reported by ``system``,
sync metadata with the engine incident's id (``external_record_id``, type ``engine_incident``,
origin system ``flowkeeper-engine``), and a body with the instance, activity and message. It is
created by the caller of the RPC that raised the incident when there is one, else by the desk
user ``process-engine``. Its ``request_id`` is ``engine-incident:<engine incident id>``, so a
retried unit of work never files it twice.

Filing happens in a savepoint: if the desk refuses (an owner or part was deleted since the
setting was saved), the engine incident still opens, with ``desk_link_error`` saying why."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.engine import incidents
from server.engine.failure_models import Incident, IncidentDeskLink
from server.engine.runtime import Runtime
from server.errors import DomainError, check_length, invalid_enum_value, missing_required_field
from server.identity.models import User
from server.identity.service import Caller
from server.ops import ids as ops_ids
from server.ops.incidents import (
    REPORTED_BY,
    SEVERITY,
    SOURCE,
    NewIncident,
    SyncMetadataInput,
    load_views,
    move_to_stage,
)
from server.ops.refs import References, run
from server.ops.stages import incident_diagram

log = logging.getLogger(__name__)

ENGINE_USER = "process-engine"
ORIGIN_SYSTEM = "flowkeeper-engine"
RECORD_TYPE = "engine_incident"
MITIGATED = "mitigated"
_SOURCE_ENGINE = next(k for k, v in SOURCE.items() if v == "process engine")
_REPORTED_BY_SYSTEM = next(k for k, v in REPORTED_BY.items() if v == "system")


@dataclass
class DeskLinkInput:
    process_definition_key: str
    tenant_id: str | None
    enabled: bool
    severity: int | None
    owned_by: list[str]
    applies_to_parts: list[str]
    incident_types: list[str]


def engine_user_id(tx: Session, clock: Clock) -> int:
    """The desk user that files and moves incidents the engine raises on its own."""
    key = tx.scalar(select(User.id).where(User.display_name == ENGINE_USER))
    if key is not None:
        return int(key)
    result = run(
        tx,
        insert(User.__table__).returning(User.__table__.c.id),
        {"display_name": ENGINE_USER, "full_name": "Process engine", "state": "active", "created_date": clock.now()},
    )
    return int(result.scalar_one())  # type: ignore[attr-defined]


# -- the setting ----------------------------------------------------------------------------


def get_link(tx: Session, caller: Caller, key: str, tenant_id: str | None) -> IncidentDeskLink | None:
    if not key:
        raise missing_required_field("process_definition_key")
    caller.require_tenant(tenant_id, "read the desk link of a process of this tenant")
    return tx.get(IncidentDeskLink, (key, tenant_id or ""))


def set_link(tx: Session, clock: Clock, caller: Caller, given: DeskLinkInput) -> IncidentDeskLink | None:
    """Saves (or, when not enabled, removes) the desk link of a process; owners and parts must
    exist on the desk. Returns the saved link, None when removed."""
    if not given.process_definition_key:
        raise missing_required_field("process_definition_key")
    check_length("process_definition_key", given.process_definition_key, IncidentDeskLink.process_definition_key)
    check_length("tenant_id", given.tenant_id, IncidentDeskLink.tenant_id)
    caller.require_tenant(given.tenant_id, "link the incidents of a process of this tenant to the desk")
    tenant_key = given.tenant_id or ""
    row = tx.get(IncidentDeskLink, (given.process_definition_key, tenant_key), with_for_update=True)
    if not given.enabled:
        if row is not None:
            tx.execute(delete(IncidentDeskLink).where(
                IncidentDeskLink.process_definition_key == given.process_definition_key,
                IncidentDeskLink.tenant_key == tenant_key,
            ))
        return None
    if given.severity is not None and given.severity not in SEVERITY:
        raise invalid_enum_value("severity", given.severity, SEVERITY)
    refs = References(tx)
    owners = [ops_ids.USER.don(k) for k in refs.resolve("user", given.owned_by, "owned_by")]
    parts = [ops_ids.PART.don(k) for k in refs.resolve("part", given.applies_to_parts, "applies_to_parts")]
    types = list(dict.fromkeys(t for t in given.incident_types if t))
    if row is None:
        row = IncidentDeskLink(process_definition_key=given.process_definition_key, tenant_key=tenant_key)
        tx.add(row)
    row.tenant_id = given.tenant_id or None
    row.severity = given.severity
    row.owned_by = owners
    row.applies_to_parts = parts
    row.incident_types = types
    row.modified_by_id = caller.user_id
    row.modified_time = clock.now()
    tx.flush()
    return row


# -- filing and mitigating ------------------------------------------------------------------


def _link_of(tx: Session, chain: list[Incident]) -> IncidentDeskLink | None:
    for incident in chain:
        if not incident.process_definition_key:
            continue
        link = tx.get(IncidentDeskLink, (incident.process_definition_key, incident.tenant_id or ""))
        if link is not None:
            return link
    return None


def _body(root: Incident) -> str:
    lines = [
        f"The process engine raised incident {root.id} of type {root.incident_type}.",
        "",
        f"- process: {root.process_definition_key} ({root.process_definition_id})",
        *([f"- process instance: {root.process_instance_id}", f"- execution: {root.execution_id}"]
          if root.execution_id else ["- process instance: none (the start event's job failed before one existed)"]),
        f"- activity: {root.failed_activity_id or root.activity_id}",
    ]
    if root.configuration:
        lines.append(f"- configuration: {root.configuration}")
    if root.tenant_id:
        lines.append(f"- tenant: {root.tenant_id}")
    if root.incident_message:
        lines += ["", root.incident_message]
    return "\n".join(lines)


def _raised(rt: Runtime, chain: list[Incident], actor_user_id: int | None, custom: bool) -> None:
    link = _link_of(rt.tx, chain)
    root = chain[0]
    if link is None or (link.incident_types and root.incident_type not in link.incident_types):
        return
    from server.ops.incidents import create_incident

    actor = actor_user_id if actor_user_id is not None else engine_user_id(rt.tx, rt.clock)
    title = f"{root.incident_type} at {root.failed_activity_id or root.activity_id} in {root.process_definition_key}"
    command = NewIncident(
        title=title[:512],
        body=_body(root),
        severity=link.severity,
        reported_by=_REPORTED_BY_SYSTEM,
        source=_SOURCE_ENGINE,
        identified_date=root.incident_timestamp,
        owned_by=list(link.owned_by or []),
        applies_to_parts=list(link.applies_to_parts or []),
        sync_metadata=SyncMetadataInput(
            external_record_id=root.id,
            external_record_type=RECORD_TYPE,
            external_reference=f"flowkeeper.engine.v1.IncidentService/GetIncident?id={root.id}",
            origin_system=ORIGIN_SYSTEM,
        ),
        request_id=f"engine-incident:{root.id}",
    )
    try:
        with rt.tx.begin_nested():
            view = create_incident(rt.tx, rt.clock, actor, command)
    except DomainError as error:
        log.warning("engine incident %s: the desk refused its incident: %s", root.id, error.message)
        root.desk_link_error = f"{error.reason}: {error.message}"
        return
    for incident in chain:
        incident.desk_incident_id = view.id
    rt.tx.flush()


def _closed(rt: Runtime, closed: list[Incident], state: str, actor_user_id: int | None) -> None:
    roots = [i for i in closed if i.desk_incident_id is not None and i.root_cause_incident_id in (None, i.id)]
    if not roots:
        return
    diagram = incident_diagram(rt.tx)
    target = diagram.named(MITIGATED)
    assert target is not None, "the default incident diagram has a mitigated stage"
    actor: int | None = actor_user_id
    for root in roots:
        key = root.desk_incident_id
        assert key is not None
        view = load_views(rt.tx, [key]).get(key)
        if view is None or view.deleted_date is not None:
            continue
        stage = diagram.stage(view.stage_id)
        if stage.id == target.id or stage.state.is_final:
            continue  # already mitigated, or closed by the desk's own people
        if actor is None:
            actor = engine_user_id(rt.tx, rt.clock)
        verb = "resolved" if state == incidents.RESOLVED else "deleted (its execution was removed)"
        move_to_stage(
            rt.tx, rt.clock, actor, key, MITIGATED,
            notes=f"engine incident {root.id} ({root.incident_type}) {verb}",
            # From triage the diagram has no edge to mitigated; the engine's fix is the evidence.
            allow_invalid_transition=(stage.id, target.id) not in diagram.transitions,
        )


incidents.HOOKS.raised.append(_raised)
incidents.HOOKS.closed.append(_closed)
