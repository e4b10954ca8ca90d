"""The ``flask forum`` commands: demo data, the first admin, re-rendering."""

import re

import sqlalchemy as sa

from forum.extensions import db
from forum.models import Comment, CommentStatus, Proposition, Role, User, Workstream
from tests.conftest import person_in_header, sign_in

ADMIN_PASSWORD = "a long admin passphrase"


def _counts() -> dict[str, int]:
    """Return how many rows each kind of thing has (call inside an app context)."""
    return {
        model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Workstream, Proposition, Comment, User)
    }


def _load_demo(runner):
    """Run ``flask forum demo`` and check it worked."""
    result = runner.invoke(args=["forum", "demo"])
    assert result.exit_code == 0, result.output
    return result


# flask forum demo


def test_demo_loads_a_lively_summit(app, runner):
    result = _load_demo(runner)
    assert "Loaded the demo summit" in result.output
    with app.app_context():
        counts = _counts()
        assert counts["workstreams"] >= 4
        assert counts["propositions"] >= 10
        assert counts["comments"] >= 140
        pending = db.session.scalar(
            sa.select(sa.func.count(Comment.id)).where(Comment.status == CommentStatus.PENDING)
        )
        assert pending > 0
        assert db.session.scalar(sa.select(sa.func.max(Comment.depth))) >= 4
        assert f"{counts['comments']} comments ({pending} awaiting moderation)" in result.output


def test_demo_keeps_the_comment_totals_right(app, runner):
    _load_demo(runner)
    with app.app_context():
        approved = dict(
            db.session.execute(
                sa.select(Comment.proposition_id, sa.func.count(Comment.id))
                .where(Comment.status == CommentStatus.APPROVED)
                .group_by(Comment.proposition_id)
            ).all()
        )
        propositions = db.session.scalars(sa.select(Proposition)).all()
        for proposition in propositions:
            assert proposition.comment_count == approved.get(proposition.id, 0), proposition.slug
        for workstream in db.session.scalars(sa.select(Workstream)):
            expected = sum(
                p.comment_count for p in propositions if p.workstream_id == workstream.id
            )
            assert workstream.comment_count == expected, workstream.slug
        assert sum(w.comment_count for w in db.session.scalars(sa.select(Workstream))) == sum(
            approved.values()
        )


def test_demo_a_second_time_refuses_or_with_if_empty_does_nothing(app, runner):
    _load_demo(runner)
    with app.app_context():
        before = _counts()
    result = runner.invoke(args=["forum", "demo"])
    assert result.exit_code != 0
    assert "The database already has a summit. Use an empty one." in result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert _counts() == before
    result = runner.invoke(args=["forum", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "demo data not loaded" in result.output
    with app.app_context():
        assert _counts() == before


def test_demo_if_empty_loads_an_empty_database(app, runner):
    result = runner.invoke(args=["forum", "demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _counts()["workstreams"] >= 4


def test_demo_accounts_can_sign_in(app, runner, client):
    result = _load_demo(runner)
    password = re.search(r"password is '([^']+)'", result.output).group(1)
    with app.app_context():
        admin = db.session.scalars(sa.select(User).where(User.role == Role.ADMIN)).first()
        email, name = admin.email, admin.display_name
    sign_in(client, email, password)
    assert person_in_header(client.get("/").get_data(as_text=True)) == name


# flask forum create-admin


def _create_admin(runner, email="Chief@Example.org", name="Chris Chief", password=ADMIN_PASSWORD):
    """Run ``flask forum create-admin`` with every option given."""
    return runner.invoke(
        args=["forum", "create-admin", "--email", email, "--name", name, "--password", password]
    )


def test_create_admin_makes_an_admin_who_can_sign_in(app, runner, client):
    result = _create_admin(runner)
    assert result.exit_code == 0, result.output
    assert "Created admin Chris Chief <chief@example.org>." in result.output
    with app.app_context():
        [user] = db.session.scalars(sa.select(User)).all()
        assert (user.email, user.display_name, user.role) == (
            "chief@example.org",
            "Chris Chief",
            Role.ADMIN,
        )
        assert ADMIN_PASSWORD not in user.password_hash
    sign_in(client, "chief@example.org", ADMIN_PASSWORD)
    page = client.get("/").get_data(as_text=True)
    assert person_in_header(page) == "Chris Chief"


def test_create_admin_refuses_an_email_in_use(app, runner):
    assert _create_admin(runner).exit_code == 0
    result = _create_admin(runner, email="CHIEF@example.ORG", name="Another Chief")
    assert result.exit_code != 0
    assert "An account already uses this email address" in result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert [u.display_name for u in db.session.scalars(sa.select(User))] == ["Chris Chief"]


def test_create_admin_refuses_a_blank_name(app, runner):
    result = _create_admin(runner, name="   ")
    assert result.exit_code != 0
    assert "Enter your name." in result.output
    with app.app_context():
        assert _counts()["users"] == 0


def test_create_admin_refuses_a_short_or_empty_password(app, runner):
    for password in ("", "short"):
        result = _create_admin(runner, password=password)
        assert result.exit_code != 0
        assert "at least 8 characters" in result.output
    with app.app_context():
        assert _counts()["users"] == 0


# flask forum rerender


def _stored_html() -> dict[str, dict[int, str]]:
    """Return every stored rendering, by kind and id (call inside an app context)."""
    return {
        "workstreams": dict(
            db.session.execute(sa.select(Workstream.id, Workstream.description_html)).all()
        ),
        "propositions": dict(
            db.session.execute(sa.select(Proposition.id, Proposition.body_html)).all()
        ),
        "summaries": dict(db.session.execute(sa.select(Proposition.id, Proposition.summary)).all()),
        "comments": dict(db.session.execute(sa.select(Comment.id, Comment.body_html)).all()),
    }


def test_rerender_with_an_unchanged_policy_changes_nothing(app, runner):
    _load_demo(runner)
    with app.app_context():
        before = _stored_html()
    result = runner.invoke(args=["forum", "rerender"])
    assert result.exit_code == 0, result.output
    assert f"and {len(before['comments'])} comments" in result.output
    with app.app_context():
        assert _stored_html() == before


def test_rerender_replaces_stale_html(app, runner):
    _load_demo(runner)
    with app.app_context():
        before = _stored_html()
        comment_id = min(before["comments"])
        proposition_id = min(before["propositions"])
        workstream_id = min(before["workstreams"])
        db.session.execute(
            sa.update(Comment).where(Comment.id == comment_id).values(body_html="<p>stale</p>")
        )
        db.session.execute(
            sa.update(Proposition)
            .where(Proposition.id == proposition_id)
            .values(body_html="<p>stale</p>", summary="stale")
        )
        db.session.execute(
            sa.update(Workstream)
            .where(Workstream.id == workstream_id)
            .values(description_html="<p>stale</p>")
        )
        db.session.commit()
    result = runner.invoke(args=["forum", "rerender"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _stored_html() == before
