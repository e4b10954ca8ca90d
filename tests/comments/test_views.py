"""Posting comments and replies through the real form, as guests and as members."""

import re

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Comment, CommentStatus, Proposition, PropositionStatus, Workstream
from tests import factories
from tests.conftest import csrf_from, post_form, sign_in

GUEST = {
    "name": "Jo Smith",
    "email": "Jo@Example.org",
    "website": "",
    "body": "I agree, *strongly*.",
}


def text(response) -> str:
    """Return a response's body as text."""
    return response.get_data(as_text=True)


def comments(app, **by) -> list[Comment]:
    """Return the comments in the database, oldest first."""
    with app.app_context():
        query = sa.select(Comment).filter_by(**by).order_by(Comment.id)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def approved_count(app, proposition_id: int) -> tuple[int, int]:
    """Return the stored approved-comment totals of a proposition and its workstream."""
    with app.app_context():
        prop = db.session.get(Proposition, proposition_id)
        return prop.comment_count, db.session.get(Workstream, prop.workstream_id).comment_count


def post_comment(client, site, data, url=None, action=None):
    """Post the comment form on proposition A."""
    return post_form(client, url or site.prop_a_url, action or site.prop_a_post, data)


def test_guest_first_comment_is_held_and_shown_only_to_its_author(app, client, site):
    response = post_comment(client, site, GUEST)
    assert response.status_code == 303
    [comment] = comments(app)
    assert comment.status == CommentStatus.PENDING
    assert comment.author_email == "jo@example.org"
    assert response.headers["Location"].endswith(f"{site.prop_a_url}#comment-{comment.id}")

    own = text(client.get(response.headers["Location"]))
    assert "Your comment is awaiting moderation" in own
    assert f'id="comment-{comment.id}"' in own and "I agree, <em>strongly</em>." in own
    assert "0 responses" in own

    stranger = app.test_client()
    other = text(stranger.get(site.prop_a_url))
    assert "I agree" not in other and f'id="comment-{comment.id}"' not in other
    assert "0 responses" in other
    assert approved_count(app, site.prop_a_id) == (0, 0)
    assert "I agree" not in text(stranger.get("/"))
    assert stranger.get(f"/c/{comment.id}").status_code == 404


