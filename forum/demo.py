"""Load the demo summit from forum/demo_content.py through the real services."""

import random
from datetime import timedelta

from forum.admin.services import add_facilitator, create_workstream
from forum.auth.services import register_user
from forum.comments.services import CommentPolicy, Guest, adjust_approved_count, post_comment
from forum.extensions import db
from forum.manage.services import create_proposition
from forum.models import Comment, CommentStatus, PropositionStatus, Role, User, utcnow

# Demo accounts exist only in the local demo database; the README names this password.
DEMO_PASSWORD = "summit-demo-password"  # noqa: S105

# The demo loads every comment as published, then holds the ones marked pending.
_LOAD_POLICY = CommentPolicy(max_links=100, hold_first_guest=False)


def load_demo(hash_method: str = "scrypt") -> dict[str, int | str]:
    """Create the demo summit and return what was made. The caller commits."""
    from forum import demo_content as content

    rng = random.Random(2026)
    people = {
        person["key"]: register_user(
            person["email"],
            person["name"],
            DEMO_PASSWORD,
            role=Role.ADMIN if person["role"] == "admin" else Role.PARTICIPANT,
            hash_method=hash_method,
        )
        for person in content.PEOPLE
    }
    workstreams = {}
    for item in content.WORKSTREAMS:
        workstream = create_workstream(
            item["title"], item["slug"], item["number"], item["description"], is_open=True
        )
        for key in item["facilitators"]:
            add_facilitator(workstream, people[key])
        workstreams[item["slug"]] = (workstream, item.get("open", True))

    held: list[Comment] = []
    total = 0
    for item in content.PROPOSITIONS:
        workstream, _ = workstreams[item["workstream"]]
        published = utcnow() - timedelta(days=item["days_ago"], hours=rng.randint(1, 9))
        proposition = create_proposition(
            workstream,
            people[item["author"]],
            item["title"],
            item["body"],
            slug=item["slug"],
            tags=item["tags"],
            status=PropositionStatus.PUBLISHED,
            published_at=published,
        )
        clock = [published]
        for entry in item.get("thread", []):
            total += _post_thread(proposition, entry, None, people, clock, rng, held)
        proposition.comments_open = item.get("comments_open", True)

    for comment in held:
        comment.status = CommentStatus.PENDING
        adjust_approved_count(comment.proposition, -1)
    for workstream, is_open in workstreams.values():
        workstream.is_open = is_open
    db.session.flush()
    return {
        "workstreams": len(workstreams),
        "people": len(people),
        "propositions": len(content.PROPOSITIONS),
        "comments": total,
        "pending": len(held),
        "password": DEMO_PASSWORD,
    }


def _post_thread(proposition, entry, parent, people, clock, rng, held) -> int:
    """Post one demo comment and its replies, a little later each; return how many."""
    author: User | None = people[entry["author"]] if "author" in entry else None
    guest = Guest(**entry["guest"]) if "guest" in entry else None
    comment = post_comment(
        proposition,
        entry["body"],
        _LOAD_POLICY,
        user=author,
        guest=guest,
        parent_id=parent.id if parent else None,
    )
    # Demo times run forward from publication, never into the future.
    clock[0] = min(clock[0] + timedelta(minutes=rng.randint(20, 600)), utcnow())
    comment.created_at = comment.updated_at = clock[0]
    comment.proposition = proposition
    count = 1
    for reply in entry.get("replies", []):
        count += _post_thread(proposition, reply, comment, people, clock, rng, held)
    if entry.get("pending") and not entry.get("replies"):
        held.append(comment)
    return count
