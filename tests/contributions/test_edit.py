"""Authors edit their own comment for a while after posting it."""

import re

import pytest

from forum.models import Comment, CommentRevision, CommentStatus
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


def edit_url(comment_id: int) -> str:
    """Return the address of a comment's edit page."""
    return f"/comments/{comment_id}/edit"


def edit(client, comment_id: int, body: str):
    """Open the edit page and send the form with new text."""
    return post_form(client, edit_url(comment_id), edit_url(comment_id), {"body": body})


@pytest.fixture
def own_comment(app, client, site):
    """An approved comment by the signed-in participant."""
    comment_id = add_comment(app, site.prop_a_id, "First *draft*.", user=site.participant)
    sign_in(client, site.participant)
    return comment_id


def test_the_author_sees_an_edit_link_and_a_filled_in_form(app, client, site, own_comment):
    page = text(client.get(site.prop_a_url))
    assert f'href="/comments/{own_comment}/edit"' in page
    form = client.get(edit_url(own_comment))
    assert form.status_code == 200
    html = text(form)
    assert '<h1 class="govuk-heading-xl">Edit your comment</h1>' in html
    assert re.search(r"<textarea[^>]*name=\"body\"[^>]*>\s*First \*draft\*\.</textarea>", html)
    assert re.search(r"You can change your comment until <time datetime=", html)
    assert 'data-maxlength="10000"' in html


def test_an_edit_is_published_kept_as_a_revision_and_marked(app, client, site, own_comment):
    response = edit(client, own_comment, "Second **thoughts**.")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{site.prop_a_url}#comment-{own_comment}")
    page = text(client.get(response.headers["Location"]))
    assert "Your comment has been updated." in page
    assert "Second <strong>thoughts</strong>." in page and "First <em>draft</em>." not in page
    assert re.search(r'Edited <time datetime="[^"]+">[^<]+</time>', page)

    comment = load(app, Comment, own_comment)
    assert comment.body == "Second **thoughts**." and comment.edited_at is not None
    [revision] = rows(app, CommentRevision, comment_id=own_comment)
    assert (
        revision.body == "First *draft*." and revision.body_html == "<p>First <em>draft</em>.</p>"
    )
    assert revision.editor_id == comment.user_id
    # Other readers see the new text, marked as edited.
    stranger = text(app.test_client().get(site.prop_a_url))
    assert "Second <strong>thoughts</strong>." in stranger and "Edited <time" in stranger


def test_saving_the_same_text_changes_nothing(app, client, site, own_comment):
    response = edit(client, own_comment, "First *draft*.")
    assert response.status_code == 303
    assert "You didn't change anything" in words(client.get(response.headers["Location"]))
    assert rows(app, CommentRevision) == [] and load(app, Comment, own_comment).edited_at is None


def test_after_the_window_the_author_is_told_plainly(app, client, site, own_comment):
    backdate_comment(app, own_comment, 16)
    assert f'href="/comments/{own_comment}/edit"' not in text(client.get(site.prop_a_url))
    page = client.get(edit_url(own_comment))
    assert page.status_code == 403
    assert "You can only edit a comment in the first 15 minutes" in text(page)
    token = csrf_from(text(client.get(site.prop_a_url)))
    late = client.post(edit_url(own_comment), data={"csrf_token": token, "body": "Too late."})
    assert late.status_code == 403
    assert load(app, Comment, own_comment).body == "First *draft*."


def test_within_the_window_even_near_its_end(app, client, site, own_comment):
    backdate_comment(app, own_comment, 14)
    assert edit(client, own_comment, "Just in time.").status_code == 303
    assert load(app, Comment, own_comment).body == "Just in time."


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "Enter your comment."), ("x" * 10_001, "Your comment must be 10,000 characters")],
    ids=["empty", "too-long"],
)
def test_a_bad_edit_is_explained_and_keeps_what_was_typed(app, client, own_comment, body, message):
    response = edit(client, own_comment, body)
    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page and 'href="#body"' in page
    assert re.search(r'class="govuk-error-message"[^>]*>.*?' + re.escape(message), page, re.S)
    assert page.count(message) == 2  # in the summary, and by the field
    if body.strip():
        assert body in page
    assert "<title>Error: Edit your comment" in page
    assert load(app, Comment, own_comment).body == "First *draft*."


def test_an_edit_is_rendered_by_the_same_markup_rules(app, client, own_comment):
    edit(
        client, own_comment, "<script>alert(1)</script> [x](javascript:alert(1)) https://a.example"
    )
    comment = load(app, Comment, own_comment)
    assert "<script" not in comment.body_html and "javascript:" not in comment.body_html
    assert 'rel="nofollow ugc noopener"' in comment.body_html


def test_an_edit_that_adds_too_many_links_goes_back_to_the_facilitators(
    app, client, site, own_comment
):
    links = " ".join(f"https://site{n}.example.org" for n in range(3))
    response = edit(client, own_comment, f"Now with links: {links}")
    assert response.status_code == 303
    assert load(app, Comment, own_comment).status == CommentStatus.PENDING
    assert approved_count(app, site.prop_a_id) == 0
    assert "A facilitator will check it" in text(client.get(response.headers["Location"]))
    assert "Now with links" not in text(app.test_client().get(site.prop_a_url))


