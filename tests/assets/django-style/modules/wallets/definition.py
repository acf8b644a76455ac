from modstack import BaseModule, dependency, module


@module(name="wallets", version="1.1.0", description="Credit balances.", dependencies=["accounts"])
@dependency("notifications", required=False)
class WalletsModule(BaseModule):
    def initialize(self, app_manager=None):
        self.ready = True
        return True
