"""Reading ballots from files: BLT, PrefLib .soi/.toi and CSV.

Every reader checks the whole file before anything is counted and raises `BallotError` naming
the line and the problem, so bad input never produces a partial result. Identical ballot lines
are grouped while still raw bytes, so a million-line file is parsed a few thousand lines at a
time.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import numpy as np
import numpy.typing as npt

from votecount.model import BallotError, IndexRanking, Profile, StrictMatrix, VoteCountError
from votecount.motion import MotionBallot

_ALTERNATIVE = re.compile(r"#\s*ALTERNATIVE NAME\s+(\d+)\s*:\s*(.*)$")
_PREFLIB_DATA = re.compile(r"^\s*(\d+)\s*:\s*(.*)$")


def read_file(path: str | Path, seats: int | None = None) -> Profile:
    """Read a ballot file, choosing the format by its extension (.blt, .soi, .toi, .csv)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".blt", ".soi", ".toi", ".csv"}:
        raise VoteCountError(
            f"{path.name}: unknown ballot format {suffix!r}; use .blt, .soi, .toi or .csv"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise VoteCountError(f"cannot read {path}: {error.strerror}") from error
    if suffix == ".blt":
        return parse_blt(data, source=path.name, seats=seats)
    if suffix in {".soi", ".toi"}:
        return parse_preflib(_decode(data), source=path.name, seats=seats or 1)
    return parse_csv(_decode(data), source=path.name, seats=seats or 1)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_blt(data: bytes, source: str = "", seats: int | None = None) -> Profile:
    """Read a BLT file: a header "candidates seats", an optional line of withdrawn candidates as
    negative numbers, one line per ballot "weight preference ... 0" (candidates numbered from 1,
    "=" between numbers for equal ranks; "weight 0" is a blank paper, which ranks nobody), a
    line "0", then one name per candidate (plain or in double quotes) and an optional title.
    "#" starts a comment line. Files whose numbers are separated by commas instead of spaces are
    read the same way.

    Plain files (numbers, spaces and newlines only between the header and the "0" line) are
    read in bulk by `_parse_blt_plain`; anything else, and any file with a bad ballot, takes the
    line-by-line path below, which names the first bad line and its problem."""
    plain = _parse_blt_plain(data, source, seats)
    if plain is not None:
        return plain
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    lines = data.split(b"\n")
    header_at = _first_content_line(lines, 0)
    if header_at is None:
        raise BallotError("the file is empty", None, source)
    with_commas = b"," in lines[header_at]
    if with_commas:
        lines = [line.replace(b",", b" ").strip() for line in lines]
    elif b" \n" in data or b"\t" in data or data.startswith(b" ") or b"\n " in data:
        lines = [line.strip() for line in lines]
    header = lines[header_at].split()
    if len(header) != 2 or not all(part.isdigit() for part in header):
        raise BallotError(
            "the first line must be two numbers: candidates and seats", header_at + 1, source
        )
    candidates, file_seats = int(header[0]), int(header[1])
    if candidates < 1:
        raise BallotError("there must be at least one candidate", header_at + 1, source)
    start = header_at + 1
    withdrawn: set[int] = set()
    if start < len(lines) and lines[start].startswith(b"-"):
        for token in lines[start].split():
            number = _number(token, start + 1, source)
            if not -candidates <= number < 0:
                raise BallotError(
                    f"withdrawn candidate {token.decode()} must be -1 to -{candidates}",
                    start + 1,
                    source,
                )
            withdrawn.add(-number - 1)
        start += 1
    try:
        end = lines.index(b"0", start)
    except ValueError:
        raise BallotError('no line "0" ends the ballots', None, source) from None
    grouped: Counter[IndexRanking] = Counter()
    tied_lines: dict[IndexRanking, int] = {}
    blank = 0
    for raw, repeats in Counter(lines[start:end]).items():
        if not raw or raw.startswith(b"#"):
            continue
        try:
            weight, ranking = _blt_ballot(raw, candidates)
        except ValueError as problem:
            raise BallotError(str(problem), lines.index(raw, start) + 1, source) from None
        if not ranking:
            blank += weight * repeats
            continue
        grouped[ranking] += weight * repeats
        if b"=" in raw and ranking not in tied_lines:
            tied_lines[ranking] = lines.index(raw, start) + 1
    names, title = _blt_names(lines[end + 1 :], candidates, end + 2, source)
    return Profile.from_groups(
        candidates=names,
        seats=file_seats if seats is None else seats,
        groups=grouped.items(),
        withdrawn=frozenset(withdrawn),
        title=title,
        lines=[tied_lines.get(ranking, 0) for ranking in grouped],
        source=source,
        blank=blank,
    )


_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[ord("0") : ord("9") + 1] = True
_PLAIN = _DIGIT.copy()
_PLAIN[[ord(" "), ord("\n")]] = True
_NEWLINE = ord("\n")
#: Longest number read in bulk: 18 digits always fit in a signed 64-bit integer.
_LONGEST_NUMBER = 18


def _parse_blt_plain(data: bytes, source: str, seats: int | None) -> Profile | None:
    """Read a plain BLT file in bulk with numpy, or return None for the line-by-line path.

    Plain means: the header "candidates seats" on the first line, an optional line of withdrawn
    candidates, then ballot lines holding only digits and spaces up to a line "0". Every ballot
    line is tokenised at once; lines are checked together (weight, final 0, candidate numbers,
    no candidate twice), and identical rankings are grouped by sorting a numeric key, so no
    Python object is made per line. If any line is not a well-formed strict ballot, None is
    returned and the careful path reports the first bad line."""
    if b"\r" in data or b"\t" in data:
        return None
    header_end = data.find(b"\n")
    header = data[:header_end].split()
    if header_end < 0 or len(header) != 2 or not all(part.isdigit() for part in header):
        return None
    candidates = int(header[0])
    if candidates < 1:
        return None
    start, line_number = header_end + 1, 2
    withdrawn: set[int] = set()
    if data.startswith(b"-", start):
        withdrawn_end = data.find(b"\n", start)
        for token in data[start:withdrawn_end].split():
            if not token.startswith(b"-") or not token[1:].isdigit():
                return None
            if not 1 <= int(token[1:]) <= candidates:
                return None
            withdrawn.add(int(token[1:]) - 1)
        start, line_number = withdrawn_end + 1, 3
    if data.startswith(b"0\n", start):
        end = start
    else:
        end = data.find(b"\n0\n", start - 1) + 1
        if end <= 0:
            return None
    section = np.frombuffer(data, dtype=np.uint8, count=end - start, offset=start)
    if len(section) and (not _PLAIN[section].all() or section[-1] != _NEWLINE):
        return None
    parsed = _bulk_ballots(section, candidates)
    if parsed is None:
        return None
    rankings, weights, blank = parsed
    ballot_lines = int(np.count_nonzero(section == _NEWLINE))
    # After the ballots: the line "0", then the names from line `line_number + ballot_lines + 1`.
    tail = data[end:].split(b"\n")[1:]
    names, title = _blt_names(tail, candidates, line_number + ballot_lines + 1, source)
    return Profile.from_matrix(
        candidates=names,
        seats=int(header[1]) if seats is None else seats,
        matrix=StrictMatrix(rankings=rankings, weights=weights, strict=True),
        withdrawn=frozenset(withdrawn),
        title=title,
        source=source,
        blank=blank,
    )


def _bulk_ballots(
    section: npt.NDArray[np.uint8], candidates: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64], int] | None:
    """Grouped strict rankings (rows of candidate indexes padded with `candidates`), their
    weights and the weight of the blank papers ("weight 0"), from ballot lines of digits and
    spaces; None if any line is not a valid ballot.

    Identical rankings are grouped first (by a numeric key per line), then only the distinct
    rankings are checked for a candidate ranked twice."""
    if not section.size:
        return np.full((0, 1), candidates, dtype=np.int32), np.zeros(0, dtype=np.int64), 0
    digit = _DIGIT[section]
    starts = np.flatnonzero(digit[1:] & ~digit[:-1]) + 1
    if digit[0]:
        starts = np.concatenate(([0], starts))
    ends = np.flatnonzero(digit[:-1] & ~digit[1:]) + 1  # the section ends with a newline
    del digit
    lengths = ends - starts
    del ends
    if lengths.max(initial=0) > _LONGEST_NUMBER:
        return None
    # Each number's value, one digit position at a time (most numbers have one or two digits).
    values = section[starts].astype(np.int64) - 48
    for place in range(1, int(lengths.max(initial=0))):
        longer = np.flatnonzero(lengths > place)
        values[longer] = values[longer] * 10 + section[starts[longer] + place] - 48
    del lengths
    newlines = np.flatnonzero(section == _NEWLINE)
    ends_of_lines = np.searchsorted(starts, newlines)  # numbers before each line's end
    del starts, newlines
    per_line = np.diff(ends_of_lines, prepend=0)
    if per_line.min(initial=3) < 2:
        return None  # an empty line, or a lone number: the careful path decides
    first = ends_of_lines - per_line
    if values[ends_of_lines - 1].any():
        return None  # a line not ending with 0
    blank_lines = per_line == 2  # "weight 0": a blank paper
    blank = int(values[first[blank_lines]].sum())
    if blank_lines.any():
        values = values[np.repeat(~blank_lines, per_line)]
        per_line = per_line[~blank_lines]
        first = np.cumsum(per_line) - per_line
        if not len(per_line):
            return np.full((0, 1), candidates, dtype=np.int32), np.zeros(0, dtype=np.int64), blank
    weights = values[first]
    width = int(per_line.max()) - 2
    base = candidates + 1
    if base ** (width + 1) >= 2**62:
        found = _bulk_rankings_by_rows(values, per_line, first, weights, candidates)
        return None if found is None else (*found, blank)
    # Each line's ranking as one number: preference j (from 0) counts candidate number x base^j;
    # the weight (place 0 in the line) counts nothing and the final 0 adds nothing.
    in_line = np.arange(len(values)) - np.repeat(first, per_line)
    marks = values[in_line > 0]
    if marks.max() > candidates or np.count_nonzero(marks == 0) != len(per_line):
        return None  # a candidate number out of range (or 0 before the end of a line)
    del marks
    powers = np.zeros(width + 2, dtype=np.int64)
    powers[1:] = base ** np.arange(width + 1, dtype=np.int64)
    keys = np.add.reduceat(values * powers[in_line], first)
    del in_line, values
    distinct, group_of, inverse = np.unique(keys, return_index=True, return_inverse=True)
    del keys
    totals = np.zeros(len(distinct), dtype=np.int64)
    np.add.at(totals, inverse.reshape(-1), weights)
    # Groups in order of first appearance, as the line-by-line path gives them.
    appearance = np.argsort(group_of, kind="stable")
    left = distinct[appearance]
    grouped = np.full((len(left), width + 1), candidates, dtype=np.int32)
    for position in range(width):
        digit = left % base
        left //= base
        grouped[:, position] = np.where(digit > 0, digit - 1, candidates)
    found = _checked(grouped, totals[appearance], candidates)
    return None if found is None else (*found, blank)


