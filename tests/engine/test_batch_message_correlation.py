"""CorrelateMessageAsync (the document's `POST /process-instance/message-async`): a batch of type
correlate-message that correlates a message to every waiting execution of each selected instance,
with the variables it carries; instances that wait for no such message are skipped, other
failures of a correlation fail the batch job; message start events are never reached."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import batch_pb2, process_instance_pb2
from tests.engine.batch_support import Batches, quiet, run_jobs  # noqa: F401
from tests.engine.support import typed_map
from tests.engine.work_support import key
from tests.support import ServerHandle, expect_error

PI = process_instance_pb2


def _two_waits(process_key: str, message: str) -> str:
    """Start, a fork into the message catch events WaitA and WaitB (both ``message``), a join,
    and a gateway Route that takes the user task High when ``amount > 100`` (an instance without
    ``amount`` fails there), else Low."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Fork" />
  <bpmn:parallelGateway id="Fork" />
  <bpmn:sequenceFlow id="fa" sourceRef="Fork" targetRef="WaitA" />
  <bpmn:sequenceFlow id="fb" sourceRef="Fork" targetRef="WaitB" />
  <bpmn:intermediateCatchEvent id="WaitA"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>
  <bpmn:intermediateCatchEvent id="WaitB"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="fa2" sourceRef="WaitA" targetRef="Join" />
  <bpmn:sequenceFlow id="fb2" sourceRef="WaitB" targetRef="Join" />
  <bpmn:parallelGateway id="Join" />
  <bpmn:sequenceFlow id="fj" sourceRef="Join" targetRef="Route" />
  <bpmn:exclusiveGateway id="Route" default="low" />
  <bpmn:sequenceFlow id="high" sourceRef="Route" targetRef="High">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${{amount &gt; 100}}</bpmn:conditionExpression>
  </bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="low" sourceRef="Route" targetRef="Low" />
  <bpmn:userTask id="High" />
  <bpmn:userTask id="Low" />
  <bpmn:sequenceFlow id="fh" sourceRef="High" targetRef="End" />
  <bpmn:sequenceFlow id="fl" sourceRef="Low" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
<bpmn:message id="Msg" name="{message}" />
"""


def _started_by(process_key: str, message: str) -> str:
    """A process with a message start event of ``message`` and a user task."""
    return f"""
<bpmn:process id="{process_key}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="Start"><bpmn:messageEventDefinition messageRef="Msg" /></bpmn:startEvent>
  <bpmn:sequenceFlow id="f0" sourceRef="Start" targetRef="Task" />
  <bpmn:userTask id="Task" />
  <bpmn:sequenceFlow id="f1" sourceRef="Task" targetRef="End" />
  <bpmn:endEvent id="End" />
