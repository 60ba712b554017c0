"""The history time to live of process and case definitions: camunda:historyTimeToLive read into
days at deployment (any other value refuses the deployment), shown by Get/List, and changed per
definition version by UpdateProcessDefinitionHistoryTimeToLive / UpdateCaseDefinitionHistoryTimeToLive."""

from __future__ import annotations

from typing import Any

import grpc
import pytest

from flowkeeper.engine.v1 import case_definition_pb2 as cd
from flowkeeper.engine.v1 import deployment_pb2
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from server.engine.bpmn.parser import parse_bpmn
from server.engine.cmmn.parser import parse_cmmn
from server.errors import InvalidArgument
from tests.engine.case_support import Cases
from tests.engine.resources.cmmn_modeler import render as render_cmmn
from tests.engine.resources.modeler import render as render_bpmn
from tests.support import Api, expect_error, unique

BAD = grpc.StatusCode.INVALID_ARGUMENT
NOT_FOUND = grpc.StatusCode.NOT_FOUND
FIELD = "history_time_to_live"
# Not a number of days (or an ISO-8601 period of days only) from 0 to 36500.
INVALID = ["-1", "P1M", "PT5H", "abc", "${days}", "36501", "P36501D"]


def _attribute(value: str | None) -> str:
    return "" if value is None else f' camunda:historyTimeToLive="{value}"'


def _bpmn(values: dict[str, str | None]) -> bytes:
    """One process (start -> end) per key, with camunda:historyTimeToLive as given (None: none)."""
    return render_bpmn("".join(
        f'<bpmn:process id="{key}" isExecutable="true"{_attribute(value)}><bpmn:startEvent id="Start_{i}" />'
        f'<bpmn:sequenceFlow id="Flow_{i}" sourceRef="Start_{i}" targetRef="End_{i}" /><bpmn:endEvent id="End_{i}" />'
        "</bpmn:process>"
        for i, (key, value) in enumerate(values.items())
    ), "ttl").encode()


def _cmmn(values: dict[str, str | None]) -> bytes:
    """One case (a plan model with one task) per key, with camunda:historyTimeToLive as given."""
    return render_cmmn("".join(
        f'<cmmn:case id="{key}"{_attribute(value)}><cmmn:casePlanModel id="Plan_{i}">'
        f'<cmmn:planItem id="PI_{i}" definitionRef="T_{i}" /><cmmn:task id="T_{i}" /></cmmn:casePlanModel></cmmn:case>'
        for i, (key, value) in enumerate(values.items())
    ), "ttl").encode()


class _Definitions:
    """Process or case definitions behind one face, so each test runs for both."""

    def __init__(self, kind: str, cases: Cases) -> None:
        self.kind = kind
        self.cases = cases
        self.is_process = kind == "process"
        self.resource = "ttl.bpmn" if self.is_process else "ttl.cmmn"
        self.invalid_reason = "INVALID_BPMN" if self.is_process else "INVALID_CMMN"
        self.not_found = "PROCESS_DEFINITION_NOT_FOUND" if self.is_process else "CASE_DEFINITION_NOT_FOUND"

    def using(self, api: Api) -> _Definitions:
        return _Definitions(self.kind, Cases(api))

    def deploy(self, values: dict[str, str | None], *, tenant: str = "", name: str = "") -> dict[str, str]:
        """Deploys one file with a definition per key; key -> definition id."""
        content = _bpmn(values) if self.is_process else _cmmn(values)
        deployment = self.cases.deployments.CreateDeployment(deployment_pb2.CreateDeploymentRequest(
            name=name or unique("ttl"), tenant_id=tenant,
            resources=[deployment_pb2.Resource(name=self.resource, content=content)],
        )).deployment
        return {d.key: d.id for d in deployment.definitions}

    def get(self, definition_id: str) -> Any:
        if self.is_process:
            return self.cases.definitions.GetProcessDefinition(
                pd.GetProcessDefinitionRequest(id=definition_id)).process_definition
        return self.cases.case_definitions.GetCaseDefinition(cd.GetCaseDefinitionRequest(id=definition_id)).case_definition

    def list(self, **filters: Any) -> list[Any]:
        if self.is_process:
            return list(self.cases.definitions.ListProcessDefinitions(
                pd.ListProcessDefinitionsRequest(**filters)).process_definitions)
        return list(self.cases.case_definitions.ListCaseDefinitions(
            cd.ListCaseDefinitionsRequest(**filters)).case_definitions)

    def update(self, definition_id: str, days: int | None) -> Any:
        """The definition the update returns; ``days`` None leaves the field unset (clears it)."""
        given = {} if days is None else {FIELD: days}
        if self.is_process:
            return self.cases.definitions.UpdateProcessDefinitionHistoryTimeToLive(
                pd.UpdateProcessDefinitionHistoryTimeToLiveRequest(id=definition_id, **given)).process_definition
        return self.cases.case_definitions.UpdateCaseDefinitionHistoryTimeToLive(
            cd.UpdateCaseDefinitionHistoryTimeToLiveRequest(id=definition_id, **given)).case_definition


