"""JSON API, version 1: public data only (no emails, nothing held, removed or hidden).

A proposition's comments come as a flat list in reading order. A comment that is
no longer public but still has public replies below it (or answering it) stays in
the list as a placeholder, so every reply's ``parent_id`` names an entry in the
list, as on the page::

    {"id": 12, "parent_id": null, "in_reply_to": null, "depth": 1, "placeholder": "removed"}

``placeholder`` is ``"removed"`` (by a facilitator, spam included), ``"deleted"`` (by
its author) or ``"hidden"`` (while a facilitator reviews it); a placeholder has no
author, website, avatar, date or text. ``total`` counts the public comments only.
"""

from flask import Blueprint, jsonify

from forum.comments.queries import PLACEHOLDER_KINDS, public_thread_rows
from forum.helpers import avatar_url, iso_datetime
from forum.models import MAX_ID, CommentStatus
from forum.workstreams.queries import public_proposition_or_404

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get(f"/propositions/<int(max={MAX_ID}):proposition_id>/comments")
def proposition_comments(proposition_id: int):
    """Return a proposition's public comments as a thread, in reading order."""
    proposition = public_proposition_or_404(proposition_id)
    comments = [_entry(row) for row in public_thread_rows(proposition.id)]
    total = sum(1 for comment in comments if "placeholder" not in comment)
    return jsonify(id=proposition.id, total=total, comments=comments)


def _entry(row) -> dict:
    """Describe one comment, or the placeholder standing in its place."""
    place = {
        "id": row.id,
        "parent_id": row.parent_id,
        "in_reply_to": row.in_reply_to_id,
        "depth": row.depth,
    }
    if row.status != CommentStatus.APPROVED:
        return {**place, "placeholder": PLACEHOLDER_KINDS[row.status]}
    return {
        **place,
        "author": row.author_name,
        "website": row.author_website,
        "avatar": avatar_url(row.avatar, external=True),
        "created": iso_datetime(row.created_at),
        "html": row.body_html,
    }
