"""HistoryService's identity link log: QueryHistoricIdentityLinkLogs and its count — what a
task's creation and each TaskService verb that changes its assignee, owner or candidates write
(and what changes nothing writes nothing), who the assigner is, every filter and sort key, a
case's human task, what a tenant's token sees, the entries going with their instance's history,
and the errors.

Most tests run on a server of their own (its clock moves as the test needs, and every entry of
its log is the test's, so a filter's answer is exact)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import history_pb2 as hi
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from flowkeeper.engine.v1 import task_pb2
from tests.engine.case_support import Cases
from tests.engine.history_support import TaskHistory, every_page, expect_refused_log_requests, sorted_by, ts
from tests.engine.resources.modeler import render
from tests.engine.support import typed_map
from tests.engine.test_task_identity_links import candidates_task
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error

MINUTE = timedelta(minutes=1)
TENANT, OTHER = "tenant-a", "tenant-b"
Link = task_pb2.TaskIdentityLink
# An entry as the tests compare it: (operation_type, type, user_id, group_id, assigner_id).
Entry = tuple[str, str, str, str, str]


class LinkLog(TaskHistory):
    """The task history's stubs plus the identity link log's query and count, and the TaskService
    verbs that change links."""

    def entries(self, **filters: Any) -> list[hi.HistoricIdentityLinkLog]:
        rows = list(self.history.QueryHistoricIdentityLinkLogs(
            hi.QueryHistoricIdentityLinkLogsRequest(**filters)).historic_identity_link_logs)
        if "page" not in filters:  # checked against the count
            assert self.count(**{k: v for k, v in filters.items() if k != "sorting"}) == len(rows), filters
        return rows

    def count(self, **filters: Any) -> int:
        return self.history.CountHistoricIdentityLinkLogs(hi.CountHistoricIdentityLinkLogsRequest(**filters)).count

    def log(self, **filters: Any) -> list[Entry]:
        return [(e.operation_type, e.type, e.user_id, e.group_id, e.assigner_id) for e in self.entries(**filters)]

    def started(self, tenant: str = "") -> tuple[str, str, str]:
        """An instance waiting at Approve (assignee carol; candidates alice, bob, sales):
        (definition id, instance id, task id)."""
        process_key = key("approval")
        deployment = self.deploy(contents={
            f"{process_key}.bpmn": render(candidates_task(process_key), process_key).encode()}, tenant=tenant)
        definition = self.definition_id(deployment, process_key)
        instance = self.start(definition).process_instance.id
        [task] = self.tasks_of(instance)
        return definition, instance, task.id

    def link(self, verb: str, task_id: str, **link: object) -> None:
        request = {"task_id": task_id, "identity_link": Link(**link)}
        if verb == "add":
            self.tasks.AddTaskIdentityLink(task_pb2.AddTaskIdentityLinkRequest(**request))
        else:
            self.tasks.DeleteTaskIdentityLink(task_pb2.DeleteTaskIdentityLinkRequest(**request))


CREATED: list[Entry] = [("add", "assignee", "carol", "", ""), ("add", "candidate", "alice", "", ""),
                        ("add", "candidate", "bob", "", ""), ("add", "candidate", "", "sales", "")]


@pytest.fixture
def own(server, fresh_server) -> ServerHandle:  # type: ignore[no-untyped-def]
    return fresh_server(server.backend, background=False)


def test_each_change_of_a_tasks_links_is_logged_with_who_made_it(own: ServerHandle) -> None:
    log = LinkLog(own.api())
    definition, instance, task = log.started()
    created = own.clock.now()
    assert log.log(task_id=task) == CREATED
    [first, *_] = log.entries(task_id=task)
    assert (first.time, first.task_id, first.process_instance_id, first.process_definition_id,
            first.process_definition_key, first.case_instance_id, first.tenant_id) == (
        ts(created), task, instance, definition, definition.split(":")[0], "", "")

    ops = LinkLog(own.api(own.token("opal", admin=True)))
    own.clock.advance(MINUTE)
    ops.set_assignee(task, "dave")  # replaces carol: a delete, then an add
    ops.set_assignee(task, "dave")  # already so: nothing
    ops.unclaim(task)
    ops.claim(task, "erin")
    ops.claim(task, "erin")  # already hers: nothing
    ops.tasks.DelegateTask(task_pb2.DelegateTaskRequest(task_id=task, user_id="frank"))
    ops.tasks.ResolveTask(task_pb2.ResolveTaskRequest(task_id=task, variables=typed_map({})))
    ops.update_task(task_pb2.Task(id=task, owner="gina"), "owner")
    ops.update_task(task_pb2.Task(id=task, owner="gina"), "owner")  # the same owner: nothing
    ops.link("add", task, type=Link.TYPE_CANDIDATE, user_id="zed")
    ops.link("add", task, type=Link.TYPE_CANDIDATE, user_id="zed")  # there already: nothing
    ops.link("delete", task, type=Link.TYPE_CANDIDATE, group_id="sales")
    ops.link("delete", task, type=Link.TYPE_CANDIDATE, group_id="sales")  # gone already: nothing
    ops.link("delete", task, type=Link.TYPE_OWNER, user_id="gina")
    ops.link("add", task, type=Link.TYPE_ASSIGNEE, user_id="hal")
    own.clock.advance(MINUTE)
    ops.complete(task)  # the task's end logs nothing
    assert log.log(task_id=task) == CREATED + [
        ("delete", "assignee", "carol", "", "opal"), ("add", "assignee", "dave", "", "opal"),
        ("delete", "assignee", "dave", "", "opal"),
        ("add", "assignee", "erin", "", "opal"),
        ("add", "owner", "erin", "", "opal"), ("delete", "assignee", "erin", "", "opal"),
        ("add", "assignee", "frank", "", "opal"),
        ("delete", "assignee", "frank", "", "opal"), ("add", "assignee", "erin", "", "opal"),
        ("delete", "owner", "erin", "", "opal"), ("add", "owner", "gina", "", "opal"),
        ("add", "candidate", "zed", "", "opal"),
        ("delete", "candidate", "", "sales", "opal"),
        ("delete", "owner", "gina", "", "opal"),
        ("delete", "assignee", "erin", "", "opal"), ("add", "assignee", "hal", "", "opal"),
    ]
    assert {e.time.ToDatetime() for e in log.entries(task_id=task, assigner_id="opal")} == {
        (created + MINUTE).replace(tzinfo=None)}


def test_a_task_created_without_links_logs_nothing_until_one_is_added(own: ServerHandle) -> None:
    log = LinkLog(own.api())
    process_key = key("plain")
    deployment = log.deploy(contents={f"{process_key}.bpmn": render(f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Check" />
  <bpmn:userTask id="Check" />
  <bpmn:sequenceFlow id="f2" sourceRef="Check" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>""", process_key).encode()})
    instance = log.start(log.definition_id(deployment, process_key)).process_instance.id
    [task] = log.tasks_of(instance)
    assert log.log(task_id=task.id) == []
    log.link("add", task.id, type=Link.TYPE_CANDIDATE, group_id="ops")
    assert [e.process_definition_key for e in log.entries(task_id=task.id)] == [process_key]


