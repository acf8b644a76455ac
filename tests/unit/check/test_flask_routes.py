"""MOD-010 on Flask route files: a Blueprint named ``router``, ``blueprint`` or ``bp``
is a router; a file exporting none gets Flask's fix, not FastAPI's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.check.conftest import run_check

ROUTE = """from flask import Blueprint

{name} = Blueprint("notes_vendor", __name__)


@{name}.get("/ping")
def ping() -> dict[str, str]:
    return {{"pong": "yes"}}
"""


def _tree(tmp_path: Path, name: str) -> Path:
    module = tmp_path / "modules/notes"
    (module / "routes/api").mkdir(parents=True)
    for package in (module, module / "routes", module / "routes/api"):
        (package / "__init__.py").write_text("")
    (module / "definition.py").write_text(
        'from modstack import ModuleDefinition\n\nnotes = ModuleDefinition("notes")\n'
    )
    (module / "routes/api/vendor.py").write_text(ROUTE.format(name=name))
    return tmp_path / "modules"


def _mod010(tree: Path) -> list[dict[str, str]]:
    result = run_check("--modules", str(tree), "--json")
    findings: list[dict[str, str]] = json.loads(result.stdout)["findings"]
    return [f for f in findings if f["rule"] == "MOD-010"]


@pytest.mark.parametrize("name", ["router", "blueprint", "bp", "vendor_router"])
def test_a_flask_blueprint_under_any_accepted_name_is_a_router(tmp_path: Path, name: str) -> None:
    assert _mod010(_tree(tmp_path, name)) == []


def test_a_flask_route_file_without_one_gets_flasks_fix(tmp_path: Path) -> None:
    (finding,) = _mod010(_tree(tmp_path, "notes_bp"))
    assert "Blueprint(...)" in finding["fix"]
    assert "APIRouter" not in finding["fix"]
