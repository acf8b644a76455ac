from ...._calls import page_router

router = page_router("failing")
