"""Definition diagrams: the images a deployment carries beside its BPMN, CMMN and DMN files; which
of them a definition takes as its diagram (diagram_resource_name: `<file>.<key>.<suffix>`, then
`<file>.<suffix>`, for png, jpg, gif and svg in turn, of the same deployment, names compared
exactly); GetProcessDefinitionDiagram, GetCaseDefinitionDiagram, GetDecisionDefinitionDiagram and
GetDecisionRequirementsDefinitionDiagram by id, key and key and tenant, empty without a diagram,
their errors and tenants; duplicate filtering and redeployment; and the migrations that fill the
column in for definitions deployed before.

The tests share the session's server (unique keys); the migration test has a database of its own."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable

import grpc
import pytest
from sqlalchemy import text

from flowkeeper.engine.v1 import case_definition_pb2 as cd
from flowkeeper.engine.v1 import decision_definition_pb2 as dd
from flowkeeper.engine.v1 import decision_requirements_definition_pb2 as drd
from flowkeeper.engine.v1 import decision_requirements_definition_pb2_grpc, deployment_pb2
from flowkeeper.engine.v1 import process_definition_pb2 as pd
from server.db import Database
from server.migrate import upgrade
from tests.conftest import BACKENDS, database_url
from tests.engine.case_support import Cases
from tests.engine.dmn_support import Decisions, dmn, literal
from tests.engine.resources import bpmn as resource
from tests.engine.resources.modeler import render
from tests.engine.work_support import key
from tests.support import Api, expect_error, unique

Ref = pd.DefinitionRef
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR"  # an image's first bytes are enough here
JPG = b"\xff\xd8\xff\xe0jpeg"
GIF = b"GIF89a\x01\x00\x01\x00"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


def process(process_key: str) -> str:
    """A process of one user task; its element ids begin with its key (a file may hold several)."""
    k = process_key
    return f"""
<bpmn:process id="{k}" isExecutable="true" camunda:historyTimeToLive="180">
  <bpmn:startEvent id="{k}_Start" />
  <bpmn:sequenceFlow id="{k}_f1" sourceRef="{k}_Start" targetRef="{k}_Task" />
  <bpmn:userTask id="{k}_Task" />
  <bpmn:sequenceFlow id="{k}_f2" sourceRef="{k}_Task" targetRef="{k}_End" />
  <bpmn:endEvent id="{k}_End" />
</bpmn:process>
"""


def bpmn_of(*keys: str) -> bytes:
    """A BPMN file of one process per key."""
    return render("".join(process(k) for k in keys), keys[0]).encode()


@dataclass(frozen=True)
class Got:
    """A Get…DefinitionDiagram answer."""

    id: str
    content: bytes
    media_type: str
    resource_name: str


NONE = ("", b"", "")  # resource_name, content, media_type of a definition without a diagram


class Diagrams(Cases, Decisions):
    """The case and decision helpers plus the decision requirements definition service."""

    def __init__(self, api: Api) -> None:
        super().__init__(api)
        self.drds = api.stub(decision_requirements_definition_pb2_grpc.DecisionRequirementsDefinitionServiceStub)

    def files(self, files: dict[str, bytes], *, tenant: str = "", name: str = "", duplicates: bool = False,
              changed_only: bool = False) -> deployment_pb2.CreateDeploymentResponse:
        return self.deployments.CreateDeployment(deployment_pb2.CreateDeploymentRequest(
            name=name or unique("diagrams"), tenant_id=tenant, enable_duplicate_filtering=duplicates,
            deploy_changed_only=changed_only,
            resources=[deployment_pb2.Resource(name=n, content=c) for n, c in files.items()]))

    def ids(self, deployment: deployment_pb2.Deployment, kind: str = "process") -> dict[str, str]:
        """The deployment's definitions of ``kind``: key -> id."""
        return {d.key: d.id for d in deployment.definitions if d.kind == kind}

    def process_diagram(self, ref: Ref) -> Got:
        return _got(self.definitions.GetProcessDefinitionDiagram(pd.GetProcessDefinitionDiagramRequest(definition=ref)))

    def case_diagram(self, ref: Ref) -> Got:
        return _got(self.case_definitions.GetCaseDefinitionDiagram(cd.GetCaseDefinitionDiagramRequest(definition=ref)))

    def decision_diagram(self, ref: Ref) -> Got:
        return _got(self.decisions.GetDecisionDefinitionDiagram(dd.GetDecisionDefinitionDiagramRequest(definition=ref)))

    def drd_diagram(self, ref: Ref) -> Got:
        return _got(self.drds.GetDecisionRequirementsDefinitionDiagram(
            drd.GetDecisionRequirementsDefinitionDiagramRequest(definition=ref)))

    def process_definition(self, definition_id: str) -> pd.ProcessDefinition:
        request = pd.GetProcessDefinitionRequest(id=definition_id)
        return self.definitions.GetProcessDefinition(request).process_definition


