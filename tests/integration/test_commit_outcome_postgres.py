"""A connection lost during COMMIT is reported as an unknown outcome, never as "nothing
was written"; the same plan applied again is recognised as applied. A TCP proxy between
the client and a real PostgreSQL server cuts the connection on the wire: right after
forwarding COMMIT (the server commits, the client never hears so), or just before the
plan's first write (nothing reaches the server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from modstack.errors import CommitOutcomeUnknownError, StoreUnavailableError
from modstack.registry import Registry
from modstack.tenancy import TenancyService, TenancyStore
from tests.integration.servers import PostgresServer
from tests.integration.wire_proxy import WireProxy
from tests.unit.tenancy.test_apply_once import applied_once


@pytest.fixture
def proxied(
    marketplace: Registry, postgres: PostgresServer, pg_url: str
) -> Iterator[tuple[WireProxy, TenancyService]]:
    direct = TenancyStore(pg_url)
    direct.migrate()
    direct.dispose()
    with WireProxy(postgres.port) as proxy:
        service = TenancyService(marketplace, TenancyStore(proxy.url(pg_url)))
        service.create_tenant("acme", modules=["catalog"])
        yield proxy, service
        service.close()
        service.store.dispose()


def test_a_commit_cut_on_the_wire_is_unknown_and_the_retry_is_recognised(
    proxied: tuple[WireProxy, TenancyService],
) -> None:
    proxy, service = proxied
    plan = service.plan_enable("acme", "checkout")
    proxy.cut_after_next_commit()
    with pytest.raises(CommitOutcomeUnknownError, match="the outcome is unknown") as lost:
        service.apply(plan, actor="alice", reason="launch")
    assert proxy.cut_after_commit == 1
    assert "nothing was written" not in str(lost.value)
    assert isinstance(lost.value, StoreUnavailableError)  # still a 503 for the admin API
    assert service.apply(plan, actor="alice", reason="launch") == plan  # recognised
    applied_once(service, plan)


def test_a_connection_cut_before_the_commit_wrote_nothing(
    proxied: tuple[WireProxy, TenancyService],
) -> None:
    proxy, service = proxied
    plan = service.plan_enable("acme", "checkout")
    proxy.cut_before_statement(b"INSERT INTO modstack_plans")
    with pytest.raises(StoreUnavailableError, match="nothing was written") as lost:
        service.apply(plan, actor="alice", reason="launch")
    assert proxy.cut_before == 1
    assert not isinstance(lost.value, CommitOutcomeUnknownError)
    assert service.status("acme").version == plan.base_version  # indeed nothing
    assert service.apply(plan, actor="alice", reason="launch") == plan  # applied now
    applied_once(service, plan)
