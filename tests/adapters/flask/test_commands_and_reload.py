"""``flask modstack ...`` works on the app's own configuration; a reload swaps a module's
route table while the app keeps serving, and a reload that fails keeps the old code."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

from flask import Flask

from modstack.flask import Modstack, create_app
from tests.adapters.flask.conftest import CONTRACT_TREE, running, seed_app, settings_for

PING = "/api/v1/vendor/notes/ping"
ACME = {"X-Tenant": "acme"}
VERSION_TWO = """from flask import Blueprint, g

router = Blueprint("notes_vendor_api", __name__)


@router.get("/ping")
def ping() -> dict[str, object]:
    return {"module": "notes", "tenant": g.tenant, "version": 2}
"""


def test_flask_modstack_lists_the_apps_modules_from_its_config(tmp_path: Path) -> None:
    app = Flask("configured")
    app.config["MODSTACK_MODULES"] = str(CONTRACT_TREE)
    app.config["MODSTACK_DATABASE_URL"] = f"sqlite:///{tmp_path / 'cli.db'}"
    Modstack(app)
    before = os.environ.get("MODSTACK_MODULES")
    listed = app.test_cli_runner().invoke(args=["modstack", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert "notes" in listed.output
    assert os.environ.get("MODSTACK_MODULES") == before  # the process's environment is kept


def test_flask_modstack_scans_the_apps_packages(tmp_path: Path) -> None:
    with seed_app(tmp_path) as app:
        listed = app.test_cli_runner().invoke(args=["modstack", "list", "--json"])
        assert listed.exit_code == 0, listed.output
        data = json.loads(listed.output)
        modules = data["modules"] if isinstance(data, dict) else data
        assert [m["code"] for m in modules] == [
            "connection_api",
            "user_management",
            "wallet_module",
            "transactions_module",
        ]


def test_a_reload_swaps_the_routes_while_serving_and_a_failed_one_keeps_the_old(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "modules"
    shutil.copytree(CONTRACT_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    app = create_app(settings=settings_for(tmp_path, modules=str(tree)))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        client = app.test_client()
        statuses: list[int] = []
        stop = threading.Event()

        def keep_asking() -> None:
            asking = app.test_client()
            while not stop.is_set():
                statuses.append(asking.get(PING, headers=ACME).status_code)

        asker = threading.Thread(target=keep_asking)
        asker.start()
        try:
            (tree / "notes/routes/api/vendor.py").write_text(VERSION_TWO)
            assert stack.core.call(stack.core.reload("notes")).ok
            assert client.get(PING, headers=ACME).json["version"] == 2
            (tree / "notes/routes/api/vendor.py").write_text("raise RuntimeError('broken')\n")
            failed = stack.core.call(stack.core.reload("notes"))
            assert not failed.ok
            assert client.get(PING, headers=ACME).json["version"] == 2  # the old code serves
        finally:
            stop.set()
            asker.join()
        assert statuses
        assert set(statuses) == {200}  # no request fell between the tables
