"""Tenant resolvers over a ``RequestHead`` (what a Flask or Django adapter calls): they
agree with the FastAPI adapter's on every input, and the default tenant answers only for
requests that name none."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from modstack.fastapi.tenants import (
    HeaderTenantResolver,
    PathPrefixTenantResolver,
    SubdomainTenantResolver,
)
from modstack.web.request import RequestHead
from modstack.web.tenants import DefaultTenant, HeaderTenant, PathPrefixTenant, SubdomainTenant

TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30)


def _scope(path: str, headers: dict[str, str]) -> dict[str, object]:
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    return {"type": "http", "path": path, "root_path": "", "headers": raw}


@settings(max_examples=200, deadline=None)
@given(value=TEXT, host=TEXT, path=TEXT)
def test_the_neutral_resolvers_agree_with_the_asgi_ones(value: str, host: str, path: str) -> None:
    path = "/" + path.lstrip("/")
    headers = {"x-tenant": value, "host": host}
    head = RequestHead("GET", path, headers=headers)
    assert HeaderTenant().resolve(head) == HeaderTenantResolver()(_scope(path, headers))
    sub = SubdomainTenant("shop.example")
    assert sub.resolve(head) == SubdomainTenantResolver("shop.example")(_scope(path, headers))
    prefix = PathPrefixTenant("/t")
    assert prefix.resolve(head) == PathPrefixTenantResolver("/t")(_scope(path, headers))


def test_the_default_tenant_answers_only_when_the_request_names_none() -> None:
    single = DefaultTenant("main", HeaderTenant())
    assert single.resolve(RequestHead("GET", "/")) == "main"
    assert single.resolve(RequestHead("GET", "/", headers={"x-tenant": "acme"})) == "acme"
    assert single.resolve(RequestHead("GET", "/", headers={"x-tenant": "  "})) == "main"


def test_a_subdomain_is_read_from_the_host_without_its_port() -> None:
    sub = SubdomainTenant("shop.example")
    assert sub.resolve(RequestHead("GET", "/", host="ACME.shop.example:8000")) == "acme"
    assert sub.resolve(RequestHead("GET", "/", headers={"host": "a.b.shop.example"})) is None
    assert sub.resolve(RequestHead("GET", "/", host="shop.example")) is None
