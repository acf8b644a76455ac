"""Requirements: a module code with an optional PEP 440 version range."""

from __future__ import annotations

import pytest
from packaging.version import Version

from modstack.requirement import is_valid_code, parse_requirement, parse_version


@pytest.mark.parametrize(
    ("text", "code", "allows", "refuses"),
    [
        pytest.param("payments", "payments", "0.0.1", None, id="bare"),
        pytest.param("payments>=1.2,<2", "payments", "1.9.0", "2.0.0", id="range"),
        pytest.param(" payments >= 1.2 , < 2 ", "payments", "1.2.0", "1.1.9", id="spaces"),
        pytest.param("dev-tools~=0.3", "dev-tools", "0.9.0", "1.0.0", id="compatible"),
        pytest.param("orders==1.*", "orders", "1.4.0", "2.0.0", id="wildcard"),
    ],
)
def test_requirements_parse_and_check_versions(
    text: str, code: str, allows: str, refuses: str | None
) -> None:
    requirement = parse_requirement(text)
    assert requirement.code == code
    assert requirement.is_satisfied_by(Version(allows))
    if refuses is not None:
        assert not requirement.is_satisfied_by(Version(refuses))


def test_a_requirement_prints_as_written() -> None:
    assert str(parse_requirement("payments >= 1.2, < 2")) == "payments>=1.2,<2"


def test_pre_releases_satisfy_ranges() -> None:
    assert parse_requirement("billing>=2.0.0a1").is_satisfied_by(parse_version("2.0.0-rc.1"))


@pytest.mark.parametrize("text", ["", ">=1.0", "Payments", "pay ments", "payments>>1"])
def test_malformed_requirements_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"module code|PEP 440"):
        parse_requirement(text)


@pytest.mark.parametrize("code", ["billing", "dev-tools", "dev_tools", "a1", "x"])
def test_valid_codes(code: str) -> None:
    assert is_valid_code(code)


@pytest.mark.parametrize("code", ["", "Billing", "1st", "dev--tools", "-x", "x-", "a.b", "a b"])
def test_invalid_codes(code: str) -> None:
    assert not is_valid_code(code)
