"""The vendor dashboard's data: the tenant's profile and enabled modules."""

from fastapi import APIRouter, Depends, Request

from app import db
from app.auth import require_vendor
from app.web import tenant_of

from ...schemas import Dashboard, EnabledModule
from ...services import PlatformProfiles

router = APIRouter(dependencies=[Depends(require_vendor)])


def dashboard_of(request: Request) -> Dashboard:
    stack = request.app.state.modstack
    tenant = tenant_of(request)
    profiles: PlatformProfiles = stack.services.get_service("platform_profiles", requester="core")
    enabled = stack.tenancy.enabled_modules(tenant)
    with db.read() as session:
        profile = profiles.get(session, tenant)
    modules = [
        EnabledModule(code=d.code, name=d.name, menu=list(d.menu_items.get("vendor", ())))
        for d in stack.registry
        if d.code in enabled
    ]
    return Dashboard(profile=profile, modules=modules)


@router.get("/dashboard", response_model=Dashboard)
def dashboard(request: Request) -> Dashboard:
    return dashboard_of(request)
