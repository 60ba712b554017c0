"""The incident stage diagram. It is data (seeded by the ops_0001 migration, changed only by
migrations), so each process reads it once per database and keeps it."""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from server.errors import FailedPrecondition, InvalidArgument, PreconditionViolation, FieldViolation, invalid_id
from server.ops import ids
from server.ops.models import CustomStage, CustomState, StageDiagram, StageTransition


@dataclass(frozen=True)
class State:
    id: int
    name: str
    is_final: bool


@dataclass(frozen=True)
class Stage:
    id: int
    name: str
    ordinal: int
    is_start: bool
    state: State


@dataclass(frozen=True)
class Diagram:
    id: int
    name: str
    leaf_type: str
    stages: tuple[Stage, ...]  # in diagram order
    transitions: frozenset[tuple[int, int]]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.id: s for s in self.stages})
        object.__setattr__(self, "_by_name", {s.name: s for s in self.stages})

    def stage(self, key: int) -> Stage:
        return self._by_id[key]  # type: ignore[attr-defined,no-any-return]

    def named(self, name: str) -> Stage | None:
        return self._by_name.get(name)  # type: ignore[attr-defined,no-any-return]

    @property
    def start(self) -> Stage:
        return next(s for s in self.stages if s.is_start)

    def targets(self, stage_id: int) -> list[Stage]:
        return [s for s in self.stages if (stage_id, s.id) in self.transitions]

    def resolve(self, value: str, field: str) -> Stage:
        """A stage by DON, display id or name; INVALID_ID naming ``field`` otherwise."""
        text = (value or "").strip()
        by_name = self.named(text)
        if by_name is not None:
            return by_name
        key = ids.STAGE.parse(text, field)
        if key not in self._by_id:  # type: ignore[attr-defined]
            raise invalid_id(field, value, "stage")
        return self.stage(key)

    def require_start(self, stage: Stage, field: str) -> None:
        if not stage.is_start:
            raise InvalidArgument(
                "STAGE_NOT_START",
                f"{field}: incidents start in {self.start.name!r}; pass ALLOW_NON_START to start in {stage.name!r}",
                metadata={"type": "bad_request", "subtype": "invalid_field", "field_name": field,
                          "stage": stage.name, "start_stage": self.start.name},
                field_violations=[FieldViolation(field, f"{stage.name!r} is not the start stage", "STAGE_NOT_START")],
            )

    def require_transition(self, incident_don: str, source: Stage, target: Stage) -> None:
        if source.id == target.id or (source.id, target.id) in self.transitions:
            return
        allowed = [s.name for s in self.targets(source.id)]
        raise FailedPrecondition(
            "INVALID_STAGE_TRANSITION",
            f"an incident in {source.name!r} cannot move to {target.name!r} (allowed: {', '.join(allowed)}); "
            "pass ALLOW_INVALID_TRANSITION to force it",
            metadata={"type": "bad_request", "subtype": "invalid_stage_transition", "incident_id": incident_don,
                      "from_stage": source.name, "to_stage": target.name, "allowed_stages": allowed},
            precondition_violations=[
                PreconditionViolation("STAGE_TRANSITION", incident_don,
                                      f"no transition from {source.name} to {target.name}")
            ],
        )


_cache: "weakref.WeakKeyDictionary[Engine, Diagram]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def incident_diagram(tx: Session) -> Diagram:
    """The default incident stage diagram of the transaction's database."""
    engine = tx.get_bind().engine
    diagram = _cache.get(engine)
    if diagram is None:
        diagram = _load(tx)
        with _lock:
            _cache[engine] = diagram
    return diagram


def _load(tx: Session) -> Diagram:
    row = tx.execute(
        select(StageDiagram.id, StageDiagram.name, StageDiagram.leaf_type)
        .where(StageDiagram.leaf_type == "incident", StageDiagram.is_default.is_(True))
    ).one()
    states = {s.id: State(s.id, s.name, s.is_final) for s in tx.scalars(select(CustomState))}
    stages = tuple(
        Stage(s.id, s.name, s.ordinal, s.is_start, states[s.state_id])
        for s in tx.scalars(select(CustomStage).where(CustomStage.diagram_id == row.id).order_by(CustomStage.ordinal))
    )
    keys = {s.id for s in stages}
    transitions = frozenset(
        (a, b) for a, b in tx.execute(select(StageTransition.from_stage_id, StageTransition.to_stage_id)) if a in keys
    )
    return Diagram(row.id, row.name, row.leaf_type, stages, transitions)
