"""Who may open this app's pages and API endpoints (joined into the portal's access matrix)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from alyansa.core.testing import EVERYONE, SIGNED_IN, AccessCase

OWN = {"coordinator", "secretariat"}


def _csv_file():  # type: ignore[no-untyped-def]
    return SimpleUploadedFile("members.csv", b"name,country,since\nMatrix Import,PH,2020-01-01\n")


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
    AccessCase("members:chapter_new", allowed={"secretariat"}),
    AccessCase(
        "members:chapter_members",
        allowed={"secretariat"},
        kwargs=lambda w: {"slug": w.objects["chapter"].slug},
    ),
    AccessCase(
        "members:chapter_edit",
        allowed={"secretariat"},
        kwargs=lambda w: {"slug": w.objects["chapter"].slug},
    ),
    AccessCase(
        "members:chapter_edit",
        allowed={"secretariat"},
        method="post",
        kwargs=lambda w: {"slug": w.objects["chapter"].slug},
        data=lambda w: {
            "name": w.objects["chapter"].name,
            "kind": w.objects["chapter"].kind,
            "region": w.objects["chapter"].region_id,
            "country": w.objects["chapter"].country_id,
        },
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
    # A preview is the secretariat's (an unknown or expired one sends it back to the import).
    AccessCase("members:import_preview", allowed={"secretariat"}, kwargs=lambda w: {"token": "x"}),
    AccessCase("members:import_report", allowed={"secretariat"}, kwargs=lambda w: {"token": "x"}),
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
        "members:coordinator_add",
        allowed={"secretariat"},
        method="post",
        kwargs=_other,
        data=lambda w: {"display_name": "Matrix Coordinator", "email": "matrix@example.org"},
    ),
    # The coordinator persona does not coordinate the other organization: nothing to remove,
    # so the secretariat is sent back with a message, and the others are refused.
    AccessCase(
        "members:coordinator_remove",
        allowed={"secretariat"},
        method="post",
        kwargs=lambda w: {**_other(w), "user_id": w.users["coordinator"].pk},
    ),
    AccessCase(
        "members:membership_step",
        allowed={"secretariat"},
        method="post",
        kwargs=_org,
        data=lambda w: {"status": "suspended", "decided_by": "ICB", "date": "2024-02-01"},
    ),
]

# The JSON API: the same rules.
API_CASES: list[AccessCase] = [
    AccessCase("api-v1:members_directory", allowed=EVERYONE),
    AccessCase("api-v1:members_organization", allowed=EVERYONE, kwargs=_org),
    AccessCase("api-v1:members_regions", allowed=EVERYONE),
    AccessCase("api-v1:members_chapters", allowed=EVERYONE),
    AccessCase("api-v1:members_nationalities", allowed=EVERYONE),
    AccessCase(
        "api-v1:members_apply",
        allowed=EVERYONE,
        method="post",
        data=lambda w: {
            "name": "Matrix Applicant",
            "country": "PH",
            "contact_name": "Ana",
            "contact_email": "ana@example.org",
        },
    ),
    AccessCase("api-v1:members_organization_private", allowed=OWN, kwargs=_org),
    AccessCase("api-v1:members_organization_private", allowed={"secretariat"}, kwargs=_other),
    AccessCase("api-v1:members_organization_update", allowed=OWN, method="post", kwargs=_org),
    AccessCase(
        "api-v1:members_organization_update", allowed={"secretariat"}, method="post", kwargs=_other
    ),
    AccessCase(
        "api-v1:members_person_export",
        allowed=OWN,
        kwargs=lambda w: {"person_id": w.objects["person_of_own"].pk},
    ),
    AccessCase(
        "api-v1:members_person_export",
        allowed={"secretariat"},
        kwargs=lambda w: {"person_id": w.objects["person_of_other"].pk},
    ),
    AccessCase(
        "api-v1:members_person_erase",
        allowed={"secretariat"},
        method="post",
        kwargs=lambda w: {"person_id": w.objects["person_of_other"].pk},
    ),
    AccessCase("api-v1:members_review_queue", allowed={"secretariat"}),
    AccessCase(
        "api-v1:members_application_decide",
        allowed={"secretariat"},
        method="post",
        kwargs=lambda w: {"application_id": w.objects["application"].pk},
        data=lambda w: {"decision": "decline", "decided_by": "ICB"},
    ),
    AccessCase(
        "api-v1:members_membership_step",
        allowed={"secretariat"},
        method="post",
        kwargs=_other,
        data=lambda w: {"status": "suspended", "decided_by": "ICB", "date": "2024-03-01"},
    ),
    AccessCase(
        "api-v1:members_import",
        allowed={"secretariat"},
        method="post",
        data=lambda w: {"file": _csv_file()},
    ),
    AccessCase("api-v1:members_counts", allowed={"secretariat", "officer"}),
    AccessCase(
        "api-v1:members_movements",
        allowed={"secretariat", "officer"},
        data=lambda w: {"start": "2019-01-01", "end": "2025-01-01"},
    ),
    AccessCase(
        "api-v1:members_growth",
        allowed={"secretariat", "officer"},
        data=lambda w: {"start": "2019-01-01", "end": "2025-01-01"},
    ),
    AccessCase("api-v1:members_export", allowed={"secretariat"}),
]
CASES += API_CASES
