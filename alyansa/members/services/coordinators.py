"""Organizations' coordinators: the applicant of an admitted organization, or an account the
secretariat appoints; a new account gets a link to choose its password."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.accounts.permissions import has_role
from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant, role_revoke, user_create
from alyansa.accounts.tasks import email_queue
from alyansa.core.text import single_line
from alyansa.members.models import Application, Organization
from alyansa.members.services.common import MembershipRuleError, absolute_url


def _password_link(user: User) -> str:
    """A link for a new account to choose its password (allauth's password-reset link)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


def coordinator_from_application(application: Application, *, acting_user: User | None) -> User:
    """The applicant becomes the organization's coordinator; a new account gets a link to
    choose its password (allauth's password-reset link)."""
    user = User.objects.filter(email=application.contact_email).first()
    created = user is None
    if user is None:
        # The applicant proved the address by following our link.
        user = user_create(
            email=application.contact_email,
            display_name=application.contact_name,
            acting_user=acting_user,
            email_verified=True,
        )
    role_grant(
        user=user, role=Role.COORDINATOR, scope=application.organization, acting_user=acting_user
    )
    if created:
        body = _(
            "%(organization)s is now a member of the alliance. Welcome!\n\n"
            "You are its coordinator. Choose a password to sign in:\n%(link)s\n"
        ) % {"organization": application.organization.name, "link": _password_link(user)}
    else:
        body = _(
            "%(organization)s is now a member of the alliance. Welcome!\n\n"
            "Sign in with your account: you are its coordinator.\n"
        ) % {"organization": application.organization.name}
    email_queue(
        subject=_("Your organization was admitted"), body=body, to=[application.contact_email]
    )
    return user


@transaction.atomic
def coordinator_appoint(
    *, organization: Organization, email: str, display_name: str, acting_user: User
) -> User:
    """Make someone an organization's coordinator (an account is created if the address has
    none) and tell them by e-mail: a new account gets a link to choose its password, so the
    link also proves the address the secretariat gave."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = user_create(
            email=email,
            display_name=single_line(display_name),
            acting_user=acting_user,
            email_verified=True,
        )
    elif has_role(user, Role.COORDINATOR, scope=organization):
        raise MembershipRuleError(_("This account already coordinates the organization."))
    role_grant(user=user, role=Role.COORDINATOR, scope=organization, acting_user=acting_user)
    if created:
        body = _(
            "The secretariat made you a coordinator of %(organization)s: you keep its profile "
            "and its people up to date.\n\nChoose a password to sign in:\n%(link)s\n"
        ) % {"organization": organization.name, "link": _password_link(user)}
    else:
        body = _(
            "The secretariat made you a coordinator of %(organization)s: you keep its profile "
            "and its people up to date.\n\nSign in with your account to start.\n"
        ) % {"organization": organization.name}
    email_queue(
        subject=_("You coordinate %(organization)s") % {"organization": organization.name},
        body=body,
        to=[user.email],
    )
    return user


@transaction.atomic
def coordinator_remove(*, organization: Organization, user: User, acting_user: User) -> None:
    """Take the coordinator role for one organization from an account (the account stays)."""
    if not role_revoke(
        user=user, role=Role.COORDINATOR, scope=organization, acting_user=acting_user
    ):
        raise MembershipRuleError(_("This account does not coordinate the organization."))
