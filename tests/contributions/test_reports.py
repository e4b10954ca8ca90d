"""Readers report a comment once; enough reports hide it until a facilitator reviews it."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Comment, CommentStatus, ModerationAction, Report, utcnow
from tests.conftest import csrf_from, post_form, sign_in
from tests.contributions.support import (
    add_comment,
    age_account,
    approved_count,
    decide_status,
    load,
    make_user,
    rows,
    text,
    words,
)

REASONS = [
    "Spam or advertising",
    "Abusive, rude or hateful",
    "Not about this proposition",
    "Shares someone's personal information",
    "Something else",
]


def report_url(comment_id: int) -> str:
    """Return the address of a comment's report form."""
    return f"/comments/{comment_id}/report"


def report(client, comment_id: int, reason: str = "abusive", details: str = ""):
    """Open the report form and send it."""
    url = report_url(comment_id)
    return post_form(client, url, url, {"reason": reason, "details": details})


def reader(app, n: int, **kwargs):
    """Return a client signed in as a new reader whose account is ``days_old`` days old."""
    email = f"reader{n}@example.org"
    make_user(app, email, f"Reader {n}", **kwargs)
    client = app.test_client()
    sign_in(client, email)
    return client


@pytest.fixture
def target(app, site):
    """An approved comment by a guest, to be reported."""
    return add_comment(
        app, site.prop_a_id, "A rude remark.", name="Rude Person", email="rude@example.net"
    )


def test_readers_see_a_report_link_but_not_on_their_own_or_as_facilitators(app, site, target):
    own = add_comment(app, site.prop_a_id, "My own words.", user=site.participant)
    visitor = text(app.test_client().get(site.prop_a_url))
    assert f'href="/comments/{target}/report"' in visitor
    assert 'Report<span class="govuk-visually-hidden"> the comment by Rude Person</span>' in (
        visitor
    )

    author = app.test_client()
    sign_in(author, site.participant)
    page = text(author.get(site.prop_a_url))
    assert f"/comments/{target}/report" in page and f"/comments/{own}/report" not in page

    for email, sees in (
        (site.facilitator, False),
        (site.admin, False),
        (site.other_facilitator, True),
    ):
        client = app.test_client()
        sign_in(client, email)
        assert (f"/comments/{target}/report" in text(client.get(site.prop_a_url))) is sees


def test_the_report_form_asks_why_and_shows_the_comment(client, target):
    page = client.get(report_url(target))
    assert page.status_code == 200
    html = words(page)
    assert '<h1 class="govuk-heading-xl">Report a comment</h1>' in html
    assert "Why are you reporting this comment?" in html and "<legend" in html
    for label in REASONS:
        assert label in html
    assert len(re.findall(r'<input[^>]*name="reason" type="radio"', html)) == 5
    assert 'name="details"' in html
    assert "Rude Person" in html and "A rude remark." in html


def test_a_signed_in_reader_reports_a_comment(app, site, target):
    client = reader(app, 1)
    response = report(client, target, "personal", "It gives a home address.")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{site.prop_a_url}#comment-{target}")
    assert "Thank you. A facilitator will look at the comment." in text(
        client.get(response.headers["Location"])
    )
    [saved] = rows(app, Report)
    assert saved.reporter_key == f"user:{saved.reporter_id}"
    assert (saved.reason.value, saved.details, saved.weight) == (
        "personal",
        "It gives a home address.",
        1,
    )
    assert load(app, Comment, target).status == CommentStatus.APPROVED


def test_a_reader_reports_a_comment_only_once(app, site, target):
    client = reader(app, 1)
    report(client, target)
    again = client.get(report_url(target))
    assert again.status_code == 200
    assert "You have already reported this comment" in words(again)
    assert 'name="reason"' not in text(again)
    token = csrf_from(text(client.get(site.prop_a_url)))
    second = client.post(report_url(target), data={"csrf_token": token, "reason": "spam"})
    assert second.status_code == 409
    assert "You have already reported this comment" in words(second)
    assert len(rows(app, Report)) == 1


def test_guests_report_by_browser(app, client, site, target):
    assert report(client, target, "spam").status_code == 303
    [first] = rows(app, Report)
    assert first.reporter_id is None and first.reporter_key.startswith("guest:")
    assert first.weight == 1
    assert "You have already reported" in words(client.get(report_url(target)))
    other_guest = app.test_client()
    assert report(other_guest, target, "spam").status_code == 303
    keys = {row.reporter_key for row in rows(app, Report)}
    assert len(keys) == 2


