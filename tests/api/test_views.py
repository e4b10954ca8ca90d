"""The JSON API: a proposition's public discussion, and nothing private."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import CommentStatus, Proposition, PropositionStatus, User, Workstream, utcnow
from tests import factories
from tests.conftest import count_queries
from tests.workstreams.support import add_thread

VISIBLE_EMAIL = "visible.guest@example.org"
HELD_EMAIL = "held.guest@example.net"


@pytest.fixture
def discussion(app, site):
    """A discussion on proposition A: two threads, replies, and comments nobody may see."""
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        pat = db.session.scalars(sa.select(User).where(User.email == site.participant)).one()
        first = factories.comment(
            prop,
            "First *thought*.",
            name="Vera Visible",
            email=VISIBLE_EMAIL,
            website="https://vera.example.org/",
        )
        reply = factories.comment(prop, "A reply.", parent=first, user=pat)
        second = factories.comment(prop, "A second thread.", name="Sam Guest")
        deeper = factories.comment(prop, "A reply to the reply.", parent=reply)
        late_reply = factories.comment(prop, "Back to the first.", parent=first)
        hidden = {
            status: factories.comment(
                prop,
                f"Hidden {status.value} words.",
                status=status,
                name="Hal Held",
                email=HELD_EMAIL,
            ).id
            for status in (
                CommentStatus.PENDING,
                CommentStatus.SPAM,
                CommentStatus.REMOVED,
                CommentStatus.DELETED,
            )
        }
        # A comment on the other proposition belongs to the other discussion.
        other = factories.comment(db.session.get(Proposition, site.prop_b_id), "Elsewhere.")
        db.session.commit()
        return {
            "order": [first.id, reply.id, deeper.id, late_reply.id, second.id],
            "first": first.id,
            "reply": reply.id,
            "deeper": deeper.id,
            "late_reply": late_reply.id,
            "second": second.id,
            "hidden": hidden,
            "other": other.id,
        }


def _url(proposition_id) -> str:
    """Return the API address of a proposition's comments."""
    return f"/api/v1/propositions/{proposition_id}/comments"


def test_comments_come_as_json_in_thread_order(client, site, discussion):
    response = client.get(_url(site.prop_a_id))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data["id"] == site.prop_a_id
    assert [c["id"] for c in data["comments"]] == discussion["order"]
    assert data["total"] == 5
    keys = {"id", "parent_id", "in_reply_to", "depth", "author", "website", "avatar"}
    for comment in data["comments"]:
        assert set(comment) == keys | {"created", "html"}


def test_a_comment_carries_its_public_details(client, site, discussion):
    data = client.get(_url(site.prop_a_id)).get_json()
    first = next(c for c in data["comments"] if c["id"] == discussion["first"])
    assert first["parent_id"] is None
    assert first["in_reply_to"] is None
    assert first["depth"] == 1
    assert first["author"] == "Vera Visible"
    assert first["website"] == "https://vera.example.org/"
    assert first["avatar"].startswith("http://localhost/avatars/")
    assert first["avatar"].endswith("/VV.svg")
    assert first["html"] == "<p>First <em>thought</em>.</p>"
    assert first["created"].startswith(str(utcnow().year))
    assert client.get(first["avatar"]).status_code == 200


def test_replies_name_their_parent_and_depth(client, site, discussion):
    data = client.get(_url(site.prop_a_id)).get_json()
    by_id = {c["id"]: c for c in data["comments"]}
    reply = by_id[discussion["reply"]]
    assert (reply["parent_id"], reply["in_reply_to"], reply["depth"]) == (
        discussion["first"],
        discussion["first"],
        2,
    )
    assert reply["author"] == "Pat Participant"
    deeper = by_id[discussion["deeper"]]
    assert (deeper["parent_id"], deeper["depth"]) == (discussion["reply"], 3)
    late = by_id[discussion["late_reply"]]
    assert (late["parent_id"], late["depth"]) == (discussion["first"], 2)


def test_only_approved_comments_appear(client, site, discussion):
    response = client.get(_url(site.prop_a_id))
    ids = {c["id"] for c in response.get_json()["comments"]}
    body = response.get_data(as_text=True)
    for status, comment_id in discussion["hidden"].items():
        assert comment_id not in ids
        assert f"Hidden {status.value} words." not in body
    assert "Hal Held" not in body
    assert discussion["other"] not in ids
    assert "Elsewhere." not in body


def test_no_email_address_is_ever_sent(client, site, discussion):
    body = client.get(_url(site.prop_a_id)).get_data(as_text=True)
    for email in (VISIBLE_EMAIL, HELD_EMAIL, site.participant, "sam@example.org"):
        assert email not in body
    assert "@" not in body


def test_comments_sharing_an_avatar_each_carry_its_full_address(app, client, site):
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        for body in ("One.", "Two."):
            factories.comment(prop, body, name="Vera Visible", email=VISIBLE_EMAIL)
        factories.comment(prop, "Three.", name="Sam Guest")
        db.session.commit()
    comments = client.get(_url(site.prop_a_id)).get_json()["comments"]
    avatars = [comment["avatar"] for comment in comments]
    assert avatars[0] == avatars[1] != avatars[2]
    assert all(re.fullmatch(r"http://localhost/avatars/\d/[A-Z]{2}\.svg", url) for url in avatars)


