"""Undo: right after a decision and from the log, at most once, never over a later decision."""

import sqlalchemy as sa

from forum.extensions import db
from forum.models import Comment, CommentRevision, CommentStatus, Report, ReviewRequest
from tests import factories
from tests.moderation.conftest import (
    audit_actions,
    comment,
    counts,
    decisions,
    press,
    signed_in,
    status,
    text,
    undo_path,
    words,
)

QUEUE = "/moderation/"


def decide(client, comment_id: int, verb: str) -> str:
    """Press a decision's button in the queue; return the page after it, with its notice."""
    press(client, QUEUE, f"/moderation/comments/{comment_id}/{verb}", {"next": QUEUE})
    return text(client.get(QUEUE))


def test_the_notice_after_a_decision_undoes_it(app, client, world):
    signed_in(client, world.site.facilitator)
    before = counts(app, world.site.prop_a_id)
    page = decide(client, world.held, "approve")
    response = press(client, QUEUE, undo_path(page), {"next": QUEUE})
    assert response.status_code == 303 and response.headers["Location"] == QUEUE
    assert status(app, world.held) == CommentStatus.PENDING
    assert comment(app, world.held).hold_reasons == ["first comment", "too many links (3)"]
    assert counts(app, world.site.prop_a_id) == before
    approve, undo = decisions(app)
    assert (undo.action, undo.undoes_id, undo.workstream_id) == ("undo", approve.id, 1)
    assert undo.before["comments"][str(world.held)]["status"] == "approved"
    assert undo.after["comments"][str(world.held)]["status"] == "pending"
    assert audit_actions(app)[-2:] == ["moderation.approve", "moderation.undo"]
    page = text(client.get(QUEUE))
    assert "Undone: everything that decision changed is back as it was." in page
    assert f'id="item-{world.held}"' in page


def test_undoing_twice_does_nothing_the_second_time(app, client, world):
    signed_in(client, world.site.facilitator)
    undo = undo_path(decide(client, world.held, "spam"))
    press(client, QUEUE, undo)
    assert status(app, world.held) == CommentStatus.PENDING
    response = press(client, QUEUE, undo, {"next": QUEUE})
    assert response.status_code == 303
    assert "That decision was already undone, so nothing changed." in text(client.get(QUEUE))
    assert [d.action for d in decisions(app)] == ["spam", "undo"]


def test_the_log_lists_decisions_and_undoes_them(app, client, world):
    signed_in(client, world.site.facilitator)
    decide(client, world.held, "approve")
    url = f"/moderation/comments/{world.reported}/remove"
    press(client, url, url, {"reason": "off-topic"})
    log = words(text(client.get("/moderation/log")))
    assert log.index("Removed a comment") < log.index("Approved a comment")
    assert "Who Fiona Facilitator" in log and "Reason Off-topic" in log
    [remove] = [d for d in decisions(app) if d.action == "remove"]
    response = press(client, "/moderation/log", f"/moderation/actions/{remove.id}/undo")
    assert response.headers["Location"] == "/moderation/log"
    assert status(app, world.reported) == CommentStatus.APPROVED
    page = text(client.get("/moderation/log"))
    assert 'Removed a comment <strong class="govuk-tag govuk-tag--grey">Undone</strong>' in page
    assert f"/moderation/actions/{remove.id}/undo" not in page
    # An undo can't be undone: it has no button, and the route refuses.
    undo = decisions(app)[-1]
    assert f"/moderation/actions/{undo.id}/undo" not in page
    press(client, "/moderation/log", f"/moderation/actions/{undo.id}/undo")
    assert "An undo can't itself be undone" in words(text(client.get("/moderation/log")))
    assert status(app, world.reported) == CommentStatus.APPROVED


def test_a_comment_changed_by_a_later_decision_is_left_as_it_is(app, client, world):
    signed_in(client, world.site.facilitator)
    approve = undo_path(decide(client, world.held, "approve"))
    spam = undo_path(decide(client, world.held, "spam"))
    press(client, QUEUE, approve)
    assert status(app, world.held) == CommentStatus.SPAM
    assert "Undo the later decision first." in text(client.get(QUEUE))
    press(client, QUEUE, spam)
    press(client, QUEUE, approve)
    assert status(app, world.held) == CommentStatus.PENDING


def test_undoing_part_of_a_selection_says_what_was_left(app, client, world):
    signed_in(client, world.site.facilitator)
    press(
        client,
        QUEUE,
        QUEUE,
        {"comment_id": [str(world.held), str(world.reply)], "action": "approve"},
    )
    undo = undo_path(text(client.get(QUEUE)))
    decide(client, world.reply, "spam")
    press(client, QUEUE, undo)
    assert status(app, world.held) == CommentStatus.PENDING
    assert status(app, world.reply) == CommentStatus.SPAM
    assert "except for 1 comment changed by a later decision" in text(client.get(QUEUE))


def test_undoing_an_edit_puts_the_text_back_and_keeps_both(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/comments/{world.reported}/edit"
    press(client, url, url, {"body": "Softer words", "reason": "Tone", "next": QUEUE})
    press(client, QUEUE, undo_path(text(client.get(QUEUE))))
    restored = comment(app, world.reported)
    assert restored.body == "A *reported* view" and restored.body_html == (
        "<p>A <em>reported</em> view</p>"
    )
    assert not restored.edited_by_facilitator and restored.edited_at is None
    with app.app_context():
        texts = list(db.session.scalars(sa.select(CommentRevision.body).order_by("id")))
    assert texts == ["A *reported* view", "Softer words"]


def test_undoing_dismissed_reports_hides_the_comment_again(app, client, world):
    with app.app_context():
        factories._set_status(db.session.get(Comment, world.reported), CommentStatus.HIDDEN)
        db.session.commit()
    signed_in(client, world.site.facilitator)
    press(client, QUEUE, undo_path(decide(client, world.reported, "dismiss-reports")))
    assert status(app, world.reported) == CommentStatus.HIDDEN
    with app.app_context():
        assert all(r.dismissed_at is None for r in db.session.scalars(sa.select(Report)))
    assert "Reported (1)" in text(client.get(QUEUE))


def test_undoing_a_restore_reopens_the_review_request(app, client, world):
    signed_in(client, world.site.facilitator)
    press(client, QUEUE, undo_path(decide(client, world.removed, "restore")))
    removed = comment(app, world.removed)
    assert removed.status == CommentStatus.REMOVED and removed.moderation_reason == "Off-topic"
    with app.app_context():
        assert db.session.scalar(sa.select(ReviewRequest.resolved_at)) is None
    assert "Review requests (1)" in text(client.get(QUEUE))


def test_the_forum_hiding_a_comment_after_reports_can_be_undone(app, client, world):
    from forum.moderation.core import Action
    from forum.moderation.core import decide as core_decide

    with app.app_context():
        hidden = db.session.get(Comment, world.reported)
        action = core_decide(hidden, None, Action.HIDE_BY_REPORTS, CommentStatus.HIDDEN, "Reports")
        db.session.commit()
        action_id = action.id
    signed_in(client, world.site.facilitator)
    log = words(text(client.get("/moderation/log")))
    assert "Hid a comment after readers reported it" in log
    assert "Who The forum, after readers' reports" in log
    press(client, "/moderation/log", f"/moderation/actions/{action_id}/undo")
    assert status(app, world.reported) == CommentStatus.APPROVED
