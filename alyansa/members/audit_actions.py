"""What the members app writes to the audit trail."""

from enum import StrEnum


class Action(StrEnum):
    REFERENCE_LOAD = "reference.load"
    ORGANIZATION_CREATE = "organization.create"
    ORGANIZATION_UPDATE = "organization.update"
    ORGANIZATION_IMPORT = "organization.import"
    # One action per step of a membership's history, named by the status it reaches.
    MEMBERSHIP_APPLIED = "membership.applied"
    MEMBERSHIP_ADMITTED = "membership.admitted"
    MEMBERSHIP_DECLINED = "membership.declined"
    MEMBERSHIP_SUSPENDED = "membership.suspended"
    MEMBERSHIP_REINSTATED = "membership.reinstated"
    MEMBERSHIP_WITHDRAWN = "membership.withdrawn"
    MEMBERSHIP_EXPELLED = "membership.expelled"
    APPLICATION_SUBMIT = "application.submit"
    APPLICATION_FORGET_UNCONFIRMED = "application.forget_unconfirmed"
    CHAPTER_CREATE = "chapter.create"
    CHAPTER_UPDATE = "chapter.update"
    CHAPTER_ORGANIZATIONS = "chapter.organizations"
    PERSON_CREATE = "person.create"
    PERSON_UPDATE = "person.update"
    PERSON_ERASE = "person.erase"


def membership_action(status: str) -> Action:
    """The action recorded for the membership step that reaches `status`."""
    return Action(f"membership.{status}")
