"""What the core module's API answers."""

from pydantic import BaseModel, ConfigDict


class Profile(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    tenant: str
    display_name: str
    tagline: str
    currency: str


class EnabledModule(BaseModel):
    code: str
    name: str
    menu: list[str]


class Dashboard(BaseModel):
    profile: Profile
    modules: list[EnabledModule]
