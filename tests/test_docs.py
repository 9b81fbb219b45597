"""The README's commands run as written, and the command reference is the CLI's own."""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import urllib.request

import pytest

from .conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"


def readme_commands() -> list[str]:
    """Every command of the README's ``sh`` blocks, continuation lines joined and trailing
    comments removed, in order."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            command = line.split(" #")[0].strip()
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


def test_the_readme_is_a_door():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 150
    commands = readme_commands()
    assert commands[:2] == ["make align", "make test"]
    assert {command.split()[1] for command in commands[2:]} == {"align", "view", "edit"}
    # Every page the README links to is there.
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README.read_text(encoding="utf-8")):
        assert (ROOT / target).is_file(), target


def test_every_docs_link_resolves():
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).is_file(), f"{page.name}: {target}"


def test_the_command_reference_is_generated_from_the_cli():
    checked = subprocess.run([sys.executable, str(DOCS / "commands.py"), "--check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_the_make_targets_the_readme_names_exist():
    for command in readme_commands():
        if command.startswith("make "):
            dry = subprocess.run(["make", "-n", *command.split()[1:]], cwd=ROOT, capture_output=True, text=True)
            assert dry.returncode == 0, (command, dry.stderr)
    # `make align` is the main job the committed outputs come from (tests/test_quality.py runs it).
    assert "output_tei/zinoviev-kamenev.tei.xml" in subprocess.run(
        ["make", "-n", "align"], cwd=ROOT, capture_output=True, text=True).stdout


@pytest.mark.slow
def test_every_aligner_command_of_the_readme_runs_as_written(tmp_path):
    """In a fresh folder that holds the project's corpora and this environment as
    ``.venv``: align, view and edit, each exactly as the README writes it."""
    (tmp_path / "corpora").symlink_to(ROOT / "corpora")
    (tmp_path / ".venv").symlink_to(sys.prefix)  # the environment running the tests
    assert (tmp_path / ".venv" / "bin" / "aligner").exists(), "aligner is not installed in this environment"
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER")}
    env["ALIGNER_CACHE_DIR"] = str(tmp_path / "cache")
    for command in readme_commands():
        if command.startswith("make "):
            continue
        words = shlex.split(command)
        words[0] = str(tmp_path / words[0])  # .venv/bin/aligner, from the fresh folder
        if words[1] == "edit":
            editor = subprocess.Popen(words, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      text=True)
            try:
                assert editor.stdout is not None
                line = editor.stdout.readline()
                address = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
                assert address, line
                with urllib.request.urlopen(address.group(), timeout=30) as response:
                    assert response.status == 200
                    assert "aligner" in response.read().decode("utf-8")
            finally:
                editor.send_signal(signal.SIGINT)
                editor.wait(timeout=30)
            continue
        done = subprocess.run(words, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, (command, done.stderr)
    assert (tmp_path / "zk.tei.xml").is_file() and (tmp_path / "zk.tsv").is_file()
    assert "zinoviev" in (tmp_path / "zk.html").read_text(encoding="utf-8").lower()
