"""The directory objects an incident references, as immutable snapshots loaded in bulk.

``References`` is a per-transaction cache: validation resolves request ids through it and the
response expansion reuses what validation loaded, so a call reads each row at most once and a
page of incidents costs one query per kind of reference (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server.errors import invalid_id
from server.fastsql import Prepared
from server.identity.models import User
from server.ids import IdKind, storable
from server.ops import ids
from server.ops.models import Account, Article, Artifact, Part, PartOwner, SyncUnit, Tag


@dataclass(frozen=True)
class ArtifactRef:
    id: int
    file_name: str
    file_type: str
    file_size: int
    incident_id: int | None
    article_id: int | None
    created_date: datetime

    @property
    def parent_don(self) -> str | None:
        if self.incident_id is not None:
            return ids.INCIDENT.don(self.incident_id)
        if self.article_id is not None:
            return ids.ARTICLE.don(self.article_id)
        return None


@dataclass(frozen=True)
class UserRef:
    id: int
    display_name: str
    full_name: str
    email: str
    state: str
    picture: ArtifactRef | None
    created_date: datetime


@dataclass(frozen=True)
class PartRef:
    id: int
    type: str
    name: str
    owner_ids: tuple[int, ...]
    description: str
    external_reference: str
    origin_system: str
    created_date: datetime


@dataclass(frozen=True)
class ArticleRef:
    id: int
    title: str
    article_type: str
    url: str
    artifact_ids: tuple[int, ...]
    external_reference: str
    origin_system: str
    created_date: datetime


@dataclass(frozen=True)
class AccountRef:
    id: int
    display_name: str
    description: str
    created_date: datetime


@dataclass(frozen=True)
class TagRef:
    id: int
    name: str
    color: str
    allowed_values: tuple[str, ...] | None
    description: str
    created_date: datetime


@dataclass(frozen=True)
class SyncUnitRef:
    id: int
    name: str
    is_archived: bool
    external_system_type: str
    sync_type: str
    sync_run_mode: str | None
    sync_progress_state: str | None
    external_sync_unit_name: str
    external_system_id: str
    external_system_name: str
    created_date: datetime


_ARTIFACTS = Artifact.__table__.c
_ARTIFACT_COLUMNS = (_ARTIFACTS.id, _ARTIFACTS.file_name, _ARTIFACTS.file_type, _ARTIFACTS.file_size,
                     _ARTIFACTS.incident_id, _ARTIFACTS.article_id, _ARTIFACTS.created_date)


def artifact_from_row(row: Sequence[object]) -> ArtifactRef:
    return ArtifactRef(*row)  # type: ignore[arg-type]


def run(tx: Session, statement: Any, params: Any = None) -> Any:
    """Execute a Core statement on the transaction's connection (no ORM layer in between).
    Hot statements are built once at import: SQLAlchemy then memoises their cache keys; the
    hottest are ``Prepared`` (server.fastsql) and skip SQLAlchemy's execution pipeline."""
    if isinstance(statement, Prepared):
        return statement.execute(tx, params)
    return tx.connection().execute(statement, params)


def _keys() -> Any:
    return bindparam("keys", expanding=True)


_USERS = User.__table__.c
_LOAD_USERS = (
    select(_USERS.id, _USERS.display_name, _USERS.full_name, _USERS.email, _USERS.state, _USERS.created_date,
           *_ARTIFACT_COLUMNS)
    .select_from(User.__table__.outerjoin(Artifact.__table__, _ARTIFACTS.id == _USERS.display_picture_id))
    .where(_USERS.id.in_(_keys()))
)
_LOAD_ARTIFACTS = select(*_ARTIFACT_COLUMNS).where(_ARTIFACTS.id.in_(_keys()))
# In id order, whatever order a request names them in: two calls naming the same artifacts
# take their locks in one order, and the second waits instead of deadlocking.
_LOCK_ARTIFACTS = _LOAD_ARTIFACTS.order_by(_ARTIFACTS.id).with_for_update()
_PARTS = Part.__table__.c
_LOAD_PART_OWNERS = select(PartOwner.__table__.c.part_id, PartOwner.__table__.c.user_id,
                           PartOwner.__table__.c.position).where(PartOwner.__table__.c.part_id.in_(_keys()))
