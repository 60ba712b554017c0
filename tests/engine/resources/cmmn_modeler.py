"""Writes CMMN 1.1 files the way Camunda Modeler (4.x, the last with CMMN) saves them, from the
semantic part alone.

``render(body)`` wraps ``body`` (the ``cmmn:case`` elements, written with the ``cmmn:`` and
``camunda:`` prefixes, without diagram) into a definitions element with the Modeler's
namespaces and exporter attributes, and lays out a ``cmmndi`` diagram: a shape for the case plan
model, each plan item and each entry/exit criterion, and an edge from each on-part's source to
the criterion that uses its sentry. ``default_namespace=True`` writes the CMMN elements without
prefix (``xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL"``), as other tools save them.

The committed ``*.cmmn`` fixtures in this folder were written with it:
``python -m tests.engine.resources.cmmn_modeler`` rewrites them from ``CMMN_FIXTURES`` in
``cmmn_fixtures_source.py``. Tests read the committed files (a test checks they match).

ElementTree's global prefix registry is left alone (the BPMN writer registers ``camunda`` for
the BPMN extension namespace): this module serialises with its own prefix table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

CMMN = "http://www.omg.org/spec/CMMN/20151109/MODEL"
NAMESPACES = {
    "dc": "http://www.omg.org/spec/CMMN/20151109/DC",
    "di": "http://www.omg.org/spec/CMMN/20151109/DI",
    "cmmndi": "http://www.omg.org/spec/CMMN/20151109/CMMNDI",
    "cmmn": CMMN,
    "camunda": "http://camunda.org/schema/1.0/cmmn",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
_PREFIX = {uri: prefix for prefix, uri in NAMESPACES.items()}
_C = "{%s}" % CMMN
_DI_NS = "{%s}" % NAMESPACES["cmmndi"]
_DC = "{%s}" % NAMESPACES["dc"]
_WAY = "{%s}" % NAMESPACES["di"]
_DEFINITIONS = ("humanTask", "task", "processTask", "caseTask", "stage", "milestone", "decisionTask",
                "eventListener", "userEventListener", "timerEventListener")


@dataclass
class _Box:
    x: float
    y: float
    w: float
    h: float


def _short_id(seed: str) -> str:
    return format(zlib.crc32(seed.encode()) & 0xFFFFFFF, "07x")


def _tag(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def render(body: str, name: str = "diagram", *, default_namespace: bool = False) -> str:
    declarations = " ".join(f'xmlns:{p}="{u}"' for p, u in NAMESPACES.items())
    root = ET.fromstring(f"<cmmn:definitions {declarations}>{body}</cmmn:definitions>")
    diagram = ET.Element(f"{_DI_NS}CMMNDI")
    plane = ET.SubElement(diagram, f"{_DI_NS}CMMNDiagram", {"id": "CMMNDiagram_1"})
    ET.SubElement(plane, f"{_DI_NS}Size", {"width": "500", "height": "500"})
    y = 100.0
    for case in root.findall(f"{_C}case"):
        model = case.find(f"{_C}casePlanModel")
        if model is None:
            continue
        boxes: dict[str, _Box] = {}
        width, height = _layout(model, 190, y + 40, boxes)
        outer = _Box(156, y, max(width + 70, 400), height + 80)
        _shape(plane, f"DI_{model.get('id')}", model.get("id") or "", outer)
        _criteria_shapes(model, plane, boxes, outer)
        _item_shapes(model, plane, boxes)
        _edges(model, plane, boxes)
        y = outer.y + outer.h + 60
    root.append(diagram)
    attributes = {
        "id": f"Definitions_{_short_id(name)}",
        "targetNamespace": "http://bpmn.io/schema/cmmn",
        "exporter": "Camunda Modeler",
        "exporterVersion": "4.12.0",
    }
    for key, value in attributes.items():
        root.set(key, value)
    ET.indent(root, "  ")
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + _serialise(root, top=True) + "\n"
    if default_namespace:
        text = (text.replace("<cmmn:", "<").replace("</cmmn:", "</")
                .replace(f'xmlns:cmmn="{CMMN}"', f'xmlns="{CMMN}"'))
    return text


def _qname(name: str) -> str:
    if name.startswith("{"):
        uri, _, local = name[1:].partition("}")
        return f"{_PREFIX[uri]}:{local}"
    return name


def _serialise(element: ET.Element, *, top: bool = False) -> str:
    attributes = []
    if top:
        attributes += [f'xmlns:{p}="{u}"' for p, u in NAMESPACES.items()]
    attributes += [f"{_qname(k)}={quoteattr(v)}" for k, v in element.attrib.items()]
    head = " ".join([_qname(element.tag), *attributes])
    text = escape(element.text) if element.text else ""
    children = "".join(_serialise(child) + (escape(child.tail) if child.tail else "") for child in element)
    if not text and not children:
        return f"<{head} />"
    return f"<{head}>{text}{children}</{_qname(element.tag)}>"


def _definitions(scope: ET.Element) -> dict[str, ET.Element]:
    return {c.get("id") or "": c for c in scope if _tag(c) in _DEFINITIONS}


def _size(definition: ET.Element | None) -> tuple[float, float]:
    tag = _tag(definition) if definition is not None else "task"
    if tag == "milestone":
        return 100, 40
    if tag.endswith("ventListener"):
        return 36, 36
    if tag == "stage" and definition is not None:
        return _measure(definition)
    return 100, 80


def _layout(scope: ET.Element, x0: float, y0: float, boxes: dict[str, _Box],
            definitions: dict[str, ET.Element] | None = None) -> tuple[float, float]:
    """Place the plan items of a case plan model or stage in a row; returns width and height."""
    known = {**(definitions or {}), **_definitions(scope)}
    x, height = x0, 0.0
    for item in scope.findall(f"{_C}planItem"):
        definition = known.get(item.get("definitionRef") or "")
        w, h = _size(definition)
        box = _Box(x, y0, w, h)
        boxes[item.get("id") or ""] = box
        if definition is not None and _tag(definition) == "stage":
            _layout(definition, box.x + 40, box.y + 30, boxes, known)
        x += w + 80
        height = max(height, h)
    return max(x - x0 - 80, 0), height


def _measure(stage: ET.Element) -> tuple[float, float]:
    width, height = _layout(stage, 0, 0, {}, None)
    return max(width + 80, 200), height + 60


def _criteria_shapes(scope: ET.Element, plane: ET.Element, boxes: dict[str, _Box], outer: _Box) -> None:
    for index, criterion in enumerate(scope.findall(f"{_C}exitCriterion")):
        _shape(plane, f"{criterion.get('id')}_di", criterion.get("id") or "",
               _Box(outer.x + outer.w - 10, outer.y + 30 + 40 * index, 20, 28))


def _item_shapes(scope: ET.Element, plane: ET.Element, boxes: dict[str, _Box],
                 definitions: dict[str, ET.Element] | None = None) -> None:
    known = {**(definitions or {}), **_definitions(scope)}
    for item in scope.findall(f"{_C}planItem"):
        box = boxes[item.get("id") or ""]
        definition = known.get(item.get("definitionRef") or "")
        _shape(plane, f"{item.get('id')}_di", item.get("id") or "", box)
        entries = item.findall(f"{_C}entryCriterion")
        exits = item.findall(f"{_C}exitCriterion")
        for index, criterion in enumerate(entries):
            _shape(plane, f"{criterion.get('id')}_di", criterion.get("id") or "",
                   _Box(box.x - 10, box.y + 10 + 30 * index, 20, 28))
        for index, criterion in enumerate(exits):
            _shape(plane, f"{criterion.get('id')}_di", criterion.get("id") or "",
                   _Box(box.x + box.w - 10, box.y + 10 + 30 * index, 20, 28))
        if definition is not None and _tag(definition) == "stage":
            _item_shapes(definition, plane, boxes, known)


def _edges(scope: ET.Element, plane: ET.Element, boxes: dict[str, _Box],
           definitions: dict[str, ET.Element] | None = None) -> None:
    """An edge from each on-part's source plan item to every criterion that uses its sentry."""
    known = {**(definitions or {}), **_definitions(scope)}
    criteria: dict[str, list[tuple[str, _Box]]] = {}
    for item in scope.findall(f"{_C}planItem"):
        box = boxes[item.get("id") or ""]
        for index, criterion in enumerate(item.findall(f"{_C}entryCriterion")):
            criteria.setdefault(criterion.get("sentryRef") or "", []).append(
                (criterion.get("id") or "", _Box(box.x - 10, box.y + 10 + 30 * index, 20, 28)))
        for index, criterion in enumerate(item.findall(f"{_C}exitCriterion")):
            criteria.setdefault(criterion.get("sentryRef") or "", []).append(
                (criterion.get("id") or "", _Box(box.x + box.w - 10, box.y + 10 + 30 * index, 20, 28)))
    for sentry in scope.findall(f"{_C}sentry"):
        for on_part in sentry.findall(f"{_C}planItemOnPart"):
            source = boxes.get(on_part.get("sourceRef") or "")
            for criterion_id, target in criteria.get(sentry.get("id") or "", [])[:1]:
                if source is None:
                    continue
                start = (source.x + source.w, source.y + source.h / 2)
                end = (target.x, target.y + target.h / 2)
                mid = (start[0] + end[0]) / 2
                edge = ET.SubElement(plane, f"{_DI_NS}CMMNEdge", {
                    "id": f"{on_part.get('id')}_di", "cmmnElementRef": on_part.get("id") or "",
                    "targetCMMNElementRef": criterion_id, "isStandardEventVisible": "true",
                })
                for x, y in (start, (mid, start[1]), (mid, end[1]), end):
                    ET.SubElement(edge, f"{_WAY}waypoint", {"x": _fmt(x), "y": _fmt(y)})
                label = ET.SubElement(edge, f"{_DI_NS}CMMNLabel")
                ET.SubElement(label, f"{_DC}Bounds", {"x": _fmt(mid - 17), "y": _fmt(start[1] + 8),
                                                       "width": "35", "height": "13"})
    for item in scope.findall(f"{_C}planItem"):
        definition = known.get(item.get("definitionRef") or "")
        if definition is not None and _tag(definition) == "stage":
            _edges(definition, plane, boxes, known)


