"""The Core module."""
