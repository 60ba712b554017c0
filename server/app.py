"""The server factory, apart from serve(): tests build a server on port 0 in-process and talk
to it over a real channel."""

from __future__ import annotations

import logging
from concurrent import futures
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import grpc
from google.protobuf import descriptor_pool
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection, reflection_pb2_grpc

from server.clock import Clock, SystemClock
from server.config import Config
from server.context import AppContext, BackgroundWorker
from server.db import Database
from server.identity.service import Authenticator
from server.ratelimit import RateLimiter
from server.rpc.interceptor import CallInterceptor

log = logging.getLogger("flowkeeper")

# Each bounded context registers its servicers and returns their full service names.
Registrar = Callable[[grpc.Server, AppContext], Iterable[str]]


def _registrars() -> list[Registrar]:
    from server.engine.authorization_servicer import register as register_authorizations
    from server.engine.batch_servicer import register as register_batches
    from server.engine.cases.servicer import register as register_cases
    from server.engine.condition_servicer import register as register_conditions
    from server.engine.dmn.servicer import register as register_decisions
    from server.engine.group_servicer import register as register_groups
    from server.engine.history_report_servicer import register as register_history_reports
    from server.engine.history_servicer import register as register_history
    from server.engine.metrics_servicer import register as register_metrics
    from server.engine.migration_servicer import register as register_migration
    from server.engine.servicer import register as register_engine
    from server.engine.task_servicer import register as register_tasks
    from server.engine.tenant_servicer import register as register_tenants
    from server.engine.variable_instance_servicer import register as register_variable_instances
    from server.engine.work_servicer import register as register_work
    from server.ops.servicer import register as register_ops

    return [register_ops, register_engine, register_tasks, register_work, register_cases, register_history,
            register_variable_instances, register_batches, register_conditions, register_migration,
            register_decisions, register_history_reports, register_groups, register_metrics,
            register_tenants, register_authorizations]


def _waiting_methods() -> frozenset[str]:
    """Methods whose calls may wait for work: they run on the wait pool."""
    from server.engine.work_servicer import WAITING_METHODS

    return WAITING_METHODS


SCAN_PREFIXES = ("List", "Query", "Count", "Group")


def _scanning_methods(service_names: Iterable[str]) -> frozenset[str]:
    """Methods that scan (List*, Query*, Count*, Group*) of the named services: their calls
    may take long, and run on the scan pool."""
    pool = descriptor_pool.Default()
    return frozenset(
        f"/{name}/{method.name}"
        for name in service_names
        for method in pool.FindServiceByName(name).methods
        if method.name.startswith(SCAN_PREFIXES)
    )


@dataclass
class RunningServer:
    server: grpc.Server
    port: int
    app: AppContext
    health: health.HealthServicer
    wait_pool: futures.ThreadPoolExecutor | None = None
    scan_pool: futures.ThreadPoolExecutor | None = None
    write_pool: futures.ThreadPoolExecutor | None = None
    started: list[BackgroundWorker] = field(default_factory=list)

    def start_background(self) -> None:
        """Start the background workers the contexts registered in ``app.background``."""
        for worker in self.app.background:
            worker.start()
            self.started.append(worker)
            log.info("started background worker %s", worker.name)

    def stop(self, grace: float | None) -> bool:
        """Refuse new calls, let in-flight ones finish (up to ``grace`` seconds), then stop the
        background workers (newest first). True when everything stopped cleanly."""
        self.health.enter_graceful_shutdown()
        self.app.stopping.set()
        self.server.stop(grace).wait()
        for pool in (self.wait_pool, self.scan_pool, self.write_pool):
            if pool is not None:
                pool.shutdown(wait=False)
        clean = True
        timeout = self.app.config.grace_seconds if grace is None else grace
        while self.started:
            worker = self.started.pop()
            try:
                worker.stop(timeout)
            except Exception:
                clean = False
                log.exception("background worker %s did not stop cleanly", worker.name)
        self.app.db.dispose()
        return clean


