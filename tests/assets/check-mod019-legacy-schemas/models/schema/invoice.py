class InvoiceOut:
    pass
