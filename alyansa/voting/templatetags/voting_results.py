"""A closed poll's stage tables as the public may see them.

{% load voting_results %}
{{ poll|public_stage_table }}   the count's stage tables (HTML made by our count, never by a
                                user), an erased candidate shown as their stand-in
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from alyansa.voting.models import Poll
from alyansa.voting.selectors import public_labels, public_result_html

register = template.Library()


@register.filter
def public_stage_table(poll: Poll) -> SafeString:
    if not poll.result_html:
        return mark_safe("")
    # The count wrote this HTML from escaped labels (voting/counting.py); the projection only
    # replaces an erased candidate's label by a stand-in.
    return mark_safe(public_result_html(poll, public_labels(poll)))  # noqa: S308
