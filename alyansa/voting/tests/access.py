"""Who may open this app's pages and API endpoints (joined into the portal's access matrix)."""

from alyansa.core.testing import EVERYONE, AccessCase

CHAIR = {"officer", "secretariat"}
COMMITTEE = {"election_committee", "secretariat"}


def _poll(name: str):  # type: ignore[no-untyped-def]
    return lambda world: {"poll_id": world.objects[name].pk}


def _slug(world):  # type: ignore[no-untyped-def]
    return {"slug": world.objects["assembly"].slug}


def _election(world):  # type: ignore[no-untyped-def]
    return {"election_id": world.objects["election"].pk}


def _nominating(world):  # type: ignore[no-untyped-def]
    return {"election_id": world.objects["nominating_election"].pk}


def _api_election(world):  # type: ignore[no-untyped-def]
    return {"election_id": world.objects["api_election"].pk}


def _held_vote(world):  # type: ignore[no-untyped-def]
    return {"poll_id": world.objects["open_poll"].pk}


CASES: list[AccessCase] = [
    # The delegate's phone.
    AccessCase("voting:ballots", {"delegate"}),
    AccessCase("voting:ballot", {"delegate"}, kwargs=_held_vote),
    # The projector is the hall's display: assembly staff (the chair), or a screen opened with
    # the chair's secret link (test_hall.py). Public: the results and the boards.
    AccessCase("voting:projector", CHAIR, kwargs=_slug),
    AccessCase("voting:hall", EVERYONE, kwargs=_slug),
    AccessCase("voting:hall_link", CHAIR, method="post", kwargs=_slug),
    AccessCase("voting:results", EVERYONE, kwargs=_slug),
    AccessCase("voting:board", EVERYONE, kwargs=_poll("closed_poll")),
    AccessCase(
        "voting:ballots_file",
        EVERYONE,
        kwargs=lambda world: {"poll_id": world.objects["closed_poll"].pk, "form": "csv"},
    ),
    # The chair runs the assembly's polls, and has every ballot in full once closed.
    AccessCase("voting:console", CHAIR, kwargs=_slug),
    AccessCase(
        "voting:ballots_file_full",
        CHAIR,
        kwargs=lambda world: {"poll_id": world.objects["closed_poll"].pk, "form": "csv"},
    ),
    AccessCase(
        "voting:poll_add",
        CHAIR,
        method="post",
        kwargs=_slug,
        data=lambda world: {"title": "Matrix motion", "kind": "motion"},
    ),
    AccessCase("voting:poll_open", CHAIR, method="post", kwargs=_poll("draft_poll")),
    AccessCase("voting:poll_close", CHAIR, method="post", kwargs=_poll("poll_to_close")),
    AccessCase(
        "voting:poll_annul",
        CHAIR,
        method="post",
        kwargs=_poll("poll_to_annul"),
        data=lambda world: {"reason": "Matrix"},
    ),
    AccessCase("voting:poll_rerun", CHAIR, method="post", kwargs=_poll("annulled_poll")),
    AccessCase("voting:paper", CHAIR, kwargs=_poll("open_poll")),
    AccessCase("voting:communique", CHAIR, kwargs=_slug),
    AccessCase("voting:communique_pdf", CHAIR, kwargs=_slug),
    # The election committee of this election (and the secretariat that prepares it).
    AccessCase("voting:election", COMMITTEE, kwargs=_election),
    AccessCase(
        "voting:election_act",
        COMMITTEE,
        method="post",
        kwargs=_election,
        data=lambda world: {"step": "look"},
    ),
    # Nominations: the committee of this election and the secretariat; the committee of another
    # election is refused.
    AccessCase("voting:nominations", COMMITTEE, kwargs=_election),
    AccessCase(
        "voting:nominations",
        COMMITTEE,
        method="post",
        kwargs=_election,
        data=lambda world: {"name": "Matrix Candidate", "nominated_by": "Matrix"},
    ),
    AccessCase("voting:nominations", {"secretariat"}, kwargs=_nominating),
    AccessCase(
        "voting:nominations",
        {"secretariat"},
        method="post",
        kwargs=_nominating,
        data=lambda world: {"name": "Other Candidate"},
    ),
    AccessCase(
        "voting:nomination_answer",
        COMMITTEE,
        method="post",
        kwargs=lambda world: {
            "election_id": world.objects["election"].pk,
            "nomination_id": world.objects["election"].nominations.first().pk,
        },
        data=lambda world: {"answer": "accept"},
    ),
    AccessCase(
        "voting:nomination_answer",
        {"secretariat"},
        method="post",
        kwargs=lambda world: {
            "election_id": world.objects["nominating_election"].pk,
            "nomination_id": world.objects["pending_nomination"].pk,
        },
        data=lambda world: {"answer": "accept"},
    ),
    # The candidate answers from their phone.
    AccessCase("voting:my_nominations", {"delegate"}),
    AccessCase(
        "voting:my_nominations",
        {"delegate"},
        method="post",
        data=lambda world: {
            "nomination": world.objects["delegate_nomination"].pk,
            "answer": "accept",
        },
    ),
    # The API, with the same permissions.
    AccessCase("api-v1:voting_me_ballots", {"delegate"}),
    AccessCase(
        "api-v1:voting_me_cast",
        {"delegate"},
        method="post",
        kwargs=_held_vote,
        data=lambda world: {"voter_key": f"d{world.objects['delegate'].pk}", "choices": ["yes"]},
    ),
    AccessCase("api-v1:voting_board", EVERYONE, kwargs=_poll("closed_poll")),
    AccessCase("api-v1:voting_poll", CHAIR, kwargs=_poll("open_poll")),
    AccessCase("api-v1:voting_open", CHAIR, method="post", kwargs=_poll("api_draft_poll")),
    AccessCase("api-v1:voting_close", CHAIR, method="post", kwargs=_poll("api_poll_to_close")),
    # Nominations: the committee of that election and the secretariat; the committee of
    # another election is refused.
    AccessCase("api-v1:voting_nominations", COMMITTEE, kwargs=_api_election),
    AccessCase("api-v1:voting_nominations", {"secretariat"}, kwargs=_nominating),
    AccessCase(
        "api-v1:voting_nomination_create",
        COMMITTEE,
        method="post",
        kwargs=_api_election,
        # Each allowed persona nominates someone new (the same person twice is refused).
        data=lambda world: {
            "name": f"Api Candidate {world.objects['api_election'].nominations.count()}"
        },
    ),
    AccessCase(
        "api-v1:voting_nomination_create",
        {"secretariat"},
        method="post",
        kwargs=_nominating,
        data=lambda world: {"name": "Api Other Candidate"},
    ),
    AccessCase(
        "api-v1:voting_nomination_answer",
        COMMITTEE,
        method="post",
        kwargs=lambda world: {
            "election_id": world.objects["api_election"].pk,
            "nomination_id": world.objects["api_pending_nomination"].pk,
        },
        data=lambda world: {"answer": "accept"},
    ),
    AccessCase(
        "api-v1:voting_nomination_answer",
        {"secretariat"},
        method="post",
        kwargs=lambda world: {
            "election_id": world.objects["nominating_election"].pk,
            "nomination_id": world.objects["pending_nomination"].pk,
        },
        data=lambda world: {"answer": "decline"},
    ),
    # The candidate answers their own nomination from their phone.
    AccessCase("api-v1:voting_me_nominations", {"delegate"}),
    AccessCase(
        "api-v1:voting_me_nomination_answer",
        {"delegate"},
        method="post",
        kwargs=lambda world: {"nomination_id": world.objects["delegate_nomination"].pk},
        data=lambda world: {"answer": "accept"},
    ),
]
