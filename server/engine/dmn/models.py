"""Rows of DMN decisions. Parsed decisions stay in immutable specs (server.engine.dmn.spec)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, UtcDateTime, sparse_index
from server.engine.models import ACTIVITY_INSTANCE_ID, ID, StoredValueColumns


class DecisionRequirementsDefinition(Base):
    """A deployed DMN file of more than one decision, as one definition (the document's engine's
    decision requirements definition): key the ``<definitions>`` id, name its name, category its
    namespace; id ``key:version:uuid``, version counted per key and tenant. It goes with its
    deployment, as its decisions do."""

    __tablename__ = "decision_requirements_definitions"
    __table_args__ = (UniqueConstraint("key", "tenant_key", "version"),)

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(255))
    category: Mapped[str | None] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    # tenant_id or "" (see DecisionDefinition.tenant_key).
    tenant_key: Mapped[str] = mapped_column(String(64))
    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"), index=True)
    resource_name: Mapped[str] = mapped_column(String(255))
    # The image of its deployment that is its diagram (server.engine.diagrams); None: none.
    diagram_resource_name: Mapped[str | None] = mapped_column(String(255))


class DecisionDefinition(Base):
    """A deployed decision (a decision table or a literal expression); id ``key:version:uuid``,
    version counted per key and tenant."""

    __tablename__ = "decision_definitions"
    __table_args__ = (UniqueConstraint("key", "tenant_key", "version"),)

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    # The DMN decision id.
    key: Mapped[str] = mapped_column(String(255), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(255))
    version_tag: Mapped[str | None] = mapped_column(String(255))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    # tenant_id or "" — NULLs are never equal, so uniqueness of versions needs a non-null key.
    tenant_key: Mapped[str] = mapped_column(String(64))
    deployment_id: Mapped[str] = mapped_column(ForeignKey("deployments.id", ondelete="CASCADE"), index=True)
    resource_name: Mapped[str] = mapped_column(String(255))
    # Days the history of a standalone evaluation is kept (camunda:historyTimeToLive), counted
    # from the evaluation; None: until the deployment is deleted.
    history_time_to_live: Mapped[int | None] = mapped_column(Integer)
    # The decision requirements definition of its file; None when the file holds it alone.
    decision_requirements_definition_id: Mapped[str | None] = mapped_column(String(255), index=True)
    decision_requirements_definition_key: Mapped[str | None] = mapped_column(String(255))
    # The image of its deployment that is its diagram (server.engine.diagrams): its own
    # (`<file>.<decision key>.png`) or its file's (`<file>.png`); None: none.
    diagram_resource_name: Mapped[str | None] = mapped_column(String(255))


class HistoricDecisionInstance(Base):
    """One evaluated decision (the document's engine's HistoricDecisionInstance), written in the
    transaction of the evaluation (server.engine.dmn.history): by EvaluateDecision, a business
    rule task or a case's decision task. A decision required by the one asked for has a row of
    its own whose ``root_decision_instance_id`` names the row of the one asked for (None there).
    Rows of a process or case instance go with it; the others by their decision definition's
    history time to live, counted from ``evaluation_time``."""

    __tablename__ = "historic_decision_instances"
    __table_args__ = (
        Index("ix_historic_decision_instances_evaluation_time", "evaluation_time"),
        sparse_index("historic_decision_instances", "process_instance_id"),
        sparse_index("historic_decision_instances", "case_instance_id"),
        sparse_index("historic_decision_instances", "root_decision_instance_id"),
        sparse_index("historic_decision_instances", "decision_requirements_definition_id",
                     name="ix_historic_decision_instances_drd_id"),  # PostgreSQL: 63 characters at most
    )

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    decision_definition_id: Mapped[str] = mapped_column(String(255), index=True)
    decision_definition_key: Mapped[str] = mapped_column(String(255))
    decision_definition_name: Mapped[str | None] = mapped_column(String(255))
    evaluation_time: Mapped[datetime] = mapped_column(UtcDateTime)
    process_definition_id: Mapped[str | None] = mapped_column(String(255))
    process_definition_key: Mapped[str | None] = mapped_column(String(255))
    process_instance_id: Mapped[str | None] = mapped_column(ID)
    root_process_instance_id: Mapped[str | None] = mapped_column(ID)
    case_definition_id: Mapped[str | None] = mapped_column(String(255))
    case_definition_key: Mapped[str | None] = mapped_column(String(255))
    case_instance_id: Mapped[str | None] = mapped_column(ID)
    activity_id: Mapped[str | None] = mapped_column(String(255))
    activity_instance_id: Mapped[str | None] = mapped_column(ACTIVITY_INSTANCE_ID)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    # The caller of EvaluateDecision (None for an evaluation inside a process or case).
    user_id: Mapped[str | None] = mapped_column(String(255))
    collect_result_value: Mapped[float | None] = mapped_column(Float)
    root_decision_instance_id: Mapped[str | None] = mapped_column(ID)
    # Its decision definition's (None when that has none).
    decision_requirements_definition_id: Mapped[str | None] = mapped_column(String(255))
    decision_requirements_definition_key: Mapped[str | None] = mapped_column(String(255))


class HistoricDecisionInput(StoredValueColumns, Base):
    """The value one input of a decision table gave in an evaluation; ``position``: the input's
    place in the table."""

    __tablename__ = "historic_decision_inputs"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    decision_instance_id: Mapped[str] = mapped_column(ID, index=True)
    position: Mapped[int] = mapped_column(Integer)
    clause_id: Mapped[str] = mapped_column(Text)
    clause_name: Mapped[str | None] = mapped_column(Text)
    create_time: Mapped[datetime] = mapped_column(UtcDateTime)


class HistoricDecisionOutput(StoredValueColumns, Base):
    """One output value of a rule the hit policy kept (``rule_order``: its place among them,
    from 1), or a literal expression's value (no clause, no rule); ``position``: its place in
    the evaluation's outputs."""

    __tablename__ = "historic_decision_outputs"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    decision_instance_id: Mapped[str] = mapped_column(ID, index=True)
    position: Mapped[int] = mapped_column(Integer)
    clause_id: Mapped[str | None] = mapped_column(Text)
    clause_name: Mapped[str | None] = mapped_column(Text)
    rule_id: Mapped[str | None] = mapped_column(Text)
    rule_order: Mapped[int | None] = mapped_column(Integer)
    variable_name: Mapped[str] = mapped_column(Text)
    create_time: Mapped[datetime] = mapped_column(UtcDateTime)
