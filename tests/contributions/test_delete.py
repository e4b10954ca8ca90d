"""Authors delete their own comment at any time, after saying they are sure."""

import pytest

from forum.models import Comment, CommentStatus, ModerationAction
from tests.conftest import csrf_from, post_form, sign_in
from tests.contributions.support import (
    add_comment,
    approved_count,
    backdate_comment,
    decide_status,
    load,
    remember_guest_comment,
    rows,
    text,
    words,
)


def delete_url(comment_id: int) -> str:
    """Return the address of a comment's delete page."""
    return f"/comments/{comment_id}/delete"


def delete(client, comment_id: int):
    """Open the confirmation page and press the button."""
    return post_form(client, delete_url(comment_id), delete_url(comment_id), {})


def test_the_author_is_asked_to_confirm_first(app, client, site):
    mine = add_comment(app, site.prop_a_id, "Words to delete.", user=site.participant)
    sign_in(client, site.participant)
    assert f'href="/comments/{mine}/delete"' in text(client.get(site.prop_a_url))
    page = client.get(delete_url(mine))
    assert page.status_code == 200
    html = words(page)
    assert "Are you sure you want to delete your comment?" in html
    assert "Words to delete." in html and "Yes, delete my comment" in html
    assert load(app, Comment, mine).status == CommentStatus.APPROVED


def test_deleting_a_comment_without_replies_takes_it_away(app, client, site):
    mine = add_comment(app, site.prop_a_id, "Words to delete.", user=site.participant)
    sign_in(client, site.participant)
    response = delete(client, mine)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{site.prop_a_url}#comments")
    page = text(client.get(response.headers["Location"]))
    assert "Your comment has been deleted." in page
    assert "Words to delete." not in page and f'id="comment-{mine}"' not in page
    assert load(app, Comment, mine).status == CommentStatus.DELETED
    assert approved_count(app, site.prop_a_id) == 0
    [action] = rows(app, ModerationAction, comment_id=mine)
    assert action.action == "author-delete"
    assert action.actor_id == load(app, Comment, mine).user_id


def test_a_deleted_comment_with_replies_leaves_a_placeholder(app, client, site):
    mine = add_comment(app, site.prop_a_id, "Words to delete.", user=site.participant)
    add_comment(app, site.prop_a_id, "A reply that stays.", parent=mine, name="Ann Reply")
    sign_in(client, site.participant)
    response = delete(client, mine)
    assert response.headers["Location"].endswith(f"#comment-{mine}")
    stranger = text(app.test_client().get(site.prop_a_url))
    assert "This comment was deleted by its author." in stranger
    assert "A reply that stays." in stranger
    assert "Words to delete." not in stranger and "Pat Participant" not in stranger
    assert "Reply to a deleted comment" in stranger


def test_an_author_can_delete_long_after_posting(app, client, site):
    mine = add_comment(app, site.prop_a_id, "Old words.", user=site.participant)
    backdate_comment(app, mine, 60 * 24 * 30)
    sign_in(client, site.participant)
    assert delete(client, mine).status_code == 303
    assert load(app, Comment, mine).status == CommentStatus.DELETED


def test_a_guest_deletes_from_the_browser_that_posted_it(app, client, site):
    theirs = add_comment(app, site.prop_a_id, "Guest words.", name="Gus Guest")
    assert app.test_client().get(delete_url(theirs)).status_code == 403
    remember_guest_comment(client, theirs)
    assert delete(client, theirs).status_code == 303
    assert load(app, Comment, theirs).status == CommentStatus.DELETED
    [action] = rows(app, ModerationAction, comment_id=theirs)
    assert action.actor_id is None


def test_nobody_deletes_someone_elses_comment(app, client, site):
    theirs = add_comment(app, site.prop_a_id, "Not yours.", name="Ann Other")
    sign_in(client, site.participant)
    assert f"/comments/{theirs}/delete" not in text(client.get(site.prop_a_url))
    page = client.get(delete_url(theirs))
    assert page.status_code == 403 and "You can only delete your own comments." in words(page)
    token = csrf_from(text(client.get(site.prop_a_url)))
    assert client.post(delete_url(theirs), data={"csrf_token": token}).status_code == 403
    assert load(app, Comment, theirs).status == CommentStatus.APPROVED


@pytest.mark.parametrize("status", [CommentStatus.REMOVED, CommentStatus.SPAM])
def test_a_comment_a_facilitator_took_down_cannot_be_deleted(app, client, site, status):
    mine = add_comment(app, site.prop_a_id, "Taken down.", user=site.participant)
    decide_status(app, mine, status, "Rude.")
    sign_in(client, site.participant)
    page = client.get(delete_url(mine))
    assert page.status_code == 403 and "This comment can't be deleted." in words(page)
    assert load(app, Comment, mine).status == status


def test_deleting_needs_a_post_with_a_security_token(app, client, site):
    mine = add_comment(app, site.prop_a_id, "Still here.", user=site.participant)
    sign_in(client, site.participant)
    assert client.post(delete_url(mine)).status_code == 400
    assert load(app, Comment, mine).status == CommentStatus.APPROVED
