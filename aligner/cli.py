"""Command line: parse arguments, call the library, turn errors into messages and exit codes.

Exit codes: 0 success, 1 bad input or arguments (a one-line message), 2 internal error.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from aligner import __version__
from aligner.config import DEFAULT_MODEL, MAX_BEAD_TOTAL
from aligner.errors import AlignerError, InputError
from aligner.formats import FORMATS, SUFFIXES, choose_formats, stem_of

if TYPE_CHECKING:
    from aligner.config import AlignConfig

def _usage_exits_one(exc: BaseException) -> None:
    """Make a usage error (unknown option, missing argument, bad choice) exit 1. Typer may
    bring its own copy of click's exceptions, so the class is recognised by name."""
    if any(kind.__name__ == "UsageError" for kind in type(exc).__mro__) and hasattr(exc, "exit_code"):
        exc.exit_code = 1


class _Commands(TyperGroup):
    """The command group, with usage errors exiting 1 like every other user error; 2 is
    kept for internal errors."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except Exception as exc:
            _usage_exits_one(exc)
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            _usage_exits_one(exc)
            raise


app = typer.Typer(
    cls=_Commands,
    help="Align a text and its translation sentence by sentence; write TEI and other formats.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
logger = logging.getLogger("aligner")
T = TypeVar("T")


Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


def _run(action: Callable[[], T]) -> T:
    """Run a command body: AlignerError -> message and exit 1, anything else -> exit 2."""
    try:
        return action()
    except typer.Exit:
        raise
    except AlignerError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        typer.echo("interrupted; outputs are written whole or not at all (a previous file stays as it was)",
                   err=True)
        raise typer.Exit(130) from None
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if logger.isEnabledFor(logging.DEBUG):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback; "
                   "please report it with the command you ran)", err=True)
        raise typer.Exit(2) from None


def _setup_logging(quiet: bool, debug: bool) -> None:
    from aligner.progress import ProgressHandler

    level = logging.DEBUG if debug else logging.WARNING if quiet else logging.INFO
    handler = ProgressHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = [handler]
    logger.setLevel(level)
    logger.propagate = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aligner {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """aligner: sentence alignment of a text and its translation."""


@app.command()
def align(
    inputs: Annotated[list[Path], typer.Argument(help="A text and its translation (SRC TGT), or three or more "
                                                 "versions of one text (A B C ...).", metavar="SRC TGT [MORE...]")],
    src_lang: Annotated[str | None, typer.Option(help="Language of SRC, an ISO 639-1 or 639-3 code (default: "
                                                 "detected from the text).")] = None,
    tgt_lang: Annotated[str | None, typer.Option(help="Language of TGT (default: detected from the text).")] = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", help="Language of each input, in order (repeat it; "
                                                   "for several versions; default: detected).")] = None,
    pivot: Annotated[Path | None, typer.Option(help="Several versions: the one the others are aligned through "
                                               "(default: the first).")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file (default: SRC-TGT.tei.xml "
                                                 "in the current directory).")] = None,
    formats: Annotated[list[Format] | None, typer.Option("--format", "-f", help="Output format; repeat for "
                       "several (the first goes to --output, the others beside it).")] = None,
    presegmented: Annotated[bool, typer.Option(help="Inputs hold one sentence per line.")] = False,
    encoding: Annotated[str, typer.Option(help="Encoding of both inputs (e.g. cp1252 for Windows-1252).")] = "utf-8",
    src_title: Annotated[str, typer.Option(help="Title of SRC for the TEI header (default: its file name).")] = "",
    src_author: Annotated[str, typer.Option(help="Author of SRC for the TEI header.")] = "",
    tgt_title: Annotated[str, typer.Option(help="Title of TGT for the TEI header (default: its file name).")] = "",
    tgt_author: Annotated[str, typer.Option(help="Author of TGT for the TEI header.")] = "",
    title: Annotated[list[str] | None, typer.Option("--title", help="Title of each input, in order (repeat it; "
                                                    "for several versions).")] = None,
    author: Annotated[list[str] | None, typer.Option("--author", help="Author of each input, in order.")] = None,
    split: Annotated[bool, typer.Option(help="TEI as one file per language plus a stand-off alignment file.")] = False,
    cache_dir: Annotated[Path | None, typer.Option(help="Embedding cache folder (default: $ALIGNER_CACHE_DIR, "
                                                   "else the user's cache folder).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the embedding cache.")] = False,
    strict: Annotated[bool, typer.Option(help="Fail (exit 1, no output) when no credible alignment is found "
                                         "or a text is not in the language given.")] = False,
    model: Annotated[str | None, typer.Option(help="sentence-transformers model name or path (default: "
                                              f"'{DEFAULT_MODEL}': a bundled model chosen by the languages).")] = None,
    max_bead: Annotated[int | None, typer.Option(help="Largest bead, m + n sentences (default "
                                                 f"{MAX_BEAD_TOTAL}: 1-1 up to 1-4, 4-1, 2-3, 3-2).")] = None,
    preset: Annotated[str, typer.Option(help="Named settings to start from: 'default', or 'bertalign' "
                                        "(Bertalign's scoring, for comparison).")] = "default",
    config: Annotated[Path | None, typer.Option("--config", help="TOML file of settings (see "
                                                "docs/settings.md); options given here win.")] = None,
    settings: Annotated[list[str] | None, typer.Option("--set", metavar="FIELD=VALUE", help="Change one setting, "
                        "e.g. --set scoring.skip_score=-0.1 (repeatable; wins over --config).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and warnings.")] = False,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Align a text with its translation (SRC TGT), or several versions of one text (A B C
    ...) into one alignment; write it as TEI by default, or the format -o's ending names."""
    _setup_logging(quiet, debug)

    def job() -> None:
        from aligner.formats import output_paths
        from aligner.jobs import AlignRequest, Source, VersionsRequest, align_files, align_versions_files

        if len(inputs) < 2:
            raise InputError(f"give a text and its translation, or three or more versions of a text; got "
                             f"{len(inputs)} input")
        given = _per_input("--lang", lang, len(inputs))
        langs: list[str | None] = list(given) if given else [None] * len(inputs)
        if len(inputs) == 2:
            langs = [src_lang or langs[0], tgt_lang or langs[1]]
        titles = _per_input("--title", title, len(inputs)) or ([src_title, tgt_title] if len(inputs) == 2 else
                                                                [""] * len(inputs))
        authors = _per_input("--author", author, len(inputs)) or ([src_author, tgt_author] if len(inputs) == 2
                                                                   else [""] * len(inputs))
        sources = tuple(Source(path, language, name, by, presegmented=presegmented)
                        for path, language, name, by in zip(inputs, langs, titles, authors, strict=True))
        chosen = choose_formats(output, [fmt.value for fmt in formats or []])
        target = output or Path(f"{inputs[0].stem}-{inputs[1].stem}{SUFFIXES[chosen[0]]}")
        settings_ = _config(preset, model, max_bead, config, settings or [])
        if len(inputs) == 2:
            if pivot is not None:
                raise InputError("--pivot is for three or more versions; with two, SRC is aligned with TGT")
            request = AlignRequest(sources[0], sources[1], output_paths(target, chosen), encoding=encoding,
                                   strict=strict, split=split, config=settings_)
            align_files(request, cache=_cache_folder(no_cache, cache_dir))
            return
        align_versions_files(VersionsRequest(sources, output_paths(target, chosen), _pivot(pivot, inputs),
                                             encoding, strict, split, settings_),
                             cache=_cache_folder(no_cache, cache_dir))

    _run(job)


