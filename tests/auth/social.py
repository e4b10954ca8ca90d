"""Helpers for tests of signing in with a provider: configure it, go there, come back."""

from urllib.parse import parse_qs, urlsplit

import requests
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Identity, User
from tests.conftest import csrf_from
from tests.providers.oidc import sign_in_at_provider
from tests.providers.standin import follow_authorize

# The test client's address is http://localhost; these are the callbacks registered
# with the real provider, one client for each way the forum uses it.
OIDC_CLIENTS = [
    {
        "client_id": "forum-summitid",
        "client_secret": "summitid-secret",
        "redirect_uris": ["http://localhost/auth/summitid/callback"],
    },
    {
        "client_id": "forum-google",
        "client_secret": "google-secret",
        "redirect_uris": ["http://localhost/auth/google/callback"],
    },
]
OAUTH_PROVIDERS = ("github", "facebook", "x", "wordpress")
# What each configured provider is called on its button.
TITLES = {
    "github": "GitHub",
    "facebook": "Facebook",
    "x": "X",
    "wordpress": "WordPress.com",
    "fakeid": "Fake ID",
    "summitid": "Summit ID",
    "google": "Google",
}


def social_config(standin, oidc_provider) -> dict:
    """Configure every kind of provider: stand-ins, a generic OIDC provider, and Google."""
    providers = {name: standin.config(name) for name in OAUTH_PROVIDERS}
    providers["fakeid"] = {"kind": "oidc", "title": "Fake ID", **standin.config("oidc")}
    providers["summitid"] = {
        "kind": "oidc",
        "title": "Summit ID",
        "metadata_url": oidc_provider.metadata_url,
        "client_id": "forum-summitid",
        "client_secret": "summitid-secret",
    }
    # Google's code path, with its metadata URL pointed at the real local provider.
    providers["google"] = {
        "metadata_url": oidc_provider.metadata_url,
        "client_id": "forum-google",
        "client_secret": "google-secret",
    }
    return {"SOCIAL_LOGIN": providers}


def http_session() -> requests.Session:
    """A fresh browser-like session for the provider's side, with no proxy."""
    session = requests.Session()
    session.trust_env = False
    return session


def start(client, provider: str, page: str = "/login", data: dict | None = None, **query):
    """Press "Continue with <provider>" on a page; return the response (a redirect to it)."""
    html = client.get(page).get_data(as_text=True)
    form = {"csrf_token": csrf_from(html), **(data or {})}
    return client.post(f"/auth/{provider}/start", data=form, query_string=query)


def authorize_url(response) -> str:
    """The provider's address a start response sends the browser to."""
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def back_at_forum(client, callback_url: str):
    """Follow the provider's redirect back to the forum's callback in the test client."""
    parts = urlsplit(callback_url)
    assert parts.netloc == "localhost", callback_url
    return client.get(parts.path, query_string=parts.query)


def via_standin(client, standin, provider: str, **start_kwargs):
    """Sign in with a stand-in provider, allowing access there; return the callback response."""
    url = authorize_url(start(client, provider, **start_kwargs))
    return back_at_forum(client, follow_authorize(http_session(), url))


def via_oidc(client, provider: str = "summitid", login: str = "alice", **start_kwargs):
    """Sign in at the real OpenID Connect provider as ``login``; return the callback response."""
    url = authorize_url(start(client, provider, **start_kwargs))
    return back_at_forum(client, sign_in_at_provider(http_session(), url, login))


def query_of(url: str) -> dict[str, str]:
    """The query parameters of a URL, one value each."""
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def identities(app) -> list[tuple[str, str, int]]:
    """Return every identity as (provider, subject, user id)."""
    with app.app_context():
        rows = db.session.execute(
            sa.select(Identity.provider, Identity.subject, Identity.user_id).order_by(Identity.id)
        )
        return [tuple(row) for row in rows]


def user_count(app) -> int:
    """Return how many accounts there are."""
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(User.id)))


def followed(client, response) -> str:
    """Follow a redirect and return the page it leads to (flashed messages included)."""
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return client.get(response.headers["Location"]).get_data(as_text=True)