def test_something_else_needs_details_and_the_choice_is_kept(app, client, target):
    response = report(client, target, "other", "   ")
    assert response.status_code == 422
    page = words(response)
    assert "There is a problem" in page and 'href="#details"' in page
    assert page.count("Tell us what is wrong with the comment.") == 2
    assert re.search(r'<input[^>]*value="other"[^>]*checked', page)
    assert "<title>Error: Report a comment" in page
    assert rows(app, Report) == []


def test_a_reason_is_required(app, client, target):
    url = report_url(target)
    response = post_form(client, url, url, {"details": "Just because"})
    assert response.status_code == 422
    assert words(response).count("Choose why you are reporting this comment.") == 2
    assert "Just because" in words(response)
    assert rows(app, Report) == []


def test_enough_reports_hide_a_comment_until_a_facilitator_reviews_it(app, site, target):
    for n in range(1, 3):
        report(reader(app, n), target)
    assert load(app, Comment, target).status == CommentStatus.APPROVED
    assert approved_count(app, site.prop_a_id) == 1
    last = reader(app, 3)
    response = report(last, target)
    assert response.status_code == 303
    assert load(app, Comment, target).status == CommentStatus.HIDDEN
    assert approved_count(app, site.prop_a_id) == 0
    [action] = rows(app, ModerationAction, comment_id=target)
    assert (action.action, action.actor_id, action.reason) == (
        "hide-by-reports",
        None,
        "Reported by readers",
    )
    page = text(app.test_client().get(site.prop_a_url))
    assert "This comment is hidden while a facilitator reviews it." in page
    assert "A rude remark." not in page and "Rude Person" not in page
    assert "already hidden" in words(reader(app, 4).get(report_url(target)))


@pytest.mark.parametrize(
    "kind",
    ["new accounts", "suspended accounts"],
)
def test_new_and_suspended_accounts_reports_count_for_nothing(app, site, target, kind):
    for n in range(1, 5):
        client = (
            reader(app, n, days_old=0.5)
            if kind == "new accounts"
            else reader(app, n, suspended=True)
        )
        assert report(client, target).status_code == 303
    assert {row.weight for row in rows(app, Report)} == {0}
    assert load(app, Comment, target).status == CommentStatus.APPROVED


def test_an_account_a_day_old_counts(app, site, target):
    age_account(app, site.participant, days=1.1)
    client = app.test_client()
    sign_in(client, site.participant)
    report(client, target)
    assert rows(app, Report)[0].weight == 1


def test_guests_alone_cannot_hide_a_comment(app, site, target):
    for _ in range(5):
        report(app.test_client(), target)
    assert len(rows(app, Report)) == 5
    assert load(app, Comment, target).status == CommentStatus.APPROVED
    for n in range(1, 3):
        report(reader(app, n), target)
    assert load(app, Comment, target).status == CommentStatus.HIDDEN


def test_dismissed_reports_no_longer_count(app, site, target):
    for n in range(1, 3):
        report(reader(app, n), target)
    with app.app_context():
        db.session.execute(sa.update(Report).values(dismissed_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
    report(reader(app, 3), target)
    assert load(app, Comment, target).status == CommentStatus.APPROVED


def test_authors_and_facilitators_cannot_report(app, site):
    own = add_comment(app, site.prop_a_id, "Mine.", user=site.participant)
    author = app.test_client()
    sign_in(author, site.participant)
    refused = author.get(report_url(own))
    assert refused.status_code == 403 and "You can't report your own comment." in words(refused)
    theirs = add_comment(app, site.prop_a_id, "Someone's words.")
    facilitator = app.test_client()
    sign_in(facilitator, site.facilitator)
    refused = facilitator.get(report_url(theirs))
    assert refused.status_code == 403 and "use the moderation menu" in words(refused)
    token = csrf_from(text(facilitator.get(site.prop_a_url)))
    facilitator.post(report_url(theirs), data={"csrf_token": token, "reason": "spam"})
    assert rows(app, Report) == []


@pytest.mark.parametrize(
    "status", [CommentStatus.PENDING, CommentStatus.REMOVED, CommentStatus.SPAM]
)
def test_a_comment_readers_cannot_see_cannot_be_reported(app, client, site, status):
    gone = add_comment(app, site.prop_a_id, "Secret words.", name="Sid Secret")
    decide_status(app, gone, status)
    for response in (client.get(report_url(gone)), client.post(report_url(gone), data={})):
        # The POST has no security token: the form it would show again must not open either.
        assert response.status_code == 404
        assert "Secret words." not in text(response) and "Sid Secret" not in text(response)


def test_reporting_needs_its_security_token(app, client, target):
    client.get(report_url(target))
    assert client.post(report_url(target), data={"reason": "spam"}).status_code == 400
    assert rows(app, Report) == []
