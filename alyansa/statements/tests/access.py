"""Who may open this app's pages and API endpoints (joined into the portal's access matrix)."""

from alyansa.core.testing import EVERYONE, AccessCase

STAFF = {"secretariat", "officer"}
SECRETARIAT = {"secretariat"}
OFFICER = {"officer"}
NOBODY: frozenset[str] = frozenset()


def _slug(name: str):  # type: ignore[no-untyped-def]
    return lambda world: {"slug": world.objects[name].slug}


def _published_language(world):  # type: ignore[no-untyped-def]
    return {"slug": world.objects["statement_published"].slug, "language": "ar"}


def _draft_language(world):  # type: ignore[no-untyped-def]
    return {"slug": world.objects["statement_draft"].slug, "language": "en"}


def _job(name: str):  # type: ignore[no-untyped-def]
    return lambda world: {"job_id": world.objects[name].pk}


CASES = [
    # The public side.
    AccessCase("statements:archive", allowed=EVERYONE),
    AccessCase("statements:feed_rss", allowed=EVERYONE),
    AccessCase("statements:feed_atom", allowed=EVERYONE),
    AccessCase("statements:feed_json", allowed=EVERYONE),
    AccessCase("statements:sitemap", allowed=EVERYONE),
    AccessCase("statements:detail", allowed=EVERYONE, kwargs=_slug("statement_published")),
    AccessCase("statements:detail_language", allowed=EVERYONE, kwargs=_published_language),
    AccessCase("statements:endorsers", allowed=EVERYONE, kwargs=_slug("statement_published")),
    # An empty form comes back with its errors; nothing is written.
    AccessCase(
        "statements:endorse", allowed=EVERYONE, method="post", kwargs=_slug("statement_published")
    ),
    # A coordinator endorses in the name of the organization it coordinates (others: 404).
    AccessCase(
        "statements:endorse_member",
        allowed={"coordinator"},
        method="post",
        kwargs=_slug("statement_published"),
        data=lambda world: {"organization": world.objects["organization"].pk},
    ),
    AccessCase(
        "statements:endorse_confirm", allowed=EVERYONE, kwargs=lambda world: {"token": "1.nope"}
    ),
    # A draft is not public: only its authors and approvers see it.
    AccessCase("statements:detail", allowed=STAFF, kwargs=_slug("statement_draft")),
    # The workspace.
    AccessCase("statements:manage", allowed=STAFF),
    AccessCase("statements:create", allowed=SECRETARIAT),
    AccessCase("statements:workflow", allowed=STAFF, kwargs=_slug("statement_draft")),
    AccessCase("statements:edit", allowed=SECRETARIAT, kwargs=_draft_language),
    AccessCase("statements:versions", allowed=STAFF, kwargs=_draft_language),
    AccessCase(
        "statements:submit", allowed=SECRETARIAT, method="post", kwargs=_slug("statement_draft")
    ),
    AccessCase(
        "statements:approve", allowed=OFFICER, method="post", kwargs=_slug("statement_in_review")
    ),
    AccessCase(
        "statements:return_to_draft",
        allowed=OFFICER,
        method="post",
        kwargs=_slug("statement_approved"),
    ),
    AccessCase(
        "statements:publish", allowed=STAFF, method="post", kwargs=_slug("statement_approved")
    ),
    AccessCase(
        "statements:withdraw", allowed=STAFF, method="post", kwargs=_slug("statement_to_withdraw")
    ),
    AccessCase(
        "statements:image_upload",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_slug("statement_draft"),
    ),
    AccessCase("statements:moderation", allowed=SECRETARIAT),
    AccessCase(
        "statements:moderate",
        allowed=SECRETARIAT,
        method="post",
        kwargs=lambda world: {"endorsement_id": world.objects["endorsement_confirmed"].pk},
        data=lambda world: {"decision": "approve"},
    ),
    AccessCase("statements:details", allowed=SECRETARIAT, kwargs=_slug("statement_draft")),
    # Posting an empty form changes nothing: it comes back with its errors.
    AccessCase(
        "statements:details",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_slug("statement_draft"),
    ),
    AccessCase("statements:topics", allowed=SECRETARIAT),
    AccessCase("statements:topics", allowed=SECRETARIAT, method="post"),
    AccessCase(
        "statements:topic_edit",
        allowed=SECRETARIAT,
        kwargs=lambda world: {"slug": world.objects["topic"].slug},
    ),
    # The occasions' pages, read and posted (an empty form: nothing is written).
    *(
        AccessCase(url_name, allowed=SECRETARIAT, method=method, kwargs=kwargs)
        for url_name, kwargs in [
            ("statements:occasions", None),
            ("statements:occasion_edit", _slug("occasion")),
        ]
        for method in ("get", "post")
    ),
    AccessCase("statements:import", allowed=SECRETARIAT),
    AccessCase("statements:import", allowed=SECRETARIAT, method="post"),
    AccessCase("statements:import_job", allowed=SECRETARIAT, kwargs=_job("import_checked")),
    AccessCase(
        "statements:import_confirm",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_job("import_checked"),
    ),
    AccessCase(
        "statements:import_resume", allowed=SECRETARIAT, method="post", kwargs=_job("import_failed")
    ),
    AccessCase(
        "statements:import_discard",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_job("import_to_discard"),
    ),
    # The API.
    AccessCase("api-v1:statements_list", allowed=EVERYONE),
    AccessCase("api-v1:statement_detail", allowed=EVERYONE, kwargs=_slug("statement_published")),
    AccessCase("api-v1:statement_detail", allowed=STAFF, kwargs=_slug("statement_draft")),
    AccessCase(
        "api-v1:statement_endorsements", allowed=EVERYONE, kwargs=_slug("statement_published")
    ),
    AccessCase(
        "api-v1:statement_create",
        allowed=SECRETARIAT,
        method="post",
        data=lambda world: {
            "slug": "matrix-from-api",
            "source_language": "en",
            "title": "From the API",
            "issued_on": "2026-05-01",
        },
    ),
    AccessCase(
        "api-v1:statement_translation",
        allowed=SECRETARIAT,
        method="put",
        kwargs=lambda world: {"slug": world.objects["statement_draft"].slug, "language": "es"},
        # A JSON text: the test client sends a string body as it is.
        data=lambda world: '{"title": "Declaración"}',  # type: ignore[arg-type,return-value]
    ),
    AccessCase(
        "api-v1:statement_submit",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_slug("statement_draft"),
    ),
    AccessCase(
        "api-v1:statement_approve",
        allowed=OFFICER,
        method="post",
        kwargs=_slug("statement_in_review"),
    ),
    AccessCase(
        "api-v1:statement_publish", allowed=STAFF, method="post", kwargs=_slug("statement_approved")
    ),
    AccessCase(
        "api-v1:statement_withdraw",
        allowed=STAFF,
        method="post",
        kwargs=_slug("statement_to_withdraw"),
        data=lambda world: {"note": "Replaced by a newer statement."},
    ),
    AccessCase("api-v1:statement_details", allowed=SECRETARIAT, kwargs=_slug("statement_draft")),
    AccessCase(
        "api-v1:statement_details_update",
        allowed=SECRETARIAT,
        method="patch",
        kwargs=_slug("statement_draft"),
        data=lambda world: '{"place": "Manila"}',  # type: ignore[arg-type,return-value]
    ),
    AccessCase("api-v1:statement_topics", allowed=SECRETARIAT),
    AccessCase(
        "api-v1:statement_topic_update",
        allowed=SECRETARIAT,
        method="put",
        kwargs=lambda world: {"slug": world.objects["topic"].slug},
        data=lambda world: '{"name": "Matrix topic", "names": {"tl": "Paksa ng matrix"}}',  # type: ignore[arg-type,return-value]
    ),
]