def test_admin_approves_a_held_comment_and_everyone_sees_it(app, client, site):
    post_comment(client, site, GUEST)
    [comment] = comments(app)
    admin = app.test_client()
    sign_in(admin, site.admin)
    page = text(admin.get(site.prop_a_url))
    assert "Awaiting moderation" in page
    action = f"/moderation/comments/{comment.id}/approve"
    assert f'action="{action}"' in page
    response = admin.post(action, data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#comment-{comment.id}")

    [comment] = comments(app)
    assert comment.status == CommentStatus.APPROVED
    assert approved_count(app, site.prop_a_id) == (1, 1)
    visitor = text(app.test_client().get(site.prop_a_url))
    assert "I agree, <em>strongly</em>." in visitor and "1 response to" in visitor


def test_a_guest_with_an_approved_comment_is_published_at_once(app, client, site):
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        factories.comment(prop, "Earlier", name="Jo Smith", email="jo@example.org")
        db.session.commit()
    response = post_comment(client, site, GUEST)
    assert response.status_code == 303
    assert comments(app)[-1].status == CommentStatus.APPROVED
    assert approved_count(app, site.prop_a_id) == (2, 2)
    assert "Your comment has been published." in text(client.get(response.headers["Location"]))


def test_a_held_guest_comment_does_not_vouch_for_the_next_one(app, client, site):
    post_comment(client, site, GUEST)
    post_comment(client, site, {**GUEST, "body": "Second try"})
    assert [c.status for c in comments(app)] == [CommentStatus.PENDING] * 2


def test_signed_in_participant_comments_without_details_and_is_published(app, client, site):
    sign_in(client, site.participant)
    page = text(client.get(site.prop_a_url))
    assert "You are commenting as <strong>Pat Participant</strong>" in page
    assert 'name="email"' not in page
    response = post_comment(client, site, {"body": "Members view"})
    assert response.status_code == 303
    [comment] = comments(app)
    assert comment.status == CommentStatus.APPROVED
    assert comment.author_name == "Pat Participant" and comment.author_email is None
    assert approved_count(app, site.prop_a_id) == (1, 1)


def test_holding_signed_in_comments_is_a_setting(app, client, site):
    app.config["COMMENTS_HOLD_SIGNED_IN"] = True
    sign_in(client, site.participant)
    post_comment(client, site, {"body": "Members view"})
    assert comments(app)[0].status == CommentStatus.PENDING


def test_holding_first_guest_comments_is_a_setting(app, client, site):
    app.config["COMMENTS_HOLD_FIRST_GUEST"] = False
    post_comment(client, site, GUEST)
    assert comments(app)[0].status == CommentStatus.APPROVED


def test_a_comment_with_more_than_two_links_is_held(app, client, site):
    sign_in(client, site.participant)
    links = "See https://a.example.org and https://b.example.org and https://c.example.org"
    post_comment(client, site, {"body": links})
    post_comment(client, site, {"body": "Only https://a.example.org and https://b.example.org"})
    assert [c.status for c in comments(app)] == [CommentStatus.PENDING, CommentStatus.APPROVED]


def test_a_facilitator_comment_in_their_workstream_is_published(app, client, site):
    app.config["COMMENTS_HOLD_SIGNED_IN"] = True
    sign_in(client, site.facilitator)
    post_comment(
        client, site, {"body": "Thanks all, see https://a.b/1 https://a.b/2 https://a.b/3"}
    )
    assert comments(app)[0].status == CommentStatus.APPROVED
    assert "Facilitator</strong>" in text(client.get(site.prop_a_url))


def test_a_reply_nests_under_its_parent(app, client, site):
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        parent_id = factories.comment(prop, "Top level", name="Ann Top").id
        db.session.commit()
    sign_in(client, site.participant)
    url = f"{site.prop_a_url}?reply_to={parent_id}"
    response = post_comment(client, site, {"body": "A reply", "parent_id": parent_id}, url=url)
    assert response.status_code == 303
    reply = comments(app)[-1]
    assert (reply.parent_id, reply.in_reply_to_id, reply.depth) == (parent_id, parent_id, 2)
    page = text(client.get(site.prop_a_url))
    nested = re.search(
        rf'id="comment-{parent_id}".*?<ol class="forum-thread forum-thread--replies"[^>]*>\s*'
        rf'<li class="forum-thread__item">\s*<article[^>]*id="comment-{reply.id}"',
        page,
        re.S,
    )
    assert nested, "the reply is not in a list nested under its parent"
    assert "Reply to Ann Top" in page


def test_a_reply_at_the_deepest_level_sits_beside_the_comment_it_answers(app, client, site):
    app.config["COMMENTS_MAX_DEPTH"] = 3
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        one = factories.comment(prop, "One", name="Ann One")
        two = factories.comment(prop, "Two", name="Ben Two", parent=one)
        three = factories.comment(prop, "Three", name="Cat Three", parent=two)
        db.session.commit()
        ids = one.id, two.id, three.id
    sign_in(client, site.participant)
    post_comment(client, site, {"body": "Four", "parent_id": ids[2]})
    four = comments(app)[-1]
    assert four.depth == 3 and four.parent_id == ids[1] and four.in_reply_to_id == ids[2]
    page = text(client.get(site.prop_a_url))
    assert "Reply to Cat Three" in page
    assert page.index(f'id="comment-{ids[2]}"') < page.index(f'id="comment-{four.id}"')


GOOD = {**GUEST, "body": "My typed words stay", "website": "https://jo.example.org"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": ""}, "name", "Enter your name."),
        ({"email": ""}, "email", "Enter your email address."),
        ({"email": "not-an-email"}, "email", "Enter an email address like name@example.org."),
        ({"website": "javascript:alert(1)"}, "website", "Enter a website address like"),
        ({"body": "   "}, "body", "Enter your comment."),
        ({"body": "x" * 10_001}, "body", "Your comment must be 10,000 characters or fewer."),
    ],
    ids=["no-name", "no-email", "bad-email", "bad-website", "empty-body", "too-long"],
)
def test_bad_input_is_explained_and_keeps_what_was_typed(app, client, site, change, field, message):
    data = {**GOOD, **change}
    response = post_comment(client, site, data)
    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page
    assert f'<a href="#{field}">{message}' in page
    assert re.search(
        rf'<p id="{field}-error" class="govuk-error-message">.*?{re.escape(message)}', page, re.S
    )
    for name in ("name", "email", "website"):
        if data[name] and len(data[name]) < 100:
            assert f'value="{data[name]}"' in page.replace("&#34;", '"')
    if data["body"].strip() and len(data["body"]) < 100:
        assert data["body"] in page
    assert comments(app) == []