def _bulk_rankings_by_rows(
    values: npt.NDArray[np.int64],
    per_line: npt.NDArray[np.int64],
    first: npt.NDArray[np.int64],
    weights: npt.NDArray[np.int64],
    candidates: int,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]] | None:
    """As `_bulk_ballots`, for rankings too long to key by one 64-bit number: group matrix rows."""
    width = int(per_line.max()) - 2
    preferences = per_line - 2
    rows = np.repeat(np.arange(len(per_line)), preferences)
    column = np.arange(len(rows)) - np.repeat(np.cumsum(preferences) - preferences, preferences)
    marks = values[np.repeat(first + 1, preferences) + column]
    if marks.min() < 1 or marks.max() > candidates:
        return None
    rankings = np.full((len(per_line), width + 1), candidates, dtype=np.int32)
    rankings[rows, column] = marks - 1
    _, group_of, inverse = np.unique(rankings, axis=0, return_index=True, return_inverse=True)
    totals = np.zeros(len(group_of), dtype=np.int64)
    np.add.at(totals, inverse.reshape(-1), weights)
    appearance = np.argsort(group_of, kind="stable")
    return _checked(rankings[group_of[appearance]], totals[appearance], candidates)


def _checked(
    grouped: npt.NDArray[np.int32], totals: npt.NDArray[np.int64], candidates: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]] | None:
    """The distinct rankings, unless one ranks a candidate twice."""
    ordered = np.sort(grouped, axis=1)
    if ((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] < candidates)).any():
        return None
    return grouped, totals


