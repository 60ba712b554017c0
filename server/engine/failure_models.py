"""Rows of the engine's failure handling: engine incidents, process steps, and the per-definition
setting that links engine incidents to the incident desk (flowkeeper.ops.v1).

Incidents and steps outlive their executions (their state records how they ended), so they
reference executions and instances by id, without foreign keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, JsonDocument, UtcDateTime

ID = String(64)
# Configuration is indexed with state and incident_type (failedJob / failedExternalTask
# incidents are found by it). PostgreSQL refuses a b-tree entry over 2704 bytes and a character
# takes up to 4 bytes in UTF-8, so the limit counts UTF-8 bytes: 1,000 of them, with at most
# 255 characters (1,020 bytes) of incident_type, keep every entry inside. The column's 1,000
# characters hold any such value.
MAX_CONFIGURATION_BYTES = 1000
MAX_ANNOTATION = 4000
MAX_INCIDENT_TYPE = 255


class Incident(Base):
    """A failure of a process instance at an activity (seed 000's incident object).

    A new incident is its own cause and root cause. When its instance was started by a call
    activity, each calling execution up the chain gets a copy whose cause is the incident one
    level down and whose root cause is the original."""

    __tablename__ = "engine_incidents"
    __table_args__ = (
        Index("ix_engine_incidents_state_type_configuration", "state", "incident_type", "configuration"),
        Index("ix_engine_incidents_timestamp_id", "incident_timestamp", "id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    incident_type: Mapped[str] = mapped_column(String(MAX_INCIDENT_TYPE))
    incident_message: Mapped[str | None] = mapped_column(Text)
    incident_timestamp: Mapped[datetime] = mapped_column(UtcDateTime)
    configuration: Mapped[str | None] = mapped_column(String(MAX_CONFIGURATION_BYTES))
    execution_id: Mapped[str | None] = mapped_column(ID, index=True)
    process_instance_id: Mapped[str | None] = mapped_column(ID, index=True)
    process_definition_id: Mapped[str | None] = mapped_column(String(255), index=True)
    process_definition_key: Mapped[str | None] = mapped_column(String(255))
    activity_id: Mapped[str | None] = mapped_column(String(255))
    failed_activity_id: Mapped[str | None] = mapped_column(String(255))
    cause_incident_id: Mapped[str | None] = mapped_column(ID, index=True)
    root_cause_incident_id: Mapped[str | None] = mapped_column(ID, index=True)
    tenant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    job_definition_id: Mapped[str | None] = mapped_column(ID)
    annotation: Mapped[str | None] = mapped_column(String(MAX_ANNOTATION))
    # OPEN, RESOLVED (resolved by an operator, raised retries or a restarted step) or DELETED
    # (its execution was removed: the instance ended or was cancelled, the activity interrupted).
    state: Mapped[str] = mapped_column(String(16))
    end_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The incident desk's incident this one opened (ops incidents.id), if any.
    desk_incident_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # Why no desk incident could be opened although a link is configured (e.g. an owner was removed).
    desk_link_error: Mapped[str | None] = mapped_column(Text)


class ProcessStep(Base):
    """An activity instance that does work (seed 004): an external task, a job (asynchronous
    continuation, or a timer that failed) or a call activity."""

    __tablename__ = "process_steps"
    __table_args__ = (
        Index("ix_process_steps_instance_state", "process_instance_id", "state", "created_time", "id"),
        Index("ix_process_steps_execution_state", "execution_id", "state"),
        # ListProcessSteps by state alone ("what failed?").
        Index("ix_process_steps_state_created", "state", "created_time", "id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    process_instance_id: Mapped[str] = mapped_column(ID)
    process_definition_id: Mapped[str] = mapped_column(String(255))
    execution_id: Mapped[str] = mapped_column(ID)
    activity_id: Mapped[str] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    # EXTERNAL_TASK, JOB, CALL_ACTIVITY
    kind: Mapped[str] = mapped_column(String(16))
    # The external task, the job, or the called process instance.
    subject_id: Mapped[str] = mapped_column(ID, index=True)
    # PENDING, STARTED, COMPLETED, FAILED, CANCELED
    state: Mapped[str] = mapped_column(String(16))
    # The typed input given by the latest RestartFailedStep: {name: {"type": ..., "value": ...}}.
    params: Mapped[dict | None] = mapped_column(JsonDocument)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # The open incident of the step's failure (or, for a call activity, the copy of the called
    # instance's incident).
    incident_id: Mapped[str | None] = mapped_column(ID)
    created_time: Mapped[datetime] = mapped_column(UtcDateTime)
    start_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    failed_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    end_time: Mapped[datetime | None] = mapped_column(UtcDateTime)


class IncidentDeskLink(Base):
    """Which engine incidents of a process (definition key and tenant, every version) open an
    incident on the incident desk, and how that incident is filed."""

    __tablename__ = "engine_incident_desk_links"

    process_definition_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    # tenant_id or "" (a primary key column cannot be NULL).
    tenant_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    severity: Mapped[int | None] = mapped_column(Integer)
    # Public ids (DONs) of desk users and parts.
    owned_by: Mapped[list | None] = mapped_column(JsonDocument)
    applies_to_parts: Mapped[list | None] = mapped_column(JsonDocument)
    # Incident types that open a desk incident; empty: every type.
    incident_types: Mapped[list | None] = mapped_column(JsonDocument)
    modified_by_id: Mapped[int] = mapped_column(Integer)
    modified_time: Mapped[datetime] = mapped_column(UtcDateTime)
