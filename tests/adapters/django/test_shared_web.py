"""What the Django adapter does in Django's own terms with the pieces of ``modstack.web``
it shares with FastAPI and Flask: the sign-in form under Django's ``CsrfViewMiddleware``
(modstack checks its own CSRF token), admin pages that send a browser to the form, the
error page for a browser's 404 unless the project has its own ``handler404``, and the
body limit (``MODSTACK_MAX_BODY_SIZE``, or Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` when
the project set it) for a body with or without a ``Content-Length``."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from urllib.parse import urlencode

from django.http import HttpResponse
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modstack.django.adapter import Modstack
from tests.adapters.django.conftest import ADMIN_TOKEN, settings_for
from tests.adapters.django.project import CONTRACT_TREE, serving

ACME = {"X-Tenant": "acme"}
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
WITH_DJANGO_CSRF = [
    "django.middleware.csrf.CsrfViewMiddleware",
    "modstack.django.middleware.ModstackMiddleware",
]
ECHO = "/api/v1/storefront/notes/echo"
FORM = "application/x-www-form-urlencoded"


def _tree(tmp_path: Path) -> Path:
    """The contract tree, with a storefront echo route and admin and vendor pages."""
    tree = tmp_path / "modules"
    shutil.copytree(CONTRACT_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    routes = tree / "notes/routes"
    (routes / "api/storefront.py").write_text(
        "from django.http import JsonResponse\nfrom django.urls import path\n\n\n"
        "def echo(request):\n    return JsonResponse({'received': len(request.body)})\n\n\n"
        'urlpatterns = [path("echo", echo)]\n'
    )
    (routes / "pages/admin.py").write_text(
        "from django.http import HttpResponse\nfrom django.urls import path\n\n\n"
        "def dashboard(request):\n    return HttpResponse('the dashboard')\n\n\n"
        'urlpatterns = [path("notes/dashboard", dashboard)]\n'
    )
    (routes / "pages/storefront.py").write_text(
        "from django.http import Http404\nfrom django.urls import path\n\n\n"
        "def missing(request):\n    raise Http404('no such note')\n\n\n"
        'urlpatterns = [path("notes/missing", missing)]\n'
    )
    return tree


def _serving(tmp_path: Path, **fields: object) -> Modstack:
    return Modstack(settings_for(tmp_path, modules=str(_tree(tmp_path)), **fields))


def _csrf(client: Client) -> str:
    page = client.get("/admin/signin")
    assert page.status_code == 200, page.content
    found = re.search(r'name="csrf" value="([^"]+)"', page.content.decode())
    assert found is not None
    return found.group(1)


def _form(client: Client, path: str, fields: dict[str, str]) -> HttpResponse:
    """POST ``fields`` as a browser's urlencoded form."""
    answer: HttpResponse = client.post(path, urlencode(fields), FORM)
    return answer


def test_the_sign_in_form_answers_under_djangos_csrf_middleware_with_its_own_check(
    tmp_path: Path,
) -> None:
    with serving(Modstack(settings_for(tmp_path))), override_settings(MIDDLEWARE=WITH_DJANGO_CSRF):
        client = Client(enforce_csrf_checks=True)  # as a browser: Django's check is on
        forged = _form(client, "/admin/signin", {"csrf": "forged", "token": ADMIN_TOKEN})
        assert forged.status_code == 403
        assert b"The form expired" in forged.content  # modstack's own check, not Django's
        assert client.get("/modules/status").status_code == 401
        fields = {"csrf": _csrf(client), "token": ADMIN_TOKEN, "next": "/modules/status"}
        signed_in = _form(client, "/admin/signin", fields)
        assert (signed_in.status_code, signed_in["Location"]) == (303, "/modules/status")
        assert client.get("/modules/status").status_code == 200
        signed_out = _form(client, "/admin/signout", {"csrf": _csrf(client)})
        assert signed_out.status_code == 303
        assert client.get("/modules/status").status_code == 401


def test_an_admin_page_sends_a_browser_without_the_credential_to_the_sign_in_form(
    tmp_path: Path,
) -> None:
    with serving(_serving(tmp_path)) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        client = Client()
        page = "/admin/notes/dashboard"
        sent = client.get(f"{page}?tab=1", headers={**ACME, **BROWSER})
        assert sent.status_code == 303
        assert sent["Location"] == "/admin/signin?next=%2Fadmin%2Fnotes%2Fdashboard%3Ftab%3D1"
        fields = {"csrf": _csrf(client), "token": ADMIN_TOKEN, "next": f"{page}?tab=1"}
        assert _form(client, "/admin/signin", fields)["Location"] == f"{page}?tab=1"
        assert client.get(page, headers=ACME).content == b"the dashboard"


