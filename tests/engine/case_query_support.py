"""A module world of case instances for the case queries (QueryCaseInstances, QueryCaseExecutions,
ListCaseDefinitions with their counts) and the case instance history (QueryHistoricCaseInstances,
the historic case activity statistics): the case activity history's world
(tests.engine.test_historic_case_activity_instances_query), then two more minutes of changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

from flowkeeper.engine.v1 import (
    case_definition_pb2,
    case_execution_pb2,
    case_instance_pb2,
    execution_pb2,
    history_pb2,
    history_report_pb2,
    history_report_pb2_grpc,
)
from tests.engine.history_support import CaseActivityHistory, sorted_by
from tests.engine.support import typed_map, value
from tests.engine.test_historic_case_activity_instances_query import OTHER, TENANT, _world
from tests.support import ServerHandle

MINUTE = timedelta(minutes=1)
CASES = ("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8")
USER = "olga"


class CaseQueries(CaseActivityHistory):
    """The case helpers plus every query these tests run, each taking the request's fields."""

    def __init__(self, api) -> None:  # type: ignore[no-untyped-def]
        super().__init__(api)
        self.reports = api.stub(history_report_pb2_grpc.HistoryReportServiceStub)

    def case_instances_found(self, **filters: Any) -> list[case_instance_pb2.CaseInstance]:
        return list(self.case_instances.QueryCaseInstances(
            case_instance_pb2.QueryCaseInstancesRequest(**filters)).case_instances)

    def count_instances(self, **filters: Any) -> int:
        return self.case_instances.CountCaseInstances(case_instance_pb2.CountCaseInstancesRequest(**filters)).count

    def case_executions_found(self, **filters: Any) -> list[case_execution_pb2.CaseExecution]:
        return list(self.case_executions.QueryCaseExecutions(
            case_execution_pb2.QueryCaseExecutionsRequest(**filters)).case_executions)

    def count_case_executions(self, **filters: Any) -> int:
        return self.case_executions.CountCaseExecutions(case_execution_pb2.CountCaseExecutionsRequest(**filters)).count

    def definitions_found(self, **filters: Any) -> list[case_definition_pb2.CaseDefinition]:
        return list(self.case_definitions.ListCaseDefinitions(
            case_definition_pb2.ListCaseDefinitionsRequest(**filters)).case_definitions)

    def count_definitions(self, **filters: Any) -> int:
        return self.case_definitions.CountCaseDefinitions(
            case_definition_pb2.CountCaseDefinitionsRequest(**filters)).count

    def historic_cases(self, **filters: Any) -> list[history_pb2.HistoricCaseInstance]:
        return list(self.history.QueryHistoricCaseInstances(
            history_pb2.QueryHistoricCaseInstancesRequest(**filters)).historic_case_instances)

    def count_historic_cases(self, **filters: Any) -> int:
        return self.history.CountHistoricCaseInstances(history_pb2.CountHistoricCaseInstancesRequest(**filters)).count

    def historic_case(self, case_id: str) -> history_pb2.HistoricCaseInstance:
        return self.history.GetHistoricCaseInstance(
            history_pb2.GetHistoricCaseInstanceRequest(id=case_id)).historic_case_instance

    def case_statistics(self, case_definition_id: str) -> list[history_report_pb2.HistoricCaseActivityStatistics]:
        return list(self.reports.QueryHistoricCaseActivityStatistics(
            history_report_pb2.QueryHistoricCaseActivityStatisticsRequest(
                case_definition_id=case_definition_id)).statistics)


def variable(name: str, operator: str, raw: Any) -> execution_pb2.VariableQueryParameter:
    return execution_pb2.VariableQueryParameter(name=name, operator=operator, value=value(raw))


def case_filter(name: str, operator: str, raw: Any) -> case_instance_pb2.CaseVariableFilter:
    return case_instance_pb2.CaseVariableFilter(name=name, operator=operator, value=value(raw))


