"""The admin API's route table, for every adapter: each route's method, path (under
``<api prefix>/admin/modstack``), the :class:`~modstack.web.admin_ops.AdminOperations`
method it calls and its query or body parameters. An adapter registers every route of
:data:`ADMIN_ROUTES` in one loop: it checks the admin credential, hands the path
arguments, the query and the body to :meth:`AdminRoute.reply` (which binds them, a 422
naming the field for a bad one, calls the operation and gives the JSON reply) and sends
that reply."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Awaitable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any

from modstack.web.admin_ops import AdminOperations, Answer, error_body
from modstack.web.reply import Reply

REQUIRED: Any = object()
"""The default of a parameter that must be given."""
TRUE = frozenset({"true", "t", "1", "yes", "y", "on"})
FALSE = frozenset({"false", "f", "0", "no", "n", "off"})


@dataclass(frozen=True, slots=True)
class Param:
    """A query (``in_body=False``) or JSON body field: its name, type (``str``, ``int``,
    ``bool``; ``object`` for any JSON value), default and bounds. ``nullable``: may be
    null (``None``; absent from the query). ``blank``: may be the empty string."""

    name: str
    kind: type = str
    default: Any = REQUIRED
    in_body: bool = False
    nullable: bool = False
    minimum: int | None = None
    maximum: int | None = None
    blank: bool = True

    def convert(self, raw: Any) -> Any:
        """``raw`` (query text or a JSON value) as this parameter's value. Raises
        ValueError saying what is wrong."""
        if raw is None and self.nullable:
            return None
        if self.kind is object:
            return raw
        if self.kind is bool:
            return _boolean(raw)
        if self.kind is int:
            return self._bounded(_integer(raw))
        if not isinstance(raw, str):
            raise ValueError("must be a string")
        if not raw and not self.blank:
            raise ValueError("must not be empty")
        return raw

    def _bounded(self, value: int) -> int:
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"must be at least {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"must be at most {self.maximum}")
        return value

    def schema(self) -> dict[str, Any]:
        """The parameter's JSON schema (for an OpenAPI document)."""
        types = {str: "string", int: "integer", bool: "boolean"}
        found: dict[str, Any] = {"type": types[self.kind]} if self.kind in types else {}
        if self.minimum is not None:
            found["minimum"] = self.minimum
        if self.maximum is not None:
            found["maximum"] = self.maximum
        if self.default is not REQUIRED and self.default is not None:
            found["default"] = self.default
        return found


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in TRUE or text in FALSE:
        return text in TRUE
    raise ValueError("must be true or false")


def _integer(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError("must be an integer")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"[+-]?[0-9]{1,12}", raw.strip()):
        return int(raw.strip())
    raise ValueError("must be an integer")


def invalid(field: str, problem: str) -> Answer:
    """422: parameter ``field`` is wrong (its name and what is wrong, in the body)."""
    return Answer(422, error_body("invalid_parameter", f"{field}: {problem}", field=field))


