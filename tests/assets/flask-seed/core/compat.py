"""The names the seed's modules import: the first three from the Flask adapter
(``from modstack.flask import BaseModule, ModuleDependencyError, custom_log``);
``UserNotFoundError`` is the seed app's own error."""

from modstack.flask import BaseModule, ModuleDependencyError, custom_log

__all__ = ["BaseModule", "ModuleDependencyError", "UserNotFoundError", "custom_log"]


class UserNotFoundError(LookupError):
    pass
