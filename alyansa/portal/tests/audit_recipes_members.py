"""Audit-row recipes for accounts, the member registry and governing bodies."""

from __future__ import annotations

import datetime

from django.utils import timezone

from alyansa.accounts import services as account_services
from alyansa.accounts.models import TokenAccess, User
from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.governance import services as governance_services
from alyansa.governance.models import Body, Seat
from alyansa.governance.testing import make_body, make_seat, make_term
from alyansa.members import services as member_services
from alyansa.members.importing import check_rows
from alyansa.members.models import MembershipStatus
from alyansa.members.testing import (
    make_chapter,
    make_country,
    make_organization,
    make_person,
)
from alyansa.portal.tests.audit_recipes import Call, recipe


def secretariat() -> User:
    return make_user("Sara Secretariat", role=Role.SECRETARIAT)


# --- accounts -------------------------------------------------------------------------------


@recipe("accounts", "user_create", "user.create")
def _user_create() -> Call:
    return lambda: account_services.user_create(email="new@example.org", display_name="New")


@recipe("accounts", "role_grant", "role.grant")
def _role_grant() -> Call:
    user = make_user("Olu")
    return lambda: account_services.role_grant(user=user, role=Role.OFFICER)


@recipe("accounts", "role_revoke", "role.revoke")
def _role_revoke() -> Call:
    user = make_user("Olu", role=Role.OFFICER)
    return lambda: account_services.role_revoke(user=user, role=Role.OFFICER)


@recipe("accounts", "token_create", "token.create")
def _token_create() -> Call:
    user = make_user("Pat")
    return lambda: account_services.token_create(user=user, name="script", access=TokenAccess.READ)


@recipe("accounts", "token_revoke", "token.revoke")
def _token_revoke() -> Call:
    user = make_user("Pat")
    token, _secret = account_services.token_create(user=user, name="script")
    return lambda: account_services.token_revoke(token=token, acting_user=user)


@recipe("accounts", "secrets_reseal", "secrets.reseal")
def _secrets_reseal() -> Call:
    secretariat()  # a staff account: a two-factor secret to seal again
    return lambda: account_services.secrets_reseal(acting_user=None)


# --- members --------------------------------------------------------------------------------


@recipe("members", "reference_data_load", "reference.load")
def _reference_data_load() -> Call:
    return lambda: member_services.reference_data_load(acting_user=None)


@recipe("members", "organization_create", "organization.create")
def _organization_create() -> Call:
    profile = member_services.Profile(name="Kasapi", country=make_country())
    user = secretariat()
    return lambda: member_services.organization_create(profile=profile, acting_user=user)


@recipe("members", "organization_update", "organization.update")
def _organization_update() -> Call:
    organization, user = make_organization("Kasapi"), secretariat()
    return lambda: member_services.organization_update(
        organization=organization, changes={"city": "Quezon City"}, acting_user=user
    )


@recipe("members", "organizations_import", "organization.import")
def _organizations_import() -> Call:
    make_country("PH")
    rows = check_rows([{"name": "Kasapi", "country": "PH", "since": "2020-01-01"}])
    assert all(row.ok for row in rows), rows
    user = secretariat()
    return lambda: member_services.organizations_import(rows=rows, acting_user=user)


@recipe("members", "membership_record", "membership.admitted")
def _membership_record() -> Call:
    organization, user = make_organization(member_since=None), secretariat()
    return lambda: member_services.membership_record(
        organization=organization,
        status=MembershipStatus.ADMITTED,
        date=datetime.date(2020, 5, 1),
        decided_by="General Assembly 2020",
        acting_user=user,
    )


@recipe("members", "membership_admit", "membership.admitted")
def _membership_admit() -> Call:
    organization, user = make_organization(member_since=None), secretariat()
    member_services.membership_record(
        organization=organization,
        status=MembershipStatus.APPLIED,
        date=datetime.date(2020, 1, 1),
        acting_user=user,
    )
    return lambda: member_services.membership_admit(
        organization=organization, decided_by="General Assembly 2020", acting_user=user
    )


