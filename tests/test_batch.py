"""Batch: many pairs, resumable, a failing pair reported without stopping the others."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from aligner import embed
from aligner.batch import read_manifest
from aligner.cli import app
from aligner.errors import InputError
from aligner.formats.tei_check import validate

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


def test_missing_folders_are_made_and_several_formats_written(tmp_path, monkeypatch):
    monkeypatch.setattr(embed, "load_encoder", lambda model="usem3", threads=None: FakeEncoder())
    path = manifest(tmp_path, [f"{DATA / 'small.de.txt'}\t{DATA / 'small.en.txt'}\tnew/deeper/a.tei.xml",
                               f"{DATA / 'small.de.txt'}\t{DATA / 'small.en.txt'}\tnew/b.html"])
    result = runner.invoke(app, ["batch", str(path), "--jobs", "1", "-f", "tei", "-f", "tsv", "-q"])
    assert result.exit_code == 1, result.output  # b.html: its ending names another format than tei
    assert "2 done" not in result.output and "1 done, 0 skipped, 1 failed" in result.output
    assert "the ending '.html' is that of the html format" in result.output
    assert sorted(p.name for p in (tmp_path / "new" / "deeper").iterdir()) == ["a.tei.xml", "a.tsv"]
    again = runner.invoke(app, ["batch", str(path), "--jobs", "1", "-f", "tei", "-f", "tsv", "-q"])
    assert "0 done, 1 skipped, 1 failed" in again.output  # both of a's files exist: skipped
    (tmp_path / "new" / "deeper" / "a.tsv").unlink()
    third = runner.invoke(app, ["batch", str(path), "--jobs", "1", "-f", "tei", "-f", "tsv", "-q"])
    assert "1 done, 0 skipped, 1 failed" in third.output  # one of them missing: done again


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.add(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_batch_stops_its_workers_and_resumes(tmp_path, signum):
    """A real batch in a subprocess, the real model in two worker processes, a signal to
    the main process once the first output is written."""
    lines = [f"{DATA / 'zk.de.txt'}\t{DATA / 'zk.en.txt'}\tout/pair{k}.tsv" for k in range(10)]
    path = manifest(tmp_path, lines)
    command = [sys.executable, "-m", "aligner", "batch", str(path), "--jobs", "2", "--no-cache"]
    # PYTHONFAULTHANDLER: should a process hang, SIGABRT prints where each of its threads is.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, env={**os.environ, "PYTHONFAULTHANDLER": "1"})
    try:
        deadline = time.monotonic() + 180
        while not list((tmp_path / "out").glob("*.tsv")) and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            time.sleep(0.1)
        workers = _children(process.pid)
        assert len(workers) >= 2  # the two workers (and the pool's helper, if any)
        process.send_signal(signum)
        started = time.monotonic()
        try:
            out, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            for pid in {process.pid, *_children(process.pid)}:
                os.kill(pid, signal.SIGABRT)
            out, err = process.communicate(timeout=30)
            pytest.fail(f"the batch did not stop within 30 s of the signal; where it hung:\n{err}")
        assert time.monotonic() - started < 10, "took too long to stop"
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, (out, err)
    written = sorted((tmp_path / "out").glob("*.tsv"))
    assert 1 <= len(written) < 10
    assert f"interrupted: {len(written)} pair(s) aligned and written in this run" in err, err
    assert "run the same command again to resume" in err
    time.sleep(1)
    assert not [pid for pid in workers if _alive(pid)]  # no worker left behind
    assert not list((tmp_path / "out").glob(".*.tmp"))  # nothing half-written
    resumed = subprocess.run([*command[:-1], "--cache-dir", str(tmp_path / "cache"), "-q"], capture_output=True,
                             text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{10 - len(written)} done, {len(written)} skipped, 0 failed" in resumed.stdout


WRITER = """
import os, sys, time
from pathlib import Path
from aligner.batch import _worker_start
from aligner.atomic import write_atomic
_worker_start()
os.fsync = lambda fd: time.sleep(60)  # hold the write between the temporary file and its rename
write_atomic(Path(sys.argv[1]), b"half")
"""


def test_a_worker_stopped_while_writing_leaves_no_temporary_file(tmp_path):
    """The main process stops its workers with SIGTERM; one caught in the middle of
    writing an output removes its temporary file on the way out."""
    target = tmp_path / "pair.tsv"
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".pair.tsv.*.tmp")) and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        assert list(tmp_path.glob(".pair.tsv.*.tmp"))
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_temporaries_left_by_killed_writers_are_removed_and_nothing_else(tmp_path):
    from aligner.atomic import remove_temporaries, write_atomic

    target = tmp_path / "pair.tsv"
    write_atomic(target, b"done")
    for name in (".pair.tsv.abc123.tmp", ".other.tsv.abc123.tmp", "pair.tsv.tmp"):
        (tmp_path / name).write_bytes(b"x")
    remove_temporaries(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.tsv.abc123.tmp", "pair.tsv", "pair.tsv.tmp"]


def test_a_worker_loads_the_model_once_for_all_its_pairs(tmp_path, monkeypatch):
    built = []
    monkeypatch.setattr(embed, "load_encoder", lambda model="usem3", threads=None: built.append(1) or FakeEncoder())
    from aligner import batch

    monkeypatch.setattr(batch, "_ENCODERS", {})
    path = manifest(tmp_path, [f"{DATA / 'small.de.txt'}\t{DATA / 'small.en.txt'}\tout/{k}.tsv\tde\ten"
                               for k in range(3)])
    result = runner.invoke(app, ["batch", str(path), "--jobs", "1", "--no-cache", "-q"])
    assert result.exit_code == 0 and "3 done" in result.output, result.output
    assert len(built) == 1  # one model for the three pairs


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_a_batch_on_a_real_dask_cluster_survives_a_killed_worker(tmp_path):
    """A Dask scheduler and two worker processes on 127.0.0.1, started from the project's
    environment; one worker is killed while it aligns; every pair is still written, valid,
    and equal to what the local batch writes for it."""
    dask = str(Path(sys.executable).with_name("dask"))
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 **quiet)
    workers = []
    try:
        for _ in range(2):
            workers.append(subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--no-nanny", "--host",
                                             "127.0.0.1", "--no-dashboard"], **quiet))
        pairs = 6
        path = manifest(tmp_path, [f"{DATA / 'zk.de.txt'}\t{DATA / 'zk.en.txt'}\tout/pair{k}.tei.xml\tde\ten"
                                   for k in range(pairs)])
        batch = subprocess.Popen([sys.executable, "-m", "aligner", "batch", str(path), "--scheduler", address,
                                  "--no-cache"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 300
        while not list((tmp_path / "out").glob("*.tei.xml")) and time.monotonic() < deadline:
            assert batch.poll() is None, batch.communicate()
            time.sleep(0.1)
        workers[0].kill()  # a worker dies in the middle of the batch
        out, err = batch.communicate(timeout=300)
        assert batch.returncode == 0, (out, err)
        assert f"{pairs} done, 0 skipped, 0 failed" in out
    finally:
        for process in [*workers, scheduler]:
            process.kill()
            process.wait()
    (tmp_path / "local").mkdir()
    local = manifest(tmp_path / "local", [f"{DATA / 'zk.de.txt'}\t{DATA / 'zk.en.txt'}\tout/pair0.tei.xml\tde\ten"])
    done = subprocess.run([sys.executable, "-m", "aligner", "batch", str(local), "--no-cache", "-q"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    expected = (tmp_path / "local" / "out" / "pair0.tei.xml").read_bytes()
    for k in range(pairs):
        written = tmp_path / "out" / f"pair{k}.tei.xml"
        assert validate(etree.parse(str(written))) == [], written
        assert written.read_bytes() == expected  # the same as the local batch's
    assert not list((tmp_path / "out").glob(".*.tmp"))  # nor anything the killed worker was writing
