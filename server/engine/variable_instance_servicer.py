"""gRPC servicer of the running variables (flowkeeper.engine.v1.VariableInstanceService):
decode, call the domain, encode."""

from __future__ import annotations

from typing import Iterable

import grpc
from sqlalchemy.orm import Session

from flowkeeper.engine.v1 import variable_instance_pb2, variable_instance_pb2_grpc
from server.context import AppContext
from server.engine import variable_instance_mapping as mapping
from server.engine import variable_instances
from server.engine.mapping import page_window, variable_data_out
from server.engine.variables import binary_data
from server.identity.service import Caller
from server.rpc.servicer import Servicer, transactional


class VariableInstanceServicer(Servicer, variable_instance_pb2_grpc.VariableInstanceServiceServicer):
    @transactional(write=False)
    def QueryVariableInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        offset, limit = page_window(request.page, self.app.config.max_page_size)
        views = variable_instances.query(tx, caller, mapping.query(request), offset, limit)
        return variable_instance_pb2.QueryVariableInstancesResponse(
            variable_instances=[mapping.variable_instance(v) for v in views])

    @transactional(write=False)
    def CountVariableInstances(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return variable_instance_pb2.CountVariableInstancesResponse(
            count=variable_instances.count(tx, caller, mapping.query(request)))

    @transactional(write=False)
    def GetVariableInstance(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        return variable_instance_pb2.GetVariableInstanceResponse(
            variable_instance=mapping.variable_instance(variable_instances.get(tx, caller, request.id)))

    @transactional(write=False)
    def GetVariableInstanceData(self, request, tx: Session, caller: Caller):  # type: ignore[no-untyped-def]
        view = variable_instances.get(tx, caller, request.id)
        data = binary_data(view.value, "variable instance", view.id, view.name)
        return variable_instance_pb2.GetVariableInstanceDataResponse(**variable_data_out(data))


def register(server: grpc.Server, app: AppContext) -> Iterable[str]:
    variable_instance_pb2_grpc.add_VariableInstanceServiceServicer_to_server(VariableInstanceServicer(app), server)
    return [variable_instance_pb2.DESCRIPTOR.services_by_name["VariableInstanceService"].full_name]
