"""QueryTasks' filters of fields 24-71 and CountTasks: ids (task, process instance, execution,
activity instance), business keys (in, LIKE with `%`, `_` and `\\_`), process and case
definitions, case instances and executions, assignment, candidates (include_assigned_tasks,
with/without candidate groups and users, involved_user), task definition key, name and
description (equal, not equal, LIKE, NOT LIKE), exact priority, dates (due, follow-up, created),
active and suspended, tenants; CountTasks agreeing with QueryTasks and mirroring its request;
the sort keys SortBy 7-13 on both databases; the INVALID_FIELD errors of both RPCs.

The world lives on the session's server: every query of it names the world's task ids
(task_id_in), so the other tests' tasks never show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import grpc
import pytest
from google.protobuf import field_mask_pb2, timestamp_pb2

from flowkeeper.engine.v1 import process_instance_pb2, task_pb2
from flowkeeper.engine.v1.types_pb2 import OffsetPage
from tests.engine.case_support import Cases
from tests.engine.history_support import TaskHistory
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error, unique

S = task_pb2.TaskSorting
ASC, DESC = S.SORT_ORDER_ASC, S.SORT_ORDER_DESC
ALL = "ABCDEGH"


def day(n: int) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(datetime(2031, 2, n, 12, tzinfo=timezone.utc))
    return stamp


def flow(process_key: str, name: str, task_key: str) -> str:
    """One user task whose assignee and candidates come from the variables assignee, users and
    groups (comma-separated)."""
    return f"""
<bpmn:process id="{process_key}" name="{name}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="{task_key}" />
  <bpmn:userTask id="{task_key}" name="Work" camunda:assignee="${{assignee}}"
                 camunda:candidateUsers="${{users}}" camunda:candidateGroups="${{groups}}" />
  <bpmn:sequenceFlow id="f2" sourceRef="{task_key}" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


# label, definition, business key (after the world's tag), assignee, candidate users, groups,
# then UpdateTask's name, description, priority, due day, follow-up day (None: none).
PROCESS_TASKS = (
    ("A", "orders", "order_1", "", "alice,bob", "sales", "alpha task", "first check", 0, 1, 2),
    ("B", "orders", "orderX1", "carol", "alice", "sales,managers", "Bravo task", None, 50, None, 1),
    ("C", "parcels", "parcel_1", "dave", "carol", "", None, "pack it", 50, 2, None),
    ("D", "parcels", "parcel_2", "", "", "managers", "Delta", "repack it", 70, 1, 3),
    ("E", "tenant", "order_2", "", "erin", "", "Echo", "back\\slash", 50, None, None),
)
# label, case business key (after the tag), assignee ("checker" of case_manual's human task).
CASE_TASKS = (("G", "case_1", "gina"), ("H", "caseX2", ""))


