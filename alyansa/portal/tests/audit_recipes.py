"""Recipes for test_audit_rows.py: for each writing service, what it needs (built from the apps'
factories) and one call of it, with the action its own audit row names (and, for a service that
changes other records through their services, the rows those write).

A recipe builds everything first and returns the call, so that only the call is counted. It
reaches the service through its app's services package (`member_services.organization_create`),
never through a module inside it: the package's names stay when a services module is split.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

RECIPES: dict[str, Recipe] = {}
Call = Callable[[], object]


@dataclass(frozen=True)
class Recipe:
    service: str  # "members.services.organization_create"
    action: str  # the action stored on the one audit row it writes
    prepare: Callable[[], Call]
    # The rows of the services it calls for other records, in the order written: each one is
    # that service's own row (its action is another recipe's), never a second row of its own.
    through: tuple[str, ...] = ()
    variant: str = ""  # a second path through the same service

    @property
    def case_id(self) -> str:
        return f"{self.service} ({self.variant})" if self.variant else self.service


def recipe(
    app: str, name: str, action: str, *, through: tuple[str, ...] = (), variant: str = ""
) -> Callable[[Callable[[], Call]], Callable[[], Call]]:
    """Enter a recipe in the table."""

    def register(prepare: Callable[[], Call]) -> Callable[[], Call]:
        entry = Recipe(f"{app}.services.{name}", action, prepare, through, variant)
        assert entry.case_id not in RECIPES, entry.case_id
        RECIPES[entry.case_id] = entry
        return prepare

    return register


def all_recipes() -> dict[str, Recipe]:
    """Every recipe, by case id. The recipe modules enter theirs when imported; they import this
    module for `recipe`, hence the import here rather than at the top (a cycle)."""
    from alyansa.portal.tests import (  # noqa: F401 - importing them fills RECIPES
        audit_recipes_assemblies,
        audit_recipes_members,
        audit_recipes_money,
        audit_recipes_outreach,
        audit_recipes_statements,
        audit_recipes_voting,
    )

    return RECIPES
