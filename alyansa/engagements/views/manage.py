"""The secretariat's pages: engagements with their delegation, interventions, outcome and
follow-up tasks. Each checks the role first (403 for any other), then calls a service; a
rule's refusal is shown beside the form, never as an error page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alyansa.core.languages import language_values
from alyansa.engagements import selectors, services
from alyansa.engagements.errors import EngagementRuleError
from alyansa.engagements.forms import (
    COMMON_ZONES,
    DelegateAddForm,
    DelegateForm,
    EngagementForm,
    FollowUpForm,
    InterventionForm,
    OutcomeForm,
)
from alyansa.engagements.models import Engagement


def _user(request: HttpRequest) -> Any:
    return request.user


def _refused(request: HttpRequest, form: Form | None, error: EngagementRuleError) -> None:
    if form is not None:
        form.add_error(None, str(error))
    else:
        messages.error(request, str(error))


@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    """Every engagement (internal ones too) and the open follow-up tasks."""
    selectors.require_manager(request.user)
    return render(
        request,
        "engagements/manage_list.html",
        {
            "engagements": selectors.with_calendar_relations(
                Engagement.objects.order_by("-starts_at", "-id")
            )[:300],
            "follow_ups": selectors.follow_ups_of(request.user)[:200],
        },
    )


@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    form = EngagementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_create(
                data=form.fields_data(), acting_user=_user(request)
            )
        except EngagementRuleError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("The engagement is recorded."))
            return redirect("engagements:manage", engagement_id=engagement.pk)
    return render(
        request,
        "engagements/form.html",
        {"form": form, "zones": COMMON_ZONES, "title": _("New engagement")},
    )


def _manage_context(engagement: Engagement, **forms: Form) -> dict[str, object]:
    return {
        "engagement": engagement,
        "members": selectors.delegation_of(engagement),
        "interventions": engagement.interventions.select_related("speaker__person"),
        "follow_ups": engagement.follow_ups.select_related("owner"),
        "zones": COMMON_ZONES,
        "form": forms.get("form") or EngagementForm(engagement=engagement),
        "delegate_form": forms.get("delegate_form") or DelegateAddForm(),
        "intervention_form": forms.get("intervention_form")
        or InterventionForm(engagement=engagement),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(engagement=engagement),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
    }


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, engagement_id: int) -> HttpResponse:
    """An engagement's record: its details (edited here), delegation, interventions, outcome
    and follow-up tasks."""
    engagement = selectors.engagement_for_manager(request.user, engagement_id)
    form = EngagementForm(request.POST or None, engagement=engagement)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_update(
                engagement=engagement, data=form.fields_data(), acting_user=_user(request)
            )
        except EngagementRuleError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("The engagement is saved."))
            return redirect("engagements:manage", engagement_id=engagement.pk)
    return render(request, "engagements/manage.html", _manage_context(engagement, form=form))


@require_POST
def cancel(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.engagement_for_manager(request.user, engagement_id)
    try:
        services.engagement_cancel(engagement=engagement, acting_user=_user(request))
    except EngagementRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The engagement is cancelled; calendars will drop it."))
    return redirect("engagements:manage", engagement_id=engagement.pk)


def _again(request: HttpRequest, engagement: Engagement, **forms: Form) -> HttpResponse:
    """The record again, with the form that failed and its messages."""
    return render(
        request, "engagements/manage.html", _manage_context(engagement, **forms), status=400
    )


def _submit(
    request: HttpRequest,
    engagement: Engagement,
    form: Form,
    name: str,
    action: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One of the record's forms (`name` in its context): checked, then handed to `action`
    (a service call); a rule's refusal is shown beside it, on the record, with status 400."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except EngagementRuleError as error:
            _refused(request, form, error)
        else:
            messages.success(request, done)
            return redirect("engagements:manage", engagement_id=engagement.pk)
    return _again(request, engagement, **{name: form})


@require_POST
def outcome(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.engagement_for_manager(request.user, engagement_id)
    form = OutcomeForm(request.POST, engagement=engagement)
    return _submit(
        request,
        engagement,
        form,
        "outcome_form",
        lambda data: services.outcome_report(
            engagement=engagement,
            outcome=data["outcome"],
            outcomes=language_values(form, "outcome"),
            acting_user=_user(request),
        ),
        _("The outcome is recorded."),
    )


@require_POST
def delegate_add(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.engagement_for_manager(request.user, engagement_id)
    return _submit(
        request,
        engagement,
        DelegateAddForm(request.POST),
        "delegate_form",
        lambda data: services.delegate_add(
            engagement=engagement, acting_user=_user(request), **data
        ),
        _("The person is in the delegation."),
    )


@require_http_methods(["GET", "POST"])
def delegate_edit(request: HttpRequest, engagement_id: int, member_id: int) -> HttpResponse:
    engagement = selectors.engagement_for_manager(request.user, engagement_id)
    member = selectors.member_get_for(request.user, engagement, member_id)
    form = DelegateForm(
        request.POST or None,
        initial={
            "role": member.role,
            "accreditation": member.accreditation,
            "accreditation_reference": member.accreditation_reference,
            "name_public": member.name_public,
            "notes": member.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.delegate_update(member=member, acting_user=_user(request), **form.cleaned_data)
        except EngagementRuleError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("engagements:manage", engagement_id=engagement.pk)
    return render(
        request,
        "engagements/delegate.html",
        {"engagement": engagement, "member": member, "form": form},
    )


@require_POST
def delegate_remove(request: HttpRequest, engagement_id: int, member_id: int) -> HttpResponse:
    engagement = selectors.engagement_for_manager(request.user, engagement_id)
    member = selectors.member_get_for(request.user, engagement, member_id)
    try:
        services.delegate_remove(member=member, acting_user=_user(request))
    except EngagementRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The person is no longer in the delegation."))
    return redirect("engagements:manage", engagement_id=engagement.pk)


@require_POST
def intervention_add(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.engagement_for_manager(request.user, engagement_id)
    form = InterventionForm(request.POST, engagement=engagement)
    return _submit(
        request,
        engagement,
        form,
        "intervention_form",
        lambda data: services.intervention_add(
            engagement=engagement,
            title=data["title"],
            texts=language_values(form, "text"),
            speaker=data["speaker"],
            delivered_on=data["delivered_on"],
            acting_user=_user(request),
        ),
        _("The intervention is recorded."),
    )


@require_POST
def follow_up_add(request: HttpRequest, engagement_id: int) -> HttpResponse:
    engagement = selectors.engagement_for_manager(request.user, engagement_id)
    return _submit(
        request,
        engagement,
        FollowUpForm(request.POST),
        "follow_up_form",
        lambda data: services.follow_up_add(
            engagement=engagement, acting_user=_user(request), **data
        ),
        _("The task is recorded."),
    )


@login_required
@require_http_methods(["GET"])
def tasks(request: HttpRequest) -> HttpResponse:
    """The open follow-up tasks the signed-in person owns."""
    return render(
        request,
        "engagements/tasks.html",
        {"follow_ups": selectors.follow_ups_of(request.user).order_by("due_on", "id")},
    )


@login_required
@require_POST
def follow_up_mark(request: HttpRequest, task_id: int) -> HttpResponse:
    """Done, or open again: by the task's owner or the secretariat (404 for anyone else)."""
    task = selectors.follow_up_get_for(request.user, task_id)
    done = request.POST.get("done") == "1"
    services.follow_up_mark(task=task, done=done, acting_user=_user(request))
    messages.success(request, _("Marked done.") if done else _("Marked open again."))
    if selectors.may_manage(request.user):
        return redirect("engagements:manage", engagement_id=task.engagement_id)
    return redirect("engagements:tasks")
