"""The `flowkeeper` command: serve, token create, db upgrade."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import signal
import sys
import threading
from typing import Sequence

from server.config import DEFAULT_DATABASE_URL, DEFAULT_LISTEN, Config, env

log = logging.getLogger("flowkeeper")


def _database_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=env("database_url", DEFAULT_DATABASE_URL),
        help="SQLAlchemy URL: sqlite:///path.db (default ./flowkeeper.db) or postgresql://… "
        "(env FLOWKEEPER_DATABASE_URL)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="flowkeeper", description="Flowkeeper process orchestration server")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the gRPC server")
    serve.add_argument("--listen", default=env("listen", DEFAULT_LISTEN), help="HOST:PORT (env FLOWKEEPER_LISTEN)")
    _database_arg(serve)
    serve.add_argument("--workers", type=int, default=int(env("workers", "1") or 1),
                       help="server processes sharing the port (env FLOWKEEPER_WORKERS)")
    serve.add_argument("--threads", type=int, default=int(env("threads", "8") or 8),
                       help="RPC threads per process (env FLOWKEEPER_THREADS)")
    serve.add_argument("--tls-cert", default=env("tls_cert"), help="PEM certificate (env FLOWKEEPER_TLS_CERT)")
    serve.add_argument("--tls-key", default=env("tls_key"), help="PEM private key (env FLOWKEEPER_TLS_KEY)")
    serve.add_argument("--rate-limit", type=int, default=int(env("rate_limit", "120000") or 0),
                       help="calls per minute per identity, 0 = off (env FLOWKEEPER_RATE_LIMIT)")
    serve.add_argument("--max-page-size", type=int, default=int(env("max_page_size", "1000") or 1000),
                       help="largest page an offset-paged query returns (env FLOWKEEPER_MAX_PAGE_SIZE)")
    serve.add_argument("--grace", type=float, default=float(env("grace", "20") or 20),
                       help="seconds SIGTERM waits for in-flight calls (env FLOWKEEPER_GRACE)")
    serve.add_argument("--log-level", default=env("log_level", "INFO"))

    token = commands.add_parser("token", help="manage API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="print a new bearer token for a user")
    create.add_argument("--user", required=True, help="user display name (created if missing)")
    create.add_argument("--tenant", action="append", default=[], help="grant a tenant (repeatable)")
    create.add_argument("--admin", action="store_true", help="grant every tenant and admin rights")
    _database_arg(create)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_commands.add_parser("upgrade", help="apply pending migrations")
    _database_arg(upgrade)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(args, "log_level", "INFO").upper(),
        format="%(asctime)s %(process)d %(levelname)s %(name)s %(message)s",
    )
    if args.command == "serve":
        config = Config(
            listen=args.listen,
            database_url=args.database_url,
            workers=max(1, args.workers),
            threads=max(1, args.threads),
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            rate_limit_per_minute=args.rate_limit,
            max_page_size=args.max_page_size,
            grace_seconds=args.grace,
            log_level=args.log_level,
        )
        return serve(config)
    if args.command == "token":
        return _token_create(args)
    if args.command == "db":
        _upgrade(args.database_url)
        print("database is up to date")
        return 0
    return 2


def _upgrade(url: str) -> None:
    from server.db import Database
    from server.migrate import upgrade

    db = Database(url)
    try:
        upgrade(db)
    finally:
        db.dispose()


def _token_create(args: argparse.Namespace) -> int:
    from server.clock import SystemClock
    from server.db import Database
    from server.identity.service import create_token, get_or_create_user
    from server.migrate import upgrade

    db = Database(args.database_url)
    try:
        upgrade(db)
        clock = SystemClock()
        token = db.run(
            lambda s: create_token(
                s, clock, get_or_create_user(s, clock, args.user), tenants=args.tenant, is_admin=args.admin
            ),
            write=True,
        )
    finally:
        db.dispose()
    print(token)
    return 0


def _bootstrap(config: Config) -> None:
    """Migrate, and on an empty database create the first admin token and print it once."""
    from server.clock import SystemClock
    from server.db import Database
    from server.identity.service import create_token, get_or_create_user, has_any_token
    from server.migrate import upgrade

    db = Database(config.database_url)
    try:
        upgrade(db)
        clock = SystemClock()

        def first_token(session) -> str | None:  # type: ignore[no-untyped-def]
            if has_any_token(session):
                return None
            return create_token(session, clock, get_or_create_user(session, clock, "admin"), is_admin=True)

        token = db.run(first_token, write=True)
    finally:
        db.dispose()
    if token:
        print(f"Created the first admin token (shown once):\n  {token}\n"
              f"Use it as gRPC metadata: authorization: Bearer {token}", flush=True)


def serve(config: Config) -> int:
    _bootstrap(config)
    if config.workers == 1:
        return _serve_process(config)
    ctx = multiprocessing.get_context("spawn")
    children = [ctx.Process(target=_serve_process, args=(config,), name=f"worker-{i}") for i in range(config.workers)]
    for child in children:
        child.start()

    def forward(signum: int, _frame: object) -> None:
        for child in children:
            if child.pid is not None and child.is_alive():
                child.terminate()

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    for child in children:
        child.join()
    return 0 if all(child.exitcode == 0 for child in children) else 1


def _serve_process(config: Config) -> int:
    from server.app import create_server

    logging.basicConfig(
        level=config.log_level.upper(), format="%(asctime)s %(process)d %(levelname)s %(name)s %(message)s"
    )
    running = create_server(config)
    print(f"flowkeeper listening on {config.listen.rsplit(':', 1)[0]}:{running.port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    log.info("draining in-flight calls (up to %.0fs)", config.grace_seconds)
    running.stop(config.grace_seconds)
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
