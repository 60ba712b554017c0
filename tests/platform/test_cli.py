"""The `flowkeeper` command as a user runs it: serve configured from FLOWKEEPER_* variables with
two worker processes, the first admin token printed once, `token create`, `db upgrade`."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import grpc
import pytest

from flowkeeper.ops.v1 import user_pb2, user_pb2_grpc
from server.cli import main
from server.db import Database
from server.identity.service import Authenticator
from tests.conftest import BACKENDS, database_url
from tests.platform.served import (
    ServedProcess,
    bearer,
    clean_env,
    established_connections,
    run_cli,
    separate_channel,
)
from tests.support import expect_error, unique


@pytest.mark.parametrize("backend", BACKENDS)
def test_serve_configured_by_environment(backend, request, tmp_path_factory):  # type: ignore[no-untyped-def]
    """One `flowkeeper serve` (console script, FLOWKEEPER_* only, two workers) on an empty
    database, checked the way an operator meets it; one server start keeps the suite fast."""
    url = database_url(backend, request, tmp_path_factory)
    served = ServedProcess([], workers=2, console_script=True, cwd=tmp_path_factory.mktemp("cwd"), env=clean_env(
        FLOWKEEPER_LISTEN="127.0.0.1:0", FLOWKEEPER_DATABASE_URL=url, FLOWKEEPER_WORKERS="2",
    ))
    try:
        served.start()
        with grpc.insecure_channel(served.address) as channel:
            users = user_pb2_grpc.UserServiceStub(channel)
            _first_start_printed_a_working_admin_token(served, users)
            _both_workers_serve(served)
            _token_create_grants_its_tenants_and_role(url, users)
        _second_start_prints_no_token(url, tmp_path_factory.mktemp("again"))
        assert served.terminate() == 0, served.output()
    finally:
        served.close()


def _first_start_printed_a_working_admin_token(served: ServedProcess, users) -> None:  # type: ignore[no-untyped-def]
    token = served.first_token
    assert token, served.output()
    assert users.GetSelf(user_pb2.GetSelfRequest(), metadata=bearer(token)).user.display_name == "admin"
    created = users.CreateUser(user_pb2.CreateUserRequest(display_name=unique("u")), metadata=bearer(token))
    assert created.user.state == user_pb2.USER_STATE_ACTIVE


def _both_workers_serve(served: ServedProcess) -> None:
    pids = served.worker_pids
    assert len(set(pids)) == 2 and served.process.pid not in pids
    # The kernel spreads connections (not calls) over the workers by a hash of the client's
    # address and port: 24 connections all landing on one worker has odds of 2**-23.
    channels = [separate_channel(served.address) for _ in range(24)]
    try:
        for channel in channels:
            user_pb2_grpc.UserServiceStub(channel).GetSelf(user_pb2.GetSelfRequest(),
                                                         metadata=bearer(served.first_token))
        held = {pid: established_connections(pid, served.port) for pid in pids}
    finally:
        for channel in channels:
            channel.close()
    assert sum(held.values()) >= 24, held
    assert all(count > 0 for count in held.values()), held


def _token_create_grants_its_tenants_and_role(url: str, users) -> None:  # type: ignore[no-untyped-def]
    name = unique("carol")
    made = run_cli("token", "create", "--user", name, "--tenant", "acme", "--tenant", "globex",
                   env=clean_env(FLOWKEEPER_DATABASE_URL=url))
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert token.startswith("fk_") and "\n" not in token
    assert users.GetSelf(user_pb2.GetSelfRequest(), metadata=bearer(token)).user.display_name == name
    expect_error(lambda: users.CreateUser(user_pb2.CreateUserRequest(display_name=unique()), metadata=bearer(token)),
                 grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")
    db = Database(url)
    try:  # the server's own resolution of the token (no RPC shows tenants yet)
        caller = Authenticator(db).authenticate(f"Bearer {token}")
    finally:
        db.dispose()
    assert caller.tenants == {"acme", "globex"} and not caller.is_admin

    admin = run_cli("token", "create", "--user", name, "--admin", "--database-url", url)
    assert admin.returncode == 0, admin.stderr
    created = users.CreateUser(user_pb2.CreateUserRequest(display_name=unique()), metadata=bearer(admin.stdout.strip()))
    assert created.user.display_name


def _second_start_prints_no_token(url: str, cwd) -> None:  # type: ignore[no-untyped-def]
    upgraded = run_cli("db", "upgrade", "--database-url", url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert upgraded.stdout.strip() == "database is up to date"
    again = ServedProcess(["--listen", "127.0.0.1:0", "--database-url", url], cwd=cwd)
    try:
        again.start()
        assert again.first_token is None and "token" not in "\n".join(again.lines), again.output()
        assert again.terminate() == 0, again.output()
    finally:
        again.close()


def test_db_upgrade_creates_the_schema_on_an_empty_database(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    url = database_url(BACKENDS[0], request, tmp_path_factory)
    upgraded = run_cli("db", "upgrade", "--database-url", url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "Running upgrade" in upgraded.stderr
    made = run_cli("token", "create", "--user", "ops", "--database-url", url)
    assert made.returncode == 0 and made.stdout.startswith("fk_"), made.stderr


def test_serve_reports_a_port_in_use_and_exits_1(tmp_path):  # type: ignore[no-untyped-def]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        served = ServedProcess(["--listen", f"127.0.0.1:{port}", "--database-url", f"sqlite:///{tmp_path}/f.db"])
        try:
            with pytest.raises(AssertionError, match="did not start"):
                served.start()
            assert served.process.wait(10) == 1
            assert f"could not bind 127.0.0.1:{port}" in served.output()
            assert "Traceback" not in served.output()
        finally:
            served.close()


@pytest.mark.parametrize(
    "argv, variables, message",
    [
        (["serve", "--tls-cert", "cert.pem"], {}, "--tls-cert and --tls-key go together"),
        (["serve", "--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"], {}, "cannot read"),
        (["serve", "--workers", "0"], {}, "--workers: must be at least 1"),
        (["serve"], {"FLOWKEEPER_WORKERS": "two"}, "--workers: not a whole number: 'two'"),
        (["serve"], {"FLOWKEEPER_GRACE": "-1"}, "--grace: must not be negative"),
        (["serve", "--write-threads", "-1"], {}, "--write-threads: must not be negative, got -1"),
        (["serve"], {"FLOWKEEPER_WRITE_THREADS": "1.5"}, "--write-threads: not a whole number: '1.5'"),
        (["serve", "--log-level", "LOUD"], {}, "--log-level must be"),
        (["serve"], {"FLOWKEEPER_JOB_EXECUTOR": "maybe"}, "--job-executor: on or off, got 'maybe'"),
        (["serve", "--job-lock-seconds", "0"], {}, "--job-lock-seconds: must be more than 0"),
        (["serve"], {"FLOWKEEPER_JOB_POLL_SECONDS": "-1"}, "--job-poll-seconds: must not be negative"),
        (["serve", "--job-batch-size", "0"], {}, "--job-batch-size: must be at least 1"),
        (["serve", "--long-poll-max-seconds", "soon"], {}, "--long-poll-max-seconds: not a number: 'soon'"),
        (["serve", "--history-cleanup-window", "25:00-01:00"], {}, "--history-cleanup-window: '25:00-01:00' is not"),
        (["serve"], {"FLOWKEEPER_HISTORY_CLEANUP_WINDOW": "nightly"}, "--history-cleanup-window: 'nightly' is not"),
        (["serve", "--history-cleanup-batch-size", "10001"], {}, "--history-cleanup-batch-size: must be at most"),
        (["serve", "--history-cleanup-seconds", "0"], {}, "--history-cleanup-seconds: must be more than 0"),
        (["serve"], {"FLOWKEEPER_HISTORY_CLEANUP": "sometimes"}, "--history-cleanup: on or off, got 'sometimes'"),
        (["serve", "--batch-history-time-to-live", "a week"], {},
         "--batch-history-time-to-live: batch history time to live: 'a week' is not a number of days"),
        (["serve"], {"FLOWKEEPER_BATCH_HISTORY_TIME_TO_LIVE_BY_TYPE": "set-variables"},
         "--batch-history-time-to-live-by-type: 'set-variables' is not type=days"),
        (["serve", "--batch-history-time-to-live-by-type", "migration=1"], {},
         "'migration' is not a batch type; the types are "),
        (["serve", "--batch-history-time-to-live-by-type", "set-variables=1, set-variables=P2D"], {},
         "batch type 'set-variables' is given twice"),
        (["serve", "--batch-history-time-to-live-by-type", "set-variables=36501"], {},
         "batch type set-variables: '36501' is not a number of days from 0 to 36500"),
        (["token", "create"], {}, "the following arguments are required: --user"),
    ],
)
def test_bad_flags_and_variables_are_usage_errors(argv, variables, message, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_flags_win_over_variables(monkeypatch):  # type: ignore[no-untyped-def]
    from server import cli

    seen = {}

    def serve(config):  # type: ignore[no-untyped-def]
        seen["config"] = config
        return 0

    monkeypatch.setattr(cli, "serve", serve)
    monkeypatch.setenv("FLOWKEEPER_LISTEN", "0.0.0.0:7000")
    monkeypatch.setenv("FLOWKEEPER_THREADS", "3")
    monkeypatch.setenv("FLOWKEEPER_RATE_LIMIT", "0")
    monkeypatch.setenv("FLOWKEEPER_DATABASE_URL", "sqlite:///env.db")
    monkeypatch.setenv("FLOWKEEPER_WRITE_THREADS", "0")
    main(["serve", "--listen", "127.0.0.1:7001", "--grace", "2.5"])
    config = seen["config"]
    assert (config.listen, config.threads, config.rate_limit_per_minute, config.database_url, config.grace_seconds,
            config.write_threads) == ("127.0.0.1:7001", 3, 0, "sqlite:///env.db", 2.5, 0)


def test_serve_without_flags_or_variables_runs_on_the_config_defaults(monkeypatch):  # type: ignore[no-untyped-def]
    from server import cli
    from server.config import Config

    for name in list(os.environ):
        if name.startswith("FLOWKEEPER_"):
            monkeypatch.delenv(name)
    seen = []
    monkeypatch.setattr(cli, "serve", lambda config: seen.append(config) or 0)
    main(["serve"])
    assert seen == [Config()]


def test_job_executor_settings_come_from_flags_and_variables(monkeypatch):  # type: ignore[no-untyped-def]
    from server import cli

    seen = []
    monkeypatch.setattr(cli, "serve", lambda config: seen.append(config) or 0)
    main(["serve"])
    defaults = seen[-1]
    assert (defaults.background, defaults.job_poll_seconds, defaults.job_lock_seconds, defaults.job_batch_size,
            defaults.long_poll_max_seconds) == (True, 1.0, 300.0, 8, 300.0)
    monkeypatch.setenv("FLOWKEEPER_JOB_EXECUTOR", "off")
    monkeypatch.setenv("FLOWKEEPER_JOB_LOCK_SECONDS", "90")
    monkeypatch.setenv("FLOWKEEPER_LONG_POLL_MAX_SECONDS", "30")
    main(["serve", "--job-poll-seconds", "0.5", "--job-batch-size", "16"])
    config = seen[-1]
    assert (config.background, config.job_poll_seconds, config.job_lock_seconds, config.job_batch_size,
            config.long_poll_max_seconds) == (False, 0.5, 90.0, 16, 30.0)
    main(["serve", "--job-executor", "ON"])
    assert seen[-1].background is True


def test_history_cleanup_settings_come_from_flags_and_variables(monkeypatch):  # type: ignore[no-untyped-def]
    from server import cli

    seen = []
    monkeypatch.setattr(cli, "serve", lambda config: seen.append(config) or 0)
    main(["serve"])
    defaults = seen[-1]
    assert (defaults.history_cleanup, defaults.history_cleanup_window, defaults.history_cleanup_seconds,
            defaults.history_cleanup_batch_size) == (True, "", 3600.0, 500)
    monkeypatch.setenv("FLOWKEEPER_HISTORY_CLEANUP", "off")
    monkeypatch.setenv("FLOWKEEPER_HISTORY_CLEANUP_WINDOW", " 22:00 - 6:00 ")
    main(["serve", "--history-cleanup-seconds", "60", "--history-cleanup-batch-size", "50"])
    config = seen[-1]
    assert (config.history_cleanup, config.history_cleanup_window, config.history_cleanup_seconds,
            config.history_cleanup_batch_size) == (False, "22:00-06:00", 60.0, 50)
    assert (defaults.batch_history_time_to_live, defaults.batch_history_time_to_live_by_type) == ("", "")
    monkeypatch.setenv("FLOWKEEPER_BATCH_HISTORY_TIME_TO_LIVE", "P5D")
    main(["serve", "--batch-history-time-to-live-by-type", "set-variables=1,instance-deletion=0"])
    config = seen[-1]
    assert (config.batch_history_time_to_live, config.batch_history_time_to_live_by_type) == (
        "P5D", "set-variables=1,instance-deletion=0")


def test_processes_sharing_stdout_print_whole_lines(tmp_path):  # type: ignore[no-untyped-def]
    """The workers of one `serve` share a stdout pipe, and tests and scripts read their
    "listening" lines from it. With PYTHONUNBUFFERED (set on CI) print() writes a line's text and
    its newline apart, so two workers' lines ran together; each line is one write now."""
    # each child waits for its stdin to close, so all four write at once
    script = ("import sys; from server.cli import _say\nsys.stdin.read()\n"
              "for i in range(5000): _say(f'process {sys.argv[1]} line {i}')\n")
    env = clean_env(PYTHONUNBUFFERED="1")
    read, write = os.pipe()
    children = [subprocess.Popen([sys.executable, "-c", script, str(n)], stdin=subprocess.PIPE, stdout=write, env=env)
                for n in range(4)]
    os.close(write)
    for child in children:
        assert child.stdin is not None
        child.stdin.close()
    with os.fdopen(read) as pipe:
        lines = pipe.read().splitlines()
    assert all(child.wait(60) == 0 for child in children)
    assert len(lines) == 20000
    assert [line for line in lines if not re.fullmatch(r"process \d line \d+", line)] == []
