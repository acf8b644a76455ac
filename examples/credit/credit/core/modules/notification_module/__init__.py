"""notification_module: e-mails about money movements, sent by an outbox handler (so an
e-mail goes out only for a committed movement, and once per event and recipient)."""

from __future__ import annotations

from typing import Any

from credit.module import CreditModule


class NotificationModule(CreditModule):
    """Email notifications."""

    NAME = "notification_module"
    DEPENDENCIES = ["connection_api", "user_management", "transactions_module"]
    TIER = "optional"

    def start(self, app_manager: Any) -> bool:
        from .mail import SmtpSettings
        from .services import Notifier

        self.notifier = Notifier(self.database, SmtpSettings.from_env())
        return True

    def register_routes(self, app: Any) -> None:
        """``/api/notifications``: what was sent."""
        from .routes import register

        register(app, self)
