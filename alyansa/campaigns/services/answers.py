"""An organization's answer to a call: pledged, declined or reported, changed by its
coordinator (signed in, or through the personal report link of the call's e-mail) or by the
secretariat on its behalf. Each change is one audit row: the answer's history.

Who may answer is checked by the view or API route before these are called (`may_answer_for`
in selectors.py, or the report link); `via_link` says the change came through the link, so the
audit row names no account.

    no answer → pledged → reported
              ↘ declined ↗
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.campaigns.audit_actions import Action
from alyansa.campaigns.errors import CampaignRuleError
from alyansa.campaigns.models import (
    Answer,
    AnswerState,
    CallToAction,
    DeclineReason,
    Report,
    ReportPhoto,
    Submission,
    links_cleaned,
)
from alyansa.core.text import single_line
from alyansa.members.models import Country
from alyansa.statements.services import MAX_IMAGE_BYTES, reencode_image

Status = CallToAction.Status
MAX_PHOTOS = 6
MAX_SUMMARY = 4000
# People taking part: a number, or a range. Beyond this, it is a typing error.
MAX_PARTICIPANTS = 10_000_000
SUBMISSION_KEY = re.compile(r"[0-9a-f]{16,64}")


def _locked(answer: Answer) -> Answer:
    """The answer, locked, once the call's state allows a change. Who may change it (a
    coordinator of the organization, the secretariat, or the holder of the answer's report link)
    is checked by the view or API route before the service is called."""
    locked = Answer.objects.select_for_update().select_related("call").get(pk=answer.pk)
    if locked.call.status not in (Status.ISSUED, Status.CLOSED):
        raise CampaignRuleError(_("This call is not open for answers."))
    return locked


def _record(
    answer: Answer,
    *,
    acting_user: User | AnonymousUser,
    via_link: bool,
    action: Action,
    before: str,
    **more: Any,
) -> None:
    audit_record(
        actor=None if via_link else acting_user,
        action=action,
        obj=answer,
        changes={
            "state": [before, answer.state],
            "via": "report link" if via_link else "account",
            **more,
        },
    )


def _moved(answer: Answer, state: str) -> None:
    now = timezone.now()
    answer.state = state
    answer.changed_at = now
    answer.answered_at = answer.answered_at or now


@transaction.atomic
def answer_pledge(
    *,
    answer: Answer,
    acting_user: User | AnonymousUser,
    planned_on: datetime.date | None,
    city: str,
    via_link: bool = False,
) -> Answer:
    """We will act: on which date, in which city. A reported answer stays reported."""
    locked = _locked(answer)
    if locked.call.status != Status.ISSUED:
        raise CampaignRuleError(_("The call is closed: report what you did instead."))
    if locked.state == AnswerState.REPORTED:
        raise CampaignRuleError(_("Your organization has reported already."))
    before = locked.state
    _moved(locked, AnswerState.PLEDGED)
    locked.planned_on = planned_on
    locked.planned_city = single_line(city)[:100]
    locked.save()
    _record(
        locked,
        acting_user=acting_user,
        via_link=via_link,
        action=Action.ANSWER_PLEDGE,
        before=before,
        planned_on=planned_on.isoformat() if planned_on else None,
    )
    return locked


@transaction.atomic
def answer_decline(
    *,
    answer: Answer,
    acting_user: User | AnonymousUser,
    reason: str,
    note: str = "",
    via_link: bool = False,
) -> Answer:
    """We cannot act this time, and why. A declined organization is information, not a failure."""
    locked = _locked(answer)
    if locked.state == AnswerState.REPORTED:
        raise CampaignRuleError(_("Your organization has reported already."))
    if reason not in DeclineReason.values:
        raise CampaignRuleError(_("Choose a reason."))
    before = locked.state
    _moved(locked, AnswerState.DECLINED)
    locked.decline_reason = reason
    locked.decline_note = note.strip()[:2000]
    locked.save()
    _record(
        locked,
        acting_user=acting_user,
        via_link=via_link,
        action=Action.ANSWER_DECLINE,
        before=before,
        reason=reason,
    )
    return locked


def new_submission_key() -> str:
    """The key a report form carries, so that sending it twice makes one report."""
    return secrets.token_hex(16)


def _participants(low: int | None, high: int | None) -> tuple[int | None, int | None]:
    for value in (low, high):
        if value is not None and not 0 <= value <= MAX_PARTICIPANTS:
            raise CampaignRuleError(_("Give how many took part as a number."))
    if low is None and high is not None:
        low = high
    if low is not None and high is not None and high < low:
        raise CampaignRuleError(_("The upper end of the range is below its lower end."))
    return low, (None if high == low else high)


def report_submit(
    *,
    answer: Answer,
    acting_user: User | AnonymousUser,
    key: str,
    summary: str,
    held_on: datetime.date,
    city: str,
    country: Country,
    held_until: datetime.date | None = None,
    participants_low: int | None = None,
    participants_high: int | None = None,
    partners: str = "",
    links: Sequence[Any] = (),
    is_public: bool = False,
    photos_public: bool = False,
    photos: Sequence[bytes] = (),
    via_link: bool = False,
) -> tuple[Report, bool]:
    """Report what happened (or correct the report). Returns (report, changed): a form sent
    again with the same key changes nothing and adds no photo, whatever the connection did.

    Photos are decoded and re-encoded before anything is saved (as statements' pictures):
    nothing but pixels is kept, and the original never reaches a disk."""
    if not SUBMISSION_KEY.fullmatch(key or ""):
        raise CampaignRuleError(_("The form is incomplete: open it again."))
    summary = summary.strip()[:MAX_SUMMARY]
    if not summary:
        raise CampaignRuleError(_("Say what happened."))
    if held_until is not None and held_until < held_on:
        raise CampaignRuleError(_("The end cannot come before the start."))
    city = single_line(city)[:100]
    if not city:
        raise CampaignRuleError(_("Say in which city."))
    low, high = _participants(participants_low, participants_high)
    if len(photos) > MAX_PHOTOS:
        raise CampaignRuleError(_("At most %(count)d photos.") % {"count": MAX_PHOTOS})
    for data in photos:
        if len(data) > MAX_IMAGE_BYTES:
            raise CampaignRuleError(_("A photo is too large (at most 15 MB)."))
    cleaned = [reencode_image(data) for data in photos]
    return _report_save(
        answer=answer,
        acting_user=acting_user,
        via_link=via_link,
        key=key,
        fields={
            "summary": summary,
            "held_on": held_on,
            "held_until": held_until,
            "city": city,
            "country": country,
            "participants_low": low,
            "participants_high": high,
            "partners": single_line(partners)[:300],
            "links": links_cleaned(links),
            "is_public": is_public,
            "photos_public": photos_public,
        },
        photos=cleaned,
    )


@transaction.atomic
def _report_save(
    *,
    answer: Answer,
    acting_user: User | AnonymousUser,
    via_link: bool,
    key: str,
    fields: dict[str, Any],
    photos: list[tuple[bytes, tuple[int, int]]],
) -> tuple[Report, bool]:
    locked = _locked(answer)
    try:
        with transaction.atomic():
            Submission.objects.create(key=key, answer=locked)
    except IntegrityError:
        # Taken already (by this very form, sent again): the report as it stands.
        report = Report.objects.filter(answer=locked).first()
        if report is None:
            raise CampaignRuleError(_("The form is incomplete: open it again.")) from None
        return report, False
    now = timezone.now()
    report = Report.objects.filter(answer=locked).first()
    if report is None:
        report = Report(answer=locked, submitted_at=now)
    for name, value in fields.items():
        setattr(report, name, value)
    report.updated_at = now
    report.save()
    for clean, (width, height) in photos:
        photo = ReportPhoto(report=report, key=secrets.token_hex(8), width=width, height=height)
        photo.image.save(f"{photo.key}.jpg", ContentFile(clean), save=False)
        photo.save()
    before = locked.state
    _moved(locked, AnswerState.REPORTED)
    locked.save()
    _record(
        locked,
        acting_user=acting_user,
        via_link=via_link,
        action=Action.ANSWER_REPORT,
        before=before,
        photos=len(photos),
        public=report.is_public,
    )
    return report, True


@transaction.atomic
def report_photo_remove(
    *, photo: ReportPhoto, acting_user: User | AnonymousUser, via_link: bool = False
) -> None:
    """Take a photo off a report (the file goes with it)."""
    _locked(photo.report.answer)
    audit_record(
        actor=None if via_link else acting_user,
        action=Action.ANSWER_REPORT,
        obj=photo.report.answer,
        changes={"photo_removed": photo.key},
    )
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
