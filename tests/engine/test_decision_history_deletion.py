"""How the decision history goes: with its process instance (DeleteHistoricProcessInstance, the
deletion of its deployment), with the deployment of its decisions, by the history cleanup (a
standalone evaluation once its decision's history time to live has passed; a process's with the
process), and by DeleteHistoricDecisionInstancesAsync, a batch (the job executor driven by hand)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import batch_pb2, deployment_pb2
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from flowkeeper.engine.v1 import history_pb2 as hi
from flowkeeper.engine.v1 import process_instance_pb2 as pi
from tests.conftest import BACKENDS
from tests.engine.batch_support import Batches, run_jobs
from tests.engine.bpmn.snippets import definitions
from tests.engine.dmn_support import dmn, literal, table
from tests.engine.support import typed_map
from tests.engine.test_historic_decision_instances import DecisionHistory
from tests.support import ServerHandle, expect_error, unique

DAY = timedelta(days=1)


def rule_process(process_key: str, decision: str, *, ttl: str = "30", wait: bool = True) -> bytes:
    """start -> business rule task Decide (``decision``) -> [user task Wait] -> end."""
    after = ('<bpmn:sequenceFlow id="f2" sourceRef="Decide" targetRef="Wait" /><bpmn:userTask id="Wait" />'
             '<bpmn:sequenceFlow id="f3" sourceRef="Wait" targetRef="End" />' if wait
             else '<bpmn:sequenceFlow id="f2" sourceRef="Decide" targetRef="End" />')
    return definitions(f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="{ttl}">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Decide" />
  <bpmn:businessRuleTask id="Decide" camunda:decisionRef="{decision}" camunda:resultVariable="r" />
  {after}
  <bpmn:endEvent id="End" />
</bpmn:process>""")


def chained(decision: str, required: str, ttl: str | None = None) -> str:
    """``decision`` (a table over ``required``'s value) requires ``required`` (a literal: x + 1)."""
    attributes = f' camunda:historyTimeToLive="{ttl}"' if ttl is not None else ""
    return "\n".join([
        table(decision, [("y", "integer")], [("big", "boolean")], [([">= 10"], ["true"]), (["< 10"], ["false"])],
              requires=[required], attributes=attributes),
        literal(required, "y", "x + 1", "integer"),
    ])


class Engine(DecisionHistory):
    def start_rule(self, process_key: str, x: int) -> str:
        return self.definitions.StartProcessInstance(pd.StartProcessInstanceRequest(
            definition=pd.DefinitionRef(key=process_key), variables=typed_map({"x": x}))).process_instance.id

    def of(self, **filters: Any) -> list[str]:
        """The ids of the rows found (checked against the count)."""
        found = [r.id for r in self.decision_instances(**filters)]
        assert self.count_decision_instances(**filters) == len(found)
        return found

    def finish(self, instance_id: str) -> None:
        [task] = self.tasks_of(instance_id)
        self.complete(task.id)

    def clean_up(self, batch_size: int = 0) -> hi.CleanUpHistoryResponse:
        return self.history.CleanUpHistory(hi.CleanUpHistoryRequest(batch_size=batch_size))


@pytest.fixture
def engine(api) -> Engine:  # type: ignore[no-untyped-def]
    return Engine(api)


# -- with their process instance, their deployment -------------------------------------------------


def test_a_process_instances_decision_history_goes_with_its_history(engine: Engine) -> None:
    decision, required, process_key = unique("big"), unique("plus"), unique("deciding")
    engine.deploy_files({"d.dmn": dmn(chained(decision, required)), "p.bpmn": rule_process(process_key, decision)})
    ended, running = engine.start_rule(process_key, 9), engine.start_rule(process_key, 1)
    engine.evaluate(decision, {"x": 3})
    engine.finish(ended)
    [root, req] = sorted(engine.decision_instances(process_instance_id=ended), key=lambda r: r.root_decision_instance_id)
    assert req.root_decision_instance_id == root.id
    engine.history.DeleteHistoricProcessInstance(hi.DeleteHistoricProcessInstanceRequest(id=ended))
    assert engine.of(process_instance_id=ended) == []
    for gone in (root.id, req.id):
        expect_error(lambda gone=gone: engine.decision_instance(gone), grpc.StatusCode.NOT_FOUND,
                     "DECISION_INSTANCE_NOT_FOUND")
    assert len(engine.of(process_instance_id=running)) == 2
    assert len(engine.of(decision_definition_key=decision)) == 2  # the running instance's and the standalone one
    # Deleting the running instance keeps its history (and so its decisions').
    engine.instances.DeleteProcessInstance(pi.DeleteProcessInstanceRequest(id=running))
    assert len(engine.of(process_instance_id=running)) == 2


