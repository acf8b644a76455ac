def remind() -> None:
    pass
