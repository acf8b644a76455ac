"""ModuleDefinition: every field of DESIGN §2, validated, frozen, with the seeds' spellings."""

from __future__ import annotations

import enum

import pytest

from modstack import DefinitionError, ModuleDefinition, ModulePaths, ModuleTreeError, Tier
from modstack.requirement import Requirement


def test_only_the_code_is_required_and_defaults_follow_the_folder_layout() -> None:
    billing = ModuleDefinition("billing")
    assert billing.name == "Billing"
    assert billing.version == "1.0.0"
    assert billing.tier is Tier.OPTIONAL
    assert billing.requires == ()
    assert billing.paths == ModulePaths()
    assert billing.source == __file__
    assert billing.path_of("migrations") == billing.root / "migrations/versions"  # type: ignore[operator]


def test_every_field_is_kept() -> None:
    def start() -> None: ...

    billing = ModuleDefinition(
        "billing",
        name="Billing",
        description="Plans and invoices.",
        version="1.2.0-rc.1",
        tier="optional",
        requires=["payments>=1.2,<2"],
        optional_requires=["analytics"],
        features=["invoices", "subscriptions", "invoices"],
        menu_items={"vendor": ["invoices"]},
        permissions={"admin": ["billing.manage", "billing.view"]},
        on_startup=start,
        health_check="billing.health:check",
        subscriptions={"orders.placed": "billing.handlers:on_order"},
    )
    assert billing.requires[0].code == "payments"
    assert str(billing.requires[0]) == "payments>=1.2,<2"
    assert billing.optional_requires == (Requirement("analytics"),)
    assert billing.features == ("invoices", "subscriptions")
    assert billing.menu_items == {"vendor": ("invoices",)}
    assert billing.permissions == {"admin": frozenset({"billing.manage", "billing.view"})}
    assert billing.on_startup is start
    assert billing.health_check == "billing.health:check"
    assert billing.subscriptions == {"orders.placed": ("billing.handlers:on_order",)}
    assert str(billing.parsed_version) == "1.2.0rc1"


def test_wizamart_spellings_fold_into_tier_and_paths() -> None:
    class FrontendType(enum.Enum):
        ADMIN = "admin"
        VENDOR = "vendor"

    analytics = ModuleDefinition(
        code="analytics",
        is_core=False,
        is_internal=False,
        is_self_contained=True,
        services_path="app.modules.analytics.services",
        templates_path="templates",
        locales_path="locales",
        menu_items={FrontendType.ADMIN: [], FrontendType.VENDOR: ["analytics"]},
    )
    assert analytics.tier is Tier.OPTIONAL
    assert analytics.paths.services == "services"
    assert analytics.menu_items == {"admin": (), "vendor": ("analytics",)}
    assert ModuleDefinition("core", is_core=True).is_core
    assert ModuleDefinition("ops", is_internal=True).is_internal


def test_a_definition_is_frozen() -> None:
    billing = ModuleDefinition("billing")
    with pytest.raises(
        AttributeError, match="ModuleDefinition 'billing' is frozen; cannot set 'version'"
    ):
        billing.version = "2.0.0"  # type: ignore[misc]
    with pytest.raises(TypeError):
        billing.menu_items["admin"] = ()  # type: ignore[index]


def test_definitions_compare_by_value() -> None:
    assert ModuleDefinition("billing", version="1.0.0") == ModuleDefinition(
        "billing", version="1.0.0"
    )
    assert ModuleDefinition("billing") != ModuleDefinition("billing", version="1.1.0")
    assert len({ModuleDefinition("billing"), ModuleDefinition("billing")}) == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        pytest.param({"code": "Billing"}, "code", "expected a lower-case slug", id="code-case"),
        pytest.param({"code": 7}, "code", "expected a lower-case slug", id="code-type"),
        pytest.param({"version": "1.0"}, "version", "MAJOR.MINOR.PATCH", id="version-not-semver"),
        pytest.param(
            {"version": "1.0.0-foo"}, "version", "use alpha, beta or rc", id="version-tag"
        ),
        pytest.param({"tier": "premium"}, "tier", "expected one of 'core', 'optional'", id="tier"),
        pytest.param(
            {"tier": "core", "is_internal": True}, "tier", "contradicts", id="tier-conflict"
        ),
        pytest.param(
            {"requires": "payments"}, "requires", "expected a list of strings", id="req-str"
        ),
        pytest.param({"requires": [3]}, "requires", "found int 3", id="req-type"),
        pytest.param({"requires": ["payments>>1"]}, "requires", "not a PEP 440", id="req-spec"),
        pytest.param(
            {"requires": ["Pay Ments"]}, "requires", "expected a module code", id="req-code"
        ),
        pytest.param({"requires": ["billing"]}, "requires", "cannot require itself", id="req-self"),
        pytest.param(
            {"requires": ["a", "a>=1"]}, "requires", "'a' is listed twice", id="req-twice"
        ),
        pytest.param(
            {"requires": ["a"], "optional_requires": ["a"]},
            "optional_requires",
            "already listed in 'requires'",
            id="soft-and-hard",
        ),
        pytest.param({"features": ["Big Feature"]}, "features", "lower-case slug", id="feature"),
        pytest.param({"menu_items": ["x"]}, "menu_items", "expected a mapping", id="menu"),
        pytest.param({"permissions": {"admin": "all"}}, "permissions['admin']", "list", id="perm"),
        pytest.param(
            {"on_startup": "not a ref"}, "on_startup", "'package.module:function'", id="hook"
        ),
        pytest.param({"paths": "here"}, "paths", "expected a ModulePaths", id="paths"),
        pytest.param({"implementation": object()}, "implementation", "a class", id="impl"),
        pytest.param({"colour": "red"}, "colour", "unknown field", id="unknown-kw"),
    ],
)
def test_an_invalid_field_is_named_with_module_value_and_file(
    kwargs: dict[str, object], field: str, message: str
) -> None:
    arguments = {"code": "billing", **kwargs}
    with pytest.raises(DefinitionError, match=message) as caught:
        ModuleDefinition(**arguments)  # type: ignore[arg-type]
    error = caught.value
    assert error.field == field
    assert error.file is not None
    assert error.file.startswith(__file__ + ":")
    assert repr(error.value) in str(error)
    assert f"field {field!r}" in str(error)


def test_several_invalid_fields_are_reported_together() -> None:
    with pytest.raises(ModuleTreeError) as caught:
        ModuleDefinition("billing", version="one", tier="gold", requires="payments")  # type: ignore[arg-type]
    fields = [p.field for p in caught.value.problems]  # type: ignore[attr-defined]
    assert fields == ["version", "tier", "requires"]
    assert str(caught.value).startswith("3 problems in the module tree:")


def test_a_path_part_that_does_not_exist_is_refused() -> None:
    with pytest.raises(KeyError, match="'routez' is not a module part"):
        ModuleDefinition("billing").path_of("routez")


def test_the_code_modstack_is_reserved_for_the_admin_api() -> None:
    with pytest.raises(DefinitionError) as raised:
        ModuleDefinition("modstack")
    assert "field 'code'" in str(raised.value)
    assert "<api prefix>/admin/modstack" in str(raised.value)
