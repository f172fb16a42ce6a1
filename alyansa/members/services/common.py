"""What the member registry's services share: their refusal and the site's absolute links."""

from __future__ import annotations

from django.conf import settings

from alyansa.core.errors import RuleError


class MembershipRuleError(RuleError):
    """A step that the membership rules do not allow (said in words a secretariat understands)."""


def absolute_url(path: str) -> str:
    """A link to `path` on this site, for e-mails."""
    return f"{settings.SITE_URL}{path}"