@dataclass
class World:
    """Seven tasks, created one second apart in the order A B C D E G H:

    ===== ============== =========== ======== ============= ================ ============ =========== ==== === ===
    label definition     business    assignee cand. users   cand. groups     name         description prio due fup
    ===== ============== =========== ======== ============= ================ ============ =========== ==== === ===
    A     orders         order_1     -        alice, bob    sales            alpha task   first check 0    1   2
    B     orders         orderX1     carol    alice         sales, managers  Bravo task   -           50   -   1
    C     parcels        parcel_1    dave     carol         -                -            pack it     50   2   -
    D     parcels        parcel_2    -        -             managers         Delta        repack it   70   1   3
    E     orders, tenant order_2     -        erin          -                Echo         back\\slash  50   -   -
    G     case           case_1      gina     -             -                Optional c.  -           50   -   -
    H     case           caseX2      -        -             -                Optional c.  -           50   -   -
    ===== ============== =========== ======== ============= ================ ============ =========== ==== === ===

    Business keys are ``{tag}-order_1`` and so on (of the case instance for G and H); dates are
    days of February 2031. orders and parcels are process keys of this world alone, named
    ``Orders {tag}`` and ``Parcels {tag}``; E's definition is orders deployed under ``tenant``."""

    engine: TaskHistory
    tag: str
    tenant: str
    keys: dict[str, str]  # orders, parcels, case -> definition key
    names: dict[str, str]  # orders, parcels, case -> definition name
    definitions: dict[str, str]  # orders, parcels, tenant, case -> definition id
    instances: dict[str, str]  # label -> process or case instance id
    tasks: dict[str, task_pb2.Task]  # label -> the task as the world left it

    @property
    def ids(self) -> dict[str, str]:
        return {label: t.id for label, t in self.tasks.items()}

    def label(self, task_id: str) -> str:
        return next(label for label, known in self.ids.items() if known == task_id)

    def found(self, **filters: Any) -> list[str]:
        filters.setdefault("task_id_in", list(self.ids.values()))
        request = task_pb2.QueryTasksRequest(**filters)
        return [self.label(t.id) for t in self.engine.tasks.QueryTasks(request).tasks]

    def which(self, **filters: Any) -> str:
        """The labels of the tasks found, in alphabetical order."""
        return "".join(sorted(self.found(**filters)))

    def count(self, **filters: Any) -> int:
        filters.setdefault("task_id_in", list(self.ids.values()))
        return self.engine.tasks.CountTasks(task_pb2.CountTasksRequest(**filters)).count

    def order(self, *sorting: tuple[int, int]) -> str:
        return "".join(self.found(sorting=[S(sort_by=by, sort_order=o) for by, o in sorting]))

    def by_id(self, labels: str) -> str:
        return "".join(sorted(labels, key=lambda label: self.ids[label]))

    def by(self, field: str, labels: str) -> str:
        return "".join(sorted(labels, key=lambda label: getattr(self.tasks[label], field)))


@pytest.fixture(scope="module")
def world(server: ServerHandle) -> World:
    return build_world(server)


def build_world(server: ServerHandle) -> World:
    """The World of the table, on ``server`` (test_task_query_or queries it too)."""
    engine, cases = TaskHistory(server.api()), Cases(server.api())
    tag, tenant = unique("tqf"), unique("tqf-tenant")
    keys = {"orders": key("tqf_orders"), "parcels": key("tqf_parcels"), "case": key("tqf_case")}
    names = {"orders": f"Orders {tag}", "parcels": f"Parcels {tag}", "case": f"Manual work {tag}"}
    task_keys = {"orders": "Check_order", "parcels": "PackParcel"}
    definitions = {d: engine.deploy_inline(keys[d], flow(keys[d], names[d], task_keys[d])) for d in task_keys}
    definitions["tenant"] = engine.deploy_inline(keys["orders"], flow(keys["orders"], names["orders"], "Check_order"),
                                                 tenant)
    deployment = cases.deploy_case("case_manual.cmmn", key=keys["case"],
                                   replace={'name="Manual work"': f'name="{names["case"]}"'})
    assert [d.name for d in deployment.definitions] == [names["case"]]
    definitions["case"] = cases.case_definition_id(deployment, keys["case"])

    instances: dict[str, str] = {}
    for label, definition, business_key, assignee, users, groups, name, description, priority, due, follow_up \
            in PROCESS_TASKS:
        instances[label] = engine.start_id(definitions[definition], {
            "assignee": assignee, "users": users, "groups": groups}, business_key=f"{tag}-{business_key}")
        [task] = engine.tasks_of(instances[label])
        engine.tasks.UpdateTask(task_pb2.UpdateTaskRequest(
            task=task_pb2.Task(id=task.id, name=name, description=description, priority=priority,
                               due=day(due) if due else None, follow_up=day(follow_up) if follow_up else None),
            update_mask=field_mask_pb2.FieldMask(paths=["name", "description", "priority", "due", "follow_up"])))
        server.clock.advance(timedelta(seconds=1))
    for label, business_key, checker in CASE_TASKS:
        created = cases.create(id=definitions["case"], business_key=f"{tag}-{business_key}",
                               variables={"needsApproval": False, "checker": checker})
        cases.manual_start(cases.execution(created.id, "PI_Optional").id)
        instances[label] = created.id
        server.clock.advance(timedelta(seconds=1))

    tasks = {label: engine.tasks_of(instances[label])[0] for label, *_ in PROCESS_TASKS}
    tasks.update({label: cases.case_tasks(instances[label])[0] for label, *_ in CASE_TASKS})
    return World(engine, tag, tenant, keys, names, definitions, instances, tasks)


