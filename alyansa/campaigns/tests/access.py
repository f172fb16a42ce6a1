"""Who may open the campaigns' pages and API endpoints (joined into the portal's matrix)."""

from django.core.files.base import ContentFile

from alyansa.campaigns.testing import picture
from alyansa.core.testing import EVERYONE, SIGNED_IN, AccessCase

STAFF = {"secretariat", "officer"}
SECRETARIAT = {"secretariat"}
OWN = STAFF | {"coordinator"}


def _call(key):  # type: ignore[no-untyped-def]
    return lambda w: {"call_id": w.objects[key].pk}


def _photo(key):  # type: ignore[no-untyped-def]
    """Each test has its own media folder: put the photo back in this one."""

    def kwargs(w):  # type: ignore[no-untyped-def]
        photo = w.objects[key]
        storage = photo.image.storage
        if not storage.exists(photo.image.name):
            storage.save(photo.image.name, ContentFile(picture()))
        return {"key": photo.key}

    return kwargs


CASES = [
    AccessCase("campaigns:index", allowed=EVERYONE),
    AccessCase("campaigns:dashboard", allowed=STAFF),
    AccessCase("campaigns:reminders_run", allowed=SECRETARIAT, method="post"),
    AccessCase("campaigns:campaign_new", allowed=SECRETARIAT),
    AccessCase(
        "campaigns:campaign", allowed=EVERYONE, kwargs=lambda w: {"slug": "matrix-campaign"}
    ),
    AccessCase(
        "campaigns:campaign_edit", allowed=SECRETARIAT, kwargs=lambda w: {"slug": "matrix-campaign"}
    ),
    AccessCase(
        "campaigns:campaign_calendar",
        allowed=EVERYONE,
        kwargs=lambda w: {"slug": "matrix-campaign"},
    ),
    AccessCase("campaigns:call_new", allowed=SECRETARIAT),
    AccessCase("campaigns:call", allowed=EVERYONE, kwargs=_call("call")),
    AccessCase("campaigns:call", allowed=STAFF, kwargs=_call("call_draft")),
    AccessCase("campaigns:call_edit", allowed=SECRETARIAT, kwargs=_call("call_draft")),
    AccessCase(
        "campaigns:call_step",
        allowed=SECRETARIAT,
        method="post",
        kwargs=lambda w: {"call_id": w.objects["call_draft"].pk, "step": "submit"},
    ),
    AccessCase(
        "campaigns:call_step",
        allowed={"officer"},
        method="post",
        kwargs=lambda w: {"call_id": w.objects["call_in_review"].pk, "step": "issue"},
    ),
    AccessCase("campaigns:board", allowed=STAFF, kwargs=_call("call")),
    AccessCase("campaigns:board_csv", allowed=STAFF, kwargs=_call("call")),
    AccessCase("campaigns:combined_report", allowed=EVERYONE, kwargs=_call("call")),
    AccessCase("campaigns:combined_report_pdf", allowed=EVERYONE, kwargs=_call("call")),
    # Before the call is issued and its deadline passed there is nothing to combine.
    AccessCase("campaigns:combined_report", allowed=frozenset(), kwargs=_call("call_draft")),
    # The token is the key: whoever holds the link may use it.
    AccessCase(
        "campaigns:report_link",
        allowed=EVERYONE,
        kwargs=lambda w: {"token": w.objects["report_token"]},
    ),
    # A link that does not work leads here: a page that answers 404 to everyone.
    AccessCase("campaigns:link_expired", allowed=frozenset()),
    AccessCase(
        "campaigns:answer", allowed=OWN, kwargs=lambda w: {"answer_id": w.objects["answer"].pk}
    ),
    AccessCase(
        "campaigns:answer",
        allowed=STAFF,
        kwargs=lambda w: {"answer_id": w.objects["answer_other"].pk},
    ),
    AccessCase(
        "campaigns:answer",
        allowed={"coordinator", "secretariat"},
        method="post",
        kwargs=lambda w: {"answer_id": w.objects["answer"].pk},
        data=lambda w: {"action": "decline", "decline-reason": "capacity"},
    ),
    AccessCase("campaigns:photo", allowed=EVERYONE, kwargs=_photo("photo_of_answer")),
    AccessCase("campaigns:photo", allowed=STAFF, kwargs=_photo("photo_of_answer_other")),
    AccessCase(
        "campaigns:organization",
        allowed=OWN,
        kwargs=lambda w: {"organization_id": w.objects["organization"].pk},
    ),
    AccessCase(
        "campaigns:organization",
        allowed=STAFF,
        kwargs=lambda w: {"organization_id": w.objects["other_organization"].pk},
    ),
    AccessCase(
        "campaigns:organization_calendar",
        allowed=EVERYONE,
        kwargs=lambda w: {"token": w.objects["calendar_token"]},
    ),
    # The JSON API.
    AccessCase("api-v1:campaigns_list", allowed=EVERYONE),
    AccessCase("api-v1:campaigns_calls", allowed=EVERYONE),
    AccessCase("api-v1:campaigns_call", allowed=EVERYONE, kwargs=_call("call")),
    AccessCase("api-v1:campaigns_call", allowed=STAFF, kwargs=_call("call_draft")),
    AccessCase("api-v1:campaigns_call_reports", allowed=EVERYONE, kwargs=_call("call")),
    # Everyone with an account gets a list: the answers they may see (often none).
    AccessCase("api-v1:campaigns_answers", allowed=SIGNED_IN),
    AccessCase(
        "api-v1:campaigns_answer",
        allowed={"coordinator", "secretariat"},
        method="post",
        kwargs=lambda w: {"answer_id": w.objects["answer_upcoming"].pk},
        data=lambda w: {"state": "pledged", "city": "Manila"},
    ),
]
