"""Cassette files: readable YAML, written atomically, never with a credential in them.

The files stay in vcrpy's format version 1 (plain vcrpy and pytest-recording read them).  Two things
make them reviewable in a diff:

* JSON bodies are stored pretty-printed (2-space indent, keys in their original order) and
  ``Content-Length`` is rewritten to the stored body's length, so a replayed response is consistent;
  a compressed (``Content-Encoding``) or non-JSON body is left exactly as it was.
* Multi-line strings are written as YAML block literals (``|``), one JSON line per YAML line.
* Headers are written sorted by name, so their order never shows up as a change.

A cassette named ``*.json`` is written in vcrpy's JSON serializer layout instead, bodies kept compact:
about four times faster to load than YAML when a cassette holds thousands of interactions.

Writing goes to a temporary file in the same directory, then ``os.replace``: a reader (or a parallel
xdist worker) sees the old file or the new one, never half of one.  Right before writing, every
interaction passes :func:`~toolkit.recording.scrub.find_leaks`; a hit raises
:class:`~toolkit.errors.SecretLeakError` and nothing is written.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson
import yaml

from toolkit._copy import clone
from toolkit._files import write_atomic
from toolkit.errors import CassetteFormatError, CassetteWriteError, SecretLeakError
from toolkit.recording.cassette_file import (
    CASSETTE_FORMAT_VERSION,
    header_value,
    load_cassette_data,
    load_cassette_data_if_any,
)
from toolkit.recording.expiry import RECORDED_AT, now_stamp
from toolkit.recording.scrub import DEFAULT_RULES, ScrubRules, find_leaks

__all__ = [
    "AtomicPersister",
    "ReadableYamlSerializer",
    "atomic_write_text",
    "dump_cassette",
    "dump_cassette_json",
    "readable_interaction",
]

# libyaml's dumper when present: the emitter is the slow part of a large cassette.
_ReadableDumper: Any = type(
    "_ReadableDumper",
    (getattr(yaml, "CSafeDumper", yaml.SafeDumper),),
    {"__doc__": "Safe YAML, block literals."},
)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_ReadableDumper.add_representer(str, _represent_str)


def dump_cassette(
    interactions: list[dict[str, Any]], metadata: Mapping[str, Any] | None = None, *, name: str = ""
) -> str:
    """The YAML text of a cassette (vcrpy format version 1) holding ``interactions``."""
    data: dict[str, Any] = {"interactions": interactions, "version": CASSETTE_FORMAT_VERSION}
    if metadata:
        data["metadata"] = dict(metadata)
    text: str = yaml.dump(data, Dumper=_ReadableDumper, sort_keys=False, allow_unicode=True, width=120)
    return text


def dump_cassette_json(
    interactions: list[dict[str, Any]], metadata: Mapping[str, Any] | None = None, *, name: str = ""
) -> str:
    """The JSON text of a cassette, as vcrpy's JSON serializer writes it (4-space indent)."""
    data: dict[str, Any] = {"interactions": interactions, "version": CASSETTE_FORMAT_VERSION}
    if metadata:
        data["metadata"] = dict(metadata)
    try:
        return json.dumps(data, indent=4, ensure_ascii=False) + "\n"
    except TypeError:
        raise CassetteWriteError(
            f"{name}: a binary body cannot be stored in a JSON cassette; name the cassette .yaml", path=name
        ) from None


class ReadableYamlSerializer:
    """A vcrpy serializer (``VCR.register_serializer("so-yaml", ReadableYamlSerializer())``).

    It writes what :func:`dump_cassette` writes, so plain vcrpy users get the same readable files.
    """

    @staticmethod
    def serialize(cassette_dict: dict[str, Any]) -> str:
        interactions = [readable_interaction(i) for i in cassette_dict.get("interactions", [])]
        return dump_cassette(interactions, cassette_dict.get("metadata"))

    @staticmethod
    def deserialize(cassette_string: str) -> Any:
        from toolkit.recording._vcr import deserialize_yaml

        return deserialize_yaml(cassette_string)


