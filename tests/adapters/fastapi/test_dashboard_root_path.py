"""The dashboard builds its links and its redirect from the app's root path only when
that is a path on this site: a proxy's prefix such as ``//evil.example`` never becomes a
link, a form's target or a redirect."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from modstack.fastapi import create_app
from modstack.settings import ModstackSettings

ADMIN = {"Authorization": "Bearer " + "t" * 40}


@pytest.mark.parametrize(("root", "kept"), [("/shop", "/shop"), ("//evil.example", ""),
                                            ("/\\evil.example", "")])  # fmt: skip
def test_links_and_the_redirect_stay_on_this_site(root: str, kept: str) -> None:
    settings = ModstackSettings(
        modules="tests/assets/contract/fastapi/modules", database_url="sqlite://",
        environment="test", admin_token="t" * 40, _env_file=None,
    )  # type: ignore[call-arg]  # fmt: skip
    with TestClient(create_app(settings=settings), root_path=root) as client:
        client.app.state.modstack.tenancy.create_tenant("acme", modules=["notes"])  # type: ignore[attr-defined]
        page = client.get("/admin/modstack/tenants/acme", headers=ADMIN)
        targets = re.findall(r'(?:href|action)="([^"]+)"', page.text)
        assert targets
        assert all(t.startswith(f"{kept}/admin/") for t in targets), targets
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        done = client.post("/admin/modstack/tenants/acme/modules/notes/disable",
                           data={"csrf": csrf.group(1)}, headers=ADMIN,
                           follow_redirects=False)  # fmt: skip
        assert done.headers["location"].startswith(f"{kept}/admin/modstack/tenants/acme?")
