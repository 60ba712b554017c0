"""The directory objects an incident references, as immutable snapshots loaded in bulk.

``References`` is a per-transaction cache: validation resolves request ids through it and the
response expansion reuses what validation loaded, so a call reads each row at most once and a
page of incidents costs one query per kind of reference (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.errors import invalid_id
from server.identity.models import User
from server.ids import IdKind
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


_ARTIFACT_COLUMNS = (Artifact.id, Artifact.file_name, Artifact.file_type, Artifact.file_size, Artifact.incident_id,
                     Artifact.article_id, Artifact.created_date)


def artifact_from_row(row: Sequence[object]) -> ArtifactRef:
    return ArtifactRef(*row)  # type: ignore[arg-type]


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

    def load_users(self, keys: Iterable[int]) -> None:
        missing = {k for k in keys if k not in self.users}
        if not missing:
            return
        rows = self.tx.execute(
            select(User.id, User.display_name, User.full_name, User.email, User.state, User.created_date,
                   *_ARTIFACT_COLUMNS)
            .outerjoin(Artifact, Artifact.id == User.display_picture_id)
            .where(User.id.in_(missing))
        ).all()
        for row in rows:
            picture = artifact_from_row(row[6:]) if row[6] is not None else None
            self.users[row[0]] = UserRef(row[0], row[1], row[2] or "", row[3] or "", row[4], picture, row[5])

    def load_artifacts(self, keys: Iterable[int], *, for_update: bool = False) -> None:
        missing = {k for k in keys if k not in self.artifacts} if not for_update else set(keys)
        if not missing:
            return
        query = select(*_ARTIFACT_COLUMNS).where(Artifact.id.in_(missing))
        if for_update:
            query = query.with_for_update()
        for row in self.tx.execute(query).all():
            self.artifacts[row[0]] = artifact_from_row(row)

    def load_parts(self, keys: Iterable[int]) -> None:
        missing = {k for k in keys if k not in self.parts}
        if not missing:
            return
        owners: dict[int, list[tuple[int, int]]] = {k: [] for k in missing}
        for part_id, user_id, position in self.tx.execute(
            select(PartOwner.part_id, PartOwner.user_id, PartOwner.position).where(PartOwner.part_id.in_(missing))
        ):
            owners[part_id].append((position, user_id))
        for row in self.tx.execute(
            select(Part.id, Part.type, Part.name, Part.description, Part.external_reference, Part.origin_system,
                   Part.created_date).where(Part.id.in_(missing))
        ):
            owner_ids = tuple(u for _, u in sorted(owners[row[0]]))
            self.parts[row[0]] = PartRef(row[0], row[1], row[2], owner_ids, row[3], row[4], row[5], row[6])

    def load_articles(self, keys: Iterable[int]) -> None:
        missing = {k for k in keys if k not in self.articles}
        if not missing:
            return
        attached: dict[int, list[int]] = {k: [] for k in missing}
        for row in self.tx.execute(
            select(*_ARTIFACT_COLUMNS).where(Artifact.article_id.in_(missing)).order_by(Artifact.id)
        ):
            artifact = artifact_from_row(row)
            self.artifacts[artifact.id] = artifact
            attached[artifact.article_id].append(artifact.id)  # type: ignore[index]
        for row in self.tx.execute(
            select(Article.id, Article.title, Article.article_type, Article.url, Article.external_reference,
                   Article.origin_system, Article.created_date).where(Article.id.in_(missing))
        ):
            self.articles[row[0]] = ArticleRef(row[0], row[1], row[2], row[3], tuple(attached[row[0]]), row[4],
                                               row[5], row[6])

    def load_accounts(self, keys: Iterable[int]) -> None:
        missing = {k for k in keys if k not in self.accounts}
        if not missing:
            return
        for row in self.tx.execute(
            select(Account.id, Account.display_name, Account.description, Account.created_date)
            .where(Account.id.in_(missing))
        ):
            self.accounts[row[0]] = AccountRef(*row)

    def load_tags(self, keys: Iterable[int]) -> None:
        missing = {k for k in keys if k not in self.tags}
        if not missing:
            return
        for row in self.tx.execute(
            select(Tag.id, Tag.name, Tag.color, Tag.allowed_values, Tag.description, Tag.created_date)
            .where(Tag.id.in_(missing))
        ):
            allowed = tuple(row[3]) if row[3] is not None else None
            self.tags[row[0]] = TagRef(row[0], row[1], row[2], allowed, row[4], row[5])

    def load_sync_units(self, keys: Iterable[int]) -> None:
        missing = {k for k in keys if k not in self.sync_units}
        if not missing:
            return
        for row in self.tx.execute(
            select(SyncUnit.id, SyncUnit.name, SyncUnit.is_archived, SyncUnit.external_system_type,
                   SyncUnit.sync_type, SyncUnit.sync_run_mode, SyncUnit.sync_progress_state,
                   SyncUnit.external_sync_unit_name, SyncUnit.external_system_id, SyncUnit.external_system_name,
                   SyncUnit.created_date).where(SyncUnit.id.in_(missing))
        ):
            self.sync_units[row[0]] = SyncUnitRef(*row)

    # -- resolving request ids --------------------------------------------------------------

    def resolve(self, kind: str, values: Sequence[str], field: str) -> list[int]:
        """Row keys of ``values`` (DONs or display ids), duplicates dropped, order kept; a value
        that is malformed or names no row fails with INVALID_ID naming ``field[i]``."""
        id_kind, load, cache = self._kind(kind)
        keys = [id_kind.parse(value, f"{field}[{i}]") for i, value in enumerate(values)]
        load(keys)
        for i, key in enumerate(keys):
            if key not in cache:
                raise invalid_id(f"{field}[{i}]", values[i], id_kind.noun)
        return list(dict.fromkeys(keys))

    def resolve_one(self, kind: str, value: str, field: str) -> int:
        id_kind, load, cache = self._kind(kind)
        key = id_kind.parse(value, field)
        load([key])
        if key not in cache:
            raise invalid_id(field, value, id_kind.noun)
        return key

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
