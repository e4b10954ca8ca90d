"""Sign-in providers: what each one is, how to reach it, and how to read its profile.

Authlib's Flask client does the protocol work (state, PKCE, nonce, token exchange,
ID-token validation). This module holds what differs between providers: their
endpoints and scopes (from each provider's documentation) and the mapping of their
user APIs to one :class:`Profile`. Only providers with credentials in
``SOCIAL_LOGIN`` are enabled; a configured entry may override any endpoint (the tests
point them at local stand-ins).
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

# Each built-in provider's documented set-up. ``pkce`` means Authlib sends an S256 code
# challenge; ``token_endpoint_auth_method`` is how the client secret is sent.
BUILT_IN: dict[str, dict[str, Any]] = {
    "google": {
        "title": "Google",
        "kind": "oidc",
        # https://developers.google.com/identity/openid-connect/openid-connect
        "metadata_url": "https://accounts.google.com/.well-known/openid-configuration",
        "scope": "openid email profile",
        "pkce": True,
    },
    "github": {
        "title": "GitHub",
        "kind": "github",
        # https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
        "authorize_url": "https://github.com/login/oauth/authorize",
        "access_token_url": "https://github.com/login/oauth/access_token",
        "api_base_url": "https://api.github.com/",
        "scope": "read:user user:email",
        "token_endpoint_auth_method": "client_secret_post",
        "pkce": True,
    },
    "facebook": {
        "title": "Facebook",
        "kind": "facebook",
        # https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
        "authorize_url": "https://www.facebook.com/v23.0/dialog/oauth",
        "access_token_url": "https://graph.facebook.com/v23.0/oauth/access_token",
        "api_base_url": "https://graph.facebook.com/v23.0/",
        "scope": "public_profile email",
        "token_endpoint_auth_method": "client_secret_post",
        "pkce": True,
    },
    "x": {
        "title": "X",
        "kind": "x",
        # https://docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code
        "authorize_url": "https://x.com/i/oauth2/authorize",
        "access_token_url": "https://api.x.com/2/oauth2/token",
        "api_base_url": "https://api.x.com/",
        "scope": "users.read tweet.read",
        "token_endpoint_auth_method": "client_secret_basic",
        "pkce": True,
    },
    "wordpress": {
        "title": "WordPress.com",
        "kind": "wordpress",
        # https://developer.wordpress.com/docs/oauth2/ (no PKCE support documented)
        "authorize_url": "https://public-api.wordpress.com/oauth2/authorize",
        "access_token_url": "https://public-api.wordpress.com/oauth2/token",
        "api_base_url": "https://public-api.wordpress.com/",
        "scope": "auth",
        "token_endpoint_auth_method": "client_secret_post",
        "pkce": False,
    },
}
ENDPOINT_KEYS = ("authorize_url", "access_token_url", "api_base_url", "metadata_url")
EXTENSION_KEY = "forum_oauth"


@dataclass(frozen=True)
class Provider:
    """One enabled provider, as the pages and the sign-in flow see it."""

    name: str
    title: str
    kind: str


@dataclass(frozen=True)
class Profile:
    """What a provider tells us about the person, in one shape for every provider."""

    provider: str
    subject: str
    display_name: str
    email: str | None = None
    email_verified: bool = False
    avatar_url: str | None = None
    profile_url: str | None = None

    def to_dict(self) -> dict:
        """Return the profile as plain data, to keep in the session for a moment."""
        return asdict(self)


class ProfileError(Exception):
    """The provider's answer about the person could not be used."""


