from modstack import BaseModule, module

from .._journal import events


@module(name="wallet", version="2.0.0", dependencies=["payments"])
class WalletModule(BaseModule):
    def initialize(self, app_manager=None):
        events.append(("initialize", "wallet"))
        return True

    def cleanup(self):
        events.append(("cleanup", "wallet"))
        return True

    def health_check(self):
        return {"status": "degraded", "module": "wallet"}
