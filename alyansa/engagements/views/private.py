"""Private calendar addresses: a person's own (when their account is linked to a registry
person) and, for the secretariat, anyone's. The secret is shown once, when it is made."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alyansa.engagements import selectors, services
from alyansa.members.models import Person


def _address(request: HttpRequest, secret: str) -> str:
    return request.build_absolute_uri(reverse("engagements:private_feed", args=[secret]))


def _page(request: HttpRequest, person: Person, *, own: bool) -> HttpResponse:
    return render(
        request,
        "engagements/private_calendar.html",
        {
            "person": person,
            "own": own,
            "tokens": selectors.calendar_tokens_of(person),
            # Shown once, right after it was made (kept in the session only until then).
            "address": request.session.pop("engagements_new_feed", ""),
        },
    )


def _issue(request: HttpRequest, person: Person) -> None:
    user: Any = request.user
    _token, secret = services.calendar_token_issue(person=person, acting_user=user)
    request.session["engagements_new_feed"] = _address(request, secret)
    messages.success(request, _("A new private address is made; the one before stops working."))


def _revoke(request: HttpRequest, person: Person) -> None:
    user: Any = request.user
    for token in selectors.calendar_tokens_of(person):
        services.calendar_token_revoke(token=token, acting_user=user)
    messages.success(request, _("The private address no longer works."))


@login_required
@require_http_methods(["GET", "POST"])
def own_calendar(request: HttpRequest) -> HttpResponse:
    """The signed-in person's private feed of the engagements they are part of."""
    person = selectors.person_of(request.user)
    if person is None:
        raise Http404
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            _revoke(request, person)
        else:
            _issue(request, person)
        return redirect("engagements:own_calendar")
    return _page(request, person, own=True)


def _person_for_secretariat(request: HttpRequest, person_id: int) -> Person:
    selectors.require_manager(request.user)
    person = Person.objects.filter(pk=person_id, erased_at__isnull=True).first()
    if person is None:
        raise Http404
    return person


@require_http_methods(["GET"])
def person_calendar(request: HttpRequest, person_id: int) -> HttpResponse:
    return _page(request, _person_for_secretariat(request, person_id), own=False)


@require_POST
def person_calendar_issue(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for_secretariat(request, person_id)
    _issue(request, person)
    return redirect("engagements:person_calendar", person_id=person.pk)


@require_POST
def person_calendar_revoke(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for_secretariat(request, person_id)
    _revoke(request, person)
    return redirect("engagements:person_calendar", person_id=person.pk)
