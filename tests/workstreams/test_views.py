"""The public reading pages, as a visitor sees them."""

import re
from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import CommentStatus, Proposition, PropositionStatus, User, utcnow
from tests import factories
from tests.conftest import sign_in


def _get(app, model, **by):
    """Load one row by its columns."""
    return db.session.query(model).filter_by(**by).one()


def text(response) -> str:
    """Return a response's body as text."""
    return response.get_data(as_text=True)


def test_home_shows_the_summit_its_workstreams_and_latest_activity(app, client, site):
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        factories.comment(prop, "Sunday is when families are free.", name="Jo Smith")
        factories.comment(prop, "This one is still held.", name="Hidden Holder", status="pending")
        db.session.commit()
    page = text(client.get("/"))
    assert "<h1" in page and "Summit Forum" in page
    assert "Each workstream of the summit discusses" in page
    assert "Proposition 1: Public services" in page and "Proposition 2: Climate" in page
    assert "Facilitated by Fiona Facilitator" in page
    assert "1 proposition · 1 comment" in " ".join(page.split())
    assert "Open every library on Sundays" in page and "Plant a tree for every child" in page
    assert "Jo Smith" in page and "Sunday is when families are free." in page
    assert "Hidden Holder" not in page and "still held" not in page


def test_workstream_lists_only_published_propositions_newest_first(app, client, site):
    with app.app_context():
        ws = factories.workstream("Transport", 3, slug="transport")
        author = _get(app, User, email=site.facilitator)
        factories.proposition(ws, author, "Older one", published_at=utcnow() - timedelta(days=5))
        factories.proposition(ws, author, "Newer one", published_at=utcnow() - timedelta(days=1))
        factories.proposition(ws, author, "Secret draft", status=PropositionStatus.DRAFT)
        factories.proposition(
            ws,
            author,
            "Future plan",
            status=PropositionStatus.SCHEDULED,
            published_at=utcnow() + timedelta(days=2),
        )
        factories.proposition(
            ws,
            author,
            "Due already",
            status=PropositionStatus.SCHEDULED,
            published_at=utcnow() - timedelta(hours=2),
        )
        db.session.commit()
    response = client.get("/workstreams/transport/")
    assert response.status_code == 200
    page = text(response)
    assert page.index("Due already") < page.index("Newer one") < page.index("Older one")
    assert "Secret draft" not in page and "Future plan" not in page


def test_drafts_and_future_propositions_are_not_found(app, client, site):
    with app.app_context():
        ws = factories.workstream("Transport", 3, slug="transport")
        author = _get(app, User, email=site.facilitator)
        factories.proposition(ws, author, "Secret draft", status=PropositionStatus.DRAFT)
        factories.proposition(
            ws,
            author,
            "Future plan",
            status=PropositionStatus.SCHEDULED,
            published_at=utcnow() + timedelta(days=2),
        )
        db.session.commit()
    assert client.get("/workstreams/transport/secret-draft/").status_code == 404
    assert client.get("/workstreams/transport/future-plan/").status_code == 404


def test_workstream_pages_are_paginated_with_one_pager(app, client, site):
    app.config["PROPOSITIONS_PER_PAGE"] = 2
    with app.app_context():
        ws = factories.workstream("Transport", 3, slug="transport")
        author = _get(app, User, email=site.facilitator)
        for day in range(5):
            factories.proposition(
                ws, author, f"Idea number {day}", published_at=utcnow() - timedelta(days=day)
            )
        db.session.commit()
    first = text(client.get("/workstreams/transport/"))
    assert "Idea number 0" in first and "Idea number 1" in first and "Idea number 2" not in first
    assert 'aria-label="Pages of propositions"' in first
    assert 'href="/workstreams/transport/?page=2"' in first
    third = text(client.get("/workstreams/transport/?page=3"))
    assert "Idea number 4" in third and "Idea number 3" not in third
    assert client.get("/workstreams/transport/?page=9").status_code == 404


def test_proposition_page_shows_the_proposition(app, client, site):
    response = client.get(site.prop_a_url)
    assert response.status_code == 200
    page = text(response)
    assert "<h1" in page and "Open every library on Sundays" in page
    assert "By Fiona Facilitator, facilitator" in page
    assert "Proposition 1: Public services" in page
    assert '<a class="govuk-tag govuk-tag--blue" href="/tags/libraries/">Libraries</a>' in page
    assert "We propose <strong>this</strong>." in page
    assert "0 responses to “Open every library on Sundays”" in page
    assert "Leave a reply" in page
    for name in ("body", "name", "email", "website", "parent_id", "csrf_token"):
        assert f'name="{name}"' in page


def test_comment_shows_author_link_avatar_date_permalink_and_reply_link(app, client, site):
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        made = factories.comment(
            prop, "Yes *please*.", name="Jo Smith", website="https://jo.example.org"
        )
        db.session.commit()
        comment_id = made.id
    page = text(client.get(site.prop_a_url))
    assert f'id="comment-{comment_id}"' in page
    assert (
        '<a class="govuk-link" href="https://jo.example.org" rel="nofollow ugc noopener">'
        "Jo Smith</a>" in page
    )
    assert re.search(r'<img class="forum-avatar" src="/avatars/\d/JS.svg" alt=""', page)
    assert f'<a class="govuk-link govuk-link--muted" href="#comment-{comment_id}"><time' in page
    assert "Yes <em>please</em>." in page
    assert f"?reply_to={comment_id}#respond" in page
    assert "sam@example.org" not in page


