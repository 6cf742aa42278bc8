"""Body codecs shared by the server, the client, the recorder and the linter: JSON (orjson) and XML.

The one place a body is read as data: :func:`decode_body` (by Content-Type, raising :class:`BodyError`)
for the server, the client and the linter; :func:`read_body` (by sniffing, ``None`` when unreadable) for
matching, scrubbing, the leak check and readable cassettes; :func:`parse_xml` is the one defusedxml call.

XML contract (our decision; SuperOffice publishes no modern sample): root ``AppointmentEntity``
(request) or ``AppointmentEntityWithLinks`` (response), a namespace on input ignored; one child
element per property named as the property, in catalogue order; values typed by the catalogue on
input, so an XML PUT stores the same JSON types as a JSON PUT.  Array items are written as
``Link``/``Participant``/``VisibleFor`` (the item carrier's name) and any name is accepted on input.
Null is an empty element with ``xsi:nil="true"``; on input an empty element is null for carriers,
numbers, booleans, enums and dates, ``""`` for strings, ``[]``/``{}`` for arrays and dictionaries.
Dictionaries are ``<Entry Key="...">value</Entry>``; on input that form or a child named by the key.
Parsing is safe (defusedxml): a DTD, entity declaration or external reference is refused.

A value that cannot be typed (``<Id>abc</Id>``) is kept as text so that schema validation names
its path, exactly as for a JSON body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape, quoteattr

import orjson

from toolkit.catalogue import CARRIERS, ENTITY, ENTITY_WITH_LINKS, Carrier, TypeRef

__all__ = [
    "Body",
    "BodyError",
    "as_bytes",
    "decode_body",
    "decode_json",
    "decode_xml",
    "encode_json",
    "encode_xml",
    "is_xml",
    "nesting_depth",
    "parse_xml",
    "read_body",
]

XSI = "http://www.w3.org/2001/XMLSchema-instance"
_NIL = f"{{{XSI}}}nil"
#: Deepest JSON nesting accepted in a body; the entity itself needs 7.
MAX_DEPTH = 64
# Characters XML 1.0 cannot carry at all; written as U+FFFD.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class BodyError(ValueError):
    """A body that cannot be read; the message says why (and where, when it can)."""


def nesting_depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply JSON data or an XML element nests (iteratively, so hostile input cannot exhaust the
    stack).  Stops counting at ``limit + 1``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                return deepest
        children = node.values() if isinstance(node, dict) else node if isinstance(node, _NESTING) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, *_NESTING)))
    return deepest


_NESTING = (list, Element)


def decode_json(raw: bytes) -> Any:
    """Parse a JSON body (UTF-8); :class:`BodyError` when it is not JSON."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BodyError(f"Body is not valid JSON: {exc}") from None


def encode_json(value: Any) -> bytes:
    """Serialise a response body."""
    return orjson.dumps(value)


# ---------------------------------------------------------------------------------------------- XML in


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _is_nil(el: Element) -> bool:
    return el.get(_NIL, "").strip().lower() in ("true", "1")


def _scalar(text: str, t: TypeRef) -> Any:
    kind = t.kind
    if kind in ("int32", "int16"):
        try:
            return int(text.strip())
        except ValueError:
            return text
    if kind == "double":
        try:
            return float(text.strip())
        except ValueError:
            return text
    if kind == "bool":
        low = text.strip().lower()
        if low in ("true", "1"):
            return True
        if low in ("false", "0"):
            return False
        return text
    if kind in ("date", "enum", "flags"):
        return text.strip()
    return text


def _value(el: Element, t: TypeRef) -> Any:
    if _is_nil(el):
        return None
    children = list(el)
    text = el.text or ""
    kind = t.kind
    if kind == "carrier":
        if not children:
            return None if not text.strip() else text
        return _object(el, CARRIERS[t.name or ""])
    if kind == "list":
        assert t.item is not None
        if not children:
            return [] if not text.strip() else text
        return [_value(child, t.item) for child in children]
    if kind == "map":
        assert t.item is not None
        if not children:
            return {} if not text.strip() else text
        out: dict[str, Any] = {}
        for child in children:
            key = child.get("Key")
            out[key if key is not None else _local(child.tag)] = _value(child, t.item)
        return out
    if children:
        return _untyped(el)  # structure where a scalar belongs: keep it so validation names the path
    if kind == "str":
        return text
    if not text.strip():
        return None
    return _scalar(text, t)


def _untyped(el: Element) -> Any:
    children = list(el)
    if not children:
        return el.text or ""
    return {_local(c.tag): _untyped(c) for c in children}


def _object(el: Element, c: Carrier) -> dict[str, Any]:
    out: dict[str, Any] = {}
    index = {f.name: f.type for f in c.fields}
    for child in el:
        name = _local(child.tag)
        t = index.get(name)
        # Unknown names are kept as text: the schema then reports them like a JSON typo.
        out[name] = _value(child, t) if t is not None else _untyped(child)
    return out


