"""Write docs/commands.md, the command reference, from the command-line interface itself.

Usage: .venv/bin/python docs/commands.py [--check]

Every command, its arguments and options, their defaults and help are read from the
typer application (``aligner.cli.app``), so the reference cannot drift from the tool;
``--check`` exits 1 when the committed file differs from what it would write (a test
runs it).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligner.cli import app  # noqa: E402

REFERENCE = ROOT / "docs" / "commands.md"


def _paragraphs(text: str) -> str:
    """A docstring's paragraphs, each on one line."""
    blocks = [" ".join(line.strip() for line in block.splitlines()) for block in (text or "").strip().split("\n\n")]
    return "\n\n".join(block for block in blocks if block)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def command_section(name: str, command: Any) -> list[str]:
    """One command: its usage line, its help, and a table of its arguments and options as
    its ``--help`` lists them (typer carries its own copy of click, so its objects are
    read through the help records they give)."""
    context = command.context_class(command, info_name=f"aligner {name}")
    usage = " ".join(command.collect_usage_pieces(context))
    lines = [f"## aligner {name}", "", "```", f"aligner {name} {usage}", "```", "", _paragraphs(command.help or ""), ""]
    records = [record for param in command.params if not getattr(param, "hidden", False)
               for record in [param.get_help_record(context)] if record]
    if records:
        lines += ["| argument or option | what it is |", "|---|---|"]
        lines += [f"| `{_cell(names)}` | {_cell(text)} |" for names, text in records]
        lines.append("")
    return lines


def reference() -> str:
    group = typer.main.get_command(app)
    context = group.context_class(group, info_name="aligner")
    lines = ["# Command reference", "",
             "Generated from the command-line interface by `docs/commands.py`; do not edit by hand. "
             "`aligner COMMAND --help` prints the same.", "",
             _paragraphs(group.help or ""), "",
             "| command | what it does |", "|---|---|"]
    names = group.list_commands(context)
    for name in names:
        command = group.get_command(context, name)
        assert command is not None
        lines.append(f"| [`{name}`](#aligner-{name}) | {_cell(_paragraphs(command.help or '').split(chr(10))[0])} |")
    lines.append("")
    for name in names:
        command = group.get_command(context, name)
        assert command is not None
        lines += command_section(name, command)
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    text = reference()
    if "--check" in sys.argv[1:]:
        if not REFERENCE.is_file() or REFERENCE.read_text(encoding="utf-8") != text:
            print(f"{REFERENCE.relative_to(ROOT)} is stale: run .venv/bin/python docs/commands.py", file=sys.stderr)
            return 1
        return 0
    REFERENCE.write_text(text, encoding="utf-8")
    print(f"wrote {REFERENCE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