_LOAD_PARTS = select(_PARTS.id, _PARTS.type, _PARTS.name, _PARTS.description, _PARTS.external_reference,
                     _PARTS.origin_system, _PARTS.created_date).where(_PARTS.id.in_(_keys()))
_ARTICLES = Article.__table__.c
_LOAD_ARTICLE_ARTIFACTS = select(*_ARTIFACT_COLUMNS).where(_ARTIFACTS.article_id.in_(_keys())).order_by(_ARTIFACTS.id)
_LOAD_ARTICLES = select(_ARTICLES.id, _ARTICLES.title, _ARTICLES.article_type, _ARTICLES.url,
                        _ARTICLES.external_reference, _ARTICLES.origin_system,
                        _ARTICLES.created_date).where(_ARTICLES.id.in_(_keys()))
_ACCOUNTS = Account.__table__.c
_LOAD_ACCOUNTS = select(_ACCOUNTS.id, _ACCOUNTS.display_name, _ACCOUNTS.description,
                        _ACCOUNTS.created_date).where(_ACCOUNTS.id.in_(_keys()))
_TAGS = Tag.__table__.c
_LOAD_TAGS = select(_TAGS.id, _TAGS.name, _TAGS.color, _TAGS.allowed_values, _TAGS.description,
                    _TAGS.created_date).where(_TAGS.id.in_(_keys()))
_UNITS = SyncUnit.__table__.c
_LOAD_SYNC_UNITS = select(_UNITS.id, _UNITS.name, _UNITS.is_archived, _UNITS.external_system_type, _UNITS.sync_type,
                          _UNITS.sync_run_mode, _UNITS.sync_progress_state, _UNITS.external_sync_unit_name,
                          _UNITS.external_system_id, _UNITS.external_system_name,
                          _UNITS.created_date).where(_UNITS.id.in_(_keys()))

# Every incident read and write runs these: prepared, they skip SQLAlchemy's execution pipeline.
(_LOAD_USERS, _LOAD_ARTIFACTS, _LOCK_ARTIFACTS, _LOAD_PART_OWNERS, _LOAD_PARTS, _LOAD_ARTICLE_ARTIFACTS,
 _LOAD_ARTICLES, _LOAD_ACCOUNTS, _LOAD_TAGS, _LOAD_SYNC_UNITS) = (
    Prepared(statement) for statement in (
        _LOAD_USERS, _LOAD_ARTIFACTS, _LOCK_ARTIFACTS, _LOAD_PART_OWNERS, _LOAD_PARTS, _LOAD_ARTICLE_ARTIFACTS,
        _LOAD_ARTICLES, _LOAD_ACCOUNTS, _LOAD_TAGS, _LOAD_SYNC_UNITS)
)


