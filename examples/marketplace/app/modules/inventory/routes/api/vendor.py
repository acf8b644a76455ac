"""Stock levels and adjustments."""

from fastapi import APIRouter, Depends, HTTPException, Request

from app import db
from app.auth import require_vendor
from app.web import tenant_of

from ...exceptions import StockAboveLimit, StockBelowReserved
from ...schemas import Adjustment, StockOut
from ...services import StockService

router = APIRouter(dependencies=[Depends(require_vendor)])


def stock_of(request: Request) -> StockService:
    stock: StockService = request.app.state.modstack.services.get_service("stock")
    return stock


@router.get("/stock", response_model=list[StockOut])
def levels(request: Request) -> list[StockOut]:
    with db.read() as session:
        return stock_of(request).levels(session, tenant_of(request))


@router.post("/stock/adjust", response_model=StockOut)
def adjust(request: Request, adjustment: Adjustment) -> StockOut:
    try:
        with db.write() as session:
            return stock_of(request).adjust(
                session, tenant_of(request), adjustment.sku, adjustment.location, adjustment.delta
            )
    except (StockBelowReserved, StockAboveLimit) as error:
        raise HTTPException(409, str(error)) from None
