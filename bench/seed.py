"""Seed a fresh database for the benchmark, with the same corpus as the peers' kit.

Run from the project root with the project's venv, as ``python -m bench.seed [OUT_JSON]``,
with ``FORUM_CONFIG=production``, ``SECRET_KEY`` and ``DATABASE_URL`` set (SQLite file or
PostgreSQL). It starts from nothing every time: an SQLite file is deleted, a PostgreSQL
database is created if missing and emptied, then the migrations run. It makes the
workstream ``bench``, a facilitator and three published propositions:

- ``thread-1000``: 1000 comments, ``textgen.tree(1000, Random(1))`` (the peers' /t1)
- ``thread-10``: 10 comments, ``Random(2)`` (the peers' /t2)
- ``write-target``: 20 comments, ``Random(3)`` (the peers' /t3; the write test posts here)

Comments go through ``post_comment`` as guests, so paths, depths, counters and HTML
are what the forum itself makes. It prints (and writes to OUT_JSON) the ids::

    {"ws": "bench", "big": {"id": 1, "slug": "thread-1000"}, "small": {...},
     "write": {"id": 3, "slug": "write-target", "comment_ids": [1011, 1030]}}
"""

import importlib
import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from forum.admin.services import add_facilitator, create_workstream
from forum.auth.services import register_user
from forum.comments.services import CommentPolicy, Guest, post_comment
from forum.extensions import db
from forum.manage.services import create_proposition
from forum.models import Comment, Proposition, PropositionStatus, utcnow

ROOT = Path(__file__).resolve().parent.parent
WORKSTREAM = "bench"
# The same authors, in the same order, as the kit's seed_isso.py: rng.choice must match.
AUTHORS = [
    "alice",
    "bob",
    "carol",
    "dave",
    "erin",
    "frank",
    "grace",
    "heidi",
    "ivan",
    "judy",
    "mallory",
    "niaj",
    "olivia",
    "peggy",
    "rupert",
]
# (key, slug, title, comments, random seed): the peers' /t1, /t2 and /t3.
PROPOSITIONS = (
    ("big", "thread-1000", "A proposition with a thousand comments", 1000, 1),
    ("small", "thread-10", "A proposition with ten comments", 10, 2),
    ("write", "write-target", "A proposition the write test comments on", 20, 3),
)
# Everything is published as it comes: textgen bodies sometimes carry three links, and a
# held parent could not be answered. Nesting stops at the forum's default depth.
SEED_POLICY = CommentPolicy(max_links=1000, hold_first_guest=False, max_depth=5)
BATCH = 100
PROPOSITION_BODY = (
    "We propose to **measure** how the forum copes with a long discussion.\n\n"
    "- one thousand comments, nested as people really reply\n"
    "- ten comments, as most propositions have\n\n"
    "> The numbers are only worth what the method is worth."
)


def kit_dir() -> Path:
    """Return the peers' benchmark kit: $PEERS_KIT, else ../shared/bench/peers."""
    return Path(os.environ.get("PEERS_KIT") or ROOT.parent / "shared" / "bench" / "peers")


def load_textgen():
    """Import the kit's textgen module, which makes every app's corpus the same."""
    path = str(kit_dir())
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module("textgen")


def reset_database(app: Flask) -> None:
    """Start from an empty database at the newest migration."""
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            for suffix in ("", "-wal", "-shm"):
                Path(url.database + suffix).unlink(missing_ok=True)
    else:
        _create_postgres_database(url)
        with app.app_context():
            meta = sa.MetaData()
            meta.reflect(db.engine)
            meta.drop_all(db.engine)
    with app.app_context():
        upgrade()


def _create_postgres_database(url: sa.URL) -> None:
    """Create the PostgreSQL database named in the URL if it does not exist yet."""
    engine = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        found = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
        )
        if not found:
            connection.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    engine.dispose()


def seed_comments(proposition: Proposition, count: int, seed: int, textgen) -> list[int]:
    """Post the kit's comment tree on a proposition; return the new comments' ids in order.

    The random stream is consumed exactly as seed_isso.py does, so the bodies, authors
    and reply shape are those of the peers' threads.
    """
    rng = random.Random(seed)  # noqa: S311 (a reproducible corpus, not a secret)
    ids: list[int] = []
    for i, parent, _depth in textgen.tree(count, rng):
        body = textgen.body(rng)
        author = rng.choice(AUTHORS)
        comment = post_comment(
            proposition,
            body,
            SEED_POLICY,
            guest=Guest(name=author, email=f"{author}@example.org"),
            parent_id=ids[parent] if parent is not None else None,
        )
        ids.append(comment.id)
        if (i + 1) % BATCH == 0:
            db.session.commit()
    db.session.commit()
    return ids


def seed(app: Flask) -> dict:
    """Fill an empty, migrated database with the benchmark's summit; return its ids."""
    textgen = load_textgen()
    with app.app_context():
        facilitator = register_user("facilitator@bench.example.org", "Bea Bench", None)
        workstream = create_workstream(
            "Benchmark", WORKSTREAM, 1, "Propositions with long discussions, for measuring."
        )
        add_facilitator(workstream, facilitator)
        made = {}
        for key, slug, title, _count, _seed in PROPOSITIONS:
            proposition = create_proposition(
                workstream,
                facilitator,
                title,
                PROPOSITION_BODY,
                slug=slug,
                status=PropositionStatus.PUBLISHED,
                published_at=utcnow() - timedelta(days=1),
            )
            made[key] = proposition
        db.session.commit()
        summary: dict = {"ws": WORKSTREAM}
        for key, slug, _title, count, rng_seed in PROPOSITIONS:
            proposition_id = made[key].id
            ids = seed_comments(made[key], count, rng_seed, textgen)
            summary[key] = {"id": proposition_id, "slug": slug, "comment_ids": [ids[0], ids[-1]]}
        db.session.close()
        _checkpoint()
    return summary


def _checkpoint() -> None:
    """Fold SQLite's write-ahead log into the file, so a plain copy of it is complete."""
    if db.engine.dialect.name == "sqlite":
        # Outside any transaction: the forum begins scripts' transactions with the write
        # lock (forum/database.py), and a checkpoint needs none.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def main() -> None:
    """Reset and seed the database in $DATABASE_URL; print the ids as JSON."""
    from forum import create_app

    started = time.monotonic()
    app = create_app()
    reset_database(app)
    summary = seed(app)
    with app.app_context():
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Comment))
        db.engine.dispose()
    text = json.dumps(summary)
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(text + "\n")
    print(text)
    print(f"seeded {total} comments in {time.monotonic() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
