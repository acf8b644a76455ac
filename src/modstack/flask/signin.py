"""The admin sign-in form (``GET/POST /admin/signin``, ``POST /admin/signout``) in
Flask's terms: the flow is :class:`modstack.web.signin.SignIn`'s."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, request

from modstack.flask.admin import to_response
from modstack.flask.gate import admin_request, extension
from modstack.web.signin import MAX_FORM_BYTES, FormRequest, SignIn, is_form, parse_form

blueprint = Blueprint("modstack_signin", __name__)


def read_form() -> dict[str, str]:
    """The current request's urlencoded form, first value per field (empty when it is
    too big or not a form): read here, never by Flask's form parser."""
    if request.method != "POST" or not is_form(request.content_type):
        return {}
    return parse_form(request.stream.read(MAX_FORM_BYTES + 1), request.content_type)


def _view(name: str) -> Callable[[], Response]:
    def view() -> Response:
        asked = FormRequest(admin_request(), read_form(), request.args, request.cookies,
                            request.root_path, request.scheme, request.remote_addr)  # fmt: skip
        return to_response(SignIn(extension().admin_access).answer(name, asked))

    return view


for _method, _path, _name in SignIn.ROUTES:
    blueprint.add_url_rule(_path, f"signin_{_name}", _view(_name), methods=[_method])
