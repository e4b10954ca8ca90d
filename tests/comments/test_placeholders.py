"""Placeholders, not holes: what readers see where a comment is no longer public.

A removed, spam or deleted comment stays as a placeholder while someone can see a
reply to it; a hidden one always does. A placeholder never shows what was said or
who said it. Facilitators read such comments in place, marked; authors read their
own, told why.
"""

import re

import pytest

from forum.models import Comment, CommentStatus
from tests.conftest import count_queries, sign_in
from tests.contributions.support import (
    add_comment,
    approved_count,
    decide_status,
    load,
    text,
)

SECRET = "Secret words nobody may read"
PRIVATE = {
    "name": "Rita Redacted",
    "email": "rita.redacted@example.net",
    "website": "https://rita-redacted.example.org/",
}

PLACEHOLDER_TEXT = {
    CommentStatus.REMOVED: "This comment was removed by a facilitator on",
    CommentStatus.SPAM: "This comment was removed by a facilitator on",
    CommentStatus.DELETED: "This comment was deleted by its author.",
    CommentStatus.HIDDEN: "This comment is hidden while a facilitator reviews it.",
}


def private_parts(app, comment_id: int) -> list[str]:
    """Return everything a placeholder must never show of a comment."""
    avatar = load(app, Comment, comment_id).avatar
    return [SECRET, PRIVATE["name"], PRIVATE["email"], "rita-redacted.example.org", avatar + ".svg"]


def assert_nothing_private(app, page: str, comment_id: int) -> None:
    """Check a page shows nothing of a comment but its placeholder."""
    for part in private_parts(app, comment_id):
        assert part not in page, part


def article(page: str, comment_id: int) -> str:
    """Return the HTML of one comment's article."""
    match = re.search(rf'<article[^>]*id="comment-{comment_id}".*?</article>', page, re.S)
    assert match, f"comment {comment_id} is not on the page"
    return match.group(0)


def test_a_removed_comment_with_replies_stays_as_a_placeholder_with_its_reason(app, client, site):
    removed = add_comment(app, site.prop_a_id, SECRET, **PRIVATE)
    reply = add_comment(
        app, site.prop_a_id, "A reply that stays.", parent=removed, name="Ann Reply"
    )
    decide_status(app, removed, CommentStatus.REMOVED, "It named a private person.")

    page = text(client.get(site.prop_a_url))
    placeholder = article(page, removed)
    assert "This comment was removed by a facilitator on" in placeholder
    assert ": It named a private person." in placeholder
    assert re.search(r"<time datetime=\"\d{4}-\d\d-\d\dT[^\"]+\">\d+ \w+ \d{4}</time>", placeholder)
    assert "A reply that stays." in article(page, reply)
    assert "Reply to a removed comment" in page
    assert 'aria-label="Replies to a removed comment"' in page
    assert_nothing_private(app, page, removed)
    # Scripts mark new comments by data-created and the author heading: a placeholder has neither.
    assert "data-created" not in placeholder and "forum-comment__author" not in placeholder
    assert "1 response to" in page


@pytest.mark.parametrize(
    "status",
    [CommentStatus.REMOVED, CommentStatus.SPAM, CommentStatus.DELETED, CommentStatus.HIDDEN],
)
def test_each_kind_of_placeholder_with_a_reply(app, client, site, status):
    gone = add_comment(app, site.prop_a_id, SECRET, **PRIVATE)
    add_comment(app, site.prop_a_id, "The reply.", parent=gone, name="Ann Reply")
    decide_status(app, gone, status, "Spam." if status == CommentStatus.SPAM else "")

    page = text(client.get(site.prop_a_url))
    assert PLACEHOLDER_TEXT[status] in article(page, gone)
    assert "The reply." in page
    assert_nothing_private(app, page, gone)


@pytest.mark.parametrize(
    ("status", "stays"),
    [
        (CommentStatus.REMOVED, False),
        (CommentStatus.SPAM, False),
        (CommentStatus.DELETED, False),
        (CommentStatus.PENDING, False),
        (CommentStatus.HIDDEN, True),
    ],
)
def test_without_replies_only_a_hidden_comment_keeps_its_place(app, client, site, status, stays):
    kept = add_comment(app, site.prop_a_id, "Still here.", name="Ann Other")
    gone = add_comment(app, site.prop_a_id, SECRET, **PRIVATE)
    decide_status(app, gone, status)

    page = text(client.get(site.prop_a_url))
    assert (f'id="comment-{gone}"' in page) is stays
    if stays:
        assert PLACEHOLDER_TEXT[status] in article(page, gone)
    assert "Still here." in article(page, kept)
    assert_nothing_private(app, page, gone)
    assert "1 response to" in page
    assert approved_count(app, site.prop_a_id) == 1


def test_a_removed_reply_under_a_removed_comment_leaves_no_trace(app, client, site):
    top = add_comment(app, site.prop_a_id, SECRET, **PRIVATE)
    reply = add_comment(app, site.prop_a_id, "Removed reply.", parent=top, name="Ben Gone")
    decide_status(app, reply, CommentStatus.REMOVED)
    decide_status(app, top, CommentStatus.REMOVED)
    page = text(client.get(site.prop_a_url))
    assert f'id="comment-{top}"' not in page and f'id="comment-{reply}"' not in page
    assert "No one has responded yet" in page


