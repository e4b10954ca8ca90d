"""The second wall behind the markup policy: headers, no inline script, friendly errors, CSRF."""

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from flask import request

from forum import create_app
from forum.extensions import db
from forum.models import Comment, CommentStatus, Proposition, User
from tests import factories
from tests.conftest import person_in_header, post_form, sign_in

HOSTILE_COMMENT = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> "
    '<a href="#" onclick="alert(3)">click</a> [link](javascript:alert(4)) '
    '<p style="color:red" onmouseover="alert(5)">styled</p>'
)
EVENT_HANDLER = re.compile(r" on[a-z]+=", re.IGNORECASE)


class _TagCollector(HTMLParser):
    """Collect what a page's tags would make a browser run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline_scripts: list[str] = []
        self.handlers: list[str] = []
        self.inline_styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        """Note inline scripts, inline event handlers and inline styles."""
        source = self.get_starttag_text() or ""
        names = {name.lower() for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.inline_scripts.append(source)
        if tag == "style":
            self.inline_styles.append(source)
        if any(name.startswith("on") for name in names) or EVENT_HANDLER.search(source):
            self.handlers.append(source)
        if "style" in names:
            self.inline_styles.append(source)


@pytest.fixture
def hostile(app, site):
    """Put a hostile comment (approved) and a held one on proposition A."""
    with app.app_context():
        prop = db.session.get(Proposition, site.prop_a_id)
        shown = factories.comment(
            prop, HOSTILE_COMMENT, name='Eve "><script>alert(6)</script>', website=None
        )
        held = factories.comment(
            prop, HOSTILE_COMMENT, name="Held <b onclick=x>", status=CommentStatus.PENDING
        )
        db.session.commit()
        return {"shown": shown.id, "held": held.id}


def _public_pages(site) -> list[tuple[str, int]]:
    """Return each public page with the status it should answer."""
    return [
        ("/", 200),
        (f"/workstreams/{site.ws_a}/", 200),
        (site.prop_a_url, 200),
        ("/tags/libraries/", 200),
        ("/login", 200),
        ("/register", 200),
        ("/no-such-page", 404),
    ]


def _assert_locked_down(response, url: str) -> None:
    """Check a page's security headers and that its HTML runs no inline code."""
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {d.strip().split(" ")[0]: d.strip() for d in policy.split(";")}
    assert directives.get("script-src") == "script-src 'self'", url
    assert "unsafe-inline" not in policy, url
    assert "unsafe-eval" not in policy, url
    assert directives.get("object-src") == "object-src 'none'", url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    tags = _TagCollector()
    tags.feed(response.get_data(as_text=True))
    tags.close()
    assert tags.inline_scripts == [], url
    assert tags.handlers == [], url
    # The policy allows styles from the site only, so an inline style would be ignored.
    assert tags.inline_styles == [], url


def test_every_public_page_is_locked_down(client, site, hostile):
    for url, status in _public_pages(site):
        response = client.get(url)
        assert response.status_code == status, url
        _assert_locked_down(response, url)
    # The hostile comment was rendered on the page, harmlessly.
    page = client.get(site.prop_a_url).get_data(as_text=True)
    assert f'id="comment-{hostile["shown"]}"' in page


def test_pages_for_a_signed_in_moderator_are_locked_down(client, site, hostile):
    sign_in(client, site.facilitator)
    for url, status in _public_pages(site):
        response = client.get(url)
        assert response.status_code == status, url
        _assert_locked_down(response, url)
    # The moderator sees the held comment and its approve button, still without inline code.
    page = client.get(site.prop_a_url).get_data(as_text=True)
    assert f"/moderation/comments/{hostile['held']}/approve" in page


def test_the_json_api_carries_the_headers_too(client, site, hostile):
    response = client.get(f"/api/v1/propositions/{site.prop_a_id}/comments")
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = response.get_json()["comments"][0]["html"]
    tags = _TagCollector()
    tags.feed(html)
    tags.close()
    assert (tags.inline_scripts, tags.handlers, tags.inline_styles) == ([], [], [])
    assert 'href="javascript:' not in html


def _not_found_urls(site) -> list[str]:
    """Return addresses of things that do not exist."""
    return [
        "/workstreams/no-such-workstream/",
        f"/workstreams/{site.ws_a}/no-such-proposition/",
        f"/workstreams/{site.ws_b}/{site.prop_a_url.rstrip('/').rsplit('/', 1)[1]}/",
        "/tags/no-such-tag/",
        "/c/999",
        "/c/99999999999999",
        "/avatars/1/toolong.svg",
    ]


