"""The public moderation log of a workstream: what was decided and why, never who or what."""

from tests.moderation.conftest import press, signed_in, text, words

LOG_A = "/workstreams/public-services/moderation-log"


def test_anyone_can_read_what_was_decided_and_why(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/comments/{world.reported}/remove"
    press(client, url, url, {"reason": "other", "other_reason": "Named a neighbour"})
    press(client, "/moderation/", f"/moderation/comments/{world.held}/approve")
    suspend = f"/moderation/authors/user/{world.pat}/suspend"
    press(
        client, suspend, suspend, {"period": "week", "reason": "Repeated abuse", "comments": "keep"}
    )
    visitor = app.test_client()
    response = visitor.get(LOG_A)
    assert response.status_code == 200
    page = text(response)
    shown = words(page)
    # Newest first: the suspension, the approval, the removal.
    assert shown.index("Suspended a participant") < shown.index("Approved a comment")
    assert shown.index("Approved a comment") < shown.index("Removed a comment")
    assert "Reason Named a neighbour" in shown and "Reason Repeated abuse" in shown
    assert f'href="/c/{world.reported}">Comment {world.reported} in its discussion' in page
    # Never the removed text, a name, an email, or who decided.
    for private in (
        "A reported view",
        "A <em>reported</em> view",
        "Pat Participant",
        "pat@example.org",
        "Jo Smith",
        "jo@example.org",
        "Fiona",
    ):
        assert private not in page
    # The suspension links to nothing that would point at the person.
    card = page.split("Suspended a participant")[1].split("govuk-summary-card__title")[0]
    assert "/c/" not in card


def test_each_workstream_has_its_own_log(app, client, world):
    signed_in(client, world.site.facilitator)
    press(client, "/moderation/", f"/moderation/comments/{world.held}/spam")
    assert "Marked a comment as spam" in text(client.get(LOG_A))
    climate = text(client.get("/workstreams/climate/moderation-log"))
    assert "Nothing has been moderated in this workstream yet." in climate
    assert client.get("/workstreams/nowhere/moderation-log").status_code == 404


def test_the_log_is_paginated_newest_first(app, client, world):
    signed_in(client, world.site.facilitator)
    for _ in range(13):
        press(client, "/moderation/", f"/moderation/comments/{world.held}/spam")
        press(client, "/moderation/", f"/moderation/comments/{world.held}/restore")
    first = words(text(client.get(LOG_A)))
    assert first.count("Restored a comment") + first.count("Marked a comment as spam") == 25
    assert first.index("Restored a comment") < first.index("Marked a comment as spam")
    second = words(text(client.get(LOG_A + "?page=2")))
    assert second.count("Marked a comment as spam") == 1


def test_the_queue_links_to_the_public_logs(client, world):
    page = text(signed_in(client, world.site.facilitator).get("/moderation/"))
    assert f'href="{LOG_A}">Moderation log of Proposition 1: Public services</a>' in page
