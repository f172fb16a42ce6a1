from __future__ import annotations

from alyansa.accounts.models import PersonalAccessToken, PersonalAccessTokenQuerySet, User


def tokens_for(user: User) -> PersonalAccessTokenQuerySet:
    """A user's own tokens, newest first; nobody else's are ever listed."""
    return PersonalAccessToken.objects.filter(user=user).order_by("-created_at")
