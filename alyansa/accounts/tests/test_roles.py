from __future__ import annotations

import pytest

from alyansa.accounts.permissions import has_any_role, has_role, needs_two_factor, scopes_of
from alyansa.accounts.roles import Role, scope_key
from alyansa.accounts.services import role_grant, role_revoke
from alyansa.accounts.testing import make_user
from alyansa.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_granting_a_role_is_audited_once_and_takes_effect(secretariat) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Rosa")
    role_grant(user=user, role=Role.OFFICER, acting_user=secretariat)
    role_grant(user=user, role=Role.OFFICER, acting_user=secretariat)
    assert has_role(user, Role.OFFICER)
    events = AuditEvent.objects.filter(action="role.grant", object_id=str(user.pk))
    assert events.count() == 1
    assert events.get().actor == secretariat
    assert events.get().changes == {"role": "officer", "scope": ""}


def test_a_scoped_role_holds_only_for_its_object() -> None:
    coordinator = make_user("Cora")
    own, other = make_user("Scope A"), make_user("Scope B")  # any model works as a scope
    role_grant(user=coordinator, role=Role.COORDINATOR, scope=own)
    assert has_role(coordinator, Role.COORDINATOR, own)
    assert not has_role(coordinator, Role.COORDINATOR, other)
    assert not has_role(coordinator, Role.COORDINATOR)
    assert scopes_of(coordinator, Role.COORDINATOR) == [scope_key(own)]


def test_scoped_roles_need_a_scope_and_alliance_roles_refuse_one() -> None:
    user = make_user()
    with pytest.raises(ValueError, match="needs a scope"):
        role_grant(user=user, role=Role.COORDINATOR)
    with pytest.raises(ValueError, match="takes no scope"):
        role_grant(user=user, role=Role.SECRETARIAT, scope=user)


def test_revoking_a_role_takes_effect_at_once(secretariat) -> None:  # type: ignore[no-untyped-def]
    assert has_role(secretariat, Role.SECRETARIAT)
    assert role_revoke(user=secretariat, role=Role.SECRETARIAT, acting_user=secretariat)
    assert not has_role(secretariat, Role.SECRETARIAT)
    assert AuditEvent.objects.filter(action="role.revoke").count() == 1


def test_staff_roles_need_two_factor_and_coordinators_do_not() -> None:
    coordinator = make_user()
    role_grant(user=coordinator, role=Role.COORDINATOR, scope=make_user())
    committee = make_user()
    role_grant(user=committee, role=Role.ELECTION_COMMITTEE, scope=make_user())
    assert not needs_two_factor(coordinator)
    assert needs_two_factor(committee)
    assert has_any_role(committee, [Role.ELECTION_COMMITTEE])


def test_an_inactive_account_holds_no_role(secretariat) -> None:  # type: ignore[no-untyped-def]
    secretariat.is_active = False
    assert not has_role(secretariat, Role.SECRETARIAT)
