"""The dashboard's pages and its one form (see :mod:`modstack.dashboard`)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, PackageLoader, select_autoescape

from modstack.web.admin_access import ADMIN_ROLE, CSRF_COOKIE, SIGNOUT_PATH, AdminRefusal
from modstack.web.admin_ops import AdminOperations
from modstack.web.auth import CSRF_LIFETIME, Principal, csrf_matches, issue_csrf, safe_next
from modstack.web.endpoints import ADMIN, Endpoint, EndpointRequest
from modstack.web.reply import PAGE_HEADERS, Cookie, Reply
from modstack.web.signin import admin_page_refusal

if TYPE_CHECKING:
    from modstack.web.site import Site

DASHBOARD_PATH = "/admin/modstack"
"""Where the dashboard is served (under the app's root path)."""

ACTIONS = ("enable", "disable")
HISTORY = 20
"""How many of a tenant's latest audit records its page shows."""

_TEMPLATES = Environment(
    loader=PackageLoader("modstack.dashboard"), autoescape=select_autoescape(["html"])
)


async def overview(site: Site, request: EndpointRequest) -> Reply:
    """``GET /admin/modstack``: every module (state, health) and every tenant."""
    principal = await asyncio.to_thread(_principal, site, request, DASHBOARD_PATH)
    if isinstance(principal, Reply):
        return principal
    modules = (await AdminOperations(site.core).list_modules()).body["modules"]
    tenants = [t.as_data() for t in await asyncio.to_thread(site.core.tenancy.tenants)]
    return _page(site, request, principal, "overview.html", modules=modules, tenants=tenants)


def tenant(site: Site, request: EndpointRequest) -> Reply:
    """``GET /admin/modstack/tenants/{tenant}``: the tenant's modules and their
    switches, and its latest changes (the audit log); after a change, what it changed."""
    name = request.path_params["tenant"]
    principal = _principal(site, request, _tenant_path(name))
    if isinstance(principal, Reply):
        return principal
    answer = AdminOperations(site.core).tenant_modules(name)
    if answer.status != 200:
        return _problem(site, request, principal, answer.status, answer.body["detail"])
    query = request.first_values()
    done = query.get("done") if query.get("done") in ACTIONS else None
    known = {module["code"] for module in answer.body["modules"]}
    changed = [code for code in query.get("changed", "").split(",") if code in known]
    core = {d.code for d in site.core.registry if d.tier.value == "core"}
    history = AdminOperations(site.core).audit(name, HISTORY).body
    return _page(site, request, principal, "tenant.html", tenant_status=answer.body,
                 core=core, done=done, changed=changed, history=history)  # fmt: skip


def change(site: Site, request: EndpointRequest) -> Reply:
    """``POST .../tenants/{tenant}/modules/{code}/{action}``: enable or disable a module.
    A change that takes other modules with it is shown first and applied once confirmed;
    then back to the tenant's page, which says what changed."""
    form = request.form_request()
    tenant_name, code, action = (request.path_params[k] for k in ("tenant", "code", "action"))
    principal = request.principal  # the guard (ADMIN) admitted it
    if principal is None:  # pragma: no cover - only if the table lost its guard
        return Reply.error(401, "unauthorized", "the admin credential is needed")
    if form.oversized:
        return _problem(site, request, principal, 413, "the form is too large")
    posted = form.form.get("csrf", "")
    if not csrf_matches(site.admin_access.csrf_signer, request.cookies.get(CSRF_COOKIE), posted):
        return _problem(site, request, principal, 403, "the form expired; reload the page")
    if action not in ACTIONS:
        return _problem(site, request, principal, 404, f"{action!r}: use enable or disable")
    operations = AdminOperations(site.core)
    plan = operations.change_module(tenant_name, code, action, dry_run=True, reason="")
    if plan.status != 200:
        return _problem(site, request, principal, plan.status, plan.body["detail"])
    others = [c for c in plan.body["changes"] if c["code"] != code]
    if others and form.form.get("confirm") != "yes":
        return _page(site, request, principal, "confirm.html", plan=plan.body, others=others)
    done = operations.change_module(tenant_name, code, action, dry_run=False,
                                    reason=f"dashboard ({principal.subject})")  # fmt: skip
    if done.status != 200:
        return _problem(site, request, principal, done.status, done.body["detail"])
    changed = ",".join(c["code"] for c in done.body["changes"])
    back = _root(request) + _tenant_path(tenant_name)
    return Reply.redirect(f"{back}?{urlencode({'done': action, 'changed': changed})}")


def _principal(site: Site, request: EndpointRequest, path: str) -> Principal | Reply:
    """Who is asking, or the answer for one who may not: a browser goes to the sign-in
    form, which brings it back to ``path``."""
    decision = site.admin_access.check(request.admin)
    if not isinstance(decision, AdminRefusal):
        return decision
    if request.admin.authorization is not None:  # a client, not a browser: say why
        return Reply.error(decision.status, decision.code, decision.detail, decision.headers)
    return admin_page_refusal(decision, _root(request), path, urlencode(request.query))


def _root(request: EndpointRequest) -> str:
    """The app's root path, when it is a path on this site (else none: a proxy's prefix
    such as ``//evil.example`` never reaches a link or a redirect)."""
    home = safe_next(request.root_path + DASHBOARD_PATH, DASHBOARD_PATH)
    return home.removesuffix(DASHBOARD_PATH)


def _page(
    site: Site, request: EndpointRequest, principal: Principal, name: str, **context: Any
) -> Reply:
    """``name`` rendered, with a CSRF token for its forms: signed for the nonce the
    browser's cookie holds, else for a new one, sent in a new cookie."""
    given = request.cookies.get(CSRF_COOKIE)
    nonce, csrf = issue_csrf(site.admin_access.csrf_signer, nonce=given)
    secure = request.admin.scheme == "https"
    root = _root(request)
    page = _TEMPLATES.get_template(name).render(
        home=root + DASHBOARD_PATH, signout=root + SIGNOUT_PATH, principal=principal,
        csrf=csrf, can_change=principal.role == ADMIN_ROLE, **context,
    )  # fmt: skip
    cookie = Cookie(CSRF_COOKIE, nonce, int(CSRF_LIFETIME), secure=secure, same_site="strict")
    cookies = () if nonce == given else (cookie,)  # a nonce the browser has is kept
    headers = {"Cache-Control": "no-store", **PAGE_HEADERS}
    return Reply(200, page, headers=headers, cookies=cookies)


def _problem(
    site: Site, request: EndpointRequest, principal: Principal, status: int, detail: str
) -> Reply:
    reply = _page(site, request, principal, "problem.html", status_code=status, detail=detail)
    return Reply(status, reply.body, headers=reply.headers, cookies=reply.cookies)


def _tenant_path(name: str) -> str:
    return f"{DASHBOARD_PATH}/tenants/{quote(name, safe='')}"


PAGES: tuple[Endpoint, ...] = (
    Endpoint("GET", DASHBOARD_PATH, "dashboard", "The admin dashboard.", overview,
             in_schema=False),
    Endpoint("GET", DASHBOARD_PATH + "/tenants/{tenant}", "dashboard_tenant",
             "One tenant's modules.", tenant, blocking=True, in_schema=False),
    Endpoint("POST", DASHBOARD_PATH + "/tenants/{tenant}/modules/{code}/{action}",
             "dashboard_change", "Enable or disable a module for a tenant.", change,
             guard=ADMIN, body="form", blocking=True, in_schema=False),
)  # fmt: skip
"""The dashboard's endpoints, for every adapter's loop. The pages check the admin
credential themselves (a browser without it is sent to sign in); the form is refused
before its body is read."""
