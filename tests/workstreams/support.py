"""Helpers for the tests of the public reading pages."""

import random

from forum.comments.services import CommentPolicy, Guest, post_comment
from forum.extensions import db
from forum.models import Proposition

EVERYTHING_PUBLISHED = CommentPolicy(max_links=1000, hold_first_guest=False)


def add_thread(app, proposition_id: int, count: int) -> None:
    """Add ``count`` comments with real nesting: about a third top-level, chains of replies."""
    rng = random.Random(count)
    with app.app_context():
        prop = db.session.get(Proposition, proposition_id)
        ids: list[int] = []
        for n in range(count):
            parent = rng.choice(ids) if ids and rng.random() > 0.3 else None
            guest = Guest(name=f"Person {n % 40}", email=f"p{n % 40}@example.org")
            made = post_comment(
                prop, f"Comment **{n}**", EVERYTHING_PUBLISHED, guest=guest, parent_id=parent
            )
            ids.append(made.id)
        db.session.commit()
