"""The package's layers, written down once and checked from its imports: a module imports
only from its own group and the layers below it (module level and inside functions alike);
no import cycle; and reading or converting TEI loads no numeric code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "aligner"

# Lowest first. A group may import its own modules and any group of a lower layer.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("aligner.errors",),
    ("aligner.cpus", "aligner.languages", "aligner.scripts", "aligner.xmlparse", "aligner.progress",
     "aligner.pages", "aligner.atomic"),
    ("aligner.headings",),
    ("aligner.config",),
    ("aligner.datatypes",),
    ("aligner.core", "aligner.text", "aligner.models"),
    ("aligner.embed",),
    ("aligner.cache",),
    ("aligner.formats",),
    ("aligner.evaluate", "aligner.pipeline"),
    ("aligner.jobs", "aligner.edit"),
    ("aligner.batch", "aligner.api"),
    ("aligner.cli",),
    ("aligner.__main__",),
)


def group_of(module: str) -> str:
    for layer in LAYERS:
        for group in layer:
            if module == group or module.startswith(group + "."):
                return group
    raise AssertionError(f"{module} is in no layer of tests/test_layers.py: add it")


def layer_of(group: str) -> int:
    return next(k for k, layer in enumerate(LAYERS) if group in layer)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, bool]]:
    """The aligner modules a file imports, and whether each import is at module level."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.split(".")[0] == \
                "aligner":
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                if node.module == "aligner" and alias.name == "__version__":
                    continue  # the package's version, a constant of its root
                is_module = (PACKAGE.parent / target.replace(".", "/")).with_suffix(".py").is_file() or \
                    (PACKAGE.parent / target.replace(".", "/") / "__init__.py").is_file()
                found.append((target if is_module else node.module, id(node) in top))
        elif isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names if alias.name.split(".")[0] == "aligner"]
    return found


def test_every_module_imports_only_its_own_group_and_the_layers_below():
    wrong: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        if module == "aligner":
            continue  # the package root: lazy public names of every layer, loaded on first use
        source = group_of(module)
        for target, _ in imports(path):
            if target == "aligner":
                continue
            destination = group_of(target)
            if destination != source and layer_of(destination) >= layer_of(source):
                wrong.add(f"{module} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_cycle_at_module_level():
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        module = module_name(path)
        graph[module] = {target for target, top in imports(path) if top and target != module}
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if target not in graph:
                continue
            assert state.get(target) != 1, "import cycle: " + " -> ".join([*trail, module, target])
            if target not in state:
                visit(target, [*trail, module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_the_document_cache_key_holds_every_module_a_segmentation_depends_on():
    from aligner.text.document_cache import SEGMENTATION_INPUTS

    # Modules that cannot change which sentences a text is cut into: errors, the data types
    # it fills, progress reports and the atomic writer of the cache itself.
    inert = {"aligner.errors", "aligner.datatypes", "aligner.progress", "aligner.atomic"}
    keyed = {"aligner." + name.removesuffix(".py") for name in SEGMENTATION_INPUTS}
    outside = {group_of(target) for path in (PACKAGE / "text").rglob("*.py") for target, _ in imports(path)
               if not target.startswith("aligner.text")}
    assert outside - inert - keyed == set(), "add them to SEGMENTATION_INPUTS in aligner/text/document_cache.py"


def test_reading_converting_and_editing_tei_load_no_numeric_code():
    code = ("import sys, aligner.formats, aligner.formats.tei_read, aligner.formats.tei_versions, "
            "aligner.formats.html, aligner.edit.server, aligner.cli; "
            "print(sorted(m for m in ('numba', 'torch', 'sentence_transformers') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
