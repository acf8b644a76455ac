"""Field types the modules' schemas share: e-mail addresses, codes, and bounded integers
for what clients send (ids, prices, stock levels and changes).

A plain ``int`` accepts any size, and a number past the database's integer (SQLite's 64
bits, PostgreSQL's ``integer``) fails inside the driver: a 500. These types answer 422
instead (bodies), and ``IdPath`` 422 for a path id out of range, so no client input
reaches the database out of range.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import Field

Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)]
"""An e-mail address (checked for shape only)."""

Code = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
"""A slug: lower-case letters, digits and dashes."""

MAX_ID = 2**31 - 1
"""The largest row id (PostgreSQL's ``integer``)."""
MAX_CENTS = 10_000_000
"""The largest price: 100,000.00 (99 of them still fit an order's ``integer`` total)."""
MAX_UNITS = 1_000_000_000
"""The most units of one sku at one location, and the largest single stock change."""

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A row id sent in a body."""
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
"""A row id in the URL's path."""
Cents = Annotated[int, Field(ge=0, le=MAX_CENTS)]
"""A price in cents."""
Units = Annotated[int, Field(ge=0, le=MAX_UNITS)]
"""A stock level."""
UnitsDelta = Annotated[int, Field(ge=-MAX_UNITS, le=MAX_UNITS)]
"""A change of stock level (negative removes units)."""
