"""incidents: the indexes of mostly-unset columns cover the set values only

Five date columns, source and subtype are unset for most incidents. A full index still takes an
entry for every insert (a page written per index at commit, and on SQLite with several server
processes the index's pages read again after another process wrote): CreateIncident wrote ~22
pages per commit before this, 14 after. Filters on these columns imply a set value and use the
new indexes; ListIncidents sorted by one of the dates reads the set values through the index and
the unset rows after (or before) them in id order.

Revision ID: ops_0002
Revises: ops_0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "ops_0002"
down_revision = "ops_0001"
branch_labels = None
depends_on = None

_DATES = ["target_close_date", "actual_close_date", "identified_date", "acknowledged_date", "mitigated_date"]
# (index, columns)
_INDEXES = [(f"ix_incidents_{column}_id", [column, "id"]) for column in _DATES] + [
    ("ix_incidents_source", ["source"]),
    ("ix_incidents_subtype", ["subtype"]),
]


def upgrade() -> None:
    for name, columns in _INDEXES:
        op.drop_index(name, table_name="incidents")
        condition = sa.text(f"{columns[0]} IS NOT NULL")
        op.create_index(name, "incidents", columns, sqlite_where=condition, postgresql_where=condition)


def downgrade() -> None:
    for name, columns in _INDEXES:
        op.drop_index(name, table_name="incidents")
        op.create_index(name, "incidents", columns)
