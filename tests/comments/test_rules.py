"""The rules a comment meets when it is posted: held and blocked words, links, first comments,
repeats, suspended guests, and the traps for guests' spam bots.

Each is tried through the real comment form, and the test checks what the person sees
and what is stored, including the reasons a held comment waits (the queue shows them).
"""

import re
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.comments import guards
from forum.comments.rules import find_words, parse_words
from forum.extensions import db
from forum.helpers import format_datetime
from forum.models import (
    Comment,
    CommentStatus,
    Proposition,
    Suspension,
    User,
    Workstream,
    utcnow,
)
from forum.settings import stored_settings
from tests.comments.support import (
    comment_box,
    error_summary,
    field_error,
    guest,
    open_form,
    stored_comments,
    text,
    words,
)
from tests.conftest import sign_in

HELD, PUBLISHED = CommentStatus.PENDING, CommentStatus.APPROVED
LINKS = "See https://a.example.org, https://b.example.org and https://c.example.org"


@pytest.mark.parametrize(
    ("text_", "words_", "found"),
    [
        ("Try the casino tonight", ("casino",), ["casino"]),
        ("CASINO!", ("casino",), ["casino"]),
        ("Casinos are everywhere", ("casino",), []),
        ("the Casino's lights", ("casino",), ["casino"]),
        ("a **casino** in bold", ("casino",), ["casino"]),
        ("[win](https://casino.example/win)", ("casino",), ["casino"]),
        ("c.a.s.i.n.o", ("casino",), []),
        ("get free money now", ("free money",), ["free money"]),
        ("get free\n   money now", ("free money",), ["free money"]),
        ("free moneybags", ("free money",), []),
        ("free money at the casino", ("Casino", "free money"), ["free money", "Casino"]),
        ("free money", ("free", "free money"), ["free money"]),
        ("100% guaranteed", ("100%",), ["100%"]),
        ("un café noir", ("café",), ["café"]),
        ("deux cafés", ("café",), []),
        ("nothing here", (), []),
    ],
)
def test_words_match_whole_words_in_any_case(text_, words_, found):
    assert find_words(text_, words_) == found


def test_a_list_of_words_is_one_a_line_trimmed_without_blanks_or_repeats():
    assert parse_words("  Casino \n\n casino\nfree    money\n\t\n") == ("Casino", "free money")
    assert parse_words(None) == ()


def set_site(app, **values) -> None:
    """Store site settings (as an admin would through the settings page)."""
    with app.app_context():
        row = stored_settings()
        for name, value in values.items():
            setattr(row, name, value)
        db.session.commit()


def set_workstream(app, slug: str, **values) -> None:
    """Store a workstream's own rules (as an admin would through its edit page)."""
    with app.app_context():
        workstream = db.session.scalar(sa.select(Workstream).filter_by(slug=slug))
        for name, value in values.items():
            setattr(workstream, name, value)
        db.session.commit()


def send(client, page_url: str, post_url: str, **fields):
    """Open the page and send its comment form."""
    token = open_form(client, page_url)
    return client.post(post_url, data={"csrf_token": token, **fields})


def as_participant(client, site):
    """Sign the client in as the participant, whose comments are not held by default."""
    sign_in(client, site.participant)
    return client


def last(app) -> Comment:
    """Return the newest comment."""
    return stored_comments(app)[-1]


# Held words, links, first comments ---------------------------------------------------------


def test_a_held_word_holds_the_comment_and_records_why(app, client, site):
    set_site(app, held_words="casino\nfree money")
    as_participant(client, site)
    response = send(client, site.prop_a_url, site.prop_a_post, body="Meet at the Casino?")
    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    assert "Your comment is awaiting moderation." in page
    comment = last(app)
    assert comment.status == HELD and comment.hold_reasons == ["held word “casino”"]
    assert "Meet at the Casino?" not in text(app.test_client().get(site.prop_a_url))

    send(client, site.prop_a_url, site.prop_a_post, body="Our casinos and free  money")
    assert last(app).hold_reasons == ["held word “free money”"]
    send(client, site.prop_a_url, site.prop_a_post, body="No such words here")
    assert (last(app).status, last(app).hold_reasons) == (PUBLISHED, None)