def test_the_world_is_as_its_table_says(world: World) -> None:
    """What the filters below rely on."""
    t = world.tasks
    assert world.which() == ALL
    assert [t[x].assignee for x in ALL] == ["", "carol", "dave", "", "", "gina", ""]
    assert [list(t[x].candidate_users) for x in "ABCDE"] == [["alice", "bob"], ["alice"], ["carol"], [], ["erin"]]
    assert [list(t[x].candidate_groups) for x in "ABCDE"] == [["sales"], ["sales", "managers"], [], ["managers"], []]
    assert [t[x].name for x in ALL] == ["alpha task", "Bravo task", "", "Delta", "Echo", "Optional check",
                                        "Optional check"]
    assert [t[x].priority for x in ALL] == [0, 50, 50, 70, 50, 50, 50]
    assert [t[x].tenant_id for x in ALL] == ["", "", "", "", world.tenant, "", ""]
    assert all(t[x].case_execution_id and not t[x].process_instance_id for x in "GH")
    assert not any(t[x].suspended for x in ALL)
    assert [t[x].created.ToDatetime() for x in ALL] == sorted({t[x].created.ToDatetime() for x in ALL})


def test_ids(world: World) -> None:
    w, ids = world, world.ids
    assert w.which(task_id=ids["C"]) == "C"
    assert w.which(task_id=ids["C"], task_id_in=[ids["A"], ids["B"]]) == ""
    assert w.which(task_id=unique("task")) == ""
    assert w.which(task_id_in=[ids["A"], ids["G"], unique("task")]) == "AG"
    assert w.which(process_instance_id_in=[w.instances["A"], w.instances["C"], w.instances["G"]]) == "AC"
    assert w.which(execution_id=w.tasks["D"].execution_id) == "D"
    passes = {x: w.engine.passes_at(w.instances[x], w.tasks[x].task_definition_key) for x in "AD"}
    assert [len(p) for p in passes.values()] == [1, 1] and passes["A"][0].task_id == ids["A"]
    assert passes["A"][0].id not in (w.instances["A"], w.tasks["A"].execution_id)
    assert w.which(activity_instance_id_in=[passes["A"][0].id, passes["D"][0].id]) == "AD"
    assert w.which(activity_instance_id_in=[w.instances["A"]]) == ""


def test_business_keys(world: World) -> None:
    w, tag = world, world.tag
    assert w.which(business_key_in=[f"{tag}-order_1", f"{tag}-parcel_1", f"{tag}-case_1", "nope"]) == "AC"
    assert w.which(business_key_like=f"{tag}-order%") == "ABE"
    assert w.which(business_key_like=f"{tag}-order_1") == "AB"  # _ is any one character
    assert w.which(business_key_like=f"{tag}-order\\_1") == "A"  # \_ is an underscore
    assert w.which(business_key_like=f"{tag}-%\\_2") == "DE"
    assert w.which(business_key_like=f"%{tag[3:]}-parcel%") == "CD"
    assert w.which(business_key_like=f"{tag}-order__") == "ABE"
    assert w.which(business_key_like=f"{tag}-order\\%") == ""
    # The case instances' business keys are not process instances' business keys.
    assert w.which(business_key_like=f"{tag}-%") == "ABCDE"


