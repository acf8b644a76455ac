from fastapi import APIRouter

from ...services import Billing

router = APIRouter()


@router.get("/")
def invoices() -> list[str]:
    return [str(Billing)]
