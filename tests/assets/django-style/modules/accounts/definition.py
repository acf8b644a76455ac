from modstack import dependency, module


@dependency("audit", required=False)
@module(name="accounts", version="1.0.0", description="User accounts.")
class AccountsModule:
    pass
