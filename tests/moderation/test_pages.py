"""Every moderation page answers, has one heading and a title, and runs no inline code."""

import re

from forum.extensions import db
from forum.models import CommentStatus, Proposition
from tests import factories
from tests.moderation.conftest import press, signed_in, text
from tests.test_security import HOSTILE_COMMENT, _assert_locked_down


def pages(world, hostile: int) -> list[str]:
    """Return the address of each kind of moderation page, with things on it."""
    return [
        "/moderation/",
        "/moderation/?tab=reported",
        "/moderation/?tab=review",
        "/moderation/?tab=spam",
        "/moderation/?tab=removed",
        "/moderation/?workstream=public-services",
        "/moderation/log",
        "/workstreams/public-services/moderation-log",
        "/moderation/authors/",
        f"/moderation/authors/user/{world.pat}",
        f"/moderation/authors/guest/{hostile}",
        f"/moderation/authors/user/{world.pat}/suspend",
        f"/moderation/authors/guest/{hostile}/suspend",
        f"/moderation/comments/{hostile}/remove",
        f"/moderation/comments/{hostile}/edit",
        f"/moderation/comments/{hostile}/reply",
        "/moderation/suspensions/",
    ]


def test_every_page_is_whole_and_locked_down(app, client, world):
    with app.app_context():
        prop = db.session.get(Proposition, world.site.prop_a_id)
        hostile = factories.comment(
            prop, HOSTILE_COMMENT, name='Eve "><script>alert(6)</script>', email="eve@example.org"
        )
        factories._set_status(hostile, CommentStatus.PENDING)
        db.session.commit()
        hostile_id = hostile.id
    signed_in(client, world.site.admin)
    press(client, "/moderation/", f"/moderation/comments/{world.reply}/spam")
    suspend = f"/moderation/authors/user/{world.pat}/suspend"
    press(client, suspend, suspend, {"period": "week", "reason": "Rude", "comments": "keep"})
    for url in pages(world, hostile_id):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_locked_down(response, url)
        page = text(response)
        assert len(re.findall(r"<h1[ >]", page)) == 1, url
        assert "<script>alert(6)</script>" not in page, url
        assert re.search(r"<title>[^<]+ – [^<]+</title>", page), url
