from ...._calls import page_blueprint

router = page_blueprint("open")
