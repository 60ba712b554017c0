"""Rows of groups of users (server.engine.groups): the document's engine's identity service's
groups and memberships. A membership names the directory's user by its row (server.identity),
so a query for a user's groups goes from the name tasks give (the user's display_name) through
the users' unique index."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base


class UserGroup(Base):
    """A group of users: an id of letters and digits, a name and a free type."""

    __tablename__ = "user_groups"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(255), index=True)
    type: Mapped[str | None] = mapped_column(String(255))


class UserGroupMember(Base):
    """One user's membership of one group; it goes with the group (DeleteGroup)."""

    __tablename__ = "user_group_members"

    group_id: Mapped[str] = mapped_column(ForeignKey("user_groups.id", ondelete="CASCADE"), primary_key=True)
    # The key leads with the group (its members); this index finds a user's groups.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
