"""The `flowkeeper` command: serve, token create, db upgrade.

Every `serve` flag (and `--database-url` everywhere) can also come from a FLOWKEEPER_* variable:
`--listen` from FLOWKEEPER_LISTEN, `--tls-cert` from FLOWKEEPER_TLS_CERT, and so on; a flag on
the command line wins over the variable."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import select
import signal
import socket
import sys
import threading
from multiprocessing import connection
from typing import Any, Callable, Sequence

from server.config import Config, env

log = logging.getLogger("flowkeeper")

LOG_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s %(message)s"
# Printed on stdout by every serving process once it accepts calls; tests and scripts wait for it.
LISTENING = "flowkeeper listening on"


def _say(text: str) -> None:
    """Print ``text`` and its newline in one write: the workers share one stdout, and with
    PYTHONUNBUFFERED print() writes the newline apart, so two workers' lines could run together."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


_DEFAULTS = Config()  # every flag's default is the Config field's own


def _flag(parser: argparse.ArgumentParser, name: str, default: Any, help: str,
          type: Callable[[str], Any] = str) -> None:
    """A flag whose default comes from FLOWKEEPER_<NAME>; argparse converts and checks both."""
    variable = "FLOWKEEPER_" + name.upper().replace("-", "_")
    value = env(name.replace("-", "_"))
    parser.add_argument(
        f"--{name}",
        type=type,
        default=value if value is not None else default,
        help=f"{help} (env {variable}" + (f"; default {default})" if default is not None else ")"),
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _whole(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def _above_zero(text: str) -> float:
    value = _non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _non_blank(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def _on_off(text: str) -> bool:
    value = text.strip().lower()
    if value in ("on", "true", "yes", "1"):
        return True
    if value in ("off", "false", "no", "0"):
        return False
    raise argparse.ArgumentTypeError(f"on or off, got {text!r}")


def _batch_window(text: str) -> str:
    from server.engine.history import BatchWindow

    try:
        window = BatchWindow.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return str(window) if window is not None else ""


def _batch_size(text: str) -> int:
    from server.engine.history import MAX_BATCH_SIZE

    value = _positive(text)
    if value > MAX_BATCH_SIZE:
        raise argparse.ArgumentTypeError(f"must be at most {MAX_BATCH_SIZE}, got {value}")
    return value


def _batch_time_to_live(by_type: bool) -> Callable[[str], str]:
    """A check of --batch-history-time-to-live (``by_type``: of the -by-type flag)."""

    def check(text: str) -> str:
        from server.engine.history import BatchTimeToLive

        try:
            BatchTimeToLive.parse("", text) if by_type else BatchTimeToLive.parse(text, "")
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
        return text

    return check


def _database_flag(parser: argparse.ArgumentParser) -> None:
    _flag(parser, "database-url", _DEFAULTS.database_url,
          "SQLAlchemy URL: sqlite:///path.db or postgresql://user:pw@host/db")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="flowkeeper", description="Flowkeeper process orchestration server")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the gRPC server (applies pending migrations first)")
    _flag(serve, "listen", _DEFAULTS.listen, "HOST:PORT to listen on; port 0 picks a free port")
    _database_flag(serve)
    d = _DEFAULTS
    _flag(serve, "workers", d.workers, "server processes sharing the port (SO_REUSEPORT)", _positive)
    _flag(serve, "threads", d.threads, "RPC threads per process for calls that answer at once", _positive)
    _flag(serve, "scan-threads", d.scan_threads,
          "threads per process for calls that scan (List*, Query*, Count*, Group*)", _positive)
    _flag(serve, "wait-threads", d.wait_threads, "threads per process for calls that may wait (long-polling "
          "FetchAndLock, StreamTasks); at most wait-threads - 1 wait at once", _positive)
    _flag(serve, "write-threads", d.write_threads, "on SQLite, threads per process for calls that write; 0 = they "
          "share --threads (PostgreSQL: always)", _whole)
    _flag(serve, "tls-cert", None, "PEM certificate chain; with --tls-key, serve TLS")
    _flag(serve, "tls-key", None, "PEM private key of --tls-cert")
    _flag(serve, "rate-limit", d.rate_limit_per_minute, "calls per minute per identity, 0 = off", int)
    _flag(serve, "max-page-size", d.max_page_size, "largest page an offset-paged query returns", _positive)
    _flag(serve, "grace", d.grace_seconds, "seconds SIGTERM waits for in-flight calls", _non_negative)
    _flag(serve, "log-level", d.log_level, "DEBUG, INFO, WARNING or ERROR")
    _flag(serve, "job-executor", "on" if d.background else "off", "run due jobs (timers, async continuations, "
          "retries) in this server; off for replicas that only serve", _on_off)
    _flag(serve, "job-poll-seconds", d.job_poll_seconds, "how often the job executor asks the database for jobs "
          "other replicas made due", _above_zero)
    _flag(serve, "job-lock-seconds", d.job_lock_seconds, "how long an acquired job stays locked to its executor "
          "before another may take it over", _above_zero)
    _flag(serve, "job-batch-size", d.job_batch_size, "jobs the executor acquires per round", _positive)
    _flag(serve, "long-poll-max-seconds", d.long_poll_max_seconds, "longest FetchAndLock long poll; longer "
          "async_response_timeouts are capped", _non_negative)
    _flag(serve, "history-cleanup", "on" if d.history_cleanup else "off", "remove ended instances' history once "
          "their definition's history time to live has passed (with --job-executor on)", _on_off)
    _flag(serve, "history-cleanup-window", d.history_cleanup_window, "HH:MM-HH:MM (UTC) in which the history "
          "cleanup runs; empty = any time", _batch_window)
    _flag(serve, "history-cleanup-seconds", d.history_cleanup_seconds, "wait between history cleanup rounds that "
          "found less than a full batch", _above_zero)
    _flag(serve, "history-cleanup-batch-size", d.history_cleanup_batch_size, "instances a history cleanup round "
          "removes at most (up to 10000)", _batch_size)
    _flag(serve, "batch-history-time-to-live", d.batch_history_time_to_live, "days (or P<days>D) the history "
          "cleanup keeps an ended batch's history; empty = until DeleteHistoricBatch", _batch_time_to_live(False))
    _flag(serve, "batch-history-time-to-live-by-type", d.batch_history_time_to_live_by_type, "type=days,... "
          "the same per batch type, overriding --batch-history-time-to-live", _batch_time_to_live(True))

    token = commands.add_parser("token", help="manage API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True)
    create = token_commands.add_parser("create", help="print a new bearer token for a user (only its hash is kept)")
    create.add_argument("--user", required=True, type=_non_blank, help="user display name (created if missing)")
    create.add_argument("--tenant", action="append", default=[], help="grant a tenant (repeatable)")
    create.add_argument("--admin", action="store_true", help="grant every tenant and admin rights")
    _database_flag(create)
    _flag(create, "log-level", "WARNING", "DEBUG, INFO, WARNING or ERROR")

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_commands.add_parser("upgrade", help="apply pending migrations")
    _database_flag(upgrade)
    _flag(upgrade, "log-level", _DEFAULTS.log_level, "DEBUG, INFO, WARNING or ERROR")
    return parser


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format=LOG_FORMAT)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        parser.error(f"--log-level must be DEBUG, INFO, WARNING or ERROR, got {args.log_level!r}")
    _configure_logging(args.log_level)
    if args.command == "serve":
        if bool(args.tls_cert) != bool(args.tls_key):
            parser.error("--tls-cert and --tls-key go together")
        for path in (args.tls_cert, args.tls_key):
            if path and not os.access(path, os.R_OK):
                parser.error(f"cannot read {path}")
        config = Config(
            listen=args.listen,
            database_url=args.database_url,
            workers=args.workers,
            threads=args.threads,
            scan_threads=args.scan_threads,
            wait_threads=args.wait_threads,
            write_threads=args.write_threads,
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            rate_limit_per_minute=args.rate_limit,
            max_page_size=args.max_page_size,
            grace_seconds=args.grace,
            log_level=args.log_level,
            background=args.job_executor,
            job_poll_seconds=args.job_poll_seconds,
            job_lock_seconds=args.job_lock_seconds,
            job_batch_size=args.job_batch_size,
            long_poll_max_seconds=args.long_poll_max_seconds,
            history_cleanup=args.history_cleanup,
            history_cleanup_window=args.history_cleanup_window,
            history_cleanup_seconds=args.history_cleanup_seconds,
            history_cleanup_batch_size=args.history_cleanup_batch_size,
            batch_history_time_to_live=args.batch_history_time_to_live,
            batch_history_time_to_live_by_type=args.batch_history_time_to_live_by_type,
        )
        return serve(config)
    if args.command == "token":
        return _token_create(args)
    _upgrade(args.database_url)
    _say("database is up to date")
    return 0


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
    from server.errors import InvalidArgument
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
    except InvalidArgument as error:  # the user name (too long): the only input the domain checks
        problem = error.field_violations[0].description if error.field_violations else error.message
        sys.stderr.write(f"flowkeeper token create: error: --user: {problem}\n")
        return 2
    finally:
        db.dispose()
    _say(token)
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
            # Another replica may make the first admin at the same moment: Database.run runs this
            # again, and it finds that admin's token.
            return create_token(session, clock, get_or_create_user(session, clock, "admin"), is_admin=True)

        token = db.run(first_token, write=True)
    finally:
        db.dispose()
    if token:
        _say(f"Created the first admin token (shown once):\n  {token}\n"
             f"Use it as gRPC metadata: authorization: Bearer {token}")


def serve(config: Config) -> int:
    """Run the server until SIGTERM or SIGINT; 0 when every process drained and stopped cleanly."""
    _bootstrap(config)
    if config.workers == 1:
        return _serve_process(config)
    return _supervise(config)


def _reserve_port(listen: str) -> tuple[socket.socket | None, str]:
    """For `--listen HOST:0` with several workers: pick the port once, so every worker binds the
    same one. The reserving socket is bound with SO_REUSEPORT but never listens, so the kernel
    hands no connection to it; it keeps the port ours while the workers come and go."""
    host, _, port = listen.rpartition(":")
    if port != "0":
        return None, listen
    family, kind, proto, _, address = socket.getaddrinfo(host.strip("[]"), 0, type=socket.SOCK_STREAM)[0]
    reservation = socket.socket(family, kind, proto)
    reservation.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    reservation.bind(address)
    return reservation, f"{host}:{reservation.getsockname()[1]}"


class _StopSignal:
    """SIGTERM or SIGINT received. Waitable through a pipe: a signal handler must not take a
    lock (threading.Event would) that the interrupted main thread may be holding."""

    def __init__(self) -> None:
        self.fd, self._write_fd = os.pipe()
        os.set_blocking(self._write_fd, False)
        self.received = False
        self._previous = {sig: signal.signal(sig, self._handle) for sig in (signal.SIGTERM, signal.SIGINT)}

    def _handle(self, _signum: int, _frame: object) -> None:
        self.trigger()

    def trigger(self) -> None:
        """Stop as if signalled (safe from any thread)."""
        self.received = True
        try:
            os.write(self._write_fd, b"x")
        except BlockingIOError:
            pass

    def wait(self) -> None:
        while not self.received:
            select.select([self.fd], [], [])

    def close(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        os.close(self.fd)
        os.close(self._write_fd)


def _supervise(config: Config) -> int:
    """Spawn ``config.workers`` server processes on one port; forward SIGTERM/SIGINT to them.

    Workers are spawned (a fresh interpreter each), never forked after gRPC started. When one
    worker dies on its own the others are stopped too and the exit status is 1, so the process
    supervisor (systemd, Kubernetes) restarts the whole server."""
    reservation, listen = _reserve_port(config.listen)
    worker_config = Config(**{**config.__dict__, "listen": listen})
    ctx = multiprocessing.get_context("spawn")
    stop = _StopSignal()
    workers = []
    try:
        for index in range(config.workers):
            if stop.received:
                break
            ready = ctx.Event()
            process = ctx.Process(target=_serve_worker, args=(worker_config, ready), name=f"flowkeeper-worker-{index}")
            process.start()
            workers.append((process, ready))
        crashed = False
        if not stop.received:
            connection.wait([stop.fd, *(p.sentinel for p, _ in workers)])
            crashed = not stop.received
        if crashed:
            log.error("a worker exited on its own (%s); stopping the others",
                      ", ".join(f"pid {p.pid}: {p.exitcode}" for p, _ in workers if p.exitcode is not None))
        for process, ready in workers:
            # A worker handles SIGTERM once it has set `ready`; before that the signal would kill it.
            while process.is_alive() and not ready.wait(0.1):
                pass
            if process.is_alive():
                process.terminate()
        for process, _ in workers:
            process.join(config.grace_seconds + 10)
            if process.is_alive():
                log.error("worker pid %d did not stop within the grace period; killing it", process.pid)
                process.kill()
                process.join()
        return 1 if crashed or any(p.exitcode != 0 for p, _ in workers) else 0
    finally:
        stop.close()
        if reservation is not None:
            reservation.close()


def _serve_worker(config: Config, ready: Any) -> None:
    _configure_logging(config.log_level)
    sys.exit(_serve_process(config, ready, supervisor=multiprocessing.parent_process()))


def _follow(supervisor: Any, stop: _StopSignal) -> None:
    """A worker whose supervisor died (SIGKILL, OOM) drains and exits instead of serving on as
    an orphan nobody will stop."""

    def watch() -> None:
        connection.wait([supervisor.sentinel])
        if not stop.received:
            log.error("the supervisor (pid %s) is gone; stopping", supervisor.pid)
            stop.trigger()

    threading.Thread(target=watch, name="supervisor-watch", daemon=True).start()


def _serve_process(config: Config, ready: Any = None, supervisor: Any = None) -> int:
    """One serving process: listen, run until SIGTERM/SIGINT, drain in-flight calls, then stop
    the background workers; 0 when all of it went cleanly."""
    stop = _StopSignal()
    if ready is not None:
        ready.set()
    if supervisor is not None:
        _follow(supervisor, stop)

    from server.app import create_server

    try:
        running = create_server(config)
    except OSError as error:
        log.error("%s", error)
        return 1
    scheme = "TLS" if config.tls_cert else "plaintext"
    _say(f"{LISTENING} {config.listen.rsplit(':', 1)[0]}:{running.port} ({scheme}, pid {os.getpid()})")
    stop.wait()  # the handlers stay: a second signal (Ctrl-C reaches every worker) must not cut the drain
    log.info("draining in-flight calls (up to %gs)", config.grace_seconds)
    clean = running.stop(config.grace_seconds)
    log.info("stopped")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
