"""The house's rules, read from the source (ast): the core never reaches up into the command
line, Rich draws only where something is drawn, and no module imports itself round a circle –
counting the imports inside functions too, since they run all the same."""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "stodplattform"

# the entry layer: the Typer app and the program's first step
ENTRY = ("stodplattform.cli", "stodplattform.start", "stodplattform.__main__")
# what only the entry layer may import
ENTRY_ONLY = ("stodplattform.cli", "stodplattform.start", "typer", "click")
# the modules that draw in the terminal
DRAWS = ("stodplattform.cli", "stodplattform.overview")


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _imports(module: str) -> list[tuple[str, int]]:
    """Every module `module` imports, anywhere in the file, with the line: `import a.b`,
    `from a import b` (a.b when it is a module, else a), relative imports resolved."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.append((sub if sub in MODULES else base, node.lineno))
    return found


IMPORTS = {module: _imports(module) for module in MODULES}


def _where(module: str, line: int) -> str:
    return f"{MODULES[module].relative_to(ROOT)}:{line}"


def test_the_core_never_imports_the_command_line():
    wrong = [
        f"{_where(module, line)}: {target}"
        for module, found in IMPORTS.items()
        if not _within(module, ENTRY)
        for target, line in found
        if _within(target, ENTRY_ONLY)
    ]
    assert not wrong, "kärnan importerar kommandoraden:\n" + "\n".join(wrong)


def test_rich_only_where_something_is_drawn():
    wrong = [
        f"{_where(module, line)}: {target}"
        for module, found in IMPORTS.items()
        if not _within(module, DRAWS)
        for target, line in found
        if _within(target, ("rich",))
    ]
    assert not wrong, "rich utanför det som ritar:\n" + "\n".join(wrong)


def _internal_graph() -> dict[str, dict[str, int]]:
    """module -> {imported module: first line}, within the package."""
    graph: dict[str, dict[str, int]] = {m: {} for m in MODULES}
    for module, found in IMPORTS.items():
        for target, line in found:
            if target in MODULES and target != module:
                graph[module].setdefault(target, line)
    return graph


def find_cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One cycle of the graph as [a, b, …, a], or None."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_no_import_cycles():
    graph = _internal_graph()
    cycle = find_cycle(graph)
    if cycle:
        steps = [f"  {a} → {b} ({_where(a, graph[a][b])})" for a, b in pairwise(cycle)]
        raise AssertionError("en importcirkel:\n" + "\n".join(steps))


def test_the_rules_see_what_they_should():
    """The reading itself: relative and function-level imports are found, and a cycle is."""
    app = {target for target, _ in IMPORTS["stodplattform.cli.app"]}
    assert {"stodplattform", "stodplattform.cli.ny", "typer"} <= app
    validera = {target for target, _ in IMPORTS["stodplattform.cli.validera"]}
    assert "stodplattform.cache" in validera  # inside the command function
    start = {target for target, _ in IMPORTS["stodplattform.start"]}
    assert "stodplattform.cli" in start
    assert find_cycle({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": 1}, "b": {}, "c": {"a": 1, "b": 1}}) is None
