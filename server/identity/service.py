"""Bearer tokens: creation (only a hash is stored) and authentication of a call."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from server.clock import Clock
from server.db import Database
from server.errors import (
    AlreadyExists,
    NotFound,
    PermissionDenied,
    Unauthenticated,
    check_length,
    invalid_enum_value,
    missing_required_field,
)
from server.ids import USER
from server.identity import memberships
from server.identity.models import ApiToken, User

TOKEN_PREFIX = "fk_"


@dataclass(frozen=True)
class Caller:
    """The authenticated identity of one call. Its ``tenants`` are the token's own and those the
    user is a member of, directly or through a group (TenantService), as they were when the
    token was resolved."""

    user_id: int
    user_name: str
    token_id: int
    tenants: frozenset[str]
    is_admin: bool

    @property
    def rate_limit_key(self) -> str:
        return f"user:{self.user_id}"

    def sees_tenant(self, tenant_id: str | None) -> bool:
        """Admins see every tenant; others see untenanted resources and their own tenants."""
        return self.is_admin or tenant_id is None or tenant_id in self.tenants

    def visible_tenants(self) -> frozenset[str] | None:
        """None means no restriction (admin)."""
        return None if self.is_admin else self.tenants

    def tenant_conditions(self, tenant_column: ColumnElement[str | None]) -> list[ColumnElement[bool]]:
        """The WHERE conditions that keep a query to rows this caller sees (sees_tenant, in SQL):
        none for an admin, else untenanted rows and the caller's tenants'."""
        visible = self.visible_tenants()
        if visible is None:
            return []
        return [tenant_column.is_(None) | tenant_column.in_(visible)]

    def require_tenant(self, tenant_id: str | None, action: str) -> None:
        if not self.sees_tenant(tenant_id):
            raise PermissionDenied(
                "TENANT_NOT_GRANTED",
                f"the token is not granted tenant {tenant_id!r}, needed to {action}",
                metadata={"type": "forbidden", "tenant_id": tenant_id, "action": action},
            )

    def require_admin(self, action: str) -> None:
        if not self.is_admin:
            raise PermissionDenied(
                "ADMIN_REQUIRED",
                f"only an admin token may {action}",
                metadata={"type": "forbidden", "action": action},
            )


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_or_create_user(session: Session, clock: Clock, name: str) -> User:
    """The user named ``name``, created when missing (``flowkeeper token create --user``)."""
    if not name.strip():
        raise missing_required_field("display_name")
    check_length("display_name", name, User.display_name)
    user = session.scalar(select(User).where(User.display_name == name))
    if user is None:
        user = User(display_name=name, full_name=name, state="active", created_date=clock.now())
        session.add(user)
        session.flush()
    return user


def create_token(
    session: Session, clock: Clock, user: User, *, tenants: Iterable[str] = (), is_admin: bool = False
) -> str:
    """Make a new bearer token for ``user`` and return it; only its hash is kept."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            user_id=user.id,
            token_hash=hash_token(token),
            tenants=sorted(set(tenants)),
            is_admin=is_admin,
            created_date=clock.now(),
        )
    )
    session.flush()
    return token


def has_any_token(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(ApiToken)))


class Authenticator:
    """Resolves ``authorization: Bearer <token>`` to a Caller.

    Resolved tokens are cached for a few seconds per process; the database stays the truth, so
    every replica sees a revocation, and a change of the user's tenant or group memberships,
    within ``cache_seconds`` (``monotonic`` tells the time)."""

    def __init__(self, db: Database, cache_seconds: float = 10.0,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._db = db
        self._ttl = cache_seconds
        self._monotonic = monotonic
        self._cache: dict[str, tuple[float, Caller]] = {}
        self._lock = threading.Lock()

    def authenticate(self, authorization: str | None) -> Caller:
        if not authorization:
            raise Unauthenticated(
                "UNAUTHENTICATED",
                "missing authorization metadata; send 'authorization: Bearer <token>'",
                metadata={"type": "unauthenticated"},
            )
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated(
                "UNAUTHENTICATED",
                "authorization metadata must be 'Bearer <token>'",
                metadata={"type": "unauthenticated"},
            )
        digest = hash_token(token.strip())
        now = self._monotonic()
        with self._lock:
            hit = self._cache.get(digest)
        if hit is not None and hit[0] > now:
            return hit[1]
        caller = self._db.run(lambda s: _load_caller(s, digest), write=False)
        if caller is None:
            raise Unauthenticated(
                "UNAUTHENTICATED", "unknown or revoked token", metadata={"type": "unauthenticated"}
            )
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[digest] = (now + self._ttl, caller)
        return caller


def _load_caller(session: Session, digest: str) -> Caller | None:
    token = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == digest, ApiToken.revoked_date.is_(None))
    )
    if token is None or token.user.state != "active":
        return None
    tenants = set(token.tenants or ())
    if not token.is_admin:  # an admin sees every tenant: its memberships add nothing
        tenants.update(session.scalars(memberships.tenants_of_user(token.user_id)))
    return Caller(
        user_id=token.user_id,
        user_name=token.user.display_name,
        token_id=token.id,
        tenants=frozenset(tenants),
        is_admin=token.is_admin,
    )


USER_STATES = ("active", "deactivated", "deleted", "locked", "shadow", "unassigned")


def create_user(
    session: Session, clock: Clock, *, display_name: str, full_name: str = "", email: str = "", state: str = "active"
) -> User:
    name = display_name.strip()
    if not name:
        raise missing_required_field("display_name")
    check_length("display_name", name, User.display_name)
    check_length("full_name", full_name, User.full_name)
    check_length("email", email, User.email)
    if state not in USER_STATES:
        raise invalid_enum_value("state", state, USER_STATES)
    if session.scalar(select(User.id).where(User.display_name == name)) is not None:
        raise AlreadyExists(
            "USER_EXISTS", f"a user named {name!r} exists", metadata={"type": "conflict", "display_name": name}
        )
    user = User(display_name=name, full_name=full_name or None, email=email or None, state=state,
                created_date=clock.now())
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, user_id: int, field_name: str = "id") -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(
            "USER_NOT_FOUND",
            f"no user {USER.display(user_id)}",
            metadata={"type": "not_found", "id": USER.don(user_id), "field_name": field_name},
        )
    return user
