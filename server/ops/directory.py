"""The directory: create, get and list the objects incidents reference (artifacts, parts,
articles, accounts, tags, sync units) and the users' display pictures and listing (by group or
tenant membership too: server.identity.memberships)."""

from __future__ import annotations

from typing import Any, Callable, Sequence, TypeVar

from sqlalchemy import bindparam, false, insert, select, update
from sqlalchemy.orm import Session

from server.clock import Clock
from server.errors import (
    AlreadyExists,
    FieldViolation,
    InvalidArgument,
    NotFound,
    check_length,
    invalid_enum_value,
    invalid_field,
    invalid_id,
    missing_required_field,
)
from server.identity import memberships
from server.identity.models import User
from server.identity.service import Caller
from server.ids import IdKind
from server.ops import ids
from server.ops.models import Account, Article, Artifact, IncidentTag, Part, PartOwner, SyncUnit, Tag
from server.ops.refs import (
    AccountRef,
    ArticleRef,
    ArtifactRef,
    PartRef,
    References,
    SyncUnitRef,
    TagRef,
    UserRef,
    run,
)

PART_TYPES = ("capability", "enhancement", "feature", "product")
ARTICLE_TYPES = ("article", "content_block", "page")
EXTERNAL_SYSTEM_TYPES = (
    "adaas", "confluence", "github", "hubspot", "jira", "jira_data_center", "linear", "rocketlane", "s3",
    "salesforce_sales", "salesforce_service", "servicenow", "zendesk",
)
SYNC_TYPES = ("manual", "periodic")
SYNC_RUN_MODES = ("initial", "sync_from_devrev", "sync_to_devrev")
SYNC_PROGRESS_STATES = (
    "completed", "delete_in_progress", "deleted", "deletion_error", "extract_attachments",
    "extract_attachments_error", "extraction", "extraction_error", "loading", "loading_attachments",
    "loading_attachments_error", "loading_error", "orchestration_error", "recipe_discovery",
    "recipe_discovery_error", "recipe_discovery_waiting_for_user_input", "starting", "transformation",
    "transformation_error",
)

T = TypeVar("T")


