"""A Django project served by an ASGI server (``uvicorn asgi:application``): the
middleware, the gate (sync and async module views), ``/health``, the admin API and its
refusals, the sign-in form, a reload, and the modules' start and stop on the stack's own
thread, as under WSGI."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.adapters.django.disk_project import manage, project_env, write_project
from tests.adapters.django.project import CONTRACT_TREE
from tests.integration.servers import free_port, wait_for_port

TOKEN = "asgi-admin-token"
DEFINITION = """from modstack import ModuleDefinition

notes = ModuleDefinition("notes", on_startup=".hooks:start", on_shutdown=".hooks:stop")
"""
HOOKS = """import os
import threading
from pathlib import Path


def _say(word):
    with Path(os.environ["NOTES_OUT"]).open("a") as out:
        out.write(f"{word} {threading.current_thread().name}\\n")


async def start(context):
    _say("started")


async def stop(context):
    _say("stopped")
"""
ASYNC_VIEW = """

async def async_ping(request):
    return JsonResponse({"module": "notes", "tenant": request.tenant, "async": True})


urlpatterns.append(path("async-ping", async_ping, name="async-ping"))
"""


def _tree(root: Path) -> Path:
    tree = root / "modules"
    shutil.copytree(CONTRACT_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    (tree / "notes/definition.py").write_text(DEFINITION)
    (tree / "notes/hooks.py").write_text(HOOKS)
    with (tree / "notes/routes/api/vendor.py").open("a") as vendor:
        vendor.write(ASYNC_VIEW)
    return tree


@contextmanager
def _uvicorn(
    root: Path, env: dict[str, str], application: str = "asgi:application"
) -> Iterator[httpx.Client]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", application, "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        cwd=root, env=env,
    )  # fmt: skip
    try:
        wait_for_port(port, process=server)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str], Path]:
    tree = _tree(tmp_path)
    database = f"sqlite:///{tmp_path / 'asgi.db'}"
    root = write_project(
        tmp_path / "project",
        modstack={"modules": str(tree), "database_url": database, "admin_token": TOKEN},
    )
    out = tmp_path / "notes.txt"
    env = project_env(root, NOTES_OUT=str(out))
    for tenant, switch in (("acme", "enable_module"), ("globex", "disable_module")):
        created = subprocess.run(
            [sys.executable, "-m", "modstack", "tenants", "create", tenant,
             "--modules", str(tree), "--database", database],
            env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert created.returncode == 0, created.stderr
        switched = manage(root, env, switch, "notes", "--tenant", tenant, "--yes")
        assert switched.returncode == 0, switched.stderr
    out.unlink(missing_ok=True)  # the commands started the modules too
    return root, env, out


@pytest.mark.parametrize(
    "application",
    [
        pytest.param("asgi:application", id="modstack-asgi"),
        pytest.param("django_asgi:application", id="django-asgi"),
    ],
)
def test_the_gate_health_and_the_admin_api_answer_under_uvicorn(
    project: tuple[Path, dict[str, str], Path], application: str
) -> None:
    root, env, out = project
    with _uvicorn(root, env, application) as client:
        for view in ("ping", "async-ping"):
            path = f"/api/v1/vendor/notes/{view}"
            admitted = client.get(path, headers={"X-Tenant": "acme"})
            assert admitted.status_code == 200, admitted.text
            assert admitted.json()["tenant"] == "acme"
            disabled = client.get(path, headers={"X-Tenant": "globex"})
            assert (disabled.status_code, disabled.json()["code"]) == (403, "module_disabled")
            unknown = client.get(path, headers={"X-Tenant": "initech"})
            assert (unknown.status_code, unknown.json()["code"]) == (404, "tenant_not_found")
            anonymous = client.get(path)
            assert (anonymous.status_code, anonymous.json()["code"]) == (400, "tenant_required")
        health = client.get("/health")
        assert (health.status_code, health.json()["ready"]) == (200, True)

        modules = "/api/v1/admin/modstack/modules"
        assert client.get(modules).status_code == 401
        wrong = client.get(modules, headers={"Authorization": "Bearer not-the-token"})
        assert wrong.status_code == 401
        assert client.get("/modules/status").status_code == 401
        listed = client.get(modules, headers={"Authorization": f"Bearer {TOKEN}"})
        assert listed.status_code == 200
        assert any(module["code"] == "notes" for module in listed.json()["modules"])

        reloaded = client.post(
            "/api/v1/admin/modstack/modules/notes/reload",
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert reloaded.status_code == 200, reloaded.text
        assert all(worker["ok"] for worker in reloaded.json()["workers"])
        again = client.get("/api/v1/vendor/notes/ping", headers={"X-Tenant": "acme"})
        assert again.status_code == 200
    # started on the first request, the new run started and the old one stopped by the
    # reload: on the stack's own thread, never on the server's loop
    started = ["started modstack", "started modstack", "stopped modstack"]
    if application == "asgi:application":  # modstack's: the lifespan stops the modules
        started.append("stopped modstack")
    assert out.read_text().splitlines() == started


def test_the_sign_in_form_and_its_refusals_under_uvicorn(
    project: tuple[Path, dict[str, str], Path],
) -> None:
    root, env, _ = project
    with _uvicorn(root, env) as client:

        def form() -> dict[str, str]:
            page = client.get("/admin/signin?next=/modules/status")
            assert page.status_code == 200
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert csrf is not None
            return {"csrf": csrf.group(1), "next": "/modules/status"}

        refused = client.post("/admin/signin", data={**form(), "token": "wrong"})
        assert refused.status_code == 401
        forged = client.post("/admin/signin", data={**form(), "csrf": "forged", "token": TOKEN})
        assert forged.status_code == 403
        assert client.get("/modules/status").status_code == 401
        signed_in = client.post("/admin/signin", data={**form(), "token": TOKEN})
        assert signed_in.status_code == 303, (signed_in.status_code, signed_in.text[:300])
        assert signed_in.headers["location"] == "/modules/status"
        assert client.get("/modules/status").status_code == 200  # the session cookie


def test_a_body_over_the_limit_is_refused_under_uvicorn(
    project: tuple[Path, dict[str, str], Path],
) -> None:
    root, env, _ = project
    with _uvicorn(root, {**env, "MODSTACK_MAX_BODY_SIZE": "1024"}) as client:
        too_big = client.post("/health", content=b"x" * 4096)
        assert (too_big.status_code, too_big.json()["code"]) == (413, "body_too_large")
        chunked = client.post("/health", content=iter([b"x" * 1000] * 4))
        assert chunked.status_code == 413, (chunked.status_code, chunked.text[:300])
        assert chunked.json()["code"] == "body_too_large"
