"""The rules for tenant names and module codes, checked wherever a name enters modstack
(the API, the CLI, definitions, requests) so that no name reaches the database that its
columns cannot hold or that the rest of modstack cannot show safely.

    check_tenant("acme")        # "acme"
    check_tenant("a/b")         # raises InvalidTenantNameError
    check_code("dev-tools")     # "dev-tools"
"""

from __future__ import annotations

import re
from typing import TypeGuard

from modstack.errors import InvalidModuleCodeError, InvalidNameError, InvalidTenantNameError
from modstack.requirement import CODE_PATTERN

MAX_TENANT_LENGTH = 100
"""The ``tenant`` columns of modstack's tables are ``VARCHAR(100)``."""
MAX_CODE_LENGTH = 100
"""The ``code`` and ``module`` columns of modstack's tables are ``VARCHAR(100)``."""

MAX_ACTOR_LENGTH = 200
"""The ``actor`` columns of the audit tables are ``VARCHAR(200)``."""

TENANT_RULE = (
    f"1 to {MAX_TENANT_LENGTH} characters: ASCII letters, digits, '-', '_' or '.', "
    "starting with a letter or a digit"
)
CODE_RULE = (
    "a lower-case slug such as 'billing' or 'dev-tools': letters, digits, '-' or '_', "
    f"starting with a letter, 1 to {MAX_CODE_LENGTH} characters"
)

ACTOR_RULE = f"1 to {MAX_ACTOR_LENGTH} printable characters (no line breaks or control characters)"

_TENANT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CODE = re.compile(CODE_PATTERN)


def is_valid_tenant(name: object) -> TypeGuard[str]:
    """Tell whether ``name`` follows the tenant name rule."""
    return (
        isinstance(name, str)
        and 0 < len(name) <= MAX_TENANT_LENGTH
        and _TENANT.fullmatch(name) is not None
        and name.isascii()
    )


def is_valid_module_code(code: object) -> TypeGuard[str]:
    """Tell whether ``code`` follows the module code rule (and fits its columns)."""
    return (
        isinstance(code, str)
        and 0 < len(code) <= MAX_CODE_LENGTH
        and _CODE.fullmatch(code) is not None
        and code.isascii()
    )


def check_tenant(name: object) -> str:
    """Return ``name`` when it is a valid tenant name. Raises InvalidTenantNameError (also a
    TenantNotFound) naming the rule."""
    if not is_valid_tenant(name):
        raise InvalidTenantNameError(name, TENANT_RULE)
    return name


def check_code(code: object) -> str:
    """Return ``code`` when it is a valid module code. Raises InvalidModuleCodeError (also a
    ModuleNotFound) naming the rule."""
    if not is_valid_module_code(code):
        raise InvalidModuleCodeError(code, CODE_RULE)
    return code


def check_actor(name: object) -> str:
    """Return ``name`` when it can be recorded as who made a change. Raises
    InvalidNameError naming the rule."""
    if not (isinstance(name, str) and 0 < len(name) <= MAX_ACTOR_LENGTH and name.isprintable()):
        raise InvalidNameError(field="actor", value=name, rule=ACTOR_RULE)
    return name
