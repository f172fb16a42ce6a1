"""Topics and occasions, the names statements are filed under, in every language."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.core.languages import per_language
from alyansa.core.text import single_line
from alyansa.statements.audit_actions import AuditAction
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import (
    NamedInLanguages,
    Occasion,
    Statement,
    Topic,
)
from alyansa.statements.services.pages import FACETS_CACHE_KEY, page_cache_key

Named = TypeVar("Named", bound=NamedInLanguages)

# What a topic's or an occasion's form says when the name or the address is missing.
_NAME_MISSING = {
    Topic: (gettext_lazy("Give the topic a name."), gettext_lazy("Give the topic an address.")),
    Occasion: (
        gettext_lazy("Give the occasion a name."),
        gettext_lazy("Give the occasion an address."),
    ),
}
# What the audit trail calls making and renaming each.
_CREATED = {Topic: AuditAction.TOPIC_CREATE, Occasion: AuditAction.OCCASION_CREATE}
_UPDATED = {Topic: AuditAction.TOPIC_UPDATE, Occasion: AuditAction.OCCASION_UPDATE}
# How a statement refers to each (the filter that finds the statements filed under one).
_FILED_UNDER = {Topic: "topics", Occasion: "occasion"}


def _names(names: dict[str, str] | None, *, default: str) -> dict[str, str]:
    """The names per language that differ from the default name; a code that is not one of the
    site's languages is refused."""
    try:
        return per_language(names, max_length=120, default=default)
    except ValidationError as error:
        raise StatementRuleError(" ".join(error.messages)) from error


def _named_create(
    model: type[Named],
    *,
    name: str,
    slug: str,
    acting_user: User | None,
    names: dict[str, str] | None,
) -> Named:
    """Topics and occasions alike: made by their address, or returned as they are."""
    no_name, no_slug = _NAME_MISSING[model]
    name = single_line(name)[:120]
    if not name:
        raise StatementRuleError(str(no_name), field="name")
    slug = slug.strip()[:80]
    if not slug:
        raise StatementRuleError(str(no_slug), field="slug")
    named, created = model._default_manager.get_or_create(
        slug=slug,
        defaults={"name": name, "names": _names(names, default=name)},
    )
    if created:
        audit_record(actor=acting_user, action=_CREATED[model], obj=named)
    return named


def _named_update(named: Named, *, acting_user: User, name: str, names: dict[str, str]) -> Named:
    """Topics and occasions alike: a new default name and names per language, the address
    kept. The cached pages of the statements filed under it are forgotten."""
    model = type(named)
    named = model._default_manager.select_for_update().get(pk=named.pk)
    name = single_line(name)[:120]
    if not name:
        raise StatementRuleError(str(_NAME_MISSING[model][0]), field="name")
    cleaned = _names(names, default=name)
    changes: dict[str, Any] = {}
    if named.name != name:
        changes["name"] = [named.name, name]
    if named.names != cleaned:
        changes["names"] = [named.names, cleaned]
    if not changes:
        return named
    named.name, named.names = name, cleaned
    named.save(update_fields=["name", "names"])
    # Statement pages are cached with their topics and occasion: forget those that show it.
    slugs = list(
        Statement.objects.filter(**{_FILED_UNDER[model]: named}).values_list("slug", flat=True)
    )
    keys = [page_cache_key(slug) for slug in slugs] + [FACETS_CACHE_KEY]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
    audit_record(actor=acting_user, action=_UPDATED[model], obj=named, changes=changes)
    return named


@transaction.atomic
def topic_create(
    *, name: str, slug: str, acting_user: User | None, names: dict[str, str] | None = None
) -> Topic:
    """A topic by its slug, with its default name and its names in other languages; an
    existing one is returned as it is (the importer asks for each post's topics)."""
    return _named_create(Topic, name=name, slug=slug, acting_user=acting_user, names=names)


@transaction.atomic
def topic_update(*, topic: Topic, acting_user: User, name: str, names: dict[str, str]) -> Topic:
    """Rename a topic: its default name and its names in other languages (`names`, by language
    code; a language left out or empty shows the default name). The address stays, so links
    and feeds filtered by the topic keep working."""
    return _named_update(topic, acting_user=acting_user, name=name, names=names)


@transaction.atomic
def occasion_create(
    *, name: str, slug: str, acting_user: User | None, names: dict[str, str] | None = None
) -> Occasion:
    """An occasion (International Migrants Day, May Day, ...) by its slug, with its default
    name and its names in other languages; an existing one is returned as it is."""
    return _named_create(Occasion, name=name, slug=slug, acting_user=acting_user, names=names)


@transaction.atomic
def occasion_update(
    *, occasion: Occasion, acting_user: User, name: str, names: dict[str, str]
) -> Occasion:
    """Rename an occasion, as topic_update renames a topic: the address (`?occasion=`) stays."""
    return _named_update(occasion, acting_user=acting_user, name=name, names=names)
