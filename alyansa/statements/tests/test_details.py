"""The details around a statement's text: who issued it, date and place, signatories, reference,
occasion, topics, campaign. Picked and changed on the create and details pages."""

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from alyansa.accounts.testing import make_token
from alyansa.audit.models import AuditEvent
from alyansa.members.testing import make_chapter, make_organization
from alyansa.statements import selectors, services
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import Correction, Statement, Topic
from alyansa.statements.testing import make_statement
from conftest import client_for

pytestmark = pytest.mark.django_db
Status = Statement.Status
Issuer = Statement.Issuer


def details_form(statement, **changes):  # type: ignore[no-untyped-def]
    """What the details page posts when nothing is changed, with `changes` on top."""
    data = {
        "issued_on": statement.issued_on.isoformat(),
        "place": statement.place,
        "issuer_kind": statement.issuer_kind,
        "issuer_chapter": statement.issuer_chapter_id or "",
        "issuer_organizations": [o.pk for o in statement.issuer_organizations.all()],
        "issuer_name": statement.issuer_name,
        "signatories": "",
        "contact": statement.contact,
        "occasion": statement.occasion_id or "",
        "topics": [t.pk for t in statement.topics.all()],
        "campaign": statement.campaign,
        "open_for_endorsement": "on" if statement.open_for_endorsement else "",
    }
    data.update(changes)
    return data


def post_details(user, statement, **changes):  # type: ignore[no-untyped-def]
    return client_for(user).post(
        reverse("statements:details", args=[statement.slug]), details_form(statement, **changes)
    )


# --- the issuer -------------------------------------------------------------------------------


def new_statement_form(**changes):  # type: ignore[no-untyped-def]
    data = {
        "slug": "joint-statement",
        "source_language": "en",
        "title": "Together",
        "issued_on": "2026-05-01",
        "issuer_kind": Issuer.ALLIANCE,
    }
    data.update(changes)
    return data


def test_the_secretariat_picks_several_organizations_as_joint_issuers(secretariat):
    first, second = make_organization("Kasama Hong Kong"), make_organization("Unite Taiwan")
    response = client_for(secretariat).post(
        reverse("statements:create"),
        new_statement_form(issuer_kind=Issuer.JOINT, issuer_organizations=[first.pk, second.pk]),
    )
    assert response.status_code == 302
    statement = Statement.objects.get(slug="joint-statement")
    assert statement.issuer_kind == Issuer.JOINT
    assert set(statement.issuer_organizations.all()) == {first, second}
    assert statement.issuer_display() == "Kasama Hong Kong, Unite Taiwan"


def test_the_create_page_offers_the_registry_s_chapters_and_member_organizations(secretariat):
    make_chapter("Alliance Philippines")
    make_organization("Kasama Hong Kong")
    make_organization("Applied Only", member_since=None)
    page = client_for(secretariat).get(reverse("statements:create")).content.decode()
    assert "Alliance Philippines" in page and "Kasama Hong Kong" in page
    assert "Applied Only" not in page
    assert 'type="radio" name="issuer_kind"' in page


def test_a_chapter_statement_needs_its_chapter(secretariat):
    response = client_for(secretariat).post(
        reverse("statements:create"), new_statement_form(issuer_kind=Issuer.CHAPTER)
    )
    assert response.status_code == 200
    assert "Choose the chapter that issues the statement." in response.content.decode()
    chapter = make_chapter("Alliance Philippines")
    response = client_for(secretariat).post(
        reverse("statements:create"),
        new_statement_form(issuer_kind=Issuer.CHAPTER, issuer_chapter=chapter.pk),
    )
    assert Statement.objects.get(slug="joint-statement").issuer_chapter == chapter


def test_a_joint_statement_needs_two_organizations_or_their_names(secretariat):
    one = make_organization("Kasama Hong Kong")
    response = client_for(secretariat).post(
        reverse("statements:create"),
        new_statement_form(issuer_kind=Issuer.JOINT, issuer_organizations=[one.pk]),
    )
    assert "Choose at least two organizations" in response.content.decode()
    assert not Statement.objects.exists()
    client_for(secretariat).post(
        reverse("statements:create"),
        new_statement_form(
            issuer_kind=Issuer.JOINT,
            issuer_organizations=[one.pk],
            issuer_name="Kasama Hong Kong and the Allied Church Network",
        ),
    )
    statement = Statement.objects.get()
    assert statement.issuer_display() == "Kasama Hong Kong and the Allied Church Network"


