"""integration_module: third-party services — exchange rates from an external HTTP
service, called with retries, a timeout and a circuit breaker."""

from __future__ import annotations

from typing import Any

from credit.module import CreditModule


class IntegrationModule(CreditModule):
    """Third-party service integrations."""

    NAME = "integration_module"
    DEPENDENCIES = ["connection_api", "wallet_module"]
    TIER = "optional"

    def start(self, app_manager: Any) -> bool:
        from .services import ExchangeRates

        services = getattr(app_manager, "services", None)
        self.rates = (
            services.get_service(ExchangeRates.service_name, requester=self.NAME)
            if services is not None and ExchangeRates.service_name in services.names()
            else ExchangeRates()
        )
        self.wallets = self.dependency("wallet_module").wallets
        return True

    def register_routes(self, app: Any) -> None:
        """``/api/rates/<base>/<quote>`` and ``/api/wallets/<id>/value``."""
        from .routes import register

        register(app, self)
