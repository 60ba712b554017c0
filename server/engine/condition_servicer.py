"""gRPC servicer of conditional start events (flowkeeper.engine.v1.ConditionService): decode,
call the domain, encode."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import condition_pb2, condition_pb2_grpc
from server.context import AppContext
from server.engine import conditions, mapping
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional


class ConditionServicer(Servicer, condition_pb2_grpc.ConditionServiceServicer):
    @transactional(write=True)
    def EvaluateConditions(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        started = conditions.evaluate_start_conditions(tx, self.app.clock, caller, conditions.StartConditions(
            variables=mapping.variables_in(request.variables), business_key=request.business_key,
            tenant_id=request.tenant_id, without_tenant_id=request.without_tenant_id,
            process_definition_id=request.process_definition_id,
        ))
        return condition_pb2.EvaluateConditionsResponse(
            process_instances=[mapping.process_instance(instance) for instance in started])


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    condition_pb2_grpc.add_ConditionServiceServicer_to_server(ConditionServicer(app), server)
    return [condition_pb2.DESCRIPTOR.services_by_name["ConditionService"].full_name]
