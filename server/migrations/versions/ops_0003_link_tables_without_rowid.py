"""SQLite: an incident's link tables (owners, parts, articles, customers, tags) without rowid

Their primary key (incident, referenced row) is the table itself then, instead of a rowid table
plus a second b-tree for the key: one page fewer to write (and, with several server processes,
to read again) for each kind of reference an incident insert carries. PostgreSQL has no rowid
tables; nothing changes there.

Revision ID: ops_0003
Revises: ops_0002
"""

from __future__ import annotations

import re

from alembic import op
from sqlalchemy import text

revision = "ops_0003"
down_revision = "ops_0002"
branch_labels = None
depends_on = None

TABLES = ["incident_owners", "incident_parts", "incident_articles", "incident_customers", "incident_tags"]


def _rebuild(table: str, *, with_rowid: bool) -> None:
    """Copy ``table`` into a table of the same definition, with or without rowid, and swap them.
    No table refers to these, so dropping the old one checks no foreign key."""
    bind = op.get_bind()
    create = bind.execute(text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t"), {"t": table}).scalar_one()
    indexes = bind.execute(text("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
                                "AND sql IS NOT NULL"), {"t": table}).scalars().all()
    # SQLite keeps a renamed table's name quoted in its CREATE statement
    create, renamed = re.subn(rf'^CREATE TABLE "?{table}"? \(', f"CREATE TABLE {table}_rebuilt (", create.strip())
    assert renamed == 1, create
    create = create.removesuffix("WITHOUT ROWID").rstrip()
    op.execute(create if with_rowid else f"{create} WITHOUT ROWID")
    op.execute(f"INSERT INTO {table}_rebuilt SELECT * FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE {table}_rebuilt RENAME TO {table}")
    for index in indexes:
        op.execute(index)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            _rebuild(table, with_rowid=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            _rebuild(table, with_rowid=True)
