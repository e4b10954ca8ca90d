"""The comment rules, called directly: threading, totals and who may approve."""

import pytest

from forum.comments.services import CommentPolicy, Guest, comments_are_open, post_comment
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import CommentStatus, Proposition, User, Workstream
from forum.moderation.services import approve_comment

JO = Guest(name="Jo Smith", email="JO@example.org ")


def load(site):
    """Return proposition A and its workstream."""
    prop = db.session.get(Proposition, site.prop_a_id)
    return prop, db.session.get(Workstream, prop.workstream_id)


def person(email: str) -> User:
    """Return the user with this email."""
    return db.session.query(User).filter_by(email=email).one()


def test_paths_order_a_thread_for_reading(app, site):
    with app.app_context():
        prop, _ = load(site)
        policy = CommentPolicy(hold_first_guest=False)
        one = post_comment(prop, "one", policy, guest=JO)
        two = post_comment(prop, "two", policy, guest=JO)
        reply = post_comment(prop, "reply to one", policy, guest=JO, parent_id=one.id)
        assert one.path < reply.path < two.path
        assert reply.path.startswith(one.path + "/")
        assert (reply.depth, reply.thread_id) == (2, one.id)


def test_depth_never_exceeds_the_maximum(app, site):
    with app.app_context():
        prop, _ = load(site)
        policy = CommentPolicy(max_depth=2, hold_first_guest=False)
        top = post_comment(prop, "top", policy, guest=JO)
        second = post_comment(prop, "second", policy, guest=JO, parent_id=top.id)
        third = post_comment(prop, "third", policy, guest=JO, parent_id=second.id)
        assert third.depth == 2 and third.parent_id == top.id and third.in_reply_to_id == second.id


def test_a_single_level_site_keeps_replies_at_the_top(app, site):
    with app.app_context():
        prop, _ = load(site)
        policy = CommentPolicy(max_depth=1, hold_first_guest=False)
        top = post_comment(prop, "top", policy, guest=JO)
        answer = post_comment(prop, "answer", policy, guest=JO, parent_id=top.id)
        assert answer.depth == 1 and answer.parent_id is None and answer.in_reply_to_id == top.id


def test_totals_count_only_approved_comments(app, site):
    with app.app_context():
        prop, ws = load(site)
        held = post_comment(prop, "held", CommentPolicy(), guest=JO)
        db.session.commit()
        assert (prop.comment_count, ws.comment_count) == (0, 0)
        approve_comment(held, person(site.admin))
        db.session.commit()
        db.session.refresh(ws)
        assert (prop.comment_count, ws.comment_count) == (1, 1)
        approve_comment(held, person(site.admin))  # twice changes nothing
        db.session.commit()
        db.session.refresh(ws)
        assert (prop.comment_count, ws.comment_count) == (1, 1)


def test_markdown_is_rendered_once_when_written(app, site):
    with app.app_context():
        prop, _ = load(site)
        made = post_comment(prop, "**bold** <script>x</script>", CommentPolicy(), guest=JO)
        assert made.body == "**bold** <script>x</script>"
        assert made.body_html.startswith("<p><strong>bold</strong> &lt;script&gt;")


def test_a_guest_needs_a_name_and_email(app, site):
    with app.app_context():
        prop, _ = load(site)
        with pytest.raises(InvalidInput) as no_name:
            post_comment(prop, "hi", CommentPolicy(), guest=Guest(name=" ", email="a@b.org"))
        assert no_name.value.field == "name"
        with pytest.raises(InvalidInput) as no_email:
            post_comment(prop, "hi", CommentPolicy(), guest=Guest(name="A", email=""))
        assert no_email.value.field == "email"


def test_the_size_cap_is_enforced_by_the_service_too(app, site):
    with app.app_context():
        prop, _ = load(site)
        with pytest.raises(InvalidInput) as error:
            post_comment(prop, "x" * 101, CommentPolicy(max_chars=100), guest=JO)
        assert error.value.field == "body"


def test_comments_are_open_follows_proposition_and_workstream(app, site):
    with app.app_context():
        prop, ws = load(site)
        assert comments_are_open(prop)
        ws.is_open = False
        assert not comments_are_open(prop)


@pytest.mark.parametrize("who", [None, "participant", "other_facilitator"])
def test_approving_is_refused_to_the_wrong_people(app, site, who):
    with app.app_context():
        prop, _ = load(site)
        held = post_comment(prop, "held", CommentPolicy(), guest=JO)
        held.proposition = prop
        with pytest.raises(NotAllowed):
            approve_comment(held, person(getattr(site, who)) if who else None)
        assert held.status == CommentStatus.PENDING


def test_facilitators_and_admins_may_approve(app, site):
    with app.app_context():
        prop, _ = load(site)
        for who in (site.facilitator, site.admin):
            held = post_comment(prop, "held", CommentPolicy(), guest=Guest("New", f"n-{who}"))
            held.proposition = prop
            approve_comment(held, person(who))
            assert held.status == CommentStatus.APPROVED
