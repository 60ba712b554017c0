"""End to end with the real grpcurl binary: the incident desk from a shell, JSON bodies shaped
like the DevRev document's example."""

from __future__ import annotations

from tests.platform.grpcurl import Grpcurl
from tests.support import unique

OPS = "flowkeeper.ops.v1"


def test_reflection_lists_and_describes_the_incident_desk(server):  # type: ignore[no-untyped-def]
    grpcurl = Grpcurl.for_server(server, token=None)
    services = set(grpcurl.list())
    assert {f"{OPS}.{s}" for s in ("IncidentService", "UserService", "PartService", "ArticleService",
                                   "ArtifactService", "AccountService", "TagService", "SyncUnitService",
                                   "CustomSchemaFragmentService")} <= services
    methods = set(grpcurl.list(f"{OPS}.IncidentService"))
    assert {f"{OPS}.IncidentService.{m}" for m in ("CreateIncident", "GetIncident", "UpdateIncident", "DeleteIncident",
                                                  "ListIncidents", "GroupIncidents", "ListIncidentTimeline",
                                                  "GetIncidentStageDiagram")} == methods
    described = grpcurl.describe(f"{OPS}.IncidentService.CreateIncident")
    assert "rpc CreateIncident ( .flowkeeper.ops.v1.CreateIncidentRequest )" in described
    request = grpcurl.describe(f"{OPS}.CreateIncidentRequest")
    assert "string title = 1;" in request and "optional int64 severity = 14;" in request


def test_create_an_incident_from_a_json_body(server):  # type: ignore[no-untyped-def]
    grpcurl = Grpcurl.for_server(server)
    owner = grpcurl.ok(f"{OPS}.UserService/CreateUser", {"display_name": unique("oncall"), "full_name": "On Call",
                                                        "email": "oncall@example.com"})["user"]
    part = grpcurl.ok(f"{OPS}.PartService/CreatePart", {"type": "PART_TYPE_PRODUCT", "name": unique("checkout"),
                                                       "owned_by": [owner["id"]]})["part"]
    log = grpcurl.ok(f"{OPS}.ArtifactService/CreateArtifact",
                     {"file_name": "error.log", "file_type": "text/plain", "file_size": 512})["artifact"]
    playbook = grpcurl.ok(f"{OPS}.ArticleService/CreateArticle",
                          {"title": "Checkout runbook", "resource": {"url": "https://wiki/runbook"}})["article"]
    customer = grpcurl.ok(f"{OPS}.AccountService/CreateAccount", {"display_name": unique("acme")})["account"]
    tag = grpcurl.ok(f"{OPS}.TagService/CreateTag", {"name": unique("region"), "allowed_values": ["eu", "us"]})["tag"]
    body = {
        "title": "Checkout returns 500",
        "body": "Payments fail for EU customers",
        "severity": 1,
        "reported_by": 1,
        "owned_by": [owner["display_id"]],
        "applies_to_parts": [part["display_id"]],
        "artifacts": [log["display_id"]],
        "playbooks": [playbook["display_id"]],
        "impact": {"count": 2, "customer_ids": [customer["display_id"]]},
        "identified_date": "2024-05-01T12:00:00Z",
        "target_close_date": "2024-05-02T12:00:00Z",
        "tags": [{"tag_id": tag["display_id"], "value": "eu"}],
        "stage": {"stage": "triage", "notes": "paged by alerting"},
        "request_id": unique("req"),
    }
    incident = grpcurl.ok(f"{OPS}.IncidentService/CreateIncident", body)["incident"]
    assert incident["display_id"].startswith("INC-") and incident["title"] == "Checkout returns 500"
    assert incident["severity"] == {"id": "1", "label": "sev0", "ordinal": "1", "value": None}
    assert incident["reported_by"]["label"] == "customer"
    assert incident["owned_by"][0]["display_name"] == owner["display_name"]
    assert incident["owned_by"][0]["type"] == "USER_TYPE_DEV_USER"
    assert incident["applies_to_parts"][0]["owned_by"][0]["id"] == owner["id"]
    assert incident["artifacts"][0]["file"] == {"type": "text/plain", "name": "error.log", "size": 512}
    assert incident["playbooks"][0]["resource"]["url"] == "https://wiki/runbook"
    assert incident["impact"]["count"]["label"] == "11-100"
    assert incident["impact"]["customer_ids"][0]["display_name"] == customer["display_name"]
    assert incident["tags"] == [{"tag": {"id": tag["id"], "display_id": tag["display_id"], "name": tag["name"]},
                                 "value": "eu"}]
    assert incident["stage"]["stage"]["name"] == "triage" and incident["stage"]["state"]["name"] == "open"
    assert incident["identified_date"] == "2024-05-01T12:00:00Z"
    assert incident["stock_schema_fragment"] == "don:core:flowkeeper:stock_schema_fragment/1"
    # The same body again is an idempotent retry.
    assert grpcurl.ok(f"{OPS}.IncidentService/CreateIncident", body)["incident"]["id"] == incident["id"]
    # Move it along and read the timeline.
    updated = grpcurl.ok(f"{OPS}.IncidentService/UpdateIncident",
                         {"id": incident["display_id"], "stage": {"stage": "acknowledged"}, "owned_by": {"set": []}})
    assert updated["incident"]["stage"]["stage"]["name"] == "acknowledged" and "owned_by" not in updated["incident"]
    timeline = grpcurl.ok(f"{OPS}.IncidentService/ListIncidentTimeline", {"incident_id": incident["id"]})
    assert [e["kind"] for e in timeline["entries"]] == ["INCIDENT_TIMELINE_ENTRY_KIND_CREATED",
                                                        "INCIDENT_TIMELINE_ENTRY_KIND_STAGE_CHANGED"]
    listed = grpcurl.ok(f"{OPS}.IncidentService/ListIncidents",
                        {"applies_to_parts": [part["id"]], "sort_by": ["created_date:desc"], "limit": 10})
    assert [i["id"] for i in listed["incidents"]] == [incident["id"]]


def test_an_attached_artifact_fails_like_the_document_says(server):  # type: ignore[no-untyped-def]
    grpcurl = Grpcurl.for_server(server)
    log = grpcurl.ok(f"{OPS}.ArtifactService/CreateArtifact", {"file_name": "x.log"})["artifact"]
    first = grpcurl.ok(f"{OPS}.IncidentService/CreateIncident", {"title": "one", "artifacts": [log["id"]]})["incident"]
    failed = grpcurl.fails(f"{OPS}.IncidentService/CreateIncident", {"title": "two", "artifacts": [log["id"]]})
    assert failed.code == "InvalidArgument" and failed.reason == "ARTIFACT_ALREADY_ATTACHED_TO_A_PARENT"
    info = next(d for d in failed.details if d["@type"].endswith("google.rpc.ErrorInfo"))
    assert info["metadata"]["existing_parent"] == first["id"] and info["metadata"]["is_same"] == "false"
    assert info["metadata"]["type"] == "bad_request"
