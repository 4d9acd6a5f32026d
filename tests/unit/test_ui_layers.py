"""No ORM row crosses into the widgets: app/ui never imports the store's models (the services
hand it frozen dataclasses; tests/services/test_read_models.py checks those at run time)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
FORBIDDEN = "app.store.models"


def _imports(source: str) -> set[str]:
    """Every module a source imports, `from a.b import c` giving both a.b and a.b.c."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _orm_imports(source: str) -> set[str]:
    return {m for m in _imports(source) if m == FORBIDDEN or m.startswith(FORBIDDEN + ".")}


def test_the_ui_package_is_found() -> None:
    assert len(list(UI.rglob("*.py"))) > 20  # the walk below looks where the widgets are


@pytest.mark.parametrize("path", sorted(UI.rglob("*.py")), ids=lambda p: str(p.relative_to(UI)))
def test_no_widget_module_imports_the_orm_models(path: Path) -> None:
    assert not _orm_imports(path.read_text(encoding="utf-8")), \
        f"{path.relative_to(UI.parents[1])} imports {FORBIDDEN}: take a service's dataclass"


@pytest.mark.parametrize("source", [
    "from app.store.models import Document",
    "from app.store import models",
    "import app.store.models",
    "def f():\n    from app.store.models import User as U\n",
])
def test_the_check_sees_every_spelling(source: str) -> None:
    assert _orm_imports(source)


def test_the_check_lets_the_database_handle_through() -> None:
    assert not _orm_imports("from app.store.db import Database")
