"""The page cache in front of Flask: hits answered in WSGI, misses rendered and kept.

Hits are answered here, before Flask, since Flask's own request handling costs more
than sending a whole cached page.
"""

import contextlib
import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable

from flask import Flask, g, request, session
from flask_login import current_user
from itsdangerous import Serializer, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode
from sqlalchemy import event
from werkzeug.http import dump_cookie, parse_cookie

from forum.comments import guards
from forum.comments.session import GUEST_COOKIE
from forum.extensions import db
from forum.pagecache.stores import Entry, MemoryStore, NoStore, RedisStore
from forum.pagecache.versions import (
    PROPOSITION_VERSIONS,
    THREAD_VERSIONS,
    Candidate,
    now,
)

logger = logging.getLogger(__name__)

EXTENSION_KEY = "forum_pagecache"
ENVIRON_KEY = "forum.pagecache"
STORE_KEY = "forum.pagecache.store"
HEADER = "X-Forum-Cache"

PAGE_PATH = re.compile(r"/workstreams/([^/]{1,120})/([^/]{1,120})/")
THREAD_PATH = re.compile(r"/api/v1/propositions/([0-9]{1,10})/comments")
PAGE_QUERY = re.compile(r"(page=([0-9]{1,6}|all))?")

# What an anonymous reader's session may hold and still be served a cached page: the
# secret behind their CSRF token, the random key their posts are rate-limited by, and
# Flask-Login's "_fresh" mark (it marks every anonymous session that holds anything).
ANONYMOUS_SESSION_KEYS = frozenset({"csrf_token", guards.GUEST_KEY, "_fresh"})

# Marks standing in a stored page where each request's own values go.
SLOTS = {"csrf": b"\x00forum-csrf-token\x00", "shown_at": b"\x00forum-shown-at\x00"}
# Stands in the Set-Cookie template for the session's value.
COOKIE_VALUE = "sessionvalue0placeholder"
SHOWN_AT_INPUT = re.compile(rb'<input id="shown_at" name="shown_at" type="hidden" value="([^"]+)"')

# Headers each response makes for itself.
OWN_HEADERS = {"set-cookie", "content-length", "etag", "date", HEADER.lower()}


