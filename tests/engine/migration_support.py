"""Helpers for the tests of process instance migration (MigrationService): two versions of a
process written inline, plans and instructions, and the four calls with their defaults."""

from __future__ import annotations

from typing import Any, Sequence

from sqlalchemy import select

from flowkeeper.engine.v1 import (
    batch_pb2,
    execution_pb2,
    history_pb2,
    job_pb2,
    message_pb2,
    migration_pb2,
    migration_pb2_grpc,
    signal_pb2,
)
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from server.engine.models import EventSubscription, Execution, ExternalTask, Job, Task, Variable
from tests.engine.batch_support import EVERYTHING, Batches
from tests.engine.scenario import rows
from tests.engine.support import typed_map
from tests.engine.work_support import key

M = migration_pb2


def process(process_key: str, body: str) -> str:
    """A process ``process_key`` with the flow nodes and flows of ``body``."""
    return (f'<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">'
            f"{body}</bpmn:process>")


def message(ref: str, name: str) -> str:
    """A message declaration ``Message_<ref>`` named ``name``."""
    return f'<bpmn:message id="Message_{ref}" name="{name}" />'


def line(*nodes: str, start: str = "Start", end: str = "End") -> str:
    """Start, the nodes given (each a whole flow node, its id first attribute), end, and the flows
    between them in that order."""
    ids = [start] + [node.split('id="', 1)[1].split('"', 1)[0] for node in nodes] + [end]
    flows = "".join(f'<bpmn:sequenceFlow id="f_{a}_{b}" sourceRef="{a}" targetRef="{b}" />'
                    for a, b in zip(ids, ids[1:]))
    return f'<bpmn:startEvent id="{start}" />{"".join(nodes)}<bpmn:endEvent id="{end}" />{flows}'


def snapshot(server: Any, instance_id: str) -> tuple[object, ...]:
    """What a failed call must leave as it was: the instance's runtime rows."""
    def of(model: type) -> list[tuple[str, ...]]:
        table = model.__table__  # type: ignore[attr-defined]
        return sorted(tuple(str(value) for value in row) for row in rows(
            server, lambda: select(*table.columns).where(table.c.process_instance_id == instance_id)))
    return tuple(of(model) for model in (Task, ExternalTask, Job, EventSubscription, Execution, Variable))


def instruction(source: str, target: str | None = None, update: bool = False) -> M.MigrationInstruction:
    return M.MigrationInstruction(source_activity_ids=[source], target_activity_ids=[target or source],
                                  update_event_trigger=update)


class Migrations(Batches):
    """The batch helpers plus MigrationService."""

    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self.migration = api.stub(migration_pb2_grpc.MigrationServiceStub)

    def versions(self, *bodies: str, prefix: str = "migrated", tenant: str = "",
                 extras: Sequence[str] = ()) -> list[str]:
        """Deploys each body (flow nodes and flows) as the next version of one new process key
        (``extras``: elements beside the process, messages); their definition ids."""
        process_key = key(prefix)
        return [self.deploy_inline(process_key, "".join(extras) + process(process_key, body), tenant)
                for body in bodies]

    def plan(self, source: str, target: str, *instructions: M.MigrationInstruction,
             variables: dict[str, Any] | None = None) -> M.MigrationPlan:
        return M.MigrationPlan(source_process_definition_id=source, target_process_definition_id=target,
                               instructions=list(instructions), variables=typed_map(variables or {}))

    def generate(self, source: str, target: str, update: bool = False,
                 variables: dict[str, Any] | None = None) -> M.MigrationPlan:
        return self.migration.GenerateMigrationPlan(M.GenerateMigrationPlanRequest(
            source_process_definition_id=source, target_process_definition_id=target, update_event_triggers=update,
            variables=typed_map(variables or {}))).migration_plan

    def validate(self, plan: M.MigrationPlan) -> dict[int, list[str]]:
        """instruction index -> the reasons of its failures."""
        reports = self.migration.ValidateMigrationPlan(M.ValidateMigrationPlanRequest(migration_plan=plan))
        return {r.index: [f.reason for f in r.failures] for r in reports.instruction_reports}

    def migrate(self, plan: M.MigrationPlan, ids: Sequence[str] = (), query: Any = None) -> list[str]:
        return list(self.migration.ExecuteMigrationPlan(M.ExecuteMigrationPlanRequest(
            migration_plan=plan, process_instance_ids=list(ids), process_instance_query=query)).process_instance_ids)

    def migrate_async(self, plan: M.MigrationPlan, ids: Sequence[str] = (), query: Any = None) -> batch_pb2.Batch:
        return self.migration.ExecuteMigrationPlanAsync(M.ExecuteMigrationPlanAsyncRequest(
            migration_plan=plan, process_instance_ids=list(ids), process_instance_query=query)).batch

    def correlate_message(self, message_name: str, instance_id: str) -> None:
        self.messages.CorrelateMessage(message_pb2.CorrelateMessageRequest(message_name=message_name,
                                                                           process_instance_id=instance_id))

    def broadcast(self, signal_name: str) -> int:
        return self.signals.BroadcastSignal(signal_pb2.BroadcastSignalRequest(name=signal_name)).delivered

    # -- what an instance is like ---------------------------------------------------------------------

    def activity_tree(self, instance_id: str) -> pi.ActivityInstance:
        return self.instances.GetActivityInstanceTree(
            pi.GetActivityInstanceTreeRequest(process_instance_id=instance_id)).root

    def shape(self, instance_id: str) -> list[tuple[str, ...]]:
        """The activity instance tree as (depth-first) (activity id, activity instance id) pairs,
        transitions as (activity id, "transition"); the root left out."""
        out: list[tuple[str, ...]] = []

        def walk(node: pi.ActivityInstance, depth: int) -> None:
            for child in node.child_activity_instances:
                out.append((child.activity_id, child.id, str(depth)))
                walk(child, depth + 1)
            for transition in node.child_transition_instances:
                out.append((transition.activity_id, "transition", str(depth)))

        walk(self.activity_tree(instance_id), 0)
        return out

    def running_at(self, instance_id: str) -> list[str]:
        """The activity ids of the running activity and transition instances, sorted."""
        return sorted(entry[0] for entry in self.shape(instance_id))

    def executions_of(self, instance_id: str) -> list[execution_pb2.Execution]:
        return list(self.executions.QueryExecutions(execution_pb2.QueryExecutionsRequest(
            process_instance_id=instance_id)).executions)

    def instance_jobs(self, instance_id: str) -> list[job_pb2.Job]:
        return list(self.jobs.QueryJobs(job_pb2.QueryJobsRequest(process_instance_id=instance_id,
                                                                 page=EVERYTHING)).jobs)

    def open_passes(self, instance_id: str) -> list[history_pb2.HistoricActivityInstance]:
        return [p for p in self.history.QueryHistoricActivityInstances(history_pb2.QueryHistoricActivityInstancesRequest(
            process_instance_id=instance_id, unfinished=True)).historic_activity_instances]
