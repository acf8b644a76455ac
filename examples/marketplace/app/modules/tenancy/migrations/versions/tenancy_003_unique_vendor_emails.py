"""One vendor per e-mail address on a platform: signing in finds exactly one.

Addresses are lowered first (``NewVendor`` has stored them lower case since vendors could
sign in). Refuses, naming them, when a platform already has two vendors with one address.

Revision ID: tenancy_003
"""

import sqlalchemy as sa
from alembic import op

revision = "tenancy_003"
down_revision = "tenancy_002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    connection.execute(sa.text("UPDATE vendors SET email = lower(email)"))
    duplicates = connection.execute(
        sa.text(
            "SELECT tenant, email, count(*) FROM vendors GROUP BY tenant, email HAVING count(*) > 1"
        )
    ).all()
    if duplicates:
        listed = "; ".join(
            f"{tenant}: {email} ({count} vendors)" for tenant, email, count in duplicates
        )
        raise RuntimeError(
            "tenancy_003: these platforms have vendors sharing an e-mail address; give each "
            f"vendor its own address, then upgrade again: {listed}"
        )
    with op.batch_alter_table("vendors") as batch:
        batch.create_unique_constraint("uq_vendors_tenant_email", ["tenant", "email"])


def downgrade() -> None:
    with op.batch_alter_table("vendors") as batch:
        batch.drop_constraint("uq_vendors_tenant_email", type_="unique")
