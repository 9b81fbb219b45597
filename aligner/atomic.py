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


def _temporary_name(path: Path) -> tuple[str, str]:
    """The prefix and suffix of the temporary files ``write_atomic`` writes ``path`` through."""
    return f".{path.name}.", ".tmp"


def remove_temporaries(path: Path) -> None:
    """Remove what writers of ``path`` stopped by force (a killed process cannot clean up
    after itself) left of their temporary files. Only for a path no process writes now."""
    prefix, suffix = _temporary_name(path)
    for stale in path.resolve().parent.glob(f"{prefix}*{suffix}"):
        stale.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one."""
    parent = path.resolve().parent
    prefix, suffix = _temporary_name(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=parent)
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
