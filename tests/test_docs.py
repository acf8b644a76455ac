"""Every ```python block in docs/ runs, in order, file by file, from the repository root.
(Blocks marked ```py are illustrations that need an app of your own; they are not run.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
DOCS = sorted((ROOT / "docs").glob("*.md"))


def test_the_docs_have_runnable_examples() -> None:
    assert sum(len(BLOCK.findall(doc.read_text())) for doc in DOCS) >= 8


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_doc_examples_run(doc: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs_{doc.stem}"}
    for number, block in enumerate(BLOCK.findall(doc.read_text()), start=1):
        code = compile(block, f"{doc.name} (block {number})", "exec")
        exec(code, namespace)
