"""The server's error answers: one exception type carrying SuperOffice's error shape.

Every refusal in the server is raised as :class:`HttpProblem` and rendered once, in the app, as
``{"Error": true, "ErrorType": ..., "ErrorMessage": ..., "ErrorSource": ...}``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ERROR_TYPES", "MAX_MESSAGE", "HttpProblem", "error_body", "shorten"]

#: SuperOffice names its exceptions ``So...Exception`` (``SoNotFoundException`` is documented); the
#: others are ours, chosen in the same style.
ERROR_TYPES: dict[int, str] = {
    400: "SoBadRequestException",
    401: "SoAuthenticationException",
    404: "SoNotFoundException",
    405: "SoMethodNotAllowedException",
    406: "SoNotAcceptableException",
    409: "SoConflictException",
    412: "SoPreconditionFailedException",
    413: "SoPayloadTooLargeException",
    415: "SoUnsupportedMediaTypeException",
    500: "SoServerException",
}

#: Messages quote offending values; a 1 MiB value must not come back in the answer.
MAX_MESSAGE = 300


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    """Cut a message to ``limit`` characters, saying that it was cut."""
    return text if len(text) <= limit else text[: limit - 15] + "... (truncated)"


class HttpProblem(Exception):
    """A request the server refuses: status, message, and the part of the request at fault."""

    def __init__(
        self, status: int, message: str, source: str, *, headers: tuple[tuple[bytes, bytes], ...] = ()
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = shorten(message)
        self.source = source
        self.headers = headers

    def body(self) -> dict[str, Any]:
        """The error object SuperOffice answers with."""
        return error_body(self.status, self.message, self.source)


def error_body(status: int, message: str, source: str) -> dict[str, Any]:
    """SuperOffice's error shape for a status."""
    return {
        "Error": True,
        "ErrorType": ERROR_TYPES.get(status, "SoException"),
        "ErrorMessage": message,
        "ErrorSource": source,
    }
