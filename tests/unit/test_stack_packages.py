"""Every adapter builds its stack with the same discovery: the modules folder and the
packages of ``MODSTACK_PACKAGE`` (class-style modules found by scanning)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from modstack.settings import ModstackSettings, package_list
from modstack.stack import build_stack, discover_modules

SEED = Path(__file__).parents[1] / "assets/flask-seed"
SEED_CODES = {"connection_api", "user_management", "wallet_module", "transactions_module"}


@pytest.fixture
def seed_importable() -> Iterator[None]:
    sys.path.insert(0, str(SEED))
    try:
        yield
    finally:
        sys.path.remove(str(SEED))
        for name in [n for n in sys.modules if n == "core" or n.startswith("core.")]:
            del sys.modules[name]


def test_package_lists_are_split_on_commas() -> None:
    assert package_list(" core.modules, extra.modules ,,") == ("core.modules", "extra.modules")


@pytest.mark.usefixtures("seed_importable")
def test_a_package_only_app_needs_no_modules_folder(tmp_path: Path) -> None:
    settings = ModstackSettings(
        modules=str(tmp_path / "none"), package="core.modules", _env_file=None
    )  # type: ignore[call-arg]
    assert set(discover_modules(settings, settings.package_names).order) >= SEED_CODES


@pytest.mark.usefixtures("seed_importable")
def test_build_stack_scans_the_settings_packages(tmp_path: Path) -> None:
    settings = ModstackSettings(
        modules=str(tmp_path / "none"),
        package="core.modules",
        database_url=f"sqlite:///{tmp_path / 'app.db'}",
        _env_file=None,  # type: ignore[call-arg]
    )
    stack = build_stack(settings)
    try:
        assert set(stack.registry.order) >= SEED_CODES
    finally:
        stack.close()
