"""A facilitator calms a busy discussion: slow mode, and closing and reopening its comments."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Comment, Proposition, utcnow
from tests.conftest import csrf_from, post_form, sign_in
from tests.manage.support import audit_log, edit_url, form, proposition_row, text

SLOW = "Slow mode is on."
JO = {"name": "Jo Smith", "email": "jo@example.org", "website": ""}


def words(html: str) -> str:
    """Return a page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def edit(client, site, **changes):
    """Save proposition A in the editor with some fields changed."""
    url = edit_url(site.prop_a_id)
    return post_form(client, url, url, form(title="Open every library on Sundays", **changes))


def set_slow_mode(app, proposition_id: int, minutes: int | None) -> None:
    """Store a proposition's slow mode (as the editor does)."""
    with app.app_context():
        db.session.get(Proposition, proposition_id).slow_mode_minutes = minutes
        db.session.commit()


def send(client, site, **fields):
    """Open proposition A and send its comment form."""
    token = csrf_from(text(client.get(site.prop_a_url)))
    return client.post(site.prop_a_post, data={"csrf_token": token, **fields})


def move_comments_back(app, minutes: int) -> None:
    """Make every comment older, as if that many minutes had passed."""
    with app.app_context():
        db.session.execute(
            sa.update(Comment).values(created_at=utcnow() - timedelta(minutes=minutes))
        )
        db.session.commit()


def test_a_facilitator_turns_slow_mode_on_and_readers_are_told(app, client, site):
    sign_in(client, site.facilitator)
    response = edit(client, site, slow_mode_minutes=" 10 ")
    assert response.status_code == 303
    assert proposition_row(app, id=site.prop_a_id)["slow_mode_minutes"] == 10
    assert 'name="slow_mode_minutes" type="text" value="10"' in text(
        client.get(edit_url(site.prop_a_id))
    )
    [entry] = audit_log(app)
    assert entry.before["slow_mode_minutes"] is None and entry.after["slow_mode_minutes"] == 10

    visitor = words(text(app.test_client().get(site.prop_a_url)))
    assert (
        "Slow mode is on. So that everyone gets a say, each person can post one comment every "
        "10 minutes here." in visitor
    )
    assert "you are not limited" not in visitor
    assert "As a facilitator, you are not limited." in words(text(client.get(site.prop_a_url)))

    edit(client, site, slow_mode_minutes="")
    assert proposition_row(app, id=site.prop_a_id)["slow_mode_minutes"] is None
    assert SLOW not in words(text(app.test_client().get(site.prop_a_url)))


@pytest.mark.parametrize("typed", ["0", "ten", "1441", "-5", "2.5"])
def test_a_slow_mode_that_is_not_a_number_of_minutes_is_explained(app, client, site, typed):
    sign_in(client, site.facilitator)
    response = edit(client, site, slow_mode_minutes=typed, body="My edited text stays")
    assert response.status_code == 422
    page = text(response)
    message = "Enter the number of minutes as a whole number from 1 to 1440, like 5."
    assert f'<a href="#slow_mode_minutes">{message}</a>' in page
    assert f'value="{typed}"' in page and "My edited text stays" in page
    assert proposition_row(app, id=site.prop_a_id)["slow_mode_minutes"] is None


@pytest.mark.parametrize("who", ["other_facilitator", "participant"])
def test_only_the_workstreams_facilitators_set_slow_mode(app, client, site, who):
    sign_in(client, getattr(site, who))
    url = edit_url(site.prop_a_id)
    assert client.get(url).status_code == 403
    token = csrf_from(text(client.get("/")))
    data = {"csrf_token": token, **form(title="Taken over", slow_mode_minutes="60")}
    assert client.post(url, data=data).status_code == 403
    assert proposition_row(app, id=site.prop_a_id)["slow_mode_minutes"] is None


def test_in_slow_mode_a_second_comment_waits_and_keeps_its_text(app, client, site):
    set_slow_mode(app, site.prop_a_id, 10)
    sign_in(client, site.participant)
    assert send(client, site, body="My first thought").status_code == 303
    response = send(client, site, body="And another thing")
    assert response.status_code == 429
    page = text(response)
    assert (
        "Slow mode is on for this discussion: each person can post one comment every 10 "
        "minutes. You can post again in 10 minutes. Your comment is still here, so you can "
        "send it then." in words(page)
    )
    assert 570 <= int(response.headers["Retry-After"]) <= 601
    assert "And another thing</textarea>" in page
    move_comments_back(app, 4)
    assert "You can post again in 6 minutes." in words(text(send(client, site, body="Again")))
    move_comments_back(app, 11)
    assert send(client, site, body="And another thing").status_code == 303


def test_slow_mode_counts_a_guests_comments_by_their_email_held_ones_too(app, client, site):
    set_slow_mode(app, site.prop_a_id, 1)
    assert send(client, site, **JO, body="First, held for a facilitator").status_code == 303
    other_browser = app.test_client()
    response = send(other_browser, site, **{**JO, "email": "JO@example.org"}, body="Second")
    assert response.status_code == 429
    assert "each person can post one comment every minute" in words(text(response))
    # Another person is not held back, and other propositions are not in slow mode.
    ann = {**JO, "name": "Ann", "email": "ann@example.org"}
    assert send(app.test_client(), site, **ann, body="Mine").status_code == 303
    token = csrf_from(text(client.get(site.prop_b_url)))
    elsewhere = {"csrf_token": token, **JO, "body": "Elsewhere"}
    assert client.post(site.prop_b_post, data=elsewhere).status_code == 303


@pytest.mark.parametrize("who", ["facilitator", "admin"])
def test_facilitators_are_not_slowed_down(app, client, site, who):
    set_slow_mode(app, site.prop_a_id, 30)
    sign_in(client, getattr(site, who))
    statuses = [send(client, site, body=f"Answer {n}").status_code for n in range(3)]
    assert statuses == [303, 303, 303]


def test_a_facilitator_closes_and_reopens_comments(app, client, site):
    sign_in(client, site.facilitator)
    edit(client, site, comments_open=None)
    visitor = app.test_client()
    page = text(visitor.get(site.prop_a_url))
    assert "Comments are closed" in page and 'name="body"' not in page
    token = csrf_from(text(visitor.get("/login")))  # the page has no comment form now
    data = {"csrf_token": token, **JO, "body": "Too late?"}
    refused = visitor.post(site.prop_a_post, data=data)
    assert refused.status_code == 422
    assert "Comments are closed on this proposition." in text(refused)
    edit(client, site, comments_open="y")
    assert send(visitor, site, **JO, body="Open again").status_code == 303
