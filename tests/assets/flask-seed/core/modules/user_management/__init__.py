from core.compat import BaseModule, custom_log


class UserManagementModule(BaseModule):
    NAME = "user_management"
    DEPENDENCIES = ['connection_api']

    def initialize(self, app_manager) -> bool:
        # Access dependencies
        self.connection_api = app_manager.module_manager.get_module('connection_api')

        # Access infrastructure managers
        self.db = app_manager.database_manager
        self.redis = app_manager.redis_manager

        # not shown in the seed document; filled in: the users
        self.users = {}

        # Set Flask app for route registration
        self.app = app_manager.flask_app
        self.register_routes()
        custom_log(f"{self.NAME} ready")
        return True

    def register_routes(self, app):
        @app.route('/users/<user_id>', methods=['GET'])
        def get_user(user_id):
            user = self.get_user_by_id(user_id)
            return (user, 200) if user else ({"error": "not found"}, 404)

    def get_user_by_id(self, user_id: str):
        return self.users.get(user_id)

    def health_check(self) -> dict:
        return {"status": "healthy", "module": self.NAME}
