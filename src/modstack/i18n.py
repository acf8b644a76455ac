"""Translations: every module's ``locales/<locale>.json`` merged into one catalogue."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from modstack.definition import ModuleDefinition
from modstack.errors import DefinitionError


@dataclass(frozen=True)
class Catalogue:
    """Flat ``key -> text`` tables per locale. ``t`` falls back to the default locale,
    then to the key itself, so a missing translation shows what is missing."""

    texts: Mapping[str, Mapping[str, str]]
    default_locale: str = "en"

    @classmethod
    def load(cls, modules: Iterable[ModuleDefinition], *, default_locale: str = "en") -> Catalogue:
        """Merge the locale files of ``modules`` (later modules win a clash of keys).

        Raises DefinitionError naming the module and file when a file is not a JSON object
        of strings.
        """
        merged: dict[str, dict[str, str]] = {}
        for definition in modules:
            folder = definition.path_of("locales")
            if folder is None or not folder.is_dir():
                continue
            for file in sorted(folder.glob("*.json")):
                merged.setdefault(file.stem, {}).update(_read(definition, file))
        frozen = {locale: MappingProxyType(table) for locale, table in merged.items()}
        return cls(MappingProxyType(frozen), default_locale)

    @property
    def locales(self) -> tuple[str, ...]:
        """Every locale some module translates into."""
        return tuple(sorted(self.texts))

    def t(self, key: str, locale: str | None = None, **values: object) -> str:
        """The text for ``key`` in ``locale``; ``{name}`` placeholders are filled from
        ``values``."""
        for candidate in (locale, _language(locale), self.default_locale):
            if candidate and key in self.texts.get(candidate, {}):
                text = self.texts[candidate][key]
                return text.format(**values) if values else text
        return key


def _language(locale: str | None) -> str | None:
    return locale.replace("_", "-").split("-")[0] if locale else None


def _read(definition: ModuleDefinition, file: Path) -> dict[str, str]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DefinitionError(
            module=definition.code, field="locales", value=file.name, reason=f"unreadable: {error}",
            file=str(file),
        ) from None  # fmt: skip
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise DefinitionError(
            module=definition.code, field="locales", value=file.name,
            reason="expected a JSON object of key -> text", file=str(file),
        )  # fmt: skip
    return data
