"""Errors of loading a module tree: a definition's field, a definition source, the rules
of the dependency graph, every problem of one tree together, a code no module has."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from modstack.errors_base import ModstackError, _near, _where


class DefinitionError(ModstackError, ValueError):
    """A module definition has an invalid field.

    Attributes name the module code (when known), the field, the offending value and the
    file the definition came from.
    """

    def __init__(
        self,
        *,
        module: str | None,
        field: str,
        value: object,
        reason: str,
        file: str | None = None,
    ) -> None:
        self.module = module
        self.field = field
        self.value = value
        self.reason = reason
        self.file = file
        who = f"module {module!r}" if module else "a module definition"
        super().__init__(f"{who}: field {field!r} = {value!r}: {reason}{_where(file)}")


class DiscoveryError(ModstackError, ImportError):
    """A definition source (a file, a package, an entry point) could not be turned into
    exactly one module definition."""

    def __init__(self, *, source: str, reason: str, module: str | None = None) -> None:
        self.source = source
        self.reason = reason
        self.module = module
        who = f"module {module!r}: " if module else ""
        super().__init__(f"{who}{reason} (in {source})")


class GraphError(ModstackError, ValueError):
    """A rule of the dependency graph is broken; subclasses name which."""

    module: str


class DuplicateModuleError(GraphError):
    """Two definitions claim the same code."""

    def __init__(self, *, module: str, files: Sequence[str | None]) -> None:
        self.module = module
        self.files = tuple(files)
        places = ", ".join(f or "<unknown file>" for f in self.files)
        super().__init__(
            f"module {module!r} is defined {len(self.files)} times: {places}; "
            "each code must be unique — rename one of them"
        )


class UnknownDependencyError(GraphError):
    """A module requires a code that no definition provides."""

    def __init__(
        self,
        *,
        module: str,
        dependency: str,
        file: str | None,
        known: Iterable[str] = (),
    ) -> None:
        self.module = module
        self.dependency = dependency
        self.file = file
        self.suggestions, hint = _near(dependency, known, limit=2)
        super().__init__(
            f"module {module!r}: field 'requires' names unknown module {dependency!r}"
            f"{hint}{_where(file)}"
        )


class TierViolationError(GraphError):
    """A core module depends on a module that is not core."""

    def __init__(
        self, *, module: str, dependency: str, dependency_tier: str, file: str | None
    ) -> None:
        self.module = module
        self.dependency = dependency
        self.dependency_tier = dependency_tier
        self.file = file
        super().__init__(
            f"module {module!r}: field 'requires' = {dependency!r}: a core module may only "
            f"require core modules, and {dependency!r} is {dependency_tier}{_where(file)}"
        )


class VersionConflictError(GraphError):
    """A module requires a version range that the present module does not satisfy."""

    def __init__(
        self,
        *,
        module: str,
        field: str,
        requirement: str,
        found_version: str,
        file: str | None,
        found_file: str | None,
    ) -> None:
        self.module = module
        self.field = field
        self.requirement = requirement
        self.found_version = found_version
        self.file = file
        self.found_file = found_file
        source = f" from {found_file}" if found_file else ""
        super().__init__(
            f"module {module!r}: field {field!r} = {requirement!r} is not met by version "
            f"{found_version!r}{source}{_where(file)}"
        )


class DependencyCycleError(GraphError):
    """Modules require each other in a loop."""

    def __init__(self, *, path: Sequence[str], files: Sequence[str | None]) -> None:
        self.path = tuple(path)
        self.files = tuple(files)
        self.module = self.path[0]
        lines = "".join(
            f"\n    {code}: {file or '<unknown file>'}"
            for code, file in zip(self.path[:-1], self.files[:-1], strict=True)
        )
        super().__init__(
            f"dependency cycle: {' -> '.join(self.path)}; remove one of these requirements:{lines}"
        )


class ModuleTreeError(ModstackError, ValueError):
    """Every problem found in one module tree, raised together."""

    def __init__(self, problems: Sequence[ModstackError]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        listing = "".join(f"\n  - {problem}" for problem in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the module tree:{listing}")


class ModuleNotFound(ModstackError, LookupError):  # noqa: N818 - the name the design promises
    """The registry has no module with this code."""

    def __init__(self, code: str, *, known: Iterable[str] = ()) -> None:
        self.code = code
        self.suggestions, hint = _near(code, known)
        super().__init__(f"no module {code!r} is registered{hint}")