def parse_xml(raw: bytes) -> Element:
    """Parse XML safely (no DTD, entities or external references); :class:`BodyError` if unreadable."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        doc: Element = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise BodyError(
            f"XML body refused: {type(exc).__name__} (no DTD, entities or external references)"
        ) from None
    except ParseError as exc:
        raise BodyError(f"Body is not well-formed XML: {exc}") from None
    return doc


def decode_xml(raw: bytes, *, root: str | tuple[str, ...] = ENTITY.name) -> dict[str, Any]:
    """Parse an XML body into the JSON types the catalogue gives; :class:`BodyError` if unreadable.

    ``root`` is the expected root element (``AppointmentEntity`` or ``AppointmentEntityWithLinks``),
    or a tuple of those accepted.
    """
    return _read_entity(raw, root)[1]


def _read_entity(raw: bytes, root: str | tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    doc = parse_xml(raw)
    if nesting_depth(doc) > MAX_DEPTH:
        raise BodyError(f"XML body nests deeper than {MAX_DEPTH} levels")
    name = _local(doc.tag)
    roots = (root,) if isinstance(root, str) else root
    if name not in roots:
        raise BodyError(f"XML root element is <{name}>; expected <{'> or <'.join(roots)}>")
    carrier = ENTITY_WITH_LINKS if name == ENTITY_WITH_LINKS.name else CARRIERS[name]
    return name, _object(doc, carrier)


# ------------------------------------------------------------------------------------ any body as data

#: The appointment's XML roots, request form and response form.
ENTITY_ROOTS = (ENTITY.name, ENTITY_WITH_LINKS.name)


def is_xml(content_type: str, raw: bytes = b"") -> bool:
    """True for an XML media type (``application/xml``, ``text/xml``, ``...+xml``); without a
    Content-Type, when the body starts with ``<``."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media:
        return media in ("application/xml", "text/xml") or media.endswith("+xml")
    return raw.lstrip()[:1] == b"<"


def decode_body(raw: bytes, content_type: str = "", *, root: str | tuple[str, ...] = ENTITY_ROOTS) -> Any:
    """A body as data, read as its Content-Type says (XML by :func:`decode_xml`, else JSON).

    Raises :class:`BodyError` naming the problem.
    """
    return decode_xml(raw, root=root) if is_xml(content_type, raw) else decode_json(raw)


@dataclass(frozen=True)
class Body:
    """A body read as data: JSON, or the appointment XML form (``root`` names its root element)."""

    kind: Literal["json", "xml"]
    data: Any
    root: str = ""

    def encode(self) -> bytes:
        """The data written back (after scrubbing): compact JSON, or XML in the catalogue's order."""
        return encode_json(self.data) if self.kind == "json" else encode_xml(self.data, root=self.root)


def read_body(body: Any) -> Body | None:
    """Any body (bytes, text, vcrpy's chunk list) as data, or ``None`` when it is empty or neither JSON
    nor an appointment in XML.  Never raises: recording and matching fall back to the raw bytes."""
    raw = as_bytes(body)
    head = raw.lstrip()[:1]
    try:
        if head in (b"{", b"["):
            return Body("json", decode_json(raw))
        if head == b"<":
            root, data = _read_entity(raw, ENTITY_ROOTS)
            return Body("xml", data, root)
    except BodyError:
        return None
    return None


def as_bytes(body: Any) -> bytes:
    """A body as bytes, whatever form an HTTP library keeps it in (``None`` is empty)."""
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, list):  # vcrpy keeps iterator bodies as a list of chunks
        return b"".join(as_bytes(chunk) for chunk in body)
    if hasattr(body, "getvalue"):
        return as_bytes(body.getvalue())
    return str(body).encode("utf-8")


# --------------------------------------------------------------------------------------------- XML out


def _text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return escape(_XML_ILLEGAL.sub("\ufffd", value))
    return escape(str(value))


def _item_name(t: TypeRef) -> str:
    if t.kind == "carrier" and t.name:
        return t.name
    if t.kind == "list":
        return "Items"
    return "Item"


def _write(out: list[str], name: str, value: Any, t: TypeRef | None, attrs: str = "") -> None:
    if value is None:
        out.append(f'<{name}{attrs} xsi:nil="true"/>')
        return
    if isinstance(value, dict):
        out.append(f"<{name}{attrs}>")
        if t is not None and t.kind == "map":
            for key, v in value.items():
                _write(out, "Entry", v, t.item, f" Key={quoteattr(_XML_ILLEGAL.sub(chr(0xFFFD), key))}")
        else:
            found = CARRIERS.get(t.name) if t is not None and t.name else None
            index = {f.name: f.type for f in found.fields} if found is not None else {}
            for key, v in value.items():
                _write(out, key, v, index.get(key))
        out.append(f"</{name}>")
        return
    if isinstance(value, list):
        item = t.item if t is not None else None
        item_name = _item_name(item) if item is not None else "Item"
        out.append(f"<{name}{attrs}>")
        for v in value:
            _write(out, item_name, v, item)
        out.append(f"</{name}>")
        return
    out.append(f"<{name}{attrs}>{_text(value)}</{name}>")


def encode_xml(value: dict[str, Any], *, root: str = ENTITY_WITH_LINKS.name) -> bytes:
    """Write an entity (or an error object, with ``root="Error"``) in the XML form."""
    carrier = ENTITY_WITH_LINKS if root == ENTITY_WITH_LINKS.name else CARRIERS.get(root)
    index = {f.name: f.type for f in carrier.fields} if carrier is not None else {}
    out = [f'<?xml version="1.0" encoding="utf-8"?>\n<{root} xmlns:xsi="{XSI}">']
    for key, v in value.items():
        _write(out, key, v, index.get(key))
    out.append(f"</{root}>")
    return "".join(out).encode("utf-8")
