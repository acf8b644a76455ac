"""Tenant names and module codes are checked where they enter, before the database; unknown
names are remembered in a bounded cache. Over a real SQLite file."""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import modstack
from modstack import ModuleDefinition
from modstack.cli import cli
from modstack.db.tables import tenants
from modstack.errors import (
    DefinitionError,
    InvalidModuleCodeError,
    InvalidNameError,
    InvalidTenantNameError,
    ModuleNotFound,
    TenantNotFound,
)
from modstack.naming import MAX_TENANT_LENGTH, check_code, check_tenant, is_valid_tenant
from modstack.registry import Registry
from modstack.tenancy import TenancyService, connect
from tests.unit.tenancy.conftest import shop_definitions
from tests.unit.tenancy.test_service import statements

BAD_TENANTS = [
    "",
    " ",
    "acme ",
    " acme",
    "a b",
    "acme\n",
    "ac\nme",
    "ac\x00me",
    "a/b",
    "../etc",
    "-acme",
    ".acme",
    "*",
    "acmé",
    "x" * 101,
    "x" * 150,
    "x" * 1000,
]
TENANT_CHARACTERS = set(string.ascii_letters + string.digits + "-_.")


def follows_the_rule(name: str) -> bool:
    """The tenant name rule, written out independently of modstack's regular expression."""
    return (
        1 <= len(name) <= MAX_TENANT_LENGTH
        and set(name) <= TENANT_CHARACTERS
        and name[0] in string.ascii_letters + string.digits
    )


names = st.one_of(
    st.text(max_size=120),
    st.text(alphabet=string.ascii_letters + string.digits + "-_./ \n\x00", max_size=120),
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,110}", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(names)
def test_the_tenant_rule_accepts_exactly_the_names_it_describes(name: str) -> None:
    assert is_valid_tenant(name) == follows_the_rule(name)
    if follows_the_rule(name):
        assert check_tenant(name) == name
        return
    with pytest.raises(InvalidTenantNameError) as refused:
        check_tenant(name)
    assert (refused.value.field, refused.value.value) == ("tenant name", name)
    assert "1 to 100 characters: ASCII letters, digits" in str(refused.value)
    assert len(str(refused.value)) < 300  # a 1,000-character name is not echoed whole


@settings(max_examples=100, deadline=None)
@given(names)
def test_create_tenant_stores_valid_names_and_refuses_the_rest_before_the_database(
    name: str,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        service = connect(
            modstack.resolve(shop_definitions()),
            database=f"sqlite:///{Path(folder) / 'm.db'}",
            redis_url="",
        )
        try:
            if follows_the_rule(name):
                service.create_tenant(name)
                assert service.status(name).tenant == name
                assert service.is_enabled(name, "core")
                return
            with statements(service.store) as seen, pytest.raises(InvalidTenantNameError):
                service.create_tenant(name)
            assert seen == []
            with sa.create_engine(service.store.engine.url).connect() as connection:
                assert connection.execute(sa.select(tenants)).all() == []
        finally:
            service.close()
            service.store.dispose()


@pytest.mark.parametrize("name", BAD_TENANTS)
def test_a_bad_tenant_name_is_refused_everywhere_it_enters(
    service: TenancyService, name: str
) -> None:
    service.create_tenant("acme")
    with statements(service.store) as seen:
        for attempt in (
            lambda: service.create_tenant(name),
            lambda: service.enable(name, "billing", actor="alice"),
            lambda: service.disable(name, "billing", actor="alice"),
            lambda: service.plan_enable(name, "billing"),
            lambda: service.plan_disable(name, "billing"),
            lambda: service.status(name),
            lambda: service.is_enabled(name, "billing"),
            lambda: service.enabled_modules(name),
        ):
            with pytest.raises(InvalidTenantNameError) as refused:
                attempt()
            assert isinstance(refused.value, TenantNotFound)  # refused like an unknown tenant
            assert refused.value.value == name
        assert service.audit(tenant=name) == []  # no records: no such tenant
    assert seen == []  # not one query
    assert name not in service._missing  # and not remembered


BAD_CODES = ["", "Billing", "bil ling", "billing\n", "a/b", "x" * 101, "b" * 250]


@pytest.mark.parametrize("code", BAD_CODES)
def test_a_bad_module_code_is_refused_before_the_database(
    service: TenancyService, code: str
) -> None:
    service.create_tenant("acme")
    with statements(service.store) as seen:
        for attempt in (
            lambda: service.enable("acme", code, actor="alice"),
            lambda: service.disable("acme", code, actor="alice"),
            lambda: service.plan_enable("acme", code),
            lambda: service.plan_disable("acme", code),
            lambda: service.create_tenant("globex", modules=[code]),
        ):
            with pytest.raises(InvalidModuleCodeError) as refused:
                attempt()
            assert isinstance(refused.value, ModuleNotFound)
            assert (refused.value.field, refused.value.value) == ("module code", code)
    assert seen == []


def test_a_module_code_longer_than_its_column_fails_the_definition() -> None:
    with pytest.raises(DefinitionError, match=r"field 'code' = 'bbbb.*1 to 100 characters"):
        ModuleDefinition("b" * 250)
    assert ModuleDefinition("b" * 100).code == "b" * 100
    with pytest.raises(InvalidNameError, match="module code 'b"):
        check_code("b" * 101)


def test_unknown_tenant_names_are_remembered_in_a_bounded_cache(
    shop: Registry, database: str
) -> None:
    service = connect(shop, database=database, redis_url="", staleness=3600)
    service.missing_limit = 50
    try:
        for number in range(400):
            with pytest.raises(TenantNotFound):
                service.is_enabled(f"ghost-{number}", "cart")
        assert len(service._missing) == 50
        with statements(service.store) as seen, pytest.raises(TenantNotFound):
            service.is_enabled("ghost-399", "cart")  # the most recent is still remembered
        assert seen == []
        with statements(service.store) as seen, pytest.raises(TenantNotFound):
            service.is_enabled("ghost-0", "cart")  # the oldest left: asked again
        assert any("FROM modstack_tenants" in statement for statement in seen)
        assert len(service._missing) == 50
    finally:
        service.close()
        service.store.dispose()


def test_the_default_bound_holds_for_twenty_thousand_names(shop: Registry, database: str) -> None:
    service = connect(shop, database=database, redis_url="", staleness=3600)
    try:
        for number in range(2 * service.missing_limit):
            with pytest.raises(TenantNotFound):
                service.enabled_modules(f"flood-{number}")
        for number in range(20_000):  # names no tenant can have never reach the cache
            with pytest.raises(TenantNotFound):
                service.enabled_modules(f"flood {number}")
        assert len(service._missing) == service.missing_limit
    finally:
        service.close()
        service.store.dispose()


def test_the_cli_refuses_a_bad_tenant_name_with_one_line(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'm.db'}"
    modules = str(Path(__file__).parents[3] / "examples/marketplace/app/modules")
    result = CliRunner().invoke(
        cli,
        ["tenants", "create", "a/b", "--modules", modules, "--database", database],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert "tenant name 'a/b' is invalid: 1 to 100 characters" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("actor", ["", "a" * 201, "alice\nbob", "nul\x00"])
def test_an_actor_the_audit_log_cannot_hold_is_refused(service: TenancyService, actor: str) -> None:
    service.create_tenant("acme")
    with pytest.raises(InvalidNameError, match=r"actor .* is invalid: 1 to 200 printable"):
        service.enable("acme", "billing", actor=actor)
    assert not any(r.code == "billing" for r in service.audit(tenant="acme", limit=None))
    assert service.enable("acme", "billing", actor="a" * 200).code == "billing"
