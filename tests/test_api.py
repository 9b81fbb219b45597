"""The Python API: aligner.align / aligner.read, as docs/python.md shows them."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

import aligner
from aligner import embed
from aligner.cli import app

from .conftest import DATA, ROOT

runner = CliRunner()


@pytest.mark.slow
def test_the_documented_example_runs_as_written(tmp_path, monkeypatch, real_encoder, capsys):
    monkeypatch.setattr(embed, "load_encoder", lambda model="usem3", threads=None: real_encoder)
    page = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    found = re.search(r"```python\n(.*?)```", page, re.S)
    assert found, "docs/python.md shows no Python example"
    code = found.group(1)
    monkeypatch.chdir(ROOT)
    code = code.replace('alignment.write("zk.tsv")', f'alignment.write({str(tmp_path / "zk.tsv")!r})')
    exec(compile(code, "docs/python.md", "exec"), {})  # noqa: S102 - the page's own example
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 3 and all(re.match(r"\d\.\d\d  .+  \|  .+", line) for line in printed), printed
    rows = (tmp_path / "zk.tsv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("src_ids\ttgt_ids") and len(rows) > 100


def test_api_and_cli_give_the_same_tei(tmp_path, fake_model, monkeypatch):
    monkeypatch.chdir(ROOT)
    src, tgt = "tests/data/small.de.txt", "tests/data/small.en.txt"
    out = tmp_path / "cli.tei.xml"
    assert runner.invoke(app, ["align", src, tgt, "-o", str(out), "-q"]).exit_code == 0
    alignment = aligner.align(src, tgt)
    assert alignment.to_tei().encode("utf-8") == out.read_bytes()
    alignment.write(tmp_path / "api.tei.xml")
    assert (tmp_path / "api.tei.xml").read_bytes() == out.read_bytes()
    assert aligner.read(out).beads == alignment.beads


def test_texts_and_lists_of_sentences(fake_model):
    german = ["Der Prozess begann im August.", "Er dauerte fünf Tage.", "Sechzehn Männer standen vor Gericht."]
    english = "The trial began in August. It lasted five days. Sixteen men stood trial."
    alignment = aligner.align(german, english, "de", "en")
    assert [s.text for s in alignment.src.sentences] == german  # a list is taken as it is
    assert len(alignment.tgt.sentences) == 3  # a text is split
    pairs = list(alignment)
    assert len(pairs) == len(alignment) and all(isinstance(pair, aligner.AlignedPair) for pair in pairs)
    linked = [pair for pair in pairs if pair.src and pair.tgt]
    assert linked and all(pair.src_text and pair.tgt_text for pair in linked)
    frame = alignment.to_dataframe()
    assert list(frame.columns) == ["src_ids", "tgt_ids", "src_text", "tgt_text", "kind", "score", "confidence"]
    assert len(frame) == len(alignment)
    html = alignment._repr_html_()
    assert html.startswith("<iframe sandbox=\"allow-scripts\" srcdoc=") and "Der Prozess begann im August." in html


def test_settings_by_name(fake_model):
    alignment = aligner.align(DATA / "small.de.txt", DATA / "small.en.txt", "de", "en", max_bead_total=2,
                              skip_score=-0.5, preset="bertalign")
    assert alignment.config.max_bead_total == 2 and alignment.config.scoring.skip_score == -0.5
    assert alignment.config.scoring.margin_weight == 1.0  # from the preset
    assert all(len(bead.src) + len(bead.tgt) <= 2 for bead in alignment.beads)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: aligner.align("nowhere/at-all.txt", "Ein Text.", "de", "en"), "nowhere/at-all.txt: no such file"),
    (lambda: aligner.align(DATA / "small.de.txt", DATA / "small.en.txt", "german", "en"),
     "language 'german' is not a language code"),
    (lambda: aligner.align(DATA / "small.de.txt", DATA / "small.en.txt", "de", "en", skip_scor=-1),
     "unknown setting 'skip_scor'"),
    (lambda: aligner.align(["ok", ""], "Ein Text.", "de", "en"), "no empty one"),
    (lambda: aligner.align(42, "Ein Text.", "de", "en"), "expected a path, a text or a list of sentences"),
    (lambda: aligner.read(DATA / "zk.gold.txt"), "not well-formed XML"),
])
def test_bad_input_is_an_input_error(fake_model, call, message):
    with pytest.raises(aligner.InputError, match=re.escape(message)):
        call()


def test_to_dataframe_without_pandas_says_what_to_install(fake_model, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("no pandas here")
        return real_import(name, *args, **kwargs)

    alignment = aligner.align(DATA / "small.de.txt", DATA / "small.en.txt", "de", "en")
    monkeypatch.setattr(builtins, "__import__", no_pandas)
    with pytest.raises(aligner.AlignerError, match=r"pip install 'aligner\[pandas\]'"):
        alignment.to_dataframe()


def test_help_says_what_each_argument_takes():
    doc = aligner.align.__doc__
    for name in ("src:", "tgt:", "src_lang:", "tgt_lang:", "model:", "preset:", "cache:", "**settings:"):
        assert name in doc
