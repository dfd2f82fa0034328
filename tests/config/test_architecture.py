"""The layering of docs/architecture.md holds: a lower app never imports a higher one."""

import ast
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
# Lowest first; each app may import only the apps before it (and itself).
LAYERS = ["core", "mailing", "directory", "conferences", "sessions", "registrations", "streaming"]


def imported_modules(source: Path) -> set[str]:
    """Return the absolute module names a file imports, at any depth (also inside functions)."""
    modules = set()
    for node in ast.walk(ast.parse(source.read_text(), filename=str(source))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("app", LAYERS)
def test_app_imports_no_higher_app(app):
    higher = set(LAYERS[LAYERS.index(app) + 1 :])
    violations = []
    for source in sorted((BASE_DIR / app).rglob("*.py")):
        for module in imported_modules(source):
            if module.split(".")[0] in higher:
                violations.append(f"{source.relative_to(BASE_DIR)} imports {module}")

    assert violations == []


def test_no_app_imports_config():
    violations = [
        f"{source.relative_to(BASE_DIR)} imports {module}"
        for app in LAYERS
        for source in sorted((BASE_DIR / app).rglob("*.py"))
        for module in imported_modules(source)
        if module.split(".")[0] == "config"
    ]

    assert violations == []
