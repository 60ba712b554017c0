"""QueryExecutions / CountExecutions variable filters at their edges: numbers beyond the Long
range, ignore case on letters beyond ASCII, and `like` with backslash escapes — the same answer
on SQLite as on PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import execution_pb2
from tests.engine.scenario import Scenario, VariableQueries, v
from tests.support import expect_error

LONG_MAX = 2**63 - 1
LONG_MIN = -(2**63)


@dataclass
class World(VariableQueries):
    root: str
    a: str
    b: str
    c: str

    def count(self, *filters: tuple[str, str, Any], values_ci: bool = False) -> int:
        return self.engine.count(process_definition_id=self.definition, variables=[v(*f) for f in filters],
                                 variable_values_ignore_case=values_ci)

    @property
    def all(self) -> set[str]:
        return {self.root, self.a, self.b, self.c}


@pytest.fixture(scope="module")
def world(server):  # type: ignore[no-untyped-def]
    engine = Scenario(server.api())
    definition = engine.deploy_one("parallel_review.bpmn")
    root = engine.run(definition, {"n": (7, "Integer"), "z": (None, "Long"), "Ort": "ÖSTERREICH"})
    a = engine.at_activity(root, "ReviewLegal")
    b = engine.at_activity(root, "ReviewFinance")
    c = engine.at_activity(root, "ReviewTech")
    engine.set_local(a, {"n": (str(LONG_MAX), "Long"), "z": (1, "Long"), "city": "MÜNCHEN", "code": "X_Y%Z",
                         "Ärger": "x"})
    engine.set_local(b, {"n": (str(LONG_MIN), "Long"), "city": "münchen", "code": "XAYBZ"})
    engine.set_local(c, {"n": ("1e20", "Double"), "city": "Zürich", "code": "X\\Y"})
    return World(engine, definition, root, a, b, c)


def test_numbers_beyond_the_long_range_compare_with_every_integral_value_alike(world: World) -> None:
    w = world
    # n — root: Integer 7, a: Long max, b: Long min, c: Double 1e20.
    assert w.local(("n", "gt", 1e30)) == set()
    assert w.local(("n", "gteq", 1e30)) == set()
    assert w.local(("n", "eq", 1e30)) == set()
    assert w.local(("n", "neq", 1e30)) == w.all
    assert w.local(("n", "lt", 1e30)) == w.all
    assert w.local(("n", "lteq", 1e30)) == w.all
    # Beyond the Long range but below the Double: doubles still compare as doubles.
    assert w.local(("n", "gt", 1e19)) == {w.c}
    assert w.local(("n", "lt", 1e19)) == {w.root, w.a, w.b}
    assert w.local(("n", "eq", 1e20)) == {w.c}
    # A JSON number is a double: 9223372036854775807 arrives as 2^63, one above Long's maximum.
    assert w.local(("n", "gt", LONG_MAX)) == {w.c}
    assert w.local(("n", "gteq", LONG_MAX)) == {w.c}
    assert w.local(("n", "lteq", LONG_MAX)) == {w.root, w.a, w.b}
    assert w.local(("n", "eq", LONG_MAX)) == set()
    # Below the range; Long's minimum, -2^63, is a double exactly and still compares.
    assert w.local(("n", "lt", -1e30)) == set()
    assert w.local(("n", "gt", -1e30)) == w.all
    assert w.local(("n", "gteq", -1e19)) == w.all
    assert w.local(("n", "eq", LONG_MIN)) == {w.b}
    assert w.local(("n", "lteq", LONG_MIN)) == {w.b}
    # A typed null compares with nothing; with neq it differs, as from any value.
    assert w.local(("z", "lt", 1e30)) == {w.a}
    assert w.local(("z", "gt", -1e30)) == {w.a}
    assert w.local(("z", "neq", 1e30)) == {w.a, w.root}
    assert w.process(("n", "eq", 1e30)) == set()
    assert w.process(("n", "neq", -1e30)) == w.all
    assert w.count(("n", "gt", 1e30)) == 0
    assert w.count(("n", "lt", 1e30)) == 4


def test_ignore_case_folds_letters_beyond_ascii(world: World) -> None:
    w = world
    assert w.local(("city", "eq", "münchen")) == {w.b}
    assert w.local(("city", "eq", "MÜNCHEN"), values_ci=True) == {w.a, w.b}
    assert w.local(("city", "eq", "München"), values_ci=True) == {w.a, w.b}
    assert w.local(("city", "neq", "MÜNCHEN"), values_ci=True) == {w.c}
    assert w.local(("city", "like", "%ÜN%"), values_ci=True) == {w.a, w.b}
    assert w.local(("city", "like", "ZÜ%"), values_ci=True) == {w.c}
    assert w.local(("city", "like", "%ÜN%")) == {w.a}
    assert w.count(("city", "eq", "MÜNCHEN"), values_ci=True) == 2
    assert w.local(("ärger", "eq", "x")) == set()
    assert w.local(("ÄRGER", "eq", "x"), names_ci=True) == {w.a}
    assert w.process(("ORT", "eq", "österreich"), names_ci=True, values_ci=True) == w.all


def test_like_takes_backslash_as_its_escape(world: World) -> None:
    w = world
    # code — a: X_Y%Z, b: XAYBZ, c: X\Y.
    assert w.local(("code", "like", "X_Y%")) == {w.a, w.b, w.c}  # _ is any one character, \ too
    assert w.local(("code", "like", "X\\_Y%")) == {w.a}
    assert w.local(("code", "like", "X\\_Y\\%Z")) == {w.a}
    assert w.local(("code", "like", "%\\%%")) == {w.a}
    assert w.local(("code", "like", "x\\_y%"), values_ci=True) == {w.a}
    assert w.local(("code", "like", "X\\\\Y")) == {w.c}
    assert w.local(("code", "like", "%\\\\")) == set()
    # Outside like a backslash is just a character.
    assert w.local(("code", "eq", "X\\Y")) == {w.c}
    assert w.count(("code", "like", "X\\_Y%")) == 1


@pytest.mark.parametrize("pattern", ["X\\", "50\\\\\\", "\\"])
def test_a_like_pattern_ending_in_a_lone_backslash_is_rejected(world: World, pattern: str) -> None:
    w = world
    filters = [v("code", "eq", "x"), v("code", "like", pattern)]
    failed = expect_error(lambda: w.engine.executions.QueryExecutions(
        execution_pb2.QueryExecutionsRequest(variables=filters)), grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["variables[1].value"]
    failed = expect_error(lambda: w.engine.executions.CountExecutions(
        execution_pb2.CountExecutionsRequest(variables=filters, variable_values_ignore_case=True)),
        grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_VALUE")
    assert failed.fields == ["variables[1].value"]


def test_long_text_values_are_stored_and_found(server) -> None:  # type: ignore[no-untyped-def]
    """Text far beyond a PostgreSQL btree entry (about 2.7 kB) is stored and found: the index
    holds the first 200 characters, equality compares them and then the whole value."""
    engine = Scenario(server.api())
    definition = engine.deploy_one("parallel_review.bpmn")
    long_latin = "a" * 3000 + "-end"
    long_cjk = "漢" * 1200
    same_prefix = "a" * 3000 + "-other"
    root = engine.run(definition, {"doc": long_latin})
    other = engine.run(definition, {"doc": long_cjk})
    third = engine.run(definition, {"doc": same_prefix})

    def roots(*filters: tuple[str, str, Any]) -> set[str]:
        return engine.ids(process_definition_id=definition, variables=[v(*f) for f in filters])

    assert roots(("doc", "eq", long_latin)) == {root}
    assert roots(("doc", "eq", long_cjk)) == {other}
    assert roots(("doc", "eq", same_prefix)) == {third}
    assert roots(("doc", "eq", "a" * 200)) == set()  # the prefix alone is not the value
    assert roots(("doc", "neq", long_latin)) == {other, third}
    assert roots(("doc", "like", "%-end")) == {root}
    assert roots(("doc", "eq", long_latin.upper())) == set()
    assert engine.ids(process_definition_id=definition, variables=[v("doc", "eq", long_latin.upper())],
                      variable_values_ignore_case=True) == {root}
