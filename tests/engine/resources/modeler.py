"""Writes BPMN files the way Camunda Modeler 5 saves them, from the semantic part alone.

``render(body)`` wraps ``body`` (the children of ``bpmn:definitions``, written with the ``bpmn:``
and ``camunda:`` prefixes, without ``incoming``/``outgoing`` or diagram) into a definitions element
with the Modeler's namespaces and exporter attributes, adds the ``bpmn:incoming``/``bpmn:outgoing``
children Modeler writes, and lays out a ``bpmndi`` diagram (shapes, labels, edges, pools, lanes).

The committed fixtures in this folder were written with it: ``python -m tests.engine.resources.modeler``
rewrites them from ``FIXTURES`` in ``fixtures_source.py``. Tests read the committed files."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from pathlib import Path

NAMESPACES = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
    "camunda": "http://camunda.org/schema/1.0/bpmn",
    "modeler": "http://camunda.org/schema/modeler/1.0",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

BPMN = "{%s}" % NAMESPACES["bpmn"]
BPMNDI = "{%s}" % NAMESPACES["bpmndi"]
DC = "{%s}" % NAMESPACES["dc"]
DI = "{%s}" % NAMESPACES["di"]
MODELER = "{%s}" % NAMESPACES["modeler"]

_EVENTS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
_GATEWAYS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway"}
_CONTAINERS = {"subProcess", "transaction", "adHocSubProcess"}
_TASKS = {"task", "serviceTask", "sendTask", "businessRuleTask", "userTask", "receiveTask", "manualTask",
          "scriptTask", "callActivity"}
_FLOW_NODES = _EVENTS | _GATEWAYS | _CONTAINERS | _TASKS


def _short_id(seed: str) -> str:
    return format(zlib.crc32(seed.encode()) & 0xFFFFFFF, "07x")


@dataclass
class _Box:
    x: float
    y: float
    w: float
    h: float

    def right(self) -> tuple[float, float]:
        return (self.x + self.w, self.y + self.h / 2)

    def left(self) -> tuple[float, float]:
        return (self.x, self.y + self.h / 2)


def render(body: str, name: str = "diagram") -> str:
    definitions_id = f"Definitions_{_short_id(name)}"
    declarations = " ".join(f'xmlns:{p}="{u}"' for p, u in NAMESPACES.items())
    root = ET.fromstring(
        f'<bpmn:definitions {declarations} id="{definitions_id}" targetNamespace="http://bpmn.io/schema/bpmn" '
        f'exporter="Camunda Modeler" exporterVersion="5.21.0" modeler:executionPlatform="Camunda Platform" '
        f'modeler:executionPlatformVersion="7.21.0">{body}</bpmn:definitions>'
    )
    processes = root.findall(f"{BPMN}process")
    for process in processes:
        _add_incoming_outgoing(process)
    boxes: dict[str, _Box] = {}
    collaboration = root.find(f"{BPMN}collaboration")
    y = 80.0
    participants = {p.get("processRef"): p for p in collaboration.findall(f"{BPMN}participant")} if collaboration is not None else {}
    pools: list[tuple[ET.Element, _Box, ET.Element]] = []
    for process in processes:
        offset_x = 190.0 if process.get("id") in participants else 160.0
        width, height = _layout(process, offset_x, y, boxes)
        if process.get("id") in participants:
            pool = _Box(offset_x - 60, y - 40, width + 120, max(height + 80, 250))
            pools.append((participants[process.get("id")], pool, process))
            y = pool.y + pool.h + 60
        else:
            y += height + 100
    diagram = ET.SubElement(root, f"{BPMNDI}BPMNDiagram", {"id": "BPMNDiagram_1"})
    plane_ref = collaboration.get("id") if collaboration is not None else processes[0].get("id")
    plane = ET.SubElement(diagram, f"{BPMNDI}BPMNPlane", {"id": "BPMNPlane_1", "bpmnElement": plane_ref})
    for participant, pool, process in pools:
        _shape(plane, participant.get("id"), pool, {"isHorizontal": "true"})
        lanes = process.findall(f"{BPMN}laneSet/{BPMN}lane")
        for index, lane in enumerate(lanes):
            lane_h = pool.h / len(lanes)
            _shape(plane, lane.get("id"), _Box(pool.x + 30, pool.y + index * lane_h, pool.w - 30, lane_h),
                   {"isHorizontal": "true"})
    for process in processes:
        _diagram(process, plane, boxes)
    if collaboration is not None:
        for flow in collaboration.findall(f"{BPMN}messageFlow"):
            source, target = boxes[flow.get("sourceRef")], boxes[flow.get("targetRef")]
            _edge(plane, flow.get("id"), [(source.x + source.w / 2, source.y + source.h),
                                          (target.x + target.w / 2, target.y)])
    ET.indent(root, "  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _tag(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def _add_incoming_outgoing(container: ET.Element) -> None:
    flows = [c for c in container if _tag(c) == "sequenceFlow"]
    for node in container:
        if _tag(node) not in _FLOW_NODES:
            continue
        refs = [("incoming", f.get("id")) for f in flows if f.get("targetRef") == node.get("id")]
        refs += [("outgoing", f.get("id")) for f in flows if f.get("sourceRef") == node.get("id")]
        position = 1 if len(node) and _tag(node[0]) in ("documentation", "extensionElements") else 0
        if len(node) > 1 and _tag(node[0]) == "documentation" and _tag(node[1]) == "extensionElements":
            position = 2
        for offset, (kind, flow_id) in enumerate(refs):
            child = ET.Element(f"{BPMN}{kind}")
            child.text = flow_id
            node.insert(position + offset, child)
        if _tag(node) in _CONTAINERS:
            _add_incoming_outgoing(node)


def _size(node: ET.Element) -> tuple[float, float]:
    tag = _tag(node)
    if tag in _EVENTS:
        return 36, 36
    if tag in _GATEWAYS:
        return 50, 50
    if tag in ("dataObjectReference", "dataStoreReference"):
        return 36, 50
    if tag == "textAnnotation":
        return 100, 30
    return 100, 80


def _layout(container: ET.Element, x0: float, y0: float, boxes: dict[str, _Box]) -> tuple[float, float]:
    """Place the flow nodes of ``container`` in layers from left to right; returns width and height."""
    nodes = [c for c in container if _tag(c) in _FLOW_NODES and _tag(c) != "boundaryEvent"]
    boundaries = [c for c in container if _tag(c) == "boundaryEvent"]
    attached = {b.get("id"): b.get("attachedToRef") for b in boundaries}
    ids = [n.get("id") for n in nodes]
    edges = []
    for flow in (c for c in container if _tag(c) == "sequenceFlow"):
        source, target = flow.get("sourceRef"), flow.get("targetRef")
        edges.append((attached.get(source, source), target, source in attached))
    layer = {i: 0 for i in ids}
    for _ in range(len(ids)):
        changed = False
        for source, target, _boundary in edges:
            if source in layer and target in layer and layer[target] < layer[source] + 1 <= len(ids):
                layer[target] = layer[source] + 1
                changed = True
        if not changed:
            break
    row: dict[str, int] = {}
    used: dict[tuple[int, int], bool] = {}
    for node_id in sorted(ids, key=lambda i: (layer[i], ids.index(i))):
        preferred = 0
        for source, target, boundary in edges:
            if target == node_id and source in row:
                preferred = row[source] + (1 if boundary else 0)
                break
        r = preferred
        while used.get((layer[node_id], r)):
            r += 1
        row[node_id] = r
        used[(layer[node_id], r)] = True
    inner: dict[str, tuple[float, float]] = {}
    for node in nodes:
        if _tag(node) in _CONTAINERS:
            inner[node.get("id")] = _measure(node)
    size = {n.get("id"): inner.get(n.get("id"), _size(n)) for n in nodes}
    layers = max(layer.values(), default=0) + 1
    rows = max(row.values(), default=0) + 1
    col_w = [max([size[i][0] for i in ids if layer[i] == c] or [0]) for c in range(layers)]
    row_h = [max([size[i][1] for i in ids if row[i] == r] or [0]) + 60 for r in range(rows)]
    col_x = [x0 + sum(col_w[:c]) + 60 * c for c in range(layers)]
    row_y = [y0 + sum(row_h[:r]) for r in range(rows)]
    for node in nodes:
        node_id = node.get("id")
        w, h = size[node_id]
        c, r = layer[node_id], row[node_id]
        box = _Box(col_x[c] + (col_w[c] - w) / 2, row_y[r] + (row_h[r] - 60 - h) / 2 + 30, w, h)
        boxes[node_id] = box
        if node_id in inner:
            _layout(node, box.x + 40, box.y + 20, boxes)
    counts: dict[str, int] = {}
    for boundary in boundaries:
        host = boxes[boundary.get("attachedToRef")]
        k = counts.get(boundary.get("attachedToRef"), 0)
        counts[boundary.get("attachedToRef")] = k + 1
        boxes[boundary.get("id")] = _Box(host.x + host.w - 56 - 46 * k, host.y + host.h - 18, 36, 36)
    artifacts = [c for c in container if _tag(c) in ("textAnnotation", "dataObjectReference", "dataStoreReference")]
    for index, artifact in enumerate(artifacts):
        w, h = _size(artifact)
        boxes[artifact.get("id")] = _Box(x0 + 140 * index, y0 + sum(row_h) + 10, w, h)
    width = (col_x[-1] + col_w[-1] - x0) if ids else 200
    height = sum(row_h) + (80 if artifacts else 0)
    return width, height


def _measure(container: ET.Element) -> tuple[float, float]:
    scratch: dict[str, _Box] = {}
    width, height = _layout(container, 0, 0, scratch)
    return width + 80, height + 40


def _diagram(container: ET.Element, plane: ET.Element, boxes: dict[str, _Box]) -> None:
    for node in container:
        tag = _tag(node)
        node_id = node.get("id")
        if node_id in boxes and tag != "boundaryEvent":
            extra = {"isExpanded": "true"} if tag in _CONTAINERS else {}
            _shape(plane, node_id, boxes[node_id], extra, label=node.get("name") if tag in _EVENTS | _GATEWAYS else None)
            if tag in _CONTAINERS:
                _diagram(node, plane, boxes)
    for node in container:
        if _tag(node) == "boundaryEvent":
            _shape(plane, node.get("id"), boxes[node.get("id")], {}, label=node.get("name"))
    for node in container:
        tag = _tag(node)
        if tag == "sequenceFlow":
            source_id, target_id = node.get("sourceRef"), node.get("targetRef")
            source, target = boxes[source_id], boxes[target_id]
            if _tag_of(container, source_id) == "boundaryEvent":
                start = (source.x + source.w / 2, source.y + source.h)
                points = [start, (start[0], target.y + target.h / 2), target.left()]
            else:
                start, end = source.right(), target.left()
                if abs(start[1] - end[1]) < 1:
                    points = [start, end]
                else:
                    mid = start[0] + max(20.0, (end[0] - start[0]) / 2)
                    points = [start, (mid, start[1]), (mid, end[1]), end]
            _edge(plane, node.get("id"), points, label=node.get("name"))
        elif tag == "association":
            source, target = boxes.get(node.get("sourceRef")), boxes.get(node.get("targetRef"))
            if source and target:
                _edge(plane, node.get("id"), [(source.x + source.w / 2, source.y),
                                              (target.x + target.w / 2, target.y + target.h)])


def _tag_of(container: ET.Element, element_id: str) -> str:
    for node in container:
        if node.get("id") == element_id:
            return _tag(node)
    return ""


def _fmt(value: float) -> str:
    return str(int(round(value)))


def _shape(plane: ET.Element, element_id: str, box: _Box, extra: dict[str, str], label: str | None = None) -> None:
    shape = ET.SubElement(plane, f"{BPMNDI}BPMNShape", {"id": f"{element_id}_di", "bpmnElement": element_id, **extra})
    ET.SubElement(shape, f"{DC}Bounds", {"x": _fmt(box.x), "y": _fmt(box.y), "width": _fmt(box.w), "height": _fmt(box.h)})
    if label:
        bpmn_label = ET.SubElement(shape, f"{BPMNDI}BPMNLabel")
        ET.SubElement(bpmn_label, f"{DC}Bounds", {"x": _fmt(box.x - 20), "y": _fmt(box.y + box.h + 7),
                                                   "width": _fmt(box.w + 40), "height": "14"})


def _edge(plane: ET.Element, element_id: str, points: list[tuple[float, float]], label: str | None = None) -> None:
    edge = ET.SubElement(plane, f"{BPMNDI}BPMNEdge", {"id": f"{element_id}_di", "bpmnElement": element_id})
    for x, y in points:
        ET.SubElement(edge, f"{DI}waypoint", {"x": _fmt(x), "y": _fmt(y)})
    if label:
        bpmn_label = ET.SubElement(edge, f"{BPMNDI}BPMNLabel")
        x, y = points[0]
        ET.SubElement(bpmn_label, f"{DC}Bounds", {"x": _fmt(x + 8), "y": _fmt(y - 20), "width": "60", "height": "14"})


def write_all(folder: Path | None = None) -> list[Path]:
    from tests.engine.resources.fixtures_source import FIXTURES

    folder = folder or Path(__file__).parent
    written = []
    for name, body in FIXTURES.items():
        path = folder / name
        path.write_text(render(body, name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_all():
        print(written_path)