def test_placeholders_hold_up_a_chain_down_to_a_visible_reply(app, client, site):
    top = add_comment(app, site.prop_a_id, SECRET, **PRIVATE)
    middle = add_comment(app, site.prop_a_id, "Deleted middle.", parent=top, name="Del Middle")
    bottom = add_comment(app, site.prop_a_id, "Bottom still here.", parent=middle, name="Bo Tom")
    decide_status(app, middle, CommentStatus.DELETED)
    decide_status(app, top, CommentStatus.REMOVED, "Rude.")

    page = text(client.get(site.prop_a_url))
    assert "This comment was removed by a facilitator" in article(page, top)
    assert "This comment was deleted by its author." in article(page, middle)
    assert "Bottom still here." in article(page, bottom)
    assert "Reply to a deleted comment" in page
    assert "Deleted middle." not in page and "Del Middle" not in page
    # Still nested: the bottom reply sits inside the middle placeholder's list of replies.
    assert re.search(
        rf'id="comment-{top}".*id="comment-{middle}".*aria-label="Replies to a deleted comment"'
        rf'.*id="comment-{bottom}"',
        page,
        re.S,
    )


def test_a_reply_beside_the_deepest_comment_keeps_the_comment_it_answers(app, client, site):
    ids = [add_comment(app, site.prop_a_id, "Level 1", name="Lev One")]
    for depth in range(2, 6):
        ids.append(add_comment(app, site.prop_a_id, f"Level {depth}", parent=ids[-1]))
    deepest = ids[-1]
    beside = add_comment(app, site.prop_a_id, "Answering the deepest.", parent=deepest)
    assert load(app, Comment, beside).parent_id == ids[-2]
    decide_status(app, deepest, CommentStatus.REMOVED, "Off topic.")

    page = text(client.get(site.prop_a_url))
    assert "This comment was removed by a facilitator" in article(page, deepest)
    assert "Reply to a removed comment" in article(page, beside)


def test_top_level_placeholders_count_as_threads_on_pages(app, client, site):
    app.config["COMMENTS_THREADS_PER_PAGE"] = 2
    first = add_comment(app, site.prop_a_id, "Thread one.")
    removed = add_comment(app, site.prop_a_id, SECRET, **PRIVATE)
    reply = add_comment(app, site.prop_a_id, "Reply under the removed one.", parent=removed)
    lone = add_comment(app, site.prop_a_id, "Lonely removed words.")
    add_comment(app, site.prop_a_id, "Thread three.")
    fourth = add_comment(app, site.prop_a_id, "Thread four.")
    decide_status(app, removed, CommentStatus.REMOVED, "Rude.")
    decide_status(app, lone, CommentStatus.REMOVED, "Rude.")

    one = text(client.get(site.prop_a_url))
    assert f'id="comment-{first}"' in one and f'id="comment-{removed}"' in one
    assert "Reply under the removed one." in one and "Thread three." not in one
    two = text(client.get(f"{site.prop_a_url}?page=2"))
    assert "Thread three." in two and "Thread four." in two
    assert "Lonely removed words." not in one + two
    assert client.get(f"{site.prop_a_url}?page=3").status_code == 404
    assert (
        client.get(f"/c/{reply}").headers["Location"].endswith(f"{site.prop_a_url}#comment-{reply}")
    )
    assert (
        client.get(f"/c/{fourth}")
        .headers["Location"]
        .endswith(f"{site.prop_a_url}?page=2#comment-{fourth}")
    )
    assert "2 responses" not in one and "4 responses" in one


def test_facilitators_read_taken_down_comments_in_place_marked(app, client, site):
    removed = add_comment(app, site.prop_a_id, "Removed words.", name="Rem Oved")
    hidden = add_comment(app, site.prop_a_id, "Hidden words.", name="Hid Den")
    spam = add_comment(app, site.prop_a_id, "Buy cheap pills.", name="Spam Bot")
    decide_status(app, removed, CommentStatus.REMOVED, "Personal attack.")
    decide_status(app, hidden, CommentStatus.HIDDEN, "Reported by readers")
    decide_status(app, spam, CommentStatus.SPAM)

    sign_in(client, site.facilitator)
    page = text(client.get(site.prop_a_url))
    removed_html = article(page, removed)
    assert "Removed words." in removed_html and "Rem Oved" in removed_html
    assert "Removed</strong>" in removed_html and ": Personal attack." in removed_html
    assert "Hidden words." in article(page, hidden)
    assert "Hidden after readers reported it" in article(page, hidden)
    # Spam without replies stays in the queue, out of the discussion.
    assert "Buy cheap pills." not in page
    # No reply or report links on a comment that is not public.
    assert "Reply<span" not in removed_html and "Report<span" not in removed_html

    other = app.test_client()
    sign_in(other, site.other_facilitator)
    assert "Removed words." not in text(other.get(site.prop_a_url))


