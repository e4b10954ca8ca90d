"""A cache of the pages anonymous readers see, and of the public JSON thread.

During a live session hundreds of people open the same proposition at once. Most are
anonymous readers, and they all see the same page, so the page is rendered once and
its bytes are served again until something on it changes.

What is cached (``CACHEABLE``): a proposition's page (``/workstreams/<ws>/<slug>/``,
optionally ``?page=N`` or ``?page=all``), for anonymous readers only; and the public
thread (``/api/v1/propositions/<id>/comments``), which is the same for everyone.

When a cached copy is right: each entry carries the versions it was rendered at, the
proposition's ``cache_version`` and the site's ``SiteSettings.version``. Both live in
the database and are bumped in SQL, in the same transaction as the change, by the
session listeners in forum/pagecache/versions.py: any new, changed or deleted comment or
proposition bumps its proposition; anything else a page shows (settings, workstreams,
tags, people's public names, facilitators) bumps the site. Every request reads the
current versions (one small query by primary or unique key) before anything else, so
a change shows at once, on every worker and every app host. Versions are read before
a page is rendered, so a copy can only be newer than its versions say, never older.
Entries also expire after ``PAGE_CACHE_SECONDS``, for what changes with time alone
(comments closing by themselves after so many days).

Who gets a cached page: only a reader who is not signed in and whose browser holds
nothing personal: no remember-me cookie, no saved guest details, and a session with
no key but the CSRF secret and the rate-limit key (``ANONYMOUS_SESSION_KEYS``). A
guest who has posted keeps their comments' ids in the session, so they see their own
held comments and edit links, freshly rendered. Everyone else is served by Flask.

What a cached page holds: no CSRF token and no personal data. The stored copy has
marks where the comment form's CSRF token and signed "form shown at" time go, and
each request fills in its own: the token from the reader's session (or a new session,
exactly as Flask-WTF makes one), so the form works without JavaScript.

Where: ``PAGE_CACHE`` is ``memory`` (default: an LRU of ``PAGE_CACHE_MAX_BYTES`` in
each worker), ``off``, or a ``redis://`` URL (shared by every app host, with a small
in-process copy in front). The JSON thread carries an ``ETag`` and answers
``If-None-Match`` with 304 whatever the setting.

Hits are answered here, in WSGI middleware in front of Flask, since Flask's own
request handling costs more than sending a whole cached page.
"""

from flask import Flask

from forum.pagecache import versions  # noqa: F401 (registers the listeners that bump versions)
from forum.pagecache.middleware import EXTENSION_KEY, HEADER, PageCache

__all__ = ["EXTENSION_KEY", "HEADER", "PageCache", "init_app"]


def init_app(app: Flask) -> None:
    """Put the cache in front of the app and let Flask fill it."""
    cache = PageCache(app)
    app.extensions[EXTENSION_KEY] = cache
    app.wsgi_app = cache
    app.after_request(cache.after_request)
