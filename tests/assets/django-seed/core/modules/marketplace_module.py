from modstack.django import BaseModule, dependency, module


@module(
    name="my_module",
    version="1.0.0",
    description="My awesome module",
    dependencies=["design_system"]
)
@dependency("security", required=False)
class MyModule(BaseModule):

    def initialize(self) -> bool:
        """Initialize the module."""
        # Set up models, signals, etc.
        return True

    def cleanup(self) -> bool:
        """Clean up the module."""
        # Clean up resources
        return True
