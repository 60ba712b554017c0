"""cases: the category of a case definition (the targetNamespace of its CMMN file's
<definitions>)

Revision ID: cases_0005
Revises: cases_0004
Create Date: 2027-01-12 09:00:00.000000

Case definitions deployed before this revision get theirs here, read from the stored CMMN file
that defines them: the targetNamespace attribute of its root element. A file that declares none,
cannot be read (any more), or whose namespace is longer than the column keeps none.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from io import BytesIO

import sqlalchemy as sa
from alembic import op

revision = "cases_0005"
down_revision = "cases_0004"
branch_labels = None
depends_on = None

_TEXT = 255


def upgrade() -> None:
    op.add_column("case_definitions", sa.Column("category", sa.String(length=255), nullable=True))
    _backfill()


def _target_namespace(content: bytes) -> str | None:
    """The targetNamespace of the file's root element (None: none, or the file cannot be read)."""
    try:
        _, root = next(ElementTree.iterparse(BytesIO(content), events=("start",)))
    except (ElementTree.ParseError, StopIteration):
        return None
    return root.attrib.get("targetNamespace")


def _backfill() -> None:
    conn = op.get_bind()
    files = conn.execute(sa.text(
        "SELECT DISTINCT deployment_id, resource_name FROM case_definitions"
        " ORDER BY deployment_id, resource_name")).all()
    for deployment_id, resource_name in files:
        content = conn.execute(sa.text(
            "SELECT content FROM deployment_resources WHERE deployment_id = :deployment_id AND name = :name"),
            {"deployment_id": deployment_id, "name": resource_name}).scalar()
        category = None if content is None else _target_namespace(bytes(content))
        if not category or len(category) > _TEXT:
            continue
        conn.execute(sa.text(
            "UPDATE case_definitions SET category = :category"
            " WHERE deployment_id = :deployment_id AND resource_name = :resource_name"),
            {"category": category, "deployment_id": deployment_id, "resource_name": resource_name})


def downgrade() -> None:
    with op.batch_alter_table("case_definitions") as batch_op:
        batch_op.drop_column("category")
