"""Rows of filters (server.engine.filters): saved task queries, as the document's engine's
filter resource keeps them."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from server.db import Base, JsonDocument
from server.engine.models import ID


class TaskFilter(Base):
    """A saved task query: its query as the API's JSON of QueryTasksRequest (without the page)
    and free properties for clients."""

    __tablename__ = "filters"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    # "Task": the one resource the document's engine filters.
    resource_type: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255), index=True)
    owner: Mapped[str | None] = mapped_column(String(255), index=True)
    query: Mapped[dict] = mapped_column(JsonDocument)
    properties: Mapped[dict] = mapped_column(JsonDocument)
