"""A wrong ``MODSTACK_*`` value stops the app, the CLI and the worker with one message per
setting: its name, where it was written (the environment, ``.env``, Flask's
``app.config``, Django's ``settings.py``), the value (never a secret's) and what it takes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from flask import Flask

from modstack.django.settings import settings_from_django
from modstack.fastapi import create_app
from modstack.flask import Modstack
from modstack.settings import InvalidSettingsError, ModstackSettings, load_settings
from modstack.stack import build_stack


def test_an_invalid_environment_variable_is_named_with_its_value_and_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MODSTACK_MAX_BODY_SIZE", "1MB")
    monkeypatch.setenv("MODSTACK_SESSION_LIFETIME", "-5")
    with pytest.raises(InvalidSettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert message.startswith("2 invalid modstack settings:")
    assert (
        "environment variable MODSTACK_MAX_BODY_SIZE = '1MB': Input should be a valid integer"
        in message
    )
    assert (
        "environment variable MODSTACK_SESSION_LIFETIME = '-5': Input should be greater than 0"
        in message
    )
    assert len(raised.value.problems) == 2


def test_a_value_from_the_dotenv_file_names_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("MODSTACK_STALENESS=soon\n")
    with pytest.raises(InvalidSettingsError, match=r"MODSTACK_STALENESS in .*\.env = 'soon'"):
        load_settings()


def test_a_list_setting_that_is_not_json_says_how_to_write_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MODSTACK_PUBLIC", "metrics")
    with pytest.raises(InvalidSettingsError) as raised:
        load_settings()
    assert "environment variable MODSTACK_PUBLIC = 'metrics': not JSON" in str(raised.value)
    assert '["metrics"]' in str(raised.value)


def test_a_secret_value_is_never_shown() -> None:
    with pytest.raises(InvalidSettingsError) as raised:
        load_settings({"admin_token": 123456789})
    assert "admin_token= = (hidden)" in str(raised.value)
    assert "123456789" not in str(raised.value)


def test_build_stack_and_create_app_raise_it_without_settings_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MODSTACK_HEALTH_TIMEOUT", "never")
    with pytest.raises(InvalidSettingsError, match="MODSTACK_HEALTH_TIMEOUT = 'never'"):
        build_stack()
    with pytest.raises(InvalidSettingsError, match="MODSTACK_HEALTH_TIMEOUT = 'never'"):
        create_app()


def test_flask_names_the_config_key_even_over_given_settings(tmp_path: Path) -> None:
    app = Flask(__name__)
    app.config["MODSTACK_MAX_BODY_SIZE"] = "a lot"
    with pytest.raises(
        InvalidSettingsError, match=r"app.config\['MODSTACK_MAX_BODY_SIZE'\] = 'a lot'"
    ):
        Modstack(app, modules=tmp_path)
    given = ModstackSettings(database_url=f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(InvalidSettingsError, match="MODSTACK_MAX_BODY_SIZE"):
        Modstack(app, modules=tmp_path, settings=given)  # config keys were not validated


def test_flask_refuses_an_unknown_config_key_with_a_suggestion(tmp_path: Path) -> None:
    app = Flask(__name__)
    app.config["MODSTACK_DATABSE_URL"] = "sqlite://"
    with pytest.raises(InvalidSettingsError) as raised:
        Modstack(app, modules=tmp_path)
    assert "app.config['MODSTACK_DATABSE_URL']: modstack has no such setting" in str(raised.value)
    assert "did you mean app.config['MODSTACK_DATABASE_URL']?" in str(raised.value)


def test_django_names_the_settings_entry_it_was_written_in() -> None:
    project = SimpleNamespace(MODSTACK={"staleness": -1}, MODSTACK_MAX_BODY_SIZE="big")
    with pytest.raises(ImproperlyConfigured) as raised:
        settings_from_django(project)
    message = str(raised.value)
    assert "settings.MODSTACK['staleness'] = -1: Input should be greater than 0" in message
    assert "settings.MODSTACK_MAX_BODY_SIZE = 'big': Input should be a valid integer" in message


@pytest.mark.parametrize(
    "command", [["tenants", "create", "acme"], ["services", "check"], ["worker"]]
)
def test_the_cli_prints_the_message_and_no_traceback(tmp_path: Path, command: list[str]) -> None:
    env = {**os.environ, "MODSTACK_OUTBOX_INTERVAL": "often", "MODSTACK_MODULES": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "modstack", *command], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert run.returncode != 0
    assert "environment variable MODSTACK_OUTBOX_INTERVAL = 'often'" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_a_list_that_is_not_json_in_dotenv_names_that_file_not_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MODSTACK_PUBLIC", '["metrics"]')  # valid, and not the one refused
    (tmp_path / ".env").write_text("MODSTACK_DEFAULT_MODULES=notes\n")
    with pytest.raises(InvalidSettingsError) as raised:
        load_settings()
    assert f"MODSTACK_DEFAULT_MODULES in {tmp_path / '.env'} = 'notes': not JSON" in str(
        raised.value
    )


def test_a_password_in_a_url_is_hidden_whichever_setting_it_landed_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MODSTACK_STALENESS", "postgresql://app:s3cret@db/app")
    with pytest.raises(InvalidSettingsError) as raised:
        load_settings()
    assert "s3cret" not in str(raised.value)
    assert "'postgresql://***@db/app'" in str(raised.value)


def test_flask_names_given_settings_apart_from_its_config_keys(tmp_path: Path) -> None:
    app = Flask(__name__)
    app.config["MODSTACK_DEFAULT_TENANT"] = "main"
    given = ModstackSettings(_env_file=None).model_copy(update={"max_body_size": -1})  # type: ignore[call-arg]
    with pytest.raises(InvalidSettingsError) as raised:
        Modstack(app, modules=tmp_path, settings=given)
    assert "Modstack(settings=...).max_body_size = -1" in str(raised.value)
    app.config.update(MODSTACK_URL="http://127.0.0.1:8000")
    with pytest.raises(InvalidSettingsError, match="read from the environment"):
        Modstack(app, modules=tmp_path)
