"""The sign-in providers: what each asks for, how its profile is read, and which are offered."""

import base64
import os
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

import config
from forum import create_app
from forum.auth import providers
from forum.extensions import db
from forum.models import Identity, User
from tests.auth.social import (
    TITLES,
    authorize_url,
    query_of,
    social_config,
    start,
    user_count,
    via_oidc,
    via_standin,
)

OIDC_SCOPE = "openid email profile"

# What each provider's documentation asks a web app to send to its authorize endpoint.
DOCUMENTED_REQUESTS = {
    # https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
    # https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps
    "github": {"scope": "read:user user:email", "pkce": True, "nonce": False},
    # https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
    # https://developers.facebook.com/docs/permissions
    "facebook": {"scope": "public_profile email", "pkce": True, "nonce": False},
    # https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code
    # https://docs.x.com/x-api/users/user-lookup-me (needs tweet.read and users.read)
    "x": {"scope": "users.read tweet.read", "pkce": True, "nonce": False},
    # https://developer.wordpress.com/docs/oauth2/ ("auth" reaches /me only; no PKCE documented)
    "wordpress": {"scope": "auth", "pkce": False, "nonce": False},
    # https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest and RFC 7636 (PKCE)
    "fakeid": {"scope": OIDC_SCOPE, "pkce": True, "nonce": True},
    "summitid": {"scope": OIDC_SCOPE, "pkce": True, "nonce": True},
    # https://developers.google.com/identity/openid-connect/openid-connect#sendauthrequest
    "google": {"scope": OIDC_SCOPE, "pkce": True, "nonce": True},
}

# The stand-in serves each provider under its own prefix; "fakeid" is its OIDC issuer.
STANDIN_PREFIX = {
    "github": "github",
    "facebook": "facebook",
    "x": "x",
    "wordpress": "wordpress",
    "fakeid": "oidc",
}


@pytest.fixture
def app_config(request, standin_server, oidc_provider):
    """Every kind of provider, changed by a test's ``app_config`` parameter if it has one."""
    settings = social_config(standin_server, oidc_provider)
    change = getattr(request, "param", None)
    if change is not None:
        change(settings["SOCIAL_LOGIN"])
    return settings


class _Buttons(HTMLParser):
    """Collect a page's buttons in order, each with its text and the form it sits in."""

    def __init__(self, html: str) -> None:
        """Parse ``html`` at once."""
        super().__init__(convert_charrefs=True)
        self.buttons: list[dict] = []
        self._form: dict | None = None
        self._button: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        """Note forms, their hidden fields, and buttons."""
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "inputs": {}}
        elif tag == "input" and self._form is not None:
            self._form["inputs"][attrs.get("name")] = attrs.get("value")
        elif tag == "button":
            self._button = {"attrs": attrs, "text": "", "form": self._form}
            self.buttons.append(self._button)

    def handle_endtag(self, tag):
        """Close the current form or button."""
        if tag == "form":
            self._form = None
        elif tag == "button" and self._button is not None:
            self._button["text"] = " ".join(self._button["text"].split())
            self._button = None

    def handle_data(self, data):
        """Keep a button's words."""
        if self._button is not None:
            self._button["text"] += data


def _provider_buttons(html: str) -> list[dict]:
    """Return the page's "Continue with …" buttons."""
    return [b for b in _Buttons(html).buttons if "data-provider" in b["attrs"]]


def _identity(app, provider: str) -> Identity:
    """Return the one identity a provider has here."""
    with app.app_context():
        identities = db.session.scalars(sa.select(Identity).where(Identity.provider == provider))
        (identity,) = identities.all()
        db.session.expunge(identity)
        return identity


def _signed_in(client, standin, provider: str) -> None:
    """Sign in with a stand-in provider and check it worked."""
    response = via_standin(client, standin, provider)
    assert response.status_code == 303, response.get_data(as_text=True)[:500]


# The catalogue


