"""Decisions from the queue: one comment or a selection, each a logged, undoable decision."""

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


def test_approving_from_the_queue_publishes_logs_and_offers_undo(app, client, world):
    signed_in(client, world.site.facilitator)
    before = counts(app, world.site.prop_a_id)
    response = press(client, QUEUE, f"/moderation/comments/{world.held}/approve", {"next": QUEUE})
    assert response.status_code == 303 and response.headers["Location"] == QUEUE
    assert status(app, world.held) == CommentStatus.APPROVED
    assert counts(app, world.site.prop_a_id) == (before[0] + 1, before[1] + 1)
    [decision] = decisions(app)
    assert (decision.action, decision.comment_id, decision.reason) == ("approve", world.held, "")
    assert decision.before["comments"][str(world.held)]["status"] == "pending"
    assert decision.after["comments"][str(world.held)]["status"] == "approved"
    assert audit_actions(app)[-1] == "moderation.approve"
    page = text(client.get(QUEUE))
    assert "You approved the comment by Jo Smith." in page
    assert undo_path(page) == f"/moderation/actions/{decision.id}/undo"
    assert f'id="item-{world.held}"' not in page


def test_marking_as_spam_hides_a_published_comment(app, client, world):
    signed_in(client, world.site.facilitator)
    before = counts(app, world.site.prop_a_id)
    press(client, QUEUE, f"/moderation/comments/{world.reported}/spam", {"next": QUEUE})
    assert status(app, world.reported) == CommentStatus.SPAM
    assert counts(app, world.site.prop_a_id) == (before[0] - 1, before[1] - 1)
    visitor = app.test_client()
    assert "A <em>reported</em> view" not in text(visitor.get(world.site.prop_a_url))


