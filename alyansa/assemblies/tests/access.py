"""Who may open this app's pages and API endpoints (joined into the portal's access matrix)."""

from alyansa.core.testing import AccessCase

CASES: list[AccessCase] = []
