"""Flask-seed modules: BaseModule subclasses with NAME and DEPENDENCIES."""
