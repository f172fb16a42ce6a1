"""Who may open this app's pages and API endpoints (joined into the portal's access matrix)."""

from alyansa.core.testing import EVERYONE, SIGNED_IN, AccessCase

OWN = {"coordinator", "secretariat"}


def _org(world):  # type: ignore[no-untyped-def]
    return {"slug": world.objects["organization"].slug}


def _other(world):  # type: ignore[no-untyped-def]
    return {"slug": world.objects["other_organization"].slug}


CASES: list[AccessCase] = [
    AccessCase("members:directory", allowed=EVERYONE),
    AccessCase("members:nationalities", allowed=EVERYONE),
    AccessCase("members:chapters", allowed=EVERYONE),
    AccessCase(
        "members:chapter", allowed=EVERYONE, kwargs=lambda w: {"slug": w.objects["chapter"].slug}
    ),
    AccessCase("members:apply", allowed=EVERYONE),
    AccessCase("members:apply_sent", allowed=EVERYONE),
    # An unknown link: the GET page is harmless for everyone...
    AccessCase("members:apply_confirm", allowed=EVERYONE, kwargs=lambda w: {"secret": "x"}),
    AccessCase("members:review_queue", allowed={"secretariat"}),
    AccessCase(
        "members:application_decide",
        allowed={"secretariat"},
        method="post",
        kwargs=lambda w: {"application_id": w.objects["application"].pk},
        data=lambda w: {"decision": "admit", "decided_by": "ICB", "date": "2024-01-01"},
    ),
    AccessCase("members:statistics", allowed={"secretariat", "officer"}),
    AccessCase("members:statistics_csv", allowed={"secretariat", "officer"}),
    AccessCase("members:growth_svg", allowed={"secretariat", "officer"}),
    AccessCase("members:export", allowed={"secretariat"}),
    AccessCase("members:import", allowed={"secretariat"}),
    AccessCase("members:mine", allowed=SIGNED_IN),
    AccessCase("members:organization", allowed=EVERYONE, kwargs=_org),
    # The coordinator's own organization...
    AccessCase("members:organization_edit", allowed=OWN, kwargs=_org),
    AccessCase("members:organization_manage", allowed=OWN, kwargs=_org),
    AccessCase(
        "members:person_add",
        allowed=OWN,
        method="post",
        kwargs=_org,
        data=lambda w: {"display_name": "New Person"},
    ),
    AccessCase(
        "members:person_export",
        allowed=OWN,
        kwargs=lambda w: {"person_id": w.objects["person_of_own"].pk},
    ),
    AccessCase(
        "members:person_erase",
        allowed=OWN,
        method="post",
        kwargs=lambda w: {"person_id": w.objects["person_of_own"].pk},
    ),
    # ...and never another organization's private data.
    AccessCase("members:organization_edit", allowed={"secretariat"}, kwargs=_other),
    AccessCase("members:organization_manage", allowed={"secretariat"}, kwargs=_other),
    AccessCase(
        "members:person_add",
        allowed={"secretariat"},
        method="post",
        kwargs=_other,
        data=lambda w: {"display_name": "New Person"},
    ),
    AccessCase(
        "members:person_export",
        allowed={"secretariat"},
        kwargs=lambda w: {"person_id": w.objects["person_of_other"].pk},
    ),
    AccessCase(
        "members:person_erase",
        allowed={"secretariat"},
        method="post",
        kwargs=lambda w: {"person_id": w.objects["person_of_other"].pk},
    ),
    AccessCase(
        "members:membership_step",
        allowed={"secretariat"},
        method="post",
        kwargs=_org,
        data=lambda w: {"status": "suspended", "decided_by": "ICB", "date": "2024-02-01"},
    ),
]
