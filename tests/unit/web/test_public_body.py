"""What a refusal tells whom, for every adapter: why a module failed is for operators
only, and a 503 for the store says when to try again."""

from __future__ import annotations

from modstack.web.refusals import Refusal, public_body


def test_the_public_never_learns_why_a_module_failed() -> None:
    refused = Refusal.module_unavailable("billing", "failed", "on_startup failed: KeyError: 'dsn'")
    assert "reason" not in public_body(refused.body, operator=False)
    assert public_body(refused.body, operator=True)["reason"].startswith("on_startup failed")
    assert public_body(refused.body, operator=False)["code"] == "module_unavailable"


def test_a_store_outage_says_when_to_try_again() -> None:
    assert Refusal.store_unavailable().headers == {"Retry-After": "5"}
    assert Refusal.module_disabled("billing", "acme").headers == {}