def init_app(app: Flask) -> None:
    """Register each configured provider with an Authlib client of this app's own."""
    oauth = OAuth(app)
    timeout = app.config["SOCIAL_LOGIN_TIMEOUT"]
    for name, settings in app.config.get("SOCIAL_LOGIN", {}).items():
        spec = _spec(name, settings)
        if spec is None:
            continue
        client_kwargs = {"scope": spec["scope"], "default_timeout": timeout}
        if spec.get("pkce"):
            client_kwargs["code_challenge_method"] = "S256"
        if spec.get("token_endpoint_auth_method"):
            client_kwargs["token_endpoint_auth_method"] = spec["token_endpoint_auth_method"]
        endpoints = {
            "server_metadata_url" if key == "metadata_url" else key: spec[key]
            for key in ENDPOINT_KEYS
            if spec.get(key)
        }
        oauth.register(
            name,
            client_id=spec["client_id"],
            client_secret=spec["client_secret"],
            client_kwargs=client_kwargs,
            **endpoints,
        )
    app.extensions[EXTENSION_KEY] = oauth


def authorization_origins(app: Flask) -> list[str]:
    """Return the origins the configured providers' sign-in pages are on.

    An OpenID Connect provider's sign-in page is taken to be on the same origin as its
    settings document, as it is for Google, Microsoft Entra ID, Keycloak and Okta.
    """
    origins = []
    for name, settings in app.config.get("SOCIAL_LOGIN", {}).items():
        spec = _spec(name, settings)
        if spec is None:
            continue
        parts = urlsplit(spec.get("authorize_url") or spec["metadata_url"])
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


def _spec(name: str, settings: dict) -> dict | None:
    """Merge a configured provider with its built-in defaults; None if it can't be used."""
    base = BUILT_IN.get(name)
    if base is None:
        if settings.get("kind") != "oidc":
            return None
        base = {
            "title": name,
            "kind": "oidc",
            "scope": "openid email profile",
            "pkce": True,
        }
    spec = {**base, **settings}
    needed = ("client_id", "client_secret", "metadata_url" if spec["kind"] == "oidc" else None)
    if not all(spec.get(key) for key in needed if key):
        return None
    return spec


def enabled() -> list[Provider]:
    """Return the providers that can be used here, in the order they were configured."""
    oauth = current_app.extensions[EXTENSION_KEY]
    providers = []
    for name, settings in current_app.config.get("SOCIAL_LOGIN", {}).items():
        if oauth.create_client(name) is None:
            continue
        spec = {**BUILT_IN.get(name, {"title": name, "kind": "oidc"}), **settings}
        providers.append(Provider(name, spec["title"], spec["kind"]))
    return providers


def get(name: str) -> Provider | None:
    """Return an enabled provider by its name in URLs, or None."""
    return next((provider for provider in enabled() if provider.name == name), None)


def client(name: str):
    """Return Authlib's client for an enabled provider."""
    return current_app.extensions[EXTENSION_KEY].create_client(name)


def authorize_access_token(provider: Provider) -> dict:
    """Exchange the code the provider sent back for a token, checking everything on the way.

    Authlib checks ``state`` and sends the PKCE verifier. For OpenID Connect it also
    validates the ID token's signature, expiry and nonce; we add the issuer and the
    audience explicitly, because by default Authlib accepts a token whose ``aud`` is
    another client as long as its ``azp`` names ours.
    """
    oauth_client = client(provider.name)
    if provider.kind != "oidc":
        return oauth_client.authorize_access_token()
    issuer = oauth_client.load_server_metadata().get("issuer")
    if not issuer:
        raise ProfileError("the provider's settings name no issuer")
    rules = {
        "iss": {"essential": True, "values": [issuer]},
        "aud": {"essential": True, "values": [oauth_client.client_id]},
    }
    token = oauth_client.authorize_access_token(claims_options=rules)
    if not token.get("userinfo"):
        raise ProfileError("no ID token in the provider's answer")
    return token


def fetch_profile(provider: Provider, token: dict) -> Profile:
    """Ask the provider who signed in, and map the answer to a :class:`Profile`.

    :raises ProfileError: if the answer lacks the person's id.
    :raises requests.RequestException: if the provider can't be reached in time.
    """
    mapper = PROFILE_READERS[provider.kind]
    profile = mapper(provider.name, client(provider.name), token)
    if not profile.subject:
        raise ProfileError(f"{provider.name} sent no user id")
    return profile


