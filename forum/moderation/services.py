"""Moderation rules: deciding what is published. Services flush, never commit."""

from forum import permissions
from forum.comments.services import adjust_approved_count
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.models import Comment, CommentStatus, User


def approve_comment(comment: Comment, moderator: User | None) -> None:
    """Publish a held comment.

    Rules: only an admin or a facilitator of the comment's workstream may approve;
    approving an already approved comment changes nothing; only pending comments
    can be approved here. Approving a guest's comment lets their later comments
    through.

    :raises NotAllowed: if the person may not moderate this proposition.
    :raises InvalidInput: if the comment is not pending.
    """
    if not permissions.can_moderate(moderator, comment.proposition):
        raise NotAllowed("Only this workstream's facilitators can approve comments.")
    if comment.status == CommentStatus.APPROVED:
        return
    if comment.status != CommentStatus.PENDING:
        raise InvalidInput("Only comments awaiting moderation can be approved.")
    comment.status = CommentStatus.APPROVED
    adjust_approved_count(comment.proposition, +1)
    db.session.flush()
