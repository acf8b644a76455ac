from dataclasses import dataclass

delivered = []
"""(event id, tenant, text) for every delivery the handler saw."""


@dataclass(frozen=True)
class NoteWritten:
    tenant: str
    text: str
