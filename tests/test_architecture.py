"""The tree keeps its shape: no import cycle among lexlint's modules, no module using another's private
names, and every plugin listed in its registry honours its contract."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lexlint"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _top_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported: at module level, outside `if TYPE_CHECKING:`
    (imports inside functions run later, when they are needed)."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            pending += node.body + node.orelse
        elif isinstance(node, ast.Try):
            pending += node.body + node.orelse + node.finalbody + [s for h in node.handlers for s in h.body]
    return found


def _imported(node: ast.Import | ast.ImportFrom, modules: set[str]) -> set[str]:
    """The lexlint modules an import statement loads (a `from package import module` loads the module)."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name in modules}
    if node.level or not node.module or not node.module.startswith("lexlint"):
        return set()
    found = {node.module} if node.module in modules else set()
    return found | {f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    names = set(modules)
    graph = {}
    for name, tree in modules.items():
        deps = set().union(*(_imported(n, names) for n in _top_level_imports(tree)))
        # importing a.b.c first imports a.b and a: a package's own modules do not make it a cycle
        graph[name] = {d for d in deps if d != name and not name.startswith(d + ".")}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (found := visit(dep)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_module_imports_itself_back_through_others():
    assert _cycle(_graph()) is None


def test_the_cycle_check_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_module_uses_another_modules_private_names():
    modules = _modules()
    offences = []
    for name, tree in modules.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lexlint"):
                offences += [
                    f"{name} imports {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
    assert offences == []


@pytest.mark.parametrize(
    ("registry", "attribute", "contract"),
    [
        ("lexlint.checks", "KINDS", ("KIND", "prepare", "check")),
        ("lexlint.sources", "READERS", ("NAME", "EXTENSIONS", "read", "rewrites", "sniff")),
        ("lexlint.report", "FORMATS", ("NAME", "render")),
    ],
)
def test_every_registered_plugin_has_its_contract(registry, attribute, contract):
    listed = getattr(importlib.import_module(registry), attribute)
    for name, module_name in listed.items():
        module = importlib.import_module(module_name)
        assert [a for a in contract if not hasattr(module, a)] == [], module_name
        assert getattr(module, contract[0]) == name, module_name
