"""In-process discovery (what an app runs at start) on files that are not what they seem:
each is one problem naming the path and what is wrong with it, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from modstack.discovery import scan_folder


def tree(tmp_path: Path) -> Path:
    modules = tmp_path / "modules"
    (modules / "fine").mkdir(parents=True)
    (modules / "fine/definition.py").write_text(
        'from modstack import ModuleDefinition\nfine = ModuleDefinition("fine")\n'
    )
    (modules / "odd").mkdir()
    return modules


def only_problem(modules: Path) -> str:
    found = scan_folder(modules)
    assert [d.code for d in found.definitions] == ["fine"]
    [problem] = found.problems
    return str(problem)


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        pytest.param(
            lambda file: file.mkdir(),
            "definition.py is a directory; make it the file that exports the definition",
            id="directory",
        ),
        pytest.param(
            lambda file: file.symlink_to(file),
            "definition.py is a symlink loop; replace it with the definition file",
            id="symlink-loop",
        ),
        pytest.param(
            lambda file: file.symlink_to(file.with_name("gone.py")),
            "definition.py is a symlink to",
            id="broken-symlink",
        ),
    ],
)
def test_a_definition_file_that_is_not_a_file_is_named_for_what_it_is(
    tmp_path: Path, make: Callable[[Path], object], expected: str
) -> None:
    modules = tree(tmp_path)
    file = modules / "odd/definition.py"
    make(file)
    assert only_problem(modules).startswith(expected)
    assert only_problem(modules).endswith(f"(in {file})")


def test_a_module_folder_that_links_to_itself_is_one_problem(tmp_path: Path) -> None:
    modules = tree(tmp_path)
    (modules / "loop").symlink_to(modules / "loop")
    assert only_problem(modules) == (
        "entry is a symlink loop; point the link at a real folder or remove it "
        f"(in {modules / 'loop'})"
    )


def test_a_modules_folder_that_links_to_itself_is_one_problem(tmp_path: Path) -> None:
    loop = tmp_path / "modules"
    loop.symlink_to(loop)
    [problem] = scan_folder(loop).problems
    assert str(problem) == (
        "modules folder is a symlink loop; point the link at a real folder or remove it "
        f"(in {loop})"
    )


def test_a_definition_raising_generator_exit_is_a_problem(tmp_path: Path) -> None:
    modules = tree(tmp_path)
    (modules / "odd/definition.py").write_text("raise GeneratorExit\n")
    assert only_problem(modules) == (
        f"importing the definition failed: GeneratorExit (in {modules / 'odd/definition.py'}:1)"
    )