@pytest.mark.parametrize("problem", ["missing", "held", "other-proposition", "not-a-number"])
def test_a_reply_to_a_comment_that_cannot_be_answered_is_explained(app, client, site, problem):
    with app.app_context():
        prop_a = db.session.get(Proposition, site.prop_a_id)
        prop_b = db.session.get(Proposition, site.prop_b_id)
        held = factories.comment(prop_a, "Held", status=CommentStatus.PENDING)
        elsewhere = factories.comment(prop_b, "Elsewhere")
        db.session.commit()
        parent = {
            "missing": "424242",
            "held": str(held.id),
            "other-proposition": str(elsewhere.id),
            "not-a-number": "12abc",
        }[problem]
    response = post_comment(client, site, {**GOOD, "parent_id": parent})
    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page
    assert "is not available any more" in page
    assert "My typed words stay" in page and 'value="Jo Smith"' in page
    assert len(comments(app)) == 2


@pytest.mark.parametrize("closed_by", ["proposition", "workstream", "archived"])
def test_a_comment_on_a_closed_discussion_is_refused_and_kept(app, client, site, closed_by):
    page_before = text(client.get(site.prop_a_url))
    token = csrf_from(page_before)
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        if closed_by == "proposition":
            prop.comments_open = False
        elif closed_by == "workstream":
            db.session.get(Workstream, prop.workstream_id).is_open = False
        else:
            prop.status = PropositionStatus.ARCHIVED
        db.session.commit()
    response = client.post(site.prop_a_post, data={**GOOD, "csrf_token": token})
    assert response.status_code == 422
    page = text(response)
    assert "Comments are closed on this proposition." in page
    assert "My typed words stay" in page
    assert comments(app) == []


def test_an_expired_form_is_shown_again_with_everything_typed(app, client, site):
    client.get(site.prop_a_url)
    response = client.post(site.prop_a_post, data={**GOOD, "csrf_token": "expired-token"})
    assert response.status_code == 400
    page = text(response)
    assert "This form had expired, so nothing was sent." in page
    assert "My typed words stay" in page and 'value="Jo Smith"' in page
    assert 'value="jo@example.org"' in page.lower()
    # The form now carries a fresh token, so sending it again works.
    again = client.post(site.prop_a_post, data={**GOOD, "csrf_token": csrf_from(page)})
    assert again.status_code == 303
    assert len(comments(app)) == 1


def test_save_my_details_is_an_explicit_opt_in(app, client, site):
    post_comment(client, site, GUEST)
    assert client.get_cookie("comment_author") is None
    assert 'value="Jo Smith"' not in text(client.get(site.prop_a_url))

    # Each a different comment: the same one twice in ten minutes is refused as a repeat.
    post_comment(client, site, {**GUEST, "body": "Second thought", "remember": "y"})
    assert client.get_cookie("comment_author") is not None
    page = text(client.get(site.prop_a_url))
    assert 'value="Jo Smith"' in page and 'value="jo@example.org"' in page.lower()
    assert re.search(r'<input[^>]* name="remember" type="checkbox" value="y" checked', page)

    post_comment(client, site, {**GUEST, "body": "Third thought"})
    assert client.get_cookie("comment_author") is None


