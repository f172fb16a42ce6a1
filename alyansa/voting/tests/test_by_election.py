"""A by-election fills a seat in a term that has already begun: its mandates start on the day
the result is certified (or on the day the election sets), not at the term's start, when the
old holder still sat."""

from __future__ import annotations

import datetime

import pytest

from alyansa.assemblies.models import Assembly, Participant
from alyansa.governance.models import Mandate, Seat, Term
from alyansa.governance.services import mandate_assign, mandate_end
from alyansa.governance.testing import make_body, make_seat, make_term
from alyansa.members.testing import make_person
from alyansa.voting.models import Election
from alyansa.voting.services import (
    VotingRuleError,
    election_certify,
    election_create,
    election_poll_create,
    nomination_accept,
    nomination_create,
    poll_close,
    poll_open,
)
from alyansa.voting.testing import make_hall, vote

pytestmark = pytest.mark.django_db


def sitting_seat() -> tuple[Seat, Term, Mandate, Mandate]:
    """A seat with one holder and one alternate, both in office since the term began."""
    body = make_body()
    seat = make_seat(body, "Asia-Pacific", alternates=1)
    term = make_term(body, datetime.date(2023, 6, 1))
    holder = mandate_assign(
        term=term, seat=seat, person=make_person("Old Holder"), acting_user=None
    )
    alternate = mandate_assign(
        term=term,
        seat=seat,
        person=make_person("Old Alternate"),
        alternate_rank=1,
        acting_user=None,
    )
    return seat, term, holder, alternate


def by_election(
    seat: Seat, term: Term, assembly: Assembly, delegates: list[Participant], **when: datetime.date
) -> Election:
    """The seat's by-election at the assembly: the first delegate elected, the second ranked
    as the alternate."""
    election = election_create(
        assembly=assembly,
        title="By-election: Asia-Pacific seat",
        kind=Election.Kind.AT_LARGE,
        seat=seat,
        term=term,
        acting_user=None,
        **when,
    )
    for candidate in delegates[:2]:
        nomination = nomination_create(election=election, participant=candidate, acting_user=None)
        nomination_accept(nomination=nomination, acting_user=None)
    poll = poll_open(
        poll=election_poll_create(election=election, acting_user=None), acting_user=None
    )
    for delegate in delegates:
        vote(poll, delegate, "1", "2")
    poll_close(poll=poll, acting_user=None)
    return election


def test_a_by_election_is_certified_once_the_old_mandates_have_ended(clock) -> None:  # type: ignore[no-untyped-def]
    seat, term, holder, alternate = sitting_seat()
    assembly, delegates = make_hall(5)
    yesterday = assembly.today() - datetime.timedelta(days=1)
    mandate_end(mandate=holder, ends_on=yesterday, reason="Resigned", acting_user=None)
    mandate_end(mandate=alternate, ends_on=yesterday, reason="Resigned", acting_user=None)
    election = by_election(seat, term, assembly, delegates)

    election_certify(election=election, acting_user=None)

    election.refresh_from_db()
    assert election.status == Election.Status.CERTIFIED
    new = Mandate.objects.filter(seat=seat, term=term).exclude(pk__in=[holder.pk, alternate.pk])
    holders = new.filter(alternate_rank__isnull=True)
    assert [(m.public_name, m.starts_on) for m in holders] == [
        (delegates[0].display_name, assembly.today())
    ]
    assert [(m.public_name, m.starts_on) for m in new.filter(alternate_rank=1)] == [
        (delegates[1].display_name, assembly.today())
    ]
    assert list(Mandate.objects.on(assembly.today()).filter(seat=seat).order_by("pk")) == list(
        new.order_by("pk")
    )


def test_a_by_election_starts_its_mandates_on_the_day_it_sets(clock) -> None:  # type: ignore[no-untyped-def]
    seat, term, holder, alternate = sitting_seat()
    assembly, delegates = make_hall(5)
    next_month = assembly.today() + datetime.timedelta(days=30)
    # The old holder leaves at the end of the month; the by-election fills the seat from then.
    mandate_end(
        mandate=holder, ends_on=next_month - datetime.timedelta(days=1), reason="Resigns",
        acting_user=None,
    )  # fmt: skip
    mandate_end(
        mandate=alternate, ends_on=next_month - datetime.timedelta(days=1), reason="Resigns",
        acting_user=None,
    )  # fmt: skip
    election = by_election(seat, term, assembly, delegates, mandates_start_on=next_month)

    election_certify(election=election, acting_user=None)

    elected = Mandate.objects.get(seat=seat, public_name=delegates[0].display_name)
    assert elected.starts_on == next_month and elected.alternate_rank is None


def test_a_by_election_is_not_certified_while_the_old_holder_still_sits(clock) -> None:  # type: ignore[no-untyped-def]
    seat, term, _holder, _alternate = sitting_seat()
    election = by_election(seat, term, *make_hall(5))

    with pytest.raises(VotingRuleError, match="Every place of this seat is taken"):
        election_certify(election=election, acting_user=None)

    election.refresh_from_db()
    assert election.status == Election.Status.VOTING
    assert Mandate.objects.filter(seat=seat).count() == 2


def test_an_election_of_the_term_the_assembly_opens_starts_its_mandates_with_the_term() -> None:
    body = make_body()
    seat = make_seat(body, "At large")
    assembly, delegates = make_hall(3)
    term = make_term(body, assembly.today())
    election = election_create(
        assembly=assembly, title="At large", kind=Election.Kind.AT_LARGE, seat=seat, term=term,
        acting_user=None,
    )  # fmt: skip
    nomination_accept(
        nomination=nomination_create(election=election, participant=delegates[0], acting_user=None),
        acting_user=None,
    )
    poll = poll_open(
        poll=election_poll_create(election=election, acting_user=None), acting_user=None
    )
    for delegate in delegates:
        vote(poll, delegate, "1")
    poll_close(poll=poll, acting_user=None)

    election_certify(election=election, acting_user=None)

    assert Mandate.objects.get(seat=seat).starts_on == term.starts_on
