"""What the Django adapter adds to the contract suite: a failed module answers 503 and
the rest serve, a browser gets the error page, the project's own views are gated with
``require_module_access``, ``reverse`` finds module URLs, a module's ``ModuleError``
answers with its status, ``/metrics`` counts each module's requests, the admin frontend
needs the credential, and any tenant header is refused unless it names a tenant that
has the module."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.http import HttpRequest, JsonResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modstack.django import require_module_access
from modstack.django.adapter import Modstack
from tests.adapters.django.conftest import ADMIN_TOKEN, settings_for
from tests.adapters.django.project import CONTRACT_TREE, serving

PING = "/api/v1/vendor/notes/ping"
ACME = {"X-Tenant": "acme"}
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def _tree_with(tmp_path: Path, code: str, files: dict[str, str]) -> Path:
    tree = tmp_path / "modules"
    if not tree.exists():
        shutil.copytree(CONTRACT_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    folder = tree / code
    files = {
        "__init__.py": "",
        "definition.py": f"from modstack import ModuleDefinition\nm = ModuleDefinition({code!r})\n",
        "routes/__init__.py": "",
        "routes/api/__init__.py": "",
        **files,
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return tree


def test_a_module_that_failed_answers_503_and_the_others_serve(tmp_path: Path) -> None:
    tree = _tree_with(
        tmp_path,
        "broken",
        {"routes/api/vendor.py": 'raise RuntimeError("no routes today")\n', "static/a.txt": "a\n"},
    )
    with serving(Modstack(settings_for(tmp_path, modules=str(tree)))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes", "broken"])
        client = Client()
        assert stack.core.kernel.modules["broken"].state.value == "failed"
        refused = client.get("/api/v1/vendor/broken/anything", headers=ACME)
        assert (refused.status_code, refused.json()["code"]) == (503, "module_unavailable")
        assert "reason" not in refused.json()  # failure details are for operators
        assert client.get("/static/modules/broken/a.txt").status_code == 503
        assert client.get(PING, headers=ACME).status_code == 200


def test_a_browser_gets_the_error_page_and_an_api_client_json(tmp_path: Path) -> None:
    with serving(Modstack(settings_for(tmp_path))) as stack:
        stack.core.tenancy.create_tenant("globex", modules=[])
        client = Client()
        browser = {"X-Tenant": "globex", "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
        page = client.get("/vendor/notes", headers=browser)
        assert page.status_code == 403
        assert page["Content-Type"].startswith("text/html")
        assert "This feature is not enabled for this site." in page.content.decode()
        api = client.get(PING, headers=browser)
        assert (api.status_code, api.json()["code"]) == (403, "module_disabled")


def test_an_unknown_path_under_a_module_api_is_gated_before_it_is_not_found(
    tmp_path: Path,
) -> None:
    with serving(Modstack(settings_for(tmp_path))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        stack.core.tenancy.create_tenant("globex", modules=[])
        client = Client()
        assert client.get("/api/v1/vendor/notes/nothing", headers={"X-Tenant": "globex"}).json()[
            "code"
        ] == ("module_disabled")
        missing = client.get("/api/v1/vendor/notes/nothing", headers=ACME)
        assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
        assert client.get("/api/v1/vendor/nobody/ping", headers=ACME).status_code == 404


@require_module_access("notes")
def report(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"report": "ready", "tenant": request.tenant})  # type: ignore[attr-defined]


def test_the_projects_own_views_are_gated_with_require_module_access(tmp_path: Path) -> None:
    with serving(Modstack(settings_for(tmp_path))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        stack.core.tenancy.create_tenant("globex", modules=[])

        def ask(**headers: str) -> JsonResponse:
            answer: JsonResponse = report(RequestFactory().get("/report", headers=headers))
            return answer

        assert ask(**ACME).status_code == 200
        assert ask(**{"X-Tenant": "globex"}).status_code == 403
        assert ask().status_code == 400
        assert ask(**{"X-Tenant": "nobody"}).status_code == 404


def test_reverse_finds_module_urls(tmp_path: Path) -> None:
    with serving(Modstack(settings_for(tmp_path))):
        assert reverse("notes-vendor-api:ping") == PING
        assert reverse("notes-vendor:page") == "/vendor/notes"
        assert reverse("modstack-health") == "/health"


def test_metrics_count_each_modules_requests(tmp_path: Path) -> None:
    with serving(Modstack(settings_for(tmp_path))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        client = Client()
        for _ in range(3):
            client.get(PING, headers=ACME)
        text = client.get("/metrics", headers=ADMIN).content.decode()
        assert 'modstack_module_request_seconds_count{module="notes"} 3.0' in text


def test_a_modules_module_error_answers_with_its_status_and_data(tmp_path: Path) -> None:
    tree = _tree_with(
        tmp_path,
        "picky",
        {
            "routes/api/vendor.py": (
                "from django.urls import path\n"
                "from modstack.errors import ModuleError\n\n\n"
                "class Empty(ModuleError):\n    status = 409\n    error_code = 'cart_empty'\n\n\n"
                "def buy(request):\n    raise Empty('the cart is empty')\n\n\n"
                'urlpatterns = [path("buy", buy)]\n'
            )
        },
    )
    with serving(Modstack(settings_for(tmp_path, modules=str(tree)))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["picky"])
        answer = Client().get("/api/v1/vendor/picky/buy", headers=ACME)
        assert answer.status_code == 409
        assert answer.json()["code"] == "cart_empty"


def test_the_admin_api_and_the_admin_frontend_need_the_credential(tmp_path: Path) -> None:
    tree = _tree_with(
        tmp_path,
        "backoffice",
        {
            "routes/api/admin.py": (
                "from django.http import JsonResponse\nfrom django.urls import path\n\n\n"
                "def stats(request):\n    return JsonResponse({'orders': 3})\n\n\n"
                'urlpatterns = [path("stats", stats)]\n'
            )
        },
    )
    with serving(Modstack(settings_for(tmp_path, modules=str(tree)))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes", "backoffice"])
        client = Client(enforce_csrf_checks=True)
        stats = "/api/v1/admin/backoffice/stats"
        assert client.get(stats, headers=ACME).status_code == 401
        assert client.get(stats, headers={**ACME, **ADMIN}).json() == {"orders": 3}
        enable = "/api/v1/admin/modstack/tenants/acme/modules/notes/disable"
        assert client.post(enable).status_code == 401
        assert stack.core.tenancy.is_enabled("acme", "notes")
        assert client.post(enable, headers=ADMIN).status_code == 200
        assert not stack.core.tenancy.is_enabled("acme", "notes")
        assert client.get(enable, headers=ADMIN).status_code == 405


def test_any_tenant_header_but_one_that_has_the_module_is_refused(tmp_path: Path) -> None:
    with serving(Modstack(settings_for(tmp_path))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        stack.core.tenancy.create_tenant("globex", modules=[])
        client = Client()

        @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
        @given(tenant=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40))
        def check(tenant: str) -> None:
            answer = client.get(PING, headers={"X-Tenant": tenant})
            if tenant.strip() == "acme":
                assert answer.status_code == 200
            else:
                assert answer.status_code in (400, 403, 404), (tenant, answer.status_code)
                assert answer.json()["code"] in {
                    "tenant_required",
                    "tenant_not_found",
                    "module_disabled",
                }

        check()


def test_no_path_reaches_a_module_view_without_an_enabled_tenant(tmp_path: Path) -> None:
    with serving(Modstack(settings_for(tmp_path))) as stack:
        stack.core.tenancy.create_tenant("globex", modules=[])
        client = Client()
        path_characters = "abcnotesABC0123456789-._~!$&'()*+,;=:@"  # what a path may hold
        segment = st.text(st.sampled_from(path_characters), max_size=12)

        @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
        @given(tail=st.lists(segment, max_size=4).map("/".join))
        def check(tail: str) -> None:
            for prefix in ("/api/v1/vendor/notes/", "/vendor/", "/"):
                answer = client.get(prefix + tail, headers={"X-Tenant": "globex"})
                if answer.status_code == 200:  # only modstack's public documents
                    assert prefix + tail in ("/health", "/metrics"), prefix + tail
                assert answer.status_code < 500, (prefix + tail, answer.status_code)

        check()


def test_an_async_module_view_is_gated_and_served(tmp_path: Path) -> None:
    tree = _tree_with(
        tmp_path,
        "live",
        {
            "routes/api/vendor.py": (
                "import asyncio\n\nfrom django.http import JsonResponse\n"
                "from django.urls import path\n\n\n"
                "async def feed(request):\n    await asyncio.sleep(0)\n"
                "    return JsonResponse({'tenant': request.tenant})\n\n\n"
                'urlpatterns = [path("feed", feed)]\n'
            )
        },
    )
    with serving(Modstack(settings_for(tmp_path, modules=str(tree)))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["live"])
        stack.core.tenancy.create_tenant("globex", modules=[])
        client = Client()
        assert client.get("/api/v1/vendor/live/feed", headers=ACME).json() == {"tenant": "acme"}
        refused = client.get("/api/v1/vendor/live/feed", headers={"X-Tenant": "globex"})
        assert refused.status_code == 403
        text = client.get("/metrics", headers=ADMIN).content.decode()
        assert 'modstack_module_request_seconds_count{module="live"} 1.0' in text


def test_a_route_file_without_urlpatterns_fails_its_module_naming_the_file(
    tmp_path: Path,
) -> None:
    tree = _tree_with(tmp_path, "typo", {"routes/api/vendor.py": "urlpatterns_ = []\n"})
    with serving(Modstack(settings_for(tmp_path, modules=str(tree)))) as stack:
        runtime = stack.core.kernel.modules["typo"]
        assert runtime.state.value == "failed"
        assert "routes/api/vendor.py must export a list named `urlpatterns`" in str(runtime.reason)
        assert stack.core.kernel.modules["notes"].state.value == "active"


def test_templates_translate_and_link_module_static_files(tmp_path: Path) -> None:
    from django.template import engines

    tree = _tree_with(tmp_path, "shop", {"locales/en.json": '{"shop.hi": "Hi {name}"}\n'})
    with serving(Modstack(settings_for(tmp_path, modules=str(tree)))):
        template = engines["django"].from_string(
            '{% load modstack %}{% t "shop.hi" name=who %} {% module_static "shop" "a.css" %}'
        )
        assert template.render({"who": "<Ann>"}) == "Hi &lt;Ann&gt; /static/modules/shop/a.css"


def test_no_static_path_leaves_the_modules_static_folder(tmp_path: Path) -> None:
    with serving(Modstack(settings_for(tmp_path))):
        client = Client()
        parts = st.sampled_from(
            ["..", ".", "%2e%2e", "%2F", "static", "definition.py", "hello.txt"]
        )

        @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
        @given(path=st.lists(parts, min_size=1, max_size=5).map("/".join))
        def check(path: str) -> None:
            answer = client.get(f"/static/modules/notes/{path}")
            if answer.status_code == 200:
                body = b"".join(answer.streaming_content)
                assert body == b"notes static\n", path  # only hello.txt itself
            else:
                assert answer.status_code in (301, 404), (path, answer.status_code)

        check()


def test_a_path_prefix_names_the_tenant_and_links_keep_it(tmp_path: Path) -> None:
    from modstack.web.tenants import PathPrefixTenant

    tree = _tree_with(
        tmp_path,
        "links",
        {
            "routes/api/vendor.py": (
                "from django.http import JsonResponse\nfrom django.urls import path, reverse\n\n\n"
                "def me(request):\n"
                "    return JsonResponse({'tenant': request.tenant,"
                " 'url': reverse('links-vendor-api:me')})\n\n\n"
                'urlpatterns = [path("me", me, name="me")]\n'
            )
        },
    )
    stack = Modstack(settings_for(tmp_path, modules=str(tree)), tenant_resolver=PathPrefixTenant())
    with serving(stack):
        stack.core.tenancy.create_tenant("acme", modules=["links"])
        stack.core.tenancy.create_tenant("globex", modules=[])
        client = Client()
        answer = client.get("/t/acme/api/v1/vendor/links/me").json()
        assert answer == {"tenant": "acme", "url": "/t/acme/api/v1/vendor/links/me"}
        assert client.get("/t/globex/api/v1/vendor/links/me").status_code == 403
        no_tenant = client.get("/api/v1/vendor/links/me")
        assert (no_tenant.status_code, no_tenant.json()["code"]) == (400, "tenant_required")
        assert client.get("/t/acme/health").status_code == 200
        assert reverse("links-vendor-api:me") == "/api/v1/vendor/links/me"  # none outside