@dataclass
class CaseWorld:
    """The case activity history's world (c1..c6, times t0..t4), then:

    t5  c1 (TERMINATED at t4) gets the variable outcome "rejected" and is closed; c2 (case_manual
        of TENANT) is completed; c5 (case_callee of OTHER) is terminated (its caller's case task
        PI_CallCallee with it)
    t6  c7 (case_three_items v1, no tenant) is created by the user olga, business key "order-7",
        variables amount 5 and Note "Rush"; c8 (case_manual of TENANT) by the administrator,
        business key "claim-8", variables needsApproval and checker "carol" as c2's; its required
        task PI_Required is started by hand with the local variable step "one"; a second version
        of case_three_items is deployed

    The users: c7 olga's, every other one the administrator's (c5 too: c4's CreateCaseInstance
    created it through its case task)."""

    server: ServerHandle
    engine: CaseQueries
    cases: dict[str, str]  # c1..c8 -> case instance id
    definitions: dict[str, str]  # c1..c8 -> case definition id; "v2" -> case_three_items version 2
    times: tuple[datetime, ...]  # t0..t6
    sub_processes: dict[str, str]  # P, Q -> the process instances c6's process tasks started
    admin: str  # the administrator's user name

    def label(self, case_id: str) -> str:
        return next(label for label, known in self.cases.items() if known == case_id)

    def labels(self, rows: Any) -> str:
        """The labels of rows (each with an id or a case_instance_id) in the order given, as "c1 c3"."""
        return " ".join(self.label(getattr(r, "case_instance_id", "") or r.id) for r in rows)

    def by_id(self, labels: str) -> str:
        return " ".join(sorted(labels.split(), key=lambda label: self.cases[label]))

    def member(self, tenants: tuple[str, ...]) -> CaseQueries:
        return CaseQueries(self.server.api(self.server.token(tenants=tenants)))


def build(server: ServerHandle) -> CaseWorld:
    activity_world = _world(server)
    h = CaseQueries(server.api())
    cases = dict(activity_world.owners)
    definitions = dict(activity_world.definitions)
    t5 = server.clock.now()
    h.modify(cases["c1"], {"outcome": "rejected"})
    h.close_case(cases["c1"])
    h.complete_case(cases["c2"])
    h.terminate_case(cases["c5"])
    t6 = server.clock.advance(MINUTE)
    olga = CaseQueries(server.api(server.token(USER)))
    cases["c7"] = olga.create(id=definitions["c1"], business_key="order-7",
                              variables={"amount": 5, "Note": "Rush"}).id
    cases["c8"] = h.create(id=definitions["c2"], business_key="claim-8",
                           variables={"needsApproval": True, "checker": "carol"}).id
    definitions["c7"], definitions["c8"] = definitions["c1"], definitions["c2"]
    h.manual_start(h.execution(cases["c8"], "PI_Required").id, local_variables=typed_map({"step": "one"}))
    definitions["v2"] = h.case_definition_id(h.deploy_case("case_three_items.cmmn"), "case_three_items")
    server.clock.advance(MINUTE)
    admin = h.historic_case(cases["c1"]).create_user_id
    return CaseWorld(server, h, cases, definitions, (*activity_world.times, t5, t6),
                     {"P": activity_world.work["P"], "Q": activity_world.work["Q"]}, admin)


def expected_order(rows: list[Any], key: Callable[[Any], Any], desc: bool) -> list[str]:
    """The ids of ``rows`` sorted by ``key`` (None first ascending, last descending), ties by id
    ascending."""
    by_id = sorted(rows, key=lambda r: r.id)
    present = sorted((r for r in by_id if key(r) is not None), key=key, reverse=desc)
    absent = [r for r in by_id if key(r) is None]
    return [r.id for r in (present + absent if desc else absent + present)]


__all__ = ["CASES", "CaseQueries", "CaseWorld", "MINUTE", "OTHER", "TENANT", "USER", "build", "case_filter",
           "expected_order", "sorted_by", "variable"]
