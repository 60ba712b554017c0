"""End to end with the real grpcurl binary: the documents' request bodies as JSON — seed 000's
`create-incident` body sent to ExecutionService.CreateIncident, seed 004's `restart-failed-step`
body (processStepId, params with strValue/longValue/doubleValue/type) to RestartFailedStep —
and their documented failures (400, 401, 412) as gRPC statuses with ErrorInfo reasons."""

from __future__ import annotations

from tests.engine.failure_support import Failures, key, one_task
from tests.platform.grpcurl import Grpcurl
from tests.support import unique

CREATE = "flowkeeper.engine.v1.ExecutionService/CreateIncident"
RESTART = "flowkeeper.engine.v1.ProcessStepService/RestartFailedStep"


def _failed_step(api):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    process_key, topic = key("curl"), unique("topic")
    instance_id = engine.start_id(engine.deploy_inline(process_key, one_task(process_key, topic)))
    [locked] = engine.fetch("w", engine.topic(topic))
    engine.fail(locked.external_task.id, "w", retries=0)
    [step] = engine.steps_of(instance_id)
    return engine, instance_id, step


def test_create_incident_with_the_documents_body(api, server):  # type: ignore[no-untyped-def]
    engine = Failures(api)
    process_key = key("curl")
    instance_id = engine.start_id(engine.deploy_inline(process_key, one_task(process_key, unique("topic"))))
    execution_id = engine.at(instance_id, "Work")
    grpcurl = Grpcurl.for_server(server)

    created = grpcurl.ok(CREATE, {"executionId": execution_id, "incidentType": "aType",
                                  "configuration": "aConfiguration"})["incident"]
    assert created["execution_id"] == execution_id and created["process_instance_id"] == instance_id
    assert (created["incident_type"], created["configuration"], created["activity_id"]) == (
        "aType", "aConfiguration", "Work")
    assert created["cause_incident_id"] == created["root_cause_incident_id"] == created["id"]
    assert created["state"] == "STATE_OPEN" and "incident_timestamp" in created

    failed = grpcurl.fails(CREATE, {"executionId": execution_id, "configuration": "aConfiguration"})
    assert (failed.code, failed.reason) == ("InvalidArgument", "MISSING_REQUIRED_FIELD")
    failed = grpcurl.fails(CREATE, {"executionId": "anExecutionId", "incidentType": "aType"})
    assert (failed.code, failed.reason) == ("NotFound", "EXECUTION_NOT_FOUND")


def test_restart_failed_step_with_the_documents_body(api, server):  # type: ignore[no-untyped-def]
    engine, instance_id, step = _failed_step(api)
    grpcurl = Grpcurl.for_server(server)
    body = {
        "processStepId": step.id,
        "params": {
            "additionalProp1": {"strValue": "string", "type": "TYPE_STRING"},
            "additionalProp2": {"longValue": 42, "type": "TYPE_LONG"},
            "additionalProp3": {"doubleValue": 0.5, "type": "TYPE_DOUBLE"},
        },
    }
    response = grpcurl.ok(RESTART, body)
    assert set(response) == {"message", "timestamp", "data", "version"}
    assert (response["message"], response["version"]) == ("Process step restarted", "v1")
    assert response["data"]["process_id"] == instance_id and response["data"]["process_step_id"] == step.id
    assert response["data"]["params"] == {
        "additionalProp1": {"str_value": "string", "type": "TYPE_STRING"},
        "additionalProp2": {"long_value": "42", "type": "TYPE_LONG"},
        "additionalProp3": {"double_value": 0.5, "type": "TYPE_DOUBLE"},
    }

    # 412: the step is no longer failed.
    failed = grpcurl.fails(RESTART, body)
    assert (failed.code, failed.reason) == ("FailedPrecondition", "PROCESS_STEP_NOT_FAILED")
    [precondition] = [d for d in failed.details if d["@type"].endswith("google.rpc.PreconditionFailure")]
    assert precondition["violations"][0]["type"] == "PROCESS_STEP_NOT_FAILED"
    # 401: no token.
    failed = grpcurl.with_token(None).fails(RESTART, body)
    assert (failed.code, failed.reason) == ("Unauthenticated", "UNAUTHENTICATED")
    # A value that does not match its type.
    failed = grpcurl.fails(RESTART, {"processStepId": step.id,
                                     "params": {"amount": {"strValue": "12", "type": "TYPE_LONG"}}})
    assert (failed.code, failed.reason) == ("InvalidArgument", "INVALID_PARAM_VALUE")
    [bad] = [d for d in failed.details if d["@type"].endswith("google.rpc.BadRequest")]
    assert bad["field_violations"][0]["field"] == "params[amount].long_value"
