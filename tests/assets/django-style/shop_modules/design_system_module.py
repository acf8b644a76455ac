from modstack import BaseModule, module


@module(name="design_system", version="2.0.0", description="Themes and components.")
class DesignSystemModule(BaseModule):
    pass
