"""Answers to requests the site cannot serve (Django's handler400 and handler500, set in
alyansa/urls.py; the API's handlers call them too), in the API's error format on the API.

Django answers 400 for any "suspicious" request; a body over DATA_UPLOAD_MAX_MEMORY_SIZE is
one of them, and deserves 413 so that a client knows that only its size is wrong. A request
that waited the pool's whole timeout for a database connection (a burst past what the
server can do) is 503 with Retry-After: busy, not broken."""

from __future__ import annotations

import sys

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from psycopg_pool import PoolTimeout

from alyansa.core.api_errors import ERROR_CODES, api_error


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return _answer(request, 413, _("The request is too large."))
    return _answer(request, 400, _("The request cannot be read."))


def is_busy(exception: BaseException | None) -> bool:
    """The database pool had no connection for the request within its timeout."""
    return exception is not None and isinstance(exception.__cause__ or exception, PoolTimeout)


def server_error(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    # Django calls handler500 with the request only, while the exception is being handled.
    if is_busy(exception or sys.exc_info()[1]):
        response = _answer(request, 503, _("The server is busy. Try again in a few seconds."))
        response["Retry-After"] = "5"
        return response
    return _answer(request, 500, _("Something went wrong on our side."))


def _answer(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return api_error(status, ERROR_CODES[status], message)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
