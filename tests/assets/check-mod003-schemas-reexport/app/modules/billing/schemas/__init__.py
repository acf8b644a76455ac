"""Schemas."""
from models.schema.billing import InvoiceOut

__all__ = ["InvoiceOut"]