def _per_input(option: str, values: list[str] | None, count: int) -> list[str] | None:
    """A repeated option's values, one per input (None when not given).

    Raises:
        InputError: given, but not once per input.
    """
    if not values:
        return None
    if len(values) != count:
        raise InputError(f"{option} given {len(values)} times for {count} inputs; give it once per input, in order")
    return values


def _pivot(pivot: Path | None, inputs: list[Path]) -> int:
    """The index of the pivot among the inputs (0 when not given).

    Raises:
        InputError: the pivot is not one of the inputs.
    """
    if pivot is None:
        return 0
    matches = [k for k, path in enumerate(inputs) if path == pivot or path.resolve() == pivot.resolve()]
    if not matches:
        raise InputError(f"--pivot {pivot}: not one of the inputs ({', '.join(map(str, inputs))})")
    return matches[0]


def _config(preset: str, model: str | None, max_bead: int | None, path: Path | None,
            settings: list[str]) -> AlignConfig:
    """The settings of a run: the preset, then the TOML file, then ``--set``, then the options."""
    from aligner.config import load_config, parse_settings
    from aligner.config import preset as named

    config = named(preset)
    if path is not None:
        config = load_config(path, config)
    config = config.with_settings(parse_settings(settings))
    if max_bead is not None:
        config = config.with_settings({"max_bead_total": max_bead})
    if model is not None:
        config = config.with_settings({"model": model})
    return config