def _got(response: Any) -> Got:
    return Got(response.id, response.content, response.media_type, response.resource_name)


def shown(got: Got) -> tuple[str, bytes, str]:
    """What a diagram answer shows: (resource_name, content, media_type)."""
    return got.resource_name, got.content, got.media_type


@pytest.fixture
def engine(api) -> Diagrams:  # type: ignore[no-untyped-def]
    return Diagrams(api)


# -- which image is a definition's diagram -------------------------------------------------------


def test_the_file_image_is_the_diagram_by_id_key_and_key_and_tenant(engine: Diagrams) -> None:
    process_key, tenant = key("pictured"), unique("tenant")
    files = {"order.bpmn": bpmn_of(process_key), "order.png": PNG}
    old = engine.ids(engine.files(files).deployment)[process_key]
    new = engine.ids(engine.files({**files, "order.png": PNG + b"v2"}).deployment)[process_key]
    of_tenant = engine.ids(engine.files({**files, "order.png": SVG, "order.svg": SVG}, tenant=tenant).deployment)[
        process_key]

    assert engine.process_definition(old).diagram_resource_name == "order.png"
    assert engine.process_diagram(Ref(id=old)) == Got(old, PNG, "image/png", "order.png")
    # By key: the latest version of no tenant; by key and tenant: that tenant's latest.
    assert engine.process_diagram(Ref(key=process_key)) == Got(new, PNG + b"v2", "image/png", "order.png")
    assert engine.process_diagram(Ref(key_and_tenant=pd.KeyAndTenant(key=process_key, tenant_id=tenant))) == Got(
        of_tenant, SVG, "image/png", "order.png")  # the media type goes by the name, not by the bytes
    listed = engine.definitions.ListProcessDefinitions(pd.ListProcessDefinitionsRequest(key=process_key))
    assert {d.id: d.diagram_resource_name for d in listed.process_definitions} == {
        old: "order.png", new: "order.png", of_tenant: "order.png"}


def test_the_key_image_beats_the_file_image_of_its_suffix_in_the_order_png_jpg_gif_svg(engine: Diagrams) -> None:
    first, second, third = key("first"), key("second"), key("third")
    deployment = engine.files({
        "shop/many.bpmn20.xml": bpmn_of(first, second, third),
        f"shop/many.{first}.jpg": JPG,   # its own jpg comes before the file's gif
        "shop/many.gif": GIF,            # the file's gif comes before second's own svg
        f"shop/many.{second}.svg": SVG,
        f"shop/many.{third}.png": PNG,   # png first of all
        "shop/many.png.svg": SVG,        # a name no rule makes
    }).deployment
    ids = engine.ids(deployment)
    assert shown(engine.process_diagram(Ref(id=ids[first]))) == (f"shop/many.{first}.jpg", JPG, "image/jpeg")
    assert shown(engine.process_diagram(Ref(id=ids[second]))) == ("shop/many.gif", GIF, "image/gif")
    assert shown(engine.process_diagram(Ref(id=ids[third]))) == (f"shop/many.{third}.png", PNG, "image/png")
    # The deployment keeps its images as resources, listed and read back as any other.
    assert set(deployment.resource_names) == {"shop/many.bpmn20.xml", f"shop/many.{first}.jpg", "shop/many.gif",
                                              f"shop/many.{second}.svg", f"shop/many.{third}.png",
                                              "shop/many.png.svg"}
    data = engine.deployments.GetDeploymentResourceData(deployment_pb2.GetDeploymentResourceDataRequest(
        deployment_id=deployment.id, resource_name="shop/many.gif"))
    assert data.content == GIF


