"""Who may do what. Views and selectors ask here; roles themselves live in roles.py."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from alyansa.accounts.roles import STAFF_ROLES, Role, scope_key

_CACHE_ATTR = "_alyansa_role_keys"
_CARRIED_ATTR = "_alyansa_token_roles"


def role_keys(user: Any) -> frozenset[tuple[str, str]]:
    """Every (role, scope) the user holds, read once per request and kept on the user object.
    Signed in by an access token, only those the token carries as well (`act_through_token`)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(user.role_grants.values_list("role", "scope"))
        carried = getattr(user, _CARRIED_ATTR, None)
        if carried is not None:
            cached &= carried
        setattr(user, _CACHE_ATTR, cached)
    return cached


def act_through_token(user: Any, carried: frozenset[tuple[str, str]]) -> None:
    """For the rest of this request `user` acts through an access token: with the roles it
    still holds among those the token carries, never one granted after the token was made."""
    setattr(user, _CARRIED_ATTR, carried)
    forget_role_cache(user)


def forget_role_cache(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: Any, role: Role, scope: models.Model | None = None) -> bool:
    return (role.value, scope_key(scope)) in role_keys(user)


def has_any_role(user: Any, roles: Iterable[Role]) -> bool:
    """Holds any of these roles, for the whole alliance or for any object."""
    wanted = {role.value for role in roles}
    return any(role in wanted for role, _scope in role_keys(user))


def scopes_of(user: Any, role: Role) -> list[str]:
    """The scope keys ('members.organization:12', ...) for which the user holds `role`."""
    return [scope for held, scope in role_keys(user) if held == role.value and scope]


def is_secretariat(user: Any) -> bool:
    return has_role(user, Role.SECRETARIAT)


def needs_two_factor(user: Any) -> bool:
    return has_any_role(user, STAFF_ROLES)


def has_two_factor(user: Any) -> bool:
    """Two-factor sign-in (an authenticator app) is set up for the account."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def require_role(user: Any, *roles: Role, scope: models.Model | None = None) -> None:
    if not any(has_role(user, role, scope) for role in roles):
        raise PermissionDenied


def role_required(
    *roles: Role,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """View decorator: anonymous visitors are sent to sign in; users without the role get 403.
    The view may answer with any response, a streamed one too."""

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_any_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