def test_a_case_s_human_task_is_logged_with_its_case_instance(own: ServerHandle) -> None:
    api = own.api()
    cases, log = Cases(api), LinkLog(api)
    case = cases.deploy_and_create("case_three_items.cmmn")
    human = cases.case_tasks(case.id)[0]
    before = log.log(task_id=human.id)
    log.link("add", human.id, type=Link.TYPE_CANDIDATE, group_id="auditors")
    *_, added = log.entries(task_id=human.id)
    assert (added.operation_type, added.type, added.group_id, added.case_instance_id, added.process_instance_id,
            added.process_definition_id, added.process_definition_key) == (
        "add", "candidate", "auditors", case.id, "", "", "")
    assert len(log.entries(task_id=human.id)) == len(before) + 1


def test_the_filters_sorting_and_paging(own: ServerHandle) -> None:
    log = LinkLog(own.api())
    d1, _, t1 = log.started()
    own.clock.advance(MINUTE)
    d2, _, t2 = log.started(tenant=TENANT)
    ops = LinkLog(own.api(own.token("opal", admin=True)))
    own.clock.advance(MINUTE)
    ops.set_assignee(t2, "dave")
    t0 = own.clock.now() - 2 * MINUTE
    every = log.entries()
    assert len(every) == 10

    def ids(**filters: Any) -> list[str]:
        return [e.id for e in log.entries(**filters)]

    by_id = {e.id: e for e in every}
    of_t1, of_t2 = ids(task_id=t1), ids(task_id=t2)
    assert len(of_t1) == 4 and len(of_t2) == 6 and of_t1 + of_t2 == [e.id for e in every]
    assert ids(type="assignee") == [i for i in of_t1 + of_t2 if by_id[i].type == "assignee"]
    assert len(ids(type="assignee")) == 4 and len(ids(type="candidate")) == 6 and ids(type="owner") == []
    assert [by_id[i].task_id for i in ids(user_id="carol")] == [t1, t2, t2]
    assert [by_id[i].task_id for i in ids(group_id="sales")] == [t1, t2]
    assert [by_id[i].user_id for i in ids(operation_type="delete")] == ["carol"]
    assert [by_id[i].user_id for i in ids(assigner_id="opal")] == ["carol", "dave"]
    assert ids(process_definition_id=d2) == of_t2
    assert ids(process_definition_key=d1.split(":")[0]) == of_t1
    assert ids(tenant_id_in=[TENANT]) == of_t2 and ids(tenant_id_in=[TENANT, OTHER]) == of_t2
    assert ids(without_tenant_id=True) == of_t1
    assert ids(date_before=ts(t0)) == of_t1  # at or before
    assert ids(date_after=ts(t0 + MINUTE)) == of_t2  # at or after
    assert ids(date_after=ts(t0 + 2 * MINUTE), date_before=ts(t0 + 2 * MINUTE)) == of_t2[4:]
    assert ids(user_id="carol", operation_type="add", task_id=t2) == [of_t2[0]]

    # Sorting: each key both ways (unset first ascending, last descending), then as the changes
    # happened.
    for sort_by, field in SORT_KEYS.items():
        for order in ("asc", "desc"):
            found = ids(sorting=sorted_by((sort_by, order)))
            assert found == [e.id for e in _expected(every, field, order == "desc")], (sort_by, order)
    by_user = sorted_by(("userId", "asc"), ("time", "desc"))
    paged = every_page(log.entries, log.count, 3, sorting=by_user)
    assert [e.id for e in paged] == ids(sorting=by_user)
    assert [by_id[i].user_id for i in ids(sorting=by_user)][:4] == ["", "", "alice", "alice"]


