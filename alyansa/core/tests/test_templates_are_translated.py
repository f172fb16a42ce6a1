"""Every piece of text a template shows is marked for translation."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(path for path in ROOT.rglob("templates/**/*.html") if ".venv" not in path.parts)
# Attributes whose values a person reads or hears.
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "label"}
PLACEHOLDER = "\x00"
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def template_without_marked_text(source: str) -> str:
    """The template with every tag, variable and translated block replaced by a placeholder."""
    out: list[str] = []
    hidden_until: str | None = None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if hidden_until is None and name in {"blocktranslate", "blocktrans", "comment"}:
                hidden_until = "end" + name
            elif name == hidden_until:
                hidden_until = None
            out.append(PLACEHOLDER)
        elif token.token_type == TokenType.TEXT and hidden_until is None:
            out.append(token.contents)
        else:
            out.append(PLACEHOLDER)
    return "".join(out)


class UnmarkedText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if (
                name in READ_ATTRIBUTES
                and value
                and PLACEHOLDER not in value
                and LETTER.search(value)
            ):
                self.found.append(f'{name}="{value}"')

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        text = data.replace(PLACEHOLDER, " ").strip()
        if not self._skip and LETTER.search(text):
            self.found.append(text)


def unmarked_text(source: str) -> list[str]:
    parser = UnmarkedText()
    parser.feed(template_without_marked_text(source))
    return parser.found


def test_the_checker_finds_unmarked_text() -> None:
    assert unmarked_text("<p>Hello</p>") == ["Hello"]
    assert unmarked_text('<img alt="A photo" src="x">') == ['alt="A photo"']
    assert unmarked_text("{% load i18n %}<p>{% translate 'Hello' %}</p>") == []
    assert unmarked_text("<p>{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}</p>") == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_template_text_is_marked_for_translation(template: Path) -> None:
    found = unmarked_text(template.read_text())
    assert not found, f"Mark for translation in {template.name}: {found}"
