"""The answer to a request that cannot be read (Django's handler400, set in alyansa/urls.py).

Django answers 400 for any "suspicious" request; a body over DATA_UPLOAD_MAX_MEMORY_SIZE is
one of them, and deserves 413 so that a client knows that only its size is wrong. The API's
requests get the API's error format."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from alyansa.core.api_errors import ERROR_CODES, api_error


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        status, message = 413, _("The request is too large.")
    else:
        status, message = 400, _("The request cannot be read.")
    if request.path.startswith("/api/"):
        return api_error(status, ERROR_CODES[status], message)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