def test_a_workstreams_held_words_replace_the_sites(app, client, site):
    set_site(app, held_words="casino")
    set_workstream(app, site.ws_a, held_words="lottery")
    as_participant(client, site)
    send(client, site.prop_a_url, site.prop_a_post, body="The casino is closed")
    assert last(app).status == PUBLISHED
    send(client, site.prop_a_url, site.prop_a_post, body="Buy a Lottery ticket")
    assert last(app).hold_reasons == ["held word “lottery”"]
    send(client, site.prop_b_url, site.prop_b_post, body="The casino is closed")
    assert last(app).hold_reasons == ["held word “casino”"]


def test_held_words_come_from_the_configuration_until_an_admin_sets_them(app, client, site):
    app.config["COMMENTS_HELD_WORDS"] = "raffle"
    as_participant(client, site)
    send(client, site.prop_a_url, site.prop_a_post, body="Join the RAFFLE")
    assert last(app).hold_reasons == ["held word “raffle”"]


def test_too_many_links_hold_a_comment_and_the_number_is_recorded(app, client, site):
    as_participant(client, site)
    send(client, site.prop_a_url, site.prop_a_post, body=LINKS)
    assert last(app).hold_reasons == ["3 links (more than 2)"]


@pytest.mark.parametrize(
    ("max_links", "status", "reasons"),
    [(0, HELD, ["1 link (more than 0)"]), (5, PUBLISHED, None)],
)
def test_a_workstream_sets_its_own_number_of_links(app, client, site, max_links, status, reasons):
    set_site(app, max_links=2)
    set_workstream(app, site.ws_a, max_links=max_links)
    as_participant(client, site)
    body = LINKS if max_links else "Read https://a.example.org"
    send(client, site.prop_a_url, site.prop_a_post, body=body)
    assert (last(app).status, last(app).hold_reasons) == (status, reasons)


def test_a_guests_comment_lists_every_reason_it_waits(app, client, site):
    set_site(app, held_words="casino")
    send(client, site.prop_a_url, site.prop_a_post, **guest(body=f"{LINKS} casino"))
    assert last(app).hold_reasons == [
        "first comment from this email",
        "3 links (more than 2)",
        "held word “casino”",
    ]


def approve_all(app) -> None:
    """Approve every held comment (as a facilitator would)."""
    with app.app_context():
        db.session.execute(
            sa.update(Comment).where(Comment.status == HELD).values(status=PUBLISHED)
        )
        db.session.commit()


def test_holding_signed_in_first_comments_holds_only_the_first(app, client, site):
    set_site(app, hold_signed_in=True)
    as_participant(client, site)
    send(client, site.prop_a_url, site.prop_a_post, body="My first view")
    assert (last(app).status, last(app).hold_reasons) == (HELD, ["first comment from this account"])
    send(client, site.prop_a_url, site.prop_a_post, body="Still waiting")
    assert last(app).status == HELD
    approve_all(app)
    send(client, site.prop_a_url, site.prop_a_post, body="Now I am known")
    assert last(app).status == PUBLISHED


@pytest.mark.parametrize(
    ("site_value", "own", "status"), [(True, False, PUBLISHED), (False, True, HELD)]
)
def test_a_workstream_chooses_its_own_holding_of_signed_in_comments(
    app, client, site, site_value, own, status
):
    set_site(app, hold_signed_in=site_value)
    set_workstream(app, site.ws_a, hold_signed_in=own)
    as_participant(client, site)
    send(client, site.prop_a_url, site.prop_a_post, body="Here")
    assert last(app).status == status
    # Workstream B follows the site; its first-time commenter here is A's facilitator.
    elsewhere = app.test_client()
    sign_in(elsewhere, site.facilitator)
    send(elsewhere, site.prop_b_url, site.prop_b_post, body="There")
    assert last(app).status == (HELD if site_value else PUBLISHED)


