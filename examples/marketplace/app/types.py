"""Field types the modules' schemas share."""

from typing import Annotated

from pydantic import Field

Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)]
"""An e-mail address (checked for shape only)."""

Code = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
"""A slug: lower-case letters, digits and dashes."""
