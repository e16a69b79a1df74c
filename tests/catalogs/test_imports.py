"""``catalogs`` sits below the apps: it imports none of them, and ``accounts`` no longer reaches
up into ``requests_app`` for the catalogs."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_APPS = {"accounts", "catalogs", "cms", "oidc", "requests_app"}


def imported_apps(app: str) -> dict[str, set[str]]:
    """The project apps each module of ``app`` imports (at any depth of the module), by file."""
    found = {}
    for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(settings.BASE_DIR))] = (names & PROJECT_APPS) - {app}
    return found


@pytest.mark.parametrize(("app", "forbidden"), [("catalogs", PROJECT_APPS), ("accounts", {"requests_app"})])
def test_imports_run_down(app, forbidden):
    wrong = {module: apps & forbidden for module, apps in imported_apps(app).items() if apps & forbidden}
    assert wrong == {}
