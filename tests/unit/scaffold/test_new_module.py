"""``modstack new module``: what it writes runs, passes its own tests, and migrates; what
it refuses leaves the tree untouched."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from modstack.cli import cli
from modstack.discovery import discover
from modstack.errors import ScaffoldError
from modstack.graph import resolve
from modstack.migrations import Migrations
from modstack.scaffold import ModuleSpec, NewFile, plan_module, write_files

ASSETS = Path(__file__).parents[2] / "assets"


def new(*args: str) -> Result:
    return CliRunner().invoke(cli, ["new", *args], catch_exceptions=False)


def tree_of(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def run_pytest(project: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    """The generated tests, in a pytest of their own that turns warnings into errors."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider",
         *map(str, paths)],
        cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(project)},
    )  # fmt: skip


@pytest.fixture
def modules(tmp_path: Path) -> Path:
    """A modules folder holding a copy of the migrations-app tree (payments, billing)."""
    folder = tmp_path / "project" / "modules"
    shutil.copytree(ASSETS / "migrations-app/modules", folder)
    return folder


def test_a_module_with_every_part_passes_its_own_tests_and_migrates(modules: Path) -> None:
    parts = "models,migrations,tasks,config,pages,locales,events"
    result = new("module", "loyalty", "--modules", str(modules), "--requires", "payments",
                 "--frontend", "vendor", "--frontend", "storefront", "--with", parts)  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = modules / "loyalty"
    for expected in (
        "definition.py", "exceptions.py", "config.py", "events.py", "handlers.py",
        "routes/api/vendor.py", "routes/api/storefront.py", "routes/pages/vendor.py",
        "models/__init__.py", "migrations/versions/loyalty_001_create_loyalty_items.py",
        "tasks/__init__.py", "locales/en.json", "templates/loyalty/vendor/index.html",
        "tests/test_loyalty.py",
    ):  # fmt: skip
        assert (folder / expected).is_file(), expected
    tests = run_pytest(modules.parent, folder / "tests")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "6 passed" in tests.stdout  # the API 3, the page 1, the refusals 2
    lint = subprocess.run(
        [str(Path(sys.executable).with_name("ruff")), "check", "--isolated", "--line-length",
         "100", "--select", "E,F,W,I,N,B,UP,SIM,RUF,RET", str(folder)],
        capture_output=True, text=True, timeout=60, cwd=folder,  # modstack: third-party
    )  # fmt: skip
    assert lint.returncode == 0, lint.stdout
    formatted = subprocess.run(
        [str(Path(sys.executable).with_name("ruff")), "format", "--isolated", "--check",
         "--line-length", "100", str(folder)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert formatted.returncode == 0, formatted.stdout
    checked = CliRunner().invoke(
        cli, ["check", "--modules", str(modules), "--fail-on", "info", "--json"]
    )
    findings = [f for f in json.loads(checked.output)["findings"] if f["module"] == "loyalty"]
    assert findings == []

    registry = resolve(discover(modules))
    assert registry.get("loyalty").requires_codes == ("payments",)
    migrations = Migrations(registry, f"sqlite:///{modules.parent / 'app.db'}")
    try:
        assert migrations.upgrade("loyalty") == ["payments", "loyalty"]
        migrations.upgrade()
        assert migrations.check() == []
    finally:
        migrations.dispose()


def test_a_flask_module_with_models_and_pages_passes_its_tests_and_migrates(
    modules: Path,
) -> None:
    result = new("module", "loyalty", "--modules", str(modules), "--requires", "payments",
                 "--frontend", "vendor", "--frontend", "storefront", "--with",
                 "models,pages,tasks,config,events", "--framework", "flask")  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = modules / "loyalty"
    for route in ("routes/api/vendor.py", "routes/pages/storefront.py"):
        assert "from flask import Blueprint" in (folder / route).read_text(), route
    tests = run_pytest(modules.parent, folder / "tests")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "6 passed" in tests.stdout  # the API 3, the page 1, the refusals 2
    for command in (["check", "--select", "E,F,W,I,N,B,UP,SIM,RUF,RET"], ["format", "--check"]):
        ruff = subprocess.run(
            [str(Path(sys.executable).with_name("ruff")), *command, "--isolated",
             "--line-length", "100", str(folder)],
            capture_output=True, text=True, timeout=60, cwd=folder,
        )  # fmt: skip
        assert ruff.returncode == 0, ruff.stdout
    checked = CliRunner().invoke(
        cli, ["check", "--modules", str(modules), "--fail-on", "info", "--json"]
    )
    findings = [f for f in json.loads(checked.output)["findings"] if f["module"] == "loyalty"]
    assert findings == []
    migrations = Migrations(resolve(discover(modules)), f"sqlite:///{modules.parent / 'a.db'}")
    try:
        assert migrations.upgrade("loyalty") == ["payments", "loyalty"]
        migrations.upgrade()
        assert migrations.check() == []
    finally:
        migrations.dispose()


def test_a_new_module_in_a_flask_project_gets_flask_routes(modules: Path) -> None:
    (modules.parent / "pyproject.toml").write_text(
        '[tool.modstack]\nmodules = "modules"\nframework = "flask"\n'
    )
    made = new("module", "wishlist", "--modules", str(modules))
    assert made.exit_code == 0, made.output
    api = (modules / "wishlist/routes/api/storefront.py").read_text()
    assert 'router = Blueprint("wishlist_storefront_api", __name__)' in api
    tests = run_pytest(modules.parent, modules / "wishlist/tests")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "4 passed" in tests.stdout


def test_the_first_revision_depends_on_the_required_modules_newest_revision(
    modules: Path,
) -> None:
    assert new("module", "refunds", "--modules", str(modules), "--requires", "billing",
               "--with", "models").exit_code == 0  # fmt: skip
    first = modules / "refunds/migrations/versions/refunds_001_create_refunds_items.py"
    assert 'depends_on = ("billing_002",)' in first.read_text()


@pytest.mark.parametrize("frontend", ["storefront", "vendor", "admin"])
def test_a_module_without_parts_keeps_items_in_memory_and_passes_its_tests(
    modules: Path, frontend: str
) -> None:
    tier = ["--tier", "internal"] if frontend == "admin" else []
    made = new("module", "wishlist", "--modules", str(modules), "--frontend", frontend, *tier)
    assert made.exit_code == 0, made.output
    assert not (modules / "wishlist/models").exists()
    tests = run_pytest(modules.parent, modules / "wishlist/tests")
    assert tests.returncode == 0, tests.stdout + tests.stderr


def test_without_a_modules_folder_nothing_is_created_unless_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MODSTACK_MODULES", raising=False)
    refused = new("module", "wishlist")
    assert refused.exit_code == 1
    assert "no modules folder at app/modules" in refused.output
    assert list(tmp_path.iterdir()) == []
    named = new("module", "wishlist", "--modules", "here/modules")
    assert named.exit_code == 0, named.output
    assert (tmp_path / "here/modules/wishlist/definition.py").is_file()


def test_an_existing_module_is_refused_and_nothing_is_written(modules: Path) -> None:
    before = tree_of(modules)
    result = new("module", "billing", "--modules", str(modules))
    assert result.exit_code == 1
    assert "module 'billing' exists" in result.output
    assert tree_of(modules) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["Bad_Code"], "expected a lower-case slug", id="invalid-code"),
        pytest.param(["x", "--requires", "paymens"], "did you mean 'payments'", id="unknown-req"),
        pytest.param(["x", "--with", "modles"], "unknown part 'modles'", id="unknown-part"),
        pytest.param(["x", "--tier", "internal"], "internal module serves only the admin",
                     id="internal-storefront"),
        pytest.param(["x", "--tier", "core", "--requires", "payments"], "core module",
                     id="core-requires-optional"),
    ],
)  # fmt: skip
def test_a_wrong_spec_is_refused_with_a_reason_and_writes_nothing(
    modules: Path, args: list[str], message: str
) -> None:
    before = tree_of(modules)
    result = new("module", *args, "--modules", str(modules))
    assert result.exit_code == 1
    assert message in result.output
    assert tree_of(modules) == before


