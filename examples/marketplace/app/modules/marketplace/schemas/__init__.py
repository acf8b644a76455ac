"""What the marketplace module reads and answers."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.types import Cents, Units


class ImportIn(BaseModel):
    """A feed: the text of a CSV file, or the name of a bundled sample (``sample``)."""

    csv: str | None = Field(default=None, max_length=5_000_000)
    feed: str | None = Field(default=None, pattern=r"^[a-z0-9-]+$")
    source: str = "upload"

    @model_validator(mode="after")
    def one_of(self) -> "ImportIn":
        if (self.csv is None) == (self.feed is None):
            raise ValueError("send either csv (the file's text) or feed (a bundled feed's name)")
        return self


class ImportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    status: str
    rows_total: int
    rows_imported: int
    errors: list[str]
    created_at: datetime
    finished_at: datetime | None


class FeedRow(BaseModel):
    sku: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    price_cents: Cents
    stock: Units
    location: str = Field(default="main", min_length=1, max_length=64)