def _oidc_profile(name: str, oauth_client, token: dict) -> Profile:
    """OpenID Connect: the validated ID token's claims, completed by the userinfo endpoint."""
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub"):
        raise ProfileError("no validated ID token")
    userinfo_endpoint = oauth_client.load_server_metadata().get("userinfo_endpoint")
    if userinfo_endpoint:
        extra = _json(oauth_client.get(userinfo_endpoint, token=token))
        # OpenID Connect Core 5.3.2: the userinfo answer must be about the same person.
        if extra.get("sub") != claims["sub"]:
            raise ProfileError("userinfo is about someone else")
        claims = {**extra, **{key: value for key, value in claims.items() if value}}
    name_parts = " ".join(filter(None, (claims.get("given_name"), claims.get("family_name"))))
    return Profile(
        provider=name,
        subject=str(claims["sub"]),
        display_name=claims.get("name") or name_parts or claims.get("preferred_username") or "",
        email=claims.get("email"),
        email_verified=claims.get("email_verified") is True,
        avatar_url=claims.get("picture"),
        profile_url=claims.get("profile") or claims.get("website"),
    )


def _github_profile(name: str, oauth_client, token: dict) -> Profile:
    """GitHub: ``GET /user``, and ``GET /user/emails`` for a verified primary address."""
    user = _json(oauth_client.get("user", token=token))
    email, verified = user.get("email"), False
    emails = oauth_client.get("user/emails", token=token)
    if emails.ok:
        primary = next((e for e in emails.json() if isinstance(e, dict) and e.get("primary")), None)
        if primary:
            email, verified = primary.get("email"), primary.get("verified") is True
    return Profile(
        provider=name,
        subject=str(user.get("id") or ""),
        display_name=user.get("name") or user.get("login") or "",
        email=email,
        email_verified=verified,
        avatar_url=user.get("avatar_url"),
        profile_url=user.get("html_url"),
    )


def _facebook_profile(name: str, oauth_client, token: dict) -> Profile:
    """Facebook: the Graph API's ``/me``. It gives no verified flag, so none is claimed."""
    fields = "id,name,email,picture.width(200).height(200),link"
    user = _json(oauth_client.get("me", params={"fields": fields}, token=token))
    picture = ((user.get("picture") or {}).get("data") or {}).get("url")
    return Profile(
        provider=name,
        subject=str(user.get("id") or ""),
        display_name=user.get("name") or "",
        email=user.get("email"),
        email_verified=False,
        avatar_url=picture,
        profile_url=user.get("link"),
    )


def _x_profile(name: str, oauth_client, token: dict) -> Profile:
    """X: API v2 ``/2/users/me``. X shares no email address with this scope."""
    params = {"user.fields": "profile_image_url,url"}
    user = _json(oauth_client.get("2/users/me", params=params, token=token)).get("data") or {}
    username = user.get("username")
    return Profile(
        provider=name,
        subject=str(user.get("id") or ""),
        display_name=user.get("name") or username or "",
        avatar_url=user.get("profile_image_url"),
        profile_url=f"https://x.com/{username}" if username else None,
    )


def _wordpress_profile(name: str, oauth_client, token: dict) -> Profile:
    """WordPress.com: REST API v1.1 ``/me``."""
    user = _json(oauth_client.get("rest/v1.1/me", token=token))
    return Profile(
        provider=name,
        subject=str(user.get("ID") or ""),
        display_name=user.get("display_name") or user.get("username") or "",
        email=user.get("email"),
        email_verified=user.get("email_verified") is True,
        avatar_url=user.get("avatar_URL"),
        profile_url=user.get("profile_URL"),
    )


def _json(response) -> dict:
    """Return a user API's JSON object, or raise if the provider answered with an error."""
    if not response.ok:
        raise ProfileError(f"user API answered {response.status_code}")
    data = response.json()
    if not isinstance(data, dict):
        raise ProfileError("user API answered something other than an object")
    return data


PROFILE_READERS: dict[str, Callable[[str, Any, dict], Profile]] = {
    "oidc": _oidc_profile,
    "github": _github_profile,
    "facebook": _facebook_profile,
    "x": _x_profile,
    "wordpress": _wordpress_profile,
}
