"""The Analytics & Reporting module."""
