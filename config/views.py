"""Error pages that need more than a template: the server error page tells a database
outage apart, so a teacher knows to wait rather than retype."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader


def server_error(request, template_name="500.html"):
    """handler500. Django calls it inside the except block of the failed request, so
    the exception is still at hand. A lost database connection is a 503: nothing was
    saved (the request's transaction never committed) and it passes by itself. The
    templates are rendered without context processors, which would query the very
    database that is gone."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