def test_an_svg_diagram(engine: Diagrams) -> None:
    process_key = key("drawn")
    definition = engine.ids(engine.files({"drawn.bpmn": bpmn_of(process_key), "drawn.svg": SVG}).deployment)[
        process_key]
    assert shown(engine.process_diagram(Ref(id=definition))) == ("drawn.svg", SVG, "image/svg+xml")


def test_names_are_compared_exactly_and_jpeg_is_no_diagram(engine: Diagrams) -> None:
    jpeg, upper, other_file = key("jpeg"), key("upper"), key("other_file")
    deployment = engine.files({
        "jpeg.bpmn": bpmn_of(jpeg), "jpeg.jpeg": JPG,             # .jpeg: kept, but no diagram
        "upper.bpmn": bpmn_of(upper), "upper.PNG": PNG, "Upper.png": PNG,
        "other_file.bpmn": bpmn_of(other_file), "other.png": PNG, f"other_file{other_file}.png": PNG,
    }).deployment
    ids = engine.ids(deployment)
    for process_key in (jpeg, upper, other_file):
        got = engine.process_diagram(Ref(id=ids[process_key]))
        assert (got.id, *shown(got)) == (ids[process_key], *NONE)
        assert engine.process_definition(ids[process_key]).diagram_resource_name == ""
    assert {"jpeg.jpeg", "upper.PNG", "Upper.png"} <= set(deployment.resource_names)
    # A definition file's suffix is matched in any case (as the deployment takes it): the
    # image's name keeps the file's own spelling.
    loud = key("loud")
    definition = engine.ids(engine.files({"Loud.BPMN": bpmn_of(loud), "Loud.gif": GIF}).deployment)[loud]
    assert shown(engine.process_diagram(Ref(id=definition))) == ("Loud.gif", GIF, "image/gif")


def test_an_image_of_another_deployment_is_no_diagram(engine: Diagrams) -> None:
    process_key = key("elsewhere")
    pictures = engine.files({"elsewhere.png": PNG}).deployment
    assert (list(pictures.resource_names), list(pictures.definitions)) == (["elsewhere.png"], [])
    definition = engine.ids(engine.files({"elsewhere.bpmn": bpmn_of(process_key)}).deployment)[process_key]
    got = engine.process_diagram(Ref(id=definition))
    assert (got.id, *shown(got)) == (definition, *NONE)


def test_a_definition_without_an_image_answers_empty(engine: Diagrams) -> None:
    process_key = key("plain")
    definition = engine.ids(engine.files({"plain.bpmn": bpmn_of(process_key)}).deployment)[process_key]
    response = engine.definitions.GetProcessDefinitionDiagram(pd.GetProcessDefinitionDiagramRequest(
        definition=Ref(key=process_key)))
    assert response == pd.GetProcessDefinitionDiagramResponse(id=definition)


