"""Fuzzing the gate behind path-prefix tenants: whatever path, mount, method or encoding
a request arrives with (repeated and nested prefixes, ``//``, ``.`` and ``..``,
percent-encoding, case), no disabled module, unknown or missing tenant, or failed module
ever reaches a view. The oracle is the views' own record: the only call allowed is
module ``open`` for tenant ``acme``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from modstack.web.tenants import DefaultTenant, PathPrefixTenant, TenantResolver
from tests.adapters.flask.gate_app import calls_of, gate_app, send

ADMITTED = ("open", "acme")
ADMITTED_PATH = "/api/v1/storefront/open/any"
NOISE_PREFIXES = ["/t/acme", "/t/ghost", "/t/globex", "/t", "/t/", "/T/acme", "/t/ACME", "/shop"]


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str, str, dict[str, str]]:
    """(raw path as on the wire, SCRIPT_NAME, method, headers) for one request."""
    tenant = draw(st.sampled_from(["acme", "acme", "globex", "ghost", "ACME", "a.b", None]))
    module = draw(st.sampled_from(["open", "open", "shut", "failing"]))
    if draw(st.booleans()):
        path = f"/storefront/{module}-page"
    else:
        path = f"/api/v1/storefront/{module}" + draw(st.sampled_from(["/any", "/items/7"]))
    prefixes = (
        draw(st.lists(st.sampled_from(NOISE_PREFIXES), max_size=2)) if draw(st.booleans()) else []
    )
    if tenant is not None and draw(st.integers(0, 3)):
        prefixes.insert(0, f"/t/{tenant}")
    path = "".join(prefixes) + path
    for _ in range(draw(st.sampled_from([0, 0, 1, 2]))):
        path = _mutate(path, draw)
    script_name = draw(st.sampled_from(["", "", "/shop", "/t/acme", "/t"]))
    headers = draw(st.sampled_from([{}, {"Accept": "text/html"}, {"X-Tenant": "acme"}]))
    method = draw(st.sampled_from(["GET", "POST", "HEAD", "OPTIONS", "PUT"]))
    return _encode(path, draw), script_name, method, headers


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
    encoded = [quote(char, safe="") if draw(st.booleans()) else quote(char) for char in path]
    return "".join(encoded) if draw(st.booleans()) else quote(path)


RESOLVERS = {
    "prefix": PathPrefixTenant("/t"),
    "prefix-or-default": DefaultTenant("globex", PathPrefixTenant("/t")),
}


@pytest.mark.parametrize("resolver", RESOLVERS.values(), ids=RESOLVERS.keys())
def test_no_refused_request_ever_reaches_a_view(tmp_path: Path, resolver: TenantResolver) -> None:
    with gate_app(tmp_path, resolver) as app:
        calls = calls_of(app)
        admitted: list[tuple[str, str | None, str]] = []

        @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
        @given(request=requests())
        @example(request=(f"/t/acme{ADMITTED_PATH}", "", "GET", {}))
        def check(request: tuple[str, str, str, dict[str, str]]) -> None:
            raw, script_name, method, headers = request
            calls.clear()
            answer = send(app, raw, script_name=script_name, method=method, headers=headers)
            assert all((code, tenant) == ADMITTED for code, tenant, _ in calls), (request, calls)
            assert answer.status != 500, request
            admitted.extend(calls)

        check()
        assert admitted, "no example reached a view: the oracle would be vacuous"
