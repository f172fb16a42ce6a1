"""Registration (a coordinator for their own organization, or the secretariat), credentials
and badges."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.assemblies import selectors, services
from alyansa.assemblies.badges import Badge, badges_pdf, sign_in_url
from alyansa.assemblies.forms import ParticipantForm
from alyansa.assemblies.models import Participant
from alyansa.assemblies.services import AssemblyRuleError, format_code, normalize_code
from alyansa.assemblies.views.common import badge_words, confirm, confirmed, fail


@require_GET
@role_required(Role.SECRETARIAT, Role.COORDINATOR)
def register(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_public_get(slug, request.user)
    return render(
        request,
        "assemblies/register.html",
        {
            "assembly": assembly,
            "organizations": list(selectors.organizations_registrable_by(request.user)[:500]),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT, Role.COORDINATOR)
def register_organization(request: SignedInRequest, slug: str, org: str) -> HttpResponse:
    assembly = selectors.assembly_public_get(slug, request.user)
    organization = selectors.organization_for_registrar(request.user, org)
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_register(
                assembly=assembly,
                organization=organization,
                acting_user=request.user,
                **form.cleaned_data,
            )
        except AssemblyRuleError as error:
            fail(request, error)
        else:
            messages.success(request, _("Registered."))
            return redirect(
                "assemblies:register_organization", slug=assembly.slug, org=organization.slug
            )
    people = selectors.participants_of(assembly, organization)
    return render(
        request,
        "assemblies/register_organization.html",
        {
            "assembly": assembly,
            "organization": organization,
            "participants": people,
            "quota": selectors.quota_of(assembly, organization),
            "delegates": sum(1 for one in people if one.kind == Participant.Kind.DELEGATE),
            "form": form,
        },
    )


@require_POST
@role_required(Role.SECRETARIAT, Role.COORDINATOR)
def credential_issue(request: SignedInRequest, participant_id: int) -> HttpResponse:
    """Issue (or reissue, revoking the old, once confirmed) a delegate's credential and show
    it once."""
    participant = selectors.participant_for_registrar(request.user, participant_id)
    if participant.credentials.usable().exists() and not confirmed(request):
        return confirm(
            request,
            title=_("Reissue the credential of %(name)s?") % {"name": participant.display_name},
            text=_(
                "The badge they have stops working at once: they sign in again with the new "
                "one. Reissue only for a lost or stolen badge."
            ),
            button=_("Yes, reissue"),
            back=_registration_url(participant),
        )
    try:
        credential, secret = services.credential_issue(
            participant=participant, acting_user=request.user
        )
    except AssemblyRuleError as error:
        fail(request, error)
        return redirect(
            "assemblies:register_organization",
            slug=participant.assembly.slug,
            org=participant.organization.slug if participant.organization else "",
        )
    response = render(
        request,
        "assemblies/credential.html",
        {
            "participant": participant,
            "credential": credential,
            "secret": secret,
            "code": format_code(secret),
            "link": sign_in_url(secret),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(Role.SECRETARIAT, Role.COORDINATOR)
def credential_revoke(request: SignedInRequest, participant_id: int) -> HttpResponse:
    participant = selectors.participant_for_registrar(request.user, participant_id)
    if not confirmed(request):
        return confirm(
            request,
            title=_("Revoke the credential of %(name)s?") % {"name": participant.display_name},
            text=_(
                "Their badge stops working at once: they can no longer sign in, vote or ask "
                "for the floor until a new credential is issued."
            ),
            button=_("Yes, revoke"),
            back=_registration_url(participant),
            fields=[("reason", request.POST.get("reason", ""))],
        )
    for credential in participant.credentials.usable():
        services.credential_revoke(
            credential=credential, reason=request.POST.get("reason", ""), acting_user=request.user
        )
    messages.success(request, _("The credential no longer works."))
    return _back_to_registration(participant)


@require_POST
@role_required(Role.SECRETARIAT, Role.COORDINATOR)
def participant_withdraw(request: SignedInRequest, participant_id: int) -> HttpResponse:
    participant = selectors.participant_for_registrar(request.user, participant_id)
    if not confirmed(request):
        return confirm(
            request,
            title=_("Take %(name)s off the list?") % {"name": participant.display_name},
            text=_(
                "They are no longer registered for this assembly and their badge stops "
                "working. Register them again if this was a mistake."
            ),
            button=_("Yes, take them off"),
            back=_registration_url(participant),
        )
    services.participant_withdraw(participant=participant, acting_user=request.user)
    messages.success(request, _("Taken off the list."))
    return _back_to_registration(participant)


def _registration_url(participant: Participant) -> str:
    if participant.organization is None:
        return reverse("assemblies:participants", kwargs={"slug": participant.assembly.slug})
    return reverse(
        "assemblies:register_organization",
        kwargs={"slug": participant.assembly.slug, "org": participant.organization.slug},
    )


def _back_to_registration(participant: Participant) -> HttpResponse:
    return redirect(_registration_url(participant))


@require_POST
@role_required(Role.SECRETARIAT, Role.COORDINATOR)
def badge(request: SignedInRequest, participant_id: int) -> HttpResponse:
    """The printable badge, made from the secret just shown (it is never stored)."""
    participant = selectors.participant_for_registrar(request.user, participant_id)
    secret = normalize_code(request.POST.get("secret", ""))
    credential = selectors.credential_find(secret)
    if credential is None or credential.participant_id != participant.pk:
        return HttpResponse(_("This badge code is not valid any more."), status=404)
    pdf = badges_pdf(
        [
            Badge(
                assembly_title=participant.assembly.title,
                name=participant.display_name,
                organization=participant.organization.name if participant.organization else "",
                country=participant.country.display_name if participant.country else "",
                secret=secret,
            )
        ],
        **badge_words(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="badge.pdf"'
    response["Cache-Control"] = "no-store"
    return response
