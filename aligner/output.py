"""Output files: checked, then written atomically (temporary file, then rename)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from aligner.errors import OutputError


def check_output(path: Path, inputs: Iterable[Path]) -> None:
    """Refuse an output path that cannot be written or would overwrite an input.

    Raises:
        OutputError: the path is a directory, is one of the inputs, or its directory is
            missing or not writable.
    """
    resolved = path.resolve()
    for source in inputs:
        if source.exists() and source.resolve() == resolved:
            raise OutputError(f"{path}: is also an input file; choose another output path")
    if path.is_dir():
        raise OutputError(f"{path}: is a directory; give a file name for the output")
    parent = resolved.parent
    if not parent.is_dir():
        raise OutputError(f"{path}: directory {parent} does not exist; create it first")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{path}: directory {parent} is not writable")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one."""
    parent = path.resolve().parent
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {parent} ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot be written ({exc.strerror})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
