"""The one way the toolkit writes a file: whole or not at all."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from pathlib import Path

__all__ = ["write_atomic", "write_if_changed"]


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, durable: bool = False) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8) so a reader, or a parallel worker,
    sees the old file or the new one, never half of one.

    The data goes to a temporary file in the same directory (``.so-tmp-<name>.<random>.tmp``: no
    directory walk mistakes it for a cassette or a fixture), then ``os.replace``; the temporary file is
    removed on any failure, Ctrl-C included.  The umask sets the permissions, as for any new file.
    ``durable`` flushes to disk before the rename.  Raises ``OSError``.
    """
    target = os.fspath(path)
    directory, name = os.path.split(target)
    tmp = os.path.join(directory, f".so-tmp-{name}.{secrets.token_hex(4)}.tmp")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        # Created inside the try: a Ctrl-C that lands just after the file exists must still remove it.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Write a generated file only when its text changed (atomically); True when it was written.

    The generators (``python -m toolkit.schemas``, ``python -m toolkit.types``) say which files they wrote.
    """
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomic(path, text)
    print(f"wrote {path}", file=sys.stderr)
    return True
