"""The names the seed's modules import. Once the Flask adapter exists, the first three
come from it: ``from modstack.flask import BaseModule, ModuleDependencyError, custom_log``;
``UserNotFoundError`` is the seed app's own error and stays here."""

import logging

from modstack import BaseModule

__all__ = ["BaseModule", "ModuleDependencyError", "UserNotFoundError", "custom_log"]


class ModuleDependencyError(Exception):
    pass


class UserNotFoundError(LookupError):
    pass


def custom_log(message, level="INFO"):
    logging.getLogger("credit").log(getattr(logging, level, logging.INFO), message)
