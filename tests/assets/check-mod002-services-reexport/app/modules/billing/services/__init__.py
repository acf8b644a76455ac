from app.services.billing import Billing

__all__ = ["Billing"]