def test_the_thread_runs_the_same_queries_however_long(app, client, site):
    add_thread(app, site.prop_a_id, 3)
    add_thread(app, site.prop_b_id, 200)
    counts = []
    for proposition_id in (site.prop_a_id, site.prop_b_id):
        with count_queries(app) as statements:
            assert client.get(_url(proposition_id)).status_code == 200
        counts.append(len(statements))
    # The proposition, then its thread.
    assert counts == [2, 2]


def test_a_proposition_without_comments_has_an_empty_list(client, site):
    response = client.get(_url(site.prop_b_id))
    assert response.status_code == 200
    assert response.get_json() == {"id": site.prop_b_id, "total": 0, "comments": []}


@pytest.mark.parametrize("proposition_id", [424242, 2**31 - 1, 2**31, 99999999999999, "abc"])
def test_an_unknown_proposition_is_a_json_404(client, site, proposition_id):
    response = client.get(_url(proposition_id))
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.get_json() == {"error": "Not Found", "status": 404}


@pytest.mark.parametrize(
    ("status", "published_in"),
    [(PropositionStatus.DRAFT, None), (PropositionStatus.SCHEDULED, timedelta(days=2))],
    ids=["draft", "scheduled for later"],
)
def test_an_unpublished_proposition_is_a_json_404(client, app, site, status, published_in):
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        hidden = factories.proposition(
            db.session.get(Workstream, prop.workstream_id),
            db.session.get(User, prop.author_id),
            "Not yet",
            status=status,
            published_at=utcnow() + published_in if published_in else None,
        )
        db.session.commit()
        hidden_id = hidden.id
    response = client.get(_url(hidden_id))
    assert response.status_code == 404
    assert response.get_json() == {"error": "Not Found", "status": 404}


def test_the_proposition_page_links_to_its_json(client, site):
    page = client.get(site.prop_a_url).get_data(as_text=True)
    links = re.findall(r"<link [^>]*>", page)
    alternates = [
        link for link in links if 'rel="alternate"' in link and 'type="application/json"' in link
    ]
    assert len(alternates) == 1
    assert f'href="/api/v1/propositions/{site.prop_a_id}/comments"' in alternates[0]


PLACEHOLDER_KEYS = {"id", "parent_id", "in_reply_to", "depth", "placeholder"}
GONE_WORDS = "Words that must never leave the database"


def _gone_with_reply(app, site, status, reply_status=CommentStatus.APPROVED):
    """Make a comment by Hal Held with a reply, then give them statuses; return their ids."""
    from tests.contributions.support import add_comment, decide_status

    gone = add_comment(
        app,
        site.prop_a_id,
        GONE_WORDS,
        name="Hal Held",
        email=HELD_EMAIL,
        website="https://hal-held.example.net/",
    )
    reply = add_comment(app, site.prop_a_id, "The public reply.", parent=gone, name="Ann Reply")
    if reply_status != CommentStatus.APPROVED:
        decide_status(app, reply, reply_status)
    decide_status(app, gone, status, "Private reasons stay in the log.")
    return gone, reply


def _assert_no_trace(body: str) -> None:
    """Check nothing of Hal Held's comment is in an API answer."""
    for private in (GONE_WORDS, "Hal Held", HELD_EMAIL, "hal-held.example.net", "/HH.svg"):
        assert private not in body


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (CommentStatus.REMOVED, "removed"),
        (CommentStatus.SPAM, "removed"),
        (CommentStatus.DELETED, "deleted"),
        (CommentStatus.HIDDEN, "hidden"),
        # Sent back to the queue after people replied: hidden while a facilitator looks.
        (CommentStatus.PENDING, "hidden"),
    ],
)
def test_a_public_reply_keeps_its_parent_as_a_placeholder(app, client, site, status, kind):
    gone, reply = _gone_with_reply(app, site, status)
    response = client.get(_url(site.prop_a_id))
    data = response.get_json()
    assert [c["id"] for c in data["comments"]] == [gone, reply]
    placeholder, public = data["comments"]
    assert placeholder == {
        "id": gone,
        "parent_id": None,
        "in_reply_to": None,
        "depth": 1,
        "placeholder": kind,
    }
    assert set(placeholder) == PLACEHOLDER_KEYS
    assert public["parent_id"] == gone and public["html"] == "<p>The public reply.</p>"
    assert data["total"] == 1
    _assert_no_trace(response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("status", "listed"),
    [
        (CommentStatus.REMOVED, False),
        (CommentStatus.SPAM, False),
        (CommentStatus.DELETED, False),
        (CommentStatus.PENDING, False),
        (CommentStatus.HIDDEN, True),
    ],
)
def test_without_a_public_reply_only_a_hidden_comment_is_listed(app, client, site, status, listed):
    gone, _ = _gone_with_reply(app, site, status, reply_status=CommentStatus.REMOVED)
    response = client.get(_url(site.prop_a_id))
    comments = response.get_json()["comments"]
    expected = [{"id": gone, "parent_id": None, "in_reply_to": None, "depth": 1}] if listed else []
    assert [{k: v for k, v in c.items() if k != "placeholder"} for c in comments] == expected
    assert "The public reply." not in response.get_data(as_text=True)
    _assert_no_trace(response.get_data(as_text=True))


def test_a_signed_in_facilitator_gets_the_public_view_too(app, client, site):
    from tests.conftest import sign_in

    _gone_with_reply(app, site, CommentStatus.REMOVED)
    sign_in(client, site.facilitator)
    response = client.get(_url(site.prop_a_id))
    assert response.get_json()["comments"][0]["placeholder"] == "removed"
    _assert_no_trace(response.get_data(as_text=True))
