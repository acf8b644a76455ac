"""The marketplace's background task: import a feed into inventory (required) and, when
the platform runs it, the catalog (optional). Runs in process or on a Celery worker."""

from collections.abc import Callable

from sqlalchemy.orm import Session

from app import db
from modstack.tasks import task

from ...inventory.services import StockService
from ..schemas import FeedRow
from ..services import FeedImports, parse


@task()
def import_feed(import_id: int, with_catalog: bool, tenant: str) -> dict[str, int]:
    """Import feed ``import_id``: each good row sets its stock (and creates or updates
    its product with ``with_catalog``); bad rows are reported, good ones still land."""
    imports = FeedImports()
    rows: list[FeedRow] = []
    errors: list[str] = []
    try:
        with db.read() as session:
            rows, errors = parse(imports.content(session, import_id))
        _apply(imports, import_id, rows, errors, tenant=tenant, with_catalog=with_catalog)
    except Exception as error:  # the import says why, rather than stay queued forever
        with db.write() as session:
            imports.finish(
                session,
                import_id,
                total=len(rows) + len(errors),
                imported=0,
                errors=[*errors, f"{type(error).__name__}: {error}"],
            )
        raise
    return {"imported": len(rows), "errors": len(errors)}


def _apply(
    imports: FeedImports,
    import_id: int,
    rows: list[FeedRow],
    errors: list[str],
    *,
    tenant: str,
    with_catalog: bool,
) -> None:
    with db.write() as session:
        stock = StockService()
        upsert = _catalog_upsert(session, tenant) if with_catalog else None
        for row in rows:
            stock.set_level(session, tenant, row.sku, row.location, row.stock)
            if upsert is not None:
                upsert(
                    sku=row.sku,
                    name=row.name,
                    description=row.description,
                    price_cents=row.price_cents,
                )
        imports.finish(
            session, import_id, total=len(rows) + len(errors), imported=len(rows), errors=errors
        )


def _catalog_upsert(session: Session, tenant: str) -> Callable[..., object]:
    """Create-or-update a product in the catalog, which is imported only when the
    platform runs it (marketplace requires the catalog only optionally)."""
    from ...catalog.schemas import ProductIn
    from ...catalog.services import ProductCatalog

    catalog = ProductCatalog()
    return lambda **fields: catalog.upsert(session, tenant, ProductIn(**fields))
