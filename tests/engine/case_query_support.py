"""Module worlds of case instances: the case activity history's (ActivityWorld, built by
activity_world: tests.engine.test_historic_case_activity_instances_query), and, for the case
queries (QueryCaseInstances, QueryCaseExecutions, ListCaseDefinitions with their counts) and the
case instance history (QueryHistoricCaseInstances, the historic case activity statistics), that
world with two more minutes of changes (CaseWorld, built by build)."""

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
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.engine.history_support import CaseActivityHistory, LabelledRows, every_page, sorted_by
from tests.engine.support import typed_map, value
from tests.support import ServerHandle

MINUTE = timedelta(minutes=1)
CASES = ("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8")
USER = "olga"
TENANT, OTHER = "tenant-a", "tenant-b"
PROCESSES = ("case_review_process.bpmn", "case_instant_process.bpmn")

# label -> the plan item's position in its case's document order (depth-first: a stage's
# children follow the stage).
POSITION = {"A": 1, "B": 2, "C": 3, "D": 1, "E": 2, "F": 3, "G": 4, "H": 1, "J": 2, "K": 3, "L": 4, "I": 5,
            "M": 1, "N": 2, "O": 1, "P": 1, "Q": 2, "R": 3}


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
class ActivityWorld(LabelledRows):
    """Six case instances, changed a minute apart (t0..t4); eighteen historic case activity
    instances, labelled A..R:

    t0  c1 (case_three_items, no tenant) is created: A its human task Check (ACTIVE), B its human
        task Decide, C its milestone Decided
    t1  c2 (case_manual of TENANT) is created: D its human task Optional, E its task Conditional,
        F its required task Required (all three ENABLED), G its milestone Done; E is disabled;
        A's task is completed: A COMPLETED, B ACTIVE
    t2  c3 (case_stage, no tenant) is created: H its stage Assess (ACTIVE), I its human task Pay;
        in H: J the human task Inspect (ACTIVE), K the task SecondOpinion (ENABLED), L the
        milestone Inspected
    t3  c4 (case_caller of OTHER) is created: M its case task CallCallee (ACTIVE), N its human
        task Follow; M creates c5 (case_callee of OTHER): O its task Answer (ACTIVE); F is started;
        C is terminated
    t4  F is completed: G occurs; c6 (case_process_task, no tenant) is created: P its process task
        Review (ACTIVE), Q its process task Prepare (COMPLETED at once), R its human task Publish;
        c1 is terminated: B TERMINATED"""

    server: ServerHandle
    engine: CaseActivityHistory
    definitions: dict[str, str]  # c1..c6 -> case definition id
    owners: dict[str, str]  # c1..c6 -> case instance id
    times: tuple[datetime, ...]
    rows: dict[str, history_pb2.HistoricCaseActivityInstance]  # label -> row
    work: dict[str, str]  # label -> the task, process or case instance it names

    def found(self, **filters: Any) -> list[history_pb2.HistoricCaseActivityInstance]:
        """What QueryHistoricCaseActivityInstances finds (every page of 4), checked against the
        count; without sorting, checked to be in the default order."""
        rows = every_page(self.engine.case_activities, self.engine.count_case_activities, 4, **filters)
        if "sorting" not in filters:  # by creation time, then document order, then id
            assert [r.id for r in rows] == [r.id for r in sorted(rows, key=lambda r: (
                r.create_time.seconds, r.create_time.nanos, POSITION[self.label(r)], r.id))], filters
        return rows

    def which(self, **filters: Any) -> str:
        """The labels of the rows found, in alphabetical order."""
        return "".join(sorted(self.label(r) for r in self.found(**filters)))

    def by_id(self, labels: str) -> str:
        return "".join(sorted(labels, key=lambda label: self.rows[label].id))


