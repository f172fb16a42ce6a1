"""The secretariat's desk: the participants, allocations, badges, written proxies and check-in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.assemblies import selectors, services
from alyansa.assemblies.badges import Badge, badges_pdf
from alyansa.assemblies.forms import AllocationForm, CodeForm, ProxyRecordForm
from alyansa.assemblies.models import Assembly, Attendance, Participant
from alyansa.assemblies.restrictions import restrictions_for
from alyansa.assemblies.services import AssemblyRuleError, normalize_code
from alyansa.assemblies.views.common import badge_words, fail


@require_GET
@role_required(Role.SECRETARIAT)
def participants(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    return render(
        request,
        "assemblies/participants.html",
        {
            "assembly": assembly,
            "participants": list(selectors.participants_all(assembly)),
            "proxies": list(selectors.proxies_of(assembly)),
            "allocations": list(
                assembly.allocations.select_related("organization").order_by("organization__name")
            ),
            "allocation_form": AllocationForm(),
        },
    )


@require_POST
@role_required(Role.SECRETARIAT)
def allocation(request: SignedInRequest, slug: str) -> HttpResponse:
    """An organization's own delegate quota and the weight of its vote."""
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    form = AllocationForm(request.POST)
    if form.is_valid():
        services.allocation_set(
            assembly=assembly,
            organization=form.cleaned_data["organization"],
            quota=form.cleaned_data["quota"],
            weight=form.cleaned_data["weight"],
            acting_user=request.user,
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose an organization and a weight."))
    return redirect("assemblies:participants", slug=assembly.slug)


@require_POST
@role_required(Role.SECRETARIAT)
def badges(request: SignedInRequest, slug: str) -> HttpResponse:
    """Issue a credential to every delegate who has none and return all their badges in one
    PDF to print. The secrets exist only in this response: keep the file safe, and reissue a
    badge (which revokes the old) if one is lost."""
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    printed = []
    for participant in selectors.delegates_without_credential(assembly):
        _credential, secret = services.credential_issue(
            participant=participant, acting_user=request.user
        )
        printed.append(
            Badge(
                assembly_title=assembly.title,
                name=participant.display_name,
                organization=participant.organization.name if participant.organization else "",
                country=participant.country.display_name if participant.country else "",
                secret=secret,
            )
        )
    if not printed:
        messages.info(request, _("Every delegate already has a credential."))
        return redirect("assemblies:participants", slug=assembly.slug)
    pdf = badges_pdf(
        printed,
        **badge_words(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="badges-{assembly.slug}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def proxies(request: SignedInRequest, slug: str) -> HttpResponse:
    """Every proxy of the assembly, and the desk's form to record a written proxy that a
    delegate hands in: the same rules as a proxy given from the phone (proxy_grant)."""
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    data = request.POST if request.method == "POST" else None
    form = ProxyRecordForm(selectors.delegates_for_proxies(assembly), data)
    if request.method == "POST" and form.is_valid():
        giver, holder = form.cleaned_data["giver"], form.cleaned_data["holder"]
        try:
            services.proxy_grant(giver=giver, holder=holder, acting_user=request.user)
        except AssemblyRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Recorded: %(holder)s holds the vote of %(giver)s.")
                % {"holder": holder.display_name, "giver": giver.display_name},
            )
            return redirect("assemblies:proxies", slug=assembly.slug)
    return render(
        request,
        "assemblies/proxies.html",
        {
            "assembly": assembly,
            "form": form,
            "proxies": selectors.proxies_all(assembly),
            "strength": selectors.assembly_strength(assembly),
        },
    )


@require_POST
@role_required(Role.SECRETARIAT)
def proxy_end(request: SignedInRequest, slug: str, proxy_id: int) -> HttpResponse:
    """The secretariat ends a proxy (the giver arrived, or asked for their vote back)."""
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    proxy = selectors.proxy_get(assembly, proxy_id)
    if proxy.revoked_at is None:
        services.proxy_revoke(proxy=proxy, acting_user=request.user)
        messages.success(
            request,
            _("%(giver)s has their vote back.") % {"giver": proxy.giver.display_name},
        )
    return redirect("assemblies:proxies", slug=assembly.slug)


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def check_in(request: SignedInRequest, slug: str) -> HttpResponse:
    """The registration desk: scan the badge's QR code or type its code."""
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credential = selectors.credential_find(normalize_code(form.cleaned_data["code"]))
        if credential is None or credential.participant.assembly_id != assembly.pk:
            messages.error(request, _("No valid badge has this code (it may have been revoked)."))
        elif request.POST.get("action") == "out":
            services.attendance_check_out(
                participant=credential.participant, acting_user=request.user
            )
            messages.success(
                request,
                _("%(name)s is checked out.") % {"name": credential.participant.display_name},
            )
            return redirect("assemblies:check_in", slug=assembly.slug)
        else:
            try:
                services.attendance_check_in(
                    participant=credential.participant,
                    method=Attendance.Method.DOOR,
                    acting_user=request.user,
                )
            except AssemblyRuleError as error:
                fail(request, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is checked in.") % {"name": credential.participant.display_name},
                )
                _warn_without_vote(request, assembly, credential.participant)
                return redirect("assemblies:check_in", slug=assembly.slug)
    return render(
        request,
        "assemblies/check_in.html",
        {
            "assembly": assembly,
            "form": form,
            "strength": selectors.assembly_strength(assembly),
            "restricted": selectors.restricted_organizations(assembly),
        },
    )


def _warn_without_vote(request: HttpRequest, assembly: Assembly, participant: Participant) -> None:
    """Say at the desk, as the badge is scanned, that this delegate's organization may not
    vote here, and why (the list below the form traces it to the records)."""
    if participant.organization_id is None or participant.kind != Participant.Kind.DELEGATE:
        return
    found = restrictions_for(assembly, [participant.organization_id])
    restriction = found.get(participant.organization_id)
    if restriction is not None:
        messages.warning(
            request,
            _("%(organization)s may not vote at this assembly: %(reason)s")
            % {"organization": participant.organization, "reason": restriction.reason},
        )
