"""What the messaging module answers."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str
    recipient: str
    subject: str
    body: str
    created_at: datetime
