"""After the close, nothing PostgreSQL wrote joins a voter to a ballot
(docs/decisions/0005-ballot-secrecy-at-rest.md).

The test reads what a database administrator, or a thief of a disk image or a backup, could
read once the poll is closed: the raw heap pages of the voting tables (`pageinspect`, dead rows
included), every WAL record written since the opening (`pg_walinspect` for the records'
transactions and places, the segment files themselves for their bytes, full-page images
included) and `pg_stat_activity`. It knows every voter's key, receipt hash and ballot (each
voter ranks a different permutation of seven candidates, so a ballot's text names its voter if
it is ever found next to them) and looks for any of them together:

- a heap tuple holding a voter's key or receipt hash whose transaction id (`xmin`) is also
  that of a tuple holding a ballot in clear (the join of the audit: 295 links, 0 wrong);
- any ballot in clear in the pages of the cast-time tables (dead rows live on there);
- a transaction in the WAL whose records hold both a voter's key or receipt hash and a ballot
  in clear, and any ballot in clear in the WAL before the close (the order of the records
  would join them);
- a connection's last statement holding a voter key and a ballot in clear.

Another transaction holds a snapshot while the poll closes, as a long report or a backup
would: VACUUM then removes nothing, so the test does not depend on it.

PostgreSQL only (SQLite overwrites deleted content: see test_casting.py).
"""

from __future__ import annotations

import itertools
import os
import random
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from django.db import connection, connections

from alyansa.assemblies.models import Participant
from alyansa.voting.ballots import receipt_hash
from alyansa.voting.castpath import CastResult, cast_ballot
from alyansa.voting.models import Ballot, Poll
from alyansa.voting.services import poll_close
from alyansa.voting.testing import make_hall, make_open_poll

VOTERS = 240
CANDIDATES = 7
CASTING_THREADS = 4
WAL_PAGE = 8192
SHORT_PAGE_HEADER = 24  # XLogPageHeaderData, MAXALIGNed
LONG_PAGE_HEADER = 40  # the first page of a segment: XLogLongPageHeaderData


@dataclass(frozen=True)
class Voter:
    key: str
    receipt_hash: str
    ballot: str

    @property
    def marks(self) -> tuple[bytes, ...]:
        """How the voter shows in a row's bytes: the key as a short varlena (its one-byte
        header, then the text), and the receipt hash's hex text."""
        key = self.key.encode()
        return bytes([((len(key) + 1) << 1) | 1]) + key, self.receipt_hash.encode()


def _permutations(count: int) -> list[str]:
    every = list(itertools.permutations(range(1, CANDIDATES + 1)))
    random.Random(11).shuffle(every)
    return [">".join(map(str, order)) for order in every[:count]]


def _found(data: bytes, needles: Iterator[bytes] | list[bytes]) -> bool:
    return any(needle in data for needle in needles)


