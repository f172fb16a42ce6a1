"""The shape of the house (docs/architecture.md): no room over about 500 lines among the
services, and no import circle between the modules of `alyansa`, counting the imports made inside
functions (an import that waits until the call still ties the two modules together)."""

from __future__ import annotations

from pathlib import Path

import grimp

ALYANSA = Path(__file__).resolve().parents[2]
# "About 500": a module may pass it by a little rather than split one subject in two.
MOST_LINES_IN_A_SERVICES_MODULE = 520


def _services_modules() -> list[Path]:
    return sorted([*ALYANSA.glob("*/services.py"), *ALYANSA.glob("*/services/*.py")])


def _circles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    edges = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return circles


def test_no_services_module_passes_about_five_hundred_lines() -> None:
    too_long = {
        str(path.relative_to(ALYANSA.parent)): lines
        for path in _services_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines()))
        > MOST_LINES_IN_A_SERVICES_MODULE
    }
    assert _services_modules(), "no services module found: the glob is wrong"
    assert too_long == {}


def test_no_two_modules_of_the_house_import_each_other_even_through_others() -> None:
    graph = grimp.build_graph("alyansa")
    modules = {
        module for module in graph.modules if ".tests" not in module and ".migrations" not in module
    }
    assert len(modules) > 100, "the import graph is unexpectedly small"
    assert _circles(graph, modules) == []


def test_the_circle_finder_finds_a_circle() -> None:
    graph = grimp.ImportGraph()
    for module in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(module)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.z")
    graph.add_import(importer="a.z", imported="a.x")
    assert _circles(graph, {"a.x", "a.y", "a.z"}) == [["a.x", "a.y", "a.z"]]
