"""The admin dashboard at ``/admin/modstack``: every module with its state and health,
the tenants, and each tenant's modules with their switches (a change that takes other
modules with it is shown and confirmed first). One implementation, in no framework's
terms: :data:`PAGES` is a table of :class:`~modstack.web.endpoints.Endpoint` that every
adapter serves as it serves modstack's other endpoints.

Who may use it: the admin (the sign-in form's session, or ``Authorization: Bearer
<MODSTACK_ADMIN_TOKEN>``); a browser without either is sent to the sign-in form, which
brings it back. A change is a form with a CSRF token, posted from this site.
"""

from modstack.dashboard.pages import DASHBOARD_PATH, PAGES

__all__ = ["DASHBOARD_PATH", "PAGES"]
