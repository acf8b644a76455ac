"""Module-owned services in the FastAPI app: ownership, /metrics, the admin API, and the
``modstack services`` command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from modstack.cli import cli
from modstack.errors import ServiceUnavailableError
from tests.adapters.fastapi.conftest import WEB_APP

ACME = {"X-Tenant": "acme"}


def test_a_modules_service_starts_with_it_and_serves_the_modules_that_require_it(
    client: TestClient,
) -> None:
    stack = client.app.state.modstack  # type: ignore[attr-defined]
    assert stack.services.names() == ["payment_gateway"]
    assert client.post("/api/v1/vendor/billing/charge/25", headers=ACME).json() == {"charged": 25}
    with pytest.raises(ServiceUnavailableError, match="belongs to module 'payments', which 'core'"):
        stack.services.get_service("payment_gateway", requester="core")


def test_metrics_are_exposed_in_prometheus_format(client: TestClient) -> None:
    client.post("/api/v1/vendor/billing/charge/5", headers=ACME)
    client.post("/api/v1/vendor/billing/charge/7", headers=ACME)
    text = client.get("/metrics").text
    labels = 'operation="charge",service="payment_gateway"'
    assert f"modstack_service_calls_total{{{labels}}} 2.0" in text
    assert f"modstack_breaker_state{{{labels}}} 0.0" in text
    assert f'modstack_service_latency_seconds_bucket{{le="+Inf",{labels}}} 2.0' in text


def test_the_admin_api_lists_and_reloads_services(client: TestClient) -> None:
    listed = client.get("/api/v1/admin/modstack/services").json()
    assert listed["services"]["payment_gateway"]["module"] == "payments"
    assert listed["health"]["status"] == "healthy"
    before = client.app.state.modstack.services.get_service("payment_gateway")  # type: ignore[attr-defined]
    reloaded = client.post("/api/v1/admin/modstack/services/payment_gateway/reload")
    assert reloaded.json() == {"service": "payment_gateway", "version": "2.1.0", "ok": True}
    after = client.app.state.modstack.services.get_service("payment_gateway")  # type: ignore[attr-defined]
    assert after is not before
    assert client.post("/api/v1/admin/modstack/services/nope/reload").status_code == 404


def test_the_services_command_lists_and_checks() -> None:
    modules = str(WEB_APP / "modules")
    listed = CliRunner().invoke(cli, ["services", "list", "--modules", modules, "--json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout)["payment_gateway"]["version"] == "2.1.0"
    checked = CliRunner().invoke(cli, ["services", "check", "--modules", modules])
    assert checked.exit_code == 0
    assert "✓ payment_gateway: healthy" in checked.stdout


def test_a_modules_services_stop_with_it(client: TestClient) -> None:
    import asyncio

    stack = client.app.state.modstack  # type: ignore[attr-defined]
    asyncio.run(stack.kernel.stop(["billing", "payments"]))
    assert stack.services.names() == []


def test_the_admin_api_reads_and_changes_settings(client: TestClient) -> None:
    base = "/api/v1/admin/modstack/settings"
    exported = client.get(base).json()["modules"]["payments"]
    assert exported["api_key"] == {"value": "**********", "source": "default"}
    changed = client.put(
        f"{base}/payments/max_amount", json={"value": 50, "tenant": "acme", "reason": "limit"}
    )
    assert changed.json() == {"module": "payments", "field": "max_amount", "old": 10000, "new": 50,
                              "tenant": "acme", "changed": True,
                              "requires_restart": False}  # fmt: skip
    for_acme = client.get(base, params={"tenant": "acme"}).json()["modules"]["payments"]
    assert for_acme["max_amount"] == {"value": 50, "source": "tenant:acme"}
    refused = client.put(f"{base}/payments/timeout", json={"value": 0})
    assert refused.status_code == 422
    assert "greater than 0" in refused.json()["detail"]
    not_for_tenants = client.put(f"{base}/payments/timeout", json={"value": 3, "tenant": "acme"})
    assert "tenants may not override it" in not_for_tenants.json()["detail"]
