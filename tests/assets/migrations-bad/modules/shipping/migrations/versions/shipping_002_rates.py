revision = "shipping_002"
down_revision = "x1"
