"""The delegate's phone (a credential session, no account): sign-in, the item under discussion,
the floor, attendance and the proxy."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.assemblies import selectors, services
from alyansa.assemblies.forms import CodeForm, ProxyForm
from alyansa.assemblies.models import Assembly, Attendance, Participant, Proxy
from alyansa.assemblies.permissions import (
    DelegateRequest,
    delegate_required,
    delegate_sign_in,
    delegate_sign_out,
)
from alyansa.assemblies.phone import PHONE_REFRESH, votes_waiting
from alyansa.assemblies.services import AssemblyRuleError, normalize_code
from alyansa.assemblies.views.common import confirm, confirmed, fail
from alyansa.core.ratelimit import rate_limited


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
            fail(request, error)
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
            fail(request, error)
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
    if not confirmed(request):
        return confirm(
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
        fail(request, error)
    else:
        messages.success(
            request, _("%(name)s now holds your vote.") % {"name": holder.display_name}
        )
    return _me_redirect()
