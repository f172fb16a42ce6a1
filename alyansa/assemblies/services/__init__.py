"""Every change to an assembly, one module per subject: one transaction and one audit row each.

Public API for the voting app (it may import from here; this app never imports voting):

    assembly_create(...)                      set-up (title, dates, zone, vote mode, quota, ...)
    assembly_set_status(assembly=, status=)   draft → announced → in session → closed
    delegate_register(assembly=, organization=, display_name=, acting_user=) -> Participant
    participant_register(..., kind=Participant.Kind.GUEST)
    credential_issue(participant=, acting_user=) -> (Credential, secret)   reissue revokes
    credential_revoke(credential=, reason=, acting_user=)
    attendance_check_in(participant=, method=, acting_user=)    door or online
    proxy_grant(giver=, holder=, acting_user=) / proxy_revoke(proxy=, acting_user=)
    item_create(...) / item_open(item=, acting_user=)
    item_decide(item=, outcome=, additions="", acting_user=, decided_on=None)
        call it when a poll's verdict is known: admissions call the registry's
        membership_admit (or membership_decline), constitutional amendments call governance's
        constitution_amend.
    amendment_add(...) / amendment_decide(amendment=, outcome=, acting_user=)
    speaker_request(item=, participant=) / speaker_call_next(item=, acting_user=)

The modules: assemblies (set-up, rules, status, the hall link, allocations), participants,
credentials (and the codes on the badges), attendance, proxies, agenda (items and their
decisions), amendments, speakers; announce tells live pages; common holds the refusal.
Callers import from here.

Reads are in selectors.py (assembly_strength, speakers_state, agenda, ...); the delegate
session is in permissions.py (delegate_from_request, delegate_required).

Delegate actions (no account) pass acting_user=None; their audit rows name the participant.
"""

from alyansa.assemblies.services.agenda import (
    ITEM_FIELDS,
    item_create,
    item_decide,
    item_move,
    item_open,
    item_translate,
    item_update,
)
from alyansa.assemblies.services.amendments import (
    amendment_add,
    amendment_decide,
    amendment_translate,
)
from alyansa.assemblies.services.announce import assembly_announce
from alyansa.assemblies.services.assemblies import (
    RESERVED_SLUGS,
    SETUP_FIELDS,
    STATUS_STEPS,
    allocation_set,
    assembly_create,
    assembly_set_status,
    assembly_update,
    hall_link_create,
    hall_link_matches,
    hall_link_revoke,
    quota_for,
)
from alyansa.assemblies.services.attendance import attendance_check_in, attendance_check_out
from alyansa.assemblies.services.common import AssemblyRuleError
from alyansa.assemblies.services.credentials import (
    CODE_ALPHABET,
    CODE_LENGTH,
    credential_issue,
    credential_revoke,
    format_code,
    normalize_code,
)

# The benchmarks make credentials in bulk with the same secrets as credential_issue.
from alyansa.assemblies.services.credentials import _new_secret as _new_secret
from alyansa.assemblies.services.participants import (
    delegate_register,
    participant_register,
    participant_withdraw,
)
from alyansa.assemblies.services.proxies import proxy_grant, proxy_revoke
from alyansa.assemblies.services.speakers import (
    speaker_call_next,
    speaker_finish,
    speaker_request,
    speaker_withdraw,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "ITEM_FIELDS",
    "RESERVED_SLUGS",
    "SETUP_FIELDS",
    "STATUS_STEPS",
    "AssemblyRuleError",
    "allocation_set",
    "amendment_add",
    "amendment_decide",
    "amendment_translate",
    "assembly_announce",
    "assembly_create",
    "assembly_set_status",
    "assembly_update",
    "attendance_check_in",
    "attendance_check_out",
    "credential_issue",
    "credential_revoke",
    "delegate_register",
    "format_code",
    "hall_link_create",
    "hall_link_matches",
    "hall_link_revoke",
    "item_create",
    "item_decide",
    "item_move",
    "item_open",
    "item_translate",
    "item_update",
    "normalize_code",
    "participant_register",
    "participant_withdraw",
    "proxy_grant",
    "proxy_revoke",
    "quota_for",
    "speaker_call_next",
    "speaker_finish",
    "speaker_request",
    "speaker_withdraw",
]
