"""API authentication (personal access tokens or the browser session) and the /me endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import APIKeyCookie, HttpBearer

from alyansa.accounts.models import PersonalAccessToken, TokenAccess
from alyansa.accounts.permissions import (
    act_through_token,
    has_two_factor,
    needs_two_factor,
    role_keys,
)
from alyansa.accounts.requests import ApiRequest
from alyansa.accounts.selectors import tokens_for
from alyansa.accounts.services import token_authenticate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenRefused(PermissionDenied):
    """A valid token that may not do this: answered 403 with its own code (alyansa/api.py)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class TokenAuth(HttpBearer):
    """`Authorization: Bearer aly_...` with a personal access token. The token acts with the
    roles it carries that the account still holds; a staff role among them acts only while the
    account has two-factor sign-in, as in the browser; a read-only token only reads."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        access_token = token_authenticate(token)
        if access_token is None:
            return None
        user = access_token.user
        act_through_token(user, access_token.role_keys())
        if needs_two_factor(user) and not has_two_factor(user):
            raise TokenRefused(
                "two_factor_required", _("Set up two-factor sign-in before using the API.")
            )
        if request.method not in SAFE_METHODS and access_token.access != TokenAccess.READ_WRITE:
            raise TokenRefused("read_only_token", _("This token may only read."))
        request.user = user
        request.access_token = access_token  # type: ignore[attr-defined]
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


def _anonymous(request: HttpRequest) -> Any:
    """Lets a request without credentials through, as the anonymous public."""
    return True


optional_auth = [*api_auth, _anonymous]
# The document says so: a route with optional_auth also answers without credentials.
OPTIONAL_AUTH_DOC: dict[str, Any] = {"security": [{}]}

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    scope: str


class MeOut(Schema):
    email: str
    display_name: str
    roles: list[RoleOut]


@router.get("/me", response=MeOut, auth=api_auth, summary="The signed-in account and its roles")
def me(request: ApiRequest) -> dict[str, Any]:
    user = request.auth
    return {
        "email": user.email,
        "display_name": user.display_name,
        "roles": [{"role": role, "scope": scope} for role, scope in sorted(role_keys(user))],
    }


class TokenOut(Schema):
    name: str
    hint: str
    access: TokenAccess
    roles: list[RoleOut]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked: bool
    current: bool


@router.get(
    "/tokens",
    response=list[TokenOut],
    auth=api_auth,
    url_name="accounts_tokens",
    summary="The account's access tokens: what each may do and when it expires",
)
def tokens(request: ApiRequest) -> list[dict[str, Any]]:
    current: PersonalAccessToken | None = getattr(request, "access_token", None)
    return [
        {
            "name": token.name,
            "hint": token.hint,
            "access": token.access,
            "roles": [{"role": role, "scope": scope} for role, scope in token.roles],
            "created_at": token.created_at,
            "expires_at": token.expires_at,
            "last_used_at": token.last_used_at,
            "revoked": token.revoked_at is not None,
            "current": current is not None and token.pk == current.pk,
        }
        for token in tokens_for(request.auth)
    ]
