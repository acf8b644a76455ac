from datetime import datetime

from core.compat import BaseModule, custom_log


class ConnectionAPIModule(BaseModule):
    NAME = "connection_api"
    DEPENDENCIES = []

    def initialize(self, app_manager) -> bool:
        try:
            # Critical initialization
            self.db = app_manager.database_manager
            if not self.db.is_connected():
                custom_log(f"Database not available for {self.NAME}")
                return False
                
            # Optional initialization
            try:
                self.cache = app_manager.redis_manager
            except Exception as e:
                custom_log(f"Cache unavailable for {self.NAME}, continuing without cache: {e}")
                self.cache = None
                
            # Set Flask app and register routes
            self.app = app_manager.flask_app
            self.register_routes()
            return True
        except Exception as e:
            custom_log(f"Critical error initializing {self.NAME}: {e}")
            return False

    def register_routes(self, app):
        @app.route('/api/ping', methods=['GET'])
        def ping():
            return {"pong": True}

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

    def _check_database_connection(self):
        return self.db.is_connected()

    def _check_dependencies(self):
        return True

    def _check_dependency_health(self, dep):
        return True

    def _get_uptime(self):
        return 0.0