def test_deleting_a_deployment_removes_its_processes_and_its_decisions_history(engine: Engine) -> None:
    decision, required, process_key = unique("big"), unique("plus"), unique("deciding")
    decisions = engine.deploy_files({"d.dmn": dmn(chained(decision, required))})
    processes = engine.deploy_files({"p.bpmn": rule_process(process_key, decision)})
    instance = engine.start_rule(process_key, 20)
    engine.evaluate(decision, {"x": 3})
    other = unique("other")  # a decision of another deployment evaluated meanwhile stays
    engine.deploy_decisions(literal(other, "v", "1"))
    engine.evaluate(other)
    assert len(engine.of(decision_definition_key_in=[decision, required])) == 4
    engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=processes.id, cascade=True))
    assert engine.of(process_instance_id=instance) == []
    assert len(engine.of(decision_definition_key_in=[decision, required])) == 2
    engine.deployments.DeleteDeployment(deployment_pb2.DeleteDeploymentRequest(id=decisions.id))
    assert engine.of(decision_definition_key_in=[decision, required]) == []
    assert len(engine.of(decision_definition_key=other)) == 1


# -- the history cleanup ---------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def quiet_cleanup(request, fresh_server) -> tuple[ServerHandle, Engine]:  # type: ignore[no-untyped-def]
    """A server of its own without automatic rounds: only CleanUpHistory removes."""
    handle = fresh_server(request.param, history_cleanup=False)
    return handle, Engine(handle.api())


def test_the_cleanup_removes_standalone_evaluations_by_their_decisions_time_to_live(quiet_cleanup) -> None:  # type: ignore[no-untyped-def]
    server, engine = quiet_cleanup
    engine.deploy_files({"d.dmn": dmn(chained("short", "plus", ttl="1") + "\n" + literal("forever", "v", "1")),
                         "p.bpmn": rule_process("deciding", "short", ttl="P5D", wait=False)})
    engine.evaluate("short", {"x": 1})
    engine.evaluate("forever")
    instance = engine.start_rule("deciding", 2)
    assert (len(engine.of()), len(engine.of(process_instance_id=instance))) == (5, 2)
    server.clock.advance(DAY - timedelta(seconds=1))
    answer = engine.clean_up()
    assert (answer.removed_decision_instances, answer.removed_process_instances, answer.more) == (0, 0, False)
    assert len(engine.of()) == 5
    server.clock.advance(timedelta(seconds=1))
    answer = engine.clean_up()
    assert (answer.removed_decision_instances, answer.removed_process_instances, answer.more) == (1, 0, False)
    # The standalone evaluation of short went with its required decision; the process's stay
    # (they go with it), and forever has no time to live.
    assert len(engine.of(process_instance_id=instance)) == 2
    assert [r.decision_definition_key for r in engine.decision_instances(without_tenant_id=True)
            if not r.process_instance_id] == ["forever"]
    cleanup = engine.history.GetHistoryCleanup(hi.GetHistoryCleanupRequest()).history_cleanup
    assert (cleanup.last_removed_decision_instances, cleanup.last_removed_process_instances) == (1, 0)
    server.clock.advance(4 * DAY)
    answer = engine.clean_up()
    assert (answer.removed_decision_instances, answer.removed_process_instances) == (0, 1)
    assert engine.of(process_instance_id=instance) == []
    assert [r.decision_definition_key for r in engine.decision_instances()] == ["forever"]


