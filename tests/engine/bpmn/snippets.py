"""Small BPMN documents for parser tests, with the Modeler's header."""

from __future__ import annotations

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" \
xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_1" \
targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.21.0">
"""


def definitions(body: str) -> bytes:
    return (HEADER + body.strip("\n") + "\n</bpmn:definitions>\n").encode()


def process(inner: str, extra: str = "", attributes: str = 'id="p" isExecutable="true"') -> bytes:
    return definitions(f"<bpmn:process {attributes}>\n{inner.strip(chr(10))}\n</bpmn:process>\n{extra}")


def around(element: str, element_id: str, extra: str = "") -> bytes:
    """start -> element -> end."""
    return process(
        f"""<bpmn:startEvent id="Start" />
<bpmn:sequenceFlow id="In" sourceRef="Start" targetRef="{element_id}" />
{element.strip(chr(10))}
<bpmn:sequenceFlow id="Out" sourceRef="{element_id}" targetRef="End" />
<bpmn:endEvent id="End" />""",
        extra,
    )


def line_of(data: bytes, marker: str) -> int:
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if marker in line:
            return number
    raise AssertionError(f"{marker!r} not found")
