"""Read what a browser would send back from a proposition page: its fields and cookie.

Stdlib only. ``python -m bench.form_fields URL`` prints ``CSRF SHOWN_AT COOKIE`` for
the wrk script bench/ours_post.lua: the comment form's hidden ``csrf_token`` and
``shown_at``, and the session cookie the page set. The production config marks the
cookie Secure, so a cookie jar would not send it back over http; wrk sends it as a
plain header instead.
"""

import shlex
import sys
import urllib.request
from html.parser import HTMLParser

WANTED = ("csrf_token", "shown_at")


class _Inputs(HTMLParser):
    """Collect the first value of each named input."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        """Keep an input's value under its name, the first time the name appears."""
        if tag != "input":
            return
        found = dict(attrs)
        name = found.get("name")
        if name and name not in self.values:
            self.values[name] = found.get("value") or ""


def form_values(html: str) -> dict[str, str]:
    """Return the page's input values by name (the first of each name)."""
    parser = _Inputs()
    parser.feed(html)
    return parser.values


def session_cookie(set_cookies: list[str], name: str = "session") -> str:
    """Return ``name=value`` of the session cookie from Set-Cookie headers ("" if none)."""
    for header in set_cookies:
        pair = header.split(";", 1)[0].strip()
        if pair.startswith(name + "="):
            return pair
    return ""


def fetch(url: str) -> tuple[str, str, str]:
    """GET a proposition page; return its csrf_token, shown_at and session cookie."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http URL: {url}")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (checked above)
        html = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    values = form_values(html)
    missing = [name for name in WANTED if not values.get(name)]
    cookie = session_cookie(cookies)
    if missing or not cookie:
        raise SystemExit(f"{url}: no {', '.join(missing) or 'session cookie'} in the page")
    return values["csrf_token"], values["shown_at"], cookie


def main() -> None:
    """Print the wrk script's arguments for the page at the URL, shell-quoted."""
    print(" ".join(shlex.quote(part) for part in fetch(sys.argv[1])))


if __name__ == "__main__":
    main()
