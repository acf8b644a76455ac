"""The app's one declarative base, shared by every module's models."""

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
