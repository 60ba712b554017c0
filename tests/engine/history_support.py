"""The HistoryService's operation log, as the operation-log tests read it."""

from __future__ import annotations

from typing import Any

from flowkeeper.engine.v1 import history_pb2, history_pb2_grpc
from tests.engine.failure_support import Failures

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
