"""Staff roles must sign in with two factors (allauth has no per-role switch, so we enforce it),
and what is answered to someone signed in is never kept by a cache."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import quote
from django.utils.translation import gettext as _

from alyansa.accounts.permissions import has_two_factor, needs_two_factor
from alyansa.core.api_errors import api_error

# Pages a staff member without two-factor may still open: setting it up, signing out, assets.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")
_SESSION_FLAG = "alyansa_two_factor_ok"


class RequireStaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.session.get(_SESSION_FLAG)
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and needs_two_factor(user)
        ):
            if not has_two_factor(user):
                if request.path.startswith("/api/"):
                    return api_error(
                        403,
                        "two_factor_required",
                        _("Set up two-factor sign-in before using the API."),
                    )
                return redirect(reverse("mfa_activate_totp") + "?next=" + quote(request.path))
            request.session[_SESSION_FLAG] = True
        return self.get_response(request)


class PrivateAnswersNotCachedMiddleware:
    """Pages and API answers for a signed-in account, an access token or a delegate's session
    may hold contacts, people or a token just made (an organization's manage page, the tokens
    page, a person's record): `Cache-Control: no-store, private`, so that neither the browser's
    cache nor a proxy keeps them. An answer its view marked public (uploaded pictures) is left
    as it is; answers to anonymous visitors stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # request.user is the token's account by now: the API's authentication set it.
        private = request.user.is_authenticated or not request.session.is_empty()
        if private and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, no_store=True, private=True)
        return response
