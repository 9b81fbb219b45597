"""Embedding cache: a second run embeds nothing and loads no model; --no-cache bypasses it."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from typer.testing import CliRunner

from aligner import embed
from aligner.cache import CachedEncoder, EmbeddingCache
from aligner.cli import app

from .conftest import DATA, FakeEncoder

runner = CliRunner()


@pytest.fixture
def counted(monkeypatch):
    calls = {"built": 0, "texts": 0}
    seen = []

    class Counting(FakeEncoder):
        def encode(self, texts):
            calls["texts"] += len(texts)
            seen.extend(texts)
            return super().encode(texts)

    def build(model="usem3", threads=None):
        calls["built"] += 1
        return Counting()

    monkeypatch.setattr(embed, "load_encoder", build)
    calls["seen"] = seen
    return calls


def test_second_run_loads_no_model(tmp_path, counted):
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / f"{run}.tsv"
        result = runner.invoke(app, ["align", str(DATA / "zk.de.txt"), str(DATA / "zk.en.txt"), "--presegmented",
                                     "-f", "tsv", "-o", str(out), "--cache-dir", str(tmp_path / "cache")])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
        if run == "first":
            assert counted["built"] == 1 and counted["texts"] > 0
            first_texts = counted["texts"]
    assert counted["built"] == 1 and counted["texts"] == first_texts  # nothing embedded the second time
    assert "0 embedded" in result.output
    assert outputs[0] == outputs[1]


def test_no_cache_embeds_every_time(tmp_path, counted):
    for _ in range(2):
        result = runner.invoke(app, ["align", str(DATA / "small.de.txt"), str(DATA / "small.en.txt"), "-q",
                                     "-o", str(tmp_path / "o.tei.xml"), "--no-cache",
                                     "--cache-dir", str(tmp_path / "c")])
        assert result.exit_code == 0, result.output
    assert counted["built"] == 2 and not (tmp_path / "c").exists()


def test_a_run_without_the_cache_embeds_no_text_twice(tmp_path, counted):
    """A raw German text located in a longer one: sentences reach the model in the locate
    scan, its window, the span tables and the null sample, but each only once."""
    book = tmp_path / "book.de.txt"
    article = tmp_path / "article.en.txt"
    book.write_text((DATA / "small.de.txt").read_text(encoding="utf-8") * 4, encoding="utf-8")
    article.write_text((DATA / "small.en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["align", str(book), str(article), "-q", "--no-cache",
                                 "-o", str(tmp_path / "o.tsv"), "-f", "tsv"])
    assert result.exit_code == 0, result.output
    assert counted["seen"] and len(counted["seen"]) == len(set(counted["seen"]))


def test_environment_variable_sets_the_folder(tmp_path, counted, monkeypatch):
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(tmp_path / "from-env"))
    result = runner.invoke(app, ["align", str(DATA / "small.de.txt"), str(DATA / "small.en.txt"), "-q",
                                 "-o", str(tmp_path / "o.tei.xml")])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "from-env").glob("*.sqlite"))


def test_concurrent_writers_share_one_cache(tmp_path):
    texts = [f"sentence number {k}" for k in range(300)]
    errors = []

    def work(offset: int) -> None:
        try:
            cache = EmbeddingCache(tmp_path, "model-x")
            encoder = CachedEncoder(FakeEncoder, "model-x", cache)
            vectors = encoder.encode(texts[offset:] + texts[:offset])
            assert vectors.shape == (300, FakeEncoder().dim)
            cache.close()
        except Exception as exc:  # noqa: BLE001 - collected and re-raised below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k * 50,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    cache = EmbeddingCache(tmp_path, "model-x")
    found = cache.get(texts)
    assert len(found) == 300
    assert np.allclose(found[texts[7]], FakeEncoder().encode([texts[7]])[0])


def test_unusable_cache_folder_is_a_clear_error(tmp_path, counted):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["align", str(DATA / "small.de.txt"), str(DATA / "small.en.txt"), "-q",
                                 "-o", str(tmp_path / "o.tei.xml"), "--cache-dir", str(blocker / "sub")])
    assert result.exit_code == 1 and "embedding cache" in result.output and "--no-cache" in result.output


def test_segmentation_is_cached_and_invalidated_by_content(tmp_path):
    from aligner.text.document_cache import cached_read_document
    from aligner.text.read import read_document

    text = tmp_path / "de.txt"
    text.write_text("Erster Satz. Zweiter Satz.\n\nDritter Satz.\n", encoding="utf-8")
    fresh = read_document(text, "de")
    first = cached_read_document(text, "de", folder=tmp_path / "c")
    second = cached_read_document(text, "de", folder=tmp_path / "c")
    assert first == fresh and second == fresh
    assert len(list((tmp_path / "c" / "documents").iterdir())) == 1
    text.write_text("Ganz anderer Text. Mit zwei Sätzen.\n", encoding="utf-8")
    changed = cached_read_document(text, "de", folder=tmp_path / "c")
    assert [s.text for s in changed.sentences] == ["Ganz anderer Text.", "Mit zwei Sätzen."]
    assert len(list((tmp_path / "c" / "documents").iterdir())) == 2
