"""Stand-ins for GitHub, Facebook, X and WordPress.com sign-in, and a fake OpenID Connect issuer.

``StandIn`` is a small WSGI app the tests start on 127.0.0.1 in a background thread. Under one
prefix per provider it answers the OAuth 2.0 authorize and token endpoints and the user API the
forum calls after signing in, with the shapes the real services document (GitHub REST
``/user`` and ``/user/emails``, Facebook Graph ``/me`` and ``/oauth/access_token``, X API v2
``/2/users/me`` and ``/2/oauth2/token``, WordPress.com ``/rest/v1.1/me`` and ``/oauth2/token``).
It checks what those services check: the client's credentials, passed the way each provider
wants them; the one-time code; the redirect URI; and PKCE. Its errors have each provider's
shape, down to GitHub's HTTP 200 answer with an ``error`` field.

Under ``/oidc`` it is a minimal OpenID Connect issuer whose next ID token can be made faulty in
one chosen way (``id_token_fault``), to test that the forum rejects such tokens.

Tests steer it through plain attributes: ``people``, ``deny_next``, ``id_token_fault``,
``fail_next``, ``delay``; and read ``requests``, the record of everything it was asked.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

OAUTH_PROVIDERS = ("github", "facebook", "x", "wordpress")
"""The OAuth 2.0 providers the stand-in plays."""

ALL_PROVIDERS = (*OAUTH_PROVIDERS, "oidc")
"""Every prefix the stand-in serves, the fake OpenID Connect issuer included."""

ID_TOKEN_FAULTS = (
    "wrong_key",
    "wrong_audience",
    "wrong_audience_azp",
    "wrong_issuer",
    "expired",
    "wrong_nonce",
    "unsigned",
)
"""The ways ``id_token_fault`` can spoil the next ID token.

