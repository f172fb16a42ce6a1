"""The list of speakers on an item: who speaks, the clock, who waits."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone

from alyansa.assemblies.models import AgendaItem, Participant, SpeakerRequest


@dataclass
class SpeakersState:
    """Who has the floor on an item, the clock, and the queue (for the projector and phones)."""

    item: AgendaItem
    speaking: SpeakerRequest | None
    waiting: list[SpeakerRequest] = field(default_factory=list)
    now: datetime.datetime = field(default_factory=timezone.now)

    @property
    def ends_at(self) -> datetime.datetime | None:
        if self.speaking is None or self.speaking.called_at is None:
            return None
        return self.speaking.called_at + datetime.timedelta(
            seconds=self.speaking.allowed_seconds or 0
        )

    @property
    def remaining_seconds(self) -> int | None:
        """Seconds left (negative when over time), rendered server-side."""
        ends = self.ends_at
        return None if ends is None else math.floor((ends - self.now).total_seconds())

    @property
    def over_time(self) -> bool:
        return (self.remaining_seconds or 0) < 0

    @property
    def clock(self) -> str:
        remaining = self.remaining_seconds
        if remaining is None:
            return ""
        sign = "-" if remaining < 0 else ""
        minutes, seconds = divmod(abs(remaining), 60)
        return f"{sign}{minutes}:{seconds:02d}"

    def place_of(self, participant: Participant) -> int | None:
        for number, request in enumerate(self.waiting, start=1):
            if request.participant_id == participant.pk:
                return number
        return None


def speakers_state(item: AgendaItem) -> SpeakersState:
    """The floor on this item (two queries)."""
    speaking = (
        item.speakers.filter(called_at__isnull=False, finished_at__isnull=True)
        .select_related("participant__organization")
        .order_by("-called_at")
        .first()
    )
    waiting = list(item.speakers.waiting().select_related("participant__organization"))
    return SpeakersState(item=item, speaking=speaking, waiting=waiting)
