"""variables: index text values by their first 200 characters, not whole

A PostgreSQL btree entry holds about 2.7 kB: a String variable longer than that (3,000
letters, or 950 CJK characters) failed its insert with "index row size exceeds btree maximum",
so StartProcessInstance, RestartFailedStep and every other call that stored one failed. The
index now holds the value's first 200 characters (at most 800 bytes); equality filters compare
that prefix and then the value.

Revision ID: engine_0003
Revises: engine_0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "engine_0003"
down_revision = "engine_0002"
branch_labels = None
depends_on = None

_NOT_NULL = sa.text("text_value IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_variables_name_text", table_name="variables")
    op.create_index("ix_variables_name_text", "variables", ["name", sa.text("substr(text_value, 1, 200)")],
                    sqlite_where=_NOT_NULL, postgresql_where=_NOT_NULL)


def downgrade() -> None:
    op.drop_index("ix_variables_name_text", table_name="variables")
    op.create_index("ix_variables_name_text", "variables", ["name", "text_value"],
                    sqlite_where=_NOT_NULL, postgresql_where=_NOT_NULL)