def test_dry_run_lists_the_files_and_writes_none(modules: Path) -> None:
    before = tree_of(modules)
    result = new("module", "wishlist", "--modules", str(modules), "--dry-run")
    assert result.exit_code == 0
    assert "would write" in result.output
    assert str(modules / "wishlist" / "definition.py") in result.output
    assert tree_of(modules) == before


def test_write_files_refuses_before_writing_any_when_one_exists(tmp_path: Path) -> None:
    (tmp_path / "b.py").write_text("kept")
    files = [NewFile(tmp_path / "a.py", "new"), NewFile(tmp_path / "b.py", "new")]
    with pytest.raises(ScaffoldError, match=r"would overwrite .*b\.py"):
        write_files(files)
    assert not (tmp_path / "a.py").exists()
    assert (tmp_path / "b.py").read_text() == "kept"


def test_a_new_module_is_checked_against_the_tree_it_joins(modules: Path) -> None:
    spec = ModuleSpec(code="payments", modules=modules)
    with pytest.raises(ScaffoldError, match="exists"):
        plan_module(spec)


def test_a_module_with_admin_pages_tests_that_they_need_the_admin_credential(
    modules: Path,
) -> None:
    made = new("module", "desk", "--modules", str(modules), "--frontend", "admin",
               "--tier", "internal", "--with", "pages")  # fmt: skip
    assert made.exit_code == 0, made.output
    generated = (modules / "desk/tests/test_desk.py").read_text()
    assert "def test_the_admin_page_needs_the_admin_credential" in generated
    tests = run_pytest(modules.parent, modules / "desk/tests")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "7 passed" in tests.stdout  # the API 3, the page 1, its guard 1, the refusals 2
