"""JSON API, version 1: public data only (no emails, no held comments)."""

from flask import Blueprint, jsonify

from forum.comments.queries import approved_thread_rows
from forum.helpers import avatar_url, iso_datetime
from forum.models import MAX_ID
from forum.workstreams.queries import public_proposition_or_404

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get(f"/propositions/<int(max={MAX_ID}):proposition_id>/comments")
def proposition_comments(proposition_id: int):
    """Return a proposition's approved comments as a thread, in reading order."""
    proposition = public_proposition_or_404(proposition_id)
    comments = [
        {
            "id": row.id,
            "parent_id": row.parent_id,
            "in_reply_to": row.in_reply_to_id,
            "depth": row.depth,
            "author": row.author_name,
            "website": row.author_website,
            "avatar": avatar_url(row.avatar, external=True),
            "created": iso_datetime(row.created_at),
            "html": row.body_html,
        }
        for row in approved_thread_rows(proposition.id)
    ]
    return jsonify(id=proposition.id, total=len(comments), comments=comments)
