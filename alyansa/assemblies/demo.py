"""This app's part of the demo alliance (called by alyansa/portal/demo.py, in order).

Two assemblies, dated from today so that the demo always has one behind and one ahead:

- PAST_SLUG, the 4th General Assembly, held about three months ago in Hong Kong: delegates of
  most member organizations from every country, guests and observers, check-in, two proxies,
  and an agenda decided through the services — the agenda and rules approved, new members
  admitted through the registry's admission service, reports approved (one with additions), the
  program of action with its amendments, a constitutional amendment ratified as a new
  constitution version, and the election items left for voting/demo.py (which reopens the
  session, runs the elections, decides those items and closes it again).
- UPCOMING_SLUG, an extraordinary assembly in about four months (hybrid): registered delegates
  with credentials, a draft agenda with a constitutional amendment and a by-election (which
  voting/demo.py fills with nominations), its own rules for decisions (constitutional
  amendments need three quarters, admissions two thirds), two delegates already checked in at
  the desk and a written proxy the secretariat recorded there. One delegate's sign-in link is
  printed.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo

from django.utils import timezone

from alyansa.accounts.demo import demo_email
from alyansa.accounts.models import User
from alyansa.assemblies.badges import sign_in_url
from alyansa.assemblies.models import (
    Assembly,
    Attendance,
    ItemKind,
    Outcome,
    Participant,
    SpeakerRequest,
    ThresholdChoice,
)
from alyansa.assemblies.services import (
    amendment_add,
    amendment_decide,
    assembly_create,
    assembly_set_status,
    attendance_check_in,
    credential_issue,
    item_create,
    item_decide,
    item_open,
    item_translate,
    item_update,
    participant_register,
    proxy_grant,
    speaker_call_next,
    speaker_request,
)
from alyansa.governance.models import ConstitutionVersion
from alyansa.members.demo import DEMO_COORDINATOR_ORG, person_name
from alyansa.members.models import (
    Country,
    MembershipCategory,
    MembershipStatus,
    Organization,
)
from alyansa.members.services import Profile, membership_record, organization_create

PAST_SLUG = "4th-general-assembly"
UPCOMING_SLUG = "extraordinary-general-assembly"
BY_ELECTION_ITEM = "By-election of a regional seat"

ARABIC_NAMES = ["فاطمة حداد", "أمينة رحمن", "يوسف منصور", "مريم خليل", "نور الهدى"]

NEW_MEMBERS = [
    ("Union of Migrant Fishers in Keelung", "TW"),
    ("Domestic Workers Solidarity Doha", "QA"),
    ("Kapatiran ng Manggagawa sa Milan", "IT"),
    ("Migrant Care Workers of Osaka", "JP"),
]

PROGRAM = (
    "The assembly resolves, for the next three years:\n"
    "1. to campaign for the ratification of ILO Convention 189 in every host country;\n"
    "2. to end the kafala and tied-visa systems;\n"
    "3. to organize migrants in new sectors: care, fishing, platform work."
)


def _at(day: datetime.date, hour: int, zone: str) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zoneinfo.ZoneInfo(zone))


def _name(rng: random.Random, organization: Organization) -> str:
    if organization.country.code in {"AE", "SA", "QA", "LB"} and rng.random() < 0.5:
        return rng.choice(ARABIC_NAMES)
    return person_name(rng)


def load(rng: random.Random) -> list[str]:
    _past(rng)
    return _upcoming(rng)


def _past(rng: random.Random) -> Assembly:
    zone = "Asia/Hong_Kong"
    day = timezone.localdate() - datetime.timedelta(days=95)
    assembly = assembly_create(
        title="4th General Assembly",
        slug=PAST_SLUG,
        theme="Migrants unite: rights, dignity and justice across borders",
        starts_at=_at(day, 9, zone),
        ends_at=_at(day + datetime.timedelta(days=2), 18, zone),
        time_zone=zone,
        venue="Hong Kong, Kowloon Union Hall",
        hybrid=True,
        delegate_quota=2,
        acting_user=None,
    )
    # Applicants that this assembly admits (they applied months before).
    newcomers = []
    for name, code in NEW_MEMBERS:
        organization = organization_create(
            profile=Profile(name=name, country=Country.objects.get(code=code)), acting_user=None
        )
        membership_record(
            organization=organization,
            status=MembershipStatus.APPLIED,
            date=day - datetime.timedelta(days=rng.randint(60, 150)),
            category=MembershipCategory.FULL,
            acting_user=None,
        )
        newcomers.append(organization)

    assembly_set_status(assembly=assembly, status=Assembly.Status.ANNOUNCED, acting_user=None)
    members = list(Organization.objects.current_members().select_related("country", "membership"))
    delegates: list[Participant] = []
    for organization in members:
        for _ in range(1 if rng.random() < 0.6 else 2):
            delegates.append(
                participant_register(
                    assembly=assembly,
                    kind=Participant.Kind.DELEGATE,
                    organization=organization,
                    display_name=_name(rng, organization),
                    acting_user=None,
                )
            )
    for number, (kind, country) in enumerate(
        [("guest", "PH"), ("guest", "ID"), ("observer", "GB"), ("observer", "KE"), ("guest", "MX")]
    ):
        participant_register(
            assembly=assembly,
            kind=kind,
            display_name=f"{person_name(rng)} ({'Ally' if kind == 'guest' else 'Press'} {number})",
            country=Country.objects.get(code=country),
            acting_user=None,
        )
    assembly_set_status(assembly=assembly, status=Assembly.Status.IN_SESSION, acting_user=None)
    present = [one for one in delegates if rng.random() < 0.9]
    for one in present:
        attendance_check_in(
            participant=one,
            method=Attendance.Method.ONLINE if rng.random() < 0.1 else Attendance.Method.DOOR,
        )
    # Two absent delegates hand their votes to a present delegate of their organization.
    present_ids = {one.pk for one in present}
    given = 0
    for one in delegates:
        if given == 2 or one.pk in present_ids:
            continue
        holder = next(
            (
                other
                for other in present
                if other.organization_id == one.organization_id and other.pk != one.pk
            ),
            None,
        )
        if holder is not None:
            proxy_grant(giver=one, holder=holder)
            given += 1

    def decide(
        kind: str, title: str, outcome: str, *, notes: str = "", additions: str = "", **fields
    ):  # type: ignore[no-untyped-def]
        item = item_create(assembly=assembly, kind=kind, title=title, acting_user=None, **fields)
        item_open(item=item, acting_user=None)
        if notes:
            item_update(item=item, changes={"notes": notes}, acting_user=None)
        if outcome:
            item_decide(
                item=item, outcome=outcome, additions=additions, decided_on=day, acting_user=None
            )
        return item

    decide(ItemKind.PROCEDURAL, "Approval of the agenda", Outcome.APPROVED)
    decide(
        ItemKind.PROCEDURAL,
        "Rules of participation",
        Outcome.APPROVED,
        notes="Approved by consensus after two clarifications.",
    )
    decide(
        ItemKind.PRESENTATION,
        "Keynote: organizing across borders",
        Outcome.NOTED,
        notes="Solidarity messages from allied unions.",
    )
    for organization in newcomers:
        decide(
            ItemKind.ADMISSION,
            f"Admission of {organization.name}",
            Outcome.APPROVED,
            organization=organization,
        )
    decide(
        ItemKind.REPORT,
        "Chairperson's report",
        Outcome.APPROVED_WITH_ADDITIONS,
        additions="Add the campaign for domestic workers in the Gulf states to the achievements.",
    )
    decide(ItemKind.REPORT, "Treasurer's report", Outcome.APPROVED)
    decide(ItemKind.REPORT, "Regional reports", Outcome.APPROVED)
    program = item_create(
        assembly=assembly,
        kind=ItemKind.MOTION,
        title="Program of action 2026-2029",
        text=PROGRAM,
        acting_user=None,
    )
    item_translate(
        item=program,
        language="tl",
        title="Programa ng pagkilos 2026-2029",
        text="Ipinapasya ng asembliya ...",
        acting_user=None,
    )
    item_translate(
        item=program,
        language="es",
        title="Programa de acción 2026-2029",
        text="La asamblea resuelve ...",
        acting_user=None,
    )
    item_translate(
        item=program,
        language="ar",
        title="برنامج العمل 2026-2029",
        text="تقرر الجمعية ...",
        acting_user=None,
    )
    item_open(item=program, acting_user=None)
    for speaker in present[:4]:
        speaker_request(item=program, participant=speaker)
    for _ in range(4):
        speaker_call_next(item=program, acting_user=None)
    speaker_call_next(item=program, acting_user=None)
    adopted = amendment_add(
        item=program, text="Add: 4. defend migrants' right to vote.", acting_user=None
    )
    rejected = amendment_add(item=program, text="Strike point 3.", acting_user=None)
    amendment_decide(amendment=adopted, outcome="adopted", acting_user=None)
    amendment_decide(amendment=rejected, outcome="rejected", acting_user=None)
    item_update(
        item=program,
        changes={"notes": "Four delegates spoke. One amendment adopted, one rejected."},
        acting_user=None,
    )
    item_decide(item=program, outcome=Outcome.APPROVED, decided_on=day, acting_user=None)
    current = ConstitutionVersion.objects.order_by("-number").first()
    decide(
        ItemKind.CONSTITUTIONAL,
        "Constitution",
        Outcome.APPROVED,
        text="Article 3: the assembly meets every three years.",
        constitution_text=(current.text if current else "")
        + "\nArticle 7. Delegates may use a pseudonym.\n",
    )
    for title in (
        "Election of the regional seats (caucuses)",
        "Election of the associate members' seat",
        "Election of the at-large seats",
        "Election of the officers by the new coordinating body",
    ):
        item_create(assembly=assembly, kind=ItemKind.ELECTION, title=title, acting_user=None)
    assembly_set_status(assembly=assembly, status=Assembly.Status.CLOSED, acting_user=None)
    return assembly


def _upcoming(rng: random.Random) -> list[str]:
    zone = "Europe/Rome"
    day = timezone.localdate() + datetime.timedelta(days=120)
    secretariat = User.objects.filter(email=demo_email("secretariat")).first()
    assembly = assembly_create(
        title="Extraordinary General Assembly",
        slug=UPCOMING_SLUG,
        theme="Regularization for all",
        starts_at=_at(day, 9, zone),
        ends_at=_at(day + datetime.timedelta(days=1), 17, zone),
        time_zone=zone,
        venue="Rome, Casa delle Migranti, and online",
        hybrid=True,
        delegate_quota=2,
        # As its statutes say: amendments need three quarters, admissions two thirds.
        threshold_constitutional=ThresholdChoice.THREE_QUARTERS,
        threshold_admission=ThresholdChoice.TWO_THIRDS,
        acting_user=secretariat,
    )
    assembly_set_status(assembly=assembly, status=Assembly.Status.ANNOUNCED, acting_user=None)
    for kind, title in (
        (ItemKind.PROCEDURAL, "Approval of the agenda"),
        (ItemKind.PROCEDURAL, "Rules of participation"),
        (ItemKind.MOTION, "Resolution: regularization for all"),
        (ItemKind.REPORT, "Report of the secretariat"),
    ):
        item_create(assembly=assembly, kind=kind, title=title, acting_user=None)
    current = ConstitutionVersion.objects.order_by("-number").first()
    item_create(
        assembly=assembly,
        kind=ItemKind.CONSTITUTIONAL,
        title="Constitutional amendment: regional caucuses may meet online",
        text="Article 4: a region's caucus may meet and vote online between assemblies.",
        constitution_text=(current.text if current else "")
        + "\nArticle 8. A region's caucus may meet and vote online between assemblies.\n",
        acting_user=None,
    )
    item_create(assembly=assembly, kind=ItemKind.ELECTION, title=BY_ELECTION_ITEM, acting_user=None)
    own = Organization.objects.get(name=DEMO_COORDINATOR_ORG)
    # Thirty organizations from across the alliance (a fixed draw: the demo is deterministic),
    # an at-risk one among them (its delegate asks for the floor and stands as a candidate:
    # never named with it in public; see docs/security/privacy.md).
    members = Organization.objects.current_members().exclude(pk=own.pk)
    at_risk = members.filter(at_risk=True).order_by("pk").first()
    others = rng.sample(
        list(
            members.exclude(pk=at_risk.pk if at_risk else None)
            .select_related("country", "membership")
            .order_by("pk")
        ),
        29 if at_risk else 30,
    ) + ([at_risk] if at_risk else [])
    shown = ""
    delegates = []
    for organization in [own, *others]:
        participant = participant_register(
            assembly=assembly,
            kind=Participant.Kind.DELEGATE,
            organization=organization,
            display_name=_name(rng, organization),
            acting_user=None,
        )
        delegates.append(participant)
        _credential, secret = credential_issue(participant=participant, acting_user=None)
        if organization.pk == own.pk:
            shown = f"{participant.display_name} ({own.name}): {sign_in_url(secret)}"
    _written_proxy(delegates[1:], secretariat)
    _floor_asked_ahead(assembly, delegates)
    return [f"Delegate at the {assembly.title} (sign-in link, as on the badge):", shown]


def _floor_asked_ahead(assembly: Assembly, delegates: list[Participant]) -> None:
    """Delegates who asked at registration to speak on the first item: the list of speakers
    the chair finds when the session opens, an at-risk member's delegate among them."""
    first = assembly.items.order_by("position").first()
    at_risk = [one for one in delegates if one.organization and one.organization.at_risk]
    for delegate in [*at_risk[:1], *delegates[1:3]]:
        SpeakerRequest.objects.create(item=first, participant=delegate)


def _written_proxy(delegates: list[Participant], secretariat: User | None) -> None:
    """Two delegates of one region came early to the registration desk: both are checked in,
    and one of them handed in a written proxy from a third, who cannot travel."""
    by_region: dict[int, list[Participant]] = {}
    for delegate in delegates:
        region = delegate.organization.region_id if delegate.organization else None
        if region is not None:
            by_region.setdefault(region, []).append(delegate)
    trio = next((group[:3] for group in by_region.values() if len(group) >= 3), None)
    if trio is None:
        return
    holder, also_present, giver = trio
    for one in (holder, also_present):
        attendance_check_in(participant=one, method=Attendance.Method.DOOR, acting_user=secretariat)
    proxy_grant(giver=giver, holder=holder, acting_user=secretariat)