def test_facilitators_are_never_held_in_their_own_workstreams(app, client, site):
    set_site(app, held_words="casino", hold_signed_in=True)
    sign_in(client, site.facilitator)
    send(client, site.prop_a_url, site.prop_a_post, body=f"{LINKS} casino")
    assert (last(app).status, last(app).hold_reasons) == (PUBLISHED, None)
    # Elsewhere they are a participant like any other (whose first comment is behind them).
    send(client, site.prop_b_url, site.prop_b_post, body="The casino again")
    assert last(app).hold_reasons == ["held word “casino”"]


# Blocked words -----------------------------------------------------------------------------


def test_a_blocked_word_refuses_the_comment_beside_the_box_and_keeps_it(app, client, site):
    set_site(app, blocked_words="spam-o-matic\nbuy now")
    response = send(
        client, site.prop_a_url, site.prop_a_post, **guest(body="Try Spam-o-matic, BUY  now!")
    )
    assert response.status_code == 422
    page = text(response)
    message = (
        "Your comment contains “spam-o-matic” and “buy now”, which this discussion does not "
        "allow. Change your comment, then send it again."
    )
    assert field_error(page, "body") == message
    assert error_summary(page) == [message]
    assert '<a href="#body">' in page
    assert comment_box(page) == "Try Spam-o-matic, BUY  now!"
    assert 'value="Jo Smith"' in page
    assert stored_comments(app) == []


def test_blocked_words_apply_to_everyone_and_a_workstream_may_have_its_own(app, client, site):
    set_site(app, blocked_words="swindle")
    set_workstream(app, site.ws_b, blocked_words="scam")
    sign_in(client, site.facilitator)
    refused = send(client, site.prop_a_url, site.prop_a_post, body="What a swindle")
    assert refused.status_code == 422 and "“swindle”" in field_error(text(refused), "body")
    assert send(client, site.prop_b_url, site.prop_b_post, body="What a swindle").status_code == 303
    refused = send(client, site.prop_b_url, site.prop_b_post, body="What a scam")
    assert "“scam”" in field_error(text(refused), "body")


# Repeats -----------------------------------------------------------------------------------

REPEAT = (
    "You posted this same comment a few minutes ago, so it was not posted again. "
    "If you can't see it yet, it is waiting for a facilitator to check it."
)


def test_the_same_comment_twice_in_ten_minutes_is_refused(app, client, site):
    first = send(client, site.prop_a_url, site.prop_a_post, **guest(body="Same words"))
    assert first.status_code == 303
    again = send(
        client,
        site.prop_a_url,
        site.prop_a_post,
        **guest(email="JO@example.org", body=" Same words "),
    )
    assert again.status_code == 422
    page = text(again)
    assert field_error(page, "body") == REPEAT
    assert comment_box(page) == "Same words"
    assert len(stored_comments(app)) == 1


def test_a_repeat_is_only_the_same_person_saying_the_same_thing_here_lately(app, client, site):
    send(client, site.prop_a_url, site.prop_a_post, **guest(body="Same words"))
    other = app.test_client()
    assert (
        send(
            other,
            site.prop_a_url,
            site.prop_a_post,
            **guest("Ann", "ann@example.org", body="Same words"),
        ).status_code
        == 303
    )
    assert (
        send(client, site.prop_b_url, site.prop_b_post, **guest(body="Same words")).status_code
        == 303
    )
    assert (
        send(client, site.prop_a_url, site.prop_a_post, **guest(body="Other words")).status_code
        == 303
    )
    with app.app_context():
        db.session.execute(sa.update(Comment).values(created_at=utcnow() - timedelta(minutes=11)))
        db.session.commit()
    assert (
        send(client, site.prop_a_url, site.prop_a_post, **guest(body="Same words")).status_code
        == 303
    )
    assert len(stored_comments(app)) == 5