@dataclass(frozen=True, slots=True)
class AdminRoute:
    """One route of the admin API."""

    method: str
    path: str
    """Under the admin API's prefix; ``{name}`` is a path segment."""
    operation: str
    """The :class:`AdminOperations` method it calls (arguments by name)."""
    summary: str
    params: tuple[Param, ...] = ()
    body_schema: str | None = None
    """The name of its JSON body's schema (see :data:`ADMIN_SCHEMAS`), if it reads one."""

    @property
    def path_names(self) -> tuple[str, ...]:
        """The names of the path segments it reads."""
        return tuple(re.findall(r"{(\w+)}", self.path))

    @property
    def is_async(self) -> bool:
        """Whether :meth:`call` gives an awaitable (the others may block on the database:
        an async adapter runs them in a thread)."""
        return inspect.iscoroutinefunction(getattr(AdminOperations, self.operation))

    def bind(
        self, path: Mapping[str, str], query: Mapping[str, str], body: bytes = b""
    ) -> dict[str, Any] | Answer:
        """The operation's arguments, or the 422 answer naming the first bad field."""
        arguments: dict[str, Any] = {name: path[name] for name in self.path_names}
        fields: Mapping[str, Any] = query
        if self.body_schema is not None:
            try:
                fields = json.loads(body or b"null", parse_constant=_not_json)
            except RecursionError:
                return invalid("body", "is nested too deeply")
            except ValueError:
                return invalid("body", "is not JSON (NaN and Infinity are not JSON either)")
            if not isinstance(fields, dict):
                return invalid("body", "must be a JSON object")
        for param in self.params:
            if param.name not in fields:
                if param.default is REQUIRED:
                    return invalid(param.name, "is required")
                arguments[param.name] = param.default
                continue
            try:
                arguments[param.name] = param.convert(fields[param.name])
            except ValueError as error:
                return invalid(param.name, str(error))
        return arguments

    def call(
        self, operations: AdminOperations, arguments: Mapping[str, Any]
    ) -> Answer | Awaitable[Answer]:
        """Run the operation (await the result when :attr:`is_async`)."""
        found: Answer | Awaitable[Answer] = getattr(operations, self.operation)(**arguments)
        return found

    def reply(
        self,
        operations: AdminOperations,
        path: Mapping[str, str],
        query: Mapping[str, str],
        body: bytes = b"",
    ) -> Reply | Coroutine[Any, Any, Reply]:
        """The whole route for an adapter: :meth:`bind` the request's parts, :meth:`call`
        the operation and answer JSON (the 422 of a bad field, else the operation's
        answer). For an :attr:`is_async` route, a coroutine to await (or to run on the
        stack's loop); the others may block on the database."""
        arguments = self.bind(path, query, body)
        if isinstance(arguments, Answer):
            return Reply.json(arguments.status, arguments.body)
        found = self.call(operations, arguments)
        if isinstance(found, Answer):
            return Reply.json(found.status, found.body)
        return _json_reply(found)

    def openapi(self) -> dict[str, Any]:
        """The route's OpenAPI operation fields: its parameters and its body."""
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in self.path_names
        ]
        parameters += [
            {"name": p.name, "in": "query", "required": p.default is REQUIRED,
             "schema": p.schema()}
            for p in self.params
            if not p.in_body
        ]  # fmt: skip
        found: dict[str, Any] = {"summary": self.summary, "parameters": parameters}
        if self.body_schema is not None:
            ref = {"$ref": f"#/components/schemas/{self.body_schema}"}
            found["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": ref}},
            }
        return found


async def _json_reply(found: Awaitable[Answer]) -> Reply:
    answer = await found
    return Reply.json(answer.status, answer.body)


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


TENANT = Param("tenant", nullable=True, default=None, blank=False)
ADMIN_ROUTES: tuple[AdminRoute, ...] = (
    AdminRoute("GET", "/modules", "list_modules",
               "Every module with tier, version, state and health."),
    AdminRoute("POST", "/modules/{code}/reload", "reload_module",
               "Reload a module and its active dependents in every worker; each worker's "
               "outcome under workers; 409 when the new code fails in one of them."),
    AdminRoute("GET", "/services", "list_services",
               "Every service: version, owning module, breakers, health."),
    AdminRoute("POST", "/services/{name}/reload", "reload_service",
               "A new instance is initialised before the old one is cleaned up."),
    AdminRoute("GET", "/settings", "list_settings",
               "Every module's effective settings and their sources (secrets masked).",
               (TENANT,)),
    AdminRoute("PUT", "/settings/{module}/{field}", "change_setting",
               "Validate, store, audit and announce one setting (for every tenant, or one).",
               (Param("value", object, in_body=True), Param("reason", default="", in_body=True),
                Param("tenant", default=None, in_body=True, nullable=True, blank=False)),
               body_schema="SettingChange"),
    AdminRoute("GET", "/tenants", "list_tenants", "Every tenant."),
    AdminRoute("GET", "/tenants/{tenant}/modules", "tenant_modules",
               "One tenant's modules and their states."),
    AdminRoute("POST", "/tenants/{tenant}/modules/{code}/{action}", "change_module",
               "Plan (dry_run=true) or apply enabling or disabling a module for a tenant.",
               (Param("dry_run", bool, default=False), Param("reason", default=""))),
    AdminRoute("GET", "/audit", "audit", "Audit records, newest first.",
               (TENANT, Param("limit", int, default=50, minimum=1, maximum=1000))),
)  # fmt: skip
"""Every route of the admin API."""

ADMIN_SCHEMAS: dict[str, Any] = {
    "SettingChange": {
        "title": "SettingChange",
        "description": "The body of a settings change.",
        "type": "object",
        "required": ["value"],
        "properties": {
            "value": {"title": "Value"},
            "reason": {"title": "Reason", "type": "string", "default": ""},
            "tenant": {"title": "Tenant", "anyOf": [{"type": "string"}, {"type": "null"}]},
        },
    }
}
"""The JSON schemas of the admin API's bodies, by name (for an OpenAPI document)."""
