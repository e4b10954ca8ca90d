"""Count the SQL statements our app runs per request, in-process, as the kit does for peers.

Run from the project root with the project's venv and the server's environment
(``FORUM_CONFIG``, ``SECRET_KEY``, ``DATABASE_URL``, ``FORUM_PAGE_CACHE``...)::

    python -m bench.count_queries GROUP NAME PATH [GROUP NAME PATH ...]

A GET path is requested twice and the second (warm) request is counted; with the page
cache on, that is the one the cache answers. ``POST:<proposition path>`` opens the
proposition page as a guest, waits out COMMENTS_MIN_SECONDS, posts two comments with
the form's fields (a reply, then a new comment) and counts the second. Statements are
counted with SQLAlchemy's ``before_cursor_execute`` event, plus the page cache's own
version reads, which run outside SQLAlchemy (forum/pagecache/middleware.py). Prints
``GROUP<TAB>NAME<TAB>statements`` per path on stdout, details on stderr (with
``SHOW_SQL=1``, every statement of the counted requests too). A POST adds rows: point
it at a scratch copy, or note the largest id before measuring.
"""

import os
import sys
import time

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from bench.form_fields import form_values
from forum import create_app, pagecache
from forum.extensions import db

BASE_URL = "http://127.0.0.1"


class Counter:
    """Count the statements sent to the database, through SQLAlchemy or by the page cache."""

    def __init__(self, app: Flask, show: bool = False):
        self.sqlalchemy = 0
        self.cache = app.extensions[pagecache.EXTENSION_KEY]
        self.cache_base = self.cache.queries
        self.show = show

    @property
    def count(self) -> int:
        """Statements since the last reset."""
        return self.sqlalchemy + self.cache.queries - self.cache_base

    @count.setter
    def count(self, value: int) -> None:
        """Start counting again from ``value`` (0)."""
        self.sqlalchemy = value
        self.cache_base = self.cache.queries

    def __call__(self, connection, cursor, statement, *args, **kwargs):
        """Count one statement (the before_cursor_execute listener)."""
        self.sqlalchemy += 1
        if self.show:
            print(f"  {self.count:>3} {' '.join(statement.split())[:160]}", file=sys.stderr)


def count_get(client: FlaskClient, counter: Counter, path: str) -> tuple[int, list[int]]:
    """Request a path twice; return the status and the statements of each request."""
    counts = []
    for _ in range(2):
        counter.count = 0
        response = client.get(path, base_url=BASE_URL)
        counts.append(counter.count)
    return response.status_code, counts


def count_post(
    app: Flask, client: FlaskClient, counter: Counter, page: str
) -> tuple[int, list[int]]:
    """Post two guest comments through the page's form; return the status and counts."""
    fields = form_values(client.get(page, base_url=BASE_URL).get_data(as_text=True))
    time.sleep(app.config["COMMENTS_MIN_SECONDS"] + 0.5)
    counts = []
    for n, parent in ((1, fields.get("parent_id") or ""), (2, "")):
        data = {
            "csrf_token": fields["csrf_token"],
            "shown_at": fields["shown_at"],
            "reference": "",
            "name": f"probe{n}",
            "email": f"probe{n}@example.org",
            "website": "",
            "body": f"A query count probe, number {n}, with **some** text to render.",
            "parent_id": parent,
        }
        counter.count = 0
        response = client.post(page.rstrip("/") + "/comments", data=data, base_url=BASE_URL)
        counts.append(counter.count)
    return response.status_code, counts


def main(argv: list[str]) -> None:
    """Count statements for each GROUP NAME PATH triple and print the TSV rows."""
    if not argv or len(argv) % 3:
        raise SystemExit(__doc__)
    app = create_app()
    counter = Counter(app, show=os.environ.get("SHOW_SQL") == "1")
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", counter)
    client = app.test_client()
    for i in range(0, len(argv), 3):
        group, name, path = argv[i : i + 3]
        if path.startswith("POST:"):
            status, counts = count_post(app, client, counter, path[5:])
        else:
            status, counts = count_get(client, counter, path)
        print(f"{group}\t{name}\t{counts[-1]}")
        print(f"{group} {name} {path}: HTTP {status}, statements {counts}", file=sys.stderr)
    with app.app_context():
        db.engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
