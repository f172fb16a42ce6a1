"""Typed requests: what a view or API route may rely on once its guard has run.

Django's `HttpRequest.user` may be anonymous and ninja's `request.auth` is untyped; a view behind
`login_required`/`role_required`, or a route behind `api_auth`, annotates its request with one of
these classes instead of reading attributes past mypy. They add no behaviour: the guard sets the
attributes, these classes only say so.
"""

from __future__ import annotations

from django.http import HttpRequest

from alyansa.accounts.models import PersonalAccessToken, User


class SignedInRequest(HttpRequest):
    """A page request behind `login_required` or `role_required`: the account is signed in."""

    user: User


class ApiRequest(HttpRequest):
    """An API request accepted by `api_auth` (a token or the browser session)."""

    auth: User
    user: User
    access_token: PersonalAccessToken
