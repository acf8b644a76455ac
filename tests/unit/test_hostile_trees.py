"""``modstack validate`` and ``list`` on trees whose definitions misbehave: each one ends
with exit code 1 and a problem naming the file, never a hang, a silent success or a
traceback. A tree that can hang or end the process is run as a real program, under a
subprocess timeout that is a safety net for a regression, not a speed check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from modstack.cli import cli

SAFETY_NET = 120  # seconds; a command that hangs fails the test instead of the run


def modstack(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modstack", *args, "--no-entry-points"],
        capture_output=True,
        text=True,
        check=False,
        timeout=SAFETY_NET,
        env={**os.environ, **(env or {})},
    )


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """The command in this process: for trees whose definitions cannot end the process."""
    return CliRunner().invoke(cli, [*args, "--no-entry-points"], env=env, catch_exceptions=False)


def assert_refused(
    result: subprocess.CompletedProcess[str] | Result, file: Path, reason: str
) -> None:
    code = (
        result.returncode if isinstance(result, subprocess.CompletedProcess) else result.exit_code
    )
    assert code == 1, result.stdout + result.stderr
    assert "no problems" not in result.stdout
    assert "Traceback" not in result.stderr
    assert f"(in {file}" in result.stderr
    assert reason in result.stderr


@pytest.mark.parametrize(
    ("scenario", "folder", "reason"),
    [
        pytest.param(
            "hostile-sleep", "slow", "did not finish within 2 seconds", id="sleeps-forever"
        ),
        pytest.param(
            "hostile-thread",
            "spinner",
            "started thread 'spinner-loop', which is still running",
            id="non-daemon-thread",
        ),
        pytest.param(
            "hostile-exit",
            "quitter",
            "ended the process (exit code 0) before discovery finished",
            id="os-exit-0",
        ),
    ],
)
def test_validate_names_the_definition_that_hangs_or_exits(
    assets: Path, scenario: str, folder: str, reason: str
) -> None:
    modules = assets / scenario / "modules"
    # The limit comes from the environment, so the same call hangs on a modstack that
    # imports in-process (no --timeout option to reject).
    result = modstack("validate", "--modules", str(modules), env={"MODSTACK_IMPORT_TIMEOUT": "2"})
    assert_refused(result, modules / folder / "definition.py", reason)


@pytest.mark.parametrize(
    ("scenario", "folder", "reason"),
    [
        pytest.param(
            "hostile-generator-exit",
            "closer",
            "importing the definition failed: GeneratorExit",
            id="generator-exit",
        ),
        pytest.param(
            "hostile-keyboard-interrupt",
            "interrupter",
            "KeyboardInterrupt: raised by the definition",
            id="keyboard-interrupt",
        ),
    ],
)
def test_validate_names_the_definition_that_raises_a_base_exception(
    assets: Path, scenario: str, folder: str, reason: str
) -> None:
    modules = assets / scenario / "modules"
    result = invoke("validate", "--modules", str(modules))
    assert_refused(result, modules / folder / "definition.py", reason)


@pytest.mark.parametrize(
    ("scenario", "folder"),
    [("hostile-exit", "quitter"), ("hostile-thread", "spinner")],
)
def test_list_json_reports_the_file_as_a_problem(assets: Path, scenario: str, folder: str) -> None:
    modules = assets / scenario / "modules"
    result = modstack("list", "--json", "--modules", str(modules))
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] is False
    [problem] = report["problems"]
    assert problem["kind"] == "DiscoveryError"
    assert problem["source"] == str(modules / folder / "definition.py")


def test_the_timeout_option_overrides_the_environment(assets: Path) -> None:
    modules = assets / "hostile-sleep/modules"
    result = invoke(
        "validate",
        "--modules",
        str(modules),
        "--timeout",
        "1.5",
        env={"MODSTACK_IMPORT_TIMEOUT": "600"},
    )
    assert_refused(result, modules / "slow/definition.py", "did not finish within 1.5 seconds")


def tree_with(tmp_path: Path, odd: str) -> tuple[Path, Path]:
    """A modules folder holding a fine module and a folder whose definition.py is odd."""
    modules = tmp_path / "modules"
    (modules / "fine").mkdir(parents=True)
    (modules / "fine/definition.py").write_text(
        'from modstack import ModuleDefinition\nfine = ModuleDefinition("fine")\n'
    )
    (modules / "odd").mkdir()
    (modules / "odd/models.py").write_text("")
    file = modules / "odd/definition.py"
    if odd == "directory":
        file.mkdir()
    elif odd == "loop":
        file.symlink_to(file)
    return modules, file


@pytest.mark.parametrize(
    ("odd", "reason"),
    [
        pytest.param("directory", "definition.py is a directory", id="definition-is-a-directory"),
        pytest.param("loop", "definition.py is a symlink loop", id="definition-is-a-symlink-loop"),
    ],
)
def test_an_odd_definition_file_is_named_for_what_it_is(
    tmp_path: Path, odd: str, reason: str
) -> None:
    modules, file = tree_with(tmp_path, odd)
    result = invoke("validate", "--modules", str(modules))
    assert_refused(result, file, reason)
    assert "has no definition.py" not in result.stderr


def test_a_module_folder_that_links_to_itself_is_a_problem_not_a_traceback(
    tmp_path: Path,
) -> None:
    modules, _ = tree_with(tmp_path, "none")
    loop = modules / "loop"
    loop.symlink_to(loop)
    result = invoke("validate", "--modules", str(modules))
    assert_refused(result, loop, "is a symlink loop")


def test_a_modules_folder_that_links_to_itself_is_a_problem_not_a_traceback(
    tmp_path: Path,
) -> None:
    loop = tmp_path / "modules"
    loop.symlink_to(loop)
    result = invoke("validate", "--modules", str(loop))
    assert_refused(result, loop, "modules folder is a symlink loop")


@pytest.mark.parametrize("value", ["0", "-3", "soon", "inf", "nan"])
def test_a_bad_time_limit_in_the_environment_is_refused_naming_the_variable(
    assets: Path, value: str
) -> None:
    shop = str(assets / "valid-shop/modules")
    result = CliRunner().invoke(
        cli, ["validate", "--modules", shop], env={"MODSTACK_IMPORT_TIMEOUT": value}
    )
    assert result.exit_code == 2
    assert f"MODSTACK_IMPORT_TIMEOUT={value!r}" in result.stderr
    assert "positive number of seconds" in result.stderr


def test_what_a_hung_definition_started_is_killed_with_it(tmp_path: Path) -> None:
    modules = tmp_path / "modules"
    (modules / "spawner").mkdir(parents=True)
    (modules / "spawner/definition.py").write_text(
        "import pathlib, subprocess, sys, time\n"
        "helper = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        "pathlib.Path(__file__).with_name('pid').write_text(str(helper.pid))\n"
        "time.sleep(3600)\n"
    )
    result = modstack("validate", "--modules", str(modules), env={"MODSTACK_IMPORT_TIMEOUT": "3"})
    assert_refused(result, modules / "spawner/definition.py", "did not finish within 3 seconds")
    pid = int((modules / "spawner/pid").read_text())
    for _ in range(100):  # the kernel delivers SIGKILL at once; a zombie counts as gone
        if is_gone(pid):
            break
        time.sleep(0.1)
    else:
        pytest.fail("the process the definition started is still running")


def is_gone(pid: int) -> bool:
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True


@pytest.mark.parametrize(
    ("scenario", "folder"),
    [
        pytest.param("hostile-sleep", "slow", id="sleeps-forever"),
        pytest.param("hostile-thread", "spinner", id="non-daemon-thread"),
        pytest.param("hostile-exit", "quitter", id="os-exit-0"),
    ],
)
def test_check_loads_a_hostile_tree_as_validate_does(
    assets: Path, scenario: str, folder: str
) -> None:
    modules = assets / scenario / "modules"
    result = modstack("check", "--modules", str(modules), "--json", "--timeout", "2")
    assert result.returncode == 1, result.stdout + result.stderr
    findings = json.loads(result.stdout)["findings"]
    unloaded = [f for f in findings if f["rule"] == "TREE-001"]
    assert [Path(f["path"]).parts[-2:] for f in unloaded] == [(folder, "definition.py")]
