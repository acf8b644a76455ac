"""What a scaffold writes: a list of files, shown with ``--dry-run``, written only when
none of them exists (nothing is ever overwritten)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from modstack.errors import ScaffoldError


@dataclass(frozen=True, slots=True)
class NewFile:
    """One file a scaffold writes."""

    path: Path
    content: str


def write_files(files: list[NewFile], *, dry_run: bool = False) -> list[Path]:
    """Write every file, creating folders; with ``dry_run`` write nothing. Returns the
    paths. Raises ScaffoldError naming every file that already exists, before writing any."""
    existing = [f.path for f in files if f.path.exists()]
    if existing:
        raise ScaffoldError(
            "would overwrite " + ", ".join(str(p) for p in existing),
            fix="choose another name or folder, or move those files away first",
        )
    if not dry_run:
        for file in files:
            file.path.parent.mkdir(parents=True, exist_ok=True)
            file.path.write_text(file.content, encoding="utf-8")
    return [f.path for f in files]
