"""Money movements e-mail both sides through the outbox and a real SMTP server (aiosmtpd):
only for tenants with notification_module, each e-mail exactly once even when the
event's delivery is retried, and none lost while the mail server is down."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from credit import db
from credit.assembly import CreditServices
from credit.core.modules.transactions_module.events import MoneyMoved
from modstack.events import EventBus, Outbox, declared_handlers
from modstack.registry import Registry
from modstack.tenancy import TenancyService, connect
from tests.credit.conftest import Inbox
from tests.integration.servers import free_port


@pytest.fixture
def tenancy(registry: Registry, database_url: str) -> Iterator[TenancyService]:
    service = connect(registry, database=database_url, redis_url="", notifier="in-process")
    service.create_tenant("northbank", modules=["notification_module"])
    service.create_tenant("lakeside", modules=["reporting_module"])
    yield service
    service.close()
    service.store.dispose()


@pytest.fixture
def outbox(registry: Registry, tenancy: TenancyService, credit: CreditServices) -> Iterator[Outbox]:
    bus = EventBus(registry, enabled_for=tenancy.enabled_modules)
    bus.subscribe_all("notification_module", declared_handlers(registry.get("notification_module")))
    db.use(credit.database)  # the database handlers work on
    yield Outbox(bus, tenancy.store, max_attempts=5, lease=60)
    db._current = None


def customers(credit: CreditServices, tenant: str) -> tuple[int, int]:
    ann = credit.users.register(tenant, f"ann@{tenant}.test", "Ann")
    bob = credit.users.register(tenant, f"bob@{tenant}.test", "Bob")
    return credit.wallets.open(tenant, ann.id).id, credit.wallets.open(tenant, bob.id).id


def test_a_transfer_emails_both_sides_once(
    credit: CreditServices, outbox: Outbox, inbox: Inbox
) -> None:
    ann, bob = customers(credit, "northbank")
    credit.transactions.deposit("northbank", ann, 5_000)
    credit.transactions.transfer("northbank", ann, bob, 1_250)
    report = outbox.deliver()
    assert len(report.delivered) == 2
    assert report.retrying == ()
    assert [(m["To"], m["Subject"]) for m in inbox.messages] == [
        ("Ann <ann@northbank.test>", "Deposit of 50.00 EUR received"),
        ("Ann <ann@northbank.test>", "You sent 12.50 EUR"),
        ("Bob <bob@northbank.test>", "You received 12.50 EUR"),
    ]
    outbox.redeliver()  # nothing is pending: nothing is sent again
    outbox.deliver()
    assert len(inbox.messages) == 3


def test_a_tenant_without_notification_module_gets_no_email(
    credit: CreditServices, outbox: Outbox, inbox: Inbox
) -> None:
    ann, _ = customers(credit, "lakeside")
    credit.transactions.deposit("lakeside", ann, 5_000)
    assert len(outbox.deliver().delivered) == 1
    assert inbox.messages == []


def test_a_retried_delivery_sends_no_email_twice(
    credit: CreditServices, outbox: Outbox, inbox: Inbox
) -> None:
    # Another handler of the same event fails once: the outbox retries the event, and the
    # e-mail handler runs again for it.
    failures = [RuntimeError("ledger export is down")]

    def export(event: MoneyMoved) -> None:
        if failures:
            raise failures.pop()

    outbox.bus.subscribe(MoneyMoved, export, module="audit_module")
    ann, _bob = customers(credit, "northbank")
    credit.transactions.deposit("northbank", ann, 5_000)
    first = outbox.deliver()
    assert len(first.retrying) == 1
    assert len(inbox.messages) == 1
    second = outbox.deliver()
    assert second.delivered == first.retrying
    assert len(inbox.messages) == 1
    [entry] = outbox.entries()
    assert (entry.status, entry.attempts) == ("delivered", 2)
    assert inbox.messages[0]["Message-ID"] == f"<modstack-outbox.{entry.id}.target@credit.invalid>"


def test_while_the_mail_server_is_down_the_email_waits_and_goes_out_once_it_is_back(
    credit: CreditServices, outbox: Outbox, inbox: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREDIT_SMTP_PORT", str(free_port()))  # nothing listens there
    ann, _ = customers(credit, "northbank")
    credit.transactions.deposit("northbank", ann, 5_000)
    assert len(outbox.deliver().retrying) == 1
    assert inbox.messages == []
    assert [n.recipient for n in _sent(credit)] == []  # a failed send records nothing
    monkeypatch.setenv("CREDIT_SMTP_PORT", str(inbox.port))
    assert len(outbox.deliver().delivered) == 1
    assert [m["To"] for m in inbox.messages] == ["Ann <ann@northbank.test>"]


def _sent(credit: CreditServices) -> list[Any]:
    from credit.core.modules.notification_module.mail import SmtpSettings
    from credit.core.modules.notification_module.services import Notifier

    return Notifier(credit.database, SmtpSettings()).sent("northbank")
