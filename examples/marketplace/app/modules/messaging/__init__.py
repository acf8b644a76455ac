"""The Messaging module."""