def _fmt(value: float) -> str:
    return str(int(round(value)))


def _shape(plane: ET.Element, shape_id: str, element_id: str, box: _Box) -> None:
    shape = ET.SubElement(plane, f"{_DI_NS}CMMNShape", {"id": shape_id, "cmmnElementRef": element_id})
    ET.SubElement(shape, f"{_DC}Bounds", {"x": _fmt(box.x), "y": _fmt(box.y), "width": _fmt(box.w),
                                          "height": _fmt(box.h)})
    ET.SubElement(shape, f"{_DI_NS}CMMNLabel")


def expected_files() -> dict[str, str]:
    """File name -> content of every CMMN fixture and of the BPMN processes they call."""
    from tests.engine.resources import modeler
    from tests.engine.resources.cmmn_fixtures_source import BPMN_FIXTURES, CMMN_FIXTURES, DEFAULT_NAMESPACE

    files = {name: render(body, name, default_namespace=name in DEFAULT_NAMESPACE)
             for name, body in CMMN_FIXTURES.items()}
    files.update({name: modeler.render(body, name) for name, body in BPMN_FIXTURES.items()})
    return files


def write_all(folder: Path | None = None) -> list[Path]:
    folder = folder or Path(__file__).parent
    written = []
    for name, text in expected_files().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_all():
        print(written_path)