def test_something_missing_is_the_friendly_404_page(client, site):
    for url in _not_found_urls(site):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "text/html", url
        page = response.get_data(as_text=True)
        assert "Page not found" in page, url
        assert "Go to the summit's home page" in page, url
        _assert_locked_down(response, url)


def test_a_held_comment_link_is_a_404_for_others(client, site, hostile):
    response = client.get(f"/c/{hostile['held']}")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    assert client.get(f"/c/{hostile['shown']}").status_code == 302


# Every change of state needs the form's security token.


def _comment_statuses(app) -> dict[int, CommentStatus]:
    """Return every comment's status by id."""
    with app.app_context():
        return dict(db.session.execute(sa.select(Comment.id, Comment.status)).all())


def test_posting_a_comment_without_the_token_is_refused(app, client, site):
    data = {"body": "No token here.", "name": "Sam", "email": "sam@example.org"}
    response = client.post(site.prop_a_post, data=data)
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert _comment_statuses(app) == {}
    # With the token, the same comment goes through.
    response = post_form(client, site.prop_a_url, site.prop_a_post, data)
    assert response.status_code == 303
    assert len(_comment_statuses(app)) == 1


def test_approving_without_the_token_is_refused(app, client, site, hostile):
    sign_in(client, site.facilitator)
    url = f"/moderation/comments/{hostile['held']}/approve"
    response = client.post(url)
    assert response.status_code == 400
    assert _comment_statuses(app)[hostile["held"]] == CommentStatus.PENDING
    response = post_form(client, site.prop_a_url, url, {})
    assert response.status_code == 303
    assert _comment_statuses(app)[hostile["held"]] == CommentStatus.APPROVED


@pytest.mark.parametrize("token", [None, "", "not-a-real-token"])
def test_account_forms_without_a_valid_token_are_refused(app, client, site, token):
    extra = {} if token is None else {"csrf_token": token}
    response = client.post(
        "/register",
        data={
            "display_name": "Nia",
            "email": "nia@example.org",
            "password": "long enough",
            **extra,
        },
    )
    assert response.status_code == 400
    response = client.post(
        "/login", data={"email": site.participant, "password": "x" * 10, **extra}
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(User.id))) == 4


def test_signing_out_without_the_token_is_refused(client, site):
    sign_in(client, site.participant)
    response = client.post("/logout", data={"csrf_token": "forged"})
    assert response.status_code == 400
    assert person_in_header(client.get("/").get_data(as_text=True)) == "Pat Participant"


def test_forms_may_lead_to_the_configured_sign_in_providers_and_nowhere_else(tmp_path):
    """The sign-in buttons are forms whose answer is a redirect to the provider."""
    providers = {
        "github": {"client_id": "id", "client_secret": "secret"},
        "council": {
            "kind": "oidc",
            "metadata_url": "https://login.council.example/.well-known/openid-configuration",
            "client_id": "id",
            "client_secret": "secret",
        },
        # Not configured (no secret): its site must not be allowed.
        "facebook": {"client_id": "id", "client_secret": ""},
    }
    url = f"sqlite:///{tmp_path / 'forum.sqlite'}"
    configured = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "SOCIAL_LOGIN": providers})
    plain = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    for app in (configured, plain):
        with app.app_context():
            db.create_all()
    policy = configured.test_client().get("/login").headers["Content-Security-Policy"]
    directives = {d.strip().split(" ")[0]: d.strip() for d in policy.split(";")}
    assert directives["form-action"] == (
        "form-action 'self' https://github.com https://login.council.example"
    )
    policy = plain.test_client().get("/login").headers["Content-Security-Policy"]
    assert "form-action 'self';" in policy


@pytest.mark.parametrize(("hops", "seen"), [(0, "127.0.0.1"), (1, "203.0.113.9")])
def test_the_visitors_address_comes_through_a_configured_proxy_only(tmp_path, hops, seen):
    """Per-address limits need the visitor's address; a forged header must not count."""
    app = create_app(
        "testing",
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'f.sqlite'}", "PROXY_HOPS": hops},
    )
    with app.app_context():
        db.create_all()
    seen_addresses = []
    app.before_request(lambda: seen_addresses.append(request.remote_addr))
    app.test_client().get("/accessibility", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen_addresses == [seen]