def test_process_definitions(world: World) -> None:
    w, keys, names = world, world.keys, world.names
    assert w.which(process_definition_id=w.definitions["orders"]) == "AB"
    assert w.which(process_definition_id=w.definitions["tenant"]) == "E"
    assert w.which(process_definition_key_in=[keys["orders"]]) == "ABE"
    assert w.which(process_definition_key_in=[keys["orders"], keys["parcels"], keys["case"]]) == "ABCDE"
    assert w.which(process_definition_key_in=["nope"]) == ""
    assert w.which(process_definition_name=names["parcels"]) == "CD"
    assert w.which(process_definition_name="Parcels") == ""
    assert w.which(process_definition_name_like=f"%rders {w.tag}") == "ABE"
    assert w.which(process_definition_name_like="_arcels %") == "CD"
    assert w.which(process_definition_name_like=f"%{w.tag}") == "ABCDE"  # the case's name is no process's


def test_case_filters(world: World) -> None:
    w, tag = world, world.tag
    assert w.which(case_instance_business_key=f"{tag}-case_1") == "G"
    assert w.which(case_instance_business_key=f"{tag}-order_1") == ""
    assert w.which(case_instance_business_key_like=f"{tag}-case\\_%") == "G"
    assert w.which(case_instance_business_key_like=f"{tag}-case_%") == "GH"
    assert w.which(case_instance_business_key_like=f"{tag}-%") == "GH"
    assert w.which(case_definition_id=w.definitions["case"]) == "GH"
    assert w.which(case_definition_key=w.keys["case"]) == "GH"
    assert w.which(case_definition_key=w.keys["orders"]) == ""
    assert w.which(case_definition_name=w.names["case"]) == "GH"
    assert w.which(case_definition_name="Manual work") == ""
    assert w.which(case_definition_name_like=f"%{tag}") == "GH"
    assert w.which(case_definition_name_like="Manual_work %") == "GH"
    assert w.which(case_execution_id=w.tasks["G"].case_execution_id) == "G"
    assert w.which(case_definition_key=w.keys["case"], assigned=True) == "G"


def test_assignment(world: World) -> None:
    w = world
    assert w.which(assignee_like="%a%") == "BCG"
    assert w.which(assignee_like="car%") == "B"
    assert w.which(assignee_like="_ave") == "C"
    assert w.which(assignee_like="%") == "BCG"  # a task without an assignee matches no pattern
    assert w.which(assignee_in=["carol", "gina", "nobody"]) == "BG"
    assert w.which(assignee_not_in=["carol"]) == "ACDEGH"  # unassigned tasks match
    assert w.which(assignee_not_in=["carol", "dave", "gina"]) == "ADEH"
    assert w.which(assigned=True) == "BCG"
    assert w.which(unassigned=True) == "ADEH"
    assert w.which(assigned=True, assignee_not_in=["dave"]) == "BG"


def test_candidates(world: World) -> None:
    w = world
    assert w.which(candidate_user="alice") == "A"
    assert w.which(candidate_user="alice", include_assigned_tasks=True) == "AB"
    assert w.which(candidate_user="carol") == ""
    assert w.which(candidate_user="carol", include_assigned_tasks=True) == "C"
    assert w.which(candidate_group="sales") == "A"
    assert w.which(candidate_group="sales", include_assigned_tasks=True) == "AB"
    assert w.which(candidate_groups=["sales", "managers"]) == "AD"
    assert w.which(candidate_groups=["sales", "managers"], include_assigned_tasks=True) == "ABD"
    assert w.which(candidate_groups=["managers", "nobody"]) == "D"
    assert w.which(candidate_groups=["managers"], include_assigned_tasks=True) == "BD"
    assert w.which(candidate_groups=["nobody"], include_assigned_tasks=True) == ""
    assert w.which(with_candidate_groups=True) == "ABD"  # assigned or not
    assert w.which(without_candidate_groups=True) == "CEGH"
    assert w.which(with_candidate_users=True) == "ABCE"
    assert w.which(without_candidate_users=True) == "DGH"
    assert w.which(with_candidate_users=True, with_candidate_groups=True) == "AB"
    assert w.which(without_candidate_users=True, without_candidate_groups=True) == "GH"
    # involved: the assignee, or a candidate user (assigned to someone else or not).
    assert w.which(involved_user="alice") == "AB"
    assert w.which(involved_user="carol") == "BC"
    assert w.which(involved_user="gina") == "G"
    assert w.which(involved_user="sales") == ""  # a group is not a user