</bpmn:process>
<bpmn:message id="Msg" name="{message}" />
"""


class Correlations(Batches):
    def waiting(self, count: int, message: str, **variables: Any) -> tuple[str, list[str]]:
        process_key = key("correlated")
        definition = self.deploy_inline(process_key, _two_waits(process_key, message))
        return definition, [self.start_id(definition, variables or None) for _ in range(count)]

    def correlate_async(self, ids: list[str] = (), query: Any = None, message: str = "",  # type: ignore[assignment]
                        variables: dict[str, Any] | None = None) -> batch_pb2.Batch:
        return self.instances.CorrelateMessageAsync(PI.CorrelateMessageAsyncRequest(
            process_instance_ids=list(ids), process_instance_query=query, message_name=message,
            variables=typed_map(variables or {}))).batch


def test_the_message_reaches_every_waiting_execution_of_each_instance_with_its_variables(quiet: ServerHandle) -> None:
    engine = Correlations(quiet.api())
    message = key("go")
    definition, ids = engine.waiting(3, message, amount=5)
    starter_key = key("starter")
    starter = engine.deploy_inline(starter_key, _started_by(starter_key, message))
    batch = engine.correlate_async([ids[0]], PI.CountProcessInstancesRequest(process_definition_id=definition),
                                   message, {"amount": 500, "note": "paid"})
    assert (batch.type, batch.total_jobs) == ("correlate-message", 3)
    assert engine.creation_entry(batch.id) == {
        "nrOfInstances": "3", "async": "true", "messageName": message, "nrOfVariables": "2",
        "": "CorrelateMessage ProcessInstance"}
    assert sorted(engine.activities(ids[0])) == ["WaitA", "WaitB"]  # nothing happened yet
    run_jobs(quiet)
    assert not engine.running(batch.id)
    for instance in ids:  # both waits were reached: the join passed, with the batch's amount
        assert engine.activities(instance) == ["High"]
        assert engine.variables(instance) == {"amount": (500, "Integer"), "note": ("paid", "String")}
    # a message start event of the name is never reached
    assert engine.instances.CountProcessInstances(PI.CountProcessInstancesRequest(
        process_definition_id=starter)).count == 0
    assert engine.count(process_instance_id=ids[0]) == 0  # the correlations wrote no entries


def test_instances_that_wait_for_no_such_message_are_skipped(quiet: ServerHandle) -> None:
    engine = Correlations(quiet.api())
    message = key("go")
    _, (target, suspended, ended) = engine.waiting(3, message, amount=5)
    _, (elsewhere,) = engine.waiting(1, key("other"), amount=5)  # waits for another message
    _, (at_task,) = engine.waiting_instances(1)  # waits at a user task
    engine.instances.SuspendProcessInstance(PI.SuspendProcessInstanceRequest(id=suspended))
    batch = engine.correlate_async([target, suspended, ended, elsewhere, at_task, "gone-instance"], message=message,
                                   variables={"amount": 7})
    engine.instances.DeleteProcessInstance(PI.DeleteProcessInstanceRequest(id=ended))  # after the selection
    run_jobs(quiet)
    assert not engine.running(batch.id)
    assert engine.historic(batch.id).end_time.seconds > 0
    assert engine.activities(target) == ["Low"]
    for untouched in (suspended, elsewhere):
        assert sorted(engine.activities(untouched)) == ["WaitA", "WaitB"]
        assert engine.variables(untouched)["amount"] == (5, "Integer")  # the variables only where it was correlated
    assert engine.activities(at_task) == ["Review"]
    assert engine.instance(ended).ended


def test_a_failing_correlation_fails_the_batch_job_and_keeps_nothing(quiet: ServerHandle) -> None:
    engine = Correlations(quiet.api())
    message = key("go")
    _, (without_amount,) = engine.waiting(1, message)
    batch = engine.correlate_async([without_amount], message=message, variables={"note": "x"})
    run_jobs(quiet)
    [failed] = engine.batch_jobs(batch)
    assert failed.retries == 0 and "EXPRESSION_EVALUATION_FAILED" in failed.exception_details
    assert sorted(engine.activities(without_amount)) == ["WaitA", "WaitB"]  # rolled back, variables too
    assert "note" not in engine.variables(without_amount)
    assert engine.running(batch.id)


@pytest.mark.parametrize("call, fields, reason", [
    (lambda e: e.correlate_async(["a"]), ["message_name"], "MISSING_REQUIRED_FIELD"),
    (lambda e: e.correlate_async(), ["process_instance_ids", "message_name"], None),
    (lambda e: e.correlate_async(["a", ""], message="m"), ["process_instance_ids[1]"], "MISSING_REQUIRED_FIELD"),
    (lambda e: e.correlate_async(query=PI.CountProcessInstancesRequest(process_definition_key="no-such-process"),
                                 message="m"), ["process_instance_query"], "EMPTY_SELECTION"),
    (lambda e: e.correlate_async(["a"], message="m", variables={" ": 1}), ["variables[ ]"], "INVALID_VARIABLE_NAME"),
])
def test_correlate_message_async_refuses_bad_requests_naming_the_fields(api, call, fields, reason) -> None:  # type: ignore[no-untyped-def]
    engine = Correlations(api)
    before = engine.batches.CountBatches(batch_pb2.CountBatchesRequest()).count
    got = expect_error(lambda: call(engine), grpc.StatusCode.INVALID_ARGUMENT, reason)
    assert got.fields == fields
    assert engine.batches.CountBatches(batch_pb2.CountBatchesRequest()).count == before