@recipe(
    "members",
    "membership_admit",
    "membership.admitted",
    variant="after a public application",
    through=("user.create", "role.grant"),
)
def _membership_admit_applied() -> Call:
    application, secret = member_services.application_submit(
        profile=member_services.Profile(name="Kasapi", country=make_country()),
        contact_name="Lina",
        contact_email="lina@example.org",
    )
    member_services.application_confirm(secret=secret)
    organization, user = application.organization, secretariat()
    return lambda: member_services.membership_admit(
        organization=organization, decided_by="General Assembly 2026", acting_user=user
    )


@recipe("members", "membership_category_change", "membership.admitted")
def _membership_category_change() -> Call:
    organization, user = make_organization(), secretariat()
    return lambda: member_services.membership_category_change(
        organization=organization, category="associate", decided_by="ICB", acting_user=user
    )


def _member_step(name: str) -> Call:
    organization, user = make_organization(), secretariat()
    if name == "membership_reinstate":
        member_services.membership_suspend(
            organization=organization, decided_by="ICB", acting_user=user
        )
    return lambda: getattr(member_services, name)(
        organization=organization, decided_by="ICB", acting_user=user
    )


@recipe("members", "membership_suspend", "membership.suspended")
def _membership_suspend() -> Call:
    return _member_step("membership_suspend")


@recipe("members", "membership_reinstate", "membership.reinstated")
def _membership_reinstate() -> Call:
    return _member_step("membership_reinstate")


@recipe("members", "membership_withdraw", "membership.withdrawn")
def _membership_withdraw() -> Call:
    return _member_step("membership_withdraw")


@recipe("members", "membership_expel", "membership.expelled")
def _membership_expel() -> Call:
    return _member_step("membership_expel")


@recipe("members", "membership_decline", "membership.declined")
def _membership_decline() -> Call:
    organization, user = make_organization(member_since=None), secretariat()
    member_services.membership_record(
        organization=organization,
        status=MembershipStatus.APPLIED,
        date=datetime.date(2020, 1, 1),
        acting_user=user,
    )
    return lambda: member_services.membership_decline(
        organization=organization, decided_by="ICB", acting_user=user
    )


@recipe("members", "application_submit", "application.submit")
def _application_submit() -> Call:
    profile = member_services.Profile(name="Kasapi", country=make_country())
    return lambda: member_services.application_submit(
        profile=profile, contact_name="Lina", contact_email="lina@example.org"
    )


@recipe("members", "application_confirm", "membership.applied")
def _application_confirm() -> Call:
    _application, secret = member_services.application_submit(
        profile=member_services.Profile(name="Kasapi", country=make_country()),
        contact_name="Lina",
        contact_email="lina@example.org",
    )
    return lambda: member_services.application_confirm(secret=secret)


@recipe("members", "applications_forget_unconfirmed", "application.forget_unconfirmed")
def _applications_forget_unconfirmed() -> Call:
    member_services.application_submit(
        profile=member_services.Profile(name="Kasapi", country=make_country()),
        contact_name="Lina",
        contact_email="lina@example.org",
    )
    later = timezone.now() + datetime.timedelta(days=30)
    return lambda: member_services.applications_forget_unconfirmed(
        older_than=datetime.timedelta(days=14), now=later
    )


@recipe("members", "coordinator_appoint", "role.grant", variant="an existing account")
def _coordinator_appoint_existing() -> Call:
    organization, user = make_organization(), secretariat()
    make_user("Lina", email="lina@example.org")
    return lambda: member_services.coordinator_appoint(
        organization=organization, email="lina@example.org", display_name="Lina", acting_user=user
    )


@recipe(
    "members",
    "coordinator_appoint",
    "role.grant",
    through=("user.create",),
)
def _coordinator_appoint() -> Call:
    organization, user = make_organization(), secretariat()
    return lambda: member_services.coordinator_appoint(
        organization=organization, email="lina@example.org", display_name="Lina", acting_user=user
    )


@recipe("members", "coordinator_remove", "role.revoke")
def _coordinator_remove() -> Call:
    organization, user = make_organization(), secretariat()
    coordinator = make_user("Lina", role=Role.COORDINATOR, scope=organization)
    return lambda: member_services.coordinator_remove(
        organization=organization, user=coordinator, acting_user=user
    )


@recipe("members", "chapter_create", "chapter.create")
def _chapter_create() -> Call:
    country, user = make_country(), secretariat()
    return lambda: member_services.chapter_create(
        name="Philippine chapter",
        kind="national",
        region=country.region,  # type: ignore[arg-type]  # make_country gives it one
        country=country,
        acting_user=user,
    )


