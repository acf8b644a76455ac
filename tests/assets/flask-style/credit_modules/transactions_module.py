from modstack import BaseModule


class TransactionsModuleModule(BaseModule):
    """The transactions module."""

    NAME = "transactions_module"
    DEPENDENCIES = ['connection_api', 'user_management', 'wallet_module']

    def health_check(self):
        return {"status": "healthy", "module": self.NAME}
