"""Every interface string has a translation in every language, with the same placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalog_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_string_is_translated(language: str) -> None:
    with catalog_path(language).open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:10]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_knows_its_plural_rule(language: str) -> None:
    # A fuzzy header is left out of the compiled file, and with it the plural rule.
    with catalog_path(language).open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    assert not catalog.fuzzy
    assert catalog.mime_headers and dict(catalog.mime_headers).get("Language") == language
    assert "nplurals=" in dict(catalog.mime_headers)["Plural-Forms"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders(language: str) -> None:
    with catalog_path(language).open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    problems = [
        (message.id, [str(error) for error in errors]) for message, errors in catalog.check()
    ]
    assert not problems, problems[:10]
