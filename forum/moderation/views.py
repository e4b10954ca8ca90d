"""Moderation in place: approving a held comment from the proposition page."""

from flask import Blueprint, abort, flash, redirect
from flask_login import login_required

from forum.comments import queries
from forum.comments.session import viewer_for
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.helpers import signed_in_user
from forum.models import MAX_ID
from forum.moderation import services
from forum.workstreams.views import comment_url

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


@bp.post(f"/comments/<int(max={MAX_ID}):comment_id>/approve")
@login_required
def approve_comment(comment_id: int):
    """Publish a held comment, then go back to it."""
    comment = queries.comment_with_proposition(comment_id)
    if comment is None:
        abort(404)
    try:
        services.approve_comment(comment, signed_in_user())
    except NotAllowed:
        abort(403)
    except InvalidInput as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(f"The comment by {comment.author_name} is now published.", "success")
    return redirect(comment_url(comment, viewer_for(comment.proposition)), 303)