def test_an_issuer_that_contradicts_itself_is_refused_with_a_clear_message(secretariat):
    chapter = make_chapter("Alliance Philippines")
    organization = make_organization("Kasama Hong Kong")
    client = client_for(secretariat)
    cases = [
        ({"issuer_chapter": chapter.pk}, "The alliance issues it alone"),
        (
            {
                "issuer_kind": Issuer.CHAPTER,
                "issuer_chapter": chapter.pk,
                "issuer_organizations": [organization.pk],
            },
            "A chapter issues it: clear the organizations",
        ),
        (
            {"issuer_kind": Issuer.JOINT, "issuer_chapter": chapter.pk},
            "Organizations issue it jointly: clear the chapter",
        ),
    ]
    for changes, message in cases:
        response = client.post(reverse("statements:create"), new_statement_form(**changes))
        assert message in response.content.decode(), changes
    assert not Statement.objects.exists()


def test_the_service_refuses_a_chapter_and_organizations_together(secretariat):
    with pytest.raises(StatementRuleError, match="not both") as refused:
        services.statement_create(
            acting_user=secretariat,
            slug="both",
            source_language="en",
            title="Both",
            issued_on=date(2026, 5, 1),
            issuer_chapter=make_chapter(),
            issuer_organizations=[make_organization(), make_organization()],
        )
    assert refused.value.reasons == {
        "issuer_organizations": (
            "A statement is issued by a chapter or by organizations jointly, not both."
        )
    }


# --- editing the details ---------------------------------------------------------------------


