"""Scrub credentials out of interactions before anything is written, and find what scrubbing missed.

What is scrubbed by default (header names compared case-insensitively):

* ``Authorization`` / ``Proxy-Authorization`` of every scheme (``Basic``, ``SOTicket``, ``Bearer`` ...):
  the scheme word is kept, the credentials become :data:`PLACEHOLDER` (``Basic <SCRUBBED>``), so a
  reviewer still sees which scheme a recording used.
* ``X-XSRF-TOKEN``, ``SO-AppToken`` (SuperOffice's partner-app token) and any extra header configured.
* Any other header whose name looks like a credential's: it contains ``key``, ``token``, ``secret``,
  ``password``, ``auth``, ``session``, ``signature`` or ``credential`` (``X-Api-Key``,
  ``X-Auth-Token``, ``X-Session-Id`` ...), unless allowed (``allow_headers``; ``WWW-Authenticate`` and
  ``Proxy-Authenticate`` (challenges) and ``Access-Control-Allow-Credentials`` (a flag) are allowed by
  default).
* ``Cookie`` and ``Set-Cookie``: cookie names and ``Set-Cookie`` attributes are kept, values scrubbed.
* Token-like query parameters (``ticket``, ``token``, ``access_token``, ``api_key`` ...).
* Body values at configured paths, in JSON or an appointment's XML (``Password``, ``Associate.UserName``).

:func:`find_leaks` is the check run on a serialized interaction (vcrpy's ``{"request": ..., "response":
...}`` dict) right before a cassette is written, and by the cassette linter: it names every place a
credential is still visible, and every known credential (collected from requests before scrubbing)
still present anywhere in the text, and any value shaped like a credential (a SuperOffice ticket, a JWT,
``Basic`` user:password, a long ``Bearer`` token, ``sk_live_...`` and other prefixed API keys).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import SplitResult, parse_qsl, quote, unquote, urlsplit, urlunsplit

from toolkit._paths import Pattern, locate, parse_path, rewrite
from toolkit.codecs import read_body

__all__ = [
    "CREDENTIAL_WORDS",
    "DEFAULT_ALLOWED_HEADERS",
    "DEFAULT_RULES",
    "MIN_SECRET_LENGTH",
    "PLACEHOLDER",
    "SECRET_HEADERS",
    "SECRET_QUERY_PARAMS",
    "ScrubRules",
    "credential_shapes",
    "credentials_in_headers",
    "find_leaks",
    "is_scrubbed_value",
    "scrub_body",
    "scrub_header_value",
    "scrub_headers",
    "scrub_uri",
    "scrubbed_body",
]

#: What every scrubbed credential is replaced with.
PLACEHOLDER = "<SCRUBBED>"

#: Headers whose values are credentials (lower case).
SECRET_HEADERS: frozenset[str] = frozenset(
    {"authorization", "proxy-authorization", "x-xsrf-token", "so-apptoken", "cookie", "set-cookie"}
)

#: Query parameters whose values are credentials (lower case).  SuperOffice's ``ticket`` among them.
SECRET_QUERY_PARAMS: frozenset[str] = frozenset(
    {
        "ticket",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "api_key",
        "apikey",
        "key",
        "client_secret",
        "password",
        "secret",
        "signature",
        "sig",
        "code",
    }
)

#: Known credentials shorter than this are not searched for in the text (too many false alarms).
MIN_SECRET_LENGTH = 6

#: Words that make a header name look like a credential's (compared in lower case, anywhere in the name).
CREDENTIAL_WORDS: tuple[str, ...] = (
    "key",
    "token",
    "secret",
    "password",
    "auth",
    "session",
    "signature",
    "credential",
)

#: Headers that look like credentials by name but are not, allowed unless configured otherwise.
DEFAULT_ALLOWED_HEADERS: frozenset[str] = frozenset(
    {"www-authenticate", "proxy-authenticate", "access-control-allow-credentials"}
)

_AUTH_HEADERS = frozenset({"authorization", "proxy-authorization"})
_COOKIE_HEADERS = frozenset({"cookie", "set-cookie"})


@dataclass(frozen=True)
class ScrubRules:
    """What to scrub: secret header names, query parameters and JSON body paths.

    ``body_paths`` use dots and ``[*]``/``[n]`` (``Associate.UserName``, ``Participants[*].EmailAddress``);
    names compare case-insensitively, as SuperOffice's do.
    """

    headers: frozenset[str] = SECRET_HEADERS
    query_params: frozenset[str] = SECRET_QUERY_PARAMS
    body_paths: tuple[str, ...] = ()
    #: Headers whose names only look like credentials: kept as they are (named ``headers`` never are).
    allow_headers: frozenset[str] = DEFAULT_ALLOWED_HEADERS
    _parsed_paths: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", frozenset(h.lower() for h in self.headers))
        object.__setattr__(self, "query_params", frozenset(q.lower() for q in self.query_params))
        object.__setattr__(self, "allow_headers", frozenset(h.lower() for h in self.allow_headers))
        object.__setattr__(self, "_parsed_paths", tuple(parse_path(p) for p in self.body_paths))

    def extended(
        self,
        *,
        headers: Iterable[str] = (),
        query_params: Iterable[str] = (),
        body_paths: Iterable[str] = (),
        allow_headers: Iterable[str] = (),
    ) -> ScrubRules:
        """These rules plus more names (the defaults are never dropped)."""
        return ScrubRules(
            headers=self.headers | {h.lower() for h in headers},
            query_params=self.query_params | {q.lower() for q in query_params},
            body_paths=tuple(dict.fromkeys((*self.body_paths, *body_paths))),
            allow_headers=self.allow_headers | {h.lower() for h in allow_headers},
        )

    def is_secret_header(self, name: str) -> bool:
        """True when the header's values are credentials: named, or named like one and not allowed."""
        lower = name.lower()
        if lower in self.headers:
            return True
        return lower not in self.allow_headers and any(word in lower for word in CREDENTIAL_WORDS)

    @property
    def parsed_body_paths(self) -> tuple[Pattern, ...]:
        """Body paths, parsed (:func:`toolkit._paths.parse_path`; names match case-insensitively)."""
        return self._parsed_paths


