"""A moderation form whose security token expired comes back with what was typed."""

import pytest

from tests.moderation.conftest import comment, decisions, signed_in, text, words

EXPIRED = "This form had expired, so nothing was sent."


def forms(world) -> list[tuple[str, dict, str]]:
    """Each form: where it posts, what was typed, and how the page shows it kept."""
    return [
        (
            f"/moderation/comments/{world.reported}/remove",
            {"reason": "other", "other_reason": "Kept words"},
            ">Kept words</textarea>",
        ),
        (
            f"/moderation/comments/{world.reported}/edit",
            {"body": "Kept body", "reason": "Kept reason"},
            ">Kept body</textarea>",
        ),
        (
            f"/moderation/comments/{world.held}/reply",
            {"body": "Kept reply"},
            ">Kept reply</textarea>",
        ),
        (
            f"/moderation/authors/user/{world.pat}/suspend",
            {"period": "week", "reason": "Kept why", "comments": "keep"},
            ">Kept why</textarea>",
        ),
        ("/moderation/authors/", {"email": "kept@example.org"}, 'value="kept@example.org"'),
        (
            "/moderation/?tab=pending",
            {"comment_id": [str(world.reply)], "action": "remove", "other_reason": "Kept"},
            f'value="{world.reply}" form="selection-form" checked',
        ),
        (
            f"/moderation/authors/guest/{world.held}",
            {"comment_id": [str(world.held)], "action": "spam"},
            f'value="{world.held}" form="selection-form" checked',
        ),
    ]


def test_each_form_comes_back_filled_in_and_nothing_changes(app, client, world):
    signed_in(client, world.site.facilitator)
    for url, typed, kept in forms(world):
        response = client.post(url, data={**typed, "csrf_token": "stale"})
        assert response.status_code == 400, url
        page = text(response)
        assert EXPIRED in words(page), url
        assert kept in page, url
    assert decisions(app) == []
    assert comment(app, world.reported).body == "A *reported* view"


@pytest.mark.parametrize("who", ["participant", "other_facilitator"])
def test_an_expired_form_shows_nothing_to_the_wrong_people(client, world, who):
    signed_in(client, getattr(world.site, who))
    for url, typed, _ in forms(world):
        if url.startswith(("/moderation/authors/", "/moderation/?")) and who != "participant":
            continue  # their own search and queue
        response = client.post(url, data={**typed, "csrf_token": "stale"})
        assert response.status_code in (403, 404), url
