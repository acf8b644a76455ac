"""The admin API's route table: every route names a real operation, and bad parameters
get a 422 naming the field, the same for every adapter."""

from __future__ import annotations

import inspect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modstack.web.admin_api import ADMIN_ROUTES, ADMIN_SCHEMAS, AdminRoute
from modstack.web.admin_ops import AdminOperations, Answer

ROUTES = {route.operation: route for route in ADMIN_ROUTES}


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=lambda r: r.operation)
def test_every_route_calls_an_operation_with_the_arguments_it_binds(route: AdminRoute) -> None:
    signature = inspect.signature(getattr(AdminOperations, route.operation))
    taken = set(signature.parameters) - {"self"}
    given = {*route.path_names, *(p.name for p in route.params)}
    assert given == taken
    assert route.body_schema is None or route.body_schema in ADMIN_SCHEMAS


def test_the_audit_limit_is_bounded_and_defaults_to_50() -> None:
    audit = ROUTES["audit"]
    assert audit.bind({}, {}) == {"tenant": None, "limit": 50}
    assert audit.bind({}, {"limit": "1000", "tenant": "acme"}) == {"tenant": "acme", "limit": 1000}
    for bad in ("0", "1001", "ten", "", "1e3", "-5"):
        refused = audit.bind({}, {"limit": bad})
        assert isinstance(refused, Answer)
        assert (refused.status, refused.body["field"]) == (422, "limit")
        assert "limit" in refused.body["detail"]


def test_dry_run_reads_the_usual_spellings_of_a_boolean() -> None:
    change = ROUTES["change_module"]
    path = {"tenant": "acme", "code": "notes", "action": "enable"}
    assert change.bind(path, {"dry_run": "TRUE"}) == {**path, "dry_run": True, "reason": ""}
    assert change.bind(path, {"dry_run": "0", "reason": "r"}) == {**path, "dry_run": False,
                                                                 "reason": "r"}  # fmt: skip
    refused = change.bind(path, {"dry_run": "maybe"})
    assert isinstance(refused, Answer)
    assert refused.body["field"] == "dry_run"


def test_a_settings_change_needs_a_json_object_with_a_value() -> None:
    change = ROUTES["change_setting"]
    path = {"module": "payments", "field": "timeout"}
    bound = change.bind(path, {}, b'{"value": 3, "tenant": "acme"}')
    assert bound == {**path, "value": 3, "reason": "", "tenant": "acme"}
    for body, field in [(b"", "body"), (b"{}", "value"), (b"[1]", "body"), (b"{oops", "body"),
                        (b'{"value": 1, "reason": 5}', "reason"),
                        (b'{"value": 1, "tenant": 5}', "tenant")]:  # fmt: skip
        refused = change.bind(path, {}, body)
        assert isinstance(refused, Answer), body
        assert (refused.status, refused.body["field"]) == (422, field)


@settings(max_examples=200, deadline=None)
@given(query=st.dictionaries(st.sampled_from(["limit", "tenant", "dry_run", "reason", "x"]),
                             st.text(max_size=12)))  # fmt: skip
def test_binding_any_query_gives_arguments_or_a_422(query: dict[str, str]) -> None:
    for route in ADMIN_ROUTES:
        path = dict.fromkeys(route.path_names, "p")
        bound = route.bind(path, query, b'{"value": null}')
        if isinstance(bound, Answer):
            assert bound.status == 422
            assert bound.body["field"] in {p.name for p in route.params} | {"body"}
        else:
            assert set(bound) == {*route.path_names, *(p.name for p in route.params)}


def test_the_openapi_fields_name_every_parameter() -> None:
    audit = ROUTES["audit"].openapi()
    assert [p["name"] for p in audit["parameters"]] == ["tenant", "limit"]
    limit = audit["parameters"][1]["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 1000, 50)
    body = ROUTES["change_setting"].openapi()["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/SettingChange"}
