from pydantic_settings import BaseSettings


class BadConfig(BaseSettings):
    port: int
    ratio: float = 0.5
