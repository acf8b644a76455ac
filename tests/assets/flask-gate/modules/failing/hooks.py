def start():
    raise ConnectionError("gateway unreachable")