DEFAULT_RULES = ScrubRules()


# --- values ---------------------------------------------------------------------------------------------


def is_scrubbed_value(name: str, value: str) -> bool:
    """True when a secret header's value holds no credential (placeholder, scheme + placeholder, empty)."""
    lower = name.lower()
    if not value.strip() or value == PLACEHOLDER:
        return True
    if lower in _AUTH_HEADERS:
        scheme, _, rest = value.partition(" ")
        return rest.strip() in ("", PLACEHOLDER) and scheme != ""
    if lower in _COOKIE_HEADERS:
        return scrub_header_value(name, value) == value
    return False


def scrub_header_value(name: str, value: str) -> str:
    """The scrubbed form of one value of a secret header."""
    lower = name.lower()
    if lower in _AUTH_HEADERS:
        scheme, sep, rest = value.strip().partition(" ")
        # A value without a scheme word ("abc123") is all credential.
        return f"{scheme} {PLACEHOLDER}" if sep and rest.strip() else PLACEHOLDER
    if lower == "cookie":
        return "; ".join(_scrub_cookie_pair(pair) for pair in value.split(";") if pair.strip())
    if lower == "set-cookie":
        first, sep, attributes = value.partition(";")
        return _scrub_cookie_pair(first) + (sep + attributes if sep else "")
    return PLACEHOLDER


def _scrub_cookie_pair(pair: str) -> str:
    name, sep, _ = pair.strip().partition("=")
    return f"{name}={PLACEHOLDER}" if sep else PLACEHOLDER


def scrub_headers(headers: Mapping[str, Any], rules: ScrubRules = DEFAULT_RULES) -> dict[str, Any]:
    """A copy of ``headers`` with secret values scrubbed; values may be strings or lists of strings."""
    out: dict[str, Any] = {}
    for name, value in headers.items():
        if not rules.is_secret_header(name):
            out[name] = value
        elif isinstance(value, (list, tuple)):
            out[name] = [scrub_header_value(name, _text(v)) for v in value]
        else:
            out[name] = scrub_header_value(name, _text(value))
    return out


def scrub_uri(uri: str, rules: ScrubRules = DEFAULT_RULES) -> str:
    """``uri`` with a password in it (``user:pw@host``) and token-like query values replaced.

    The rest is left byte for byte.
    """
    parts = urlsplit(uri)
    netloc = parts.netloc
    changed = False
    if _password_in(parts):
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}:{quote(PLACEHOLDER)}@{host}"
        changed = True
    pieces = []
    for piece in parts.query.split("&") if parts.query else []:
        name, sep, _ = piece.partition("=")
        if sep and _unquote_name(name).lower() in rules.query_params:
            pieces.append(f"{name}={quote(PLACEHOLDER)}")
            changed = True
        else:
            pieces.append(piece)
    if not changed:
        return uri
    return urlunsplit((parts.scheme, netloc, parts.path, "&".join(pieces), parts.fragment))


