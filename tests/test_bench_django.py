"""``benchmarks/bench_django.py`` runs, briefly (its figures are in docs/benchmarks.md,
never asserted here): every route it times answers 200 with the view's JSON, and its
stand-in for a project without modstack makes the Python calls such a project makes (the
script exits non-zero otherwise)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_the_django_benchmark_runs_and_checks_what_it_times() -> None:
    quick = ["--requests", "5", "--rounds", "2", "--calls", "5"]
    run = subprocess.run(
        [sys.executable, "benchmarks/bench_django.py", *quick],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    for variant in (
        "plain route, Django without modstack",
        "plain route, same project (1 module)",
        "gated module route (1 module)",
        "gated module route (200 modules)",
        "gated vs plain (same project)",
        "200 modules vs 1",
    ):
        assert variant in run.stdout, run.stdout
