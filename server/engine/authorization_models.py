"""Rows of authorizations (server.engine.authorizations): the document's engine's authorization
service's store. An authorization names its user or group as plain text (no key: neither needs
to exist), and keeps its permissions as the document's engine keeps them, one integer of bits
(server.engine.authorizations holds each resource type's names and bits), so that a check is a
bitwise AND in SQL on both databases."""

from __future__ import annotations

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base


class Authorization(Base):
    """One authorization: its type (0 GLOBAL, 1 GRANT, 2 REVOKE), its user (``*`` when GLOBAL)
    or group, its resource (type code and id, ``*`` for all) and its permission bits (a REVOKE
    one keeps the bits it does not revoke, as the document's engine)."""

    __tablename__ = "authorizations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[int] = mapped_column(Integer)
    permissions: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[str | None] = mapped_column(String(255))
    group_id: Mapped[str | None] = mapped_column(String(255))
    resource_type: Mapped[int] = mapped_column(Integer)
    resource_id: Mapped[str] = mapped_column(String(255))

    # The document's engine's unique keys (a NULL user or group never clashes): one
    # authorization per type, user or group, and resource. They lead with the owner, the check's
    # and the read filter's way in.
    __table_args__ = (
        Index("uq_authorizations_user", "user_id", "type", "resource_type", "resource_id", unique=True),
        Index("uq_authorizations_group", "group_id", "type", "resource_type", "resource_id", unique=True),
        Index("ix_authorizations_resource", "resource_type", "resource_id"),
    )
