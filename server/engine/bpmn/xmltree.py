"""A small, safe XML reader for BPMN files: expat with every DTD feature refused, bounded size,
element count and depth, and the line of every element.

No DOCTYPE is accepted at all, so there are no entity declarations (billion laughs), no external
entities or DTDs (XXE, network access) and no parameter entities. An entity reference other than
the five predefined ones and character references is an error ("undefined entity")."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from xml.parsers import expat

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_ELEMENTS = 100_000
MAX_DEPTH = 100

# The encoding a document declares: <?xml version="1.0" encoding="ISO-8859-1"?>.
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")


class XmlError(ValueError):
    """The document is not well-formed or uses a refused XML feature."""

    def __init__(self, message: str, line: int, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


@dataclass(eq=False)
class Node:
    """One element: namespace URI, local name, attributes, line, children and text."""

    ns: str
    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    children: list[Node] = field(default_factory=list)
    _text: list[str] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return "".join(self._text)

    def get(self, name: str, ns: str | None = None) -> str | None:
        """An attribute: unqualified by default, else in the namespace ``ns``."""
        return self.attrs.get(name if ns is None else f"{ns} {name}")


def parse_xml(data: bytes) -> Node:
    """The root element of ``data``; raises XmlError (with the line) for anything refused."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise XmlError(f"the document is larger than {MAX_DOCUMENT_BYTES} bytes", 1)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Node] = []
    roots: list[Node] = []
    count = 0

    def refuse(what: str) -> None:
        raise XmlError(f"{what} is not allowed", parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > MAX_ELEMENTS:
            raise XmlError(f"the document has more than {MAX_ELEMENTS} elements", parser.CurrentLineNumber)
        if len(stack) >= MAX_DEPTH:
            raise XmlError(f"elements nest deeper than {MAX_DEPTH} levels", parser.CurrentLineNumber)
        ns, _, local = name.rpartition(" ")
        node = Node(ns, local, attrs, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        if stack:
            stack[-1].children.append(node)
        else:
            roots.append(node)
        stack.append(node)

    def end(name: str) -> None:
        stack.pop()

    def characters(data: str) -> None:
        if stack:
            stack[-1]._text.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = lambda *args: refuse("a DOCTYPE declaration")
    parser.EntityDeclHandler = lambda *args: refuse("an entity declaration")
    parser.UnparsedEntityDeclHandler = lambda *args: refuse("an entity declaration")
    parser.NotationDeclHandler = lambda *args: refuse("a notation declaration")
    parser.ExternalEntityRefHandler = lambda *args: refuse("an external entity")  # type: ignore[assignment,return-value]
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise XmlError(f"malformed XML: {expat.ErrorString(error.code)}", error.lineno, error.offset + 1) from None
    except XmlError:
        raise
    except (LookupError, ValueError) as error:  # e.g. an encoding Python does not know
        raise XmlError(f"malformed XML: {error}", parser.CurrentLineNumber) from None
    except RecursionError:  # pragma: no cover - guarded by MAX_DEPTH
        raise XmlError("elements nest too deeply", 1) from None
    if not roots:
        raise XmlError("malformed XML: no root element", 1)
    return roots[0]


def document_text(data: bytes) -> str:
    """The text of a stored document, decoded as expat decoded it: by its byte order mark, else
    by the encoding its XML declaration names, else as UTF-8. A byte that does not decode (never
    in a document that parsed) becomes U+FFFD instead of an error."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", "replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace")
    if data.startswith(b"<\0"):
        return data.decode("utf-16-le", "replace")
    if data.startswith(b"\0<"):
        return data.decode("utf-16-be", "replace")
    declared = _DECLARED_ENCODING.match(data)
    encoding = "utf-8"
    if declared:
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            pass
    return data.decode(encoding, "replace")
