"""Reading a JSON API body by hand, after the permission check.

Routes that change things read their body here instead of declaring it as a ninja parameter:
ninja validates declared bodies before the view runs, so someone who may not use a route would
learn its fields from the validation errors. Plain HTML forms (and Django's test client) send
form fields instead of JSON; both are accepted.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from types import UnionType
from typing import Any, Union, get_args, get_origin

from django.http import HttpRequest
from ninja import Schema
from ninja.errors import HttpError, ValidationError
from pydantic import ValidationError as PydanticValidationError


def parse_json(body: bytes) -> Any:
    """The JSON value in `body`. ValueError when it is not JSON, or when it nests deeper than
    the parser can follow (a few kilobytes of `[[[[...` raise RecursionError, which must not
    become a server error)."""
    try:
        return json.loads(body)
    except RecursionError:
        raise ValueError("The JSON nests too deeply.") from None


_FORM = object()
# JSON says what type a value is: 0 is not false and "5" is not 5 (form fields are all text,
# so they are read leniently, as pydantic does).
_JSON_TYPES: dict[type, tuple[type, ...]] = {bool: (bool,), int: (int,), str: (str,)}


def _json_type_problems(schema: type[Schema], data: dict[str, Any]) -> list[dict[str, Any]]:
    problems = []
    for name, field in schema.model_fields.items():
        value = data.get(field.alias or name)
        union = get_origin(field.annotation) in (Union, UnionType)
        kinds = get_args(field.annotation) if union else (field.annotation,)
        expected = [kind for kind in kinds if kind in _JSON_TYPES]
        if value is None or len(expected) != 1:
            continue
        wrong_bool = expected[0] is int and isinstance(value, bool)
        if wrong_bool or not isinstance(value, _JSON_TYPES[expected[0]]):
            problems.append({"loc": (name,), "msg": f"Input should be {expected[0].__name__}"})
    return problems


def read_body(
    request: HttpRequest, schema: type[Schema], *, list_fields: Collection[str] = ()
) -> Any:
    """The request's JSON object, or its form fields (`list_fields` keep every value), validated
    by `schema`. A bad body is a 422 "invalid" that names each field and its problem, as when
    ninja validates a route's parameters."""
    data: Any = _FORM
    if request.content_type != "multipart/form-data" and request.body:
        try:
            data = parse_json(request.body)
        except ValueError:
            # A form (or JSON sent as a form, as `curl -d` does) is read as form fields below;
            # a body of any other type must be JSON.
            if request.content_type != "application/x-www-form-urlencoded":
                raise HttpError(422, "The body must be a JSON object.") from None
    from_json = data is not _FORM
    if not from_json:
        data = {
            key: request.POST.getlist(key) if key in list_fields else value
            for key, value in request.POST.items()
        }
    if not isinstance(data, dict):
        raise HttpError(422, "The body must be a JSON object.")
    if from_json and (wrong_types := _json_type_problems(schema, data)):
        raise ValidationError(wrong_types)
    try:
        return schema.model_validate(data)
    except PydanticValidationError as error:
        problems: list[dict[str, Any]] = [
            dict(problem) for problem in error.errors(include_url=False)
        ]
        raise ValidationError(problems) from error


def _inline_definitions(json_schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its `$defs` (enums, nested schemas) written in place: a `#/$defs/...`
    reference inside a request body would point at the root of the OpenAPI document, where no
    such definition is (our bodies have no recursive types)."""
    definitions = json_schema.pop("$defs", {})

    def inlined(node: Any) -> Any:
        if isinstance(node, dict):
            reference = node.get("$ref", "")
            if isinstance(reference, str) and reference.startswith("#/$defs/"):
                return inlined(definitions[reference.removeprefix("#/$defs/")])
            return {key: inlined(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inlined(value) for value in node]
        return node

    return inlined(json_schema)


def body_doc(schema: type[Schema]) -> dict[str, Any]:
    """OpenAPI description (`openapi_extra`) of a body read with read_body."""
    json_schema = _inline_definitions(schema.model_json_schema())
    return {
        "requestBody": {
            "content": {"application/json": {"schema": json_schema}},
            # A body whose fields are all optional may be left out: it changes nothing.
            "required": bool(json_schema.get("required")),
        }
    }
