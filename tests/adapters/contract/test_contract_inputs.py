"""What every adapter reads the same way from a request: a tenant named in a path prefix
(``/t/<tenant>/...``) — the gate answers through the prefix as through a header, only
the first valid segment names the tenant, a segment that is no tenant name names none —
and a body, limited by ``MODSTACK_MAX_BODY_SIZE`` under the adapter's real server whether
it comes with a Content-Length, chunked, or longer than it claims, and refused with one
answer (413 ``body_too_large`` naming the limit) on module routes and the admin API."""

from __future__ import annotations

from pathlib import Path

from modstack.settings import ModstackSettings
from tests.adapters.contract.adapters import Adapter
from tests.adapters.contract.conftest import ADMIN_TOKEN
from tests.adapters.contract.served import ECHO, serving

PING = "/api/v1/vendor/notes/ping"


def test_the_gate_answers_through_a_tenant_path_prefix(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings, path_prefix="/t") as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        app.stack.tenancy.create_tenant("globex", modules=[])
        admitted = app.get(f"/t/acme{PING}")
        assert (admitted.status, admitted.json) == (200, {"module": "notes", "tenant": "acme"})
        disabled = app.get(f"/t/globex{PING}")
        assert (disabled.status, disabled.json["code"]) == (403, "module_disabled")
        unknown = app.get(f"/t/nobody{PING}")
        assert (unknown.status, unknown.json["code"]) == (404, "tenant_not_found")
        missing = app.get(PING, **{"X-Tenant": "acme"})  # a header names no tenant here
        assert (missing.status, missing.json["code"]) == (400, "tenant_required")
        page = app.get("/t/acme/vendor/notes")
        assert (page.status, "Hello &lt;world&gt;" in page.text) == (200, True)


def test_only_the_first_valid_path_segment_names_the_tenant(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings, path_prefix="/t") as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        app.stack.tenancy.create_tenant("globex", modules=[])
        assert app.get(f"/t/globex/t/acme{PING}").status == 404  # globex asks for /t/acme/...
        assert app.get(f"/t/acme/t/acme{PING}").status == 404
        for not_a_tenant in ("a%20b", "-acme", "%3Cb%3E"):  # no route: the path stays as it is
            assert app.get(f"/t/{not_a_tenant}{PING}").status == 404, not_a_tenant
        unknown = app.get(f"/t/ACME{PING}")  # a valid name, but no such tenant
        assert (unknown.status, unknown.json["code"]) == (404, "tenant_not_found")


# -- the request body limit, under each adapter's real server ----------------------------

LIMIT = 64 * 1024
TOO_LARGE = {
    "code": "body_too_large",
    "limit": LIMIT,
    "detail": f"the request body is over the limit of {LIMIT} bytes",
}
"""The answer of a body over the limit, on every adapter (FastAPI said Starlette's
``Content Too Large`` in plain text, Flask Werkzeug's HTML page)."""
SETTING = "/api/v1/admin/modstack/settings/notes/greeting"


def test_a_body_over_the_limit_is_refused_413_under_a_real_server(
    adapter: Adapter, settings: ModstackSettings, tmp_path: Path
) -> None:
    with serving(adapter, settings, tmp_path, MODSTACK_MAX_BODY_SIZE=str(LIMIT)) as server:
        assert server.post(ECHO, b"x" * LIMIT) == (200, {"received": LIMIT})
        assert server.post(ECHO, b"x" * (LIMIT + 1)) == (413, TOO_LARGE)
        assert server.post(ECHO, b"x" * LIMIT, chunked=True) == (200, {"received": LIMIT})
        assert server.post(ECHO, b"x" * (LIMIT + 1), chunked=True) == (413, TOO_LARGE)
        # a body longer than its Content-Length is read only that far
        assert server.post(ECHO, b"x" * 4 * LIMIT, claimed=10) == (200, {"received": 10})


def test_a_body_over_the_limit_to_the_admin_api_is_the_same_413(
    adapter: Adapter, settings: ModstackSettings, tmp_path: Path
) -> None:
    headers = {"Authorization": f"Bearer {ADMIN_TOKEN}", "Content-Type": "application/json"}
    value = b'{"value": "%s"}' % (b"x" * LIMIT)
    with serving(adapter, settings, tmp_path, MODSTACK_MAX_BODY_SIZE=str(LIMIT)) as server:
        for chunked in (False, True):
            put = server.send("PUT", SETTING, value, headers=headers, chunked=chunked)
            assert (put.status, put.json) == (413, TOO_LARGE), (chunked, put.text[:200])
        fits = server.send("PUT", SETTING, b'{"value": "hi"}', headers=headers, chunked=True)
        assert (fits.status, fits.json["new"]) == (200, "hi"), fits.text[:200]