def _required(value: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise missing_required_field(field)
    return text


def _not_found(reason: str, kind: IdKind, key: int) -> NotFound:
    return NotFound(
        reason,
        f"no {kind.noun} {kind.don(key)}",
        metadata={"type": "not_found", "id": kind.don(key)},
    )


def _page(
    tx: Session, column: object, after: int, size: int, load: Callable[[list[int]], None], cache: dict[int, T],
    where: Sequence[Any] = (),
) -> tuple[list[T], int | None]:
    keys = list(tx.scalars(select(column).where(column > after, *where).order_by(column).limit(size + 1)))  # type: ignore[operator, arg-type]
    more = len(keys) > size
    keys = keys[:size]
    load(keys)
    return [cache[k] for k in keys], (keys[-1] if more else None)


def _check_sync_metadata(external_reference: str, origin_system: str, model: type[Part] | type[Article]) -> None:
    check_length("sync_metadata.external_reference", external_reference, model.external_reference)
    check_length("sync_metadata.origin_system", origin_system, model.origin_system)


# -- artifacts ------------------------------------------------------------------------------


def create_artifact(tx: Session, clock: Clock, *, file_name: str, file_type: str, file_size: int) -> ArtifactRef:
    name = _required(file_name, "file_name")
    check_length("file_name", name, Artifact.file_name)
    file_type = file_type.strip()
    check_length("file_type", file_type, Artifact.file_type)
    if file_size < 0:
        raise invalid_field("file_size", f"must not be negative (got {file_size})")
    key = tx.execute(
        insert(Artifact).values(file_name=name, file_type=file_type, file_size=file_size,
                                created_date=clock.now()).returning(Artifact.id)
    ).scalar_one()
    refs = References(tx)
    refs.load_artifacts([key])
    return refs.artifacts[key]


def get_artifact(tx: Session, key: int) -> ArtifactRef:
    refs = References(tx)
    refs.load_artifacts([key])
    if key not in refs.artifacts:
        raise _not_found("ARTIFACT_NOT_FOUND", ids.ARTIFACT, key)
    return refs.artifacts[key]


def list_artifacts(tx: Session, after: int, size: int) -> tuple[list[ArtifactRef], int | None]:
    refs = References(tx)
    return _page(tx, Artifact.id, after, size, refs.load_artifacts, refs.artifacts)


def artifact_already_attached(field: str, value: str, existing_parent: str) -> InvalidArgument:
    """DevRev's artifact_already_attached_to_a_parent. ``is_same`` is always false: naming a
    parent's own artifact again is not an error in Flowkeeper."""
    return InvalidArgument(
        "ARTIFACT_ALREADY_ATTACHED_TO_A_PARENT",
        f"{field}: artifact {value!r} is already attached to {existing_parent}",
        metadata={
            "type": "bad_request",
            "subtype": "artifact_already_attached_to_a_parent",
            "field_name": field,
            "existing_parent": existing_parent,
            "is_same": False,
        },
        field_violations=[FieldViolation(field, f"already attached to {existing_parent}",
                                         "ARTIFACT_ALREADY_ATTACHED_TO_A_PARENT")],
    )


def resolve_free_artifacts(
    refs: References, values: Sequence[str], field: str, *, incident_id: int | None = None
) -> list[int]:
    """Keys of artifacts that may be attached to ``incident_id`` (a new parent when None): each
    exists and has no parent or already this one. Rows are locked on PostgreSQL."""
    keys = [ids.ARTIFACT.parse(value, f"{field}[{i}]") for i, value in enumerate(values)]
    refs.load_artifacts(keys, for_update=True)
    for i, key in enumerate(keys):
        artifact = refs.artifacts.get(key)
        if artifact is None:
            raise invalid_id(f"{field}[{i}]", values[i], ids.ARTIFACT.noun)
        if incident_id is not None and artifact.incident_id == incident_id:
            continue
        parent = artifact.parent_don
        if parent is not None:
            raise artifact_already_attached(f"{field}[{i}]", values[i], parent)
    return list(dict.fromkeys(keys))


_ATTACH = (update(Artifact.__table__).where(Artifact.__table__.c.id.in_(bindparam("keys", expanding=True)))
           .values(incident_id=bindparam("parent_incident"), article_id=bindparam("parent_article")))


def attach_artifacts(tx: Session, keys: Sequence[int], *, incident_id: int | None = None,
                     article_id: int | None = None) -> None:
    """Make ``keys`` (checked free by resolve_free_artifacts, locked) children of one parent."""
    if keys:
        tx.connection().execute(_ATTACH, {"keys": list(keys), "parent_incident": incident_id, "parent_article": article_id})


# -- users (the identity context owns the rows; the directory adds pictures and the list) ---


def set_display_picture(tx: Session, user: User, value: str) -> None:
    if value:
        refs = References(tx)
        user.display_picture_id = refs.resolve_one("artifact", value, "display_picture_id")
        tx.flush()


def get_user_ref(tx: Session, key: int) -> UserRef:
    refs = References(tx)
    refs.load_users([key])
    if key not in refs.users:
        raise _not_found("USER_NOT_FOUND", ids.USER, key)
    return refs.users[key]


def list_users(tx: Session, caller: Caller, after: int, size: int, *, member_of_group: str = "",
               member_of_tenant: str = "") -> tuple[list[UserRef], int | None]:
    """ListUsers: the users after the key ``after``, of the group and the tenant when named (the
    tenant's own members; none of a tenant the caller does not have)."""
    where: list[Any] = []
    if member_of_group:
        where.append(User.id.in_(memberships.members_of_group(member_of_group)))
    if member_of_tenant:
        where.append(User.id.in_(memberships.members_of_tenant(member_of_tenant))
                     if caller.sees_tenant(member_of_tenant) else false())
    refs = References(tx)
    return _page(tx, User.id, after, size, refs.load_users, refs.users, where)


# -- parts ----------------------------------------------------------------------------------


def create_part(
    tx: Session,
    clock: Clock,
    actor_user_id: int,
    *,
    type: str,
    name: str,
    owned_by: Sequence[str],
    description: str = "",
    external_reference: str = "",
    origin_system: str = "",
) -> tuple[PartRef, References]:
    if not type:
        raise missing_required_field("type")
    if type not in PART_TYPES:
        raise invalid_enum_value("type", type, PART_TYPES)
    name = _required(name, "name")
    check_length("name", name, Part.name)
    _check_sync_metadata(external_reference, origin_system, Part)
    refs = References(tx)
    owners = refs.resolve("user", owned_by, "owned_by") if owned_by else [actor_user_id]
    key = tx.execute(
        insert(Part).values(type=type, name=name, description=description, external_reference=external_reference,
                            origin_system=origin_system, created_date=clock.now()).returning(Part.id)
    ).scalar_one()
    tx.execute(insert(PartOwner), [dict(part_id=key, user_id=u, position=i) for i, u in enumerate(owners)])
    refs.load_parts([key])
    refs.load_users(refs.parts[key].owner_ids)
    return refs.parts[key], refs


def get_part(tx: Session, key: int, part_type: str | None = None) -> tuple[PartRef, References]:
    """The part ``key``; NOT_FOUND also when it is not of ``part_type`` (the type its display
    id's prefix names, see ids.part_type_named)."""
    refs = References(tx)
    refs.load_parts([key])
    if key not in refs.parts:
        raise _not_found("PART_NOT_FOUND", ids.PART, key)
    if part_type not in (None, refs.parts[key].type):
        display = ids.part_display(key, part_type)  # type: ignore[arg-type]
        raise NotFound("PART_NOT_FOUND", f"no {part_type} {display}", metadata={"type": "not_found", "id": display})
    refs.load_users(refs.parts[key].owner_ids)
    return refs.parts[key], refs


def list_parts(tx: Session, after: int, size: int) -> tuple[list[PartRef], int | None, References]:
    refs = References(tx)
    parts, next_key = _page(tx, Part.id, after, size, refs.load_parts, refs.parts)
    refs.load_users(u for p in parts for u in p.owner_ids)
    return parts, next_key, refs


# -- articles -------------------------------------------------------------------------------


def create_article(
    tx: Session,
    clock: Clock,
    *,
    title: str,
    article_type: str,
    url: str,
    artifacts: Sequence[str],
    external_reference: str = "",
    origin_system: str = "",
) -> tuple[ArticleRef, References]:
    title = _required(title, "title")
    check_length("title", title, Article.title)
    check_length("resource.url", url, Article.url)
    _check_sync_metadata(external_reference, origin_system, Article)
    article_type = article_type or "article"
    if article_type not in ARTICLE_TYPES:
        raise invalid_enum_value("article_type", article_type, ARTICLE_TYPES)
    refs = References(tx)
    artifact_keys = resolve_free_artifacts(refs, artifacts, "resource.artifacts")
    key = tx.execute(
        insert(Article).values(title=title, article_type=article_type, url=url, external_reference=external_reference,
                               origin_system=origin_system, created_date=clock.now()).returning(Article.id)
    ).scalar_one()
    attach_artifacts(tx, artifact_keys, article_id=key)
    return get_article(tx, key)


def get_article(tx: Session, key: int) -> tuple[ArticleRef, References]:
    refs = References(tx)
    refs.load_articles([key])
    if key not in refs.articles:
        raise _not_found("ARTICLE_NOT_FOUND", ids.ARTICLE, key)
    return refs.articles[key], refs


def list_articles(tx: Session, after: int, size: int) -> tuple[list[ArticleRef], int | None, References]:
    refs = References(tx)
    articles, next_key = _page(tx, Article.id, after, size, refs.load_articles, refs.articles)
    return articles, next_key, refs


# -- accounts -------------------------------------------------------------------------------


def create_account(tx: Session, clock: Clock, *, display_name: str, description: str = "") -> AccountRef:
    name = _required(display_name, "display_name")
    check_length("display_name", name, Account.display_name)
    key = tx.execute(
        insert(Account).values(display_name=name, description=description, created_date=clock.now())
        .returning(Account.id)
    ).scalar_one()
    return get_account(tx, key)


def get_account(tx: Session, key: int) -> AccountRef:
    refs = References(tx)
    refs.load_accounts([key])
    if key not in refs.accounts:
        raise _not_found("ACCOUNT_NOT_FOUND", ids.ACCOUNT, key)
    return refs.accounts[key]


def list_accounts(tx: Session, after: int, size: int) -> tuple[list[AccountRef], int | None]:
    refs = References(tx)
    return _page(tx, Account.id, after, size, refs.load_accounts, refs.accounts)


# -- tags -----------------------------------------------------------------------------------


def create_tag(
    tx: Session, clock: Clock, *, name: str, color: str = "", allowed_values: Sequence[str] = (), description: str = ""
) -> TagRef:
    name = _required(name, "name")
    check_length("name", name, Tag.name)
    check_length("style_new.color", color, Tag.color)
    for i, value in enumerate(allowed_values):
        if not value.strip():
            raise invalid_field(f"allowed_values[{i}]", "must not be empty")
        if value in allowed_values[:i]:
            raise invalid_field(f"allowed_values[{i}]", f"repeats {value!r}")
        # Stored as JSON, but a value longer than an incident's tag value could never be given.
        check_length(f"allowed_values[{i}]", value, IncidentTag.value)
    if tx.scalar(select(Tag.id).where(Tag.name == name)) is not None:
        raise AlreadyExists("TAG_EXISTS", f"a tag named {name!r} exists",
                            metadata={"type": "conflict", "name": name})
    key = run(
        tx,
        insert(Tag).values(name=name, color=color, allowed_values=list(allowed_values) or None,
                           description=description, created_date=clock.now()).returning(Tag.id),
    ).scalar_one()  # type: ignore[attr-defined]
    return get_tag(tx, key)


def get_tag(tx: Session, key: int) -> TagRef:
    refs = References(tx)
    refs.load_tags([key])
    if key not in refs.tags:
        raise _not_found("TAG_NOT_FOUND", ids.TAG, key)
    return refs.tags[key]


def list_tags(tx: Session, after: int, size: int) -> tuple[list[TagRef], int | None]:
    refs = References(tx)
    return _page(tx, Tag.id, after, size, refs.load_tags, refs.tags)


# -- sync units -----------------------------------------------------------------------------


def create_sync_unit(
    tx: Session,
    clock: Clock,
    *,
    name: str,
    external_system_type: str,
    sync_type: str = "",
    is_archived: bool = False,
    sync_run_mode: str | None = None,
    sync_progress_state: str | None = None,
    external_sync_unit_name: str = "",
    external_system_id: str = "",
    external_system_name: str = "",
) -> SyncUnitRef:
    name = _required(name, "name")
    if not external_system_type:
        raise missing_required_field("external_system_type")
    check_length("name", name, SyncUnit.name)
    check_length("external_sync_unit_name", external_sync_unit_name, SyncUnit.external_sync_unit_name)
    check_length("external_system_id", external_system_id, SyncUnit.external_system_id)
    check_length("external_system_name", external_system_name, SyncUnit.external_system_name)
    key = tx.execute(
        insert(SyncUnit).values(
            name=name, is_archived=is_archived, external_system_type=external_system_type,
            sync_type=sync_type or "manual", sync_run_mode=sync_run_mode, sync_progress_state=sync_progress_state,
            external_sync_unit_name=external_sync_unit_name, external_system_id=external_system_id,
            external_system_name=external_system_name, created_date=clock.now(),
        ).returning(SyncUnit.id)
    ).scalar_one()
    return get_sync_unit(tx, key)


def get_sync_unit(tx: Session, key: int) -> SyncUnitRef:
    refs = References(tx)
    refs.load_sync_units([key])
    if key not in refs.sync_units:
        raise _not_found("SYNC_UNIT_NOT_FOUND", ids.SYNC_UNIT, key)
    return refs.sync_units[key]


def list_sync_units(tx: Session, after: int, size: int) -> tuple[list[SyncUnitRef], int | None]:
    refs = References(tx)
    return _page(tx, SyncUnit.id, after, size, refs.load_sync_units, refs.sync_units)
