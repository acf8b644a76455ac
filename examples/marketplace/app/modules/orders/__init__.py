"""The Orders module."""
