"""The package's import graph, read from the source with ast: no import cycle among
module-level imports, and the two vocabulary modules (records, errors) import nothing of
the package at all, so every other module can use them without a cycle."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "sagemaker_schema"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(name: str) -> tuple[set[str], set[str]]:
    """(modules of the package imported at module level, those imported inside functions)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    base = name if _is_package(name) else name.rpartition(".")[0]
    top: set[str] = set()
    inner: set[str] = set()

    def targets(node) -> set[str]:
        found = set()
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                owner = base.split(".")
                owner = owner[: len(owner) - node.level + 1]
                module = ".".join(owner + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != PACKAGE:
                return found
            found.add(module)
            for alias in node.names:  # `from . import schema`: a module, not a name
                if f"{module}.{alias.name}" in MODULES:
                    found.add(f"{module}.{alias.name}")
        return found

    def visit(node, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                continue  # for the type checker only: never imported at run time
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                (inner if nested else top).update(targets(child))
            visit(child, nested or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return top, inner


def _edges(name: str, imported: set[str]) -> set[str]:
    """An import runs the module and every package above it the importer is not inside
    (a package's __init__ importing its own modules is no cycle)."""
    found = set()
    for module in imported:
        parts = module.split(".")
        for n in range(2, len(parts) + 1):
            target = ".".join(parts[:n])
            if target in MODULES and target != name and not name.startswith(target + "."):
                found.add(target)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
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
            connect(node)
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def test_no_import_cycle_at_module_level():
    graph = {name: _edges(name, top) for name, (top, _) in GRAPH.items()}
    assert len(graph) > 20
    assert _cycles(graph) == []


def test_the_vocabulary_imports_nothing_of_the_package():
    for name in (f"{PACKAGE}.records", f"{PACKAGE}.errors"):
        top, inner = GRAPH[name]
        assert top | inner == set(), (name, top | inner)


def test_the_graph_sees_imports():
    # the reader works: a few edges known to exist are found
    top, inner = GRAPH[f"{PACKAGE}.validator"]
    assert {f"{PACKAGE}.engines", f"{PACKAGE}.schema", f"{PACKAGE}.records"} <= top
    assert f"{PACKAGE}.report.line" in inner
    assert f"{PACKAGE}.schema" in GRAPH[f"{PACKAGE}.engines"][0]


def test_no_import_cycle_counting_imports_inside_functions():
    # the lazy imports (inside functions) keep start-up cheap, not to hide a cycle
    graph = {name: _edges(name, top | inner) for name, (top, inner) in GRAPH.items()}
    assert _cycles(graph) == []


def test_nothing_below_the_local_endpoint_imports_it():
    # serve is a user of the builder, the breakers and the validator; only the commands above
    # it (serve, generate --lifecycle) and the pytest plugin's fixture reach it, the plugin
    # only inside a function (loading it stays cheap)
    serve = f"{PACKAGE}.serve"
    users = {name for name, (top, inner) in GRAPH.items()
             if not (name == serve or name.startswith(serve + ".")) and any(m == serve or m.startswith(serve + ".") for m in top | inner)}
    assert users == {f"{PACKAGE}.cli.serve", f"{PACKAGE}.cli.generate", f"{PACKAGE}.pytest_plugin"}
    assert not any(m.startswith(serve) for m in GRAPH[f"{PACKAGE}.pytest_plugin"][0])
