"""Names longer than modstack's columns never reach PostgreSQL (which would refuse them
with a raw DataError): they are refused first, naming the rule."""

from __future__ import annotations

import pytest

from modstack.errors import InvalidTenantNameError, TenantNotFound
from modstack.registry import Registry
from modstack.tenancy import connect


def test_a_150_character_tenant_name_is_refused_before_postgresql(
    marketplace: Registry, pg_url: str
) -> None:
    service = connect(marketplace, database=pg_url, redis_url="", notifier="in-process")
    try:
        long_name = "t" * 150
        with pytest.raises(InvalidTenantNameError, match=r"1 to 100 characters") as refused:
            service.create_tenant(long_name)
        assert refused.value.value == long_name
        with pytest.raises(TenantNotFound):
            service.is_enabled(long_name, "catalog")
        assert service.tenants() == []
        longest = "t" * 100  # exactly the column size fits
        service.create_tenant(longest, modules=["catalog"])
        assert service.is_enabled(longest, "catalog")
        assert [t.tenant for t in service.tenants()] == [longest]
    finally:
        service.close()
        service.store.dispose()
