"""`{% load live %}` then `<div data-live-url="{% live_url channel %}">` (static/js/live.js)."""

from __future__ import annotations

from django import template

from alyansa.core import live

register = template.Library()


@register.simple_tag
def live_url(channel: str, private: bool = False) -> str:
    return live.live_url(channel, private=private)
