"""The Checkout module."""
