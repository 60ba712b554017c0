"""End to end with the real grpcurl binary: the document's `/migration/generate`,
`/migration/validate` and `/migration/execute` bodies as JSON (camelCase, as the document's
engine names them) to MigrationService, the plan GenerateMigrationPlan answers sent back as it
came, and an invalid plan's report in the error's PreconditionFailure."""

from __future__ import annotations

from tests.engine.migration_support import Migrations, line
from tests.platform.grpcurl import Grpcurl

SERVICE = "flowkeeper.engine.v1.MigrationService"


def test_generate_validate_and_execute_with_the_documents_bodies(api, server):  # type: ignore[no-untyped-def]
    engine = Migrations(api)
    source, target = engine.versions(line('<bpmn:userTask id="Review" />'),
                                     line('<bpmn:userTask id="Review" />', '<bpmn:userTask id="After" />'))
    instance = engine.start_id(source)
    grpcurl = Grpcurl.for_server(server)

    plan = grpcurl.ok(f"{SERVICE}/GenerateMigrationPlan", {
        "sourceProcessDefinitionId": source, "targetProcessDefinitionId": target, "updateEventTriggers": False,
        "variables": {"migrated": {"value": True, "type": "Boolean"}}})["migration_plan"]
    assert plan["instructions"] == [{"source_activity_ids": ["Review"], "target_activity_ids": ["Review"]}]
    assert grpcurl.ok(f"{SERVICE}/ValidateMigrationPlan", {"migrationPlan": plan}) == {}

    done = grpcurl.ok(f"{SERVICE}/ExecuteMigrationPlan", {"migrationPlan": plan, "processInstanceIds": [instance],
                                                          "skipCustomListeners": True, "skipIoMappings": True})
    assert done == {"process_instance_ids": [instance]}
    assert engine.instance(instance).definition_id == target
    assert engine.variables(instance) == {"migrated": (True, "Boolean")}

    bad = {**plan, "instructions": [{"sourceActivityIds": ["Review"], "targetActivityIds": ["Nope"]}]}
    report = grpcurl.ok(f"{SERVICE}/ValidateMigrationPlan", {"migrationPlan": bad})["instruction_reports"]
    assert [(r.get("index", 0), [f["reason"] for f in r["failures"]]) for r in report] == [
        (0, ["TARGET_ACTIVITY_NOT_FOUND"])]
    failed = grpcurl.fails(f"{SERVICE}/ExecuteMigrationPlan", {"migrationPlan": bad, "processInstanceIds": [instance]})
    assert (failed.code, failed.reason) == ("FailedPrecondition", "MIGRATION_PLAN_INVALID")
    [precondition] = [d for d in failed.details if d["@type"].endswith("google.rpc.PreconditionFailure")]
    assert precondition["violations"] == [{"type": "TARGET_ACTIVITY_NOT_FOUND",
                                           "subject": "migration_plan.instructions[0]",
                                           "description": precondition["violations"][0]["description"]}]
    failed = grpcurl.with_token(None).fails(f"{SERVICE}/ValidateMigrationPlan", {"migrationPlan": plan})
    assert (failed.code, failed.reason) == ("Unauthenticated", "UNAUTHENTICATED")
