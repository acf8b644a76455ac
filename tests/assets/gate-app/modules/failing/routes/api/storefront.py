from ...._calls import api_router

router = api_router("failing")
