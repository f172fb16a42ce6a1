"""API authentication (personal access tokens or the browser session) and the /me endpoints."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import APIKeyCookie, HttpBearer

from alyansa.accounts.permissions import role_keys
from alyansa.accounts.services import token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer aly_...` with a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; unsafe methods need the CSRF token, as on any page."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


api_auth = [TokenAuth(), SessionAuth()]

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    scope: str


class MeOut(Schema):
    email: str
    display_name: str
    roles: list[RoleOut]


@router.get("/me", response=MeOut, auth=api_auth, summary="The signed-in account and its roles")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    return {
        "email": user.email,
        "display_name": user.display_name,
        "roles": [{"role": role, "scope": scope} for role, scope in sorted(role_keys(user))],
    }
