"""history: an operation of the operation log has an annotation

Revision ID: history_0019
Revises: history_0018
Create Date: 2026-12-09 10:00:00.000000

Each entry of user_operations gets ``annotation`` (why the operation was done, the same on every
entry of the operation: given with ModifyProcessInstance and its many-instance calls, or set later
by SetUserOperationAnnotation), and an index on ``operation_id``, by which an annotation is set
on every entry of an operation. user_operations has partial indexes: the column is added in place
(no batch mode on SQLite), as batches_0001 adds batch_id.

The ModifyProcessInstance entries written before kept their annotation as a property
(``annotation``, its text as new_value): it moves to the new column of every entry of the
operation, and the property goes (the property's own entry when the operation has others, else
the entry stays without a property). The downgrade writes such properties back for the
ModifyProcessInstance operations that have an annotation, then drops the column and the index
(an annotation set on any other operation is lost).
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "history_0019"
down_revision = "history_0018"
branch_labels = None
depends_on = None

_TABLE = "user_operations"
_INDEX = "ix_user_operations_operation_id"
_MODIFY = "ModifyProcessInstance"


def upgrade() -> None:
    op.add_column(_TABLE, sa.Column("annotation", sa.Text(), nullable=True))
    op.create_index(_INDEX, _TABLE, ["operation_id"])
    bind = op.get_bind()
    # The annotation of each such operation onto each of its entries.
    bind.execute(sa.text(
        f"UPDATE {_TABLE} SET annotation = (SELECT a.new_value FROM {_TABLE} a"
        f" WHERE a.operation_id = {_TABLE}.operation_id AND a.operation_type = :modify"
        f" AND a.property = 'annotation')"
        f" WHERE operation_type = :modify AND operation_id IN"
        f" (SELECT operation_id FROM {_TABLE} WHERE operation_type = :modify AND property = 'annotation')"),
        {"modify": _MODIFY})
    # The property's entry goes where the operation has others (nrOfInstances, async) ...
    bind.execute(sa.text(
        f"DELETE FROM {_TABLE} WHERE operation_type = :modify AND property = 'annotation'"
        f" AND EXISTS (SELECT 1 FROM {_TABLE} o WHERE o.operation_id = {_TABLE}.operation_id"
        f" AND o.id <> {_TABLE}.id)"),
        {"modify": _MODIFY})
    # ... and stays, without a property, where it is the operation's only one.
    bind.execute(sa.text(
        f"UPDATE {_TABLE} SET property = NULL, org_value = NULL, new_value = NULL"
        f" WHERE operation_type = :modify AND property = 'annotation'"),
        {"modify": _MODIFY})


def downgrade() -> None:
    bind = op.get_bind()
    table = sa.Table(_TABLE, sa.MetaData(), autoload_with=bind)
    modify = table.c.operation_type == _MODIFY
    annotated = table.c.annotation.is_not(None)
    # ModifyProcessInstances' operations (their nrOfInstances entry): an annotation entry more.
    copies = []
    entries = sa.select(table).where(modify, annotated, table.c.property == "nrOfInstances").order_by(table.c.seq)
    for row in bind.execute(entries).mappings():
        copy = {k: v for k, v in row.items() if k not in ("seq", "annotation")}
        copies.append({**copy, "id": str(uuid.uuid4()), "property": "annotation", "org_value": None,
                       "new_value": row["annotation"]})
    if copies:
        bind.execute(sa.insert(table), copies)
    # ModifyProcessInstance's (one entry without a property): the property again.
    bind.execute(sa.update(table).where(modify, annotated, table.c.property.is_(None))
                 .values(property="annotation", new_value=table.c.annotation))
    op.drop_index(_INDEX, table_name=_TABLE)
    op.drop_column(_TABLE, "annotation")  # in place on SQLite too (3.35 and later): its partial indexes stay