def _cache_folder(no_cache: bool, cache_dir: Path | None) -> Path | None:
    """The embedding and document cache folder, or None for --no-cache."""
    if no_cache:
        return None
    from aligner.cache import default_cache_dir

    return cache_dir or default_cache_dir()


@app.command()
def batch(
    manifest: Annotated[Path, typer.Argument(help="TSV: src, tgt, output [, src_lang, tgt_lang] per line.")],
    force: Annotated[bool, typer.Option(help="Redo pairs whose output exists.")] = False,
    jobs: Annotated[int, typer.Option(help="Worker processes (default: the CPUs available, at most the "
                                      "number of pairs).")] = 0,
    formats: Annotated[list[Format] | None, typer.Option("--format", "-f", help="Formats to write per pair "
                       "(repeatable; the first at the manifest's output, the others beside it). Default: the "
                       "one the output's ending names.")] = None,
    model: Annotated[str, typer.Option(help="sentence-transformers model name or path.")] = DEFAULT_MODEL,
    cache_dir: Annotated[Path | None, typer.Option(help="Embedding cache folder (local to each machine; "
                                                   "SQLite is not for network filesystems).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not use the embedding cache.")] = False,
    scheduler: Annotated[str, typer.Option(help="Run the pairs on a Dask cluster: its scheduler's address "
                                           "(tcp://host:8786), or 'local' for one on this machine.")] = "",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary and errors.")] = False,
) -> None:
    """Align many pairs in parallel; finished outputs are skipped, failures reported at the end."""
    _setup_logging(quiet, False)
    chosen = tuple(dict.fromkeys(fmt.value for fmt in formats or []))
    failed = _run(lambda: _batch(manifest, force=force, jobs=jobs, model=model, formats=chosen,
                                 cache=_cache_folder(no_cache, cache_dir), scheduler=scheduler))
    if failed:
        raise typer.Exit(1)


def _batch(manifest: Path, *, force: bool, jobs: int, model: str, formats: tuple[str, ...],
           cache: Path | None, scheduler: str) -> int:
    import signal

    from aligner.batch import BatchSettings, Interrupted, read_manifest, run_batch
    from aligner.cpus import available_cpus

    pairs = read_manifest(manifest)
    cpus = available_cpus()
    workers = max(1, min(jobs or cpus, len(pairs)))
    threads = max(1, cpus // workers)  # workers x threads stays within the CPUs
    where = f" on the Dask cluster at {scheduler}" if scheduler and scheduler != "local" else ""
    logger.info("%d pairs, %d worker(s) with %d thread(s) each%s", len(pairs), workers, threads, where)
    count = iter(range(1, len(pairs) + 1))
    settings = BatchSettings(workers, threads, model, cache, force, formats, scheduler)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)  # SIGTERM stops a batch as Ctrl-C does
    try:
        outcomes = run_batch(pairs, settings, on_outcome=lambda o: logger.info(
            "[%d/%d] %s %s", next(count), len(pairs), o.status, o.pair.output))
    except Interrupted as interrupted:
        written = sum(1 for o in interrupted.outcomes if o.status == "done")
        typer.echo(f"interrupted: {written} pair(s) aligned and written in this run, "
                   f"{len(pairs) - len(interrupted.outcomes)} not done; run the same command again to resume "
                   "(pairs whose outputs exist are skipped)", err=True)
        raise typer.Exit(130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    typer.echo(f"{'status':8} {'seconds':>8}  output")
    for outcome in outcomes:
        typer.echo(f"{outcome.status:8} {outcome.seconds:8.1f}  {outcome.pair.output}")
    failed = [o for o in outcomes if o.status == "failed"]
    for outcome in failed:
        typer.echo(f"failed: manifest line {outcome.pair.line}: {outcome.message}", err=True)
    done = sum(1 for o in outcomes if o.status == "done")
    skipped = sum(1 for o in outcomes if o.status == "skipped")
    typer.echo(f"{done} done, {skipped} skipped, {len(failed)} failed")
    return len(failed)


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="A TEI alignment written by aligner.")],
    to: Annotated[Format, typer.Option("--to", help="Format to write.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file (default: SOURCE's name "
                                                 "with the format's ending).")] = None,
    pair: Annotated[str | None, typer.Option("--pair", metavar="A,B", help="For an alignment of several versions: "
                                             "write the alignment of these two (text ids or file names).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and warnings.")] = False,
) -> None:
    """Convert a TEI alignment into another format (no model needed)."""
    _setup_logging(quiet, False)
    target = output or source.with_name(stem_of(source) + SUFFIXES[to.value])
    _run(lambda: _convert(source, {choose_formats(output, [to.value])[0]: target}, pair))