def test_case_definitions(engine: Diagrams) -> None:
    case_key, bare_key, tenant = key("pictured_case"), key("bare_case"), unique("tenant")
    deployment = engine.deploy_case("case_manual.cmmn", key=bare_key, files={
        "cases/review.cmmn": resource("case_manual.cmmn").replace(b'id="case_manual"', f'id="{case_key}"'.encode()),
        "cases/review.svg": SVG, f"cases/review.{case_key}.gif": GIF})
    # case_manual.cmmn has no image; cases/review.cmmn has its key's gif, before the file's svg.
    bare, pictured = engine.case_definition_id(deployment, bare_key), engine.case_definition_id(deployment, case_key)
    assert shown(engine.case_diagram(Ref(id=pictured))) == (f"cases/review.{case_key}.gif", GIF, "image/gif")
    got = engine.case_diagram(Ref(id=bare))
    assert (got.id, *shown(got)) == (bare, *NONE)
    assert engine.case_definitions.GetCaseDefinition(cd.GetCaseDefinitionRequest(id=pictured)).case_definition \
        .diagram_resource_name == f"cases/review.{case_key}.gif"
    of_tenant = engine.deploy_case("case_manual.cmmn", key=case_key, tenant=tenant,
                                   files={"case_manual.svg": SVG})
    tenant_definition = engine.case_definition_id(of_tenant, case_key)
    assert engine.case_diagram(Ref(key_and_tenant=pd.KeyAndTenant(key=case_key, tenant_id=tenant))) == Got(
        tenant_definition, SVG, "image/svg+xml", "case_manual.svg")


def test_decisions_take_their_own_image_else_their_files(engine: Diagrams) -> None:
    """As the document's engine's decision deployer: each decision (and the file's decision
    requirements definition) looks for its own key's image first, then the file's."""
    dish, season = key("dish"), key("season")
    deployment = engine.deploy_dinner(dish=dish, season=season, images={
        f"dinner.{dish}.png": PNG, "dinner.jpg": JPG})
    decisions = engine.ids(deployment, "decision")
    [requirements] = [d.id for d in deployment.definitions if d.kind == "decisionRequirements"]
    assert shown(engine.decision_diagram(Ref(id=decisions[dish]))) == (f"dinner.{dish}.png", PNG, "image/png")
    assert shown(engine.decision_diagram(Ref(id=decisions[season]))) == ("dinner.jpg", JPG, "image/jpeg")
    assert shown(engine.drd_diagram(Ref(id=requirements))) == ("dinner.jpg", JPG, "image/jpeg")
    assert engine.get(Ref(id=decisions[dish])).diagram_resource_name == f"dinner.{dish}.png"
    assert engine.drds.GetDecisionRequirementsDefinition(drd.GetDecisionRequirementsDefinitionRequest(
        definition=Ref(id=requirements))).decision_requirements_definition.diagram_resource_name == "dinner.jpg"
    # The decision requirements definition's own key (the <definitions> id) beats the file's image.
    again = engine.deploy_dinner(dish=key("dish"), season=key("season"), images={
        "dinner.dinnerDecisions.gif": GIF, "dinner.gif": PNG})
    [second] = [d.id for d in again.definitions if d.kind == "decisionRequirements"]
    assert engine.drd_diagram(Ref(id=second)) == Got(second, GIF, "image/gif", "dinner.dinnerDecisions.gif")
    # By key: the latest of no tenant (this deployment's).
    assert engine.drd_diagram(Ref(key="dinnerDecisions")).id == second


def test_a_decision_of_a_file_of_one_decision(engine: Diagrams) -> None:
    """Such a file has no decision requirements definition; its decision has a diagram alike."""
    lonely = key("lonely")
    content = dmn(literal(lonely, "x", "1", "integer"))
    [bare] = engine.ids(engine.deploy_files({"rules/one.dmn11.xml": content}), "decision").values()
    got = engine.decision_diagram(Ref(id=bare))
    assert (got.id, *shown(got)) == (bare, *NONE)
    pictured = engine.deploy_files({"rules/one.dmn11.xml": content, f"rules/one.{lonely}.svg": SVG})
    [definition] = engine.ids(pictured, "decision").values()
    assert engine.decision_diagram(Ref(key=lonely)) == Got(definition, SVG, "image/svg+xml", f"rules/one.{lonely}.svg")


# -- deployments: duplicate filtering, redeployment ---------------------------------------------------


