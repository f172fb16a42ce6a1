"""Topics and occasions: the secretariat names them in every language, on the same pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.statements import selectors, services
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.forms import NamedForm, OccasionForm, TopicForm
from alyansa.statements.models import Occasion, Topic
from alyansa.statements.views.common import show_beside

# The words that differ between the topics pages and the occasions pages, by page kind.
NAMED_TEXTS = {
    "title": {"topics": gettext_lazy("Topics"), "occasions": gettext_lazy("Occasions")},
    "intro": {
        "topics": gettext_lazy(
            "Readers see a topic's name in their language, or its default name when it has "
            "none in theirs."
        ),
        "occasions": gettext_lazy(
            "The days the alliance speaks on. Readers see an occasion's name in their "
            "language, or its default name when it has none in theirs."
        ),
    },
    "empty": {
        "topics": gettext_lazy("No topics yet."),
        "occasions": gettext_lazy("No occasions yet."),
    },
    "new": {"topics": gettext_lazy("New topic"), "occasions": gettext_lazy("New occasion")},
    "add": {"topics": gettext_lazy("Add the topic"), "occasions": gettext_lazy("Add the occasion")},
    "saved": {
        "topics": gettext_lazy("The topic “%(name)s” is saved."),
        "occasions": gettext_lazy("The occasion “%(name)s” is saved."),
    },
    "one": {"topics": gettext_lazy("Topic"), "occasions": gettext_lazy("Occasion")},
    "heading": {
        "topics": gettext_lazy("Topic: %(name)s"),
        "occasions": gettext_lazy("Occasion: %(name)s"),
    },
    "back": {
        "topics": gettext_lazy("Back to the topics"),
        "occasions": gettext_lazy("Back to the occasions"),
    },
}


@dataclass(frozen=True)
class NamedPages:
    """What differs between the topics pages and the occasions pages (the rest is shared):
    `kind` is also the start of their URL names (statements:topics, statements:topic_edit)."""

    kind: str
    model: type[Topic | Occasion]
    form: type[NamedForm]
    create: Callable[..., Topic | Occasion]
    update: Callable[..., Topic | Occasion]

    @property
    def texts(self) -> dict[str, Any]:
        return {key: by_kind[self.kind] for key, by_kind in NAMED_TEXTS.items()}

    @property
    def list_url(self) -> str:
        return f"statements:{self.kind}"

    @property
    def edit_url(self) -> str:
        return f"statements:{self.kind.removesuffix('s')}_edit"


# urls.py names the kind of each page.
NAMED_PAGES = {
    "topics": NamedPages(
        "topics",
        Topic,
        TopicForm,
        services.topic_create,
        lambda named, **kwargs: services.topic_update(topic=named, **kwargs),
    ),
    "occasions": NamedPages(
        "occasions",
        Occasion,
        OccasionForm,
        services.occasion_create,
        lambda named, **kwargs: services.occasion_update(occasion=named, **kwargs),
    ),
}


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def named_list(request: SignedInRequest, kind: str) -> HttpResponse:
    """Every topic (or occasion) with its names and number of statements; a form for a new
    one."""
    pages = NAMED_PAGES[kind]
    named_list = selectors.named_for_staff(request.user, pages.model)
    form = pages.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            named = pages.create(
                slug=form.cleaned_data["slug"],
                name=form.cleaned_data["name"],
                names=form.names(),
                acting_user=request.user,
            )
        except StatementRuleError as refusal:
            show_beside(form, refusal)
        else:
            messages.success(request, pages.texts["saved"] % {"name": named.name})
            return redirect(pages.list_url)
    return render(
        request,
        "statements/named_list.html",
        {"named_list": named_list, "form": form, "pages": pages, "texts": pages.texts},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def named_edit(request: SignedInRequest, kind: str, slug: str) -> HttpResponse:
    """A topic's (or an occasion's) default name and its names per language."""
    pages = NAMED_PAGES[kind]
    named = selectors.named_get_for_edit(request.user, pages.model, slug)
    form = pages.form(request.POST or None, instance=named)
    if request.method == "POST" and form.is_valid():
        try:
            pages.update(
                named,
                acting_user=request.user,
                name=form.cleaned_data["name"],
                names=form.names(),
            )
        except StatementRuleError as refusal:
            show_beside(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect(pages.list_url)
    return render(
        request,
        "statements/named_edit.html",
        {
            "named": named,
            "form": form,
            "pages": pages,
            "texts": pages.texts,
            "heading": pages.texts["heading"] % {"name": named.name},
        },
    )
