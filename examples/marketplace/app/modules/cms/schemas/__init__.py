"""What the cms module's API reads and answers."""

from pydantic import BaseModel, ConfigDict, Field


class PageIn(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    body: str
    published: bool = True


class PageOut(PageIn):
    model_config = ConfigDict(from_attributes=True)

    slug: str
