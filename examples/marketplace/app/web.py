"""What every page of the marketplace shares: the layout's context (tenant, locale,
links that keep the tenant's path prefix, the menu of the tenant's enabled modules)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from app.db import money

LOCALES = ("en", "de")

STOREFRONT_LINKS = (
    ("catalog", "/storefront/catalog", "nav.catalog"),
    ("cart", "/storefront/cart", "nav.cart"),
    ("orders", "/storefront/orders", "nav.orders"),
)
VENDOR_LINKS = (
    ("core", "/vendor/dashboard", "nav.dashboard"),
    ("catalog", "/vendor/products", "nav.products"),
    ("inventory", "/vendor/stock", "nav.stock"),
    ("orders", "/vendor/orders", "nav.vendor_orders"),
    ("billing", "/vendor/invoices", "nav.invoices"),
    ("messaging", "/vendor/notifications", "nav.notifications"),
    ("analytics", "/vendor/analytics", "nav.analytics"),
)


CART_COOKIE = "cart"


def cart_id_of(request: Request) -> str | None:
    """The shopper's cart: the ``X-Cart`` header (API clients) or the cart cookie."""
    return request.headers.get("x-cart") or request.cookies.get(CART_COOKIE)


def tenant_of(request: Request) -> str:
    """The request's tenant (the gate has already checked it for module pages)."""
    tenant = request.state.tenant
    assert isinstance(tenant, str)
    return tenant


def locale_of(request: Request) -> str:
    """``?lang=``, then the browser's Accept-Language, then English."""
    asked = request.query_params.get("lang")
    if asked in LOCALES:
        return asked
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        language = part.split(";")[0].strip()[:2].lower()
        if language in LOCALES:
            return language
    return "en"


def render(
    request: Request, template: str, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """Render ``template`` in the layout, with the tenant's menu; ``enabled`` (the
    tenant's enabled module codes) lets a template show what only some tenants have."""
    stack = request.app.state.modstack
    tenant = tenant_of(request)
    enabled = stack.tenancy.enabled_modules(tenant)
    locale = locale_of(request)
    base = request.scope.get("root_path", "")
    response: HTMLResponse = stack.templates.TemplateResponse(
        request,
        template,
        {
            "tenant": tenant,
            "locale": locale,
            "base": base,
            "money": money,
            "enabled": enabled,
            "storefront_links": [
                (href, key) for code, href, key in STOREFRONT_LINKS if code in enabled
            ],
            "vendor_links": [(href, key) for code, href, key in VENDOR_LINKS if code in enabled],
            **context,
        },
        status_code=status_code,
    )
    return response
