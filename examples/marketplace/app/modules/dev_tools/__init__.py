"""The Developer Tools module."""
