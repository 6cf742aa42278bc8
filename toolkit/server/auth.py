"""Who may call the server: Basic, SOTicket and Bearer credentials, or an XSRF token pair.

By default any *well-formed* credential is accepted (SuperOffice's schemes, see the API page:
``Basic base64(user:pass)``, ``SOTicket 7A:...`` / ``SoTicket 7T:...`` (a digit, a letter and a colon
start every SuperOffice ticket), ``Bearer <token>``, where Online access tokens such as
``8A:Cust12345.AbC...==`` contain ``:`` and ``.``).  Given a list (or a file) of
credentials, only those listed are.  Without an ``Authorization`` header, the ``X-XSRF-TOKEN``
header must equal the ``XSRF-TOKEN`` cookie.

Credentials file: one credential a line, ``#`` starts a comment, blank lines are skipped::

    basic alice:secret
    soticket 7T:dGhpcyBpcyBhIHRpY2tldA==
    bearer eyJhbGciOi...
    xsrf 5f1c0a...          # an accepted X-XSRF-TOKEN value
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from pathlib import Path

from toolkit.errors import UsageError
from toolkit.server._problems import HttpProblem

__all__ = [
    "REALM_HEADER",
    "TOKEN_USER",
    "Authenticator",
    "Credentials",
    "load_credentials",
    "parse_credential",
]

#: SuperOffice's challenge, as its docs give it.
REALM_HEADER = (b"www-authenticate", b'Basic realm="SuperOffice Username or Ticket"')

_SCHEMES = ("basic", "soticket", "bearer", "xsrf")
# RFC 7235 token68 plus ':' (SuperOffice Online's access tokens are "8A:Cust12345.<base64>").
_TOKEN = re.compile(r"^[A-Za-z0-9\-._~+/:]+=*$")
# SuperOffice tickets: a digit, a letter, a colon, then token characters ("7A:...", "7T:...").
_TICKET = re.compile(r"^[0-9][A-Za-z]:[A-Za-z0-9\-._~+/:]+=*$")
#: Who the caller is when the credential does not name a user (tickets, tokens, XSRF).
TOKEN_USER = "SuperOffice user"


@dataclass(frozen=True, slots=True)
class Credentials:
    """Accepted credentials, normalised: scheme (lower case) and its value."""

    accepted: frozenset[tuple[str, str]]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> Credentials:
        """From lines such as ``"basic alice:secret"``; raises ValueError naming the bad entry."""
        return cls(frozenset(parse_credential(e) for e in entries))


def parse_credential(entry: str) -> tuple[str, str]:
    """``"basic alice:secret"`` -> ``("basic", "alice:secret")``; ValueError when malformed."""
    scheme, _, value = entry.strip().partition(" ")
    scheme, value = scheme.lower(), value.strip()
    if scheme not in _SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; use one of {', '.join(_SCHEMES)}")
    if not value:
        raise ValueError(f"{scheme} needs a value after the scheme")
    if scheme == "basic" and (":" not in value or value.startswith(":")):
        raise ValueError("basic needs user:password")
    if scheme == "soticket" and not _TICKET.match(value):
        raise ValueError("a SuperOffice ticket looks like 7T:<characters> (or 7A:, 8A: ...)")
    if scheme in ("bearer", "xsrf") and not _TOKEN.match(value):
        raise ValueError(f"{scheme} token has characters a token may not have")
    return scheme, value


def load_credentials(source: str | Path | Iterable[str] | None) -> Credentials | None:
    """Credentials from a file path or a list of entries; None (accept any well-formed) for None.

    A bad file raises :class:`~toolkit.errors.UsageError` naming the file and line.
    """
    if source is None:
        return None
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise UsageError(f"--credentials {path}: cannot read: {reason}") from None
        accepted = set()
        for number, line in enumerate(text.splitlines(), start=1):
            entry = line.split("#", 1)[0].strip()
            if not entry:
                continue
            try:
                accepted.add(parse_credential(entry))
            except ValueError as exc:
                raise UsageError(f"{path}:{number}: {exc}") from None
        if not accepted:
            raise UsageError(f"{path}: no credentials in the file (one a line, e.g. 'basic user:pass')")
        return Credentials(frozenset(accepted))
    try:
        return Credentials.parse(source)
    except ValueError as exc:
        raise UsageError(f"credentials: {exc}") from None


def _refuse(message: str) -> HttpProblem:
    return HttpProblem(401, message, "Authorization", headers=(REALM_HEADER,))


def _cookie(header: str, name: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


class Authenticator:
    """Checks one request's credentials; raises :class:`HttpProblem` (401) when they fail."""

    def __init__(self, credentials: Credentials | None = None) -> None:
        self.credentials = credentials

    def check(self, authorization: str | None, xsrf_header: str | None, cookie: str | None) -> str:
        """The caller's user name (Basic's user, else :data:`TOKEN_USER`); 401 when refused."""
        if authorization is not None:
            return self._check_authorization(authorization)
        if xsrf_header is not None:
            self._check_xsrf(xsrf_header, cookie)
            return TOKEN_USER
        raise _refuse("No credentials: send Authorization (Basic, SOTicket or Bearer) or X-XSRF-TOKEN")

    def _check_authorization(self, header: str) -> str:
        scheme, _, value = header.strip().partition(" ")
        scheme, value = scheme.lower(), value.strip()
        if scheme == "basic":
            try:
                decoded = base64.b64decode(value, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                raise _refuse("Basic credentials are not base64 of user:password") from None
            if ":" not in decoded or decoded.startswith(":"):
                raise _refuse("Basic credentials are not base64 of user:password")
            self._listed("basic", decoded)
            return decoded.split(":", 1)[0]
        if scheme == "soticket":
            if not _TICKET.match(value):
                raise _refuse("SOTicket credentials must look like 7A:<ticket> or 7T:<ticket>")
            self._listed("soticket", value)
            return TOKEN_USER
        if scheme == "bearer":
            if not _TOKEN.match(value):
                raise _refuse("Bearer token is missing or malformed")
            self._listed("bearer", value)
            return TOKEN_USER
        raise _refuse("Unsupported Authorization scheme; use Basic, SOTicket or Bearer")

    def _check_xsrf(self, header: str, cookie: str | None) -> None:
        token = header.strip()
        if not token:
            raise _refuse("X-XSRF-TOKEN is empty")
        if cookie is None or _cookie(cookie, "XSRF-TOKEN") != token:
            raise _refuse("X-XSRF-TOKEN does not match the XSRF-TOKEN cookie")
        self._listed("xsrf", token)

    def _listed(self, scheme: str, value: str) -> None:
        if self.credentials is not None and (scheme, value) not in self.credentials.accepted:
            raise _refuse(f"{scheme.capitalize()} credentials are not accepted by this server")