def test_built_in_providers_use_their_documented_endpoints():
    # A typo here would send people (and the client secret) to the wrong place.
    endpoints = {
        name: {key: spec[key] for key in providers.ENDPOINT_KEYS if key in spec}
        for name, spec in providers.BUILT_IN.items()
    }
    assert endpoints == {
        # https://developers.google.com/identity/openid-connect/openid-connect#discovery
        "google": {"metadata_url": "https://accounts.google.com/.well-known/openid-configuration"},
        # https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
        # https://docs.github.com/en/rest/users/users#get-the-authenticated-user
        "github": {
            "authorize_url": "https://github.com/login/oauth/authorize",
            "access_token_url": "https://github.com/login/oauth/access_token",
            "api_base_url": "https://api.github.com/",
        },
        # https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
        "facebook": {
            "authorize_url": "https://www.facebook.com/v23.0/dialog/oauth",
            "access_token_url": "https://graph.facebook.com/v23.0/oauth/access_token",
            "api_base_url": "https://graph.facebook.com/v23.0/",
        },
        # https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code
        "x": {
            "authorize_url": "https://x.com/i/oauth2/authorize",
            "access_token_url": "https://api.x.com/2/oauth2/token",
            "api_base_url": "https://api.x.com/",
        },
        # https://developer.wordpress.com/docs/oauth2/
        "wordpress": {
            "authorize_url": "https://public-api.wordpress.com/oauth2/authorize",
            "access_token_url": "https://public-api.wordpress.com/oauth2/token",
            "api_base_url": "https://public-api.wordpress.com/",
        },
    }
    assert {name: spec["scope"] for name, spec in providers.BUILT_IN.items()} == {
        name: DOCUMENTED_REQUESTS[name]["scope"] for name in providers.BUILT_IN
    }


@pytest.mark.parametrize("name", list(DOCUMENTED_REQUESTS))
def test_sign_in_sends_the_documented_authorization_request(
    app, client, standin, oidc_provider, name
):
    documented = DOCUMENTED_REQUESTS[name]
    url = authorize_url(start(client, name))
    query = query_of(url)

    if name in STANDIN_PREFIX:
        assert url.startswith(f"{standin.base_url}/{STANDIN_PREFIX[name]}/authorize?")
    else:
        assert url.startswith(f"{oidc_provider.issuer}/")
    assert query["client_id"] == app.config["SOCIAL_LOGIN"][name]["client_id"]
    assert query["redirect_uri"] == f"http://localhost/auth/{name}/callback"
    assert query["response_type"] == "code"
    assert query["scope"] == documented["scope"]
    assert len(query["state"]) >= 20
    if documented["pkce"]:
        assert query["code_challenge_method"] == "S256"
        assert len(query["code_challenge"]) == 43  # base64url of a SHA-256 digest
    else:
        assert "code_challenge" not in query
        assert "code_challenge_method" not in query
    if documented["nonce"]:
        assert len(query["nonce"]) >= 16
    else:
        assert "nonce" not in query


# How each token request proves who the forum is (RFC 6749 §2.3.1):
# GitHub, Facebook and WordPress.com document client_secret as a parameter; X requires
# HTTP Basic for confidential clients; an OpenID Connect provider defaults to Basic
# (OpenID Connect Core §9, and the fake issuer's metadata lists only client_secret_basic).
TOKEN_AUTH = {
    "github": "post",
    "facebook": "post",
    "x": "basic",
    "wordpress": "post",
    "fakeid": "basic",
}


@pytest.mark.parametrize("name", list(TOKEN_AUTH))
def test_token_request_authenticates_as_documented(client, standin, name):
    _signed_in(client, standin, name)

    (token_request,) = standin.requests_to(STANDIN_PREFIX[name], "token")
    prefix = STANDIN_PREFIX[name]
    form, headers = token_request["form"], token_request["headers"]
    assert token_request["method"] == "POST"
    assert form["code"]
    assert form["redirect_uri"] == f"http://localhost/auth/{name}/callback"
    if TOKEN_AUTH[name] == "post":
        assert form["client_id"] == f"{prefix}-client"
        assert form["client_secret"] == f"{prefix}-secret"
        assert "authorization" not in headers
    else:
        scheme, _, credentials = headers["authorization"].partition(" ")
        assert scheme == "Basic"
        assert base64.b64decode(credentials).decode() == f"{prefix}-client:{prefix}-secret"
        assert "client_secret" not in form
    # The verifier goes with the code wherever the authorize request had a challenge.
    if DOCUMENTED_REQUESTS[name]["pkce"]:
        assert len(form["code_verifier"]) >= 43
    else:
        assert "code_verifier" not in form