def test_removing_needs_a_reason_and_keeps_what_was_typed(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/comments/{world.reported}/remove"
    page = text(client.get(f"{url}?next=/moderation/%3Ftab%3Dreported"))
    assert "Remove the comment by Pat Participant" in page and "A <em>reported</em> view" in page
    assert 'name="next" type="hidden" value="/moderation/?tab=reported"' in page
    response = press(client, url, url, {"other_reason": "My own words"})
    assert response.status_code == 422
    shown = text(response)
    assert "Choose why you are removing it." in words(shown)
    assert ">My own words</textarea>" in shown
    response = press(client, url, url, {"reason": "other", "other_reason": "  "})
    assert response.status_code == 422 and "Write the reason." in text(response)
    assert status(app, world.reported) == CommentStatus.APPROVED
    assert decisions(app) == []


def test_removing_with_a_reason_goes_back_where_it_started(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/comments/{world.reported}/remove"
    response = press(client, url, url, {"reason": "abusive", "next": "/moderation/?tab=reported"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/moderation/?tab=reported"
    removed = comment(app, world.reported)
    assert removed.status == CommentStatus.REMOVED
    assert removed.moderation_reason == "Abusive or personal attack"
    assert decisions(app)[-1].reason == "Abusive or personal attack"
    response = press(client, url, url, {"reason": "other", "other_reason": "Shouting"})
    assert response.status_code == 422
    assert "That comment is already removed, or its author deleted it." in text(response)
    assert comment(app, world.reported).moderation_reason == "Abusive or personal attack"


def test_a_written_reason_for_other_is_the_reason_shown(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/comments/{world.held}/remove"
    press(client, url, url, {"reason": "other", "other_reason": "Repeats  an earlier comment"})
    assert comment(app, world.held).moderation_reason == "Repeats an earlier comment"


def test_leaving_for_another_site_is_not_a_place_to_go_back_to(app, client, world):
    signed_in(client, world.site.facilitator)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = press(client, QUEUE, f"/moderation/comments/{world.held}/spam", {"next": target})
        assert response.headers["Location"].startswith(world.site.prop_a_url)
        press(client, QUEUE, f"/moderation/comments/{world.held}/restore")


def test_restoring_publishes_again_and_answers_the_review_request(app, client, world):
    signed_in(client, world.site.facilitator)
    press(client, QUEUE, f"/moderation/comments/{world.removed}/restore", {"next": QUEUE})
    restored = comment(app, world.removed)
    assert restored.status == CommentStatus.APPROVED and restored.moderation_reason is None
    with app.app_context():
        request = db.session.scalar(sa.select(ReviewRequest))
        assert request.resolved_at is not None
    assert "Review requests (0)" in text(client.get(QUEUE))


def test_keeping_a_comment_removed_answers_the_review_request(app, client, world):
    signed_in(client, world.site.facilitator)
    press(client, QUEUE, f"/moderation/comments/{world.removed}/keep-removed", {"next": QUEUE})
    assert status(app, world.removed) == CommentStatus.REMOVED
    page = text(client.get(QUEUE))
    assert "Review requests (0)" in page and "You kept removed the comment by Lee." in page
    response = press(client, QUEUE, f"/moderation/comments/{world.removed}/keep-removed")
    assert "No one has asked for a review of that comment." in text(
        client.get(response.headers["Location"])
    )


def test_dismissing_reports_shows_a_hidden_comment_again(app, client, world):
    with app.app_context():
        factories._set_status(db.session.get(Comment, world.reported), CommentStatus.HIDDEN)
        db.session.commit()
    signed_in(client, world.site.facilitator)
    before = counts(app, world.site.prop_a_id)
    press(client, QUEUE, f"/moderation/comments/{world.reported}/dismiss-reports")
    assert status(app, world.reported) == CommentStatus.APPROVED
    assert counts(app, world.site.prop_a_id) == (before[0] + 1, before[1] + 1)
    with app.app_context():
        assert all(r.dismissed_at for r in db.session.scalars(sa.select(Report)))
    assert "Reported (0)" in text(client.get(QUEUE))


def test_editing_keeps_the_old_text_and_marks_the_comment(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/comments/{world.reported}/edit"
    page = text(client.get(url))
    assert ">A *reported* view</textarea>" in page
    links = " ".join(f"https://example.org/{n}" for n in range(5))
    response = press(client, url, url, {"body": f"A calmer view {links}", "reason": "Tone"})
    assert response.status_code == 303
    edited = comment(app, world.reported)
    assert edited.body.startswith("A calmer view") and "<a href" in edited.body_html
    assert edited.edited_by_facilitator and edited.edited_at is not None
    # Too many links would hold a participant's comment; a facilitator's edit is never held.
    assert edited.status == CommentStatus.APPROVED
    with app.app_context():
        [revision] = db.session.scalars(sa.select(CommentRevision)).all()
        assert revision.body == "A *reported* view"
    assert decisions(app)[-1].action == "edit" and decisions(app)[-1].reason == "Tone"
    page = words(text(client.get(world.site.prop_a_url)))
    assert "A calmer view" in page


def test_an_edit_needs_text_a_reason_and_a_change(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/comments/{world.reported}/edit"
    response = press(client, url, url, {"body": "New words", "reason": ""})
    assert response.status_code == 422
    assert "Say why you edited the comment." in text(response)
    assert ">New words</textarea>" in text(response)
    response = press(client, url, url, {"body": "A *reported* view", "reason": "None"})
    assert response.status_code == 422 and "The text is the same as before" in text(response)
    assert comment(app, world.reported).body == "A *reported* view"


def test_replying_to_a_held_comment_approves_it_and_publishes_the_reply(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/comments/{world.held}/reply"
    page = text(client.get(url))
    assert "Sending your reply approves it too" in page
    response = press(client, url, url, {"body": "Thank you, Jo.", "next": QUEUE})
    assert response.status_code == 303 and response.headers["Location"] == QUEUE
    assert status(app, world.held) == CommentStatus.APPROVED
    with app.app_context():
        reply = db.session.scalar(sa.select(Comment).where(Comment.parent_id == world.held))
        assert (reply.body, reply.status, reply.author_name) == (
            "Thank you, Jo.",
            CommentStatus.APPROVED,
            "Fiona Facilitator",
        )
    page = text(client.get(QUEUE))
    assert "You approved the comment by Jo Smith." in page
    assert "Your reply to Jo Smith is published." in page


def test_an_empty_reply_is_refused(app, client, world):
    signed_in(client, world.site.facilitator)
    url = f"/moderation/comments/{world.reported}/reply"
    response = press(client, url, url, {"body": "   "})
    assert response.status_code == 422 and "Enter your reply." in text(response)


def test_a_selection_is_one_decision(app, client, world):
    signed_in(client, world.site.facilitator)
    response = press(
        client,
        QUEUE,
        QUEUE,
        {"comment_id": [str(world.held), str(world.reply)], "action": "approve"},
    )
    assert response.status_code == 303
    assert status(app, world.held) == status(app, world.reply) == CommentStatus.APPROVED
    [decision] = decisions(app)
    assert decision.comment_id is None
    assert set(decision.after["comments"]) == {str(world.held), str(world.reply)}
    page = text(client.get(QUEUE))
    assert "You approved 2 comments." in page and "Pending (0)" in page


def test_a_selection_leaves_comments_the_action_does_not_fit(app, client, world):
    signed_in(client, world.site.facilitator)
    press(
        client,
        QUEUE,
        QUEUE,
        {"comment_id": [str(world.held), str(world.reported)], "action": "approve"},
    )
    assert status(app, world.held) == CommentStatus.APPROVED
    page = words(text(client.get(QUEUE)))
    assert "You approved the comment by Jo Smith." in page
    assert (
        "1 of the comments you selected was left as it was. "
        "Only comments awaiting moderation can be approved." in page
    )


def test_a_selection_needs_ticks_and_a_reason_to_remove(app, client, world):
    signed_in(client, world.site.facilitator)
    response = press(client, QUEUE, QUEUE, {"action": "approve"})
    assert response.status_code == 422
    assert 'href="#selection">Select at least one comment.' in text(response)
    response = press(
        client,
        QUEUE,
        QUEUE,
        {"comment_id": [str(world.reply)], "action": "remove", "other_reason": "typed"},
    )
    assert response.status_code == 422
    page = text(response)
    assert "Choose why you are removing it." in page and ">typed</textarea>" in page
    assert f'value="{world.reply}" form="selection-form" checked' in page
    assert status(app, world.reply) == CommentStatus.PENDING


def test_a_selection_can_be_removed_with_one_reason(app, client, world):
    signed_in(client, world.site.facilitator)
    press(
        client,
        QUEUE,
        QUEUE,
        {"comment_id": [str(world.held), str(world.reply)], "action": "remove", "reason": "spam"},
    )
    for made in (world.held, world.reply):
        assert comment(app, made).moderation_reason == "Spam or advertising"
    assert "Removed (3)" in text(client.get(QUEUE))


def test_an_admins_selection_across_workstreams_is_a_decision_in_each(app, client, world):
    signed_in(client, world.site.admin)
    press(
        client, QUEUE, QUEUE, {"comment_id": [str(world.held), str(world.other)], "action": "spam"}
    )
    made = decisions(app)
    assert len(made) == 2 and {d.workstream_id for d in made} == {1, 2}
    page = words(text(client.get(QUEUE)))
    assert "You marked as spam the comment by Jo Smith in Proposition 1: Public services." in page
    assert "You marked as spam the comment by Max in Proposition 2: Climate." in page


def test_approving_a_published_comment_changes_nothing(app, client, world):
    signed_in(client, world.site.facilitator)
    response = press(client, QUEUE, f"/moderation/comments/{world.reported}/approve")
    assert "Only comments awaiting moderation can be approved." in text(
        client.get(response.headers["Location"])
    )
    assert decisions(app) == []
