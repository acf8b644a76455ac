"""The Billing module."""
