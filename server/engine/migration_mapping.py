"""Mapping between the rows and values of process instance migration (server.engine
.instance_migration) and flowkeeper.engine.v1 migration messages."""

from __future__ import annotations

from typing import Any, Sequence

from flowkeeper.engine.v1 import migration_pb2
from server.engine import mapping
from server.engine.instance_migration import Instruction, InstructionReport, Plan
from server.errors import missing_required_field


def plan_in(request: Any, name: str = "migration_plan") -> Plan:
    """The plan a request carries in its field ``name`` (required)."""
    if not request.HasField(name):
        raise missing_required_field(name)
    plan = getattr(request, name)
    return Plan(
        source_process_definition_id=plan.source_process_definition_id,
        target_process_definition_id=plan.target_process_definition_id,
        instructions=tuple(Instruction(tuple(i.source_activity_ids), tuple(i.target_activity_ids),
                                       i.update_event_trigger) for i in plan.instructions),
        variables=mapping.variables_in(plan.variables, f"{name}.variables"),
    )


def instruction_out(instruction: Instruction) -> migration_pb2.MigrationInstruction:
    return migration_pb2.MigrationInstruction(source_activity_ids=list(instruction.source_activity_ids),
                                              target_activity_ids=list(instruction.target_activity_ids),
                                              update_event_trigger=instruction.update_event_trigger)


def plan_out(plan: Plan) -> migration_pb2.MigrationPlan:
    return migration_pb2.MigrationPlan(
        source_process_definition_id=plan.source_process_definition_id,
        target_process_definition_id=plan.target_process_definition_id,
        instructions=[instruction_out(i) for i in plan.instructions],
        variables=mapping.variables_out(plan.variables),
    )


def reports_out(reports: Sequence[InstructionReport]) -> list[migration_pb2.MigrationInstructionReport]:
    return [migration_pb2.MigrationInstructionReport(
        index=report.index, instruction=instruction_out(report.instruction),
        failures=[migration_pb2.MigrationFailure(reason=f.reason, description=f.description) for f in report.failures],
    ) for report in reports]
