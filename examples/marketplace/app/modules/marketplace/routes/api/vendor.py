"""Feed imports: send a feed, follow its import."""

from fastapi import APIRouter, Depends, HTTPException, Request, status

from app import db
from app.auth import require_vendor
from app.types import IdPath
from app.web import tenant_of

from ...schemas import ImportIn, ImportOut
from ...services import FeedImports, UnknownFeed

router = APIRouter(dependencies=[Depends(require_vendor)])


def imports_of(request: Request) -> FeedImports:
    imports: FeedImports = request.app.state.modstack.services.get_service("feed_imports")
    return imports


@router.post("/imports", response_model=ImportOut, status_code=status.HTTP_202_ACCEPTED)
def start_import(request: Request, feed: ImportIn) -> ImportOut:
    stack = request.app.state.modstack
    tenant = tenant_of(request)
    imports = imports_of(request)
    try:
        content = feed.csv if feed.csv is not None else imports.bundled(feed.feed or "")
    except UnknownFeed as error:
        raise HTTPException(404, str(error)) from None
    with db.write() as session:
        started = imports.start(session, tenant, source=feed.feed or feed.source, content=content)
    with_catalog = stack.tenancy.is_enabled(tenant, "catalog")
    stack.tasks.enqueue("marketplace.import_feed", started.id, with_catalog, tenant=tenant)
    return started


@router.get("/imports", response_model=list[ImportOut])
def list_imports(request: Request) -> list[ImportOut]:
    with db.read() as session:
        return imports_of(request).list(session, tenant_of(request))


@router.get("/imports/{import_id}", response_model=ImportOut)
def get_import(request: Request, import_id: IdPath) -> ImportOut:
    with db.read() as session:
        found = imports_of(request).get(session, tenant_of(request), import_id)
    if found is None:
        raise HTTPException(404, f"no import {import_id}")
    return found
