"""The rules of set-up, credentials, attendance, proxies, the agenda, decisions and speakers."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.test import RequestFactory

from alyansa.assemblies.models import (
    AgendaItem,
    Assembly,
    Attendance,
    Credential,
    Delegate,
    ItemKind,
    Outcome,
    Participant,
    VoteMode,
    hash_secret,
)
from alyansa.assemblies.permissions import delegate_from_request, delegate_sign_in
from alyansa.assemblies.selectors import (
    assembly_strength,
    credential_find,
    speakers_state,
    voting_rights,
)
from alyansa.assemblies.services import (
    AssemblyRuleError,
    allocation_set,
    amendment_add,
    amendment_decide,
    assembly_announce,
    attendance_check_in,
    attendance_check_out,
    credential_issue,
    credential_revoke,
    item_decide,
    item_move,
    item_open,
    item_translate,
    normalize_code,
    participant_withdraw,
    proxy_grant,
    proxy_revoke,
    speaker_call_next,
    speaker_request,
)
from alyansa.assemblies.testing import (
    check_in,
    make_assembly,
    make_credential,
    make_delegate,
    make_guest,
    make_item,
)
from alyansa.audit.models import AuditEvent
from alyansa.core.live_testing import live_streams
from alyansa.governance.models import ConstitutionVersion
from alyansa.members.models import MembershipCategory, Organization
from alyansa.members.services import application_confirm, application_submit, membership_record
from alyansa.members.testing import Profile, make_country, make_organization, make_region

pytestmark = pytest.mark.django_db


def test_an_assembly_keeps_times_in_utc_and_shows_them_in_its_own_zone() -> None:
    starts = datetime.datetime(
        2026, 7, 1, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
    )
    assembly = make_assembly(starts_at=starts, time_zone="Asia/Manila")
    assembly.refresh_from_db()
    assert assembly.starts_at == datetime.datetime(2026, 7, 1, 1, 0, tzinfo=datetime.UTC)
    assert assembly.local(assembly.starts_at).hour == 9


def test_a_credential_is_stored_only_as_its_hash() -> None:
    delegate = make_delegate(assembly=make_assembly())
    credential, secret = make_credential(delegate)
    assert len(secret) == 20
    assert credential.secret_hash == hash_secret(secret)
    assert secret not in str(Credential.objects.values_list().get(pk=credential.pk))
    assert credential_find(secret) == credential


def test_a_typed_code_with_dashes_and_lower_case_finds_the_credential() -> None:
    _credential, secret = make_credential(make_delegate(assembly=make_assembly()))
    typed = "-".join(secret[i : i + 4] for i in range(0, 20, 4)).lower()
    assert credential_find(normalize_code(f" {typed} ")) is not None
    assert credential_find(normalize_code(f"https://x.example/assemblies/signin/{secret}/"))


def test_reissuing_a_lost_badge_revokes_the_old_credential() -> None:
    delegate = make_delegate(assembly=make_assembly())
    old, old_secret = make_credential(delegate)
    new, new_secret = credential_issue(participant=delegate, acting_user=None)
    old.refresh_from_db()
    assert old.revoked_at is not None and old.revoked_reason == "reissued"
    assert credential_find(old_secret) is None
    assert credential_find(new_secret) == new
    assert AuditEvent.objects.filter(action="credential.reissue").count() == 1


def test_a_revoked_credential_no_longer_finds_its_delegate() -> None:
    credential, secret = make_credential(make_delegate(assembly=make_assembly()))
    credential_revoke(credential=credential, reason="badge stolen", acting_user=None)
    assert credential_find(secret) is None


def test_guests_and_observers_receive_no_credential_and_no_vote() -> None:
    assembly = make_assembly()
    guest = make_guest("Gus", assembly=assembly)
    with pytest.raises(AssemblyRuleError, match="Only delegates receive a credential"):
        credential_issue(participant=guest, acting_user=None)
    check_in(guest)
    assert assembly_strength(assembly).present_votes == 0


def test_an_organization_registers_no_more_delegates_than_its_quota() -> None:
    assembly = make_assembly(delegate_quota=2)
    org = make_organization()
    make_delegate(assembly=assembly, organization=org)
    make_delegate(assembly=assembly, organization=org)
    with pytest.raises(AssemblyRuleError, match="has already registered its 2 delegates"):
        make_delegate(assembly=assembly, organization=org)
    allocation_set(assembly=assembly, organization=org, quota=3, acting_user=None)
    make_delegate(assembly=assembly, organization=org)


def test_only_member_organizations_send_delegates() -> None:
    assembly = make_assembly()
    with pytest.raises(AssemblyRuleError, match="Only member organizations send delegates"):
        make_delegate(assembly=assembly, organization=make_organization(member_since=None))


def test_online_check_in_is_only_for_a_hybrid_assembly() -> None:
    delegate = make_delegate(assembly=make_assembly(hybrid=False))
    with pytest.raises(AssemblyRuleError, match="check in at the door"):
        attendance_check_in(participant=delegate, method=Attendance.Method.ONLINE)
    hybrid = make_delegate(assembly=make_assembly(hybrid=True))
    attendance_check_in(participant=hybrid, method=Attendance.Method.ONLINE)
    assert Participant.objects.present().filter(pk=hybrid.pk).exists()


def test_checking_in_twice_counts_once_and_leaving_lowers_the_strength() -> None:
    assembly = make_assembly()
    delegate = make_delegate(assembly=assembly)
    check_in(delegate)
    check_in(delegate)
    assert assembly_strength(assembly).present_delegates == 1
    attendance_check_out(participant=delegate)
    assert assembly_strength(assembly).present_delegates == 0


def test_the_quorum_is_a_share_of_the_registered_voting_strength() -> None:
    assembly = make_assembly(quorum_percent=50)
    delegates = [make_delegate(assembly=assembly) for _ in range(5)]
    check_in(delegates[0])
    check_in(delegates[1])
    strength = assembly_strength(assembly)
    assert (strength.registered_votes, strength.quorum_votes) == (5, 3)
    assert not strength.quorate
    check_in(delegates[2])
    assert assembly_strength(assembly).quorate


def test_associate_members_delegates_have_no_plenary_vote() -> None:
    assembly = make_assembly()
    associate = make_organization(category=MembershipCategory.ASSOCIATE)
    make_delegate(assembly=assembly, organization=associate, present=True)
    make_delegate(assembly=assembly, present=True)
    strength = assembly_strength(assembly)
    assert (strength.present_delegates, strength.present_votes) == (2, 1)


def _pair(assembly: Assembly, *, same_org: bool = True) -> tuple[Participant, Participant]:
    region = make_region()
    org = make_organization(country=make_country("ID", region))
    other = org if same_org else make_organization(country=make_country("ID", region))
    giver = make_delegate("Giver", assembly=assembly, organization=org)
    holder = make_delegate("Holder", assembly=assembly, organization=other, present=True)
    return giver, holder


def test_a_proxy_adds_the_absent_givers_vote_to_the_present_holder() -> None:
    assembly = make_assembly()
    giver, holder = _pair(assembly)
    proxy_grant(giver=giver, holder=holder)
    assert voting_rights(assembly) == {holder.pk: 2}
    assert assembly_strength(assembly).present_votes == 2
    assert AuditEvent.objects.filter(action="proxy.grant").count() == 1


def test_a_proxy_goes_only_to_a_present_delegate() -> None:
    assembly = make_assembly()
    giver, holder = _pair(assembly)
    attendance_check_out(participant=holder)
    with pytest.raises(AssemblyRuleError, match="goes to a delegate who is present"):
        proxy_grant(giver=giver, holder=holder)


def test_a_proxy_outside_the_organization_needs_the_region_scope() -> None:
    same_region = make_assembly(proxy_scope="region")
    giver, holder = _pair(same_region, same_org=False)
    proxy_grant(giver=giver, holder=holder)
    org_only = make_assembly(proxy_scope="organization")
    giver, holder = _pair(org_only, same_org=False)
    with pytest.raises(AssemblyRuleError, match="a delegate of the same organization"):
        proxy_grant(giver=giver, holder=holder)


def test_nobody_holds_more_proxies_than_the_cap() -> None:
    assembly = make_assembly(proxy_cap=1, delegate_quota=5)
    org = make_organization()
    holder = make_delegate(assembly=assembly, organization=org, present=True)
    first, second = (make_delegate(assembly=assembly, organization=org) for _ in range(2))
    proxy_grant(giver=first, holder=holder)
    with pytest.raises(AssemblyRuleError, match="already holds 1 proxies, the most allowed"):
        proxy_grant(giver=second, holder=holder)


def test_proxies_do_not_chain() -> None:
    assembly = make_assembly(delegate_quota=5)
    org = make_organization()
    a, b, c = (make_delegate(assembly=assembly, organization=org, present=True) for _ in range(3))
    proxy_grant(giver=a, holder=b)
    with pytest.raises(AssemblyRuleError, match="cannot give their vote away"):
        proxy_grant(giver=b, holder=c)
    with pytest.raises(AssemblyRuleError, match="has given their own vote away"):
        proxy_grant(giver=c, holder=a)


def test_a_new_proxy_replaces_the_old_one_and_each_change_is_audited() -> None:
    assembly = make_assembly(delegate_quota=5)
    org = make_organization()
    giver = make_delegate(assembly=assembly, organization=org)
    first, second = (make_delegate(assembly=assembly, organization=org, present=True) for _ in "ab")
    old = proxy_grant(giver=giver, holder=first)
    new = proxy_grant(giver=giver, holder=second)
    old.refresh_from_db()
    assert old.revoked_at is not None
    proxy_revoke(proxy=new)
    actions = list(
        AuditEvent.objects.filter(action__startswith="proxy.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["proxy.grant", "proxy.grant", "proxy.revoke"]


def test_withdrawing_a_delegate_ends_their_credential_and_proxies() -> None:
    assembly = make_assembly()
    giver, holder = _pair(assembly)
    _credential, secret = make_credential(giver)
    proxy_grant(giver=giver, holder=holder)
    participant_withdraw(participant=giver, acting_user=None)
    assert credential_find(secret) is None
    assert voting_rights(assembly) == {holder.pk: 1}


def test_in_per_organization_mode_each_present_organization_votes_with_its_weight() -> None:
    assembly = make_assembly(vote_mode=VoteMode.PER_ORGANIZATION, delegate_quota=3)
    big, small, absent = make_organization(), make_organization(), make_organization()
    allocation_set(assembly=assembly, organization=big, weight=3, acting_user=None)
    make_delegate(assembly=assembly, organization=big, present=True)
    make_delegate(assembly=assembly, organization=big, present=True)
    make_delegate(assembly=assembly, organization=small, present=True)
    make_delegate(assembly=assembly, organization=absent)
    strength = assembly_strength(assembly)
    assert (strength.present_votes, strength.registered_votes) == (4, 5)


def test_approving_an_admission_admits_the_organization_and_the_member_total_rises() -> None:
    assembly = make_assembly()
    application, secret = application_submit(
        profile=Profile(name="Newcomers Union", country=make_country("PH")),
        contact_name="Ana",
        contact_email="ana@example.org",
    )
    application_confirm(secret=secret)
    before = Organization.objects.current_members().count()
    item = make_item(
        assembly, ItemKind.ADMISSION, "Admit Newcomers Union", organization=application.organization
    )
    item_decide(item=item, outcome=Outcome.APPROVED, acting_user=None)
    assert Organization.objects.current_members().count() == before + 1
    event = application.organization.membership.events.get(status="admitted")
    assert event.decided_by_name == assembly.title


def test_rejecting_an_admission_declines_the_application() -> None:
    assembly = make_assembly()
    org = make_organization(member_since=None)
    membership_record(
        organization=org, status="applied", date=datetime.date(2024, 1, 1), acting_user=None
    )
    item = make_item(assembly, ItemKind.ADMISSION, "Admit", organization=org)
    item_decide(item=item, outcome=Outcome.REJECTED, acting_user=None)
    org.membership.refresh_from_db()
    assert org.membership.status == "declined"


def test_an_approved_constitutional_amendment_ratifies_a_new_constitution_version() -> None:
    assembly = make_assembly()
    item = make_item(
        assembly,
        ItemKind.CONSTITUTIONAL,
        "Constitution as amended in 2026",
        text="Adds an associate seat.",
        constitution_text="Article 1 ...",
    )
    item_decide(item=item, outcome=Outcome.APPROVED, acting_user=None)
    version = ConstitutionVersion.objects.get()
    assert version.ratified_by_name == assembly.title and version.text == "Article 1 ..."
    item.refresh_from_db()
    assert item.constitution_version == version


def test_a_report_approved_with_additions_records_them() -> None:
    item = make_item(make_assembly(), ItemKind.REPORT, "Chairperson's report")
    with pytest.raises(AssemblyRuleError, match="Record the additions that were approved"):
        item_decide(item=item, outcome=Outcome.APPROVED_WITH_ADDITIONS, acting_user=None)
    item_decide(
        item=item,
        outcome=Outcome.APPROVED_WITH_ADDITIONS,
        additions="Add the Gulf campaign.",
        acting_user=None,
    )
    item.refresh_from_db()
    assert (item.outcome, item.additions) == ("approved_with_additions", "Add the Gulf campaign.")


def test_a_presentation_is_only_noted_and_a_decision_is_final() -> None:
    item = make_item(make_assembly(), ItemKind.PRESENTATION, "Keynote")
    with pytest.raises(AssemblyRuleError, match="not a possible outcome for this kind of item"):
        item_decide(item=item, outcome=Outcome.APPROVED, acting_user=None)
    item_decide(item=item, outcome=Outcome.NOTED, acting_user=None)
    with pytest.raises(AssemblyRuleError, match="already been decided"):
        item_decide(item=item, outcome=Outcome.NOTED, acting_user=None)


def test_decisions_are_taken_only_in_session() -> None:
    item = make_item(make_assembly(status=Assembly.Status.ANNOUNCED), ItemKind.PROCEDURAL)
    with pytest.raises(AssemblyRuleError, match="while the assembly is in session"):
        item_decide(item=item, outcome=Outcome.APPROVED, acting_user=None)


def test_amendments_keep_their_order_and_their_own_outcome() -> None:
    item = make_item(make_assembly(), ItemKind.MOTION, "Program of action")
    first = amendment_add(item=item, text="Add domestic workers.", acting_user=None)
    second = amendment_add(item=item, text="Strike paragraph 3.", acting_user=None)
    assert (first.position, second.position) == (1, 2)
    amendment_decide(amendment=first, outcome="adopted", acting_user=None)
    item_decide(item=item, outcome=Outcome.APPROVED, acting_user=None)
    with pytest.raises(AssemblyRuleError, match="already been decided"):
        amendment_decide(amendment=second, outcome="adopted", acting_user=None)


def test_the_chair_moves_through_the_items_in_order() -> None:
    assembly = make_assembly()
    first, second = make_item(assembly), make_item(assembly)
    item_open(item=first, acting_user=None)
    item_decide(item=first, outcome=Outcome.APPROVED, acting_user=None)
    item_open(item=second, acting_user=None)
    first.refresh_from_db()
    assembly.refresh_from_db()
    assert first.status == AgendaItem.Status.DONE
    assert assembly.current_item == second


def test_moving_an_item_renumbers_the_agenda() -> None:
    assembly = make_assembly()
    make_item(assembly, title="A")
    make_item(assembly, title="B")
    c = make_item(assembly, title="C")
    item_move(item=c, position=1, acting_user=None)
    assert list(assembly.items.values_list("title", flat=True)) == ["C", "A", "B"]


def test_a_motion_text_can_be_read_in_another_language() -> None:
    item = make_item(make_assembly(), ItemKind.MOTION, "Program of action", text="We demand ...")
    item_translate(
        item=item, language="es", title="Programa de acción", text="Exigimos ...", acting_user=None
    )
    item.refresh_from_db()
    assert item.translated("title", "es") == "Programa de acción"
    assert item.translated("text", "ar") == "We demand ..."


def test_asking_for_the_floor_twice_keeps_one_place_and_the_chair_calls_in_order() -> None:
    assembly = make_assembly(speaking_seconds=120)
    item = make_item(assembly)
    item_open(item=item, acting_user=None)
    first, second = make_delegate(assembly=assembly), make_delegate(assembly=assembly)
    speaker_request(item=item, participant=first)
    speaker_request(item=item, participant=first)
    speaker_request(item=item, participant=second)
    assert [r.participant for r in speakers_state(item).waiting] == [first, second]
    called = speaker_call_next(item=item, acting_user=None)
    assert called is not None and called.participant == first
    state = speakers_state(item)
    assert state.speaking == called and len(state.waiting) == 1
    assert 118 <= (state.remaining_seconds or 0) <= 120
    speaker_call_next(item=item, acting_user=None)
    called.refresh_from_db()
    assert called.finished_at is not None


def test_the_clock_shows_overtime_as_negative() -> None:
    assembly = make_assembly(speaking_seconds=60)
    item = make_item(assembly)
    item_open(item=item, acting_user=None)
    speaker_request(item=item, participant=make_delegate(assembly=assembly))
    request = speaker_call_next(item=item, acting_user=None)
    state = speakers_state(item)
    state.now = request.called_at + datetime.timedelta(seconds=75)  # type: ignore[union-attr]
    assert state.clock == "-0:15" and state.over_time


def test_the_floor_is_open_only_on_the_item_under_discussion() -> None:
    assembly = make_assembly()
    item = make_item(assembly)
    with pytest.raises(AssemblyRuleError, match="only on the item under discussion"):
        speaker_request(item=item, participant=make_delegate(assembly=assembly))


def test_live_events_carry_the_whole_state_in_counts_and_never_names(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly()
    item = make_item(assembly)
    item_open(item=item, acting_user=None)
    channels = (f"assembly:{assembly.pk}", f"voting:{assembly.pk}")
    with live_streams(*channels) as streams:
        with django_capture_on_commit_callbacks(execute=True):
            delegate = make_delegate("Secret Name", assembly=assembly, present=True)
            speaker_request(item=item, participant=delegate)
        received = streams.received()
    assert len(received) == 1  # one announcement for the whole transaction
    [event] = received
    assert (event.channel, event.name) == (f"assembly:{assembly.pk}", "speakers")
    assert event.data["present_delegates"] == 1 and event.data["waiting"] == 1
    assert event.data["item"] == item.pk
    assert b"Secret Name" not in event.wire


def test_a_delegate_from_the_session_is_the_same_participant() -> None:
    delegate = make_delegate(assembly=make_assembly())
    credential, _secret = make_credential(delegate)
    request = RequestFactory().get("/")
    request.session = SessionStore()
    assert delegate_from_request(request) is None
    delegate_sign_in(request, credential)
    found = delegate_from_request(request)
    assert isinstance(found, Delegate) and found.pk == delegate.pk
    assert found.assembly == delegate.assembly


@pytest.mark.django_db(transaction=True)
def test_an_announcement_from_a_commit_hook_leaves_the_waiting_ones_nothing_to_send() -> None:
    # Found by loading the demo: voting announces a poll from its commit hook, which goes out
    # at once, while an announcement of the same assembly still waits for its own hook.
    assembly = make_assembly()
    with live_streams(f"assembly:{assembly.pk}") as streams:
        with transaction.atomic():
            transaction.on_commit(lambda: assembly_announce(assembly, "poll", {"poll": 7}))
            assembly_announce(assembly, "attendance")
        received = streams.received()
    assert [(event.name, event.data.get("poll")) for event in received] == [("poll", 7)]
