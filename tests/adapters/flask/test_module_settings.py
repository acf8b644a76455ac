"""``modstack.flask.module_settings``: a Flask view reads its module's settings for the
request's tenant, on a module ``modstack new module --framework flask --with config``
wrote, whose own tests still pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from modstack.cli import cli
from modstack.flask import create_app, module_settings
from tests.adapters.flask.conftest import running, settings_for
from tests.unit.scaffold.test_new_module import run_pytest

PAGE_SIZE_VIEW = '''

from modstack.flask import module_settings

from ...config import LoyaltyConfig


@router.get("/page-size")
def page_size() -> dict[str, int]:
    """What the tenant's lists show."""
    return {"page_size": module_settings("loyalty", LoyaltyConfig).page_size}


@router.get("/wrong-kind")
def wrong_kind() -> dict[str, int]:
    return {"page_size": module_settings("loyalty", dict).page_size}
'''


@pytest.fixture
def modules(tmp_path: Path) -> Path:
    """A modules folder with one generated Flask module, ``loyalty``, with settings."""
    folder = tmp_path / "project" / "modules"
    folder.mkdir(parents=True)
    made = CliRunner().invoke(
        cli,
        ["new", "module", "loyalty", "--modules", str(folder), "--framework", "flask",
         "--with", "config"],
        catch_exceptions=False,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    return folder


def test_the_generated_config_names_the_flask_reader_and_the_module_passes_its_tests(
    modules: Path,
) -> None:
    config = (modules / "loyalty/config.py").read_text()
    assert 'modstack.flask.module_settings("loyalty", LoyaltyConfig)' in config
    assert "modstack.fastapi" not in config
    tests = run_pytest(modules.parent, modules / "loyalty/tests")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "4 passed" in tests.stdout


def test_a_view_reads_the_setting_its_tenant_overrode(modules: Path, tmp_path: Path) -> None:
    with (modules / "loyalty/routes/api/storefront.py").open("a") as api:
        api.write(PAGE_SIZE_VIEW)
    app = create_app(settings=settings_for(tmp_path, modules=str(modules)))
    with running(app) as stack:
        for tenant in ("acme", "globex"):
            stack.core.tenancy.create_tenant(tenant, modules=["loyalty"])
        stack.core.settings_manager.set_setting(
            "loyalty", "page_size", 10, actor="test", tenant="acme"
        )
        client = app.test_client()
        url = "/api/v1/storefront/loyalty/page-size"
        assert client.get(url, headers={"X-Tenant": "acme"}).json == {"page_size": 10}
        assert client.get(url, headers={"X-Tenant": "globex"}).json == {"page_size": 50}
        wrong = client.get("/api/v1/storefront/loyalty/wrong-kind", headers={"X-Tenant": "acme"})
        assert wrong.status_code == 500


def test_module_settings_refuses_outside_a_request_and_in_an_app_without_modstack(
    tmp_path: Path,
) -> None:
    app = create_app(settings=settings_for(tmp_path))
    with app.app_context(), pytest.raises(RuntimeError, match="call it in a view"):
        module_settings("loyalty", dict)
    plain = Flask("plain")
    with plain.test_request_context("/"), pytest.raises(RuntimeError, match="has no modstack"):
        module_settings("loyalty", dict)
    app.extensions["modstack"].core.close()
