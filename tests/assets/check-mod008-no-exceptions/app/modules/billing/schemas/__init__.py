from pydantic import BaseModel


class InvoiceOut(BaseModel):
    number: str
