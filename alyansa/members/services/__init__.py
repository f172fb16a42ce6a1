"""Every change to the member registry, one module per subject. Each one is one transaction
with one audit row. Callers import from here.

The rules these functions keep are the registry's rules: a membership's history only moves
forward in time, only certain steps follow others (see TRANSITIONS), dues arrears never end a
membership by themselves (nothing here reacts to dues), and a person's name and contact never
enter the audit trail.
"""

from alyansa.members.services.applications import (
    application_confirm,
    application_submit,
    applications_forget_unconfirmed,
)
from alyansa.members.services.chapters import (
    CHAPTER_FIELDS,
    chapter_create,
    chapter_set_organizations,
    chapter_update,
)
from alyansa.members.services.common import MembershipRuleError
from alyansa.members.services.coordinators import coordinator_appoint, coordinator_remove
from alyansa.members.services.imports import IMPORT_BATCH, organizations_import
from alyansa.members.services.memberships import (
    TRANSITIONS,
    membership_admit,
    membership_category_change,
    membership_decline,
    membership_expel,
    membership_record,
    membership_reinstate,
    membership_suspend,
    membership_withdraw,
)
from alyansa.members.services.organizations import (
    PROFILE_FIELDS,
    PROFILE_RELATIONS,
    RESERVED_SLUGS,
    SINGLE_LINE_FIELDS,
    Profile,
    at_risk_slug,
    organization_create,
    organization_update,
    unique_slug,
)
from alyansa.members.services.people import (
    person_create,
    person_erase,
    person_export,
    person_update,
)
from alyansa.members.services.reference_data import reference_data_load

__all__ = [
    "CHAPTER_FIELDS",
    "IMPORT_BATCH",
    "PROFILE_FIELDS",
    "PROFILE_RELATIONS",
    "RESERVED_SLUGS",
    "SINGLE_LINE_FIELDS",
    "TRANSITIONS",
    "MembershipRuleError",
    "Profile",
    "application_confirm",
    "application_submit",
    "applications_forget_unconfirmed",
    "at_risk_slug",
    "chapter_create",
    "chapter_set_organizations",
    "chapter_update",
    "coordinator_appoint",
    "coordinator_remove",
    "membership_admit",
    "membership_category_change",
    "membership_decline",
    "membership_expel",
    "membership_record",
    "membership_reinstate",
    "membership_suspend",
    "membership_withdraw",
    "organization_create",
    "organization_update",
    "organizations_import",
    "person_create",
    "person_erase",
    "person_export",
    "person_update",
    "reference_data_load",
    "unique_slug",
]
