"""Forgot to define the module."""
