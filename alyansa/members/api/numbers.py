"""The numbers of the registry, for the secretariat and officers."""

# No "from __future__ import annotations": django-ninja reads the parameter annotations.

from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field
from ninja.errors import HttpError

from alyansa.accounts.api import api_auth
from alyansa.accounts.models import User
from alyansa.accounts.permissions import has_any_role
from alyansa.accounts.requests import ApiRequest
from alyansa.accounts.roles import Role
from alyansa.core.bounds import Day
from alyansa.members import selectors
from alyansa.members.api.common import router
from alyansa.members.api.schemas import CountsOut, GrowthPoint, MovementsOut


def _may_see_numbers(user: User) -> None:
    if not has_any_role(user, [Role.SECRETARIAT, Role.OFFICER]):
        raise PermissionDenied


@router.get(
    "/counts",
    response=CountsOut,
    auth=api_auth,
    url_name="members_counts",
    summary="How many members on a date, by category, region and country",
)
def counts(request: ApiRequest, on: Day | None = None) -> Any:
    _may_see_numbers(request.auth)
    result = selectors.member_counts(on or timezone.localdate())
    return {
        "on": result.day,
        "total": result.total,
        "by_category": result.by_category,
        "by_region": [
            {"group": "region", "name": r.slug, "members": n} for r, n in result.by_region
        ],
        "by_country": [
            {"group": "country", "name": c.code, "members": n} for c, n in result.by_country
        ],
    }


@router.get(
    "/movements",
    response=MovementsOut,
    auth=api_auth,
    url_name="members_movements",
    summary="Who joined and who left between two dates (both included)",
)
def movements(request: ApiRequest, start: Day, end: Day) -> Any:
    _may_see_numbers(request.auth)
    joined, left = selectors.joined_and_left(start, end, request.auth)

    def out(m: Any) -> dict[str, Any]:
        return {
            "organization": m.name,
            "country": m.country,
            "status": m.status,
            "date": m.date,
            "decided_by": m.decided_by,
        }

    return {
        "start": start,
        "end": end,
        "joined": [out(m) for m in joined],
        "left": [out(m) for m in left],
    }


@router.get(
    "/growth",
    response=list[GrowthPoint],
    auth=api_auth,
    url_name="members_growth",
    summary="Member totals at evenly spaced dates (the chart's numbers)",
)
def growth(
    request: ApiRequest, start: Day, end: Day, points: Annotated[int, Field(ge=2, le=400)] = 24
) -> Any:
    _may_see_numbers(request.auth)
    if end < start:
        raise HttpError(422, "Give start <= end.")
    return [{"date": d, "members": n} for d, n in selectors.growth_series(start, end, points)]
