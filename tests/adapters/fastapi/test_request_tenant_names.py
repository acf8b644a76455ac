"""A tenant name from a request that no tenant can have is refused like an unknown tenant,
without a query and without being remembered."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient


@pytest.mark.parametrize("name", ["a/b", "x" * 150, "x" * 1000, "acme;drop", "ac me", "é"])
def test_a_bad_tenant_header_is_a_404_without_a_query(client: TestClient, name: str) -> None:
    tenancy = client.app.state.modstack.tenancy  # type: ignore[attr-defined]
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    sa.event.listen(tenancy.store.engine, "before_cursor_execute", record)
    try:
        answer = client.get("/api/v1/vendor/billing/invoices", headers={"X-Tenant": name.encode()})
    finally:
        sa.event.remove(tenancy.store.engine, "before_cursor_execute", record)
    assert (answer.status_code, answer.json()["code"]) == (404, "tenant_not_found")
    assert not any("modstack_tenants" in statement for statement in seen)
    assert len(tenancy._missing) == 0
