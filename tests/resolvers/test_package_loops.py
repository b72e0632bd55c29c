"""Packages inside ``resolvers/`` depend on each other one way: no loop, however long.

A package is a module's first two dotted parts (``resolvers.billing.renewals`` belongs to
``resolvers.billing``; ``resolvers.nodes`` is a package of its own). Every import counts, at
module level or inside a function, since a function-level import hides a loop rather than
breaking it. The job framework (``resolvers.jobs``) stands on the kernel only: the domains
import it, never the other way round.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path

import resolvers

ROOT = Path(resolvers.__file__).parent
KERNEL = {"resolvers.core", "resolvers.reads"}
# package -> package it imports -> where ("resolvers/x/y.py:12 imports resolvers.z.w")
Graph = Mapping[str, Mapping[str, list[str]]]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def imported_modules(source: str, module: str, is_package: bool) -> Iterator[tuple[str, int]]:
    """(module, line) of every import in ``source`` (the text of ``module``), wherever it
    stands; relative imports resolved."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, module, is_package)
            if base != "resolvers":
                yield base, node.lineno
            else:  # ``from resolvers import nodes`` imports the module resolvers.nodes
                yield from ((f"{base}.{alias.name}", node.lineno) for alias in node.names)


def _absolute(target: str | None, level: int, module: str, is_package: bool) -> str:
    if level == 0:
        return target or ""
    anchor = module.split(".")
    anchor = anchor[: len(anchor) - level + (1 if is_package else 0)]
    return ".".join([*anchor, *([target] if target else [])])


def package_graph() -> Graph:
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(ROOT.rglob("*.py")):
        module = module_name(path)
        source = package_of(module)
        imports = imported_modules(path.read_text(), module, path.name == "__init__.py")
        for target, line in imports:
            imported = package_of(target)
            if imported.startswith("resolvers.") and imported != source:
                where = f"{path.relative_to(ROOT.parent)}:{line} imports {target}"
                graph[source][imported].append(where)
    return graph


def loops(graph: Graph) -> list[list[str]]:
    """The strongly connected groups of more than one package (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(package: str) -> None:
        index[package] = low[package] = len(index)
        stack.append(package)
        for imported in graph.get(package, {}):
            if imported not in index:
                visit(imported)
                low[package] = min(low[package], low[imported])
            elif imported in stack:
                low[package] = min(low[package], index[imported])
        if low[package] == index[package]:
            group = []
            while (member := stack.pop()) != package:
                group.append(member)
            group.append(package)
            if len(group) > 1:
                found.append(sorted(group))

    for package in sorted(graph):
        if package not in index:
            visit(package)
    return found


def explain(graph: Graph, group: list[str]) -> str:
    edges = [
        where
        for package in group
        for imported, places in graph.get(package, {}).items()
        if imported in group
        for where in places
    ]
    return " <-> ".join(group) + ":\n  " + "\n  ".join(edges)


def test_no_package_loops_in_resolvers() -> None:
    graph = package_graph()
    assert graph, "no imports found: is ROOT the resolvers package?"
    found = loops(graph)
    assert found == [], "\n".join(explain(graph, group) for group in found)


def test_the_job_framework_imports_no_domain_package() -> None:
    imported = set(package_graph().get("resolvers.jobs", {}))
    assert imported <= KERNEL, imported - KERNEL


def test_a_loop_of_any_length_is_found() -> None:
    two: Graph = {"a": {"b": []}, "b": {"a": []}}
    three: Graph = {"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}
    one_way: Graph = {"a": {"b": [], "c": []}, "b": {"c": []}}
    assert loops(two) == [["a", "b"]]
    assert loops(three) == [["a", "b", "c"]]
    assert loops(one_way) == []


def test_function_level_and_relative_imports_count() -> None:
    source = (
        "import os\n"
        "from resolvers.core.clock import Clock\n"
        "def late() -> None:\n"
        "    from resolvers.billing import renewals\n"
        "    from . import environment\n"
        "    from resolvers import nodes\n"
    )
    found = [name for name, _ in imported_modules(source, "resolvers.jobs.runner", False)]
    assert found == [
        "os", "resolvers.core.clock", "resolvers.billing", "resolvers.jobs", "resolvers.nodes",
    ]  # fmt: skip
    assert _absolute("ledger", 1, "resolvers.billing", is_package=True) == (
        "resolvers.billing.ledger"
    )
