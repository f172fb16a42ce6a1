"""The roles of Alyansa, defined once. Apps check object scope in their selectors.

A role is granted to a user, optionally for one object (its scope): a coordinator for one
organization, an election-committee member for one election. Delegates are not users: they
sign in with a personal credential issued for one assembly (see the assemblies app), and the
assemblies app grants the DELEGATE role to that credential's session, never to an account.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat")
    OFFICER = "officer", _("Officer")
    TREASURER = "treasurer", _("Treasurer")
    ELECTION_COMMITTEE = "election_committee", _("Election committee")
    COORDINATOR = "coordinator", _("Organization coordinator")
    DELEGATE = "delegate", _("Delegate")
    PUBLIC = "public", _("Public")


# Roles that can change or see what others cannot: their accounts must use two-factor sign-in.
STAFF_ROLES = frozenset({Role.SECRETARIAT, Role.OFFICER, Role.TREASURER, Role.ELECTION_COMMITTEE})

# Roles that only make sense for one object; the others are alliance-wide.
SCOPED_ROLES = frozenset({Role.COORDINATOR, Role.ELECTION_COMMITTEE, Role.DELEGATE})


def scope_key(obj: models.Model | None) -> str:
    """A stable text key for a role's scope: 'members.organization:12', or '' for none."""
    if obj is None:
        return ""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}:{obj.pk}"
