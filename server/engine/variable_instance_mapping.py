"""The running variables: VariableInstanceService's requests to the query the domain takes, and
its views to VariableInstance messages."""

from __future__ import annotations

from typing import Any

from flowkeeper.engine.v1 import variable_instance_pb2
from server.engine.mapping import scoped_filters, sorting_of, typed_value_out
from server.engine.variable_instances import VariableInstanceQuery, VariableInstanceView


def query(request: Any) -> VariableInstanceQuery:
    """Decodes the filters shared by QueryVariableInstancesRequest and CountVariableInstancesRequest."""
    return VariableInstanceQuery(
        variable_name=request.variable_name,
        variable_name_like=request.variable_name_like,
        variable_values=scoped_filters(request, ("variable_values",)).get("variable_values", []),
        names_ignore_case=request.variable_names_ignore_case,
        values_ignore_case=request.variable_values_ignore_case,
        process_instance_ids=list(request.process_instance_id_in),
        execution_ids=list(request.execution_id_in),
        case_instance_ids=list(request.case_instance_id_in),
        case_execution_ids=list(request.case_execution_id_in),
        task_ids=list(request.task_id_in),
        scope_ids=list(request.variable_scope_id_in),
        tenant_ids=list(request.tenant_id_in),
        without_tenant=request.without_tenant_id,
        sorting=sorting_of(request),
    )


_OWNER = ("process_instance_id", "execution_id", "case_instance_id", "case_execution_id", "task_id", "tenant_id",
          "process_definition_id", "case_definition_id")


def variable_instance(view: VariableInstanceView) -> variable_instance_pb2.VariableInstance:
    return variable_instance_pb2.VariableInstance(
        id=view.id, name=view.name, value=typed_value_out(view.value),
        **{name: getattr(view, name) or "" for name in _OWNER},
    )
