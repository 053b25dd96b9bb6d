"""The shape of the code: module and function sizes, layers without import cycles, no private
name used across modules.

* no module of `bounds/` or `derivations/` over `MAX_MODULE_LINES` lines;
* no function over `MAX_FUNCTION_LINES` lines of code (not counting its docstring, comments
  and blank lines) unless its docstring gives the reason, in a paragraph starting "Long:";
* no import cycle among the modules of `bounds` (imports at module level; an import inside
  a function is a deliberate lazy load and is not an edge);
* no private name (`_x`) imported from, or read as an attribute of, another module of the
  package. Private *modules* (`bounds._exact_core`, `derivations._premises`) may be imported
  within their package; private attributes of third-party objects (sympy's printers'
  `_print`) are their libraries' business.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 60


def _modules():
    for top in ("bounds", "derivations"):
        yield from sorted((REPO / top).rglob("*.py"))


def _name(path: Path) -> str:
    """`bounds/proof/checker.py` -> `bounds.proof.checker`; `derivations/x.py` -> `bounds.derivations.x`."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[0] == "derivations":
        parts = ["bounds"] + parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _resolve(path: Path, node: ast.ImportFrom) -> str:
    """The absolute module an ImportFrom names (relative imports resolved)."""
    if node.level == 0:
        mod = node.module or ""
        return "bounds" + mod[len("derivations"):] if mod.startswith("derivations") else mod
    base = _name(path).split(".")
    if not _is_package(path):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


ALL = {_name(p): p for p in _modules()}


def _is_internal(mod: str) -> bool:
    return mod == "bounds" or mod.startswith("bounds.")


def _code_lines(fn: ast.FunctionDef, lines: list) -> int:
    body = fn.body
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        if len(body) == 1:
            return 0
        first = body[1]
    text = lines[first.lineno - 1: fn.end_lineno]
    return sum(1 for s in text if s.strip() and not s.strip().startswith("#"))


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(REPO)))
def test_module_size(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_MODULE_LINES, f"{path.relative_to(REPO)} has {n} lines (at most {MAX_MODULE_LINES}): split it"


def test_function_size():
    long = []
    for path in _modules():
        src = path.read_text(encoding="utf-8")
        lines = src.splitlines()
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = _code_lines(node, lines)
                doc = ast.get_docstring(node) or ""
                if n > MAX_FUNCTION_LINES and "Long:" not in doc:
                    long.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name}: {n} lines of code")
    assert not long, (f"functions over {MAX_FUNCTION_LINES} lines of code with no reason in their docstring "
                      "('Long: ...'):\n" + "\n".join(long))


def _imports(path: Path, lazy: bool = False):
    """(module, names, node) of every import at module level (also inside functions if `lazy`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        stack = [node]
        while stack:
            n = stack.pop()
            if not lazy and isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if isinstance(n, ast.ImportFrom):
                yield _resolve(path, n), [a.name for a in n.names], n
            elif isinstance(n, ast.Import):
                for a in n.names:
                    yield a.name, [], n
            else:
                stack.extend(ast.iter_child_nodes(n))


def _edges():
    graph = {m: set() for m in ALL}
    for mod, path in ALL.items():
        for target, names, _ in _imports(path):
            if not _is_internal(target):
                continue
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in ALL]
            for t in subs or [target]:
                if t in ALL and t != mod:
                    graph[mod].add(t)
    return graph


def test_no_import_cycle():
    graph = _edges()
    # Tarjan's strongly connected components; a package importing its own submodules
    # (`bounds/__init__` re-exporting) is not a cycle unless a submodule imports it back.
    index, low, on, stack, comps, counter = {}, {}, set(), [], [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not comps, "import cycles (module-level imports):\n" + "\n".join(" <-> ".join(c) for c in comps)


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_private_name_is_used_across_modules():
    offenders = []
    for mod, path in ALL.items():
        aliases = {}
        for target, names, node in _imports(path, lazy=True):
            if not _is_internal(target):
                continue
            if isinstance(node, ast.ImportFrom):
                for a in node.names:
                    full = f"{target}.{a.name}"
                    if full in ALL:
                        aliases[a.asname or a.name] = full  # a module
                    elif _private(a.name):
                        offenders.append(f"{path.relative_to(REPO)}: imports {a.name} from {target}")
            else:
                for a in node.names:
                    aliases[a.asname or a.name.split(".")[0]] = a.name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and _private(node.attr) and isinstance(node.value, ast.Name)
                    and node.value.id in aliases):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value.id}.{node.attr}")
    assert not offenders, "private names used across modules:\n" + "\n".join(sorted(set(offenders)))


def test_the_checks_catch_what_they_should(tmp_path):
    """Negative controls: a cycle, a private import and a long function are each found."""
    src = "from .b import _hidden\n\ndef f():\n" + "    x = 1\n" * (MAX_FUNCTION_LINES + 1)
    tree = ast.parse(src)
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
    assert _code_lines(fn, src.splitlines()) == MAX_FUNCTION_LINES + 1
    node = tree.body[0]
    fake = REPO / "bounds" / "a.py"
    assert _resolve(fake, node) == "bounds.b" and _private(node.names[0].name)
    assert _resolve(REPO / "bounds" / "proof" / "__init__.py", ast.parse("from .. import x").body[0]) == "bounds"
    assert _resolve(REPO / "derivations" / "duel_exact.py", ast.parse("from . import _premises").body[0]) == "bounds.derivations"
