"""Rows of CMMN cases. Parsed case definitions stay in immutable specs (server.engine.cmmn).

Variables of a case are ``Variable`` rows (scope_id = the case instance or case execution,
case_instance_id set); human tasks are ``Task`` rows with the case columns set."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, JsonDocument, UtcDateTime, sparse_index

ID = String(64)


class CaseDefinition(Base):
    """A deployed case; id ``key:version:uuid``, version counted per key and tenant."""

    __tablename__ = "case_definitions"
    __table_args__ = (UniqueConstraint("key", "tenant_key", "version"),)

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    # tenant_id or "" — NULLs are never equal, so uniqueness of versions needs a non-null key.
    tenant_key: Mapped[str] = mapped_column(String(64))
    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"), index=True)
    resource_name: Mapped[str] = mapped_column(String(255))
    # Days the history of a closed case instance is kept (camunda:historyTimeToLive); None:
    # until the deployment is deleted. See server.engine.history.
    history_time_to_live: Mapped[int | None] = mapped_column(Integer)
    # The targetNamespace of the CMMN file's <definitions> (the document's engine's category);
    # None when the file declares none.
    category: Mapped[str | None] = mapped_column(String(255))
    # The image of its deployment that is its diagram (server.engine.diagrams); None: none.
    diagram_resource_name: Mapped[str | None] = mapped_column(String(255))


class CaseInstance(Base):
    """The durable record of a case instance: ACTIVE, COMPLETED, TERMINATED or CLOSED. Its root
    case execution (the case plan model) has the same id and exists until the case is closed."""

    __tablename__ = "case_instances"
    # The history cleanup reads closed instances oldest first.
    __table_args__ = (sparse_index("case_instances", "close_time"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    case_definition_id: Mapped[str] = mapped_column(ForeignKey("case_definitions.id"), index=True)
    case_definition_key: Mapped[str] = mapped_column(String(255), index=True)
    business_key: Mapped[str | None] = mapped_column(String(255), index=True)
    tenant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    create_time: Mapped[datetime] = mapped_column(UtcDateTime)
    # When it completed or was terminated.
    end_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    close_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Set when a case task of another case created this instance.
    super_case_execution_id: Mapped[str | None] = mapped_column(ID, index=True)
    super_case_instance_id: Mapped[str | None] = mapped_column(ID, index=True)
    # The user whose call created it (CaseRuntime.create_user_id); None when that call served
    # no user, or it was created before cases_0004.
    create_user_id: Mapped[str | None] = mapped_column(String(255))


class CaseExecution(Base):
    """A plan item of a case instance (or, with the instance's id, its case plan model).

    Ended executions stay (COMPLETED, TERMINATED) until the case instance is closed: sentries
    read the transitions (``events``) their sources have performed."""

    __tablename__ = "case_executions"
    __table_args__ = (Index("ix_case_executions_instance_activity", "case_instance_id", "activity_id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    case_instance_id: Mapped[str] = mapped_column(ID)
    parent_id: Mapped[str | None] = mapped_column(ID, index=True)
    case_definition_id: Mapped[str] = mapped_column(String(255), index=True)
    case_definition_key: Mapped[str] = mapped_column(String(255), index=True)
    activity_id: Mapped[str] = mapped_column(String(255), index=True)
    activity_name: Mapped[str | None] = mapped_column(String(255))
    # casePlanModel, humanTask, task, processTask, caseTask, decisionTask, stage, milestone
    activity_type: Mapped[str] = mapped_column(String(32))
    # AVAILABLE, ENABLED, DISABLED, ACTIVE, COMPLETED, TERMINATED
    state: Mapped[str] = mapped_column(String(16), index=True)
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    # Depth-first document order of the plan item within its case (0: the case plan model).
    position: Mapped[int] = mapped_column(Integer)
    # How many instances of its plan item the case instance had before this one (a repetition
    # rule, or a repeated stage, creates more): with position, the order they were created in.
    instance_number: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    # The lifecycle transitions performed so far, in order (create, enable, start, complete, …).
    events: Mapped[list] = mapped_column(JsonDocument)  # type: ignore[type-arg]
    # An instance a repetition rule created: per sentry of its criteria, how often each of the
    # sentry's on-parts (then its variable on-parts) had occurred in its stage when the sentry
    # last fired for its plan item ({sentry id: [count, …]}); the sentry holds again only on
    # later occurrences. Also any instance whose criteria have variable on-parts: their counts
    # when it was created. None: since its stage started.
    sentry_baseline: Mapped[dict | None] = mapped_column(JsonDocument)  # type: ignore[type-arg]
    # An active stage or case plan model: how often each variable the case's variable on-parts
    # name, as seen from here, was created, updated or deleted since it began
    # ({name: {event: count}}); None: none was.
    variable_events: Mapped[dict | None] = mapped_column(JsonDocument)  # type: ignore[type-arg]
    business_key: Mapped[str | None] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64), index=True)
    create_time: Mapped[datetime] = mapped_column(UtcDateTime)
    end_time: Mapped[datetime | None] = mapped_column(UtcDateTime)


class HistoricCaseActivityInstance(Base):
    """A plan item of a case instance as the history keeps it (server.engine.cases.
    activity_log): the case execution's id, created with it, following its state and the work it
    issued, and kept when the case instance is closed (which removes the case executions). The
    case plan model has none. The history cleanup and a deployment's deletion remove it with its
    case instance."""

    __tablename__ = "historic_case_activity_instances"
    __table_args__ = (
        Index("ix_historic_case_activity_instances_case", "case_instance_id"),
        # QueryHistoricCaseActivityStatistics counts a case definition's plan item instances
        # per activity (migration history_0017).
        Index("ix_historic_case_activity_instances_definition", "case_definition_id", "activity_id"),
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    parent_id: Mapped[str] = mapped_column(ID)
    case_instance_id: Mapped[str] = mapped_column(ID)
    case_definition_id: Mapped[str] = mapped_column(String(255))
    activity_id: Mapped[str] = mapped_column(String(255))
    activity_name: Mapped[str | None] = mapped_column(String(255))
    activity_type: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    required: Mapped[bool] = mapped_column(Boolean)
    # Document order within the case: the default ordering's second key.
    position: Mapped[int] = mapped_column(Integer)
    task_id: Mapped[str | None] = mapped_column(ID)
    called_process_instance_id: Mapped[str | None] = mapped_column(ID)
    called_case_instance_id: Mapped[str | None] = mapped_column(ID)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    create_time: Mapped[datetime] = mapped_column(UtcDateTime)
    end_time: Mapped[datetime | None] = mapped_column(UtcDateTime)