@recipe("members", "chapter_update", "chapter.update")
def _chapter_update() -> Call:
    chapter, user = make_chapter(), secretariat()
    return lambda: member_services.chapter_update(
        chapter=chapter, changes={"email": "chapter@example.org"}, acting_user=user
    )


@recipe("members", "chapter_set_organizations", "chapter.organizations")
def _chapter_set_organizations() -> Call:
    chapter, organization, user = make_chapter(), make_organization(), secretariat()
    return lambda: member_services.chapter_set_organizations(
        chapter=chapter, organizations=[organization], acting_user=user
    )


@recipe("members", "person_create", "person.create")
def _person_create() -> Call:
    user = secretariat()
    return lambda: member_services.person_create(
        display_name="Lina Santos", organization=None, acting_user=user
    )


@recipe("members", "person_update", "person.update")
def _person_update() -> Call:
    person, user = make_person(), secretariat()
    return lambda: member_services.person_update(
        person=person, display_name="Lina S. Santos", acting_user=user
    )


@recipe("members", "person_erase", "person.erase")
def _person_erase() -> Call:
    person, user = make_person(), secretariat()
    return lambda: member_services.person_erase(person=person, acting_user=user)


# --- governance -----------------------------------------------------------------------------


@recipe("governance", "body_create", "body.create")
def _body_create() -> Call:
    user = secretariat()
    return lambda: governance_services.body_create(
        name="Executive Committee", kind=Body.Kind.EXECUTIVE, acting_user=user
    )


@recipe("governance", "body_update", "body.update")
def _body_update() -> Call:
    body, user = make_body(), secretariat()
    return lambda: governance_services.body_update(
        body=body, name="International Coordinating Council", kind=body.kind, acting_user=user
    )


@recipe("governance", "constitution_amend", "constitution.amend")
def _constitution_amend() -> Call:
    user = secretariat()
    return lambda: governance_services.constitution_amend(
        title="Constitution",
        text="Article 1. Name.",
        adopted_on=datetime.date(2019, 6, 1),
        ratified_by="General Assembly 2019",
        acting_user=user,
    )


@recipe("governance", "seat_create", "seat.create")
def _seat_create() -> Call:
    body, user = make_body(), secretariat()
    return lambda: governance_services.seat_create(
        body=body,
        name="At large",
        kind=Seat.Kind.AT_LARGE,
        chosen_by=Seat.ChosenBy.ASSEMBLY,
        acting_user=user,
    )


@recipe("governance", "seat_update", "seat.update")
def _seat_update() -> Call:
    seat, user = make_seat(make_body()), secretariat()
    return lambda: governance_services.seat_update(
        seat=seat,
        name="At large",
        kind=seat.kind,
        chosen_by=seat.chosen_by,
        holders=3,
        alternates=seat.alternates,
        eligible=seat.eligible,
        acting_user=user,
    )


@recipe("governance", "seat_remove", "seat.remove")
def _seat_remove() -> Call:
    seat, user = make_seat(make_body()), secretariat()
    return lambda: governance_services.seat_remove(seat=seat, acting_user=user)


@recipe("governance", "term_open", "term.open")
def _term_open() -> Call:
    body, user = make_body(), secretariat()
    return lambda: governance_services.term_open(
        body=body,
        label="2023-",
        starts_on=datetime.date(2023, 6, 1),
        opened_by="General Assembly 2023",
        acting_user=user,
    )


@recipe("governance", "mandate_assign", "mandate.assign")
def _mandate_assign() -> Call:
    body, user = make_body(), secretariat()
    seat, term = make_seat(body), make_term(body)
    person = make_person(organization=make_organization())
    return lambda: governance_services.mandate_assign(
        term=term, seat=seat, person=person, acting_user=user
    )


@recipe("governance", "mandate_end", "mandate.end")
def _mandate_end() -> Call:
    body, user = make_body(), secretariat()
    seat, term = make_seat(body), make_term(body)
    mandate = governance_services.mandate_assign(
        term=term, seat=seat, person=make_person(organization=make_organization()), acting_user=user
    )
    return lambda: governance_services.mandate_end(
        mandate=mandate, ends_on=datetime.date(2024, 1, 31), reason="Resigned", acting_user=user
    )
