"""Who may open this app's pages and API endpoints (joined into the portal's access matrix)."""

from alyansa.core.testing import EVERYONE, AccessCase

SECRETARIAT = {"secretariat"}


def _body(w):  # type: ignore[no-untyped-def]
    return {"slug": w.objects["body"].slug}


def _seat(name: str):  # type: ignore[no-untyped-def]
    return lambda w: {"slug": w.objects["body"].slug, "seat_id": w.objects[name].pk}


CASES: list[AccessCase] = [
    AccessCase("governance:bodies", allowed=EVERYONE),
    AccessCase(
        "governance:body", allowed=EVERYONE, kwargs=lambda w: {"slug": w.objects["body"].slug}
    ),
    AccessCase("governance:constitution", allowed=EVERYONE),
    AccessCase(
        "governance:constitution_version",
        allowed=EVERYONE,
        kwargs=lambda w: {"number": w.objects["constitution"].number},
    ),
    AccessCase(
        "governance:body_manage",
        allowed=SECRETARIAT,
        kwargs=lambda w: {"slug": w.objects["body"].slug},
    ),
    AccessCase(
        "governance:body_manage",
        allowed=SECRETARIAT,
        method="post",
        kwargs=lambda w: {"slug": w.objects["body"].slug},
        data=lambda w: {
            "action": "mandate",
            "mandate-term": w.objects["term"].pk,
            "mandate-seat": w.objects["seat"].pk,
            "mandate-person": w.objects["person_of_other"].pk,
        },
    ),
    AccessCase("governance:constitution_amend", allowed=SECRETARIAT),
    # Bodies and their seat rules. An empty form comes back with its errors; nothing is written.
    AccessCase("governance:body_create", allowed=SECRETARIAT),
    AccessCase("governance:body_create", allowed=SECRETARIAT, method="post"),
    AccessCase("governance:body_edit", allowed=SECRETARIAT, kwargs=_body),
    AccessCase("governance:body_edit", allowed=SECRETARIAT, method="post", kwargs=_body),
    AccessCase("governance:seats", allowed=SECRETARIAT, kwargs=_body),
    AccessCase("governance:seats", allowed=SECRETARIAT, method="post", kwargs=_body),
    AccessCase("governance:seat_edit", allowed=SECRETARIAT, kwargs=_seat("seat")),
    AccessCase("governance:seat_edit", allowed=SECRETARIAT, method="post", kwargs=_seat("seat")),
    AccessCase(
        "governance:seat_remove", allowed=SECRETARIAT, method="post", kwargs=_seat("seat_unused")
    ),
    # The JSON API.
    AccessCase("api-v1:governance_bodies", allowed=EVERYONE),
    AccessCase(
        "api-v1:governance_body",
        allowed=EVERYONE,
        kwargs=lambda w: {"slug": w.objects["body"].slug},
    ),
    AccessCase(
        "api-v1:governance_terms",
        allowed=EVERYONE,
        kwargs=lambda w: {"slug": w.objects["body"].slug},
    ),
    AccessCase("api-v1:governance_constitution", allowed=EVERYONE),
    AccessCase(
        "api-v1:governance_constitution_version",
        allowed=EVERYONE,
        kwargs=lambda w: {"number": w.objects["constitution"].number},
    ),
    AccessCase(
        "api-v1:governance_term_open",
        allowed=SECRETARIAT,
        method="post",
        kwargs=lambda w: {"slug": w.objects["body"].slug},
        data=lambda w: {
            "label": "2027-",
            "starts_on": "2027-01-01",
            "opened_by": "General Assembly 2027",
        },
    ),
    AccessCase(
        "api-v1:governance_mandate_assign",
        allowed=SECRETARIAT,
        method="post",
        kwargs=lambda w: {"term_id": w.objects["term"].pk},
        data=lambda w: {
            "seat_id": w.objects["seat"].pk,
            "person_id": w.objects["person_of_own"].pk,
        },
    ),
    AccessCase(
        "api-v1:governance_constitution_amend",
        allowed=SECRETARIAT,
        method="post",
        data=lambda w: {
            "title": "Constitution",
            "text": "Article 1.",
            "adopted_on": "2023-06-01",
            "ratified_by": "GA 2023",
        },
    ),
]