SORT_KEYS = {"time": "time", "type": "type", "userId": "user_id", "groupId": "group_id", "taskId": "task_id",
             "processDefinitionId": "process_definition_id", "processDefinitionKey": "process_definition_key",
             "operationType": "operation_type", "assignerId": "assigner_id", "tenantId": "tenant_id"}


def _expected(rows: list[hi.HistoricIdentityLinkLog], field: str, descending: bool) -> list[hi.HistoricIdentityLinkLog]:
    def value(row: hi.HistoricIdentityLinkLog) -> Any:
        return (row.time.seconds, row.time.nanos) if field == "time" else getattr(row, field) or None

    unset = [r for r in rows if value(r) is None]
    ordered = sorted((r for r in rows if value(r) is not None), key=value, reverse=descending)  # stable
    return ordered + unset if descending else unset + ordered


def test_a_tenant_token_sees_its_tenants_entries_only(own: ServerHandle) -> None:
    log = LinkLog(own.api())
    _, _, mine = log.started(tenant=TENANT)
    _, _, theirs = log.started(tenant=OTHER)
    _, _, shared = log.started()
    member = LinkLog(own.api(own.token(tenants=(TENANT,))))
    assert {e.task_id for e in member.entries()} == {mine, shared}
    assert member.entries(task_id=theirs) == [] and member.entries(tenant_id_in=[OTHER]) == []


def test_the_entries_go_with_the_instance_s_history(own: ServerHandle) -> None:
    log = LinkLog(own.api())
    _, instance, task = log.started()
    _, _, kept = log.started()
    log.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=instance))
    assert len(log.entries(task_id=task)) == 4  # the instance ended: its history stays
    log.history.DeleteHistoricProcessInstance(hi.DeleteHistoricProcessInstanceRequest(id=instance))
    assert log.entries(task_id=task) == [] and len(log.entries(task_id=kept)) == 4

    cases = Cases(own.api())
    case = cases.deploy_and_create("case_three_items.cmmn")
    human = cases.case_tasks(case.id)[0]
    log.link("add", human.id, type=Link.TYPE_CANDIDATE, group_id="auditors")
    cases.terminate_case(case.id)
    cases.close_case(case.id)
    log.history.DeleteHistoricCaseInstance(hi.DeleteHistoricCaseInstanceRequest(id=case.id))
    assert log.entries(task_id=human.id) == [] and len(log.entries(task_id=kept)) == 4


def test_the_errors(server: ServerHandle) -> None:
    log = LinkLog(server.api())
    for call in (log.entries, log.count):
        bad = expect_error(lambda: call(type="Assignee"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert bad.fields == ["type"]
        bad = expect_error(lambda: call(operation_type="remove"), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert bad.fields == ["operation_type"]
    expect_refused_log_requests(log.entries, log.count, ("date_before", "date_after"), [
        (sorted_by(("priority", "asc")), "sorting[0].sort_by"),
        (sorted_by(("time", "up")), "sorting[0].sort_order"),
        (sorted_by(("", "asc")), "sorting[0].sort_by"),
    ])
    anonymous = LinkLog(server.api(None))
    for call in (anonymous.entries, anonymous.count):
        expect_error(call, grpc.StatusCode.UNAUTHENTICATED, "UNAUTHENTICATED")
