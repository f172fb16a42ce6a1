"""What the topics' routes read and answer (the secretariat names topics in every language)."""
# No "from __future__ import annotations": django-ninja and pydantic read the annotations.

from typing import Any

from ninja import Field, Schema

from alyansa.statements.models import Topic


class TopicOut(Schema):
    slug: str
    name: str
    # The topic's own name per language code; other languages show `name`.
    names: dict[str, str]
    statement_count: int


class TopicIn(Schema):
    name: str = Field(max_length=120, description="The default name, for every other language.")
    names: dict[str, str] = Field(
        default={},
        description="The name per language code of the site; a language left out or empty "
        "shows the default name.",
    )


def topic_answer(topic: Topic) -> dict[str, Any]:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "names": topic.names,
        # Counted by selectors.named_for_staff.
        "statement_count": topic.statement_count,  # type: ignore[attr-defined]
    }