def test_signed_in_repeats_are_refused_but_not_after_deleting_the_first(app, client, site):
    as_participant(client, site)
    send(client, site.prop_a_url, site.prop_a_post, body="Members view")
    refused = send(client, site.prop_a_url, site.prop_a_post, body="Members view")
    assert field_error(text(refused), "body") == REPEAT
    with app.app_context():
        db.session.execute(sa.update(Comment).values(status=CommentStatus.DELETED))
        db.session.commit()
    assert send(client, site.prop_a_url, site.prop_a_post, body="Members view").status_code == 303


# Suspended guests --------------------------------------------------------------------------


def suspend(app, site, email: str, ends_in: timedelta | None, **values) -> None:
    """Suspend a guest's email address (as the moderation tools do)."""
    with app.app_context():
        admin = db.session.scalar(sa.select(User).filter_by(email=site.admin))
        ends_at = utcnow() + ends_in if ends_in is not None else None
        values.setdefault("reason", "Advertising, again and again")
        db.session.add(Suspension(email=email, ends_at=ends_at, created_by_id=admin.id, **values))
        db.session.commit()


def test_a_guest_whose_email_is_suspended_is_told_why_and_until_when(app, client, site):
    suspend(app, site, "jo@example.org", timedelta(days=3))
    with app.app_context():
        ends = db.session.scalar(sa.select(Suspension.ends_at))
    response = send(
        client, site.prop_a_url, site.prop_a_post, **guest(email="Jo@Example.org", body="Let me in")
    )
    assert response.status_code == 403
    page = text(response)
    [notice] = error_summary(page)
    with app.test_request_context():
        when = format_datetime(ends)  # 30 March 2027 at 4:05pm, in the summit's time zone
    assert notice == (
        f"Comments from your email address are suspended until {when}, so you can't comment "
        "until then. The reason given: Advertising, again and again You can still read every "
        "discussion."
    )
    assert comment_box(page) == "Let me in"
    assert stored_comments(app) == []


def test_an_indefinite_suspension_says_so(app, client, site):
    suspend(app, site, "JO@EXAMPLE.ORG", None, reason="Abuse")
    page = text(send(client, site.prop_a_url, site.prop_a_post, **guest()))
    assert error_summary(page)[0].startswith(
        "Comments from your email address are suspended, so you can't comment for now. "
        "The reason given: Abuse"
    )


@pytest.mark.parametrize("state", ["lifted", "ended", "someone else"])
def test_a_suspension_that_is_over_or_of_another_email_does_not_stop_a_guest(
    app, client, site, state
):
    if state == "lifted":
        suspend(app, site, "jo@example.org", None, lifted_at=utcnow())
    elif state == "ended":
        suspend(app, site, "jo@example.org", timedelta(minutes=-1))
    else:
        suspend(app, site, "jon@example.org", None)
    assert send(client, site.prop_a_url, site.prop_a_post, **guest()).status_code == 303


# Guests' spam bots -------------------------------------------------------------------------

SHOWN_AT_RE = re.compile(r'name="shown_at" type="hidden" value="([^"]+)"')


def test_the_traps_are_hidden_from_people_and_screen_readers(app, client, site):
    page = text(client.get(site.prop_a_url))
    trap = re.search(
        r'<div class="govuk-visually-hidden" aria-hidden="true" data-honeypot>(.*?)</div>',
        page,
        re.S,
    )
    assert trap, "the honeypot is not inside a hidden, aria-hidden box"
    assert '<label for="reference">Leave this empty</label>' in trap.group(1)
    box = '<input type="text" id="reference" name="reference" value="" tabindex="-1"'
    assert f'{box} autocomplete="off">' in trap.group(1)
    assert SHOWN_AT_RE.search(page)
    members = text(as_participant(app.test_client(), site).get(site.prop_a_url))
    assert 'name="reference"' not in members and 'name="shown_at"' not in members


