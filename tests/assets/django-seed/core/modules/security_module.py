from typing import Dict, List

from modstack.django import BaseModule, module


@module(
    name="security",
    version="1.0.0",
    description="Login throttling",
    dependencies=["design_system"]
)
class SecurityModule(BaseModule):

    def initialize(self) -> bool:
        return True

    def cleanup(self) -> bool:
        return True

    def get_permissions(self) -> Dict[str, List[str]]:
        return {
            'admin': ['security.change_config'],
            'user': ['security.view_data'],
            'guest': ['security.view_public']
        }
