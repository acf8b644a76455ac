from datetime import datetime

from flask import request

from core.compat import BaseModule, ModuleDependencyError, UserNotFoundError


class WalletModule(BaseModule):
    NAME = "wallet_module"
    DEPENDENCIES = ['connection_api', 'user_management']
    
    def initialize(self, app_manager) -> bool:
        # Access dependencies
        self.connection_api = app_manager.module_manager.get_module('connection_api')
        self.user_management = app_manager.module_manager.get_module('user_management')
        
        # Access infrastructure managers
        self.db = app_manager.database_manager
        self.redis = app_manager.redis_manager
        
        # Set Flask app for route registration
        self.app = app_manager.flask_app
        self.register_routes()
        return True

    def get_user_balance(self, user_id: str):
        # Safe access to user_management module
        user_module = self.user_management
        if not user_module:
            raise ModuleDependencyError("User management module not available")
        
        # Verify user exists before processing
        user = user_module.get_user_by_id(user_id)
        if not user:
            raise UserNotFoundError(f"User {user_id} not found")
        
        # Process wallet operation
        return self._get_balance_from_db(user_id)

    def register_routes(self, app):
        @app.route('/wallet/balance/<user_id>', methods=['GET'])
        def get_balance(user_id):
            return self.get_user_balance(user_id)
        
        @app.route('/wallet/deposit', methods=['POST'])
        def deposit():
            return self.process_deposit(request.json)
        
        @app.route('/wallet/withdraw', methods=['POST'])  
        def withdraw():
            return self.process_withdrawal(request.json)

    def health_check(self) -> dict:
        """Return comprehensive health status"""
        try:
            # Check module-specific resources
            db_healthy = self._check_database_connection()
            dependencies_healthy = self._check_dependencies()
            
            return {
                "status": "healthy" if (db_healthy and dependencies_healthy) else "unhealthy",
                "module": self.NAME,
                "database_connection": db_healthy,
                "dependencies": {
                    dep: self._check_dependency_health(dep) 
                    for dep in self.DEPENDENCIES
                },
                "last_check": datetime.utcnow().isoformat(),
                "uptime": self._get_uptime()
            }
        except Exception as e:
            return {
                "status": "error",
                "module": self.NAME,
                "error": str(e),
                "last_check": datetime.utcnow().isoformat()
            }

    # -- not shown in the seed document; filled in --------------------------------------

    balances = None

    def _get_balance_from_db(self, user_id):
        if self.balances is None:
            self.balances = {}
        return {"user_id": user_id, "balance": self.balances.get(user_id, 0)}

    def process_deposit(self, data):
        self._get_balance_from_db(data["user_id"])
        self.balances[data["user_id"]] = self.balances.get(data["user_id"], 0) + data["amount"]
        return self._get_balance_from_db(data["user_id"])

    def process_withdrawal(self, data):
        current = self._get_balance_from_db(data["user_id"])["balance"]
        if data["amount"] > current:
            return {"error": "insufficient funds"}, 409
        self.balances[data["user_id"]] = current - data["amount"]
        return self._get_balance_from_db(data["user_id"])

    def _check_database_connection(self):
        return self.db.is_connected()

    def _check_dependencies(self):
        return self.user_management is not None

    def _check_dependency_health(self, dep):
        return True

    def _get_uptime(self):
        return 0.0