def test_a_filled_honeypot_is_refused_plainly_and_can_be_sent_again(app, client, site):
    token = open_form(client, site.prop_a_url)
    data = {"csrf_token": token, **guest(body="Hello from a bot"), "reference": "http://spam"}
    response = client.post(site.prop_a_post, data=data)
    assert response.status_code == 422
    page = text(response)
    assert error_summary(page) == [
        "Your comment looks automated, so it was not posted. If you wrote it yourself, please "
        "send it again: your text is still here."
    ]
    assert comment_box(page) == "Hello from a bot"
    assert 'name="reference" value=""' in page
    assert stored_comments(app) == []
    data["reference"] = ""
    assert client.post(site.prop_a_post, data=data).status_code == 303


def test_a_form_sent_too_quickly_is_refused_with_the_text_kept_and_a_fresh_time(app, client, site):
    app.config["COMMENTS_MIN_SECONDS"] = 3
    with app.test_request_context():
        sent = guards.form_token(when=time.time() - 1)  # shown a second ago
    data = {
        "csrf_token": open_form(client, site.prop_a_url),
        **guest(body="Typed fast"),
        "shown_at": sent,
    }
    response = client.post(site.prop_a_post, data=data)
    assert response.status_code == 422
    again = text(response)
    message = "That was quick: please check your comment and send it again."
    assert field_error(again, "body") == message and error_summary(again) == [message]
    assert comment_box(again) == "Typed fast"
    with app.test_request_context():  # stamped anew: the wait starts again from now
        fresh = guards.seconds_since(SHOWN_AT_RE.search(again).group(1))
        assert fresh is not None and fresh < guards.seconds_since(sent)
    assert stored_comments(app) == []


def test_a_form_sent_after_the_minimum_time_is_accepted(app, client, site):
    app.config["COMMENTS_MIN_SECONDS"] = 3
    token = open_form(client, site.prop_a_url)
    with app.test_request_context():
        shown_at = guards.form_token(when=time.time() - 4)
    data = {"csrf_token": token, **guest(body="Thought it over"), "shown_at": shown_at}
    assert client.post(site.prop_a_post, data=data).status_code == 303
    assert [c.body for c in stored_comments(app)] == ["Thought it over"]


@pytest.mark.parametrize("shown_at", ["", "not-a-token", "made.up.123"])
def test_a_form_without_a_genuine_time_counts_as_too_quick(app, client, site, shown_at):
    app.config["COMMENTS_MIN_SECONDS"] = 3
    data = {"csrf_token": open_form(client, site.prop_a_url), **guest(), "shown_at": shown_at}
    response = client.post(site.prop_a_post, data=data)
    assert response.status_code == 422
    assert "That was quick" in field_error(text(response), "body")


def test_a_form_time_signed_with_another_key_is_not_accepted(app, client, site):
    app.config["COMMENTS_MIN_SECONDS"] = 3
    with app.test_request_context():
        app.config["SECRET_KEY"], real = "another key", app.config["SECRET_KEY"]
        forged = guards.form_token(when=time.time() - 60)
        app.config["SECRET_KEY"] = real
    data = {"csrf_token": open_form(client, site.prop_a_url), **guest(), "shown_at": forged}
    assert client.post(site.prop_a_post, data=data).status_code == 422


def test_signed_in_people_meet_no_minimum_time(app, client, site):
    app.config["COMMENTS_MIN_SECONDS"] = 3
    as_participant(client, site)
    assert send(client, site.prop_a_url, site.prop_a_post, body="Quick but real").status_code == 303


def test_the_reasons_stay_with_the_comment_for_the_queue(app, client, site):
    set_site(app, held_words="casino")
    send(client, site.prop_a_url, site.prop_a_post, **guest(body="casino"))
    with app.app_context():
        stored = db.session.scalar(sa.select(Comment.hold_reasons))
        proposition = db.session.get(Proposition, site.prop_a_id)
        assert stored == ["first comment from this email", "held word “casino”"]
        assert proposition.comment_count == 0
    assert "casino" not in words(text(app.test_client().get(site.prop_a_url)))
