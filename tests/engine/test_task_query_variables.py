"""QueryTasks variable filters: task_variables (the task's own), process_variables (its process
instance's own scope only) and case_instance_variables (its case instance's own scope only),
every operator on strings, Integer/Long/Short, doubles, dates, booleans and null, like with its
escapes, both ignore-case flags in all three lists, AND across and within the lists, what other
scopes hold never counting, a task without the variable never matching (not even neq), changes
showing at once, tenants, and the refused filters.

The world lives on the session's server under a tenant of its own: every query names the tenant,
so the other tests' tasks never show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2

from flowkeeper.engine.v1 import execution_pb2, task_pb2
from flowkeeper.engine.v1.types_pb2 import OffsetPage
from tests.engine.case_support import Cases
from tests.engine.history_support import TaskHistory
from tests.engine.scenario import v
from tests.engine.support import typed_map
from tests.engine.task_variables_support import flow, subprocess_scope, tasks_by_key
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error, unique

Filter = tuple[str, str, Any]
MIDDLE = "2024-06-15T12:00:00.000+0000"


@dataclass
class World:
    """Two process instances of ``flow`` and two case instances of case_manual, all of one tenant;
    eight tasks, labelled A..H:

    p1 (process: region "north", tier Integer 2, vip true, num Double 25.5, due Date 2023-03-01,
        nothing null omitted, label "Proc"): A, B, C (C inside Sub). Sub's scope holds its own
        region "inner", tier 99 and sub_only; A's path holds path_only.
        A's own: word "apple", label "Alpha", num Integer 10, flag true, due 2024-01-01, nothing
        null, ratio 0.25, snowflake Long 2^53+1, region "task-a".
        B's own: word "banana", label "BETA", num Long 20, flag false, due MIDDLE, big Long 2^40,
        ratio 0.5, Mixed_Name "x", snowflake Long 2^53+2, typed_null a null Integer.
        C's own: word "cherry_pie 100%", num Short 30, due 2025-01-01, ratio Double 1,
        text_number "20", snowflake String "9007199254740993", back "a\\b".
    p2 (process: region "South", tier Long 3, vip false, word "apple", order_id Long
        -(2^53+3), nothing null): D, E, F (its A, B, C); E's own: Ärger "MÜNCHEN", D and F
        without variables of their own.
    c1 (case: claim "C-1", region "north", amount Integer 300, opened Date 2024-02-01,
        withdrawn false): G, its human task, started with local claim "second" and inner_only on
        its case execution. G's own: word "apple", num Integer 40, label "gamma", claim
        "task-claim".
    c2 (case: claim "C-2", region "South", amount Long 50, withdrawn false): H, its human task,
        without variables of its own."""

    server: ServerHandle
    engine: TaskHistory
    tenant: str
    ids: dict[str, str]  # label -> task id
    owners: dict[str, str]  # p1, p2, c1, c2 -> instance id

    def label(self, task_id: str) -> str:
        return next(label for label, known in self.ids.items() if known == task_id)

    def request(self, task: tuple[Filter, ...] = (), process: tuple[Filter, ...] = (),
                case: tuple[Filter, ...] = (), names_ci: bool = False, values_ci: bool = False,
                **filters: Any) -> task_pb2.QueryTasksRequest:
        return task_pb2.QueryTasksRequest(
            tenant_id_in=[self.tenant], task_variables=[v(*f) for f in task],
            process_variables=[v(*f) for f in process], case_instance_variables=[v(*f) for f in case],
            variable_names_ignore_case=names_ci, variable_values_ignore_case=values_ci, **filters)

    def which(self, engine: TaskHistory | None = None, **query: Any) -> str:
        """The labels of the tasks found, in alphabetical order."""
        found = [t.id for t in (engine or self.engine).tasks.QueryTasks(self.request(**query)).tasks]
        assert len(found) == len(set(found)), found
        return "".join(sorted(self.label(task_id) for task_id in found))

    def task(self, *filters: Filter, **flags: Any) -> str:
        return self.which(task=filters, **flags)

    def process(self, *filters: Filter, **flags: Any) -> str:
        return self.which(process=filters, **flags)

    def case(self, *filters: Filter, **flags: Any) -> str:
        return self.which(case=filters, **flags)


@pytest.fixture(scope="module")
def world(server: ServerHandle) -> World:
    engine, cases = TaskHistory(server.api()), Cases(server.api())
    tenant = unique("tqv")
    process_key = key("tqv_flow")
    definition = engine.deploy_inline(process_key, flow(process_key), tenant)
    case_definition = cases.case_definition_id(cases.deploy_case("case_manual.cmmn", tenant=tenant), "case_manual")

    p1 = engine.start_id(definition, {
        "region": "north", "tier": (2, "Integer"), "vip": True, "num": ("25.5", "Double"),
        "due": ("2023-03-01T00:00:00.000+0000", "Date"), "label": "Proc",
    })
    first = tasks_by_key(engine, p1)
    a, b, c = first["A"], first["B"], first["C"]
    engine.modify_local(subprocess_scope(engine, c), {"region": "inner", "tier": 99, "sub_only": "yes"})
    engine.modify_local(a.execution_id, {"path_only": "yes"})
    engine.modify_task(a.id, {"word": "apple", "label": "Alpha", "num": (10, "Integer"), "flag": True,
                              "due": ("2024-01-01T00:00:00.000+0000", "Date"), "nothing": None, "ratio": 0.25,
                              "snowflake": ("9007199254740993", "Long"), "region": "task-a"}, local=True)
    engine.modify_task(b.id, {"word": "banana", "label": "BETA", "num": (20, "Long"), "flag": False,
                              "due": (MIDDLE, "Date"), "big": (2**40, "Long"), "ratio": 0.5, "Mixed_Name": "x",
                              "snowflake": ("9007199254740994", "Long"), "typed_null": (None, "Integer")},
                       local=True)
    engine.modify_task(c.id, {"word": "cherry_pie 100%", "num": (30, "Short"),
                              "due": ("2025-01-01T00:00:00.000+0000", "Date"), "ratio": ("1", "Double"),
                              "text_number": "20", "snowflake": "9007199254740993", "back": "a\\b"}, local=True)

    p2 = engine.start_id(definition, {"region": "South", "tier": (3, "Long"), "vip": False, "word": "apple",
                                      "order_id": ("-9007199254740995", "Long"), "nothing": None})
    second = tasks_by_key(engine, p2)
    engine.modify_task(second["B"].id, {"Ärger": "MÜNCHEN"}, local=True)

    def start_case(variables: dict[str, Any], local: dict[str, Any]) -> tuple[str, task_pb2.Task]:
        created = cases.create(id=case_definition, variables={"needsApproval": False, **variables})
        cases.manual_start(cases.execution(created.id, "PI_Optional").id, local_variables=typed_map(local))
        [task] = cases.case_tasks(created.id)
        return created.id, task

    c1, g = start_case({"checker": "carol", "claim": "C-1", "region": "north", "amount": (300, "Integer"),
                        "opened": ("2024-02-01T00:00:00.000+0000", "Date"), "withdrawn": False},
                       {"claim": "second", "inner_only": "yes"})
    engine.modify_task(g.id, {"word": "apple", "num": (40, "Integer"), "label": "gamma", "claim": "task-claim"},
                       local=True)
    c2, h = start_case({"checker": "dave", "claim": "C-2", "region": "South", "amount": (50, "Long"),
                        "withdrawn": False}, {})

    ids = {"A": a.id, "B": b.id, "C": c.id, "D": second["A"].id, "E": second["B"].id, "F": second["C"].id,
           "G": g.id, "H": h.id}
    world = World(server, engine, tenant, ids, {"p1": p1, "p2": p2, "c1": c1, "c2": c2})
    assert world.which() == "ABCDEFGH"
    return world


def test_the_world_s_variables_live_where_the_world_says(world: World) -> None:
    """What the filters below rely on: the task's own, the instance's and the inner scopes'
    variables are apart."""
    w, e = world, world.engine
    cases = Cases(w.server.api())
    local = e.tasks.GetTaskVariables(task_pb2.GetTaskVariablesRequest(task_id=w.ids["A"], local_only=True)).variables
    assert set(local) == {"word", "label", "num", "flag", "due", "nothing", "ratio", "snowflake", "region"}
    assert set(e.variables(w.owners["p1"])) == {"region", "tier", "vip", "num", "due", "label"}
    assert e.variables(w.owners["p1"])["region"] == ("north", "String")
    assert set(cases.case_variables(w.owners["c1"])) == {"needsApproval", "checker", "claim", "region", "amount",
                                                         "opened", "withdrawn"}
    assert cases.case_variables(w.owners["c1"])["claim"] == ("C-1", "String")
    [g] = cases.case_tasks(w.owners["c1"])
    assert g.id == w.ids["G"] and g.case_instance_id == w.owners["c1"] and not g.process_instance_id


def test_task_variables_strings_every_operator(world: World) -> None:
    w = world
    assert w.task(("word", "eq", "apple")) == "AG"
    assert w.task(("word", "neq", "apple")) == "BC"  # a task without the variable never matches
    # (Lower-case values only: how upper and lower case order is the database's collation.)
    assert w.task(("word", "gt", "b")) == "BC"
    assert w.task(("word", "gt", "banana")) == "C"
    assert w.task(("word", "gteq", "banana")) == "BC"
    assert w.task(("word", "lt", "banana")) == "AG"
    assert w.task(("word", "lteq", "banana")) == "ABG"
    # Text never matches a number of another type, nor the reverse; neq, the negation of eq
    # among the variables of that name, matches a variable of another type.
    assert w.task(("text_number", "eq", "20")) == "C"
    assert w.task(("num", "eq", "20")) == ""
    assert w.task(("text_number", "neq", 20)) == "C"
    assert w.task(("num", "neq", "20")) == "ABCG"
    assert w.task(("nothing", "neq", "x")) == "A"


def test_task_variables_like_with_wildcards_and_escapes(world: World) -> None:
    w = world
    assert w.task(("word", "like", "%an%")) == "B"
    assert w.task(("word", "like", "app%")) == "AG"
    assert w.task(("word", "like", "%e")) == "AG"
    assert w.task(("word", "like", "apple")) == "AG"
    assert w.task(("word", "like", "cherry%100%")) == "C"
    assert w.task(("word", "like", "_pple")) == "AG"
    assert w.task(("word", "like", "cherry\\_pie 100\\%")) == "C"  # escaped: literal _ and %
    assert w.task(("word", "like", "cherry\\%")) == ""
    assert w.task(("word", "like", "%100\\%")) == "C"
    assert w.task(("back", "like", "a\\\\b")) == "C"  # an escaped backslash is one backslash
    assert w.task(("back", "like", "a\\b")) == ""  # \b is a literal b: "ab"
    # like is text only, case-sensitive unless values ignore case.
    assert w.task(("snowflake", "like", "9007199254740993")) == "C"
    assert w.task(("label", "like", "b%")) == ""
    assert w.task(("label", "like", "b%"), values_ci=True) == "B"
    assert w.task(("label", "like", "%LP%"), values_ci=True) == "A"
    assert w.task(("label", "like", "%AMM%"), values_ci=True) == "G"


def test_ignore_case_flags_in_all_three_lists(world: World) -> None:
    w = world
    assert w.task(("label", "eq", "beta")) == ""
    assert w.task(("label", "eq", "beta"), values_ci=True) == "B"
    assert w.task(("label", "neq", "beta")) == "ABG"
    assert w.task(("label", "neq", "alpha"), values_ci=True) == "BG"
    assert w.task(("label", "gt", "B"), values_ci=True) == "BG"  # beta, gamma > b
    assert w.task(("WORD", "eq", "apple")) == ""
    assert w.task(("WORD", "eq", "apple"), names_ci=True) == "AG"
    assert w.task(("mixed_name", "eq", "X"), names_ci=True, values_ci=True) == "B"
    assert w.task(("mixed_name", "eq", "X"), names_ci=True) == ""
    assert w.process(("REGION", "eq", "NORTH")) == ""
    assert w.process(("REGION", "eq", "NORTH"), names_ci=True, values_ci=True) == "ABC"
    assert w.process(("region", "eq", "south"), values_ci=True) == "DEF"
    assert w.process(("region", "like", "SOU%"), values_ci=True) == "DEF"
    assert w.process(("Region", "eq", "South"), names_ci=True) == "DEF"
    assert w.case(("REGION", "eq", "NORTH"), names_ci=True, values_ci=True) == "G"
    assert w.case(("CLAIM", "eq", "c-2"), names_ci=True, values_ci=True) == "H"
    assert w.case(("claim", "eq", "c-2"), names_ci=True) == ""
    # Every letter folds, not only ASCII ones (on SQLite as on PostgreSQL).
    assert w.task(("ärger", "eq", "MÜNCHEN")) == ""
    assert w.task(("ärger", "eq", "MÜNCHEN"), names_ci=True) == "E"
    assert w.task(("Ärger", "eq", "münchen")) == ""
    assert w.task(("Ärger", "eq", "münchen"), values_ci=True) == "E"
    assert w.task(("ÄRGER", "like", "mün%"), names_ci=True, values_ci=True) == "E"


def test_integral_numbers_every_operator_across_integer_long_short_and_double(world: World) -> None:
    w = world
    # A: Integer 10, B: Long 20, C: Short 30, G: Integer 40.
    assert w.task(("num", "eq", 20)) == "B"
    assert w.task(("num", "neq", 20)) == "ACG"
    assert w.task(("num", "gt", 20)) == "CG"
    assert w.task(("num", "gteq", 20)) == "BCG"
    assert w.task(("num", "lt", 20)) == "A"
    assert w.task(("num", "lteq", 20)) == "AB"
    assert w.task(("num", "gt", 25.5)) == "CG"
    assert w.task(("num", "eq", 25.5)) == ""
    assert w.task(("num", "lt", 10.5)) == "A"
    assert w.task(("num", "eq", 10.0)) == "A"
    assert w.task(("big", "eq", 2**40)) == "B"
    assert w.task(("big", "gt", 2**39)) == "B"
    # Beyond the 64-bit range: beyond every such value.
    assert w.task(("num", "gt", 1e30)) == ""
    assert w.task(("num", "eq", 1e30)) == ""
    assert w.task(("num", "lt", 1e30)) == "ABCG"
    assert w.task(("num", "neq", 1e30)) == "ABCG"
    # Process and case variables alike: p1's num is a Double 25.5, p2's tier a Long 3.
    assert w.process(("num", "eq", 25.5)) == "ABC"
    assert w.process(("num", "gt", 25)) == "ABC"
    assert w.process(("num", "lt", 25)) == ""
    assert w.process(("tier", "gteq", 3)) == "DEF"
    assert w.process(("tier", "lt", 3)) == "ABC"
    assert w.case(("amount", "gt", 100)) == "G"
    assert w.case(("amount", "lteq", 50)) == "H"
    assert w.case(("amount", "lt", 1000)) == "GH"
    assert w.case(("amount", "neq", 300)) == "H"


def test_doubles_every_operator(world: World) -> None:
    w = world
    # A: 0.25, B: 0.5, C: 1.0 (all Double).
    assert w.task(("ratio", "eq", 0.5)) == "B"
    assert w.task(("ratio", "neq", 0.5)) == "AC"
    assert w.task(("ratio", "gt", 0.25)) == "BC"
    assert w.task(("ratio", "gteq", 0.5)) == "BC"
    assert w.task(("ratio", "lt", 1)) == "AB"
    assert w.task(("ratio", "lteq", 0.25)) == "A"
    assert w.task(("ratio", "eq", 1)) == "C"


def test_longs_beyond_2_to_the_53_compare_exactly_when_given_as_text(world: World) -> None:
    w = world
    # A: Long 2^53+1, B: Long 2^53+2, C: String "9007199254740993"; p2: Long -(2^53+3).
    assert w.task(("snowflake", "eq", 2**53 + 1)) == ""  # as a JSON number it arrives as 2^53
    assert w.task(("snowflake", "eq", "9007199254740993")) == "AC"
    assert w.task(("snowflake", "neq", "9007199254740993")) == "B"
    assert w.task(("snowflake", "eq", " +9007199254740993")) == "A"  # the String is other text
    assert w.task(("snowflake", "gt", "9007199254740993")) == "B"
    assert w.task(("snowflake", "gteq", "9007199254740993")) == "ABC"
    assert w.task(("snowflake", "lt", "9007199254740994")) == "AC"
    assert w.task(("snowflake", "eq", "99999999999999999999")) == ""
    assert w.process(("order_id", "eq", "-9007199254740995")) == "DEF"
    assert w.process(("order_id", "neq", "-9007199254740995")) == ""
    assert w.process(("order_id", "lt", "-9007199254740994")) == "DEF"


def test_dates_compare_through_date_text(world: World) -> None:
    w = world
    # A: 2024-01-01, B: MIDDLE (2024-06-15 12:00), C: 2025-01-01.
    assert w.task(("due", "eq", MIDDLE)) == "B"
    assert w.task(("due", "neq", MIDDLE)) == "AC"
    assert w.task(("due", "gt", MIDDLE)) == "C"
    assert w.task(("due", "gteq", MIDDLE)) == "BC"
    assert w.task(("due", "lt", MIDDLE)) == "A"
    assert w.task(("due", "lteq", MIDDLE)) == "AB"
    # The same instant written in another zone, or in ISO-8601.
    assert w.task(("due", "eq", "2024-06-15T14:00:00.000+0200")) == "B"
    assert w.task(("due", "eq", "2024-06-15T12:00:00Z")) == "B"
    assert w.process(("due", "eq", "2023-03-01T00:00:00.000+0000")) == "ABC"
    assert w.process(("due", "lt", "2024-01-01T00:00:00Z")) == "ABC"
    assert w.process(("due", "gt", "2024-01-01T00:00:00Z")) == ""
    assert w.case(("opened", "gteq", "2024-02-01T00:00:00Z")) == "G"
    assert w.case(("opened", "lt", "2024-02-01T00:00:00Z")) == ""


def test_booleans_eq_and_neq(world: World) -> None:
    w = world
    assert w.task(("flag", "eq", True)) == "A"
    assert w.task(("flag", "eq", False)) == "B"
    assert w.task(("flag", "neq", True)) == "B"
    assert w.process(("vip", "eq", True)) == "ABC"
    assert w.process(("vip", "neq", True)) == "DEF"
    assert w.case(("withdrawn", "eq", False)) == "GH"
    assert w.case(("withdrawn", "neq", False)) == ""


def test_null_and_typed_null(world: World) -> None:
    w = world
    assert w.task(("nothing", "eq", None)) == "A"
    assert w.task(("nothing", "neq", None)) == ""
    assert w.task(("word", "neq", None)) == "ABCG"
    assert w.process(("nothing", "eq", None)) == "DEF"
    assert w.process(("region", "neq", None)) == "ABCDEF"
    assert w.case(("claim", "neq", None)) == "GH"
    # B's typed_null is an Integer without a value: null, and different from any value.
    assert w.task(("typed_null", "eq", None)) == "B"
    assert w.task(("typed_null", "eq", 5)) == ""
    assert w.task(("typed_null", "neq", 5)) == "B"
    assert w.task(("typed_null", "neq", "x")) == "B"


def test_process_variables_are_the_instance_s_own_scope_only(world: World) -> None:
    w = world
    assert w.process(("region", "eq", "north")) == "ABC"  # C too, inside the subprocess
    assert w.process(("region", "neq", "north")) == "DEF"  # a case's task has no process variables
    assert w.process(("region", "like", "%o%")) == "ABCDEF"
    # Sub's scope: its region "inner" and tier 99 are no process variables, with any operator.
    assert w.process(("region", "eq", "inner")) == ""
    assert w.process(("tier", "eq", 99)) == ""
    assert w.process(("tier", "gt", 50)) == ""
    assert w.process(("sub_only", "eq", "yes")) == ""
    assert w.process(("sub_only", "neq", "no")) == ""
    # A path's variables and a task's own neither.
    assert w.process(("path_only", "eq", "yes")) == ""
    assert w.process(("region", "eq", "task-a")) == ""
    assert w.process(("snowflake", "neq", "0")) == ""
    # p2's own `word` is a process variable; A's and G's `word` are theirs alone.
    assert w.process(("word", "eq", "apple")) == "DEF"
    assert w.process(("word", "like", "%")) == "DEF"
    # A case's variables are no process variables.
    assert w.process(("claim", "eq", "C-1")) == ""
    assert w.process(("withdrawn", "neq", True)) == ""


def test_case_instance_variables_are_the_case_s_own_scope_only(world: World) -> None:
    w = world
    assert w.case(("claim", "eq", "C-1")) == "G"
    assert w.case(("claim", "neq", "C-1")) == "H"  # a process's task has no case variables
    assert w.case(("claim", "like", "C-%")) == "GH"
    assert w.case(("region", "eq", "north")) == "G"  # not p1's tasks, whose instance has one too
    assert w.case(("region", "neq", "north")) == "H"
    # G's case execution's own (claim "second", inner_only) and G's own are no case variables.
    assert w.case(("claim", "eq", "second")) == ""
    assert w.case(("inner_only", "eq", "yes")) == ""
    assert w.case(("inner_only", "neq", "no")) == ""
    assert w.case(("claim", "eq", "task-claim")) == ""
    assert w.case(("word", "eq", "apple")) == ""
    assert w.case(("num", "gt", 0)) == ""
    # A process's variables are no case variables.
    assert w.case(("vip", "eq", True)) == ""
    assert w.case(("tier", "neq", 0)) == ""


def test_task_variables_are_the_task_s_own_only(world: World) -> None:
    w = world
    assert w.task(("region", "eq", "task-a")) == "A"
    assert w.task(("region", "eq", "north")) == ""  # p1's and c1's, not a task's
    assert w.task(("region", "neq", "task-a")) == ""  # the other tasks have none of their own
    assert w.task(("claim", "eq", "task-claim")) == "G"
    assert w.task(("claim", "eq", "second")) == ""  # G's case execution's
    assert w.task(("claim", "eq", "C-1")) == ""
    assert w.task(("sub_only", "eq", "yes")) == ""
    assert w.task(("path_only", "eq", "yes")) == ""
    assert w.task(("tier", "neq", 0)) == ""


def test_filters_combine_with_and(world: World) -> None:
    w = world
    o = w.owners
    # Within one list.
    assert w.task(("num", "gt", 5), ("num", "lt", 35)) == "ABC"
    assert w.task(("word", "like", "%a%"), ("num", "gt", 15)) == "BG"
    assert w.task(("word", "eq", "apple"), ("word", "eq", "banana")) == ""
    assert w.process(("region", "like", "%o%"), ("vip", "eq", False)) == "DEF"
    assert w.case(("claim", "like", "C-%"), ("amount", "gt", 100)) == "G"
    # Across lists.
    assert w.which(task=[("word", "like", "%a%"), ("num", "gt", 15)], process=[("region", "eq", "north")]) == "B"
    assert w.which(task=[("word", "eq", "apple")], process=[("region", "neq", "x")]) == "A"
    assert w.which(task=[("word", "eq", "apple")], case=[("claim", "eq", "C-1")]) == "G"
    assert w.which(task=[("word", "eq", "apple")], case=[("claim", "eq", "C-2")]) == ""
    assert w.which(process=[("region", "neq", "x")], case=[("claim", "neq", "x")]) == ""
    # With the other filters.
    assert w.task(("word", "like", "%a%"), process_instance_id=o["p1"]) == "AB"
    assert w.process(("vip", "eq", False), task_definition_key="C") == "F"
    assert w.case(("claim", "like", "C-%"), assignee="dave") == "H"
    assert w.case(("claim", "like", "C-%"), case_instance_id=o["c1"]) == "G"
    assert w.process(("region", "eq", "north"), case_instance_id=o["c1"]) == ""


def test_paging_through_a_filtered_query(world: World) -> None:
    w = world
    everything = [t.id for t in w.engine.tasks.QueryTasks(w.request(process=[("region", "like", "%")])).tasks]
    assert sorted(w.label(i) for i in everything) == list("ABCDEF")
    pages = [[t.id for t in w.engine.tasks.QueryTasks(w.request(
        process=[("region", "like", "%")], page=OffsetPage(first_result=first, max_results=2))).tasks]
        for first in (0, 2, 4, 6)]
    assert pages[0] + pages[1] + pages[2] == everything and pages[3] == []


def test_unknown_names_match_nothing(world: World) -> None:
    w = world
    missing = unique("missing")
    for operator, value in (("eq", "x"), ("neq", "x"), ("neq", None), ("like", "%"), ("gt", 0)):
        assert w.task((missing, operator, value)) == "", operator
        assert w.process((missing, operator, value)) == "", operator
        assert w.case((missing, operator, value)) == "", operator


def test_a_tenant_token_finds_only_what_it_sees(world: World) -> None:
    w = world
    member = TaskHistory(w.server.api(w.server.token(tenants=(w.tenant,))))
    stranger = TaskHistory(w.server.api(w.server.token(tenants=(unique("other"),))))
    assert w.which(member, process=[("region", "eq", "north")]) == "ABC"
    assert w.which(member, case=[("claim", "like", "C-%")]) == "GH"
    assert w.which(stranger, process=[("region", "eq", "north")]) == ""
    assert w.which(stranger, task=[("word", "eq", "apple")]) == ""


def test_changes_show_at_once(api, server: ServerHandle) -> None:  # type: ignore[no-untyped-def]
    engine, cases = TaskHistory(api), Cases(api)
    tenant = unique("tqv-changes")
    process_key = key("tqv_changes")
    instance = engine.start_id(engine.deploy_inline(process_key, flow(process_key), tenant), {"stage": 1})
    mine = tasks_by_key(engine, instance)
    world = World(server, engine, tenant, {k: t.id for k, t in mine.items()}, {})

    engine.modify_task(mine["A"].id, {"note": "x"}, local=True)
    assert world.task(("note", "eq", "x")) == "A"
    engine.modify_task(mine["A"].id, {"note": "y"}, local=True)
    assert world.task(("note", "eq", "x")) == ""
    assert world.task(("note", "eq", "y")) == "A"
    engine.modify_task(mine["A"].id, deletions=("note",), local=True)
    assert world.task(("note", "neq", "x")) == ""
    assert world.task(("note", "like", "%")) == ""

    assert world.process(("stage", "eq", 1)) == "ABC"
    engine.modify_variables(instance, {"stage": 2})
    assert world.process(("stage", "eq", 1)) == ""
    assert world.process(("stage", "gt", 1)) == "ABC"
    # A write through the task (not local) lands on the instance: a process variable.
    engine.modify_task(mine["B"].id, {"fresh": "yes"})
    assert world.process(("fresh", "eq", "yes")) == "ABC"
    assert world.task(("fresh", "eq", "yes")) == ""
    engine.modify_variables(instance, deletions=("stage",))
    assert world.process(("stage", "neq", 0)) == ""
    # A completed task is no runtime task any more; its completion's variables are the instance's.
    engine.complete(mine["A"].id, {"approved": True})
    assert world.process(("approved", "eq", True)) == "BC"

    # A case variable set, changed and deleted.
    case_definition = cases.case_definition_id(cases.deploy_case("case_manual.cmmn", tenant=tenant), "case_manual")
    created = cases.create(id=case_definition, variables={"needsApproval": False, "checker": "carol"})
    cases.manual_start(cases.execution(created.id, "PI_Optional").id)
    [task] = cases.case_tasks(created.id)
    world.ids["G"] = task.id
    assert world.case(("checker", "eq", "carol")) == "G"
    cases.modify(created.id, {"checker": "dave", "level": 3})
    assert world.case(("checker", "eq", "carol")) == ""
    assert world.case(("checker", "eq", "dave"), ("level", "gteq", 3)) == "G"
    cases.modify(created.id, {}, deletions=("level",))
    assert world.case(("level", "neq", 0)) == ""
    # A write through the case's task (not local) lands on the case: a case variable.
    engine.modify_task(task.id, {"via_task": "yes"})
    assert world.case(("via_task", "eq", "yes")) == "G"
    assert world.task(("via_task", "eq", "yes")) == ""
    engine.modify_task(task.id, {"own": "yes"}, local=True)
    assert world.case(("own", "eq", "yes")) == ""
    assert world.task(("own", "eq", "yes")) == "G"


def _param(name: str, operator: str, raw: Any = "x", *, no_value: bool = False) -> execution_pb2.VariableQueryParameter:
    if no_value:
        return execution_pb2.VariableQueryParameter(name=name, operator=operator)
    return v(name, operator, raw)


REFUSED: list[tuple[dict[str, Any], str, str]] = [
    # (request fields, reason, field)
    ({"task_variables": [_param("a", "eq"), _param("b", "contains")]}, "INVALID_VARIABLE_OPERATOR",
     "task_variables[1].operator"),
    ({"process_variables": [_param("a", "")]}, "INVALID_VARIABLE_OPERATOR", "process_variables[0].operator"),
    ({"process_variables": [_param("a", "between")]}, "INVALID_VARIABLE_OPERATOR", "process_variables[0].operator"),
    ({"case_instance_variables": [_param("a", "EQ")]}, "INVALID_VARIABLE_OPERATOR",
     "case_instance_variables[0].operator"),
    ({"task_variables": [_param("a", "gt", True)]}, "INVALID_VARIABLE_OPERATOR", "task_variables[0].operator"),
    ({"process_variables": [_param("a", "lteq", False)]}, "INVALID_VARIABLE_OPERATOR",
     "process_variables[0].operator"),
    ({"case_instance_variables": [_param("a", "gteq", True)]}, "INVALID_VARIABLE_OPERATOR",
     "case_instance_variables[0].operator"),
    ({"task_variables": [_param("a", "like", 12)]}, "INVALID_VARIABLE_OPERATOR", "task_variables[0].operator"),
    ({"case_instance_variables": [_param("a", "like", True)]}, "INVALID_VARIABLE_OPERATOR",
     "case_instance_variables[0].operator"),
    ({"process_variables": [_param("a", "gt", None)]}, "INVALID_VARIABLE_OPERATOR", "process_variables[0].operator"),
    ({"task_variables": [_param("", "eq")]}, "INVALID_VARIABLE_VALUE", "task_variables[0].name"),
    ({"process_variables": [_param("a", "eq"), _param("", "neq")]}, "INVALID_VARIABLE_VALUE",
     "process_variables[1].name"),
    ({"case_instance_variables": [_param("", "like", "x%")]}, "INVALID_VARIABLE_VALUE",
     "case_instance_variables[0].name"),
    ({"task_variables": [_param("a", "eq", no_value=True)]}, "INVALID_VARIABLE_VALUE", "task_variables[0].value"),
    ({"case_instance_variables": [_param("a", "eq", {"nested": 1})]}, "INVALID_VARIABLE_VALUE",
     "case_instance_variables[0].value"),
    ({"process_variables": [_param("a", "neq", [1, 2])]}, "INVALID_VARIABLE_VALUE", "process_variables[0].value"),
    ({"task_variables": [_param("a", "like", "x\\")]}, "INVALID_VARIABLE_VALUE", "task_variables[0].value"),
    ({"process_variables": [_param("a", "like", "%\\\\\\")]}, "INVALID_VARIABLE_VALUE",
     "process_variables[0].value"),
    ({"case_instance_variables": [_param("a", "like", "C-%"), _param("b", "like", "\\")]}, "INVALID_VARIABLE_VALUE",
     "case_instance_variables[1].value"),
]


def test_refused_filters(world: World) -> None:
    engine = world.engine
    for fields, reason, field in REFUSED:
        # Refused whatever else the request asks, even when nothing could match.
        for extra in ({}, {"tenant_id_in": [unique("nobody")]}):
            failed = expect_error(lambda: engine.tasks.QueryTasks(task_pb2.QueryTasksRequest(**fields, **extra)),
                                  grpc.StatusCode.INVALID_ARGUMENT, reason)
            assert failed.fields == [field], fields
            assert failed.info.metadata["field_name"] == field, fields
            assert failed.info.metadata["type"] == "bad_request", fields
    # A filter of one list refused beside good ones of the others.
    failed = expect_error(lambda: engine.tasks.QueryTasks(task_pb2.QueryTasksRequest(
        task_variables=[v("word", "eq", "apple")], process_variables=[v("region", "eq", "north")],
        case_instance_variables=[v("claim", "gt", False)])), grpc.StatusCode.INVALID_ARGUMENT,
        "INVALID_VARIABLE_OPERATOR")
    assert failed.fields == ["case_instance_variables[0].operator"]
    # A null with eq or neq, and the like pattern of one escaped backslash, are fine.
    null = struct_pb2.Value(null_value=struct_pb2.NULL_VALUE)
    for operator in ("eq", "neq"):
        engine.tasks.QueryTasks(task_pb2.QueryTasksRequest(
            task_variables=[execution_pb2.VariableQueryParameter(name="nothing", operator=operator, value=null)],
            tenant_id_in=[world.tenant]))
    assert world.task(("back", "like", "%\\\\")) == ""
    assert world.task(("back", "like", "%\\\\%")) == "C"
