from __future__ import annotations

from django.apps import apps

from alyansa.accounts.models import PersonalAccessToken, PersonalAccessTokenQuerySet, User
from alyansa.accounts.permissions import role_keys
from alyansa.accounts.roles import Role


def tokens_for(user: User) -> PersonalAccessTokenQuerySet:
    """A user's own tokens, newest first; nobody else's are ever listed."""
    return PersonalAccessToken.objects.filter(user=user).order_by("-created_at")


def role_label(role: str, scope: str) -> str:
    """ "Organization coordinator: Samahan ng Migrante" for ('coordinator',
    'members.organization:12'): the role's name and what it covers, if anything."""
    label = str(Role(role).label) if role in Role.values else role
    if not scope:
        return label
    model_label, _colon, pk = scope.partition(":")
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return f"{label}: {scope}"
    covered = model._default_manager.filter(pk=pk).first() if pk.isdigit() else None
    return f"{label}: {covered if covered is not None else scope}"


def role_choices_for(user: User) -> list[tuple[str, str]]:
    """The roles the account holds, as choices for a new token: ("role|scope", label)."""
    return [(f"{role}|{scope}", role_label(role, scope)) for role, scope in sorted(role_keys(user))]
