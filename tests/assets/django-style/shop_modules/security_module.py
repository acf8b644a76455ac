from modstack import BaseModule, dependency, module


@module(name="security", dependencies=["design_system"])
@dependency("marketplace", required=False)
class SecurityModule(BaseModule):
    pass
