from __future__ import annotations

import posixpath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.static import serve

from alyansa.accounts.models import TokenAccess, User
from alyansa.accounts.permissions import has_any_role, role_keys, role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.accounts.selectors import role_choices_for, role_label, tokens_for
from alyansa.accounts.services import AccountRuleError, token_create, token_revoke
from alyansa.audit.selectors import audit_events_search
from alyansa.portal.forms import TokenForm
from alyansa.portal.selectors import task_queue_reachable
from alyansa.portal.worklist import worklist_for


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    roles = sorted({Role(role).label for role, _scope in role_keys(request.user)}, key=str)
    # The treasury's readers, and coordinators for their own organization's dues.
    treasury = has_any_role(
        request.user, (Role.TREASURER, Role.OFFICER, Role.SECRETARIAT, Role.COORDINATOR)
    )
    return render(
        request,
        "portal/dashboard.html",
        {"roles": roles, "treasury": treasury, "desks": worklist_for(request.user)},
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database and the task queue answer, 503 otherwise."""
    checks = {"database": _database_reachable(), "tasks": task_queue_reachable()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse({"ok": status == 200, **checks}, status=status)


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


# The folders of MEDIA_ROOT that hold public files: the statements' pictures. Other uploads
# (the treasury's receipts) are served by their own views, which check who asks.
PUBLIC_MEDIA_FOLDERS = frozenset({"statements"})


@require_GET
def media_file(request: HttpRequest, path: str) -> FileResponse:
    """Uploaded pictures (public once stripped of their metadata). Alyansa serves them itself:
    its files are readable by its own user only, so a web server running as another user
    could not (docs/security/at-rest.md). Their names are random, so they never change."""
    path = posixpath.normpath(path).lstrip("/")
    if path.split("/", 1)[0] not in PUBLIC_MEDIA_FOLDERS:
        raise Http404
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_GET
@role_required(Role.SECRETARIAT)
def audit_trail(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    events = audit_events_search(query=query)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "portal/audit_trail.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
@login_required
def access_tokens(request: SignedInRequest) -> HttpResponse:
    user: User = request.user
    role_choices = role_choices_for(user)
    form = TokenForm(request.POST or None, role_choices=role_choices)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = token_create(
                user=user,
                name=form.cleaned_data["name"],
                access=TokenAccess(form.cleaned_data["access"]),
                roles=form.carried_roles(),
                expires_at=form.expires_at(),
            )
        except AccountRuleError as error:
            form.add_error(None, str(error))
        else:
            form = TokenForm(role_choices=role_choices)
    tokens = [
        (token, [role_label(role, scope) for role, scope in token.roles])
        for token in tokens_for(user)
    ]
    return render(
        request,
        "portal/access_tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
    )


@require_POST
@login_required
def access_token_revoke(request: SignedInRequest, token_id: int) -> HttpResponse:
    # Another user's token is simply not found: a 404, never a hint that it exists.
    token = get_object_or_404(tokens_for(request.user), pk=token_id)
    token_revoke(token=token, acting_user=request.user)
    messages.success(request, _("The token was revoked."))
    return redirect("portal:access_tokens")