@app.command()
def view(
    source: Annotated[Path, typer.Argument(help="A TEI alignment written by aligner.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="HTML file (default: SOURCE's name "
                                                 "with .html).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors and warnings.")] = False,
) -> None:
    """Write the side-by-side reading view of a TEI alignment as one offline HTML file."""
    _setup_logging(quiet, False)
    target = output or source.with_name(stem_of(source) + SUFFIXES["html"])
    _run(lambda: _convert(source, {choose_formats(output, ["html"])[0]: target}))


def _convert(source: Path, paths: dict[str, Path], pair: str | None = None) -> None:
    from aligner.formats import parse_pair, read_alignment, read_pair, write_outputs

    chosen = parse_pair(pair)
    write_outputs(read_pair(source, chosen) if chosen else read_alignment(source), paths, [source])


@app.command()
def edit(
    source: Annotated[Path, typer.Argument(help="A TEI alignment written by aligner (for --split: the stand-off "
                                           "file, with its two language files beside it).")],
    port: Annotated[int | None, typer.Option("--port", min=0, max=65535,
                                             help="Port on 127.0.0.1 (default: 8765, or any free one if taken; "
                                                  "0: any free one).")] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Only print the address; do not open a "
                                             "browser.")] = False,
    editor: Annotated[str | None, typer.Option("--editor", help="Your name, recorded on the links you make or "
                                               "confirm and in the revision history (default: your login "
                                               "name).")] = None,
) -> None:
    """Correct an alignment in the browser: merge, split, move boundaries, confirm; saved
    back to the same TEI file (checked first, written atomically)."""
    _setup_logging(False, False)
    _run(lambda: _edit(source, port, not no_browser, editor))


