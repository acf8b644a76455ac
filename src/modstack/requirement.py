"""A dependency on another module, with an optional PEP 440 version range."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

CODE_PATTERN = r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*"
_CODE = re.compile(CODE_PATTERN)
_REQUIREMENT = re.compile(rf"\s*({CODE_PATTERN})\s*(.*?)\s*")


def is_valid_code(code: str) -> bool:
    """Tell whether ``code`` is a module code: a lower-case slug such as ``dev-tools``."""
    return _CODE.fullmatch(code) is not None


@dataclass(frozen=True, slots=True)
class Requirement:
    """One entry of a module's ``requires`` or ``optional_requires``.

    ``code`` names the module required; ``specifier`` is the allowed version range, or
    ``None`` when any version will do.
    """

    code: str
    specifier: SpecifierSet | None = None
    written: str = field(default="", compare=False)
    """The range as the definition wrote it (``>=1.2,<2``), kept for messages."""

    def __str__(self) -> str:
        if self.specifier is None:
            return self.code
        return f"{self.code}{self.written or self.specifier}"

    def is_satisfied_by(self, version: Version) -> bool:
        """Tell whether a module at ``version`` meets this requirement (pre-releases count)."""
        return self.specifier is None or self.specifier.contains(version, prereleases=True)


@lru_cache(maxsize=4096)
def parse_requirement(text: str) -> Requirement:
    """Parse ``"payments>=1.2,<2"`` into a :class:`Requirement`.

    Raises ValueError with the reason when the text is not a code followed by an optional
    PEP 440 specifier set.
    """
    match = _REQUIREMENT.fullmatch(text)
    if match is None:
        raise ValueError(
            "expected a module code (lower-case letters, digits, '-' or '_'), "
            "optionally followed by a version range such as '>=1.2,<2'"
        )
    code, rest = match.groups()
    if not rest:
        return Requirement(code)
    try:
        return Requirement(code, SpecifierSet(rest), rest.replace(" ", ""))
    except InvalidSpecifier:
        raise ValueError(
            f"{rest!r} is not a PEP 440 version range (write e.g. '>=1.2,<2' or '~=1.4')"
        ) from None


_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)


@lru_cache(maxsize=4096)
def parse_version(text: str) -> Version:
    """Parse a semantic version (``1.4.0``, ``2.0.0-rc.1``) for comparison with ranges.

    Raises ValueError when ``text`` is not semver, or its pre-release tag has no PEP 440
    meaning (use ``alpha``, ``beta`` or ``rc``).
    """
    if _SEMVER.fullmatch(text) is None:
        raise ValueError("expected a semantic version MAJOR.MINOR.PATCH such as '1.4.0'")
    try:
        return Version(text)
    except InvalidVersion:
        raise ValueError(
            "the pre-release tag has no PEP 440 meaning; use alpha, beta or rc (e.g. '2.0.0-rc.1')"
        ) from None
