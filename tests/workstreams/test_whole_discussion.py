"""A whole discussion on one page (``?page=all``), beside its pages of threads.

It shows exactly what the pages show, one after another, to every reader: the
same comments, placeholders, held comments and links, with the same rules.
"""

import re

import pytest

from forum.comments.session import OWN_PENDING_KEY
from forum.extensions import db
from forum.models import CommentStatus, Proposition
from forum.workstreams import views
from tests import factories
from tests.conftest import count_queries, post_form, sign_in
from tests.contributions.support import add_comment, decide_status, text
from tests.workstreams.support import add_thread

PER_PAGE = 2
ARTICLE_RE = re.compile(
    r'<article class="forum-comment[^"]*" id="comment-(\d+)".*?</article>', re.S
)
# What differs between the same comment on a page and on the whole discussion: the
# page its reply link comes back to, and the form tokens of a facilitator's menu.
PAGE_ARGUMENT_RE = re.compile(r"page=(?:all|\d+)&amp;")
TOKEN_RE = re.compile(r'name="csrf_token" value="[^"]+"')


@pytest.fixture
def discussion(app, site):
    """Eight threads on proposition A, two a page, in every state a thread can be in."""
    app.config["COMMENTS_THREADS_PER_PAGE"] = PER_PAGE
    prop = site.prop_a_id
    made = {"first": add_comment(app, prop, "First thread.", name="Ann Early")}
    made["first_reply"] = add_comment(app, prop, "A reply.", parent=made["first"], name="Ben")
    made["held"] = add_comment(app, prop, "Held words of a guest.", name="Gil Guest")
    made["removed"] = add_comment(app, prop, "Removed words.", user=site.participant)
    made["removed_reply"] = add_comment(app, prop, "Still here.", parent=made["removed"])
    made["third"] = add_comment(app, prop, "Third thread.", name="Cat")
    made["held_reply"] = add_comment(app, prop, "Held reply words.", parent=made["third"])
    made["hidden"] = add_comment(app, prop, "Hidden words.", name="Hal")
    made["spam"] = add_comment(app, prop, "Spam words.", name="Sid")
    made["deleted"] = add_comment(app, prop, "Deleted words.", name="Del")
    made["deleted_reply"] = add_comment(app, prop, "Answering the deleted.", parent=made["deleted"])
    made["last"] = add_comment(app, prop, "Last thread.", name="Dee Late")
    for name, status in (
        ("held", CommentStatus.PENDING),
        ("removed", CommentStatus.REMOVED),
        ("held_reply", CommentStatus.PENDING),
        ("hidden", CommentStatus.HIDDEN),
        ("spam", CommentStatus.SPAM),
        ("deleted", CommentStatus.DELETED),
    ):
        decide_status(app, made[name], status, "Off topic.")
    return made


def articles(page: str) -> list[tuple[str, str]]:
    """Return each comment on a page, in order: its id, and its HTML as the page links it."""
    return [
        (comment_id, TOKEN_RE.sub("", PAGE_ARGUMENT_RE.sub("", html)))
        for comment_id, html in ((m.group(1), m.group(0)) for m in ARTICLE_RE.finditer(page))
    ]


def paged_articles(client, url: str) -> list[tuple[str, str]]:
    """Return the comments of every page of a discussion, one page after another."""
    found, number = [], 1
    while True:
        response = client.get(f"{url}?page={number}")
        if response.status_code == 404:
            return found
        found += articles(text(response))
        number += 1


def become(client, site, who: str, held_id: int) -> None:
    """Read as ``who``: nobody, the guest whose comment is held, or a signed-in person."""
    if who == "guest":
        with client.session_transaction() as session:
            session[OWN_PENDING_KEY] = [held_id]
    elif who != "anonymous":
        sign_in(client, getattr(site, who))


@pytest.mark.parametrize("who", ["anonymous", "guest", "participant", "facilitator", "admin"])
def test_the_whole_discussion_is_its_pages_one_after_another(client, site, discussion, who):
    become(client, site, who, discussion["held"])
    whole = text(client.get(f"{site.prop_a_url}?page=all"))
    assert articles(whole) == paged_articles(client, site.prop_a_url)
    shown = {int(comment_id) for comment_id, _ in articles(whole)}
    assert discussion["first"] in shown and discussion["last"] in shown
    assert discussion["spam"] not in shown
    assert (discussion["held"] in shown) == (who in ("guest", "facilitator", "admin"))
    assert (discussion["held_reply"] in shown) == (who in ("facilitator", "admin"))


