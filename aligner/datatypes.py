"""Data types: the frozen objects the pipeline stages pass to each other."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from aligner.config import AlignConfig
from aligner.languages import joiner, text_ids


@dataclass(frozen=True)
class Paragraph:
    """A paragraph or heading; ``start``/``end`` are character offsets into the original text."""

    index: int
    start: int
    end: int
    heading: bool = False


@dataclass(frozen=True)
class Sentence:
    """One sentence: cleaned text plus ``[start, end)`` offsets into the original text.

    ``original[start:end]`` holds the sentence as the file has it (with its line breaks,
    doubled spaces and end-of-line hyphens); ``text`` is the cleaned form.
    """

    index: int
    text: str
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class Document:
    """A text in one language, split into paragraphs and sentences.

    ``original`` is the decoded file content (BOM removed, line ends kept), the text
    all offsets point into. ``title`` and ``author`` describe the work for the TEI
    header (empty when not given). ``notes`` are what reading it found worth a warning.
    ``sentence_ids`` are the ids the input gave its sentences (XML ``<s>``; empty when it
    gave none, "" for one without); ``source_format`` names the format the text was
    extracted from (``docx``, ``xml``, ...; "" for plain text), into which offsets point.
    """

    name: str
    lang: str
    original: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    path: str = ""
    original_length: int | None = None
    title: str = ""
    author: str = ""
    notes: tuple[str, ...] = ()
    sentence_ids: tuple[str, ...] = ()
    source_format: str = ""

    @property
    def length(self) -> int:
        """Characters in the file (``original_length`` when read back from TEI, which does
        not hold the original text)."""
        return len(self.original) if self.original_length is None else self.original_length

    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]

    def joined(self, indices: tuple[int, ...] | list[int]) -> str:
        """The text of some of its sentences, joined as the language writes them: with a
        space, or without one in Chinese and Japanese."""
        return joiner(self.lang).join(self.sentences[i].text for i in indices)

    @property
    def label(self) -> str:
        """How outputs name the work: its author and title ("Leon Trotsky: Zinoviev and
        Kamenev"), the file name standing in for a title not given."""
        title = self.title or self.name
        return f"{self.author}: {title}" if self.author else title


class BeadIds(NamedTuple):
    """A bead as its two sides' sentence indices, nothing else (what a ladder file or a
    gold alignment holds). Equal to, and hashed as, the plain pair of tuples."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]

    @property
    def linked(self) -> bool:
        """True if both sides hold sentences (not a 1-0 or 0-1 bead)."""
        return bool(self.src and self.tgt)


@dataclass(frozen=True)
class Bead:
    """One m:n link: sentence indices of each side (either may be empty), the score the DP
    used, the confidence in [0, 1], and ``z``, how far the pair's similarity stands above
    random pairs (for a skip: that of the best partner nearby).

    ``resp`` names the person who made or confirmed the link by hand (``aligner edit``);
    empty for a link as the aligner made it. A link a person made has confidence 1 and,
    when the aligner never scored it, a score and z of NaN.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0
    confidence: float = 0.0
    z: float = 0.0
    resp: str = ""

    @property
    def manual(self) -> bool:
        """True if a person made or confirmed this link."""
        return bool(self.resp)

    @property
    def kind(self) -> str:
        """The bead type as text: ``"2-1"``."""
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def linked(self) -> bool:
        """True if both sides hold sentences (not a 1-0 or 0-1 bead)."""
        return bool(self.src and self.tgt)

    @property
    def ids(self) -> BeadIds:
        """The bead's sentence indices, nothing else."""
        return BeadIds(self.src, self.tgt)

    @classmethod
    def rounded(cls, src: tuple[int, ...], tgt: tuple[int, ...], score: float, confidence: float, z: float) -> Bead:
        """A bead with its figures at the precision the outputs carry (score and
        confidence 4 decimals, z 3), so that an alignment read back from its TEI equals
        the one written."""
        return cls(src, tgt, round(score, 4), round(confidence, 4), round(z, 3))


@dataclass(frozen=True)
class Revision:
    """One round of corrections by hand: when (ISO 8601, UTC), by whom, and what changed."""

    when: str
    who: str
    description: str


@dataclass(frozen=True)
class AlignedPair:
    """One bead with its texts, as iterating over an :class:`Alignment` gives it:
    ``src_text``/``tgt_text`` join the bead's sentences ("" for an empty side)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    src_text: str
    tgt_text: str
    kind: str
    score: float
    confidence: float


@dataclass(frozen=True)
class Alignment:
    """The result: two documents, the sentence ranges aligned, and the beads.

    ``src_range``/``tgt_range`` are half-open sentence-index ranges; sentences outside
    them (the rest of a book around the located chapter) are not part of the alignment.
    ``credibility`` is the median z-score of the linked beads (see
    ``aligner.core.confidence.credibility``). ``revisions`` are the rounds of corrections
    by hand, oldest first (``aligner edit``).
    """

    src: Document
    tgt: Document
    beads: tuple[Bead, ...]
    src_range: tuple[int, int]
    tgt_range: tuple[int, int]
    config: AlignConfig = field(default_factory=AlignConfig)
    model_name: str = ""
    credibility: float = 0.0
    revisions: tuple[Revision, ...] = ()

    def __iter__(self) -> Iterator[AlignedPair]:
        """The beads in order, each with its texts."""
        for bead in self.beads:
            yield AlignedPair(bead.src, bead.tgt, self.src.joined(bead.src), self.tgt.joined(bead.tgt), bead.kind,
                              bead.score, bead.confidence)

    def __len__(self) -> int:
        return len(self.beads)

    def to_dataframe(self) -> Any:
        """The beads as a pandas DataFrame, one row each: ``src_ids``, ``tgt_ids``,
        ``src_text``, ``tgt_text``, ``kind``, ``score``, ``confidence``.

        Raises:
            AlignerError: pandas is not installed (``pip install 'aligner[pandas]'``).
        """
        pandas = _pandas()
        return pandas.DataFrame(
            [(pair.src, pair.tgt, pair.src_text, pair.tgt_text, pair.kind, pair.score, pair.confidence)
             for pair in self],
            columns=["src_ids", "tgt_ids", "src_text", "tgt_text", "kind", "score", "confidence"])


def _pandas() -> Any:
    """pandas, or an AlignerError saying how to install it."""
    try:
        import pandas
    except ImportError:
        from aligner.errors import AlignerError

        raise AlignerError("to_dataframe needs pandas, which is not installed: pip install "
                           "'aligner[pandas]' (or pandas)") from None
    return pandas


@dataclass(frozen=True)
class Row:
    """One row of an alignment of several versions: each version's run of consecutive
    sentences in it (possibly empty), and each version's confidence in its part of the row
    (for a version with an empty run: that it has nothing here; the pivot's is 1, the
    reference of the others). ``resp`` names who made the row by hand (empty: the aligner)."""

    runs: tuple[tuple[int, ...], ...]
    confidences: tuple[float, ...]
    resp: str = ""

    @property
    def confidence(self) -> float:
        """The row's confidence: its least sure version's."""
        return min(self.confidences)

    @property
    def kind(self) -> str:
        """The row type as text, one count per version: ``"1-2-1"``."""
        return "-".join(str(len(run)) for run in self.runs)

    @property
    def manual(self) -> bool:
        return bool(self.resp)


@dataclass(frozen=True)
class VersionRow:
    """One row with its texts, as iterating over :class:`Versions` gives it."""

    runs: tuple[tuple[int, ...], ...]
    texts: tuple[str, ...]
    kind: str
    confidence: float
    confidences: tuple[float, ...]


@dataclass(frozen=True)
class Versions:
    """One alignment of several versions of a text (a text and its translations, or
    several translations of one original): the documents, in the order given, and rows
    that cover every sentence of every version once, in order (see :class:`Row`).

    ``pivot`` is the version the others were aligned through; ``credibility`` each
    version's credibility against the versions before it (the pivot's: 0); ``unaligned``
    the versions left out of every row but their own (not credible: not a translation of
    the others), whose sentences are rows of their own at the end. Two versions of it as a
    pairwise :class:`Alignment`: :meth:`pair`.
    """

    documents: tuple[Document, ...]
    rows: tuple[Row, ...]
    config: AlignConfig = field(default_factory=AlignConfig)
    model_name: str = ""
    pivot: int = 0
    credibility: tuple[float, ...] = ()
    unaligned: tuple[int, ...] = ()
    revisions: tuple[Revision, ...] = ()

    def __iter__(self) -> Iterator[VersionRow]:
        for row in self.rows:
            yield VersionRow(row.runs, tuple(document.joined(run) for document, run in zip(self.documents, row.runs,
                                                                                              strict=True)),
                             row.kind, row.confidence, row.confidences)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def ids(self) -> tuple[str, ...]:
        """Each version's text id (``en``; ``en1``, ``en2`` for two English versions)."""
        return text_ids([document.lang for document in self.documents])

    def ranges(self) -> tuple[tuple[int, int], ...]:
        """Each version's aligned sentences, ``[first, last + 1)`` (whole documents)."""
        return tuple((0, len(document.sentences)) for document in self.documents)

    def version(self, name: str | int) -> int:
        """The index of a version named by its 0-based index, its file name, its text id
        (``en``, ``en2``: :attr:`ids`) or its language when only one
        version has it.

        Raises:
            InputError: no version, or several, answer to that name.
        """
        from aligner.errors import InputError

        if isinstance(name, int) or str(name).isdigit():
            index = int(name)
            if 0 <= index < len(self.documents):
                return index
        ids = self.ids
        found = [k for k, document in enumerate(self.documents)
                 if name in (document.name, ids[k]) or (name == document.lang and
                                                          sum(d.lang == name for d in self.documents) == 1)]
        if len(found) != 1:
            names = ", ".join(f"{ids[k]} ({document.name})" for k, document in enumerate(self.documents))
            raise InputError(f"no single version is called {name!r}; the versions are {names}")
        return found[0]

    def pair(self, a: str | int, b: str | int) -> Alignment:
        """Versions ``a`` and ``b`` as a pairwise alignment: each row's runs of the two,
        rows holding neither left out; a bead's confidence is the lesser of the two
        versions' in the row."""
        first, second = self.version(a), self.version(b)
        beads = tuple(Bead(row.runs[first], row.runs[second], math.nan,
                           min(row.confidences[first], row.confidences[second]), math.nan, row.resp)
                      for row in self.rows if row.runs[first] or row.runs[second])
        one, two = self.documents[first], self.documents[second]
        return Alignment(one, two, beads, (0, len(one.sentences)), (0, len(two.sentences)), self.config,
                         self.model_name, 0.0)

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame: for each version (by its text id) a column of
        sentence ids and one of text, then ``kind`` and ``confidence``.

        Raises:
            AlignerError: pandas is not installed.
        """
        pandas = _pandas()
        ids = self.ids
        records = [{**{f"{ids[v]}_ids": run for v, run in enumerate(item.runs)},
                    **{f"{ids[v]}_text": text for v, text in enumerate(item.texts)},
                    "kind": item.kind, "confidence": item.confidence} for item in self]
        return pandas.DataFrame(records, columns=[f"{i}_ids" for i in ids] + [f"{i}_text" for i in ids]
                                + ["kind", "confidence"])
