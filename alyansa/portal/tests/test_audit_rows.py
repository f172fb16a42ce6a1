"""Every writing service of every app writes exactly one audit row of its own, naming what it did.

Each service is called once with valid arguments (recipes in audit_recipes_*.py) and the rows
written by that call are counted. A service that writes none leaves a change nobody can trace;
one that writes two of its own tells the story twice. A service that changes other records
through their services (deciding an admission admits the organization through the registry's
membership_admit) also leaves those services' rows, each on the record it changed: its recipe
lists them (`through=`), and each must be the own row of a service that has a recipe too.
Services that do not write, or that write only through another service tested here, are listed
in EXEMPT with the reason; a new service needs one or the other, or the completeness test fails.

A new recipe is a small function in the recipe module of its app's group, under
`@recipe(app, service, action)`: it builds what the service needs and returns the call.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db.models import Max

from alyansa.audit.models import AuditEvent
from alyansa.portal.tests.audit_recipes import Recipe, all_recipes


def apps_with_services() -> list[str]:
    """Every app of the house that has services (a new app is covered the day it gets some)."""
    return sorted(
        config.name.removeprefix("alyansa.")
        for config in django_apps.get_app_configs()
        if config.name.startswith("alyansa.")
        and importlib.util.find_spec(f"{config.name}.services") is not None
    )


# Public functions of the services packages that are not given a recipe, and why.
READS_ONLY = "reads only"
COMPUTES_ONLY = "computes a value from its arguments; writes nothing"
LIVE_PAGES = "tells live pages after the commit; writes nothing"
EXEMPT: dict[str, str] = {
    "audit.services.audit_record": "writes the rows this test counts, for every service",
    "audit.services.audit_forget_ip_addresses": (
        "blanks the IP addresses of old rows, as the privacy page promises: no change anyone made"
    ),
    "audit.services.model_changes": COMPUTES_ONLY,
    "audit.services.audit_rename_object": (
        "relabels the earlier rows about an erased person, inside person_erase, which is tested "
        "(its own row is person.erase)"
    ),
    "portal.services.maintenance_run": (
        "the hourly maintenance: runs other apps' scheduled services, each tested here, and "
        "deletes expired sessions and finished task results"
    ),
    "accounts.services.token_authenticate": (
        "reads a token (it marks when the token was last used: no change anyone made)"
    ),
    "members.services.unique_slug": READS_ONLY,
    "members.services.at_risk_slug": COMPUTES_ONLY,
    "members.services.person_export": READS_ONLY,
    "governance.services.seats_configure_standard": (
        "writes through seat_create, which is tested: one row per seat it creates"
    ),
    "statements.services.endorsement_confirmation_token": COMPUTES_ONLY,
    "statements.services.endorsement_names_unnameable": READS_ONLY,
    "statements.services.normalize_organization_name": COMPUTES_ONLY,
    "statements.services.page_cache_key": COMPUTES_ONLY,
    "statements.services.printed_details": READS_ONLY,
    "statements.services.reencode_image": COMPUTES_ONLY,
    "statements.services.statement_page_forget": "forgets cached pages; writes no record",
    "statements.services.search_index_rebuild": (
        "rebuilds the search index from the statements (after a restore): derived data, "
        "no change anyone made"
    ),
    "statements.services.run_import": (
        "writes through statement_import, statement_translation_save, topic_create and "
        "legacy_redirect_add, which are tested: one row per thing it saves, none in a dry run"
    ),
    "statements.services.import_file": "runs run_import on a file (see run_import)",
    "statements.services.import_job_progress": (
        "a running check's sign of life (how far it has read): no change anyone made"
    ),
    "statements.services.import_job_item_done": (
        "moves an import's counts with each item, inside the item's transaction; the statement "
        "services it ran for that item write the rows"
    ),
    "assemblies.services.assembly_announce": LIVE_PAGES,
    "assemblies.services.normalize_code": COMPUTES_ONLY,
    "assemblies.services.format_code": COMPUTES_ONLY,
    "assemblies.services.hall_link_matches": READS_ONLY,
    "assemblies.services.quota_for": READS_ONLY,
    "voting.services.rules_for": READS_ONLY,
    "voting.services.live_channel": COMPUTES_ONLY,
    "voting.services.poll_announce": LIVE_PAGES,
    "voting.services.candidate_labels": COMPUTES_ONLY,
    "voting.services.entitlements_for": (
        "reads who may vote (poll_open saves the entitlements, and is tested)"
    ),
    "voting.services.quorum_shortfall": READS_ONLY,
    "voting.services.elected_earlier": READS_ONLY,
    "voting.services.body_members_elected": READS_ONLY,
    "voting.services.paper_disagreements": READS_ONLY,
    "voting.services.voters_count": READS_ONLY,
    "voting.services.ballot_counts": READS_ONLY,
    "treasury.services.income_groups_standard": (
        "a convenience that adds the standard income groups: one row per group it adds, none "
        "when they are all there"
    ),
    "campaigns.services.called_organizations": READS_ONLY,
    "campaigns.services.new_submission_key": COMPUTES_ONLY,
    "engagements.services.calendar_token_find": READS_ONLY,
    "programs.services.content_digest": COMPUTES_ONLY,
    "programs.services.program_content": READS_ONLY,
}


def services_package(app: str) -> ModuleType:
    return importlib.import_module(f"alyansa.{app}.services")


def public_services(app: str) -> list[str]:
    """The public functions an app's services package offers, by dotted name: those defined in
    the package or in a module inside it (names it imports from elsewhere are not its own)."""
    package = services_package(app)
    return sorted(
        f"{app}.services.{name}"
        for name, value in vars(package).items()
        if inspect.isfunction(value)
        and not name.startswith("_")
        and (
            value.__module__ == package.__name__
            or value.__module__.startswith(f"{package.__name__}.")
        )
    )


def _cases() -> list[Any]:
    return [pytest.param(entry, id=case_id) for case_id, entry in sorted(all_recipes().items())]


@pytest.mark.django_db
@pytest.mark.parametrize("entry", _cases())
def test_a_writing_service_writes_exactly_one_audit_row_of_its_own_naming_what_it_did(
    entry: Recipe, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _services, name = entry.service.split(".")
    package = services_package(app)
    call = entry.prepare()
    # The recipe must call the service it is named after, once (through the package).
    real, calls = getattr(package, name), []

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(package, name, spy)
    before = AuditEvent.objects.count()
    last = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    call()
    assert calls == [name], f"the recipe of {entry.case_id} does not call it once"
    written = list(
        AuditEvent.objects.filter(pk__gt=last).order_by("pk").values_list("action", flat=True)
    )
    assert AuditEvent.objects.count() - before == len(written), "audit rows were deleted"
    assert written.count(entry.action) == 1, f"{entry.case_id} wrote {written}"
    assert sorted(written) == sorted([entry.action, *entry.through]), written


def test_rows_written_through_other_services_are_their_own_rows() -> None:
    own = {entry.action for entry in all_recipes().values()}
    borrowed = {action for entry in all_recipes().values() for action in entry.through}
    assert borrowed, "no recipe writes through another service: the table lost them"
    assert sorted(borrowed - own) == []


def test_every_public_service_has_a_recipe_or_a_reason_not_to() -> None:
    offered = {name for app in apps_with_services() for name in public_services(app)}
    covered = {entry.service for entry in all_recipes().values()}
    missing = sorted(offered - covered - set(EXEMPT))
    assert not missing, f"services with neither a recipe nor an exemption: {missing}"
    gone = sorted((covered | set(EXEMPT)) - offered)
    assert not gone, f"recipes or exemptions for services that are not offered: {gone}"
    both = sorted(covered & set(EXEMPT))
    assert not both, f"services both exempted and given a recipe: {both}"
