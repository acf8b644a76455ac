"""The Marketplace module."""