class _Reflection(reflection.ReflectionServicer):
    """Server reflection that also resolves a method or field name to its file.

    The upb descriptor pool finds files by service, message and enum names only, so grpcurl's
    `describe flowkeeper.ops.v1.UserService.CreateUser` would answer "Symbol not found"."""

    def _file_containing_symbol(self, request, fully_qualified_name):  # type: ignore[no-untyped-def]
        response = super()._file_containing_symbol(request, fully_qualified_name)
        parent, _, member = fully_qualified_name.rpartition(".")
        if not response.HasField("error_response") or not parent:
            return response
        for find, members in (
            (self._pool.FindServiceByName, "methods_by_name"),
            (self._pool.FindMessageTypeByName, "fields_by_name"),
            (self._pool.FindEnumTypeByName, "values_by_name"),
        ):
            try:
                descriptor = find(parent)
            except KeyError:
                continue
            if member in getattr(descriptor, members):
                return super()._file_containing_symbol(request, parent)
        return response


def create_server(config: Config, *, clock: Clock | None = None, db: Database | None = None) -> RunningServer:
    """Build and start a server bound to ``config.listen`` (port 0 picks a free port)."""
    app = AppContext(config=config, db=db or Database(config.database_url), clock=clock or SystemClock())
    reuse_port = 1 if config.workers > 1 else 0
    # Up to four pools: calls that answer at once share a few threads (more only add GIL and
    # lock hand-overs), calls that scan and calls that may wait for work get a pool each, and
    # on SQLite, which takes one writer at a time, so do the calls that write. Which method
    # runs where is known once the contexts have registered their services; the interceptor
    # looks it up at a method's first call.
    wait_pool = futures.ThreadPoolExecutor(max_workers=config.wait_threads, thread_name_prefix="rpc-wait")
    scan_pool = futures.ThreadPoolExecutor(max_workers=config.scan_threads, thread_name_prefix="rpc-scan")
    write_pool = (futures.ThreadPoolExecutor(max_workers=config.write_threads, thread_name_prefix="rpc-write")
                  if app.db.is_sqlite and config.write_threads > 0 else None)
    pools: dict[str, futures.ThreadPoolExecutor] = {}
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=config.threads, thread_name_prefix="rpc"),
        interceptors=[
            CallInterceptor(Authenticator(app.db), RateLimiter(app.db, app.clock, config.rate_limit_per_minute),
                            pools=pools, write_pool=write_pool)
        ],
        options=[("grpc.so_reuseport", reuse_port), ("grpc.max_receive_message_length", 16 * 1024 * 1024)],
    )
    names: list[str] = []
    for register in _registrars():
        names.extend(register(server, app))
    pools.update({method: scan_pool for method in _scanning_methods(names)})
    pools.update({method: wait_pool for method in _waiting_methods()})
    # grpcurl keeps its reflection stream open while it makes the call it looked up: that
    # stream must not hold a thread the call needs (with --threads 1, the only one)
    pools.update({f"/{name}/ServerReflectionInfo": wait_pool for name in (
        "grpc.reflection.v1alpha.ServerReflection", "grpc.reflection.v1.ServerReflection")})

    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    for name in ["", *names]:
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(
        _Reflection([*names, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME]),
        server,
    )

    try:
        if config.tls_cert and config.tls_key:
            credentials = grpc.ssl_server_credentials(
                [(Path(config.tls_key).read_bytes(), Path(config.tls_cert).read_bytes())]
            )
            port = server.add_secure_port(config.listen, credentials)
        else:
            port = server.add_insecure_port(config.listen)
    except RuntimeError as error:  # grpc's "Failed to bind"; the reason is in grpc's own log line
        raise OSError(f"could not bind {config.listen} (in use, or not an address of this host?)") from error
    if port == 0:
        raise OSError(f"could not bind {config.listen}")
    server.start()
    log.info("serving on port %d (%s)", port, app.db.url.render_as_string(hide_password=True))
    running = RunningServer(server=server, port=port, app=app, health=health_servicer, wait_pool=wait_pool,
                            scan_pool=scan_pool, write_pool=write_pool)
    if config.background:
        try:
            running.start_background()
        except BaseException:
            running.stop(0)
            raise
    else:
        log.info("the job executor is off here: timers and asynchronous continuations run on replicas that have it on")
    return running