``wrong_audience`` names another client in ``aud``, as a token issued to that client would.
``wrong_audience_azp`` does the same but names our client in ``azp``: Authlib's
``parse_id_token`` checks ``aud`` only through ``azp`` unless ``claims_options`` asks for
``aud``, so it accepts this token; the forum must check ``aud`` itself.
"""

CODE_LIFETIME = 600
"""Seconds an authorization code stays valid (GitHub and X document ten minutes)."""

ID_TOKEN_LIFETIME = 300
"""Seconds an ID token from the fake issuer stays valid."""

PKCE_METHODS = {
    "github": {"S256"},
    "facebook": {"S256", "plain"},
    "x": {"S256"},
    "wordpress": {"S256", "plain"},
    "oidc": {"S256"},
}
"""The PKCE challenge methods each provider accepts at its authorize endpoint."""

GITHUB_DOCS = "https://docs.github.com"
GITHUB_OAUTH_DOCS = f"{GITHUB_DOCS}/apps/oauth-apps/maintaining-oauth-apps"
GITHUB_TOKEN_ERRORS = f"{GITHUB_OAUTH_DOCS}/troubleshooting-oauth-app-access-token-request-errors"
GITHUB_AUTHORIZE_ERRORS = f"{GITHUB_OAUTH_DOCS}/troubleshooting-authorization-request-errors"

JSON = Any
"""A value that can be serialized as JSON."""


def default_people() -> dict[str, dict[str, Any]]:
    """Return the person each provider signs in unless a test says otherwise.

    The fields are those of each provider's user API; the stand-in derives the rest of the
    recorded shape (GitHub's API URLs, for instance) when it answers.
    """
    return {
        "github": {
            "login": "octocat",
            "id": 583231,
            "node_id": "MDQ6VXNlcjU4MzIzMQ==",
            "avatar_url": "https://avatars.githubusercontent.com/u/583231?v=4",
            "gravatar_id": "",
            "type": "User",
            "site_admin": False,
            "name": "The Octocat",
            "company": "@github",
            "blog": "https://github.blog",
            "location": "San Francisco",
            "email": "octocat@github.com",
            "hireable": None,
            "bio": None,
            "twitter_username": None,
            "public_repos": 8,
            "public_gists": 8,
            "followers": 20000,
            "following": 9,
            "created_at": "2011-01-25T18:44:36Z",
            "updated_at": "2025-01-22T12:17:49Z",
            # Not part of /user: what /user/emails lists.
            "emails": [
                {
                    "email": "octocat@github.com",
                    "primary": True,
                    "verified": True,
                    "visibility": "public",
                },
            ],
        },
        "facebook": {
            "id": "10158000000000001",
            "name": "Fiona Facebook",
            "first_name": "Fiona",
            "last_name": "Facebook",
            "short_name": "Fiona",
            "email": "fiona.facebook@example.com",
            "picture": {
                "data": {
                    "height": 50,
                    "is_silhouette": False,
                    "url": "https://platform-lookaside.fbsbx.com/platform/profilepic/"
                    "?asid=10158000000000001&height=50&width=50&ext=1760000000&hash=AbYz",
                    "width": 50,
                },
            },
            "link": "https://www.facebook.com/app_scoped_user_id/YXNpZADpBWEZAmRldmljZ/",
        },
        "x": {
            "id": "1234567890",
            "name": "Xavier Exe",
            "username": "xuser",
            "profile_image_url": "https://pbs.twimg.com/profile_images/1234567890/xuser_normal.jpg",
            "url": "https://t.co/xuserhome",
            "description": "Posting from the stand-in.",
            "created_at": "2013-12-14T04:35:55.000Z",
            "protected": False,
            "verified": False,
            "location": "Internet",
        },
        "wordpress": {
            "ID": 12345,
            "display_name": "Wendy Press",
            "username": "wendypress",
            "email": "wendy.press@example.com",
            "primary_blog": 987654321,
            "primary_blog_url": "https://wendypress.wordpress.com",
            "primary_blog_is_jetpack": False,
            "language": "en",
            "locale_variant": "",
            "avatar_URL": "https://0.gravatar.com/avatar/5a1e0c3b2f?s=96&d=identicon&r=G",
            "profile_URL": "https://gravatar.com/wendypress",
            "verified": True,
            "email_verified": True,
            "date": "2014-06-12T09:30:00+00:00",
            "site_count": 1,
            "visible_site_count": 1,
            "has_unseen_notes": False,
            "newest_note_type": "",
            "phone_account": False,
            "is_valid_google_apps_country": True,
        },
        "oidc": {
            "sub": "oidc-subject-1",
            "name": "Olive Issuer",
            "email": "olive.issuer@example.org",
            "email_verified": True,
            "picture": "https://example.org/avatars/olive.png",
        },
    }


@dataclass
class _Grant:
    """What an authorization code stands for: who allowed which client, and how."""

    provider: str
    client_id: str
    redirect_uri: str
    code_challenge: str | None
    code_challenge_method: str | None
    nonce: str | None
    scope: str
    person: dict[str, Any]
    issued_at: float


@dataclass
class _Token:
    """What an access token stands for."""

    provider: str
    client_id: str
    scope: str
    person: dict[str, Any]


class _QuietHandler(WSGIRequestHandler):
    """Werkzeug's request handler without one log line per request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log nothing: the tests read ``StandIn.requests`` instead."""


class _Reject(Exception):
    """Raised inside a handler to answer at once with a prepared response."""

    def __init__(self, response: Response) -> None:
        """Keep the response to send."""
        super().__init__(response.status)
        self.response = response


def _json(body: JSON, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Return a JSON response."""
    return Response(
        json.dumps(body),
        status=status,
        mimetype="application/json",
        headers=headers,
    )


def _text(body: str, status: int) -> Response:
    """Return a plain-text response, as the providers' HTML error pages stand in for."""
    return Response(body, status=status, mimetype="text/plain")


def _b64url(data: bytes) -> str:
    """Return base64url without padding (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _s256(verifier: str) -> str:
    """Return the S256 PKCE challenge of a code verifier (RFC 7636 §4.2)."""
    return _b64url(hashlib.sha256(verifier.encode("utf-8")).digest())


def _add_query(url: str, params: dict[str, str], fragment: str = "") -> str:
    """Return ``url`` with ``params`` added to its query string."""
    parts = urlsplit(url)
    query = parts.query + ("&" if parts.query else "") + urlencode(params)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))


def _split_fields(spec: str) -> list[str]:
    """Return the top-level field names of a Graph API ``fields`` value.

    ``"id,name,picture.width(200){url,width}"`` gives ``["id", "name", "picture"]``.
    """
    names: list[str] = []
    depth = 0
    current = ""
    for char in spec + ",":
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        if char == "," and depth == 0:
            name = current.strip().split(".")[0].split("{")[0].split("(")[0].strip()
            if name:
                names.append(name)
            current = ""
        else:
            current += char
    return names


def _bearer(request: Request, allow_query: bool = False) -> str | None:
    """Return the access token a request carries, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() in ("bearer", "token") and value.strip():
        return value.strip()
    if allow_query:
        return request.values.get("access_token") or None
    return None


def _basic(request: Request) -> tuple[str, str] | None:
    """Return the (client_id, client_secret) of an HTTP Basic header, or None."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        return None
    return client_id, secret


class StandIn:
    """The stand-in identity providers, as a WSGI app and a context manager that serves it."""

    def __init__(self) -> None:
        """Prepare the app; ``with StandIn() as standin:`` starts serving it."""
        self._lock = threading.RLock()
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""
        self.kid = "standin-" + secrets.token_hex(4)
        self.signing_key = RSAKey.generate_key(2048, parameters={"kid": self.kid, "use": "sig"})
        self._rogue_key: RSAKey | None = None
        self.people: dict[str, dict[str, Any]] = {}
        self.deny_next = False
        self.id_token_fault: str | None = None
        self.fail_next: dict[str, tuple[int, object]] = {}
        self.delay: dict[str, float] = {}
        self.requests: list[dict[str, Any]] = []
        self._codes: dict[str, _Grant] = {}
        self._tokens: dict[str, _Token] = {}
        self.reset()

    # ----------------------------------------------------------------- controls

    def reset(self) -> None:
        """Go back to the defaults: people, faults, delays, recorded requests, codes, tokens."""
        with self._lock:
            self.people = default_people()
            self.deny_next = False
            self.id_token_fault = None
            self.fail_next = {}
            self.delay = {}
            self.requests = []
            self._codes = {}
            self._tokens = {}

    def config(self, provider: str) -> dict[str, str]:
        """Return the client settings the tests give the forum for ``provider``."""
        if provider == "oidc":
            return {
                "client_id": "oidc-client",
                "client_secret": "oidc-secret",
                "metadata_url": f"{self.base_url}/oidc/.well-known/openid-configuration",
            }
        if provider not in OAUTH_PROVIDERS:
            raise ValueError(f"no stand-in for {provider!r}")
        return {
            "client_id": f"{provider}-client",
            "client_secret": f"{provider}-secret",
            "authorize_url": f"{self.base_url}/{provider}/authorize",
            "access_token_url": f"{self.base_url}/{provider}/token",
            "api_base_url": f"{self.base_url}/{provider}/api/",
        }

    @property
    def issuer(self) -> str:
        """Return the fake OpenID Connect issuer's identifier."""
        return f"{self.base_url}/oidc"

    def jwks(self) -> dict[str, Any]:
        """Return the fake issuer's public JWK set."""
        return {"keys": [self.signing_key.as_dict(private=False, alg="RS256")]}

    def requests_to(self, provider: str | None = None, kind: str | None = None) -> list[dict]:
        """Return the recorded requests, optionally only those to one provider and kind."""
        with self._lock:
            return [
                r
                for r in self.requests
                if (provider is None or r["provider"] == provider)
                and (kind is None or r["kind"] == kind)
            ]

    # ------------------------------------------------------------------ serving

    def __enter__(self) -> StandIn:
        """Start serving on 127.0.0.1 on a free port in a daemon thread; set ``base_url``."""
        self._server = make_server(
            "127.0.0.1", 0, self, threaded=True, request_handler=_QuietHandler
        )
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="standin-providers", daemon=True
        )
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        """Answer one WSGI request."""
        request = Request(environ)
        response = self._handle(request)
        return response(environ, start_response)

    # ----------------------------------------------------------------- dispatch

    def _route(self, path: str) -> tuple[str, str]:
        """Return (provider, endpoint kind) for a path; kind is "unknown" if none matches."""
        path = path.rstrip("/") or "/"
        provider = path.split("/")[1] if path.count("/") >= 1 else ""
        routes = {
            "/github/authorize": "authorize",
            "/github/token": "token",
            "/github/api/user": "user",
            "/github/api/user/emails": "emails",
            "/facebook/authorize": "authorize",
            "/facebook/token": "token",
            "/facebook/api/me": "user",
            "/x/authorize": "authorize",
            "/x/token": "token",
            "/x/api/2/users/me": "user",
            "/wordpress/authorize": "authorize",
            "/wordpress/token": "token",
            "/wordpress/api/rest/v1.1/me": "user",
            "/oidc/.well-known/openid-configuration": "discovery",
            "/oidc/authorize": "authorize",
            "/oidc/token": "token",
            "/oidc/jwks": "jwks",
            "/oidc/userinfo": "user",
        }
        return provider, routes.get(path, "unknown")

    def _handle(self, request: Request) -> Response:
        """Record the request, apply delays and one-shot failures, then answer it."""
        provider, kind = self._route(request.path)
        with self._lock:
            self.requests.append(
                {
                    "provider": provider,
                    "kind": kind,
                    "method": request.method,
                    "path": request.path,
                    "args": request.args.to_dict(),
                    "form": request.form.to_dict(),
                    "headers": {k.lower(): v for k, v in request.headers.items()},
                    "time": time.time(),
                }
            )
            seconds = self.delay.get(f"{provider}:{kind}", self.delay.get(kind, 0.0))
            failure = self.fail_next.pop(f"{provider}:{kind}", None)
            if failure is None:
                failure = self.fail_next.pop(kind, None)
        if seconds:
            time.sleep(seconds)
        if failure is not None:
            status, body = failure
            if isinstance(body, str | bytes):
                return Response(body, status=status, mimetype="text/plain")
            return _json(body, status)
        handler = {
            "authorize": self._authorize,
            "token": self._token,
            "user": self._user,
            "emails": self._emails,
            "discovery": self._discovery,
            "jwks": self._jwks,
        }.get(kind)
        if handler is None:
            return _json({"error": "not_found", "path": request.path}, 404)
        try:
            return handler(provider, request)
        except _Reject as reject:
            return reject.response

    # ---------------------------------------------------------------- authorize

    def _authorize(self, provider: str, request: Request) -> Response:
        """Play the consent screen: redirect back with a code, as if the person clicked Allow."""
        if request.method != "GET":
            return _text("The authorize endpoint takes GET.", 405)
        args = request.args
        client_id = args.get("client_id", "")
        redirect_uri = args.get("redirect_uri", "")
        state = args.get("state", "")
        if client_id != f"{provider}-client":
            return _text(f"Unknown client_id {client_id!r} for {provider}.", 400)
        parts = urlsplit(redirect_uri)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return _text("redirect_uri is missing or not an absolute http(s) URL.", 400)
        if not state:
            return _text("state is missing; the stand-in requires it.", 400)

        def error_redirect(error: str, description: str) -> Response:
            """Redirect to the client with an OAuth error (RFC 6749 §4.1.2.1)."""
            params = {"error": error, "error_description": description, "state": state}
            return Response(status=302, headers={"Location": _add_query(redirect_uri, params)})

        if args.get("response_type") != "code":
            return error_redirect("unsupported_response_type", "response_type must be code.")
        challenge = args.get("code_challenge") or None
        method = args.get("code_challenge_method") or None
        if challenge is not None and method is None:
            method = "plain"  # RFC 7636 §4.3
        if provider == "x" and challenge is None:
            # X shows an error page rather than redirecting; PKCE is mandatory there.
            return _text("Something went wrong: code_challenge is required (PKCE).", 400)
        if challenge is not None and method not in PKCE_METHODS[provider]:
            if provider == "x":
                return _text(f"Something went wrong: unsupported method {method!r}.", 400)
            return error_redirect("invalid_request", f"code_challenge_method {method!r}.")
        scope = args.get("scope", "")
        if provider == "oidc" and "openid" not in scope.split():
            return error_redirect("invalid_scope", "The openid scope is required.")

        with self._lock:
            deny = self.deny_next
            self.deny_next = False
            person = copy.deepcopy(self.people[provider])
        if deny:
            return Response(status=302, headers={"Location": self._denied(provider, request)})

        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = _Grant(
                provider=provider,
                client_id=client_id,
                redirect_uri=redirect_uri,
                code_challenge=challenge,
                code_challenge_method=method,
                nonce=args.get("nonce"),
                scope=scope,
                person=person,
                issued_at=time.time(),
            )
        params = {"code": code, "state": state}
        fragment = "_=_" if provider == "facebook" else ""  # Facebook appends #_=_
        return Response(
            status=302, headers={"Location": _add_query(redirect_uri, params, fragment)}
        )

    def _denied(self, provider: str, request: Request) -> str:
        """Return where each provider sends someone who clicked Cancel / Deny."""
        redirect_uri = request.args["redirect_uri"]
        state = request.args["state"]
        if provider == "github":
            params = {
                "error": "access_denied",
                "error_description": "The user has denied your application access.",
                "error_uri": f"{GITHUB_AUTHORIZE_ERRORS}#access-denied",
                "state": state,
            }
        elif provider == "facebook":
            params = {
                "error": "access_denied",
                "error_code": "200",
                "error_description": "Permissions error",
                "error_reason": "user_denied",
                "state": state,
            }
            return _add_query(redirect_uri, params, "_=_")
        elif provider == "oidc":
            params = {
                "error": "access_denied",
                "error_description": "The resource owner denied the request.",
                "state": state,
            }
        else:  # X and WordPress.com
            params = {"error": "access_denied", "state": state}
        return _add_query(redirect_uri, params)

    # -------------------------------------------------------------------- token

    def _token_error(self, provider: str, request: Request, error: str, message: str) -> _Reject:
        """Return the exception that answers a failed token request in the provider's shape.

        ``error`` is the OAuth 2.0 error code (``invalid_client``, ``invalid_grant``,
        ``invalid_request``, ``unsupported_grant_type``); each provider words it its own way.
        """
        if provider == "github":
            github_error = {
                "invalid_client": "incorrect_client_credentials",
                "redirect_mismatch": "redirect_uri_mismatch",
            }.get(error, "bad_verification_code")
            anchors = {
                "incorrect_client_credentials": "incorrect-client-credentials",
                "redirect_uri_mismatch": "redirect-uri-mismatch2",
                "bad_verification_code": "bad-verification-code",
            }
            descriptions = {
                "incorrect_client_credentials": (
                    "The client_id and/or client_secret passed are incorrect."
                ),
                "redirect_uri_mismatch": (
                    "The redirect_uri MUST match the registered callback URL for this application."
                ),
                "bad_verification_code": "The code passed is incorrect or expired.",
            }
            base = (
                GITHUB_AUTHORIZE_ERRORS
                if github_error == "redirect_uri_mismatch"
                else GITHUB_TOKEN_ERRORS
            )
            body = {
                "error": github_error,
                "error_description": descriptions[github_error],
                "error_uri": f"{base}#{anchors[github_error]}",
            }
            # GitHub answers token errors with HTTP 200.
            return _Reject(self._github_token_response(request, body))
        if provider == "facebook":
            code = {"invalid_client": 1, "unsupported_grant_type": 100}.get(error, 100)
            inner: dict[str, Any] = {"message": message, "type": "OAuthException", "code": code}
            if "has been used" in message:
                inner["error_subcode"] = 36009
            elif "redirect_uri" in message:
                inner["error_subcode"] = 36008
            inner["fbtrace_id"] = "A" + secrets.token_urlsafe(8)
            return _Reject(_json({"error": inner}, 400))
        if provider == "x":
            if error == "invalid_client":
                return _Reject(
                    _json({"error": "unauthorized_client", "error_description": message}, 401)
                )
            x_error = "invalid_request" if error != "unsupported_grant_type" else error
            return _Reject(_json({"error": x_error, "error_description": message}, 400))
        if provider == "oidc" and error == "invalid_client":
            return _Reject(
                _json(
                    {"error": "invalid_client", "error_description": message},
                    401,
                    {"WWW-Authenticate": 'Basic realm="oidc"'},
                )
            )
        oauth_error = "invalid_grant" if error == "redirect_mismatch" else error
        return _Reject(_json({"error": oauth_error, "error_description": message}, 400))

    def _github_token_response(self, request: Request, body: dict[str, Any]) -> Response:
        """Answer GitHub's token endpoint: JSON if asked for, else form-encoded, always 200."""
        if "json" in request.headers.get("Accept", ""):
            return _json(body, 200)
        text = urlencode({k: "" if v is None else v for k, v in body.items()})
        return Response(text, status=200, mimetype="application/x-www-form-urlencoded")

    def _check_client(self, provider: str, request: Request, params: dict[str, str]) -> None:
        """Check the client authenticated the way ``provider`` documents; raise if not."""
        expected = (f"{provider}-client", f"{provider}-secret")
        basic = _basic(request)
        if provider in ("x", "oidc"):
            # X: confidential clients must use HTTP Basic. Fake OIDC: client_secret_basic.
            if basic is None:
                raise self._token_error(
                    provider, request, "invalid_client", "Missing valid authorization header"
                )
            if basic != expected:
                raise self._token_error(
                    provider, request, "invalid_client", "Invalid client credentials"
                )
            body_id = params.get("client_id")
            if body_id is not None and body_id != expected[0]:
                raise self._token_error(provider, request, "invalid_client", "client_id differs")
            return
        # GitHub, Facebook, WordPress.com: client_id and client_secret as parameters.
        given = (params.get("client_id", ""), params.get("client_secret", ""))
        if given == expected:
            return
        if provider == "facebook":
            if given[0] != expected[0]:
                message = "Error validating application. Invalid application ID."
                raise self._token_error(provider, request, "invalid_client", message)
            raise self._token_error(
                provider, request, "invalid_client", "Error validating client secret."
            )
        if provider == "wordpress":
            message = "Unknown client_id." if given[0] != expected[0] else "Invalid client secret."
            raise self._token_error(provider, request, "invalid_client", message)
        raise self._token_error(provider, request, "invalid_client", "bad client credentials")

    def _token(self, provider: str, request: Request) -> Response:
        """Exchange a one-time code for an access token (and, for OIDC, an ID token)."""
        if provider == "facebook":
            if request.method not in ("GET", "POST"):
                return _json({"error": "method not allowed"}, 405)
            params = {**request.args.to_dict(), **request.form.to_dict()}
        else:
            if request.method != "POST":
                return _json({"error": "invalid_request", "error_description": "Use POST."}, 405)
            params = request.form.to_dict()

        self._check_client(provider, request, params)

        grant_type = params.get("grant_type")
        if provider in ("x", "wordpress", "oidc") and grant_type != "authorization_code":
            message = f"grant_type {grant_type!r} is not supported."
            raise self._token_error(provider, request, "unsupported_grant_type", message)

        code = params.get("code", "")
        with self._lock:
            grant = self._codes.pop(code, None)  # one use only, whatever comes next
        bad_code = {
            "github": "The code passed is incorrect or expired.",
            "facebook": "This authorization code has been used.",
            "x": "Value passed for the authorization code was invalid.",
            "wordpress": "Invalid authorization code.",
            "oidc": "The authorization code is invalid, expired or already used.",
        }[provider]
        if (
            grant is None
            or grant.provider != provider
            or grant.client_id != f"{provider}-client"
            or time.time() - grant.issued_at > CODE_LIFETIME
        ):
            raise self._token_error(provider, request, "invalid_grant", bad_code)

        redirect_uri = params.get("redirect_uri")
        # GitHub lets the client leave redirect_uri out of the token request; the others
        # require the one used at the authorize endpoint.
        if (redirect_uri is None and provider != "github") or (
            redirect_uri is not None and redirect_uri != grant.redirect_uri
        ):
            message = {
                "facebook": (
                    "Error validating verification code. Please make sure your redirect_uri "
                    "is identical to the one you used in the OAuth dialog request"
                ),
                "x": "Value passed for the redirect uri did not match the uri of the "
                "authorization code.",
            }.get(provider, "The redirect_uri does not match the one used to authorize.")
            raise self._token_error(provider, request, "redirect_mismatch", message)

        verifier = params.get("code_verifier")
        if grant.code_challenge is not None:
            if not verifier:
                message = {
                    "x": "Missing required parameter [code_verifier].",
                    "facebook": "Missing code_verifier parameter.",
                }.get(provider, "code_verifier is required.")
                raise self._token_error(provider, request, "invalid_grant", message)
            computed = _s256(verifier) if grant.code_challenge_method == "S256" else verifier
            if not secrets.compare_digest(computed, grant.code_challenge):
                message = {
                    "x": "Value passed for the code verifier did not match the code challenge.",
                    "facebook": "Invalid code verifier.",
                }.get(provider, "The code_verifier does not match the code_challenge.")
                raise self._token_error(provider, request, "invalid_grant", message)
        elif verifier:
            # A verifier with no challenge at authorize is a PKCE downgrade (RFC 9700 §2.1.1).
            message = "code_verifier given, but the authorization request had no code_challenge."
            raise self._token_error(provider, request, "invalid_grant", message)

        # GitHub's OAuth app tokens start with gho_; the others are opaque.
        access_token = ("gho_" if provider == "github" else "") + secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[access_token] = _Token(
                provider=provider,
                client_id=grant.client_id,
                scope=grant.scope,
                person=grant.person,
            )
        return self._token_success(provider, request, grant, access_token)

    def _token_success(
        self, provider: str, request: Request, grant: _Grant, access_token: str
    ) -> Response:
        """Answer a successful code exchange with the provider's recorded token shape."""
        if provider == "github":
            scopes = grant.scope.replace(",", " ").split()
            body = {"access_token": access_token, "token_type": "bearer", "scope": ",".join(scopes)}
            return self._github_token_response(request, body)
        if provider == "facebook":
            return _json(
                {"access_token": access_token, "token_type": "bearer", "expires_in": 5183944}
            )
        if provider == "x":
            body = {
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": access_token,
                "scope": " ".join(grant.scope.split()),
            }
            if "offline.access" in grant.scope.split():
                body["refresh_token"] = secrets.token_urlsafe(32)
            return _json(body)
        if provider == "wordpress":
            return _json(
                {
                    "access_token": access_token,
                    "token_type": "bearer",
                    "blog_id": "0",
                    "blog_url": None,
                    "scope": grant.scope,
                }
            )
        return _json(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 3600,
                "scope": grant.scope,
                "id_token": self._id_token(grant),
            },
            headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
        )

    # ----------------------------------------------------------------- ID token

    def _id_token(self, grant: _Grant) -> str:
        """Return the ID token for a grant, spoiled as ``id_token_fault`` says (once)."""
        with self._lock:
            fault = self.id_token_fault
            self.id_token_fault = None
        if fault is not None and fault not in ID_TOKEN_FAULTS:
            raise ValueError(f"unknown id_token_fault {fault!r}; use one of {ID_TOKEN_FAULTS}")
        now = int(time.time())
        person = grant.person
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": person["sub"],
            "aud": grant.client_id,
            "iat": now,
            "exp": now + ID_TOKEN_LIFETIME,
            "auth_time": now,
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        for claim in ("email", "email_verified", "name", "picture"):
            if person.get(claim) is not None:
                claims[claim] = person[claim]
        key = self.signing_key
        if fault == "wrong_audience":
            claims["aud"] = "someone-else-client"
        elif fault == "wrong_audience_azp":
            claims["aud"] = "someone-else-client"
            claims["azp"] = grant.client_id
        elif fault == "wrong_issuer":
            claims["iss"] = f"{self.base_url}/not-the-issuer"
        elif fault == "expired":
            claims["iat"] = claims["auth_time"] = now - 7200
            claims["exp"] = now - 3600
        elif fault == "wrong_nonce":
            claims["nonce"] = "not-the-nonce-" + secrets.token_urlsafe(8)
        elif fault == "wrong_key":
            with self._lock:
                if self._rogue_key is None:
                    self._rogue_key = RSAKey.generate_key(
                        2048, parameters={"kid": self.kid, "use": "sig"}
                    )
                key = self._rogue_key
        elif fault == "unsigned":
            header = {"alg": "none", "typ": "JWT"}
            return ".".join(
                (
                    _b64url(json.dumps(header, separators=(",", ":")).encode()),
                    _b64url(json.dumps(claims, separators=(",", ":")).encode()),
                    "",
                )
            )
        return jwt.encode({"alg": "RS256", "kid": self.kid, "typ": "JWT"}, claims, key)

    def _discovery(self, provider: str, request: Request) -> Response:
        """Answer the fake issuer's OpenID Provider metadata."""
        issuer = self.issuer
        return _json(
            {
                "issuer": issuer,
                "authorization_endpoint": f"{issuer}/authorize",
                "token_endpoint": f"{issuer}/token",
                "jwks_uri": f"{issuer}/jwks",
                "userinfo_endpoint": f"{issuer}/userinfo",
                "scopes_supported": ["openid", "email", "profile"],
                "response_types_supported": ["code"],
                "grant_types_supported": ["authorization_code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic"],
                "code_challenge_methods_supported": ["S256"],
                "claims_supported": [
                    "sub",
                    "iss",
                    "aud",
                    "exp",
                    "iat",
                    "auth_time",
                    "nonce",
                    "name",
                    "picture",
                    "email",
                    "email_verified",
                ],
            }
        )

    def _jwks(self, provider: str, request: Request) -> Response:
        """Answer the fake issuer's public keys."""
        return _json(self.jwks())

    # ----------------------------------------------------------------- user API

    def _token_for(self, provider: str, request: Request) -> _Token:
        """Return the access token a user-API request carries; raise the provider's 401."""
        value = _bearer(request, allow_query=provider == "facebook")
        with self._lock:
            token = self._tokens.get(value) if value else None
        if token is not None and token.provider == provider:
            return token
        raise _Reject(self._unauthorized(provider, missing=value is None))

    def _unauthorized(self, provider: str, missing: bool) -> Response:
        """Return the provider's answer to a user-API call without a valid token."""
        if provider == "github":
            if missing:
                body = {
                    "message": "Requires authentication",
                    "documentation_url": f"{GITHUB_DOCS}/rest/users/users"
                    "#get-the-authenticated-user",
                    "status": "401",
                }
            else:
                body = {
                    "message": "Bad credentials",
                    "documentation_url": f"{GITHUB_DOCS}/rest",
                    "status": "401",
                }
            return _json(body, 401)
        if provider == "facebook":
            # The Graph API answers OAuthException with HTTP 400, not 401.
            if missing:
                inner = {
                    "message": "An active access token must be used to query information "
                    "about the current user.",
                    "type": "OAuthException",
                    "code": 2500,
                }
            else:
                inner = {
                    "message": "Invalid OAuth access token - Cannot parse access token",
                    "type": "OAuthException",
                    "code": 190,
                }
            inner["fbtrace_id"] = "A" + secrets.token_urlsafe(8)
            return _json(
                {"error": inner},
                400,
                {
                    "WWW-Authenticate": 'OAuth "Facebook Platform" "invalid_token" '
                    '"Invalid OAuth access token."'
                },
            )
        if provider == "x":
            return _json(
                {
                    "title": "Unauthorized",
                    "type": "about:blank",
                    "status": 401,
                    "detail": "Unauthorized",
                },
                401,
            )
        if provider == "wordpress":
            if missing:
                return _json(
                    {
                        "error": "authorization_required",
                        "message": "An active access token must be used to query information "
                        "about the current user.",
                    },
                    403,
                )
            return _json({"error": "invalid_token", "message": "The OAuth2 token is invalid."}, 400)
        header = 'Bearer realm="oidc"' if missing else 'Bearer error="invalid_token"'
        return Response(status=401, headers={"WWW-Authenticate": header})

    def _user(self, provider: str, request: Request) -> Response:
        """Answer the provider's "who am I" call with the signed-in person's profile."""
        if request.method != "GET" and not (provider == "oidc" and request.method == "POST"):
            return _json({"message": "Method not allowed"}, 405)
        token = self._token_for(provider, request)
        person = copy.deepcopy(token.person)
        if provider == "github":
            return _json(self._github_user(person))
        if provider == "facebook":
            fields = _split_fields(request.args.get("fields", "")) or ["id", "name"]
            return _json({f: person[f] for f in fields if person.get(f) is not None})
        if provider == "x":
            scopes = set(token.scope.split())
            if not {"users.read", "tweet.read"} <= scopes:
                return _json(
                    {
                        "title": "Forbidden",
                        "type": "about:blank",
                        "status": 403,
                        "detail": "Missing required scopes: tweet.read users.read",
                    },
                    403,
                )
            wanted = [f for f in request.args.get("user.fields", "").split(",") if f]
            data = {f: person[f] for f in ("id", "name", "username")}
            data.update({f: person[f] for f in wanted if person.get(f) is not None})
            return _json({"data": data})
        if provider == "wordpress":
            body = {
                **person,
                "token_site_id": False,
                "token_scope": [token.scope] if token.scope else [],
                "meta": {
                    "links": {
                        "self": "https://public-api.wordpress.com/rest/v1.1/me",
                        "help": "https://public-api.wordpress.com/rest/v1.1/me/help",
                        "site": "https://public-api.wordpress.com/rest/v1.1/sites/"
                        f"{person.get('primary_blog')}",
                        "flags": "https://public-api.wordpress.com/rest/v1.1/me/flags",
                    },
                },
            }
            fields = [f for f in request.args.get("fields", "").split(",") if f]
            if fields:
                body = {f: body[f] for f in fields if f in body}
            return _json(body)
        scopes = set(token.scope.split())
        claims: dict[str, Any] = {"sub": person["sub"]}
        if "profile" in scopes:
            claims.update({k: person[k] for k in ("name", "picture") if k in person})
        if "email" in scopes:
            claims.update({k: person[k] for k in ("email", "email_verified") if k in person})
        return _json(claims)

    def _github_user(self, person: dict[str, Any]) -> dict[str, Any]:
        """Return GitHub's ``GET /user`` body for a person, deriving the URLs from the login."""
        login = person["login"]
        api = f"https://api.github.com/users/{login}"
        body: dict[str, Any] = {
            "login": login,
            "id": person["id"],
            "node_id": person.get("node_id"),
            "avatar_url": person.get("avatar_url"),
            "gravatar_id": person.get("gravatar_id", ""),
            "url": api,
            "html_url": f"https://github.com/{login}",
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "user_view_type": "public",
        }
        body.update({k: v for k, v in person.items() if k != "emails"})
        return body

    def _emails(self, provider: str, request: Request) -> Response:
        """Answer GitHub's ``GET /user/emails``; like GitHub, 404 without the user:email scope."""
        token = self._token_for(provider, request)
        scopes = set(token.scope.replace(",", " ").split())
        if not scopes & {"user:email", "user"}:
            return _json(
                {
                    "message": "Not Found",
                    "documentation_url": f"{GITHUB_DOCS}/rest/users/emails"
                    "#list-email-addresses-for-the-authenticated-user",
                    "status": "404",
                },
                404,
            )
        return _json(copy.deepcopy(token.person.get("emails", [])))


def follow_authorize(http: requests.Session, authorize_url: str) -> str:
    """GET an authorize URL on the stand-in and return where it redirects.

    The answer is the callback URL with ``code`` and ``state`` (or ``error``), without any
    fragment: a browser keeps the fragment (Facebook's ``#_=_``) to itself, so the server under
    test never sees it. Raises AssertionError if the stand-in does not redirect.
    """
    response = http.get(authorize_url, allow_redirects=False, timeout=10)
    location = response.headers.get("Location")
    if response.status_code not in (301, 302, 303, 307) or not location:
        raise AssertionError(
            f"authorize answered {response.status_code} without a redirect: {response.text}"
        )
    return location.split("#", 1)[0]
