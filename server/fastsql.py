"""Hot statements run straight on the driver, inside the session's transaction.

SQLAlchemy's execution pipeline (compiled-cache lookup, execution context, result metadata)
costs 30-50 µs of CPU per statement on these machines, more than SQLite needs to run one; a hot
RPC runs four or five statements, and on SQLite all of its writes sit inside the one writer
lock. A ``Prepared`` statement is compiled by SQLAlchemy once per dialect, parameter names and
IN-list lengths; each call then only binds the values through the column types' own bind
processors, runs the SQL on the DBAPI cursor of the session's connection (same transaction),
and applies the types' result processors to the rows.

Only for statements built once at import: no Python-side column defaults (those need
SQLAlchemy's execution context, and are refused), no ORM entities. Driver errors are re-raised
as SQLAlchemy's (``IntegrityError``, ``OperationalError``), so callers' handling is unchanged.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from typing import Any, Callable, Iterator, Mapping, Sequence

from sqlalchemy import Insert, exc
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

_Processor = Callable[[Any], Any] | None


DRIVER_KEY = "flowkeeper.driver"


def driver_of(tx: Session) -> tuple[Dialect, Any]:
    """The dialect and DBAPI connection of ``tx``'s transaction. ``Database.session`` puts them
    in the session's ``info`` when it opens the transaction (asking the Session for its
    connection costs ~10 µs a time); other sessions are asked."""
    driver = tx.info.get(DRIVER_KEY)
    if driver is None:
        connection = tx.connection()
        driver = (connection.dialect, connection.connection.dbapi_connection)
    return driver


def driver_error(dialect: Dialect, statement: str, params: Any, error: Exception) -> exc.DBAPIError:
    """A DBAPI error as SQLAlchemy's (``IntegrityError``, ``OperationalError``, …), which callers
    handle and retry on."""
    return exc.DBAPIError.instance(statement, params, error, dialect.loaded_dbapi.Error, dialect=dialect)


class Rows:
    """The fetched rows of one execution: the subset of SQLAlchemy's Result the callers use."""

    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def all(self) -> list[Any]:
        return self._rows

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def one(self) -> Any:
        if len(self._rows) != 1:
            raise exc.NoResultFound("no row") if not self._rows else exc.MultipleResultsFound("several rows")
        return self._rows[0]

    def scalar_one(self) -> Any:
        return self.one()[0]

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None


class _Plan:
    """One compiled form: the SQL text and how to bind a parameter dict to it."""

    __slots__ = ("sql", "positional", "getters", "row_type", "result_processors")

    def __init__(self, statement: Any, dialect: Dialect, keys: tuple[str, ...], lengths: tuple[int, ...],
                 expanding: tuple[str, ...]) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=list(keys))
        if getattr(compiled, "insert_prefetch", None) or getattr(compiled, "update_prefetch", None):
            raise TypeError("fastsql: a statement with Python-side column defaults needs SQLAlchemy's execute")
        sample: dict[str, Any] = {key: None for key in keys}
        for name, length in zip(expanding, lengths):
            sample[name] = [None] * length
        state = compiled.construct_expanded_state(sample)
        origin: dict[str, tuple[str, int]] = {}
        for name, expanded in state.parameter_expansion.items():
            for index, expanded_name in enumerate(expanded):
                origin[expanded_name] = (name, index)
        given = set(keys)
        names = list(state.positiontup) if state.positiontup is not None else list(state.parameters)
        getters: list[tuple[str, str | None, int, Any, _Processor]] = []
        for name in names:
            bind = compiled.binds.get(origin[name][0] if name in origin else name)
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect) if bind is not None else None
            processor = processor or state.processors.get(name)
            if name in origin:
                getters.append((name, origin[name][0], origin[name][1], None, processor))
            elif name in given:
                getters.append((name, name, -1, None, processor))
            else:  # a literal the statement carries (``role == 'owned_by'``): constant
                value = state.parameters[name]
                getters.append((name, None, -1, processor(value) if processor else value, None))
        self.sql = state.statement
        self.positional = state.positiontup is not None
        self.getters = tuple(getters)
        columns = list(statement.exported_columns) if _returns_rows(statement) else []
        self.row_type = namedtuple("Row", [c.key or f"c{i}" for i, c in enumerate(columns)],  # type: ignore[misc]
                                   rename=True) if columns else None
        self.result_processors = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)

    def bind(self, params: Mapping[str, Any]) -> Any:
        values = []
        for _name, source, index, constant, processor in self.getters:
            if source is None:
                values.append(constant)
                continue
            value = params[source] if index < 0 else params[source][index]
            values.append(processor(value) if processor is not None else value)
        if self.positional:
            return tuple(values)
        return {getter[0]: value for getter, value in zip(self.getters, values)}

    def rows(self, raw: Sequence[Sequence[Any]]) -> list[Any]:
        assert self.row_type is not None
        make, processors = self.row_type._make, self.result_processors
        if not any(processors):
            return [make(row) for row in raw]
        return [make([p(v) if p is not None else v for p, v in zip(processors, row)]) for row in raw]


def _returns_rows(statement: Any) -> bool:
    """A SELECT, or DML with RETURNING (whose exported columns are the returned ones)."""
    return bool(getattr(statement, "is_select", False) or len(statement.exported_columns))


class Prepared:
    """A Core statement (built once, at import) run straight on the driver: see the module."""

    __slots__ = ("statement", "_expanding", "_plans", "_lock")

    def __init__(self, statement: Any) -> None:
        if isinstance(statement, Insert) and not _returns_rows(statement):
            statement = statement.inline()  # no implicit RETURNING of the key: nobody reads it
        self.statement = statement
        self._expanding = tuple(name for name, bind in statement.compile().binds.items() if bind.expanding)
        self._plans: dict[tuple[str, tuple[str, ...], tuple[int, ...]], _Plan] = {}
        self._lock = threading.Lock()

    def _plan(self, dialect: Dialect, params: Mapping[str, Any]) -> _Plan:
        keys = tuple(sorted(params))
        lengths = tuple(len(params[name]) for name in self._expanding)
        key = (dialect.name, keys, lengths)
        plan = self._plans.get(key)
        if plan is None:
            plan = _Plan(self.statement, dialect, keys, lengths, self._expanding)
            with self._lock:
                self._plans[key] = plan
        return plan

    def execute(self, tx: Session, params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None) -> Rows:
        """Runs the statement in ``tx``'s transaction; a list of parameter dicts (all with the
        same keys) runs it once per dict, as executemany."""
        dialect, dbapi_connection = driver_of(tx)
        many = isinstance(params, (list, tuple))
        first: Mapping[str, Any] = (params[0] if many else params) or {}  # type: ignore[index,assignment]
        plan = self._plan(dialect, first)
        cursor = dbapi_connection.cursor()
        try:
            if many:
                bound = [plan.bind(p) for p in params]  # type: ignore[union-attr]
                cursor.executemany(plan.sql, bound)
            else:
                bound = plan.bind(first)
                cursor.execute(plan.sql, bound)
            rows = plan.rows(cursor.fetchall()) if plan.row_type is not None else []
            return Rows(rows, cursor.rowcount)
        except dialect.loaded_dbapi.Error as error:
            raise driver_error(dialect, plan.sql, bound, error) from error
        finally:
            cursor.close()
