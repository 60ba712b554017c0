"""Definition diagrams: the images a deployment carries beside its definition files, which of them
is a definition's diagram (settled at deployment, as the document's engine settles it), and
reading one back (GetProcessDefinitionDiagram and its case and decision siblings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.engine.models import DeploymentResource

# Images a deployment may carry (any case): kept as they are, no definition of their own.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg")
# What a diagram's name may end with, in the order the document's engine tries them (its
# AbstractDefinitionDeployer.DIAGRAM_SUFFIXES): .jpeg is no diagram there, nor an upper-case suffix.
DIAGRAM_SUFFIXES = ("png", "jpg", "gif", "svg")
# The media type of a diagram by its suffix (the document's REST API's: .jpg is image/jpeg).
MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "svg": "image/svg+xml"}


def is_image(resource_name: str) -> bool:
    return resource_name.lower().endswith(IMAGE_SUFFIXES)


def diagram_resource_name(resource_name: str, file_suffixes: tuple[str, ...], key: str,
                          resource_names: Collection[str]) -> str | None:
    """The image of ``resource_names`` (the resources of the definition's own deployment) that is
    the diagram of the definition ``key`` of the file ``resource_name`` (ending in one of
    ``file_suffixes``, any case): for each diagram suffix in turn, `<file>.<key>.<suffix>`, then
    `<file>.<suffix>`, `<file>` the file's name without its suffix (`order.bpmn`:
    `order.order.png`, `order.png`, `order.order.jpg`, …). Names are compared exactly. None:
    the deployment has no diagram for it."""
    lowered = resource_name.lower()
    suffix = next((s for s in file_suffixes if lowered.endswith(s)), "")
    base = resource_name[:len(resource_name) - len(suffix)]
    for image in DIAGRAM_SUFFIXES:
        for candidate in (f"{base}.{key}.{image}", f"{base}.{image}"):
            if candidate in resource_names:
                return candidate
    return None


@dataclass(frozen=True)
class Diagram:
    resource_name: str
    media_type: str
    content: bytes


def definition_diagram(tx: Session, definition: Any) -> Diagram | None:
    """The diagram of a definition row (process, case, decision or decision requirements); None
    when it has none."""
    name = definition.diagram_resource_name
    if not name:
        return None
    content = tx.scalar(select(DeploymentResource.content).where(
        DeploymentResource.deployment_id == definition.deployment_id, DeploymentResource.name == name))
    if content is None:  # the image goes only with its deployment, and the definition with it
        return None
    media_type = MEDIA_TYPES.get(name.rpartition(".")[2], "application/octet-stream")
    return Diagram(name, media_type, bytes(content))
