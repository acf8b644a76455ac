"""The Payments module."""