def test_readers_see_the_same_rules_on_the_whole_discussion(client, site, discussion):
    whole = text(client.get(f"{site.prop_a_url}?page=all"))
    for secret in ("Held words", "Held reply words", "Removed words", "Spam words", "Deleted"):
        assert secret not in whole, secret
    assert 'data-placeholder="removed"' in whole and 'data-placeholder="deleted"' in whole
    assert 'data-placeholder="hidden"' in whole

    with client.session_transaction() as session:
        session[OWN_PENDING_KEY] = [discussion["held"]]
    whole = text(client.get(f"{site.prop_a_url}?page=all"))
    assert "Held words of a guest." in whole and "Your comment is awaiting moderation." in whole
    assert "Held reply words" not in whole


def test_a_discussion_of_several_pages_offers_all_of_it_on_one_page(client, site, discussion):
    page = text(client.get(site.prop_a_url))
    assert 'aria-label="Pages of comments"' in page
    link = f'<a class="govuk-link" href="{site.prop_a_url}?page=all#comments">'
    assert f"{link}Show all 6 comments on one page</a>" in page
    assert "page by page" not in page


def test_the_whole_discussion_has_no_pages_and_a_way_back_to_them(client, site, discussion):
    response = client.get(f"{site.prop_a_url}?page=all")
    assert response.status_code == 200
    page = text(response)
    assert 'aria-label="Pages of comments"' not in page
    assert "on one page" not in page
    back = f'<a class="govuk-link" href="{site.prop_a_url}#comments">'
    assert f"{back}Show the comments page by page</a>" in page
    # Replying, previewing and posting come back to the whole discussion.
    assert f"{site.prop_a_url}?page=all&amp;reply_to={discussion['last']}#respond" in page
    assert f'action="{site.prop_a_post}?page=all#error-summary"' in page


def test_a_comment_sent_with_mistakes_comes_back_on_the_whole_discussion(client, site, discussion):
    whole = f"{site.prop_a_url}?page=all"
    sent = {"body": "", "name": "Jo Smith", "email": "jo@example.org", "website": ""}
    response = post_form(client, whole, f"{site.prop_a_post}?page=all", sent)
    assert response.status_code == 422
    page = text(response)
    assert "There is a problem" in page
    assert articles(page) == articles(text(client.get(whole)))


def test_a_discussion_of_one_page_offers_no_other_view(app, client, site):
    first = add_comment(app, site.prop_a_id, "Only thread.", name="Ann Early")
    page = text(client.get(site.prop_a_url))
    assert "on one page" not in page and 'aria-label="Pages of comments"' not in page
    whole = text(client.get(f"{site.prop_a_url}?page=all"))
    assert f'id="comment-{first}"' in whole
    assert "on one page" not in whole and "page by page" not in whole


def test_a_very_long_discussion_is_not_offered_on_one_page(client, site, discussion, monkeypatch):
    monkeypatch.setattr(views, "ALL_ON_ONE_PAGE_MAX", 5)
    first_page = text(client.get(site.prop_a_url))
    assert "on one page" not in first_page
    asked = text(client.get(f"{site.prop_a_url}?page=all"))
    assert 'aria-label="Pages of comments"' in asked
    assert [comment_id for comment_id, _ in articles(asked)] == [
        comment_id for comment_id, _ in articles(first_page)
    ]


@pytest.mark.parametrize("page", ["ALL", "all-of-it", "0"])
def test_other_page_words_show_the_first_page_as_before(client, site, discussion, page):
    response = client.get(f"{site.prop_a_url}?page={page}")
    assert response.status_code == 200
    assert 'aria-label="Pages of comments"' in text(response)


def test_a_permalink_still_leads_to_the_page_of_its_thread(client, site, discussion):
    response = client.get(f"/c/{discussion['last']}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"{site.prop_a_url}?page=3#comment-{discussion['last']}"
    )


def test_a_facilitators_decision_comes_back_to_the_page_of_the_thread(client, site, discussion):
    sign_in(client, site.facilitator)
    whole = text(client.get(f"{site.prop_a_url}?page=all"))
    held_reply = dict(articles(whole))[str(discussion["held_reply"])]
    back = f"{site.prop_a_url}?page=2#comment-{discussion['held_reply']}"
    assert f'name="next" value="{back}"' in held_reply


@pytest.mark.parametrize("who", [None, "admin"])
def test_the_whole_discussion_runs_the_same_queries_however_long(app, client, site, who):
    add_thread(app, site.prop_a_id, 5)
    add_thread(app, site.prop_b_id, 300)
    with app.app_context():
        # A held comment and a placeholder, so that every kind of comment is read.
        prop = db.session.get(Proposition, site.prop_b_id)
        factories.comment(prop, "Held.", status=CommentStatus.PENDING)
        factories.comment(prop, "Removed.", status=CommentStatus.REMOVED)
        db.session.commit()
    if who:
        sign_in(client, getattr(site, who))
    counts = []
    for url in (site.prop_a_url, site.prop_b_url):
        with count_queries(app) as statements:
            response = client.get(f"{url}?page=all")
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]
    if who is None:
        # The proposition with workstream and author, facilitators, tags; every comment
        # of the discussion, in one query; the summit's settings.
        assert counts[0] == 5
