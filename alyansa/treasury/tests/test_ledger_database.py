"""The database itself refuses an unbalanced entry and any change to a posted one, on SQLite
and PostgreSQL: these tests write with raw SQL, around the services."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from alyansa.treasury.chart import BANK, CASH, CONTRIBUTIONS
from alyansa.treasury.models import EntryKind
from alyansa.treasury.services import LegSpec, entry_record
from alyansa.treasury.services.ledger import standard_account
from alyansa.treasury.testing import make_treasurer, usd

pytestmark = pytest.mark.django_db


def _sql(statement: str, params: list[object]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def _draft_entry() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO treasury_entry (date, kind, description, method, reference, recorded_at) "
            "VALUES (%s, 'transfer', 'raw', '', '', %s)",
            [DAY, datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)],
        )
        cursor.execute("SELECT MAX(id) FROM treasury_entry")
        return int(cursor.fetchone()[0])


DAY = datetime.date(2026, 1, 5)


def _leg(
    entry_id: int, account_id: int, minor: int, currency: str = "USD", day: datetime.date = DAY
) -> None:
    _sql(
        "INSERT INTO treasury_leg (entry_id, date, account_id, amount_minor, currency, memo) "
        "VALUES (%s, %s, %s, %s, %s, '')",
        [entry_id, day, account_id, minor, currency],
    )


def _post(entry_id: int) -> None:
    _sql(
        "INSERT INTO treasury_entryposting (entry_id, posted_at) VALUES (%s, %s)",
        [entry_id, datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)],
    )


@pytest.fixture
def accounts():  # type: ignore[no-untyped-def]
    return standard_account(BANK).pk, standard_account(CONTRIBUTIONS).pk


def test_the_database_posts_legs_that_balance(accounts) -> None:  # type: ignore[no-untyped-def]
    bank, income = accounts
    entry = _draft_entry()
    _leg(entry, bank, 1050)
    _leg(entry, income, -1050)
    _post(entry)


def test_the_database_refuses_to_post_legs_that_do_not_balance(accounts) -> None:  # type: ignore[no-untyped-def]
    bank, income = accounts
    entry = _draft_entry()
    _leg(entry, bank, 1050)
    _leg(entry, income, -1049)
    with pytest.raises(DatabaseError, match="balance in every currency"):
        _post(entry)


def test_the_database_refuses_legs_that_balance_only_across_currencies(accounts) -> None:  # type: ignore[no-untyped-def]
    bank, income = accounts
    entry = _draft_entry()
    _leg(entry, bank, 1000, "USD")
    _leg(entry, income, -1000, "PHP")
    with pytest.raises(DatabaseError, match="balance in every currency"):
        _post(entry)


def test_the_database_refuses_to_post_an_entry_of_one_leg_or_none(accounts) -> None:  # type: ignore[no-untyped-def]
    bank, _income = accounts
    empty = _draft_entry()
    with pytest.raises(DatabaseError, match="two legs or more"):
        _post(empty)
    single = _draft_entry()
    _leg(single, bank, 5)
    with pytest.raises(DatabaseError, match="two legs or more"):
        _post(single)


def test_the_database_refuses_a_zero_leg(accounts) -> None:  # type: ignore[no-untyped-def]
    bank, _income = accounts
    entry = _draft_entry()
    with pytest.raises(DatabaseError, match="trs_leg_not_zero"):
        _leg(entry, bank, 0)


@pytest.fixture
def posted():  # type: ignore[no-untyped-def]
    """An entry posted through the service: 25.00 USD in cash, as a contribution."""
    return entry_record(
        date=datetime.date(2026, 1, 5),
        kind=EntryKind.CONTRIBUTION,
        description="Solidarity night",
        legs=[
            LegSpec(account=standard_account(CASH), money=usd("25.00")),
            LegSpec(account=standard_account(CONTRIBUTIONS), money=-usd("25.00")),
        ],
        acting_user=make_treasurer(),
    )


def test_a_leg_cannot_be_added_to_a_posted_entry(posted) -> None:  # type: ignore[no-untyped-def]
    cash = standard_account(CASH).pk
    with pytest.raises(DatabaseError, match="reversing entry"):
        _leg(posted.pk, cash, 100)


def test_a_leg_carries_the_date_of_its_entry_which_then_stays(accounts) -> None:  # type: ignore[no-untyped-def]
    bank, _income = accounts
    entry = _draft_entry()
    with pytest.raises(DatabaseError, match="date of its entry"):
        _leg(entry, bank, 100, day=datetime.date(2026, 1, 6))
    _leg(entry, bank, 100)
    with pytest.raises(DatabaseError, match="date of its entry"):
        _sql(
            "UPDATE treasury_entry SET date = %s WHERE id = %s", [datetime.date(2026, 2, 1), entry]
        )


def test_a_leg_never_changes_even_before_posting(accounts) -> None:  # type: ignore[no-untyped-def]
    bank, _income = accounts
    entry = _draft_entry()
    _leg(entry, bank, 100)
    with pytest.raises(DatabaseError, match="never changes"):
        _sql("UPDATE treasury_leg SET amount_minor = 5 WHERE entry_id = %s", [entry])


def test_a_posted_leg_cannot_be_changed(posted) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError, match="never changes"):
        _sql(
            "UPDATE treasury_leg SET amount_minor = amount_minor * 2 WHERE entry_id = %s",
            [posted.pk],
        )


def test_a_posted_entry_cannot_be_redated_nor_its_posting_changed(posted) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError, match=r"reversing entry|date of its entry"):
        _sql(
            "UPDATE treasury_entry SET date = %s WHERE id = %s",
            [datetime.date(2020, 1, 1), posted.pk],
        )
    with pytest.raises(DatabaseError, match="never changes"):
        _sql(
            "UPDATE treasury_entryposting SET posted_at = %s WHERE entry_id = %s",
            [datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC), posted.pk],
        )


def test_a_posted_entry_cannot_be_posted_twice(posted) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError, match=r"(?i)unique|duplicate key"):
        _post(posted.pk)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's flush deletes row by row")
def test_on_postgresql_a_posted_entry_cannot_be_deleted(posted) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError, match="reversing entry"):
        _sql("DELETE FROM treasury_leg WHERE entry_id = %s", [posted.pk])
    with pytest.raises(DatabaseError, match="never changes"):
        _sql("DELETE FROM treasury_entryposting WHERE entry_id = %s", [posted.pk])


def test_who_recorded_an_entry_may_be_forgotten_when_their_account_goes(posted) -> None:  # type: ignore[no-untyped-def]
    """The guard covers what the entry says, not who typed it: deleting an account blanks it."""
    posted.recorded_by.delete()
    posted.refresh_from_db()
    assert posted.recorded_by is None
