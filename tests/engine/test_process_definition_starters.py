"""ListProcessDefinitions' startable_by (camunda:candidateStarterUsers and
camunda:candidateStarterGroups, through the user's groups) and startable_in_tasklist /
not_startable_in_tasklist (camunda:isStartableInTasklist); the parser's reading of them, and
groups_0001's filling in of the definitions deployed before it read them."""

from __future__ import annotations

import uuid

import grpc
from sqlalchemy import delete, func, select, update

from flowkeeper.engine.v1 import group_pb2 as gp
from flowkeeper.engine.v1 import group_pb2_grpc
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from server.engine.models import ProcessDefinition, ProcessDefinitionStarter
from server.migrations.versions.groups_0001_groups_of_users import _fill_in
from tests.engine.work_support import Work, key
from tests.support import expect_error, unique


def _process(process_key: str, attributes: str = "") -> str:
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180"{attributes}>
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Review" />
  <bpmn:userTask id="Review" />
  <bpmn:sequenceFlow id="f2" sourceRef="Review" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
"""


def gid(prefix: str) -> str:
    """A unique group id (letters and digits only)."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def _user(server) -> str:  # type: ignore[no-untyped-def]
    name = unique("user")
    server.token(name)
    return name


class Starters(Work):
    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.groups = api.stub(group_pb2_grpc.GroupServiceStub)

    def listed(self, prefix: str, **fields: object) -> list[str]:
        """The ids ListProcessDefinitions answers (of keys starting with ``prefix``), sorted;
        ListProcessDefinitionStatistics lists the same."""
        found = [d.id for d in self.definitions.ListProcessDefinitions(
            pd.ListProcessDefinitionsRequest(key_like=f"{prefix}%", **fields)).process_definitions]
        statistics = [s.process_definition.id for s in self.definitions.ListProcessDefinitionStatistics(
            pd.ListProcessDefinitionStatisticsRequest(key_like=f"{prefix}%", **fields)).statistics]
        assert statistics == found, fields
        return sorted(found)


def test_startable_by_users_and_through_groups(api, server) -> None:  # type: ignore[no-untyped-def]
    world = Starters(api)
    prefix = key("starters")
    sales, support = gid("sales"), gid("support")
    for group in (sales, support):
        world.groups.CreateGroup(gp.CreateGroupRequest(group=gp.Group(id=group)))
    ann, bob, cid, dan = (_user(server) for _ in range(4))
    world.groups.AddGroupMember(gp.AddGroupMemberRequest(group_id=sales, user_id=ann))
    world.groups.AddGroupMember(gp.AddGroupMemberRequest(group_id=support, user_id=cid))
    by_users = world.deploy_inline(f"{prefix}_users", _process(
        f"{prefix}_users", f' camunda:candidateStarterUsers="{bob}, ${{starter}},,{dan} "'))
    by_groups = world.deploy_inline(f"{prefix}_groups", _process(
        f"{prefix}_groups", f' camunda:candidateStarterGroups="{sales}"'))
    by_both = world.deploy_inline(f"{prefix}_both", _process(
        f"{prefix}_both", f' camunda:candidateStarterUsers="{ann}" camunda:candidateStarterGroups="{support},{sales}"'))
    nobody = world.deploy_inline(f"{prefix}_nobody", _process(f"{prefix}_nobody"))

    assert world.listed(prefix, startable_by=ann) == sorted([by_groups, by_both])  # herself, and through sales
    assert world.listed(prefix, startable_by=bob) == [by_users]
    assert world.listed(prefix, startable_by=dan) == [by_users]
    assert world.listed(prefix, startable_by=cid) == [by_both]  # through support
    assert world.listed(prefix, startable_by=_user(server)) == []  # named nowhere, in no group
    # The names are compared as written: an expression is not evaluated.
    assert world.listed(prefix, startable_by="${starter}") == [by_users]
    assert world.listed(prefix, startable_by=bob, key=f"{prefix}_groups") == []
    assert nobody in world.listed(prefix)

    # Membership changes count at once.
    world.groups.RemoveGroupMember(gp.RemoveGroupMemberRequest(group_id=sales, user_id=ann))
    world.groups.AddGroupMember(gp.AddGroupMemberRequest(group_id=sales, user_id=bob))
    assert world.listed(prefix, startable_by=ann) == [by_both]
    assert world.listed(prefix, startable_by=bob) == sorted([by_users, by_groups, by_both])
    world.groups.DeleteGroup(gp.DeleteGroupRequest(id=sales))
    assert world.listed(prefix, startable_by=bob) == [by_users]


