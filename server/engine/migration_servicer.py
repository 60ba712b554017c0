"""gRPC servicer of process instance migration (flowkeeper.engine.v1.MigrationService): decode,
call the domain (server.engine.instance_migration), encode."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import migration_pb2, migration_pb2_grpc
from server.context import AppContext
from server.engine import batch_mapping, instance_migration, mapping, migration_mapping
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional


class MigrationServicer(Servicer, migration_pb2_grpc.MigrationServiceServicer):
    @transactional(write=False)
    def GenerateMigrationPlan(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        plan = instance_migration.generate(tx, caller, request.source_process_definition_id,
                                           request.target_process_definition_id, request.update_event_triggers,
                                           mapping.variables_in(request.variables))
        return migration_pb2.GenerateMigrationPlanResponse(migration_plan=migration_mapping.plan_out(plan))

    @transactional(write=False)
    def ValidateMigrationPlan(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        reports = instance_migration.validate(tx, caller, migration_mapping.plan_in(request))
        return migration_pb2.ValidateMigrationPlanResponse(instruction_reports=migration_mapping.reports_out(reports))

    @transactional(write=True)
    def ExecuteMigrationPlan(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        plan = migration_mapping.plan_in(request)
        query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        done = instance_migration.execute(tx, self.app.clock, caller, plan, list(request.process_instance_ids), query)
        return migration_pb2.ExecuteMigrationPlanResponse(process_instance_ids=done)

    @transactional(write=True)
    def ExecuteMigrationPlanAsync(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        plan = migration_mapping.plan_in(request)
        query = batch_mapping.query_of(request, "process_instance_query", mapping.instance_query)
        row = instance_migration.execute_async(tx, self.app.clock, caller, plan, list(request.process_instance_ids),
                                               query)
        return migration_pb2.ExecuteMigrationPlanAsyncResponse(batch=batch_mapping.batch(row))


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    migration_pb2_grpc.add_MigrationServiceServicer_to_server(MigrationServicer(app), server)
    return [migration_pb2.DESCRIPTOR.services_by_name["MigrationService"].full_name]