def test_a_guest_edits_their_held_comment_from_the_same_browser(app, client, site):
    guest = {"name": "Jo Smith", "email": "jo@example.org", "website": "", "body": "Held words."}
    assert post_form(client, site.prop_a_url, site.prop_a_post, guest).status_code == 303
    [comment] = rows(app, Comment)
    assert comment.status == CommentStatus.PENDING
    assert f'href="/comments/{comment.id}/edit"' in text(client.get(site.prop_a_url))
    assert edit(client, comment.id, "Better held words.").status_code == 303
    changed = load(app, Comment, comment.id)
    # A held comment was never public: no revision, no "edited" mark.
    assert changed.body == "Better held words." and changed.edited_at is None
    assert rows(app, CommentRevision) == []
    assert changed.status == CommentStatus.PENDING
    other_browser = app.test_client()
    assert other_browser.get(edit_url(comment.id)).status_code == 404


def test_a_guest_edits_their_published_comment_from_the_same_browser(app, client, site):
    comment_id = add_comment(app, site.prop_a_id, "Guest words.", name="Gus Guest")
    other_browser = app.test_client()
    assert f"/comments/{comment_id}/edit" not in text(other_browser.get(site.prop_a_url))
    assert other_browser.get(edit_url(comment_id)).status_code == 403
    remember_guest_comment(client, comment_id)
    assert f'href="/comments/{comment_id}/edit"' in text(client.get(site.prop_a_url))
    assert edit(client, comment_id, "Guest words, edited.").status_code == 303
    [revision] = rows(app, CommentRevision, comment_id=comment_id)
    assert revision.editor_id is None and revision.body == "Guest words."


def test_nobody_edits_someone_elses_comment(app, client, site):
    theirs = add_comment(app, site.prop_a_id, "Not yours.", name="Ann Other")
    sign_in(client, site.participant)
    assert f"/comments/{theirs}/edit" not in text(client.get(site.prop_a_url))
    page = client.get(edit_url(theirs))
    assert page.status_code == 403 and "You can only edit your own comments." in text(page)
    token = csrf_from(text(client.get(site.prop_a_url)))
    attempt = client.post(edit_url(theirs), data={"csrf_token": token, "body": "Taken over"})
    assert attempt.status_code == 403
    assert load(app, Comment, theirs).body == "Not yours."


def test_a_removed_comment_is_not_editable_and_others_cannot_find_it(app, client, site):
    removed = add_comment(app, site.prop_a_id, "Removed words.", user=site.participant)
    decide_status(app, removed, CommentStatus.REMOVED, "Rude.")
    assert app.test_client().get(edit_url(removed)).status_code == 404
    sign_in(client, site.participant)
    page = client.get(edit_url(removed))
    assert page.status_code == 403 and "can't be edited" in words(page)


def test_an_edit_needs_its_security_token_and_keeps_the_text_when_it_expired(
    app, client, own_comment
):
    response = client.post(edit_url(own_comment), data={"body": "Typed before it expired."})
    assert response.status_code == 400
    page = text(response)
    assert "This form had expired" in page and "Typed before it expired." in page
    assert load(app, Comment, own_comment).body == "First *draft*."


def test_an_unknown_comment_has_no_edit_page(client, site):
    assert client.get(edit_url(424242)).status_code == 404
    assert client.get("/comments/99999999999/edit").status_code == 404


def test_a_guest_who_posts_a_published_comment_can_edit_it_from_that_browser(app, client, site):
    """Needs the posting view to call forum.contributions.session.remember_own_comment."""
    app.config["COMMENTS_HOLD_FIRST_GUEST"] = False
    guest = {"name": "Jo Smith", "email": "jo@example.org", "website": "", "body": "Published."}
    assert post_form(client, site.prop_a_url, site.prop_a_post, guest).status_code == 303
    [comment] = rows(app, Comment)
    assert comment.status == CommentStatus.APPROVED
    assert f'href="/comments/{comment.id}/edit"' in text(client.get(site.prop_a_url))
    assert edit(client, comment.id, "Published, then edited.").status_code == 303
    assert f"/comments/{comment.id}/edit" not in text(app.test_client().get(site.prop_a_url))


@pytest.mark.parametrize(
    "app_config",
    [{"COMMENTS_BLOCKED_WORDS": "casino", "COMMENTS_HELD_WORDS": "bypass"}],
    indirect=True,
)
def test_an_edit_cant_slip_in_a_blocked_word_and_a_held_word_goes_to_the_queue(
    app, client, site, own_comment
):
    refused = edit(client, own_comment, "Visit the new casino in town.")
    assert refused.status_code == 422
    assert "which this discussion does not allow" in words(refused)
    assert "Visit the new casino in town." in text(refused)
    assert load(app, Comment, own_comment).body == "First *draft*."

    held = edit(client, own_comment, "We could bypass the council here.")
    assert held.status_code == 303
    comment = load(app, Comment, own_comment)
    assert comment.status == CommentStatus.PENDING
    assert "bypass" in comment.moderation_reason
    # Readers no longer see it until a facilitator has looked.
    assert "We could bypass" not in text(app.test_client().get(site.prop_a_url))
