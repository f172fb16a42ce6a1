"""The report form in a real browser on a 360 px phone, without JavaScript: it is sent, the
server saves it but the connection drops before the answer arrives, the same form (same key,
same session) is sent again from the browser, and there is one report.

The second sending goes through the browser context's own request client with the form's
values: Chromium will not let a second click through while the first navigation hangs.
Photos stay out: a page whose requests are intercepted, as browser_page's are (to refuse other
hosts), uploads empty files in Chromium; test_report.py sends the same form with a photo three
times through Django's client and finds one photo."""

from __future__ import annotations

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.utils import timezone

from alyansa.campaigns.links import report_token
from alyansa.campaigns.models import Answer, AnswerState, Report
from alyansa.campaigns.testing import make_call, staff
from alyansa.core.browser import browser_page, chromium_missing_reason
from alyansa.members.testing import make_organization

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        chromium_missing_reason() is not None, reason=chromium_missing_reason() or ""
    ),
]


def test_a_report_sent_twice_over_a_dropped_connection_is_one_report(live_server, monkeypatch):  # type: ignore[no-untyped-def]
    secretariat, officer = staff()
    make_organization("Samahan")
    call = make_call(
        secretariat=secretariat,
        officer=officer,
        starts_on=timezone.localdate() - timezone.timedelta(days=1),
    )
    answer = Answer.objects.get(call=call)
    posts: list[str] = []
    original = WSGIHandler.__call__

    def drop_the_first_answer(self, environ, start_response):  # type: ignore[no-untyped-def]
        """The server saves the report, then the connection drops before the answer leaves
        (wsgiref closes it without a word, as a phone losing its signal sees it)."""
        response = original(self, environ, start_response)
        if environ["REQUEST_METHOD"] == "POST" and "/answers/" in environ["PATH_INFO"]:
            posts.append(environ["PATH_INFO"])
            if len(posts) == 1:
                raise ConnectionResetError("the connection dropped")
        return response

    monkeypatch.setattr(WSGIHandler, "__call__", drop_the_first_answer)
    with browser_page(
        live_server.url, java_script_enabled=False, viewport={"width": 360, "height": 740}
    ) as (page, foreign):
        page.goto(f"/campaigns/r/{report_token(answer)}/")
        assert "/campaigns/r/" not in page.url  # the token left the address at once
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.locator("details summary", has_text="Report what we did").click()
        page.fill("textarea[name=summary]", "A rally at the labour ministry.")
        page.fill("input[name=city]", "Quezon City")
        page.fill("input[name=participants_low]", "80")
        page.check("input[name=is_public]")
        form = page.locator("form:has(input[value=report])")
        fields = {
            name: form.locator(f"[name={name}]").input_value()
            for name in (
                "csrfmiddlewaretoken",
                "action",
                "key",
                "summary",
                "held_on",
                "city",
                "country",
                "participants_low",
            )
        }
        form.locator("button[type=submit]").click(no_wait_after=True)
        for _ in range(100):  # the server saves it; the phone waits for an answer that never comes
            if posts:
                break
            page.wait_for_timeout(100)  # (Playwright's own wait: its routes keep running)
        assert Report.objects.filter(answer=answer).count() == 1
        # The coordinator sends the same form again from the same phone (its session, its key).
        again = page.request.post(page.url, multipart={**fields, "is_public": "on"})
        assert again.ok and "Our report" in again.text()
    assert len(posts) == 2
    assert Report.objects.filter(answer=answer).count() == 1
    assert Answer.objects.get(pk=answer.pk).state == AnswerState.REPORTED
    assert foreign == []
