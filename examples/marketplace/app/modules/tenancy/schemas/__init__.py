"""What the tenancy module's API answers."""

from pydantic import BaseModel, ConfigDict

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
    name: str
    email: Email


class AdminUserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    email: str
    name: str
    role: str