def _edit(source: Path, port: int | None, browser: bool, editor: str | None) -> None:
    import getpass
    import webbrowser

    from aligner.edit.server import HOST, bind, new_token, serve
    from aligner.edit.session import EditSession

    try:
        login = getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers)
        login = "unknown editor"
    name = (editor or "").strip() or login
    session = EditSession(source, name)
    sock = bind(port)
    token = new_token()
    url = f"http://{HOST}:{sock.getsockname()[1]}/?token={token}"
    if session.read_only:
        typer.echo(f"note: opened read-only: {session.read_only}; saving is off", err=True)
    typer.echo(f"Editing {source} as {name!r} at {url}", err=False)
    typer.echo("Open that address in a browser on this machine; Ctrl+C stops.")
    sys.stdout.flush()
    graphical = sys.platform in ("darwin", "win32") or bool(os.environ.get("DISPLAY") or
                                                            os.environ.get("WAYLAND_DISPLAY"))
    # Without a screen, webbrowser would start a text browser in this terminal: leave it to the user.
    if browser and graphical:
        webbrowser.open(url)
    serve(session, sock, token)
    typer.echo("stopped")


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold alignment ('[i]:[j, k]' lines), or a folder of them.")],
    predicted: Annotated[Path, typer.Argument(help="Prediction: ladder, the tool's TSV or TEI; or a folder "
                                              "holding one per gold file (same name, any ending).")],
    gold_src: Annotated[Path | None, typer.Option("--gold-src", help="The gold's source sentences, one per line "
                                                  "(a folder of them for a gold folder): adds character-pair "
                                                  "scores, which survive a different segmentation.")] = None,
    gold_tgt: Annotated[Path | None, typer.Option("--gold-tgt", help="The gold's target sentences, likewise.")] = None,
    pair: Annotated[str | None, typer.Option("--pair", metavar="A,B", help="For an alignment of several versions: "
                                             "the two versions to score (text ids such as en,uk, or file names).")]
    = None,
) -> None:
    """Print strict and lax precision, recall and F1 of PREDICTED against GOLD (a ladder
    file, or our TEI).

    A folder is scored as a whole: counts are summed over its documents (as Vecalign's
    score.py does). With the gold's texts (--gold-src/--gold-tgt, or a TEI gold) and a
    prediction that carries its text (TSV, TEI), character pairs are scored too: every
    link aligns all pairs of its characters."""
    _run(lambda: _evaluate(gold, predicted, gold_src, gold_tgt, pair))


def _evaluate(gold: Path, predicted: Path, gold_src: Path | None, gold_tgt: Path | None, pair: str | None) -> None:
    from aligner.evaluate import evaluate_paths
    from aligner.formats import parse_pair

    found = evaluate_paths(gold, predicted, gold_src=gold_src, gold_tgt=gold_tgt, pair=parse_pair(pair))
    for warning in found.warnings:
        typer.echo(f"warning: {warning}", err=True)
    result = found.scores
    if found.documents > 1:
        typer.echo(f"{found.documents} documents, counts summed")
    typer.echo(f"{'':8}{'precision':>10}{'recall':>8}{'F1':>8}")
    typer.echo(f"{'strict':8}{result.strict_precision:>10.3f}{result.strict_recall:>8.3f}{result.strict_f1:>8.3f}")
    typer.echo(f"{'lax':8}{result.lax_precision:>10.3f}{result.lax_recall:>8.3f}{result.lax_f1:>8.3f}")
    if found.chars is not None:
        chars = found.chars
        typer.echo(f"{'chars':8}{chars.precision:>10.3f}{chars.recall:>8.3f}{chars.f1:>8.3f}  (character pairs)")
    if found.reachable < found.linked:
        typer.echo(f"note: {found.linked - found.reachable} of the gold's {found.linked} links cross others or skip "
                   f"sentences; a monotone aligner can reproduce at most {found.reachable} "
                   f"(strict recall {found.reachable / found.linked:.3f})")


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="TEI files to check.")]) -> None:
    """Validate TEI files against tei_all and the link rules the schema cannot check."""
    failed = _run(lambda: _validate(files))
    if failed:
        raise typer.Exit(1)


def _validate(files: list[Path]) -> int:
    from aligner.formats.tei_check import validate
    from aligner.formats.tei_read import parse_tei
    from aligner.text.ingest import read_text

    failed = 0
    for path in files:
        problems = validate(parse_tei(read_text(path).encode("utf-8"), source=str(path)), folder=path.parent)
        if problems:
            failed += 1
            typer.echo(f"{path}: INVALID ({len(problems)} problems)")
            for problem in problems[:20]:
                typer.echo(f"  {problem}")
        else:
            typer.echo(f"{path}: valid (tei_all 4.3.0 and link checks)")
    return failed


def main() -> None:
    """The ``aligner`` command: run the app, then skip the interpreter's teardown if the
    model was loaded (freeing torch's and transformers' modules at exit takes about a
    second here). Every output is written and closed by then; logs are flushed first."""
    try:
        app()
    except SystemExit as done:
        if "torch" not in sys.modules or not (done.code is None or isinstance(done.code, int)):
            raise
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(done.code or 0)