def test_task_definition_keys_names_and_descriptions(world: World) -> None:
    w = world
    assert w.which(task_definition_key_in=["Check_order"]) == "ABE"
    assert w.which(task_definition_key_in=["Check_order", "PackParcel", w.tasks["G"].task_definition_key]) == ALL
    assert w.which(task_definition_key_like="Check%") == "ABE"
    assert w.which(task_definition_key_like="%Parcel") == "CD"
    assert w.which(task_definition_key_like="Check\\_orde_") == "ABE"
    assert w.which(task_definition_key_like="Check\\_") == ""
    assert w.which(name="Delta") == "D"
    assert w.which(name="Bravo task") == "B"
    assert w.which(name_not_equal="Delta") == "ABCEGH"  # C has no name: it matches
    assert w.which(name_like="%task") == "AB"
    assert w.which(name_like="_lpha%") == "A"
    assert w.which(name_like="Optional%") == "GH"
    assert w.which(name_like="%") == "ABDEGH"  # a task without a name matches no pattern
    assert w.which(name_not_like="%task") == "CDEGH"
    assert w.which(name_not_like="%") == "C"
    assert w.which(name_not_like="Optional\\_%") == "ABCDEGH"
    assert w.which(description="pack it") == "C"
    assert w.which(description="pack") == ""
    assert w.which(description_like="%pack it") == "CD"
    assert w.which(description_like="first%") == "A"
    assert w.which(description_like="%") == "ACDE"
    assert w.which(description_like="%k\\\\s%") == "E"  # an escaped backslash is one backslash
    assert w.which(description_like="%k\\s%") == ""  # a backslash before s escapes the s
    assert w.which(description="back\\slash") == "E"


def test_priority_and_dates(world: World) -> None:
    w, t = world, world.tasks
    assert w.which(priority=0) == "A"  # 0 is a priority, not "unset"
    assert w.which(priority=70) == "D"
    assert w.which(priority=50) == "BCEGH"
    assert w.which(priority=1) == ""
    assert w.which(due_date=day(1)) == "AD"
    assert w.which(due_date=day(2)) == "C"
    assert w.which(due_date=day(3)) == ""
    assert w.which(without_due_date=True) == "BEGH"
    assert w.which(follow_up_date=day(1)) == "B"
    assert w.which(follow_up_date=day(3)) == "D"
    assert w.which(follow_up_before_or_not_existent=day(2)) == "BCEGH"  # strict: A's day 2 is not before
    assert w.which(follow_up_before_or_not_existent=day(1)) == "CEGH"
    assert w.which(follow_up_before_or_not_existent=day(4)) == ALL
    assert w.which(created_on=t["C"].created) == "C"
    assert w.which(created_before=t["C"].created) == "AB"
    assert w.which(created_after=t["C"].created) == "DEGH"
    assert w.which(created_after=t["A"].created, created_before=t["D"].created) == "BC"
    assert w.which(created_on=t["C"].created, due_date=day(1)) == ""


def test_tenants(world: World) -> None:
    w = world
    assert w.which(without_tenant_id=True) == "ABCDGH"
    assert w.which(tenant_id_in=[w.tenant]) == "E"
    assert w.which(without_tenant_id=True, process_definition_key_in=[w.keys["orders"]]) == "AB"


