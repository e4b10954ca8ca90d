"""A comment being written survives leaving to sign in, and only its own browser gets it back."""

from urllib.parse import quote

import sqlalchemy as sa

from forum.extensions import db
from forum.models import Comment, CommentDraft, Proposition
from tests import factories
from tests.conftest import PASSWORD, csrf_from, person_in_header, post_form

TEXT = "The mobile library could stop at the school gates on Fridays."


def _textarea(page: str) -> str:
    """Return what the comment box holds."""
    start = page.index('name="body"')
    return page[page.index(">", start) + 1 : page.index("</textarea>", start)].strip()


def _leave_to_sign_in(client, site, **fields):
    """Press "Sign in with your account on this forum" in the comment form."""
    html = client.get(site.prop_a_url).get_data(as_text=True)
    next_url = quote(f"{site.prop_a_url}#respond")
    data = {"csrf_token": csrf_from(html), **fields}
    return client.post(f"/login/keep-draft?next={next_url}&proposition={site.prop_a_id}", data=data)


def test_signing_in_with_a_local_account_keeps_the_comment_and_reply_target(client, site, app):
    with app.app_context():
        answered = factories.comment(db.session.get(Proposition, site.prop_a_id))
        db.session.commit()
        answered_id = answered.id
    response = _leave_to_sign_in(
        client, site, body=TEXT, name="Pat", email="pat@example.org", parent_id=str(answered_id)
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=")

    signed_in = post_form(
        client,
        response.headers["Location"],
        "/login",
        {"email": site.participant, "password": PASSWORD, "next": f"{site.prop_a_url}#respond"},
    )
    assert signed_in.headers["Location"] == f"{site.prop_a_url}#respond"
    page = client.get(site.prop_a_url).get_data(as_text=True)
    assert person_in_header(page) == "Pat Participant"
    assert _textarea(page) == TEXT
    assert f'name="parent_id" type="hidden" value="{answered_id}"' in page

    posted = post_form(
        client, site.prop_a_url, site.prop_a_post, {"body": TEXT, "parent_id": str(answered_id)}
    )
    assert posted.status_code == 303
    with app.app_context():
        comment = db.session.scalar(sa.select(Comment).where(Comment.body == TEXT))
        assert comment.parent_id == answered_id
        assert db.session.scalar(sa.select(sa.func.count(CommentDraft.id))) == 0
    assert _textarea(client.get(site.prop_a_url).get_data(as_text=True)) == ""


def test_a_kept_comment_comes_back_only_to_its_own_browser_and_page(app, client, site):
    _leave_to_sign_in(client, site, body=TEXT)
    assert _textarea(client.get(site.prop_a_url).get_data(as_text=True)) == TEXT
    # Another proposition's form stays empty, and so does everyone else's browser.
    assert _textarea(client.get(site.prop_b_url).get_data(as_text=True)) == ""
    other = app.test_client()
    assert TEXT not in other.get(site.prop_a_url).get_data(as_text=True)


def test_an_empty_form_keeps_nothing(app, client, site):
    response = _leave_to_sign_in(client, site, body="   ")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CommentDraft.id))) == 0


def test_a_comment_longer_than_a_cookie_can_hold_is_kept_whole(client, site):
    long_text = ("A paragraph about opening hours and who staffs them. " * 200).strip()
    assert len(long_text) > 10_000
    _leave_to_sign_in(client, site, body=long_text)
    assert _textarea(client.get(site.prop_a_url).get_data(as_text=True)) == long_text
    assert len(client.get_cookie("session").value) < 4000


def test_keeping_a_comment_needs_the_forms_security_token(client, site):
    response = client.post(f"/login/keep-draft?proposition={site.prop_a_id}", data={"body": TEXT})
    assert response.status_code == 400
