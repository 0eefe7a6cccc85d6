"""Imports run one way: no cycles among pipeline modules, stages import only stages below.

Read from the source (AST), every import counted: at module level, inside functions (a
function-level import cannot hide a cycle) and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Stages, lowest first; a module may import its own stage and the stages before it.
STAGES = (
    ("errors", "config", "config_yaml", "schema", "files", "sqlite"),
    ("fi",),
    ("audio",),
    ("asr",),
    ("detect",),
    ("redact",),
    ("gate",),
    ("report",),
    ("batch",),
    ("export",),
    ("review",),
    ("process", "preflight"),
)
RANK = {stage: k for k, group in enumerate(STAGES) for stage in group}


# Inside pipeline.detect.spoken, lowest first (the finders may use one another, acyclically).
SPOKEN = "pipeline.detect.spoken"
SPOKEN_LAYERS = (
    ("document",),
    ("nearby",),
    ("hetu", "phone", "iban", "card", "date", "email", "address"),
    ("claims",),
    ("recognizers",),
    ("number_run",),
)


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    """Every module under pipeline/, by dotted name."""
    return {_name(p): p for p in sorted((ROOT / "pipeline").rglob("*.py"))}


def _targets(node: ast.AST) -> Iterator[str]:
    """Dotted names an import statement may load (the module and each imported name)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
        yield node.module
        yield from (f"{node.module}.{alias.name}" for alias in node.names)


@lru_cache(maxsize=1)
def imports() -> dict[str, frozenset[str]]:
    """Module -> the pipeline modules and flows/bench names it imports."""
    known = modules()
    graph = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = set()
        for node in ast.walk(tree):
            assert not (isinstance(node, ast.ImportFrom) and node.level), (
                f"{name}: relative import")
            for target in _targets(node):
                if target in known or target.split(".")[0] in {"flows", "bench"}:
                    found.add(target)
        graph[name] = frozenset(found - {name})
    return graph


def cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _stage(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def upward() -> set[tuple[str, str]]:
    """Imports from a stage to a stage above it (or to a module no stage holds)."""
    found = set()
    for a, targets in imports().items():
        for b in targets:
            if b.startswith("pipeline.") and _stage(a) and _stage(a) != _stage(b) and (
                    RANK.get(_stage(b), 99) > RANK.get(_stage(a), -1)):
                found.add((a, b))
    return found


def test_the_graph_sees_the_imports():
    graph = imports()
    assert len(modules()) > 50
    assert "pipeline.detect.spoken.claims" in graph["pipeline.detect.spoken.recognizers"]
    assert "pipeline.detect.spoken.hetu" in graph["pipeline.detect.spoken.claims"]


def test_cycles_are_found():
    graph = {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}),
             "d": frozenset({"a"})}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycles_among_pipeline_modules():
    assert cycles(imports()) == []


def test_nothing_in_pipeline_imports_flows_or_bench():
    assert {(a, b) for a, targets in imports().items() for b in targets
            if not b.startswith("pipeline")} == set()


def test_every_stage_package_has_a_rank():
    stages = {_stage(m) for m in modules() if _stage(m)}
    assert stages - set(RANK) == set()


def test_stages_import_only_stages_below_them():
    assert upward() == set(), "imports up the stages (see STAGES)"


def test_an_upward_import_is_seen(monkeypatch):
    fake = {**imports(), "pipeline.audio.io": imports()["pipeline.audio.io"] | {
        "pipeline.batch.catalog"}}
    monkeypatch.setattr(sys.modules[__name__], "imports", lambda: fake)
    assert ("pipeline.audio.io", "pipeline.batch.catalog") in upward()


def test_spoken_detection_imports_run_one_way():
    rank = {f"{SPOKEN}.{m}": k for k, layer in enumerate(SPOKEN_LAYERS) for m in layer}
    spoken = {m for m in modules() if m.startswith(SPOKEN + ".")}
    assert spoken == set(rank), "every spoken module has a layer"
    wrong = {(a, b) for a in spoken for b in imports()[a]
             if b in rank and rank[b] > rank[a]}
    assert wrong == set()
    layer_of = {m: k for m, k in rank.items()}
    same = {(a, b) for a in spoken for b in imports()[a]
            if b in rank and layer_of[b] == layer_of[a]}
    finders = {f"{SPOKEN}.{m}" for m in SPOKEN_LAYERS[2]}
    assert {a for a, _ in same} <= finders  # only finders share a layer
