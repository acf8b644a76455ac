class BillingService:
    pass
