"""``/health`` (public), ``/modules/status`` and ``/modules/<code>/health`` (the admin
credential unless ``MODSTACK_PUBLIC`` lists them), ``/metrics`` (the same), and the modules' static
files at ``/static/modules/<code>/``: the documents of :mod:`modstack.web.health` and
:mod:`modstack.web.metrics`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from django.views.static import serve

from modstack.django import admin
from modstack.django.gate import current, refuse
from modstack.web.health import health_document, module_health_document, status_document
from modstack.web.metrics import CONTENT_TYPE
from modstack.web.refusals import Refusal

if TYPE_CHECKING:
    from modstack.django.adapter import Modstack


def _refusal(stack: Modstack, request: HttpRequest, detail: str) -> HttpResponse | None:
    """The admin credential's refusal, unless ``MODSTACK_PUBLIC`` lists ``detail``."""
    return None if stack.settings.is_public(detail) else admin.refusal(stack, request)


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness and readiness; no details."""
    stack = current()
    stack.start()
    status, body = health_document(stack.core, stack.store_probe.refresh())
    return JsonResponse(body, status=status)


@require_GET
def modules_status(request: HttpRequest) -> HttpResponse:
    """Every module's state and health, the core modules' states, the store's."""
    stack = current()
    stack.start()
    if (refused := _refusal(stack, request, "status")) is not None:
        return refused
    reachable = stack.store_probe.refresh()
    return JsonResponse(stack.core.call(status_document(stack.core, reachable)))


@require_GET
def module_health(request: HttpRequest, code: str) -> HttpResponse:
    """One module's health check; 503 unless healthy."""
    stack = current()
    stack.start()
    if (refused := _refusal(stack, request, "module-health")) is not None:
        return refused
    status, body = stack.core.call(module_health_document(stack.core, code))
    return JsonResponse(body, status=status)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """The services' metrics and each module's requests, in Prometheus text."""
    stack = current()
    stack.start()
    if (refused := _refusal(stack, request, "metrics")) is not None:
        return refused
    text = stack.metrics_page.render() + stack.request_metrics.render()
    return HttpResponse(text, content_type=CONTENT_TYPE)


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