def test_active_and_suspended(world: World) -> None:
    w, e = world, world.engine
    business_key = unique("tqf-suspend")
    first, second = (e.start_id(w.definitions["orders"], {"assignee": "", "users": "", "groups": ""},
                                business_key=business_key) for _ in range(2))
    [kept], [halted] = e.tasks_of(first), e.tasks_of(second)
    e.instances.SuspendProcessInstance(process_instance_pb2.SuspendProcessInstanceRequest(id=second))
    ids = [kept.id, halted.id]
    assert e.task(halted.id).suspended and not e.task(kept.id).suspended

    def which(**filters: Any) -> list[str]:
        return [t.id for t in e.tasks.QueryTasks(task_pb2.QueryTasksRequest(task_id_in=ids, **filters)).tasks]

    def count(**filters: Any) -> int:
        return e.tasks.CountTasks(task_pb2.CountTasksRequest(task_id_in=ids, **filters)).count

    assert which(active=True) == [kept.id] and count(active=True) == 1
    assert which(suspended=True) == [halted.id] and count(suspended=True) == 1
    assert which(suspended=True, business_key_in=[business_key]) == [halted.id]
    assert w.which(suspended=True) == ""
    assert w.which(active=True) == ALL  # a case's tasks too: case instances are never suspended
    e.instances.ActivateProcessInstance(process_instance_pb2.ActivateProcessInstanceRequest(id=second))
    assert sorted(which(active=True)) == sorted(ids) and count(suspended=True) == 0


COMBINATIONS: list[dict[str, Any]] = [
    {},
    {"assigned": True},
    {"unassigned": True, "with_candidate_groups": True},
    {"assignee_not_in": ["carol"], "without_candidate_users": True},
    {"candidate_groups": ["sales", "managers"], "include_assigned_tasks": True},
    {"involved_user": "carol", "name_not_equal": "Bravo task"},
    {"name_not_like": "%task", "without_due_date": True},
    {"priority": 50, "without_tenant_id": True},
    {"follow_up_before_or_not_existent": day(2), "description_like": "%"},
    {"case_definition_name_like": "Manual%", "case_instance_business_key_like": "%\\_1"},
    {"business_key_like": "%-order%", "process_definition_key_in": ["nope"]},
]


def test_count_agrees_with_query(world: World) -> None:
    w = world
    for filters in COMBINATIONS:
        found = w.found(**filters)
        assert len(found) == len(set(found)), filters
        assert w.count(**filters) == len(found), filters
    assert [w.count(**f) for f in COMBINATIONS] == [7, 3, 2, 3, 3, 1, 3, 4, 2, 1, 0]
    # An empty list is no filter (here the business key narrows the query instead).
    assert w.count(task_id_in=[], business_key_like=f"{w.tag}-%") == 5


def test_the_query_request_has_every_filter_field() -> None:
    """(That CountTasks mirrors it: tests/platform/test_contracts.py, for every count.)"""
    assert {f.number for f in task_pb2.QueryTasksRequest.DESCRIPTOR.fields} >= set(range(1, 72))


def test_new_sort_keys(world: World) -> None:
    w = world
    unassigned = w.by_id("ADEH")
    assert w.order((S.SORT_BY_ASSIGNEE, ASC)) == "BCG" + unassigned  # without an assignee: last
    assert w.order((S.SORT_BY_ASSIGNEE, DESC)) == unassigned + "GCB"  # ... and first descending
    assert w.order((S.SORT_BY_ASSIGNEE, ASC), (S.SORT_BY_PRIORITY, DESC)) == "BCG" + "D" + w.by_id("EH") + "A"
    assert w.order((S.SORT_BY_DESCRIPTION, ASC)) == "EACD" + w.by_id("BGH")
    assert w.order((S.SORT_BY_DESCRIPTION, DESC)) == w.by_id("BGH") + "DCAE"
    processes, cases = w.by_id("ABCDE"), w.by_id("GH")
    for sort_by, field, own, others in (
            (S.SORT_BY_PROCESS_INSTANCE_ID, "process_instance_id", processes, cases),
            (S.SORT_BY_EXECUTION_ID, "execution_id", processes, cases),
            (S.SORT_BY_CASE_INSTANCE_ID, "case_instance_id", cases, processes),
            (S.SORT_BY_CASE_EXECUTION_ID, "case_execution_id", cases, processes)):
        ordered = w.by(field, own)
        assert w.order((sort_by, ASC)) == ordered + others, S.SortBy.Name(sort_by)
        assert w.order((sort_by, DESC)) == others + ordered[::-1], S.SortBy.Name(sort_by)
    # "alpha task" before "Bravo task" whatever the collation; the nameless C last, first descending.
    assert w.order((S.SORT_BY_NAME_CASE_INSENSITIVE, ASC)) == "ABDE" + cases + "C"
    assert w.order((S.SORT_BY_NAME_CASE_INSENSITIVE, DESC)) == "C" + cases + "EDBA"