def _first_content_line(lines: list[bytes], start: int) -> int | None:
    for number in range(start, len(lines)):
        stripped = lines[number].strip()
        if stripped and not stripped.startswith(b"#"):
            return number
    return None


def _number(token: bytes, line: int, source: str) -> int:
    try:
        return int(token)
    except ValueError:
        raise BallotError(
            f"{token.decode(errors='replace')!r} is not a number", line, source
        ) from None


def _blt_ballot(raw: bytes, candidates: int) -> tuple[int, IndexRanking]:
    """One ballot line: its weight and ranking (empty for a blank paper, "weight 0"). Raises
    ValueError saying what is wrong."""
    if b"=" not in raw and b"(" not in raw:
        # The common case, checked in bulk; any problem is described by the careful path below.
        try:
            numbers = list(map(int, raw.split()))
        except ValueError:
            numbers = []
        preferences = numbers[1:-1]
        if (
            len(numbers) > 2
            and numbers[0] >= 0
            and numbers[-1] == 0
            and min(preferences) >= 1
            and max(preferences) <= candidates
            and len(set(preferences)) == len(preferences)
        ):
            return numbers[0], tuple((candidate - 1,) for candidate in preferences)
    tokens = raw.split()
    if tokens[0].startswith(b"("):  # an optional ballot identifier, as OpenSTV writes
        tokens = tokens[1:]
    if not tokens or not tokens[0].isdigit():
        raise ValueError("a ballot line must start with its weight, a whole number")
    if len(tokens) < 2 or tokens[-1] != b"0":
        raise ValueError('a ballot line must end with "0"')
    seen: set[int] = set()
    ranking: list[tuple[int, ...]] = []
    for token in tokens[1:-1]:
        rank: list[int] = []
        for part in token.split(b"="):
            if not part.isdigit() or not 1 <= int(part) <= candidates:
                raise ValueError(
                    f"unknown candidate {part.decode(errors='replace')!r}: "
                    f"candidates are numbered 1 to {candidates}"
                )
            candidate = int(part) - 1
            if candidate in seen:
                raise ValueError(f"duplicate rank: candidate {candidate + 1} is ranked twice")
            seen.add(candidate)
            rank.append(candidate)
        ranking.append(tuple(sorted(rank)))
    return int(tokens[0]), tuple(ranking)


