from pydantic_settings import BaseSettings


class NotesConfig(BaseSettings):
    greeting: str = "hello"
