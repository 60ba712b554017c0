"""decisions: decision requirements definitions (a DMN file of more than one decision as one
definition), named by its decision definitions and their historic decision instances

Revision ID: decisions_0003
Revises: decisions_0002
Create Date: 2027-01-05 09:00:00.000000

Files deployed before this revision get their decision requirements definitions here: each DMN
resource of a deployment that holds more than one decision definition, read for the id, name
and namespace of its <definitions>, versioned per key and tenant in the order of deployment; its
decision definitions and their historic decision instances name it. A file whose <definitions>
has no id (the deployment did not need one then) gets none, and its rows stay without one.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ElementTree
from io import BytesIO

import sqlalchemy as sa
from alembic import op

revision = "decisions_0003"
down_revision = "decisions_0002"
branch_labels = None
depends_on = None

_TEXT = 255


_HISTORY_INDEX = "ix_historic_decision_instances_drd_id"  # the column's name would make it too long for PostgreSQL


def upgrade() -> None:
    op.create_table(
        "decision_requirements_definitions",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("category", sa.String(length=255), nullable=True),
        sa.Column("tenant_id", sa.String(length=64), nullable=True),
        sa.Column("tenant_key", sa.String(length=64), nullable=False),
        sa.Column("deployment_id", sa.String(length=64), nullable=False),
        sa.Column("resource_name", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(["deployment_id"], ["deployments.id"],
                                name=op.f("fk_decision_requirements_definitions_deployment_id_deployments"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_requirements_definitions")),
        sa.UniqueConstraint("key", "tenant_key", "version",
                            name=op.f("uq_decision_requirements_definitions_key_tenant_key_version")),
    )
    op.create_index(op.f("ix_decision_requirements_definitions_deployment_id"), "decision_requirements_definitions",
                    ["deployment_id"])
    op.create_index(op.f("ix_decision_requirements_definitions_key"), "decision_requirements_definitions", ["key"])
    for table in ("decision_definitions", "historic_decision_instances"):
        op.add_column(table, sa.Column("decision_requirements_definition_id", sa.String(length=255), nullable=True))
        op.add_column(table, sa.Column("decision_requirements_definition_key", sa.String(length=255), nullable=True))
    op.create_index(op.f("ix_decision_definitions_decision_requirements_definition_id"), "decision_definitions",
                    ["decision_requirements_definition_id"])
    where = sa.text("decision_requirements_definition_id IS NOT NULL")
    op.create_index(_HISTORY_INDEX, "historic_decision_instances", ["decision_requirements_definition_id"],
                    sqlite_where=where, postgresql_where=where)
    _backfill()


def _definitions_of(content: bytes) -> dict[str, str] | None:
    """The attributes of the file's root element (None: it cannot be read)."""
    try:
        _, root = next(ElementTree.iterparse(BytesIO(content), events=("start",)))
    except (ElementTree.ParseError, StopIteration):
        return None
    return dict(root.attrib)


def _backfill() -> None:
    conn = op.get_bind()
    files = conn.execute(sa.text(
        "SELECT d.deployment_id, d.resource_name, dep.tenant_id"
        " FROM decision_definitions d JOIN deployments dep ON dep.id = d.deployment_id"
        " GROUP BY d.deployment_id, d.resource_name, dep.tenant_id, dep.deployment_time"
        " HAVING COUNT(*) > 1"
        " ORDER BY dep.deployment_time, d.deployment_id, d.resource_name")).all()
    versions: dict[tuple[str, str], int] = {}
    for deployment_id, resource_name, tenant_id in files:
        content = conn.execute(sa.text(
            "SELECT content FROM deployment_resources WHERE deployment_id = :deployment_id AND name = :name"),
            {"deployment_id": deployment_id, "name": resource_name}).scalar()
        attributes = None if content is None else _definitions_of(bytes(content))
        key = ((attributes or {}).get("id") or "").strip()
        if not key or len(key) > _TEXT:
            continue
        name, category = attributes.get("name"), attributes.get("namespace")  # type: ignore[union-attr]
        tenant_key = tenant_id or ""
        version = versions[(key, tenant_key)] = versions.get((key, tenant_key), 0) + 1
        composed = f"{key}:{version}:{uuid.uuid4()}"
        definition_id = composed if len(composed) <= _TEXT else str(uuid.uuid4())
        conn.execute(sa.text(
            "INSERT INTO decision_requirements_definitions (id, key, version, name, category, tenant_id, tenant_key,"
            " deployment_id, resource_name) VALUES (:id, :key, :version, :name, :category, :tenant_id, :tenant_key,"
            " :deployment_id, :resource_name)"), {
            "id": definition_id, "key": key, "version": version,
            "name": name if name is not None and len(name) <= _TEXT else None,
            "category": category if category is not None and len(category) <= _TEXT else None,
            "tenant_id": tenant_id, "tenant_key": tenant_key, "deployment_id": deployment_id,
            "resource_name": resource_name})
        named = {"drd_id": definition_id, "drd_key": key, "deployment_id": deployment_id,
                 "resource_name": resource_name}
        conn.execute(sa.text(
            "UPDATE historic_decision_instances SET decision_requirements_definition_id = :drd_id,"
            " decision_requirements_definition_key = :drd_key WHERE decision_definition_id IN"
            " (SELECT id FROM decision_definitions WHERE deployment_id = :deployment_id"
            " AND resource_name = :resource_name)"), named)
        conn.execute(sa.text(
            "UPDATE decision_definitions SET decision_requirements_definition_id = :drd_id,"
            " decision_requirements_definition_key = :drd_key"
            " WHERE deployment_id = :deployment_id AND resource_name = :resource_name"), named)


def downgrade() -> None:
    op.drop_index(_HISTORY_INDEX, table_name="historic_decision_instances")
    op.drop_index(op.f("ix_decision_definitions_decision_requirements_definition_id"),
                  table_name="decision_definitions")
    for table in ("historic_decision_instances", "decision_definitions"):
        op.drop_column(table, "decision_requirements_definition_key")
        op.drop_column(table, "decision_requirements_definition_id")
    op.drop_index(op.f("ix_decision_requirements_definitions_key"), table_name="decision_requirements_definitions")
    op.drop_index(op.f("ix_decision_requirements_definitions_deployment_id"),
                  table_name="decision_requirements_definitions")
    op.drop_table("decision_requirements_definitions")
