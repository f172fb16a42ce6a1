"""Who may open this app's pages and API endpoints (joined into the portal's access matrix)."""

from alyansa.core.testing import EVERYONE, AccessCase

OWN = {"coordinator", "secretariat"}
CHAIR = {"officer", "secretariat"}
SECRETARIAT = {"secretariat"}
DELEGATE = {"delegate"}


def _asm(world):  # type: ignore[no-untyped-def]
    return {"slug": world.objects["assembly"].slug}


def _item(world):  # type: ignore[no-untyped-def]
    return {"slug": world.objects["assembly"].slug, "item_id": world.objects["item"].pk}


def _report(world):  # type: ignore[no-untyped-def]
    return {"slug": world.objects["assembly"].slug, "item_id": world.objects["report_item"].pk}


def _reg(key):  # type: ignore[no-untyped-def]
    return lambda w: {"slug": w.objects["assembly"].slug, "org": w.objects[key].slug}


def _p(key):  # type: ignore[no-untyped-def]
    return lambda w: {"participant_id": w.objects[key].pk}


CASES: list[AccessCase] = [
    AccessCase("assemblies:list", allowed=EVERYONE),
    AccessCase("assemblies:detail", allowed=EVERYONE, kwargs=_asm),
    # Set-up and the registration desk: the secretariat.
    AccessCase("assemblies:create", allowed=SECRETARIAT),
    AccessCase("assemblies:edit", allowed=SECRETARIAT, kwargs=_asm),
    AccessCase(
        "assemblies:status",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_asm,
        data=lambda w: {"status": "in_session"},
    ),
    AccessCase("assemblies:participants", allowed=SECRETARIAT, kwargs=_asm),
    AccessCase(
        "assemblies:allocation",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_asm,
        data=lambda w: {"organization": w.objects["organization"].slug, "weight": 1},
    ),
    AccessCase("assemblies:badges", allowed=SECRETARIAT, method="post", kwargs=_asm),
    AccessCase(
        "assemblies:item_move",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_report,
        data=lambda w: {"position": 2},
    ),
    AccessCase("assemblies:check_in", allowed=SECRETARIAT, kwargs=_asm),
    # Proxies handed in on paper at the desk, and ending a proxy: the secretariat.
    AccessCase("assemblies:proxies", allowed=SECRETARIAT, kwargs=_asm),
    AccessCase(
        "assemblies:proxies",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_asm,
        data=lambda w: {
            "giver": w.objects["paper_giver"].pk,
            "holder": w.objects["other_delegate"].pk,
        },
    ),
    AccessCase(
        "assemblies:proxy_end",
        allowed=SECRETARIAT,
        method="post",
        kwargs=lambda w: {"slug": w.objects["assembly"].slug, "proxy_id": w.objects["proxy"].pk},
    ),
    AccessCase(
        "assemblies:item_add",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_asm,
        data=lambda w: {"kind": "presentation", "title": "Keynote"},
    ),
    # The chair: an officer or the secretariat.
    AccessCase("assemblies:console", allowed=CHAIR, kwargs=_asm),
    AccessCase("assemblies:item_open", allowed=CHAIR, method="post", kwargs=_item),
    AccessCase(
        "assemblies:item_decide",
        allowed=CHAIR,
        method="post",
        kwargs=_report,
        data=lambda w: {"outcome": "approved"},
    ),
    AccessCase("assemblies:item_edit", allowed=CHAIR, kwargs=_item),
    AccessCase(
        "assemblies:item_translate",
        allowed=CHAIR,
        method="post",
        kwargs=_item,
        data=lambda w: {"language": "tl", "title": "Programa", "text": ""},
    ),
    AccessCase(
        "assemblies:amendment_add",
        allowed=CHAIR,
        method="post",
        kwargs=_item,
        data=lambda w: {"text": "Another line."},
    ),
    AccessCase(
        "assemblies:amendment_decide",
        allowed=CHAIR,
        method="post",
        kwargs=lambda w: {
            "slug": w.objects["assembly"].slug,
            "amendment_id": w.objects["amendment"].pk,
        },
        data=lambda w: {"outcome": "adopted"},
    ),
    AccessCase("assemblies:speaker_next", allowed=CHAIR, method="post", kwargs=_item),
    # Registration: a coordinator for their own organization only, and the secretariat.
    AccessCase("assemblies:register", allowed=OWN, kwargs=_asm),
    AccessCase("assemblies:register_organization", allowed=OWN, kwargs=_reg("organization")),
    AccessCase(
        "assemblies:register_organization", allowed=SECRETARIAT, kwargs=_reg("other_organization")
    ),
    AccessCase(
        "assemblies:register_organization",
        allowed=OWN,
        method="post",
        kwargs=_reg("organization"),
        data=lambda w: {"display_name": "Gus Guest", "kind": "guest"},
    ),
    AccessCase(
        "assemblies:register_organization",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_reg("other_organization"),
        data=lambda w: {"display_name": "Gia Guest", "kind": "guest"},
    ),
    AccessCase(
        "assemblies:credential_issue", allowed=OWN, method="post", kwargs=_p("spare_of_own")
    ),
    AccessCase(
        "assemblies:credential_issue",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_p("spare_of_other"),
    ),
    AccessCase(
        "assemblies:credential_revoke", allowed=OWN, method="post", kwargs=_p("spare_of_own")
    ),
    AccessCase(
        "assemblies:credential_revoke",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_p("spare_of_other"),
    ),
    AccessCase(
        "assemblies:badge",
        allowed=OWN,
        method="post",
        kwargs=_p("delegate"),
        data=lambda w: {"secret": w.objects["delegate_secret"]},
    ),
    AccessCase(
        "assemblies:participant_withdraw", allowed=OWN, method="post", kwargs=_p("spare_of_own")
    ),
    AccessCase(
        "assemblies:participant_withdraw",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_p("spare_of_other"),
    ),
    # The delegate's phone: a credential session, no account.
    AccessCase("assemblies:signin_form", allowed=EVERYONE),
    AccessCase("assemblies:signout", allowed=EVERYONE, method="post"),
    AccessCase("assemblies:me", allowed=DELEGATE),
    AccessCase("assemblies:me_check_in", allowed=DELEGATE, method="post"),
    AccessCase("assemblies:floor", allowed=DELEGATE, method="post"),
    AccessCase(
        "assemblies:proxy",
        allowed=DELEGATE,
        method="post",
        data=lambda w: {"holder": w.objects["other_delegate"].pk},
    ),
]

