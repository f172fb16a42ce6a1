"""The program's dashboard: every target with its figure, counted by area, region and owner,
planned against done, and the answers to the term's calls by region (the campaigns' ledger).

The public version counts public records only and names organizations through the public
projection (an at-risk organization is counted, never named); the internal one counts every
record. Either is built in a fixed number of queries, whatever the number of targets, records
or organizations (tests count them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from alyansa.accounts.permissions import is_secretariat
from alyansa.campaigns.ledger import Tally
from alyansa.campaigns.models import Answer, CallToAction
from alyansa.core.charts import Bar, Segment, stacked_bars_svg
from alyansa.members import public as public_names
from alyansa.members.models import Organization, Region
from alyansa.programs.freshness import program_generation
from alyansa.programs.indicators import Figure, figures
from alyansa.programs.models import Owner, Program, Target, TargetState

STATES = [TargetState.DONE, TargetState.UNDER_WAY, TargetState.NOT_STARTED, TargetState.DROPPED]


@dataclass
class Row:
    target: Target
    figure: Figure
    owner: str  # who carries it, as the reader may see it
    regions: list[str]


@dataclass
class Group:
    """Targets counted by state: planned (all but the dropped) against done."""

    label: str
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, state: str) -> None:
        self.counts[state] += 1

    @property
    def planned(self) -> int:
        return sum(self.counts.values()) - self.counts[TargetState.DROPPED]

    @property
    def done(self) -> int:
        return self.counts[TargetState.DONE]

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0

    def bar(self) -> Bar:
        return Bar(
            self.label,
            tuple(Segment(str(state.label), self.counts[state]) for state in STATES),
        )


@dataclass
class Dashboard:
    program: Program
    public: bool
    rows: list[Row]
    by_area: dict[str, Group]
    by_region: dict[str, Group]
    by_owner: dict[str, Group]
    responses: Tally
    responses_by_region: dict[str, Tally]
    calls: int

    @property
    def total(self) -> Group:
        group = Group(_("The whole program"))
        for row in self.rows:
            group.add(row.figure.state)
        return group

    def area_chart(self) -> str:
        bars = [group.bar() for group in self.by_area.values()]
        return stacked_bars_svg(bars, title=_("Targets by area: done against planned"))

    def region_chart(self) -> str:
        bars = [group.bar() for group in self.by_region.values()]
        return stacked_bars_svg(bars, title=_("Targets by region"))

    def response_chart(self) -> str:
        bars = [Bar(label, tally.segments()) for label, tally in self.responses_by_region.items()]
        return stacked_bars_svg(bars, title=_("Answers to the term's calls by region"))


def targets_of(program: Program) -> list[Target]:
    """The program's targets in order, with what their owners and areas need (two queries)."""
    return list(
        Target.objects.filter(goal__area__program=program)
        .select_related("goal__area", "owner_body", "owner_region", "owner_chapter__region")
        .prefetch_related(
            Prefetch(
                "owner_organizations",
                queryset=Organization.objects.select_related("region").order_by("name"),
            )
        )
        .order_by("goal__area__position", "goal__position", "position")
    )


def owner_label(target: Target, user: Any) -> str:
    """Who carries the target, as `user` (None: the public) may see it."""
    if target.owner == Owner.BODY and target.owner_body is not None:
        return str(target.owner_body)
    if target.owner == Owner.REGION and target.owner_region is not None:
        return target.owner_region.display_name
    if target.owner == Owner.CHAPTER and target.owner_chapter is not None:
        return target.owner_chapter.name
    if target.owner == Owner.ORGANIZATIONS:
        names = public_names.organizations(target.owner_organizations.all(), user)
        shown = [named.short for named in names]
        if names.unnamed:
            shown.append(names.unnamed_label)
        return ", ".join(shown)
    return str(_("The alliance"))


