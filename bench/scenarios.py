"""The scenario registry: what `python -m bench` measures.

A scenario is a name, an optional seed (data created once per server configuration, through
the server's RPCs, and handed to every client), and a per-call coroutine function
``call(stubs, state)`` that makes one RPC (a call that needs set-up RPCs first, say a fetch
before a complete, returns the seconds of the one it measures, and that is recorded as its
latency). Adding a scenario takes a few lines:

    from bench.scenarios import Scenario, Seed, register

    def _seed_widgets(ctx):                      # runs once per configuration, in the bench process
        return ctx.parallel(lambda stubs, i: stubs.of(WidgetStub).CreateWidget(...).widget.id, range(1000))

    async def _get_widget(stubs, state):         # runs in the client processes, many times a second
        await stubs.of(WidgetStub).GetWidget(GetWidgetRequest(id=state.rng.choice(state.data)),
                                             metadata=stubs.metadata)

    register(Scenario("get_widget", _get_widget, seed=Seed("widgets", _seed_widgets)))

Calls and seeds must be module-level functions (client processes are spawned and get the
scenario by reference). Seeds with the same name run once per configuration and are shared.
"""

from __future__ import annotations

import itertools
import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Iterable, TypeVar

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from flowkeeper.engine.v1 import deployment_pb2, deployment_pb2_grpc
from flowkeeper.ops.v1 import user_pb2, user_pb2_grpc

T = TypeVar("T")


class Stubs:
    """The stubs of one channel, created on first use, and the caller's auth metadata."""

    def __init__(self, channel: Any, token: str) -> None:
        self.channel = channel
        self.metadata = (("authorization", f"Bearer {token}"),)
        self._stubs: dict[type, Any] = {}

    def of(self, stub_class: type) -> Any:
        stub = self._stubs.get(stub_class)
        if stub is None:
            stub = self._stubs[stub_class] = stub_class(self.channel)
        return stub

    @property
    def health(self) -> health_pb2_grpc.HealthStub:
        return self.of(health_pb2_grpc.HealthStub)

    @property
    def users(self) -> user_pb2_grpc.UserServiceStub:
        return self.of(user_pb2_grpc.UserServiceStub)


@dataclass
class ClientState:
    """What one simulated client keeps between its calls."""

    client: int  # 0 … clients-1, unique across the client processes of a run
    run: str  # unique per measured scenario
    data: Any  # what the scenario's seed returned (None without a seed)
    rng: random.Random
    counter: itertools.count = field(default_factory=itertools.count)
    scratch: dict[str, Any] = field(default_factory=dict)

    def unique(self, prefix: str) -> str:
        """A name no other client and no earlier run uses."""
        return f"{prefix}-{self.run}-{self.client}-{next(self.counter)}"


class SeedContext:
    """Given to a seed: blocking stubs on several connections of the server under test."""

    def __init__(self, address: str, token: str, *, quick: bool = False, connections: int = 8,
                 database_url: str = "") -> None:
        self.address = address
        self.token = token
        self.quick = quick  # a smoke run: seed a little, not the real amounts
        # For bulk loads too large for RPCs (a million executions): the server's database.
        self.database_url = database_url
        self._channels = [grpc.insecure_channel(address, options=[("grpc.use_local_subchannel_pool", 1)])
                          for _ in range(connections)]
        self.stubs = [Stubs(channel, token) for channel in self._channels]

    def parallel(self, fn: Callable[[Stubs, T], Any], items: Iterable[T], threads: int = 16) -> list[Any]:
        """``fn(stubs, item)`` for every item from ``threads`` threads over all connections (so
        every server worker takes part); results in the order of ``items``."""
        items = list(items)
        with ThreadPoolExecutor(threads) as pool:
            return list(pool.map(lambda pair: fn(self.stubs[pair[0] % len(self.stubs)], pair[1]), enumerate(items)))

    def deploy(self, name: str, resource: str, content: str) -> str:
        """Deploys one BPMN or CMMN file (``resource`` is its file name); the id of its first
        definition."""
        stubs = self.stubs[0]
        deployed = stubs.of(deployment_pb2_grpc.DeploymentServiceStub).CreateDeployment(
            deployment_pb2.CreateDeploymentRequest(
                name=name, resources=[deployment_pb2.Resource(name=resource, content=content.encode())]),
            metadata=stubs.metadata,
        )
        return deployed.deployment.definitions[0].id

    def close(self) -> None:
        for channel in self._channels:
            channel.close()


@dataclass(frozen=True)
class Seed:
    name: str
    run: Callable[[SeedContext], Any]


@dataclass(frozen=True)
class Scenario:
    name: str
    call: Callable[[Stubs, ClientState], Awaitable[Any]]
    seed: Seed | None = None
    description: str = ""
    # Scenarios run in registration order; the floor always first.
    is_floor: bool = False
    # Concurrent clients of this scenario when it prescribes its own (e.g. 8 workers).
    clients: int | None = None


SCENARIOS: dict[str, Scenario] = {}


def register(scenario: Scenario) -> Scenario:
    if scenario.name in SCENARIOS:
        raise ValueError(f"scenario {scenario.name!r} is registered twice")
    SCENARIOS[scenario.name] = scenario
    return scenario


# --- the floor and the directory --------------------------------------------------------------

_CHECK = health_pb2.HealthCheckRequest()
_GET_SELF = user_pb2.GetSelfRequest()


async def _floor(stubs: Stubs, state: ClientState) -> None:
    await stubs.health.Check(_CHECK)


async def _get_self(stubs: Stubs, state: ClientState) -> None:
    await stubs.users.GetSelf(_GET_SELF, metadata=stubs.metadata)


async def _create_user(stubs: Stubs, state: ClientState) -> None:
    await stubs.users.CreateUser(user_pb2.CreateUserRequest(display_name=state.unique("bench-user")),
                                 metadata=stubs.metadata)


FLOOR = register(Scenario("floor", _floor, description="grpc.health.v1.Health/Check: no auth, no database",
                          is_floor=True))
register(Scenario("get_self", _get_self, description="UserService.GetSelf: auth + one read transaction"))
register(Scenario("create_user", _create_user, description="UserService.CreateUser: one write transaction"))
