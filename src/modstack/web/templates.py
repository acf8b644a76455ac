"""The views every adapter renders with, built from the active modules: the Jinja
environment (the app's templates, then each active module's, then modstack's own) and
the translation catalogue. Rebuilt when a module starts, stops or is reloaded."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from modstack.definition import ModuleDefinition
from modstack.i18n import Catalogue
from modstack.web.conventions import module_static
from modstack.web.refusals import TEMPLATES


def module_environment(
    active: Sequence[ModuleDefinition],
    *,
    app_templates: Path | None = None,
    translate: Callable[..., str] | None = None,
) -> Environment:
    """A Jinja environment whose loaders are the app's templates folder, then each
    active module's ``templates/``, then modstack's own (``modstack/error.html``, which
    an app may override); with ``t`` (translate) and ``module_static`` as globals."""
    loaders = [FileSystemLoader(str(app_templates))] if app_templates else []
    for definition in active:
        folder = definition.path_of("templates")
        if folder is not None and folder.is_dir():
            loaders.append(FileSystemLoader(str(folder)))
    loaders.append(FileSystemLoader(str(TEMPLATES)))
    environment = Environment(
        loader=ChoiceLoader(loaders), autoescape=select_autoescape(["html", "xml"])
    )
    if translate is not None:
        environment.globals["t"] = translate
    environment.globals["module_static"] = module_static
    return environment


def module_catalogue(active: Sequence[ModuleDefinition], default_locale: str) -> Catalogue:
    """The translations of the active modules' ``locales/``."""
    return Catalogue.load(list(active), default_locale=default_locale)