# Reading each provider's profile into one shape


EXPECTED_IDENTITIES = {
    "github": {
        "subject": "583231",
        "display_name": "The Octocat",
        "email": "octocat@github.com",
        "email_verified": True,
        "avatar_url": "https://avatars.githubusercontent.com/u/583231?v=4",
        "profile_url": "https://github.com/octocat",
    },
    "facebook": {
        "subject": "10158000000000001",
        "display_name": "Fiona Facebook",
        # Facebook gives an address but never says it was verified, so we don't either.
        "email": "fiona.facebook@example.com",
        "email_verified": False,
        "avatar_url": "https://platform-lookaside.fbsbx.com/platform/profilepic/"
        "?asid=10158000000000001&height=50&width=50&ext=1760000000&hash=AbYz",
        "profile_url": "https://www.facebook.com/app_scoped_user_id/YXNpZADpBWEZAmRldmljZ/",
    },
    "x": {
        "subject": "1234567890",
        "display_name": "Xavier Exe",
        "email": None,
        "email_verified": False,
        "avatar_url": "https://pbs.twimg.com/profile_images/1234567890/xuser_normal.jpg",
        "profile_url": "https://x.com/xuser",
    },
    "wordpress": {
        "subject": "12345",
        "display_name": "Wendy Press",
        "email": "wendy.press@example.com",
        "email_verified": True,
        "avatar_url": "https://0.gravatar.com/avatar/5a1e0c3b2f?s=96&d=identicon&r=G",
        "profile_url": "https://gravatar.com/wendypress",
    },
    "fakeid": {
        "subject": "oidc-subject-1",
        "display_name": "Olive Issuer",
        "email": "olive.issuer@example.org",
        "email_verified": True,
        "avatar_url": "https://example.org/avatars/olive.png",
        "profile_url": None,
    },
}
IDENTITY_FIELDS = (
    "subject",
    "display_name",
    "email",
    "email_verified",
    "avatar_url",
    "profile_url",
)


@pytest.mark.parametrize("name", list(EXPECTED_IDENTITIES))
def test_profile_is_kept_in_one_shape(app, client, standin, name):
    users_before = user_count(app)
    _signed_in(client, standin, name)

    identity = _identity(app, name)
    kept = {field: getattr(identity, field) for field in IDENTITY_FIELDS}
    assert kept == EXPECTED_IDENTITIES[name]
    with app.app_context():
        user = db.session.get(User, identity.user_id)
        # A new account, named as the provider names the person; the provider's email
        # stays on the identity and never becomes the account's.
        assert user.display_name == EXPECTED_IDENTITIES[name]["display_name"]
        assert user.email is None
        assert user.password_hash is None
    assert user_count(app) == users_before + 1


def test_oidc_profile_is_completed_from_userinfo(app, client, oidc_provider):
    # This provider puts only sub in the ID token; the rest comes from its userinfo endpoint.
    response = via_oidc(client, "summitid", login="alice")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]

    identity = _identity(app, "summitid")
    assert {field: getattr(identity, field) for field in IDENTITY_FIELDS} == {
        "subject": "alice",
        "display_name": "Alice Tester",
        "email": "alice@example.test",
        "email_verified": True,
        "avatar_url": f"{oidc_provider.issuer}/avatars/alice.png",
        "profile_url": f"{oidc_provider.issuer}/people/alice",
    }


def test_github_account_is_known_by_its_number_not_its_login(app, client, standin):
    _signed_in(client, standin, "github")
    first = _identity(app, "github")
    standin.people["github"]["login"] = "octocat-renamed"

    _signed_in(client, standin, "github")

    second = _identity(app, "github")
    assert (second.id, second.user_id, second.subject) == (first.id, first.user_id, "583231")
    assert second.profile_url == "https://github.com/octocat-renamed"


