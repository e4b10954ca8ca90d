"""A real OpenID Connect provider (the npm package oidc-provider 9.x) for the tests.

``OIDCProvider`` starts ``node tests/providers/oidc_provider.mjs`` on a free 127.0.0.1 port;
``sign_in_at_provider`` plays the person in front of the provider's development sign-in and
consent pages. Node.js and ``npm ci`` (for ``node_modules/oidc-provider``) are required: these
tests never skip.

Accounts exist for any login name: ``sub`` is the login, ``name`` is "<Login> Tester", ``email``
is ``<login>@example.test`` (verified unless the login starts with "unverified"), ``picture`` and
``website`` are URLs on the issuer. With oidc-provider's defaults the ID token carries only
``iss``, ``aud``, ``sub``, ``nonce``, ``iat`` and ``exp``; the email and profile claims come from
the userinfo endpoint.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = REPO_ROOT / "node_modules" / "oidc-provider" / "package.json"
START_TIMEOUT = 20.0  # seconds to wait for the discovery document
REQUEST_TIMEOUT = 10.0  # seconds, for every HTTP request made here
MAX_STEPS = 20  # redirects and forms before sign_in_at_provider gives up
ANY_PASSWORD = "any password works"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OIDCProvider:
    """Context manager: starts node tests/providers/oidc_provider.mjs on a free 127.0.0.1 port.

    ``clients`` are client metadata dicts (``client_id``, ``client_secret``, ``redirect_uris``
    and optionally any other oidc-provider client metadata). PKCE with S256 is required for
    every authorization request. ``issuer`` and ``metadata_url`` are known before the provider
    starts, so they can go into the app's configuration first.
    """

    issuer: str
    metadata_url: str

    def __init__(self, clients: list[dict[str, Any]]) -> None:
        """Pick a free port and remember the clients; nothing starts until ``__enter__``."""
        self.clients = clients
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.metadata_url = f"{self.issuer}/.well-known/openid-configuration"
        self._process: subprocess.Popen[bytes] | None = None
        self._stdout: IO[bytes] | None = None
        self._stderr: IO[bytes] | None = None

    def __enter__(self) -> OIDCProvider:
        """Start the provider and wait until its discovery document answers 200."""
        node = shutil.which("node")
        if node is None:
            raise RuntimeError(
                "Node.js (`node`) is not on PATH; the OpenID Connect tests need Node.js and "
                "`npm ci` run in the repository root."
            )
        if not PACKAGE.is_file():
            raise RuntimeError(
                f"{PACKAGE.parent} is missing; run `npm ci` in {REPO_ROOT} "
                "(the OpenID Connect tests use the npm package oidc-provider)."
            )
        env = {
            **os.environ,
            "OIDC_PORT": str(self.port),
            "OIDC_CLIENTS": json.dumps(self.clients),
        }
        self._stdout = tempfile.TemporaryFile()
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
            [node, str(SCRIPT)],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._stdout,
            stderr=self._stderr,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the provider: terminate, wait, kill if it does not exit in time."""
        self._stop()

    def output(self) -> str:
        """Return what the provider printed so far (stdout, then stderr)."""
        parts = []
        for stream in (self._stdout, self._stderr):
            if stream is not None and not stream.closed:
                stream.seek(0)
                parts.append(stream.read().decode("utf-8", "replace"))
        return "\n".join(part for part in parts if part)

    def _wait_until_ready(self) -> None:
        """Poll the discovery URL until it answers 200; raise RuntimeError on failure."""
        assert self._process is not None
        deadline = time.monotonic() + START_TIMEOUT
        last_problem = "no answer yet"
        with requests.Session() as http:
            http.trust_env = False
            while time.monotonic() < deadline:
                code = self._process.poll()
                if code is not None:
                    raise RuntimeError(
                        f"oidc-provider exited with status {code} before it was ready:\n"
                        f"{self.output()}"
                    )
                try:
                    response = http.get(self.metadata_url, timeout=1.0)
                except requests.RequestException as error:
                    last_problem = str(error)
                else:
                    if response.status_code == 200:
                        return
                    last_problem = f"HTTP {response.status_code}"
                time.sleep(0.05)
        raise RuntimeError(
            f"oidc-provider did not answer {self.metadata_url} within {START_TIMEOUT:.0f} s "
            f"({last_problem}):\n{self.output()}"
        )

    def _stop(self) -> None:
        """Terminate the process if running and close the output files."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        for stream in (self._stdout, self._stderr):
            if stream is not None:
                stream.close()


class _Form:
    """One HTML form: where it goes, how, and its named fields."""

    def __init__(self, action: str, method: str) -> None:
        """Start an empty form with its ``action`` and ``method``."""
        self.action = action
        self.method = method
        self.inputs: list[dict[str, str]] = []  # attributes of <input>/<button>/<textarea>

    @property
    def has_password(self) -> bool:
        """Whether the form asks for a password (so it is the sign-in form)."""
        return any(field.get("type", "").lower() == "password" for field in self.inputs)


class _PageParser(HTMLParser):
    """Collect the forms, links and visible text of a provider page."""

    def __init__(self) -> None:
        """Start with no forms, links or text."""
        super().__init__(convert_charrefs=True)
        self.forms: list[_Form] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.text: list[str] = []
        self._form: _Form | None = None
        self._link: list[str] | None = None
        self._link_href = ""
        self._skip = 0  # inside <head>, <style> or <script>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Record forms, their fields and links."""
        attributes = {name.lower(): value or "" for name, value in attrs}
        if tag in ("head", "style", "script"):
            self._skip += 1
        elif tag == "form":
            self._form = _Form(attributes.get("action", ""), attributes.get("method", "get"))
            self.forms.append(self._form)
        elif tag in ("input", "button", "textarea", "select") and self._form is not None:
            if tag == "button":
                attributes.setdefault("type", "submit")
            attributes["tag"] = tag
            self._form.inputs.append(attributes)
        elif tag == "a" and "href" in attributes:
            self._link = []
            self._link_href = attributes["href"]

    def handle_endtag(self, tag: str) -> None:
        """Close forms and links."""
        if tag in ("head", "style", "script"):
            self._skip = max(0, self._skip - 1)
        elif tag == "form":
            self._form = None
        elif tag == "a" and self._link is not None:
            self.links.append((self._link_href, " ".join("".join(self._link).split())))
            self._link = None

    def handle_data(self, data: str) -> None:
        """Keep visible text (for error messages and link labels)."""
        if self._skip:
            return
        if self._link is not None:
            self._link.append(data)
        if data.strip():
            self.text.append(data.strip())


