"""The JSON API at /api/v1/: one NinjaAPI; each app adds its routes in its own api.py."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    BadRequest,
    ObjectDoesNotExist,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from alyansa.accounts.api import TokenRefused
from alyansa.accounts.api import router as accounts_router
from alyansa.assemblies.api import router as assemblies_router
from alyansa.campaigns.api import router as campaigns_router
from alyansa.core.api_errors import ERROR_CODES, api_error, document_errors
from alyansa.core.bad_request import bad_request, server_error
from alyansa.core.errors import RuleError
from alyansa.engagements.api import router as engagements_router
from alyansa.governance.api import router as governance_router
from alyansa.members.api import router as members_router
from alyansa.programs.api import router as programs_router
from alyansa.statements.api import router as statements_router
from alyansa.statements.errors import StatementRuleError
from alyansa.treasury.api import router as treasury_router
from alyansa.voting.api import router as voting_router

logger = logging.getLogger(__name__)


class AlyansaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        """ninja's document, with the error answers each route can give (core/api_errors.py)."""
        schema = super().get_openapi_schema(**kwargs)
        document_errors(schema)
        return schema

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """ninja's id (the route's module and function), where an app's API package stands for
        its modules: a route moved into `alyansa/<app>/api/<subject>.py` keeps the id it had in
        `alyansa/<app>/api.py`, so that clients generated from the document keep working."""
        module = operation.view_func.__module__
        package, in_package, _subject = module.partition(".api.")
        if in_package:
            module = f"{package}.api"
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")


api = AlyansaAPI(
    title="Alyansa API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Read public records and do the secretariat's work. Authenticate with a personal access "
        "token (`Authorization: Bearer aly_...`) or a signed-in browser session. Every error has "
        'the form `{"error": {"code", "message", "details"}}`.'
    ),
)
api.add_router("/accounts", accounts_router)
api.add_router("/members", members_router)
api.add_router("/governance", governance_router)
api.add_router("/statements", statements_router)
api.add_router("/assemblies", assemblies_router)
api.add_router("/voting", voting_router)
api.add_router("/treasury", treasury_router)
api.add_router("/engagements", engagements_router)
api.add_router("/programs", programs_router)
api.add_router("/campaigns", campaigns_router)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"field": ".".join(str(part) for part in err.get("loc", [])), "message": err.get("msg", "")}
        for err in exc.errors
    ]
    fields = ", ".join(dict.fromkeys(detail["field"] for detail in details if detail["field"]))
    message = (
        _("Some fields are not valid: %(fields)s.") % {"fields": fields}
        if fields
        else _("Some fields are not valid.")
    )
    return api_error(422, "invalid", message, details)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api_error(401, "unauthenticated", _("Sign in or send a valid access token."))


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api_error(403, "forbidden", _("You may not do this."))


@api.exception_handler(TokenRefused)
def on_token_refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    return api_error(403, exc.code, exc.message)


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api_error(404, "not_found", _("Not found."))


@api.exception_handler(RuleError)
def on_rule_error(request: HttpRequest, exc: RuleError) -> HttpResponse:
    return api_error(422, "rule", str(exc))


@api.exception_handler(StatementRuleError)
def on_statement_rule_error(request: HttpRequest, exc: StatementRuleError) -> HttpResponse:
    """A statement's refusal says which fields it concerns (its forms show each reason beside
    its field): 422 "rule" like any RuleError, with each reason and its field in `details`."""
    return api_error(422, "rule", str(exc), exc.details())


@api.exception_handler(DjangoValidationError)
def on_service_refusal(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A service that refuses with Django's ValidationError (a check it shares with forms, such
    as alyansa.core.languages.per_language): 422 "rule" like a RuleError, and the reasons that
    concern one field each in `details`."""
    details = [
        {"field": "" if field == NON_FIELD_ERRORS else field, "message": message}
        for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items()
        for message in messages
    ]
    return api_error(422, "rule", " ".join(exc.messages), details)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403:
        # The only 403 that ninja raises itself: a browser session's write without its token.
        return api_error(403, "forbidden", _("Send the CSRF token with a signed-in session."))
    return api_error(exc.status_code, ERROR_CODES.get(exc.status_code, "error"), str(exc))


@api.exception_handler(MultiPartParserError)
@api.exception_handler(SuspiciousOperation)
@api.exception_handler(BadRequest)
def on_unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
    # A body over the size limit (413), a multipart body without its boundary, too many
    # fields, a malformed upload (400): as Django answers them outside the API.
    return bad_request(request, exc)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Never a stack trace to the client; the log has it.
    logger.exception("Unhandled API error", exc_info=exc)
    return server_error(request, exc)