def test_github_name_falls_back_to_the_login(app, client, standin):
    standin.people["github"]["name"] = None

    _signed_in(client, standin, "github")

    identity = _identity(app, "github")
    assert identity.display_name == "octocat"
    with app.app_context():
        assert db.session.get(User, identity.user_id).display_name == "octocat"


def test_github_email_is_the_verified_primary_from_user_emails(app, client, standin):
    person = standin.people["github"]
    person["email"] = None  # the person keeps their address off their public profile
    person["emails"] = [
        {"email": "old@example.org", "primary": False, "verified": True, "visibility": None},
        {"email": "main@example.org", "primary": True, "verified": True, "visibility": None},
    ]

    _signed_in(client, standin, "github")

    identity = _identity(app, "github")
    assert (identity.email, identity.email_verified) == ("main@example.org", True)
    assert [r["path"] for r in standin.requests_to("github", "emails")] == [
        "/github/api/user/emails"
    ]


def test_github_unverified_primary_email_is_not_taken_as_verified(app, client, standin):
    standin.people["github"]["emails"] = [
        {"email": "octocat@github.com", "primary": True, "verified": False, "visibility": "public"},
    ]

    _signed_in(client, standin, "github")

    identity = _identity(app, "github")
    assert (identity.email, identity.email_verified) == ("octocat@github.com", False)


@pytest.mark.parametrize("verified", [True, False])
def test_wordpress_email_verified_comes_from_its_api(app, client, standin, verified):
    standin.people["wordpress"]["email_verified"] = verified

    _signed_in(client, standin, "wordpress")

    identity = _identity(app, "wordpress")
    assert (identity.email, identity.email_verified) == ("wendy.press@example.com", verified)


# Only configured providers are offered


def _without_github_secret(social):
    social["github"]["client_secret"] = ""


def _without_github_id(social):
    social["github"]["client_id"] = ""


@pytest.mark.parametrize(
    "app_config", [_without_github_secret, _without_github_id], indirect=True, ids=["secret", "id"]
)
def test_provider_without_credentials_is_not_offered(client):
    page = client.get("/login").get_data(as_text=True)
    offered = [button["text"] for button in _provider_buttons(page)]
    assert "Continue with GitHub" not in offered
    assert "Continue with Facebook" in offered

    assert start(client, "github").status_code == 404


def _with_oidc_entry_lacking_metadata(social):
    social["council"] = {
        "kind": "oidc",
        "title": "City Council",
        "client_id": "council-client",
        "client_secret": "council-secret",
    }


@pytest.mark.parametrize("app_config", [_with_oidc_entry_lacking_metadata], indirect=True)
def test_oidc_provider_without_metadata_url_is_ignored(client):
    page = client.get("/login").get_data(as_text=True)
    assert "City Council" not in page
    assert len(_provider_buttons(page)) == len(TITLES)

    assert start(client, "council").status_code == 404


KEYCLOAK_METADATA = "https://sso.example.org/realms/summit/.well-known/openid-configuration"


def _clear_forum_env(monkeypatch):
    """Forget every FORUM_ setting of the machine the tests run on."""
    for key in [key for key in os.environ if key.startswith("FORUM_")]:
        monkeypatch.delenv(key)


def test_providers_are_read_from_the_environment(monkeypatch):
    _clear_forum_env(monkeypatch)
    settings = {
        "FORUM_GITHUB_CLIENT_ID": "gh-id",
        "FORUM_GITHUB_CLIENT_SECRET": "gh-secret",
        # An id without its secret can't sign anyone in.
        "FORUM_FACEBOOK_CLIENT_ID": "fb-id",
        "FORUM_OIDC_PROVIDERS": "council, keycloak",
        "FORUM_OIDC_COUNCIL_NAME": "City Council",
        "FORUM_OIDC_COUNCIL_ISSUER": "https://id.council.example/",
        "FORUM_OIDC_COUNCIL_CLIENT_ID": "council-id",
        "FORUM_OIDC_COUNCIL_CLIENT_SECRET": "council-secret",
        "FORUM_OIDC_KEYCLOAK_METADATA_URL": KEYCLOAK_METADATA,
        "FORUM_OIDC_KEYCLOAK_CLIENT_ID": "kc-id",
        "FORUM_OIDC_KEYCLOAK_CLIENT_SECRET": "kc-secret",
    }
    for key, value in settings.items():
        monkeypatch.setenv(key, value)

    assert config.social_login_from_env() == {
        "github": {"client_id": "gh-id", "client_secret": "gh-secret"},
        "council": {
            "kind": "oidc",
            "title": "City Council",
            "metadata_url": "https://id.council.example/.well-known/openid-configuration",
            "client_id": "council-id",
            "client_secret": "council-secret",
        },
        "keycloak": {
            "kind": "oidc",
            "title": "keycloak",
            "metadata_url": KEYCLOAK_METADATA,
            "client_id": "kc-id",
            "client_secret": "kc-secret",
        },
    }


