"""The code's shape: no import cycle anywhere in admin_app, rule packages layered (each
imports only from the ones before it), no Flask in rules, small modules and functions,
and no commit outside the one unit of work."""
import ast
import re
from pathlib import Path

import admin_app

PACKAGE = Path(admin_app.__file__).parent
# rules/<area> may import from the areas before it, never from one after it
RULE_LAYERS = ("core", "accounts", "stock", "credit", "sales", "aftersales",
               "distribution", "service", "customers", "platforms")
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 50


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def imports_of(name, path):
    """Every admin_app module `name` imports, at any depth in the file."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("admin_app")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([node.module] if node.module else []))
            if base.startswith("admin_app"):
                found.add(base)
                found |= {f"{base}.{a.name}" for a in node.names}
    return found


def graph():
    known = dict(modules())
    return {name: {m for m in imports_of(name, path) if m in known and m != name}
            for name, path in known.items()}


def cycles(edges):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    return out


def test_no_module_imports_itself_back_through_others():
    # a module naming its own package (from . import x) is not a cycle of logic
    edges = {m: {d for d in deps if not m.startswith(d + ".") and not d.startswith(m + ".")}
             for m, deps in graph().items()}
    assert cycles(edges) == []


def test_rule_areas_import_only_the_areas_before_them():
    wrong = []
    for name, deps in graph().items():
        if not name.startswith("admin_app.rules."):
            continue
        area = name.split(".")[2]
        for dep in deps:
            if dep.startswith("admin_app.rules.") and dep.count(".") >= 2:
                other = dep.split(".")[2]
                if other in RULE_LAYERS and area in RULE_LAYERS and \
                        RULE_LAYERS.index(other) > RULE_LAYERS.index(area):
                    wrong.append(f"{name} imports {dep}")
            if dep.startswith(("admin_app.views", "admin_app.reports")):
                wrong.append(f"{name} imports {dep}")
    assert wrong == []


def test_rules_and_reports_do_not_import_flask():
    for name, path in modules():
        if name.startswith(("admin_app.rules", "admin_app.reports")):
            tree = ast.parse(path.read_text())
            names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import)
                     for a in n.names}
            names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
            assert not {n for n in names if n.split(".")[0].startswith("flask")}, name


def test_modules_and_functions_are_small():
    long_modules, long_functions = [], []
    for name, path in modules():
        source = path.read_text()
        if source.count("\n") > MAX_MODULE_LINES:
            long_modules.append(f"{name}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(f"{name}.{node.name}: {length} lines")
    assert long_modules == []
    assert long_functions == []


def test_only_the_unit_of_work_commits():
    """Pages, the CLI, the mailer and the demo change data through
    rules/core/unit_of_work.run (key, use case, files, commit or rollback, effects)."""
    found = []
    for name, path in modules():
        if name == "admin_app.rules.core.unit_of_work":
            continue
        text = path.read_text()
        if ".commit()" in text or ".rollback()" in text:
            found.append(name)
    assert found == []


def test_the_design_cards_layout_and_the_wheel_lists_every_package():
    """static/ and migrations/ beside admin_app/, tests/, wsgi.py and pyproject.toml
    (the design card); installed into the package by pyproject's mapping, which must
    name every package (a new one missing would be left out of the wheel)."""
    import tomllib
    root = PACKAGE.parent
    for name in ("static", "migrations", "admin_app", "tests", "wsgi.py", "pyproject.toml"):
        assert (root / name).exists(), name
    assert not (PACKAGE / "static").exists() and not (PACKAGE / "migrations").exists()
    setup = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = {".".join(p.relative_to(root).parts) for p in PACKAGE.rglob("__init__.py")
                for p in [p.parent]}
    assert packages | {"admin_app.static", "admin_app.migrations"} == set(setup["packages"])
    assert setup["package-dir"] == {"admin_app.static": "static",
                                    "admin_app.migrations": "migrations"}


# a row's status (or revert_status) compared with, or set to, a literal state name
STATUS_LITERAL = re.compile(
    r"""(\b|\brevert_)status\s*(==|!=)\s*['"]|(\b|\brevert_)status\s+(not\s+)?in\s*"""
    r"""\(\s*['"]|[.\s(]status\s*=\s*['"][a-z_]+['"]""")


def test_no_status_literal_in_views_or_templates():
    """What a row may do next comes from its lifecycle (rules: allowed / why_not /
    Lifecycle.can), never from a status spelled out in a page or a template."""
    root = Path(__file__).resolve().parents[1] / "admin_app"
    found = []
    for path in [*(root / "views").rglob("*.py"), *(root / "templates").rglob("*.html")]:
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if STATUS_LITERAL.search(line):
                found.append(f"{path.relative_to(root)}:{n}: {line.strip()[:90]}")
    assert found == []
