"""What the governance app writes to the audit trail."""

from enum import StrEnum


class AuditAction(StrEnum):
    BODY_CREATE = "body.create"
    BODY_UPDATE = "body.update"
    CONSTITUTION_AMEND = "constitution.amend"
    SEAT_CREATE = "seat.create"
    SEAT_UPDATE = "seat.update"
    SEAT_REMOVE = "seat.remove"
    TERM_OPEN = "term.open"
    MANDATE_ASSIGN = "mandate.assign"
    MANDATE_END = "mandate.end"
