"""Where a module's parts live, in files and in URLs, for every adapter (the Wizamart
seed's conventions):

routes/api/{admin,vendor,storefront}.py  ->  <api prefix>/<frontend>/<code>/...
routes/pages/<frontend>.py               ->  /<frontend>/...  (``public``: at the root)
static/                                  ->  /static/modules/<code>/
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modstack.definition import ModuleDefinition

FRONTENDS = ("admin", "vendor", "storefront")
PUBLIC_PAGES = "public"
STATIC_PREFIX = "/static/modules"
ADMIN_PAGES = "/admin"
"""Where the admin frontend's pages live: every URL there needs the admin credential."""


def is_admin_path(path: str) -> bool:
    """True for ``/admin`` and every URL under it (a path or a route's pattern)."""
    return path == ADMIN_PAGES or path.startswith(ADMIN_PAGES + "/")


def admin_path_outside_admin_file(file: Path, frontend: str, paths: list[str]) -> None:
    """Raise TypeError when ``file`` (a route file for ``frontend`` other than admin)
    serves one of ``paths`` under ``/admin``: only ``routes/pages/admin.py`` serves
    there, behind the admin credential, so the module fails instead of serving it open."""
    if frontend == "admin":
        return
    for path in paths:
        if is_admin_path(path):
            raise TypeError(
                f"{file}: {path} is an admin frontend URL; move the route to "
                "routes/pages/admin.py, which serves /admin/... behind the admin credential"
            )


@dataclass(frozen=True, slots=True)
class ApiConventions:
    """The URL layout of module APIs under ``prefix`` (``MODSTACK_API_PREFIX``)."""

    prefix: str = "/api/v1"

    def module_api(self, frontend: str, code: str) -> str:
        """Where module ``code``'s API for ``frontend`` is mounted."""
        return f"{self.prefix}/{frontend}/{code}"

    def frontend_api(self, frontend: str) -> str:
        """Where ``frontend``'s APIs are mounted (a router with ``prefix="/<code>"``
        names the module itself and is mounted here)."""
        return f"{self.prefix}/{frontend}"

    @property
    def admin_api(self) -> str:
        """Where modstack's own admin API is mounted (``<prefix>/admin/modstack``)."""
        return f"{self.prefix}/admin/modstack"

    def owner_of(self, path: str) -> tuple[str, str] | None:
        """``(frontend, code)`` of a path under a module API prefix, else None."""
        if not path.startswith(self.prefix) or path[len(self.prefix) : len(self.prefix) + 1] != "/":
            return None
        parts = path[len(self.prefix) + 1 :].split("/", 2)
        if len(parts) < 2:
            return None
        return parts[0], parts[1]


def module_static(code: str, path: str) -> str:
    """The URL of a module's static file: ``/static/modules/<code>/<path>``."""
    return f"{STATIC_PREFIX}/{code}/{path.lstrip('/')}"


def frontends_of(definition: ModuleDefinition) -> tuple[str, ...]:
    """Where a module may be mounted: internal modules only under ``admin``."""
    return ("admin",) if definition.is_internal else FRONTENDS


def api_files(definition: ModuleDefinition) -> dict[str, Path]:
    """The module's API route files by frontend."""
    folder = definition.path_of("routes")
    if folder is None:
        return {}
    found = {f: folder / "api" / f"{f}.py" for f in frontends_of(definition)}
    return {frontend: file for frontend, file in found.items() if file.is_file()}


def page_files(definition: ModuleDefinition) -> dict[str, Path]:
    """The module's page route files by frontend (``public`` pages mount at the root)."""
    folder = definition.path_of("routes")
    if folder is None or not (folder / "pages").is_dir():
        return {}
    allowed = {*frontends_of(definition), *([] if definition.is_internal else [PUBLIC_PAGES])}
    files = sorted((folder / "pages").glob("*.py"))
    return {file.stem: file for file in files if file.stem in allowed}
