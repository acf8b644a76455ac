"""The marketplace module's services: feed imports, run as background tasks."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from modstack.services import BaseService

from ..models import FeedImport
from ..schemas import FeedRow, ImportOut

FEEDS = Path(__file__).parents[1] / "feeds"
COLUMNS = ("sku", "name", "description", "price", "stock", "location")


class UnknownFeed(LookupError):
    def __init__(self, name: str) -> None:
        known = ", ".join(sorted(p.stem for p in FEEDS.glob("*.csv")))
        super().__init__(f"no bundled feed {name!r} (known: {known})")


class FeedImports(BaseService):
    """Feed files, parsed into rows; every bad row is reported with its line."""

    service_name = "feed_imports"

    def start(self, session: Session, tenant: str, *, source: str, content: str) -> ImportOut:
        row = FeedImport(
            tenant=tenant,
            source=source,
            content=content,
            status="queued",
            rows_total=0,
            rows_imported=0,
            errors="",
            created_at=datetime.now(UTC),
            finished_at=None,
        )
        session.add(row)
        session.flush()
        return _out(row)

    def bundled(self, name: str) -> str:
        """The text of a bundled feed. Raises UnknownFeed."""
        path = FEEDS / f"{name}.csv"
        if not path.is_file():
            raise UnknownFeed(name)
        return path.read_text(encoding="utf-8")

    def get(self, session: Session, tenant: str, import_id: int) -> ImportOut | None:
        row = session.get(FeedImport, import_id)
        return _out(row) if row is not None and row.tenant == tenant else None

    def list(self, session: Session, tenant: str) -> list[ImportOut]:
        query = (
            sa.select(FeedImport).where(FeedImport.tenant == tenant).order_by(FeedImport.id.desc())
        )
        return [_out(row) for row in session.scalars(query)]

    def content(self, session: Session, import_id: int) -> str:
        row = session.get(FeedImport, import_id)
        assert row is not None
        return row.content

    def finish(
        self, session: Session, import_id: int, *, total: int, imported: int, errors: list[str]
    ) -> None:
        row = session.get(FeedImport, import_id)
        assert row is not None
        row.status = "done" if not errors else ("partial" if imported else "failed")
        row.rows_total, row.rows_imported = total, imported
        row.errors, row.finished_at = "\n".join(errors), datetime.now(UTC)


class RowError(ValueError):
    """What is wrong with one row of a feed (its line is added by ``parse``)."""


def parse(content: str) -> tuple[list[FeedRow], list[str]]:
    """Rows of a feed (header: sku,name,description,price,stock,location), and one
    message per bad row naming its line and field. Never raises for what the feed holds."""
    reader = csv.DictReader(io.StringIO(content))
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        return [], [f"line 1: the header cannot be read: {error}"]
    missing = [c for c in COLUMNS[:5] if c not in header]
    if missing:
        return [], [f"line 1: the header lacks {', '.join(missing)} (expected {','.join(COLUMNS)})"]
    rows: list[FeedRow] = []
    errors: list[str] = []
    try:
        for raw in reader:
            try:
                rows.append(_row(raw))
            except RowError as error:
                errors.append(f"line {reader.line_num}: {error}")
            except ValidationError as error:
                fields = "; ".join(
                    f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()
                )
                errors.append(f"line {reader.line_num}: {fields}")
    except csv.Error as error:  # the rest of the file cannot be read
        errors.append(f"line {reader.line_num}: the file cannot be read from here on: {error}")
    return rows, errors


def _row(raw: dict[str | None, str | None]) -> FeedRow:
    """One feed row. Raises RowError, ValidationError."""
    return FeedRow(
        sku=_text(raw, "sku"),
        name=_text(raw, "name"),
        description=_text(raw, "description", ""),
        price_cents=_cents(_text(raw, "price")),
        stock=_text(raw, "stock"),
        location=_text(raw, "location", "") or "main",
    )


def _text(raw: dict[str | None, str | None], column: str, default: str | None = None) -> str:
    """The row's ``column``, stripped. Raises RowError when the row is too short to have
    it (and it has no default)."""
    value = raw.get(column)
    if value is None:
        if default is None:
            raise RowError(f"{column} is missing (the row has fewer fields than the header)")
        return default
    return value.strip()


def _cents(price: str) -> int:
    """``"4.50"`` -> 450. Raises RowError for what is not a finite number."""
    try:
        amount = Decimal(price)
        if not amount.is_finite():  # NaN, Infinity
            raise ValueError(price)
        return int((amount * 100).to_integral_value())
    except (ArithmeticError, ValueError):  # decimal's InvalidOperation and Overflow
        raise RowError(f"price {price!r} is not a number") from None


def _out(row: FeedImport) -> ImportOut:
    return ImportOut(
        id=row.id,
        source=row.source,
        status=row.status,
        rows_total=row.rows_total,
        rows_imported=row.rows_imported,
        errors=[e for e in row.errors.split("\n") if e],
        created_at=row.created_at,
        finished_at=row.finished_at,
    )