def readable_interaction(interaction: dict[str, Any]) -> dict[str, Any]:
    """Pretty-print the JSON and XML bodies of a serialized interaction (in place); fix Content-Length."""
    request = interaction.get("request")
    if isinstance(request, dict):
        pretty = _pretty(request.get("body"), request.get("headers"))
        if pretty is not None:
            request["body"] = pretty
            _set_content_length(request, pretty)
    response = interaction.get("response")
    if isinstance(response, dict) and isinstance(response.get("body"), dict):
        pretty = _pretty(response["body"].get("string"), response.get("headers"))
        if pretty is not None:
            response["body"]["string"] = pretty
            _set_content_length(response, pretty)
    return interaction


def _pretty(body: Any, headers: Any) -> str | None:
    """The body re-indented for a reviewer (same data, other whitespace), or None to keep it as it is."""
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if not isinstance(body, str):
        return None
    if header_value(headers, "content-encoding").lower() not in ("", "identity"):
        return None
    head = body.lstrip()[:1]
    if head in ("{", "["):
        return _pretty_json(body)
    if head == "<":
        return _pretty_xml(body)
    return None


def _pretty_json(body: str) -> str | None:
    # Imported here (as in _pretty_xml): only saving reads bodies, and the readers load the catalogue.
    from toolkit.codecs import BodyError, decode_json

    try:
        data = decode_json(body.encode("utf-8"))
    except BodyError:
        return None
    pretty: str = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
    return pretty


def _pretty_xml(body: str) -> str | None:
    # Only whitespace between elements changes (leaf text is kept), which XML readers ignore; kept as
    # it was if it cannot be read.
    import xml.etree.ElementTree as ET

    from toolkit.codecs import BodyError, parse_xml

    try:
        root = parse_xml(body.encode("utf-8"))
    except BodyError:
        return None
    if any(len(el) and (el.text or "").strip() for el in root.iter()):
        return None  # mixed content: indentation would change meaningful text
    for prefix, uri in _XML_PREFIXES:
        ET.register_namespace(prefix, uri)
    ET.indent(root, space="  ")
    declaration = '<?xml version="1.0" encoding="utf-8"?>\n' if body.lstrip().startswith("<?xml") else ""
    return declaration + ET.tostring(root, encoding="unicode") + "\n"


# Prefixes kept as they were written (ElementTree would otherwise rename them ns0, ns1, ...).
_XML_PREFIXES = (("xsi", "http://www.w3.org/2001/XMLSchema-instance"),)


def _set_content_length(part: dict[str, Any], body: str) -> None:
    headers = part.get("headers")
    if not isinstance(headers, dict):
        return
    for name in list(headers):
        if str(name).lower() == "content-length":
            length = str(len(body.encode("utf-8")))
            headers[name] = [length] if isinstance(headers[name], list) else length


