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

from forum.comments.queries import public_thread_rows
from forum.comments.visibility import PLACEHOLDER_KINDS
from forum.helpers import avatar_url, iso_datetime
from forum.models import MAX_ID, CommentStatus
from forum.workstreams.queries import public_proposition_or_404

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get(f"/propositions/<int(max={MAX_ID}):proposition_id>/comments")
def proposition_comments(proposition_id: int):
    """Return a proposition's public comments as a thread, in reading order."""
    proposition = public_proposition_or_404(proposition_id)
    comments = _entries(public_thread_rows(proposition.id))
    total = sum(1 for comment in comments if "placeholder" not in comment)
    return jsonify(id=proposition.id, total=total, comments=comments)


def _entries(rows) -> list[dict]:
    """Describe each comment, or the placeholder standing in its place.

    A thousand comments share a few dozen avatars: each avatar's address is built once.
    """
    avatars: dict[str, str] = {}
    entries = []
    for row in rows:
        id_, parent_id, in_reply_to, depth, status, author, website, avatar, created, html = row
        if status != CommentStatus.APPROVED:
            entries.append(
                {
                    "id": id_,
                    "parent_id": parent_id,
                    "in_reply_to": in_reply_to,
                    "depth": depth,
                    "placeholder": PLACEHOLDER_KINDS[status],
                }
            )
            continue
        avatar_address = avatars.get(avatar)
        if avatar_address is None:
            avatar_address = avatars[avatar] = avatar_url(avatar, external=True)
        entries.append(
            {
                "id": id_,
                "parent_id": parent_id,
                "in_reply_to": in_reply_to,
                "depth": depth,
                "author": author,
                "website": website,
                "avatar": avatar_address,
                "created": iso_datetime(created),
                "html": html,
            }
        )
    return entries