def _wal_without_page_headers(raw: bytes, base: int, start: int, end: int, segment: int) -> bytes:
    """The bytes of a WAL record (from `start` to `end`) without the page headers that fall
    inside it."""
    out = bytearray()
    position = start
    while position < end:
        page_end = min(end, (position // WAL_PAGE + 1) * WAL_PAGE)
        if position % WAL_PAGE == 0:
            position += LONG_PAGE_HEADER if position % segment == 0 else SHORT_PAGE_HEADER
        out += raw[position - base : page_end - base]
        position = page_end
    return bytes(out)


def _read_wal(cursor, start: int, end: int, segment: int) -> bytes:  # type: ignore[no-untyped-def]
    chunks = []
    position = start
    while position < end:
        segment_end = min(end, (position // segment + 1) * segment)
        cursor.execute("SELECT pg_walfile_name(%s::pg_lsn)", [_lsn_text(position)])
        name = cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_read_binary_file(%s, %s, %s)",
            [f"pg_wal/{name}", position % segment, segment_end - position],
        )
        chunks.append(bytes(cursor.fetchone()[0]))
        position = segment_end
    return b"".join(chunks)


def _lsn_text(position: int) -> str:
    return f"{position >> 32:X}/{position & 0xFFFFFFFF:X}"


def _lsn(text: str) -> int:
    high, low = text.split("/")
    return (int(high, 16) << 32) | int(low, 16)


def _cast_everyone(
    poll: Poll, delegates: list[Participant], ballots: list[str]
) -> tuple[list[Voter], threading.Event, list[threading.Thread]]:
    """Cast every ballot from a few threads, each on its own connection, and leave those
    connections open and idle (their last statement is a cast) until the test is done."""
    voters: list[Voter] = []
    done = threading.Barrier(CASTING_THREADS + 1)
    release = threading.Event()

    def caster(share: list[tuple[Participant, str]]) -> None:
        try:
            for delegate, ballot in share:
                key = f"d{delegate.pk}"
                outcome = cast_ballot(
                    poll_id=poll.pk,
                    voter_key=key,
                    choices=ballot.split(">"),
                    holder_id=delegate.pk,
                )
                assert outcome.result is CastResult.CAST
                voters.append(Voter(key, receipt_hash(outcome.receipt), ballot))
            done.wait()
            release.wait(timeout=300)
        finally:
            connections.close_all()

    pairs = list(zip(delegates, ballots, strict=True))
    threads = [
        threading.Thread(target=caster, args=(pairs[n::CASTING_THREADS],))
        for n in range(CASTING_THREADS)
    ]
    for thread in threads:
        thread.start()
    done.wait(timeout=300)
    return voters, release, threads


@pytest.mark.django_db(transaction=True)
def test_after_the_close_no_file_of_postgresql_joins_a_voter_to_a_ballot() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("reads PostgreSQL's own pages and write-ahead log")
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect")
        cursor.execute("SELECT oid FROM pg_database WHERE datname = current_database()")
        database = cursor.fetchone()[0]
        cursor.execute("SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size'")
        segment = cursor.fetchone()[0]
    assembly, delegates = make_hall(VOTERS)
    ballots = _permutations(VOTERS)
    with connection.cursor() as cursor:
        # A temporary slot keeps the WAL from here until this connection ends: a checkpoint of
        # the (shared) cluster during the test must not recycle the segments it reads.
        cursor.execute(
            "SELECT pg_create_physical_replication_slot(%s, true, true)",
            [f"alyansa_at_rest_{os.getpid()}"],
        )
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        opening = _lsn(cursor.fetchone()[0])
    names = tuple(f"Candidate {n}" for n in range(1, CANDIDATES + 1))
    poll = make_open_poll(assembly, kind="ranked", options=names, seats=2)
    voters, release, threads = _cast_everyone(poll, delegates, ballots)
    assert len(voters) == VOTERS

    # A long reader (a report, a backup) holds a snapshot while the poll closes.
    settings = connection.settings_dict
    reader = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
    )
    reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    reader.execute("SELECT COUNT(*) FROM voting_hasvoted")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        closing = _lsn(cursor.fetchone()[0])
    poll_close(poll=Poll.objects.get(pk=poll.pk), acting_user=None)
    reader.rollback()
    reader.close()
    assert sorted(Ballot.objects.filter(poll=poll).values_list("content", flat=True)) == sorted(
        ballots
    )

    clear = [ballot.encode() for ballot in ballots]
    marks = [mark for voter in voters for mark in voter.marks]
    try:
        with connection.cursor() as cursor:
            # 1. pg_stat_activity: each connection's last statement, as an administrator sees it.
            cursor.execute("SELECT query FROM pg_stat_activity WHERE datname = current_database()")
            statements = [row[0] or "" for row in cursor.fetchall()]
            joined_in_statements = [
                statement
                for statement in statements
                if any(f"'{voter.key}'" in statement for voter in voters)
                and any(ballot in statement for ballot in ballots)
            ]
            # 2. The heap pages of the voting tables, dead rows included.
            by_xmin_voter: set[int] = set()
            by_xmin_ballot: set[int] = set()
            clear_in_cast_pages = 0
            for table in ("voting_hasvoted", "voting_castballot", "voting_ballot"):
                cursor.execute("SELECT pg_relation_size(%s) / 8192", [table])
                for block in range(cursor.fetchone()[0]):
                    cursor.execute("SELECT get_raw_page(%s, %s)", [table, block])
                    page = bytes(cursor.fetchone()[0])
                    if table != "voting_ballot":
                        clear_in_cast_pages += sum(page.count(ballot) for ballot in clear)
                    cursor.execute(
                        "SELECT t_xmin::text::bigint, t_data FROM heap_page_items(%s) "
                        "WHERE t_data IS NOT NULL",
                        [page],
                    )
                    for xmin, data in cursor.fetchall():
                        data = bytes(data)
                        if _found(data, marks):
                            by_xmin_voter.add(xmin)
                        if _found(data, clear):
                            by_xmin_ballot.add(xmin)
            # 3. The write-ahead log since the opening, record by record.
            cursor.execute("SELECT pg_current_wal_flush_lsn()::text")
            end = _lsn(cursor.fetchone()[0])
            raw = _read_wal(cursor, opening, end, segment)
            cursor.execute(
                "SELECT start_lsn::text, end_lsn::text, xid::text::bigint, "
                "COALESCE(block_ref, '') FROM pg_get_wal_records_info(%s::pg_lsn, %s::pg_lsn)",
                [_lsn_text(opening), _lsn_text(end)],
            )
            records = cursor.fetchall()
    finally:
        release.set()
        for thread in threads:
            thread.join()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_drop_replication_slot(%s)", [f"alyansa_at_rest_{os.getpid()}"]
            )

    ours = f"/{database}/"
    our_xids = {xid for _s, _e, xid, blocks in records if xid and ours in blocks}
    transactions: dict[object, list[bytes]] = defaultdict(list)
    clear_before_close = 0
    for number, (start_text, end_text, xid, blocks) in enumerate(records):
        if not (xid in our_xids or ours in blocks):
            continue  # another database of the cluster
        start, stop = _lsn(start_text), min(_lsn(end_text), end)
        data = _wal_without_page_headers(raw, opening, start, stop, segment)
        transactions[xid or f"record {number}"].append(data)
        if start < closing:
            clear_before_close += sum(data.count(ballot) for ballot in clear)
    joined_in_wal = [
        xid
        for xid, parts in transactions.items()
        if _found(b"".join(parts), marks) and _found(b"".join(parts), clear)
    ]
    assert sum(1 for xid in by_xmin_voter if xid) >= VOTERS // 2, "the test found no voters"
    assert any(_found(b"".join(p), marks) for p in transactions.values()), "found no WAL"

    assert joined_in_statements == []
    assert by_xmin_voter & by_xmin_ballot == set()
    assert clear_in_cast_pages == 0
    assert clear_before_close == 0
    assert joined_in_wal == []
