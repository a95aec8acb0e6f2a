"""Request-wide rules that belong to no domain app: every refusal is logged with who
asked, and no page with a person's data is kept by a browser or a shared cache."""

import logging

from django.core.exceptions import PermissionDenied

log = logging.getLogger("uchet.access")


class RefusalLogMiddleware:
    """A view that refuses by raising PermissionDenied (a page not for the user's role,
    a step they may not take) is logged here with the user, their roles and the page,
    so that no refusal goes unrecorded (R-SEC-2). Refusals of foreign objects are 404s
    logged where they are decided (learners.access.refuse)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            from learners.access import roles_of

            user = getattr(request, "user", None)
            log.warning(
                "access refused: user=%s roles=%s page=%s %s",
                getattr(user, "pk", None),
                ",".join(sorted(roles_of(user))) if user is not None else "",
                request.method,
                request.path,
            )
        return None


class PrivatePagesMiddleware:
    """Pages for a signed-in person show that person's or a learner's data (152-FZ):
    never stored by the browser or any cache on the way, unless the view chose
    otherwise. Static files and the login page are not affected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
