"""The chair's console (officers and the secretariat): the agenda, decisions, amendments and
the list of speakers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import is_secretariat, role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.assemblies import selectors, services
from alyansa.assemblies.forms import (
    AmendmentDecisionForm,
    AmendmentForm,
    DecisionForm,
    ItemEditForm,
    ItemForm,
    MoveForm,
    TranslationForm,
)
from alyansa.assemblies.models import Amendment, Assembly
from alyansa.assemblies.services import AssemblyRuleError
from alyansa.assemblies.views.common import CHAIR, fail


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
            fail(request, error)
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
        fail(request, error)
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
            fail(request, error)
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
            fail(request, error)
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
            fail(request, error)
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
            fail(request, error)
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
