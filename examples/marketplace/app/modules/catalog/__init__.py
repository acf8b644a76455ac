"""The Catalog module."""
