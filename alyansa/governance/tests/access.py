"""Who may open this app's pages and API endpoints (joined into the portal's access matrix)."""

from alyansa.core.testing import EVERYONE, AccessCase

CASES: list[AccessCase] = [
    AccessCase("governance:bodies", allowed=EVERYONE),
    AccessCase(
        "governance:body", allowed=EVERYONE, kwargs=lambda w: {"slug": w.objects["body"].slug}
    ),
    AccessCase("governance:constitution", allowed=EVERYONE),
    AccessCase(
        "governance:constitution_version",
        allowed=EVERYONE,
        kwargs=lambda w: {"number": w.objects["constitution"].number},
    ),
]
