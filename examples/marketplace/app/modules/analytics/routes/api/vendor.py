"""The platform's sales figures."""

from fastapi import APIRouter, Depends, Request

from app import db
from app.auth import require_vendor
from app.web import tenant_of

from ...schemas import Figures
from ...services import SalesFigures

router = APIRouter(dependencies=[Depends(require_vendor)])


def figures_of(request: Request) -> Figures:
    figures: SalesFigures = request.app.state.modstack.services.get_service("sales_figures")
    with db.read() as session:
        return figures.figures(session, tenant_of(request))


@router.get("/sales", response_model=Figures)
def sales(request: Request) -> Figures:
    return figures_of(request)