# The JSON API: the same rules.
API_CASES: list[AccessCase] = [
    AccessCase("api-v1:assemblies_list", allowed=EVERYONE),
    AccessCase("api-v1:assemblies_detail", allowed=EVERYONE, kwargs=_asm),
    AccessCase("api-v1:assemblies_strength", allowed=CHAIR, kwargs=_asm),
    AccessCase("api-v1:assemblies_participants", allowed=OWN, kwargs=_reg("organization")),
    AccessCase(
        "api-v1:assemblies_participants", allowed=SECRETARIAT, kwargs=_reg("other_organization")
    ),
    AccessCase(
        "api-v1:assemblies_register",
        allowed=OWN,
        method="post",
        kwargs=_reg("organization"),
        data=lambda w: {"display_name": "Api Guest", "kind": "guest"},
    ),
    AccessCase(
        "api-v1:assemblies_register",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_reg("other_organization"),
        data=lambda w: {"display_name": "Api Guest", "kind": "guest"},
    ),
    AccessCase(
        "api-v1:assemblies_check_in",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_asm,
        data=lambda w: {"code": w.objects["delegate_secret"]},
    ),
    AccessCase("api-v1:assemblies_me", allowed=DELEGATE),
    AccessCase("api-v1:assemblies_floor", allowed=DELEGATE, method="post"),
    # Written proxies and the rules for decisions, as on the proxies, console and set-up pages.
    AccessCase("api-v1:assemblies_proxies", allowed=SECRETARIAT, kwargs=_asm),
    AccessCase(
        "api-v1:assemblies_proxy_record",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_asm,
        data=lambda w: {
            "giver": w.objects["api_paper_giver"].pk,
            "holder": w.objects["other_delegate"].pk,
        },
    ),
    AccessCase(
        "api-v1:assemblies_proxy_end",
        allowed=SECRETARIAT,
        method="post",
        kwargs=lambda w: {
            "slug": w.objects["assembly"].slug,
            "proxy_id": w.objects["api_proxy"].pk,
        },
    ),
    AccessCase("api-v1:assemblies_rules", allowed=CHAIR, kwargs=_asm),
    AccessCase(
        "api-v1:assemblies_rules_update",
        allowed=SECRETARIAT,
        method="patch",
        kwargs=_asm,
        # A JSON text: the test client sends a string body as it is.
        data=lambda w: '{"threshold_admission": "two-thirds"}',  # type: ignore[arg-type,return-value]
    ),
]
CASES += API_CASES
