"""The Tenancy module."""
