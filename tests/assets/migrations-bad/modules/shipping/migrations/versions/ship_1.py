revision = "x1"
down_revision = None
