from flask import Blueprint, g

router = Blueprint("notes_vendor_api", __name__)


@router.get("/ping")
def ping() -> dict[str, object]:
    return {"module": "notes", "tenant": g.tenant}
