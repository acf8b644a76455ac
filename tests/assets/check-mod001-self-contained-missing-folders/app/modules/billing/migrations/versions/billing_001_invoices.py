"""Invoices."""

revision = "billing_001"
down_revision = None
branch_labels = ("billing",)


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
