"""``core`` sits below every app: none of its modules imports one of them."""

import ast
from pathlib import Path

from django.conf import settings

APPS = {"accounts", "catalogs", "cms", "requests_app", "oidc", "config"}


def imported_packages(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_core_imports_none_of_the_apps():
    core = Path(settings.BASE_DIR) / "core"
    wrong = {
        str(path.relative_to(core)): sorted(imported_packages(path) & APPS)
        for path in core.rglob("*.py")
        if imported_packages(path) & APPS
    }
    assert wrong == {}
