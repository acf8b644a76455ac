"""Secret settings at rest: a secret stored as a run-time override is encrypted with Fernet
(AES-128-CBC with an HMAC-SHA256, from ``cryptography``) under the key in
``MODSTACK_SECRET_KEY``. Without a key, secret overrides are refused rather than stored
in clear. Several comma-separated keys rotate: the first encrypts, any of them decrypts.

    python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from modstack.errors import SettingError

SECRET_KEY_VARIABLE = "MODSTACK_SECRET_KEY"
SEALED = "$fernet"
"""The one key of a stored encrypted value: ``{"$fernet": "<token>"}``."""
GENERATE = (
    'generate one with: python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"'
)
NO_KEY = (
    f"secret overrides are stored encrypted and {SECRET_KEY_VARIABLE} is not set; set it "
    f"({GENERATE}), or give the secret through the environment or the secrets directory"
)


class SecretBox:
    """Encrypts and decrypts secret setting values with the keys of ``MODSTACK_SECRET_KEY``."""

    def __init__(self, keys: str | None) -> None:
        self._keys = [k.strip() for k in (keys or "").split(",") if k.strip()]

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> SecretBox:
        """The box for the key(s) in ``environ`` (none when the variable is unset)."""
        return cls(environ.get(SECRET_KEY_VARIABLE))

    @property
    def available(self) -> bool:
        """Whether a key is configured, so secrets may be stored."""
        return bool(self._keys)

    def seal(self, value: Any, *, module: str, field: str) -> dict[str, str]:
        """The stored form of a secret value. Raises SettingError without a valid key."""
        token = self._cipher(module, field).encrypt(json.dumps(value).encode())
        return {SEALED: token.decode()}

    def open(self, stored: Any, *, module: str, field: str) -> Any:
        """The value of a stored secret. A value stored in clear (before encryption was
        introduced) is returned as it is. Raises SettingError when it cannot be decrypted."""
        if not is_sealed(stored):
            return stored
        try:
            plain = self._cipher(module, field).decrypt(stored[SEALED].encode())
        except InvalidToken:
            raise SettingError(
                module=module,
                field=field,
                reason=f"the stored secret cannot be decrypted with {SECRET_KEY_VARIABLE}; "
                "was it encrypted with another key? (list the old key after the new one)",
                source="database",
            ) from None
        return json.loads(plain)

    def _cipher(self, module: str, field: str) -> MultiFernet:
        if not self._keys:
            raise SettingError(module=module, field=field, reason=NO_KEY, source="database")
        try:
            return MultiFernet([Fernet(key) for key in self._keys])
        except ValueError:
            raise SettingError(
                module=module,
                field=field,
                reason=f"{SECRET_KEY_VARIABLE} is not a Fernet key (32 url-safe base64-encoded "
                f"bytes); {GENERATE}",
            ) from None


def is_sealed(stored: Any) -> bool:
    """Whether a stored value is an encrypted secret."""
    return isinstance(stored, dict) and set(stored) == {SEALED} and isinstance(stored[SEALED], str)