def atomic_write_text(path: Path, text: str) -> None:
    """Write a cassette whole (:func:`toolkit._files.write_atomic`, flushed to disk), its directory
    created; :class:`~toolkit.errors.CassetteWriteError` naming the file when it cannot be."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text, durable=True)
    except OSError as exc:
        raise CassetteWriteError(f"{path}: cannot be written ({exc})", path=str(path)) from None


class AtomicPersister:
    """A vcrpy persister: loads with file-naming errors, saves readable, checked and atomic.

    ``known_secrets`` is a live set the cassette fills with credentials seen in requests before they
    were scrubbed; the leak check searches the text for each of them.
    """

    def __init__(self, *, rules: ScrubRules = DEFAULT_RULES, known_secrets: Iterable[str] | None = None):
        self.rules = rules
        self.known_secrets: set[str] = set(known_secrets or ())
        #: When set (by the cassette, in modes that only add), interactions other processes appended to
        #: the file after this many are kept: parallel workers sharing a cassette lose nothing.
        self.merge_after: int | None = None

    def load_cassette(self, cassette_path: str | Path, serializer: Any = None) -> tuple[Any, ...]:
        """``(requests, responses[, metadata])`` as vcrpy's persisters return them."""
        from toolkit.recording._vcr import CassetteNotFoundError, request_from_dict, response_from_file

        path = str(cassette_path)
        data = load_cassette_data_if_any(path)
        if data is None:
            raise CassetteNotFoundError()
        try:
            requests = [request_from_dict(dict(i["request"])) for i in data["interactions"]]
            responses = [_stamped(response_from_file(dict(i["response"])), i) for i in data["interactions"]]
        except (TypeError, KeyError, ValueError) as exc:
            raise CassetteFormatError(
                f"{path}: an interaction is malformed ({exc})", path=str(path)
            ) from None
        if data.get("metadata"):
            return requests, responses, data["metadata"]
        return requests, responses

    def serialized_interactions(
        self, cassette_dict: Mapping[str, Any], *, readable: bool = True
    ) -> list[dict[str, Any]]:
        """vcrpy's serialized form of each (request, response), made readable (pretty JSON bodies)."""
        from toolkit.recording._vcr import request_to_dict, response_to_text

        out = []
        now = now_stamp()
        for request, response in zip(cassette_dict["requests"], cassette_dict["responses"], strict=False):
            answer = clone(response)
            # A loaded interaction keeps its stamp; one recorded now gets the time of writing.
            stamp = answer.pop(RECORDED_AT, None) if isinstance(answer, dict) else None
            interaction = {
                RECORDED_AT: stamp or now,
                "request": request_to_dict(request),
                "response": response_to_text(answer),
            }
            for part in interaction.values():
                _sort_headers(part)
            out.append(readable_interaction(interaction) if readable else interaction)
        return out

    def save_cassette(
        self, cassette_path: str | Path, cassette_dict: Mapping[str, Any], serializer: Any = None
    ) -> None:
        """Check every interaction for credentials, then write the cassette atomically."""
        path = Path(cassette_path)
        # A ``.json`` cassette (vcrpy's JSON serializer format) keeps bodies compact: it is the fast one
        # to load for very large cassettes, and escaped newlines would not make it any more readable.
        as_json = path.suffix.lower() == ".json"
        interactions = self.serialized_interactions(cassette_dict, readable=not as_json)
        problems: list[str] = []
        for i, interaction in enumerate(interactions):
            for problem in find_leaks(interaction, known_secrets=self.known_secrets, rules=self.rules):
                problems.append(f"interactions[{i}]: {problem}")
        if problems:
            shown = "\n  ".join(problems[:10])
            raise SecretLeakError(
                f"{path}: not written, a credential would have reached disk:\n  {shown}\n"
                "  scrub it with @pytest.mark.so_cassette(scrub_headers=..., scrub_body=...) "
                "or the so_scrub_headers / so_scrub_body ini options",
                path=str(path),
            )
        with _directory_lock(path):
            if self.merge_after is not None:
                interactions = self._merged(path, interactions, self.merge_after)
            dump = dump_cassette_json if as_json else dump_cassette
            atomic_write_text(path, dump(interactions, cassette_dict.get("metadata"), name=str(path)))

    @staticmethod
    def _merged(path: Path, ours: list[dict[str, Any]], loaded: int) -> list[dict[str, Any]]:
        """``ours`` with what others appended to the file since we loaded ``loaded`` interactions."""
        try:
            on_disk = load_cassette_data(path)["interactions"] if path.is_file() else []
        except CassetteFormatError:
            return ours  # a foreign or broken file is replaced, as it would be without the merge
        return [*ours[:loaded], *on_disk[loaded:], *ours[loaded:]]


@contextlib.contextmanager
def _directory_lock(cassette: Path) -> Iterator[None]:
    """An exclusive lock on the cassette's directory (POSIX ``flock``) around read-merge-write."""
    directory = cassette.parent
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: os.replace still keeps every file whole
        yield
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(directory, os.O_RDONLY)
    except OSError as exc:
        raise CassetteWriteError(f"{cassette}: cannot be written ({exc})", path=str(cassette)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _stamped(response: Any, interaction: Mapping[str, Any]) -> Any:
    """The loaded response carrying its interaction's ``recorded_at`` (vcrpy's stubs ignore the key), so
    the stamp survives a save of the cassette in modes that keep loaded interactions."""
    stamp = interaction.get(RECORDED_AT)
    if stamp is not None and isinstance(response, dict):
        response[RECORDED_AT] = stamp if isinstance(stamp, str) else now_stamp(stamp)
    return response


def _sort_headers(part: Any) -> None:
    # Sorted by name (a header's values keep their order): the same headers always read the same,
    # whatever order a client or server sent them in, so a re-recording changes no line for it.
    headers = part.get("headers") if isinstance(part, dict) else None
    if isinstance(headers, dict):
        part["headers"] = dict(sorted(headers.items(), key=lambda item: str(item[0]).lower()))
