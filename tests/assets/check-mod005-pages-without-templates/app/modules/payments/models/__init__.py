class Payment:
    id = 0