def test_duplicate_filtering_and_changed_only_carry_the_images_they_deploy(
        engine: Diagrams, server) -> None:  # type: ignore[no-untyped-def]
    process_key, name = key("filtered"), unique("filtered")
    files = {"f.bpmn": bpmn_of(process_key), "f.png": PNG}

    def deploy(files: dict[str, bytes], *, changed_only: bool = False) -> deployment_pb2.CreateDeploymentResponse:
        server.clock.advance(timedelta(seconds=1))  # the latest deployment of a name is the newest one
        return engine.files(files, name=name, duplicates=True, changed_only=changed_only)

    first = deploy(files).deployment
    v1 = engine.ids(first)[process_key]
    # Nothing changed: the deployment before, no new version.
    again = deploy(files)
    assert again.duplicate and again.deployment.id == first.id
    # The image changed: every file is deployed again, the new version with the new image.
    second = deploy({**files, "f.png": PNG + b"2"}).deployment
    v2 = engine.ids(second)[process_key]
    assert engine.process_diagram(Ref(id=v2)) == Got(v2, PNG + b"2", "image/png", "f.png")
    assert engine.process_diagram(Ref(id=v1)).content == PNG
    # Only the image changed, deploying changed files only: a deployment of the image alone, no
    # definition; the latest version keeps the diagram of its own deployment.
    third = deploy({**files, "f.png": PNG + b"3"}, changed_only=True).deployment
    assert (list(third.resource_names), list(third.definitions)) == (["f.png"], [])
    assert engine.process_diagram(Ref(key=process_key)) == Got(v2, PNG + b"2", "image/png", "f.png")
    # Only the file changed: its new version's deployment holds no image, so it has no diagram
    # (as in the document's engine: the image left out is of another deployment).
    fourth = deploy({"f.bpmn": bpmn_of(process_key) + b"\n", "f.png": PNG + b"3"}, changed_only=True).deployment
    assert list(fourth.resource_names) == ["f.bpmn"]
    v4 = engine.ids(fourth)[process_key]
    got = engine.process_diagram(Ref(key=process_key))
    assert (got.id, *shown(got)) == (v4, *NONE)


def test_redeployment_carries_the_images_it_deploys(engine: Diagrams) -> None:
    process_key = key("redeployed")
    source = engine.files({"r.bpmn": bpmn_of(process_key), "r.svg": SVG}).deployment
    every = engine.deployments.RedeployDeployment(deployment_pb2.RedeployDeploymentRequest(id=source.id)).deployment
    redeployed = engine.ids(every)[process_key]
    assert engine.process_diagram(Ref(id=redeployed)) == Got(redeployed, SVG, "image/svg+xml", "r.svg")
    only_file = engine.deployments.RedeployDeployment(deployment_pb2.RedeployDeploymentRequest(
        id=source.id, resource_names=["r.bpmn"])).deployment
    bare = engine.ids(only_file)[process_key]
    got = engine.process_diagram(Ref(id=bare))
    assert (got.id, *shown(got)) == (bare, *NONE)


def test_the_readme_example_through_grpcurl(server) -> None:  # type: ignore[no-untyped-def]
    """As the README shows it: the image goes in base64 beside the BPMN file and comes back so."""
    from tests.platform.grpcurl import Grpcurl

    grpcurl, process_key = Grpcurl.for_server(server), key("curled")
    service = "flowkeeper.engine.v1.ProcessDefinitionService"
    assert f"{service}.GetProcessDefinitionDiagram" in grpcurl.list(service)
    created = grpcurl.ok("flowkeeper.engine.v1.DeploymentService/CreateDeployment", {
        "name": unique("curled"), "resources": [
            {"name": "order.bpmn", "content": base64.b64encode(bpmn_of(process_key)).decode()},
            {"name": "order.svg", "content": base64.b64encode(SVG).decode()}]})
    [definition] = [d["id"] for d in created["deployment"]["definitions"] if d["key"] == process_key]
    got = grpcurl.ok(f"{service}/GetProcessDefinitionDiagram", {"definition": {"key": process_key}})
    assert got == {"id": definition, "content": base64.b64encode(SVG).decode(), "media_type": "image/svg+xml",
                   "resource_name": "order.svg"}


