"""The benchmark's seed makes the peers' threads: same counts, same reply shape."""

import os
import random

import pytest
import sqlalchemy as sa

from bench import seed
from forum import create_app
from forum.extensions import db
from forum.models import Comment, CommentStatus, Proposition

KIT_MISSING = f"the peers' benchmark kit is not at {seed.kit_dir()} (set PEERS_KIT)"


@pytest.fixture(autouse=True, scope="module")
def _needs_the_kit():
    """Skip without the peers' kit, saying so; CI (FORUM_REQUIRE_BENCH_KIT=1) fails instead."""
    if (seed.kit_dir() / "textgen.py").is_file():
        return
    if os.environ.get("FORUM_REQUIRE_BENCH_KIT") == "1":
        pytest.fail(f"{KIT_MISSING} (FORUM_REQUIRE_BENCH_KIT=1 forbids skipping)")
    pytest.skip(KIT_MISSING)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """Seed one SQLite database for the whole module (it takes a few seconds)."""
    path = tmp_path_factory.mktemp("bench") / "bench.sqlite"
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with app.app_context():
        db.create_all()
    summary = seed.seed(app)
    yield app, summary
    with app.app_context():
        db.engine.dispose()


def _thread(app, proposition_id: int) -> list[Comment]:
    """Return a proposition's comments in the order they were posted."""
    with app.app_context():
        query = sa.select(Comment).where(Comment.proposition_id == proposition_id)
        comments = db.session.scalars(query.order_by(Comment.id)).all()
        db.session.expunge_all()
        return comments


def test_seed_reports_the_propositions_and_the_write_targets_ids(seeded):
    app, summary = seeded
    assert summary["ws"] == "bench"
    assert [summary[key]["slug"] for key in ("big", "small", "write")] == [
        "thread-1000",
        "thread-10",
        "write-target",
    ]
    written = _thread(app, summary["write"]["id"])
    assert summary["write"]["comment_ids"] == [written[0].id, written[-1].id]
    assert written[-1].id - written[0].id == 19


@pytest.mark.parametrize(("key", "count", "rng_seed"), [("big", 1000, 1), ("small", 10, 2)])
def test_threads_have_the_peers_shape(seeded, key, count, rng_seed):
    app, summary = seeded
    comments = _thread(app, summary[key]["id"])
    assert len(comments) == count
    assert {c.status for c in comments} == {CommentStatus.APPROVED}
    shape = seed.load_textgen().tree(count, random.Random(rng_seed))
    ids = [c.id for c in comments]
    for comment, (_, parent, depth) in zip(comments, shape, strict=True):
        assert comment.in_reply_to_id == (ids[parent] if parent is not None else None)
        # Replies nest to the forum's deepest level, then sit beside what they answer.
        assert comment.depth == min(depth + 1, seed.SEED_POLICY.max_depth)
    assert max(c.depth for c in comments) > 1
    with app.app_context():
        assert db.session.get(Proposition, summary[key]["id"]).comment_count == count


def test_bodies_and_authors_come_from_the_same_random_stream_as_isso(seeded):
    app, summary = seeded
    rng = random.Random(2)
    textgen = seed.load_textgen()
    shape = textgen.tree(10, rng)
    expected = [(textgen.body(rng).strip(), rng.choice(seed.AUTHORS)) for _ in shape]
    comments = _thread(app, summary["small"]["id"])
    assert [(c.body, c.author_name) for c in comments] == expected
    assert comments[0].author_email == f"{expected[0][1]}@example.org"