def _form_data(form: _Form, login: str) -> dict[str, str]:
    """Fill a form: hidden and preset values as given, the login name and any password."""
    data: dict[str, str] = {}
    submitted = False
    for field in form.inputs:
        name = field.get("name")
        kind = field.get("type", "text").lower()
        if not name:
            continue
        if kind in ("submit", "image"):
            if not submitted and field.get("name") != "abort":
                data[name] = field.get("value", "")
                submitted = True
        elif kind == "password":
            data[name] = ANY_PASSWORD
        elif kind in ("checkbox", "radio"):
            if "checked" in field:
                data[name] = field.get("value", "on")
        elif kind in ("text", "email") and form.has_password:
            data[name] = login
        else:
            data[name] = field.get("value", "")
    return data


def _is_client_redirect(url: str, redirect_uri: str | None, provider_origin: str) -> bool:
    """Whether ``url`` leaves the provider for the client's redirect URI."""
    if redirect_uri and url.split("?", 1)[0].split("#", 1)[0] == redirect_uri:
        return True
    return _origin(url) != provider_origin


def _origin(url: str) -> str:
    """Scheme and host:port of ``url``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def sign_in_at_provider(
    http: requests.Session, authorize_url: str, login: str = "alice", *, approve: bool = True
) -> str:
    """Play the person at the provider and return the redirect back to the client.

    Opens ``authorize_url``, fills in the provider's development sign-in form with ``login``
    (any password), then approves the consent screen, or with ``approve=False`` follows the
    pages' "[ Cancel ]" link (oidc-provider's abort endpoint), which sends the person back with
    ``error=access_denied``. Returns the final redirect URL that points at the client's
    ``redirect_uri`` (with ``code``, ``state`` and ``iss``, or with ``error``); that URL itself
    is never requested, since the client is usually a Flask test client, not a server.

    The forms are parsed from the HTML (action, hidden inputs), not hard-coded. ``http`` keeps
    the provider's cookies; use a fresh session per person: if it already holds a provider
    session, the sign-in form is skipped and ``login`` is ignored. ``http.trust_env`` is set to
    False (no proxies from the environment). Raises RuntimeError when the provider shows an
    error page (e.g. an unregistered ``redirect_uri``), when ``approve=False`` but no consent
    screen was shown, or after too many steps.
    """
    http.trust_env = False
    query = parse_qs(urlsplit(authorize_url).query)
    redirect_uri = query.get("redirect_uri", [None])[0]
    provider_origin = _origin(authorize_url)
    method, url, data = "GET", authorize_url, None
    saw_consent = False
    for _ in range(MAX_STEPS):
        response = http.request(
            method,
            url,
            params=data if method == "GET" else None,
            data=data if method != "GET" else None,
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT,
        )
        if response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if _is_client_redirect(target, redirect_uri, provider_origin):
                if not approve and not saw_consent and "code" in parse_qs(urlsplit(target).query):
                    raise RuntimeError(
                        "approve=False, but the provider showed no consent screen to cancel "
                        f"(it redirected straight to {target}); use a fresh session"
                    )
                return target
            if response.status_code not in (307, 308):
                method, data = "GET", None
            url = target
            continue
        page = _PageParser()
        page.feed(response.text)
        if response.status_code != 200 or not page.forms:
            raise RuntimeError(
                f"the provider answered {response.status_code} at {url}: {' '.join(page.text)}"
            )
        sign_in = next((form for form in page.forms if form.has_password), None)
        form = sign_in or page.forms[0]
        if sign_in is None:
            saw_consent = True
            if not approve:
                cancel = next(
                    (
                        href
                        for href, text in page.links
                        if "cancel" in text.lower()
                        or "abort" in text.lower()
                        or urlsplit(href).path.endswith("/abort")
                    ),
                    None,
                )
                if cancel is None:
                    raise RuntimeError(f"no cancel link on the consent page at {url}")
                method, url, data = "GET", urljoin(response.url, cancel), None
                continue
        method = form.method.upper() if form.method.upper() in ("GET", "POST") else "POST"
        url = urljoin(response.url, form.action or response.url)
        data = _form_data(form, login)
    raise RuntimeError(f"no redirect to the client after {MAX_STEPS} steps (last page: {url})")