def regions_of(target: Target) -> list[str]:
    if target.owner == Owner.REGION and target.owner_region is not None:
        return [target.owner_region.display_name]
    if target.owner == Owner.CHAPTER and target.owner_chapter is not None:
        region = target.owner_chapter.region
        return [region.display_name] if region is not None else [str(_("Alliance-wide"))]
    if target.owner == Owner.ORGANIZATIONS:
        return sorted({org.region.display_name for org in target.owner_organizations.all()})
    return [str(_("Alliance-wide"))]


def term_calls(program: Program, *, public: bool) -> Any:
    """The calls issued for days within the program's term."""
    calls = CallToAction.objects.public() if public else CallToAction.objects.issued()
    return calls.filter(starts_on__gte=program.starts_on, starts_on__lte=program.ends_on)


def responses_by_region(program: Program, *, public: bool) -> tuple[Tally, dict[str, Tally], int]:
    """The answers to the term's calls, counted by state and region (two queries)."""
    calls = term_calls(program, public=public)
    counts = (
        Answer.objects.filter(call__in=calls)
        .values_list("organization__region_id", "state")
        .annotate(number=Count("pk"))
        .order_by()
    )
    regions = {region.pk: region for region in Region.objects.all()}
    total = Tally()
    by_region: dict[int, Tally] = defaultdict(Tally)
    for region_id, state, number in counts:
        total.add(state, number)
        by_region[region_id].add(state, number)
    ordered = sorted(by_region.items(), key=lambda item: (regions[item[0]].position, item[0]))
    named = {regions[region_id].display_name: tally for region_id, tally in ordered}
    return total, named, calls.count()


def dashboard_build(program: Program, *, public: bool, user: Any = None) -> Dashboard:
    """The dashboard, public (user None, public records) or internal (every record)."""
    targets = targets_of(program)
    found = figures(program, targets, public=public)
    reader = None if public else user
    rows: list[Row] = []
    by_area: dict[str, Group] = {}
    by_region: dict[str, Group] = {}
    by_owner: dict[str, Group] = {}
    for target in targets:
        row = Row(target, found[target.pk], owner_label(target, reader), regions_of(target))
        rows.append(row)
        area = target.goal.area.local_title
        by_area.setdefault(area, Group(area)).add(row.figure.state)
        by_owner.setdefault(row.owner, Group(row.owner)).add(row.figure.state)
        for region in row.regions:
            by_region.setdefault(region, Group(region)).add(row.figure.state)
    total, responses, calls = responses_by_region(program, public=public)
    return Dashboard(
        program=program,
        public=public,
        rows=rows,
        by_area=by_area,
        by_region=dict(sorted(by_region.items())),
        by_owner=dict(sorted(by_owner.items())),
        responses=total,
        responses_by_region=responses,
        calls=calls,
    )


# The dashboards sum a whole term's records; a figure a minute old is as good as a fresh one for
# a plan followed over years, and the pages stay fast however many records there are.
CACHE_SECONDS = 60


def dashboard_html(program: Program, *, public: bool, user: Any = None) -> str:
    """The dashboard's figures, charts and tables as HTML rendered at most CACHE_SECONDS ago.
    The key holds what changes what it
    shows: the program, the version, the language, whether the reader may see at-risk
    organizations named, the public projection's generation (an organization marked at risk
    disappears at once, not a minute later) and the program's own (freshness.py)."""
    entitled = not public and is_secretariat(user)
    key = ":".join(
        str(part)
        for part in (
            "alyansa:programs:dashboard",
            program.pk,
            program_generation(program.pk),
            "public" if public else "internal",
            "entitled" if entitled else "",
            get_language() or "",
            public_names.naming_generation() or "",
        )
    )
    found = cache.get(key)
    if found is None:
        board = dashboard_build(program, public=public, user=None if public else user)
        found = render_to_string("programs/_board.html", {"board": board, "program": program})
        cache.set(key, found, CACHE_SECONDS)
    return mark_safe(found)  # noqa: S308 (our own template's output, escaped when rendered)
