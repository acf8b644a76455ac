"""Forgot the router."""

routes = []
