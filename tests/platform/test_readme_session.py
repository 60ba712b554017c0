"""The README's first grpcurl session, pasted into bash as a newcomer would, against a server of
its own: every command must succeed, so the README cannot drift from what the server does."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BACKENDS

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent


def readme_session() -> str:
    """The shell block under "A first session with grpcurl"."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## A first session with grpcurl"):]
    found = re.search(r"```sh\n(?P<script>.*?)\n```", section, re.DOTALL)
    assert found, "no ```sh block in the README's first session"
    return found["script"]


def test_the_session_uses_the_printed_token_and_the_default_address() -> None:
    script = readme_session()
    assert re.search(r"^export TOKEN=fk_…", script, re.MULTILINE)
    assert re.search(r"^export FK=127\.0\.0\.1:50051$", script, re.MULTILINE)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_readme_session_runs_as_pasted(fresh_server, backend, tmp_path):  # type: ignore[no-untyped-def]
    handle = fresh_server(backend)
    script = readme_session()
    script = re.sub(r"^export TOKEN=.*$", f"export TOKEN={handle.admin_token}", script, count=1, flags=re.MULTILINE)
    script = re.sub(r"^export FK=.*$", f"export FK=127.0.0.1:{handle.port}", script, count=1, flags=re.MULTILINE)
    (tmp_path / ".venv").symlink_to(VENV)  # the session calls .venv/bin/… of the checkout

    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)

    assert done.returncode == 0, f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert "ERROR" not in done.stderr, done.stderr
    assert "flowkeeper.engine.v1.ProcessStepService" in done.stdout  # the reflection listing
    fetched = json.loads((tmp_path / "fetched.json").read_text())
    assert fetched["external_tasks"][0]["external_task"]["topic_name"] == "charge-card"
    answers = _json_documents(done.stdout)
    case = answers[-1]["case_instance"]
    assert case["business_key"] == "myBusinessKey"
    restarted = [a["data"] for a in answers if "process_step_id" in a.get("data", {})]
    assert len(restarted) == 1 and restarted[0]["params"]["amount"]["long_value"] == "1150"
    # What the statistics line's comment says: the failure's incident and the custom one.
    [statistics] = [a for a in answers if "activities" in a]
    [charge_card] = statistics["activities"]
    assert (charge_card["activity_id"], charge_card["instances"]) == ("ChargeCard", "1")
    assert sorted((i["incident_type"], i["count"]) for i in charge_card["incidents"]) == [
        ("aType", "1"), ("failedExternalTask", "1")]
    [with_incidents] = [a for a in answers if "process_instances" in a]
    assert [i["business_key"] for i in with_incidents["process_instances"]] == ["order-17"]
    # The history lines: the instance's passes, the operators' calls in the operation log, and
    # the variable.
    [passes] = [a for a in answers if "historic_activity_instances" in a]
    assert [(p["activity_id"], "end_time" in p) for p in passes["historic_activity_instances"]] == [
        ("Placed", True), ("ChargeCard", False)]
    [operations] = [a for a in answers if "user_operations" in a]
    assert [(o["operation_type"], o.get("property")) for o in operations["user_operations"]] == [
        ("CreateIncident", "incidentType"), ("RestartFailedStep", "amount")]
    [log] = [a for a in answers if "historic_external_task_logs" in a]
    assert [(e.get("creation_log", False), e.get("failure_log", False), e.get("worker_id"), e.get("error_message"))
            for e in log["historic_external_task_logs"]] == [
        (True, False, None, None), (False, True, "w1", "card declined")]
    [variables] = [a for a in answers if "historic_variable_instances" in a]
    assert [(v["name"], v["value"], v["state"]) for v in variables["historic_variable_instances"]] == [
        ("amount", {"value": 1150, "type": "Long"}, "CREATED")]


def _json_documents(output: str) -> list[dict]:  # type: ignore[type-arg]
    """The JSON answers grpcurl printed, one after the other, skipping everything else."""
    decoder = json.JSONDecoder()
    documents, at = [], 0
    while (start := output.find("{", at)) >= 0:
        try:
            document, at = decoder.raw_decode(output, start)
        except json.JSONDecodeError:
            at = start + 1
            continue
        documents.append(document)
    return documents
