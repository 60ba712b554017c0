"""Rows of DMN decisions. Parsed decisions stay in immutable specs (server.engine.dmn.spec)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base


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
    # Days the history of an evaluation is kept (camunda:historyTimeToLive); None: unset. No
    # decision history is written yet: the value is kept for it.
    history_time_to_live: Mapped[int | None] = mapped_column(Integer)