def test_threads_are_paginated_whole_and_permalinks_find_the_right_page(app, client, site):
    app.config["COMMENTS_THREADS_PER_PAGE"] = 2
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        tops = [factories.comment(prop, f"Thread {n}", name=f"Person {n}") for n in range(5)]
        reply = factories.comment(prop, "Reply in thread 2", parent=tops[2])
        db.session.commit()
        reply_id, first_id = reply.id, tops[0].id
    first = text(client.get(site.prop_a_url))
    assert "Thread 0" in first and "Thread 1" in first and "Thread 2" not in first
    assert 'aria-label="Pages of comments"' in first
    second = text(client.get(f"{site.prop_a_url}?page=2"))
    assert "Thread 2" in second and "Reply in thread 2" in second and "Thread 4" not in second
    response = client.get(f"/c/{reply_id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{site.prop_a_url}?page=2#comment-{reply_id}")
    assert (
        client.get(f"/c/{first_id}")
        .headers["Location"]
        .endswith(f"{site.prop_a_url}#comment-{first_id}")
    )


def test_newest_threads_first_is_a_setting(app, client, site):
    app.config["COMMENTS_NEWEST_FIRST"] = True
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        old = factories.comment(prop, "Old thread")
        factories.comment(prop, "Reply to old", parent=old)
        factories.comment(prop, "New thread")
        db.session.commit()
    page = text(client.get(site.prop_a_url))
    assert page.index("New thread") < page.index("Old thread") < page.index("Reply to old")


def test_reloading_the_form_address_goes_back_to_the_proposition(client, site):
    response = client.get(site.prop_a_post)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{site.prop_a_url}#respond")


def test_preview_without_javascript_shows_the_rendered_comment_and_keeps_the_form(
    app, client, site
):
    preview_url = f"{site.prop_a_post}/preview"
    page = text(client.get(site.prop_a_url))
    assert f'formaction="{preview_url}#respond"' in page
    response = client.post(
        preview_url, data={**GOOD, "body": "Some **bold** words", "csrf_token": csrf_from(page)}
    )
    assert response.status_code == 200
    shown = text(response)
    assert "Preview of your comment" in shown
    assert "<p>Some <strong>bold</strong> words</p>" in shown
    assert "Some **bold** words</textarea>" in shown and 'value="Jo Smith"' in shown
    assert comments(app) == []


def test_preview_for_scripts_answers_json_and_saves_nothing(app, client, site):
    token = csrf_from(text(client.get(site.prop_a_url)))
    url = f"{site.prop_a_post}/preview"
    headers = {"Accept": "application/json"}
    ok = client.post(
        url, data={"body": "<script>x</script> *hi*", "csrf_token": token}, headers=headers
    )
    assert ok.status_code == 200
    assert ok.get_json() == {"html": "<p>&lt;script&gt;x&lt;/script&gt; <em>hi</em></p>"}
    empty = client.post(url, data={"body": " ", "csrf_token": token}, headers=headers)
    assert empty.status_code == 422 and empty.get_json() == {"error": "Enter your comment."}
    assert client.post(url, data={"body": "hi"}, headers=headers).status_code == 400
    assert comments(app) == []


def test_the_comment_box_states_its_limit_before_it_is_reached(client, site):
    page = text(client.get(site.prop_a_url))
    assert "You can enter up to 10000 characters" in page
    assert 'data-maxlength="10000"' in page
    assert 'rows="8"' in page


def test_a_posted_comment_tells_the_browser_its_draft_can_go(app, client, site):
    response = post_comment(client, site, GUEST)
    assert "data-comment-posted" in text(client.get(response.headers["Location"]))
    assert "data-comment-posted" not in text(client.get(site.prop_a_url))


def test_the_success_banner_shows_the_message_as_text_not_markup(app, client, site):
    sign_in(client, site.participant)
    response = post_comment(client, site, {"body": "Members view"})
    page = text(client.get(response.headers["Location"]))
    assert (
        '<p class="govuk-notification-banner__heading">Your comment has been published.</p>' in page
    )
    assert "&lt;p" not in page
