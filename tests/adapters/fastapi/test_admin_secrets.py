"""The admin API's settings endpoints: secrets masked in every answer and stored
encrypted; a change for an unknown tenant is a 404 that writes nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from fastapi.testclient import TestClient

from modstack.config import MASK
from modstack.db.tables import settings as settings_table
from modstack.db.tables import settings_audit
from modstack.fastapi import create_app
from modstack.settings import ModstackSettings
from tests.adapters.fastapi.conftest import ADMIN, WEB_APP

BASE = "/api/v1/admin/modstack/settings"


def raw_rows(client: TestClient) -> list[str]:
    engine = client.app.state.modstack.tenancy.store.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        rows = [*connection.execute(sa.select(settings_table)).all()]
        rows += connection.execute(sa.select(settings_audit)).all()
    return [repr(tuple(row)) for row in rows]


def test_a_secret_change_answers_masks_and_stores_no_clear_text(
    settings: ModstackSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODSTACK_SECRET_KEY", Fernet.generate_key().decode())
    with TestClient(
        create_app(settings=settings, templates=WEB_APP / "templates"), headers=ADMIN
    ) as client:
        answer = client.put(f"{BASE}/payments/api_key", json={"value": "SUPER-SECRET-1"})
        assert answer.status_code == 200, answer.text
        assert (answer.json()["old"], answer.json()["new"]) == (MASK, MASK)
        assert "SUPER-SECRET-1" not in answer.text
        assert "test-key" not in answer.text
        assert "SUPER-SECRET-1" not in client.get(BASE).text
        rows = raw_rows(client)
        assert len(rows) == 2
        assert not any("SUPER-SECRET-1" in row or "test-key" in row for row in rows), rows


def test_a_secret_change_without_a_key_is_refused(
    settings: ModstackSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MODSTACK_SECRET_KEY", raising=False)
    with TestClient(
        create_app(settings=settings, templates=WEB_APP / "templates"), headers=ADMIN
    ) as client:
        answer = client.put(f"{BASE}/payments/api_key", json={"value": "SUPER-SECRET-1"})
        assert answer.status_code == 422
        assert "MODSTACK_SECRET_KEY is not set" in answer.json()["detail"]
        assert "SUPER-SECRET-1" not in answer.text
        assert raw_rows(client) == []


def test_a_setting_for_an_unknown_tenant_is_a_404_that_writes_nothing(
    client: TestClient,
) -> None:
    answer = client.put(f"{BASE}/payments/max_amount", json={"value": 5, "tenant": "ghost"})
    assert (answer.status_code, answer.json()["code"]) == (404, "tenant_not_found")
    assert raw_rows(client) == []
    bad = client.put(f"{BASE}/payments/max_amount", json={"value": 5, "tenant": "a/b"})
    assert (bad.status_code, bad.json()["code"]) == (404, "tenant_not_found")
    assert client.get(BASE, params={"tenant": "x" * 150}).status_code == 404
    assert raw_rows(client) == []
    ok = client.put(f"{BASE}/payments/max_amount", json={"value": 5, "tenant": "acme"})
    assert ok.status_code == 200, ok.text
