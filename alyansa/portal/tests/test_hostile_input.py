"""No input from outside is a server error: numbers past any column, dates past the calendar,
bodies that cannot be read, nest too deeply or are too large. First the cases a fuzzer found,
then the tests that close the whole class (every id, number and date the site reads is
bounded where it is read: alyansa/core/bounds.py). .ci/api-fuzz runs schemathesis over the
API's own document."""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from alyansa.accounts.testing import make_token
from alyansa.api import api
from alyansa.assemblies.testing import make_assembly, make_delegate
from alyansa.core.bounds import CountField, DayField, MomentField

pytestmark = pytest.mark.django_db

PAST_64_BITS = 2**70


def bearer(user: Any) -> Client:
    return Client(headers={"authorization": f"Bearer {make_token(user)}"})


def error_of(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


# ---- What the fuzzer found ------------------------------------------------------------------


def test_a_year_past_any_calendar_is_refused_as_invalid() -> None:
    response = Client().get("/api/v1/statements/", {"year": "-9447399638079180374016"})
    assert error_of(response) == (422, "invalid")
    assert "year" in response.json()["error"]["message"]


def test_an_offset_past_any_list_is_refused_as_invalid() -> None:
    response = Client().get(
        "/api/v1/members/organizations", {"offset": "1978344341139842764640354304"}
    )
    assert error_of(response) == (422, "invalid")


def test_a_multipart_body_without_its_boundary_is_a_bad_request(secretariat) -> None:  # type: ignore[no-untyped-def]
    for client, url in [
        (Client(), "/api/v1/members/applications"),
        (bearer(secretariat), "/api/v1/statements/"),
    ]:
        response = client.post(url, b"name=x", content_type="multipart/form-data")
        assert error_of(response) == (400, "bad_request")
    page = Client().post("/members/apply/", b"name=x", content_type="multipart/form-data")
    assert page.status_code == 400


def test_an_id_past_64_bits_in_a_body_or_an_address_is_invalid_or_not_found(secretariat) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly("Hostile Assembly")
    delegate = make_delegate("Dina Delegate", assembly=assembly, present=True)
    client = bearer(secretariat)
    proxies = f"/api/v1/assemblies/{assembly.slug}/proxies"
    body = json.dumps({"giver": PAST_64_BITS, "holder": delegate.pk})
    assert error_of(client.post(proxies, body, content_type="application/json")) == (
        422,
        "invalid",
    )
    assert error_of(client.post(f"{proxies}/{PAST_64_BITS}/end")) == (422, "invalid")
    page = Client().get(f"/voting/polls/{PAST_64_BITS}/")
    assert page.status_code == 404


def test_the_growth_chart_at_both_ends_of_the_calendar_draws_the_default_years(secretariat) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(secretariat)
    response = client.get("/members/growth.svg", {"start": "9999-12-31", "end": "0001-01-01"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")


def test_deeply_nested_json_is_refused_and_not_a_server_error(secretariat) -> None:  # type: ignore[no-untyped-def]
    deep = "[" * 100_000 + "]" * 100_000
    response = bearer(secretariat).post(
        "/api/v1/statements/", deep, content_type="application/json"
    )
    assert error_of(response) == (422, "invalid")


def test_a_body_over_the_size_limit_is_413_on_the_api_and_on_the_pages(secretariat) -> None:  # type: ignore[no-untyped-def]
    large = "a" * 3_000_000
    response = bearer(secretariat).post(
        "/api/v1/statements/", large, content_type="application/json"
    )
    assert error_of(response) == (413, "too_large")
    page = Client().post("/members/apply/", {"name": large})
    assert page.status_code == 413


def test_a_browser_session_without_its_csrf_token_gets_the_apis_forbidden(secretariat) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    response = client.post("/api/v1/statements/", "{}", content_type="application/json")
    assert error_of(response) == (403, "forbidden")
    assert "CSRF" in response.json()["error"]["message"]


def test_the_fast_casting_endpoint_refuses_deeply_nested_json_with_400() -> None:
    from alyansa.voting.fastcast import CastRouter

    async def never_called(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the fast endpoint handed the request on")

    sent: list[dict[str, Any]] = []
    body = b"[" * 1900 + b"]" * 1900

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/voting/cast/1/",
        "headers": [(b"host", b"127.0.0.1"), (b"authorization", b"Credential ABCD-EFGH-JKLM")],
    }
    asyncio.run(CastRouter(never_called)(scope, receive, send))
    assert sent[0]["status"] == 400


# ---- The whole class ------------------------------------------------------------------------


def _schemas_in(node: Any) -> list[dict[str, Any]]:
    """Every schema object inside a piece of an OpenAPI document."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if "type" in node:
            found.append(node)
        for value in node.values():
            found.extend(_schemas_in(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_schemas_in(value))
    return found


def test_every_number_and_date_the_api_reads_is_bounded_in_its_document() -> None:
    document = api.get_openapi_schema()
    read = [
        (f"{method.upper()} {path}", part)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for part in [operation.get("parameters", []), operation.get("requestBody", {})]
    ]
    unbounded = [
        (where, schema)
        for where, part in read
        for schema in _schemas_in(part)
        if (schema["type"] == "integer" and not {"minimum", "maximum"} <= schema.keys())
        or (schema.get("format") in {"date", "date-time"} and "pattern" not in schema)
    ]
    assert unbounded == []


def test_every_error_a_route_can_give_is_in_the_document() -> None:
    document = api.get_openapi_schema()
    statements = document["paths"]["/api/v1/statements/"]
    assert set(statements["post"]["responses"]) >= {201, 400, 401, 403, 413, 422}
    assert set(statements["get"]["responses"]) >= {200, 422}
    assert 404 in document["paths"]["/api/v1/voting/polls/{poll_id}"]["get"]["responses"]
    assert 429 in document["paths"]["/api/v1/members/applications"]["post"]["responses"]


def test_no_two_api_schemas_share_a_name() -> None:
    from ninja import Schema

    def subclasses(cls: type) -> list[type]:
        return [cls, *(sub for child in cls.__subclasses__() for sub in subclasses(child))]

    ours = [cls for cls in subclasses(Schema) if cls.__module__.startswith("alyansa.")]
    names = [cls.__name__ for cls in ours]
    assert sorted(name for name in set(names) if names.count(name) > 1) == []


def test_every_reference_in_the_document_resolves_in_it() -> None:
    """A generated client follows each `$ref` from the document's root: an enum in a body read
    with read_body once pointed at `#/$defs/...`, which only its own schema had."""
    document = api.get_openapi_schema()

    def references(node: Any) -> list[str]:
        if isinstance(node, dict):
            found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
            return found + [ref for value in node.values() for ref in references(value)]
        if isinstance(node, list):
            return [ref for value in node for ref in references(value)]
        return []

    def resolves(reference: str) -> bool:
        node: Any = document
        for part in reference.removeprefix("#/").split("/"):
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return True

    found = references(document)
    assert any("TargetState" in json.dumps(document["paths"][path]) for path in document["paths"])
    assert found, "the document has no reference at all: the walk is wrong"
    assert sorted({ref for ref in found if not resolves(ref)}) == []


def _patterns(resolver: URLResolver) -> list[Any]:
    found: list[Any] = []
    for entry in resolver.url_patterns:
        found.append(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(_patterns(entry))
        else:
            assert isinstance(entry, URLPattern)
    return found


def test_every_id_in_a_page_address_is_bounded() -> None:
    unbounded = [
        str(pattern)
        for pattern in _patterns(get_resolver())
        if any(
            type(converter) is IntConverter
            for converter in getattr(pattern, "converters", {}).values()
        )
    ]
    assert unbounded == []


FORM_MODULES = [
    f"alyansa.{app}.forms"
    for app in (
        "accounts",
        "members",
        "governance",
        "statements",
        "assemblies",
        "voting",
        "portal",
        "engagements",
    )
]


def test_every_number_and_date_field_of_a_form_is_bounded() -> None:
    unbounded = []
    for module_name in FORM_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        for form in vars(module).values():
            if not (inspect.isclass(form) and issubclass(form, forms.BaseForm)):
                continue
            for name, field in form.base_fields.items():  # type: ignore[attr-defined]
                if (
                    (isinstance(field, forms.IntegerField) and field.max_value is None)
                    or (type(field) is forms.DateField)
                    or (type(field) is forms.DateTimeField)
                ):
                    unbounded.append(f"{form.__name__}.{name}")
    assert unbounded == []


def test_a_date_or_number_outside_the_bounds_is_a_form_error() -> None:
    with pytest.raises(forms.ValidationError, match="from 1900 on"):
        DayField().clean("0001-01-01")
    with pytest.raises(forms.ValidationError, match="before 2200"):
        MomentField().clean("9999-12-31 23:00")
    with pytest.raises(forms.ValidationError, match="less than or equal"):
        CountField().clean(str(PAST_64_BITS))


def test_a_json_body_keeps_its_types_a_zero_is_not_false(secretariat) -> None:  # type: ignore[no-untyped-def]
    from alyansa.members.testing import make_organization

    organization = make_organization("Typed Union")
    response = bearer(secretariat).post(
        f"/api/v1/members/organizations/{organization.slug}/profile",
        json.dumps({"at_risk": 0}),
        content_type="application/json",
    )
    assert error_of(response) == (422, "invalid")
    assert response.json()["error"]["details"][0]["field"] == "at_risk"
