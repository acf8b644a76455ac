"""HTTP without a web framework: what every adapter (FastAPI today, Flask and Django
later) decides the same way, so each adapter only translates requests and responses."""
