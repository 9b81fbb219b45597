"""Pages: every HTML page the tool makes (the reading view, the editor, the notebook frame),
rendered one way: Jinja2 templates that escape every value by default.

Values from an alignment (titles, languages, ids, sentences, names) may come from a file
someone sent; they only ever enter a page through a template variable, so they are
escaped in text and in attributes alike. The pages' own script and style are package
files (``aligner/static/``): the view inlines them under a hash-based
Content-Security-Policy, the editor serves them as files.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib import resources
from typing import Any

# The policy of a page that inlines its own script and style: nothing else runs or loads
# (no inline event handler, no other script, no image, no form, no base URL).
_INLINE_POLICY = ("default-src 'none'; script-src '{script}'; style-src '{style}'; base-uri 'none'; "
                  "form-action 'none'")


@functools.lru_cache(maxsize=1)
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("aligner", "templates"),
        autoescape=True,  # every template, whatever its name: nothing unescaped by default
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render(template: str, **values: Any) -> str:
    """The page ``template`` (a file in ``aligner/templates/``) with ``values``, escaped."""
    return _environment().get_template(template).render(**values)


@functools.cache
def static(name: str) -> str:
    """A script or style sheet of the package (``aligner/static/NAME``).

    Raises:
        ValueError: the file could end the element it is inlined into (``</``).
    """
    text = (resources.files("aligner") / "static" / name).read_text(encoding="utf-8")
    if "</" in text:
        raise ValueError(f"aligner/static/{name} holds '</', which would end an inline <script> or <style>")
    return text


def source_hash(text: str) -> str:
    """The CSP source expression (``sha256-...``) that allows exactly this inline text."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def inline_policy(script: str, style: str) -> str:
    """A Content-Security-Policy allowing this one inline script and style sheet, nothing else."""
    return _INLINE_POLICY.format(script=source_hash(script), style=source_hash(style))
