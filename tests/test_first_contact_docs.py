"""What a new user reads first says true things: the README's first commands, where the
`modstack` command lives, which adapters exist, what `make bench` runs, and no pointers
to documents users cannot see."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text()
DOCS = {doc.name: doc.read_text() for doc in (ROOT / "docs").glob("*.md")}
MODSTACK = str(Path(sys.executable).with_name("modstack"))


def test_the_readme_starts_with_make_demo_and_make_test() -> None:
    first_block = README.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert commands[:2] == ["make demo", "make test"]


def test_the_readme_says_where_the_modstack_command_is() -> None:
    assert "`.venv/bin/modstack`" in README
    assert "source .venv/bin/activate" in README
    assert "MARKETPLACE_PORT=8001 make demo" in README
    assert "`.venv/bin/modstack`" in DOCS["cli.md"]
    assert "MARKETPLACE_PORT" in DOCS["tutorial.md"]


def test_the_readme_console_example_is_what_the_command_prints() -> None:
    example = README.split("$ modstack validate ", 1)[1].splitlines()
    arguments, printed = example[0].split(), example[1]

    ran = subprocess.run([MODSTACK, "validate", *arguments], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)  # fmt: skip

    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == printed


def test_the_readme_says_which_adapters_exist_and_which_are_coming() -> None:
    assert "adapters for FastAPI, Flask and Django" not in README
    assert "with a FastAPI adapter, a Flask adapter and a Django adapter" in README
    assert "not in this repository yet" not in README
    assert "comes next" not in DOCS["index.md"]
    assert "(django.md)) adapters are here" in DOCS["index.md"]


def test_no_doc_points_at_documents_users_cannot_see() -> None:
    for name, text in {"README.md": README, **DOCS}.items():
        assert not re.search(r"DESIGN(\.md)? ?§", text), name


def test_make_bench_runs_every_benchmark() -> None:
    makefile = (ROOT / "Makefile").read_text()
    listed = re.search(r"^BENCHES := (.*)$", makefile, re.MULTILINE)
    assert listed is not None
    run = {f"bench_{name}.py" for name in listed.group(1).split()}
    run |= set(re.findall(r"benchmarks/(bench_\w+\.py)", makefile))
    assert run == {p.name for p in (ROOT / "benchmarks").glob("bench_*.py")}
    assert "Run them all with `make bench`" in DOCS["benchmarks.md"]
