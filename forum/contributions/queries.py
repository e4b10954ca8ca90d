"""Read queries for the pages where authors and readers act on one comment."""

from flask import abort

from forum.comments.queries import comment_with_proposition
from forum.models import Comment


def comment_or_404(comment_id: int) -> Comment:
    """Return a comment on a public proposition, with its proposition and workstream, or 404."""
    comment = comment_with_proposition(comment_id)
    if comment is None or not comment.proposition.is_public():
        abort(404)
    return comment
