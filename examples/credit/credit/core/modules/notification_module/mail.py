"""Where e-mail goes: an SMTP server named by ``CREDIT_SMTP_HOST`` / ``CREDIT_SMTP_PORT``,
sent from ``CREDIT_MAIL_FROM``."""

from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from credit.errors import CreditError


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """The SMTP server and the sender address."""

    host: str = "localhost"
    port: int = 25
    sender: str = "credit@localhost"
    timeout: float = 10.0

    @classmethod
    def from_env(cls) -> SmtpSettings:
        """Read ``CREDIT_SMTP_HOST``, ``CREDIT_SMTP_PORT`` and ``CREDIT_MAIL_FROM``;
        CreditError naming the variable when the port is not a number."""
        raw = os.environ.get("CREDIT_SMTP_PORT", "25")
        try:
            port = int(raw)
        except ValueError:
            raise CreditError(
                f"CREDIT_SMTP_PORT must be a port number, not {raw!r}", field="CREDIT_SMTP_PORT"
            ) from None
        return cls(
            host=os.environ.get("CREDIT_SMTP_HOST", "localhost"),
            port=port,
            sender=os.environ.get("CREDIT_MAIL_FROM", "credit@localhost"),
        )

    def send(self, message: EmailMessage) -> None:
        """Hand ``message`` to the server; OSError/SMTPException when it cannot."""
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as server:
            server.send_message(message)
