"""The Cart module."""
