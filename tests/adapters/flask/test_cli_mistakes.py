"""A mistake in the modules or the settings stops ``flask run`` (and every other ``flask``
command) with modstack's message and exit code 1, as click's own errors do: no traceback
to read through. Outside the ``flask`` command the error itself is raised."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from flask import Flask

from modstack.errors import ModuleTreeError
from modstack.flask import Modstack
from modstack.settings import InvalidSettingsError

APP = """
from flask import Flask
from modstack.flask import Modstack

app = Flask(__name__)
app.config.update({config!r})
Modstack(app)
"""


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"MODSTACK_MODULES": "nowhere"}, "modules folder not found"),
        ({"MODSTACK_MAX_BODY_SIZE": "1MB"}, "app.config['MODSTACK_MAX_BODY_SIZE'] = '1MB'"),
    ],
)
@pytest.mark.parametrize("command", [["run", "--port", "0"], ["routes"]])
def test_the_flask_command_stops_with_the_message(
    tmp_path: Path, config: dict[str, str], message: str, command: list[str]
) -> None:
    (tmp_path / "broken.py").write_text(APP.format(config=config))
    env = {**os.environ, "MODSTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "broken", *command],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Error: modstack cannot start the app:" in done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_outside_the_flask_command_the_error_itself_is_raised(tmp_path: Path) -> None:
    app = Flask(__name__)
    app.config["MODSTACK_MODULES"] = str(tmp_path / "nowhere")
    with pytest.raises(ModuleTreeError, match="modules folder not found"):
        Modstack(app)
    app.config.update(MODSTACK_MODULES=str(tmp_path), MODSTACK_STALENESS="-1")
    with pytest.raises(InvalidSettingsError, match="MODSTACK_STALENESS"):
        Modstack(app)


def test_a_click_command_of_the_apps_own_gets_the_error_itself(tmp_path: Path) -> None:
    @click.command()
    def build() -> None:
        app = Flask(__name__)
        app.config["MODSTACK_MODULES"] = str(tmp_path / "nowhere")
        try:
            Modstack(app)
        except ModuleTreeError as error:  # what the app's own command catches
            click.echo(f"caught {type(error).__name__}")

    result = CliRunner().invoke(build)
    assert (result.exit_code, result.output.strip()) == (0, "caught ModuleTreeError")
