"""The incident desk's scenarios: CreateIncident, GetIncident, ListIncidents over 10,000 stored
incidents. The seed goes through the server's own RPCs, from several threads."""

from __future__ import annotations

from typing import Any

from flowkeeper.ops.v1 import incident_pb2, incident_pb2_grpc, user_pb2
from bench.scenarios import ClientState, Scenario, Seed, SeedContext, Stubs, register

STORED = 10_000
STORED_QUICK = 200


def _request(title: str, owner: str, n: int) -> incident_pb2.CreateIncidentRequest:
    """A title and a few fields, one of them a reference the server resolves."""
    return incident_pb2.CreateIncidentRequest(
        title=title,
        body="Checkout returns 502 for a share of the requests since the last deploy.",
        severity=1 + n % 4,
        reported_by=1 + n % 3,
        owned_by=[owner],
    )


def _owner(ctx: SeedContext) -> str:
    return ctx.stubs[0].users.GetSelf(user_pb2.GetSelfRequest(), metadata=ctx.stubs[0].metadata).user.id


def _seed_owner(ctx: SeedContext) -> dict[str, Any]:
    return {"owner": _owner(ctx)}


def _seed_incidents(ctx: SeedContext) -> dict[str, Any]:
    owner = _owner(ctx)

    def create(stubs: Stubs, n: int) -> str:
        created = stubs.of(incident_pb2_grpc.IncidentServiceStub).CreateIncident(
            _request(f"seeded incident {n}", owner, n), metadata=stubs.metadata)
        return created.incident.id

    return {"owner": owner, "ids": ctx.parallel(create, range(STORED_QUICK if ctx.quick else STORED))}


async def _create_incident(stubs: Stubs, state: ClientState) -> None:
    n = next(state.counter)
    await stubs.of(incident_pb2_grpc.IncidentServiceStub).CreateIncident(
        _request(f"bench incident {state.run}-{state.client}-{n}", state.data["owner"], n), metadata=stubs.metadata)


async def _get_incident(stubs: Stubs, state: ClientState) -> None:
    await stubs.of(incident_pb2_grpc.IncidentServiceStub).GetIncident(
        incident_pb2.GetIncidentRequest(id=state.rng.choice(state.data["ids"])), metadata=stubs.metadata)


_FIRST_PAGE = incident_pb2.ListIncidentsRequest(limit=50)


async def _list_incidents(stubs: Stubs, state: ClientState) -> None:
    await stubs.of(incident_pb2_grpc.IncidentServiceStub).ListIncidents(_FIRST_PAGE, metadata=stubs.metadata)


_STORED = Seed("incidents", _seed_incidents)
register(Scenario("get_incident", _get_incident, seed=_STORED,
                  description=f"IncidentService.GetIncident of a random one of the {STORED:,} stored incidents ({STORED_QUICK} with --quick)"))
register(Scenario("list_incidents", _list_incidents, seed=_STORED,
                  description=f"IncidentService.ListIncidents, first page (limit 50) of the {STORED:,} stored incidents ({STORED_QUICK} with --quick)"))
register(Scenario("create_incident", _create_incident, seed=Seed("owner", _seed_owner),
                  description="IncidentService.CreateIncident: title, body, severity, reported_by, one owner "
                  "(runs after the reads, so they see exactly the seeded incidents)"))
