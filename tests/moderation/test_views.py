"""Approving held comments in place: only the right people can, and only by POST with CSRF."""

import pytest

from forum.extensions import db
from forum.models import Comment, CommentStatus, Proposition
from tests import factories
from tests.conftest import csrf_from, sign_in


def held_comment(app, proposition_id: int, status=CommentStatus.PENDING) -> int:
    """Create a comment with the given status and return its id."""
    with app.app_context():
        prop = db.session.get(Proposition, proposition_id)
        made = factories.comment(prop, "Please approve me", name="Jo Smith", status=status)
        db.session.commit()
        return made.id


def status_of(app, comment_id: int) -> CommentStatus:
    """Return a comment's stored status."""
    with app.app_context():
        return db.session.get(Comment, comment_id).status


def approve(client, page_url: str, comment_id: int):
    """Press Approve (with a valid CSRF token taken from the page)."""
    token = csrf_from(client.get(page_url).get_data(as_text=True))
    return client.post(f"/moderation/comments/{comment_id}/approve", data={"csrf_token": token})


def test_the_workstreams_facilitator_can_approve(app, client, site):
    comment_id = held_comment(app, site.prop_a_id)
    sign_in(client, site.facilitator)
    assert "Approve" in client.get(site.prop_a_url).get_data(as_text=True)
    assert approve(client, site.prop_a_url, comment_id).status_code == 303
    assert status_of(app, comment_id) == CommentStatus.APPROVED


@pytest.mark.parametrize("who", ["other_facilitator", "participant"])
def test_people_who_do_not_facilitate_the_workstream_cannot_approve(app, client, site, who):
    comment_id = held_comment(app, site.prop_a_id)
    sign_in(client, getattr(site, who))
    page = client.get(site.prop_a_url).get_data(as_text=True)
    assert "Please approve me" not in page
    assert approve(client, site.prop_a_url, comment_id).status_code == 403
    assert status_of(app, comment_id) == CommentStatus.PENDING


def test_a_visitor_is_asked_to_sign_in_and_nothing_changes(app, client, site):
    comment_id = held_comment(app, site.prop_a_id)
    response = approve(client, site.prop_a_url, comment_id)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert status_of(app, comment_id) == CommentStatus.PENDING


def test_approving_needs_a_post_with_a_csrf_token(app, client, site):
    comment_id = held_comment(app, site.prop_a_id)
    sign_in(client, site.admin)
    url = f"/moderation/comments/{comment_id}/approve"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 400
    assert status_of(app, comment_id) == CommentStatus.PENDING


def test_only_pending_comments_can_be_approved(app, client, site):
    comment_id = held_comment(app, site.prop_a_id, status=CommentStatus.SPAM)
    sign_in(client, site.admin)
    response = approve(client, site.prop_a_url, comment_id)
    assert response.status_code == 303
    assert status_of(app, comment_id) == CommentStatus.SPAM
    page = client.get(site.prop_a_url).get_data(as_text=True)
    assert "Only comments awaiting moderation can be approved." in page


def test_approving_an_unknown_comment_is_not_found(client, site):
    sign_in(client, site.admin)
    assert approve(client, site.prop_a_url, 424242).status_code == 404
