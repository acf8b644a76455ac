"""Fuzzing the gate: whatever path, root_path, prefix, method, encoding or protocol a
request arrives with, under each tenant resolver, no disabled module, unknown or
missing tenant, or failed module ever reaches a handler. The oracle is the handlers'
own record: the only call allowed is module ``open`` for tenant ``acme``."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modstack.fastapi import (
    HeaderTenantResolver,
    PathPrefixTenantResolver,
    SubdomainTenantResolver,
    TenantResolver,
)
from tests.adapters.fastapi.gate_app import calls_of, running, send

RESOLVERS: dict[str, TenantResolver] = {
    "header": HeaderTenantResolver(),
    "subdomain": SubdomainTenantResolver("shop.example"),
    "prefix": PathPrefixTenantResolver("/t"),
}
ADMITTED = ("open", "acme")
NOISE_PREFIXES = ["/t/acme", "/t/ghost", "/t/globex", "/t", "/t/", "/T/acme", "/t/ACME", "/shop"]


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """(resolver name, ASGI scope) for one request, as a server would hand it over."""
    resolver = draw(st.sampled_from(sorted(RESOLVERS)))
    tenant = draw(st.sampled_from(["acme", "globex", "ghost", "ACME", None]))
    module = draw(st.sampled_from(["open", "shut", "failing"]))
    kind = draw(st.sampled_from(["api", "page", "websocket"]))
    if kind == "page":
        path = f"/storefront/{module}-page"
    else:
        route = "/live" if kind == "websocket" else draw(st.sampled_from(["/any", "/items/7"]))
        path = f"/api/v1/storefront/{module}{route}"
    prefixes = draw(st.lists(st.sampled_from(NOISE_PREFIXES), max_size=2))
    if resolver == "prefix" and tenant is not None and draw(st.booleans()):
        prefixes.insert(0, f"/t/{tenant}")
    path = "".join(prefixes) + path
    for _ in range(draw(st.integers(0, 2))):
        path = _mutate(path, draw)
    root = draw(st.sampled_from(["", "", "/shop", "/t/acme", "/api/v1"]))
    raw = _encode(root + path if draw(st.booleans()) else path, draw)
    headers = [(b"host", f"{tenant}.shop.example".encode() if tenant else b"shop.example")]
    if tenant is not None:
        headers.append((b"x-tenant", tenant.encode()))
    headers += draw(st.sampled_from([[], [(b"accept", b"text/html")], [(b"x-tenant", b"acme")]]))
    scope: dict[str, Any] = {
        "type": "websocket" if kind == "websocket" else "http",
        "path": unquote(raw),
        "raw_path": raw.encode(),
        "root_path": root,
        "headers": headers,
    }
    if kind == "websocket":
        scope["scheme"] = "ws"
        scope["extensions"] = draw(st.sampled_from([{}, {"websocket.http.response": {}}]))
    else:
        scope["scheme"] = "http"
        scope["method"] = draw(st.sampled_from(["GET", "POST", "HEAD", "OPTIONS", "PUT"]))
    return resolver, scope


def _mutate(path: str, draw: st.DrawFn) -> str:
    segments = path.split("/")
    at = draw(st.integers(1, len(segments)))
    change = draw(st.sampled_from(["//", "/.", "/x/..", "/..", "trailing", "upper"]))
    if change == "trailing":
        return path + "/"
    if change == "upper":
        index = draw(st.integers(0, len(path) - 1))
        return path[:index] + path[index].upper() + path[index + 1 :]
    return "/".join(segments[:at]) + change + "/" + "/".join(segments[at:])


def _encode(path: str, draw: st.DrawFn) -> str:
    """Percent-encode some characters (``/`` and ``.`` too), as a client may."""
    encoded = [
        quote(char, safe="") if char.isprintable() and draw(st.booleans()) else quote(char)
        for char in path
    ]
    return "".join(encoded) if draw(st.booleans()) else quote(path)


def test_no_refused_request_ever_reaches_a_handler(tmp_path: Path) -> None:
    with (
        running(f"sqlite:///{tmp_path / 'header.db'}", RESOLVERS["header"]) as header,
        running(f"sqlite:///{tmp_path / 'sub.db'}", RESOLVERS["subdomain"]) as subdomain,
        running(f"sqlite:///{tmp_path / 'prefix.db'}", RESOLVERS["prefix"]) as prefix,
    ):
        clients = {"header": header, "subdomain": subdomain, "prefix": prefix}
        calls = calls_of(header)  # one tree: the three apps share its handlers' record
        admitted: list[tuple[str, str | None, str]] = []

        @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(request=requests())
        def check(request: tuple[str, dict[str, Any]]) -> None:
            resolver, scope = request
            calls.clear()
            answer = send(clients[resolver], scope)
            assert all((code, tenant) == ADMITTED for code, tenant, _ in calls), (scope, calls)
            assert answer.status != 500, scope
            admitted.extend(calls)

        check()
        assert admitted, "no example reached a handler: the oracle would be vacuous"
