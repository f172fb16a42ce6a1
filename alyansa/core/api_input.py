"""Reading a JSON API body by hand, after the permission check.

Routes that change things read their body here instead of declaring it as a ninja parameter:
ninja validates declared bodies before the view runs, so someone who may not use a route would
learn its fields from the validation errors. Plain HTML forms (and Django's test client) send
form fields instead of JSON; both are accepted.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from django.http import HttpRequest
from ninja import Schema
from ninja.errors import HttpError
from pydantic import ValidationError as PydanticValidationError


def read_body(
    request: HttpRequest, schema: type[Schema], *, list_fields: Collection[str] = ()
) -> Any:
    """The request's JSON object, or its form fields (`list_fields` keep every value), validated
    by `schema`. A bad body is a 422 that names each field and its problem."""
    data: Any = None
    if request.body:
        try:
            data = json.loads(request.body)
        except ValueError:
            data = None
    if data is None:
        data = {
            key: request.POST.getlist(key) if key in list_fields else value
            for key, value in request.POST.items()
        }
    if not isinstance(data, dict):
        raise HttpError(422, "The body must be a JSON object.")
    try:
        return schema.model_validate(data)
    except PydanticValidationError as error:
        details = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}"
            for problem in error.errors()
        )
        raise HttpError(422, details) from error


def body_doc(schema: type[Schema]) -> dict[str, Any]:
    """OpenAPI description (`openapi_extra`) of a body read with read_body."""
    return {
        "requestBody": {
            "content": {"application/json": {"schema": schema.model_json_schema()}},
            "required": True,
        }
    }
