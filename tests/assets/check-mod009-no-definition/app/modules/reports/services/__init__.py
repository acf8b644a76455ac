class Reports:
    pass