def test_startable_in_tasklist(api) -> None:  # type: ignore[no-untyped-def]
    world = Starters(api)
    prefix = key("tasklist")
    default = world.deploy_inline(f"{prefix}_default", _process(f"{prefix}_default"))
    yes = world.deploy_inline(f"{prefix}_yes", _process(f"{prefix}_yes", ' camunda:isStartableInTasklist="true"'))
    hidden = world.deploy_inline(f"{prefix}_hidden", _process(
        f"{prefix}_hidden", ' camunda:isStartableInTasklist="false"'))
    # The document's engine's other words for a boolean attribute.
    off = world.deploy_inline(f"{prefix}_off", _process(f"{prefix}_off", ' camunda:isStartableInTasklist=" No "'))

    assert world.listed(prefix, startable_in_tasklist=True) == sorted([default, yes])
    assert world.listed(prefix, not_startable_in_tasklist=True) == sorted([hidden, off])
    shown = {d.id: d.startable_in_tasklist for d in world.definitions.ListProcessDefinitions(
        pd.ListProcessDefinitionsRequest(key_like=f"{prefix}%")).process_definitions}
    assert shown == {default: True, yes: True, hidden: False, off: False}
    got = world.definitions.GetProcessDefinition(pd.GetProcessDefinitionRequest(id=hidden)).process_definition
    assert not got.startable_in_tasklist
    # Nothing refuses a start: the setting is for task lists.
    assert world.start_id(hidden)

    for call in (lambda: world.definitions.ListProcessDefinitions(pd.ListProcessDefinitionsRequest(
                     startable_in_tasklist=True, not_startable_in_tasklist=True)),
                 lambda: world.definitions.ListProcessDefinitionStatistics(pd.ListProcessDefinitionStatisticsRequest(
                     startable_in_tasklist=True, not_startable_in_tasklist=True))):
        failure = expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert failure.fields == ["not_startable_in_tasklist"]


def test_the_deployment_refuses_what_it_cannot_keep(api) -> None:  # type: ignore[no-untyped-def]
    world = Starters(api)
    for attributes, attribute in ((' camunda:isStartableInTasklist="maybe"', None),
                                  (f' camunda:candidateStarterUsers="ann, {"u" * 256}"',
                                   "camunda:candidateStarterUsers"),
                                  (f' camunda:candidateStarterGroups="{"g" * 256}"', "camunda:candidateStarterGroups")):
        process_key = key("refused")
        failure = expect_error(lambda: world.deploy_inline(process_key, _process(process_key, attributes)),
                               grpc.StatusCode.INVALID_ARGUMENT, "INVALID_BPMN")
        assert failure.info.metadata["element_id"] == process_key
        if attribute:
            assert (failure.info.metadata["attribute"], failure.info.metadata["max_length"]) == (attribute, "255")
        else:
            assert "camunda:isStartableInTasklist" in failure.message


def test_a_deleted_definition_takes_its_starters_along(api, server) -> None:  # type: ignore[no-untyped-def]
    world = Starters(api)
    process_key = key("deleted")
    definition = world.deploy_inline(process_key, _process(
        process_key, ' camunda:candidateStarterUsers="ann,bob" camunda:candidateStarterGroups="x"'))

    def starters(tx) -> int:  # type: ignore[no-untyped-def]
        return int(tx.scalar(select(func.count()).select_from(ProcessDefinitionStarter)
                             .where(ProcessDefinitionStarter.process_definition_id == definition)))

    assert server.db.run(starters, write=False) == 3
    world.definitions.DeleteProcessDefinition(pd.DeleteProcessDefinitionRequest(id=definition))
    assert server.db.run(starters, write=False) == 0


def test_the_migration_fills_in_definitions_deployed_before_it(server, fresh_server) -> None:  # type: ignore[no-untyped-def]
    own = fresh_server(server.backend, background=False)
    world = Starters(own.api())
    prefix = key("earlier")
    deployed = {
        world.deploy_inline(f"{prefix}_a", _process(
            f"{prefix}_a", ' camunda:candidateStarterUsers=" ann , ${x, y}" camunda:isStartableInTasklist="false"')),
        world.deploy_inline(f"{prefix}_b", _process(f"{prefix}_b", ' camunda:candidateStarterGroups="sales,support"')),
        world.deploy_inline(f"{prefix}_c", _process(f"{prefix}_c", ' camunda:isStartableInTasklist="off"')),
        world.deploy_inline(f"{prefix}_d", _process(f"{prefix}_d")),
    }

    def state(tx):  # type: ignore[no-untyped-def]
        flags = sorted(tx.execute(select(ProcessDefinition.id, ProcessDefinition.startable_in_tasklist)))
        names = sorted(tx.execute(select(ProcessDefinitionStarter.process_definition_id, ProcessDefinitionStarter.kind,
                                         ProcessDefinitionStarter.value)))
        return [tuple(row) for row in flags], [tuple(row) for row in names]

    recorded = own.db.run(state, write=False)
    assert {row[0] for row in recorded[0]} == deployed
    assert len(recorded[1]) == 4 and sum(1 for _, flag in recorded[0] if not flag) == 2

    def as_before(tx):  # type: ignore[no-untyped-def]
        tx.execute(delete(ProcessDefinitionStarter))
        tx.execute(update(ProcessDefinition).values(startable_in_tasklist=True))
        _fill_in(tx.connection())

    own.db.run(as_before, write=True)
    assert own.db.run(state, write=False) == recorded
