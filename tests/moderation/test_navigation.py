"""The navigation tells facilitators how many comments wait for them, on every page."""

import re

from tests.conftest import count_queries
from tests.moderation.conftest import press, signed_in, text


def moderation_link(page: str) -> str | None:
    """Return the words of the header's Moderation link, if there is one."""
    match = re.search(r'href="/moderation/">\s*(Moderation \(\d+)<span[^>]*>([^<]*)</', page)
    return f"{match.group(1)}){match.group(2)}" if match else None


def test_a_facilitator_sees_held_and_reported_comments_in_their_workstreams(client, world):
    signed_in(client, world.site.facilitator)
    # Two held and one reported in workstream A; workstream B's held comment is not theirs.
    assert moderation_link(text(client.get("/"))) == "Moderation (3) waiting"
    assert moderation_link(text(client.get(world.site.prop_b_url))) == "Moderation (3) waiting"
    press(client, "/moderation/", f"/moderation/comments/{world.held}/approve")
    assert moderation_link(text(client.get("/"))) == "Moderation (2) waiting"


def test_an_admin_sees_every_workstreams_count(client, world):
    signed_in(client, world.site.admin)
    assert moderation_link(text(client.get("/search"))) == "Moderation (4) waiting"


def test_no_count_and_no_query_for_anyone_else(app, client, world):
    for who in (None, world.site.participant):
        visitor = app.test_client()
        if who:
            signed_in(visitor, who)
        with count_queries(app) as statements:
            page = text(visitor.get("/"))
        assert moderation_link(page) is None and 'href="/moderation/"' not in page
        assert not [s for s in statements if "reports" in s]
    signed_in(client, world.site.facilitator)
    with count_queries(app) as statements:
        client.get("/")
    assert len([s for s in statements if "reports" in s]) == 1
