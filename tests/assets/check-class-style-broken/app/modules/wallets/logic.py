from ..accounts.internal import Ledger

LEDGER = Ledger
