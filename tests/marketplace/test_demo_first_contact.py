"""The demo as a new user meets it: a port already taken is reported before anything
else (with how to choose another), and every link it prints, and every link on the pages
those lead to, answers."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx2 as httpx
from click.testing import CliRunner

from app.seed import vendor_email
from modstack.cli import cli
from tests.marketplace.conftest import EXAMPLE, free_port, run_demo

URL = re.compile(r"http://127\.0\.0\.1:\d+/\S*")
HREF = re.compile(r'href="([^"]+)"')
TUTORIAL = (Path(__file__).parents[2] / "docs/tutorial.md").read_text()


def _tutorial_block(after: str) -> list[str]:
    """The lines of the first plain ``` block after the text ``after`` in the tutorial."""
    rest = TUTORIAL.split(after, 1)[1]
    blocks = re.findall(r"^```(\w*)\n(.*?)^```", rest, re.MULTILINE | re.DOTALL)
    return next(text for language, text in blocks if not language).splitlines()


def test_a_taken_port_is_reported_first_with_how_to_choose_another(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "MARKETPLACE_DATA": str(tmp_path), "MARKETPLACE_PORT": str(port)}
        env.pop("MODSTACK_ADMIN_TOKEN", None)
        env.pop("MODSTACK_DATABASE_URL", None)
        demo = subprocess.run(
            [sys.executable, "-m", "app"],
            cwd=EXAMPLE,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert demo.returncode == 1
    assert f"port {port} on 127.0.0.1 is in use" in demo.stderr
    suggested = re.search(r"MARKETPLACE_PORT=(\d+) make demo", demo.stderr)
    assert suggested is not None, demo.stderr
    assert int(suggested.group(1)) != port
    assert "admin token" not in demo.stdout + demo.stderr
    assert "Errno" not in demo.stderr
    assert not (tmp_path / "marketplace.db").exists()
    assert not (tmp_path / "admin-token").exists()


def test_a_port_that_is_no_number_is_named(tmp_path: Path) -> None:
    env = {**os.environ, "MARKETPLACE_DATA": str(tmp_path), "MARKETPLACE_PORT": "80OO"}
    demo = subprocess.run([sys.executable, "-m", "app"], cwd=EXAMPLE, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip

    assert demo.returncode == 1
    assert demo.stderr == "MARKETPLACE_PORT must be a port number (1-65535), not '80OO'\n"


def test_every_printed_link_and_every_link_on_its_pages_answers(tmp_path: Path) -> None:
    demo = run_demo(tmp_path, free_port())
    try:
        printed = URL.findall(demo.output)
        shown = _tutorial_block("## 1. Run it")
        assert len(shown) == len(demo.output.splitlines())
        # The tests keep the data in a folder of their own; the demo's is .../data.
        output = demo.output.replace(str(tmp_path), "/repository/examples/marketplace/data")
        for sample, line in zip(shown, output.splitlines(), strict=True):
            pattern = re.escape(sample.replace("8000", demo.url.rsplit(":", 1)[1]))
            pattern = pattern.replace(re.escape("..."), ".*").replace(re.escape("<token>"), r"\S+")
            assert re.fullmatch(pattern, line), f"tutorial: {sample}\ndemo:     {line}"
        assert f"{demo.url}/t/ledger/vendor/dashboard" in printed
        assert f"{demo.url}/t/ledger/storefront/catalog" not in printed
        assert f"{demo.url}/t/bookworm/storefront/catalog" in printed
        assert f"{demo.url}/t/acme/docs" in printed
        pages: set[str] = set()
        with httpx.Client(follow_redirects=True, timeout=10) as client:
            for url in printed:
                answer = client.get(url)
                assert answer.status_code == 200, f"{url}: {answer.status_code} {answer.text}"
                if answer.headers["content-type"].startswith("text/html"):
                    pages |= _links(url, answer.text, demo.url)
            for url in sorted(pages - set(printed)):
                answer = client.get(url)
                assert answer.status_code == 200, f"{url}: {answer.status_code} {answer.text}"
    finally:
        demo.stop()


def test_the_ledger_pages_brand_link_leads_to_a_page_it_can_use(tmp_path: Path) -> None:
    demo = run_demo(tmp_path, free_port())
    try:
        passwords = json.loads((tmp_path / "vendor-passwords.json").read_text())

        def signed_in(tenant: str) -> dict[str, str]:
            token = httpx.post(
                f"{demo.url}/t/{tenant}/api/v1/vendor/tenancy/token",
                json={"email": vendor_email(tenant), "password": passwords[tenant]},
            ).json()["token"]
            return {"Authorization": f"Bearer {token}"}

        page = httpx.get(f"{demo.url}/t/ledger/vendor/invoices", headers=signed_in("ledger"))
        brand = re.search(r'<a class="brand" href="([^"]+)"', page.text)
        assert brand is not None, page.text
        assert brand.group(1) == "/t/ledger/vendor/dashboard"
        acme = httpx.get(f"{demo.url}/t/acme/vendor/dashboard", headers=signed_in("acme")).text
        assert '<a class="brand" href="/t/acme/storefront/catalog"' in acme
    finally:
        demo.stop()


def test_the_tutorials_cascade_is_what_the_command_prints(database: str) -> None:
    shown = _tutorial_block("## 6. Disable a dependency and read the cascade")

    printed = CliRunner().invoke(cli, ["disable", "payments", "--tenant", "acme", "--dry-run",
                                       "--modules", str(EXAMPLE / "app/modules"),
                                       "--database", database])  # fmt: skip

    assert printed.exit_code == 0, printed.output
    assert printed.stdout.splitlines() == shown


def _links(page: str, html: str, site: str) -> set[str]:
    """The links of a page that stay on the demo's site (absolute URLs)."""
    found = set()
    for href in HREF.findall(html):
        url = urljoin(page, href)
        if url.startswith(site) and not urlsplit(url).path.startswith("/static"):
            found.add(url)
    return found