def activity_world(server: ServerHandle) -> ActivityWorld:
    """Builds the case activity history's world (ActivityWorld) on ``server``, whose clock it moves."""
    h = CaseActivityHistory(server.api())
    three = h.case_definition_id(h.deploy_case("case_three_items.cmmn"), "case_three_items")
    manual = h.case_definition_id(h.deploy_case("case_manual.cmmn", tenant=TENANT), "case_manual")
    stage = h.case_definition_id(h.deploy_case("case_stage.cmmn"), "case_stage")
    calls = h.deploy_case("case_case_task.cmmn", tenant=OTHER)
    caller, callee = h.case_definition_id(calls, "case_caller"), h.case_definition_id(calls, "case_callee")
    process = h.case_definition_id(h.deploy_case("case_process_task.cmmn", extra=PROCESSES), "case_process_task")

    def at(case_id: str, activity_id: str) -> str:
        return h.execution(case_id, activity_id).id

    t0 = server.clock.now()
    c1 = h.create(id=three).id
    [check] = h.case_tasks(c1)
    t1 = server.clock.advance(MINUTE)
    c2 = h.create(id=manual, variables={"needsApproval": True, "checker": "carol"}).id
    h.disable(at(c2, "PI_Conditional"))
    h.complete(check.id)
    [decide] = h.case_tasks(c1)
    t2 = server.clock.advance(MINUTE)
    c3 = h.create(id=stage, variables={"withdrawn": False}).id
    [inspect] = h.case_tasks(c3)
    t3 = server.clock.advance(MINUTE)
    c4 = h.create(id=caller, variables={"follower": "fred"}).id
    [c5] = [c.id for c in h.case_instances.QueryCaseInstances(
        case_instance_pb2.QueryCaseInstancesRequest(super_case_instance_id=c4)).case_instances]
    h.manual_start(at(c2, "PI_Required"))
    h.terminate_execution(at(c1, "PI_Decided"))
    t4 = server.clock.advance(MINUTE)
    h.complete_execution(at(c2, "PI_Required"))
    c6 = h.create(id=process, variables={"documentId": "doc-1", "document": "the text"}).id
    [review] = h.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        process_definition_key="case_review_process")).process_instances
    [prepare] = h.instances.QueryProcessInstances(pi.QueryProcessInstancesRequest(
        process_definition_key="case_instant_process", include_ended=True)).process_instances
    h.terminate_case(c1)
    server.clock.advance(MINUTE)

    owners = {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "c5": c5, "c6": c6}
    activities = {"A": ("c1", "PI_CheckApplication"), "B": ("c1", "PI_Decide"), "C": ("c1", "PI_Decided"),
                  "D": ("c2", "PI_Optional"), "E": ("c2", "PI_Conditional"), "F": ("c2", "PI_Required"),
                  "G": ("c2", "PI_Done"), "H": ("c3", "PI_Assess"), "I": ("c3", "PI_Pay"),
                  "J": ("c3", "PI_Inspect"), "K": ("c3", "PI_SecondOpinion"), "L": ("c3", "PI_Inspected"),
                  "M": ("c4", "PI_CallCallee"), "N": ("c4", "PI_Follow"), "O": ("c5", "PI_Answer"),
                  "P": ("c6", "PI_Review"), "Q": ("c6", "PI_Prepare"), "R": ("c6", "PI_Publish")}
    ids = {label: at(owners[case], activity) for label, (case, activity) in activities.items()}
    everything = h.case_activities()
    assert sorted(r.id for r in everything) == sorted(ids.values())
    by_id = {r.id: r for r in everything}
    return ActivityWorld(
        server, h, {"c1": three, "c2": manual, "c3": stage, "c4": caller, "c5": callee, "c6": process},
        owners, (t0, t1, t2, t3, t4), {label: by_id[row_id] for label, row_id in ids.items()},
        {"A": check.id, "B": decide.id, "J": inspect.id, "M": c5, "P": review.id, "Q": prepare.id})


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
    activities = activity_world(server)
    h = CaseQueries(server.api())
    cases = dict(activities.owners)
    definitions = dict(activities.definitions)
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
    return CaseWorld(server, h, cases, definitions, (*activities.times, t5, t6),
                     {"P": activities.work["P"], "Q": activities.work["Q"]}, admin)


def expected_order(rows: list[Any], key: Callable[[Any], Any], desc: bool) -> list[str]:
    """The ids of ``rows`` sorted by ``key`` (None first ascending, last descending), ties by id
    ascending."""
    by_id = sorted(rows, key=lambda r: r.id)
    present = sorted((r for r in by_id if key(r) is not None), key=key, reverse=desc)
    absent = [r for r in by_id if key(r) is None]
    return [r.id for r in (present + absent if desc else absent + present)]


__all__ = ["CASES", "ActivityWorld", "CaseQueries", "CaseWorld", "MINUTE", "OTHER", "POSITION", "TENANT", "USER",
           "activity_world", "build", "case_filter", "expected_order", "sorted_by", "variable"]
