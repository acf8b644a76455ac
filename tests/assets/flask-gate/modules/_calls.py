"""What every view of this tree records when it runs: (module, tenant, what). The gate
tests' oracle: a refused request must leave no entry."""

from flask import Blueprint, g, render_template_string, request

calls = []

MIB = 1024 * 1024

PAGE = (
    '<script src="{{ url_for(code + "_static", filename="app.js") }}"></script>'
    '<a href="{{ url_for(code + "_api.item", item=42) }}">item</a>'
)


def record(code, what):
    calls.append((code, g.tenant, what))


def api_blueprint(code):
    """The same API routes in every module: any method, a path parameter, a body."""
    blueprint = Blueprint(f"{code}_api", __name__)

    @blueprint.route("/any", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
    def any_method():
        record(code, f"{request.method} any")
        return {"module": code}

    @blueprint.get("/items/<item>")
    def item(item):
        record(code, f"item {item}")
        return {"module": code, "item": item}

    @blueprint.post("/items")
    def add():
        body = request.get_data()  # over the limit: 413 here, nothing recorded
        record(code, "add")
        return {"received": len(body)}, 201

    @blueprint.post("/upload")
    def upload():
        request.max_content_length = 4 * MIB  # this view takes more
        body = request.get_data()
        record(code, "upload")
        return {"received": len(body)}

    return blueprint


def page_blueprint(code):
    """One page per module, at /storefront/<code>-page, linking to its static file and
    its API."""
    blueprint = Blueprint(f"{code}_pages", __name__)

    @blueprint.get(f"/{code}-page")
    def page():
        record(code, "page")
        return render_template_string(PAGE, code=code)

    return blueprint
