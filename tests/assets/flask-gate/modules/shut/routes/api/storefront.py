from ...._calls import api_blueprint

router = api_blueprint("shut")