class PageCache:
    """WSGI middleware answering cached requests, and the Flask hook that fills it."""

    def __init__(self, app: Flask):
        """Wrap ``app``'s WSGI app, with the store its ``PAGE_CACHE`` setting names."""
        self.app = app
        self.next_app = app.wsgi_app
        config = app.config
        self.enabled = str(config.get("PAGE_CACHE", "memory")).lower() != "off"
        self.ttl = int(config.get("PAGE_CACHE_SECONDS", 60))
        self.store = self._make_store(str(config.get("PAGE_CACHE", "memory")))
        self.remember_cookie = config.get("REMEMBER_COOKIE_NAME", "remember_token")
        self.session_cookie = config.get("SESSION_COOKIE_NAME", "session")
        # Made once: what Flask-WTF signs CSRF secrets with, what Flask signs sessions
        # with, and what guards signs the form's time with (the same for a whole second).
        secret = config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        self.csrf_signing = _Signing(URLSafeTimedSerializer(secret, salt="wtf-csrf-token"))
        self.session_signing = _Signing(app.session_interface.get_signing_serializer(app))
        self.form_time_signer = TimestampSigner(app.secret_key, salt=guards.FORM_TIME_PURPOSE)
        self.form_time = (0, b"")
        interface = app.session_interface
        # The Set-Cookie header Flask sends for a session, with the value to fill in.
        self.cookie_template = dump_cookie(
            self.session_cookie,
            COOKIE_VALUE,
            domain=interface.get_cookie_domain(app),
            path=interface.get_cookie_path(app),
            secure=interface.get_cookie_secure(app),
            httponly=interface.get_cookie_httponly(app),
            samesite=interface.get_cookie_samesite(app),
            partitioned=interface.get_cookie_partitioned(app),
        )
        self.local = threading.local()
        self.opened = []
        self.lock = threading.Lock()
        self.placeholder = "?"
        # Statements run outside SQLAlchemy, counted for the benchmark's SQL per request.
        self.queries = 0

    def _make_store(self, setting: str):
        """Choose the store: nothing, this process's memory, or Redis."""
        max_bytes = int(self.app.config.get("PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024))
        if setting.lower() == "off":
            return NoStore()
        if setting.startswith(("redis://", "rediss://", "unix://")):
            return RedisStore(setting, self.ttl, min(max_bytes, 16 * 1024 * 1024))
        return MemoryStore(max_bytes)

    # --- WSGI side -------------------------------------------------------------------

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """Answer from the cache when the request allows it, else hand it to Flask."""
        candidate = None
        if environ.get("REQUEST_METHOD") == "GET":
            try:
                candidate, answer = self._lookup(environ, start_response)
            except Exception:
                logger.exception("Page cache: lookup failed; rendering instead")
                self._drop_connection()
                candidate, answer = None, None
            if answer is not None:
                return answer
        if candidate is None:
            return self.next_app(environ, start_response)
        environ[ENVIRON_KEY] = candidate
        return self._render_and_store(candidate, environ, start_response)

    def _render_and_store(self, candidate: Candidate, environ: dict, start_response: Callable):
        """Let Flask answer; keep its answer if its hook found it fit to share."""
        sent = {}

        def keep_headers(status, headers, exc_info=None):
            if STORE_KEY in environ and status.startswith("200"):
                sent["status"], sent["headers"] = status, list(headers)
                headers = [*headers, (HEADER, "miss")]
            return start_response(status, headers, exc_info)

        result = self.next_app(environ, keep_headers)
        if not sent:
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self.store.set(candidate.store_key, self._entry(candidate, sent, body, environ[STORE_KEY]))
        return [body]

    def _lookup(self, environ: dict, start_response: Callable):
        """Return (candidate for Flask to fill, or None; the cached answer, or None)."""
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        page = PAGE_PATH.fullmatch(path)
        if page is not None:
            if not self.enabled or not PAGE_QUERY.fullmatch(query):
                return None, None
            reader = self._anonymous_session(environ)
            if reader is None:
                return None, None
            row = self._versions(PROPOSITION_VERSIONS, page.group(1), page.group(2))
            kind = "page"
        else:
            thread = THREAD_PATH.fullmatch(path)
            if thread is None or query:
                return None, None
            reader = None
            row = self._versions(THREAD_VERSIONS, int(thread.group(1)))
            kind = "thread"
        at = now()
        candidate = Candidate.of_public(self._key(environ, kind), kind, row, at) if row else None
        if candidate is None:
            return None, None  # Flask answers: 404, or the proposition's new address.
        if kind == "thread" and _matches(environ.get("HTTP_IF_NONE_MATCH"), candidate.etag):
            start_response("304 Not Modified", [("ETag", f'"{candidate.etag}"')])
            return candidate, [b""]
        entry = self.store.get(candidate.store_key) if self.enabled else None
        if entry is None or not candidate.is_fresh(entry, at, self.ttl):
            return candidate, None
        return candidate, self._serve(entry, candidate, reader, start_response)

    def _key(self, environ: dict, kind: str) -> str:
        """Key an entry by everything its bytes depend on: host, prefix, path and query."""
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        return " ".join(
            (
                kind,
                environ.get("wsgi.url_scheme", "http"),
                host.lower(),
                environ.get("SCRIPT_NAME", ""),
                environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""),
            )
        )

    def _anonymous_session(self, environ: dict):
        """Return an anonymous reader's session (possibly new and empty), else None.

        None means the reader is signed in, remembered, has saved guest details, or
        their session holds anything personal: Flask renders their page.
        """
        cookie_header = environ.get("HTTP_COOKIE")
        if not cookie_header:
            return self.app.session_interface.session_class()
        cookies = parse_cookie(cookie_header)
        if self.remember_cookie in cookies or GUEST_COOKIE in cookies:
            return None
        if self.session_cookie not in cookies:
            return self.app.session_interface.session_class()
        reader = self.app.session_interface.open_session(
            self.app, self.app.request_class(environ, populate_request=False)
        )
        if reader is None or not set(reader).issubset(ANONYMOUS_SESSION_KEYS):
            return None
        return reader

    def _serve(self, entry: Entry, candidate: Candidate, reader, start_response):
        """Send a stored entry, with this reader's own CSRF token and form time."""
        headers = list(entry.headers)
        if candidate.kind == "thread":
            headers.append(("ETag", f'"{candidate.etag}"'))
        values = {}
        if entry.slots:
            if "csrf_token" not in reader:
                # A new secret in the session, as Flask-WTF's generate_csrf makes it.
                reader["csrf_token"] = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324
                headers.append(("Set-Cookie", self._session_cookie(reader)))
            values["csrf"] = self.csrf_signing.dumps(reader["csrf_token"])
            values["shown_at"] = self._form_time()
        parts = [entry.chunks[0]]
        for slot, chunk in zip(entry.slots, entry.chunks[1:], strict=True):
            parts.append(values[slot])
            parts.append(chunk)
        # Sent piece by piece: joining would copy the whole page (1.8 MB for 1,000 comments).
        headers.append(("Content-Length", str(sum(map(len, parts)))))
        headers.append((HEADER, "hit"))
        start_response(entry.status, headers)
        return parts

    def _session_cookie(self, reader) -> str:
        """Return the Set-Cookie value Flask would send for this (not permanent) session.

        A signed session is URL-safe base64 and dots, which cookies take unquoted.
        """
        value = self.session_signing.dumps(dict(reader)).decode()
        return self.cookie_template.replace(COOKIE_VALUE, value, 1)

    def _form_time(self) -> bytes:
        """Return the signed time the form is shown, as guards.form_token makes it."""
        second = int(time.time())
        if self.form_time[0] != second:
            self.form_time = (second, self.form_time_signer.sign(guards.FORM_TIME_VALUE))
        return self.form_time[1]

    def _versions(self, statement: str, *params) -> tuple | None:
        """Read a proposition's id, its version and the site's version, or None."""
        connection = self._connection()
        cursor = connection.cursor()
        try:
            cursor.execute(statement.format(self.placeholder), params)
            self.queries += 1
            return cursor.fetchone()
        finally:
            cursor.close()

    def _connection(self):
        """Return this process's own database connection, reading in autocommit mode.

        Outside SQLAlchemy's pool, so no transaction is ever left open on it: each
        read sees what is committed at that moment. One per thread and process.
        """
        held = getattr(self.local, "held", None)
        if held is not None and held[0] == os.getpid():
            return held[1]
        with self.app.app_context():
            engine = db.engine
        fairy = engine.raw_connection()
        fairy.detach()
        connection = fairy.dbapi_connection
        if engine.dialect.name == "sqlite":
            connection.isolation_level = None
        else:
            connection.autocommit = True
        self.placeholder = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        self.local.held = (os.getpid(), connection)
        with self.lock:
            if not self.opened:
                event.listen(engine, "engine_disposed", self._close_all)
            self.opened.append(connection)
        return connection

    def _close_all(self, engine=None) -> None:
        """Close every connection the cache opened, as the app's engine is disposed of."""
        with self.lock:
            opened, self.opened = self.opened, []
        for connection in opened:
            with contextlib.suppress(Exception):  # Closing a broken one is not an error.
                connection.close()
        self.local = threading.local()

    def _drop_connection(self) -> None:
        """Forget a connection that failed; the next request opens another."""
        held, self.local.held = getattr(self.local, "held", None), None
        if held is not None:
            with contextlib.suppress(Exception):  # It is broken already.
                held[1].close()

    # --- Flask side ------------------------------------------------------------------

    def after_request(self, response):
        """Tag the JSON thread with its ETag; mark an anonymous reader's page as fit to keep."""
        candidate = request.environ.get(ENVIRON_KEY)
        if candidate is None or response.status_code != 200 or response.is_streamed:
            return response
        if candidate.kind == "thread":
            response.set_etag(candidate.etag)
            response.make_conditional(request)
            if response.status_code != 200:
                return response
        elif current_user.is_authenticated or not set(session).issubset(ANONYMOUS_SESSION_KEYS):
            return response
        if self.enabled:
            # The middleware stores the answer as sent, with this CSRF token marked out.
            request.environ[STORE_KEY] = g.get("csrf_token") or ""
        return response

    def _entry(self, candidate: Candidate, sent: dict, body: bytes, csrf_token: str) -> Entry:
        """Make the entry to store: the body with marks where per-request values go."""
        if candidate.kind == "page":
            body = _mark_slots(body, csrf_token)
        chunks, slots = _cut_at_slots(body)
        headers = tuple(
            (name, value) for name, value in sent["headers"] if name.lower() not in OWN_HEADERS
        )
        return Entry(
            versions=candidate.versions,
            stored_at=now(),
            status=sent["status"],
            headers=headers,
            chunks=chunks,
            slots=slots,
        )


class _Signing:
    """An itsdangerous serializer's output, made with one signer (it makes one per call)."""

    def __init__(self, serializer: URLSafeTimedSerializer):
        """Keep the serializer and make its signer once."""
        self.serializer = serializer
        self.signer = serializer.make_signer()

    def dumps(self, value) -> bytes:
        """Return what ``serializer.dumps(value)`` returns, as bytes, never compressed.

        The serializer would try zlib on every value; ours are too short to shrink, and
        its ``loads`` reads both forms.
        """
        return self.signer.sign(base64_encode(Serializer.dump_payload(self.serializer, value)))


def _matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names this entity tag (or ``*``)."""
    if not if_none_match:
        return False
    tags = {part.strip().removeprefix("W/").strip('"') for part in if_none_match.split(",")}
    return etag in tags or "*" in tags


def _mark_slots(body: bytes, csrf_token: str | None) -> bytes:
    """Put marks where this response's CSRF token and form time are."""
    if csrf_token:
        body = body.replace(csrf_token.encode(), SLOTS["csrf"])
    shown_at = SHOWN_AT_INPUT.search(body)
    if shown_at is not None:
        body = body.replace(shown_at.group(1), SLOTS["shown_at"])
    return body


def _cut_at_slots(body: bytes) -> tuple[tuple[bytes, ...], tuple[str, ...]]:
    """Cut a marked body into chunks, and name the slot between each two."""
    pattern = re.compile(b"|".join(re.escape(mark) for mark in SLOTS.values()))
    names = {mark: name for name, mark in SLOTS.items()}
    chunks, slots, start = [], [], 0
    for found in pattern.finditer(body):
        chunks.append(body[start : found.start()])
        slots.append(names[found.group()])
        start = found.end()
    chunks.append(body[start:])
    return tuple(chunks), tuple(slots)
