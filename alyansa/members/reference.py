"""Reference data loaded by a service (never a data migration): regions, countries, languages,
sectors. Country and language names come translated from Babel's CLDR data."""

from __future__ import annotations

# The alliance's seven regions and the countries each one covers by default. An alliance with
# other regions edits them afterwards; countries not listed here have no region until then.
REGIONS: list[tuple[str, str, str]] = [
    # slug, name, ISO codes
    (
        "asia-pacific",
        "Asia-Pacific",
        "AU BN CN FJ HK ID JP KH KR LA MM MN MO MY NZ PG PH SG TH TL TW VN",
    ),
    ("south-asia", "South and Central Asia", "AF BD BT IN KG KZ LK MV NP PK TJ TM UZ"),
    ("middle-east", "Middle East", "AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE"),
    (
        "europe",
        "Europe",
        "AT BE BG CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LT LU LV MT NL NO PL PT RO "
        "SE SI SK UA",
    ),
    (
        "africa",
        "Africa",
        "AO BF BJ CD CI CM DZ EG ER ET GH GM GN KE LY MA ML MR MW MZ NE NG RW SD SL SN SO SS "
        "TD TG TN TZ UG ZA ZM ZW",
    ),
    (
        "latin-america",
        "Latin America and the Caribbean",
        "AR BO BR CL CO CR CU DO EC GT HN HT JM MX NI PA PE PY SV TT UY VE",
    ),
    ("north-america", "North America", "CA US"),
]

# Territories in CLDR that are not ISO 3166-1 countries for our purposes.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"})

SECTORS: list[tuple[str, str]] = [
    ("domestic-workers", "Domestic workers"),
    ("seafarers", "Seafarers"),
    ("refugees", "Refugees and asylum seekers"),
    ("farmworkers", "Farmworkers"),
    ("construction", "Construction workers"),
    ("care-workers", "Care workers"),
    ("students", "Students and youth"),
    ("women", "Migrant women"),
    ("returnees", "Returned migrants and families"),
    ("support", "Support institutions"),
]

# Languages the alliance's members commonly work in (more can be added as rows).
LANGUAGES = [
    "ar",
    "am",
    "bn",
    "de",
    "en",
    "es",
    "fa",
    "fil",
    "fr",
    "hi",
    "id",
    "it",
    "ja",
    "ko",
    "ms",
    "my",
    "ne",
    "nl",
    "pt",
    "ru",
    "si",
    "sw",
    "ta",
    "th",
    "tl",
    "tr",
    "uk",
    "ur",
    "vi",
    "zh",
]