def test_the_secretariat_changes_a_draft_s_details(secretariat):
    statement = make_statement(slug="draft", translations={"ar": "بيان"})
    chapter = make_chapter("Alliance Philippines")
    topic = services.topic_create(slug="wages", name="Wages", acting_user=None)
    response = post_details(
        secretariat,
        statement,
        issued_on="2026-12-10",
        place="Manila",
        issuer_kind=Issuer.CHAPTER,
        issuer_chapter=chapter.pk,
        signatories="Maria Santos | Chairperson | Kasama\nDewi | Secretary General",
        contact="Secretariat, press@example.org",
        topics=[topic.pk],
        campaign="Regularization now",
        open_for_endorsement="on",
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.issued_on == date(2026, 12, 10) and statement.place == "Manila"
    assert statement.issuer_chapter == chapter and statement.issuer_kind == Issuer.CHAPTER
    assert statement.signatories == [
        {"name": "Maria Santos", "role": "Chairperson", "organization": "Kasama"},
        {"name": "Dewi", "role": "Secretary General", "organization": ""},
    ]
    assert list(statement.topics.all()) == [topic]
    assert statement.campaign == "Regularization now" and statement.open_for_endorsement
    assert statement.status == Status.DRAFT
    update = AuditEvent.objects.for_object(statement).get(action="statement.update")
    assert update.changes["place"] == ["", "Manila"]
    # Every language keeps a version with what is now printed around its text.
    for translation in statement.translations.all():
        latest = translation.versions.first()
        assert latest.details["issuer"] == "Alliance Philippines"
        assert latest.details["signatories"][0] == "Maria Santos, Chairperson, Kasama"


def test_the_details_page_shows_what_is_there(secretariat):
    make_statement(slug="shown", place="Geneva", signatories=[("Maria Santos", "Chairperson", "")])
    page = client_for(secretariat).get(reverse("statements:details", args=["shown"]))
    html = page.content.decode()
    assert 'value="Geneva"' in html and "Maria Santos | Chairperson" in html
    workflow = client_for(secretariat).get(reverse("statements:workflow", args=["shown"]))
    assert reverse("statements:details", args=["shown"]) in workflow.content.decode()


def test_changing_a_published_statement_s_date_is_a_public_correction(secretariat):
    statement = make_statement(slug="published", status=Status.PUBLISHED, translations={"es": "D"})
    response = post_details(secretariat, statement, issued_on="2026-12-17")
    assert "say what you corrected" in response.content.decode()
    statement.refresh_from_db()
    assert statement.issued_on == date(2026, 12, 18)

    response = post_details(
        secretariat,
        statement,
        issued_on="2026-12-17",
        correction_note="The statement was issued on 17 December.",
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.issued_on == date(2026, 12, 17) and statement.corrected_at is not None
    correction = Correction.objects.get(statement=statement)
    assert correction.language == "" and "17 December" in correction.note
    assert AuditEvent.objects.for_object(statement).filter(action="statement.correct").exists()
    for translation in statement.translations.all():
        latest = translation.versions.first()
        assert latest.note == correction.note and latest.details["issued_on"] == "2026-12-17"
    html = Client().get(statement.get_absolute_url()).content.decode()
    assert "The statement was issued on 17 December." in html


def test_filing_a_published_statement_under_a_topic_needs_no_correction(secretariat):
    statement = make_statement(slug="published", status=Status.PUBLISHED)
    topic = services.topic_create(slug="wages", name="Wages", acting_user=None)
    versions = statement.translations.get().versions.count()
    response = post_details(secretariat, statement, topics=[topic.pk], contact="New contact")
    assert response.status_code == 302
    assert list(statement.topics.all()) == [topic]
    assert not Correction.objects.exists()
    assert statement.translations.get().versions.count() == versions
    assert topic.name in Client().get(statement.get_absolute_url()).content.decode()


def test_changing_what_an_approved_statement_prints_sends_it_back_to_review(secretariat):
    statement = make_statement(slug="approved", status=Status.APPROVED)
    post_details(secretariat, statement, place="Beirut")
    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW and statement.approved_at is None
    # The campaign is not printed: no new approval needed for it.
    services.statement_submit(statement=statement, acting_user=secretariat)
    Statement.objects.filter(pk=statement.pk).update(status=Status.APPROVED)
    post_details(secretariat, statement, campaign="Another campaign")
    statement.refresh_from_db()
    assert statement.status == Status.APPROVED


def test_a_withdrawn_statement_s_details_cannot_change(secretariat):
    statement = make_statement(slug="withdrawn", status=Status.WITHDRAWN)
    html = client_for(secretariat).get(reverse("statements:details", args=["withdrawn"]))
    assert "cannot be changed" in html.content.decode()
    with pytest.raises(StatementRuleError, match="A withdrawn statement cannot be changed"):
        services.statement_update(statement=statement, acting_user=secretariat, place="X")


def test_a_new_issuer_kind_drops_the_old_chapter(secretariat):
    chapter = make_chapter()
    statement = make_statement(slug="from-chapter", issuer_chapter=chapter)
    services.statement_update(
        statement=statement, acting_user=secretariat, issuer_kind=Issuer.ALLIANCE
    )
    statement.refresh_from_db()
    assert statement.issuer_chapter is None and statement.issuer_kind == Issuer.ALLIANCE


def test_an_organization_that_left_stays_choosable_on_its_statement(secretariat):
    kept, left = make_organization("Still a member"), make_organization("Left since")
    statement = make_statement(
        slug="joint", issuer_kind=Issuer.JOINT, issuer_organizations=[kept, left]
    )
    left.membership.delete()
    html = client_for(secretariat).get(reverse("statements:details", args=["joint"])).content
    assert "Left since" in html.decode()
    response = post_details(secretariat, statement, place="Hong Kong")
    assert response.status_code == 302


def test_the_version_diff_shows_a_changed_issuer(secretariat):
    statement = make_statement(slug="diffed")
    post_details(secretariat, statement, issuer_kind=Issuer.JOINT, issuer_name="A and B")
    _statement, _translation, versions = selectors.versions_for(secretariat, "diffed", "en")
    lines = selectors.version_diff(versions[1], versions[0])
    assert any(line.kind == "added" and "A and B" in line.text for line in lines)


def test_officers_and_coordinators_cannot_change_details(officer, coordinator_of):
    statement = make_statement(slug="guarded")
    for user in (officer, coordinator_of):
        response = post_details(user, statement, place="Elsewhere")
        assert response.status_code in (403, 404)
        api = Client(headers={"authorization": f"Bearer {make_token(user)}"}).patch(
            reverse("api-v1:statement_details_update", args=[statement.slug]),
            json.dumps({"place": "Elsewhere"}),
            content_type="application/json",
        )
        assert api.status_code in (403, 404)
    statement.refresh_from_db()
    assert statement.place == ""
    assert not Topic.objects.exists()
