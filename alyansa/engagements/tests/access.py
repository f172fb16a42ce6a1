"""Who may open the engagements' pages, feeds and API endpoints (joined into the portal's
matrix)."""

from alyansa.core.testing import EVERYONE, SIGNED_IN, AccessCase

SECRETARIAT = {"secretariat"}
READERS = {"secretariat", "officer"}


def _engagement(key):  # type: ignore[no-untyped-def]
    return lambda w: {"engagement_id": w.objects[key].pk}


def _member(key):  # type: ignore[no-untyped-def]
    return lambda w: {
        "engagement_id": w.objects["engagement"].pk,
        "member_id": w.objects[key].pk,
    }


def _person(w):  # type: ignore[no-untyped-def]
    return {"person_id": w.objects["delegation_member"].person_id}


CASES: list[AccessCase] = [
    AccessCase("engagements:list", allowed=EVERYONE),
    AccessCase("engagements:month", allowed=EVERYONE, kwargs=lambda w: {"year": 2026, "month": 3}),
    AccessCase("engagements:detail", allowed=EVERYONE, kwargs=_engagement("engagement")),
    # An internal engagement answers 404 to anyone but readers, as an unknown one would.
    AccessCase("engagements:detail", allowed=READERS, kwargs=_engagement("internal_engagement")),
    AccessCase("engagements:feed", allowed=EVERYONE),
    AccessCase(
        "engagements:body_feed", allowed=EVERYONE, kwargs=lambda w: {"slug": w.objects["body"].slug}
    ),
    AccessCase(
        "engagements:region_feed",
        allowed=EVERYONE,
        kwargs=lambda w: {"slug": w.objects["organization"].region.slug},
    ),
    AccessCase("engagements:language_feed", allowed=EVERYONE, kwargs=lambda w: {"code": "es"}),
    # Whoever holds the private address reads it; an unknown one answers 404 to everyone.
    AccessCase(
        "engagements:private_feed",
        allowed=EVERYONE,
        kwargs=lambda w: {"secret": w.objects["calendar_secret"]},
    ),
    AccessCase(
        "engagements:private_feed", allowed=frozenset(), kwargs=lambda w: {"secret": "guess"}
    ),
    AccessCase("engagements:overview", allowed=SECRETARIAT),
    AccessCase("engagements:create", allowed=SECRETARIAT),
    AccessCase("engagements:manage", allowed=SECRETARIAT, kwargs=_engagement("engagement")),
    AccessCase(
        "engagements:cancel",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_engagement("engagement_to_cancel"),
    ),
    AccessCase(
        "engagements:outcome",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_engagement("engagement"),
        data=lambda w: {"outcome": "The chair's summary names us."},
    ),
    AccessCase(
        "engagements:delegate_add",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_engagement("engagement"),
        data=lambda w: {
            "person": w.objects["person_of_other"].pk,
            "role": "observer",
            "accreditation": "requested",
        },
    ),
    AccessCase(
        "engagements:delegate_edit", allowed=SECRETARIAT, kwargs=_member("delegation_member")
    ),
    AccessCase(
        "engagements:delegate_remove",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_member("member_to_remove"),
    ),
    AccessCase(
        "engagements:intervention_add",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_engagement("engagement"),
        data=lambda w: {"title": "Oral statement", "text_en": "Thank you, Chair."},
    ),
    AccessCase(
        "engagements:follow_up_add",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_engagement("engagement"),
        data=lambda w: {
            "title": "Write to the rapporteur",
            "owner": w.users["officer"].pk,
            "due_on": "2026-12-01",
        },
    ),
    AccessCase("engagements:tasks", allowed=SIGNED_IN),
    # The task's owner (the officer) and the secretariat; 404 for everyone else.
    AccessCase(
        "engagements:follow_up_mark",
        allowed={"officer", "secretariat"},
        method="post",
        kwargs=lambda w: {"task_id": w.objects["follow_up"].pk},
        data=lambda w: {"done": "0"},
    ),
    # Only an account linked to a registry person has a private calendar of its own.
    AccessCase("engagements:own_calendar", allowed={"plain"}),
    AccessCase("engagements:person_calendar", allowed=SECRETARIAT, kwargs=_person),
    AccessCase(
        "engagements:person_calendar_issue", allowed=SECRETARIAT, method="post", kwargs=_person
    ),
    AccessCase(
        "engagements:person_calendar_revoke", allowed=SECRETARIAT, method="post", kwargs=_person
    ),
    AccessCase("engagements:report", allowed=READERS),
    AccessCase(
        "engagements:report_attach",
        allowed=SECRETARIAT,
        method="post",
        data=lambda w: {
            "item": w.objects["engagements_report_item"].pk,
            "start": "2026-01-01",
            "end": "2026-12-31",
        },
    ),
    AccessCase(
        "engagements:attached_report",
        allowed=READERS,
        kwargs=lambda w: {"report_id": w.objects["engagements_report"].pk},
    ),
    AccessCase("api-v1:engagements_list", allowed=EVERYONE),
    AccessCase("api-v1:engagements_detail", allowed=EVERYONE, kwargs=_engagement("engagement")),
    AccessCase(
        "api-v1:engagements_detail",
        allowed=frozenset(),
        kwargs=_engagement("internal_engagement"),
    ),
    AccessCase("api-v1:engagements_all", allowed=READERS),
    AccessCase(
        "api-v1:engagements_create",
        allowed=SECRETARIAT,
        method="post",
        data=lambda w: {
            "title": "Matrix forum",
            "kind": "summit",
            "starts": "2026-05-04T09:00:00+02:00",
            "ends": "2026-05-04T17:00:00+02:00",
            "time_zone": "Europe/Brussels",
            "place": "Brussels",
        },
    ),
    AccessCase(
        "api-v1:engagements_cancel",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_engagement("api_engagement_to_cancel"),
    ),
    AccessCase(
        "api-v1:engagements_delegate_add",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_engagement("engagement"),
        data=lambda w: {"person_id": w.objects["person_of_own"].pk, "role": "delegate"},
    ),
    AccessCase("api-v1:engagements_report", allowed=READERS),
]
