from modstack import BaseModule


class WalletModule(BaseModule):
    NAME = "wallets"
    DEPENDENCIES = ["accounts"]
