"""An author's comments across the facilitator's workstreams, found by account or email."""

import re

from forum.extensions import db
from forum.models import CommentStatus, Proposition
from tests import factories
from tests.moderation.conftest import press, signed_in, status, text, user, words


def listed(page: str) -> list[int]:
    """Return the ids of the comments listed on a page, in order."""
    return [int(found) for found in re.findall(r'id="item-(\d+)"', page)]


def add_pat_elsewhere(app, world) -> int:
    """Give Pat a comment in workstream B too; return its id."""
    with app.app_context():
        prop_b = db.session.get(Proposition, world.site.prop_b_id)
        made = factories.comment(prop_b, "Pat in B", user=user(world.site.participant))
        db.session.commit()
        return made.id


def test_an_accounts_comments_in_the_facilitators_workstreams(app, client, world):
    elsewhere = add_pat_elsewhere(app, world)
    signed_in(client, world.site.facilitator)
    page = text(client.get(f"/moderation/authors/user/{world.pat}"))
    assert "Comments by Pat Participant" in page
    assert listed(page) == [world.reported]
    assert "1 comment in your workstreams, newest first" in page
    assert "Suspend Pat Participant" in page
    admin = app.test_client()
    signed_in(admin, world.site.admin)
    assert listed(text(admin.get(f"/moderation/authors/user/{world.pat}"))) == [
        elsewhere,
        world.reported,
    ]


def test_a_guests_comments_any_status(app, client, world):
    with app.app_context():
        prop = db.session.get(Proposition, world.site.prop_a_id)
        spam = factories.comment(prop, "Buy now", name="Jo S", email="jo@example.org")
        factories._set_status(spam, CommentStatus.SPAM)
        db.session.commit()
        spam_id = spam.id
    signed_in(client, world.site.facilitator)
    page = text(client.get(f"/moderation/authors/guest/{world.held}"))
    assert "A guest" in page and "Comments by Jo Smith" in page
    assert listed(page) == [spam_id, world.held]
    assert "jo@example.org" in page


def test_acting_on_an_authors_comments(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/authors/guest/{world.held}"
    response = press(client, url, url, {"comment_id": [str(world.held)], "action": "spam"})
    assert response.status_code == 303 and response.headers["Location"] == url
    assert status(app, world.held) == CommentStatus.SPAM
    assert "You marked as spam the comment by Jo Smith." in text(client.get(url))


def test_finding_someone_by_email_keeps_it_out_of_the_address(app, client, world):
    signed_in(client, world.site.facilitator)
    find = "/moderation/authors/"
    response = press(client, find, find, {"email": " JO@example.org "})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/moderation/authors/guest/{world.held}"
    response = press(client, find, find, {"email": world.site.participant})
    assert response.headers["Location"] == f"/moderation/authors/user/{world.pat}"
    response = press(client, find, find, {"email": "max@example.org"})
    assert response.status_code == 422
    shown = text(response)
    assert "No one with that email address has commented in your workstreams." in words(shown)
    assert 'value="max@example.org"' in shown
    response = press(client, find, find, {"email": ""})
    assert response.status_code == 422 and "Enter an email address." in text(response)


def test_another_workstreams_facilitator_cannot_see_them(app, client, world):
    signed_in(client, world.site.other_facilitator)
    assert client.get(f"/moderation/authors/user/{world.pat}").status_code == 404
    assert client.get(f"/moderation/authors/guest/{world.held}").status_code == 404
    # An account's comments are named by the account, a guest's never by a signed-in author's.
    assert client.get(f"/moderation/authors/guest/{world.reported}").status_code == 404
