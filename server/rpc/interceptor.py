"""Every call but health and reflection passes here: authentication, rate limiting, the refusal
of NUL characters in strings (server.rpc.text), the call's bounds (its client's deadline, and
its end: a cancel) handed down to the database work (server.db.CallBounds), and the translation
of domain errors (and unexpected failures) into gRPC status."""

from __future__ import annotations

import contextvars
import logging
import uuid
from concurrent import futures
from typing import Any, Callable, Iterator, Mapping

import grpc

from server.db import CallBounds, bounded_by
from server.errors import DomainError, Unauthenticated
from server.identity.service import Authenticator, Caller
from server.ratelimit import RateLimiter
from server.rpc.status import internal_status, to_status
from server.rpc.text import refuse_nul

log = logging.getLogger("flowkeeper.rpc")

OPEN_SERVICES = ("/grpc.health.v1.Health/", "/grpc.reflection.v1alpha.ServerReflection/",
                 "/grpc.reflection.v1.ServerReflection/")

_caller: contextvars.ContextVar[Caller] = contextvars.ContextVar("flowkeeper_caller")


def current_caller() -> Caller:
    """The authenticated caller of the RPC running on this thread."""
    try:
        return _caller.get()
    except LookupError:  # a servicer reached without the interceptor: a wiring bug
        raise Unauthenticated("UNAUTHENTICATED", "no authenticated caller") from None


# grpcio reports about 9.2e18 seconds left when the client set no deadline
_NO_DEADLINE = 1e9


def _bounds(context: grpc.ServicerContext) -> CallBounds:
    """The call's bounds: the client's deadline, if it set one; and the call's end, which
    gRPC reports once the answer went out, or, while the call still runs, when the client
    cancelled it, went away or let its deadline pass."""
    remaining = context.time_remaining()
    bounds = CallBounds(remaining if remaining is not None and remaining < _NO_DEADLINE else None)
    if not context.add_callback(bounds.give_up):  # the call has ended already
        bounds.give_up()
    return bounds


def _authorization(context: grpc.ServicerContext) -> str | None:
    for key, value in context.invocation_metadata():
        if key == "authorization":
            return value
    return None


def _marking_zero_bytes(deserialize: Callable[[bytes], Any] | None) -> Callable[[bytes], tuple[Any, bool]]:
    """The request, and whether its wire bytes hold a zero byte (which any NUL in a string is):
    only those requests are searched for NUL (server.rpc.text). A method without a deserializer
    takes the bytes as they are, and bytes are not text."""
    if deserialize is None:
        return lambda raw: (raw, False)
    return lambda raw: (deserialize(raw), b"\x00" in raw)


def _on_pool(behavior: Callable[..., Any], pool: futures.ThreadPoolExecutor | None) -> Callable[..., Any]:
    if pool is not None:
        behavior.experimental_thread_pool = pool  # type: ignore[attr-defined]
    return behavior


class CallInterceptor(grpc.ServerInterceptor):
    """``pools`` names methods (``/package.Service/Method``) that run on a thread pool of their
    own instead of the server's, through grpcio's ``experimental_thread_pool`` hook. Other
    unary methods whose behaviour has a true ``writes`` attribute (see
    server.rpc.servicer.transactional) run on ``write_pool`` when there is one."""

    def __init__(self, authenticator: Authenticator, limiter: RateLimiter,
                 pools: Mapping[str, futures.ThreadPoolExecutor] | None = None,
                 write_pool: futures.ThreadPoolExecutor | None = None) -> None:
        self._auth = authenticator
        self._limiter = limiter
        self._pools = pools if pools is not None else {}  # read at each method's first call
        self._write_pool = write_pool
        self._handlers: dict[str, Any] = {}

    def intercept_service(self, continuation: Callable[..., Any], details: grpc.HandlerCallDetails) -> Any:
        # grpcio asks for every call; a method's wrapped handler is built once
        method = details.method
        handler = self._handlers.get(method)
        if handler is None:
            handler = self._handlers[method] = self._wrap(method, continuation(details))
        return handler

    def _wrap(self, method: str, handler: Any) -> Any:
        if handler is None:
            return handler
        pool = self._pools.get(method)
        if method.startswith(OPEN_SERVICES):
            if pool is not None and handler.stream_stream is not None:  # reflection: open while its client calls
                behavior = handler.stream_stream
                return grpc.stream_stream_rpc_method_handler(
                    _on_pool(lambda requests, context: behavior(requests, context), pool),
                    request_deserializer=handler.request_deserializer,
                    response_serializer=handler.response_serializer,
                )
            return handler
        if handler.unary_unary is not None:
            if pool is None and getattr(handler.unary_unary, "writes", False):
                pool = self._write_pool
            return grpc.unary_unary_rpc_method_handler(
                _on_pool(self._unary(method, handler.unary_unary), pool),
                request_deserializer=_marking_zero_bytes(handler.request_deserializer),
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream is not None:
            return grpc.unary_stream_rpc_method_handler(
                _on_pool(self._stream(method, handler.unary_stream), pool),
                request_deserializer=_marking_zero_bytes(handler.request_deserializer),
                response_serializer=handler.response_serializer,
            )
        return handler  # no client-streaming RPCs exist; they would pass unauthenticated

    def _admit(self, context: grpc.ServicerContext, zero_bytes: bool, request: Any) -> Caller:
        caller = self._auth.authenticate(_authorization(context))
        self._limiter.check(caller.rate_limit_key)
        if zero_bytes:
            refuse_nul(request)
        return caller

    def _unary(self, method: str, behavior: Callable[..., Any]) -> Callable[..., Any]:
        def handle(marked: tuple[Any, bool], context: grpc.ServicerContext) -> Any:
            request, zero_bytes = marked
            try:
                with bounded_by(_bounds(context)):
                    token = _caller.set(self._admit(context, zero_bytes, request))
                    try:
                        return behavior(request, context)
                    finally:
                        _caller.reset(token)
            except DomainError as error:
                status = to_status(error)
            except Exception:
                status = self._internal(method)
            context.abort_with_status(status)

        return handle

    def _stream(self, method: str, behavior: Callable[..., Any]) -> Callable[..., Iterator[Any]]:
        def handle(marked: tuple[Any, bool], context: grpc.ServicerContext) -> Iterator[Any]:
            request, zero_bytes = marked
            try:
                with bounded_by(_bounds(context)):
                    token = _caller.set(self._admit(context, zero_bytes, request))
                    try:
                        yield from behavior(request, context)
                    finally:
                        _caller.reset(token)
                return
            except DomainError as error:
                status = to_status(error)
            except Exception:
                status = self._internal(method)
            context.abort_with_status(status)

        return handle

    @staticmethod
    def _internal(method: str) -> grpc.Status:
        reference = uuid.uuid4().hex
        log.exception("internal error in %s; reference_id=%s", method, reference)
        return internal_status(reference)
