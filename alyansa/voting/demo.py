"""This app's part of the demo alliance (called by alyansa/portal/demo.py, in order)."""

from __future__ import annotations

import random


def load(rng: random.Random) -> list[str]:
    """Create the demo objects; return lines to print for the newcomer (may be empty)."""
    return []