def _blt_names(
    lines: list[bytes], candidates: int, first_line: int, source: str
) -> tuple[list[str], str]:
    """The candidate names and title after the ballots. Names given only in comments
    ("# ALTERNATIVE NAME 3: ...", as in some published files) are used when the plain names
    are missing."""
    texts: list[str] = []
    alternatives: dict[int, str] = {}
    for raw in lines:
        line = _decode(raw).strip()
        comment = _ALTERNATIVE.match(line)
        if comment:
            alternatives[int(comment.group(1))] = _collapse(comment.group(2))
        elif line and not line.startswith("#"):
            texts.append(_unquote(line))
    if len(texts) >= candidates:
        names, rest = texts[:candidates], texts[candidates:]
    elif sorted(alternatives) == list(range(1, candidates + 1)):
        names, rest = [alternatives[number] for number in range(1, candidates + 1)], texts
    else:
        raise BallotError(
            f"expected {candidates} candidate names after the ballots, found {len(texts)}",
            first_line,
            source,
        )
    if len(set(names)) != len(names):
        duplicate = next(name for name in names if names.count(name) > 1)
        raise BallotError(f"two candidates are both named {duplicate!r}", first_line, source)
    return names, rest[0] if rest else ""


def _unquote(line: str) -> str:
    """A name line: text in double quotes ("" inside stands for one quote), anything after the
    closing quote (such as a party) ignored; or the plain line."""
    if not line.startswith('"'):
        return _collapse(line)
    text, position = [], 1
    while position < len(line):
        if line[position] == '"':
            if line[position + 1 : position + 2] == '"':
                text.append('"')
                position += 2
                continue
            break
        text.append(line[position])
        position += 1
    return _collapse("".join(text))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def parse_preflib(text: str, source: str = "", seats: int = 1) -> Profile:
    """Read PrefLib's .soi (strict orders) or .toi (orders with ties) format: metadata lines
    "# ALTERNATIVE NAME i: name", then lines "count: 1,2,{3,4}" where braces rank equally."""
    names: dict[int, str] = {}
    grouped: Counter[IndexRanking] = Counter()
    first_line: dict[IndexRanking, int] = {}
    declared: int | None = None
    body: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            alternative = _ALTERNATIVE.match(stripped)
            if alternative:
                names[int(alternative.group(1))] = _collapse(alternative.group(2))
            elif stripped.upper().startswith("# NUMBER ALTERNATIVES:"):
                declared = int(stripped.split(":", 1)[1])
            continue
        body.append((number, stripped))
    count = declared if declared is not None else len(names)
    if sorted(names) != list(range(1, count + 1)):
        raise BallotError(f"expected names for alternatives 1 to {count}", None, source)
    for number, line in body:
        match = _PREFLIB_DATA.match(line)
        if not match:
            raise BallotError('a ballot line must read "count: 1,2,{3,4}"', number, source)
        try:
            ranking = _preflib_ranking(match.group(2), count)
        except ValueError as problem:
            raise BallotError(str(problem), number, source) from None
        grouped[ranking] += int(match.group(1))
        first_line.setdefault(ranking, number)
    return Profile.from_groups(
        candidates=[names[number] for number in range(1, count + 1)],
        seats=seats,
        groups=grouped.items(),
        lines=[first_line[ranking] for ranking in grouped],
        source=source,
    )


