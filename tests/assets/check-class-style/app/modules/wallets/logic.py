from ..accounts.services import Accounts

ACCOUNTS = Accounts
