"""Loading the registry's reference data: regions, countries, languages and sectors."""

from __future__ import annotations

from babel import Locale
from django.db import transaction

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.members import reference
from alyansa.members.audit_actions import Action
from alyansa.members.models import Country, Language, Region, Sector


@transaction.atomic
def reference_data_load(*, acting_user: User | None = None) -> dict[str, int]:
    """Create the regions, countries, languages and sectors that are missing. Idempotent: rows
    that exist (and any edits made to them) are left alone."""
    created = {"regions": 0, "countries": 0, "languages": 0, "sectors": 0}
    region_of: dict[str, Region] = {}
    for position, (slug, name, codes) in enumerate(reference.REGIONS):
        region, made = Region.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "position": position,
                "names": reference.REGION_NAMES.get(slug, {}),
            },
        )
        created["regions"] += made
        for code in codes.split():
            region_of[code] = region
    existing = set(Country.objects.values_list("code", flat=True))
    iso_codes: list[str] = sorted(
        str(code)
        for code in Locale("en").territories
        if len(str(code)) == 2 and str(code).isalpha() and code not in reference.NOT_COUNTRIES
    )
    new = [
        Country(code=code, region=region_of.get(code)) for code in iso_codes if code not in existing
    ]
    Country.objects.bulk_create(new)
    created["countries"] = len(new)
    known = set(Language.objects.values_list("code", flat=True))
    new_languages = [Language(code=code) for code in reference.LANGUAGES if code not in known]
    Language.objects.bulk_create(new_languages)
    created["languages"] = len(new_languages)
    for slug, name in reference.SECTORS:
        created["sectors"] += Sector.objects.get_or_create(
            slug=slug, defaults={"name": name, "names": reference.SECTOR_NAMES.get(slug, {})}
        )[1]
    if any(created.values()):
        audit_record(actor=acting_user, action=Action.REFERENCE_LOAD, changes=created)
    return created
