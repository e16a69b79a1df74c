"""The apps sit in layers and each imports only the layers below it.

``config → oidc → requests_app → accounts → cms → catalogs → core``: ``config`` wires the project
together; ``oidc`` lends the accounts to other State systems; ``requests_app`` is the Certificación de
Servicios workflow; ``accounts`` the people; ``cms`` the editors' pages; ``catalogs`` the reference
data; ``core`` what all of them share. An import that runs upwards, or one hidden inside a function
to dodge a cycle, fails here with the file and line that does it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ["config", "oidc", "requests_app", "accounts", "cms", "catalogs", "core"]
RANK = {name: rank for rank, name in enumerate(LAYERS)}


def project_imports(app):
    """Yield (path, line, imported app, enclosing function or None) for each import of a project app."""
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield from _imports_in(path, app, ast.parse(path.read_text(encoding="utf-8")), None)


def _imports_in(path, app, node, function):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from _imports_in(path, app, child, child.name)
        elif isinstance(child, ast.Import | ast.ImportFrom):
            for target in _imported_apps(app, child):
                yield path.relative_to(ROOT), child.lineno, target, function
        else:
            yield from _imports_in(path, app, child, function)


def _imported_apps(app, node):
    if isinstance(node, ast.ImportFrom):
        if node.level:
            return [app]
        modules = [node.module or ""]
    else:
        modules = [alias.name for alias in node.names]
    return [module.split(".")[0] for module in modules if module.split(".")[0] in RANK]


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_layers_below_it(app):
    upward = [
        f"{path}:{line} imports {target}"
        for path, line, target, _function in project_imports(app)
        if RANK[target] < RANK[app]
    ]
    assert not upward, f"{app} may only import {LAYERS[RANK[app] + 1 :]}:\n" + "\n".join(upward)


@pytest.mark.parametrize("app", LAYERS)
def test_project_modules_are_imported_at_module_level(app):
    """Only ``AppConfig.ready`` imports inside a function: it registers signals and checks once the
    registry is ready, which is what Django asks for. Anything else at function level hides a cycle."""
    hidden = [
        f"{path}:{line} imports {target} inside {function}()"
        for path, line, target, function in project_imports(app)
        if function is not None and function != "ready" and not str(path).startswith("config/settings")
    ]
    assert not hidden, "\n".join(hidden)


def test_every_app_has_a_layer():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests", "bench"}
    assert packages <= set(LAYERS), f"{sorted(packages - set(LAYERS))} must be placed in the layers"
