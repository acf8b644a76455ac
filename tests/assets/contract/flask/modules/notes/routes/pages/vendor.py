from flask import Blueprint, render_template

router = Blueprint("notes_vendor_pages", __name__)


@router.get("/notes")
def page() -> str:
    return render_template("notes/hello.html", who="<world>")