def test_a_browser_gets_the_error_page_for_a_views_http404(tmp_path: Path) -> None:
    with serving(_serving(tmp_path)) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        page = Client().get("/notes/missing", headers={**ACME, **BROWSER})
        assert page.status_code == 404
        assert page["Content-Type"].startswith("text/html")
        assert "Page not found" in page.content.decode()


def test_a_project_with_its_own_handler404_keeps_its_page(tmp_path: Path) -> None:
    with (
        serving(Modstack(settings_for(tmp_path))),
        override_settings(ROOT_URLCONF="tests.adapters.django.own404_urls"),
    ):
        page = Client().get("/no/such/page", headers=BROWSER)
        assert (page.status_code, page.content) == (404, b"the project's own 404")
        assert Client().get("/health").status_code == 200  # modstack's URLs still answer


def test_the_body_limit_is_modstacks_unless_the_project_set_djangos(tmp_path: Path) -> None:
    with serving(_serving(tmp_path, max_body_size=100)) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        client = Client()

        def post(size: int) -> tuple[int, object]:
            answer = client.post(ECHO, b"x" * size, "application/octet-stream", headers=ACME)
            return answer.status_code, answer.json()

        assert post(100) == (200, {"received": 100})
        status, body = post(101)
        assert (status, body["code"]) == (413, "body_too_large")  # type: ignore[index]
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
            assert post(1000) == (200, {"received": 1000})
            assert post(1001)[0] == 413
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=None):  # no limit at all
            assert post(5000) == (200, {"received": 5000})


def test_a_body_without_content_length_is_read_whole_up_to_the_limit(tmp_path: Path) -> None:
    """A stream the server ends (chunked under gunicorn): Django alone reads it as
    empty; modstack reads it, and answers 413 past the limit rather than cut it."""
    limit = 64
    with serving(_serving(tmp_path, max_body_size=limit)) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        client = Client()

        @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
        @given(size=st.integers(min_value=0, max_value=3 * limit))
        def check(size: int) -> None:
            ended_by_server = {"CONTENT_LENGTH": "", "wsgi.input_terminated": True,
                               "wsgi.input": io.BytesIO(b"x" * size)}  # fmt: skip
            answer = client.generic("POST", ECHO, b"", headers=ACME, **ended_by_server)  # type: ignore[arg-type]
            if size <= limit:
                assert (answer.status_code, answer.json()) == (200, {"received": size})
            else:
                assert (answer.status_code, answer.json()["code"]) == (413, "body_too_large")

        check()


def test_the_admin_api_reads_a_json_body_and_names_the_bad_field(tmp_path: Path) -> None:
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    with serving(Modstack(settings_for(tmp_path))):
        client = Client()
        change = "/api/v1/admin/modstack/settings/notes/greeting"

        def put(body: bytes) -> tuple[int, object]:
            answer = client.put(change, body, "application/json", headers=admin)
            return answer.status_code, answer.json().get("field")

        assert put(b"not json") == (422, "body")
        assert put(b"[1]") == (422, "body")
        assert put(b'{"reason": "no value"}') == (422, "value")
        assert put(b'{"value": 1, "reason": 7}') == (422, "reason")
        assert client.put(change, b'{"value": 1}', "application/json").status_code == 401
        unknown = client.put(
            "/api/v1/admin/modstack/settings/nothing/x", b'{"value": 1}', headers=admin
        )
        assert unknown.status_code == 404


def test_no_content_length_header_gets_a_body_past_the_limit(tmp_path: Path) -> None:
    """Whatever a client claims, a view reads at most the limit; a claim that is no
    number of bytes is 400 (Django alone fails reading the body: 500)."""
    limit = 64
    with serving(_serving(tmp_path, max_body_size=limit)) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        client = Client()

        @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
        @given(
            claimed=st.one_of(st.integers(-5, 3 * limit).map(str), st.text(max_size=12)),
            size=st.integers(min_value=0, max_value=2 * limit),
        )
        def check(claimed: str, size: int) -> None:
            sent = {"CONTENT_LENGTH": claimed, "wsgi.input": io.BytesIO(b"x" * size)}
            answer = client.generic("POST", ECHO, b"", headers=ACME, **sent)  # type: ignore[arg-type]
            valid = re.fullmatch(r"[0-9]+", claimed.strip()) is not None or not claimed.strip()
            expected = (200, 413) if valid else (400,)
            assert answer.status_code in expected, (claimed, size, answer.status_code)
            if answer.status_code == 200:
                assert answer.json()["received"] <= min(limit, size)

        check()
