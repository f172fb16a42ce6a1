"""Numbers and dates from outside, bounded where they are read.

A number too large for a database column (an id past 64 bits), an offset past any list, or a
date whose arithmetic leaves the calendar (9999-12-31 plus a day) is a server error if it
reaches a query or a timedelta. Everything the outside sends is read through this module, so
that the whole class of inputs is closed in one place:

- path ids: `<id:pk>` in Django's URL patterns (the `id` converter, registered by core's app
  config; `<year:year>` for a year, `<month:month>` for a month) and `PathId` in API routes;
- query parameters and plain POST fields: `param_int`, `param_id` and `param_day`; in API
  routes `Day`, `Moment`, `Year` and `Count`, and the bounded pagination;
- form fields: `DayField`, `MomentField` and `CountField` (a test walks every form and refuses
  an unbounded integer or date field).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Annotated, Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

# The largest id of a BigAutoField, and of a count kept in an integer column.
MAX_ID = 2**63 - 1
MAX_COUNT = 2**31 - 1
# Past the last item of any list: an offset beyond it only costs a query.
MAX_OFFSET = 10_000_000
MAX_PAGE_SIZE = 500

# Dates anyone may ask about: an alliance's records start after 1900, and nothing is planned
# past 2199. Inside these bounds every date plus or minus a few centuries stays in the calendar.
EARLIEST_DAY = datetime.date(1900, 1, 1)
LATEST_DAY = datetime.date(2199, 12, 31)
EARLIEST_YEAR = EARLIEST_DAY.year
LATEST_YEAR = LATEST_DAY.year
# The same bounds as a pattern, so that the API's schema says which dates it accepts.
YEAR_PATTERN = r"^(19|20|21)[0-9]{2}-"


def day_in_bounds(day: datetime.date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


# ---- Path ids ---------------------------------------------------------------------------------


class IdConverter:
    """`<id:pk>`: a positive id that fits a BigAutoField; anything else does not match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class YearConverter:
    """`<year:year>`: a year from EARLIEST_YEAR to LATEST_YEAR; anything else does not match."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not EARLIEST_YEAR <= number <= LATEST_YEAR:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class MonthConverter:
    """`<month:month>`: a month from 1 to 12 (01 to 12 too); anything else does not match."""

    regex = "0?[1-9]|1[0-2]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def _iso_only(value: Any) -> Any:
    # pydantic would also read a number as seconds since 1970 ("0" is 1970-01-01).
    if isinstance(value, str) and not re.match(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("a date as YYYY-MM-DD")
    return value


def _check_day(day: datetime.date) -> datetime.date:
    if not day_in_bounds(day):
        raise ValueError(f"a date from {EARLIEST_DAY} to {LATEST_DAY}")
    return day


def _check_moment(moment: datetime.datetime) -> datetime.datetime:
    _check_day(moment.date())
    # A moment without an offset is in the site's zone, as on the pages.
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


# API types: pydantic checks them before a route runs and the OpenAPI document states them.
PathId = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Year = Annotated[int, Field(ge=EARLIEST_YEAR, le=LATEST_YEAR)]
Day = Annotated[
    datetime.date,
    BeforeValidator(_iso_only),
    AfterValidator(_check_day),
    PlainSerializer(lambda day: day.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": YEAR_PATTERN}),
]
Moment = Annotated[
    datetime.datetime,
    BeforeValidator(_iso_only),
    AfterValidator(_check_moment),
    PlainSerializer(lambda moment: moment.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": YEAR_PATTERN}),
]


class BoundedPagination(LimitOffsetPagination):
    """ninja's limit and offset, both bounded (settings.NINJA_PAGINATION_CLASS)."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


# ---- Query parameters and plain POST fields ---------------------------------------------------


def param_int(params: QueryDict, name: str, *, default: int, minimum: int, maximum: int) -> int:
    """The whole number `name`, within [minimum, maximum]; `default` when missing or not one."""
    raw = params.get(name, "").strip()
    if not raw or len(raw) > 20:
        return default
    try:
        number = int(raw)
    except ValueError:
        return default
    return min(max(number, minimum), maximum)


def param_id(params: QueryDict, name: str) -> int | None:
    """The id `name`, or None when it is missing or cannot be one (so a lookup finds nothing)."""
    raw = params.get(name, "").strip()
    try:
        return IdConverter().to_python(raw) if raw.isdigit() and len(raw) <= 19 else None
    except ValueError:
        return None


def param_day(
    params: QueryDict, name: str, *, default: datetime.date | None = None
) -> datetime.date | None:
    """The date `name` (YYYY-MM-DD) within the bounds above; `default` otherwise."""
    try:
        day = datetime.date.fromisoformat(params.get(name, "").strip()[:10])
    except ValueError:
        return default
    return day if day_in_bounds(day) else default


# ---- Form fields ------------------------------------------------------------------------------

_DAY_VALIDATORS: list[Callable[[Any], None]] = [
    MinValueValidator(EARLIEST_DAY, message=_("Give a date from 1900 on.")),
    MaxValueValidator(LATEST_DAY, message=_("Give a date before 2200.")),
]


class DayField(forms.DateField):
    """A date from 1900-01-01 to 2199-12-31."""

    default_validators = _DAY_VALIDATORS


class MomentField(forms.DateTimeField):
    """A date and time from 1900 to 2199 (so that moving it to UTC stays in the calendar)."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None:
            for validator in _DAY_VALIDATORS:
                validator(value.date())


class CountField(forms.IntegerField):
    """A whole number that fits an integer column (at most MAX_COUNT unless told less)."""

    def __init__(self, *, max_value: int = MAX_COUNT, **kwargs: Any) -> None:
        super().__init__(max_value=max_value, **kwargs)
