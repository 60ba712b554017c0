"""Fixtures of the incident desk tests: a `desk` of stubs and builders on the shared server."""

from __future__ import annotations

import pytest

from tests.ops.desk import Desk


@pytest.fixture
def desk(server):  # type: ignore[no-untyped-def]
    return Desk(server, server.api())