class References:
    """Bulk loader and cache of directory snapshots for one transaction."""

    def __init__(self, tx: Session) -> None:
        self.tx = tx
        self.users: dict[int, UserRef] = {}
        self.parts: dict[int, PartRef] = {}
        self.articles: dict[int, ArticleRef] = {}
        self.artifacts: dict[int, ArtifactRef] = {}
        self.accounts: dict[int, AccountRef] = {}
        self.tags: dict[int, TagRef] = {}
        self.sync_units: dict[int, SyncUnitRef] = {}

    # -- bulk loads (only the keys not cached yet) ----------------------------------------

    def _rows(self, statement: Any, keys: Iterable[int], cache: dict[int, Any]) -> list[Any]:
        missing = [k for k in storable(set(keys)) if k not in cache]
        return run(self.tx, statement, {"keys": missing}).all() if missing else []

    def load_users(self, keys: Iterable[int]) -> None:
        for row in self._rows(_LOAD_USERS, keys, self.users):
            picture = artifact_from_row(row[6:]) if row[6] is not None else None
            self.users[row[0]] = UserRef(row[0], row[1], row[2] or "", row[3] or "", row[4], picture, row[5])

    def load_artifacts(self, keys: Iterable[int], *, for_update: bool = False) -> None:
        if for_update:  # read again, and lock, even when cached
            keys = storable(set(keys))
            rows = run(self.tx, _LOCK_ARTIFACTS, {"keys": keys}).all() if keys else []
        else:
            rows = self._rows(_LOAD_ARTIFACTS, keys, self.artifacts)
        for row in rows:
            self.artifacts[row[0]] = artifact_from_row(row)

    def load_parts(self, keys: Iterable[int]) -> None:
        missing = [k for k in storable(set(keys)) if k not in self.parts]
        if not missing:
            return
        owners: dict[int, list[tuple[int, int]]] = {k: [] for k in missing}
        for part_id, user_id, position in run(self.tx, _LOAD_PART_OWNERS, {"keys": missing}):
            owners[part_id].append((position, user_id))
        for row in run(self.tx, _LOAD_PARTS, {"keys": missing}):
            owner_ids = tuple(u for _, u in sorted(owners[row[0]]))
            self.parts[row[0]] = PartRef(row[0], row[1], row[2], owner_ids, row[3], row[4], row[5], row[6])

    def load_articles(self, keys: Iterable[int]) -> None:
        missing = [k for k in storable(set(keys)) if k not in self.articles]
        if not missing:
            return
        attached: dict[int, list[int]] = {k: [] for k in missing}
        for row in run(self.tx, _LOAD_ARTICLE_ARTIFACTS, {"keys": missing}):
            artifact = artifact_from_row(row)
            self.artifacts[artifact.id] = artifact
            attached[artifact.article_id].append(artifact.id)  # type: ignore[index]
        for row in run(self.tx, _LOAD_ARTICLES, {"keys": missing}):
            self.articles[row[0]] = ArticleRef(row[0], row[1], row[2], row[3], tuple(attached[row[0]]), row[4],
                                               row[5], row[6])

    def load_accounts(self, keys: Iterable[int]) -> None:
        for row in self._rows(_LOAD_ACCOUNTS, keys, self.accounts):
            self.accounts[row[0]] = AccountRef(*row)

    def load_tags(self, keys: Iterable[int]) -> None:
        for row in self._rows(_LOAD_TAGS, keys, self.tags):
            allowed = tuple(row[3]) if row[3] is not None else None
            self.tags[row[0]] = TagRef(row[0], row[1], row[2], allowed, row[4], row[5])

    def load_sync_units(self, keys: Iterable[int]) -> None:
        for row in self._rows(_LOAD_SYNC_UNITS, keys, self.sync_units):
            self.sync_units[row[0]] = SyncUnitRef(*row)

    # -- resolving request ids --------------------------------------------------------------

    def resolve(self, kind: str, values: Sequence[str], field: str, *, also: Iterable[int] = ()) -> list[int]:
        """Row keys of ``values`` (DONs or display ids), duplicates dropped, order kept; a value
        that is malformed or names no row fails with INVALID_ID naming ``field[i]``. ``also``
        names rows of the same kind to load in the same query (e.g. the acting user)."""
        id_kind, load, cache = self._kind(kind)
        keys = [id_kind.parse(value, f"{field}[{i}]") for i, value in enumerate(values)]
        load([*keys, *also] if keys else keys)
        for i, key in enumerate(keys):
            if not self._names(kind, values[i], key, cache):
                raise invalid_id(f"{field}[{i}]", values[i], id_kind.noun)
        return list(dict.fromkeys(keys))

    def resolve_one(self, kind: str, value: str, field: str) -> int:
        id_kind, load, cache = self._kind(kind)
        key = id_kind.parse(value, field)
        load([key])
        if not self._names(kind, value, key, cache):
            raise invalid_id(field, value, id_kind.noun)
        return key

    @staticmethod
    def _names(kind: str, value: str, key: int, cache: dict[int, Any]) -> bool:
        """Whether ``value`` (parsed to ``key``) names a loaded row; a part's display id must
        carry its type's prefix (``PROD-1`` names no capability)."""
        if key not in cache:
            return False
        return kind != "part" or ids.part_type_named(value) in (None, cache[key].type)

    def _kind(self, kind: str) -> tuple[IdKind, Callable[[Iterable[int]], None], dict[int, Any]]:
        return {
            "user": (ids.USER, self.load_users, self.users),
            "part": (ids.PART, self.load_parts, self.parts),
            "article": (ids.ARTICLE, self.load_articles, self.articles),
            "artifact": (ids.ARTIFACT, self.load_artifacts, self.artifacts),
            "account": (ids.ACCOUNT, self.load_accounts, self.accounts),
            "tag": (ids.TAG, self.load_tags, self.tags),
            "sync_unit": (ids.SYNC_UNIT, self.load_sync_units, self.sync_units),
        }[kind]
