from modstack.django import BaseModule, module


@module(
    name="design_system",
    version="1.0.0",
    description="Themes and template tags",
    dependencies=[]
)
class DesignSystemModule(BaseModule):

    def initialize(self) -> bool:
        """Initialize the module."""
        self.theme = "default"
        return True

    def cleanup(self) -> bool:
        """Clean up the module."""
        self.theme = None
        return True

    def get_theme_info(self):
        return {"theme": self.theme}
