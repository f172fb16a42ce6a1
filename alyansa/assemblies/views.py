"""Pages of assemblies: public pages, set-up, registration, credentials, check-in, the chair's
console and the delegate's phone. Views read through selectors and write through services."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import has_any_role, is_secretariat, role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.assemblies import selectors, services
from alyansa.assemblies.badges import Badge, badges_pdf, sign_in_url
from alyansa.assemblies.forms import (
    AllocationForm,
    AmendmentDecisionForm,
    AmendmentForm,
    AssemblyForm,
    CodeForm,
    DecisionForm,
    ItemEditForm,
    ItemForm,
    MoveForm,
    ParticipantForm,
    ProxyForm,
    ProxyRecordForm,
    StatusForm,
    TranslationForm,
)
from alyansa.assemblies.models import Amendment, Assembly, Attendance, Participant, Proxy
from alyansa.assemblies.permissions import (
    DelegateRequest,
    delegate_required,
    delegate_sign_in,
    delegate_sign_out,
)
from alyansa.assemblies.phone import PHONE_REFRESH, votes_waiting
from alyansa.assemblies.restrictions import restrictions_for
from alyansa.assemblies.services import AssemblyRuleError, format_code, normalize_code
from alyansa.core.ratelimit import rate_limited

CHAIR = (Role.SECRETARIAT, Role.OFFICER)


def _fail(request: HttpRequest, error: Exception) -> None:
    messages.error(request, str(error))


# ---------------------------------------------------------------------------------------------
# Public


@require_GET
def assembly_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "assemblies/list.html", {"assemblies": list(selectors.assemblies_public())}
    )


@require_GET
def assembly_detail(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_public_get(slug, request.user)
    return render(
        request,
        "assemblies/detail.html",
        {
            "assembly": assembly,
            "items": selectors.agenda(assembly),
            "is_chair": selectors.is_chair(request.user),
            "may_register": has_any_role(request.user, (Role.SECRETARIAT, Role.COORDINATOR)),
        },
    )


# ---------------------------------------------------------------------------------------------
# Set-up (secretariat)


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def assembly_create(request: SignedInRequest) -> HttpResponse:
    form = AssemblyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assembly = services.assembly_create(**form.setup(), acting_user=request.user)
        except (AssemblyRuleError, ValueError) as error:
            _fail(request, error)
        else:
            messages.success(request, _("The assembly is prepared. Announce it when ready."))
            return redirect("assemblies:console", slug=assembly.slug)
    return render(request, "assemblies/edit.html", {"form": form, "assembly": None})


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def assembly_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    form = AssemblyForm.for_assembly(assembly, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assembly_update(
                assembly=assembly, changes=form.setup(), acting_user=request.user
            )
        except (AssemblyRuleError, ValueError) as error:
            _fail(request, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("assemblies:console", slug=assembly.slug)
    return render(request, "assemblies/edit.html", {"form": form, "assembly": assembly})


@require_POST
@role_required(Role.SECRETARIAT)
def assembly_status(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.assembly_set_status(
                assembly=assembly, status=form.cleaned_data["status"], acting_user=request.user
            )
        except AssemblyRuleError as error:
            _fail(request, error)
    return redirect("assemblies:console", slug=assembly.slug)


# ---------------------------------------------------------------------------------------------
# The chair's console (officers and the secretariat)


@require_GET
@role_required(*CHAIR)
def console(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_for_chair(request.user, slug)
    current = assembly.current_item
    return render(
        request,
        "assemblies/console.html",
        {
            "assembly": assembly,
            "items": selectors.agenda(assembly),
            "strength": selectors.assembly_strength(assembly),
            "current": current,
            "speakers": selectors.speakers_state(current) if current else None,
            "statuses": Assembly.Status.choices,
            "item_form": ItemForm(),
            "decision_form": DecisionForm(),
            "amendment_form": AmendmentForm(),
            "amendment_decision_form": AmendmentDecisionForm(),
            "is_secretariat": is_secretariat(request.user),
        },
    )


@require_POST
@role_required(Role.SECRETARIAT)
def item_add(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            services.item_create(assembly=assembly, acting_user=request.user, **form.cleaned_data)
        except AssemblyRuleError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The item was added to the agenda."))
    else:
        messages.error(request, _("Give the item's kind and title."))
    return redirect("assemblies:console", slug=assembly.slug)


@require_POST
@role_required(*CHAIR)
def item_open(request: SignedInRequest, slug: str, item_id: int) -> HttpResponse:
    assembly = selectors.assembly_for_chair(request.user, slug)
    try:
        services.item_open(item=selectors.item_get(assembly, item_id), acting_user=request.user)
    except AssemblyRuleError as error:
        _fail(request, error)
    return redirect("assemblies:console", slug=assembly.slug)


@require_POST
@role_required(Role.SECRETARIAT)
def item_move(request: SignedInRequest, slug: str, item_id: int) -> HttpResponse:
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.item_move(
            item=selectors.item_get(assembly, item_id),
            position=form.cleaned_data["position"],
            acting_user=request.user,
        )
    return redirect("assemblies:console", slug=assembly.slug)


@require_POST
@role_required(*CHAIR)
def item_decide(request: SignedInRequest, slug: str, item_id: int) -> HttpResponse:
    assembly = selectors.assembly_for_chair(request.user, slug)
    item = selectors.item_get(assembly, item_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.item_decide(
                item=item,
                outcome=form.cleaned_data["outcome"],
                additions=form.cleaned_data["additions"],
                acting_user=request.user,
            )
        except ValueError as error:  # the registry's and governance's rule errors too
            _fail(request, error)
        else:
            messages.success(request, _("The decision was recorded."))
    return redirect("assemblies:console", slug=assembly.slug)


@require_http_methods(["GET", "POST"])
@role_required(*CHAIR)
def item_edit(request: SignedInRequest, slug: str, item_id: int) -> HttpResponse:
    assembly = selectors.assembly_for_chair(request.user, slug)
    item = selectors.item_get(assembly, item_id)
    form = ItemEditForm(
        request.POST or None, initial={"title": item.title, "text": item.text, "notes": item.notes}
    )
    if request.method == "POST" and form.is_valid():
        services.item_update(item=item, changes=form.cleaned_data, acting_user=request.user)
        messages.success(request, _("Saved."))
        return redirect("assemblies:console", slug=assembly.slug)
    return render(
        request,
        "assemblies/item_edit.html",
        {
            "assembly": assembly,
            "item": item,
            "form": form,
            "translation_form": TranslationForm(),
            "translations": sorted(item.translations.items()),
        },
    )


@require_POST
@role_required(*CHAIR)
def item_translate(request: SignedInRequest, slug: str, item_id: int) -> HttpResponse:
    assembly = selectors.assembly_for_chair(request.user, slug)
    item = selectors.item_get(assembly, item_id)
    form = TranslationForm(request.POST)
    if form.is_valid():
        try:
            services.item_translate(item=item, acting_user=request.user, **form.cleaned_data)
        except AssemblyRuleError as error:
            _fail(request, error)
        else:
            messages.success(request, _("The translation was saved."))
    return redirect("assemblies:item_edit", slug=assembly.slug, item_id=item.pk)


@require_POST
@role_required(*CHAIR)
def amendment_add(request: SignedInRequest, slug: str, item_id: int) -> HttpResponse:
    assembly = selectors.assembly_for_chair(request.user, slug)
    item = selectors.item_get(assembly, item_id)
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            services.amendment_add(item=item, acting_user=request.user, **form.cleaned_data)
        except AssemblyRuleError as error:
            _fail(request, error)
    return redirect("assemblies:console", slug=assembly.slug)


@require_POST
@role_required(*CHAIR)
def amendment_decide(request: SignedInRequest, slug: str, amendment_id: int) -> HttpResponse:
    assembly = selectors.assembly_for_chair(request.user, slug)
    amendment = Amendment.objects.filter(pk=amendment_id, item__assembly=assembly).first()
    form = AmendmentDecisionForm(request.POST)
    if amendment is not None and form.is_valid():
        try:
            services.amendment_decide(
                amendment=amendment, outcome=form.cleaned_data["outcome"], acting_user=request.user
            )
        except AssemblyRuleError as error:
            _fail(request, error)
    return redirect("assemblies:console", slug=assembly.slug)


@require_POST
@role_required(*CHAIR)
def speaker_next(request: SignedInRequest, slug: str, item_id: int) -> HttpResponse:
    assembly = selectors.assembly_for_chair(request.user, slug)
    item = selectors.item_get(assembly, item_id)
    if request.POST.get("action") == "finish":
        services.speaker_finish(item=item, acting_user=request.user)
    elif services.speaker_call_next(item=item, acting_user=request.user) is None:
        messages.info(request, _("Nobody is waiting for the floor."))
    return redirect("assemblies:console", slug=assembly.slug)


# ---------------------------------------------------------------------------------------------
# Participants, check-in (secretariat)


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


def _badge_words() -> dict[str, str]:
    """The badge's texts in the active language."""
    return {
        "caption": _("Scan to sign in and vote. Keep this badge to yourself."),
        "no_camera": _("Cannot scan? Open %(address)s and type the code."),
        "code_label": _("Code:"),
    }


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
        **_badge_words(),
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
                _fail(request, error)
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