def test_a_signed_in_author_sees_their_removed_comment_and_why(app, client, site):
    removed = add_comment(app, site.prop_a_id, "My removed words.", user=site.participant)
    decide_status(app, removed, CommentStatus.REMOVED, "Please keep to the topic.")

    sign_in(client, site.participant)
    mine = article(text(client.get(site.prop_a_url)), removed)
    assert "My removed words." in mine
    assert "Removed by a facilitator on" in mine and ": Please keep to the topic." in mine
    assert f'href="/comments/{removed}/review"' in mine and "Ask for a review" in mine

    stranger = text(app.test_client().get(site.prop_a_url))
    assert "My removed words." not in stranger and f'id="comment-{removed}"' not in stranger


def test_the_author_of_a_hidden_comment_reads_it_and_knows_why(app, client, site):
    hidden = add_comment(app, site.prop_a_id, "My reported words.", user=site.participant)
    decide_status(app, hidden, CommentStatus.HIDDEN, "Reported by readers")
    sign_in(client, site.participant)
    mine = article(text(client.get(site.prop_a_url)), hidden)
    assert "My reported words." in mine and "Your comment is hidden while a facilitator" in mine
    stranger = article(text(app.test_client().get(site.prop_a_url)), hidden)
    assert "My reported words." not in stranger and "Pat Participant" not in stranger


@pytest.mark.parametrize(
    "status",
    [
        CommentStatus.PENDING,
        CommentStatus.SPAM,
        CommentStatus.REMOVED,
        CommentStatus.HIDDEN,
        CommentStatus.DELETED,
    ],
)
def test_no_private_comment_reaches_the_home_page(app, client, site, status):
    gone = add_comment(app, site.prop_a_id, SECRET, **PRIVATE)
    decide_status(app, gone, status)
    page = text(client.get("/"))
    assert_nothing_private(app, page, gone)
    assert f"/c/{gone}" not in page


@pytest.mark.parametrize(
    ("status", "with_reply", "stranger_code"),
    [
        (CommentStatus.PENDING, False, 404),
        (CommentStatus.SPAM, False, 404),
        (CommentStatus.REMOVED, False, 404),
        (CommentStatus.DELETED, False, 404),
        # A placeholder is on the page for everyone, so its short link leads to it.
        (CommentStatus.REMOVED, True, 302),
        (CommentStatus.DELETED, True, 302),
        (CommentStatus.HIDDEN, False, 302),
    ],
)
def test_short_links_lead_only_to_what_the_reader_can_see(
    app, client, site, status, with_reply, stranger_code
):
    gone = add_comment(app, site.prop_a_id, SECRET, user=site.participant)
    if with_reply:
        add_comment(app, site.prop_a_id, "A reply.", parent=gone)
    decide_status(app, gone, status)
    response = client.get(f"/c/{gone}")
    assert response.status_code == stranger_code
    if stranger_code == 302:
        assert response.headers["Location"].endswith(f"{site.prop_a_url}#comment-{gone}")
    else:
        assert SECRET not in text(response)
    facilitator = app.test_client()
    sign_in(facilitator, site.facilitator)
    moderators_code = 404 if status in (CommentStatus.SPAM, CommentStatus.DELETED) else 302
    assert facilitator.get(f"/c/{gone}").status_code == (302 if with_reply else moderators_code)


def test_the_author_follows_the_short_link_to_their_removed_comment(app, client, site):
    gone = add_comment(app, site.prop_a_id, SECRET, user=site.participant)
    decide_status(app, gone, CommentStatus.REMOVED, "Rude.")
    sign_in(client, site.participant)
    response = client.get(f"/c/{gone}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#comment-{gone}")


def add_threads(app, proposition_id: int, count: int) -> None:
    """Add ``count`` threads of three, each with its top and middle taken down in turn."""
    statuses = [CommentStatus.REMOVED, CommentStatus.DELETED, CommentStatus.HIDDEN, None]
    for n in range(count):
        top = add_comment(app, proposition_id, f"Top {n}")
        middle = add_comment(app, proposition_id, f"Middle {n}", parent=top)
        add_comment(app, proposition_id, f"Bottom {n}", parent=middle)
        for comment_id, status in ((top, statuses[n % 4]), (middle, statuses[(n + 1) % 4])):
            if status is not None:
                decide_status(app, comment_id, status, "Rude.")


@pytest.mark.parametrize("who", [None, "participant", "admin"])
def test_placeholders_add_no_queries(app, client, site, who):
    app.config["COMMENTS_THREADS_PER_PAGE"] = 1000
    add_threads(app, site.prop_a_id, 2)
    add_threads(app, site.prop_b_id, 40)
    if who:
        sign_in(client, getattr(site, who))
    counts = []
    for url in (site.prop_a_url, site.prop_b_url):
        with count_queries(app) as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    if who is None:
        # As pinned in tests/workstreams/test_queries.py for a thread without placeholders.
        assert counts[0] == 7