def test_the_cleanup_removes_a_batch_of_evaluations_at_a_time(quiet_cleanup) -> None:  # type: ignore[no-untyped-def]
    server, engine = quiet_cleanup
    engine.deploy_decisions(literal("once", "v", "1", attributes=' camunda:historyTimeToLive="0"'))
    for _ in range(3):
        engine.evaluate("once")
        server.clock.advance(timedelta(seconds=1))
    answer = engine.clean_up(batch_size=2)
    assert (answer.removed_decision_instances, answer.more) == (2, True)
    answer = engine.clean_up(batch_size=2)
    assert (answer.removed_decision_instances, answer.more) == (1, False)
    assert engine.of() == []


# -- DeleteHistoricDecisionInstancesAsync ------------------------------------------------------------


@pytest.fixture
def quiet(server, fresh_server) -> ServerHandle:  # type: ignore[no-untyped-def]
    """A server of its own whose job executor is off: the test runs the jobs."""
    return fresh_server(server.backend, background=False)


class BatchEngine(Engine, Batches):
    def delete_decisions_async(self, ids: list[str] = (), query: Any = None, reason: str = "") -> batch_pb2.Batch:  # type: ignore[assignment]
        return self.history.DeleteHistoricDecisionInstancesAsync(hi.DeleteHistoricDecisionInstancesAsyncRequest(
            historic_decision_instance_ids=list(ids), historic_decision_query=query, delete_reason=reason)).batch


def test_a_batch_deletes_the_instances_named_and_found_with_their_required_decisions(quiet: ServerHandle) -> None:
    engine = BatchEngine(quiet.api())
    engine.deploy_files({"d.dmn": dmn(chained("big", "plus") + "\n" + literal("kept", "v", "1"))})
    engine.evaluate("big", {"x": 1})
    engine.evaluate("big", {"x": 20})
    engine.evaluate("kept")
    first, second = engine.of(decision_definition_key="big")
    [kept] = engine.of(decision_definition_key="kept")
    # By id (a root) and by query (the required decisions' rows): the rows of first's evaluation
    # go with it; the query's row of it is then gone, and skipped.
    query = hi.CountHistoricDecisionInstancesRequest(decision_definition_key="plus")
    batch = engine.delete_decisions_async([first], query, reason="gdpr")
    assert (batch.type, batch.total_jobs) == ("decision-instance-deletion", 3)
    assert engine.creation_entry(batch.id) == {"nrOfInstances": "3", "async": "true", "deleteReason": "gdpr",
                                                 "": "DeleteHistory DecisionInstance"}
    assert len(engine.of()) == 5  # nothing went yet
    run_jobs(quiet)
    assert not engine.running(batch.id) and engine.historic(batch.id).HasField("end_time")
    assert sorted(engine.of()) == sorted([second, kept])


def test_deleting_decision_history_is_for_administrators(quiet: ServerHandle) -> None:
    someone = BatchEngine(quiet.api(quiet.token()))
    expect_error(lambda: someone.delete_decisions_async(["x"]), grpc.StatusCode.PERMISSION_DENIED, "ADMIN_REQUIRED")


@pytest.mark.parametrize("ids, query, fields, reason", [
    ([], None, ["historic_decision_instance_ids"], "MISSING_REQUIRED_FIELD"),
    (["a", ""], None, ["historic_decision_instance_ids[1]"], "MISSING_REQUIRED_FIELD"),
    (["x" * 65], None, ["historic_decision_instance_ids[0]"], "INVALID_FIELD"),
    ([], hi.CountHistoricDecisionInstancesRequest(decision_definition_key="no-such-decision"),
     ["historic_decision_query"], "EMPTY_SELECTION"),
    ([], hi.CountHistoricDecisionInstancesRequest(tenant_id_in=["t"], without_tenant_id=True),
     ["historic_decision_query.without_tenant_id"], "INVALID_FIELD"),
    ([], hi.CountHistoricDecisionInstancesRequest(decision_definition_name_like="a\\"),
     ["historic_decision_query.decision_definition_name_like"], "INVALID_FIELD"),
])
def test_a_batch_deletion_refuses_bad_requests_naming_the_fields(api, ids, query, fields, reason) -> None:  # type: ignore[no-untyped-def]
    engine = BatchEngine(api)
    failed = expect_error(lambda: engine.delete_decisions_async(ids, query), grpc.StatusCode.INVALID_ARGUMENT, reason)
    assert failed.fields == fields
