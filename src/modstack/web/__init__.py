"""What every web adapter shares, without a web framework: why the gate refuses a
request (:class:`Refusal`), whether a client wants HTML (:func:`prefers_html`), and the
error page template modstack ships (``templates/modstack/error.html``)."""

from pathlib import Path

from modstack.web.refusals import Refusal, prefers_html

TEMPLATES = Path(__file__).parent / "templates"
"""modstack's own templates, last in every app's loader chain (so an app overrides them)."""

__all__ = ["TEMPLATES", "Refusal", "prefers_html"]