def test_reply_link_opens_the_form_for_that_comment_without_javascript(app, client, site):
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        made = factories.comment(prop, "First!", name="Jo Smith")
        db.session.commit()
        comment_id = made.id
    page = text(client.get(f"{site.prop_a_url}?reply_to={comment_id}"))
    assert f'name="parent_id" type="hidden" value="{comment_id}"' in page
    assert re.search(r"data-replying-to\s*>", page), "the 'Replying to' notice is hidden"
    assert re.search(rf'Replying to <a [^>]*href="#comment-{comment_id}">Jo Smith</a>', page)
    assert "Cancel reply" in page
    assert '<h2 class="govuk-heading-l" id="respond-title">Reply to Jo Smith</h2>' in page


def test_reply_link_to_a_comment_that_is_not_approved_is_ignored(app, client, site):
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        held = factories.comment(prop, "Held", name="Jo Smith", status=CommentStatus.PENDING)
        db.session.commit()
        held_id = held.id
    page = text(client.get(f"{site.prop_a_url}?reply_to={held_id}"))
    assert "data-replying-to hidden" in page
    assert 'name="parent_id" type="hidden" value=""' in page
    assert "Leave a reply" in page


def test_tag_page_lists_propositions_across_workstreams(client, site):
    page = text(client.get("/tags/libraries/"))
    assert "Open every library on Sundays" in page and "Plant a tree for every child" in page
    climate = text(client.get("/tags/climate/"))
    assert "Plant a tree" in climate and "Open every library" not in climate


@pytest.mark.parametrize(
    "url",
    [
        "/workstreams/nowhere/",
        "/workstreams/public-services/nothing-here/",
        "/workstreams/nowhere/open-every-library-on-sundays/",
        "/tags/nothing/",
        "/c/999",
        "/c/99999999999999999",
        "/avatars/99/AB.svg",
    ],
)
def test_unknown_things_get_a_friendly_404(client, site, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_avatar_is_a_local_svg_cached_for_a_long_time(client):
    response = client.get("/avatars/3/JS.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert ">JS</text>" in text(response)
    assert "immutable" in response.headers["Cache-Control"]
    assert client.get("/avatars/3/J<.svg").status_code == 404


def test_accessibility_statement_says_what_we_meet_and_how_to_report(client):
    page = text(client.get("/accessibility"))
    assert "WCAG" in page and "2.2" in page and "AA" in page
    assert "How we test" in page and "Reporting a problem" in page
    assert 'href="/accessibility"' in text(client.get("/"))


@pytest.mark.parametrize(
    ("who", "sees_manage"),
    [(None, False), ("participant", False), ("facilitator", True), ("admin", True)],
)
def test_the_manage_link_shows_only_to_people_with_a_workspace(client, site, who, sees_manage):
    if who:
        sign_in(client, getattr(site, who))
    page = text(client.get("/"))
    assert ('href="/manage/"' in page) is sees_manage


def test_search_finds_public_propositions_by_title_text_or_tag(app, client, site):
    with app.app_context():
        ws = factories.workstream("Transport", 3, slug="transport")
        author = _get(app, User, email=site.facilitator)
        factories.proposition(ws, author, "Buses every ten minutes", body="Frequent *routes*.")
        factories.proposition(ws, author, "Secret bus draft", status=PropositionStatus.DRAFT)
        factories.proposition(ws, author, "Night trams", tags=["Late buses"])
        db.session.commit()
    found = text(client.get("/search?q=BUS"))
    assert "Buses every ten minutes" in found and "Night trams" in found
    assert "Secret bus draft" not in found
    assert "2 propositions found for “BUS”" in found
    both = text(client.get("/search?q=bus+minutes"))
    assert "Buses every ten minutes" in both and "Night trams" not in both
    assert "0 propositions found" in text(client.get("/search?q=%25"))


def test_search_without_words_shows_just_the_form(client, site):
    page = text(client.get("/search"))
    assert 'name="q"' in page and "found for" not in page
    assert 'href="/search"' in text(client.get("/"))


def test_search_results_are_paged_and_the_pages_keep_the_words(app, client, site):
    app.config["PROPOSITIONS_PER_PAGE"] = 2
    with app.app_context():
        ws = factories.workstream("Transport", 3, slug="transport")
        author = _get(app, User, email=site.facilitator)
        for n in range(3):
            factories.proposition(ws, author, f"Bus idea {n}")
        db.session.commit()
    page = text(client.get("/search?q=bus"))
    assert 'href="/search?q=bus&amp;page=2"' in page
    assert "Bus idea 0" in text(client.get("/search?q=bus&page=2"))


@pytest.mark.parametrize("page", ["99999999999999999999", "-3", "abc"])
def test_odd_page_numbers_never_break_a_list(client, site, page):
    for url in ("/workstreams/public-services/", site.prop_a_url, "/tags/libraries/"):
        response = client.get(f"{url}?page={page}")
        expected = 404 if page.startswith("9") else 200
        assert response.status_code == expected, url
