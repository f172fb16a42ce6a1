"""Endorsements: the public sign-on form and its confirmation, a coordinator's endorsement,
and the secretariat's moderation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.core.bounds import param_id
from alyansa.core.ratelimit import rate_limited
from alyansa.core.request_context import client_ip
from alyansa.members import public
from alyansa.members.selectors import organizations_coordinated_by
from alyansa.statements import selectors, services
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.forms import EndorsementForm
from alyansa.statements.views.common import show_beside


@require_http_methods(["GET", "POST"])
def endorse(request: HttpRequest, slug: str) -> HttpResponse:
    statement = selectors.statement_get_for(request.user, slug)
    form = EndorsementForm(request.POST or None)
    if request.method == "POST":
        ip = client_ip(request) or "unknown"
        if form.is_bot():
            # Say the same as for a real submission: the bot learns nothing.
            return render(request, "statements/endorse_sent.html", {"statement": statement})
        if rate_limited("endorse", ip, limit=10, seconds=600):
            return render(
                request,
                "statements/endorse.html",
                {
                    "statement": statement,
                    "form": form,
                    "error": _(
                        "Too many endorsements from your network. Try again in a few minutes."
                    ),
                },
                status=429,
            )
        if form.is_valid():
            if rate_limited(
                "endorse-mail", form.cleaned_data["email"].lower(), limit=3, seconds=3600
            ):
                return render(
                    request,
                    "statements/endorse.html",
                    {
                        "statement": statement,
                        "form": form,
                        "error": _("Too many requests for this address. Try again later."),
                    },
                    status=429,
                )
            try:
                services.endorsement_submit(
                    statement=statement,
                    organization_name=form.cleaned_data["organization_name"],
                    email=form.cleaned_data["email"],
                    country=form.cleaned_data["country"],
                    kind=form.cleaned_data["kind"],
                    language=get_language() or "en",
                )
            except StatementRuleError as refusal:
                show_beside(form, refusal)
            else:
                return render(request, "statements/endorse_sent.html", {"statement": statement})
    if not statement.open_for_endorsement:
        raise Http404
    return render(
        request,
        "statements/endorse.html",
        {
            "statement": statement,
            "form": form,
            "coordinated": organizations_coordinated_by(request.user),
        },
    )


@require_POST
@login_required
def endorse_member(request: SignedInRequest, slug: str) -> HttpResponse:
    """A signed-in coordinator endorses in the organization's name (the only way an at-risk
    member endorses: it is then counted, never named)."""
    statement = selectors.statement_get_for(request.user, slug)
    organization = (
        organizations_coordinated_by(request.user)
        .filter(pk=param_id(request.POST, "organization") or 0)
        .first()
    )
    if organization is None:
        raise Http404
    try:
        services.endorsement_by_coordinator(
            statement=statement, organization=organization, acting_user=request.user
        )
    except StatementRuleError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your organization's endorsement is recorded."))
    return redirect(reverse("statements:endorse", args=[statement.slug]))


@require_http_methods(["GET", "POST"])
def endorse_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms (mail scanners follow links, people press)."""
    if request.method == "POST":
        endorsement = services.endorsement_confirm(token=token)
        if endorsement is None:
            raise Http404
        return render(request, "statements/endorse_confirmed.html", {"endorsement": endorsement})
    return render(request, "statements/endorse_confirm.html", {"token": token})


@require_GET
@role_required(Role.SECRETARIAT)
def moderation(request: SignedInRequest) -> HttpResponse:
    queue = selectors.endorsements_awaiting_moderation(request.user)
    page = Paginator(queue, 100).get_page(request.GET.get("page"))
    words = public.unnameable_words()
    for endorsement in page:
        endorsement.unnameable = services.endorsement_names_unnameable(endorsement, words)
    return render(
        request,
        "statements/moderation.html",
        {"page": page, "unnameable_note": services.UNNAMEABLE_ENDORSEMENT},
    )


@require_POST
@role_required(Role.SECRETARIAT)
def moderate(request: SignedInRequest, endorsement_id: int) -> HttpResponse:
    endorsement = selectors.endorsement_get_for_moderation(request.user, endorsement_id)
    try:
        services.endorsement_moderate(
            endorsement=endorsement,
            acting_user=request.user,
            approve=request.POST.get("decision") == "approve",
        )
    except StatementRuleError as refusal:
        messages.error(request, str(refusal))
    return redirect(reverse("statements:moderation"))
