"""Running ``modstack check`` on the sample trees in tests/assets/check-*/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from modstack.cli import cli

ASSETS = Path(__file__).parents[2] / "assets"


def run_check(*args: str) -> Result:
    """``modstack check ARGS`` (no installed distributions' modules)."""
    return CliRunner().invoke(cli, ["check", "--no-entry-points", *args], catch_exceptions=False)


def modules_of(scenario: str) -> str:
    """The modules folder of ``tests/assets/<scenario>``."""
    return str(ASSETS / scenario / "app/modules")


def findings_of(scenario: str, *args: str) -> dict[str, Any]:
    """The ``--json`` report of one sample tree."""
    result = run_check("--modules", modules_of(scenario), "--json", *args)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data