def _days(definition: Any) -> int | None:
    return definition.history_time_to_live if definition.HasField(FIELD) else None


@pytest.fixture(params=["process", "case"])
def defs(request: pytest.FixtureRequest, api: Api) -> _Definitions:
    return _Definitions(request.param, Cases(api))


def test_days_and_periods_of_days_are_read_and_shown(defs: _Definitions) -> None:
    written = {"180": 180, "P180D": 180, " 30 ": 30, "0": 0, "P36500D": 36500, "": None, None: None}
    keys = {unique("ttl_read"): value for value in written}
    ids = defs.deploy(keys)
    expected = {ids[key]: written[value] for key, value in keys.items()}
    assert {i: _days(defs.get(i)) for i in ids.values()} == expected
    deployment_id = defs.get(ids[next(iter(keys))]).deployment_id
    assert {d.id: _days(d) for d in defs.list(deployment_id=deployment_id)} == expected


@pytest.mark.parametrize("value", INVALID)
def test_any_other_value_refuses_the_deployment(defs: _Definitions, value: str) -> None:
    valid, key, name = unique("ttl_fine"), unique("ttl_bad"), unique("ttl_bad")
    failed = expect_error(lambda: defs.deploy({valid: "180", key: value}, name=name), BAD, defs.invalid_reason)
    metadata = failed.info.metadata
    assert (metadata["element_id"], metadata["attribute"], metadata["value"]) == (
        key, "camunda:historyTimeToLive", value)
    assert failed.fields == [f"resources[{defs.resource}]"]
    assert repr(key) in failed.message and repr(value) in failed.message
    # Nothing of the file is deployed, not even its valid definition.
    listed = defs.cases.deployments.ListDeployments(deployment_pb2.ListDeploymentsRequest(name=name)).deployments
    assert list(listed) == [] and defs.list(key=valid) == []


def test_update_sets_changes_and_clears_one_version(defs: _Definitions) -> None:
    key = unique("ttl_update")
    first = defs.deploy({key: None})[key]
    second = defs.deploy({key: "P180D"})[key]
    assert _days(defs.update(first, 5)) == 5
    assert _days(defs.get(first)) == 5
    assert _days(defs.update(first, 36500)) == 36500
    assert _days(defs.update(first, 0)) == 0  # zero is a value: kept no day, not forever
    assert _days(defs.update(first, None)) is None
    assert _days(defs.get(first)) is None
    assert _days(defs.update(first, 7)) == 7
    # The other version of the key keeps its own.
    assert {d.id: _days(d) for d in defs.list(key=key)} == {first: 7, second: 180}


def test_update_refuses_days_out_of_range(defs: _Definitions) -> None:
    key = unique("ttl_range")
    definition = defs.deploy({key: "180"})[key]
    for days in (-1, 36501):
        failed = expect_error(lambda days=days: defs.update(definition, days), BAD, "INVALID_FIELD")  # type: ignore[misc]
        assert failed.fields == [FIELD]
        assert (failed.info.metadata["field_name"], failed.info.metadata["value"]) == (FIELD, str(days))
    assert _days(defs.get(definition)) == 180


def test_update_of_an_unknown_or_hidden_definition_is_not_found(server, defs: _Definitions) -> None:  # type: ignore[no-untyped-def]
    failed = expect_error(lambda: defs.update("nope:1:x", 5), NOT_FOUND, defs.not_found)
    assert failed.info.metadata["id"] == "nope:1:x"
    tenant, key = unique("tenant"), unique("ttl_tenant")
    definition = defs.deploy({key: "180"}, tenant=tenant)[key]
    outsider = defs.using(server.api(server.token(tenants=(unique("tenant"),))))
    expect_error(lambda: outsider.update(definition, 5), NOT_FOUND, defs.not_found)
    assert _days(defs.get(definition)) == 180
    # Seeing the tenant is enough: no admin rights needed.
    member = defs.using(server.api(server.token(tenants=(tenant,))))
    assert _days(member.update(definition, 5)) == 5


def test_a_stored_resource_reads_an_invalid_value_as_unset() -> None:
    """A resource deployed before the value was checked is read again (for its specs) as unset;
    only a deployment refuses it."""
    [process] = parse_bpmn(_bpmn({"p": "P1M"}), "old.bpmn", deploying=False)
    [case] = parse_cmmn(_cmmn({"c": "P1M"}), "old.cmmn", deploying=False)
    assert (process.history_time_to_live, case.history_time_to_live) == (None, None)
    # However many digits: out of range, not a crash.
    with pytest.raises(InvalidArgument) as raised:
        parse_bpmn(_bpmn({"p": "9" * 5000}), "huge.bpmn")
    assert raised.value.reason == "INVALID_BPMN"
