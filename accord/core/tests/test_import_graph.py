"""The apps import each other one way: core ← people ← portfolio ← the domain apps ← reporting.

Every module under accord/<package>/ (tests and migrations aside) is read with `ast`, and each
import of another Accord package is an edge: `import accord.x`, `from accord.x import y`,
`from accord import x`, a relative import that climbs out of its package, and a literal
`import_module("accord.x…")` or `import_string("accord.x…")`, whether at the top of the module
or inside a function (an import deferred to call time is still a dependency). A lower layer
never imports a higher one: it defines a hook (accord.core.registry, accord.people.hooks, the
`<app>/seed.py`, `bench.py` and `dossier.py` conventions) that the higher app fills, usually in
its AppConfig.ready(). Domain apps may use each other as long as no cycle forms.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ACCORD = Path(__file__).resolve().parents[2]

DOMAIN = 3
LAYERS = {
    "core": 0,
    "people": 1,
    "portfolio": 2,
    "contracts": DOMAIN,
    "correspondence": DOMAIN,
    "governance": DOMAIN,
    "health": DOMAIN,
    "knowledge": DOMAIN,
    "notifications": DOMAIN,
    "value": DOMAIN,
    "reporting": 4,
    # Not apps: the settings, URLs and API router, and the `accord` command put everything
    # together, so they may import anything and nothing imports them.
    "config": 5,
    "cli": 5,
    "__main__": 5,
}
# Test set-up for the whole suite (the `world` fixture), like the tests/ folders.
NOT_WALKED = {"conftest", "__init__"}
DYNAMIC_IMPORTS = {"import_module", "import_string", "__import__"}


@dataclass(frozen=True)
class Edge:
    source: str  # the importing package
    target: str  # the imported package
    module: str  # what is imported, e.g. accord.portfolio.models
    where: str  # path:line

    def __str__(self) -> str:
        return (
            f"{self.where}: {self.source} (layer {LAYERS.get(self.source)}) imports "
            f"{self.module} ({self.target}, layer {LAYERS.get(self.target)})"
        )


def packages() -> dict[str, list[Path]]:
    """Each top-level part of accord/ and the modules it holds."""
    found = {}
    for path in sorted(ACCORD.iterdir()):
        if path.is_dir() and (path / "__init__.py").exists():
            found[path.name] = [
                module
                for module in sorted(path.rglob("*.py"))
                if not {"tests", "migrations"} & set(module.relative_to(path).parts[:-1])
            ]
        elif path.suffix == ".py" and path.stem not in NOT_WALKED:
            found[path.stem] = [path]
    return found


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ACCORD.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module a `from ... import` names."""
    if not node.level:
        return node.module or ""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imported_modules(path: Path, text: str | None = None) -> list[tuple[str, int]]:
    """(module, line) for every import in the file, wherever it stands."""
    tree = ast.parse(path.read_text() if text is None else text, filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _resolve(path, node)
            if module == "accord":  # from accord import portfolio
                for alias in node.names:
                    found.append((f"accord.{alias.name}", node.lineno))
            else:
                found.append((module, node.lineno))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                name in DYNAMIC_IMPORTS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.append((first.value, node.lineno))
    return found


def edges() -> list[Edge]:
    found = []
    for source, modules in packages().items():
        for path in modules:
            for module, line in imported_modules(path):
                parts = module.split(".")
                if parts[0] != "accord" or len(parts) < 2 or parts[1] == source:
                    continue
                where = f"{path.relative_to(ACCORD.parent)}:{line}"
                found.append(Edge(source, parts[1], module, where))
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one package (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _report(title: str, offending: list[Edge]) -> str:
    lines = [f"{title}: {len(offending)} import(s)"]
    lines += [f"  {edge}" for edge in sorted(offending, key=lambda e: (e.source, e.where))]
    return "\n".join(lines)


def test_every_package_and_app_has_a_layer():
    assert set(packages()) == set(LAYERS), (
        "Give each package under accord/ its place in LAYERS: "
        f"unplaced {sorted(set(packages()) - set(LAYERS))}, "
        f"gone {sorted(set(LAYERS) - set(packages()))}"
    )
    apps = {app.split(".")[1] for app in settings.INSTALLED_APPS if app.startswith("accord.")}
    assert apps == {name for name, layer in LAYERS.items() if layer < 5}


def test_the_walk_sees_every_kind_of_import():
    source = (
        "import accord.portfolio.models\n"
        "from accord import knowledge\n"
        "from ..reporting import views\n"
        "def later():\n"
        "    from accord.people.models import User\n"
        "    importlib.import_module('accord.value.figures')\n"
    )
    found = imported_modules(ACCORD / "core" / "sample.py", source)
    assert sorted(found) == [
        ("accord.knowledge", 2),
        ("accord.people.models", 5),
        ("accord.portfolio.models", 1),
        ("accord.reporting", 3),
        ("accord.value.figures", 6),
    ]


def test_no_app_imports_a_higher_layer():
    upward = [edge for edge in edges() if LAYERS[edge.source] < LAYERS[edge.target]]
    message = _report("Imports from a lower layer into a higher one", upward)
    print(message)
    assert not upward, message


def test_the_app_graph_has_no_cycle():
    graph = defaultdict(set)
    all_edges = edges()
    for edge in all_edges:
        graph[edge.source].add(edge.target)
    found = cycles(graph)
    messages = []
    for component in found:
        messages.append(f"Cycle between {', '.join(component)}:")
        for source, target in sorted({(e.source, e.target) for e in all_edges}):
            if source not in component or target not in component:
                continue
            where = [e.where for e in all_edges if (e.source, e.target) == (source, target)]
            if LAYERS[source] > LAYERS[target]:  # downward: allowed, it is the other way round
                messages.append(f"  {source} → {target}: {len(where)} import(s), downward")
            else:
                messages.append(f"  {source} → {target} ({len(where)}): {', '.join(where)}")
    message = "\n".join(messages)
    print(message)
    assert not found, message