def _password_in(parts: SplitResult) -> bool:
    """True when the URL carries a password that is not our placeholder."""
    password = parts.password
    return bool(password) and unquote(password or "") != PLACEHOLDER


def _unquote_name(name: str) -> str:
    pairs = parse_qsl(f"{name}=x", keep_blank_values=True)
    return pairs[0][0] if pairs else name


def scrub_body(data: Any, rules: ScrubRules = DEFAULT_RULES) -> tuple[Any, bool]:
    """``(data with the values at the configured body paths replaced, whether any was)``.

    ``data`` itself is untouched; null values stay null.
    """
    changed = False

    def scrub(value: Any) -> Any:
        nonlocal changed
        if value is None or value == PLACEHOLDER:
            return value
        changed = True
        return PLACEHOLDER

    return rewrite(data, rules.parsed_body_paths, scrub), changed


def scrubbed_body(body: Any, rules: ScrubRules = DEFAULT_RULES) -> bytes | None:
    """A JSON or XML body re-encoded with its body paths scrubbed, or ``None`` when nothing changed."""
    read = read_body(body) if rules.parsed_body_paths else None
    if read is None:
        return None
    data, changed = scrub_body(read.data, rules)
    return replace(read, data=data).encode() if changed else None


# --- known credentials ------------------------------------------------------------------------------------


def credentials_in_headers(headers: Mapping[str, Any], rules: ScrubRules = DEFAULT_RULES) -> set[str]:
    """The raw credentials carried by a request's headers (before scrubbing), to search for later.

    For ``Basic`` both the base64 token and the decoded password count; for cookies each value.
    """
    found: set[str] = set()
    for name, value in headers.items():
        lower = name.lower()
        if not rules.is_secret_header(name):
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            found.update(_credentials_in_value(lower, _text(item)))
    return {s for s in found if len(s) >= MIN_SECRET_LENGTH and PLACEHOLDER not in s}


def _credentials_in_value(lower: str, value: str) -> set[str]:
    value = value.strip()
    if lower in _AUTH_HEADERS:
        scheme, sep, rest = value.partition(" ")
        token = rest.strip() if sep else value
        found = {token}
        if scheme.lower() == "basic":
            try:
                _, _, password = base64.b64decode(token, validate=True).decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                password = ""
            if password:
                found.add(password)
        return found
    if lower == "cookie":
        return {pair.partition("=")[2].strip() for pair in value.split(";")}
    if lower == "set-cookie":
        return {value.partition(";")[0].partition("=")[2].strip()}
    return {value}


# --- the leak check ---------------------------------------------------------------------------------------


def find_leaks(
    interaction: Mapping[str, Any],
    *,
    known_secrets: Iterable[str] = (),
    rules: ScrubRules = DEFAULT_RULES,
) -> list[str]:
    """Every place a credential is still visible in one serialized interaction (empty: clean).

    ``interaction`` is vcrpy's serialized form: ``{"request": {"uri", "headers", "body", ...},
    "response": {"headers", "body": {"string": ...}, ...}}`` (header values are lists of strings).
    Problems read like ``request header Authorization holds a credential``.  ``known_secrets`` (taken
    from requests before they were scrubbed) are searched for in the whole interaction's text.
    """
    problems: list[str] = []
    request = interaction.get("request") or {}
    response = interaction.get("response") or {}
    for side, part in (("request", request), ("response", response)):
        headers = part.get("headers") or {}
        if isinstance(headers, Mapping):
            for name, value in headers.items():
                if not rules.is_secret_header(str(name)):
                    continue
                values = value if isinstance(value, (list, tuple)) else [value]
                if any(not is_scrubbed_value(str(name), _text(v)) for v in values):
                    problems.append(f"{side} header {name} holds a credential")
    uri = request.get("uri")
    if isinstance(uri, str):
        if _password_in(urlsplit(uri)):
            problems.append("request URI holds a password (user:password@host)")
        for param in _secret_params(uri, rules):
            problems.append(f"request query parameter {param} holds a credential")
    for side, body in (("request", request.get("body")), ("response", _response_body(response))):
        read = read_body(body) if rules.parsed_body_paths else None
        if read is not None:
            for text, path in zip(rules.body_paths, rules.parsed_body_paths, strict=True):
                for container, key in locate(read.data, path, ignore_case=True):
                    if container[key] not in (None, PLACEHOLDER):
                        problems.append(f"{side} body {text} holds a credential")
    raw = _raw_strings(interaction)
    # Secret headers and query parameters were judged above; look for credential shapes everywhere else.
    elsewhere = _raw_strings(_without_secret_headers(interaction, rules))
    problems.extend(f"{kind} appears in the interaction" for kind in credential_shapes(elsewhere))
    secrets = [s for s in dict.fromkeys(known_secrets) if len(s) >= MIN_SECRET_LENGTH]
    if secrets:
        text = json.dumps(interaction, default=_text, ensure_ascii=False)
        for secret in secrets:
            if secret in raw or secret in text:
                problems.append(f"a known credential ({_hint(secret)}) appears in the interaction")
    return problems


