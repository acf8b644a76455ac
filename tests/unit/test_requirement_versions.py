"""Versions and pre-releases: what ``parse_version`` accepts, and how ranges treat
pre-releases under every ``packaging`` the project allows (>= 24; 26 changed the default
of ``SpecifierSet.contains`` for pre-releases)."""

from __future__ import annotations

import pytest

from modstack.requirement import parse_requirement, parse_version


@pytest.mark.parametrize(
    ("requirement", "version"),
    [
        pytest.param("billing>=1.0", "2.0.0-rc.1", id="above-a-final-floor"),
        pytest.param("billing>=1.0,<3", "2.1.0-beta.2", id="inside-a-final-range"),
        pytest.param("billing~=1.4", "1.9.0-alpha.1", id="compatible-release"),
    ],
)
def test_a_pre_release_inside_a_range_of_final_releases_satisfies_it(
    requirement: str, version: str
) -> None:
    assert parse_requirement(requirement).is_satisfied_by(parse_version(version))


def test_a_pre_release_below_the_floor_does_not() -> None:
    assert not parse_requirement("billing>=2.0").is_satisfied_by(parse_version("2.0.0-rc.1"))


@pytest.mark.parametrize(
    "text", ["1.0.0+build.5", "1.0.0-rc.1+build.5", "0.0.0", "10.20.30", "1.0.0-alpha.1"]
)
def test_semantic_versions_are_accepted(text: str) -> None:
    parse_version(text)


@pytest.mark.parametrize(
    "text", ["1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2", "v1.2.3", "1.2.3-", "1.2.3+"]
)
def test_what_is_not_semver_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected a semantic version MAJOR\.MINOR\.PATCH"):
        parse_version(text)


def test_a_build_tag_does_not_change_the_order() -> None:
    assert parse_version("1.0.0+build.5") > parse_version("1.0.0-rc.1")
    assert parse_requirement("billing>=1.0").is_satisfied_by(parse_version("1.0.0+build.5"))
