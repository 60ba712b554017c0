"""QueryExecutions variable filters: every operator on strings, Integer/Long/Short, doubles,
dates and booleans for `variables` (local to the execution), eq/neq for `process_variables`
(the instance's), `like` with % wildcards, both ignore-case flags, and null."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.engine.scenario import Scenario, VariableQueries, v
from tests.support import unique


@dataclass
class World(VariableQueries):
    # Instance one: its root and three concurrent executions a, b, c; instance two: root2 and its paths.
    root: str
    a: str
    b: str
    c: str
    root2: str
    others2: set[str]

    @property
    def first(self) -> set[str]:
        return {self.root, self.a, self.b, self.c}

    @property
    def second(self) -> set[str]:
        return {self.root2} | self.others2


@pytest.fixture(scope="module")
def world(server):  # type: ignore[no-untyped-def]
    engine = Scenario(server.api())
    definition = engine.deploy_one("parallel_review.bpmn")
    root = engine.run(definition, {
        "region": "north", "tier": 2, "vip": True, "num": ("25.5", "Double"), "flag": True,
        "due": ("2023-03-01T00:00:00.000+0000", "Date"),
    })
    a = engine.at_activity(root, "ReviewLegal")
    b = engine.at_activity(root, "ReviewFinance")
    c = engine.at_activity(root, "ReviewTech")
    engine.set_local(a, {"word": "apple", "label": "Alpha", "num": (10, "Integer"), "flag": True,
                         "due": ("2024-01-01T00:00:00.000+0000", "Date"), "nothing": None,
                         "ratio": 0.25, "snowflake": ("9007199254740993", "Long")})
    engine.set_local(b, {"word": "banana", "label": "BETA", "num": (20, "Long"), "flag": False,
                         "due": ("2024-06-15T12:00:00.000+0000", "Date"), "big": (2**40, "Long"),
                         "ratio": 0.5, "Mixed_Name": "x", "snowflake": ("9007199254740994", "Long")})
    engine.set_local(c, {"word": "cherry_pie 100%", "num": (30, "Short"),
                         "due": ("2025-01-01T00:00:00.000+0000", "Date"), "ratio": ("1", "Double"),
                         "text_number": "20", "snowflake": "9007199254740993"})
    root2 = engine.run(definition, {"region": "South", "tier": 3, "vip": False, "word": "apple",
                                    "order_id": ("-9007199254740995", "Long")})
    others2 = {e.id for e in engine.tree(root2)} - {root2}
    return World(engine, definition, root, a, b, c, root2, others2)


def test_strings_every_operator(world: World) -> None:
    w = world
    assert w.local(("word", "eq", "apple")) == {w.a, w.root2}
    assert w.local(("word", "neq", "apple")) == {w.b, w.c}
    # Text compares as text; an execution without the variable never matches, not even neq.
    # (Lower-case values only: how upper and lower case order is the database's collation.)
    assert w.local(("word", "gt", "b")) == {w.b, w.c}
    assert w.local(("word", "gt", "banana")) == {w.c}
    assert w.local(("word", "gteq", "banana")) == {w.b, w.c}
    assert w.local(("word", "lt", "banana")) == {w.a, w.root2}
    assert w.local(("word", "lteq", "banana")) == {w.a, w.b, w.root2}
    # A text value never matches a number stored in another type, nor the reverse; so with
    # neq (the negation of eq, as in the document's engine) a variable of another type differs.
    assert w.local(("text_number", "eq", "20")) == {w.c}
    assert w.local(("num", "eq", "20")) == set()
    assert w.local(("text_number", "neq", 20)) == {w.c}
    assert w.local(("num", "neq", "20")) == {w.a, w.b, w.c, w.root}
    assert w.local(("nothing", "neq", "x")) == {w.a}


def test_like_with_wildcards(world: World) -> None:
    w = world
    assert w.local(("word", "like", "%an%")) == {w.b}
    assert w.local(("word", "like", "app%")) == {w.a, w.root2}
    assert w.local(("word", "like", "%e")) == {w.a, w.root2}
    assert w.local(("word", "like", "cherry%100%")) == {w.c}
    assert w.local(("word", "like", "apple")) == {w.a, w.root2}
    # like is case-sensitive unless values ignore case (on SQLite as on PostgreSQL).
    assert w.local(("label", "like", "b%")) == set()
    assert w.local(("label", "like", "b%"), values_ci=True) == {w.b}
    assert w.local(("label", "like", "%LP%"), values_ci=True) == {w.a}


def test_ignore_case_flags(world: World) -> None:
    w = world
    assert w.local(("label", "eq", "beta")) == set()
    assert w.local(("label", "eq", "beta"), values_ci=True) == {w.b}
    assert w.local(("label", "neq", "beta")) == {w.a, w.b}
    assert w.local(("label", "neq", "alpha"), values_ci=True) == {w.b}
    assert w.local(("WORD", "eq", "apple")) == set()
    assert w.local(("WORD", "eq", "apple"), names_ci=True) == {w.a, w.root2}
    assert w.local(("mixed_name", "eq", "X"), names_ci=True, values_ci=True) == {w.b}
    assert w.process(("REGION", "eq", "NORTH"), names_ci=True, values_ci=True) == w.first
    assert w.process(("region", "eq", "south"), values_ci=True) == w.second


def test_integral_numbers_every_operator_across_integer_long_short_and_double(world: World) -> None:
    w = world
    # a: Integer 10, b: Long 20, c: Short 30, root: Double 25.5.
    assert w.local(("num", "eq", 20)) == {w.b}
    assert w.local(("num", "neq", 20)) == {w.a, w.c, w.root}
    assert w.local(("num", "gt", 20)) == {w.c, w.root}
    assert w.local(("num", "gteq", 20)) == {w.b, w.c, w.root}
    assert w.local(("num", "lt", 20)) == {w.a}
    assert w.local(("num", "lteq", 20)) == {w.a, w.b}
    assert w.local(("num", "gt", 25.5)) == {w.c}
    assert w.local(("num", "eq", 25.5)) == {w.root}
    assert w.local(("num", "lt", 10.5)) == {w.a}
    assert w.local(("big", "eq", 2**40)) == {w.b}
    assert w.local(("big", "gt", 2**39)) == {w.b}


def test_longs_beyond_2_to_the_53_compare_exactly_when_given_as_text(world: World) -> None:
    w = world
    # a: Long 2^53+1, b: Long 2^53+2, c: String "9007199254740993"; root2: process Long -(2^53+3).
    # As a JSON number (a double) 2^53+1 arrives as 2^53, so it cannot find a ...
    assert w.local(("snowflake", "eq", 2**53 + 1)) == set()
    # ... while the same number as text finds it exactly, and the String that spells it.
    assert w.local(("snowflake", "eq", "9007199254740993")) == {w.a, w.c}
    assert w.local(("snowflake", "neq", "9007199254740993")) == {w.b}
    assert w.local(("snowflake", "eq", " +9007199254740993")) == {w.a}  # the String is other text
    assert w.local(("snowflake", "gt", "9007199254740993")) == {w.b}
    assert w.local(("snowflake", "gteq", "9007199254740993")) == {w.a, w.b, w.c}
    assert w.local(("snowflake", "lt", "9007199254740994")) == {w.a, w.c}  # c: as text, "…93" < "…94"
    assert w.process(("order_id", "eq", "-9007199254740995")) == w.second
    assert w.process(("order_id", "neq", "-9007199254740995")) == set()
    # Only beyond 2^53, where a JSON number cannot be exact: smaller text stays text, as in the
    # document's engine, and so does text beyond the Long range; like is always a text pattern.
    assert w.local(("num", "eq", "20")) == set()
    assert w.local(("snowflake", "eq", "99999999999999999999")) == set()
    assert w.local(("snowflake", "like", "9007199254740993")) == {w.c}


def test_doubles_every_operator(world: World) -> None:
    w = world
    # a: 0.25, b: 0.5, c: 1.0 (all Double).
    assert w.local(("ratio", "eq", 0.5)) == {w.b}
    assert w.local(("ratio", "neq", 0.5)) == {w.a, w.c}
    assert w.local(("ratio", "gt", 0.25)) == {w.b, w.c}
    assert w.local(("ratio", "gteq", 0.5)) == {w.b, w.c}
    assert w.local(("ratio", "lt", 1)) == {w.a, w.b}
    assert w.local(("ratio", "lteq", 0.25)) == {w.a}
    assert w.local(("ratio", "eq", 1)) == {w.c}


def test_dates_compare_through_date_text(world: World) -> None:
    w = world
    middle = "2024-06-15T12:00:00.000+0000"
    assert w.local(("due", "eq", middle)) == {w.b}
    assert w.local(("due", "neq", middle)) == {w.a, w.c, w.root}
    assert w.local(("due", "gt", middle)) == {w.c}
    assert w.local(("due", "gteq", middle)) == {w.b, w.c}
    assert w.local(("due", "lt", middle)) == {w.a, w.root}
    assert w.local(("due", "lteq", middle)) == {w.a, w.b, w.root}
    # The same instant written in another zone, or in ISO-8601.
    assert w.local(("due", "eq", "2024-06-15T14:00:00.000+0200")) == {w.b}
    assert w.local(("due", "eq", "2024-06-15T12:00:00Z")) == {w.b}


def test_booleans_eq_and_neq(world: World) -> None:
    w = world
    assert w.local(("flag", "eq", True)) == {w.a, w.root}
    assert w.local(("flag", "eq", False)) == {w.b}
    assert w.local(("flag", "neq", True)) == {w.b}
    assert w.process(("vip", "eq", True)) == w.first
    assert w.process(("vip", "neq", True)) == w.second


def test_process_variables_eq_and_neq_per_type(world: World) -> None:
    w = world
    # Instance one: root num 25.5 (Double), due 2023-03-01 (Date), flag true, tier 2; its paths
    # hold more `num`, `due` and `flag` values. Instance two: tier 3 only.
    assert w.process(("num", "eq", 25.5)) == w.first
    assert w.process(("num", "eq", 20)) == w.first  # b's Long 20, in a scope of instance one
    assert w.process(("num", "eq", 99)) == set()
    # neq: some variable of that name in the instance differs (a's 10 differs from 25.5).
    assert w.process(("num", "neq", 25.5)) == w.first
    assert w.process(("tier", "neq", 2)) == w.second
    assert w.process(("due", "eq", "2023-03-01T00:00:00.000+0000")) == w.first
    assert w.process(("due", "eq", "2023-03-02T00:00:00.000+0000")) == set()
    assert w.process(("flag", "eq", False)) == w.first
    assert w.process(("vip", "eq", False)) == w.second
    assert w.process(("ratio", "eq", 0.5)) == w.first


def test_null(world: World) -> None:
    w = world
    assert w.local(("nothing", "eq", None)) == {w.a}
    assert w.local(("word", "neq", None)) == {w.a, w.b, w.c, w.root2}


def test_local_versus_process_variables(world: World) -> None:
    w = world
    # The root's local variables are the process variables; other executions have their own.
    assert w.local(("region", "eq", "north")) == {w.root}
    assert w.process(("region", "eq", "north")) == w.first
    assert w.process(("region", "neq", "north")) == w.second
    assert w.process(("tier", "eq", 3)) == w.second
    assert w.process(("tier", "neq", 3)) == w.first
    # As the document's engine, process_variables look at every variable of the instance, in
    # any scope: `word` is local to a in instance one and a process variable of instance two.
    assert w.process(("word", "eq", "apple")) == w.first | w.second
    assert w.process(("word", "eq", "banana")) == w.first
    assert w.process(("parcel", "eq", "apple")) == set()
    # Filters combine with AND, across both lists.
    assert w.engine.ids(process_definition_id=w.definition, variables=[v("word", "like", "%a%")],
                        process_variables=[v("region", "eq", "north")]) == {w.a, w.b}
    assert w.local(("word", "like", "%a%"), ("num", "gt", 15)) == {w.b}


def test_count_agrees(world: World) -> None:
    w = world
    for filters in ([v("num", "gt", 15)], [v("word", "like", "%a%")], [v("flag", "eq", True)], []):
        assert w.engine.count(process_definition_id=w.definition, variables=filters) == len(
            w.engine.ids(process_definition_id=w.definition, variables=filters))
    assert w.engine.count(process_definition_id=w.definition, process_variables=[v("region", "eq", "north")]) == 4


def test_unknown_names_match_nothing(world: World) -> None:
    w = world
    assert w.local((unique("missing"), "neq", "x")) == set()
    assert w.process((unique("missing"), "eq", 1)) == set()
