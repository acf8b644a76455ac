"""What the tenancy module's API answers."""

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.types import Code, Email


class VendorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    tenant: str
    code: str
    name: str
    email: str


class NewVendor(BaseModel):
    code: Code
    name: str = Field(min_length=1, max_length=120)
    email: Annotated[Email, AfterValidator(str.lower)]
    """Stored in lower case: signing in ignores the case of the address."""


class AdminUserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    email: str
    name: str
    role: str


class SignIn(BaseModel):
    email: Email
    password: str = Field(min_length=1, max_length=200)


class TokenOut(BaseModel):
    token: str
    """Send it as ``Authorization: Bearer <token>``."""
    expires: float
    """Unix seconds."""
    vendor: str
