"""QueryHistoricTaskInstances and CountHistoricTaskInstances variable filters: task_variables,
process_variables and case_instance_variables over the variable history's last values, so
running and ended tasks (completed, deleted with their instance, ended with their case) match
alike; a value changed by a call matches by its new value, a variable a call deleted matches no
more (not even neq), one recreated by its new value; only the task's own, the process
instance's own scope and the case instance's own scope count; every operator and both
ignore-case flags; AND with each other and the other filters; the count always the query's
length; tenants; and the refused filters of both calls.

The world lives on the session's server under a tenant of its own: every query names the tenant,
so the other tests' tasks never show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import grpc
import pytest

from flowkeeper.engine.v1 import execution_pb2
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import task_pb2
from tests.engine.case_support import Cases
from tests.engine.history_support import TaskHistory, every_page
from tests.engine.scenario import v
from tests.engine.support import typed_map
from tests.engine.task_variables_support import flow, subprocess_scope, tasks_by_key
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error, unique

Filter = tuple[str, str, Any]


@dataclass
class World:
    """Three process instances of ``flow`` (a fork into the user tasks A, B and the subprocess
    Sub around C, joined before Last) and three case instances of case_manual, all of one tenant;
    thirteen historic task instances, labelled A..M, in this order:

    p1 (process: region "north", amount Integer 100, vip true, stale "x", note "proc-note",
        code "x_1", ratio 0.5): A, B, C. Sub's scope gets region "inner" and depth 1. A's own:
        note "call back", score Integer 7, due Date 2024-01-01. B's own: note "draft" then
        "final", label "BETA", tmp (deleted by a call). C's own: note "sub task". A is completed
        with approved true (a process variable); then p1's amount becomes 150 and stale is
        deleted. B and C run.
    p2 (process: region "South", amount Long 50, vip false, code "x91", big Long 2^53+1): D, E,
        F; D's own: note "doomed". p2 is deleted: D, E, F end deleted.
    p3 (process: region "west", amount Short 5, nothing null, code "y"): G, H, I completed, then
        J (Last), whose own note "last"; J completed: p3 ends.
    c1 (case: claim "C-1", amount Integer 300, stale "x"): K, its human task, started with the
        case execution's own claim "second"; K's own: memo "urgent", claim "task-claim". K is
        completed; then c1's amount becomes 350 and stale is deleted.
    c2 (case: claim "C-2", amount Long 50, Ärger "MÜNCHEN"): L, running.
    c3 (case: claim "C-3", withdrawn true): M; c3 is terminated, M with it."""

    server: ServerHandle
    engine: TaskHistory
    tenant: str
    ids: dict[str, str]  # label -> task id
    owners: dict[str, str]  # p1..p3, c1..c3 -> instance id

    def label(self, task_id: str) -> str:
        return next(label for label, known in self.ids.items() if known == task_id)

    def filters(self, task: tuple[Filter, ...] = (), process: tuple[Filter, ...] = (),
                case: tuple[Filter, ...] = (), names_ci: bool = False, values_ci: bool = False,
                **filters: Any) -> dict[str, Any]:
        return dict(tenant_id_in=[self.tenant], task_variables=[v(*f) for f in task],
                    process_variables=[v(*f) for f in process], case_instance_variables=[v(*f) for f in case],
                    variable_names_ignore_case=names_ci, variable_values_ignore_case=values_ci, **filters)

    def which(self, engine: TaskHistory | None = None, **query: Any) -> str:
        """The labels of the rows found (every page of 4, checked against the count), in
        alphabetical order."""
        engine = engine or self.engine
        rows = every_page(engine.historic_tasks, engine.count_historic_tasks, 4, **self.filters(**query))
        assert len(rows) == len({r.id for r in rows}), rows
        return "".join(sorted(self.label(r.id) for r in rows))

    def task(self, *filters: Filter, **flags: Any) -> str:
        return self.which(task=filters, **flags)

    def process(self, *filters: Filter, **flags: Any) -> str:
        return self.which(process=filters, **flags)

    def case(self, *filters: Filter, **flags: Any) -> str:
        return self.which(case=filters, **flags)


@pytest.fixture(scope="module")
def world(server: ServerHandle) -> World:
    engine, cases = TaskHistory(server.api()), Cases(server.api())
    tenant = unique("htv")
    process_key = key("htv_flow")
    definition = engine.deploy_inline(process_key, flow(process_key), tenant)
    case_definition = cases.case_definition_id(cases.deploy_case("case_manual.cmmn", tenant=tenant), "case_manual")

    p1 = engine.start_id(definition, {"region": "north", "amount": (100, "Integer"), "vip": True, "stale": "x",
                                      "note": "proc-note", "code": "x_1", "ratio": 0.5})
    first = tasks_by_key(engine, p1)
    a, b, c = first["A"], first["B"], first["C"]
    engine.modify_local(subprocess_scope(engine, c), {"region": "inner", "depth": 1})
    engine.modify_task(a.id, {"note": "call back", "score": (7, "Integer"),
                              "due": ("2024-01-01T00:00:00.000+0000", "Date")}, local=True)
    engine.modify_task(b.id, {"note": "draft", "tmp": "temp", "label": "BETA"}, local=True)
    engine.modify_task(b.id, {"note": "final"}, local=True)
    engine.modify_task(b.id, deletions=("tmp",), local=True)
    engine.modify_task(c.id, {"note": "sub task"}, local=True)
    engine.complete(a.id, {"approved": True})
    engine.modify_variables(p1, {"amount": (150, "Integer")}, deletions=("stale",))

    p2 = engine.start_id(definition, {"region": "South", "amount": (50, "Long"), "vip": False, "code": "x91",
                                      "big": ("9007199254740993", "Long")})
    second = tasks_by_key(engine, p2)
    engine.modify_task(second["A"].id, {"note": "doomed"}, local=True)
    engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=p2))

    p3 = engine.start_id(definition, {"region": "west", "amount": (5, "Short"), "nothing": None, "code": "y"})
    third = tasks_by_key(engine, p3)
    for name in "ABC":
        engine.complete(third[name].id)
    last = tasks_by_key(engine, p3)["Last"]
    engine.modify_task(last.id, {"note": "last"}, local=True)
    engine.complete(last.id)
    assert engine.instance(p3).ended

    def start_case(variables: dict[str, Any], local: dict[str, Any] | None = None) -> tuple[str, task_pb2.Task]:
        created = cases.create(id=case_definition, variables={"needsApproval": False, **variables})
        cases.manual_start(cases.execution(created.id, "PI_Optional").id, local_variables=typed_map(local or {}))
        [task] = cases.case_tasks(created.id)
        return created.id, task

    c1, k = start_case({"checker": "carol", "claim": "C-1", "amount": (300, "Integer"), "stale": "x"},
                       {"claim": "second"})
    engine.modify_task(k.id, {"memo": "urgent", "claim": "task-claim"}, local=True)
    engine.complete(k.id)
    cases.modify(c1, {"amount": (350, "Integer")}, deletions=("stale",))
    c2, l_ = start_case({"checker": "dave", "claim": "C-2", "amount": (50, "Long"), "Ärger": "MÜNCHEN"})
    c3, m = start_case({"checker": "erin", "claim": "C-3", "withdrawn": True})
    cases.terminate_case(c3)

    ids = {"A": a.id, "B": b.id, "C": c.id, "D": second["A"].id, "E": second["B"].id, "F": second["C"].id,
           "G": third["A"].id, "H": third["B"].id, "I": third["C"].id, "J": last.id, "K": k.id, "L": l_.id,
           "M": m.id}
    world = World(server, engine, tenant, ids, {"p1": p1, "p2": p2, "p3": p3, "c1": c1, "c2": c2, "c3": c3})
    assert world.which() == "ABCDEFGHIJKLM"
    return world


def test_the_world_s_tasks(world: World) -> None:
    """What the filters below rely on: which tasks ended, how, and that the runtime has the
    variables of the running ones only."""
    w = world
    assert w.which(finished=True) == "ADEFGHIJKM"
    assert w.which(unfinished=True) == "BCL"
    rows = {w.label(r.id): r for r in w.engine.historic_tasks(tenant_id_in=[w.tenant])}
    assert {label: r.delete_reason for label, r in rows.items() if label in "ADGJK"} == dict.fromkeys(
        "ADGJK".replace("D", ""), "completed") | {"D": "deleted"}
    assert w.engine.instance(w.owners["p2"]).ended
    # The runtime has no more of A's own variables, nor of p2's or p3's.
    assert {t.id for t in w.engine.tasks.QueryTasks(task_pb2.QueryTasksRequest(
        tenant_id_in=[w.tenant], process_variables=[v("region", "like", "%")])).tasks} == {w.ids["B"], w.ids["C"]}


def test_task_variables_of_running_and_ended_tasks(world: World) -> None:
    w = world
    assert w.task(("note", "eq", "call back")) == "A"  # completed
    assert w.task(("note", "eq", "sub task")) == "C"  # running
    assert w.task(("note", "eq", "doomed")) == "D"  # deleted with its instance
    assert w.task(("note", "eq", "last")) == "J"  # completed, and its instance ended
    assert w.task(("memo", "eq", "urgent")) == "K"  # a case's, completed
    assert w.task(("claim", "eq", "task-claim")) == "K"
    assert w.task(("note", "like", "%")) == "ABCDJ"
    assert w.task(("note", "neq", "last")) == "ABCD"  # a task without one never matches
    assert w.task(("score", "gteq", 7)) == "A"
    assert w.task(("score", "lt", 7)) == ""
    assert w.task(("due", "eq", "2024-01-01T00:00:00Z")) == "A"
    assert w.task(("due", "gt", "2023-12-31T23:59:59.999+0000")) == "A"
    # Only the task's own: not its instance's, its subprocess's or its case's.
    assert w.task(("note", "eq", "proc-note")) == ""
    assert w.task(("region", "like", "%")) == ""
    assert w.task(("depth", "eq", 1)) == ""
    assert w.task(("claim", "eq", "C-1")) == ""
    assert w.task(("claim", "eq", "second")) == ""


def test_task_variables_changed_or_deleted_by_a_call(world: World) -> None:
    w = world
    # B's note went from "draft" to "final": the last value counts.
    assert w.task(("note", "eq", "final")) == "B"
    assert w.task(("note", "eq", "draft")) == ""
    assert w.task(("note", "neq", "draft")) == "ABCDJ"
    # B's tmp was deleted by a call: it matches nothing any more, not even neq or like.
    assert w.task(("tmp", "eq", "temp")) == ""
    assert w.task(("tmp", "neq", "x")) == ""
    assert w.task(("tmp", "like", "%")) == ""
    # B's label stays.
    assert w.task(("label", "eq", "BETA")) == "B"


def test_process_variables_by_their_last_values(world: World) -> None:
    w = world
    # p1's amount became 150 after A was completed: A, ended, matches by the last value too.
    assert w.process(("amount", "eq", 150)) == "ABC"
    assert w.process(("amount", "eq", 100)) == ""
    # Deleted (p2) and ended (p3) instances' tasks match by their instance's last values.
    assert w.process(("region", "eq", "South")) == "DEF"
    assert w.process(("region", "eq", "west")) == "GHIJ"
    assert w.process(("region", "eq", "north")) == "ABC"
    assert w.process(("region", "neq", "north")) == "DEFGHIJ"  # a case's task has no process variables
    # p1's stale was deleted by a call.
    assert w.process(("stale", "eq", "x")) == ""
    assert w.process(("stale", "neq", "y")) == ""
    # CompleteTask's variables are the instance's.
    assert w.process(("approved", "eq", True)) == "ABC"
    assert w.process(("approved", "neq", False)) == "ABC"


def test_process_variables_are_the_instance_s_own_scope_only(world: World) -> None:
    w = world
    assert w.process(("region", "eq", "inner")) == ""  # Sub's scope's
    assert w.process(("depth", "eq", 1)) == ""
    assert w.process(("depth", "neq", 0)) == ""
    assert w.process(("note", "eq", "call back")) == ""  # A's own
    assert w.process(("note", "eq", "doomed")) == ""
    assert w.process(("note", "eq", "proc-note")) == "ABC"  # p1's own, which A's own does not hide
    assert w.process(("note", "neq", "proc-note")) == ""
    assert w.process(("claim", "like", "%")) == ""  # the cases'
    assert w.process(("withdrawn", "eq", True)) == ""


def test_case_instance_variables_by_their_last_values_and_own_scope_only(world: World) -> None:
    w = world
    assert w.case(("claim", "eq", "C-1")) == "K"  # completed
    assert w.case(("claim", "eq", "C-2")) == "L"  # running
    assert w.case(("claim", "eq", "C-3")) == "M"  # ended with its terminated case
    assert w.case(("withdrawn", "eq", True)) == "M"
    assert w.case(("claim", "like", "C-%")) == "KLM"
    assert w.case(("claim", "neq", "C-2")) == "KM"  # a process's task has no case variables
    # c1's amount became 350 after K was completed; its stale was deleted by a call.
    assert w.case(("amount", "eq", 350)) == "K"
    assert w.case(("amount", "eq", 300)) == ""
    assert w.case(("amount", "gt", 0)) == "KL"
    assert w.case(("amount", "neq", 350)) == "L"
    assert w.case(("stale", "eq", "x")) == ""
    assert w.case(("stale", "neq", "y")) == ""
    # Only the case's own scope: not K's case execution's, nor K's own, nor a process's.
    assert w.case(("claim", "eq", "second")) == ""
    assert w.case(("claim", "eq", "task-claim")) == ""
    assert w.case(("memo", "like", "%")) == ""
    assert w.case(("region", "eq", "north")) == ""


def test_every_operator_over_the_history(world: World) -> None:
    w = world
    # Numbers across types: p1 Integer 150, p2 Long 50, p3 Short 5.
    assert w.process(("amount", "eq", 50)) == "DEF"
    assert w.process(("amount", "neq", 50)) == "ABCGHIJ"
    assert w.process(("amount", "gt", 10)) == "ABCDEF"
    assert w.process(("amount", "gt", 49.5)) == "ABCDEF"
    assert w.process(("amount", "gteq", 50)) == "ABCDEF"
    assert w.process(("amount", "lt", 150)) == "DEFGHIJ"
    assert w.process(("amount", "lteq", 5)) == "GHIJ"
    assert w.process(("amount", "lt", 1e30)) == "ABCDEFGHIJ"
    assert w.process(("ratio", "gt", 0.25)) == "ABC"
    assert w.process(("ratio", "eq", 0.5)) == "ABC"
    assert w.process(("big", "eq", "9007199254740993")) == "DEF"
    assert w.process(("big", "lt", "9007199254740994")) == "DEF"
    assert w.process(("big", "gt", "9007199254740993")) == ""
    # Text.
    assert w.process(("region", "gt", "v")) == "GHIJ"  # west
    assert w.process(("region", "lt", "west")) == "ABCDEF"
    assert w.process(("region", "lt", "p"), values_ci=True) == "ABC"  # "south" (collations differ on "South")
    assert w.process(("code", "like", "x_%")) == "ABCDEF"
    assert w.process(("code", "like", "x\\_%")) == "ABC"
    assert w.process(("code", "like", "%9_")) == "DEF"
    # Booleans and null.
    assert w.process(("vip", "eq", True)) == "ABC"
    assert w.process(("vip", "neq", True)) == "DEF"
    assert w.process(("nothing", "eq", None)) == "GHIJ"
    assert w.process(("nothing", "neq", "x")) == "GHIJ"
    assert w.process(("region", "neq", None)) == "ABCDEFGHIJ"
    assert w.case(("withdrawn", "neq", False)) == "M"
    # Dates.
    assert w.task(("due", "lt", "2024-01-01T01:00:00.000+0100")) == ""
    assert w.task(("due", "lteq", "2024-01-01T01:00:00.000+0100")) == "A"


def test_ignore_case_flags(world: World) -> None:
    w = world
    assert w.task(("label", "eq", "beta")) == ""
    assert w.task(("label", "eq", "beta"), values_ci=True) == "B"
    assert w.task(("NOTE", "eq", "FINAL"), names_ci=True, values_ci=True) == "B"
    assert w.task(("NOTE", "eq", "final")) == ""
    assert w.task(("Note", "like", "CALL%"), names_ci=True, values_ci=True) == "A"
    assert w.process(("REGION", "eq", "south"), names_ci=True, values_ci=True) == "DEF"
    assert w.process(("region", "eq", "SOUTH"), values_ci=True) == "DEF"
    assert w.process(("REGION", "eq", "South"), names_ci=True) == "DEF"
    assert w.process(("region", "neq", "NORTH"), values_ci=True) == "DEFGHIJ"
    assert w.case(("CLAIM", "like", "c-%"), names_ci=True, values_ci=True) == "KLM"
    assert w.case(("CLAIM", "like", "c-%"), names_ci=True) == ""
    assert w.case(("ÄRGER", "eq", "münchen"), names_ci=True, values_ci=True) == "L"
    assert w.case(("ärger", "like", "MÜN%"), names_ci=True) == "L"
    assert w.case(("ärger", "like", "MÜN%")) == ""


def test_filters_combine_with_and_and_with_the_other_filters(world: World) -> None:
    w, o = world, world.owners
    assert w.task(("note", "like", "%"), ("note", "neq", "doomed")) == "ABCJ"
    assert w.which(task=[("note", "like", "%")], process=[("region", "eq", "north")]) == "ABC"
    assert w.which(task=[("note", "like", "%")], process=[("region", "eq", "north")], unfinished=True) == "BC"
    assert w.which(task=[("note", "like", "%")], process=[("amount", "eq", 150)], finished=True) == "A"
    assert w.which(process=[("region", "neq", "x")], case=[("claim", "neq", "x")]) == ""
    assert w.which(task=[("memo", "eq", "urgent")], case=[("claim", "eq", "C-1")]) == "K"
    assert w.which(task=[("memo", "eq", "urgent")], case=[("claim", "eq", "C-2")]) == ""
    assert w.case(("claim", "like", "C-%"), finished=True) == "KM"
    assert w.case(("claim", "like", "C-%"), task_assignee="dave") == "L"
    assert w.process(("region", "like", "%"), process_instance_id=o["p3"], task_definition_key="Last") == "J"
    assert w.process(("region", "like", "%"), task_delete_reason="deleted") == "DEF"
    assert w.process(("region", "like", "%"), case_instance_id=o["c1"]) == ""


def test_count_equals_the_query(world: World) -> None:
    w = world
    for query in ({}, {"task": [("note", "like", "%")]}, {"process": [("amount", "gt", 10)]},
                  {"case": [("claim", "neq", "x")]}, {"process": [("REGION", "eq", "WEST")], "names_ci": True,
                                                      "values_ci": True},
                  {"task": [("tmp", "neq", "x")]}):
        filters = w.filters(**query)
        assert w.engine.count_historic_tasks(**filters) == len(w.engine.historic_tasks(**filters)), query
    assert w.engine.count_historic_tasks(**w.filters(process=[("region", "like", "%")])) == 10
    assert w.engine.count_historic_tasks(**w.filters(case=[("amount", "gt", 0)])) == 2


def test_changes_after_a_task_ended_and_history_deletions(api, server: ServerHandle) -> None:  # type: ignore[no-untyped-def]
    engine = TaskHistory(api)
    tenant = unique("htv-changes")
    process_key = key("htv_changes")
    instance = engine.start_id(engine.deploy_inline(process_key, flow(process_key), tenant))
    mine = tasks_by_key(engine, instance)
    world = World(server, engine, tenant, {k: t.id for k, t in mine.items()}, {})
    engine.complete(mine["A"].id)

    # A process variable created after A ended: A matches it all the same.
    engine.modify_variables(instance, {"stage": 1})
    assert world.process(("stage", "eq", 1)) == "ABC"
    engine.modify_variables(instance, deletions=("stage",))
    assert world.process(("stage", "neq", 0)) == ""
    # Created again: by its new value.
    engine.modify_variables(instance, {"stage": 2})
    assert world.process(("stage", "eq", 1)) == ""
    assert world.process(("stage", "eq", 2)) == "ABC"
    # A task's own, deleted by a call and created again.
    engine.modify_task(mine["B"].id, {"note": "one"}, local=True)
    engine.modify_task(mine["B"].id, deletions=("note",), local=True)
    assert world.task(("note", "like", "%")) == ""
    engine.modify_task(mine["B"].id, {"note": "two"}, local=True)
    assert world.task(("note", "eq", "one")) == ""
    assert world.task(("note", "eq", "two")) == "B"
    # A historic variable instance deleted from the history matches no more.
    [stage] = engine.historic_variables(process_instance_id=instance, variable_name="stage")
    engine.delete_variable(stage.id)
    assert world.process(("stage", "eq", 2)) == ""
    [note] = engine.historic_variables(process_instance_id=instance, variable_name="note")
    engine.delete_variable(note.id)
    assert world.task(("note", "eq", "two")) == ""
    # A process variable deleted through a task (not local) is deleted too; a task's own deleted
    # before the task ended stays deleted once it ended.
    engine.modify_task(mine["B"].id, {"level": 1})
    assert world.process(("level", "eq", 1)) == "ABC"
    engine.modify_task(mine["C"].id, {"gone": "soon"}, local=True)
    engine.modify_task(mine["B"].id, deletions=("level",))
    engine.modify_task(mine["C"].id, deletions=("gone",), local=True)
    engine.complete(mine["C"].id)
    assert world.process(("level", "neq", 0)) == ""
    assert world.task(("gone", "like", "%")) == ""
    assert world.which(finished=True) == "AC"

    # A case variable written and deleted through its task, and one deleted by
    # ModifyCaseInstanceVariables, after the task ended.
    cases = Cases(api)
    case_definition = cases.case_definition_id(cases.deploy_case("case_manual.cmmn", tenant=tenant), "case_manual")
    created = cases.create(id=case_definition, variables={"needsApproval": False, "checker": "carol", "kept": 1,
                                                          "dropped": 2})
    cases.manual_start(cases.execution(created.id, "PI_Optional").id)
    [task] = cases.case_tasks(created.id)
    world.ids["K"] = task.id
    engine.modify_task(task.id, {"via_task": "yes", "kept": 5})
    assert world.case(("via_task", "eq", "yes"), ("kept", "eq", 5)) == "K"
    engine.modify_task(task.id, deletions=("via_task",))
    assert world.case(("via_task", "neq", "no")) == ""
    engine.complete(task.id)
    cases.modify(created.id, {"kept": 6}, deletions=("dropped",))
    assert world.case(("kept", "eq", 6)) == "K"
    assert world.case(("kept", "eq", 5)) == ""
    assert world.case(("dropped", "eq", 2)) == ""
    assert world.case(("dropped", "neq", 0)) == ""


def test_unknown_names_match_nothing(world: World) -> None:
    w = world
    missing = unique("missing")
    for operator, value in (("eq", "x"), ("neq", "x"), ("neq", None), ("like", "%"), ("lt", 0)):
        assert w.task((missing, operator, value)) == "", operator
        assert w.process((missing, operator, value)) == "", operator
        assert w.case((missing, operator, value)) == "", operator


def test_a_tenant_token_finds_and_counts_only_what_it_sees(world: World) -> None:
    w = world
    member = TaskHistory(w.server.api(w.server.token(tenants=(w.tenant,))))
    stranger = TaskHistory(w.server.api(w.server.token(tenants=(unique("other"),))))
    assert w.which(member, process=[("region", "neq", "north")]) == "DEFGHIJ"
    assert w.which(member, case=[("claim", "like", "C-%")]) == "KLM"
    assert w.which(stranger, process=[("region", "neq", "north")]) == ""
    assert w.which(stranger, task=[("note", "like", "%")]) == ""


def _param(name: str, operator: str, raw: Any = "x", *, no_value: bool = False) -> execution_pb2.VariableQueryParameter:
    if no_value:
        return execution_pb2.VariableQueryParameter(name=name, operator=operator)
    return v(name, operator, raw)


REFUSED: list[tuple[dict[str, Any], str, str]] = [
    # (request fields, reason, field)
    ({"task_variables": [_param("a", "eq"), _param("b", "contains")]}, "INVALID_VARIABLE_OPERATOR",
     "task_variables[1].operator"),
    ({"process_variables": [_param("a", "")]}, "INVALID_VARIABLE_OPERATOR", "process_variables[0].operator"),
    ({"case_instance_variables": [_param("a", "between")]}, "INVALID_VARIABLE_OPERATOR",
     "case_instance_variables[0].operator"),
    ({"process_variables": [_param("a", "gt", True)]}, "INVALID_VARIABLE_OPERATOR", "process_variables[0].operator"),
    ({"task_variables": [_param("a", "lt", False)]}, "INVALID_VARIABLE_OPERATOR", "task_variables[0].operator"),
    ({"case_instance_variables": [_param("a", "like", 3)]}, "INVALID_VARIABLE_OPERATOR",
     "case_instance_variables[0].operator"),
    ({"task_variables": [_param("a", "lteq", None)]}, "INVALID_VARIABLE_OPERATOR", "task_variables[0].operator"),
    ({"task_variables": [_param("", "eq")]}, "INVALID_VARIABLE_VALUE", "task_variables[0].name"),
    ({"case_instance_variables": [_param("a", "eq"), _param("", "eq")]}, "INVALID_VARIABLE_VALUE",
     "case_instance_variables[1].name"),
    ({"process_variables": [_param("a", "neq", no_value=True)]}, "INVALID_VARIABLE_VALUE",
     "process_variables[0].value"),
    ({"task_variables": [_param("a", "eq", {"nested": 1})]}, "INVALID_VARIABLE_VALUE", "task_variables[0].value"),
    ({"case_instance_variables": [_param("a", "eq", [1])]}, "INVALID_VARIABLE_VALUE",
     "case_instance_variables[0].value"),
    ({"task_variables": [_param("a", "like", "x\\")]}, "INVALID_VARIABLE_VALUE", "task_variables[0].value"),
    ({"process_variables": [_param("a", "like", "x\\\\\\")]}, "INVALID_VARIABLE_VALUE",
     "process_variables[0].value"),
]


def test_refused_filters_of_the_query_and_the_count(world: World) -> None:
    engine = world.engine
    calls: tuple[Callable[..., Any], ...] = (engine.historic_tasks, engine.count_historic_tasks)
    for call in calls:
        for fields, reason, field in REFUSED:
            failed = expect_error(lambda: call(tenant_id_in=[world.tenant], **fields),
                                  grpc.StatusCode.INVALID_ARGUMENT, reason)
            assert failed.fields == [field], (call, fields)
            assert failed.info.metadata["field_name"] == field, fields
            assert failed.info.metadata["type"] == "bad_request", fields
        failed = expect_error(lambda: call(task_variables=[v("note", "eq", "x")],
                                           process_variables=[v("region", "like", "%")],
                                           case_instance_variables=[v("claim", "gteq", True)]),
                              grpc.StatusCode.INVALID_ARGUMENT, "INVALID_VARIABLE_OPERATOR")
        assert failed.fields == ["case_instance_variables[0].operator"]
    # Nothing refused changed anything; an escaped backslash at the end is fine.
    assert world.which() == "ABCDEFGHIJKLM"
    assert world.task(("note", "like", "%\\\\")) == ""
