"""The one error format of the JSON API: {"error": {"code", "message", "details"}}, and where
the OpenAPI document says which routes answer which errors."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

# The code each error status carries (a RuleError's 422 says "rule" instead of "invalid").
ERROR_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "busy",
}


# Codes that refine a status: a RuleError's 422, the 403 of a staff account that has not set up
# two-factor (accounts' middleware and token authentication), and the 403 of a read-only token
# asked to change something.
OTHER_CODES = ("rule", "two_factor_required", "read_only_token")


def error_body(
    code: str, message: str, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": str(message), "details": details or []}}


def api_error(
    status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
) -> JsonResponse:
    return JsonResponse(error_body(code, message, details), status=status)


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "enum": sorted({*ERROR_CODES.values(), *OTHER_CODES})},
                "message": {"type": "string"},
                "details": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                    },
                },
            },
        }
    },
}

_WHY = {
    400: "The body cannot be read (a multipart body without its boundary, a malformed upload).",
    401: "No valid token or session.",
    403: "Your roles do not allow this (or not those the token carries), two-factor is off on a "
    "staff account, a read-only token asked to change something, or a signed-in browser sent no "
    "CSRF token.",
    404: "Nothing with this address, or nothing you may see.",
    413: "The body is larger than the server reads (2.5 MB outside file uploads).",
    422: 'A field is not valid ("invalid", with one detail per field) or a rule refuses the '
    'change ("rule").',
    409: "The state of things refuses it (already done, or not open).",
    429: "Too many attempts: wait a minute.",
}
_REFERENCE = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def also_answers(*statuses: int) -> dict[str, Any]:
    """`openapi_extra` for a route that answers more errors than its shape tells (409, 429)."""
    return {
        "responses": {status: {"description": _WHY[status], **_REFERENCE} for status in statuses}
    }


def _errors_of(operation: dict[str, Any]) -> set[int]:
    """The errors a route can answer, from what it takes: a route that needs a sign-in can
    refuse it (401) or the role (403); one with an id or slug in its path may find nothing
    (404); one that reads parameters or a body may find them invalid (422); one with a body
    may not be able to read it (400) or refuse its size (413)."""
    errors: set[int] = set()
    parameters = operation.get("parameters", [])
    if operation.get("security"):
        errors |= {401, 403}
    if any(parameter.get("in") == "path" for parameter in parameters):
        errors.add(404)
    if parameters or "requestBody" in operation:
        errors.add(422)
    if "requestBody" in operation:
        errors |= {400, 413}
    return errors


def document_errors(schema: dict[str, Any]) -> None:
    """Add the error answers to every operation of an OpenAPI document, with the error format
    as a shared component. A route documents any other answer itself (409, 429, ...)."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in sorted(_errors_of(operation)):
                responses.setdefault(status, {"description": _WHY[status], **_REFERENCE})
