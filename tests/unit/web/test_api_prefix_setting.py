"""``MODSTACK_API_PREFIX`` may not start where modstack serves other things (the admin
frontend, module pages, static files, its own endpoints): module APIs there would mix
with pages that need the credential, or with modstack's own URLs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from modstack.settings import RESERVED_SEGMENTS, ModstackSettings


@pytest.mark.parametrize("prefix", ["/admin", "/Admin/v1", "/vendor/api", "/static", "/health"])
def test_a_prefix_in_modstacks_own_space_is_refused_naming_the_setting(prefix: str) -> None:
    with pytest.raises(ValidationError) as raised:
        ModstackSettings(api_prefix=prefix, _env_file=None)
    message = str(raised.value)
    assert "MODSTACK_API_PREFIX" in message
    assert "/admin" in message
    assert "/api/v1" in message  # what to choose instead


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"^(/[A-Za-z0-9._~-]{1,12}){1,3}$", fullmatch=True))
def test_any_other_prefix_is_taken_as_it_is(prefix: str) -> None:
    first = prefix.strip("/").split("/")[0].lower()
    if first in RESERVED_SEGMENTS:
        with pytest.raises(ValidationError):
            ModstackSettings(api_prefix=prefix, _env_file=None)
    else:
        assert ModstackSettings(api_prefix=prefix, _env_file=None).api_prefix == prefix
