from modstack import BaseModule, module


@module(name="accounts", version="1.0.0", description="User accounts.")
class AccountsModule(BaseModule):
    pass
