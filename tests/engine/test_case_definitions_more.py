"""Case definitions, beyond deploying and listing them: the category (the targetNamespace of the
CMMN file's <definitions>, as the document's engine takes it) on the definition, as a filter and
a sort key of ListCaseDefinitions; CountCaseDefinitions (ListCaseDefinitions' filters, every
page); GetCaseDefinition and UpdateCaseDefinitionHistoryTimeToLive by key, and by key and
tenant; a targetNamespace too long to store; and the migration that gives definitions deployed
before it their category.

The tests share the session's server: each lists only definitions of its own (unique keys and
namespaces)."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from sqlalchemy import text

from flowkeeper.engine.v1 import case_definition_pb2 as cd
from flowkeeper.engine.v1 import process_definition_pb2
from server.db import Database
from server.migrate import upgrade
from tests.conftest import BACKENDS, database_url
from tests.engine.case_support import Cases
from tests.engine.history_support import OperationLog, sorted_by
from tests.engine.resources import bpmn as resource
from tests.support import ServerHandle, expect_error, unique

MODELER_NS = 'targetNamespace="http://bpmn.io/schema/cmmn"'
NOT_FOUND = "CASE_DEFINITION_NOT_FOUND"


class Definitions(Cases):
    def deploy_in(self, namespace: str | None, key: str, name: str = "case_three_items.cmmn",
                  tenant: str = "") -> str:
        """Deploys the fixture under ``key`` with that targetNamespace (None: without one); the id."""
        replace = {MODELER_NS: f'targetNamespace="{namespace}"' if namespace is not None else ""}
        deployment = self.deploy_case(name, key=key, tenant=tenant, replace=replace)
        return self.case_definition_id(deployment, key)

    def get(self, definition_id: str = "", **ref: Any) -> cd.CaseDefinition:
        return self.case_definitions.GetCaseDefinition(cd.GetCaseDefinitionRequest(
            id=definition_id, **({"definition": _ref(**ref)} if ref else {}))).case_definition

    def found(self, **filters: Any) -> list[str]:
        """The keys (with ":version") ListCaseDefinitions lists, in its order, checked against
        CountCaseDefinitions with the same filters."""
        rows = self.case_definitions.ListCaseDefinitions(cd.ListCaseDefinitionsRequest(**filters)).case_definitions
        counted = {k: v for k, v in filters.items() if k not in ("sorting", "page_size", "page_token")}
        assert self.count(**counted) == len(rows), filters
        return [f"{r.key}:{r.version}" for r in rows]

    def count(self, **filters: Any) -> int:
        return self.case_definitions.CountCaseDefinitions(cd.CountCaseDefinitionsRequest(**filters)).count

    def update(self, days: int | None, definition_id: str = "", **ref: Any) -> cd.CaseDefinition:
        given: dict[str, Any] = {} if days is None else {"history_time_to_live": days}
        if ref:
            given["definition"] = _ref(**ref)
        return self.case_definitions.UpdateCaseDefinitionHistoryTimeToLive(
            cd.UpdateCaseDefinitionHistoryTimeToLiveRequest(id=definition_id, **given)).case_definition


def _ref(*, id: str = "", key: str = "", tenant: str | None = None, empty: bool = False
         ) -> process_definition_pb2.DefinitionRef:
    if empty:
        return process_definition_pb2.DefinitionRef()
    if id:
        return process_definition_pb2.DefinitionRef(id=id)
    if tenant is not None:
        return process_definition_pb2.DefinitionRef(
            key_and_tenant=process_definition_pb2.KeyAndTenant(key=key, tenant_id=tenant))
    return process_definition_pb2.DefinitionRef(key=key)


@pytest.fixture
def defs(api):  # type: ignore[no-untyped-def]
    return Definitions(api)


# -- the category ------------------------------------------------------------------------------------


def test_the_category_is_the_target_namespace_of_the_file(defs: Definitions) -> None:
    tag = unique("ns")
    namespace = f"urn:{tag}:claims"
    one = defs.deploy_in(namespace, unique("case_cat"))
    assert defs.get(one).category == namespace
    # Each case of a file has the file's; a file without a targetNamespace gives none.
    both = defs.deploy_case("case_case_task.cmmn", extra=("case_instant_process.bpmn",),
                            replace={MODELER_NS: f'targetNamespace="{namespace}"', 'id="case_caller"':
                                     f'id="{tag}_caller"', 'id="case_callee"': f'id="{tag}_callee"',
                                     'caseRef="case_callee"': f'caseRef="{tag}_callee"'})
    assert sorted(d.key for d in both.definitions if d.kind == "case") == [f"{tag}_callee", f"{tag}_caller"]
    assert {defs.get(d.id).category for d in both.definitions if d.kind == "case"} == {namespace}
    assert defs.get(defs.deploy_in(None, unique("case_cat_none"))).category == ""
    assert defs.found(category=namespace, key_like=f"{tag}%") == [f"{tag}_callee:1", f"{tag}_caller:1"]


def test_filters_sorting_and_count_by_category(defs: Definitions) -> None:
    tag = unique("cat")
    keys = {label: f"{tag}_{label}" for label in ("a", "b", "c", "none")}
    defs.deploy_in(f"urn:{tag}:alpha", keys["a"])
    defs.deploy_in(f"urn:{tag}:beta", keys["b"])
    defs.deploy_in(f"urn:{tag}:beta", keys["c"])
    defs.deploy_in(None, keys["none"])
    mine = {"key_like": f"{tag}\\_%"}
    assert defs.found(**mine) == [f"{keys[k]}:1" for k in ("a", "b", "c", "none")]
    assert defs.found(category=f"urn:{tag}:beta", **mine) == [f"{keys['b']}:1", f"{keys['c']}:1"]
    assert defs.found(category=f"urn:{tag}:beta") == [f"{keys['b']}:1", f"{keys['c']}:1"]
    assert defs.found(category_like=f"urn:{tag}:%a") == [f"{keys[k]}:1" for k in ("a", "b", "c")]
    assert defs.found(category_like=f"%{tag}:al%", key=keys["a"]) == [f"{keys['a']}:1"]
    assert defs.found(category=f"urn:{tag}:gamma") == []
    assert defs.count(**mine, latest_only=True, without_tenant_id=True) == 4
    # By category: none first ascending, last descending; ties by key.
    assert defs.found(sorting=sorted_by(("category", "asc")), **mine) == [
        f"{keys[k]}:1" for k in ("none", "a", "b", "c")]
    assert defs.found(sorting=sorted_by(("category", "desc"), ("key", "desc")), **mine) == [
        f"{keys[k]}:1" for k in ("c", "b", "a", "none")]


def test_count_takes_the_list_s_filters_and_refuses_what_it_refuses(defs: Definitions) -> None:
    def fields(message: Any) -> dict[str, tuple[Any, ...]]:
        return {f.name: (f.number, f.type, f.is_repeated, f.has_presence) for f in message.DESCRIPTOR.fields
                if f.name not in ("page_size", "page_token", "sorting")}

    assert fields(cd.CountCaseDefinitionsRequest) == fields(cd.ListCaseDefinitionsRequest)
    assert {6, 7, 17}.isdisjoint(f.number for f in cd.CountCaseDefinitionsRequest.DESCRIPTOR.fields)
    refused: list[tuple[dict[str, Any], str]] = [
        ({"tenant_id_in": ["t"], "without_tenant_id": True}, "without_tenant_id"),
        ({"include_case_definitions_without_tenant_id": True}, "include_case_definitions_without_tenant_id"),
        ({"category_like": "urn:\\"}, "category_like"),
        ({"key_like": "x\\"}, "key_like"),
    ]
    for filters, field in refused:
        for call in (lambda: defs.count(**filters),
                     lambda: defs.case_definitions.ListCaseDefinitions(cd.ListCaseDefinitionsRequest(**filters))):
            assert expect_error(call, grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD").fields == [field]


def test_a_target_namespace_longer_than_the_column_is_refused(defs: Definitions) -> None:
    key = unique("case_long_ns")
    failed = expect_error(lambda: defs.deploy_in("urn:" + "n" * 252, key), grpc.StatusCode.INVALID_ARGUMENT,
                          "INVALID_CMMN")
    metadata = failed.info.metadata
    assert (metadata["attribute"], metadata["max_length"], metadata["element"]) == ("targetNamespace", "255",
                                                                                   "definitions")
    assert defs.found(key=key) == []
    defs.deploy_in("urn:" + "n" * 251, key)  # 255 characters fit
    assert len(defs.get(key=key).category) == 255


# -- by key, and by key and tenant -------------------------------------------------------------------


def test_get_and_update_the_time_to_live_by_key_and_by_key_and_tenant(
        server: ServerHandle, defs: Definitions) -> None:
    key, tenant = unique("case_by_key"), unique("tenant")
    first, latest = defs.deploy_in("urn:v1", key), defs.deploy_in("urn:v2", key)
    tenants = defs.deploy_in("urn:t", key, tenant=tenant)
    assert [defs.get(key=key).id, defs.get(key=key, tenant=tenant).id, defs.get(id=first).id] == [
        latest, tenants, first]
    assert defs.get(first).category == "urn:v1"
    # The time to live of the one version named (op-logged as by id).
    assert defs.update(30, key=key).history_time_to_live == 30
    assert defs.update(7, key=key, tenant=tenant).id == tenants
    assert [defs.get(d).history_time_to_live for d in (first, latest, tenants)] == [180, 30, 7]
    assert not defs.update(None, id=latest).HasField("history_time_to_live")
    entries = OperationLog(defs.api).of(case_definition_id=latest, operation_type="UpdateHistoryTimeToLive")
    assert [(e[2], e[3], e[4]) for e in entries if e[2] == "historyTimeToLive"] == [
        ("historyTimeToLive", "180", "30"), ("historyTimeToLive", "30", "")]

    # Errors, for both calls. A token of another tenant: the tenant's version does not exist
    # for it, and naming the tenant is refused; the versions of no tenant are there.
    stranger = Definitions(server.api(server.token(tenants=(unique("tenant"),))))

    def updating(d: Definitions) -> Any:
        return lambda definition_id="", **ref: d.update(1, definition_id, **ref)

    for call, as_stranger in ((defs.get, stranger.get), (updating(defs), updating(stranger))):
        both = expect_error(lambda: call(first, key=key), grpc.StatusCode.INVALID_ARGUMENT, "INVALID_FIELD")
        assert both.fields == ["definition"]
        assert expect_error(lambda: call(empty=True), grpc.StatusCode.INVALID_ARGUMENT,
                            "MISSING_REQUIRED_FIELD").fields == ["definition"]
        assert expect_error(lambda: call(key=key, tenant=""), grpc.StatusCode.INVALID_ARGUMENT,
                            "MISSING_REQUIRED_FIELD").fields == ["definition.key_and_tenant.tenant_id"]
        for ref in ({"key": unique("no_such_case")}, {"key": key, "tenant": unique("other")}, {"id": "nope"}):
            expect_error(lambda: call(**ref), grpc.StatusCode.NOT_FOUND, NOT_FOUND)
        expect_error(lambda: call("no-such-definition"), grpc.StatusCode.NOT_FOUND, NOT_FOUND)
        expect_error(lambda: as_stranger(tenants), grpc.StatusCode.NOT_FOUND, NOT_FOUND)
        expect_error(lambda: as_stranger(key=key, tenant=tenant), grpc.StatusCode.PERMISSION_DENIED,
                     "TENANT_NOT_GRANTED")
        assert as_stranger(key=key).id == latest
    assert expect_error(lambda: defs.update(-1, key=key), grpc.StatusCode.INVALID_ARGUMENT,
                        "INVALID_FIELD").fields == ["history_time_to_live"]
    assert defs.get(latest).history_time_to_live == 1  # the stranger's update above
    assert [defs.get(d).history_time_to_live for d in (first, tenants)] == [180, 7]


# -- the migration -----------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migration_gives_definitions_deployed_before_their_category(
        backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Definitions deployed before cases_0005 get the targetNamespace of the file that defines
    them (each case of a file the same); a file without one, one that cannot be read, and one
    whose namespace is longer than the column leave theirs empty."""
    db = Database(database_url(backend, request, tmp_path_factory))
    try:
        upgrade(db, "cases_0004")
        three = resource("case_three_items.cmmn")
        seeded = [  # deployment, resource, content, case keys
            ("d1", "three.cmmn", three.replace(MODELER_NS.encode(), b'targetNamespace="urn:one"'), ("k1",)),
            ("d2", "pair.cmmn", resource("case_case_task.cmmn"), ("caller", "callee")),
            ("d3", "bare.cmmn", three.replace(MODELER_NS.encode(), b""), ("k3",)),
            ("d4", "broken.cmmn", b"<definitions", ("k4",)),
            ("d5", "long.cmmn", three.replace(MODELER_NS.encode(), f'targetNamespace="{"n" * 256}"'.encode()),
             ("k5",)),
        ]

        def seed(tx) -> None:  # type: ignore[no-untyped-def]
            for minute, (deployment_id, name, content, keys) in enumerate(seeded, start=1):
                tx.execute(text("INSERT INTO deployments (id, deployment_time) VALUES (:id, :at)"),
                           {"id": deployment_id, "at": f"2026-01-01 00:0{minute}:00.000000"})
                tx.execute(text("INSERT INTO deployment_resources (id, deployment_id, name, content, content_hash)"
                                " VALUES (:id, :d, :n, :c, 'x')"),
                           {"id": str(uuid.uuid4()), "d": deployment_id, "n": name, "c": content})
                for key in keys:
                    tx.execute(text(
                        "INSERT INTO case_definitions (id, key, version, tenant_key, deployment_id, resource_name)"
                        " VALUES (:id, :k, 1, '', :d, :n)"), {"id": f"{key}:{deployment_id}", "k": key,
                                                              "d": deployment_id, "n": name})

        db.run(seed, write=True)
        upgrade(db)
        found = dict(db.run(lambda tx: tx.execute(text("SELECT id, category FROM case_definitions")).all(),
                            write=False))
        assert found == {"k1:d1": "urn:one", "caller:d2": "http://bpmn.io/schema/cmmn",
                         "callee:d2": "http://bpmn.io/schema/cmmn", "k3:d3": None, "k4:d4": None, "k5:d5": None}
    finally:
        db.dispose()
