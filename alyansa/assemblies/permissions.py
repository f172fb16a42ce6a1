"""The delegate session: a phone signed in with a credential, for one assembly.

Signing in puts the credential's id in the session and grants nothing else: no account, no
role beyond Role.DELEGATE for that credential's assembly. A revoked credential (or a withdrawn
delegate) ends the session at its next request.

For the voting app:
    delegate_from_request(request) -> Delegate | None
    @delegate_required   (sets request.delegate and request.credential; else a sign-in page;
                          the view annotates its request as DelegateRequest)
    delegate_auth        (the API's delegate session; routes annotate DelegateApiRequest)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.security import APIKeyCookie

from alyansa.assemblies.forms import CodeForm
from alyansa.assemblies.models import Credential, Delegate

SESSION_KEY = "alyansa_assembly_credential"
_CACHE = "_alyansa_delegate"


class DelegateRequest(HttpRequest):
    """A page request behind `delegate_required`: the delegate and the credential signed in."""

    delegate: Delegate
    credential: Credential


class DelegateApiRequest(HttpRequest):
    """An API request accepted by `delegate_auth`: `auth` is the delegate signed in."""

    auth: Delegate


def delegate_sign_in(request: HttpRequest, credential: Credential) -> None:
    """Start the delegate session (a fresh session key, against fixation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = credential.pk
    setattr(request, _CACHE, None)
    if hasattr(request, _CACHE):
        delattr(request, _CACHE)


def delegate_sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    if hasattr(request, _CACHE):
        delattr(request, _CACHE)


def credential_from_request(request: HttpRequest) -> Credential | None:
    """The usable credential of this session, read once per request."""
    if hasattr(request, _CACHE):
        return getattr(request, _CACHE)
    credential = None
    credential_id = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if credential_id is not None:
        credential = (
            Credential.objects.usable()
            .select_related("participant__assembly", "participant__organization")
            .filter(pk=credential_id)
            .first()
        )
        if credential is None:
            # Revoked or withdrawn: the session ends here.
            request.session.pop(SESSION_KEY, None)
    setattr(request, _CACHE, credential)
    return credential


def delegate_from_request(request: HttpRequest) -> Delegate | None:
    """The delegate signed in on this request with their credential, or None."""
    credential = credential_from_request(request)
    if credential is None:
        return None
    participant = credential.participant
    delegate = Delegate(
        **{f.attname: getattr(participant, f.attname) for f in Delegate._meta.concrete_fields}
    )
    delegate._state.adding = False
    delegate._state.db = participant._state.db
    # Keep the related objects already read, so that no further query is needed.
    delegate.assembly = participant.assembly
    delegate.organization = participant.organization
    return delegate


def delegate_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """View decorator: a delegate session is needed (an account is not enough). Without one,
    the visitor is refused (403) on the page where a badge code is typed."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        delegate = delegate_from_request(request)
        credential = credential_from_request(request)
        if delegate is None or credential is None:
            # Refused (403), with the form to type a badge code right there.
            return render(
                request,
                "assemblies/signin.html",
                {"form": CodeForm(), "next": request.path},
                status=403,
            )
        signed_in = cast(DelegateRequest, request)
        signed_in.delegate = delegate
        signed_in.credential = credential
        return view(signed_in, *args, **kwargs)

    return wrapped


class DelegateAuth(APIKeyCookie):
    """The delegate's credential session (the session cookie; unsafe methods need the CSRF
    token, as on any page)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Delegate | None:
        return delegate_from_request(request)


delegate_auth = DelegateAuth()
