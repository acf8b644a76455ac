"""Print the mutation score per file from the last ``mutmut run`` (``make mutate``), and
every mutant that was not killed, by name (``mutmut show NAME`` prints its diff)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

KILLED = {"killed", "timeout", "caught by type check"}


def main() -> int:
    metas = sorted(Path("mutants").rglob("*.py.meta"))
    if not metas:
        print("no mutmut results under mutants/: run `make mutate`", file=sys.stderr)
        return 1
    print(f"| file | mutants | killed | survived | no tests | score |\n|{'---|' * 6}")
    left: list[str] = []
    totals: Counter[str] = Counter()
    for meta in metas:
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        statuses = {key: status_by_exit_code[code] for key, code in codes.items()}
        count = Counter("killed" if s in KILLED else s for s in statuses.values())
        totals += count
        totals["all"] += len(statuses)
        left += [f"{s:>9}  {key}" for key, s in statuses.items() if s not in KILLED]
        name = str(meta.relative_to("mutants")).removesuffix(".meta")
        print(row(name, count, len(statuses)))
    print(row("**all**", totals, totals["all"]))
    print("\nnot killed:\n" + "\n".join(left) if left else "\nevery mutant was killed")
    return 0


def row(name: str, count: Counter[str], total: int) -> str:
    score = 100 * count["killed"] / total if total else 100.0
    return (
        f"| {name} | {total} | {count['killed']} | {count['survived']} | "
        f"{count['no tests']} | {score:.1f} % |"
    )


if __name__ == "__main__":
    sys.exit(main())
