"""The architecture's rules, measured on the code (docs/architecture.md says why).

- core imports nothing from bot/, pipelines/, training/ or the CLI (dialogdraw/);
- no import cycle between product modules;
- no product function longer than 60 lines;
- a skill is one declaration: no skill id (text_to_image and chat aside) is spelled in
  more than 3 product modules.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.catalog import SKILLS

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ("bot", "core", "pipelines", "training", "dialogdraw")
MAX_FUNCTION_LINES = 60
MAX_MODULES_PER_SKILL = 3
EVERYWHERE_SKILLS = {"text_to_image", "chat"}


def _product_files() -> list[Path]:
    return sorted(p for top in PRODUCT for p in (ROOT / top).rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.Import | ast.ImportFrom, module: str) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = node.module or ""
    if node.level:
        package = module.split(".")[: -node.level] if node.level else []
        base = ".".join([*package, base] if base else package)
    yield base
    yield from (f"{base}.{alias.name}" for alias in node.names)


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """Modules `path` imports; with top_level_only, those run at import time."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module_name(path)
    found: set[str] = set()

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.update(_imported(node, module))
            elif isinstance(node, ast.If) and _is_type_checking(node):
                continue
            elif isinstance(node, ast.If | ast.Try | ast.With):
                for block in ("body", "orelse", "finalbody", "handlers"):
                    for child in getattr(node, block, []):
                        visit(child.body if isinstance(child, ast.ExceptHandler) else [child])
            elif not top_level_only:
                visit([n for n in ast.walk(node) if isinstance(n, ast.stmt) and n is not node])

    visit(tree.body)
    return found


def test_core_imports_no_outer_layer() -> None:
    outer = ("bot", "pipelines", "training", "dialogdraw")
    offenders = []
    for path in (ROOT / "core").rglob("*.py"):
        for name in _imports(path, top_level_only=False):
            if name.split(".")[0] in outer:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
        if "dialogdraw.cli" in path.read_text(encoding="utf-8"):
            offenders.append(f"{path.relative_to(ROOT)} names dialogdraw.cli")
    assert offenders == []


def test_no_import_cycle_between_product_modules() -> None:
    files = _product_files()
    modules = {_module_name(p): p for p in files}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {
            target
            for target in _imports(path, top_level_only=True)
            if target in modules and target != name
        }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            walk(node)
    # A package's __init__ re-exporting its own submodules is not a cycle of design.
    real = [c for c in cycles if not all(m.startswith(c[0].rsplit(".", 1)[0]) for m in c)]
    assert real == []


def test_no_product_function_is_longer_than_60_lines() -> None:
    long = []
    for path in _product_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} {lines}")
    assert long == []


@pytest.mark.parametrize("skill", [s.id for s in SKILLS if s.id not in EVERYWHERE_SKILLS])
def test_a_skill_id_is_spelled_in_few_product_modules(skill: str) -> None:
    quoted = re.compile(rf"[\"']{re.escape(skill)}[\"']")
    spelled = [
        str(p.relative_to(ROOT)) for p in _product_files() if quoted.search(p.read_text("utf-8"))
    ]
    assert len(spelled) <= MAX_MODULES_PER_SKILL, spelled
