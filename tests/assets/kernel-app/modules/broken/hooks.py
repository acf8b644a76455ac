def start():
    raise ConnectionError("gateway unreachable at 10.0.0.1:443")
