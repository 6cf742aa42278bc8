"""The toolkit's exceptions: one root, a few clear branches.

::

    ToolkitError
    ├── UsageError              bad CLI argument, pytest option, marker argument or settings value
    ├── CassetteError           a cassette file could not be used (its path is in the message)
    │   ├── CassetteFormatError     unreadable, truncated, or not a vcrpy cassette
    │   ├── CassetteWriteError      could not be written (the old file is left as it was)
    │   └── SecretLeakError         a known credential would have reached disk; write refused
    ├── ReplayMissError         no recorded interaction matches a request (names the closest ones)
    ├── NetworkBlockedError     a real connection was attempted while the network is blocked
    ├── MissingExtraError       an optional part was imported without its extra (also an ImportError)
    └── ApiError                the server answered with an error (client side; carries the parsed body)
        ├── BadRequestError 400, UnauthorizedError 401, NotFoundError 404, NotAcceptableError 406,
        └── ConflictError 409, PreconditionFailedError 412, PayloadTooLargeError 413,
            UnsupportedMediaTypeError 415

Assertion helpers raise plain :class:`AssertionError` so pytest reports them as failures.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ApiError",
    "BadRequestError",
    "CassetteError",
    "CassetteFormatError",
    "CassetteWriteError",
    "ConflictError",
    "MissingExtraError",
    "NetworkBlockedError",
    "NotAcceptableError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PreconditionFailedError",
    "ReplayMissError",
    "SecretLeakError",
    "ToolkitError",
    "UnauthorizedError",
    "UnsupportedMediaTypeError",
    "UsageError",
    "api_error_for_status",
]


class ToolkitError(Exception):
    """Root of every error the toolkit raises on purpose."""


class UsageError(ToolkitError):
    """A CLI argument, pytest option, marker argument or setting is wrong; the message names it."""


class CassetteError(ToolkitError):
    """A cassette file could not be used. ``path`` names it."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class CassetteFormatError(CassetteError):
    """The cassette is unreadable: bad YAML, truncated, empty, or not in vcrpy's format."""


class CassetteWriteError(CassetteError):
    """The cassette could not be written; any previous file is untouched."""


class SecretLeakError(CassetteError):
    """A credential survived scrubbing; the write was refused so it never reaches disk."""


class ReplayMissError(ToolkitError):
    """No recorded interaction matches the request. The message lists the closest recordings."""


class NetworkBlockedError(ToolkitError):
    """A test tried to open a real network connection while the network is blocked."""


class MissingExtraError(ToolkitError, ImportError):
    """An optional part of the toolkit was imported without the extra it needs (the message says which)."""


class ApiError(ToolkitError):
    """The server answered with an error status. ``body`` is SuperOffice's error object, parsed."""

    status: int = 0

    def __init__(self, status: int, body: Any, message: str | None = None) -> None:
        self.status = status
        self.body = body
        if message is None:
            detail = body.get("ErrorMessage") if isinstance(body, dict) else None
            message = f"HTTP {status}: {detail or body!r}"
        super().__init__(message)

    @property
    def error_type(self) -> str | None:
        """SuperOffice's ``ErrorType`` (e.g. ``SoNotFoundException``), when the body has one."""
        return self.body.get("ErrorType") if isinstance(self.body, dict) else None


class BadRequestError(ApiError):
    status = 400


class UnauthorizedError(ApiError):
    status = 401


class NotFoundError(ApiError):
    status = 404


class NotAcceptableError(ApiError):
    status = 406


class ConflictError(ApiError):
    status = 409


class PreconditionFailedError(ApiError):
    status = 412


class PayloadTooLargeError(ApiError):
    status = 413


class UnsupportedMediaTypeError(ApiError):
    status = 415


_BY_STATUS: dict[int, type[ApiError]] = {
    cls.status: cls
    for cls in (
        BadRequestError,
        UnauthorizedError,
        NotFoundError,
        NotAcceptableError,
        ConflictError,
        PreconditionFailedError,
        PayloadTooLargeError,
        UnsupportedMediaTypeError,
    )
}


def api_error_for_status(status: int, body: Any) -> ApiError:
    """The most specific :class:`ApiError` for an HTTP status."""
    return _BY_STATUS.get(status, ApiError)(status, body)
