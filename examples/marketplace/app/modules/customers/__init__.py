"""The Customers module."""