def test_providers_from_the_environment_are_offered_only_when_complete(monkeypatch):
    _clear_forum_env(monkeypatch)
    monkeypatch.setenv("FORUM_GITHUB_CLIENT_ID", "gh-id")
    monkeypatch.setenv("FORUM_GITHUB_CLIENT_SECRET", "gh-secret")
    monkeypatch.setenv("FORUM_X_CLIENT_SECRET", "x-secret-without-an-id")
    monkeypatch.setenv("FORUM_OIDC_PROVIDERS", "council,half-done")
    monkeypatch.setenv("FORUM_OIDC_COUNCIL_NAME", "City Council")
    monkeypatch.setenv("FORUM_OIDC_COUNCIL_ISSUER", "https://id.council.example")
    monkeypatch.setenv("FORUM_OIDC_COUNCIL_CLIENT_ID", "council-id")
    monkeypatch.setenv("FORUM_OIDC_COUNCIL_CLIENT_SECRET", "council-secret")
    monkeypatch.setenv("FORUM_OIDC_HALF_DONE_ISSUER", "https://half.example")
    monkeypatch.setenv("FORUM_OIDC_HALF_DONE_CLIENT_ID", "half-id")

    found = config.social_login_from_env()
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SOCIAL_LOGIN": found})

    with app.test_request_context():
        offered = [(provider.name, provider.title) for provider in providers.enabled()]
    assert offered == [("github", "GitHub"), ("council", "City Council")]


# The buttons


def test_login_page_offers_each_provider_in_its_own_form(client):
    page = client.get("/login?next=/workstreams/").get_data(as_text=True)

    buttons = _provider_buttons(page)
    assert [button["text"] for button in buttons] == [
        f"Continue with {title}" for title in TITLES.values()
    ]
    for button, name in zip(buttons, TITLES, strict=True):
        form = button["form"]
        assert button["attrs"]["type"] == "submit"
        assert form["attrs"]["method"] == "post"
        assert form["attrs"]["action"] == f"/auth/{name}/start"
        assert form["inputs"]["csrf_token"]
        assert form["inputs"]["next"] == "/workstreams/"


def test_comment_form_offers_providers_after_its_post_button(client, site):
    page = client.get(site.prop_a_url).get_data(as_text=True)

    in_comment_form = [
        b for b in _Buttons(page).buttons if b["form"] and "data-comment-form" in b["form"]["attrs"]
    ]
    texts = [button["text"] for button in in_comment_form]
    assert "Post comment" in texts
    provider_buttons = [b for b in in_comment_form if "data-provider" in b["attrs"]]
    assert [b["text"] for b in provider_buttons] == [
        f"Continue with {title}" for title in TITLES.values()
    ]
    # Enter in a field presses the form's first submit button: it must post the comment.
    assert texts.index("Post comment") < texts.index(provider_buttons[0]["text"])
    assert in_comment_form[0]["text"] == "Post comment"
    for button, name in zip(provider_buttons, TITLES, strict=True):
        action = button["attrs"]["formaction"]
        assert urlsplit(action).path == f"/auth/{name}/start"
        assert query_of(action) == {
            "next": f"{site.prop_a_url}#respond",
            "proposition": str(site.prop_a_id),
        }
        assert button["attrs"]["type"] == "submit"
