"""End to end with the real grpcurl binary: the document's example body of `POST /execution`
sent to QueryExecutions as JSON (the proto's JSON names: variables, processDefinitionId,
sorting with sortBy/sortOrder)."""

from __future__ import annotations

from tests.engine.scenario import Scenario
from tests.platform.grpcurl import Grpcurl

METHOD = "flowkeeper.engine.v1.ExecutionService/QueryExecutions"


def document_body(definition_id: str) -> dict:  # type: ignore[type-arg]
    """The example request body of the document, with a real process definition id."""
    return {
        "variables": [
            {"name": "myVariable", "operator": "eq", "value": "camunda"},
            {"name": "mySecondVariable", "operator": "neq", "value": 124},
        ],
        "processDefinitionId": definition_id,
        "sorting": [
            {"sortBy": "definitionKey", "sortOrder": "asc"},
            {"sortBy": "instanceId", "sortOrder": "desc"},
        ],
    }


def test_the_documents_example_body(api, server):  # type: ignore[no-untyped-def]
    engine = Scenario(api)
    definition = engine.deploy_one("message_catch.bpmn")
    matching = [engine.run(definition, {"myVariable": "camunda", "mySecondVariable": n}) for n in (123, 125, 0)]
    engine.run(definition, {"myVariable": "camunda", "mySecondVariable": 124})
    engine.run(definition, {"myVariable": "other", "mySecondVariable": 1})
    engine.run(definition, {"myVariable": "camunda"})  # neq needs the variable to exist

    grpcurl = Grpcurl.for_server(server)
    found = grpcurl.ok(METHOD, document_body(definition))["executions"]
    assert [e["id"] for e in found] == sorted(matching, reverse=True)
    assert found[0] == {"id": found[0]["id"], "process_instance_id": found[0]["id"], "activity_id": "WaitForPayment",
                        "process_definition_id": definition, "process_definition_key": "message_catch",
                        "scope": True}

    paged = grpcurl.ok(METHOD, {**document_body(definition), "firstResult": 1, "maxResults": 1})["executions"]
    assert [e["id"] for e in paged] == [sorted(matching, reverse=True)[1]]
    count = grpcurl.ok("flowkeeper.engine.v1.ExecutionService/CountExecutions",
                       {k: v for k, v in document_body(definition).items() if k != "sorting"})
    assert count == {"count": "3"}


def test_a_sort_order_without_sort_by_is_a_bad_request(server):  # type: ignore[no-untyped-def]
    grpcurl = Grpcurl.for_server(server)
    failed = grpcurl.fails(METHOD, {"sorting": [{"sortOrder": "asc"}]})
    assert failed.code == "InvalidArgument" and failed.reason == "INVALID_SORTING"
    [violations] = [d for d in failed.details if d["@type"].endswith("google.rpc.BadRequest")]
    assert violations["field_violations"][0]["field"] == "sorting[0].sort_by"