# Shapes a credential has wherever it ends up (a body, an unlisted header): found without knowing it.
_TICKET = re.compile(r"\b7T:[A-Za-z0-9+/=]{16,}")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*")
_BASIC = re.compile(r"\bBasic\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])")
_BEARER = re.compile(r"\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*", re.IGNORECASE)
# Prefixed API keys: Stripe-style secret and restricted keys, GitHub, Slack, AWS access key ids.
_PREFIXED_KEYS = (
    (re.compile(r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"), "a secret API key (sk_live_...)"),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}"), "a GitHub token (ghp_...)"),
    (re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"), "a Slack token (xox...)"),
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), "an AWS access key id (AKIA...)"),
)


def credential_shapes(text: str) -> list[str]:
    """What in ``text`` looks like a credential: a SuperOffice ticket, a JWT, Basic user:password, a long
    Bearer token, a prefixed API key (``sk_live_...``, ``ghp_...``, ``xoxb-...``, ``AKIA...``)."""
    found = []
    if _TICKET.search(text):
        found.append("a SuperOffice ticket (7T:...)")
    if _JWT.search(text):
        found.append("a JWT bearer token")
    elif _BEARER.search(text):
        found.append("a Bearer token")
    found.extend(label for pattern, label in _PREFIXED_KEYS if pattern.search(text))
    for match in _BASIC.finditer(text):
        try:
            decoded = base64.b64decode(match.group(1), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            continue
        if ":" in decoded and decoded.isprintable():
            found.append("Basic user:password credentials")
            break
    return found


def _secret_params(uri: str, rules: ScrubRules) -> list[str]:
    query = urlsplit(uri).query
    return [
        name
        for name, value in parse_qsl(query, keep_blank_values=True)
        if name.lower() in rules.query_params and value not in ("", PLACEHOLDER)
    ]


def _response_body(response: Mapping[str, Any]) -> Any:
    body = response.get("body")
    return body.get("string") if isinstance(body, Mapping) else body


def _without_secret_headers(interaction: Mapping[str, Any], rules: ScrubRules) -> dict[str, Any]:
    out: dict[str, Any] = dict(interaction)
    for side in ("request", "response"):
        part = interaction.get(side)
        if isinstance(part, Mapping) and isinstance(part.get("headers"), Mapping):
            headers = {k: v for k, v in part["headers"].items() if not rules.is_secret_header(str(k))}
            out[side] = {**part, "headers": headers}
    request = out.get("request")
    if isinstance(request, Mapping) and isinstance(request.get("uri"), str):
        out["request"] = {**request, "uri": scrub_uri(request["uri"], rules)}  # judged as query parameters
    return out


def _raw_strings(value: Any) -> str:
    """All string leaves joined, so a secret is found even where JSON escaping would hide it."""
    out: list[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, Mapping):
            for k, item in v.items():
                out.append(str(k))
                walk(item)
        elif isinstance(v, (list, tuple)):
            for item in v:
                walk(item)
        elif isinstance(v, (str, bytes)):
            out.append(_text(v))

    walk(value)
    return "\n".join(out)


def _hint(secret: str) -> str:
    # Never print the credential itself: its first two characters and its length are enough to find it.
    return f"{secret[:2]}… {len(secret)} characters"


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
