"""The names the seed's modules import. Once the Flask adapter exists this file is
``from modstack.flask import BaseModule, ModuleDependencyError, UserNotFoundError, custom_log``."""

import logging

from modstack import BaseModule

__all__ = ["BaseModule", "ModuleDependencyError", "UserNotFoundError", "custom_log"]


class ModuleDependencyError(Exception):
    pass


class UserNotFoundError(LookupError):
    pass


def custom_log(message, level="INFO"):
    logging.getLogger("credit").log(getattr(logging, level, logging.INFO), message)
