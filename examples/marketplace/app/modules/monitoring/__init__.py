"""The Monitoring module."""
