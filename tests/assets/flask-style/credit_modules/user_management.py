from modstack import BaseModule


class UserManagementModule(BaseModule):
    """The user management."""

    NAME = "user_management"
    DEPENDENCIES = ['connection_api']

    def health_check(self):
        return {"status": "healthy", "module": self.NAME}