def test_other_files_are_still_refused(engine: Diagrams) -> None:
    failed = expect_error(lambda: engine.files({"a.bpmn": bpmn_of(key("refused")), "notes.txt": b"x"}),
                          grpc.StatusCode.INVALID_ARGUMENT, "UNSUPPORTED_RESOURCE")
    assert failed.fields == ["resources[1].name"]


# -- errors and tenants ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    name: str
    reason: str
    action: str
    read: Callable[[Diagrams, Ref], Got]


KINDS = [
    Kind("process", "PROCESS_DEFINITION_NOT_FOUND", "read this tenant's definitions", Diagrams.process_diagram),
    Kind("case", "CASE_DEFINITION_NOT_FOUND", "read this tenant's case definitions", Diagrams.case_diagram),
    Kind("decision", "DECISION_DEFINITION_NOT_FOUND", "read this tenant's decision definitions",
         Diagrams.decision_diagram),
    Kind("decisionRequirements", "DECISION_REQUIREMENTS_DEFINITION_NOT_FOUND",
         "read this tenant's decision requirements definitions", Diagrams.drd_diagram),
]


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_errors_and_tenants(engine: Diagrams, server, kind: Kind) -> None:  # type: ignore[no-untyped-def]
    tenant, other = unique("tenant"), unique("tenant")
    process_key, case_key = key("tenanted"), key("tenanted_case")
    dish, season = key("dish"), key("season")
    if kind.name == "process":
        deployment = engine.files({"t.bpmn": bpmn_of(process_key), "t.png": PNG}, tenant=tenant).deployment
    elif kind.name == "case":
        deployment = engine.deploy_case("case_manual.cmmn", key=case_key, tenant=tenant,
                                        files={"case_manual.png": PNG})
    else:
        deployment = engine.deploy_dinner(dish=dish, season=season, tenant=tenant, images={"dinner.png": PNG})
    [(definition_key, definition)] = [(d.key, d.id) for d in deployment.definitions if d.kind == kind.name
                                      and d.key in (process_key, case_key, dish, "dinnerDecisions")]
    insider = Diagrams(server.api(server.token(tenants=(tenant,))))
    outsider = Diagrams(server.api(server.token(tenants=(other,))))

    assert kind.read(insider, Ref(id=definition)).content == PNG
    by_tenant = Ref(key_and_tenant=pd.KeyAndTenant(key=definition_key, tenant_id=tenant))
    assert kind.read(insider, by_tenant).id == definition
    expect_error(lambda: kind.read(outsider, Ref(id=definition)), grpc.StatusCode.NOT_FOUND, kind.reason)
    failed = expect_error(lambda: kind.read(outsider, Ref(key_and_tenant=pd.KeyAndTenant(
        key=definition_key, tenant_id=tenant))), grpc.StatusCode.PERMISSION_DENIED, "TENANT_NOT_GRANTED")
    assert failed.info.metadata["action"] == kind.action
    if kind.name != "decisionRequirements":  # dinnerDecisions may have versions of no tenant
        # By key alone: the latest version of no tenant, and there is none.
        failed = expect_error(lambda: kind.read(engine, Ref(key=definition_key)), grpc.StatusCode.NOT_FOUND,
                              kind.reason)
        assert failed.info.metadata["field_name"] == "key"
    expect_error(lambda: kind.read(engine, Ref(id=unique("no-such"))), grpc.StatusCode.NOT_FOUND, kind.reason)
    expect_error(lambda: kind.read(engine, Ref()), grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    failed = expect_error(lambda: kind.read(engine, Ref(key_and_tenant=pd.KeyAndTenant(key=definition_key))),
                          grpc.StatusCode.INVALID_ARGUMENT, "MISSING_REQUIRED_FIELD")
    assert failed.fields == ["definition.key_and_tenant.tenant_id"]


# -- the migrations --------------------------------------------------------------------------------

PREVIOUS = ("engine_0006", "cases_0005", "decisions_0003")


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_migrations_fill_in_the_diagrams_of_definitions_deployed_before(
        backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    """engine_0007, cases_0006 and decisions_0004 give each definition deployed before them the
    image of its own deployment that the rule names, and none where there is none."""
    db = Database(database_url(backend, request, tmp_path_factory))
    try:
        for revision in PREVIOUS:
            upgrade(db, revision)
        resources = {  # deployment -> resource names (contents do not matter)
            "d1": ["order.bpmn", "order.order.png", "order.png", "p3.png"],
            "d2": ["p2.bpmn", "p2.PNG", "p2.jpeg", "legacy.bpmn20.xml", "legacy.gif"],
            "d3": ["p3.bpmn"],
            "d4": ["cases/review.cmmn", "cases/review.svg", "plain.cmmn"],
            "d5": ["dinner.dmn", "dinner.dish.png", "dinner.jpg", "one.dmn11.xml"],
        }
        processes = [("order", "d1", "order.bpmn"), ("other", "d1", "order.bpmn"), ("p2", "d2", "p2.bpmn"),
                     ("legacy", "d2", "legacy.bpmn20.xml"), ("p3", "d3", "p3.bpmn")]
        cases = [("review", "d4", "cases/review.cmmn"), ("plain", "d4", "plain.cmmn")]
        decisions = [("dish", "d5", "dinner.dmn"), ("season", "d5", "dinner.dmn"), ("one", "d5", "one.dmn11.xml")]
        requirements = [("dinnerDecisions", "d5", "dinner.dmn")]

        def seed(tx) -> None:  # type: ignore[no-untyped-def]
            for deployment_id, names in resources.items():
                tx.execute(text("INSERT INTO deployments (id, deployment_time) VALUES (:id, '2026-01-01 00:00:00')"),
                           {"id": deployment_id})
                for name in names:
                    tx.execute(text("INSERT INTO deployment_resources (id, deployment_id, name, content, content_hash)"
                                    " VALUES (:id, :d, :n, :c, 'x')"),
                               {"id": f"{deployment_id}/{name}", "d": deployment_id, "n": name, "c": b"x"})
            for table, rows, extra in (("process_definitions", processes, ", suspended"),
                                       ("case_definitions", cases, ""), ("decision_definitions", decisions, ""),
                                       ("decision_requirements_definitions", requirements, "")):
                for definition_key, deployment_id, resource_name in rows:
                    tx.execute(text(
                        f"INSERT INTO {table} (id, key, version, tenant_key, deployment_id, resource_name{extra})"
                        f" VALUES (:id, :k, 1, '', :d, :n{', false' if extra else ''})"),
                        {"id": f"{definition_key}:1", "k": definition_key, "d": deployment_id, "n": resource_name})

        db.run(seed, write=True)
        upgrade(db)

        def read(tx) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
            found: dict[str, str | None] = {}
            for table in ("process_definitions", "case_definitions", "decision_definitions",
                          "decision_requirements_definitions"):
                found.update(tx.execute(text(f"SELECT id, diagram_resource_name FROM {table}")).all())
            return found

        assert db.run(read, write=False) == {
            "order:1": "order.order.png", "other:1": "order.png",  # its own key's image, else its file's
            "p2:1": None,                                          # upper case and .jpeg are no diagram
            "legacy:1": "legacy.gif",
            "p3:1": None,                                          # the image is another deployment's
            "review:1": "cases/review.svg", "plain:1": None,
            "dish:1": "dinner.dish.png", "season:1": "dinner.jpg", "one:1": None,
            "dinnerDecisions:1": "dinner.jpg",
        }
    finally:
        db.dispose()
