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

# The default names in the interface's other languages (rows can be edited afterwards).
REGION_NAMES: dict[str, dict[str, str]] = {
    "asia-pacific": {
        "es": "Asia-Pacífico",
        "fr": "Asie-Pacifique",
        "id": "Asia-Pasifik",
        "tl": "Asya-Pasipiko",
        "ar": "آسيا والمحيط الهادئ",
    },
    "south-asia": {
        "es": "Asia meridional y central",
        "fr": "Asie du Sud et centrale",
        "id": "Asia Selatan dan Tengah",
        "tl": "Timog at Gitnang Asya",
        "ar": "جنوب ووسط آسيا",
    },
    "middle-east": {
        "es": "Oriente Medio",
        "fr": "Moyen-Orient",
        "id": "Timur Tengah",
        "tl": "Gitnang Silangan",
        "ar": "الشرق الأوسط",
    },
    "europe": {"es": "Europa", "fr": "Europe", "id": "Eropa", "tl": "Europa", "ar": "أوروبا"},
    "africa": {"es": "África", "fr": "Afrique", "id": "Afrika", "tl": "Aprika", "ar": "أفريقيا"},
    "latin-america": {
        "es": "América Latina y el Caribe",
        "fr": "Amérique latine et Caraïbes",
        "id": "Amerika Latin dan Karibia",
        "tl": "Latin Amerika at Caribbean",
        "ar": "أمريكا اللاتينية والكاريبي",
    },
    "north-america": {
        "es": "América del Norte",
        "fr": "Amérique du Nord",
        "id": "Amerika Utara",
        "tl": "Hilagang Amerika",
        "ar": "أمريكا الشمالية",
    },
}
SECTOR_NAMES: dict[str, dict[str, str]] = {
    "domestic-workers": {
        "es": "Trabajadoras del hogar",
        "fr": "Travailleuses domestiques",
        "id": "Pekerja rumah tangga",
        "tl": "Kasambahay",
        "ar": "عاملات المنازل",
    },
    "seafarers": {
        "es": "Gente de mar",
        "fr": "Gens de mer",
        "id": "Pelaut",
        "tl": "Marino",
        "ar": "البحارة",
    },
    "refugees": {
        "es": "Personas refugiadas y solicitantes de asilo",
        "fr": "Réfugiés et demandeurs d'asile",
        "id": "Pengungsi dan pencari suaka",
        "tl": "Mga refugee at naghahanap ng asylum",
        "ar": "اللاجئون وطالبو اللجوء",
    },
    "farmworkers": {
        "es": "Trabajadores agrícolas",
        "fr": "Travailleurs agricoles",
        "id": "Buruh tani",
        "tl": "Manggagawang bukid",
        "ar": "العمال الزراعيون",
    },
    "construction": {
        "es": "Trabajadores de la construcción",
        "fr": "Ouvriers du bâtiment",
        "id": "Pekerja konstruksi",
        "tl": "Manggagawa sa konstruksiyon",
        "ar": "عمال البناء",
    },
    "care-workers": {
        "es": "Trabajadoras de cuidados",
        "fr": "Travailleurs du soin",
        "id": "Pekerja perawatan",
        "tl": "Caregiver",
        "ar": "عاملو الرعاية",
    },
    "students": {
        "es": "Estudiantes y jóvenes",
        "fr": "Étudiants et jeunes",
        "id": "Pelajar dan pemuda",
        "tl": "Mga estudyante at kabataan",
        "ar": "الطلاب والشباب",
    },
    "women": {
        "es": "Mujeres migrantes",
        "fr": "Femmes migrantes",
        "id": "Perempuan migran",
        "tl": "Kababaihang migrante",
        "ar": "النساء المهاجرات",
    },
    "returnees": {
        "es": "Migrantes retornados y familias",
        "fr": "Migrants de retour et familles",
        "id": "Migran purna dan keluarga",
        "tl": "Mga nagbalik na migrante at pamilya",
        "ar": "المهاجرون العائدون وأسرهم",
    },
    "support": {
        "es": "Instituciones de apoyo",
        "fr": "Institutions de soutien",
        "id": "Lembaga pendukung",
        "tl": "Mga institusyong sumusuporta",
        "ar": "مؤسسات الدعم",
    },
}
