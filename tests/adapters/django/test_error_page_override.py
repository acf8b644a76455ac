"""A project's own ``modstack/error.html`` wins; when it is broken (it extends a
template that does not exist), the failure is logged with its traceback and the client
gets the JSON answer, as on FastAPI and Flask — never modstack's page in its place,
silently."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.test import Client, override_settings

from modstack.django.adapter import Modstack
from tests.adapters.django.conftest import settings_for
from tests.adapters.django.project import TEMPLATES, serving

BROWSER = {"X-Tenant": "globex", "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def _templates(folder: Path, page: str) -> list[dict[str, object]]:
    (folder / "modstack").mkdir(parents=True)
    (folder / "modstack" / "error.html").write_text(page)
    options = TEMPLATES[0]["OPTIONS"]
    assert isinstance(options, dict)
    loaders = ["django.template.loaders.filesystem.Loader", *options["loaders"]]
    return [{**TEMPLATES[0], "DIRS": [str(folder)], "OPTIONS": {**options, "loaders": loaders}}]


def test_the_projects_own_error_page_wins(tmp_path: Path) -> None:
    page = "<p>our own page: {{ error.title }}</p>"
    templates = _templates(tmp_path / "templates", page)
    with override_settings(TEMPLATES=templates), serving(Modstack(settings_for(tmp_path))) as stack:
        stack.core.tenancy.create_tenant("globex", modules=[])
        answer = Client().get("/vendor/notes", headers=BROWSER)
    assert answer.status_code == 403
    assert "our own page" in answer.content.decode()


def test_a_broken_error_page_is_logged_and_the_client_gets_json(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = '{% extends "no-such-base.html" %}'
    templates = _templates(tmp_path / "templates", broken)
    with override_settings(TEMPLATES=templates), serving(Modstack(settings_for(tmp_path))) as stack:
        stack.core.tenancy.create_tenant("globex", modules=[])
        with caplog.at_level(logging.ERROR, "modstack"):
            answer = Client().get("/vendor/notes", headers=BROWSER)
    assert (answer.status_code, answer.json()["code"]) == (403, "module_disabled")
    failures = [r for r in caplog.records if "failed to render" in r.getMessage()]
    assert failures
    assert failures[0].exc_info is not None
