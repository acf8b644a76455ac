"""``modstack reload`` finds the admin API where ``MODSTACK_API_PREFIX`` moved it, and says
how to name the app's address when none answers."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner

from modstack.cli import cli
from modstack.cli.reload import admin_post
from tests.integration.servers import free_port


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[str]]]:
    paths: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            paths.append(self.path)
            body = json.dumps({"ok": True}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", paths
    finally:
        server.shutdown()
        server.server_close()


def test_the_reload_command_follows_the_api_prefix(
    recorder: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, paths = recorder
    monkeypatch.delenv("MODSTACK_API_PREFIX", raising=False)
    assert admin_post("modules/notes/reload", url=url) == {"ok": True}
    monkeypatch.setenv("MODSTACK_API_PREFIX", "/svc/v2")
    admin_post("modules/notes/reload", url=url)
    assert paths == ["/api/v1/admin/modstack/modules/notes/reload",
                     "/svc/v2/admin/modstack/modules/notes/reload"]  # fmt: skip


def test_no_app_at_the_address_says_how_to_give_another() -> None:
    result = CliRunner().invoke(
        cli, ["reload", "notes", "--url", f"http://127.0.0.1:{free_port()}", "--token", "t"]
    )
    assert result.exit_code == 1
    assert "no app answers at http://127.0.0.1:" in result.output
    assert "--url" in result.output
    assert "Traceback" not in result.output
