"""An organization's own pages: its coordinators edit its profile and its people; the
secretariat also records membership steps and appoints coordinators."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.models import User
from alyansa.accounts.permissions import is_secretariat, role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.members.forms import CoordinatorForm, MembershipStepForm, PersonForm, ProfileForm
from alyansa.members.models import MembershipStatus
from alyansa.members.selectors import (
    coordinators_of,
    membership_history,
    organization_get_for,
    organizations_coordinated_by,
    people_of,
    person_get_for,
)
from alyansa.members.services import (
    MembershipRuleError,
    coordinator_appoint,
    coordinator_remove,
    membership_category_change,
    membership_record,
    organization_update,
    person_create,
    person_erase,
    person_export,
)


@require_GET
@login_required
def mine(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "members/mine.html",
        {
            "organizations": organizations_coordinated_by(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def organization_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    org = organization_get_for(request.user, slug)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(org))
    if request.method == "POST" and form.is_valid():
        try:
            organization_update(organization=org, changes=form.changes(), acting_user=request.user)
        except MembershipRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("members:organization_manage", slug=org.slug)
    return render(request, "members/organization_edit.html", {"org": org, "form": form})


@require_GET
@login_required
def organization_manage(request: SignedInRequest, slug: str) -> HttpResponse:
    """The organization's private page: its membership history and its people (and, for the
    secretariat, its coordinators)."""
    org = organization_get_for(request.user, slug)
    secretariat = is_secretariat(request.user)
    return render(
        request,
        "members/organization_manage.html",
        {
            "org": org,
            "history": membership_history(org),
            "people": people_of(request.user, org),
            "person_form": PersonForm(),
            "step_form": MembershipStepForm(initial={"date": timezone.localdate()})
            if secretariat
            else None,
            "coordinators": coordinators_of(request.user, org) if secretariat else None,
            "coordinator_form": CoordinatorForm() if secretariat else None,
        },
    )


@require_POST
@role_required(Role.SECRETARIAT)
def coordinator_add(request: SignedInRequest, slug: str) -> HttpResponse:
    """The secretariat makes someone an organization's coordinator (an imported organization
    has none until then); they get an e-mail with a link to sign in."""
    org = organization_get_for(request.user, slug)
    form = CoordinatorForm(request.POST)
    if form.is_valid():
        try:
            coordinator_appoint(
                organization=org,
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                acting_user=request.user,
            )
        except MembershipRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The coordinator was appointed and told by e-mail how to sign in.")
            )
    else:
        messages.error(request, _("Give a name and an e-mail address."))
    return redirect("members:organization_manage", slug=org.slug)


@require_POST
@role_required(Role.SECRETARIAT)
def coordinator_remove_view(request: SignedInRequest, slug: str, user_id: int) -> HttpResponse:
    org = organization_get_for(request.user, slug)
    account = get_object_or_404(User, pk=user_id)
    try:
        coordinator_remove(organization=org, user=account, acting_user=request.user)
    except MembershipRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The account no longer coordinates the organization."))
    return redirect("members:organization_manage", slug=org.slug)


@require_POST
@role_required(Role.SECRETARIAT)
def membership_step(request: SignedInRequest, slug: str) -> HttpResponse:
    org = organization_get_for(request.user, slug)
    form = MembershipStepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["status"] == "category":
                membership_category_change(
                    organization=org,
                    category=data["category"] or "",
                    date=data["date"],
                    decided_by=data["decided_by"],
                    note=data["note"],
                    acting_user=request.user,
                )
            else:
                membership_record(
                    organization=org,
                    status=MembershipStatus(data["status"]),
                    date=data["date"],
                    decided_by=data["decided_by"],
                    note=data["note"],
                    category=data["category"] or None,
                    acting_user=request.user,
                )
        except MembershipRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The step was recorded."))
    else:
        messages.error(request, _("Give the step, the date and who decided it."))
    return redirect("members:organization_manage", slug=org.slug)


@require_POST
@login_required
def person_add(request: SignedInRequest, slug: str) -> HttpResponse:
    org = organization_get_for(request.user, slug)
    form = PersonForm(request.POST)
    if form.is_valid():
        person_create(
            display_name=form.cleaned_data["display_name"],
            organization=org,
            contact=form.cleaned_data["contact"],
            acting_user=request.user,
        )
        messages.success(request, _("The person was added."))
    else:
        messages.error(request, _("Give at least a display name."))
    return redirect("members:organization_manage", slug=org.slug)


@require_GET
@login_required
def person_download(request: SignedInRequest, person_id: int) -> HttpResponse:
    person = person_get_for(request.user, person_id)
    response = HttpResponse(
        json.dumps(person_export(person=person), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def person_erase_view(request: SignedInRequest, person_id: int) -> HttpResponse:
    person = person_get_for(request.user, person_id)
    organization = person.organization
    person_erase(person=person, acting_user=request.user)
    messages.success(request, _("The person's name and contact were erased."))
    if organization is not None:
        return redirect("members:organization_manage", slug=organization.slug)
    return redirect("members:directory")
