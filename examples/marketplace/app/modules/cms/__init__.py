"""The Content module."""
