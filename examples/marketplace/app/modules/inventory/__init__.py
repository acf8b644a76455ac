"""The Inventory module."""
