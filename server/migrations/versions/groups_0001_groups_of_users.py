"""groups: groups of users (GroupService) and what process definitions say of their starters

Revision ID: groups_0001
Revises: engine_0006
Create Date: 2026-12-08 10:00:00.000000

Groups and their members (users of the directory), for the candidate user of task queries;
process definitions' camunda:isStartableInTasklist (a column, true by default) and candidate
starters (camunda:candidateStarterUsers / camunda:candidateStarterGroups, a row each), for
ListProcessDefinitions. The parser read those attributes before but kept nothing, so the
definitions deployed earlier are filled in from their stored BPMN resources: each definition's
process element (by its key) in its resource, read with expat, every DTD feature refused as the
application's reader refuses them. A resource that cannot be read that way keeps the defaults
(startable, no starters); a starter name longer than 255 characters is left out (no user or
group can have it).
"""

from __future__ import annotations

from xml.parsers import expat

import sqlalchemy as sa
from alembic import op

revision = "groups_0001"
down_revision = "engine_0006"
branch_labels = ("groups",)
depends_on = None

_BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
_FALSE_WORDS = ("false", "disabled", "off", "inactive", "no")
_MAX_NAME = 255


def upgrade() -> None:
    op.create_table(
        "user_groups",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column("type", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_groups")),
    )
    op.create_index(op.f("ix_user_groups_name"), "user_groups", ["name"], unique=False)
    op.create_table(
        "user_group_members",
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["user_groups.id"], name=op.f("fk_user_group_members_group_id_user_groups"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_user_group_members_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("group_id", "user_id", name=op.f("pk_user_group_members")),
    )
    op.create_index(op.f("ix_user_group_members_user_id"), "user_group_members", ["user_id"], unique=False)
    op.create_table(
        "process_definition_starters",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("process_definition_id", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(["process_definition_id"], ["process_definitions.id"],
                                name="fk_process_definition_starters_definition",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_process_definition_starters")),
    )
    op.create_index("ix_process_definition_starters_kind_value", "process_definition_starters", ["kind", "value"],
                    unique=False)
    op.create_index(op.f("ix_process_definition_starters_process_definition_id"), "process_definition_starters",
                    ["process_definition_id"], unique=False)
    # ADD COLUMN, not a batch (which on SQLite would rebuild the table).
    op.add_column("process_definitions", sa.Column("startable_in_tasklist", sa.Boolean(), server_default=sa.true(),
                                                   nullable=False))
    _fill_in(op.get_bind())


def _fill_in(bind: sa.engine.Connection) -> None:
    """The settings of the definitions deployed before this revision, from their resources."""
    definitions = sa.table("process_definitions", sa.column("id"), sa.column("key"), sa.column("deployment_id"),
                           sa.column("resource_name"), sa.column("startable_in_tasklist", sa.Boolean()))
    resources = sa.table("deployment_resources", sa.column("deployment_id"), sa.column("name"),
                         sa.column("content", sa.LargeBinary()))
    starters = sa.table("process_definition_starters", sa.column("process_definition_id"), sa.column("kind"),
                        sa.column("value"))
    rows = bind.execute(
        sa.select(definitions.c.id, definitions.c.key, resources.c.content)
        .join(resources, sa.and_(resources.c.deployment_id == definitions.c.deployment_id,
                                 resources.c.name == definitions.c.resource_name))
        .order_by(definitions.c.id)
    ).all()
    for definition_id, key, content in rows:
        attributes = _process_attributes(bytes(content), key)
        if attributes is None:
            continue
        if (attributes.get("isStartableInTasklist") or "").strip().lower() in _FALSE_WORDS:
            bind.execute(sa.update(definitions).where(definitions.c.id == definition_id)
                         .values(startable_in_tasklist=False))
        named = [{"process_definition_id": definition_id, "kind": kind, "value": name}
                 for kind, attribute in (("user", "candidateStarterUsers"), ("group", "candidateStarterGroups"))
                 for name in _names(attributes.get(attribute))]
        if named:
            bind.execute(sa.insert(starters), named)


def _process_attributes(content: bytes, key: str) -> dict[str, str] | None:
    """The camunda: attributes of the process element whose id is ``key`` (None: not found, or
    the resource does not read)."""
    found: list[dict[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if not found and name == f"{_BPMN} process" and (attrs.get("id") or "").strip() == key:
            found.append({k.rpartition(" ")[2]: v for k, v in attrs.items() if k.startswith(f"{_CAMUNDA} ")})

    def refuse(*_args: object) -> None:
        raise ValueError("DTDs are refused")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    try:
        parser.Parse(content, True)
    except (expat.ExpatError, ValueError):
        return None
    return found[0] if found else None


def _names(raw: str | None) -> list[str]:
    """A candidate starter list's names (as server.engine.bpmn.parser.candidate_starters splits
    it), without those longer than the column."""
    if raw is None:
        return []
    names: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(raw):
        if ch == "{" and (depth or raw[i - 1:i] in ("$", "#")):
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
        elif ch == "," and not depth:
            names.append(raw[start:i].strip())
            start = i + 1
    names.append(raw[start:].strip())
    return [name for name in dict.fromkeys(names) if name and len(name) <= _MAX_NAME]


def downgrade() -> None:
    with op.batch_alter_table("process_definitions") as batch_op:
        batch_op.drop_column("startable_in_tasklist")
    op.drop_index(op.f("ix_process_definition_starters_process_definition_id"),
                  table_name="process_definition_starters")
    op.drop_index("ix_process_definition_starters_kind_value", table_name="process_definition_starters")
    op.drop_table("process_definition_starters")
    op.drop_index(op.f("ix_user_group_members_user_id"), table_name="user_group_members")
    op.drop_table("user_group_members")
    op.drop_index(op.f("ix_user_groups_name"), table_name="user_groups")
    op.drop_table("user_groups")
