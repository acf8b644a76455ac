class Accounts:
    pass
