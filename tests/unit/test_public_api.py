"""The public surface: ``modstack.__all__`` is sorted, complete and importable."""

from __future__ import annotations

import inspect

import modstack


def isort_style(names: list[str]) -> list[str]:
    """Constants, then classes, then the rest, each alphabetical (ruff's RUF022 order)."""
    return sorted(names, key=lambda n: (not n.isupper(), not n[:1].isupper(), n))


def test_all_is_sorted_and_every_name_exists() -> None:
    assert modstack.__all__ == isort_style(modstack.__all__)
    for name in modstack.__all__:
        assert hasattr(modstack, name), name


def test_every_public_class_and_function_is_exported() -> None:
    public = {
        name
        for name, value in vars(modstack).items()
        if not name.startswith("_") and (inspect.isclass(value) or inspect.isfunction(value))
    }
    assert public <= set(modstack.__all__)


def test_every_exported_object_has_a_docstring() -> None:
    for name in modstack.__all__:
        value = getattr(modstack, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name


def test_errors_subclass_the_matching_builtin() -> None:
    assert issubclass(modstack.DefinitionError, ValueError)
    assert issubclass(modstack.ModuleNotFound, LookupError)
    assert issubclass(modstack.DiscoveryError, ImportError)
    assert issubclass(modstack.ModuleTreeError, ValueError)
    for name in modstack.__all__:
        value = getattr(modstack, name)
        if inspect.isclass(value) and issubclass(value, Exception):
            assert issubclass(value, modstack.ModstackError), name


def test_the_tenancy_package_exports_a_sorted_complete_all() -> None:
    from modstack import tenancy

    assert tenancy.__all__ == isort_style(tenancy.__all__)
    for name in tenancy.__all__:
        value = getattr(tenancy, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), name
