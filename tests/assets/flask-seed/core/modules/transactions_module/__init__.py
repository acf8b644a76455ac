from core.compat import BaseModule, ModuleDependencyError


class TransactionModule(BaseModule):
    NAME = "transactions_module"
    DEPENDENCIES = ['connection_api', 'user_management', 'wallet_module']  # ✅ Clear dependencies

    def initialize(self, app_manager) -> bool:
        # Access dependencies
        self.wallet_module = app_manager.module_manager.get_module('wallet_module')
        if not self.wallet_module:
            raise ModuleDependencyError("Wallet module not available")

        # Set Flask app for route registration
        self.app = app_manager.flask_app
        self.register_routes()
        return True

    def register_routes(self, app):
        @app.route('/transactions/<user_id>', methods=['GET'])
        def list_transactions(user_id):
            return {"user_id": user_id, "transactions": []}

    def health_check(self) -> dict:
        return {"status": "healthy", "module": self.NAME}
