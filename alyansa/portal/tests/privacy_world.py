"""The world of the privacy matrix: the access matrix's world plus one at-risk organization in
every role the issue lists, built the way it happens in real life.

First it is an ordinary member: a joint issuer of a published statement, admitted by an agenda
item, holding a seat, with a candidate on a closed ballot. Then it is marked at risk (the flag
set after the fact). Then, at risk: its coordinator endorses a statement, the public form is
tried with its acronym, its delegates speak and wait to speak, one gives a proxy, a joint-issuer
attempt is refused, and one of its people (a candidate) is erased.

Apps add their own roles in `<app>/tests/privacy.py` (`before_flag(world)` and/or
`after_flag(world)`, both optional; `public_paths(world)` for public addresses the access
matrix does not reach, such as this world's own poll's board and files; `staff_paths(world)`
for staff's screens of the at-risk organization's own rows, such as its dues statement), listed in
PRIVACY_APPS below: the campaigns or engagements
app adds its call-to-action report or its representative there, and the matrix renders its
public pages without another line of test code.
"""

from __future__ import annotations

import importlib

from alyansa.core.testing import World
from alyansa.portal.tests.world import build_world

SECRET_NAME = "Samahan ng Lihim na Manggagawa"
SECRET_ACRONYM = "SLMQX"
# Names of people that must not appear anywhere once erased.
ERASED_NAME = "Ernesto Erasedperson"

# In the order their roles build on one another (statements need the organization, voting the
# assembly...). An app without a privacy.py is skipped.
PRIVACY_APPS = [
    "alyansa.members",
    "alyansa.governance",
    "alyansa.statements",
    "alyansa.assemblies",
    "alyansa.voting",
    "alyansa.treasury",
    "alyansa.campaigns",
    "alyansa.engagements",
    "alyansa.programs",
]


def _extensions() -> list[object]:
    found = []
    for app in PRIVACY_APPS:
        try:
            found.append(importlib.import_module(f"{app}.tests.privacy"))
        except ModuleNotFoundError:
            continue
    return found


def extra_public_paths(world: World) -> list[str]:
    paths: list[str] = []
    for extension in _extensions():
        if hasattr(extension, "public_paths"):
            paths += extension.public_paths(world)
    return paths


def staff_paths(world: World) -> list[str]:
    paths: list[str] = []
    for extension in _extensions():
        if hasattr(extension, "staff_paths"):
            paths += extension.staff_paths(world)
    return paths


def build_privacy_world() -> World:
    from alyansa.members.services import organization_update

    world = build_world()
    extensions = _extensions()
    for extension in extensions:
        if hasattr(extension, "before_flag"):
            extension.before_flag(world)
    secret = world.objects["secret"]
    world.objects["secret_old_slug"] = secret.slug
    organization_update(
        organization=secret, changes={"at_risk": True}, acting_user=world.users["secretariat"]
    )
    secret.refresh_from_db()
    for extension in extensions:
        if hasattr(extension, "after_flag"):
            extension.after_flag(world)
    return world
