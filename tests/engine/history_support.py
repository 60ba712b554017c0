"""The HistoryService's operation log and variable history, as the history tests read them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.protobuf import timestamp_pb2

from flowkeeper.engine.v1 import (
    execution_pb2,
    history_pb2,
    history_pb2_grpc,
    process_instance_pb2,
    task_pb2,
    types_pb2,
)
from tests.engine.failure_support import Failures
from tests.engine.support import plain, typed_map

# (operation_type, entity_type, property, org_value, new_value) of an entry.
Entry = tuple[str, str, str, str, str]


class OperationLog(Failures):
    """The engine's stubs (with failures' verbs) plus the operation log's query and count."""

    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.history = api.stub(history_pb2_grpc.HistoryServiceStub)

    def entries(self, **filters: Any) -> list[history_pb2.UserOperation]:
        return list(self.history.QueryUserOperations(
            history_pb2.QueryUserOperationsRequest(**filters)).user_operations)

    def count(self, **filters: Any) -> int:
        return self.history.CountUserOperations(history_pb2.CountUserOperationsRequest(**filters)).count

    def of(self, **filters: Any) -> list[Entry]:
        """The entries found, as Entry tuples, in the order written."""
        return [(e.operation_type, e.entity_type, e.property, e.org_value, e.new_value)
                for e in self.entries(**filters)]


def ts(when: datetime) -> timestamp_pb2.Timestamp:
    stamp = timestamp_pb2.Timestamp()
    stamp.FromDatetime(when)
    return stamp


def pair(value: types_pb2.TypedValue) -> tuple[Any, str]:
    """A typed value as (its JSON-like value, its type name), as ``tests.engine.support.plain``."""
    return plain({"value": value})["value"]


class VariableHistory(OperationLog):
    """The operation log's stubs, the variable history's queries (HistoricVariableInstance and
    HistoricDetail) and the calls that change variables."""

    def historic_variables(self, **filters: Any) -> list[history_pb2.HistoricVariableInstance]:
        return list(self.history.QueryHistoricVariableInstances(
            history_pb2.QueryHistoricVariableInstancesRequest(**filters)).historic_variable_instances)

    def count_historic_variables(self, **filters: Any) -> int:
        return self.history.CountHistoricVariableInstances(
            history_pb2.CountHistoricVariableInstancesRequest(**filters)).count

    def historic_variable(self, variable_id: str) -> history_pb2.HistoricVariableInstance:
        return self.history.GetHistoricVariableInstance(
            history_pb2.GetHistoricVariableInstanceRequest(id=variable_id)).historic_variable_instance

    def named(self, name: str, **filters: Any) -> history_pb2.HistoricVariableInstance:
        """The one historic variable instance of that name (the DELETED ones included)."""
        [found] = self.historic_variables(variable_name=name, include_deleted=True, **filters)
        return found

    def historic_details(self, **filters: Any) -> list[history_pb2.HistoricDetail]:
        return list(self.history.QueryHistoricDetails(
            history_pb2.QueryHistoricDetailsRequest(**filters)).historic_details)

    def count_historic_details(self, **filters: Any) -> int:
        return self.history.CountHistoricDetails(history_pb2.CountHistoricDetailsRequest(**filters)).count

    def historic_detail(self, detail_id: str) -> history_pb2.HistoricDetail:
        return self.history.GetHistoricDetail(history_pb2.GetHistoricDetailRequest(id=detail_id)).historic_detail

    def changes(self, variable_id: str) -> list[tuple[str, int, Any, str]]:
        """The variable's details as they occurred: (event, revision, value, type)."""
        return [(d.event, d.revision, *pair(d.value)) for d in self.historic_details(variable_instance_id=variable_id)]

    def delete_variable(self, variable_id: str) -> None:
        self.history.DeleteHistoricVariableInstance(history_pb2.DeleteHistoricVariableInstanceRequest(id=variable_id))

    def delete_variables_of(self, instance_id: str) -> int:
        return self.history.DeleteHistoricVariableInstancesOfProcessInstance(
            history_pb2.DeleteHistoricVariableInstancesOfProcessInstanceRequest(process_instance_id=instance_id)
        ).deleted_variable_instances

    def modify_variables(self, instance_id: str, values: dict[str, Any] | None = None,
                         deletions: tuple[str, ...] = ()) -> None:
        self.instances.ModifyVariables(process_instance_pb2.ModifyVariablesRequest(
            process_instance_id=instance_id, modifications=typed_map(values or {}), deletions=list(deletions)))

    def modify_local(self, execution_id: str, values: dict[str, Any] | None = None,
                     deletions: tuple[str, ...] = ()) -> None:
        self.executions.ModifyLocalVariables(execution_pb2.ModifyLocalVariablesRequest(
            execution_id=execution_id, modifications=typed_map(values or {}), deletions=list(deletions)))

    def modify_task(self, task_id: str, values: dict[str, Any] | None = None, deletions: tuple[str, ...] = (),
                    local: bool = False) -> None:
        self.tasks.ModifyTaskVariables(task_pb2.ModifyTaskVariablesRequest(
            task_id=task_id, modifications=typed_map(values or {}), deletions=list(deletions), local=local))
