"""Django-seed modules found in a package."""