def test_pages_of_the_new_sort_keys_add_up_to_the_whole(world: World) -> None:
    w = world
    for sorting in ((S.SORT_BY_ASSIGNEE, DESC), (S.SORT_BY_DESCRIPTION, ASC), (S.SORT_BY_CASE_INSTANCE_ID, ASC),
                    (S.SORT_BY_NAME_CASE_INSENSITIVE, DESC)):
        request = [S(sort_by=sorting[0], sort_order=sorting[1])]
        pages = ["".join(w.found(sorting=request, page=OffsetPage(first_result=i, max_results=2)))
                 for i in range(0, 8, 2)]
        assert "".join(pages) == w.order(sorting) and len(pages[3]) == 1, S.SortBy.Name(sorting[0])


LIKE_FIELDS = ("business_key_like", "process_definition_name_like", "case_instance_business_key_like",
               "case_definition_name_like", "assignee_like", "task_definition_key_like", "name_like",
               "name_not_like", "description_like")
DATE_FIELDS = ("due_date", "follow_up_date", "follow_up_before_or_not_existent", "created_on", "created_before",
               "created_after")
ERRORS: list[tuple[dict[str, Any], str]] = [
    ({"assigned": True, "unassigned": True}, "unassigned"),
    ({"active": True, "suspended": True}, "suspended"),
    ({"with_candidate_groups": True, "without_candidate_groups": True}, "without_candidate_groups"),
    ({"with_candidate_users": True, "without_candidate_users": True}, "without_candidate_users"),
    ({"tenant_id_in": ["t"], "without_tenant_id": True}, "without_tenant_id"),
    ({"candidate_group": "sales", "candidate_groups": ["sales"]}, "candidate_groups"),
    ({"include_assigned_tasks": True}, "include_assigned_tasks"),
    ({"include_assigned_tasks": True, "assignee": "carol", "involved_user": "carol"}, "include_assigned_tasks"),
    *(({name: "order\\"}, name) for name in LIKE_FIELDS),
    ({"name_like": "a\\\\\\"}, "name_like"),  # an escaped backslash, then a lone one
    *(({name: timestamp_pb2.Timestamp(seconds=10**15)}, name) for name in DATE_FIELDS),
]


@pytest.mark.parametrize("fields,field", ERRORS, ids=[f"{field}-{i}" for i, (_, field) in enumerate(ERRORS)])
def test_errors(api, fields: dict[str, Any], field: str) -> None:  # type: ignore[no-untyped-def]
    engine = TaskHistory(api)
    for call in (lambda: engine.tasks.QueryTasks(task_pb2.QueryTasksRequest(**fields)),
                 lambda: engine.tasks.CountTasks(task_pb2.CountTasksRequest(**fields))):
        failed = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failed.fields == [field]
        assert failed.info.metadata["field_name"] == field


def test_escaped_backslashes_and_lone_flags_are_no_errors(world: World) -> None:
    w = world
    for name in LIKE_FIELDS:  # an escaped backslash at the end: no task's text ends in one
        expected = ALL if name == "name_not_like" else ""
        assert w.which(**{name: "order\\\\"}) == expected, name
        assert w.count(**{name: "order\\\\"}) == len(expected), name
    assert w.which(unassigned=True, without_candidate_groups=True, without_candidate_users=True) == "H"
    assert w.which(candidate_groups=["sales"], candidate_user="alice", include_assigned_tasks=True) == "AB"
