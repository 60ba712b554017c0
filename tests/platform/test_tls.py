"""`serve --tls-cert/--tls-key`: the server speaks TLS only, with the given certificate."""

from __future__ import annotations

import subprocess

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from flowkeeper.ops.v1 import user_pb2, user_pb2_grpc
from tests.platform.served import ServedProcess, bearer

OPENSSL = "/usr/bin/openssl"


def _self_signed(directory):  # type: ignore[no-untyped-def]
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def test_serves_tls_with_the_given_certificate(tmp_path):  # type: ignore[no-untyped-def]
    cert, key = _self_signed(tmp_path)
    served = ServedProcess(["--listen", "127.0.0.1:0", "--database-url", f"sqlite:///{tmp_path}/tls.db",
                            "--tls-cert", str(cert), "--tls-key", str(key)], cwd=tmp_path)
    try:
        served.start()
        assert served.listening[0]["scheme"] == "TLS"
        credentials = grpc.ssl_channel_credentials(root_certificates=cert.read_bytes())
        with grpc.secure_channel(served.address, credentials) as channel:
            health = health_pb2_grpc.HealthStub(channel)
            assert health.Check(health_pb2.HealthCheckRequest()).status == health_pb2.HealthCheckResponse.SERVING
            me = user_pb2_grpc.UserServiceStub(channel).GetSelf(user_pb2.GetSelfRequest(),
                                                                metadata=bearer(served.first_token))
            assert me.user.display_name == "admin"
        with grpc.insecure_channel(served.address) as plaintext:
            with pytest.raises(grpc.RpcError) as refused:
                health_pb2_grpc.HealthStub(plaintext).Check(health_pb2.HealthCheckRequest(), timeout=5)
            assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
        assert served.terminate() == 0, served.output()
    finally:
        served.close()
