"""Session: the alignment files being edited, and saving them back safely.

The files are fingerprinted when opened; a save is refused when they changed on disk
since (someone else's change is never overwritten), when the page worked on an older
state, or when the result would not be valid (tei_all and the link rules, checked before
anything is replaced). Files are replaced atomically, the language files of a ``--split``
alignment before its stand-off file.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from aligner.atomic import write_atomic
from aligner.datatypes import Alignment
from aligner.edit.checker import CHECKER
from aligner.edit.corrections import apply, coverage_problems, parse_beads
from aligner.errors import AlignerError, InputError
from aligner.formats import render
from aligner.formats.html import DOUBTFUL_BELOW
from aligner.formats.tei_read import read_tei, tei_files


class Refused(AlignerError):
    """A save the session will not do; ``status`` is the HTTP status that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Saved:
    """The outcome of a save: the new fingerprint, and what to tell the person."""

    revision: str
    message: str


class EditSession:
    """One alignment open for editing by ``editor``.

    Raises (on opening):
        InputError: a file is missing, unreadable, or not an aligner TEI alignment.
    """

    def __init__(self, path: Path, editor: str) -> None:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        self.path = path
        self.editor = editor
        self.files = tei_files(path)
        self.alignment = read_tei(path)
        self.split = len(self.files) > 1
        self.revision = self._fingerprint()
        self.read_only = self._why_read_only()
        self._lock = threading.Lock()
        # Checks saves in a process of its own, its schema compiled ahead (see checker.py).
        self.checker = CHECKER
        if not self.read_only:
            self.checker.start()

    def _fingerprint(self) -> str:
        """A digest of every file's bytes: any change on disk changes it."""
        digest = hashlib.sha256()
        for path in self.files:
            try:
                digest.update(path.read_bytes())
            except OSError as exc:
                raise Refused(409, f"{path} cannot be read any more ({exc.strerror}); nothing was written") from None
            digest.update(b"\0")
        return digest.hexdigest()[:32]

    def _planned(self, alignment: Alignment) -> dict[Path, bytes]:
        return render(alignment, "tei", self.path, split=self.split)

    def _why_read_only(self) -> str:
        """Why this session cannot save (empty when it can). A file or folder with no
        write permission for anyone is read-only even for root: someone made it so."""
        for path in self.files:
            if not _writable(path):
                return f"{path} is read-only"
            if not _writable(path.resolve().parent):
                return f"the folder of {path} is not writable"
        if self.split and set(self._planned(self.alignment)) != set(self.files):
            names = ", ".join(p.name for p in self.files[1:])
            return f"its language files are not named as aligner names them ({names}); saving would write new ones"
        return ""

    def page_data(self) -> dict[str, Any]:
        """What the page shows and edits: sentences of the aligned ranges, the beads with
        their confidence and who made them, and the fingerprint a save must name. Files
        changed on disk since are read again first.

        Raises:
            Refused: 409 when a changed file cannot be read as an alignment any more.
        """
        with self._lock:
            if self._fingerprint() != self.revision:
                try:
                    self.alignment = read_tei(self.path)
                except InputError as exc:
                    raise Refused(409, f"the file changed on disk and cannot be read any more: {exc}") from None
                self.revision = self._fingerprint()
        a = self.alignment
        return {
            "revision": self.revision,
            "readOnly": self.read_only,
            "editor": self.editor,
            "file": self.path.name,
            "doubtfulBelow": DOUBTFUL_BELOW,
            "src": _side(a.src, a.src_range),
            "tgt": _side(a.tgt, a.tgt_range),
            "beads": [{"src": list(b.src), "tgt": list(b.tgt), "confidence": round(b.confidence, 4), "resp": b.resp}
                      for b in a.beads],
        }

    def save(self, request: object) -> Saved:
        """Check a save request (``{"revision": ..., "beads": [...]}``) and write the files.

        Raises:
            Refused: 400 malformed or invalid, 403 read-only, 409 stale; nothing written.
        """
        if not isinstance(request, dict) or not isinstance(request.get("revision"), str):
            raise Refused(400, "expected a JSON object with 'revision' and 'beads'")
        try:
            beads = parse_beads(request.get("beads"))
        except InputError as exc:
            raise Refused(400, f"malformed edit: {exc}; nothing was written") from None
        with self._lock:
            if self.read_only:
                raise Refused(403, f"opened read-only: {self.read_only}; nothing was written")
            if request["revision"] != self.revision:
                raise Refused(409, "this page shows an older state of the alignment (it was saved since, from "
                                   "another page); reload to see it. Nothing was written")
            self._check_unchanged()
            problems = coverage_problems(beads, self.alignment)
            if problems:
                raise Refused(400, f"not saved: {'; '.join(problems)}")
            when = datetime.now(timezone.utc).isoformat(timespec="seconds")
            edited, changes = apply(self.alignment, beads, self.editor, when)
            if not changes:
                return Saved(self.revision, "nothing to save: the alignment is as it was")
            files = self._planned(edited)
            problems = self.checker.problems(files)
            if problems:
                raise Refused(400, f"not saved: the result would not be valid TEI ({'; '.join(problems[:3])})")
            self._check_unchanged()
            for path in sorted(files, key=lambda p: p == self.path):  # the stand-off file last
                write_atomic(path, files[path])
            self.alignment = read_tei(self.path)
            self.revision = self._fingerprint()
            return Saved(self.revision, f"saved {self.path.name}: {changes.made} link(s) made, {changes.removed} "
                                        f"replaced, {changes.confirmed} confirmed")

    def _check_unchanged(self) -> None:
        if self._fingerprint() != self.revision:
            raise Refused(409, f"{self.path.name} changed on disk since it was opened (another program or person "
                               "wrote it); nothing was written. Reload the page to load that version")


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def _side(document: Any, span: tuple[int, int]) -> dict[str, Any]:
    return {"lang": document.lang, "label": document.label, "first": span[0],
            "sentences": [document.sentences[i].text for i in range(*span)]}
