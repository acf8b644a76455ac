from modstack import BaseModule


class ConnectionApiModule(BaseModule):
    """The connection api."""

    NAME = "connection_api"
    DEPENDENCIES = []

    def health_check(self):
        return {"status": "healthy", "module": self.NAME}
