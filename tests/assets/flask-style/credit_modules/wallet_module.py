from modstack import BaseModule


class WalletModuleModule(BaseModule):
    """The wallet module."""

    NAME = "wallet_module"
    DEPENDENCIES = ['connection_api', 'user_management']

    def health_check(self):
        return {"status": "healthy", "module": self.NAME}
