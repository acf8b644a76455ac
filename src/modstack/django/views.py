"""The modules' static files at ``/static/modules/<code>/``."""

from __future__ import annotations

from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from django.views.static import serve

from modstack.django.gate import current, refuse
from modstack.web.refusals import Refusal


@require_GET
def module_static(request: HttpRequest, code: str, path: str) -> HttpResponse:
    """A file of an active module's ``static/`` folder (Django's ``serve``: no path
    leaves the folder)."""
    stack = current()
    stack.start()
    folder = stack.static_folder(code)
    if folder is None:
        raise Http404("no such module static folder")
    runtime = stack.core.kernel.modules[code]
    if not runtime.is_active:
        return refuse(
            request, Refusal.module_unavailable(code, runtime.state.value, runtime.reason)
        )
    try:
        return serve(request, path, document_root=str(folder))
    except SuspiciousFileOperation as error:  # a path out of the folder: none here
        raise Http404("no such file") from error
