"""The package's shape: layers import downwards only, no circles, small modules, no private
names across modules. Read from the source with `ast`, so it needs no import of the package.

Run ``python tests/test_layers.py`` for the figures (modules per package, largest module,
circles).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SOURCE / "konzeptdoc"

#: The layers, lowest first: a module may import from its own layer and the ones before.
#: Packages in one layer (review: reviewed Word copies back into the data; reporting: status
#: reports from the history) may import each other, but not circularly.
LAYERS = (
    ("errors",),
    ("model",),
    ("german",),
    ("files",),
    ("documents",),
    ("diff",),
    ("store",),
    ("review", "reporting"),
    ("samples",),
    ("cli",),
)
#: Top-level modules that are not a layer package of their own, and the layer they sit in.
PLACED = {"testing": "samples", "__main__": "cli"}
#: The public API may import anything (lazily, to keep ``import konzeptdoc`` cheap).
UNLAYERED = {"konzeptdoc"}
MAX_LINES = 400


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module
    names: tuple[str, ...]  # the names taken from it (from … import …)
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _absolute(source: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = source.split(".")
    if path.name != "__init__.py":
        package.pop()
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports(known: dict[str, Path]) -> Iterator[Import]:
    """Every import of one of our modules by another, wherever it stands in the file.

    ``from package import submodule`` counts as an import of the submodule.
    """
    for source, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in known:
                        yield Import(source, alias.name, (), node.lineno)
            elif isinstance(node, ast.ImportFrom):
                target = _absolute(source, path, node)
                if target not in known:
                    continue
                plain = []
                for alias in node.names:
                    if f"{target}.{alias.name}" in known:
                        yield Import(source, f"{target}.{alias.name}", (), node.lineno)
                    else:
                        plain.append(alias.name)
                if plain:
                    yield Import(source, target, tuple(plain), node.lineno)


def layer(module: str) -> int | None:
    """The index of the module's layer in LAYERS; None for the public API or an unknown package."""
    if module in UNLAYERED:
        return None
    top = module.split(".")[1]
    top = PLACED.get(top, top)
    return next((number for number, names in enumerate(LAYERS) if top in names), None)


def graph(found: list[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for item in found:
        if item.source != item.target:
            edges.setdefault(item.source, set()).add(item.target)
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups)


def upward(found: list[Import]) -> list[Import]:
    """Imports from a lower layer to a higher one."""
    result = []
    for item in found:
        source, target = layer(item.source), layer(item.target)
        if source is not None and target is not None and target > source:
            result.append(item)
    return result


def private(found: list[Import]) -> list[Import]:
    """``from x import _name`` where x is another module (dunder names are not private)."""
    return [
        item
        for item in found
        if item.source != item.target
        and any(n.startswith("_") and not n.startswith("__") for n in item.names)
    ]


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_attributes(known: dict[str, Path]) -> list[str]:
    """``obj._name`` where `_name` belongs to a class of another of our modules.

    A private name belongs to the modules whose classes define it (a method, a class-level
    attribute, or ``self._name = …``); any module may use its own. Names that no class of
    ours defines (python-docx's ``_element``, say) are not ours to judge.
    """
    owners: dict[str, set[str]] = {}
    uses: list[tuple[str, str, int]] = []
    for module, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    names = []
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        names = [item.name]
                    elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        names = [item.target.id]
                    elif isinstance(item, ast.Assign):
                        names = [t.id for t in item.targets if isinstance(t, ast.Name)]
                    for name in filter(_private, names):
                        owners.setdefault(name, set()).add(module)
            elif isinstance(node, ast.Attribute) and _private(node.attr):
                if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                    if isinstance(node.ctx, ast.Store):
                        owners.setdefault(node.attr, set()).add(module)
                else:
                    uses.append((module, node.attr, node.lineno))
    return [
        f"{module} uses {attr} of {', '.join(sorted(owners[attr]))} (line {line})"
        for module, attr, line in uses
        if attr in owners and module not in owners[attr]
    ]


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _shown(items: list[Import]) -> list[str]:
    return [f"{i.source} → {i.target} {list(i.names)} (line {i.line})" for i in items]


# -- the tests --------------------------------------------------------------------------

KNOWN = modules()
FOUND = list(imports(KNOWN))


def test_the_analysis_sees_the_package() -> None:
    assert "konzeptdoc.store.repository" in KNOWN
    assert any(i.target == "konzeptdoc.errors" for i in FOUND)
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_belongs_to_a_layer() -> None:
    for module in KNOWN:
        if module not in UNLAYERED:
            assert layer(module) is not None, module


def test_no_import_circles() -> None:
    assert circles(graph(FOUND)) == []


def test_no_import_runs_up_a_layer() -> None:
    assert _shown(upward(FOUND)) == []


def test_no_module_imports_another_ones_private_names() -> None:
    assert _shown(private(FOUND)) == []


def test_no_module_uses_another_ones_private_attributes() -> None:
    assert private_attributes(KNOWN) == []


def test_modules_stay_small() -> None:
    large = {m: n for m, p in KNOWN.items() if (n := lines(p)) > MAX_LINES}
    assert large == {}


if __name__ == "__main__":
    packages: dict[str, int] = {}
    for name in KNOWN:
        parts = name.split(".")
        package = len(parts) > 2 or (KNOWN[name].name == "__init__.py" and len(parts) == 2)
        key = parts[1] if package else "(top)"
        packages[key] = packages.get(key, 0) + 1
    print("modules per package:", dict(sorted(packages.items())))
    largest = max(KNOWN, key=lambda m: lines(KNOWN[m]))
    print("largest module:", largest, lines(KNOWN[largest]))
    print("circles:", circles(graph(FOUND)))
    print("upward:", *_shown(upward(FOUND)), sep="\n  ")
    print("private:", *_shown(private(FOUND)), *private_attributes(KNOWN), sep="\n  ")
