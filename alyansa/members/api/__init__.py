"""JSON API of the member registry, with the same permissions as the pages, one module per
subject. The routes join `router` (common.py) in the order imported here, which is the order
of the API's document.

Public routes show what the public directory shows. Private routes (an organization's people,
history notes, applications, numbers) are for the secretariat and the organization's own
coordinators; anyone else gets 404 (or 403 where the route itself is the secretariat's).
"""

# isort: off
# The order of these imports is the order in which the routes join the router.
from alyansa.members.api.common import (
    LIST_FIELDS,
    router,
)
from alyansa.members.api.schemas import (
    Named,
    OrganizationPublic,
    MembershipEventOut,
    PersonOut,
    OrganizationPrivate,
    ProfileIn,
    ApplicationIn,
    ApplicationOut,
    DecisionIn,
    StepIn,
    CountOut,
    CountsOut,
    MovementOut,
    MovementsOut,
    GrowthPoint,
    RegionOut,
    ChapterOut,
    ReachOut,
    RowErrorOut,
    ImportOut,
    ErasedOut,
)
from alyansa.members.api.public import (
    DirectoryQuery,
    directory,
    organization,
    regions,
    chapters,
    nationalities,
    apply,
)
from alyansa.members.api.organizations import (
    organization_private,
    organization_update,
    person_export,
    person_erase,
    review_queue,
    application_decide,
    membership_step,
)
from alyansa.members.api.numbers import (
    counts,
    movements,
    growth,
)
from alyansa.members.api.registry_files import (
    export,
    import_members,
)

# isort: on

__all__ = [
    "LIST_FIELDS",
    "ApplicationIn",
    "ApplicationOut",
    "ChapterOut",
    "CountOut",
    "CountsOut",
    "DecisionIn",
    "DirectoryQuery",
    "ErasedOut",
    "GrowthPoint",
    "ImportOut",
    "MembershipEventOut",
    "MovementOut",
    "MovementsOut",
    "Named",
    "OrganizationPrivate",
    "OrganizationPublic",
    "PersonOut",
    "ProfileIn",
    "ReachOut",
    "RegionOut",
    "RowErrorOut",
    "StepIn",
    "application_decide",
    "apply",
    "chapters",
    "counts",
    "directory",
    "export",
    "growth",
    "import_members",
    "membership_step",
    "movements",
    "nationalities",
    "organization",
    "organization_private",
    "organization_update",
    "person_erase",
    "person_export",
    "regions",
    "review_queue",
    "router",
]