# ---------------------------------------------------------------------------------------------
# Registration (a coordinator for their own organization, or the secretariat)


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
            _fail(request, error)
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
    if participant.credentials.usable().exists() and not _confirmed(request):
        return _confirm(
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
        _fail(request, error)
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
    if not _confirmed(request):
        return _confirm(
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
    if not _confirmed(request):
        return _confirm(
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


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirm") == "1"


def _confirm(
    request: HttpRequest,
    *,
    title: str,
    text: str,
    button: str,
    back: str,
    fields: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """A page that asks before an act that one tap must not do (it posts the same form again,
    with confirm=1): works without JavaScript."""
    return render(
        request,
        "assemblies/confirm.html",
        {
            "title": title,
            "text": text,
            "button": button,
            "back": back,
            "action": request.path,
            "fields": fields or [],
        },
    )


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
        **_badge_words(),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="badge.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------------
# The delegate's phone


def _safe_next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return reverse("assemblies:me")


def _sign_in_with(request: HttpRequest, secret: str) -> bool:
    credential = selectors.credential_find(secret)
    if credential is None:
        return False
    if rate_limited("signin", credential.secret_hash, limit=120, seconds=600):
        return False
    delegate_sign_in(request, credential)
    return True


@require_http_methods(["GET", "POST"])
def signin_form(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _sign_in_with(request, normalize_code(form.cleaned_data["code"])):
            return redirect(_safe_next(request))
        form.add_error("code", _("This code does not work (it may have been replaced)."))
    return render(request, "assemblies/signin.html", {"form": form})


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    delegate_sign_out(request)
    return redirect("assemblies:signin_form")


@require_GET
@delegate_required
def me(request: DelegateRequest) -> HttpResponse:
    """The delegate's phone page: the item under discussion, the floor, attendance, proxy."""
    delegate = request.delegate
    assembly = delegate.assembly
    current = assembly.current_item
    speakers = selectors.speakers_state(current) if current else None
    attendance = Attendance.objects.filter(participant_id=delegate.pk).first()
    given = Proxy.objects.active().filter(giver_id=delegate.pk).select_related("holder").first()
    waiting = votes_waiting(delegate)
    return render(
        request,
        "assemblies/me.html",
        {
            "delegate": delegate,
            "assembly": assembly,
            "waiting": waiting,
            # While the delegate waits in session, the page reloads itself now and then: a phone
            # the live channel never reaches (no JavaScript, a captive portal, a proxy) still
            # learns that a vote has opened. Spread, so that a hall of phones does not ask at
            # once; not while a vote waits (the delegate has somewhere to go).
            "refresh_seconds": (
                secrets.choice(range(PHONE_REFRESH - 5, PHONE_REFRESH + 6))
                if assembly.status == Assembly.Status.IN_SESSION and not waiting
                else 0
            ),
            "current": current,
            "speakers": speakers,
            "my_place": speakers.place_of(delegate) if speakers else None,
            "speaking": bool(
                speakers and speakers.speaking and speakers.speaking.participant_id == delegate.pk
            ),
            "present": attendance is not None and attendance.present,
            "given": given,
            "held": Proxy.objects.active().filter(holder_id=delegate.pk).count(),
            "candidates": selectors.proxy_candidates(delegate) if not given else [],
        },
    )


def _me_redirect() -> HttpResponse:
    return redirect("assemblies:me")


def _limited(request: DelegateRequest, scope: str) -> bool:
    credential = request.credential
    if rate_limited(scope, credential.secret_hash, limit=20, seconds=60):
        messages.error(request, _("Too many requests from this badge; wait a minute."))
        return True
    return False


@require_POST
@delegate_required
def me_check_in(request: DelegateRequest) -> HttpResponse:
    if not _limited(request, "checkin"):
        try:
            services.attendance_check_in(
                participant=request.delegate,
                method=Attendance.Method.ONLINE,
            )
        except AssemblyRuleError as error:
            _fail(request, error)
    return _me_redirect()


@require_POST
@delegate_required
def floor(request: DelegateRequest) -> HttpResponse:
    """Ask for the floor on the item under discussion (or take the request back)."""
    delegate = request.delegate
    item = delegate.assembly.current_item
    if item is None:
        messages.error(request, _("No item is under discussion."))
    elif not _limited(request, "floor"):
        try:
            if request.POST.get("action") == "withdraw":
                waiting = item.speakers.waiting().filter(participant_id=delegate.pk).first()
                if waiting is not None:
                    services.speaker_withdraw(request=waiting)
            else:
                services.speaker_request(item=item, participant=delegate)
        except AssemblyRuleError as error:
            _fail(request, error)
    # htmx follows the redirect too, and swaps in the phone page's new state.
    return _me_redirect()


@require_POST
@delegate_required
def proxy(request: DelegateRequest) -> HttpResponse:
    """Hand my vote to another present delegate, or take it back."""
    delegate = request.delegate
    if _limited(request, "proxy"):
        return _me_redirect()
    if request.POST.get("action") == "revoke":
        for given in Proxy.objects.active().filter(giver_id=delegate.pk):
            services.proxy_revoke(proxy=given)
        messages.success(request, _("Your vote is yours again."))
        return _me_redirect()
    form = ProxyForm(request.POST)
    holder = None
    if form.is_valid():
        holder = Participant.objects.filter(
            pk=form.cleaned_data["holder"], assembly_id=delegate.assembly_id
        ).first()
    if holder is None:
        messages.error(request, _("Choose a delegate."))
        return _me_redirect()
    if not _confirmed(request):
        return _confirm(
            request,
            title=_("Hand your vote to %(name)s?") % {"name": holder.display_name},
            text=_(
                "%(name)s then votes for you in every poll until you take your vote back. "
                "While they hold it, you cannot vote yourself."
            )
            % {"name": holder.display_name},
            button=_("Yes, hand over my vote"),
            back=reverse("assemblies:me"),
            fields=[("holder", str(holder.pk))],
        )
    try:
        services.proxy_grant(giver=delegate, holder=holder)
    except AssemblyRuleError as error:
        _fail(request, error)
    else:
        messages.success(
            request, _("%(name)s now holds your vote.") % {"name": holder.display_name}
        )
    return _me_redirect()
