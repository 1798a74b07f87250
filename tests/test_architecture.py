"""The package's layers (docs/architecture.md): every import points down, and no import circle.

Imports inside functions count as much as those at the top of a module: a lazy import that
points up is still an upward arrow, and a lazy circle is still a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "bulletin_cli"

# Lowest first. A module may import its own tier and the tiers below it.
TIERS = (
    ("ground", ("bulletin_cli.model", "bulletin_cli.diagnostics", "bulletin_cli.files", "bulletin_cli.hookspecs")),
    ("formats", ("bulletin_cli.formats",)),
    ("checks", ("bulletin_cli.checks",)),
    ("series", ("bulletin_cli.series",)),
    ("plugins", ("bulletin_cli.plugins",)),
    ("operations", ("bulletin_cli.operations",)),
    ("library", ("bulletin_cli.api", "bulletin_cli.testing")),
    ("cli", ("bulletin_cli.cli", "bulletin_cli.__main__")),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _tier(module: str) -> int | None:
    for index, (_, prefixes) in enumerate(TIERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return None


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules ``path`` imports (``from pkg import module`` counts as the module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module
                     for alias in node.names]
        else:
            continue
        found.update(name for name in names if name.startswith("bulletin_cli.") and name in modules)
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {module: _imports(path, set(files)) - {module} for module, path in files.items()}


def test_every_module_belongs_to_a_tier():
    assert [m for m in _graph() if m != "bulletin_cli" and _tier(m) is None] == []


def test_imports_point_down():
    upward = []
    for module, imported in _graph().items():
        if module == "bulletin_cli":
            continue
        for target in imported:
            if _tier(target) is not None and _tier(target) > _tier(module):
                upward.append(f"{module} ({TIERS[_tier(module)][0]}) imports {target} ({TIERS[_tier(target)][0]})")
    assert sorted(upward) == []


def test_no_import_circle():
    graph = _graph()
    circles = []
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                circles.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_no_module_over_500_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
