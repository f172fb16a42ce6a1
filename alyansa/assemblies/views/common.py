"""What the assemblies' pages share: who chairs, refusals shown as messages, asking before an
act, the badge's words."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from alyansa.accounts.roles import Role

CHAIR = (Role.SECRETARIAT, Role.OFFICER)


def fail(request: HttpRequest, error: Exception) -> None:
    messages.error(request, str(error))


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirm") == "1"


def confirm(
    request: HttpRequest,
    *,
    title: str,
    text: str,
    button: str,
    back: str,
    fields: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """A page that asks before an act that one tap must not do (it posts the same form again,
    with confirm=1): works without JavaScript."""
    return render(
        request,
        "assemblies/confirm.html",
        {
            "title": title,
            "text": text,
            "button": button,
            "back": back,
            "action": request.path,
            "fields": fields or [],
        },
    )


def badge_words() -> dict[str, str]:
    """The badge's texts in the active language."""
    return {
        "caption": _("Scan to sign in and vote. Keep this badge to yourself."),
        "no_camera": _("Cannot scan? Open %(address)s and type the code."),
        "code_label": _("Code:"),
    }