def _preflib_ranking(text: str, count: int) -> IndexRanking:
    ranks: list[tuple[int, ...]] = []
    seen: set[int] = set()
    for group in re.findall(r"\{[^}]*\}|[^,{}\s]+", text):
        rank = []
        for part in group.strip("{}").split(","):
            part = part.strip()
            if not part.isdigit() or not 1 <= int(part) <= count:
                raise ValueError(f"unknown candidate {part!r}: alternatives are 1 to {count}")
            if int(part) - 1 in seen:
                raise ValueError(f"duplicate rank: alternative {part} is ranked twice")
            seen.add(int(part) - 1)
            rank.append(int(part) - 1)
        ranks.append(tuple(sorted(rank)))
    if not ranks:
        raise ValueError("empty ballot: it ranks no candidate")
    return tuple(ranks)


def parse_csv(text: str, source: str = "", seats: int = 1) -> Profile:
    """Read a CSV file: a header row of candidate names (and optionally a column "weight"),
    then one row per ballot giving each candidate's rank number (1 is first; blank means not
    ranked; equal numbers rank candidates equally). A row that ranks nobody but gives its weight
    is a blank paper (a row of empty cells is an empty line)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise BallotError("the file is empty", None, source)
    header = [_collapse(cell) for cell in rows[0]]
    weight_column = next((i for i, cell in enumerate(header) if cell.lower() == "weight"), None)
    columns = [i for i in range(len(header)) if i != weight_column]
    names = [header[i] for i in columns]
    if not names or any(not name for name in names) or len(set(names)) != len(names):
        raise BallotError("the header row must name each candidate once", 1, source)
    grouped: Counter[IndexRanking] = Counter()
    first_line: dict[IndexRanking, int] = {}
    blank = 0
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # an empty line
        if len(row) != len(header):
            raise BallotError(f"expected {len(header)} cells, found {len(row)}", number, source)
        try:
            weight = 1 if weight_column is None else int(row[weight_column])
            ranks: dict[int, list[int]] = {}
            for candidate, column in enumerate(columns):
                cell = row[column].strip()
                if cell:
                    ranks.setdefault(int(cell), []).append(candidate)
        except ValueError:
            raise BallotError("ranks and weights must be whole numbers", number, source) from None
        if not ranks:
            blank += weight
            continue
        ranking = tuple(tuple(ranks[rank]) for rank in sorted(ranks))
        grouped[ranking] += weight
        first_line.setdefault(ranking, number)
    return Profile.from_groups(
        candidates=names,
        seats=seats,
        groups=grouped.items(),
        lines=[first_line[ranking] for ranking in grouped],
        source=source,
        blank=blank,
    )


def read_motion_csv(path: str | Path) -> list[MotionBallot]:
    """Read a motion's ballots from CSV: a header row naming a column "choice" (yes, no or
    abstain, in any case) and optionally a column "weight" (or "count"), then one row per ballot
    or per group of identical ballots. Bad rows are refused naming the line."""
    path = Path(path)
    try:
        text = _decode(path.read_bytes())
    except OSError as error:
        raise VoteCountError(f"cannot read {path}: {error.strerror}") from error
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise BallotError("the file is empty", None, path.name)
    header = [_collapse(cell).lower() for cell in rows[0]]
    if "choice" not in header:
        raise BallotError('the header row must name a column "choice"', 1, path.name)
    choice_at = header.index("choice")
    weight_at = next((i for i, cell in enumerate(header) if cell in {"weight", "count"}), None)
    ballots: list[MotionBallot] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise BallotError(f"expected {len(header)} cells, found {len(row)}", number, path.name)
        choice = row[choice_at].strip().lower()
        if choice not in {"yes", "no", "abstain"}:
            raise BallotError(
                f"choice {row[choice_at].strip()!r} must be yes, no or abstain", number, path.name
            )
        weight_text = "1" if weight_at is None else row[weight_at].strip()
        if not weight_text.isdigit():
            raise BallotError(
                f"weight {weight_text!r} must be a whole number, 0 or more", number, path.name
            )
        ballots.append(MotionBallot(choice, int(weight_text)))  # type: ignore[arg-type]
    return ballots
