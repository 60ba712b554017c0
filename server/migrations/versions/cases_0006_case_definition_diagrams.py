"""cases: the diagram of a case definition (the image of its deployment that shows it)

Revision ID: cases_0006
Revises: cases_0005
Create Date: 2026-12-08 12:00:00.000000

Case definitions get a column, ``diagram_resource_name``: the name of the image of the definition's
own deployment that is its diagram, as the deployment settles it from now on
(server.engine.diagrams). Definitions deployed before are filled in from their deployments' stored
resources by the same rule — for each of png, jpg, gif, svg in turn, ``<file>.<key>.<suffix>`` then
``<file>.<suffix>``, ``<file>`` the definition's resource name without its .cmmn or .cmmn11.xml
suffix, names compared exactly — and keep none when their deployment holds no such image.
Deployments made before this revision could carry no image (a deployment refused every file but a
definition's), so on a database this server wrote the filling in finds none; it serves data written
otherwise.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "cases_0006"
down_revision = "cases_0005"
branch_labels = None
depends_on = None

_TABLES = ("case_definitions",)
_FILE_SUFFIXES = (".cmmn", ".cmmn11.xml")
_DIAGRAM_SUFFIXES = ("png", "jpg", "gif", "svg")


def upgrade() -> None:
    for table in _TABLES:
        # ADD COLUMN, not a batch (which on SQLite would rebuild the table).
        op.add_column(table, sa.Column("diagram_resource_name", sa.String(length=255), nullable=True))
    bind = op.get_bind()
    images = _images(bind)
    for table in _TABLES:
        _fill_in(bind, table, images)


def _images(bind: sa.engine.Connection) -> dict[str, set[str]]:
    """Deployment id -> the names of its resources that may be a diagram."""
    resources = sa.table("deployment_resources", sa.column("deployment_id"), sa.column("name"))
    endings = tuple(f".{suffix}" for suffix in _DIAGRAM_SUFFIXES)
    found: dict[str, set[str]] = {}
    rows = bind.execute(sa.select(resources.c.deployment_id, resources.c.name).where(
        sa.or_(*(resources.c.name.like(f"%{ending}") for ending in endings))))
    for deployment_id, name in rows:
        if name.endswith(endings):  # LIKE ignores case on SQLite; the rule does not
            found.setdefault(deployment_id, set()).add(name)
    return found


def _fill_in(bind: sa.engine.Connection, table: str, images: dict[str, set[str]]) -> None:
    """The diagram of each definition of ``table`` whose deployment holds images."""
    definitions = sa.table(table, sa.column("id"), sa.column("key"), sa.column("deployment_id"),
                           sa.column("resource_name"), sa.column("diagram_resource_name"))
    for deployment_id in sorted(images):
        rows = bind.execute(sa.select(definitions.c.id, definitions.c.key, definitions.c.resource_name)
                            .where(definitions.c.deployment_id == deployment_id).order_by(definitions.c.id)).all()
        for definition_id, key, resource_name in rows:
            name = _diagram(resource_name, key, images[deployment_id])
            if name is not None:
                bind.execute(sa.update(definitions).where(definitions.c.id == definition_id)
                             .values(diagram_resource_name=name))


def _diagram(resource_name: str, key: str, names: set[str]) -> str | None:
    """As server.engine.diagrams.diagram_resource_name (a migration imports no application code)."""
    lowered = resource_name.lower()
    suffix = next((s for s in _FILE_SUFFIXES if lowered.endswith(s)), "")
    base = resource_name[:len(resource_name) - len(suffix)]
    for image in _DIAGRAM_SUFFIXES:
        for candidate in (f"{base}.{key}.{image}", f"{base}.{image}"):
            if candidate in names:
                return candidate
    return None


def downgrade() -> None:
    for table in reversed(_TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("diagram_resource_name")
