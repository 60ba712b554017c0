"""Persistence plumbing: the declarative base, engines for SQLite and PostgreSQL, and the unit of
work. One RPC is one transaction: ``Database.run(fn, write=...)`` calls ``fn(session)`` inside a
transaction that commits when ``fn`` returns and rolls back when it raises."""

from __future__ import annotations

import fcntl
import json
import logging
import math
import os
import random
import threading
import time
import types
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any, Callable, Iterator, Self, TypeVar

import orjson
from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    DateTime,
    Index,
    Integer,
    MetaData,
    bindparam,
    cast,
    create_engine,
    event,
    exc,
    extract,
    func,
    select,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from sqlalchemy.types import TypeDecorator

from server.errors import Aborted, Cancelled, DeadlineExceeded, DomainError, Unavailable
from server.fastsql import DRIVER_KEY, Prepared, driver_error

log = logging.getLogger(__name__)

T = TypeVar("T")

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[datetime]):
    """An instant stored as UTC; always read back timezone-aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UtcDateTime column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)

    def bind_processor(self, dialect: Any) -> Callable[[Any], Any] | None:
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        # The text SQLAlchemy's SQLite DATETIME writes ('YYYY-MM-DD HH:MM:SS.ffffff', always six
        # digits, so text order is time order), made in one call.
        convert = self.process_bind_param

        def process(value: datetime | None) -> str | None:
            value = convert(value, dialect)
            return None if value is None else value.isoformat(" ", "microseconds")

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Callable[[Any], datetime | None] | None:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        # SQLite keeps the text 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC): one call parses it and
        # sets the zone, instead of SQLAlchemy's DATETIME processor and then the method above
        # (a page of 50 incidents reads ~400 of these).
        parse, utc = datetime.fromisoformat, timezone.utc

        def process(value: str | None) -> datetime | None:
            return None if value is None else parse(value).replace(tzinfo=utc)

        return process


def _sqlite_seconds(column: Any) -> ColumnElement[int]:
    """A UtcDateTime column on SQLite ('YYYY-MM-DD HH:MM:SS.ffffff', UTC) in whole seconds since
    the epoch."""
    return cast(func.strftime("%s", column), Integer)


def _microseconds(column: Any) -> ColumnElement[int]:
    """A UtcDateTime column on SQLite in microseconds since the epoch, exactly (julianday's float
    loses the microseconds)."""
    return _sqlite_seconds(column) * 1_000_000 + cast(func.substr(column, 21, 6), Integer)


def epoch_seconds(tx: Session, column: Any) -> ColumnElement[int]:
    """A UtcDateTime column in whole seconds since the epoch (rounded down), on both databases."""
    if tx.get_bind().dialect.name == "sqlite":
        return _sqlite_seconds(column)
    return cast(func.floor(extract("epoch", column)), BigInteger)


def duration(tx: Session, start: Any, end: Any) -> ColumnElement[Any]:
    """``end - start`` of two UtcDateTime columns, ordered as the spans are (microseconds on
    SQLite, an interval on PostgreSQL); NULL when either is."""
    if tx.get_bind().dialect.name == "sqlite":
        return _microseconds(end) - _microseconds(start)
    return end - start


def sparse_index(table: str, column: str, *, leading: tuple[str, ...] = (), name: str | None = None) -> Index:
    """An index of a column that is NULL in most rows (parent and caller ids, the typed value
    columns of variables), over the rows that have a value only: SQLite's planner, once
    statistics exist (ANALYZE, PRAGMA optimize), would otherwise judge the full index
    unselective — all those NULLs — and scan the table. ``leading`` columns come first."""
    condition = text(f"{column} IS NOT NULL")
    return Index(name or f"ix_{table}_{column}", *leading, column, sqlite_where=condition,
                 postgresql_where=condition)


# JSON that is JSONB on PostgreSQL (indexable, comparable) and JSON text on SQLite.
JsonDocument = JSON().with_variant(postgresql.JSONB(), "postgresql")


# What a unit of work raises when a concurrent transaction changed what it read (PostgreSQL
# only): Database.run runs it again. Code that turns errors into outcomes of its own (a job's
# failure, say) passes these on.
LOST_RACE = (StaleDataError, ObjectDeletedError)

_SQLITE_BUSY_MS = 10_000
_MAX_ATTEMPTS = 5
_UNIQUE_VIOLATION, _FOREIGN_KEY_VIOLATION = "23505", "23503"  # PostgreSQL's SQLSTATEs
_QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE of a cancelled statement (statement_timeout among others)
_SQLITE_PROGRESS_STEPS = 100_000  # SQLite VM steps between two looks at the call's bounds (≈ 1–5 ms)


class CallBounds:
    """When the database work of one call stops: at its client's deadline (``deadline``, a
    time.monotonic() instant; None when the client set none), or once nobody waits for its
    answer (``give_up``, from any thread: the client cancelled the call or went away)."""

    __slots__ = ("deadline", "given_up")

    def __init__(self, seconds: float | None = None) -> None:
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.given_up = False

    def give_up(self) -> None:
        self.given_up = True

    def over(self) -> bool:
        return self.given_up or (self.deadline is not None and time.monotonic() >= self.deadline)

    def error(self) -> DomainError:
        if self.deadline is not None and time.monotonic() >= self.deadline:
            return _deadline_exceeded()
        return Cancelled("CANCELLED", "the call was cancelled before its work was done; nothing of it was kept")


def _deadline_exceeded() -> DeadlineExceeded:
    return DeadlineExceeded("DEADLINE_EXCEEDED",
                            "the call's deadline passed before its work was done; nothing of it was kept")


# The bounds of the call running in this context, which the RPC layer hands down through
# bounded_by; None outside calls (the job executor, the command line).
_BOUNDS: ContextVar[CallBounds | None] = ContextVar("flowkeeper_call_bounds", default=None)


@contextmanager
def bounded_by(bounds: CallBounds) -> Iterator[None]:
    """Within the block, ``Database.run`` keeps its transactions inside ``bounds``: see there."""
    token = _BOUNDS.set(bounds)
    try:
        yield
    finally:
        _BOUNDS.reset(token)


def _limit(dialect: Any, driver: Any, bounds: CallBounds) -> None:
    """Stop any statement of this transaction that would run past the call's bounds: SQLite
    interrupts it (a progress handler, which also sees a call given up), PostgreSQL cancels
    one that would outlive the deadline (statement_timeout, for this transaction only; time
    waiting for a lock counts)."""
    if dialect.name == "sqlite":
        driver.set_progress_handler(bounds.over, _SQLITE_PROGRESS_STEPS)
    elif bounds.deadline is not None:
        # rounded up, so that it fires at the deadline, not before; 0 would mean no limit
        milliseconds = max(1, math.ceil((bounds.deadline - time.monotonic()) * 1000))
        _on_driver(dialect, driver.execute, "SELECT set_config('statement_timeout', %s, true)", (str(milliseconds),))


def _unlimit(dialect: Any, driver: Any) -> None:
    """Before the connection can serve another transaction (PostgreSQL's limit ends with its own)."""
    if dialect.name == "sqlite":
        driver.set_progress_handler(None, 0)


def _stopped(error: exc.DBAPIError, bounds: CallBounds) -> DomainError | None:
    """What to answer for a statement that the limit ``_limit`` set stopped; None for any
    other error. SQLite interrupts only through the progress handler, once the bounds are over;
    on PostgreSQL a cancel under a deadline is its statement_timeout (an administrator's
    cancel of the call's statement reads the same)."""
    orig = error.orig
    if str(orig) == "interrupted":
        return bounds.error()
    if getattr(orig, "sqlstate", None) == _QUERY_CANCELED and bounds.deadline is not None:
        return _deadline_exceeded()
    return None


def _is_retryable(error: exc.DBAPIError) -> bool:
    orig = error.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01"):  # serialization failure, deadlock detected
        return True
    return "database is locked" in str(orig)


class _SqliteWriterLock:
    """One writer at a time: a thread lock inside the process, and for a database file also an
    flock on ``<file>-writelock`` across processes (`serve --workers N`). A waiting process
    sleeps in the kernel and wakes when the writer is done, instead of polling SQLite's busy
    handler (sleeps of up to 100 ms: long tails)."""

    def __init__(self, database: str | None) -> None:
        self._threads = threading.Lock()
        self._path = f"{database}-writelock" if database and database != ":memory:" else None
        self._fd: int | None = None

    @contextmanager
    def by(self, bounds: CallBounds) -> Iterator[None]:
        """Hold the lock; while another thread of the process holds it, give up at the call's
        deadline with DeadlineExceeded. A wait for another process (the flock) is not cut short:
        that writer's own transaction bounds it."""
        self._take(bounds)
        try:
            yield
        finally:
            self.__exit__()

    def __enter__(self) -> None:
        self._take(None)

    def _take(self, bounds: CallBounds | None) -> None:
        if bounds is None or bounds.deadline is None:
            self._threads.acquire()
        elif not self._threads.acquire(timeout=max(0.0, bounds.deadline - time.monotonic())):
            raise _deadline_exceeded()
        if self._path is None:
            return
        try:
            if self._fd is None:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise

    def __exit__(self, *_exc: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._threads.release()

    def close(self) -> None:
        with self._threads:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


def _on_driver(dialect: Any, call: Callable[..., Any], *args: Any) -> Any:
    """A DBAPI call whose errors surface as SQLAlchemy's (callers retry on those)."""
    try:
        return call(*args)
    except dialect.loaded_dbapi.Error as error:
        raise driver_error(dialect, str(args[0]) if args else call.__name__, None, error) from error


class LazySession:
    """The Session of one ``Database.session`` transaction, made on first use.

    The transaction is begun on the pooled DBAPI connection directly. Statements run on the
    driver (server.fastsql) need only ``info``, so a call that uses nothing else (most of the
    incident desk's) never builds SQLAlchemy's Connection, Transaction and Session: under load
    those cost about a quarter of the GIL time of a CreateIncident. Anything else asked of it
    builds them on the same connection, inside the same transaction, and is passed through.
    Within a call's ``bounds``, its statements are limited (``_limit``) until ``finish``."""

    def __init__(self, engine: Engine, pooled: Any, *, bind: Engine, bounds: CallBounds | None = None) -> None:
        self._engine = engine  # the pool ``pooled`` came from
        self._pooled = pooled
        self._bind = bind  # the Database's engine: what get_bind() names, whichever pool served
        self._bounds = bounds
        self._connection: Connection | None = None
        self._session: Session | None = None
        self.info: dict[Any, Any] = {DRIVER_KEY: (engine.dialect, pooled.dbapi_connection)}
        if bounds is not None:
            _limit(engine.dialect, pooled.dbapi_connection, bounds)

    def _materialize(self) -> Session:
        if self._session is None:
            # SQLAlchemy's begin on this connection emits nothing: the driver is in the
            # transaction already (see the SQLite begin hook).
            connection = Connection(self._engine, connection=self._pooled)
            connection.begin()
            self._connection = connection
            self._session = Session(bind=connection, expire_on_commit=False, autoflush=True)
            self._session.info.update(self.info)
            # One dict from now on: what a call keeps in tx.info, the Session's event
            # listeners see in session.info, and the other way round.
            self.info = self._session.info
        return self._session

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._materialize(), name)
        if isinstance(value, types.MethodType):  # the Session's methods: looked up once
            self.__dict__[name] = value
        return value

    def get_bind(self, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs:
            return self._bind  # has .engine and .dialect, as a Connection would
        return self._materialize().get_bind(*args, **kwargs)

    def owns_connection(self) -> bool:
        """Whether closing returns the connection to the pool (once it is SQLAlchemy's)."""
        return self._connection is not None

    def finish(self, *, commit: bool) -> None:
        """Flush and commit (or roll back) the transaction, and close what was built. A commit
        that fails is rolled back and raises."""
        try:
            if self._bounds is not None:  # first: the connection may go back to the pool below
                _unlimit(self._engine.dialect, self._pooled.dbapi_connection)
            if not commit:  # the caller is raising its own error
                self._roll_back()
                return
            try:
                for write in self.info.pop(_BEFORE_COMMIT, ()):
                    write()
                if self._session is not None and self._connection is not None:
                    self._session.flush()
                    self._connection.commit()
                else:
                    dialect, driver = self.info[DRIVER_KEY]
                    _on_driver(dialect, driver.commit)
            except BaseException:
                self._roll_back()
                raise
        finally:
            if self._session is not None:
                self._session.close()
            if self._connection is not None:
                self._connection.close()

    def _roll_back(self) -> None:
        """Roll back while an error is on its way to the caller: a rollback that fails too is
        logged, and its connection dropped from the pool, so that error is the one reported."""
        try:
            if self._connection is not None:
                self._connection.rollback()
            else:
                dialect, driver = self.info[DRIVER_KEY]
                _on_driver(dialect, driver.rollback)
        except Exception:
            log.warning("rollback failed; the connection is dropped from the pool", exc_info=True)
            self._pooled.invalidate()


_BEFORE_COMMIT = "flowkeeper.before_commit"


def before_commit(tx: Session, write: Callable[[], None]) -> None:
    """Runs ``write`` once when ``tx`` is about to commit, after everything else the call did
    (a unit of work that rolls back never runs it). For writes a call gathers as it goes and
    makes in one statement at its end; ``write`` may itself register no further writes."""
    tx.info.setdefault(_BEFORE_COMMIT, []).append(write)


class Gathered:
    """What a transaction gathers as it goes, to write in one statement per table just before it
    commits (``before_commit``): one object per subclass and transaction, made on first use."""

    def __init__(self, tx: Session) -> None:
        self.tx = tx

    def write(self) -> None:
        """Writes what was gathered, and forgets it (it may run more than once: ``write_now``)."""
        raise NotImplementedError

    @classmethod
    def of(cls, tx: Session) -> Self:
        """This transaction's, made, and its write registered, on first use."""
        found = tx.info.get(cls)
        if found is None:
            found = tx.info[cls] = cls(tx)
            before_commit(tx, found.write)
        return found

    @classmethod
    def so_far(cls, tx: Session) -> Self | None:
        """This transaction's, if it has gathered anything yet."""
        return tx.info.get(cls)

    @classmethod
    def write_now(cls, tx: Session) -> None:
        """Writes what this transaction gathered so far, for statements that must see it; what
        it gathers later is written at the commit."""
        found = tx.info.get(cls)
        if found is not None:
            found.write()


class GatheredRows(Gathered):
    """Rows of one table a transaction gathers (``rows``, in the order they come), inserted by
    the subclass's ``insert`` (a Prepared INSERT) in one statement."""

    insert: Any

    def __init__(self, tx: Session) -> None:
        super().__init__(tx)
        self.rows: list[dict[str, Any]] = []

    def write(self) -> None:
        if self.rows:
            self.insert.execute(self.tx, self.rows)
            self.rows = []


def writers_take_turns(tx: Session) -> bool:
    """SQLite: one write transaction at a time holds the database, so no row lock is needed
    (and none can deadlock)."""
    return tx.get_bind().dialect.name == "sqlite"


_NAMED_LOCK = Prepared(select(func.pg_advisory_xact_lock(func.hashtextextended(bindparam("name"), 0))))


def take_turns_on(tx: Session, name: str) -> None:
    """Transactions that name the same lock take turns: the second waits until the first
    commits or rolls back (a transaction-scoped advisory lock on PostgreSQL, 11 or newer;
    SQLite's writers take turns anyway)."""
    if not writers_take_turns(tx):
        _NAMED_LOCK.execute(tx, {"name": name})


def _set_isolation(driver: Any, *, write: bool) -> None:
    """A read sees one snapshot from its first statement to its last (REPEATABLE READ): an
    incident's row and its links, read by two statements, are those of one version even while
    an update commits between them. Writes stay READ COMMITTED (the server's default): they
    lock what they change and read it again after the lock. The driver (psycopg) names the
    level in its BEGIN, so this costs no round trip."""
    wanted = None if write else _REPEATABLE_READ
    if getattr(driver, "isolation_level", wanted) != wanted:
        driver.isolation_level = wanted


_REPEATABLE_READ = 3  # psycopg.IsolationLevel.REPEATABLE_READ


class Database:
    """An engine plus the unit of work. SQLite writers are serialised (one writer lock, in the
    process and across processes, then BEGIN IMMEDIATE on the process's one writing
    connection), which keeps SQLite's tail latency low; SQLite's own lock and busy timeout
    remain for any other writer."""

    def __init__(self, url: str, *, echo: bool = False, pool_size: int = 10) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.engine = _create_engine(url, echo=echo, pool_size=pool_size)
        self._write_lock = _SqliteWriterLock(self.url.database) if self.is_sqlite else None
        on_file = self.is_sqlite and self.url.database not in (None, "", ":memory:")
        self._writer = _create_engine(url, echo=echo, pool_size=1, max_overflow=0) if on_file else None
        self._held: Any = None  # the writer's connection, kept checked out between writes

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()
        if self._writer is not None:
            with self._write_lock:  # type: ignore[union-attr]
                self._release_held()
            self._writer.dispose()
        if self._write_lock is not None:
            self._write_lock.close()

    @contextmanager
    def session(self, *, write: bool, bounds: CallBounds | None = None) -> Iterator[Session]:
        """One transaction; commits on normal exit, rolls back on an exception. What it yields
        behaves as a Session, and becomes one only when asked for more than ``info`` (see
        LazySession). Within a call's ``bounds``, a statement that would run past them is stopped
        (see Database.run)."""
        if write and self._writer is not None:
            # SQLite writes take turns on the process's one writing connection: its page cache
            # stays valid from one write to the next (a pooled connection finds the file changed
            # by another and reads every page it needs again, ~45 reads for a CreateIncident).
            with self._writer_lock(bounds):
                with self._held_transaction(bounds) as tx:
                    yield tx
            return
        lock = self._writer_lock(bounds) if (write and self._write_lock is not None) else nullcontext()
        # The pool checkout and the connection's return (a reset) happen outside the writer
        # lock: the lock covers BEGIN to COMMIT and nothing else.
        with self._transaction(self.engine, "BEGIN IMMEDIATE" if write else "BEGIN", lock, bounds) as tx:
            yield tx

    def _writer_lock(self, bounds: CallBounds | None) -> Any:
        assert self._write_lock is not None
        return self._write_lock if bounds is None or bounds.deadline is None else self._write_lock.by(bounds)

    @contextmanager
    def _transaction(self, engine: Engine, begin: str, lock: Any = None,
                     bounds: CallBounds | None = None) -> Iterator[Session]:
        pooled = engine.raw_connection()
        tx: LazySession | None = None
        try:
            if not self.is_sqlite:
                _set_isolation(pooled.dbapi_connection, write=begin != "BEGIN")
            with lock or nullcontext():
                if self.is_sqlite:  # PostgreSQL's driver begins at the first statement
                    _on_driver(engine.dialect, pooled.dbapi_connection.execute, begin)
                tx = LazySession(engine, pooled, bind=self.engine, bounds=bounds)
                done = False
                try:
                    yield tx  # type: ignore[misc]
                    done = True
                finally:
                    tx.finish(commit=done)
        finally:
            if tx is None or not tx.owns_connection():
                pooled.close()  # back to the pool (a Connection built on it returned it already)

    @contextmanager
    def _held_transaction(self, bounds: CallBounds | None = None) -> Iterator[Session]:
        """A write on the process's writing connection, under the writer lock. The connection
        stays checked out from one write to the next: no pool checkout, and no return with its
        reset (a ROLLBACK), per call. A commit or rollback that fails gives it up (to the pool, or
        dropped when invalid); so does a transaction that handed it to SQLAlchemy, whose
        Connection returns it to the pool when done."""
        assert self._writer is not None
        pooled = self._held if self._held is not None else self._writer.raw_connection()
        self._held = None
        tx: LazySession | None = None
        clean = False
        try:
            _on_driver(self._writer.dialect, pooled.dbapi_connection.execute, "BEGIN IMMEDIATE")
            tx = LazySession(self._writer, pooled, bind=self.engine, bounds=bounds)
            done = False
            try:
                yield tx  # type: ignore[misc]
                done = True
            finally:
                tx.finish(commit=done)  # a failed call rolls back here, and the connection is clean
                clean = True
        finally:
            if tx is not None and tx.owns_connection():
                pass  # its Connection returned it to the pool
            elif clean and pooled.is_valid:
                self._held = pooled
            else:
                pooled.close()

    def _lost_race(self, error: Exception) -> bool:
        """Whether ``error`` means that a transaction running beside this one changed what this
        one had read: a row it updates, deletes or reads again changed or went away
        (StaleDataError, ObjectDeletedError), or a unique key or a referenced row another
        transaction took or removed first. Run again, the unit of work reads the winner's rows
        and answers by them (ALREADY_EXISTS, NOT_FOUND, the next version...). SQLite's writers
        take turns, so there none of these is a race, and each stays the error it is."""
        if self.is_sqlite:
            return False
        if isinstance(error, LOST_RACE):
            return True
        sqlstate = getattr(getattr(error, "orig", None), "sqlstate", None)
        return sqlstate in (_UNIQUE_VIOLATION, _FOREIGN_KEY_VIOLATION)

    def _release_held(self) -> None:
        if self._held is not None:
            held, self._held = self._held, None
            held.close()

    def run(self, fn: Callable[[Session], T], *, write: bool) -> T:
        """Run ``fn`` in one transaction, again from the start when it loses a race.

        Within a call's bounds (``bounded_by``), no attempt starts once they are over: past the
        client's deadline, or once the client cancelled. A wait for the process's SQLite writer
        lock or a statement that would outlive the deadline is stopped (on SQLite, a statement
        of a cancelled call too), and a transaction still running when its call is over rolls
        back instead of committing: the client has been told DEADLINE_EXCEEDED or CANCELLED, and
        that must stay true. Each raises DeadlineExceeded or Cancelled."""
        bounds = _BOUNDS.get()
        for attempt in range(1, _MAX_ATTEMPTS + 1):
            if bounds is not None and bounds.over():
                raise bounds.error()
            try:
                with self.session(write=write, bounds=bounds) as session:
                    result = fn(session)
                    if bounds is not None and bounds.over():
                        raise bounds.error()  # rolls back
                    return result
            except (*LOST_RACE, exc.IntegrityError) as error:
                if not self._lost_race(error):
                    raise
                if attempt == _MAX_ATTEMPTS:
                    if isinstance(error, exc.IntegrityError):
                        raise  # a key that clashes every time is no race but a fault (INTERNAL)
                    raise Aborted("CONCURRENT_MODIFICATION", "the change raced with others; retry the call") from error
                log.info("retrying a transaction that lost a race (%s, attempt %d)", type(error).__name__, attempt)
            except exc.DBAPIError as error:
                stopped = _stopped(error, bounds) if bounds is not None else None
                if stopped is not None:
                    raise stopped from error
                if not _is_retryable(error):
                    raise
                if attempt == _MAX_ATTEMPTS:
                    raise Unavailable("DATABASE_BUSY", "the database stayed busy; retry the call") from error
                log.info("retrying a transaction after %s (attempt %d)", type(error.orig).__name__, attempt)
            # Racers that lost together wait apart, so they do not collide again in step.
            time.sleep(0.005 * attempt * (0.5 + random.random()))
        raise AssertionError("unreachable")


_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS


def json_text(value: Any) -> str:
    """The JSON text of a document column's value: orjson (≈12 µs → ≈1 µs for a timeline
    entry's changes), the standard library's encoder for what orjson refuses (integers beyond
    64 bits, types it does not know, which then fail as they always did)."""
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS).decode()
    except TypeError:
        return json.dumps(value)


# SQLite's lower() folds ASCII letters only; PostgreSQL's folds every letter. The ignore-case
# filters call this function on SQLite instead (registered on every connection, below).
SQLITE_UNICODE_LOWER = "unicode_lower"


def _unicode_lower(value: Any) -> Any:
    """Lower case of text by Unicode's rules; anything else (NULL, numbers, blobs) unchanged."""
    return value.lower() if isinstance(value, str) else value


def _create_engine(url: str, *, echo: bool, pool_size: int, max_overflow: int = 20) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            echo=echo,
            pool_size=pool_size,
            max_overflow=max_overflow,
            connect_args={"check_same_thread": False, "timeout": _SQLITE_BUSY_MS / 1000},
            json_serializer=json_text,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
            cursor = dbapi_conn.cursor()
            if parsed.database and parsed.database != ":memory:":
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA case_sensitive_like=ON")  # LIKE as on PostgreSQL
            cursor.close()
            dbapi_conn.create_function(SQLITE_UNICODE_LOWER, 1, _unicode_lower, deterministic=True)

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            driver = conn.connection.dbapi_connection
            if not driver.in_transaction:  # Database.session began it on the driver already
                driver.execute("BEGIN")

        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, echo=echo, pool_size=pool_size, max_overflow=max_overflow, pool_pre_ping=True,
                         json_serializer=json_text)
